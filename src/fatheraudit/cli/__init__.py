"""The `fatheraudit` command: parse arguments, call the core, print, exit.

Exit codes: 0 no errors; 1 errors found in the input; 2 usage error (a bad
option, an unknown tool, a file that would be overwritten); 70 internal error.

The modules here do without `from __future__ import annotations`: Typer reads the
annotations of every command on each run, and real objects spare it evaluating strings
(names imported only for type checking are written in quotes).
"""

from fatheraudit.cli import checking, forms, reports
from fatheraudit.cli.app import app, main

__all__ = ["app", "checking", "forms", "main", "reports"]
