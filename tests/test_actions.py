"""Action plans written the way partnerships really write them."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import REPO, write_tree
from fatheraudit.actions import Action, read_due, smart_gaps, vague_owner, view_actions
from fatheraudit.cli import app

# Dates, owners and blank statuses as a 2016-style SMART plan has them.
PLAN = """\
actions:
  - action: Secure long-term support from the partnership board
    specific: The board and its subgroups add the project's aims to their plans
    measurable: Aims appear in the board's business plan
    appropriate: Support from the top is essential
    realistic: Yes, a priority on several agendas
    due: 31.3.16
    owner: All senior leaders
    status:
  - action: Agree a service level agreement with the voluntary partner
    specific: Resources, roles and functions agreed
    measurable: A signed agreement
    due: 4.3.16
    owner: Project lead
    status: Complete
  - action: Complete a baseline audit
    specific: Understand current practice
    due: 30.4.16
    owner: TBA
  - action: Report monthly against the agreed targets
    measurable: Monthly reports
    due: March 2018
    owner: \u0422\u0412\u0410
    status: in progress
  - action: Review the domestic abuse strategy
    measurable: More services for men who abuse
    due: 31.5.16 for review
    owner: All
  - action: Keep the fathers' champions network going
    measurable: Champions meet each quarter
    due: ongoing
    owner: Early help manager
"""


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    return write_tree(tmp_path / "audit", {"actions.yaml": PLAN})


@pytest.mark.parametrize(
    ("written", "day", "note"),
    [
        ("31.3.16", date(2016, 3, 31), ""),
        ("4.3.16", date(2016, 3, 4), ""),
        ("31/03/2016", date(2016, 3, 31), ""),
        ("2016-03-31", date(2016, 3, 31), ""),
        ("March 2018", date(2018, 3, 31), ""),
        ("Sept 2024", date(2024, 9, 30), ""),
        ("31.5.16 for review", date(2016, 5, 31), "for review"),
    ],
)
def test_dates_as_people_write_them(written: str, day: date, note: str) -> None:
    due = read_due(written)
    assert (due.day, due.note, due.understood) == (day, note, True)


@pytest.mark.parametrize(
    ("written", "understood"), [("ongoing", True), ("", True), ("31.2.16", False), ("soon", False)]
)
def test_no_date(written: str, understood: bool) -> None:
    due = read_due(written)
    assert due.day is None and due.understood is understood


@pytest.mark.parametrize("owner", ["TBA", "tba", "\u0422\u0412\u0410", "All", "all.", "", None])
def test_vague_owners_in_any_alphabet(owner: str | None) -> None:
    assert vague_owner(owner)


@pytest.mark.parametrize(
    "owner",
    [
        "GS & Owen Thomas",
        "CFS, GS & a named worker",
        "GS and a named worker",
        "Project lead / team manager",
        "All senior leaders / the project lead to facilitate",
        "All Project Group members",
        "Agency safeguarding leads",
        "Children's services",
    ],
)
def test_several_people_or_a_group_are_no_single_owner(owner: str) -> None:
    assert vague_owner(owner)


@pytest.mark.parametrize(
    "owner",
    [
        "Partnership learning and development officer",
        "Head of Safeguarding and Quality Assurance",
        "Designated nurse for safeguarding children",
        "Chair of the QA subgroup",
        "Cafcass",
    ],
)
def test_one_role_with_and_or_of_is_a_single_owner(owner: str) -> None:
    assert not vague_owner(owner)


def test_a_named_role_is_an_owner() -> None:
    assert not vague_owner("Principal social worker")


def test_smart_gaps() -> None:
    action = Action(action="Do it", owner="TBA", due="next year")
    assert smart_gaps(action) == [
        "no measure of success",
        "a date fatheraudit cannot read",
        "no single owner",
    ]


def test_overdue_as_of_a_date() -> None:
    views = view_actions(
        [
            Action(action="a", due="31.3.16", status=None),
            Action(action="b", due="31.3.16", status="done"),
            Action(action="c", due="31.3.17"),
            Action(action="d", due="ongoing"),
        ],
        date(2016, 4, 10),
    )
    assert [v.overdue for v in views] == [10, 0, 0, 0]


def test_status_words_people_use() -> None:
    assert Action(action="a", status="Complete").status == "done"
    assert Action(action="a", status="In Progress").status == "in progress"
    assert Action(action="a", status="").status is None


def test_actions_command_flags_overdue_and_not_smart(runner: CliRunner, plan: Path) -> None:
    result = runner.invoke(app, ["actions", str(plan), "--as-of", "2016-06-01", "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    overdue = [a["overdue_days"] for a in report["actions"]]
    # 31.3.16 not done, 4.3.16 done, 30.4.16, March 2018, 31.5.16 for review, ongoing
    assert overdue == [62, 0, 32, 0, 1, 0]
    gaps = [a["not_smart"] for a in report["actions"]]
    assert gaps[0] == ["no single owner"]  # "All senior leaders": a group
    assert gaps[2] == ["no measure of success", "no single owner"]
    assert gaps[3] == ["no single owner"]
    assert gaps[4] == ["no single owner"]
    assert gaps[5] == ["no date"]
    assert report["actions"][3]["due_approximate"] is True
    assert report["actions"][4]["due_note"] == "for review"
    assert [a["status"] for a in report["actions"]][:2] == [None, "done"]
    assert "A710" in result.stderr


def test_actions_table(runner: CliRunner, plan: Path) -> None:
    result = runner.invoke(
        app,
        ["actions", str(plan / "actions.yaml"), "--as-of", "01/06/2016"],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0
    assert "OVERDUE 62 days" in result.stdout and "not SMART: no single owner" in result.stdout


def test_actions_usage_errors(runner: CliRunner, plan: Path, tmp_path: Path) -> None:
    assert runner.invoke(app, ["actions", str(plan), "--as-of", "soon"]).exit_code == 2
    assert runner.invoke(app, ["actions", str(tmp_path)]).exit_code == 1


def test_not_smart_warning_names_the_action(runner: CliRunner, tmp_path: Path) -> None:
    plan = "actions:\n  - id: 3\n    action: Review the plan\n    due: 31.3.24\n    owner: Chair\n"
    plan += "  - action: Brief the board\n    due: 31.3.24\n    owner: Chair\n"
    folder = write_tree(tmp_path / "audit", {"actions.yaml": plan})
    result = runner.invoke(app, ["actions", str(folder), "--as-of", "2024-01-01"])
    assert "warning A710: action 3 is not SMART: no measure of success" in result.stderr
    assert "warning A710: action 2 is not SMART: no measure of success" in result.stderr
    assert ": 3 is not SMART" not in result.stderr


def test_the_readme_shows_the_whole_action_layout(runner: CliRunner, tmp_path: Path) -> None:
    readme = (REPO / "README.md").read_text()
    section = readme.split("### Action plans", 1)[1]
    layout = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    shown = set(re.findall(r"(?m)^  (?:- |  )(\w+):", layout))
    assert shown == set(Action.model_fields), "every field, by its real name"
    audit = shutil.copytree(REPO / "examples" / "audit-2023", tmp_path / "audit")
    (audit / "actions.yaml").write_text(layout)
    result = runner.invoke(app, ["validate", str(audit)])
    assert result.exit_code == 0 and "actions.yaml" not in result.stdout, result.stdout
    listed = runner.invoke(app, ["actions", str(audit), "--as-of", "2023-06-01"])
    assert listed.exit_code == 0 and "A710" not in listed.stderr, listed.stderr
