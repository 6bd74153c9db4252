"""fatheraudit: multi-agency case file audits of how services engage fathers and male carers.

Use as a library::

    from pathlib import Path
    from fatheraudit import check_paths, open_registry

    result = check_paths([Path("cases")], open_registry())
    for problem in result.problems:
        print(problem)
"""

from fatheraudit.cohort import Cohort
from fatheraudit.core import CheckResult, ScoreResult, check_paths, open_registry, score_paths
from fatheraudit.forms import CaseAudit, CaseForm
from fatheraudit.problems import FatherauditError, Problem, Severity
from fatheraudit.tools import Registry, Tool

__all__ = [
    "CaseAudit",
    "CaseForm",
    "CheckResult",
    "Cohort",
    "FatherauditError",
    "Problem",
    "Registry",
    "ScoreResult",
    "Severity",
    "Tool",
    "check_paths",
    "open_registry",
    "score_paths",
]
