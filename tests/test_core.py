"""The core face: folders in, valid cases and every problem out."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import base_form_text
from fatheraudit.cli import app
from fatheraudit.core import Checker, check_paths, path_order, valid_case
from fatheraudit.tools import Registry


def test_same_case_id_in_two_files_names_both(tmp_path: Path, registry: Registry) -> None:
    (tmp_path / "C01.yaml").write_text(base_form_text())
    (tmp_path / "C01 copy.yaml").write_text(base_form_text())
    result = check_paths([tmp_path], registry)
    duplicates = [p for p in result.problems if p.code == "X501"]
    assert len(duplicates) == 2
    assert {p.path for p in duplicates} == {
        str(tmp_path / "C01.yaml"),
        str(tmp_path / "C01 copy.yaml"),
    }
    assert all("is also used by" in p.message for p in duplicates)
    assert result.cases == [] and not result.ok


def test_case_id_differing_from_file_name_is_a_warning(tmp_path: Path, registry: Registry) -> None:
    (tmp_path / "C07.yaml").write_text(base_form_text())
    result = check_paths([tmp_path], registry)
    assert [p.code for p in result.problems] == ["X502"]
    assert result.ok and len(result.cases) == 1


def test_every_file_is_reported_not_only_the_first(tmp_path: Path, registry: Registry) -> None:
    (tmp_path / "a.yaml").write_text("- a list\n")
    (tmp_path / "b.yaml").write_text("a: 1\na: 2\n")
    (tmp_path / "C01.yaml").write_text(base_form_text())
    result = check_paths([tmp_path], registry)
    assert result.files == 3
    assert result.invalid_files == [str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml")]
    assert [c.form.case_id for c in result.cases] == ["C01"]


def test_hidden_folders_are_ignored(tmp_path: Path, registry: Registry) -> None:
    (tmp_path / ".schema").mkdir()
    (tmp_path / ".schema" / "x.yaml").write_text("- not a form\n")
    (tmp_path / "C01.yaml").write_text(base_form_text())
    result = check_paths([tmp_path], registry)
    assert result.problems == [] and result.files == 1


def test_inputs_are_never_modified(tmp_path: Path, registry: Registry) -> None:
    path = tmp_path / "C01.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + base_form_text().replace("\n", "\r\n").encode())
    before = path.read_bytes()
    check_paths([tmp_path], registry)
    assert path.read_bytes() == before


def test_worker_processes_give_the_same_result(tmp_path: Path, registry: Registry) -> None:
    from conftest import EXAMPLE_CASES, INVALID_EXAMPLES

    shutil.copytree(EXAMPLE_CASES, tmp_path / "cases")
    shutil.copytree(INVALID_EXAMPLES, tmp_path / "invalid")
    serial = Checker(registry, workers=1).check([tmp_path])
    parallel = Checker(registry, workers=2).check([tmp_path])  # a pool, however few files
    assert serial.cases and serial.problems
    assert parallel.problems == serial.problems
    assert [c.form for c in parallel.cases] == [c.form for c in serial.cases]
    assert [c.answers for c in parallel.cases] == [c.answers for c in serial.cases]
    assert all(c.tool is registry.tools[(c.tool.id, c.tool.version)] for c in parallel.cases)
    assert parallel.valid == serial.valid == [valid_case(c) for c in serial.cases]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_check_that_keeps_no_cases_finds_the_same(
    tmp_path: Path, registry: Registry, workers: int
) -> None:
    """`validate` keeps no cases: the same problems and the same valid cases named."""
    from conftest import EXAMPLE_CASES, INVALID_EXAMPLES

    shutil.copytree(EXAMPLE_CASES, tmp_path / "cases")
    shutil.copytree(INVALID_EXAMPLES, tmp_path / "invalid")
    (tmp_path / "cases" / "C01 again.yaml").write_text(base_form_text())  # C01 twice
    checker = Checker(registry, workers=workers)
    whole = checker.check([tmp_path])
    light = checker.check([tmp_path], keep_cases=False)
    assert "X501" in [p.code for p in whole.problems]
    assert light.problems == whole.problems
    assert light.cases == [] and light.files == whole.files
    assert light.valid == [valid_case(c) for c in whole.cases] != []
    assert "C01" not in [c.case_id for c in light.valid]  # left out with its twin


def test_a_re_audit_may_reuse_the_case_ids_of_its_baseline(
    tmp_path: Path, registry: Registry
) -> None:
    for audit in ("round-1", "round-2"):
        (tmp_path / audit / "cases").mkdir(parents=True)
        (tmp_path / audit / "audit.yaml").write_text("title: x\n")
        (tmp_path / audit / "cases" / "C01.yaml").write_text(base_form_text())
    result = check_paths([tmp_path / "round-1" / "cases", tmp_path / "round-2" / "cases"], registry)
    assert not [p for p in result.problems if p.code == "X501"]
    assert len(result.cases) == 2


def test_a_form_given_twice_is_checked_once(runner: CliRunner, audit_copy: Path) -> None:
    cases = audit_copy / "cases"
    given = [cases / "C01.yaml", audit_copy / "." / "cases" / "C01.yaml", cases]
    result = runner.invoke(app, ["validate", *map(str, given)])
    assert result.exit_code == 0, result.stdout
    assert "X501" not in result.stdout and "10 files checked: 10 valid cases" in result.stdout


@pytest.mark.parametrize(
    "command",
    [["report"], ["report", "--format", "xlsx"], ["summary"], ["validate"]],
)
def test_an_audit_run_parses_each_audit_file_once(
    runner: CliRunner, audit_copy: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    """audit.yaml and actions.yaml are read once per run, however many steps use them."""
    import fatheraudit.loader as loader

    parsed: list[str] = []
    parse_text = loader.parse_text

    def counting(text: str, path: Path) -> object:
        parsed.append(Path(path).name)
        return parse_text(text, path)

    monkeypatch.setattr(loader, "parse_text", counting)
    output = ["-o", str(audit_copy / "out"), "--force"] if command[0] != "validate" else []
    result = runner.invoke(app, [*command, str(audit_copy), *output])
    assert result.exit_code == 0, result.output
    assert parsed.count("audit.yaml") == 1
    assert parsed.count("actions.yaml") == 1
    assert parsed.count("C01.yaml") == 1


def test_a_report_of_the_cases_folder_names_the_audit_folder(
    runner: CliRunner, audit_copy: Path
) -> None:
    result = runner.invoke(app, ["report", str(audit_copy / "cases")])
    assert result.exit_code == 1
    assert f"give the audit folder, {audit_copy}, not its cases" in result.output


def test_answers_from_workers_are_shared_only_when_they_hold_no_note(registry: Registry) -> None:
    from conftest import EXAMPLE_CASES
    from fatheraudit.core import EVIDENCE_NOT_KEPT, SharedAnswers, pack, unpack_answers

    agencies = EXAMPLE_CASES.parent.parent / "agency-2023"  # answers with portfolio references
    cases = check_paths([EXAMPLE_CASES, agencies], registry).cases
    assert any(a.portfolio for c in cases for a in c.answers.values())
    shared: SharedAnswers = {}
    for keep_evidence in (True, False):
        for case in cases:
            packed = pack(case.answers, keep_evidence)
            alone = unpack_answers(packed, case.tool)
            assert unpack_answers(packed, case.tool, shared) == alone
            again = unpack_answers(packed, case.tool, shared)
            for question_id, answer in again.items():
                note = answer.evidence not in (None, EVIDENCE_NOT_KEPT)
                plain = answer.portfolio is None and not note and not isinstance(answer.value, list)
                assert (answer is alone[question_id]) is False
                assert (answer in shared[case.tool.key].values()) is plain
    # Without notes, the examples' 450 answers are a few dozen distinct ones.
    kept = len(shared[cases[0].tool.key])
    assert 0 < kept < sum(len(c.answers) for c in cases) / 2


def test_a_files_real_path_is_found_through_its_folder_as_whole(tmp_path: Path) -> None:
    """Resolving a folder once for all its files gives what resolving each file gives,
    through links to folders and to files, `..` and files that do not exist."""
    from fatheraudit.core import real_name_in, real_path

    (tmp_path / "audit" / "cases").mkdir(parents=True)
    (tmp_path / "audit" / "cases" / "C01.yaml").write_text("x")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "C02.yaml").write_text("x")
    (tmp_path / "linked").symlink_to(tmp_path / "audit" / "cases")
    (tmp_path / "audit" / "cases" / "C02.yaml").symlink_to(tmp_path / "elsewhere" / "C02.yaml")
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    paths = [
        tmp_path / "audit" / "cases" / "C01.yaml",
        tmp_path / "audit" / "cases" / "C02.yaml",
        tmp_path / "linked" / "C01.yaml",
        tmp_path / "linked" / "C02.yaml",
        tmp_path / "linked" / ".." / "cases" / "C01.yaml",
        tmp_path / "audit" / "cases" / "missing.yaml",
        tmp_path / "loop" / "C01.yaml",
        Path("relative") / "C01.yaml",
    ]
    folders: dict[str, str] = {}
    for path in paths * 2:  # the second time from the folders kept
        assert real_name_in(path, folders) == str(real_path(path)), path


def test_a_checker_travels_to_a_spawned_worker(registry: Registry) -> None:
    """Where worker processes are spawned, not forked (macOS and Windows by default), the
    pool pickles the checker it hands each worker: the detector's remembered answers
    included, so every one of them must pickle, and the copy must find what it finds."""
    import pickle

    from fatheraudit.core import Checker

    checker = Checker(registry)
    note = "Dad said the plan was fine; his dad Will said The (6) was seen. Hope and Kai."
    found = checker.detector.find(note)  # fills the detector's remembered answers
    copy = pickle.loads(pickle.dumps(checker))
    assert copy.detector.find(note) == found
    assert copy.registry.tools.keys() == checker.registry.tools.keys()


PART = st.text(alphabet="aAbB-._ /1é", min_size=1, max_size=4).filter(lambda p: "/" not in p)


@given(st.lists(st.lists(PART, min_size=1, max_size=3), max_size=8))
def test_paths_are_ordered_as_sorting_the_paths_orders_them(parts: list[list[str]]) -> None:
    """'a/b' before 'a-b' (part by part), not after it as the text would sort."""
    paths = [Path("root", *each) for each in parts]
    assert sorted(paths, key=path_order) == sorted(paths)


@given(st.lists(st.lists(PART, min_size=1, max_size=3), max_size=8))
def test_paths_are_ordered_as_windows_orders_them_there(parts: list[list[str]]) -> None:
    from pathlib import PureWindowsPath

    from fatheraudit import core

    original = core.IGNORES_CASE
    core.IGNORES_CASE = True
    try:
        ours = sorted((Path("root", *each) for each in parts), key=path_order)
    finally:
        core.IGNORES_CASE = original
    windows = sorted(PureWindowsPath("root", *each) for each in parts)
    assert [p.parts for p in ours] == [p.parts for p in windows]


def test_a_file_given_again_in_other_case_comes_once_where_names_ignore_case(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fatheraudit import core

    (tmp_path / "C01.yaml").write_text(base_form_text())
    given = [tmp_path, tmp_path / "c01.yaml"]
    assert len(list(core.walk(given))) == 2  # names keep their case here
    monkeypatch.setattr(core, "IGNORES_CASE", True)
    assert [path.name for path, _, _ in core.walk(given)] == ["C01.yaml"]
