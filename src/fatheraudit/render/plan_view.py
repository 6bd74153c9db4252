"""The action plan in a terminal: dates as read, overdue flags, what is not SMART."""

from __future__ import annotations

import json
from datetime import date

from rich.markup import escape
from rich.table import Table

from fatheraudit.actions import ActionView


def plan_table(views: list[ActionView], as_of: date) -> Table:
    """One row per action; overdue and not-SMART actions stand out."""
    table = Table(title=f"Action plan as of {as_of:%d %B %Y}", title_justify="left")
    table.add_column("id", no_wrap=True)
    table.add_column("action", ratio=3)
    table.add_column("owner", ratio=1)
    table.add_column("due", no_wrap=True)
    table.add_column("status", ratio=1)
    table.add_column("flags", ratio=1)
    for view in views:
        action = view.action
        due = f"{view.due.day:%d/%m/%Y}" if view.due.day else "-"
        plain = {due, view.due.day.isoformat() if view.due.day else ""}
        if view.due.written and view.due.written not in plain:
            due += f"\n({escape(view.due.written)})"
        flags = [f"[bold red]OVERDUE {view.overdue} days[/]"] if view.overdue else []
        flags += [f"[yellow]not SMART: {escape(', '.join(view.gaps))}[/]"] if view.gaps else []
        table.add_row(
            escape(view.label),
            escape(action.action),
            escape(action.owner or "-"),
            due,
            (action.status or "not recorded") + (f", {action.rag}" if action.rag else ""),
            "\n".join(flags) or "[green]ok[/]",
        )
    return table


def plan_json(views: list[ActionView], as_of: date) -> str:
    """The plan as JSON, with the same reading of dates and the same flags."""
    return json.dumps(
        {
            "as_of": as_of.isoformat(),
            "overdue": sum(1 for v in views if v.overdue),
            "not_smart": sum(1 for v in views if v.gaps),
            "actions": [
                {
                    **view.action.model_dump(mode="json"),
                    "label": view.label,
                    "due_date": view.due.day.isoformat() if view.due.day else None,
                    "due_approximate": view.due.approximate,
                    "due_note": view.due.note,
                    "overdue_days": view.overdue,
                    "not_smart": view.gaps,
                }
                for view in views
            ],
        },
        indent=2,
        ensure_ascii=False,
    )
