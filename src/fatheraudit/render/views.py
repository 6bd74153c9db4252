"""The outputs of `score`, `score --explain`, `compare` and `actions`, each chosen by
format name from one table (the report and summary have theirs in `formats`); the
text of a tool's schema and of a new form's editor line.

A renderer returns text (JSON, CSV, Markdown: written to stdout or a file as it is),
bytes (a workbook: written to a file only) or a `Printer`, which draws on a console.
Heavy renderers (Jinja, openpyxl) are imported only when their format is asked for.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console, RenderableType

from fatheraudit.problems import Problem

if TYPE_CHECKING:
    from fatheraudit.actions import ActionView
    from fatheraudit.cohort import Cohort
    from fatheraudit.compare import Comparison
    from fatheraudit.core import ScoreResult
    from fatheraudit.scoring import CaseScore
    from fatheraudit.tools import Tool

Printer = Callable[[Console], None]
Output = str | bytes | Printer


def printed(renderable: RenderableType) -> Printer:
    """A printer of one table (or other rich renderable)."""
    return lambda console: console.print(renderable)


def cohort_of(result: ScoreResult) -> Cohort:
    """The cohort a score view shows (there is one once scoring was not refused)."""
    if result.cohort is None:
        raise ValueError("no cohort to show: no valid case was scored")
    return result.cohort


def scores_view(result: ScoreResult) -> Output:
    """Cases, headline figures and top themes."""
    from fatheraudit.render.score_view import print_scores

    return partial(print_scores, cohort=cohort_of(result))


def questions_view(result: ScoreResult) -> Output:
    """Each question's answers across the cases."""
    from fatheraudit.render.score_view import questions_table

    return printed(questions_table(cohort_of(result)))


def themes_view(result: ScoreResult) -> Output:
    """Every theme with the cases behind its count."""
    from fatheraudit.render.score_view import themes_table

    return printed(themes_table(cohort_of(result)))


def sources_view(result: ScoreResult) -> Output:
    """Points earned per source and per numbered practice point."""
    from fatheraudit.render.score_view import sources_table

    return printed(sources_table(cohort_of(result)))


def readiness_view(result: ScoreResult) -> Output:
    """Per form, the answers that cite no evidence."""
    from fatheraudit.render.score_view import readiness_table

    return printed(readiness_table(cohort_of(result)))


def cohort_json(result: ScoreResult) -> Output:
    """The cohort model as JSON."""
    return cohort_of(result).model_dump_json(indent=2)


def cohort_rows(result: ScoreResult) -> Output:
    """One CSV row per case."""
    from fatheraudit.render.csv_table import cohort_csv

    return cohort_csv(cohort_of(result), result.check.cases)


SCORE_RENDERERS: dict[str, Callable[[ScoreResult], Output]] = {
    "case": scores_view,
    "question": questions_view,
    "theme": themes_view,
    "source": sources_view,
    "readiness": readiness_view,
    "json": cohort_json,
    "csv": cohort_rows,
}


def explain_view(score: CaseScore, tool: Tool) -> Output:
    """One case's scoring trace as a table."""
    from fatheraudit.render.score_view import explain_table

    return printed(explain_table(score, tool))


def explain_json(score: CaseScore, _tool: Tool) -> Output:
    """One case's scoring trace as JSON."""
    from pydantic import TypeAdapter

    return TypeAdapter(type(score)).dump_json(score, indent=2).decode()


EXPLAIN_RENDERERS: dict[str, Callable[[CaseScore, Tool], Output]] = {
    "table": explain_view,
    "csv": explain_view,  # a trace has no CSV form; the table is shown
    "json": explain_json,
}


def plan_view(views: list[ActionView], as_of: date) -> Output:
    """The action plan as a table."""
    from fatheraudit.render.plan_view import plan_table

    return printed(plan_table(views, as_of))


def plan_text(views: list[ActionView], as_of: date) -> Output:
    """The action plan as JSON."""
    from fatheraudit.render.plan_view import plan_json

    return plan_json(views, as_of)


PLAN_RENDERERS: dict[str, Callable[[list[ActionView], date], Output]] = {
    "text": plan_view,
    "json": plan_text,
}


@dataclass
class ComparisonRequest:
    """A comparison to render, a folder of the user's templates, and the warnings that
    rendering adds (text cut to fit a cell)."""

    comparison: Comparison
    templates: Path | None = None
    warnings: list[Problem] = field(default_factory=list)


def comparison_view(request: ComparisonRequest) -> Output:
    """Sections, questions and themes as tables."""
    from fatheraudit.render.compare_view import print_comparison

    return partial(print_comparison, comparison=request.comparison)


def comparison_json(request: ComparisonRequest) -> Output:
    """The comparison model as JSON."""
    return request.comparison.model_dump_json(indent=2)


def comparison_markdown(request: ComparisonRequest) -> Output:
    """The comparison as Markdown, from `compare.md.j2`."""
    from fatheraudit.render.markdown import render

    context = request.comparison.model_dump(mode="json")
    return render("compare.md.j2", context, request.templates)


def comparison_workbook(request: ComparisonRequest) -> Output:
    """The comparison as a workbook."""
    from fatheraudit.render.excel import comparison_workbook as workbook

    data, warnings = workbook(request.comparison)
    request.warnings.extend(warnings)
    return data


COMPARISON_RENDERERS: dict[str, Callable[[ComparisonRequest], Output]] = {
    "table": comparison_view,
    "json": comparison_json,
    "md": comparison_markdown,
    "xlsx": comparison_workbook,
}


def schema_text(tool: Tool) -> str:
    """The JSON Schema of a tool's form, as text for a file or stdout."""
    import json

    from fatheraudit.render.schema import form_schema

    return json.dumps(form_schema(tool), indent=2, ensure_ascii=False) + "\n"


def with_modeline(text: str, tool: Tool) -> str:
    """A YAML form headed by the editor modeline naming its tool's schema in `.schema/`."""
    from fatheraudit.render.blank_form import modeline, schema_path

    return f"{modeline(schema_path(tool))}\n{text}"


def schema_target(folder: Path, tool: Tool) -> Path:
    """Where the modeline of a form in `folder` points."""
    from fatheraudit.render.blank_form import schema_path

    return folder / schema_path(tool)


def pick(table: dict[str, Callable[..., Output]], name: str) -> Callable[..., Output]:
    """The renderer named `name` in `table`; a ValueError naming the formats there are."""
    if name not in table:
        raise ValueError(f"no renderer for {name!r}; formats: {', '.join(table)}")
    return table[name]
