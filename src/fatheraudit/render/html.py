"""The report and the meeting summary as one self-contained HTML page.

The page is the Markdown report read back as blocks (`blocks`), with the charts drawn
inline as SVG and the stylesheet (`report.css`, from the templates folders) inside it.
Nothing on the page is fetched: a Content-Security-Policy forbids any request, and no
script is needed to read it. Printed, it is A4.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from pathlib import Path

from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from fatheraudit.render.blocks import parser, report_blocks
from fatheraudit.render.charts import Chart, svg
from fatheraudit.render.markdown import template_source

POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def chart_figure(
    renderer: RendererHTML, tokens: Sequence[Token], index: int, options: OptionsDict, env: EnvType
) -> str:
    """A chart token as an inline SVG figure; nothing for a chart with no figures."""
    del renderer, options
    chart: Chart | None = env["charts"].get(tokens[index].info)
    if chart is None:
        return ""
    label = html.escape(chart.title, quote=True)
    return f'<figure class="chart" role="img" aria-label="{label}">\n{svg(chart)}\n</figure>\n'


def body_html(markdown_text: str, charts: Mapping[str, Chart]) -> str:
    """The report's body: its blocks as HTML, charts in their places."""
    markdown = parser()
    markdown.add_render_rule("chart", chart_figure)
    tokens = report_blocks(markdown_text)
    rendered: str = markdown.renderer.render(tokens, markdown.options, {"charts": charts})
    return rendered


def page(
    kind: str,
    title: str,
    markdown_text: str,
    charts: Mapping[str, Chart],
    user_templates: Path | None = None,
) -> str:
    """The whole HTML page of a report (`kind` is report or summary)."""
    css = template_source("report.css", user_templates).replace("</", "<\\/")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>\n{css}</style>\n</head>\n"
        f'<body class="{html.escape(kind, quote=True)}">\n<main>\n'
        f"{body_html(markdown_text, charts)}</main>\n</body>\n</html>\n"
    )
