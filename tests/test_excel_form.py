"""The blank Excel form: a row per question with a dropdown, the rest protected."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from fatheraudit.core import choose_tool
from fatheraudit.render.excel_form import form_workbook
from fatheraudit.tools import Registry


def test_the_form_names_its_tool_and_case(registry: Registry) -> None:
    tool = choose_tool(registry, None, None)
    book = load_workbook(io.BytesIO(form_workbook(tool, "C07")))
    about = book[book.sheetnames[0]]
    facts = {row[0].value: row[1].value for row in about.iter_rows() if row[0].value}
    assert facts["tool"] == tool.id and facts["tool_version"] == tool.version
    assert facts["case_id"] == "C07"


def test_every_question_has_a_row_and_an_answer_dropdown(registry: Registry) -> None:
    tool = choose_tool(registry, None, None)
    book = load_workbook(io.BytesIO(form_workbook(tool, "C01")))
    answers = book["Answers"]
    ids = [row[1].value for row in answers.iter_rows(min_row=2) if row[1].value]
    assert ids == [question.id for question in tool.questions()]
    assert answers.protection.sheet
    assert answers.data_validations.dataValidation  # the answers' dropdowns
