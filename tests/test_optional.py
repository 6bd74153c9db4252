"""Libraries only some formats need: imported when asked for, or a clear error."""

from __future__ import annotations

import json

import pytest

from fatheraudit.problems import FatherauditError
from fatheraudit.render.optional import library


def test_an_installed_library_is_returned() -> None:
    assert library("json", "never shown") is json


def test_a_missing_library_says_what_to_install() -> None:
    with pytest.raises(FatherauditError, match="pip install 'fatheraudit\\[pdf\\]'") as refused:
        library(
            "fatheraudit_no_such_module", "PDF needs WeasyPrint: pip install 'fatheraudit[pdf]'"
        )
    assert refused.value.exit_code == 2
    assert "fatheraudit_no_such_module" in str(refused.value)
