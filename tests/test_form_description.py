"""A field added in one place, the form's description, reaches every form output.

The case form's model, with each field's FieldSpec, is the one description: a test-only
form model with one more field, put in forms.FORM_MODELS, is checked by validate, listed
in the JSON Schema, written in the blank YAML form and the Excel form, and read back from
the Excel form.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import jsonschema
import openpyxl
import pytest
import yaml

from conftest import base_form_text
from fatheraudit import forms
from fatheraudit.case_list import form_columns
from fatheraudit.form_fields import FieldSpec
from fatheraudit.forms import CaseAudit, CaseForm, check_form
from fatheraudit.loader import load_yaml_text
from fatheraudit.models import YesNo
from fatheraudit.problems import Problem
from fatheraudit.render.blank_form import blank_form
from fatheraudit.render.excel_form import form_workbook
from fatheraudit.render.schema import form_schema
from fatheraudit.tools import Registry, Tool
from fatheraudit.workbook import DETAILS, KEY_COLUMN, read_workbook

LABEL = "Care proceedings during the audit window?"


class WithProceedings(CaseForm):
    """The case form and one field more, described once."""

    care_proceedings: Annotated[
        YesNo | None,
        FieldSpec(
            "yes_no",
            "yes_no",
            label=LABEL,
            help="yes or no.",
            note="yes | no: care proceedings during the audit window",
            listed="care proceedings",
        ),
    ] = None


@pytest.fixture
def extended(monkeypatch: pytest.MonkeyPatch) -> None:
    """Case forms take the extended model, for this test only."""
    monkeypatch.setitem(forms.FORM_MODELS, "case", WithProceedings)


@pytest.fixture
def tool(registry: Registry) -> Tool:
    found = registry.find("myth-of-invisible-men", "1.1")
    assert found is not None
    return found


def check(registry: Registry, text: str) -> tuple[CaseAudit | None, list[Problem]]:
    loaded = load_yaml_text(text, Path("C01.yaml"))
    assert loaded.document is not None
    return check_form(loaded.document, registry)


@pytest.mark.usefixtures("extended")
def test_the_model_checks_the_new_field(registry: Registry) -> None:
    audit, problems = check(registry, base_form_text("1.1") + "care_proceedings: Yes\n")
    assert audit is not None, problems
    assert isinstance(audit.form, WithProceedings) and audit.form.care_proceedings is True
    text = base_form_text("1.1") + "care_proceedings: perhaps\n"
    audit, problems = check(registry, text)
    assert audit is None
    assert [(p.code, p.line) for p in problems if p.is_error] == [("S304", text.count("\n"))]


def test_without_the_description_the_field_is_unknown(registry: Registry) -> None:
    audit, problems = check(registry, base_form_text("1.1") + "care_proceedings: yes\n")
    assert audit is None and [p.code for p in problems] == ["S303"]


@pytest.mark.usefixtures("extended")
def test_the_schema_lists_the_new_field(tool: Tool) -> None:
    schema = form_schema(tool)
    assert "care_proceedings" in schema["properties"]
    assert "care_proceedings" not in schema["required"]
    checker = jsonschema.Draft7Validator(schema["properties"]["care_proceedings"])
    assert all(checker.is_valid(value) for value in ("yes", "No", True, None))
    assert not checker.is_valid("perhaps")


@pytest.mark.usefixtures("extended")
def test_the_blank_form_writes_the_new_field(tool: Tool) -> None:
    text = blank_form(tool, "C01")
    assert "\ncare_proceedings:     # yes | no: care proceedings during the audit window\n" in text
    assert "care_proceedings" in yaml.safe_load(text)


@pytest.mark.usefixtures("extended")
def test_the_excel_form_has_a_row_for_it_and_import_reads_it(
    tool: Tool, registry: Registry, tmp_path: Path
) -> None:
    path = tmp_path / "C01.xlsx"
    path.write_bytes(form_workbook(tool, "C01"))
    book = openpyxl.load_workbook(path)
    sheet = book[DETAILS["case"]]
    row = next(
        r
        for r in range(2, sheet.max_row + 1)
        if sheet.cell(row=r, column=KEY_COLUMN).value == "care_proceedings"
    )
    assert sheet.cell(row=row, column=1).value == LABEL
    assert sheet.cell(row=row, column=2).protection.locked is False
    dropdowns = [v for v in sheet.data_validations.dataValidation if f"B{row}" in str(v.sqref)]
    assert [v.formula1 for v in dropdowns] == ['"yes,no"']
    sheet.cell(row=row, column=2, value="yes")
    book.save(path)
    loaded = read_workbook(path, registry=registry)
    assert loaded.document is not None, loaded.problems
    assert loaded.document.data["care_proceedings"] == "yes"
    assert loaded.document.sheet is not None
    assert loaded.document.sheet[("care_proceedings",)] == f"{DETAILS['case']}!B{row}"


@pytest.mark.usefixtures("extended")
def test_a_case_list_may_give_the_new_field() -> None:
    column = form_columns()[-1]
    assert (column.key, column.label, column.kind) == (
        "care_proceedings",
        "care proceedings",
        "yes_no",
    )
