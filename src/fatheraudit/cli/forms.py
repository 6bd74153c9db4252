"""Commands about forms and tools: new, import, schema, tools."""

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from fatheraudit.tools import Tool

from fatheraudit.cli.app import (
    ToolOption,
    ToolsDirs,
    VersionOption,
    app,
    fail,
    pick_tool,
    registry_for,
    stderr,
    stdout,
    tools_app,
    wrote,
)


class FormFormat(StrEnum):
    """Formats of a blank form."""

    yaml = "yaml"
    xlsx = "xlsx"


def checked_ids(case_ids: list[str]) -> list[str]:
    """The case ids, each checked and kept once; a usage error naming a bad one by place."""
    from fatheraudit.models import check_ident

    for number, case_id in enumerate(case_ids, start=1):
        try:
            check_ident(case_id)
        except ValueError as error:
            place = f" {number} of {len(case_ids)}" if len(case_ids) > 1 else ""
            fail(f"case id{place}: {error}")
    return list(dict.fromkeys(case_ids))


def write_yaml_forms(forms: dict[Path, str], tool: "Tool", force: bool) -> None:
    """YAML forms written with the editor modeline, the schema beside them, each listed.

    Nothing is written when any form (or schema) cannot be.
    """
    from fatheraudit.output import refuse_blocked, write_text
    from fatheraudit.render.views import schema_target, schema_text, with_modeline

    schemas = list(dict.fromkeys(schema_target(target.parent, tool) for target in forms))
    refuse_blocked(list(forms), force)
    refuse_blocked(schemas, True)
    for target, text in forms.items():
        write_text(target, with_modeline(text, tool), force=force)
        wrote(target)
    for schema in schemas:
        write_text(schema, schema_text(tool), force=True)
        stderr().print(f"editor schema in {schema}", markup=False)


def write_workbooks(forms: dict[Path, str], tool: "Tool", force: bool) -> None:
    """Excel forms for the case ids, each listed; none written when any cannot be."""
    from fatheraudit.output import refuse_blocked, write_bytes
    from fatheraudit.render.excel_form import form_workbook

    refuse_blocked(list(forms), force)
    for target, case_id in forms.items():
        write_bytes(target, form_workbook(tool, case_id), force=force)
        wrote(target)


@app.command()
def new(
    case_ids: Annotated[
        list[str] | None, typer.Argument(help="Pseudonymous case ids, e.g. C01 C02 C03.")
    ] = None,
    case_list: Annotated[
        Path | None,
        typer.Option(
            "--from",
            help="A CSV case list: one form per row, its case id and any characteristics "
            "and outcomes its columns give filled in.",
            exists=True,
            dir_okay=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="File or folder to write to; '-' for stdout."),
    ] = None,
    output_format: Annotated[
        FormFormat, typer.Option("--format", help="yaml, or xlsx for an Excel form.")
    ] = FormFormat.yaml,
    tool_id: ToolOption = None,
    version: VersionOption = None,
    force: Annotated[bool, typer.Option("--force", help="Replace existing files.")] = False,
    tools_dirs: ToolsDirs = None,
) -> None:
    """Write a blank form per case id: YAML with questions and guidance as comments, or
    an Excel form. With --from, a YAML form per row of a CSV case list, started with the
    row's case details. Nothing is written if any file exists (without --force)."""
    from fatheraudit.output import form_targets
    from fatheraudit.render.blank_form import blank_form

    if case_ids and case_list is not None:
        fail("give case ids or --from FILE.csv, not both")
    if case_list is not None:
        if output_format is FormFormat.xlsx:
            fail(
                "--from writes YAML forms only; make them with --format yaml, or give case "
                "ids to make blank Excel forms"
            )
        new_from_list(
            case_list, output, pick_tool(registry_for(tools_dirs), tool_id, version), force
        )
        return
    if not case_ids:
        fail("give one or more case ids, or --from FILE.csv")
    ids = checked_ids(case_ids)
    tool = pick_tool(registry_for(tools_dirs), tool_id, version)
    excel = output_format is FormFormat.xlsx
    targets = form_targets(ids, output, ".xlsx" if excel else ".yaml")
    if targets is None:
        if excel:
            fail("a workbook cannot go to stdout; give a file or folder with -o")
        sys.stdout.write(blank_form(tool, ids[0]))
        return
    if excel:
        write_workbooks(dict(zip(targets, ids, strict=True)), tool, force)
    else:
        forms = {t: blank_form(tool, case_id) for t, case_id in zip(targets, ids, strict=True)}
        write_yaml_forms(forms, tool, force)


def new_from_list(path: Path, output: Path | None, tool: "Tool", force: bool) -> None:
    """A YAML form per row of a case list, each started with the row's values; every
    problem in the list printed, and nothing written when any is an error."""
    from fatheraudit.case_list import (
        kept_problems,
        list_refusal,
        read_case_list,
        require_case_tool,
        target_problems,
    )
    from fatheraudit.output import form_targets
    from fatheraudit.problems import sort_problems
    from fatheraudit.render.blank_form import filled_form
    from fatheraudit.render.console import print_problems

    require_case_tool(tool)
    found = read_case_list(path, tool)
    problems = list(found.problems)
    targets = form_targets([case.case_id for case in found.cases], output, ".yaml")
    forms = {
        case.row: filled_form(tool, case.case_id, case.values, case.entries) for case in found.cases
    }
    for case in found.cases:
        problems += kept_problems(found, case, forms[case.row])
    if targets is not None:
        problems += target_problems(found, targets, force)
    problems = sort_problems(problems)
    print_problems(stderr(), problems)
    if (refusal := list_refusal(path, problems)) is not None:
        raise refusal
    if targets is None:
        sys.stdout.write(next(iter(forms.values())))
        return
    texts = dict(zip(targets, forms.values(), strict=True))
    write_yaml_forms(texts, tool, force)


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
    from fatheraudit.render.console import print_problems

    result = import_workbook(workbook, registry_for(tools_dirs))
    print_problems(stderr(), result.problems)
    if result.text is None or result.name is None or result.tool is None:
        fail("nothing written: fix the cells named above and import again", 1)
    write_yaml_forms({output / result.name: result.text}, result.tool, force)


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
    from fatheraudit.render.views import schema_text

    tool = pick_tool(registry_for(tools_dirs), tool_id, version)
    if output is None:
        sys.stdout.write(schema_text(tool))
        return
    write_text(output, schema_text(tool), force=force)


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
