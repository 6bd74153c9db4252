"""The report's charts: section scores, enablers, barriers and outcomes.

Each chart is first described as plain data from the report context (so published
reports chart only what they show: a hidden count is a label with no bar), then
drawn by matplotlib as SVG (HTML and PDF) or PNG (Word). matplotlib is imported only
when a chart is drawn.
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass
from typing import Any

from fatheraudit.figures import of, whole_percent
from fatheraudit.render.optional import library

INSTALL_HINT = (
    "the charts need matplotlib: pip install 'fatheraudit[board]' (or [html], [docx], [pdf])"
)
LABEL_WIDTH = 34
WIDTH_INCHES = 6.3
ENABLER_COLOUR = "#2f6f4f"
BARRIER_COLOUR = "#9a4a1c"
SCORE_COLOUR = "#2b5c8a"
OUTCOME_COLOUR = "#5b4a8a"


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its length (None when the figure is hidden) and the text
    written beside it."""

    label: str
    value: float | None
    text: str


@dataclass(frozen=True)
class Chart:
    """A horizontal bar chart; `whole` asks for whole-number ticks (counts of cases)."""

    name: str
    title: str
    axis_label: str
    bars: tuple[Bar, ...]
    axis_max: float
    whole: bool
    colour: str


def section_chart(context: dict[str, Any]) -> Chart | None:
    """Points earned in each section, across all cases."""
    bars = []
    for section in context["sections"]:
        pooled = section["spread"]["pooled"]
        label = f"{section['id']}. {section['title']}"
        if isinstance(pooled, int | float):
            bars.append(Bar(label, float(pooled), whole_percent(pooled)))
    if not bars:
        return None
    return Chart(
        "sections",
        "Points earned in each section, all cases",
        "Share of the points available (%)",
        tuple(bars),
        100.0,
        whole=False,
        colour=SCORE_COLOUR,
    )


def theme_chart(context: dict[str, Any], kind: str) -> Chart | None:
    """How many cases carry each enabler (or barrier)."""
    rows = context["enablers" if kind == "enabler" else "barriers"]
    if not rows:
        return None
    bars = []
    for row in rows:
        number = row["count"]["numerator"]
        shown = isinstance(number, int) and not row["count"].get("hidden")
        bars.append(Bar(row["label"], float(number) if shown else None, str(number)))
    title = "Themes that enabled good practice" if kind == "enabler" else "Barriers"
    return Chart(
        f"{kind}s",
        f"{title}: cases carrying each",
        "Cases",
        tuple(bars),
        float(context["cohort"]["cases"]),
        whole=True,
        colour=ENABLER_COLOUR if kind == "enabler" else BARRIER_COLOUR,
    )


OUTCOME_ROWS = (
    ("engaged", "Father or male carer engaged", "recorded"),
    ("reduced", "Level of concern reduced", "engaged"),
    ("closed", "... of which closed", "engaged"),
    ("unchanged", "Level of concern unchanged", "engaged"),
    ("increased", "Level of concern increased", "engaged"),
    ("not_followed_up", "Engaged, not yet followed up", "engaged"),
    ("re_referred", "Re-referred", "recorded"),
    ("escalated", "Escalated to a higher level", "recorded"),
)


def outcome_chart(context: dict[str, Any]) -> Chart | None:
    """Each outcome as a share of its base, the base named beside the bar."""
    outcomes = context["cohort"].get("outcomes")
    if not outcomes:
        return None
    bars = []
    for key, label, base in OUTCOME_ROWS:
        value = outcomes[key]
        percent = value.get("percent")
        if value.get("hidden") or value["denominator"] == "withheld" or percent is None:
            text = "withheld" if value["denominator"] == "withheld" else str(value["numerator"])
            bars.append(Bar(label, None, text))
        else:
            text = f"{of(value['numerator'], value['denominator'])} {base}"
            bars.append(Bar(label, float(percent), text))
    return Chart(
        "outcomes",
        "Outcomes for the children",
        "Share of the cases in the base named (%)",
        tuple(bars),
        100.0,
        whole=False,
        colour=OUTCOME_COLOUR,
    )


def report_charts(context: dict[str, Any]) -> dict[str, Chart]:
    """Every chart the context has figures for, by name."""
    found = [
        section_chart(context),
        theme_chart(context, "enabler"),
        theme_chart(context, "barrier"),
        outcome_chart(context),
    ]
    return {chart.name: chart for chart in found if chart is not None}


def draw(chart: Chart, file_format: str) -> bytes:
    """The chart as SVG or PNG bytes; the same drawing for both."""
    matplotlib = library("matplotlib", INSTALL_HINT)
    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    labels = [textwrap.fill(bar.label, LABEL_WIDTH) for bar in chart.bars]
    lines = sum(label.count("\n") + 1 for label in labels)
    height = 0.8 + 0.15 * lines + 0.09 * len(labels)
    figure = Figure(figsize=(WIDTH_INCHES, height), layout="constrained")
    axes = figure.add_subplot()
    positions = list(range(len(chart.bars)))
    lengths = [bar.value or 0.0 for bar in chart.bars]
    axes.barh(positions, lengths, color=chart.colour, height=0.6)
    axes.set_yticks(positions, labels, fontsize=8, parse_math=False)
    axes.invert_yaxis()
    axes.set_xlim(0, max(chart.axis_max, 1.0) * 1.18)
    axes.set_xlabel(chart.axis_label, fontsize=8, parse_math=False)
    axes.set_title(chart.title, fontsize=10, loc="left", parse_math=False)
    axes.tick_params(axis="x", labelsize=8)
    if chart.whole:
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_xticks([t for t in axes.get_xticks() if 0 <= t <= chart.axis_max])
    for position, bar, length in zip(positions, chart.bars, lengths, strict=True):
        axes.text(
            length + chart.axis_max * 0.01,
            position,
            bar.text,
            va="center",
            fontsize=7.5,
            parse_math=False,
        )
    axes.spines[["top", "right"]].set_visible(False)
    axes.spines["bottom"].set_bounds(0, chart.axis_max)
    buffer = io.BytesIO()
    options: dict[str, Any] = {"format": file_format}
    if file_format == "svg":
        options["metadata"] = {"Date": None, "Creator": None}
    else:
        options.update(dpi=200, metadata={"Software": None})
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": chart.name}):
        figure.savefig(buffer, **options)
    return buffer.getvalue()


def svg(chart: Chart) -> str:
    """The chart as an inline SVG element (no XML declaration, no doctype)."""
    text = draw(chart, "svg").decode("utf-8")
    return text[text.index("<svg") :]


def png(chart: Chart) -> bytes:
    """The chart as a PNG image."""
    return draw(chart, "png")
