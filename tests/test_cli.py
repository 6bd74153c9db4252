"""The command line, through Typer's runner: output, exit codes, files written."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from conftest import EXAMPLE_CASES, INVALID_EXAMPLES, base_form_text, fill_blank
from fatheraudit.cli import app


def test_validate_example_audit_is_clean(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", str(EXAMPLE_CASES)])
    assert result.exit_code == 0, result.output
    assert "10 files checked: 10 valid cases; 0 errors, 0 warnings." in result.output


def test_validate_invalid_examples_exits_1_with_located_problems(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", str(INVALID_EXAMPLES)])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if ": error " in line]
    assert len({line.split(":")[0] for line in lines}) == len(list(INVALID_EXAMPLES.glob("*.yaml")))
    assert all(re.match(r"^.+\.yaml:\d+:\d+: error [A-Z]\d{3}: ", line) for line in lines)


def test_validate_json(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", "--format", "json", str(INVALID_EXAMPLES)])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False and report["errors"] >= 1
    first = report["problems"][0]
    assert set(first) == {"path", "line", "column", "cell", "severity", "code", "message"}


def test_usage_errors_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    assert runner.invoke(app, ["validate", str(tmp_path / "missing")]).exit_code == 2
    assert runner.invoke(app, ["validate", "--format", "xml", str(tmp_path)]).exit_code == 2
    assert runner.invoke(app, ["new", "John Smith", "-o", str(tmp_path)]).exit_code == 2
    assert runner.invoke(app, ["new", "C01", "--tool", "nope", "-o", str(tmp_path)]).exit_code == 2


def test_new_writes_a_commented_form_with_a_modeline(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["new", "C42", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "C42.yaml").read_text()
    assert text.startswith("# yaml-language-server: $schema=.schema/myth-of-invisible-men-1.1.json")
    assert "# A1. " in text and "#     Guidance: " in text and "#     Answer: yes | partly" in text
    schema = json.loads((tmp_path / ".schema" / "myth-of-invisible-men-1.1.json").read_text())
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"


def test_new_never_overwrites_without_force(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "C42.yaml"
    target.write_text("precious\n")
    result = runner.invoke(app, ["new", "C42", "-o", str(target)])
    assert result.exit_code == 2 and "already exists" in result.output
    assert target.read_text() == "precious\n"
    assert runner.invoke(app, ["new", "C42", "-o", str(target), "--force"]).exit_code == 0
    assert target.read_text() != "precious\n"


def test_new_fill_validate_round_trip(runner: CliRunner, tmp_path: Path) -> None:
    assert runner.invoke(app, ["new", "C01", "-o", str(tmp_path)]).exit_code == 0
    path = tmp_path / "C01.yaml"
    blank = runner.invoke(app, ["validate", str(path)])
    assert blank.exit_code == 1 and "required question A1 is not answered" in blank.output
    path.write_text(fill_blank(path.read_text(), base_form_text("1.1")))
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert "1 valid case" in result.output


def test_new_forms_carry_a_blank_outcomes_block_that_is_not_counted(
    runner: CliRunner, tmp_path: Path
) -> None:
    assert runner.invoke(app, ["new", "C01", "-o", str(tmp_path)]).exit_code == 0
    path = tmp_path / "C01.yaml"
    text = path.read_text()
    assert "\noutcomes:\n  father_engaged:     # yes | no" in text
    assert "# one of: universal, early-help, child-in-need, child-protection, looked-after" in text
    path.write_text(fill_blank(text, base_form_text("1.1")))
    blank = runner.invoke(app, ["score", str(path)])
    assert blank.exit_code == 0 and "Outcomes recorded" not in blank.stdout
    filled = path.read_text().replace("  father_engaged:", "  father_engaged: yes", 1)
    filled = filled.replace("  concern_at_start:", "  concern_at_start: child-in-need", 1)
    path.write_text(filled)
    result = runner.invoke(app, ["score", str(path)])
    assert result.exit_code == 0, result.output
    assert "father engaged 1 of 1 (100%)" in result.stdout
    assert "not yet followed up 1 (100%)" in " ".join(result.stdout.split())


def test_schema_prints_draft_07(runner: CliRunner) -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["properties"]["tool"] == {"const": "myth-of-invisible-men"}
    assert schema["additionalProperties"] is False


def test_tools_list_and_show(runner: CliRunner) -> None:
    listed = runner.invoke(app, ["tools", "list"], env={"COLUMNS": "200"})
    assert listed.exit_code == 0 and "myth-of-invisible-men" in listed.output
    shown = runner.invoke(app, ["tools", "show", "myth-of-invisible-men"], env={"COLUMNS": "200"})
    assert shown.exit_code == 0 and "A1" in shown.output and "Themes" in shown.output
    assert runner.invoke(app, ["tools", "show", "nope"]).exit_code == 2


def test_extra_tools_folder(runner: CliRunner, tmp_path: Path) -> None:
    from test_tools import MINIMAL

    (tmp_path / "mini.yaml").write_text(MINIMAL)
    result = runner.invoke(
        app, ["tools", "list", "--tools-dir", str(tmp_path)], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0 and "mini" in result.output
    env = runner.invoke(
        app, ["tools", "list"], env={"COLUMNS": "200", "FATHERAUDIT_TOOLS": str(tmp_path)}
    )
    assert "mini" in env.output


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and re.match(r"^\d+\.\d+", result.output)


def test_readme_quick_start_has_the_two_commands_ci_runs() -> None:
    from conftest import REPO

    readme = (REPO / "README.md").read_text()
    ci = (REPO / ".ci" / "run").read_text()
    for marker in ("<!-- quickstart:main -->", "<!-- quickstart:tests -->"):
        block = readme.split(marker, 1)[1].split("```bash\n", 1)[1].split("```", 1)[0]
        assert block.count("\n") == 1 and block.startswith("python3 -m venv .venv && ")
        assert marker.split(":")[1].rstrip(" ->") in ci


def test_score_example_table(runner: CliRunner) -> None:
    result = runner.invoke(app, ["score", str(EXAMPLE_CASES)], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Cases: 10; children: 11 (5 female, 6 male), aged 6 months to 15 years." in out
    assert "Discussed at the meeting: 6 of 10." in out
    assert re.search(r"^ *C01 +60 +50 ", out, re.MULTILINE)
    assert re.search(r"^ *all +74 +65 ", out, re.MULTILINE) and "Top themes" in out


def valid_and_invalid(tmp_path: Path) -> Path:
    """The ten example cases and the eight invalid forms in one folder."""
    import shutil

    shutil.copytree(EXAMPLE_CASES, tmp_path / "mixed" / "cases")
    shutil.copytree(INVALID_EXAMPLES, tmp_path / "mixed" / "invalid")
    return tmp_path / "mixed"


def test_score_leaves_invalid_files_out_and_exits_1(runner: CliRunner, tmp_path: Path) -> None:
    examples = valid_and_invalid(tmp_path)
    result = runner.invoke(app, ["score", "--format", "json", str(examples)])
    assert result.exit_code == 1
    cohort = json.loads(result.stdout)
    assert cohort["cases"] == 10
    assert len(cohort["unreadable"]) == len(list(INVALID_EXAMPLES.glob("*.yaml")))
    assert "left out of the figures: 8 invalid file(s)" in result.stderr


def test_score_strict_refuses(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["score", "--strict", str(valid_and_invalid(tmp_path))])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "refusing to score" in result.stderr


def test_score_csv_has_one_header_row_and_a_row_per_case(runner: CliRunner) -> None:
    import csv
    import io

    result = runner.invoke(app, ["score", "--format", "csv", str(EXAMPLE_CASES)])
    assert result.exit_code == 0
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0][:2] == ["case_id", "tool"] and len(rows) == 11
    assert all(len(row) == len(rows[0]) for row in rows)
    assert [row[0] for row in rows[1:]] == [f"C{n:02d}" for n in range(1, 11)]


def test_score_json_validates_against_the_cohort_model(runner: CliRunner) -> None:
    from fatheraudit.cohort import Cohort

    result = runner.invoke(app, ["score", "--format", "json", str(EXAMPLE_CASES)])
    cohort = Cohort.model_validate_json(result.stdout)
    assert cohort.children == 11


def test_score_explain_shows_the_trace(runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["score", "--explain", "C09", str(EXAMPLE_CASES)], env={"COLUMNS": "150"}
    )
    assert result.exit_code == 0
    assert "its condition is not met" in result.output and "A total" in result.output
    missing = runner.invoke(app, ["score", "--explain", "C9", str(EXAMPLE_CASES)])
    assert missing.exit_code == 2 and "did you mean 'C09'" in missing.stderr


def test_score_by_question_and_theme(runner: CliRunner) -> None:
    by_question = runner.invoke(
        app, ["score", "--by", "question", str(EXAMPLE_CASES)], env={"COLUMNS": "150"}
    )
    assert by_question.exit_code == 0 and "yes 6 (60%)" in by_question.output
    by_theme = runner.invoke(
        app, ["score", "--by", "theme", str(EXAMPLE_CASES)], env={"COLUMNS": "150"}
    )
    assert by_theme.exit_code == 0 and "C01, C05, C06, C09" in by_theme.output


def test_new_writes_a_form_for_each_case_id(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["new", "C01", "C02", "C03", "C02", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.glob("*.yaml")) == ["C01.yaml", "C02.yaml", "C03.yaml"]
    assert "case_id: C02" in (tmp_path / "C02.yaml").read_text()
    for name in ("C01", "C02", "C03"):
        assert f"wrote {tmp_path / name}.yaml" in result.stderr
    xlsx = runner.invoke(app, ["new", "C04", "C05", "--format", "xlsx", "-o", str(tmp_path)])
    assert xlsx.exit_code == 0 and (tmp_path / "C05.xlsx").is_file()


def test_new_writes_nothing_when_one_form_exists(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "C02.yaml").write_text("precious\n")
    result = runner.invoke(app, ["new", "C01", "C02", "-o", str(tmp_path)])
    assert result.exit_code == 2 and "C02.yaml already exists" in result.stderr
    assert not (tmp_path / "C01.yaml").exists()
    assert (tmp_path / "C02.yaml").read_text() == "precious\n"
    bad = runner.invoke(app, ["new", "C01", "John Smith", "-o", str(tmp_path)])
    assert bad.exit_code == 2 and "case id 2 of 2" in bad.stderr
    to_file = runner.invoke(app, ["new", "C01", "C03", "-o", str(tmp_path / "one.yaml")])
    assert to_file.exit_code == 2 and "folder" in to_file.stderr
    to_stdout = runner.invoke(app, ["new", "C01", "C03", "-o", "-"])
    assert to_stdout.exit_code == 2 and not list(tmp_path.glob("C0[13]*"))
