"""Small numbers in published reports: "one boy, aged 15, physical harm" can identify a child.

With a threshold N, counts below N become "fewer than N". Where counts add up to a
total that is shown, one hidden count could be worked out from the others, so the
next smallest count is hidden too ("withheld"): no hidden value can be recomputed.
"""

from __future__ import annotations

from collections.abc import Mapping


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
