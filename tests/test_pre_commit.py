"""The pre-commit hook: defined to run `validate` once on all the staged forms.

pre-commit itself is not a dependency. The tests read the hook definition and run its
entry through Typer's runner the way pre-commit calls it: all files in one call with
`require_serial`, one call per process without it.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner, Result

from conftest import REPO
from fatheraudit.cli import app

STAGED = ["cases/C01.yaml", "cases/C11.yaml"]


@pytest.fixture
def hook() -> dict[str, Any]:
    """The `fatheraudit-validate` hook as pre-commit reads it."""
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    found: dict[str, Any] = next(h for h in hooks if h["id"] == "fatheraudit-validate")
    return found


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A partnership's repository (the example audit) with a form copied under a new name
    but its case id left unchanged, as the working directory (pre-commit runs there)."""
    root = tmp_path / "repo"
    shutil.copytree(REPO / "examples" / "audit-2023", root)
    shutil.copy(root / "cases" / "C01.yaml", root / "cases" / "C11.yaml")
    monkeypatch.chdir(root)
    return root


def run_entry(runner: CliRunner, hook: dict[str, Any], files: list[str]) -> Result:
    """The hook's entry with `files` appended, as one pre-commit call runs it."""
    command, *arguments = hook["entry"].split()
    assert command == "fatheraudit", "the console script of fatheraudit.cli"
    return runner.invoke(app, [*arguments, *files])


def test_hook_runs_serially(hook: dict[str, Any]) -> None:
    assert hook["require_serial"] is True
    assert hook.get("pass_filenames", True) is True, "validate needs the files"
    assert hook["entry"] == "fatheraudit validate"


def test_hook_selects_both_forms(hook: dict[str, Any]) -> None:
    for name in STAGED:
        assert re.search(hook["files"], name) and not re.search(hook["exclude"], name)


@pytest.mark.usefixtures("repository")
def test_one_call_with_every_form_finds_the_duplicate_case_id(
    runner: CliRunner, hook: dict[str, Any]
) -> None:
    result = run_entry(runner, hook, STAGED)
    assert result.exit_code == 1
    for this, that in (STAGED, reversed(STAGED)):
        expected = f"{this}:2:1: error X501: case id 'C01' is also used by {that}"
        assert expected in result.stdout


@pytest.mark.usefixtures("repository")
def test_one_call_per_form_misses_it(runner: CliRunner, hook: dict[str, Any]) -> None:
    """What pre-commit does without require_serial: each process gets part of the files."""
    for name in STAGED:
        result = run_entry(runner, hook, [name])
        assert result.exit_code == 0, result.stdout
        assert "X501" not in result.stdout
