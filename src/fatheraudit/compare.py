"""Re-audit: what changed between a baseline round and a follow-up round of one tool.

Per question, the share of good answers (those earning the question's best points)
among the cases answering it, with both counts; per section and overall, the share
of points earned; themes that appeared, faded or held; the cases in both rounds.
"""

from pathlib import Path

from pydantic import BaseModel, ConfigDict

from fatheraudit.audit import AUDIT_FILE, load_meta
from fatheraudit.cohort import Cohort, Count
from fatheraudit.core import Checker, ScoreResult
from fatheraudit.forms import CaseAudit, State
from fatheraudit.problems import FatherauditError
from fatheraudit.tools import Registry, Tool


class Change(BaseModel):
    """Plain data, frozen."""

    model_config = ConfigDict(frozen=True, defer_build=True)


class QuestionChange(Change):
    """Good answers to one question in each round."""

    question_id: str
    section_id: str
    text: str
    baseline: Count | None
    follow_up: Count | None
    change: float | None


class SectionChange(Change):
    """A section's share of points in each round (all cases together)."""

    section_id: str
    title: str
    baseline: float | None
    follow_up: float | None
    change: float | None


class ThemeChange(Change):
    """How often a theme was tagged in each round."""

    id: str
    kind: str
    label: str
    baseline: Count
    follow_up: Count
    status: str


class Comparison(Change):
    """Everything `compare` shows."""

    tool: str
    baseline_tool: str
    follow_up_tool: str
    baseline_cases: int
    follow_up_cases: int
    cases_in_both: list[str]
    overall: SectionChange
    sections: list[SectionChange]
    questions: list[QuestionChange]
    themes: list[ThemeChange]
    only_in_one_round: list[str]


def difference(before: float | None, after: float | None) -> float | None:
    """Percentage points of change, when both rounds have a figure."""
    return None if before is None or after is None else after - before


def good_answers(tool: Tool, cases: list[CaseAudit], question_id: str) -> Count | None:
    """Answers earning the question's best points, among the cases that answered it."""
    question = tool.question_map().get(question_id)
    if question is None or not tool.scale_of(question).scored:
        return None
    answered = [
        c.answers[question_id] for c in cases if c.answers[question_id].state is State.ANSWERED
    ]
    return Count(numerator=sum(1 for a in answered if a.full), denominator=len(answered))


def section_changes(before: Cohort, after: Cohort) -> list[SectionChange]:
    """Sections present in both rounds, by id."""
    later = {s.section_id: s for s in after.sections}
    rows = []
    for section in before.sections:
        match = later.get(section.section_id)
        if match is None:
            continue
        first, second = section.spread.pooled, match.spread.pooled
        rows.append(
            SectionChange(
                section_id=section.section_id,
                title=match.title,
                baseline=first,
                follow_up=second,
                change=difference(first, second),
            )
        )
    return rows


def question_changes(
    before: ScoreResult, after: ScoreResult
) -> tuple[list[QuestionChange], list[str]]:
    """Scored questions in both rounds; ids found in only one round are listed apart."""
    tool_before, tool_after = before.check.cases[0].tool, after.check.cases[0].tool
    ids_before = [q.id for q in tool_before.questions()]
    ids_after = {q.id for q in tool_after.questions()}
    rows = []
    for question in tool_after.questions():
        if question.id not in ids_before:
            continue
        first = good_answers(tool_before, before.check.cases, question.id)
        second = good_answers(tool_after, after.check.cases, question.id)
        if first is None and second is None:
            continue
        rows.append(
            QuestionChange(
                question_id=question.id,
                section_id=section_of(tool_after, question.id),
                text=question.text,
                baseline=first,
                follow_up=second,
                change=difference(
                    first.percent if first else None, second.percent if second else None
                ),
            )
        )
    only = sorted(set(ids_before) ^ ids_after)
    return rows, only


def section_of(tool: Tool, question_id: str) -> str:
    """The id of the section holding a question."""
    return next(s.id for s in tool.sections if any(q.id == question_id for q in s.questions))


def theme_changes(before: Cohort, after: Cohort, tool: Tool) -> list[ThemeChange]:
    """Themes that appeared, faded, or were tagged in both rounds."""
    first = {t.id: t.count for t in before.themes}
    second = {t.id: t.count for t in after.themes}
    rows = []
    for theme in tool.themes:
        if theme.id not in first and theme.id not in second:
            continue
        a = first.get(theme.id, Count(numerator=0, denominator=before.cases))
        b = second.get(theme.id, Count(numerator=0, denominator=after.cases))
        status = trend(a, b)
        rows.append(
            ThemeChange(
                id=theme.id,
                kind=theme.kind,
                label=theme.label,
                baseline=a,
                follow_up=b,
                status=status,
            )
        )
    return rows


def trend(before: Count, after: Count) -> str:
    """appeared, faded, rose, fell or steady: how a theme's share of cases moved."""
    if before.numerator == 0:
        return "appeared"
    if after.numerator == 0:
        return "faded"
    first, second = before.percent or 0.0, after.percent or 0.0
    return "rose" if second > first else "fell" if second < first else "steady"


def cases_folder(folder: Path, registry: Registry) -> Path:
    """An audit folder's cases folder, or the folder itself when it holds cases."""
    if (folder / AUDIT_FILE).exists():
        meta, _ = load_meta(folder, registry)
        return folder / (meta.cases_folder if meta else "cases")
    return folder


def read_round(folder: Path, registry: Registry | Checker) -> ScoreResult:
    """One round scored (by `registry`'s defaults, or as a `Checker` says); a round with
    no valid case cannot be compared."""
    checker = Checker.of(registry)
    result = checker.score([cases_folder(folder, checker.registry)])
    if result.cohort is None:
        raise FatherauditError(f"{folder}: no valid case to compare")
    return result


def compare_rounds(baseline: ScoreResult, follow_up: ScoreResult) -> Comparison:
    """The comparison of two scored rounds of the same tool (versions may differ)."""
    before, after = baseline.cohort, follow_up.cohort
    assert before is not None and after is not None
    tool_before, tool_after = baseline.check.cases[0].tool, follow_up.check.cases[0].tool
    if tool_before.id != tool_after.id:
        raise FatherauditError(
            f"the rounds use different tools ({tool_before.key}, {tool_after.key})"
        )
    questions, only = question_changes(baseline, follow_up)
    first, second = before.overall.pooled, after.overall.pooled
    return Comparison(
        tool=tool_after.id,
        baseline_tool=tool_before.key,
        follow_up_tool=tool_after.key,
        baseline_cases=before.cases,
        follow_up_cases=after.cases,
        cases_in_both=sorted(set(before.case_ids) & set(after.case_ids)),
        overall=SectionChange(
            section_id="all",
            title="All sections",
            baseline=first,
            follow_up=second,
            change=difference(first, second),
        ),
        sections=section_changes(before, after),
        questions=questions,
        themes=theme_changes(before, after, tool_after),
        only_in_one_round=only,
    )
