"""Commands that check and count forms: validate, score, status."""

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from fatheraudit.core import (
        CheckResult,
        ScoreResult,
    )

from fatheraudit.cli.app import (
    CheckFormat,
    FormPaths,
    PrivacyLevel,
    ToolsDirs,
    app,
    checker_for,
    fail,
    progress_bar,
    registry_for,
    show,
    stderr,
    stdout,
)


@app.command()
def validate(
    paths: FormPaths,
    output_format: Annotated[
        CheckFormat, typer.Option("--format", help="text or json.")
    ] = CheckFormat.text,
    privacy: Annotated[
        PrivacyLevel,
        typer.Option("--privacy", help="How to report possible identifiers: warning or error."),
    ] = PrivacyLevel.warning,
    tools_dirs: ToolsDirs = None,
) -> None:
    """Check case forms against their audit tool and report every problem."""
    from fatheraudit.core import check_paths
    from fatheraudit.render.console import check_json, print_check

    result = check_paths(paths, checker_for(tools_dirs, privacy), keep_cases=False)
    if output_format is CheckFormat.json:
        print(check_json(result))
    else:
        print_check(stdout(), result)
    raise typer.Exit(0 if result.ok else 1)


class ScoreFormat(StrEnum):
    """Output formats of `score`."""

    table = "table"
    json = "json"
    csv = "csv"


class ScoreView(StrEnum):
    """What `score` shows in a table."""

    case = "case"
    question = "question"
    theme = "theme"
    source = "source"
    readiness = "readiness"


def report_left_out(check: "CheckResult") -> None:
    """Problems on stderr, so stdout stays clean for JSON and CSV."""
    from fatheraudit.render.console import print_problems, summary_line

    console = stderr()
    print_problems(console, check.problems)
    if not check.ok:
        console.print(
            f"left out of the figures: {len(check.invalid_files)} invalid file(s). "
            + summary_line(check),
            style="red",
            soft_wrap=True,
            markup=False,
        )


@app.command()
def score(
    paths: FormPaths,
    by: Annotated[
        ScoreView,
        typer.Option("--by", help="case, question, theme, source (practice points) or readiness."),
    ] = ScoreView.case,
    output_format: Annotated[
        ScoreFormat, typer.Option("--format", help="table, json (the cohort) or csv.")
    ] = ScoreFormat.table,
    explain: Annotated[
        str | None, typer.Option("--explain", help="Show how one case's score was reached.")
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Refuse to score when any file is invalid.")
    ] = False,
    tools_dirs: ToolsDirs = None,
) -> None:
    """Score valid case forms and show the cohort's figures and themes."""
    from fatheraudit.core import score_paths

    checker = checker_for(tools_dirs)
    result = score_paths(paths, checker, progress_bar(paths), keep_evidence=explain is not None)
    report_left_out(result.check)
    if (refusal := result.refusal(strict)) is not None:
        fail(refusal, 1)
    if explain is not None:
        show_explanation(result, explain, output_format)
    else:
        show_cohort(result, by, output_format)
    raise typer.Exit(0 if result.check.ok else 1)


def show_cohort(result: "ScoreResult", by: ScoreView, output_format: ScoreFormat) -> None:
    """Print the cohort in the format and view asked for."""
    from fatheraudit.render.views import SCORE_RENDERERS, pick

    name = by.value if output_format is ScoreFormat.table else output_format.value
    show(pick(SCORE_RENDERERS, name)(result))


def show_explanation(result: "ScoreResult", case_id: str, output_format: ScoreFormat) -> None:
    """Print one case's scoring trace."""
    from fatheraudit.render.views import EXPLAIN_RENDERERS, pick

    found, tool = result.explain(case_id)
    show(pick(EXPLAIN_RENDERERS, output_format.value)(found, tool))


@app.command()
def status(
    paths: FormPaths,
    tools_dirs: ToolsDirs = None,
) -> None:
    """Show how far each form is filled, what is still open or wrong, and who it waits on."""
    from fatheraudit.core import progress_of
    from fatheraudit.render.console import progress_table

    found = progress_of(paths, registry_for(tools_dirs))
    stdout().print(progress_table(found))
