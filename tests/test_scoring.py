"""Scores follow the tool's declared rules; n/a and unmet conditions never count against a case."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import EXAMPLE_CASES, REPO, base_form_text
from fatheraudit.core import check_paths, open_registry
from fatheraudit.forms import CaseAudit, Choice, State
from fatheraudit.scoring import CaseScore, Scorer, score_case, score_question
from fatheraudit.tools import Registry

TOOL_TEXT = (REPO / "audit_tools" / "myth-of-invisible-men" / "1.0.yaml").read_text()


def scored(registry: Registry, text: str, tmp_path: Path, name: str = "C01") -> CaseScore:
    folder = tmp_path / "cases"
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.yaml").write_text(text)
    result = check_paths([folder / f"{name}.yaml"], registry)
    assert result.ok, [str(p) for p in result.problems]
    (case,) = result.cases
    return score_case(case)


def variant_registry(tmp_path: Path, *changes: tuple[str, str]) -> Registry:
    """The bundled tool as version 9.0, with some text changed."""
    text = TOOL_TEXT.replace('version: "1.0"', 'version: "9.0"', 1)
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    tools = tmp_path / "tools"
    tools.mkdir()
    (tools / "variant.yaml").write_text(text)
    registry = open_registry([tools])
    assert registry.problems == []
    return registry


def on_variant(text: str) -> str:
    return text.replace('tool_version: "1.0"', 'tool_version: "9.0"', 1)


def set_answer(text: str, question: str, value: str) -> str:
    return re.sub(rf"(\n  {question}:\n    answer:)[^\n]*\n", rf"\g<1>{value}\n", text, count=1)


def test_section_score_by_hand(registry: Registry, tmp_path: Path) -> None:
    score = scored(registry, base_form_text(), tmp_path)
    # C01, section A: A1 partly 1x2 of 2x2; A2 yes 2 of 2; A3 partly 1 of 2; A4 partly 1 of 2;
    # A5 and A6 are dates, not scored.
    section = score.section("A")
    assert (section.earned, section.available, section.counted) == (6.0, 10.0, 4)
    assert section.percent == pytest.approx(60.0)
    assert score.percent == pytest.approx(100 * score.earned / score.available)


def test_changing_points_moves_the_score(registry: Registry, tmp_path: Path) -> None:
    before = scored(registry, base_form_text(), tmp_path)
    changed = variant_registry(
        tmp_path,
        (
            "      - {value: partly, label: Partly, points: 1}",
            "      - {value: partly, label: Partly, points: 2}",
        ),
    )
    after = scored(changed, on_variant(base_form_text()), tmp_path)
    partly_in_a = 3  # A1 (weight 2), A3, A4 answered partly in C01
    assert after.section("A").earned == before.section("A").earned + 2 + 1 + 1
    assert after.section("A").available == before.section("A").available
    assert after.percent is not None and before.percent is not None
    assert after.percent > before.percent
    assert partly_in_a == sum(
        1 for q in before.questions if q.section_id == "A" and q.answer == "partly"
    )


def test_changing_weight_moves_the_score(registry: Registry, tmp_path: Path) -> None:
    before = scored(registry, base_form_text(), tmp_path)
    text = TOOL_TEXT
    a1 = text.index("      - id: A1\n")
    weight = text.index("        weight: 2\n", a1)
    changed_text = (
        text[:weight] + "        weight: 0\n" + text[weight + len("        weight: 2\n") :]
    )
    tools = tmp_path / "tools"
    tools.mkdir()
    (tools / "variant.yaml").write_text(changed_text.replace('version: "1.0"', 'version: "9.0"', 1))
    changed = open_registry([tools])
    after = scored(changed, on_variant(base_form_text()), tmp_path)
    assert after.section("A").available == before.section("A").available - 4
    assert after.section("A").earned == before.section("A").earned - 2
    a1_trace = next(q for q in after.questions if q.question_id == "A1")
    assert not a1_trace.counted and a1_trace.reason == "not scored"


def test_not_applicable_never_counts_against_a_case(registry: Registry, tmp_path: Path) -> None:
    before = scored(registry, base_form_text(), tmp_path)
    after = scored(registry, set_answer(base_form_text(), "A3", " n/a"), tmp_path)
    # A3 was 'partly' (1 of 2): removing it takes 1 from earned and 2 from available.
    assert after.section("A").earned == before.section("A").earned - 1
    assert after.section("A").available == before.section("A").available - 2
    trace = next(q for q in after.questions if q.question_id == "A3")
    assert trace.reason == "answered not applicable"


def test_unmet_condition_never_counts_against_a_case(registry: Registry, tmp_path: Path) -> None:
    text = set_answer(base_form_text(), "A2", " no")
    for question in ("D1", "D2", "D3", "D6"):
        text = set_answer(text, question, "")
    score = scored(registry, text, tmp_path)
    dependent = [q for q in score.questions if q.question_id in {"D1", "D2", "D3", "D6"}]
    assert all(not q.counted and q.reason == "its condition is not met" for q in dependent)
    assert score.section("D").available == sum(
        q.available for q in score.questions if q.section_id == "D"
    )


def test_a_section_with_nothing_scorable_has_no_score(registry: Registry, tmp_path: Path) -> None:
    text = base_form_text()
    for question in ("G1", "G2", "G3"):
        text = set_answer(text, question, " n/a")
    score = scored(registry, text, tmp_path)
    assert score.section("G").percent is None and score.section("G").available == 0
    assert score.percent is not None


@pytest.mark.parametrize(("threshold", "band"), [("74.12", "Adequate"), ("74.11", "Strong")])
def test_bands_follow_thresholds(tmp_path: Path, threshold: str, band: str) -> None:
    strong = "{id: strong, label: Strong, min: 80}"
    changed = variant_registry(tmp_path, (strong, strong.replace("80", threshold)))
    score = scored(changed, on_variant(base_form_text()), tmp_path)
    assert score.percent == pytest.approx(100 * 63 / 85)  # C01: 63 of 85 points, 74.1176%
    assert score.band == band


def test_judgement_grading_uses_the_auditors_answer(tmp_path: Path) -> None:
    changed = variant_registry(
        tmp_path,
        ("  kind: bands\n", "  kind: judgement\n  question: D4\n"),
    )
    score = scored(changed, on_variant(base_form_text()), tmp_path)
    assert score.band == "Good"  # C01 rates D4 as 2


def test_no_grading_gives_no_band(tmp_path: Path) -> None:
    changed = variant_registry(tmp_path, ("  kind: bands\n", "  kind: none\n"))
    assert scored(changed, on_variant(base_form_text()), tmp_path).band is None


def test_example_scores_are_within_range(registry: Registry) -> None:
    result = check_paths([EXAMPLE_CASES], registry)
    cases: list[CaseAudit] = result.cases
    for case in cases:
        score = score_case(case)
        for value in [score.percent, *(s.percent for s in score.sections)]:
            assert value is None or 0.0 <= value <= 100.0


def test_scoring_reads_the_option_found_when_the_answer_was_resolved(registry: Registry) -> None:
    result = check_paths([EXAMPLE_CASES / "C01.yaml"], registry)
    (case,) = result.cases
    question = case.tool.question_map()["C4"]
    answer = case.answers["C4"]
    assert (answer.value, answer.points) == ("yes", 2.0)
    scale = case.tool.scale_of(question)
    partly = scale.option("partly")
    assert partly is not None
    row = score_question(case.tool, question, "C", replace(answer, choice=Choice(partly, 2.0)))
    assert (row.answer, row.points, row.best, row.counted) == ("yes", 1.0, 2.0, True)


def test_a_scorer_shares_one_score_per_answer_and_agrees_with_scoring_each(
    registry: Registry,
) -> None:
    cases = check_paths([EXAMPLE_CASES], registry).cases
    scorer = Scorer(cases[0].tool)
    for case in cases:
        shared = scorer.case(case)
        assert shared == score_case(case)
        for row in shared.questions:
            section = next(s for s in case.tool.sections if row.section_id == s.id)
            question = next(q for q in section.questions if q.id == row.question_id)
            assert row == score_question(case.tool, question, section.id, case.answers[question.id])
        for subtotal in shared.sections:  # summed as sum() sums, to the same type
            rows = [r for r in shared.questions if r.section_id == subtotal.section_id]
            plain = (sum(r.earned for r in rows), sum(r.available for r in rows))
            assert repr((subtotal.earned, subtotal.available)) == repr(plain)
            assert subtotal.counted == sum(1 for r in rows if r.counted)
    # Cases answering a question alike hold the same (frozen) score: what is kept is one
    # score per question and answer chosen, not one per case.
    rows = [row for case in cases for row in scorer.case(case).questions]
    distinct = {(r.question_id, r.state, r.answer) for r in rows}
    assert len({id(r) for r in rows if r.points is not None}) < len(rows) / 2
    assert len(scorer.known) <= len(distinct)


def test_a_scorer_does_not_keep_answers_that_chose_no_option(registry: Registry) -> None:
    (case,) = check_paths([EXAMPLE_CASES / "C01.yaml"], registry).cases
    scorer = Scorer(case.tool)
    scorer.case(case)
    free = [a for a in case.answers.values() if a.choice is None]
    assert free, "C01 should hold a date or number answer"
    assert not {key[0] for key in scorer.known} & {a.question_id for a in free}


def test_a_section_with_nothing_counted_sums_as_sum_does(registry: Registry) -> None:
    """0.0, not 0, in a section whose every answer is left out: the JSON shows the same."""
    (case,) = check_paths([EXAMPLE_CASES / "C01.yaml"], registry).cases
    first = case.tool.sections[0]
    answers = dict(case.answers)
    for question in first.questions:
        answers[question.id] = replace(answers[question.id], state=State.NOT_APPLICABLE)
    subtotal = score_case(replace(case, answers=answers)).sections[0]
    assert (subtotal.counted, repr(subtotal.earned), repr(subtotal.available)) == (0, "0.0", "0.0")


def test_a_scorers_totals_add_up_what_each_case_counted_in_order(registry: Registry) -> None:
    cases = check_paths([EXAMPLE_CASES], registry).cases
    scorer = Scorer(cases[0].tool)
    plain: dict[str, tuple[int, float, float]] = {}
    for case in cases:
        for row in scorer.case(case).questions:
            if row.counted:
                counted, earned, available = plain.get(row.question_id, (0, 0.0, 0.0))
                plain[row.question_id] = (
                    counted + 1,
                    earned + row.earned,
                    available + row.available,
                )
    assert repr(scorer.totals) == repr(plain)
    assert scorer.case(cases[0], trace=False).questions == []
