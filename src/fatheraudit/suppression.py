"""Small numbers in published reports: "one boy, aged 15, physical harm" can identify a child.

With a threshold N, counts below N become "fewer than N". Where counts add up to a
total that is shown, one hidden count could be worked out from the others, so the
next smallest count is hidden too ("withheld"): no hidden value can be recomputed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def hide_small(counts: Mapping[str, int], below: int | None, adds_up: bool) -> dict[str, str]:
    """Each count as text: the number, "fewer than N", or "withheld".

    `adds_up` says the counts sum to a total shown elsewhere (one category per case), so
    a single hidden count is protected by hiding the next smallest one as well.
    """
    shown = {key: str(value) for key, value in counts.items()}
    if below is None:
        return shown
    hidden = [key for key, value in counts.items() if 0 < value < below]
    for key in hidden:
        shown[key] = f"fewer than {below}"
    visible = [key for key, value in counts.items() if value >= below]
    if adds_up and len(hidden) == 1 and visible:
        smallest = min(visible, key=lambda key: counts[key])
        shown[smallest] = "withheld"
    return shown


def hide_share(numerator: int, denominator: int, below: int) -> str | None:
    """A count of a shown total as text when it or its complement is under `below`
    ('fewer than 5'; 'more than 5' of 10 when 4 are left), else None (shown as it is)."""
    if denominator < below and numerator not in (0, denominator):
        return "withheld"  # every part of a small total is small
    if 0 < numerator < below:
        return f"fewer than {below}"
    if 0 < denominator - numerator < below:
        return f"more than {max(denominator - below, 0)}"
    return None


# Counts written as plain numbers, not as a share of a total.
SMALL_PLAIN_COUNTS = frozenset({"children_under_one_reached", "engagement_not_recorded"})


def published(data: Any, below: int, reviewed: frozenset[str]) -> Any:
    """Report data fit to publish: every count of a total that is, or leaves, fewer than
    `below` hidden (with its percentage), bands as in `hide_small`, no per-question
    figures, no case ids beside counts, and only the evidence excerpts the chair has
    reviewed (`reviewed`, as 'C08 A1')."""
    if isinstance(data, list):
        return [published(item, below, reviewed) for item in data]
    if not isinstance(data, dict):
        return data
    if isinstance(data.get("numerator"), int) and isinstance(data.get("denominator"), int):
        hidden = hide_share(data["numerator"], data["denominator"], below)
        if hidden is not None:
            return {**data, "numerator": hidden, "percent": None, "hidden": True}
    shown: dict[str, Any] = {}
    if isinstance(data.get("engaged"), dict) and "not_followed_up" in data:
        return engaged_rows_withheld(data, below, reviewed)
    for key, value in data.items():
        if key in ("case_ids", "escalations") and isinstance(value, list):
            shown[key] = []
        elif key == "questions" and isinstance(value, list):
            shown[key] = []  # per-question counts are mostly of a few cases
        elif key in SMALL_PLAIN_COUNTS and isinstance(value, int) and 0 < value < below:
            shown[key] = f"fewer than {below}"
        elif key == "bands" and isinstance(value, dict):
            shown[key] = hide_small(value, below, adds_up=True)
        elif key == "excerpts" and isinstance(value, list):
            shown[key] = [e for e in value if excerpt_ref(e) in reviewed]
        else:
            shown[key] = published(value, below, reviewed)
    return shown


ENGAGED_ROWS = ("reduced", "closed", "unchanged", "increased", "not_followed_up")
WITHHELD = {"numerator": "withheld", "denominator": "withheld", "percent": None, "hidden": True}


def engaged_rows_withheld(outcomes: dict[str, Any], below: int, reviewed: frozenset[str]) -> Any:
    """Outcome figures to publish; when how many fathers engaged is hidden, the rows
    counted over the engaged are withheld too, since their base would give it away."""
    shown = published({k: v for k, v in outcomes.items() if k != "engaged"}, below, reviewed)
    engaged = published(outcomes["engaged"], below, reviewed)
    if engaged.get("hidden"):
        shown.update(dict.fromkeys(ENGAGED_ROWS, WITHHELD))
    return {**shown, "engaged": engaged}


def excerpt_ref(excerpt: Mapping[str, Any]) -> str:
    """How the chair names an excerpt: 'C08 A1'."""
    return f"{excerpt.get('case_id')} {excerpt.get('question_id')}"
