"""Case forms checked against the tool: answers, conditions, controlled lists, messages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import REPO, base_form_text
from fatheraudit.forms import (
    CaseAudit,
    Choice,
    State,
    check_form,
    form_progress,
    parse_age_months,
)
from fatheraudit.loader import load_yaml_text
from fatheraudit.problems import Problem
from fatheraudit.tools import Option, Registry

AGENCY_FORM = REPO / "examples" / "agency-2023" / "EH-2023.yaml"


def check(registry: Registry, text: str) -> tuple[CaseAudit | None, list[Problem]]:
    loaded = load_yaml_text(text, Path("C01.yaml"))
    assert loaded.document is not None, loaded.problems
    return check_form(loaded.document, registry)


def set_answer(text: str, question: str, value: str) -> str:
    pattern = rf"(\n  {question}:\n    answer:)[^\n]*\n"
    assert re.search(pattern, text), question
    return re.sub(pattern, rf"\g<1>{value}\n", text, count=1)


def codes(problems: list[Problem]) -> list[str]:
    return [p.code for p in problems]


def test_base_form_is_valid(registry: Registry) -> None:
    case, problems = check(registry, base_form_text())
    assert problems == [] and case is not None
    assert case.form.case_id == "C01"
    assert case.answers["A1"].state is State.ANSWERED


def test_no_not_applicable_and_not_answered_are_three_things(registry: Registry) -> None:
    text = set_answer(base_form_text(), "C4", " No")
    text = set_answer(text, "C5", " N/A")
    text = set_answer(text, "H5", "")
    case, problems = check(registry, text)
    assert case is not None, problems
    assert (case.answers["C4"].state, case.answers["C4"].value) == (State.ANSWERED, "no")
    assert (case.answers["C5"].state, case.answers["C5"].value) == (State.NOT_APPLICABLE, "n/a")
    assert case.answers["H5"].state is State.NOT_ANSWERED


def test_answer_not_on_scale_suggests_the_near_one(registry: Registry) -> None:
    text = set_answer(base_form_text(), "C4", " noo")
    case, problems = check(registry, text)
    assert case is None
    (found,) = problems
    assert found.code == "Q402" and "did you mean 'no'" in found.message
    assert found.line == text.splitlines().index("  C4:") + 2


def test_missing_required_answer(registry: Registry) -> None:
    _, problems = check(registry, set_answer(base_form_text(), "B1", ""))
    assert codes(problems) == ["Q403"]


def test_unknown_question_id_is_named_with_suggestion(registry: Registry) -> None:
    text = base_form_text().replace("\n  A1:\n", "\n  A11:\n", 1)
    _, problems = check(registry, text)
    assert sorted(codes(problems)) == ["Q401", "Q403"]
    assert any("'A11' is not a question" in p.message for p in problems)


def test_condition_not_met_excludes_the_question(registry: Registry) -> None:
    text = set_answer(base_form_text(), "A2", " no")
    for question in ("D1", "D2", "D3", "D6"):
        text = set_answer(text, question, "")
    case, problems = check(registry, text)
    assert problems == [] and case is not None
    assert case.answers["D1"].state is State.CONDITION_NOT_MET


def test_answer_given_where_condition_not_met_is_an_error(registry: Registry) -> None:
    text = set_answer(base_form_text(), "A2", " no")
    for question in ("D2", "D3", "D6"):
        text = set_answer(text, question, "")
    _, problems = check(registry, text)
    (found,) = problems
    assert found.code == "Q404"
    assert "applies only when A2 is 'yes' or 'partly' (A2 is 'no')" in found.message


def test_unknown_tool_and_unknown_version(registry: Registry) -> None:
    text = base_form_text()
    _, problems = check(registry, text.replace('tool_version: "1.0"', "tool_version: 9.9"))
    assert codes(problems) == ["X503"] and "installed: '1.0'" in problems[0].message
    _, problems = check(registry, text.replace("tool: myth-of-invisible-men", "tool: myth"))
    assert codes(problems) == ["X503"]


def test_controlled_lists_themes_and_fields(registry: Registry) -> None:
    text = base_form_text().replace("domestic-abuse,", "domestic-abuses,", 1)
    text = re.sub(r"themes: \[([\w-]+)", r"themes: [\1x", text, count=1)
    text = text.replace("learning_for_child:", "learnng_for_child:", 1)
    _, problems = check(registry, text)
    messages = " | ".join(p.message for p in problems)
    assert codes(problems).count("S304") == 2 and "S303" in codes(problems)
    assert "not on the list 'harm' (did you mean 'domestic-abuse'?)" in messages
    assert "unknown field 'learnng_for_child' (did you mean 'learning_for_child'?)" in messages


def test_multiple_choice_takes_a_list_or_one_answer(registry: Registry) -> None:
    match = re.search(r"\n  (\w+):\n    answer: \[([\w-]+)", base_form_text())
    assert match, "the base form has a multiple-choice answer"
    question, first = match.groups()
    case, problems = check(registry, set_answer(base_form_text(), question, f" {first}"))
    assert problems == [] and case is not None
    assert case.answers[question].value == [first]
    _, problems = check(registry, set_answer(base_form_text(), question, " [nothing-like-it]"))
    assert codes(problems) == ["Q402"]


def test_messages_never_echo_case_text(registry: Registry) -> None:
    secret = "Disclosed by uncle at 10:30"
    text = base_form_text().replace("audit_date: ", f"audit_date: '{secret}' #", 1)
    text = set_answer(text, "C4", f" '{secret}'")
    _, problems = check(registry, text)
    assert len(problems) == 2
    assert all("uncle" not in p.message for p in problems)


@pytest.mark.parametrize(
    ("typed", "months"),
    [("15", 180), ("15 years", 180), ("6 months", 6), ("1 year 3 months", 15), ("unborn", -1)],
)
def test_ages_as_people_write_them(typed: str, months: int) -> None:
    assert parse_age_months(typed) == months


@pytest.mark.parametrize("typed", ["18", "twelve", "-3", "15 parsecs"])
def test_ages_refused(typed: str) -> None:
    with pytest.raises(ValueError):
        parse_age_months(typed)


def test_a_wrong_controlling_answer_does_not_cascade(registry: Registry) -> None:
    _, problems = check(registry, set_answer(base_form_text(), "A2", " nope"))
    assert codes(problems) == ["Q402"]


def test_answer_written_on_the_question_line_says_how_to_write_it(registry: Registry) -> None:
    text = base_form_text().replace(
        "  A1:\n    answer: partly\n", "  A1: partly\n    answer: partly\n", 1
    )
    text = re.sub(
        r"  A1: partly\n    answer: partly\n    evidence: [^\n]*\n", "  A1: partly\n", text
    )
    _, problems = check(registry, text)
    (found,) = [p for p in problems if p.code == "S304"]
    assert "as 'answer: ...'" in found.message


def test_choice_answer_carries_its_option_and_points(registry: Registry) -> None:
    text = set_answer(base_form_text(), "C4", " Partly")
    text = set_answer(text, "C5", " Yes")
    case, problems = check(registry, text)
    assert case is not None, problems
    partly, yes = case.answers["C4"], case.answers["C5"]
    assert partly.choice is not None and partly.choice.option.value == "partly"
    assert (partly.points, partly.choice.best, partly.full) == (1.0, 2.0, False)
    assert (yes.points, yes.full) == (2.0, True)


def test_not_applicable_keeps_its_option_without_points(registry: Registry) -> None:
    case, problems = check(registry, set_answer(base_form_text(), "C5", " not applicable"))
    assert case is not None, problems
    answer = case.answers["C5"]
    assert answer.state is State.NOT_APPLICABLE
    assert answer.choice is not None and answer.choice.option.value == "n/a"
    assert (answer.points, answer.full) == (None, False)


def test_answers_off_a_choice_scale_have_no_choice(registry: Registry) -> None:
    case, problems = check(registry, set_answer(base_form_text(), "H5", ""))
    assert case is not None, problems
    for question in ("A5", "F5", "H5"):  # a date, a multiple choice, left blank
        answer = case.answers[question]
        assert (answer.choice, answer.points, answer.full) == (None, None, False)


def test_choice_with_no_points_declared_is_never_full() -> None:
    unscored = Choice(Option(value="maybe"), best=2.0)
    nothing_to_earn = Choice(Option(value="maybe"), best=0.0)
    assert (unscored.points, unscored.full) == (None, False)
    assert nothing_to_earn.full


@pytest.mark.parametrize(
    ("path", "question"),
    [(REPO / "examples/audit-2023/cases/C01.yaml", "C4"), (AGENCY_FORM, "S1.1")],
)
def test_status_and_validate_say_the_same_of_an_answer_written_beside(
    registry: Registry, path: Path, question: str
) -> None:
    pattern = rf"\n  {re.escape(question)}:\n    answer: *([^\n]*)\n(    [^\n]*\n)*"
    text = re.sub(pattern, rf"\n  {question}: \g<1>\n", path.read_text(), count=1)
    loaded = load_yaml_text(text, Path(path.name))
    assert loaded.document is not None, loaded.problems
    _, problems = check_form(loaded.document, registry)
    progress = form_progress(loaded.document, registry)
    said = [(p.code, p.line, p.message) for p in problems if "own indented line" in p.message]
    assert len(said) == 1
    assert said == [(p.code, p.line, p.message) for p in progress.problems]
