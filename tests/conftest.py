"""Shared fixtures: paths into the repository, the installed tools, a CLI runner."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fatheraudit.core import open_registry
from fatheraudit.tools import Registry

REPO = Path(__file__).resolve().parents[1]
EXAMPLE_CASES = REPO / "examples" / "audit-2023" / "cases"
INVALID_EXAMPLES = REPO / "examples" / "invalid"
HAZARDS = Path(__file__).resolve().parent / "hazards"
BASE_FORM = EXAMPLE_CASES / "C01.yaml"


@pytest.fixture(scope="session")
def registry() -> Registry:
    """The bundled tools."""
    return open_registry()


@pytest.fixture
def runner() -> CliRunner:
    """Typer's runner with stderr kept apart from stdout."""
    return CliRunner()


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """Write dedented files under `root` and return it."""
    for name, text in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def base_form_text() -> str:
    """A complete, valid case form to vary in tests."""
    return BASE_FORM.read_text(encoding="utf-8")
