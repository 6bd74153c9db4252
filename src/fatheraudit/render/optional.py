"""The libraries only some formats need, imported when asked for: a missing one (or a
system library it needs) is a clear error saying what to install, never a traceback."""

from __future__ import annotations

import importlib
from types import ModuleType

from fatheraudit.problems import FatherauditError


def library(name: str, hint: str) -> ModuleType:
    """The module `name`, or an error with `hint` (what needs it, how to install it)."""
    try:
        return importlib.import_module(name)
    except (ImportError, OSError) as error:  # OSError: the package is there, a system
        raise FatherauditError(f"{hint} ({error})") from None  # library it loads is not
