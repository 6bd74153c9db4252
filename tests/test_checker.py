"""The core's checker and the rules it owns: settings as values (never the environment),
the report's readiness, the default tool, one case explained, and no workbook code
imported until a workbook is read."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLE_CASES, INVALID_EXAMPLES, REPO, base_form_text
from fatheraudit.core import (
    EVIDENCE_NOT_KEPT,
    Checker,
    check_paths,
    choose_tool,
    load_audit,
    open_registry,
    report_readiness,
    score_paths,
)
from fatheraudit.problems import FatherauditError, Severity
from fatheraudit.tools import Registry


def test_a_checker_with_workers_gives_the_serial_result(tmp_path: Path, registry: Registry) -> None:
    shutil.copytree(EXAMPLE_CASES, tmp_path / "cases")
    shutil.copytree(INVALID_EXAMPLES, tmp_path / "invalid")
    serial = Checker(registry, workers=1).check([tmp_path])
    parallel = Checker(registry, workers=2).check([tmp_path])
    assert parallel.files == serial.files == 18
    assert parallel.problems == serial.problems
    assert [c.form for c in parallel.cases] == [c.form for c in serial.cases]
    assert all(c.tool is registry.tools[(c.tool.id, c.tool.version)] for c in parallel.cases)
    assert [c.answers for c in parallel.cases] == [c.answers for c in serial.cases]
    choices = [a.choice for c in parallel.cases for a in c.answers.values() if a.choice]
    assert choices  # each the tool's own, shared by every answer that chose the option
    assert all(
        a.choice is c.tool.choices[a.question_id][a.choice.option.value]
        for c in parallel.cases
        for a in c.answers.values()
        if a.choice
    )


def test_workers_leave_evidence_behind_as_the_serial_check_does(
    tmp_path: Path, registry: Registry
) -> None:
    shutil.copytree(EXAMPLE_CASES, tmp_path / "cases")
    serial = Checker(registry, workers=1).check([tmp_path], keep_evidence=False)
    parallel = Checker(registry, workers=2).check([tmp_path], keep_evidence=False)
    assert [c.answers for c in parallel.cases] == [c.answers for c in serial.cases]
    notes = {a.evidence for c in parallel.cases for a in c.answers.values()}
    assert EVIDENCE_NOT_KEPT in notes and notes <= {EVIDENCE_NOT_KEPT, None, ""}


def test_workers_default_to_one_below_the_parallel_threshold(registry: Registry) -> None:
    checker = Checker(registry)
    assert checker.worker_count(10) == 1
    assert Checker(registry, workers=3).worker_count(10) == 3
    assert Checker(registry, workers=0).worker_count(10) == 1


def test_the_core_reads_no_environment(
    tmp_path: Path, registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FATHERAUDIT_WORKERS", "7")
    monkeypatch.setenv("FATHERAUDIT_TOOLS", str(tmp_path / "no-such-folder"))
    assert Checker(registry).worker_count(10) == 1
    assert not open_registry().problems  # the folder named by the environment is not read


def test_privacy_level_is_the_checkers(tmp_path: Path, registry: Registry) -> None:
    form = base_form_text().replace("evidence: ", "evidence: Mr Brannigan said ", 1)
    (tmp_path / "C01.yaml").write_text(form)
    assert check_paths([tmp_path], Checker(registry)).ok
    strict = Checker(registry, Severity.ERROR)
    assert not check_paths([tmp_path], strict).ok
    assert not strict.check([tmp_path]).ok
    assert check_paths([tmp_path], strict, privacy=Severity.WARNING).ok


def test_an_audit_with_errors_is_refused_unless_skipped(
    audit_copy: Path, registry: Registry
) -> None:
    (audit_copy / "cases" / "C02.yaml").write_text("- not a form\n")
    audit = load_audit(audit_copy, registry)
    refused = report_readiness(audit)
    assert not refused.ready
    assert refused.refusals[0].startswith("not written: fix the errors above")
    skipping = report_readiness(audit, skip_invalid=True)
    assert skipping.ready and skipping.left_out == (str(audit_copy / "cases" / "C02.yaml"),)


def test_possible_identifiers_refuse_the_report_unless_allowed(
    audit_copy: Path, registry: Registry
) -> None:
    form = (audit_copy / "cases" / "C01.yaml").read_text()
    (audit_copy / "cases" / "C01.yaml").write_text(
        form.replace("evidence: ", "evidence: Mr Brannigan said ", 1)
    )
    audit = load_audit(audit_copy, registry)
    refusals = report_readiness(audit).refusals
    assert len(refusals) == 1 and "1 possible identifier(s)" in refusals[0]
    allowed = report_readiness(audit, allow_identifiers=True)
    assert allowed.ready and allowed.identifiers == 1 and allowed.left_out == ()


def test_a_folder_with_no_audit_yaml_cannot_be_reported(tmp_path: Path, registry: Registry) -> None:
    shutil.copytree(EXAMPLE_CASES, tmp_path / "cases")
    readiness = report_readiness(load_audit(tmp_path, registry), skip_invalid=True)
    assert readiness.refusals[0].startswith("not written: the audit has no readable audit.yaml")


def test_readiness_names_the_default_output_and_what_may_be_shown(registry: Registry) -> None:
    folder = EXAMPLE_CASES.parent
    readiness = report_readiness(load_audit(folder, registry))
    assert readiness.ready
    assert readiness.default_output("report", "pdf") == folder / "reports" / "audit-report.pdf"
    assert readiness.default_output("summary", "md") == folder / "reports" / "meeting-summary.md"
    assert readiness.may_show("md") and readiness.may_show("html")
    assert not readiness.may_show("docx") and not readiness.may_show("xlsx")


def test_the_default_tool_is_the_only_case_tool(registry: Registry) -> None:
    assert choose_tool(registry, None, None).id == "myth-of-invisible-men"
    assert choose_tool(registry, "myth-of-invisible-men", "1.0").version == "1.0"
    with pytest.raises(FatherauditError, match="installed versions") as refused:
        choose_tool(registry, "no-such-tool", None)
    assert refused.value.exit_code == 2


def test_one_case_is_explained_or_the_nearest_id_named(registry: Registry) -> None:
    result = score_paths([EXAMPLE_CASES], registry)
    found, tool = result.explain("C09")
    assert found.case_id == "C09" and tool.id == "myth-of-invisible-men"
    with pytest.raises(FatherauditError, match="did you mean 'C09'"):
        result.explain("c09x")


def test_scoring_is_refused_with_no_valid_case_or_when_strict(
    tmp_path: Path, registry: Registry
) -> None:
    shutil.copy(EXAMPLE_CASES / "C01.yaml", tmp_path / "C01.yaml")
    (tmp_path / "broken.yaml").write_text("- not a form\n")
    result = score_paths([tmp_path], registry)
    assert result.refusal(strict=False) is None
    assert "--strict" in str(result.refusal(strict=True))
    assert score_paths([INVALID_EXAMPLES], registry).refusal(False) == "no valid case to score"


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    """`code` run by this Python in a fresh process, from the repository's top."""
    return subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=False
    )


def test_importing_the_core_imports_no_workbook_code() -> None:
    code = (
        "import fatheraudit.core, sys; "
        "assert 'openpyxl' not in sys.modules and 'fatheraudit.workbook' not in sys.modules"
    )
    ran = run_python(code)
    assert ran.returncode == 0, ran.stderr


def test_scoring_yaml_forms_imports_no_workbook_code() -> None:
    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('loaded:', 'openpyxl' in sys.modules, "
        "'fatheraudit.workbook' in sys.modules))\n"
        "from fatheraudit.cli import main\n"
        "sys.argv = ['fatheraudit', 'score', 'examples/audit-2023/cases']\n"
        "main()\n"
    )
    ran = run_python(code)
    assert ran.returncode == 0, ran.stderr
    assert "C09" in ran.stdout  # it really scored
    assert ran.stdout.rstrip().endswith("loaded: False False")


def test_reading_a_workbook_still_works_lazily(tmp_path: Path, registry: Registry) -> None:
    from fatheraudit.render.excel_form import form_workbook

    tool = choose_tool(registry, None, None)
    (tmp_path / "C01.xlsx").write_bytes(form_workbook(tool, "C01"))
    result = check_paths([tmp_path], registry)
    assert result.files == 1 and not result.ok  # a blank form: required questions open
    assert any("Answers!" in p.message or p.path.endswith("C01.xlsx") for p in result.problems)
