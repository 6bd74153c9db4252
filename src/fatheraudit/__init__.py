"""fatheraudit: multi-agency case file audits of how services engage fathers and male carers.

Use as a library::

    from pathlib import Path
    from fatheraudit import check_paths, open_registry

    result = check_paths([Path("cases")], open_registry())
    for problem in result.problems:
        print(problem)

Names are imported on first use, so `fatheraudit --help` starts fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fatheraudit.cohort import Cohort
    from fatheraudit.core import (
        Checker,
        CheckResult,
        Readiness,
        ScoreResult,
        check_paths,
        choose_tool,
        load_audit,
        open_registry,
        report_readiness,
        score_paths,
    )
    from fatheraudit.forms import CaseAudit, CaseForm
    from fatheraudit.problems import FatherauditError, Problem, Severity
    from fatheraudit.tools import Registry, Tool

WHERE = {
    "Cohort": "cohort",
    "CheckResult": "core",
    "Checker": "core",
    "Readiness": "core",
    "choose_tool": "core",
    "report_readiness": "core",
    "ScoreResult": "core",
    "check_paths": "core",
    "load_audit": "core",
    "open_registry": "core",
    "score_paths": "core",
    "CaseAudit": "forms",
    "CaseForm": "forms",
    "FatherauditError": "problems",
    "Problem": "problems",
    "Severity": "problems",
    "Registry": "tools",
    "Tool": "tools",
}
__all__ = [
    "CaseAudit",
    "CaseForm",
    "CheckResult",
    "Checker",
    "Cohort",
    "FatherauditError",
    "Problem",
    "Readiness",
    "Registry",
    "ScoreResult",
    "Severity",
    "Tool",
    "check_paths",
    "choose_tool",
    "load_audit",
    "open_registry",
    "report_readiness",
    "score_paths",
]


def __getattr__(name: str) -> Any:
    """Import a public name from its module the first time it is asked for."""
    if name not in WHERE:
        raise AttributeError(f"module 'fatheraudit' has no attribute {name!r}")
    return getattr(importlib.import_module(f"fatheraudit.{WHERE[name]}"), name)
