"""The cohort in a terminal: per-case scores, headline figures, themes, questions, traces."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from fatheraudit.cohort import Cohort, Count, QuestionFigures, Spread, Tally
from fatheraudit.figures import points_of, share, whole_number, whole_percent, with_percent
from fatheraudit.scoring import CaseScore
from fatheraudit.tools import Tool

TOP_THEMES = 5


def count_share(count: Count) -> str:
    """`6 of 10 (60%)`."""
    return share(count.numerator, count.denominator, count.percent)


def cases_table(cohort: Cohort) -> Table:
    """One row per case, section scores as columns, then the cohort row."""
    table = Table(
        title=f"Scores, % of points available: {escape(cohort.tool_title)} ({cohort.tool})",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        padding=(0, 1, 0, 0),
        pad_edge=False,
    )
    table.add_column("case" if cohort.scope == "case" else "assessment", no_wrap=True, min_width=9)
    for section in cohort.sections:
        table.add_column(section.section_id, justify="right", no_wrap=True, min_width=3)
    table.add_column("total", justify="right", style="bold", no_wrap=True, min_width=5)
    if cohort.graded:
        table.add_column("band", no_wrap=True, min_width=10)
    themed = cohort.scope == "case"
    if themed:
        table.add_column("themes", justify="right", no_wrap=True, min_width=6)
    for score in cohort.scores:
        row = [escape(score.case_id)] + [whole_number(s.percent) for s in score.sections]
        row.append(whole_number(score.percent))
        if cohort.graded:
            row.append(escape(score.band or "n/a"))
        table.add_row(*row, *([str(len(score.themes))] if themed else []))
    footer = ["all"] + [whole_number(s.spread.pooled) for s in cohort.sections]
    footer.append(whole_number(cohort.overall.pooled))
    footer += [""] * (int(cohort.graded) + int(themed))
    table.add_section()
    table.add_row(*footer, style="bold")
    return table


def tally_text(rows: list[Tally]) -> str:
    """`Neglect 4, Domestic abuse 4`."""
    return ", ".join(f"{escape(t.label)} {t.count.numerator}" for t in rows) or "none recorded"


def spread_text(spread: Spread) -> str:
    """`median 82%, range 3% to 99%`."""
    if spread.scored == 0:
        return "no case could be scored"
    return (
        f"median {whole_percent(spread.median)}, range {whole_percent(spread.minimum)} "
        f"to {whole_percent(spread.maximum)}, all points together {whole_percent(spread.pooled)}"
    )


def characteristics_lines(cohort: Cohort) -> list[str]:
    """The case characteristics (nothing for agency assessments)."""
    if cohort.scope != "case":
        return [f"Assessments: {cohort.cases}."]
    sexes = ", ".join(f"{n} {sex}" for sex, n in cohort.by_sex.items() if n)
    return [
        f"Cases: {cohort.cases}; children: {cohort.children} ({sexes}), aged {cohort.age_range}.",
        f"Discussed at the meeting: {cohort.discussed}.",
        f"Harm: {tally_text(cohort.by_harm)}.",
        f"Level of intervention: {tally_text(cohort.by_intervention_level)}.",
    ]


def outcome_lines(cohort: Cohort) -> list[str]:
    """Outcome figures as an evaluation gives them, each line naming its base."""
    found = cohort.outcomes
    if found is None:
        return []
    months = found.follow_up_months
    window = f", after {min(months)} to {max(months)} months" if months else ""
    engaged = found.engaged.numerator
    unknown = found.engagement_not_recorded
    return [
        f"Outcomes recorded for {found.recorded} cases; {found.followed_up} followed up{window}.",
        f"  father engaged {count_share(found.engaged)}"
        + (f"; engagement not recorded for {unknown}" if unknown else ""),
        f"  of the {engaged} engaged: level of concern reduced {part(found.reduced)}, of which "
        f"closed {part(found.closed)}; unchanged {part(found.unchanged)}; increased "
        f"{part(found.increased)}; not yet followed up {part(found.not_followed_up)}",
        f"  of all {found.recorded}: re-referred {part(found.re_referred)}; escalated "
        f"{part(found.escalated)}",
        f"  children under one reached through engaged fathers: {found.children_under_one_reached}",
    ]


def part(count: Count) -> str:
    """`23 (62%)`: a count whose base the line has named."""
    return with_percent(str(count.numerator), count.percent)


def print_headline(console: Console, cohort: Cohort) -> None:
    """The case characteristics and headline figures."""
    lines = characteristics_lines(cohort)
    lines.append(f"Overall score: {spread_text(cohort.overall)}.")
    if cohort.bands:
        bands = ", ".join(f"{escape(band)} {n}" for band, n in cohort.bands.items())
        lines.append(f"Bands: {bands}.")
    if cohort.strongest:
        noun = "questions" if cohort.scope == "case" else "indicators"
        lines.append(
            f"Strongest {noun}: {', '.join(cohort.strongest)}; "
            f"weakest: {', '.join(cohort.weakest)}."
        )
    lines += outcome_lines(cohort)
    for line in lines:
        console.print(line, soft_wrap=False)


def themes_table(cohort: Cohort, limit: int | None = None) -> Table:
    """Themes with their counts and the cases behind each count."""
    title = "Themes" if limit is None else f"Top themes (up to {limit} of each kind)"
    table = Table(title=title, title_justify="left")
    for column in ("kind", "theme", "cases", "case ids"):
        table.add_column(column)
    for kind in ("enabler", "barrier"):
        rows = [t for t in cohort.themes if t.kind == kind][:limit]
        for theme in rows:
            table.add_row(kind, escape(theme.label), str(theme.count), ", ".join(theme.case_ids))
    return table


def answers_text(figures: QuestionFigures) -> str:
    """`yes 6 · partly 3 · no 1` with percentages of those answering."""
    parts = [
        with_percent(f"{escape(a.value)} {a.count.numerator}", a.count.percent)
        for a in figures.answers
        if a.count.numerator
    ]
    return " · ".join(parts) if parts else ("answered" if figures.answered else "-")


def questions_table(cohort: Cohort) -> Table:
    """Per question: how the cases answered, and what was left out."""
    table = Table(
        title="Answers by question (percentages of cases answering)", title_justify="left"
    )
    table.add_column("id", no_wrap=True)
    table.add_column("question", no_wrap=True, overflow="ellipsis", max_width=36)
    table.add_column("answers")
    table.add_column("n/a", justify="right")
    table.add_column("not asked", justify="right")
    table.add_column("blank", justify="right")
    table.add_column("score", justify="right")
    for figures in cohort.questions:
        table.add_row(
            figures.question_id,
            escape(figures.text),
            answers_text(figures),
            str(figures.not_applicable),
            str(figures.condition_not_met),
            str(figures.not_answered),
            whole_percent(figures.score_percent) if figures.counted else "-",
        )
    return table


def sources_table(cohort: Cohort) -> Table:
    """Per source, and per numbered point of a source: its questions and the points they
    earned across the cohort."""
    table = Table(title="Points earned by source and practice point", title_justify="left")
    table.add_column("source", no_wrap=True)
    table.add_column("point", justify="right")
    table.add_column("what it asks", overflow="fold", max_width=40)
    table.add_column("questions")
    table.add_column("answers", justify="right")
    table.add_column("points earned", justify="right")
    for row in cohort.by_source:
        table.add_row(
            row.source,
            str(row.point) if row.point is not None else "",
            escape(row.label),
            ", ".join(row.question_ids),
            str(row.answers_counted),
            whole_percent(row.pooled) if row.answers_counted else "-",
        )
    return table


def explain_table(score: CaseScore, tool: Tool) -> Table:
    """How one case's score was reached, question by question, with section subtotals."""
    table = Table(title=f"How {escape(score.case_id)} was scored", title_justify="left")
    for column in ("question", "answer", "points", "weight", "earned", "counted"):
        table.add_column(
            column, justify="right" if column in {"points", "weight", "earned"} else "left"
        )
    for section in tool.sections:
        subtotal = score.section(section.id)
        for row in (q for q in score.questions if q.section_id == section.id):
            points = points_of(row.points or 0.0, row.best or 0.0) if row.counted else "-"
            table.add_row(
                row.question_id,
                escape(row.answer) or "(blank)",
                points,
                f"{row.weight:g}" if row.scored else "-",
                points_of(row.earned, row.available) if row.counted else "-",
                "yes" if row.counted else f"no: {row.reason}",
            )
        table.add_row(
            f"{section.id} total",
            "",
            "",
            "",
            points_of(subtotal.earned, subtotal.available),
            whole_percent(subtotal.percent),
            style="bold",
        )
        table.add_section()
    table.add_row(
        "overall",
        "",
        "",
        "",
        points_of(score.earned, score.available),
        whole_percent(score.percent) + (f" ({score.band})" if score.band else ""),
        style="bold",
    )
    return table


def print_scores(console: Console, cohort: Cohort) -> None:
    """The default `score` view: cases, headline figures, top themes."""
    console.print(cases_table(cohort))
    print_headline(console, cohort)
    if cohort.themes:
        console.print(themes_table(cohort, TOP_THEMES))


def readiness_table(cohort: Cohort) -> Table:
    """Per form, its score and the answered questions that cite no evidence."""
    what = "no portfolio reference" if cohort.scope == "agency" else "no evidence note"
    table = Table(title=f"Readiness: answers with {what}", title_justify="left")
    for column in ("form", "score", "band", "count", "questions"):
        table.add_column(column)
    missing = {row.case_id: row.question_ids for row in cohort.unevidenced}
    for score in cohort.scores:
        ids = missing.get(score.case_id, [])
        table.add_row(
            escape(score.case_id),
            whole_percent(score.percent),
            escape(score.band or "-"),
            str(len(ids)),
            ", ".join(ids) or "none",
        )
    return table
