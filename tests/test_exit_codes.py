"""How a run ends: a user-fixable failure with its own exit code, printed once; a bug
as exit 70 with a message and no traceback."""

from __future__ import annotations

import importlib
import sys

import pytest
from typer.testing import CliRunner

import fatheraudit.core
from conftest import EXAMPLE_CASES
from fatheraudit.cli import app, main
from fatheraudit.problems import FatherauditError

APP_MODULE = importlib.import_module("fatheraudit.cli.app")  # not the Typer app of that name


def run_main(monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    """Run the console entry point as a shell would; its exit code. (The garbage
    collector is left as it is: its tuning is for a process of its own.)"""
    monkeypatch.setattr(sys, "argv", ["fatheraudit", *args])
    monkeypatch.setattr(APP_MODULE, "collect_less", lambda: None)
    with pytest.raises(SystemExit) as leaving:
        main()
    code = leaving.value.code
    return code if isinstance(code, int) else 0


def test_a_bug_is_exit_70_with_a_message_and_no_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*_: object, **__: object) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.delenv("FATHERAUDIT_DEBUG", raising=False)
    monkeypatch.setattr(fatheraudit.core, "check_paths", broken)
    assert run_main(monkeypatch, "validate", str(EXAMPLE_CASES)) == 70
    err = capsys.readouterr().err
    assert "internal error (ZeroDivisionError)" in err and "FATHERAUDIT_DEBUG=1" in err
    assert "Traceback" not in err


def test_debug_shows_the_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: object, **__: object) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setenv("FATHERAUDIT_DEBUG", "1")
    monkeypatch.setattr(fatheraudit.core, "check_paths", broken)
    monkeypatch.setattr(sys, "argv", ["fatheraudit", "validate", str(EXAMPLE_CASES)])
    monkeypatch.setattr(APP_MODULE, "collect_less", lambda: None)
    with pytest.raises(ZeroDivisionError):
        main()


@pytest.mark.parametrize("code", [1, 2, 3])
def test_a_core_failure_ends_with_its_own_code_printed_once(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    def refused(*_: object, **__: object) -> None:
        raise FatherauditError("the cases folder is locked", exit_code=code)

    monkeypatch.setattr(fatheraudit.core, "check_paths", refused)
    result = runner.invoke(app, ["validate", str(EXAMPLE_CASES)])
    assert result.exit_code == code
    assert result.stderr.count("fatheraudit: the cases folder is locked") == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_failure_in_a_sub_command_group_is_caught_too(runner: CliRunner) -> None:
    result = runner.invoke(app, ["tools", "show", "no-such-tool"])
    assert result.exit_code == 2
    assert result.stderr.startswith("fatheraudit: ") and "Traceback" not in result.stderr
