"""The cohort: what a set of scored cases tells a QA subgroup together.

A library function returning a Pydantic model; nothing here prints. Every share
carries its numerator and denominator, and shares of answers leave out "not
applicable", unmet conditions and unanswered questions.
"""

import math
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from operator import itemgetter
from typing import Any

from pydantic import BaseModel, ConfigDict, computed_field

from fatheraudit import figures
from fatheraudit.forms import CONCERN_ORDER, Answer, CaseAudit, Outcomes, State
from fatheraudit.problems import Problem
from fatheraudit.scoring import CaseScore, Scorer, SectionScore, Totals, percent
from fatheraudit.tools import Tool

SEXES = ("female", "male", "unknown")
STRONG_WEAK_COUNT = 5


class Figure(BaseModel):
    """Plain data, frozen."""

    model_config = ConfigDict(frozen=True, defer_build=True)


class Count(Figure):
    """`numerator of denominator`, with the percentage derived (None when 0 of 0)."""

    numerator: int
    denominator: int

    @computed_field  # type: ignore[prop-decorator]
    @property
    def percent(self) -> float | None:
        """The share as a percentage."""
        return percent(self.numerator, self.denominator)

    def __str__(self) -> str:
        return figures.of(self.numerator, self.denominator)


class Tally(Figure):
    """How many cases carry a term of a controlled list, and which."""

    id: str
    label: str
    count: Count
    case_ids: list[str]


class AnswerCount(Figure):
    """How many cases gave one answer to a question."""

    value: str
    label: str
    count: Count


class QuestionFigures(Figure):
    """The spread of answers to one question across the cohort."""

    question_id: str
    section_id: str
    text: str
    kind: str
    answers: list[AnswerCount]
    answered: int
    not_applicable: int
    condition_not_met: int
    not_answered: int
    counted: int
    score_percent: float | None = None


class Spread(Figure):
    """The distribution of a score across cases (cases with no score left out)."""

    scored: int
    unscored: int
    mean: float | None
    median: float | None
    minimum: float | None
    maximum: float | None
    pooled: float | None


class SectionFigures(Figure):
    """One section's scores across the cohort."""

    section_id: str
    title: str
    spread: Spread


class ThemeFigures(Figure):
    """An enabler or barrier, with the cases that carry it."""

    id: str
    kind: str
    label: str
    count: Count
    case_ids: list[str]
    group: str = ""  # the heading the tool puts it under, if any


class SourceFigures(Figure):
    """How the cohort did on the questions resting on one source, or one numbered point
    of it (a briefing's practice point): the points earned of those available."""

    source: str
    title: str
    point: int | None
    label: str
    question_ids: list[str]
    answers_counted: int
    pooled: float | None


class LearningPoint(Figure):
    """A piece of learning written on a case form."""

    case_id: str
    kind: str
    text: str


class Unreadable(Figure):
    """A file left out of the figures, with its problems."""

    path: str
    problems: list[Problem]


class OutcomeFigures(Figure):
    """Outcomes as an evaluation reports them: engagement over every case recorded; the
    change in concern over the cases where the father engaged (closed nested in
    reduced), with those not yet followed up shown, so the rows add up to that base."""

    recorded: int
    followed_up: int  # cases with a level of concern at follow-up, or closed
    engaged: Count  # of the cases whose engagement was recorded
    engagement_not_recorded: int
    reduced: Count  # this and the rows below are of the engaged cases
    closed: Count
    unchanged: Count
    increased: Count
    not_followed_up: Count  # engaged, not yet followed up or a level not recorded
    re_referred: Count  # of every case recorded
    escalated: Count
    children_under_one_reached: int
    follow_up_months: list[int]


class Unevidenced(Figure):
    """The answered questions of one form that cite no evidence."""

    case_id: str
    question_ids: list[str]


class Cohort(Figure):
    """Everything the figures of an audit are made from."""

    tool: str
    tool_title: str
    scope: str
    graded: bool
    cases: int
    children: int
    case_ids: list[str]
    age_range: str
    youngest_months: int | None
    oldest_months: int | None
    by_sex: dict[str, int]
    by_harm: list[Tally]
    by_intervention_level: list[Tally]
    by_legal_status: list[Tally]
    by_agency: list[Tally]
    discussed: Count
    bands: dict[str, int]
    overall: Spread
    sections: list[SectionFigures]
    questions: list[QuestionFigures]
    strongest: list[str]
    weakest: list[str]
    themes: list[ThemeFigures]
    learning: list[LearningPoint]
    escalations: list[str]
    outcomes: OutcomeFigures | None
    by_source: list[SourceFigures] = []
    unevidenced: list[Unevidenced]
    scores: list[CaseScore]
    unreadable: list[Unreadable]


# --- ages ------------------------------------------------------------------------------


def age_words(months: int) -> str:
    """An age as people write it: 'unborn', '6 months', '1 year', '15 years'."""
    if months < 0:
        return "unborn"
    if months < 24 and months % 12:
        return f"{months} month{'s' if months != 1 else ''}"
    years = months // 12
    return f"{years} year{'s' if years != 1 else ''}"


def age_range(ages: list[int]) -> str:
    """'6 months to 15 years', or one age when all are the same."""
    if not ages:
        return ""
    low, high = age_words(min(ages)), age_words(max(ages))
    return low if low == high else f"{low} to {high}"


# --- counting --------------------------------------------------------------------------


def tallies(tool: Tool, vocabulary: str, per_case: dict[str, list[str]]) -> list[Tally]:
    """Cases per term of a controlled list, in the list's order; unused terms left out."""
    total = len(per_case)
    held = holders_of(per_case.items())
    rows = []
    for term in tool.vocabularies.get(vocabulary, []):
        holders = held.get(term.id, [])
        if holders:
            rows.append(
                Tally(
                    id=term.id,
                    label=term.label,
                    count=Count(numerator=len(holders), denominator=total),
                    case_ids=holders,
                )
            )
    return rows


def holders_of(cases: Iterable[tuple[str, list[str]]]) -> dict[str, list[str]]:
    """Per term, the ids of the cases holding it, in the cases' order, each case once
    however often it names the term."""
    held: dict[str, list[str]] = {}
    for case_id, terms in cases:
        for term in dict.fromkeys(terms):
            held.setdefault(term, []).append(case_id)
    return held


def spread(values: list[float | None], pooled: float | None) -> Spread:
    """Mean, median, range of the cases that have a score."""
    scored = [v for v in values if v is not None]
    return Spread(
        scored=len(scored),
        unscored=len(values) - len(scored),
        mean=statistics.fmean(scored) if scored else None,
        median=statistics.median(scored) if scored else None,
        minimum=min(scored) if scored else None,
        maximum=max(scored) if scored else None,
        pooled=pooled,
    )


def pooled(earned: Iterable[float], available: Iterable[float]) -> float | None:
    """Points earned over points available, across cases."""
    return percent(sum(earned), sum(available))


def alike(answers: Sequence[Answer]) -> list[tuple[Answer, int]]:
    """Each answer once, with how many of `answers` are that very answer: cases that
    answered alike share one frozen answer (`core.unpack_answers`), so ten thousand
    cases hold a few hundred, and each is looked at once."""
    held = Counter(map(id, answers))
    first = dict(zip(map(id, answers), answers, strict=True))
    return [(first[key], holders) for key, holders in held.items()]


def answer_columns(question_ids: list[str], cases: list[CaseAudit]) -> list[Sequence[Answer]]:
    """Per question, every case's answer to it, in the cases' order (each case's answers
    are taken together, then turned into columns, which is quicker than a pass over the
    cases per question)."""
    if not question_ids or not cases:
        return [[] for _ in question_ids]
    take = itemgetter(*question_ids, question_ids[0])  # two or more ids: always a tuple
    rows = (take(case.answers) for case in cases)
    columns: list[Sequence[Answer]] = list(zip(*rows, strict=True))
    return columns[: len(question_ids)]


def question_figures(tool: Tool, cases: list[CaseAudit], sums: Totals) -> list[QuestionFigures]:
    """Per question: each answer's count over the cases that gave a real answer."""
    rows = []
    questions = [(s, q) for s in tool.sections for q in s.questions]
    columns = answer_columns([q.id for _, q in questions], cases)
    for (section, question), column in zip(questions, columns, strict=True):
        scale = tool.scale_of(question)
        states: Counter[State] = Counter()
        chosen: Counter[str] = Counter()
        for answer, holders in alike(column):
            states[answer.state] += holders
            if answer.state is State.ANSWERED:
                value = answer.value
                for picked in value if isinstance(value, list) else [value]:
                    chosen[str(picked)] += holders
        real = states[State.ANSWERED]
        options = [o for o in scale.options if not o.excluded]
        counts = [
            AnswerCount(
                value=o.value,
                label=o.shown,
                count=Count(numerator=chosen[o.value], denominator=real),
            )
            for o in options
        ]
        counted, earned, available = sums.get(question.id, (0, 0.0, 0.0))
        rows.append(
            QuestionFigures(
                question_id=question.id,
                section_id=section.id,
                text=question.text,
                kind=scale.kind,
                answers=counts,
                answered=real,
                not_applicable=states[State.NOT_APPLICABLE],
                condition_not_met=states[State.CONDITION_NOT_MET],
                not_answered=states[State.NOT_ANSWERED],
                counted=counted,
                score_percent=percent(earned, available),
            )
        )
    return rows


def theme_figures(tool: Tool, cases: list[CaseAudit]) -> list[ThemeFigures]:
    """Each theme used, most common first, with the case ids behind the count."""
    rows = []
    headings = {g.id: g.label for g in tool.theme_groups}
    held = holders_of((c.form.case_id, c.form.themes) for c in cases)
    for theme in tool.themes:
        holders = held.get(theme.id, [])
        if holders:
            rows.append(
                ThemeFigures(
                    id=theme.id,
                    kind=theme.kind,
                    label=theme.label,
                    count=Count(numerator=len(holders), denominator=len(cases)),
                    case_ids=holders,
                    group=headings.get(theme.group or "", ""),
                )
            )
    return sorted(rows, key=lambda r: (-r.count.numerator, r.kind, r.label))


def source_figures(tool: Tool, sums: Totals) -> list[SourceFigures]:
    """Per source, and per numbered point where the source has points, the questions that
    rest on it and the points they earned across the cohort, in the tool's order."""
    rows = []
    for source in tool.sources:
        questions = [q for q in tool.questions() if q.source == source.id]
        parts: list[tuple[int | None, str]] = [(p.number, p.label) for p in source.points]
        if not source.points or any(q.point is None for q in questions):
            parts.append((None, "" if source.points else source.title))
        for number, label in parts:
            ids = [q.id for q in questions if q.point == number]
            if not ids:
                continue
            counted = [sums[i] for i in ids if i in sums]
            rows.append(
                SourceFigures(
                    source=source.id,
                    title=source.title,
                    point=number,
                    label=label,
                    question_ids=ids,
                    answers_counted=sum(c for c, _, _ in counted),
                    pooled=pooled([e for _, e, _ in counted], [a for _, _, a in counted]),
                )
            )
    return rows


def learning_points(cases: list[CaseAudit]) -> list[LearningPoint]:
    """Strengths and learning written on the forms, case by case."""
    points = []
    for case in cases:
        fields = type(case.form).model_fields  # a case form has no priorities; an agency's has
        for kind in ("strengths", "learning_for_child", "learning_for_future", "priorities"):
            text = getattr(case.form, kind) if kind in fields else None
            if text and text.strip():
                points.append(
                    LearningPoint(case_id=case.form.case_id, kind=kind, text=text.strip())
                )
    return points


def strongest_and_weakest(
    figures: list[QuestionFigures], cases: int
) -> tuple[list[str], list[str]]:
    """Question ids with the highest and the lowest share of points (ties by id).

    Only questions that counted in at least half the cases are ranked, so a question
    answered in two cases cannot top or tail the list on its own.
    """
    enough = max(1, math.ceil(cases / 2))
    scored = [f for f in figures if f.score_percent is not None and f.counted >= enough]
    ranked = sorted(scored, key=lambda f: (-(f.score_percent or 0.0), f.question_id))
    lowest = sorted(scored, key=lambda f: (f.score_percent or 0.0, f.question_id))
    return (
        [f.question_id for f in ranked[:STRONG_WEAK_COUNT]],
        [f.question_id for f in lowest[:STRONG_WEAK_COUNT]],
    )


def band_counts(tool: Tool, scores: list[CaseScore]) -> dict[str, int]:
    """Cases per grade, in the tool's order (best first); empty when not graded."""
    grading = tool.grading
    if grading.kind == "bands":
        labels = [band.label for band in grading.bands]
    elif grading.kind == "judgement" and grading.question in tool.question_map():
        question = tool.question_map()[grading.question]
        labels = [o.shown for o in tool.scale_of(question).options if not o.excluded]
    else:
        return {}
    found = Counter(s.band for s in scores)
    return {label: found[label] for label in labels}


def flagged(tool: Tool, case: CaseAudit) -> bool:
    """True when the tool's escalation question has a flagging answer on this form."""
    rule = tool.escalation
    if rule is None:
        return False
    answer = case.answers.get(rule.question)
    return answer is not None and rule.matches(answer.value)


def movement(outcomes: Outcomes) -> int | None:
    """-1 reduced, 0 unchanged, 1 increased; None when the two levels are not both known."""
    before, after = outcomes.concern_at_start, outcomes.level_after
    if before is None or after is None:
        return None
    change = CONCERN_ORDER.index(after) - CONCERN_ORDER.index(before)
    return (change > 0) - (change < 0)


def outcome_figures(cases: list[CaseAudit]) -> OutcomeFigures | None:
    """Engagement over the cases with outcomes recorded; the change in concern (closed
    nested in reduced) over the engaged cases; re-referrals and escalations over all
    recorded. None when no case has outcomes."""
    recorded = [c.form.outcomes for c in cases if c.form.outcomes and not c.form.outcomes.empty]
    if not recorded:
        return None
    total = len(recorded)
    engaged_known = [o for o in recorded if o.father_engaged is not None]
    engaged = [o for o in engaged_known if o.father_engaged]
    moves = [movement(o) for o in engaged]

    def of_engaged(number: int) -> Count:
        return Count(numerator=number, denominator=len(engaged))

    def of_all(number: int) -> Count:
        return Count(numerator=number, denominator=total)

    return OutcomeFigures(
        recorded=total,
        followed_up=sum(1 for o in recorded if o.level_after is not None),
        engaged=Count(numerator=len(engaged), denominator=len(engaged_known)),
        engagement_not_recorded=total - len(engaged_known),
        reduced=of_engaged(moves.count(-1)),
        closed=of_engaged(
            sum(1 for o, m in zip(engaged, moves, strict=True) if o.closed and m == -1)
        ),
        unchanged=of_engaged(moves.count(0)),
        increased=of_engaged(moves.count(1)),
        not_followed_up=of_engaged(moves.count(None)),
        re_referred=of_all(sum(1 for o in recorded if o.re_referred)),
        escalated=of_all(sum(1 for o in recorded if o.escalated)),
        children_under_one_reached=sum(o.children_under_one or 0 for o in engaged),
        follow_up_months=sorted(
            o.follow_up_months
            for o in recorded
            if o.follow_up_months is not None and o.level_after is not None
        ),
    )


def case_characteristics(tool: Tool, cases: list[CaseAudit]) -> dict[str, Any]:
    """Children, ages, sex, harms, levels, legal status, agencies and cases discussed.

    Agency assessments have none of these: their counts are zero and their lists empty.
    """
    forms = {c.form.case_id: c.form.characteristics for c in cases}
    found = {k: v for k, v in forms.items() if v is not None}
    children = [child for v in found.values() for child in v.children]
    ages = [child.age for child in children]
    return {
        "children": len(children),
        "age_range": age_range(ages),
        "youngest_months": min(ages) if ages else None,
        "oldest_months": max(ages) if ages else None,
        "by_sex": {sex: sum(1 for child in children if child.sex == sex) for sex in SEXES},
        "by_harm": tallies(tool, "harm", {k: v.harm for k, v in found.items()}),
        "by_intervention_level": tallies(
            tool, "intervention_level", {k: [v.intervention_level] for k, v in found.items()}
        ),
        "by_legal_status": tallies(
            tool, "legal_status", {k: [v.legal_status or ""] for k, v in found.items()}
        ),
        "by_agency": tallies(tool, "agency", {k: v.agencies for k, v in found.items()}),
        "discussed": Count(
            numerator=sum(1 for v in found.values() if v.discussed_at_meeting),
            denominator=len(found),
        ),
    }


def unevidenced(tool: Tool, cases: list[CaseAudit]) -> list[Unevidenced]:
    """Per form, the answered questions with no evidence: for an agency assessment no
    portfolio reference, for a case no evidence note. Forms with none are left out."""
    rows = []
    for case in cases:
        missing = [
            answer.question_id
            for answer in case.answers.values()
            if answer.state is State.ANSWERED
            and not (
                (answer.portfolio if tool.scope == "agency" else answer.evidence) or ""
            ).strip()
        ]
        if missing:
            rows.append(Unevidenced(case_id=case.form.case_id, question_ids=missing))
    return rows


def section_figures(section_id: str, title: str, subtotals: list[SectionScore]) -> SectionFigures:
    """A section's spread over the cases, from each case's subtotal of it."""
    return SectionFigures(
        section_id=section_id,
        title=title,
        spread=spread(
            [s.percent for s in subtotals],
            pooled([s.earned for s in subtotals], [s.available for s in subtotals]),
        ),
    )


def scored(cases: list[CaseAudit]) -> tuple[list[CaseScore], Totals]:
    """Each case's score, and per question the cases counted and points earned of available.

    The cohort keeps each case's section subtotals only; a question-by-question trace is
    for one case at a time (`score --explain`), not for ten thousand held at once.
    """
    totals: Totals = {}
    scorers: dict[str, Scorer] = {}
    scores = []
    for case in cases:
        key = case.tool.key
        scorer = scorers.get(key) or scorers.setdefault(key, Scorer(case.tool, totals))
        scores.append(scorer.case(case, trace=False))
    return scores, totals


def build_cohort(
    tool: Tool,
    cases: list[CaseAudit],
    unreadable: list[Unreadable] | None = None,
    *,
    grading_used: bool = True,
) -> Cohort:
    """The cohort of valid cases filled against `tool`; no bands at all when the audit
    says its grading was not used (`grading_used`)."""
    cases = sorted(cases, key=lambda c: c.form.case_id)
    scores, sums = scored(cases)
    graded = tool.grading.kind != "none" and grading_used
    if not graded:
        scores = [replace(s, band=None) for s in scores]
    figures = question_figures(tool, cases, sums)
    strongest, weakest = strongest_and_weakest(figures, len(cases))
    return Cohort(
        tool=tool.key,
        tool_title=tool.title,
        scope=tool.scope,
        graded=graded,
        cases=len(cases),
        case_ids=[c.form.case_id for c in cases],
        **case_characteristics(tool, cases),
        bands=band_counts(tool, scores) if graded else {},
        overall=spread(
            [s.percent for s in scores],
            pooled([s.earned for s in scores], [s.available for s in scores]),
        ),
        sections=[
            section_figures(section.id, section.title, [s.sections[at] for s in scores])
            for at, section in enumerate(tool.sections)  # each case's subtotals in this order
        ],
        questions=figures,
        strongest=strongest,
        weakest=weakest,
        themes=theme_figures(tool, cases),
        learning=learning_points(cases),
        escalations=[c.form.case_id for c in cases if flagged(tool, c)],
        outcomes=outcome_figures(cases),
        by_source=source_figures(tool, sums),
        unevidenced=unevidenced(tool, cases),
        scores=scores,
        unreadable=unreadable or [],
    )
