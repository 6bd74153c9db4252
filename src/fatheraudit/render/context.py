"""What the report templates receive: plain dicts and lists built from an audit.

Every figure here comes from the cohort; every theme count keeps the case ids
behind it, with short excerpts of the evidence notes that support it.
"""

from __future__ import annotations

import re
from typing import Any

from fatheraudit.actions import view_actions
from fatheraudit.cohort import Cohort, ThemeFigures
from fatheraudit.core import AuditResult
from fatheraudit.forms import CaseAudit, State
from fatheraudit.suppression import hide_small, published
from fatheraudit.tools import Tool

EXCERPT_CHARACTERS = 200
EXCERPTS_PER_THEME = 3
LINKING_WORDS = frozenset({"of", "the", "for", "in", "s"})


def excerpt(text: str, limit: int = EXCERPT_CHARACTERS) -> str:
    """The start of an evidence note, cut at a word boundary, with an ellipsis if cut."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:.") + " …"


def theme_excerpts(tool: Tool, theme: ThemeFigures, cases: list[CaseAudit]) -> list[dict[str, str]]:
    """Evidence from questions tagged with the theme, in the cases that carry it.

    For an enabler only notes of fully met questions are used, for a barrier only
    notes of questions not fully met: the notes most likely to show the theme at work.
    """
    tagged = [q for q in tool.questions() if theme.id in q.themes]
    found = []
    for case in cases:
        if case.form.case_id not in theme.case_ids:
            continue
        notes = []
        for question in tagged:
            answer = case.answers[question.id]
            if answer.state is State.ANSWERED and answer.evidence and answer.evidence.strip():
                points = answer.points
                if points is None:
                    notes.append((-1.0, answer.evidence, question.id))
                elif answer.full == (theme.kind == "enabler"):
                    rank = points if theme.kind == "enabler" else -points
                    notes.append((rank, answer.evidence, question.id))
        if notes:
            best = max(notes, key=lambda note: note[0])
            found.append(
                {"case_id": case.form.case_id, "question_id": best[2], "text": excerpt(best[1])}
            )
        if len(found) == EXCERPTS_PER_THEME:
            break
    return found


def theme_rows(
    tool: Tool, figures: list[ThemeFigures], kind: str, cases: list[CaseAudit]
) -> list[dict[str, Any]]:
    """Enablers or barriers, most common first, each with its cases and excerpts."""
    descriptions = {t.id: t.description for t in tool.themes}
    return [
        {
            **theme.model_dump(mode="json"),
            "description": descriptions.get(theme.id, ""),
            "excerpts": theme_excerpts(tool, theme, cases),
        }
        for theme in figures
        if theme.kind == kind
    ]


def theme_groups(tool: Tool, rows: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    """The enablers or barriers of `theme_rows` under the tool's headings, in its order,
    most common first within each; one group with no heading when the tool has none."""
    groups = [
        {"heading": heading, "themes": [r for r in rows if r["group"] == heading]}
        for heading in tool.group_order(kind)
    ]
    return [g for g in groups if g["themes"]]


def section_rows(tool: Tool, cohort: Cohort) -> list[dict[str, Any]]:
    """Each section with its score spread and its questions' answer figures."""
    rows = []
    for section, figures in zip(tool.sections, cohort.sections, strict=True):
        questions = [
            q.model_dump(mode="json") for q in cohort.questions if q.section_id == section.id
        ]
        rows.append(
            {
                "id": section.id,
                "title": section.title,
                "description": section.description,
                "spread": figures.spread.model_dump(mode="json"),
                "cases_scored": {
                    "numerator": figures.spread.scored,
                    "denominator": figures.spread.scored + figures.spread.unscored,
                },
                "questions": questions,
            }
        )
    return rows


def labels(tool: Tool, vocabulary: str, ids: list[str]) -> list[str]:
    """Controlled-list ids as their labels."""
    terms = tool.terms(vocabulary)
    return [terms[i].label if i in terms else i for i in ids]


def action_rows(audit: AuditResult) -> list[dict[str, Any]]:
    """Actions with their dates read and flags as of the report's date."""
    assert audit.meta is not None
    return [
        {
            **view.action.model_dump(mode="json"),
            "label": view.label,
            "due_date": view.due.day.isoformat() if view.due.day else None,
            "due_text": view.due.written,
            "overdue_days": view.overdue,
            "not_smart": view.gaps,
        }
        for view in view_actions(audit.actions, audit.meta.dates.report)
    ]


def characteristics(cohort: Cohort, below: int | None) -> dict[str, Any]:
    """Case characteristics as text, small counts hidden when `below` is set."""
    sexes = {k: v for k, v in cohort.by_sex.items() if v}
    partitioned = {"by_intervention_level", "by_legal_status"}
    tables = {}
    for name in ("by_harm", "by_intervention_level", "by_legal_status", "by_agency"):
        rows = getattr(cohort, name)
        counts = {row.id: row.count.numerator for row in rows}
        texts = hide_small(counts, below, adds_up=name in partitioned)
        tables[name] = [
            {
                "label": row.label,
                "cases": texts[row.id],
                "of": row.count.denominator,
                "number": row.count.numerator,
            }
            for row in rows
        ]
    tables["by_agency"] = sorted(
        tables["by_agency"],
        key=lambda row: (0, -row["number"], "") if row["cases"].isdigit() else (1, 0, row["label"]),
    )
    return {
        "suppressed_below": below,
        "sex": hide_small(sexes, below, adds_up=True),
        "age_range": cohort.age_range if below is None else None,
        **tables,
    }


def words_of(text: str) -> list[str]:
    """The case-folded words of a name, for comparing names; never shown."""
    return re.findall(r"\w+", text.casefold())


def find_words(outer: list[str], inner: list[str]) -> int:
    """Where the words `inner` first run together in `outer`, or -1."""
    width = len(inner)
    starts = range(len(outer) - width + 1) if inner else range(0)
    return next((i for i in starts if outer[i : i + width] == inner), -1)


def mentions(outer: str, inner: list[str]) -> bool:
    """True when the name `outer` already says `inner` (a leading 'the' aside)."""
    inner = inner[1:] if inner[:1] == ["the"] else inner
    return find_words(words_of(outer), inner) >= 0


def own_name(subgroup: str, partnership: str) -> list[str]:
    """The subgroup's words without its partnership: 'QA Subgroup of the X' -> qa subgroup."""
    words, theirs = words_of(subgroup), words_of(partnership)
    at = find_words(words, theirs)
    if at >= 0:
        words = words[:at] + words[at + len(theirs) :]
    while words and words[-1] in LINKING_WORDS:
        words.pop()
    while words and words[0] in LINKING_WORDS:
        words.pop(0)
    return words or words_of(subgroup)


def body_names(subgroup: str, partnership: str) -> list[str]:
    """The subgroup and the partnership, leaving out a partnership the subgroup names."""
    return [subgroup] if mentions(subgroup, words_of(partnership)) else [subgroup, partnership]


def sign_off_names(chair: str, subgroup: str, partnership: str) -> list[str]:
    """The chair, subgroup and partnership, each left out when an earlier one says it.

    'Chair of the Quality Assurance Subgroup' already names a subgroup called
    'Quality Assurance Subgroup (of the X)', so the subgroup is not written again.
    """
    names = [chair]
    if not mentions(chair, own_name(subgroup, partnership)):
        names.append(subgroup)
    if not any(mentions(name, words_of(partnership)) for name in names):
        names.append(partnership)
    return names


def audit_context(audit: AuditResult, suppress_below: int | None = None) -> dict[str, Any]:
    """Everything the report and summary templates may use."""
    cohort = audit.score.cohort
    meta = audit.meta
    assert cohort is not None and meta is not None
    cases = audit.score.check.cases
    tool = cases[0].tool
    meta_dump = meta.model_dump(mode="json")
    meta_dump["meeting"]["agencies_attending"] = labels(
        tool, "agency", meta.meeting.agencies_attending
    )
    meta_dump["meeting"]["agencies_sent_apologies"] = labels(
        tool, "agency", meta.meeting.agencies_sent_apologies
    )
    texts = {q.id: q.text for q in tool.questions()}
    sections = section_rows(tool, cohort)
    ranked = [s for s in sections if s["spread"]["pooled"] is not None]
    ranked.sort(key=lambda s: s["spread"]["pooled"])
    enablers = theme_rows(tool, cohort.themes, "enabler", cases)
    barriers = theme_rows(tool, cohort.themes, "barrier", cases)
    context = {
        "meta": meta_dump,
        "tool": {"key": tool.key, "title": tool.title, "questions": len(texts)},
        "cohort": cohort.model_dump(mode="json", exclude={"scores", "questions", "learning"}),
        "sections": sections,
        "scored": bool(ranked),
        "best_section": ranked[-1] if ranked else None,
        "weakest_section": ranked[0] if ranked else None,
        "body": body_names(meta.qa_subgroup, meta.partnership),
        "sign_off": sign_off_names(meta.chair, meta.qa_subgroup, meta.partnership),
        "question_text": texts,
        "enablers": enablers,
        "barriers": barriers,
        "enabler_groups": theme_groups(tool, enablers, "enabler"),
        "barrier_groups": theme_groups(tool, barriers, "barrier"),
        "actions": action_rows(audit),
        "left_out": [u.path for u in cohort.unreadable],
        "graded": meta.grading_used and cohort.graded,
        "characteristics": characteristics(cohort, suppress_below),
        "privacy_findings": len(audit.privacy_findings),
        "escalated": {"numerator": len(cohort.escalations), "denominator": cohort.cases},
        "father_feedback": {
            "numerator": meta.father_feedback.received,
            "denominator": meta.father_feedback.sought,
        },
        "published": False,
        "suppressed_below": None,
        "charts": False,
    }
    if suppress_below is None:
        return context
    reviewed = frozenset(" ".join(ref.split()) for ref in meta.published_excerpts)
    shown = published(context, suppress_below, reviewed)
    return {**shown, "meta": meta_dump, "published": True, "suppressed_below": suppress_below}
