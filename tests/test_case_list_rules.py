"""The rules of `new --from`, as data: which tool a case list starts, and when nothing
is written (and with which exit code)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fatheraudit.case_list import TARGET_BLOCKED, list_refusal, require_case_tool
from fatheraudit.core import choose_tool
from fatheraudit.problems import FatherauditError, Severity, problem
from fatheraudit.tools import Registry

LIST = Path("cases.csv")


def test_only_a_case_tool_starts_forms_from_a_list(registry: Registry) -> None:
    require_case_tool(choose_tool(registry, "myth-of-invisible-men", None))
    with pytest.raises(FatherauditError, match="agency self-assessment"):
        require_case_tool(choose_tool(registry, "father-friendly-service", None))


def test_errors_refuse_the_list_files_in_the_way_are_a_usage_error() -> None:
    warning = problem(LIST, "N801", "an unknown heading", 1, 3, Severity.WARNING)
    assert list_refusal(LIST, [warning]) is None
    blocked = problem(LIST, TARGET_BLOCKED, "C01.yaml already exists", 2, 1)
    refusal = list_refusal(LIST, [warning, blocked])
    assert refusal is not None and refusal.exit_code == 2
    assert str(refusal) == "nothing written: fix the rows named above in cases.csv and run again"
    bad_cell = problem(LIST, "N808", "not a level of intervention", 3, 2)
    refusal = list_refusal(LIST, [blocked, bad_cell])
    assert refusal is not None and refusal.exit_code == 1
