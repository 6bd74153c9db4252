"""Scoring one case by the rules its tool declares.

Each scored question earns `points x weight` out of `best points x weight`. A
question answered "not applicable", one whose condition is not met, and an
optional question left unanswered are left out of both sides, so they never
count against a case. A section (or case) with nothing left to count has no
score: `None`, shown as "n/a", never 0% and never a division by zero.
"""

from dataclasses import dataclass

from fatheraudit.forms import Answer, CaseAudit, State
from fatheraudit.tools import Question, Tool

EXCLUDED_BECAUSE = {
    State.NOT_APPLICABLE: "answered not applicable",
    State.CONDITION_NOT_MET: "its condition is not met",
    State.NOT_ANSWERED: "not answered (optional)",
    State.INVALID: "answer not valid",
}


@dataclass(frozen=True, slots=True)
class QuestionScore:
    """How one question counted in one case."""

    question_id: str
    section_id: str
    answer: str
    state: State
    scored: bool
    points: float | None = None
    best: float | None = None
    weight: float = 0.0
    counted: bool = False
    reason: str = ""

    @property
    def earned(self) -> float:
        """Weighted points earned (0 when not counted)."""
        return (self.points or 0.0) * self.weight if self.counted else 0.0

    @property
    def available(self) -> float:
        """Weighted points available (0 when not counted)."""
        return (self.best or 0.0) * self.weight if self.counted else 0.0


# A question's score with the weighted points it earned and had available.
Weighed = tuple[QuestionScore, float, float]


@dataclass(frozen=True, slots=True)
class SectionScore:
    """A section's subtotal in one case."""

    section_id: str
    title: str
    earned: float
    available: float
    counted: int
    percent: float | None


@dataclass(frozen=True, slots=True)
class CaseScore:
    """One case's scores, band and the trace of how they were reached."""

    case_id: str
    path: str
    sections: list[SectionScore]
    earned: float
    available: float
    percent: float | None
    band: str | None
    themes: list[str]
    questions: list[QuestionScore]

    def section(self, section_id: str) -> SectionScore:
        """The subtotal of one section."""
        return next(s for s in self.sections if s.section_id == section_id)


def percent(earned: float, available: float) -> float | None:
    """A share as a percentage, or None when nothing was available."""
    return 100.0 * earned / available if available > 0 else None


def shown_answer(answer: Answer) -> str:
    """The answer as text for tables and traces."""
    value = answer.value
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def score_question(
    tool: Tool, question: Question, section_id: str, answer: Answer
) -> QuestionScore:
    """The points, weight and inclusion of one answer."""
    return scored_as(tool, question, section_id, answer, shown_answer(answer))


def scored_as(
    tool: Tool, question: Question, section_id: str, answer: Answer, shown: str
) -> QuestionScore:
    """`score_question`, with the answer already `shown` as text."""
    scale = tool.scale_of(question)
    scored = scale.scored and question.weight > 0
    points: float | None = None
    reason = ""
    if not scored:
        reason = "not scored"
    elif answer.state is not State.ANSWERED:
        reason = EXCLUDED_BECAUSE[answer.state]
    else:
        points = answer.points or 0.0
    counted = points is not None
    return QuestionScore(
        question_id=question.id,
        section_id=section_id,
        answer=shown,
        state=answer.state,
        scored=scored,
        points=points,
        best=scale.max_points if counted else None,
        weight=question.weight if scored else 0.0,
        counted=counted,
        reason=reason,
    )


# Per question: the cases it counted in, and the weighted points earned and available.
Totals = dict[str, tuple[int, float, float]]
NOTHING_YET = (0, 0.0, 0.0)


class Scorer:
    """Scores the cases of one tool. An answer that picked an option is scored once per
    question, state and answer as written, and the (frozen) score shared by every case
    that answered alike; other answers (numbers, text) are scored each time, so what is
    kept is bounded by the tool's options, not by the cases.

    `totals` adds up, per question, what each case scored counted for, in the order the
    cases were scored (pass one dict to several scorers to add theirs in)."""

    def __init__(self, tool: Tool, totals: Totals | None = None) -> None:
        self.tool = tool
        self.known: dict[tuple[str, State, str], Weighed] = {}
        self.totals: Totals = {} if totals is None else totals

    def weighed(self, question: Question, section_id: str, answer: Answer) -> Weighed:
        """How one answer counts, with the weighted points it earned and had available."""
        value = answer.value
        if answer.choice is None or not isinstance(value, str):
            row = scored_as(self.tool, question, section_id, answer, shown_answer(answer))
            return row, row.earned, row.available
        key = (question.id, answer.state, value)  # an option's value is shown as it is
        found = self.known.get(key)
        if found is None:
            row = scored_as(self.tool, question, section_id, answer, value)
            found = self.known[key] = (row, row.earned, row.available)
        return found

    def case(self, case: CaseAudit, trace: bool = True) -> CaseScore:
        """Section and overall scores of one valid case of this scorer's tool, added to
        `totals`, with the question-by-question trace unless `trace` is False."""
        tool = self.tool
        answers = case.answers
        totals = self.totals
        weighed = self.weighed
        questions: list[QuestionScore] = []
        sections: list[SectionScore] = []
        for section in tool.sections:
            earned: float = 0  # summed in order from 0, as sum() would
            available: float = 0
            counted = 0
            for question in section.questions:
                row, row_earned, row_available = weighed(question, section.id, answers[question.id])
                if trace:
                    questions.append(row)
                if row.counted:
                    earned += row_earned
                    available += row_available
                    counted += 1
                    cases, so_far, of = totals.get(row.question_id, NOTHING_YET)
                    totals[row.question_id] = (cases + 1, so_far + row_earned, of + row_available)
                else:
                    earned += 0.0  # what an uncounted row adds to sum()
                    available += 0.0
            sections.append(
                SectionScore(
                    section_id=section.id,
                    title=section.title,
                    earned=earned,
                    available=available,
                    counted=counted,
                    percent=percent(earned, available),
                )
            )
        earned = sum(s.earned for s in sections)
        available = sum(s.available for s in sections)
        overall = percent(earned, available)
        return CaseScore(
            case_id=case.form.case_id,
            path=case.path,
            sections=sections,
            earned=earned,
            available=available,
            percent=overall,
            band=band_of(tool, case, overall),
            themes=list(case.form.themes),
            questions=questions,
        )


def score_case(case: CaseAudit) -> CaseScore:
    """Section and overall scores of one valid case, with its trace."""
    return Scorer(case.tool).case(case)


def band_of(tool: Tool, case: CaseAudit, overall: float | None) -> str | None:
    """The case's grade under the tool's grading, or None when not graded."""
    grading = tool.grading
    if grading.kind == "bands":
        if overall is None:
            return None
        rounded = round(overall, 6)
        return next((b.label for b in grading.bands if rounded >= b.minimum), None)
    if grading.kind == "judgement" and grading.question is not None:
        answer = case.answers.get(grading.question)
        if answer is None or answer.state is not State.ANSWERED or answer.choice is None:
            return None
        return answer.choice.option.shown
    return None
