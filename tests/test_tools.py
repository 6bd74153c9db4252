"""Audit tool files: the bundled tool, and every check a tool file gets."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import REPO, write_tree
from fatheraudit import tools
from fatheraudit.cli import app
from fatheraudit.tools import (
    Condition,
    Registry,
    load_registry,
    load_tool,
    load_verified_tool,
    normalise,
    verified_digests,
    version_key,
)

BUNDLED = load_registry([REPO / "audit_tools"]).latest("myth-of-invisible-men")
assert BUNDLED is not None
REGISTRY_TOOL = BUNDLED

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


def test_grouped_themes_and_numbered_points_load(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        "themes:\n",
        "theme_groups:\n  - {id: relational, kind: enabler, label: Relational}\nthemes:\n",
        1,
    ).replace("label: Listening}", "label: Listening, group: relational}", 1)
    text = text.replace(
        "scales:\n",
        "sources:\n  - id: points\n    title: A briefing\n"
        "    points: [{number: 1, label: Find him}, {number: 2, label: Hear him}]\nscales:\n",
        1,
    ).replace(
        "        weight: 2\n", "        weight: 2\n        source: points\n        point: 2\n", 1
    )
    assert codes_for(tmp_path, text) == []
    tool, _ = load_tool(tmp_path / "tool.yaml")
    assert tool is not None and tool.group_order("enabler") == ["Relational", ""]


def test_version_1_1_covers_all_ten_practice_points_and_1_0_stays(registry: Registry) -> None:
    old, new = (
        registry.find("myth-of-invisible-men", "1.0"),
        registry.find("myth-of-invisible-men", "1.1"),
    )
    assert old is not None and new is not None
    briefing = next(s for s in new.sources if s.id == "ten-points")
    assert [p.number for p in briefing.points] == list(range(1, 11))
    covered = {q.point for q in new.questions() if q.source == "ten-points"}
    assert covered == set(range(1, 11))
    assert all(q.point is not None for q in new.questions() if q.source == "ten-points")
    assert {q.id for q in new.questions()} - {q.id for q in old.questions()} == {"D8", "G4"}
    grouped = {t.group for t in new.themes}
    assert None not in grouped and {g.id for g in new.theme_groups} == grouped


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
        (
            "label: Listening}",
            "label: Listening, group: relational}",
            "T613",  # a group the tool does not declare
        ),
        (
            "themes:\n  - {id: listening, kind: enabler, label: Listening}",
            "theme_groups:\n  - {id: relational, kind: barrier, label: Relational}\nthemes:\n"
            "  - {id: listening, kind: enabler, label: Listening, group: relational}",
            "T613",  # declared, but for barriers
        ),
        ("        weight: 2\n", "        weight: 2\n        point: 3\n", "T614"),
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


# Two bad numbers and a negative weight, plus a duplicate id, an unknown scale and a
# condition on an unknown question: each with the text its problem must point at.
NUMBERS_AND_STRUCTURE = [
    ("points: 2}", "points: .nan}", ".nan}", "S304"),
    ("points: 1}", "points: two}", "two}", "S304"),
    ("weight: 2", "weight: -1", "-1\n", "S304"),
    ("id: A2", "id: A1", "A1\n        text: Was he heard?", "T601"),
    ("scale: ypn\n        themes", "scale: ynp\n        themes", "ynp", "T602"),
    ("{question: A1,", "{question: A9,", "A9", "T605"),
]


def place(text: str, fragment: str) -> tuple[int, int]:
    """The 1-based line and column where `fragment` starts in `text`."""
    before = text[: text.index(fragment)]
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


def broken_tool() -> tuple[str, list[tuple[int, int, str]]]:
    """MINIMAL with every NUMBERS_AND_STRUCTURE fault, and where each is, in order."""
    text = MINIMAL
    for old, new, _, _ in NUMBERS_AND_STRUCTURE:
        assert old in text
        text = text.replace(old, new, 1)
    found = [(*place(text, at), code) for _, _, at, code in NUMBERS_AND_STRUCTURE]
    return text, sorted(found)


def test_bad_numbers_and_structure_are_reported_in_one_run(tmp_path: Path) -> None:
    text, expected = broken_tool()
    path = tmp_path / "tool.yaml"
    path.write_text(text, encoding="utf-8")
    tool, problems = load_tool(path)
    assert tool is None
    assert [(p.line, p.column, p.code) for p in problems] == expected
    assert all(p.path == str(path) and p.is_error for p in problems)
    assert "points" in problems[0].message and "weight" in problems[2].message


BANDS = """\
    - {id: good, label: Good, min: sixty}
    - {id: poor, label: Poor, min: 0}
"""


def test_bad_numbers_bring_no_follow_on_problems(tmp_path: Path) -> None:
    text = MINIMAL.replace("points: 2}", "points: inf}").replace("points: 1}", "points: -1}")
    text = text.replace("scales:", "grading:\n  kind: bands\n  bands:\n" + BANDS + "scales:")
    assert codes_for(tmp_path, text) == ["S304", "S304", "S304"]
    assert codes_for(tmp_path, text.replace("min: sixty", "min: 60")) == ["S304", "S304"]


def test_cli_prints_every_tool_problem_of_one_run(runner: CliRunner, tmp_path: Path) -> None:
    text, expected = broken_tool()
    write_tree(tmp_path, {"tools/mini.yaml": text})
    (tmp_path / "cases").mkdir()
    result = runner.invoke(
        app, ["validate", "--tools-dir", str(tmp_path / "tools"), str(tmp_path / "cases")]
    )
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if ": error " in line]
    tool_path = tmp_path / "tools" / "mini.yaml"
    assert [line.split(": error ")[0] for line in lines] == [
        f"{tool_path}:{line}:{column}" for line, column, _ in expected
    ]
    assert [line.split(": error ")[1][:4] for line in lines] == [code for *_, code in expected]
    assert "6 errors" in result.output


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


def test_condition_matches_answers_as_they_are_typed() -> None:
    condition = Condition.model_validate({"question": "A2", "in": ["yes", "Partly"]})
    assert condition.matches("YES") and condition.matches(" partly\u00a0")
    assert condition.matches("ye\u200bs")  # a zero-width space is dropped, as in answers
    assert not condition.matches("no") and not condition.matches("yes please")
    assert not condition.matches(["yes"]) and not condition.matches(None)


BUNDLED = REPO / "audit_tools"
REFRESH = "refresh the list: cd audit_tools && sha256sum */*.yaml > SHA256SUMS"


def test_the_verified_list_holds_every_bundled_tool_as_it_is() -> None:
    """Each bundled tool file is listed with the SHA-256 of its bytes (see tools.VERIFIED)."""
    listed = verified_digests(BUNDLED)
    files = sorted(p.relative_to(BUNDLED).as_posix() for p in BUNDLED.rglob("*.yaml"))
    assert sorted(listed) == files, REFRESH
    for name in files:
        digest = hashlib.sha256((BUNDLED / name).read_bytes()).hexdigest()
        assert listed[name] == digest, f"{name} changed: check it loads cleanly, then {REFRESH}"


@pytest.mark.parametrize("name", sorted(verified_digests(BUNDLED)))
def test_a_verified_tool_read_quickly_is_the_tool_read_strictly(name: str) -> None:
    """What the quick reading skips found nothing, and it gives the same tool."""
    strict, problems = load_tool(BUNDLED / name)
    assert problems == [] and strict is not None
    assert load_verified_tool(BUNDLED / name, verified_digests(BUNDLED)[name]) == strict


def test_a_changed_bundled_tool_is_read_strictly_with_every_problem_located(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundled = tmp_path / "audit_tools"
    shutil.copytree(BUNDLED, bundled)
    monkeypatch.setattr(tools, "bundled_dir", lambda _name: bundled)
    changed = bundled / "myth-of-invisible-men" / "1.0.yaml"
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace("scale: ", "scale: nosuch", 1), encoding="utf-8")
    registry = load_registry(tools.tool_dirs())
    assert registry.problems == load_tool(changed)[1] != []
    assert all(p.path == str(changed) and p.line > 0 and p.column > 0 for p in registry.problems)
    assert registry.find("myth-of-invisible-men", "1.0") is None
    assert registry.find("myth-of-invisible-men", "1.1") is not None  # still read quickly


def test_only_the_bundled_folder_is_read_the_quick_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder of one's own tools is checked whole, whatever list of digests it holds."""
    mine = tmp_path / "tools"
    shutil.copytree(BUNDLED, mine)
    changed = mine / "myth-of-invisible-men" / "1.0.yaml"
    text = changed.read_text(encoding="utf-8").replace("scale: ", "scale: nosuch", 1)
    changed.write_text(text, encoding="utf-8")
    digest = hashlib.sha256(changed.read_bytes()).hexdigest()
    (mine / "SHA256SUMS").write_text(f"{digest}  myth-of-invisible-men/1.0.yaml\n")
    monkeypatch.setattr(tools, "bundled_dir", lambda _name: tmp_path / "elsewhere")
    assert load_registry([mine]).problems == load_tool(changed)[1] != []


@given(st.text())
@example("Yes\u200b")
@example("  PARTLY\u00a0 ")
def test_an_answer_is_found_as_its_normalised_spelling_is(typed: str) -> None:
    """Scale.option looks an answer up as written before normalising it, which finds the
    same option only because normalising twice changes nothing."""
    assert normalise(normalise(typed)) == normalise(typed)
    for scale in REGISTRY_TOOL.scales.values():
        assert scale.option(typed) is scale.lookup.get(normalise(typed))
        for spelling in scale.lookup:
            assert scale.option(spelling) is scale.lookup[spelling]


def test_lists_and_themes_by_id_are_those_the_tool_declares() -> None:
    tool = REGISTRY_TOOL
    assert tool.theme_map() == {t.id: t for t in tool.themes}
    for name, terms in tool.vocabularies.items():
        assert tool.terms(name) == {t.id: t for t in terms}
    assert tool.terms("no such list") == {}
