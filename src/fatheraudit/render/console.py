"""Everything fatheraudit shows in a terminal: problems, counts and tool tables.

Problems are rendered here and nowhere else, as `path:line:col: severity code:
message` lines (or JSON), so every command reports them the same way.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from fatheraudit.core import CheckResult
from fatheraudit.figures import of
from fatheraudit.forms import FormProgress
from fatheraudit.loader import visible
from fatheraudit.problems import Problem, Severity
from fatheraudit.tools import Registry, Tool, bundled_dir

STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "dim"}


def problem_line(found: Problem) -> Text:
    """One problem as a styled line."""
    line = Text()
    line.append(found.location(), style="bold")
    line.append(": ")
    line.append(f"{found.severity.value} {found.code}", style=STYLES[found.severity])
    line.append(f": {visible(found.message)}")
    return line


# Problems rendered together: a few hundred lines printed at once take half the time of
# printing them one by one, and a long run still shows them as they come.
PRINTED_AT_ONCE = 500


def print_problems(console: Console, problems: Iterable[Problem]) -> None:
    """Every problem, one line each."""
    lines = [problem_line(found) for found in problems]
    for start in range(0, len(lines), PRINTED_AT_ONCE):
        batch = Text("\n").join(lines[start : start + PRINTED_AT_ONCE])
        console.print(batch, soft_wrap=True, highlight=False)


def counts(problems: Iterable[Problem]) -> Counter[Severity]:
    """How many problems of each severity."""
    return Counter(p.severity for p in problems)


def plural(number: int, word: str) -> str:
    """`1 error`, `2 errors`."""
    return f"{number} {word}{'' if number == 1 else 's'}"


def summary_line(result: CheckResult) -> str:
    """The closing count of a validate run."""
    tally = counts(result.problems)
    bad = len(result.invalid_files)
    head = f"{plural(result.files, 'file')} checked: {plural(len(result.valid), 'valid case')}"
    parts = [plural(tally[Severity.ERROR], "error"), plural(tally[Severity.WARNING], "warning")]
    if tally[Severity.INFO]:
        parts.append(f"{tally[Severity.INFO]} skipped")
    tail = f" in {plural(bad, 'file')}" if bad else ""
    return f"{head}; {', '.join(parts)}{tail}."


def print_check(console: Console, result: CheckResult) -> None:
    """A validate run as text."""
    print_problems(console, result.problems)
    style = "green" if result.ok else "red"
    console.print(Text(summary_line(result), style=style), soft_wrap=True, highlight=False)


def check_json(result: CheckResult) -> str:
    """A validate run as JSON."""
    tally = counts(result.problems)
    return json.dumps(
        {
            "ok": result.ok,
            "files": result.files,
            "valid_cases": [{"case_id": c.case_id, "path": c.path} for c in result.valid],
            "errors": tally[Severity.ERROR],
            "warnings": tally[Severity.WARNING],
            "problems": [p.model_dump(mode="json") for p in result.problems],
        },
        indent=2,
    )


def tools_table(registry: Registry) -> Table:
    """Installed tools, one row per version."""
    table = Table(title="Installed audit tools", title_justify="left")
    table.add_column("id", no_wrap=True)
    table.add_column("version", no_wrap=True)
    table.add_column("scope")
    table.add_column("questions", justify="right")
    table.add_column("title")
    table.add_column("from")
    bundled = bundled_dir("audit_tools")
    for (tool_id, version), tool in sorted(registry.tools.items()):
        origin = registry.origins[(tool_id, version)]
        table.add_row(
            tool_id,
            version,
            tool.scope,
            str(sum(1 for _ in tool.questions())),
            escape(tool.title),
            "bundled" if origin.is_relative_to(bundled) else escape(str(origin)),
        )
    return table


def print_tool(console: Console, tool: Tool) -> None:
    """A tool's description, sections and questions, scales and themes."""
    console.print(f"[bold]{escape(tool.title)}[/bold]  ({escape(tool.key)}, scope {tool.scope})")
    if tool.description:
        console.print(escape(" ".join(tool.description.split())))
    for section in tool.sections:
        table = Table(title=f"{section.id}. {escape(section.title)}", title_justify="left")
        table.add_column("id", no_wrap=True)
        table.add_column("question")
        table.add_column("answers")
        table.add_column("weight", justify="right")
        table.add_column("notes")
        for question in section.questions:
            scale = tool.scale_of(question)
            notes = [] if question.required else ["optional"]
            if question.when is not None:
                notes.append(f"when {question.when.question} is {'/'.join(question.when.values)}")
            table.add_row(
                question.id,
                escape(question.text),
                escape("/".join(scale.values) if scale.values else scale.kind),
                f"{question.weight:g}" if scale.scored else "-",
                escape("; ".join(notes)),
            )
        console.print(table)
    themes = Table(title="Themes", title_justify="left")
    for column in ("id", "kind", "label"):
        themes.add_column(column)
    for theme in tool.themes:
        themes.add_row(theme.id, theme.kind, escape(theme.label))
    console.print(themes)


def progress_table(found: list[FormProgress]) -> Table:
    """One row per form: answered of required, open questions, who it waits on, and (when
    any form has one) its first problem."""
    table = Table(title="Forms", title_justify="left")
    for column in ("form", "state", "answered", "open required questions", "waiting on"):
        table.add_column(column, no_wrap=column in ("form", "state"))
    shown = any(item.problems for item in found)
    if shown:
        table.add_column("problem", overflow="fold")
    for item in sorted(found, key=lambda p: (p.form_id, p.path)):
        opened = ", ".join(item.open_required[:8])
        if len(item.open_required) > 8:
            opened += f" and {len(item.open_required) - 8} more"
        style = {"complete": "green", "in progress": "yellow", "not started": "yellow"}
        table.add_row(
            escape(item.form_id),
            f"[{style.get(item.state, 'red')}]{item.state}[/]",
            answered_words(item),
            escape(opened) or "-",
            escape(item.waiting_on) or "-",
            *([first_problem(item)] if shown else []),
        )
    table.caption = progress_caption(found)
    return table


def answered_words(item: FormProgress) -> str:
    """`40 of 45 (37 required), 2 wrong`, or '-' for a form that cannot be read."""
    if not item.readable:
        return "-"
    wrong = f", [red]{item.wrong} wrong[/]" if item.wrong else ""
    return f"{of(item.answered, item.total)} ({item.required} required){wrong}"


def first_problem(item: FormProgress) -> Text | str:
    """The form's first problem as a located line, with how many more there are."""
    if not item.problems:
        return "-"
    line = problem_line(item.problems[0])
    if len(item.problems) > 1:
        line.append(f" (and {len(item.problems) - 1} more)", style="dim")
    return line


def progress_caption(found: list[FormProgress]) -> str:
    """`3 of 12 complete; 2 cannot be read, 1 with wrong answers`."""
    states = Counter(item.state for item in found)
    head = f"{of(states['complete'], len(found))} complete"
    tails = [f"{states['cannot be read']} cannot be read"] if states["cannot be read"] else []
    if states["wrong answers"]:
        tails.append(f"{states['wrong answers']} with wrong answers")
    return head + (f"; {', '.join(tails)}" if tails else "")
