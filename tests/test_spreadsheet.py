"""Text a spreadsheet would run as a formula, named in one place for CSV and workbooks."""

from __future__ import annotations

import pytest

from fatheraudit.render.spreadsheet import runs_as_formula


@pytest.mark.parametrize("text", ["=1+1", "+44 1234", "-2", "@SUM(A1)", "\tx", "\r=1"])
def test_formula_starts_are_caught(text: str) -> None:
    assert runs_as_formula(text)


@pytest.mark.parametrize("text", ["", "yes", " =1", "'=1", "C01", "6 of 10 (60%)"])
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert not runs_as_formula(text)
