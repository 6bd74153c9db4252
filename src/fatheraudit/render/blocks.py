"""The Markdown report read back as blocks, for the HTML, PDF and Word renderers.

The Markdown templates stay the one description of what a report says; the other
formats parse what they wrote (CommonMark with tables, raw HTML off, so escaped free
text stays text) and turn it into their own headings, paragraphs, lists and tables.
A template asks for a chart with a line `<!-- chart:NAME -->` of its own; free text
cannot write one, as `md` escapes its `<`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from markdown_it import MarkdownIt
from markdown_it.token import Token

CHART_MARKER = re.compile(r"<!-- chart:([a-z_]+) -->")


def parser() -> MarkdownIt:
    """CommonMark with tables; raw HTML, links and images are not read as such."""
    return (
        MarkdownIt("commonmark", {"html": False})
        .enable("table")
        .disable(["link", "image", "autolink"])
    )


def report_blocks(text: str) -> list[Token]:
    """The tokens of a Markdown report, each chart marker paragraph turned into one
    `chart` token whose `info` is the chart's name."""
    tokens = parser().parse(text)
    found: list[Token] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        name = chart_name(tokens, index)
        if name is not None:
            found.append(Token("chart", "", 0, info=name, map=token.map))
            index += 3
            continue
        found.append(token)
        index += 1
    return found


def chart_name(tokens: list[Token], index: int) -> str | None:
    """The chart a marker paragraph at `index` asks for, or None."""
    if tokens[index].type != "paragraph_open" or index + 2 >= len(tokens):
        return None
    match = CHART_MARKER.fullmatch(tokens[index + 1].content)
    return match.group(1) if match else None


def table_rows(stream: Iterator[Token]) -> list[tuple[bool, list[Token]]]:
    """The rest of a table, read from `stream` after its `table_open`: each row as (is a
    header row, its cells' inline tokens)."""
    rows: list[tuple[bool, list[Token]]] = []
    header = False
    for token in stream:
        if token.type == "table_close":
            break
        if token.type in ("thead_open", "thead_close"):
            header = token.type == "thead_open"
        elif token.type == "tr_open":
            rows.append((header, []))
        elif token.type == "inline" and rows:
            rows[-1][1].append(token)
    return rows
