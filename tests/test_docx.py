"""The Word document: real headings, tables and lists from the report's Markdown."""

from __future__ import annotations

import io
from typing import Any

import pytest

from fatheraudit.render.charts import Bar, Chart

docx = pytest.importorskip("docx")
pytest.importorskip("matplotlib")

TEXT = """# Audit report

## 1. Findings

Fathers were *seen* in most cases.

- first point
- second point

<!-- chart:sections -->

| section | score |
| --- | --- |
| A | 75% |
"""
CHART = Chart("sections", "Scores", "%", (Bar("A", 75.0, "75%"),), 100.0, False, "#000")


def opened(data: bytes) -> Any:
    """The document read back with python-docx."""
    return docx.Document(io.BytesIO(data))


def test_headings_paragraphs_and_tables_are_words_own() -> None:
    from fatheraudit.render.docx import docx_bytes

    document = opened(docx_bytes("Audit report", TEXT, {"sections": CHART}))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    texts = [text for _, text in paragraphs]
    assert any(style.startswith("Heading") and text == "1. Findings" for style, text in paragraphs)
    assert "Fathers were seen in most cases." in texts
    assert "first point" in texts and "second point" in texts
    table = document.tables[0]
    assert [cell.text for cell in table.rows[1].cells] == ["A", "75%"]
    assert len(document.inline_shapes) == 1


def test_the_document_names_its_title_and_no_author() -> None:
    from fatheraudit.render.docx import docx_bytes

    properties = opened(docx_bytes("Meeting summary", "Text.\n", {}, compact=True)).core_properties
    assert properties.title == "Meeting summary"
    assert properties.author == "" and properties.last_modified_by == ""
