"""Re-audit comparison: the changes a reader would expect, in every format."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from conftest import EXAMPLE_CASES, REPO
from fatheraudit.cli import app
from fatheraudit.compare import Comparison, compare_rounds, read_round
from fatheraudit.tools import Registry

BASELINE = REPO / "examples" / "audit-2023"
FOLLOW_UP = REPO / "examples" / "reaudit-2024"


def test_example_rounds(registry: Registry) -> None:
    result = compare_rounds(read_round(BASELINE, registry), read_round(FOLLOW_UP, registry))
    assert result.cases_in_both == ["C01", "C02", "C03", "C05", "C07", "C08"]
    a3 = next(q for q in result.questions if q.question_id == "A3")
    assert a3.baseline is not None and a3.follow_up is not None
    assert (a3.baseline.numerator, a3.baseline.denominator) == (2, 10)
    assert a3.change == (a3.follow_up.percent or 0) - 20.0
    themes = {t.id: t.status for t in result.themes}
    assert themes["early-identification"] == "appeared"
    assert themes["recording-systems"] == "fell"
    assert result.overall.change is not None and result.overall.change > 0


def test_one_changed_question_moves_only_that_question(tmp_path: Path, registry: Registry) -> None:
    follow_up = tmp_path / "cases"
    shutil.copytree(EXAMPLE_CASES, follow_up)
    for form in follow_up.glob("*.yaml"):
        text = re.sub(r"(\n  A3:\n    answer:)[^\n]*", r"\1 yes", form.read_text())
        form.write_text(text)
    result = compare_rounds(read_round(EXAMPLE_CASES, registry), read_round(follow_up, registry))
    changed = {q.question_id: q.change for q in result.questions if q.change}
    assert changed == {"A3": 80.0}  # 2 of 10 good answers before, 10 of 10 after
    assert [s.section_id for s in result.sections if s.change] == ["A"]
    assert result.cases_in_both == [f"C{n:02d}" for n in range(1, 11)]
    assert all(t.status == "steady" for t in result.themes)


def test_compare_formats(runner: CliRunner, tmp_path: Path) -> None:
    args = ["compare", str(BASELINE), str(FOLLOW_UP)]
    table = runner.invoke(app, args, env={"COLUMNS": "150"})
    assert table.exit_code == 0 and "+50 pts" in table.stdout
    as_json = runner.invoke(app, [*args, "--format", "json"])
    assert Comparison.model_validate(json.loads(as_json.stdout)).follow_up_cases == 10
    markdown = runner.invoke(app, [*args, "--format", "md"])
    assert "| **A3** " in markdown.stdout and "+50 points" in markdown.stdout
    target = tmp_path / "compare.xlsx"
    assert runner.invoke(app, [*args, "--format", "xlsx", "-o", str(target)]).exit_code == 0
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["Sections", "Questions", "Themes"]
    assert len(book["Sections"]._charts) == 1


def test_different_tools_are_refused(runner: CliRunner) -> None:
    result = runner.invoke(app, ["compare", str(BASELINE), str(REPO / "examples" / "agency-2023")])
    assert result.exit_code == 2 and "different tools" in result.stderr
