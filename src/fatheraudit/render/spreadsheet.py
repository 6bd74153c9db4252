"""Text as spreadsheets read it: the starts that make Excel, LibreOffice or Sheets run a
cell as a formula, so CSV and workbook output can keep such text as text."""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def runs_as_formula(text: str) -> bool:
    """True when a spreadsheet would take `text` for a formula (a formula-injection risk)."""
    return text.startswith(FORMULA_STARTS)
