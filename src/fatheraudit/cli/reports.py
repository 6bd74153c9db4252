"""Commands that write or show what leaves the audit: report, summary, actions,
compare, redact."""

import sys
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from fatheraudit.compare import Comparison
    from fatheraudit.core import AuditResult, Readiness

from fatheraudit.cli.app import (
    AllowIdentifiers,
    AuditDir,
    CheckFormat,
    ForceOption,
    FormatOption,
    OutputOption,
    ReferenceDocx,
    ReportFormat,
    SkipInvalid,
    SuppressBelow,
    TemplatesOption,
    ToolsDirs,
    app,
    checker_for,
    fail,
    progress_bar,
    registry_for,
    show,
    stderr,
    wrote,
)


def readable_audit(
    folder: Path, tools_dirs: list[Path] | None, skip_invalid: bool, allow_identifiers: bool
) -> "tuple[AuditResult, Readiness]":
    """The audit and its readiness, or a clear refusal when it cannot or should not be
    reported."""
    from fatheraudit.core import load_audit, report_readiness
    from fatheraudit.render.console import print_problems

    audit = load_audit(folder, checker_for(tools_dirs), progress_bar([folder]))
    print_problems(stderr(), audit.problems)
    readiness = report_readiness(audit, skip_invalid, allow_identifiers)
    if not readiness.ready:
        fail(readiness.refusals[0], 1)
    return audit, readiness


@dataclass(frozen=True)
class ReportChoices:
    """How a report is written."""

    output_format: ReportFormat
    templates: Path | None
    force: bool
    suppress_below: int | None
    reference_docx: Path | None = None


def publish(
    audit: "AuditResult",
    readiness: "Readiness",
    kind: str,
    output: Path | None,
    choices: ReportChoices,
) -> None:
    """Render one report and write it where asked."""
    from fatheraudit.output import check_target, write_bytes

    output_format = choices.output_format.value
    target = output if output is not None else readiness.default_output(kind, output_format)
    if str(target) == "-" and not readiness.may_show(output_format):
        fail(f"a {output_format} file cannot go to stdout; give a file with -o")
    if choices.reference_docx is not None and choices.output_format is not ReportFormat.docx:
        fail("--reference-docx is for --format docx")
    inputs = audit.inputs + ([choices.reference_docx] if choices.reference_docx else [])
    data = document_bytes(audit, kind, choices)
    if str(target) == "-":
        sys.stdout.write(data.decode("utf-8"))
        return
    check_target(target, inputs, [audit.cases_folder])
    write_bytes(target, data, force=choices.force, private=True)
    wrote(target)


def document_bytes(audit: "AuditResult", kind: str, choices: ReportChoices) -> bytes:
    """The report or summary in the format asked for; warnings printed."""
    from fatheraudit.render.console import print_problems
    from fatheraudit.render.formats import audit_request, document

    request = audit_request(
        kind, audit, choices.suppress_below, choices.templates, choices.reference_docx
    )
    data, warnings = document(choices.output_format.value, request)
    print_problems(stderr(), warnings)
    return data


def audit_document(kind: str, help_text: str) -> None:
    """Register `report` or `summary`: the same options, a different document."""

    def command(
        folder: AuditDir,
        output: OutputOption = None,
        output_format: FormatOption = ReportFormat.md,
        templates: TemplatesOption = None,
        skip_invalid: SkipInvalid = False,
        allow_identifiers: AllowIdentifiers = False,
        suppress_below: SuppressBelow = None,
        force: ForceOption = False,
        reference_docx: ReferenceDocx = None,
        tools_dirs: ToolsDirs = None,
    ) -> None:
        audit, readiness = readable_audit(folder, tools_dirs, skip_invalid, allow_identifiers)
        choices = ReportChoices(output_format, templates, force, suppress_below, reference_docx)
        publish(audit, readiness, kind, output, choices)
        raise typer.Exit(0 if audit.ok else 1)

    command.__doc__ = help_text
    app.command(kind)(command)


audit_document(
    "report", "Write the audit report (Markdown, HTML, PDF, Word or Excel) from an audit folder."
)
audit_document(
    "summary",
    "Write the one-page QA subgroup meeting summary (Markdown, HTML, PDF, Word or Excel).",
)


@app.command()
def actions(
    path: Annotated[
        Path, typer.Argument(help="An audit folder, or its actions.yaml.", exists=True)
    ],
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Judge overdue actions as of this date (default today)."),
    ] = None,
    output_format: Annotated[
        CheckFormat, typer.Option("--format", help="text or json.")
    ] = CheckFormat.text,
    tools_dirs: ToolsDirs = None,
) -> None:
    """Show an action plan: dates as read, overdue actions, and what is not SMART."""
    from fatheraudit.actions import view_actions
    from fatheraudit.core import read_action_plan
    from fatheraudit.models import parse_date
    from fatheraudit.problems import has_errors
    from fatheraudit.render.console import print_problems
    from fatheraudit.render.views import PLAN_RENDERERS, pick

    try:
        day = parse_date(as_of) if as_of is not None else date.today()
    except ValueError as error:
        fail(f"--as-of: {error}")
    found, problems = read_action_plan(path, registry_for(tools_dirs))
    print_problems(stderr(), problems)
    show(pick(PLAN_RENDERERS, output_format.value)(view_actions(found, day), day))
    raise typer.Exit(1 if has_errors(problems) else 0)


class CompareFormat(StrEnum):
    """Output formats of `compare`."""

    table = "table"
    json = "json"
    md = "md"
    xlsx = "xlsx"


@app.command()
def compare(
    baseline: Annotated[
        Path,
        typer.Argument(
            help="The first round: an audit or cases folder.", exists=True, file_okay=False
        ),
    ],
    follow_up: Annotated[
        Path, typer.Argument(help="The later round.", exists=True, file_okay=False)
    ],
    output_format: Annotated[
        CompareFormat, typer.Option("--format", help="table, json, md or xlsx.")
    ] = CompareFormat.table,
    output: OutputOption = None,
    templates: TemplatesOption = None,
    force: ForceOption = False,
    tools_dirs: ToolsDirs = None,
) -> None:
    """Compare a re-audit with its baseline: sections, questions, themes."""
    from fatheraudit.compare import compare_rounds, read_round
    from fatheraudit.render.console import print_problems

    checker = checker_for(tools_dirs)
    rounds = [read_round(folder, checker) for folder in (baseline, follow_up)]
    for found in rounds:
        print_problems(stderr(), found.check.problems)
    comparison = compare_rounds(*rounds)
    emit_comparison(comparison, output_format, output, templates, force, [baseline, follow_up])
    raise typer.Exit(0 if all(r.check.ok for r in rounds) else 1)


def emit_comparison(
    comparison: "Comparison",
    output_format: CompareFormat,
    output: Path | None,
    templates: Path | None,
    force: bool,
    inputs: list[Path],
) -> None:
    """Print or write a comparison in the format asked for."""
    from fatheraudit.output import check_target, write_bytes, write_text
    from fatheraudit.render.console import print_problems
    from fatheraudit.render.views import COMPARISON_RENDERERS, ComparisonRequest, pick

    to_file = output is not None and str(output) != "-"
    if output_format is CompareFormat.xlsx and not to_file:
        fail("a workbook needs a file: give -o FILE.xlsx")
    request = ComparisonRequest(comparison, templates)
    rendered = pick(COMPARISON_RENDERERS, output_format.value)(request)
    print_problems(stderr(), request.warnings)
    if output is None or not to_file or callable(rendered):
        show(rendered)
        return
    check_target(output, folders=inputs)
    if isinstance(rendered, bytes):
        write_bytes(output, rendered, force=force, private=True)
    else:
        write_text(output, rendered, force=force, private=True)
    wrote(output)


@app.command()
def redact(
    paths: Annotated[list[Path], typer.Argument(help="Forms or folders to redact.", exists=True)],
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder for the redacted copies.")],
    force: ForceOption = False,
    tools_dirs: ToolsDirs = None,
) -> None:
    """Write copies of forms with possible identifiers replaced by their kind."""
    from fatheraudit.core import redact_paths
    from fatheraudit.output import check_target, write_text
    from fatheraudit.privacy import KINDS
    from fatheraudit.problems import has_errors
    from fatheraudit.render.console import print_problems

    check_target(output, folders=[p if p.is_dir() else p.parent for p in paths])
    written = 0
    problems = []
    for relative, result in redact_paths(paths, registry_for(tools_dirs)):
        problems += result.problems
        if result.text is None:
            continue
        write_text(output / relative, result.text, force=force, private=True)
        written += 1
        counts = ", ".join(f"{n} {KINDS[k]}" for k, n in sorted(result.replaced.items()))
        stderr().print(f"{output / relative}: {counts or 'nothing to redact'}", markup=False)
    print_problems(stderr(), problems)
    stderr().print(f"wrote {written} redacted file(s) to {output}", markup=False)
    raise typer.Exit(1 if has_errors(problems) else 0)
