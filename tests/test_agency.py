"""The agency self-assessment tool: validated and scored exactly like case forms."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from conftest import REPO, fill_blank
from fatheraudit.cli import app
from fatheraudit.core import check_paths, score_paths
from fatheraudit.tools import Registry

AGENCY = REPO / "examples" / "agency-2023"


def test_agency_tool_has_eight_standards_and_25_indicators(registry: Registry) -> None:
    tool = registry.find("father-friendly-service", "1.0")
    assert tool is not None and tool.scope == "agency"
    assert [s.id for s in tool.sections] == [f"S{n}" for n in range(1, 9)]
    assert len(list(tool.questions())) == 25


def test_example_assessments_validate_and_score(registry: Registry) -> None:
    result = score_paths([AGENCY], registry)
    assert result.check.ok and result.cohort is not None
    cohort = result.cohort
    assert cohort.scope == "agency" and cohort.cases == 3 and cohort.children == 0
    assert [s.section_id for s in cohort.sections] == [f"S{n}" for n in range(1, 9)]
    for score in cohort.scores:
        assert score.percent is not None and score.band is not None


def test_readiness_lists_indicators_without_a_portfolio_reference(registry: Registry) -> None:
    result = score_paths([AGENCY], registry)
    assert result.cohort is not None
    missing = {row.case_id: row.question_ids for row in result.cohort.unevidenced}
    for case in result.check.cases:
        expected = [a.question_id for a in case.answers.values() if not (a.portfolio or "").strip()]
        assert missing.get(case.form.case_id, []) == expected
    assert all(missing.values())


def test_agency_form_errors_are_located(tmp_path: Path, registry: Registry) -> None:
    text = (AGENCY / "HV-2023.yaml").read_text()
    text = text.replace("    answer: ", "    answer: 5", 1).replace("service:", "servise:", 1)
    (tmp_path / "HV-2023.yaml").write_text(text)
    result = check_paths([tmp_path], registry)
    codes = sorted(p.code for p in result.problems)
    assert "Q402" in codes and "S303" in codes
    assert all(p.line > 0 for p in result.problems)


def test_score_by_readiness(runner: CliRunner) -> None:
    result = runner.invoke(app, ["score", "--by", "readiness", str(AGENCY)], env={"COLUMNS": "150"})
    assert result.exit_code == 0
    assert "no portfolio reference" in result.stdout and "HV-2023" in result.stdout


def test_new_agency_form_fill_validate_round_trip(runner: CliRunner, tmp_path: Path) -> None:
    args = ["new", "HV-2023", "--tool", "father-friendly-service", "-o", str(tmp_path)]
    assert runner.invoke(app, args).exit_code == 0
    path = tmp_path / "HV-2023.yaml"
    blank = path.read_text()
    assert "assessment_id: HV-2023" in blank and "    portfolio:" in blank
    assert "characteristics" not in blank
    path.write_text(fill_blank(blank, (AGENCY / "HV-2023.yaml").read_text()))
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.output
