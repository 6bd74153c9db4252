"""The HTML page: one file, charts inline, nothing fetched, free text never markup."""

from __future__ import annotations

import pytest

from fatheraudit.render.charts import Bar, Chart
from fatheraudit.render.html import POLICY, body_html, page

pytest.importorskip("matplotlib")

CHART = Chart("sections", "Scores by section", "%", (Bar("A", 60.0, "60%"),), 100.0, False, "#000")
TEXT = """# Report

Some &lt;script&gt; text and <img src="http://example.org/x.png">.

<!-- chart:sections -->

<!-- chart:missing -->

| a | b |
| --- | --- |
| 1 | 2 |
"""


def test_the_page_is_whole_and_forbids_requests() -> None:
    html = page("summary", "Meeting <summary>", TEXT, {"sections": CHART})
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    assert f'content="{POLICY}"' in html and "default-src 'none'" in POLICY
    assert "<title>Meeting &lt;summary&gt;</title>" in html
    assert '<body class="summary">' in html
    assert "<style>" in html


def test_charts_are_inline_svg_in_their_place() -> None:
    body = body_html(TEXT, {"sections": CHART})
    assert '<figure class="chart" role="img" aria-label="Scores by section">' in body
    assert body.count("<svg") == 1  # the missing chart draws nothing
    assert "<table>" in body and "<td>2</td>" in body


def test_raw_html_in_the_markdown_is_text() -> None:
    body = body_html(TEXT, {})
    assert "<img" not in body and "&lt;img" in body
