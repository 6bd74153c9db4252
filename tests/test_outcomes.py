"""Outcome figures computed as an evaluation would, checked against hand counts."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import REPO, base_form_text
from fatheraudit.cli import app
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
    assert figures.recorded == 5 and figures.followed_up == 4  # K5 has no follow-up
    assert pair(figures.engaged) == (3, 4) and figures.engagement_not_recorded == 1
    # Change in concern is counted over the three engaged cases: K1, K2 and K4.
    assert pair(figures.reduced) == (2, 3) and pair(figures.closed) == (1, 3)
    assert pair(figures.unchanged) == (0, 3) and pair(figures.increased) == (1, 3)
    assert pair(figures.not_followed_up) == (0, 3)
    assert pair(figures.re_referred) == (1, 5) and pair(figures.escalated) == (1, 5)
    assert figures.children_under_one_reached == 3  # K1 and K2; K3's father did not engage
    assert figures.follow_up_months == [3, 6, 6]


def test_the_engaged_rows_add_up_to_the_engaged(figures: OutcomeFigures) -> None:
    parts = [figures.reduced, figures.unchanged, figures.increased, figures.not_followed_up]
    assert sum(p.numerator for p in parts) == figures.engaged.numerator
    assert {p.denominator for p in parts} == {figures.engaged.numerator}
    assert figures.closed.numerator <= figures.reduced.numerator


def test_the_summary_gives_every_outcome_figure_the_report_gives(
    runner: CliRunner, audit_copy: Path
) -> None:
    cases = audit_copy / "cases"
    shutil.rmtree(cases)
    cases.mkdir()
    for case_id, block in CASES.items():
        (cases / f"{case_id}.yaml").write_text(with_outcomes(case_id, block))
    report = runner.invoke(app, ["report", str(audit_copy), "-o", "-"]).stdout
    summary = " ".join(runner.invoke(app, ["summary", str(audit_copy), "-o", "-"]).stdout.split())
    section = report[report.index("Outcomes for the children") :]
    figures = re.findall(r"\| (\d+ of the \d+ \w+ \(\d+%\)) \|", section)
    assert len(figures) == 8
    for figure in figures:
        number, share = re.match(r"(\d+) of the \d+ \w+ (\(\d+%\))", figure).groups()  # type: ignore[union-attr]
        assert f"{number} {share}" in summary or figure in summary, figure
    assert "engagement not recorded for 1" in summary and "(1 not recorded)" in report
    assert "Children under one reached through engaged fathers: 3" in summary


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
    # Counted by hand from the ten forms: eight fathers engaged (all but C12 and C13);
    # of those, C01, C02, C07, C08 and C11 reduced (C01 and C08 closed), C03 and C05
    # unchanged, C14 not yet followed up.
    result = score_paths([REAUDIT], registry)
    assert result.cohort is not None and result.cohort.outcomes is not None
    found = result.cohort.outcomes
    assert pair(found.engaged) == (8, 10) and found.followed_up == 8
    assert pair(found.reduced) == (5, 8) and pair(found.closed) == (2, 8)
    assert pair(found.unchanged) == (2, 8) and pair(found.increased) == (0, 8)
    assert pair(found.not_followed_up) == (1, 8)
    assert pair(found.re_referred) == (1, 10) and pair(found.escalated) == (1, 10)
    assert found.children_under_one_reached == 2
    assert found.follow_up_months == [4, 6, 10, 11, 12, 12, 12, 12]


# A fictional cohort shaped like the published evaluation (seed 004): 46 cases, 37
# fathers engaged (80%); of the engaged, 23 with concern reduced (62%) including 16
# closed (43%), 8 unchanged (22%), 1 escalated from child in need to child protection,
# 5 not yet followed up; one re-referral; 65 children under one reached.
EVALUATION = (
    [("yes", "child-protection", None, True, 2)] * 16  # reduced and closed
    + [("yes", "child-protection", "child-in-need", False, 2)] * 7  # reduced
    + [("yes", "child-in-need", "child-in-need", False, 2)] * 5  # unchanged
    + [("yes", "child-in-need", "child-in-need", False, 1)] * 3
    + [("yes", "child-in-need", "child-protection", False, 1)]  # increased, escalated
    + [("yes", "early-help", None, False, 1)] * 5  # engaged, not yet followed up
    + [("no", "child-in-need", None, False, 0)] * 9  # not engaged
)


def evaluation_block(index: int, row: tuple[str, str, str | None, bool, int]) -> str:
    """The outcomes block of one case of the evaluation-shaped cohort."""
    engaged, start, after, closed, babies = row
    lines = [f"  father_engaged: {engaged}", f"  concern_at_start: {start}"]
    if after is not None:
        lines += [f"  concern_at_follow_up: {after}", "  follow_up_months: 9"]
    if closed:
        lines += ["  closed: yes", "  follow_up_months: 12"]
    lines += ["  re_referred: yes"] if index == 0 else []
    lines += ["  escalated: yes"] if after == "child-protection" else []
    return "\n".join([*lines, f"  children_under_one: {babies}", ""])


@pytest.fixture
def evaluation(audit_copy: Path) -> Path:
    """The example audit with its cases replaced by the evaluation-shaped cohort."""
    cases = audit_copy / "cases"
    shutil.rmtree(cases)
    cases.mkdir()
    for index, row in enumerate(EVALUATION):
        case_id = f"C{index + 1:02d}"
        (cases / f"{case_id}.yaml").write_text(with_outcomes(case_id, evaluation_block(index, row)))
    return audit_copy


def test_the_evaluation_figures_are_reproduced(runner: CliRunner, evaluation: Path) -> None:
    assert len(EVALUATION) == 46 and sum(row[4] for row in EVALUATION if row[0] == "yes") == 65
    score = runner.invoke(app, ["score", str(evaluation / "cases")])
    assert score.exit_code == 0, score.stdout
    out = " ".join(score.stdout.split())
    assert "Outcomes recorded for 46 cases; 32 followed up, after 9 to 12 months." in out
    assert "father engaged 37 of 46 (80%)" in out
    assert (
        "of the 37 engaged: level of concern reduced 23 (62%), of which closed 16 (43%); "
        "unchanged 8 (22%); increased 1 (3%); not yet followed up 5 (14%)"
    ) in out
    assert "of all 46: re-referred 1 (2%); escalated 1 (2%)" in out
    assert "children under one reached through engaged fathers: 65" in out
    report = runner.invoke(app, ["report", str(evaluation), "-o", "-"]).stdout
    for row in (
        "| Father or male carer engaged | 37 of the 46 recorded (80%) |",
        "| Level of concern reduced | 23 of the 37 engaged (62%) |",
        "| ... of which closed to children's services | 16 of the 37 engaged (43%) |",
        "| Level of concern unchanged | 8 of the 37 engaged (22%) |",
        "| Re-referred to children's services | 1 of the 46 recorded (2%) |",
        "| Escalated to a higher level | 1 of the 46 recorded (2%) |",
        "Children under one in families where the father engaged: 65.",
        "32 were followed up, after 9 to 12 months",
    ):
        assert row in report, row
    summary = " ".join(runner.invoke(app, ["summary", str(evaluation), "-o", "-"]).stdout.split())
    for figure in (
        "46 cases recorded, 32 followed up after 9 to 12 months",
        "Father engaged 37 of the 46 recorded (80%)",
        "Of the 37 engaged: concern reduced 23 (62%), of which closed 16 (43%); "
        "unchanged 8 (22%); increased 1 (3%); not yet followed up 5 (14%)",
        "Of all 46: re-referred 1 (2%), escalated 1 (2%)",
        "Children under one reached through engaged fathers: 65",
    ):
        assert figure in summary, figure
