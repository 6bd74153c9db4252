"""The action plan as read: dates as written, overdue and not-SMART actions flagged."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

from rich.console import Console

from conftest import write_tree
from fatheraudit.actions import ActionView, load_actions, view_actions
from fatheraudit.render.plan_view import plan_json, plan_table

PLAN = """\
actions:
  - id: ACT-1
    action: Each agency reports how fathers feature in supervision.
    measurable: A written return from every agency.
    due: 31.3.24
    owner: Chair of the QA subgroup
    status: in progress
  - id: ACT-2
    action: Review the referral form.
    owner: TBA
"""


def views(tmp_path: Path) -> list[ActionView]:
    """The two actions, read as of 1 November 2024."""
    write_tree(tmp_path, {"actions.yaml": PLAN})
    actions, _ = load_actions(tmp_path, None)
    return view_actions(actions, date(2024, 11, 1))


def test_the_table_flags_overdue_and_not_smart(tmp_path: Path) -> None:
    buffer = io.StringIO()
    console = Console(file=buffer, width=200, color_system=None)
    console.print(plan_table(views(tmp_path), date(2024, 11, 1)))
    text = buffer.getvalue()

    assert "Action plan as of 01 November 2024" in text
    assert "31/03/2024" in text and "(31.3.24)" in text
    assert "OVERDUE" in text and "not SMART" in text and "not recorded" in text


def test_json_has_the_same_reading(tmp_path: Path) -> None:
    plan = json.loads(plan_json(views(tmp_path), date(2024, 11, 1)))
    assert plan["as_of"] == "2024-11-01" and plan["overdue"] == 1
    first, second = plan["actions"]
    assert first["due_date"] == "2024-03-31" and first["overdue_days"] > 0
    assert second["not_smart"] and second["due_date"] is None
