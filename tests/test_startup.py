"""What a command imports and does before its work: each command loads only the code it
needs (issue 16, start-up time). The time itself is measured by bench/, not here; these
tests pin what the speed rests on."""

from __future__ import annotations

import ast
import subprocess
import sys

from conftest import REPO
from fatheraudit import actions, audit, core

# Modules `validate` of a cases folder never needs.
NOT_FOR_VALIDATE = (
    "fatheraudit.actions",
    "fatheraudit.audit",
    "fatheraudit.cohort",
    "fatheraudit.scoring",
    "fatheraudit.redact",
    "fatheraudit.workbook",
    "concurrent.futures.process",
    "jinja2",
    "openpyxl",
)


# The model base classes of the package (and Pydantic's own).
MODEL_BASES = {"BaseModel", "StrictModel", "Frozen", "Figure", "Change"}


def imported_by(argv: list[str]) -> set[str]:
    """The modules a run of `fatheraudit *argv` had imported when it ended."""
    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('MODULES', ' '.join(sorted(sys.modules))))\n"
        "from fatheraudit.cli import main\n"
        f"sys.argv = ['fatheraudit', *{argv!r}]\n"
        "main()\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert ran.returncode == 0, ran.stderr
    line = next(line for line in ran.stdout.splitlines() if line.startswith("MODULES "))
    return set(line.split()[1:])


def test_validate_imports_only_what_checking_needs() -> None:
    modules = imported_by(["validate", "examples/audit-2023/cases"])
    assert "fatheraudit.forms" in modules  # it really checked
    assert not modules & set(NOT_FOR_VALIDATE)


def test_a_markdown_report_imports_no_other_format_nor_a_process_pool() -> None:
    modules = imported_by(["report", "examples/audit-2023", "-o", "-"])
    assert "jinja2" in modules  # it really rendered
    unwanted = {"openpyxl", "markdown_it", "matplotlib", "docx", "weasyprint", "multiprocessing"}
    assert not {m.split(".")[0] for m in modules} & unwanted
    assert "concurrent.futures.process" not in modules


def test_help_imports_neither_rich_nor_the_core() -> None:
    modules = imported_by(["--help"])
    assert "typer" in modules
    assert not {m.split(".")[0] for m in modules} & {"rich", "pydantic", "yaml"}
    assert "importlib.metadata" not in modules and "fatheraudit.core" not in modules


def test_the_core_names_the_audit_files_as_their_modules_do() -> None:
    assert core.AUDIT_FILE == audit.AUDIT_FILE
    assert core.ACTIONS_FILE == actions.ACTIONS_FILE


def test_a_command_turns_the_collector_of_cycles_off() -> None:
    code = (
        "import atexit, gc, sys\n"
        "atexit.register(lambda: print('GC', gc.get_freeze_count() > 0, gc.isenabled()))\n"
        "from fatheraudit.cli import main\n"
        "sys.argv = ['fatheraudit', 'tools', 'list']\n"
        "main()\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.splitlines()[-1] == "GC True False"


def test_modules_defining_models_do_without_postponed_annotations() -> None:
    """Pydantic reads every field's annotation when a model class is made, at import:
    given as strings, each is evaluated (compiled) first, a few milliseconds a module.
    (The CLI's modules likewise, for Typer.)"""
    postponed = []
    for path in sorted((REPO / "src" / "fatheraudit").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        future = any(
            isinstance(node, ast.ImportFrom) and node.module == "__future__" for node in tree.body
        )
        models = any(
            isinstance(node, ast.ClassDef)
            and any(isinstance(b, ast.Name) and b.id in MODEL_BASES for b in node.bases)
            for node in tree.body
        )
        if future and (models or path.parent.name == "cli"):
            postponed.append(path.relative_to(REPO).as_posix())
    assert postponed == []
