"""The PDF: the HTML page laid out by WeasyPrint, no URL fetched."""

from __future__ import annotations

import pytest

from fatheraudit.problems import FatherauditError

PAGE = """<!DOCTYPE html><html><head><title>T</title></head>
<body><h1>Audit report</h1><p>Fathers were seen.</p>
<img src="http://127.0.0.1:9/never-fetched.png"></body></html>"""


def weasyprint_or_skip() -> None:
    """Skip when WeasyPrint or the system library it needs is missing."""
    from fatheraudit.render.pdf import weasyprint_module

    try:
        weasyprint_module()
    except FatherauditError as error:
        pytest.skip(str(error))


def test_a_page_becomes_a_pdf() -> None:
    weasyprint_or_skip()
    from fatheraudit.render.pdf import pdf_bytes

    data = pdf_bytes(PAGE)
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")


def test_the_layout_has_the_text_and_fetches_nothing() -> None:
    weasyprint_or_skip()
    from fatheraudit.render.pdf import layout

    document = layout(PAGE)
    assert len(document.pages) == 1
    words = []
    for box in document.pages[0]._page_box.descendants():
        text = getattr(box, "text", None)
        if isinstance(text, str):
            words.append(text)
    assert "Audit report" in " ".join(words)
