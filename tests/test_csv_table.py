"""The cohort as CSV: a header, a row per case, formulas never run."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

from conftest import EXAMPLE_CASES
from fatheraudit.core import score_paths
from fatheraudit.render.csv_table import cell, cohort_csv
from fatheraudit.tools import Registry


def test_cells_are_text_a_spreadsheet_will_not_run() -> None:
    assert cell(None) == "" and cell(74.56) == "74.6" and cell(3) == "3"
    assert cell("=HYPERLINK(1)") == "'=HYPERLINK(1)" and cell("-1") == "'-1"
    assert cell("plain") == "plain"


def test_a_row_per_case_under_one_header(tmp_path: Path, registry: Registry) -> None:
    for name in ("C01.yaml", "C02.yaml"):
        shutil.copy(EXAMPLE_CASES / name, tmp_path / name)
    result = score_paths([tmp_path], registry)
    assert result.cohort is not None
    rows = list(csv.DictReader(io.StringIO(cohort_csv(result.cohort, result.check.cases))))
    assert [row["case_id"] for row in rows] == ["C01", "C02"]
    scores = {s.case_id: s.percent for s in result.cohort.scores}
    assert [row["overall_percent"] for row in rows] == [cell(scores["C01"]), cell(scores["C02"])]
    assert all(row["tool"] for row in rows)
