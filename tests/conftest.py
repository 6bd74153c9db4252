"""Shared fixtures: paths into the repository, the installed tools, a CLI runner."""

from __future__ import annotations

import re
import shutil
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
def audit_copy(tmp_path: Path) -> Path:
    """A copy of the example audit to write into and spoil."""
    target = tmp_path / "audit"
    shutil.copytree(EXAMPLE_CASES.parent, target)
    return target


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


def base_form_text(version: str = "1.0") -> str:
    """A complete, valid case form to vary in tests: the example's C01 (tool 1.0), or for
    "1.1" the same form with the two questions 1.1 adds answered."""
    text = BASE_FORM.read_text(encoding="utf-8")
    if version == "1.0":
        return text
    assert version == "1.1"
    text = text.replace('tool_version: "1.0"', 'tool_version: "1.1"', 1)
    text = text.replace("\n  E1:\n", NEW_IN_1_1["D8"] + "  E1:\n", 1)
    return text.replace("\n  H1:\n", NEW_IN_1_1["G4"] + "  H1:\n", 1)


NEW_IN_1_1 = {
    "D8": "\n  D8:\n    answer: partly\n    evidence: His weekend contact is noted; not weighed.\n",
    "G4": "\n  G4:\n    answer: no\n    evidence: No reflection on roles is recorded.\n",
}


def answer_blocks(text: str) -> dict[str, list[str]]:
    """The indented lines under each question id in a form's `answers:`."""
    blocks: dict[str, list[str]] = {}
    current = None
    inside = False
    for line in text.splitlines():
        if line == "answers:":
            inside = True
            continue
        if inside and re.match(r"^\S", line) and not line.startswith("#"):
            inside = False
        if inside and re.match(r"^  [\w.-]+:$", line):
            current = line.strip()[:-1]
            blocks[current] = []
        elif inside and current and line.startswith("    "):
            blocks[current].append(line)
    return blocks


def fill_blank(blank: str, filled: str) -> str:
    """A blank form from `new` with the header and answers of a filled form of the same tool."""
    head = filled[: filled.index("answers:")]
    head = "\n".join(line for line in head.splitlines() if not line.startswith("#")) + "\n"
    text = head + blank[blank.index("answers:") :]
    for question, lines in answer_blocks(filled).items():
        empty = re.compile(
            rf"  {re.escape(question)}:\n    answer:\n    evidence:\n(    portfolio:[^\n]*\n)?"
        )
        block = f"  {question}:\n" + "\n".join(lines) + "\n"
        text = empty.sub(lambda _, block=block: block, text, count=1)
    tail = filled[filled.index("answers:") :]
    closing = [
        line for line in tail.splitlines() if re.match(r"^[a-z_]+:", line) and line != "answers:"
    ]
    for line in closing:
        key = line.split(":", 1)[0]
        text = re.sub(rf"(?m)^{key}:.*$", lambda _, line=line: line, text, count=1)
    return text


def flag_for_escalation(audit: Path, case: str) -> None:
    """Answer the escalation question (H6) 'yes' on one form."""
    form = audit / "cases" / f"{case}.yaml"
    text = form.read_text()
    assert "  H6:\n    answer: no\n" in text
    form.write_text(text.replace("  H6:\n    answer: no\n", "  H6:\n    answer: yes\n", 1))
