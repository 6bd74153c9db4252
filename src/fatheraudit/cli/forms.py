"""Commands about forms and tools: new, import, schema, tools."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from fatheraudit.tools import Tool

    pass

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
)


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
