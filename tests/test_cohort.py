"""The cohort model, and the example audit's figures against the seed audit report."""

from __future__ import annotations

import pytest

from conftest import EXAMPLE_CASES
from fatheraudit.cohort import Cohort, age_range, age_words
from fatheraudit.core import score_paths
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
