"""Report and summary as HTML, PDF, Word and the one-page summary workbook."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from fatheraudit.cli import app
from fatheraudit.render.blocks import report_blocks
from fatheraudit.render.charts import Bar, Chart, report_charts, svg
from fatheraudit.render.formats import RENDERERS, Request
from test_reports import spoil

docx = pytest.importorskip("docx")

EXAMPLE = Path(__file__).parent.parent / "examples" / "audit-2023"
SECTIONS = [
    "1. Purpose",
    "2. Method",
    "3. Case characteristics",
    "4. Summary of findings",
    "5. Themes that enabled good practice",
    "6. Barriers and how they were overcome",
    "7. Learning from the audit",
    "8. Recommendations",
    "9. Action plan",
    "10. Sign-off",
]
FIGURE = re.compile(r'<figure class="chart".*?</figure>\n', re.S)


def write(runner: CliRunner, folder: Path, kind: str, fmt: str, *extra: str) -> Path:
    target = folder / f"{kind}.{fmt}"
    args = [kind, str(folder), "--format", fmt, "-o", str(target), *extra]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return target


def main_of(page: str) -> str:
    return page.split("<main>\n", 1)[1].split("</main>", 1)[0]


def weasyprint_or_skip() -> None:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as error:
        pytest.skip(f"WeasyPrint cannot load here: {error}")


# --- blocks and charts ------------------------------------------------------------------


def test_a_chart_marker_is_a_block_only_when_a_template_writes_it() -> None:
    text = "Intro\n\n<!-- chart:sections -->\n\n\\<!-- chart:themes -->\n"
    kinds = [(t.type, t.info) for t in report_blocks(text)]
    assert ("chart", "sections") in kinds
    assert not any(info == "themes" for _, info in kinds), "escaped text stays text"


def context_of(audit: Path, suppress_below: int | None = None) -> dict[str, object]:
    from fatheraudit.core import load_audit, open_registry
    from fatheraudit.render.context import audit_context

    return audit_context(load_audit(audit, open_registry([])), suppress_below)


def test_charts_follow_the_figures_and_hide_what_publishing_hides(audit_copy: Path) -> None:
    charts = report_charts(context_of(audit_copy))
    assert set(charts) == {"sections", "enablers", "barriers"}, "the example has no outcomes"
    sections = charts["sections"]
    assert [bar.text for bar in sections.bars][:2] == ["74%", "65%"]
    assert sections.axis_max == 100 and not sections.whole
    enablers = charts["enablers"]
    assert enablers.whole and enablers.axis_max == 10
    assert all(bar.value is not None and bar.value == int(bar.value) for bar in enablers.bars)
    published = report_charts(context_of(audit_copy, suppress_below=5))
    for bar in published["enablers"].bars + published["barriers"].bars:
        assert bar.value is None and bar.text == "fewer than 5", "no bar for a hidden count"


def test_chart_text_is_text_not_markup() -> None:
    chart = Chart(
        "t",
        "Costs $x$ & <b>more</b>",
        "Cases",
        (Bar("A $\\alpha$ <i>", 2.0, "2"),),
        4.0,
        True,
        "#000",
    )
    drawn = svg(chart)
    assert drawn.startswith("<svg") and "<b>" not in drawn and "<i>" not in drawn
    assert "Costs $x$ &amp; &lt;b&gt;more&lt;/b&gt;" in drawn, "no maths, escaped"
    assert "A $\\alpha$ &lt;i&gt;" in drawn


# --- HTML -------------------------------------------------------------------------------


def test_the_html_report_is_one_page_that_fetches_nothing(
    runner: CliRunner, audit_copy: Path
) -> None:
    page = write(runner, audit_copy, "report", "html").read_text()
    assert page.startswith("<!DOCTYPE html>")
    assert "Content-Security-Policy\" content=\"default-src 'none';" in page
    for fetches in ("<script", "<link", "<img", "<iframe", "src=", "@import"):
        assert fetches not in page, fetches
    links = re.findall(r'href="([^"]*)"', page) + re.findall(r"url\(([^)]*)\)", page)
    assert links and all(link.startswith("#") for link in links), "only the charts' own parts"
    headings = re.findall(r"<h2>(.*?)</h2>", page)
    assert headings == SECTIONS
    assert page.count('<figure class="chart"') == 3 and page.count("<svg") == 3
    assert page.count("<thead>") == page.count("<table>") > 5
    assert "@page" in page and "size: A4" in page


def test_html_escapes_free_text_exactly_as_markdown(runner: CliRunner, audit_copy: Path) -> None:
    spoil(audit_copy, "long")
    for kind in ("report", "summary"):
        markdown = runner.invoke(app, [kind, str(audit_copy), "-o", "-"])
        assert markdown.exit_code == 0, markdown.output
        page = write(runner, audit_copy, kind, "html").read_text()
        commonmark = MarkdownIt("commonmark", {"html": False}).enable("table")
        assert FIGURE.sub("", main_of(page)) == commonmark.render(markdown.stdout)
        assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
        assert not re.search(r"<h\d>[^<]*FAKE", page)
        assert "{{ 7*7 }}" in page


def test_html_to_stdout_and_user_stylesheet(runner: CliRunner, audit_copy: Path) -> None:
    templates = audit_copy / "templates"
    templates.mkdir()
    (templates / "report.css").write_text("body { color: navy; } </style><script>x</script>")
    args = ["summary", str(audit_copy), "--format", "html", "-o", "-", "--templates"]
    result = runner.invoke(app, [*args, str(templates)])
    assert result.exit_code == 0, result.output
    assert "body { color: navy; }" in result.stdout
    assert result.stdout.count("</style>") == 1, "a stylesheet cannot close its element"
    assert "</script>" not in result.stdout


# --- PDF --------------------------------------------------------------------------------


def test_pdf_report_and_one_page_summary(runner: CliRunner, audit_copy: Path) -> None:
    weasyprint_or_skip()
    from fatheraudit.render.formats import html_page
    from fatheraudit.render.pdf import layout

    context = context_of(audit_copy)
    assert len(layout(html_page(Request("summary", context))).pages) == 1
    report_pages = layout(html_page(Request("report", context))).pages
    assert 10 <= len(report_pages) <= 25
    width, height = report_pages[0].width, report_pages[0].height
    assert (round(width * 0.75), round(height * 0.75)) == (595, 842), "A4 in points"
    target = write(runner, audit_copy, "report", "pdf")
    assert target.read_bytes().startswith(b"%PDF-")


def test_pdf_refuses_stdout(runner: CliRunner, audit_copy: Path) -> None:
    result = runner.invoke(app, ["report", str(audit_copy), "--format", "pdf", "-o", "-"])
    assert result.exit_code == 2
    assert "a pdf file cannot go to stdout" in result.stderr


# --- Word -------------------------------------------------------------------------------


def test_word_report_has_headings_tables_and_charts(runner: CliRunner, audit_copy: Path) -> None:
    document = docx.Document(write(runner, audit_copy, "report", "docx"))
    styled = [(p.style.name, p.text) for p in document.paragraphs]
    assert styled[0][0] == "Title"
    assert [text for name, text in styled if name == "Heading 1"] == SECTIONS
    assert "Heading 2" in {name for name, _ in styled}
    assert len(document.inline_shapes) == 3, "section, enabler and barrier charts"
    assert len(document.tables) > 5
    for table in document.tables:
        first = table.rows[0]._tr
        assert first.xpath("./w:trPr/w:tblHeader"), "header row repeated on each page"
        assert all(cell.paragraphs[0].runs[0].bold for cell in table.rows[0].cells if cell.text)
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert document.core_properties.author == ""
    bold = [r.text for p in document.paragraphs for r in p.runs if r.bold]
    assert "7.1" in bold, "the numbered learning points keep their bold numbers"


def test_word_takes_a_partnerships_styles_and_leaves_its_file_alone(
    runner: CliRunner, audit_copy: Path, tmp_path: Path
) -> None:
    from docx.shared import Pt, RGBColor

    reference = docx.Document()
    heading = reference.styles["Heading 1"]
    heading.font.name = "Partnership Sans"
    heading.font.color.rgb = RGBColor(0x80, 0x00, 0x40)
    heading.font.size = Pt(19)
    reference.sections[0].header.paragraphs[0].text = "OFFICIAL-SENSITIVE"
    reference.add_paragraph("Template text to be replaced")
    path = tmp_path / "house-style.docx"
    reference.save(path)
    before = path.read_bytes()
    target = write(runner, audit_copy, "report", "docx", "--reference-docx", str(path))
    assert path.read_bytes() == before, "the reference document is only read"
    document = docx.Document(target)
    style = document.styles["Heading 1"]
    assert style.font.name == "Partnership Sans" and style.font.size == Pt(19)
    assert document.sections[0].header.paragraphs[0].text == "OFFICIAL-SENSITIVE"
    texts = [p.text for p in document.paragraphs]
    assert "Template text to be replaced" not in texts
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"] == SECTIONS


def test_a_bad_reference_document_is_a_clear_error(
    runner: CliRunner, audit_copy: Path, tmp_path: Path
) -> None:
    fake = tmp_path / "style.docx"
    fake.write_text("not a zip")
    args = ["report", str(audit_copy), "--format", "docx", "--reference-docx", str(fake)]
    result = runner.invoke(app, [*args, "-o", str(tmp_path / "out.docx")])
    assert result.exit_code == 2, result.output
    assert "style.docx: not a Word document" in result.stderr
    assert "Traceback" not in result.output and not (tmp_path / "out.docx").exists()
    markdown = runner.invoke(app, ["report", str(audit_copy), "--reference-docx", str(fake)])
    assert markdown.exit_code == 2 and "--reference-docx is for --format docx" in markdown.stderr


def test_hostile_text_in_word_is_text(runner: CliRunner, audit_copy: Path) -> None:
    spoil(audit_copy, "long")
    document = docx.Document(write(runner, audit_copy, "report", "docx"))
    texts = [p.text for p in document.paragraphs]
    texts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert any("<img src=x onerror=alert(1)>" in text for text in texts), "shown as written"
    assert not any("\x07" in text for text in texts)
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert not any("FAKE" in text for text in headings)


def test_a_missing_library_is_named_with_its_install(
    runner: CliRunner, audit_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "docx", None)
    result = runner.invoke(app, ["summary", str(audit_copy), "--format", "docx"])
    assert result.exit_code == 2
    assert "pip install 'fatheraudit[docx]'" in result.stderr
    assert not (audit_copy / "reports" / "meeting-summary.docx").exists()


def test_charts_without_matplotlib_say_what_to_install(
    runner: CliRunner, audit_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    result = runner.invoke(app, ["report", str(audit_copy), "--format", "html"])
    assert result.exit_code == 2, result.output
    assert "the charts need matplotlib: pip install 'fatheraudit[board]'" in result.stderr
    assert "internal error" not in result.output
    assert not (audit_copy / "reports" / "audit-report.html").exists()


# --- the one-page summary workbook --------------------------------------------------------


def test_the_summary_workbook_is_one_printed_page(runner: CliRunner, audit_copy: Path) -> None:
    book = openpyxl.load_workbook(write(runner, audit_copy, "summary", "xlsx"))
    assert book.sheetnames == ["Meeting summary"]
    sheet = book["Meeting summary"]
    setup = sheet.page_setup
    assert (int(setup.paperSize), setup.fitToWidth, setup.fitToHeight) == (9, 1, 1)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    values = [c.value for row in sheet.iter_rows() for c in row if c.value]
    assert "Top enablers and barriers" in values and "Enabler" in values
    assert any(str(v).startswith("ACT-1 ") for v in values)


@pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdfinfo")),
    reason="needs LibreOffice and poppler to print",
)
def test_the_summary_prints_on_one_page_in_word_and_excel(
    runner: CliRunner, audit_copy: Path, tmp_path: Path
) -> None:
    for fmt in ("docx", "xlsx"):
        source = write(runner, audit_copy, "summary", fmt)
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), source],
            check=True,
            capture_output=True,
            timeout=120,
        )
        info = subprocess.run(
            ["pdfinfo", str(tmp_path / f"summary.{fmt}").replace(f".{fmt}", ".pdf")],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        assert re.search(r"^Pages:\s+1$", info, re.M), (fmt, info)


def test_every_format_renders_from_the_same_request(audit_copy: Path) -> None:
    context = context_of(audit_copy)
    for name in ("md", "html", "docx"):
        data = RENDERERS[name](Request("summary", context))
        assert data, name
    assert RENDERERS["md"](Request("summary", context)).decode().startswith("# Meeting summary")
    assert io.BytesIO(RENDERERS["docx"](Request("report", context))).read(2) == b"PK"


def test_plain_commands_do_not_import_the_document_libraries(audit_copy: Path) -> None:
    code = (
        "import sys\n"
        "from fatheraudit.cli import main\n"
        f"sys.argv = ['fatheraudit', 'score', {str(audit_copy / 'cases')!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "loaded = [m for m in ('matplotlib', 'docx', 'weasyprint', 'markdown_it') "
        "if m in sys.modules]\n"
        "print('LOADED', loaded)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert "LOADED []" in result.stdout, result.stdout
