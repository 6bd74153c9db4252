"""Excel forms: written by `new --format xlsx`, filled as a person would, imported back."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from typer.testing import CliRunner

from conftest import base_form_text
from fatheraudit.cli import app
from fatheraudit.core import check_paths, score_paths
from fatheraudit.scoring import score_case
from fatheraudit.tools import Registry

BASE = yaml.safe_load(
    base_form_text("1.1").replace(": no\n", ": 'no'\n").replace(": yes\n", ": 'yes'\n")
)


def blank(runner: CliRunner, folder: Path, case_id: str = "C01") -> Path:
    result = runner.invoke(app, ["new", case_id, "--format", "xlsx", "-o", str(folder)])
    assert result.exit_code == 0, result.output
    return folder / f"{case_id}.xlsx"


def text_of(value: Any) -> Any:
    """What a person would type for a YAML value."""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return value


def fill(path: Path, form: dict[str, Any]) -> None:
    """Fill the workbook from a YAML form's values, cell by cell, like a practitioner."""
    book = openpyxl.load_workbook(path)
    case = book["Case"]
    values = {
        "auditor.role": form["auditor"]["role"],
        "auditor.agency": form["auditor"]["agency"],
        "audit_date": dt.datetime.combine(form["audit_date"], dt.time()),
        "characteristics.intervention_level": form["characteristics"]["intervention_level"],
        "characteristics.legal_status": form["characteristics"].get("legal_status"),
        "characteristics.discussed_at_meeting": text_of(
            form["characteristics"]["discussed_at_meeting"]
        ),
    }
    for row in range(2, case.max_row + 1):
        key = case.cell(row=row, column=4).value
        if key in values:
            case.cell(row=row, column=2).value = values[key]
    for index, child in enumerate(form["characteristics"]["children"], start=2):
        book["Children"].cell(row=index, column=1).value = child.get("ref")
        book["Children"].cell(row=index, column=2).value = child["age"]
        book["Children"].cell(row=index, column=3).value = child["sex"]
    for index, man in enumerate(form["characteristics"].get("male_carers", []), start=2):
        for column, key in enumerate(
            ("relationship", "parental_responsibility", "lives_with_child"), start=1
        ):
            book["Men"].cell(row=index, column=column).value = text_of(man.get(key))
    for sheet, chosen in (
        ("Harm", form["characteristics"]["harm"]),
        ("Agencies", form["characteristics"]["agencies"]),
        ("Themes", form["themes"]),
    ):
        for row in range(2, book[sheet].max_row + 1):
            if book[sheet].cell(row=row, column=1).value in chosen:
                book[sheet].cell(row=row, column=3).value = "x"
    answers = book["Answers"]
    for row in range(2, answers.max_row + 1):
        entry = form["answers"].get(answers.cell(row=row, column=2).value) or {}
        answer = entry.get("answer")
        if isinstance(answer, dt.date):
            answer = dt.datetime.combine(answer, dt.time())
        answers.cell(row=row, column=6).value = text_of(answer)
        answers.cell(row=row, column=7).value = entry.get("evidence")
    labels = {
        "What went well for this child and father": "strengths",
        "Learning for this child": "learning_for_child",
        "Learning for future cases": "learning_for_future",
    }
    for row in range(2, 5):
        key = labels[book["Learning"].cell(row=row, column=1).value]
        book["Learning"].cell(row=row, column=2).value = form.get(key)
    book.save(path)


def test_new_writes_a_protected_form_with_dropdowns(runner: CliRunner, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(blank(runner, tmp_path))
    assert (
        book.sheetnames[:3] == ["About", "Case", "Answers"]
        and book["Lists"].sheet_state == "hidden"
    )
    about = {row[0]: row[1] for row in book["About"].iter_rows(values_only=True) if row[0]}
    assert about["tool"] == "myth-of-invisible-men" and about["tool_version"] == "1.1"
    answers = book["Answers"]
    assert answers.protection.sheet and answers["F2"].protection.locked is False
    assert answers["C2"].protection.locked is not False
    lists = [v for v in answers.data_validations.dataValidation if "F2" in str(v.sqref)]
    assert lists and lists[0].formula1 == '"yes,partly,no,n/a"'
    agency = [
        v for v in book["Case"].data_validations.dataValidation if v.formula1.startswith("Lists!")
    ]
    assert agency, "a long list goes through the hidden Lists sheet"


def test_round_trip_scores_the_same_as_yaml(
    runner: CliRunner, tmp_path: Path, registry: Registry
) -> None:
    path = blank(runner, tmp_path / "forms")
    fill(path, BASE)
    result = runner.invoke(app, ["import", str(path), "-o", str(tmp_path / "cases")])
    assert result.exit_code == 0, result.output
    imported = tmp_path / "cases" / "C01.yaml"
    modeline, imported_from = imported.read_text().splitlines()[:2]
    assert modeline == "# yaml-language-server: $schema=.schema/myth-of-invisible-men-1.1.json"
    assert imported_from.startswith("# Imported from the Excel form C01.xlsx")
    assert (tmp_path / "cases" / ".schema" / "myth-of-invisible-men-1.1.json").is_file()
    (tmp_path / "typed").mkdir()
    (tmp_path / "typed" / "C01.yaml").write_text(base_form_text("1.1"))
    from_excel = check_paths([imported], registry)
    typed = check_paths([tmp_path / "typed" / "C01.yaml"], registry)
    assert from_excel.ok and typed.ok, [str(p) for p in from_excel.problems]
    (excel_case,), (typed_case,) = from_excel.cases, typed.cases
    assert excel_case.answers == typed_case.answers
    assert score_case(excel_case).sections == score_case(typed_case).sections
    # tick lists come back in the tool's order: the same choices, perhaps ordered differently
    excel_form, typed_form = excel_case.form.model_dump(), typed_case.form.model_dump()
    for form in (excel_form, typed_form):
        form["themes"].sort()
        form["characteristics"]["agencies"].sort()
        form["characteristics"]["harm"].sort()
    assert excel_form == typed_form
    # validate and score also read the workbook directly
    direct = score_paths([path], registry)
    assert direct.check.ok and direct.cohort is not None and direct.cohort.cases == 1


def spoil_and_import(runner: CliRunner, tmp_path: Path, change: Any) -> tuple[Any, Path]:
    path = blank(runner, tmp_path / "forms")
    fill(path, BASE)
    book = openpyxl.load_workbook(path)
    change(book)
    book.save(path)
    result = runner.invoke(app, ["import", str(path), "-o", str(tmp_path / "cases")])
    return result, tmp_path / "cases"


def test_wrong_answer_is_located_at_its_cell(runner: CliRunner, tmp_path: Path) -> None:
    result, cases = spoil_and_import(
        runner, tmp_path, lambda book: book["Answers"].cell(row=14, column=6, value="perhaps")
    )
    assert result.exit_code == 1 and not cases.exists()
    assert re.search(
        r"C01\.xlsx:Answers!F14: error Q402: \w+: the answer is not one of", result.stderr
    )


def test_deleted_row_and_edited_question_are_reported(runner: CliRunner, tmp_path: Path) -> None:
    def change(book: Any) -> None:
        book["Answers"].delete_rows(9)
        book["Answers"]["C3"] = "Was any man identified?"

    result, cases = spoil_and_import(runner, tmp_path, change)
    assert result.exit_code == 1 and not cases.exists()
    assert (
        "Answers: error W105: question B2 is missing from the sheet (was its row deleted?)"
        in result.stderr
    )
    assert "Answers!C3: error W106: the text of question A2 was changed" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("content", [b"not a workbook", b"PK\x03\x04 broken zip"])
def test_a_file_that_is_not_a_workbook(runner: CliRunner, tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "C01.xlsx"
    path.write_bytes(content)
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1 and "W101" in result.stdout and "Traceback" not in result.output


def test_excel_lock_files_are_ignored(runner: CliRunner, tmp_path: Path) -> None:
    blank(runner, tmp_path)
    (tmp_path / "~$C01.xlsx").write_bytes(b"lock")
    result = runner.invoke(app, ["validate", str(tmp_path)])
    assert "~$" not in result.stdout


def test_status_for_yaml_and_excel_forms(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "C01.yaml").write_text(base_form_text())
    half = re.sub(
        r"(\n  B1:\n    answer:)[^\n]*",
        r"\1",
        base_form_text().replace("case_id: C01", "case_id: C02"),
    )
    (tmp_path / "C02.yaml").write_text(half)
    blank(runner, tmp_path, "C03")
    result = runner.invoke(app, ["status", str(tmp_path)], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    rows = {
        line.split("│")[1].strip(): line
        for line in result.stdout.splitlines()
        if line.startswith("│")
    }
    assert "complete" in rows["C01"] and "45 of 45 (37 required)" in rows["C01"]
    assert (
        "in progress" in rows["C02"]
        and "B1" in rows["C02"]
        and "Family drug and alcohol" not in rows["C02"]
    )
    assert "not started" in rows["C03"] and "not assigned" in rows["C03"]
    assert "1 of 3 complete" in result.stdout


def test_pre_commit_hook_runs_validate() -> None:
    from conftest import REPO

    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "fatheraudit-validate" and hook["entry"] == "fatheraudit validate"
    assert re.search(hook["files"], "cases/C01.yaml") and re.search(hook["files"], "forms/C02.xlsx")
    assert re.search(hook["exclude"], "audit_tools/x/1.0.yaml")
    assert not re.search(hook["exclude"], "cases/C01.yaml")


def test_tick_sheet_headings_are_singular(runner: CliRunner, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(blank(runner, tmp_path))
    headings = {name: book[name]["B1"].value for name in ("Harm", "Agencies", "Themes")}
    assert headings == {"Harm": "Harm", "Agencies": "Agency", "Themes": "Theme"}


def test_vocabulary_ids_match_in_any_letter_case(runner: CliRunner, tmp_path: Path) -> None:
    def shout(book: Any) -> None:
        case = book["Case"]
        for row in range(2, case.max_row + 1):
            if case.cell(row=row, column=4).value == "characteristics.intervention_level":
                case.cell(row=row, column=2).value = "Child-Protection"
            if case.cell(row=row, column=4).value == "auditor.agency":
                case.cell(row=row, column=2).value = "HEALTH-VISITING"
        book["Men"]["A2"] = "Birth-Father-Non-Resident"
        harm = book["Harm"]
        for row in range(2, harm.max_row + 1):
            if harm.cell(row=row, column=1).value == "physical-harm":
                harm.cell(row=row, column=1).value = "Physical-Harm"
                harm.cell(row=row, column=3).value = "x"

    result, cases = spoil_and_import(runner, tmp_path, shout)
    assert result.exit_code == 0, result.output
    form = yaml.safe_load((cases / "C01.yaml").read_text())
    characteristics = form["characteristics"]
    assert characteristics["intervention_level"] == "child-protection"
    assert form["auditor"]["agency"] == "health-visiting"
    assert characteristics["male_carers"][0]["relationship"] == "birth-father-non-resident"
    assert "physical-harm" in characteristics["harm"]


def test_direction_controls_in_a_cell_are_warned_at_the_cell(
    runner: CliRunner, tmp_path: Path
) -> None:
    result, cases = spoil_and_import(
        runner,
        tmp_path,
        lambda book: book["Answers"].cell(row=2, column=7, value="Dad \u202eesrever\u202c ok"),
    )
    assert result.exit_code == 0, result.output
    assert "\u202e" in (cases / "C01.yaml").read_text(), "the chair's text is kept as written"
    assert re.search(
        r"C01\.xlsx:Answers!G2: warning Y212: the text holds a right-to-left", result.stderr
    )


def test_an_imported_excel_form_is_not_counted_twice(runner: CliRunner, audit_copy: Path) -> None:
    cases = audit_copy / "cases"
    for old in cases.glob("*.yaml"):
        old.unlink()
    book = blank(runner, cases)
    fill(book, BASE)
    assert runner.invoke(app, ["import", str(book), "-o", str(cases)]).exit_code == 0
    result = runner.invoke(app, ["validate", str(audit_copy)])
    assert result.exit_code == 0, result.stdout
    assert "C01.xlsx: info F110: already imported as " in result.stdout
    assert "X501" not in result.stdout and "1 valid case" in result.stdout
    report = runner.invoke(app, ["report", str(audit_copy), "-o", "-"])
    assert report.exit_code == 0, report.stderr
    assert "X501" not in report.stderr


def test_validate_an_audit_folder_skips_its_written_reports(
    runner: CliRunner, audit_copy: Path
) -> None:
    for args in ([], ["--format", "xlsx"]):
        assert runner.invoke(app, ["report", str(audit_copy), *args]).exit_code == 0
    assert (audit_copy / "reports" / "audit-report.xlsx").is_file()
    result = runner.invoke(app, ["validate", str(audit_copy)])
    assert result.exit_code == 0, result.stdout
    assert "reports: info F109: the audit's written reports, not forms; skipped" in result.stdout
    assert "audit-report" not in result.stdout and "10 valid cases" in result.stdout
    elsewhere = audit_copy / "cases" / "reports"
    elsewhere.mkdir()
    (elsewhere / "C11.yaml").write_text("not: a form\n")
    assert "cases/reports/C11.yaml" in runner.invoke(app, ["validate", str(audit_copy)]).stdout


OUTCOMES = {
    "outcomes.father_engaged": "yes",
    "outcomes.concern_at_start": "child-protection",
    "outcomes.concern_at_follow_up": "child-in-need",
    "outcomes.follow_up_months": 6,
    "outcomes.closed": "no",
    "outcomes.re_referred": "no",
    "outcomes.escalated": "no",
    "outcomes.children_under_one": 1,
}


def fill_outcomes(book: Any, values: dict[str, Any]) -> None:
    """Type the follow-up rows of the Case sheet."""
    case = book["Case"]
    for row in range(2, case.max_row + 1):
        key = case.cell(row=row, column=4).value
        if key in values:
            case.cell(row=row, column=2).value = values[key]


def test_the_excel_form_carries_the_outcomes_and_import_reads_them(
    runner: CliRunner, tmp_path: Path, registry: Registry
) -> None:
    path = blank(runner, tmp_path / "first")
    keys = {openpyxl.load_workbook(path)["Case"].cell(row=r, column=4).value for r in range(2, 40)}
    assert set(OUTCOMES) <= keys
    result, cases = spoil_and_import(runner, tmp_path, lambda book: fill_outcomes(book, OUTCOMES))
    assert result.exit_code == 0, result.output
    imported = check_paths([cases / "C01.yaml"], registry)
    assert imported.ok, [str(p) for p in imported.problems]
    outcomes = imported.cases[0].form.outcomes
    assert outcomes is not None and outcomes.model_dump() == {
        "father_engaged": True,
        "concern_at_start": "child-protection",
        "concern_at_follow_up": "child-in-need",
        "follow_up_months": 6,
        "closed": False,
        "re_referred": False,
        "escalated": False,
        "children_under_one": 1,
    }


def test_blank_outcome_rows_import_as_no_outcomes(runner: CliRunner, tmp_path: Path) -> None:
    result, cases = spoil_and_import(runner, tmp_path, lambda _: None)
    assert result.exit_code == 0 and "outcomes" not in (cases / "C01.yaml").read_text()


def test_a_wrong_outcome_level_is_located_at_its_cell(runner: CliRunner, tmp_path: Path) -> None:
    wrong = {**OUTCOMES, "outcomes.concern_at_start": "very high"}
    result, cases = spoil_and_import(runner, tmp_path, lambda book: fill_outcomes(book, wrong))
    assert result.exit_code == 1 and not cases.exists()
    assert re.search(r"C01\.xlsx:Case!B\d+: error \w+: outcomes\.concern_at_start", result.stderr)
