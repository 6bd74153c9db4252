"""`fatheraudit new --from cases.csv`: a form per row of a case list, started with the
row's values at their keys; every bad cell named by row and column, nothing written on error.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import REPO, base_form_text, fill_blank
from fatheraudit.case_list import COLUMNS, HEADINGS, heading_key, read_case_list
from fatheraudit.cli import app
from fatheraudit.core import check_paths
from fatheraudit.loader import load_yaml
from fatheraudit.tools import Registry
from fatheraudit.workbook import CASE_DETAILS

EXAMPLE_LIST = REPO / "examples" / "case-list.csv"
GOOD = (
    "Case ID,Auditor_Role,auditor-agency,Audit date,Level of intervention,Legal status,"
    "Harms,Agencies,Child ages,Child sexes,Discussed at meeting,Male carers,PR,"
    "Lives with child,Father engaged,Concern at start,Concern at follow-up,"
    "Follow-up months,Closed,Re-referred,Escalated,Children under one\n"
    "C01,Named nurse,Health visiting,18/01/2023,Child protection plan,none,"
    '"domestic abuse, neglect",police; HEALTH_VISITING,6 months; 4,f; M,Y,'
    "birth-father-resident,yes,1,yes,CP,child-in-need,6,no,false,0,1\n"
    "C02,Social worker,childrens-social-care,2023-02-01,cin,,,,unborn,,no,,,,,,,,,,,\n"
    ",,,,,,,,,,,,,,,,,,,,,\n"
    "C03,,,,,,,,,,,,,,,,,,,,,\n"
)


def write_csv(folder: Path, text: str, name: str = "cases.csv", encoding: str = "utf-8") -> Path:
    """A case list file, written byte for byte as given (no newline translation)."""
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def new_from(runner: CliRunner, path: Path, out: Path, *extra: str) -> Any:
    """`new --from` a case list into `out`."""
    return runner.invoke(app, ["new", "--from", str(path), "-o", str(out), *extra])


def form_data(path: Path) -> Any:
    """A written form as the project's loader reads it."""
    loaded = load_yaml(path)
    assert loaded.document is not None, loaded.problems
    assert not [p for p in loaded.problems if p.is_error], loaded.problems
    return loaded.document.data


def test_a_good_list_writes_a_form_per_row_with_the_values_at_their_keys(
    runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "cases"
    result = new_from(runner, write_csv(tmp_path, GOOD), out)
    assert result.exit_code == 0, result.output
    assert result.stderr.count("wrote ") == 3 and "warning" not in result.stderr
    assert sorted(p.name for p in out.glob("*.yaml")) == ["C01.yaml", "C02.yaml", "C03.yaml"]
    assert (out / ".schema" / "myth-of-invisible-men-1.1.json").is_file()
    text = (out / "C01.yaml").read_text()
    assert text.startswith("# yaml-language-server: $schema=.schema/myth-of-invisible-men-1.1")
    data = form_data(out / "C01.yaml")
    assert data["case_id"] == "C01"
    assert data["auditor"] == {"role": "Named nurse", "agency": "health-visiting"}
    assert data["audit_date"] == "2023-01-18"
    found = data["characteristics"]
    assert found["children"] == [{"age": "6 months", "sex": "female"}, {"age": "4", "sex": "male"}]
    assert found["harm"] == ["domestic-abuse", "neglect"]
    assert found["agencies"] == ["police", "health-visiting"]
    assert found["intervention_level"] == "child-protection" and found["legal_status"] == "none"
    assert found["discussed_at_meeting"] == "yes"
    assert found["male_carers"] == [
        {
            "relationship": "birth-father-resident",
            "parental_responsibility": "yes",
            "lives_with_child": "yes",
        }
    ]
    assert data["outcomes"] == {
        "father_engaged": "yes",
        "concern_at_start": "child-protection",
        "concern_at_follow_up": "child-in-need",
        "follow_up_months": "6",
        "closed": "no",
        "re_referred": "no",
        "escalated": "no",
        "children_under_one": "1",
    }
    second = form_data(out / "C02.yaml")
    assert second["characteristics"]["intervention_level"] == "child-in-need"
    assert second["characteristics"]["children"] == [{"age": "unborn", "sex": None}]
    assert second["characteristics"]["harm"] == [] and second["outcomes"]["closed"] is None


def test_each_form_is_the_blank_form_with_only_the_given_keys_filled(
    runner: CliRunner, tmp_path: Path
) -> None:
    out, blanks = tmp_path / "cases", tmp_path / "blanks"
    assert new_from(runner, write_csv(tmp_path, GOOD), out).exit_code == 0
    assert runner.invoke(app, ["new", "C01", "C03", "-o", str(blanks)]).exit_code == 0
    assert (out / "C03.yaml").read_text() == (blanks / "C03.yaml").read_text()
    blank = (blanks / "C01.yaml").read_text().splitlines()
    filled = (out / "C01.yaml").read_text().splitlines()
    changed = [
        line[1:]
        for line in difflib.unified_diff(blank, filled, lineterm="", n=0)
        if line.startswith(("-", "+")) and not line.startswith(("---", "+++"))
    ]
    assert changed, "something was filled"
    for line in changed:  # only key lines changed, each keeping its comment
        assert re.match(r"^ *(- )?[a-z_]+:", line), line
    assert "  discussed_at_meeting: yes     # yes | no" in filled
    assert "  closed: no     # yes | no: closed to children's services by the follow-up" in filled


def test_the_values_written_validate_once_the_answers_are_filled(
    runner: CliRunner, tmp_path: Path, registry: Registry
) -> None:
    out = tmp_path / "cases"
    result = new_from(runner, write_csv(tmp_path, GOOD), out, "--tool-version", "1.0")
    assert result.exit_code == 0, result.output
    path = out / "C01.yaml"
    written = path.read_text()
    answered = fill_blank(written, base_form_text())
    path.write_text(written[: written.index("answers:")] + answered[answered.index("answers:") :])
    (out / "C02.yaml").unlink()
    (out / "C03.yaml").unlink()
    checked = check_paths([out], registry)
    assert checked.ok and len(checked.cases) == 1, [str(p) for p in checked.problems]
    form = checked.cases[0].form
    assert form.case_id == "C01" and form.auditor.agency == "health-visiting"
    found = form.characteristics
    assert found is not None and found.intervention_level == "child-protection"
    assert [(c.age, c.sex) for c in found.children] == [(6, "female"), (48, "male")]
    assert found.harm == ["domestic-abuse", "neglect"] and found.discussed_at_meeting is True
    assert form.outcomes is not None and form.outcomes.follow_up_months == 6
    assert form.outcomes.concern_at_follow_up == "child-in-need"
    assert runner.invoke(app, ["validate", str(out)]).exit_code == 0


def test_an_unknown_heading_is_a_warning_naming_its_column(
    runner: CliRunner, tmp_path: Path
) -> None:
    csv = write_csv(tmp_path, "Case ID,Level,Worker name,\nC01,early help,someone,\n")
    result = new_from(runner, csv, tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert f"{csv}:1:3: warning N804: column 3 (C): the heading 'Worker name'" in result.stderr
    assert "left out" in result.stderr and "someone" not in result.stderr
    assert (tmp_path / "out" / "C01.yaml").is_file()


@pytest.mark.parametrize(
    ("heading", "cell", "column", "code", "expected"),
    [
        ("Level of intervention", "Child protectoin", 2, "N808", "not on the list"),
        ("Discussed at meeting", "maybe", 2, "N809", "expected yes or no"),
        ("Child ages", "6 months; 19", 2, "N810", "under 18 years"),
        ("Child ages", "about six", 2, "N810", "expected an age"),
        ("Child sexes", "girl", 2, "N810", "expected female, male or unknown"),
        ("Follow-up months", "six", 2, "N811", "whole number from 0 to 120"),
        ("Children under one", "21", 2, "N811", "whole number from 0 to 20"),
        ("Audit date", "2023-02-30", 2, "N812", "not a real date"),
        ("Harm", "neglect; bruises", 2, "N808", "not on the list 'harm'"),
        ("Concern at start", "high", 2, "N808", "expected one of 'universal'"),
    ],
)
def test_a_bad_cell_is_an_error_at_its_row_and_column_and_nothing_is_written(
    runner: CliRunner,
    tmp_path: Path,
    heading: str,
    cell: str,
    column: int,
    code: str,
    expected: str,
) -> None:
    csv = write_csv(tmp_path, f'Case ID,{heading}\nC01,\nC02,"{cell}"\n')
    before = csv.read_bytes()
    result = new_from(runner, csv, tmp_path / "out")
    assert result.exit_code == 1, result.output
    assert f"{csv}:3:{column}: error {code}: " in result.stderr and expected in result.stderr
    assert "nothing written" in result.stderr
    assert not (tmp_path / "out").exists()
    assert csv.read_bytes() == before


def test_every_problem_in_the_file_is_reported(runner: CliRunner, tmp_path: Path) -> None:
    csv = write_csv(
        tmp_path,
        "Case ID,Level,Closed,Concern at follow-up,Child ages,Child sexes\n"
        "C01,bogus,yes,child-protection,4; 6,female\n"
        "John Smith,early-help,perhaps,,unborn,\n"
        "C03,cin,,,4;;,\n",
    )
    result = new_from(runner, csv, tmp_path / "out")
    assert result.exit_code == 1
    found = re.findall(r":(\d+):(\d+): error (N\d{3})", result.stderr)
    assert found == [
        ("2", "2", "N808"),
        ("2", "3", "N813"),
        ("2", "6", "N810"),
        ("3", "1", "N806"),
        ("3", "3", "N809"),
        ("4", "5", "N810"),
        ("4", "5", "N810"),
    ]
    assert "John Smith" not in result.stderr and "bogus" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_duplicate_case_ids_are_errors(runner: CliRunner, tmp_path: Path) -> None:
    csv = write_csv(tmp_path, "Case ID\nC01\nC02\nC01\nc02\n")
    result = new_from(runner, csv, tmp_path / "out")
    assert result.exit_code == 1
    assert f"{csv}:4:1: error N807: case id 'C01' is also on row 2;" in result.stderr
    assert f"{csv}:5:1: error N807: case id 'c02' is also on row 3 as 'C02'" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_list_without_a_case_id_column_or_rows_is_refused(
    runner: CliRunner, tmp_path: Path
) -> None:
    no_id = new_from(runner, write_csv(tmp_path, "Level,Harm\nearly-help,neglect\n"), tmp_path)
    assert no_id.exit_code == 1 and "error N803: no column holds the case id" in no_id.stderr
    empty = new_from(runner, write_csv(tmp_path, "Case ID\n\n,\n", "empty.csv"), tmp_path)
    assert empty.exit_code == 1 and "error N803: has no cases" in empty.stderr
    twice = new_from(
        runner, write_csv(tmp_path, "Case ID,Harm,harms\nC01,,\n", "two.csv"), tmp_path
    )
    assert twice.exit_code == 1 and ":1:3: error N805: column 3 (C) is a second" in twice.stderr
    assert not list(tmp_path.glob("*.yaml"))


def test_an_existing_form_is_not_replaced_without_force(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "C02.yaml").write_text("precious\n")
    csv = write_csv(tmp_path, "Case ID,Level\nC01,cin\nC02,cp\n")
    result = new_from(runner, csv, out)
    assert result.exit_code == 2
    assert f"{csv}:3:1: error N815: {out / 'C02.yaml'} already exists; use --force" in result.stderr
    assert not (out / "C01.yaml").exists() and (out / "C02.yaml").read_text() == "precious\n"
    forced = new_from(runner, csv, out, "--force")
    assert forced.exit_code == 0, forced.output
    assert (
        form_data(out / "C02.yaml")["characteristics"]["intervention_level"] == "child-protection"
    )


HOSTILE = [
    ": x",
    "# not a comment",
    "lead: a #b",
    "- item",
    "[a, b]",
    "{a: b}",
    "&anchor",
    "*alias",
    "!!python/object:os.system",
    "'single' and \"double\" quotes",
    "---",
    "null",
    "yes",
    "~",
    "0123",
    "trailing space ",
    "Éire, naïve café; 😀",
    "a | b > c % d @ e ` f",
]


@pytest.mark.parametrize("role", HOSTILE)
def test_free_text_is_written_safely(runner: CliRunner, tmp_path: Path, role: str) -> None:
    quoted = role.replace('"', '""')
    csv = write_csv(tmp_path, f'Case ID,Auditor role,Level\nC01,"{quoted}",cin\n')
    result = new_from(runner, csv, tmp_path / "out")
    assert result.exit_code == 0, result.output
    path = tmp_path / "out" / "C01.yaml"
    loaded = load_yaml(path)
    assert loaded.problems == [] and loaded.document is not None
    data = loaded.document.data
    assert data["auditor"]["role"] == role.strip()
    assert data["characteristics"]["intervention_level"] == "child-in-need"
    assert data["answers"]["A1"] == {"answer": None, "evidence": None}


def test_hostile_cells_and_headings_are_refused_without_being_echoed(
    runner: CliRunner, tmp_path: Path
) -> None:
    csv = write_csv(
        tmp_path,
        'Case ID,Auditor role,Level,"<b>Tyler Brennan\u202e</b>"\n'
        'C01,"Nurse\u202eevil",cin,x\n'
        'C02,"two\nlines",": x # y",\n'
        '"C03: x",,,\n',
    )
    result = new_from(runner, csv, tmp_path / "out")
    assert result.exit_code == 1
    assert ":2:2: error N817: auditor's role: holds a right-to-left override" in result.stderr
    assert ":3:2: error N817: auditor's role: expected one line" in result.stderr
    assert ":3:3: error N808: level of intervention: not on the list" in result.stderr
    assert ":4:1: error N806: case id: expected an identifier" in result.stderr
    assert ":1:4: warning N804: column 4 (D): its heading is not a field" in result.stderr
    for secret in ("Tyler", "evil", "lines", ": x # y", "C03: x"):
        assert secret not in result.stderr
    assert not (tmp_path / "out").exists()


def test_encodings_and_separators(runner: CliRunner, tmp_path: Path) -> None:
    bom = write_csv(tmp_path, "\ufeffCase ID,Auditor role\r\nC01,Café worker\r\n", "bom.csv")
    result = new_from(runner, bom, tmp_path / "a")
    assert result.exit_code == 0 and "warning" not in result.stderr, result.output
    assert form_data(tmp_path / "a" / "C01.yaml")["auditor"]["role"] == "Café worker"
    ansi = write_csv(tmp_path, "Case ID;Auditor role\nC01;Café worker\n", "ansi.csv", "cp1252")
    result = new_from(runner, ansi, tmp_path / "b")
    assert result.exit_code == 0, result.output
    assert f"{ansi}: warning N802: is not UTF-8 (byte 0xE9)" in result.stderr
    assert form_data(tmp_path / "b" / "C01.yaml")["auditor"]["role"] == "Café worker"
    wide = write_csv(tmp_path, "\ufeffCase ID\nC01\n", "wide.csv", "utf-16")
    result = new_from(runner, wide, tmp_path / "c")
    assert result.exit_code == 1 and "error N801: is not a CSV text file" in result.stderr
    assert not (tmp_path / "c").exists()


def test_cells_beyond_the_heading_and_lists_that_disagree_are_errors(
    runner: CliRunner, tmp_path: Path
) -> None:
    csv = write_csv(
        tmp_path,
        "Case ID,Child ages,Child sexes\nC01,4; 6,female\nC02,4,female,surplus\nC03,4,male,\n",
    )
    result = new_from(runner, csv, tmp_path / "out")
    assert result.exit_code == 1
    assert ":2:3: error N810: child sexes: 1 given, but child ages (column 2) gives 2" in (
        result.stderr
    )
    assert ":3:4: error N814: this row has a value in column 4 (D), beyond the last" in (
        result.stderr
    )
    assert "cases.csv:4:" not in result.stderr


def test_usage_errors(runner: CliRunner, tmp_path: Path) -> None:
    csv = write_csv(tmp_path, "Case ID\nC01\nC02\n")
    both = runner.invoke(app, ["new", "C09", "--from", str(csv), "-o", str(tmp_path)])
    assert both.exit_code == 2 and "not both" in both.stderr
    excel = new_from(runner, csv, tmp_path, "--format", "xlsx")
    assert excel.exit_code == 2 and "--from writes YAML forms only" in excel.stderr
    agency = new_from(runner, csv, tmp_path, "--tool", "father-friendly-service")
    assert agency.exit_code == 2 and "agency self-assessment" in agency.stderr
    neither = runner.invoke(app, ["new", "-o", str(tmp_path)])
    assert neither.exit_code == 2 and "case ids, or --from" in neither.stderr
    several = runner.invoke(app, ["new", "--from", str(csv), "-o", "-"])
    assert several.exit_code == 2 and "stdout" in several.stderr
    missing = runner.invoke(app, ["new", "--from", str(tmp_path / "nope.csv")])
    assert missing.exit_code == 2
    assert not list(tmp_path.rglob("*.yaml")) and not list(tmp_path.rglob("*.xlsx"))


def test_one_row_can_go_to_stdout(runner: CliRunner, tmp_path: Path) -> None:
    csv = write_csv(tmp_path, "Case ID,Level\nC07,looked after\n")
    result = runner.invoke(app, ["new", "--from", str(csv), "-o", "-"])
    assert result.exit_code == 0, result.output
    assert "case_id: C07\n" in result.stdout
    assert "  intervention_level: looked-after\n" in result.stdout


def test_the_example_case_list_makes_ten_forms(runner: CliRunner, tmp_path: Path) -> None:
    before = EXAMPLE_LIST.read_bytes()
    result = new_from(runner, EXAMPLE_LIST, tmp_path)
    assert result.exit_code == 0, result.output
    assert "warning" not in result.stderr and "error" not in result.stderr
    names = sorted(p.name for p in tmp_path.glob("*.yaml"))
    assert names == [f"C{n:02}.yaml" for n in range(1, 11)]
    validated = runner.invoke(app, ["validate", str(tmp_path)])
    wrong = [
        line
        for line in validated.stdout.splitlines()
        if " error " in line and "Q403" not in line and "auditor." not in line
        if "audit_date" not in line
    ]
    assert wrong == [], "only the answers and the auditor are left to fill"
    assert EXAMPLE_LIST.read_bytes() == before


def test_headings_name_one_field_each(registry: Registry) -> None:
    by_key = {column.key: column for column in COLUMNS}
    for column in COLUMNS:
        for name in (column.label, *column.headings):
            assert HEADINGS[heading_key(name)] is column, name
    for detail in CASE_DETAILS:
        assert HEADINGS[heading_key(detail.label)] is by_key[detail.key], detail.label
    for key in ("Case_ID", "case-id", "CASE ID", " Case  ID "):
        assert HEADINGS[heading_key(key)] is by_key["case_id"]
    tool = registry.latest("myth-of-invisible-men")
    assert tool is not None
    found = read_case_list(EXAMPLE_LIST, tool)
    assert found.ok and len(found.cases) == 10 and found.id_column == 1
