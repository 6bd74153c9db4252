"""The stack's floor for one short command: a Typer app that imports what every
fatheraudit command needs (Pydantic, PyYAML, rich; Jinja too with `--jinja`, as a
report does), parses one list of paths, and does nothing else.

    python bench/stack.py [--jinja] run PATH...
"""

import sys
from pathlib import Path

import rich.console
import typer
import yaml
from pydantic import BaseModel

if "--jinja" in sys.argv:
    sys.argv.remove("--jinja")
    import jinja2  # noqa: F401

app = typer.Typer()


class Nothing(BaseModel):
    """One model, as the core makes many."""

    name: str = ""


@app.command()
def run(paths: list[Path]) -> None:
    """Take the paths and stop."""
    rich.console.Console(stderr=True).print(Nothing(name=str(len(paths))).name, end="")
    yaml.safe_load("a: 1")


@app.command()
def other() -> None:
    """A second command, so the first is named as in fatheraudit."""


if __name__ == "__main__":
    app()
