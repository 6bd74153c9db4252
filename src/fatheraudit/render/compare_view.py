"""A re-audit comparison in a terminal."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from fatheraudit.cohort import Count
from fatheraudit.compare import Comparison
from fatheraudit.figures import change, whole_percent
from fatheraudit.render.score_view import count_share


def points(difference: float | None) -> str:
    """`+17 pts`, `-4 pts`, `same`, or `n/a`."""
    return change(difference, unit="pts", same="same")


def count_text(count: Count | None) -> str:
    """`6 of 10 (60%)`, or `-`."""
    return "-" if count is None else count_share(count)


def sections_table(comparison: Comparison) -> Table:
    """Share of points per section and overall, in both rounds."""
    table = Table(title="Share of points available, all cases", title_justify="left")
    for column in ("section", "baseline", "follow-up", "change"):
        table.add_column(column, justify="left" if column == "section" else "right")
    for row in [*comparison.sections, comparison.overall]:
        name = "All sections" if row.section_id == "all" else f"{row.section_id}. {row.title}"
        before, after = whole_percent(row.baseline), whole_percent(row.follow_up)
        table.add_row(escape(name), before, after, points(row.change))
    return table


def questions_table(comparison: Comparison) -> Table:
    """Good answers per question in both rounds."""
    table = Table(title="Good answers (best points) among cases answering", title_justify="left")
    for column in ("question", "baseline", "follow-up", "change"):
        table.add_column(column, justify="left" if column == "question" else "right")
    for row in comparison.questions:
        table.add_row(
            row.question_id, count_text(row.baseline), count_text(row.follow_up), points(row.change)
        )
    return table


def themes_table(comparison: Comparison) -> Table:
    """Themes that appeared, faded, rose or fell."""
    table = Table(title="Themes", title_justify="left")
    for column in ("kind", "theme", "baseline", "follow-up", "trend"):
        table.add_column(column)
    for row in comparison.themes:
        table.add_row(
            row.kind, escape(row.label), str(row.baseline), str(row.follow_up), row.status
        )
    return table


def print_comparison(console: Console, comparison: Comparison) -> None:
    """Sections, questions and themes, baseline against follow-up."""
    console.print(
        f"Baseline {comparison.baseline_tool}, {comparison.baseline_cases} cases; follow-up "
        f"{comparison.follow_up_tool}, {comparison.follow_up_cases} cases; in both rounds: "
        f"{', '.join(comparison.cases_in_both) or 'none'}."
    )
    for table in (sections_table, questions_table, themes_table):
        console.print(table(comparison))
    if comparison.only_in_one_round:
        console.print(f"Questions in only one round: {', '.join(comparison.only_in_one_round)}.")
