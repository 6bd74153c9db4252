"""The Markdown report read back as blocks: chart markers, tables, escaped text."""

from __future__ import annotations

from fatheraudit.render.blocks import report_blocks, table_rows

TEXT = """# Findings

<!-- chart:sections -->

| section | score |
| --- | --- |
| A | 75% |

\\<!-- chart:sections -->
"""


def test_a_marker_line_becomes_one_chart_token() -> None:
    tokens = report_blocks(TEXT)
    charts = [t for t in tokens if t.type == "chart"]
    assert [t.info for t in charts] == ["sections"]
    assert tokens[0].type == "heading_open" and tokens[1].content == "Findings"


def test_escaped_marker_written_by_free_text_stays_text() -> None:
    tokens = report_blocks(TEXT)
    inline = [t.content for t in tokens if t.type == "inline"]
    assert any("chart:sections" in text for text in inline)
    assert len([t for t in tokens if t.type == "chart"]) == 1


def test_table_rows_give_header_flag_and_cells() -> None:
    tokens = report_blocks(TEXT)
    start = next(i for i, t in enumerate(tokens) if t.type == "table_open")
    rows = table_rows(iter(tokens[start + 1 :]))
    assert [(header, [c.content for c in cells]) for header, cells in rows] == [
        (True, ["section", "score"]),
        (False, ["A", "75%"]),
    ]


def test_raw_html_and_links_are_not_read_as_such() -> None:
    tokens = report_blocks("<b>bold</b> [a link](http://example.org)\n")
    inline = next(t for t in tokens if t.type == "inline")
    assert all(child.type == "text" for child in inline.children or [])
