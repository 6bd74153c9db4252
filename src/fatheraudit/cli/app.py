"""The `fatheraudit` application: shared options, output helpers and the entry point.

The commands live beside this module, one module per kind of work; each only parses
arguments, calls the core and prints.

Exit codes: 0 no errors; 1 errors found in the input; 2 usage error (a bad
option, an unknown tool, a file that would be overwritten); 70 internal error;
130 interrupted (Ctrl-C).
"""

import gc
import os
import signal
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

PROGRESS_FROM = 100

if TYPE_CHECKING:
    from rich.console import Console
    from typer._click.core import Context as ClickContext  # Typer's own click

    from fatheraudit.core import Checker, Progress
    from fatheraudit.render.views import Output
    from fatheraudit.tools import Registry, Tool

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


def stdout() -> "Console":
    """The console for results (rich is imported here: `--help` and plain-text outputs
    need none of it)."""
    from rich.console import Console

    return Console(highlight=False)


def stderr() -> "Console":
    """The console for messages about the run."""
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def wrote(path: object) -> None:
    """Say a file was written; its path on one line, never wrapped, so it can be copied."""
    stderr().print(f"wrote {path}", markup=False, soft_wrap=True)


def show(output: "Output") -> None:
    """Print what a renderer returned on stdout: tables drawn, text as it is."""
    if isinstance(output, bytes):
        fail("this output is a file; give one with -o")
    if isinstance(output, str):
        sys.stdout.write(output if output.endswith("\n") else output + "\n")
    else:
        output(stdout())


def fail(message: str, code: int = 2) -> NoReturn:
    """Stop the command: `message` is printed on stderr and it exits with `code`."""
    from fatheraudit.problems import FatherauditError

    raise FatherauditError(message, code)


class Commands(TyperGroup):
    """The command group. A `FatherauditError` from any command, the core's or the
    CLI's own, is printed here, once, and ends the run with its exit code."""

    def invoke(self, ctx: "ClickContext") -> Any:
        """Run the command, turning a user-fixable failure into its message and code."""
        try:
            return super().invoke(ctx)
        except Exception as error:
            from fatheraudit.problems import FatherauditError

            if not isinstance(error, FatherauditError):
                raise
            stderr().print(f"fatheraudit: {error}", style="red", soft_wrap=True, markup=False)
            raise typer.Exit(error.exit_code) from None


app = typer.Typer(
    name="fatheraudit",
    cls=Commands,
    help="Multi-agency case file audits of how services engage fathers and male carers.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
tools_app = typer.Typer(help="List and show the installed audit tools.", no_args_is_help=True)
app.add_typer(tools_app, name="tools")


WORKERS_ENV = "FATHERAUDIT_WORKERS"  # how many processes check forms (default: all cores)


def env_tool_dirs() -> list[Path]:
    """The tool folders named by $FATHERAUDIT_TOOLS (separated by the path separator)."""
    from fatheraudit.tools import TOOLS_ENV

    return [Path(p) for p in os.environ.get(TOOLS_ENV, "").split(os.pathsep) if p]


def env_workers() -> int | None:
    """The worker processes $FATHERAUDIT_WORKERS asks for, or None (the core decides)."""
    wanted = os.environ.get(WORKERS_ENV, "")
    return int(wanted) if wanted.isdigit() else None


def registry_for(tools_dirs: list[Path] | None) -> "Registry":
    """The installed tools: bundled, from $FATHERAUDIT_TOOLS, and the folders given."""
    from fatheraudit.core import open_registry

    return open_registry([*env_tool_dirs(), *(tools_dirs or [])])


def checker_for(
    tools_dirs: list[Path] | None, privacy: PrivacyLevel = PrivacyLevel.warning
) -> "Checker":
    """The checker a command uses: its tools, privacy level and $FATHERAUDIT_WORKERS."""
    from fatheraudit.core import Checker
    from fatheraudit.problems import Severity

    severity = Severity.ERROR if privacy is PrivacyLevel.error else Severity.WARNING
    return Checker(registry_for(tools_dirs), severity, env_workers())


def pick_tool(registry: "Registry", tool_id: str | None, version: str | None) -> "Tool":
    """The tool a command should use (the core's choice), the tools' problems printed."""
    from fatheraudit.core import choose_tool
    from fatheraudit.render.console import print_problems

    if registry.problems:
        print_problems(stderr(), registry.problems)
    return choose_tool(registry, tool_id, version)


def show_version(value: bool) -> None:
    """Print the package version and stop."""
    if value:
        from importlib.metadata import PackageNotFoundError
        from importlib.metadata import version as package_version

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


class ReportFormat(StrEnum):
    """Output formats of `report` and `summary`."""

    md = "md"
    html = "html"
    pdf = "pdf"
    docx = "docx"
    xlsx = "xlsx"


AuditDir = Annotated[
    Path,
    typer.Argument(
        help="The audit folder (audit.yaml and its cases).", exists=True, file_okay=False
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Where to write; '-' writes Markdown or HTML to stdout."),
]
FormatOption = Annotated[
    ReportFormat, typer.Option("--format", help="md, html, pdf, docx (Word) or xlsx (Excel).")
]
ReferenceDocx = Annotated[
    Path | None,
    typer.Option(
        "--reference-docx",
        help="A Word document whose styles, page set-up, headers and footers the .docx takes.",
        exists=True,
        dir_okay=False,
    ),
]
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
        help=(
            "For publication: hide every count below N (and any count that would reveal "
            "one), case ids beside counts, single-case figures and unreviewed excerpts."
        ),
    ),
]


def progress_bar(paths: list[Path]) -> "Progress | None":
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


INTERRUPTED = 130  # what shells report for a command ended by Ctrl-C


def interrupted() -> NoReturn:
    """Ctrl-C: say nothing was written (outputs are written whole or not at all) and exit
    130, ignoring any further Ctrl-C while doing so."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.stderr.write("\nfatheraudit: interrupted; nothing more was written\n")
    sys.exit(INTERRUPTED)


# A command runs for seconds at most and keeps what it made to the end; its objects form
# few reference cycles, and reference counting frees the rest as it goes. The collector of
# cycles would only walk the cases again and again: 0.3 s of `score` at 10,000 forms, 0.9 s
# of an Excel report, with the same peak memory without it (docs/benchmarks.md).


def collect_less() -> None:
    """Exempt every object made so far from the garbage collector (`gc.freeze`) and turn
    the collector of reference cycles off for the rest of the command."""
    gc.freeze()
    gc.disable()


def main() -> None:
    """Console entry point: a last guard so no traceback reaches a user by accident."""
    collect_less()
    try:
        app()
    except KeyboardInterrupt:
        interrupted()
    except SystemExit as leaving:  # Typer turns Ctrl-C into a silent exit 130
        if leaving.code == INTERRUPTED:
            interrupted()
        raise
    except Exception as error:
        if os.environ.get("FATHERAUDIT_DEBUG"):
            raise
        sys.stderr.write(
            f"fatheraudit: internal error ({type(error).__name__}). This is a bug; "
            "run again with FATHERAUDIT_DEBUG=1 to see the traceback, and report it "
            "without attaching case files.\n"
        )
        sys.exit(70)
