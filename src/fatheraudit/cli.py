"""The `fatheraudit` command: parse arguments, call the core, print, exit.

Exit codes: 0 no errors; 1 errors found in the input; 2 usage error (a bad
option, an unknown tool, a file that would be overwritten); 70 internal error.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console

if TYPE_CHECKING:
    from fatheraudit.compare import Comparison
    from fatheraudit.core import (
        AuditResult,
        CheckResult,
        Progress,
        ScoreResult,
    )
    from fatheraudit.tools import Registry, Tool

app = typer.Typer(
    name="fatheraudit",
    help="Multi-agency case file audits of how services engage fathers and male carers.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
tools_app = typer.Typer(help="List and show the installed audit tools.", no_args_is_help=True)
app.add_typer(tools_app, name="tools")

ToolsDirs = Annotated[
    list[Path] | None,
    typer.Option(
        "--tools-dir",
        help="Another folder of audit tools (repeatable; also $FATHERAUDIT_TOOLS).",
        file_okay=False,
    ),
]
FormPaths = Annotated[
    list[Path], typer.Argument(help="Form files (.yaml, .yml, .xlsx) or folders.", exists=True)
]
ToolOption = Annotated[str | None, typer.Option("--tool", help="Tool id (default: the only one).")]
VersionOption = Annotated[
    str | None, typer.Option("--tool-version", help="Tool version (default: the newest).")
]


class PrivacyLevel(StrEnum):
    """How possible identifiers are reported."""

    warning = "warning"
    error = "error"


class CheckFormat(StrEnum):
    """Output formats of `validate`."""

    text = "text"
    json = "json"


def stdout() -> Console:
    """The console for results."""
    return Console(highlight=False)


def stderr() -> Console:
    """The console for messages about the run."""
    return Console(stderr=True, highlight=False)


def fail(message: str, code: int = 2) -> NoReturn:
    """Print `message` on stderr and exit with `code`."""
    stderr().print(f"fatheraudit: {message}", style="red", soft_wrap=True, markup=False)
    raise typer.Exit(code)


def registry_for(tools_dirs: list[Path] | None) -> Registry:
    """The installed tools, with the extra folders given."""
    from fatheraudit.core import open_registry

    return open_registry(tools_dirs or [])


def pick_tool(registry: Registry, tool_id: str | None, version: str | None) -> Tool:
    """The tool a command should use, or a usage error naming what is installed."""
    from fatheraudit.render.console import print_problems

    if registry.problems:
        print_problems(stderr(), registry.problems)
    if tool_id is None:
        case_tools = sorted({t.id for t in registry.tools.values() if t.scope == "case"})
        if len(case_tools) != 1:
            fail(f"name a tool with --tool; installed: {', '.join(registry.ids()) or 'none'}")
        tool_id = case_tools[0]
    tool = registry.latest(tool_id) if version is None else registry.find(tool_id, version)
    if tool is None:
        versions = ", ".join(registry.versions(tool_id)) or "none"
        fail(f"no tool '{tool_id}' version '{version or 'any'}'; installed versions: {versions}")
    return tool


def show_version(value: bool) -> None:
    """Print the package version and stop."""
    if value:
        try:
            print(package_version("fatheraudit"))
        except PackageNotFoundError:
            print("unknown (not installed)")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=show_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Multi-agency case file audits of how services engage fathers and male carers."""


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
    from fatheraudit.problems import Severity
    from fatheraudit.render.console import check_json, print_check

    severity = Severity.ERROR if privacy is PrivacyLevel.error else Severity.WARNING
    result = check_paths(paths, registry_for(tools_dirs), privacy=severity)
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
    readiness = "readiness"


PROGRESS_FROM = 100


def progress_bar(paths: list[Path]) -> Progress | None:
    """A progress callback drawing on stderr, only for a terminal and a long run."""
    console = stderr()
    if not console.is_terminal or not any(p.is_dir() for p in paths):
        return None
    from rich.progress import Progress as Bar

    bar = Bar(console=console, transient=True)
    task = bar.add_task("reading forms", total=None)

    def update(done: int, total: int) -> None:
        if total >= PROGRESS_FROM:
            if not bar.live.is_started:
                bar.start()
            bar.update(task, completed=done, total=total)
        if done == total and bar.live.is_started:
            bar.stop()

    return update


def report_left_out(check: CheckResult) -> None:
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
        ScoreView, typer.Option("--by", help="case, question, theme or readiness.")
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

    result = score_paths(
        paths, registry_for(tools_dirs), progress_bar(paths), keep_evidence=explain is not None
    )
    report_left_out(result.check)
    if strict and not result.check.ok:
        fail("refusing to score: some files are invalid (--strict)", 1)
    if result.cohort is None:
        fail("no valid case to score", 1)
    if explain is not None:
        show_explanation(result, explain, output_format)
    else:
        show_cohort(result, by, output_format)
    raise typer.Exit(0 if result.check.ok else 1)


def show_cohort(result: ScoreResult, by: ScoreView, output_format: ScoreFormat) -> None:
    """Print the cohort in the format and view asked for."""
    from fatheraudit.render.csv_table import cohort_csv
    from fatheraudit.render.score_view import (
        print_scores,
        questions_table,
        readiness_table,
        themes_table,
    )

    cohort = result.cohort
    assert cohort is not None
    if output_format is ScoreFormat.json:
        print(cohort.model_dump_json(indent=2))
    elif output_format is ScoreFormat.csv:
        sys.stdout.write(cohort_csv(cohort, result.check.cases))
    elif by is ScoreView.question:
        stdout().print(questions_table(cohort))
    elif by is ScoreView.theme:
        stdout().print(themes_table(cohort))
    elif by is ScoreView.readiness:
        stdout().print(readiness_table(cohort))
    else:
        print_scores(stdout(), cohort)


def show_explanation(result: ScoreResult, case_id: str, output_format: ScoreFormat) -> None:
    """Print one case's scoring trace."""
    from fatheraudit.problems import did_you_mean
    from fatheraudit.render.score_view import explain_table

    cohort = result.cohort
    assert cohort is not None
    from fatheraudit.scoring import score_case

    case = next((c for c in result.check.cases if c.form.case_id == case_id), None)
    if case is None:
        fail(f"no valid case '{case_id}'{did_you_mean(case_id, cohort.case_ids)}")
    found = score_case(case)
    if output_format is ScoreFormat.json:
        print(found.model_dump_json(indent=2))
        return
    stdout().print(explain_table(found, case.tool))


class ReportFormat(StrEnum):
    """Output formats of `report` and `summary`."""

    md = "md"
    xlsx = "xlsx"


AuditDir = Annotated[
    Path,
    typer.Argument(
        help="The audit folder (audit.yaml and its cases).", exists=True, file_okay=False
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Where to write; '-' writes Markdown to stdout."),
]
FormatOption = Annotated[ReportFormat, typer.Option("--format", help="md or xlsx.")]
TemplatesOption = Annotated[
    Path | None,
    typer.Option(
        "--templates", help="A folder of templates overriding the bundled ones.", file_okay=False
    ),
]
SkipInvalid = Annotated[
    bool,
    typer.Option("--skip-invalid", help="Write the report without invalid forms, saying so."),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Replace an existing file.")]
AllowIdentifiers = Annotated[
    bool,
    typer.Option(
        "--allow-identifiers",
        help="Write even though possible identifiers were found (the report says so).",
    ),
]
SuppressBelow = Annotated[
    int | None,
    typer.Option(
        "--suppress-below",
        min=2,
        help="Show counts below N in characteristic tables as 'fewer than N' (for publication).",
    ),
]


def readable_audit(
    folder: Path, tools_dirs: list[Path] | None, skip_invalid: bool, allow_identifiers: bool
) -> AuditResult:
    """The audit, or a clear refusal when it cannot or should not be reported."""
    from fatheraudit.core import load_audit
    from fatheraudit.render.console import print_problems

    audit = load_audit(folder, registry_for(tools_dirs), progress_bar([folder]))
    print_problems(stderr(), audit.problems)
    if audit.meta is None or audit.score.cohort is None:
        fail("not written: the audit has no readable audit.yaml or no valid case", 1)
    if not audit.ok and not skip_invalid:
        fail(
            "not written: fix the errors above, or pass --skip-invalid to leave those forms out", 1
        )
    if audit.privacy_findings and not allow_identifiers:
        fail(
            f"not written: {len(audit.privacy_findings)} possible identifier(s) above. Remove "
            "them, list public names under privacy_reviewed with a reason, or pass "
            "--allow-identifiers (the report will then say so on its first page)",
            1,
        )
    return audit


REPORT_FILES = {"report": "audit-report", "summary": "meeting-summary"}


@dataclass(frozen=True)
class ReportChoices:
    """How a report is written."""

    output_format: ReportFormat
    templates: Path | None
    force: bool
    suppress_below: int | None


def publish(audit: AuditResult, kind: str, output: Path | None, choices: ReportChoices) -> None:
    """Render one report and write it where asked."""
    from fatheraudit.output import check_target, write_bytes, write_text
    from fatheraudit.problems import FatherauditError
    from fatheraudit.render.console import print_problems
    from fatheraudit.render.context import audit_context
    from fatheraudit.render.excel import audit_workbook
    from fatheraudit.render.markdown import render

    output_format, templates, force = choices.output_format, choices.templates, choices.force
    suffix = ".xlsx" if output_format is ReportFormat.xlsx else ".md"
    default = audit.folder / "reports" / f"{REPORT_FILES[kind]}{suffix}"
    target = output if output is not None else default
    cases_folder = audit.folder / (audit.meta.cases_folder if audit.meta else "cases")
    try:
        if output_format is ReportFormat.xlsx:
            if str(target) == "-":
                fail("a workbook cannot go to stdout; give a file with -o")
            detail = kind == "report" and choices.suppress_below is None
            data, warnings = audit_workbook(
                audit, detail=detail, suppress_below=choices.suppress_below
            )
            print_problems(stderr(), warnings)
            check_target(target, audit_inputs(audit), [cases_folder])
            write_bytes(target, data, force=force, private=True)
        else:
            context = audit_context(audit, choices.suppress_below)
            text = render(f"{kind}.md.j2", context, templates)
            if str(target) == "-":
                sys.stdout.write(text)
                return
            check_target(target, audit_inputs(audit), [cases_folder])
            write_text(target, text, force=force, private=True)
    except FatherauditError as error:
        fail(str(error))
    stderr().print(f"wrote {target}", markup=False, highlight=False)


def audit_inputs(audit: AuditResult) -> list[Path]:
    """Every file the audit was read from."""
    from fatheraudit.actions import ACTIONS_FILE
    from fatheraudit.audit import AUDIT_FILE

    files = [audit.folder / name for name in (AUDIT_FILE, ACTIONS_FILE)]
    return files + [Path(case.path) for case in audit.score.check.cases]


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
        tools_dirs: ToolsDirs = None,
    ) -> None:
        audit = readable_audit(folder, tools_dirs, skip_invalid, allow_identifiers)
        choices = ReportChoices(output_format, templates, force, suppress_below)
        publish(audit, kind, output, choices)
        raise typer.Exit(0 if audit.ok else 1)

    command.__doc__ = help_text
    app.command(kind)(command)


audit_document("report", "Write the audit report (Markdown or Excel) from an audit folder.")
audit_document("summary", "Write the one-page QA subgroup meeting summary (Markdown or Excel).")


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
    from fatheraudit.render.plan_view import plan_json, plan_table

    try:
        day = parse_date(as_of) if as_of is not None else date.today()
    except ValueError as error:
        fail(f"--as-of: {error}")
    found, problems = read_action_plan(path, registry_for(tools_dirs))
    print_problems(stderr(), problems)
    views = view_actions(found, day)
    if output_format is CheckFormat.json:
        print(plan_json(views, day))
    else:
        stdout().print(plan_table(views, day))
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
    from fatheraudit.problems import FatherauditError
    from fatheraudit.render.console import print_problems

    registry = registry_for(tools_dirs)
    try:
        rounds = [read_round(folder, registry) for folder in (baseline, follow_up)]
        for found in rounds:
            print_problems(stderr(), found.check.problems)
        comparison = compare_rounds(*rounds)
        emit_comparison(comparison, output_format, output, templates, force, [baseline, follow_up])
    except FatherauditError as error:
        fail(str(error))
    raise typer.Exit(0 if all(r.check.ok for r in rounds) else 1)


def emit_comparison(
    comparison: Comparison,
    output_format: CompareFormat,
    output: Path | None,
    templates: Path | None,
    force: bool,
    inputs: list[Path],
) -> None:
    """Print or write a comparison in the format asked for."""
    from fatheraudit.output import check_target, write_bytes, write_text
    from fatheraudit.render.compare_view import print_comparison
    from fatheraudit.render.console import print_problems
    from fatheraudit.render.excel import comparison_workbook
    from fatheraudit.render.markdown import render

    if output_format is CompareFormat.table:
        print_comparison(stdout(), comparison)
        return
    if output_format is CompareFormat.json:
        text = comparison.model_dump_json(indent=2)
    elif output_format is CompareFormat.md:
        text = render("compare.md.j2", comparison.model_dump(mode="json"), templates)
    else:
        if output is None or str(output) == "-":
            fail("a workbook needs a file: give -o FILE.xlsx")
        data, warnings = comparison_workbook(comparison)
        print_problems(stderr(), warnings)
        check_target(output, folders=inputs)
        write_bytes(output, data, force=force, private=True)
        stderr().print(f"wrote {output}", markup=False, highlight=False)
        return
    if output is None or str(output) == "-":
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    check_target(output, folders=inputs)
    write_text(output, text, force=force, private=True)
    stderr().print(f"wrote {output}", markup=False, highlight=False)


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
    from fatheraudit.problems import FatherauditError, has_errors
    from fatheraudit.render.console import print_problems

    try:
        check_target(output, folders=[p if p.is_dir() else p.parent for p in paths])
    except FatherauditError as error:
        fail(str(error))
    written = 0
    problems = []
    for relative, result in redact_paths(paths, registry_for(tools_dirs)):
        problems += result.problems
        if result.text is None:
            continue
        try:
            write_text(output / relative, result.text, force=force, private=True)
        except FatherauditError as error:
            fail(str(error))
        written += 1
        counts = ", ".join(f"{n} {KINDS[k]}" for k, n in sorted(result.replaced.items()))
        stderr().print(f"{output / relative}: {counts or 'nothing to redact'}", markup=False)
    print_problems(stderr(), problems)
    stderr().print(f"wrote {written} redacted file(s) to {output}", markup=False)
    raise typer.Exit(1 if has_errors(problems) else 0)


@app.command()
def status(
    paths: FormPaths,
    tools_dirs: ToolsDirs = None,
) -> None:
    """Show how far each form is filled, what is still open, and who it waits on."""
    from fatheraudit.core import progress_of
    from fatheraudit.render.console import progress_table

    found = progress_of(paths, registry_for(tools_dirs))
    stdout().print(progress_table(found))


class FormFormat(StrEnum):
    """Formats of a blank form."""

    yaml = "yaml"
    xlsx = "xlsx"


def form_target(case_id: str, output: Path | None, suffix: str) -> Path | None:
    """Where `new` writes: a file, a folder's CASE_ID.yaml (or .xlsx), or None for stdout."""
    if output is None:
        return Path(f"{case_id}{suffix}")
    if str(output) == "-":
        return None
    if output.is_dir() or output.suffix.lower() not in (".yaml", ".yml", ".xlsx"):
        return output / f"{case_id}{suffix}"
    return output


@app.command()
def new(
    case_id: Annotated[str, typer.Argument(help="Pseudonymous case id, e.g. C01.")],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="File or folder to write to; '-' for stdout."),
    ] = None,
    output_format: Annotated[
        FormFormat, typer.Option("--format", help="yaml, or xlsx for an Excel form.")
    ] = FormFormat.yaml,
    tool_id: ToolOption = None,
    version: VersionOption = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    tools_dirs: ToolsDirs = None,
) -> None:
    """Write a blank form: YAML with questions and guidance as comments, or an Excel form."""
    from fatheraudit.models import check_ident
    from fatheraudit.output import write_bytes, write_text
    from fatheraudit.problems import FatherauditError
    from fatheraudit.render.blank_form import blank_form

    try:
        check_ident(case_id)
    except ValueError as error:
        fail(f"case id: {error}")
    tool = pick_tool(registry_for(tools_dirs), tool_id, version)
    excel = output_format is FormFormat.xlsx
    target = form_target(case_id, output, ".xlsx" if excel else ".yaml")
    if target is None:
        if excel:
            fail("a workbook cannot go to stdout; give a file or folder with -o")
        sys.stdout.write(blank_form(tool, case_id))
        return
    schema_name = f".schema/{tool.id}-{tool.version}.json"
    try:
        if excel:
            from fatheraudit.render.excel_form import form_workbook

            write_bytes(target, form_workbook(tool, case_id), force=force)
            stderr().print(f"wrote {target}", markup=False)
            return
        write_text(target, blank_form(tool, case_id, schema_name), force=force)
        write_text(target.parent / schema_name, schema_text(tool), force=True)
    except FatherauditError as error:
        fail(str(error))
    stderr().print(f"wrote {target} (editor schema in {target.parent / schema_name})", markup=False)


@app.command("import")
def import_form(
    workbook: Annotated[
        Path, typer.Argument(help="A filled Excel form.", exists=True, dir_okay=False)
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The cases folder to write the YAML form to.")
    ],
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    tools_dirs: ToolsDirs = None,
) -> None:
    """Turn a filled Excel form into a YAML case form, or report every problem in it."""
    from fatheraudit.core import import_workbook
    from fatheraudit.output import write_text
    from fatheraudit.problems import FatherauditError
    from fatheraudit.render.console import print_problems

    result = import_workbook(workbook, registry_for(tools_dirs))
    print_problems(stderr(), result.problems)
    if result.text is None or result.name is None:
        fail("nothing written: fix the cells named above and import again", 1)
    target = output / result.name
    try:
        write_text(target, result.text, force=force)
    except FatherauditError as error:
        fail(str(error))
    stderr().print(f"wrote {target}", markup=False)


def schema_text(tool: Tool) -> str:
    """The JSON Schema of a tool's form, as text."""
    import json

    from fatheraudit.render.schema import form_schema

    return json.dumps(form_schema(tool), indent=2, ensure_ascii=False) + "\n"


@app.command()
def schema(
    tool_id: ToolOption = None,
    version: VersionOption = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file, not stdout.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    tools_dirs: ToolsDirs = None,
) -> None:
    """Print the JSON Schema (draft-07) of a tool's case form, for editors."""
    from fatheraudit.output import write_text
    from fatheraudit.problems import FatherauditError

    tool = pick_tool(registry_for(tools_dirs), tool_id, version)
    if output is None:
        sys.stdout.write(schema_text(tool))
        return
    try:
        write_text(output, schema_text(tool), force=force)
    except FatherauditError as error:
        fail(str(error))


@tools_app.command("list")
def tools_list(tools_dirs: ToolsDirs = None) -> None:
    """List installed tools and versions."""
    from fatheraudit.render.console import print_problems, tools_table

    registry = registry_for(tools_dirs)
    print_problems(stderr(), registry.problems)
    stdout().print(tools_table(registry))


@tools_app.command("show")
def tools_show(
    tool_id: Annotated[str, typer.Argument(help="Tool id.")],
    version: VersionOption = None,
    tools_dirs: ToolsDirs = None,
) -> None:
    """Show a tool's sections, questions, answers and themes."""
    from fatheraudit.render.console import print_tool

    print_tool(stdout(), pick_tool(registry_for(tools_dirs), tool_id, version))


def main() -> None:
    """Console entry point: a last guard so no traceback reaches a user by accident."""
    try:
        app()
    except Exception as error:
        if os.environ.get("FATHERAUDIT_DEBUG"):
            raise
        sys.stderr.write(
            f"fatheraudit: internal error ({type(error).__name__}). This is a bug; "
            "run again with FATHERAUDIT_DEBUG=1 to see the traceback, and report it "
            "without attaching case files.\n"
        )
        sys.exit(70)
