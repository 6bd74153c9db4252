"""The outputs of score, compare and actions come from one table each, by format name."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from rich.console import Console

from conftest import EXAMPLE_CASES, REPO
from fatheraudit.actions import view_actions
from fatheraudit.compare import compare_rounds, read_round
from fatheraudit.core import read_action_plan, score_paths
from fatheraudit.render.views import (
    COMPARISON_RENDERERS,
    EXPLAIN_RENDERERS,
    PLAN_RENDERERS,
    SCORE_RENDERERS,
    ComparisonRequest,
    Output,
    pick,
)
from fatheraudit.tools import Registry

REAUDIT = REPO / "examples" / "reaudit-2024"


def drawn(output: Output) -> str:
    """What a printer draws on a wide console, as plain text."""
    assert callable(output)
    buffer = io.StringIO()
    console = Console(file=buffer, width=200, color_system=None)
    output(console)
    text = buffer.getvalue()

    return text


def test_every_score_view_renders(registry: Registry) -> None:
    result = score_paths([EXAMPLE_CASES], registry)
    assert "C09" in drawn(SCORE_RENDERERS["case"](result))
    assert "A1" in drawn(SCORE_RENDERERS["question"](result))
    assert "Themes" in drawn(SCORE_RENDERERS["theme"](result))
    assert "Readiness" in drawn(SCORE_RENDERERS["readiness"](result))
    drawn(SCORE_RENDERERS["source"](result))
    cohort = json.loads(str(SCORE_RENDERERS["json"](result)))
    assert len(cohort["case_ids"]) == 10
    rows = str(SCORE_RENDERERS["csv"](result)).splitlines()
    assert rows[0].startswith("case_id,") and len(rows) == 11


def test_explain_renders_a_table_or_json(registry: Registry) -> None:
    found, tool = score_paths([EXAMPLE_CASES], registry).explain("C09")
    assert "C09" in drawn(EXPLAIN_RENDERERS["table"](found, tool))
    assert json.loads(str(EXPLAIN_RENDERERS["json"](found, tool)))["case_id"] == "C09"


def test_the_action_plan_renders_a_table_or_json(registry: Registry) -> None:
    actions, _ = read_action_plan(REAUDIT, registry)
    day = date(2024, 11, 1)
    views = view_actions(actions, day)
    assert "Action plan as of 01 November 2024" in drawn(PLAN_RENDERERS["text"](views, day))
    plan = json.loads(str(PLAN_RENDERERS["json"](views, day)))
    assert plan["as_of"] == "2024-11-01" and len(plan["actions"]) == len(actions)


def test_a_comparison_renders_in_every_format(registry: Registry) -> None:
    comparison = compare_rounds(
        read_round(EXAMPLE_CASES.parent, registry), read_round(REAUDIT, registry)
    )
    request = ComparisonRequest(comparison)
    assert "Baseline" in drawn(COMPARISON_RENDERERS["table"](request))
    assert json.loads(str(COMPARISON_RENDERERS["json"](request)))["tool"] == comparison.tool
    assert "#" in str(COMPARISON_RENDERERS["md"](request))
    workbook = COMPARISON_RENDERERS["xlsx"](request)
    assert isinstance(workbook, bytes) and workbook.startswith(b"PK")


def test_an_unknown_format_names_the_ones_there_are() -> None:
    with pytest.raises(ValueError, match="formats: table, json, md, xlsx"):
        pick(COMPARISON_RENDERERS, "pdf")


def test_the_score_table_needs_a_cohort(tmp_path: Path, registry: Registry) -> None:
    (tmp_path / "broken.yaml").write_text("- not a form\n")
    with pytest.raises(ValueError, match="no cohort"):
        SCORE_RENDERERS["json"](score_paths([tmp_path], registry))


def test_the_schema_text_and_the_form_editor_line(tmp_path: Path, registry: Registry) -> None:
    from fatheraudit.core import choose_tool
    from fatheraudit.render.views import schema_target, schema_text, with_modeline

    tool = choose_tool(registry, None, None)
    text = schema_text(tool)
    assert text.endswith("}\n") and "draft-07" in json.loads(text)["$schema"]
    target = schema_target(tmp_path, tool)
    assert target.parent == tmp_path / ".schema" and target.suffix == ".json"
    first, rest = with_modeline("case_id: C01\n", tool).split("\n", 1)
    assert first == f"# yaml-language-server: $schema={target.relative_to(tmp_path)}"
    assert rest == "case_id: C01\n"
