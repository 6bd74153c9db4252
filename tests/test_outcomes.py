"""Outcome figures computed as an evaluation would, checked against hand counts."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REPO, base_form_text
from fatheraudit.cohort import OutcomeFigures
from fatheraudit.core import check_paths, score_paths
from fatheraudit.tools import Registry

REAUDIT = REPO / "examples" / "reaudit-2024" / "cases"


def with_outcomes(case_id: str, block: str) -> str:
    text = base_form_text().replace("case_id: C01", f"case_id: {case_id}", 1)
    return text.rstrip("\n") + "\noutcomes:\n" + block


CASES = {
    # reduced, closed
    "K1": "  father_engaged: yes\n  concern_at_start: child-protection\n  closed: yes\n"
    "  follow_up_months: 6\n  children_under_one: 1\n",
    # reduced, not closed
    "K2": "  father_engaged: yes\n  concern_at_start: child-protection\n"
    "  concern_at_follow_up: child-in-need\n  follow_up_months: 6\n  children_under_one: 2\n",
    # unchanged, re-referred
    "K3": "  father_engaged: no\n  concern_at_start: child-in-need\n"
    "  concern_at_follow_up: child-in-need\n  re_referred: yes\n  children_under_one: 1\n",
    # increased, escalated
    "K4": "  father_engaged: yes\n  concern_at_start: child-in-need\n"
    "  concern_at_follow_up: child-protection\n  escalated: yes\n  follow_up_months: 3\n",
    # missing follow-up; engagement not recorded
    "K5": "  concern_at_start: early-help\n",
}


@pytest.fixture
def figures(tmp_path: Path, registry: Registry) -> OutcomeFigures:
    for case_id, block in CASES.items():
        (tmp_path / f"{case_id}.yaml").write_text(with_outcomes(case_id, block))
    result = score_paths([tmp_path], registry)
    assert result.check.ok, [str(p) for p in result.check.problems]
    assert result.cohort is not None and result.cohort.outcomes is not None
    return result.cohort.outcomes


def pair(count: object) -> tuple[int, int]:
    return (count.numerator, count.denominator)  # type: ignore[attr-defined]


def test_outcomes_match_hand_counts(figures: OutcomeFigures) -> None:
    assert figures.recorded == 5
    assert pair(figures.engaged) == (3, 4) and figures.engagement_not_recorded == 1
    assert pair(figures.reduced) == (2, 5)
    assert pair(figures.closed) == (1, 5)
    assert pair(figures.unchanged) == (1, 5)
    assert pair(figures.increased) == (1, 5)
    assert pair(figures.not_compared) == (1, 5)
    assert pair(figures.re_referred) == (1, 5) and pair(figures.escalated) == (1, 5)
    assert figures.children_under_one_reached == 3  # K1 and K2; K3's father did not engage
    assert figures.follow_up_months == [3, 6, 6]


def test_shares_add_up_with_the_residual_shown(figures: OutcomeFigures) -> None:
    parts = [figures.reduced, figures.unchanged, figures.increased, figures.not_compared]
    assert sum(p.numerator for p in parts) == figures.recorded
    assert figures.closed.numerator <= figures.reduced.numerator


def test_closed_case_must_be_universal(tmp_path: Path, registry: Registry) -> None:
    block = (
        "  concern_at_start: child-protection\n"
        "  concern_at_follow_up: child-in-need\n"
        "  closed: yes\n"
    )
    (tmp_path / "K9.yaml").write_text(with_outcomes("K9", block))
    result = check_paths([tmp_path], registry)
    assert any("closed by the follow-up is at 'universal'" in p.message for p in result.problems)


def test_example_reaudit_outcomes(registry: Registry) -> None:
    # Counted by hand from the ten forms when they were written.
    result = score_paths([REAUDIT], registry)
    assert result.cohort is not None and result.cohort.outcomes is not None
    found = result.cohort.outcomes
    assert pair(found.engaged) == (8, 10)
    assert pair(found.reduced) == (5, 10) and pair(found.closed) == (2, 10)
    assert pair(found.unchanged) == (2, 10) and pair(found.increased) == (1, 10)
    assert pair(found.not_compared) == (2, 10)
    assert pair(found.re_referred) == (1, 10) and pair(found.escalated) == (1, 10)
    assert found.children_under_one_reached == 2
