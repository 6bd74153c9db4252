"""The cohort model, and the example audit's figures against the seed audit report."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import EXAMPLE_CASES, base_form_text
from fatheraudit.cli import app
from fatheraudit.cohort import (
    Cohort,
    Count,
    age_range,
    age_words,
    answer_columns,
    flagged,
    holders_of,
    question_figures,
)
from fatheraudit.core import check_paths, score_paths
from fatheraudit.forms import State, check_form
from fatheraudit.loader import load_yaml_text
from fatheraudit.tools import Registry


@pytest.fixture(scope="module")
def cohort(registry: Registry) -> Cohort:
    result = score_paths([EXAMPLE_CASES], registry)
    assert result.check.ok and result.cohort is not None
    return result.cohort


def test_example_matches_the_seed_audits_case_characteristics(cohort: Cohort) -> None:
    # The seed report: ten cases, eleven children aged 6 months to 15 years, five girls
    # and six boys; physical harm, parental substance misuse, parental mental health,
    # neglect and domestic abuse; six of the ten cases discussed at the meeting.
    assert cohort.cases == 10
    assert cohort.children == 11
    assert cohort.age_range == "6 months to 15 years"
    assert cohort.by_sex == {"female": 5, "male": 6, "unknown": 0}
    assert {t.id for t in cohort.by_harm} == {
        "physical-harm",
        "parental-substance-misuse",
        "parental-mental-health",
        "neglect",
        "domestic-abuse",
    }
    assert (cohort.discussed.numerator, cohort.discussed.denominator) == (6, 10)


def test_every_theme_count_is_traceable_to_its_cases(cohort: Cohort) -> None:
    assert cohort.themes
    for theme in cohort.themes:
        assert theme.count.numerator == len(theme.case_ids)
        assert theme.count.denominator == cohort.cases
        holders = [s.case_id for s in cohort.scores if theme.id in s.themes]
        assert holders == theme.case_ids


def test_question_shares_leave_out_not_applicable(cohort: Cohort) -> None:
    for figures in cohort.questions:
        if figures.kind != "choice":
            continue
        total = figures.answered + figures.not_applicable
        total += figures.condition_not_met + figures.not_answered
        assert total == cohort.cases
        assert all(a.count.denominator == figures.answered for a in figures.answers)
        assert sum(a.count.numerator for a in figures.answers) == figures.answered


def test_strongest_and_weakest_are_ordered_by_score(cohort: Cohort) -> None:
    by_id = {f.question_id: f.score_percent for f in cohort.questions}
    strongest = [by_id[q] for q in cohort.strongest]
    weakest = [by_id[q] for q in cohort.weakest]
    assert strongest == sorted(strongest, reverse=True)
    assert weakest == sorted(weakest)
    assert min(s for s in strongest if s is not None) >= max(w for w in weakest if w is not None)


def test_cohort_json_round_trips_through_the_model(cohort: Cohort) -> None:
    again = Cohort.model_validate_json(cohort.model_dump_json())
    assert again.cases == cohort.cases and again.themes == cohort.themes


@pytest.mark.parametrize(
    ("months", "words"),
    [
        (-1, "unborn"),
        (1, "1 month"),
        (6, "6 months"),
        (12, "1 year"),
        (18, "18 months"),
        (180, "15 years"),
    ],
)
def test_ages_in_words(months: int, words: str) -> None:
    assert age_words(months) == words


def test_age_range() -> None:
    assert age_range([6, 180, 24]) == "6 months to 15 years"
    assert age_range([60, 60]) == "5 years"
    assert age_range([]) == ""


def test_strongest_and_weakest_need_answers_from_half_the_cases(cohort: Cohort) -> None:
    counted = {f.question_id: f.counted for f in cohort.questions}
    assert all(counted[q] >= 5 for q in cohort.strongest + cohort.weakest)


def test_each_practice_point_is_scored_from_its_questions(
    tmp_path: Path, registry: Registry, runner: CliRunner
) -> None:
    # Three copies of the 1.1 form: D8 'partly' (1 of 2 points), G4 'no', F3 'yes'.
    for number in (1, 2, 3):
        text = base_form_text("1.1").replace("case_id: C01", f"case_id: C0{number}", 1)
        (tmp_path / f"C0{number}.yaml").write_text(text)
    result = score_paths([tmp_path], registry)
    assert result.check.ok and result.cohort is not None
    points = {r.point: r for r in result.cohort.by_source if r.source == "ten-points"}
    assert sorted(points) == list(range(1, 11))
    assert points[8].question_ids == ["D8"] and points[8].pooled == 50.0
    assert points[10].question_ids == ["G4"] and points[10].pooled == 0.0
    assert points[9].question_ids == ["F3"] and points[9].answers_counted == 3
    shown = runner.invoke(app, ["score", str(tmp_path), "--by", "source"], env={"COLUMNS": "200"})
    assert shown.exit_code == 0
    row = next(line for line in shown.stdout.splitlines() if "Challenge the assumption" in line)
    assert "D8" in row and "50%" in row


def test_a_source_without_points_is_one_row(cohort: Cohort) -> None:
    rows = [r for r in cohort.by_source if r.source == "fqm"]
    assert [(r.point, r.question_ids) for r in rows] == [(None, ["A3"])]


@pytest.mark.parametrize(("typed", "escalate"), [(" Yes", True), (" yes ", True), (" no", False)])
def test_a_case_is_flagged_by_the_tools_escalation_answer(
    registry: Registry, typed: str, escalate: bool
) -> None:
    text = re.sub(r"(\n  H6:\n    answer:)[^\n]*\n", rf"\g<1>{typed}\n", base_form_text(), count=1)
    loaded = load_yaml_text(text, Path("C01.yaml"))
    assert loaded.document is not None
    case, problems = check_form(loaded.document, registry)
    assert case is not None, problems
    assert flagged(case.tool, case) is escalate


def test_a_count_is_a_share_with_its_percentage() -> None:
    assert (str(Count(numerator=3, denominator=8)), Count(numerator=3, denominator=8).percent) == (
        "3 of 8",
        37.5,
    )
    assert Count(numerator=0, denominator=0).percent is None


@given(st.lists(st.tuples(st.text(max_size=3), st.lists(st.sampled_from("abcd"), max_size=5))))
def test_the_holders_of_each_term_are_the_cases_that_name_it(
    cases: list[tuple[str, list[str]]],
) -> None:
    held = holders_of(cases)
    for term in "abcd":
        assert held.get(term, []) == [case_id for case_id, terms in cases if term in terms]


def test_answer_columns_hold_each_questions_answers_in_the_cases_order(
    registry: Registry,
) -> None:
    cases = check_paths([EXAMPLE_CASES], registry).cases
    ids = list(cases[0].answers)
    for chosen in (ids, ids[:1], ids[2:4], [ids[3], ids[0]], []):
        columns = answer_columns(chosen, cases)
        assert [list(column) for column in columns] == [
            [case.answers[question_id] for case in cases] for question_id in chosen
        ]
    assert answer_columns(ids[:2], []) == [[], []]


def test_question_figures_count_a_shared_answer_once_per_case_that_holds_it(
    registry: Registry,
) -> None:
    """Cases that answered alike share one answer object; each must still count."""
    cases = check_paths([EXAMPLE_CASES], registry).cases
    tool = cases[0].tool
    once = question_figures(tool, cases, {})
    thrice = question_figures(tool, cases * 3, {})  # every answer object held three times
    assert [f.answered * 3 for f in once] == [f.answered for f in thrice]
    assert [f.not_applicable * 3 for f in once] == [f.not_applicable for f in thrice]
    assert [[a.count.numerator * 3 for a in f.answers] for f in once] == [
        [a.count.numerator for a in f.answers] for f in thrice
    ]

    def picked(question_id: str, value: str) -> int:  # counted by hand, case by case
        holders = 0
        for case in cases:
            answer = case.answers[question_id]
            if answer.state is State.ANSWERED:
                given = answer.value if isinstance(answer.value, list) else [str(answer.value)]
                holders += value in given
        return holders

    for figures in once:
        for option in figures.answers:
            assert option.count.numerator == picked(figures.question_id, option.value)
