"""The meeting summary's workbook: one sheet, its blocks in order, fitted to one A4 page."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from fatheraudit.render.excel_page import summary_page_workbook

TEXT = """## Headline figures

Ten cases were audited.

| section | score |
| --- | --- |
| A | 75% |

- Re-audit in twelve months.
"""


def cells(data: bytes) -> list[str]:
    """Every non-empty cell of the one sheet, row by row."""
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    return [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]


def test_the_summary_is_one_sheet_in_reading_order() -> None:
    data, warnings = summary_page_workbook("Meeting summary: Engaging fathers", TEXT)
    assert warnings == []
    found = cells(data)
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None and sheet.oddHeader is not None
    assert sheet.oddHeader.center.text == "Meeting summary: Engaging fathers"
    order = ["Headline figures", "Ten cases were audited.", "section", "75%"]
    positions = [found.index(text) for text in order]
    assert positions == sorted(positions)
    assert any("Re-audit in twelve months." in text for text in found)


def test_the_sheet_prints_on_one_a4_page() -> None:
    data, _ = summary_page_workbook("Meeting summary: X", TEXT)
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Meeting summary"]
    sheet = book.active
    assert sheet is not None
    setup = sheet.page_setup
    assert (setup.orientation, setup.fitToWidth, setup.fitToHeight) == ("portrait", 1, 1)
    fit = sheet.sheet_properties.pageSetUpPr
    assert fit is not None and fit.fitToPage
