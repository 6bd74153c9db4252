"""The report's charts: described from the context as data, drawn as SVG and PNG."""

from __future__ import annotations

from typing import Any

import pytest

from fatheraudit.render.charts import Bar, Chart, png, report_charts, section_chart, svg

pytest.importorskip("matplotlib")

CHART = Chart(
    "sections",
    "Points earned in each section",
    "Share of the points available (%)",
    (Bar("A. Identify the men", 75.0, "75%"), Bar("B. Hidden count", None, "fewer than 5")),
    100.0,
    whole=False,
    colour="#2b5c8a",
)


def section(ident: str, pooled: object) -> dict[str, Any]:
    """A section as the report context holds it."""
    return {"id": ident, "title": f"Section {ident}", "spread": {"pooled": pooled}}


def test_sections_with_a_score_get_a_bar() -> None:
    chart = section_chart({"sections": [section("A", 74.6), section("B", None)]})
    assert chart is not None
    assert [(bar.label, bar.value, bar.text) for bar in chart.bars] == [
        ("A. Section A", 74.6, "75%")
    ]
    assert section_chart({"sections": [section("B", None)]}) is None


def test_report_charts_leave_out_charts_with_no_figures() -> None:
    enabler = {"label": "Curiosity", "count": {"numerator": 3}}
    hidden = {"label": "Trust", "count": {"numerator": "fewer than 5", "hidden": True}}
    context = {
        "sections": [section("A", 50)],
        "enablers": [enabler, hidden],
        "barriers": [],
        "cohort": {"cases": 10, "outcomes": None},
    }
    charts = report_charts(context)
    assert list(charts) == ["sections", "enablers"]
    bars = charts["enablers"].bars
    assert [(bar.value, bar.text) for bar in bars] == [(3.0, "3"), (None, "fewer than 5")]
    assert charts["enablers"].axis_max == 10.0 and charts["enablers"].whole


def test_svg_carries_title_labels_and_texts() -> None:
    drawn = svg(CHART)
    assert drawn.startswith("<svg")
    for text in ("Points earned in each section", "A. Identify the men", "75%", "fewer than 5"):
        assert text in drawn


def test_png_is_a_png_image() -> None:
    assert png(CHART).startswith(b"\x89PNG\r\n\x1a\n")
