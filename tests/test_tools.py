"""Audit tool files: the bundled tool, and every check a tool file gets."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REPO, write_tree
from fatheraudit.tools import load_registry, load_tool, version_key

MINIMAL = """\
id: mini
version: "1.0"
scope: agency
title: A small tool
scales:
  ypn:
    kind: choice
    options:
      - {value: yes, points: 2}
      - {value: partly, points: 1}
      - {value: no, points: 0}
      - {value: n/a, excluded: true}
  text: {kind: text}
themes:
  - {id: listening, kind: enabler, label: Listening}
sections:
  - id: A
    title: First
    questions:
      - id: A1
        text: Was he seen?
        scale: ypn
        weight: 2
      - id: A2
        text: Was he heard?
        scale: ypn
        themes: [listening]
        when: {question: A1, in: [yes, partly]}
"""


def codes_for(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "tool.yaml"
    path.write_text(text, encoding="utf-8")
    tool, problems = load_tool(path)
    codes = [p.code for p in problems]
    assert (tool is None) == any(p.is_error for p in problems)
    return codes


def test_bundled_tool_loads_cleanly(registry) -> None:  # type: ignore[no-untyped-def]
    assert registry.problems == []
    tool = registry.find("myth-of-invisible-men", "1.0")
    assert tool is not None and tool.scope == "case"
    questions = list(tool.questions())
    assert 30 <= len(questions) <= 45
    assert {t.kind for t in tool.themes} == {"enabler", "barrier"}


def test_minimal_tool_is_valid(tmp_path: Path) -> None:
    assert codes_for(tmp_path, MINIMAL) == []


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        ("id: A2", "id: A1", "T601"),
        ("scale: ypn\n        weight: 2", "scale: ynp\n        weight: 2", "T602"),
        ("themes: [listening]", "themes: [listenin]", "T603"),
        ("when: {question: A1,", "when: {question: A9,", "T605"),
        ("in: [yes, partly]", "in: [yes, maybe]", "T606"),
        ("weight: 2", "weight: nan", "S304"),
        ("weight: 2", "weight: -1", "S304"),
        ("weight: 2", "weight: inf", "S304"),
        ("      - {value: partly, points: 1}\n", "      - {value: Yes, points: 1}\n", "T601"),
        ("scope: agency", "scope: case", "T607"),
        ("title: A small tool", "title: A small tool\ncolour: red", "S303"),
        ("  text: {kind: text}", "  text: {kind: text}\n  pick: {kind: choice}", "T609"),
    ],
)
def test_tool_checks(tmp_path: Path, old: str, new: str, code: str) -> None:
    assert old in MINIMAL
    assert code in codes_for(tmp_path, MINIMAL.replace(old, new, 1))


def test_condition_pointing_forwards_is_refused(tmp_path: Path) -> None:
    text = MINIMAL.replace("when: {question: A1, in: [yes, partly]}", "").replace(
        "        weight: 2", "        weight: 2\n        when: {question: A2, in: [yes]}"
    )
    assert "T605" in codes_for(tmp_path, text)


def test_tool_that_cannot_score_is_refused(tmp_path: Path) -> None:
    text = MINIMAL.replace("scale: ypn\n        weight: 2", "scale: text\n        weight: 2")
    text = text.replace("        scale: ypn\n        themes", "        scale: text\n        themes")
    text = text.replace("when: {question: A1, in: [yes, partly]}", "")
    assert "T608" in codes_for(tmp_path, text)


def test_tool_errors_are_located(tmp_path: Path) -> None:
    path = tmp_path / "tool.yaml"
    path.write_text(MINIMAL.replace("themes: [listening]", "themes: [listenin]"))
    _, problems = load_tool(path)
    (found,) = problems
    assert found.line == MINIMAL.splitlines().index("        themes: [listening]") + 1
    assert "did you mean 'listening'" in found.message


def test_versions_sit_side_by_side_and_sort_numerically(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "mini/1.9.yaml": MINIMAL.replace('version: "1.0"', "version: 1.9"),
            "mini/1.10.yaml": MINIMAL.replace('version: "1.0"', "version: 1.10"),
        },
    )
    registry = load_registry([tmp_path])
    assert registry.problems == []
    assert registry.versions("mini") == ["1.9", "1.10"]
    latest = registry.latest("mini")
    assert latest is not None and latest.version == "1.10"
    assert version_key("2.0") > version_key("1.10")


def test_same_id_and_version_twice_is_a_problem(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.yaml": MINIMAL, "b.yaml": MINIMAL})
    registry = load_registry([tmp_path])
    assert [p.code for p in registry.problems] == ["T610"]


def test_missing_tools_folder_is_reported(tmp_path: Path) -> None:
    registry = load_registry([tmp_path / "nope"])
    assert [p.code for p in registry.problems] == ["T611"]


def test_bundled_folder_is_the_repository_one_or_the_installed_copy() -> None:
    from fatheraudit.tools import bundled_dir

    found = bundled_dir("audit_tools")
    assert (found / "myth-of-invisible-men" / "1.0.yaml").is_file()
    assert found == REPO / "audit_tools" or "_bundled" in found.parts
