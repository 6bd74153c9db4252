"""The blank YAML form: every question with its guidance as comments, and valid YAML."""

from __future__ import annotations

import yaml

from fatheraudit.core import choose_tool
from fatheraudit.render.blank_form import blank_form, filled_form, modeline, schema_path
from fatheraudit.tools import Registry


def test_the_blank_form_is_yaml_naming_its_case_and_tool(registry: Registry) -> None:
    tool = choose_tool(registry, None, None)
    text = blank_form(tool, "C05")
    data = yaml.safe_load(text)
    assert data["case_id"] == "C05"
    assert data["tool"] == tool.id and str(data["tool_version"]) == tool.version
    assert set(data["answers"]) == {question.id for question in tool.questions()}


def test_questions_and_guidance_are_comments(registry: Registry) -> None:
    tool = choose_tool(registry, None, None)
    text = blank_form(tool, "C05")
    first = next(iter(tool.questions()))
    assert f"  {first.id}:" in text
    lines = text.splitlines()
    at = lines.index(f"  {first.id}:")
    assert any(line.lstrip().startswith("#") for line in lines[max(0, at - 6) : at + 3])


def test_a_filled_form_keeps_the_values_given(registry: Registry) -> None:
    tool = choose_tool(registry, None, None)
    text = filled_form(tool, "C06", {"characteristics.intervention_level": "child-protection"})
    data = yaml.safe_load(text)
    assert data["case_id"] == "C06"
    assert data["characteristics"]["intervention_level"] == "child-protection"


def test_the_modeline_points_at_the_schema(registry: Registry) -> None:
    tool = choose_tool(registry, None, None)
    path = schema_path(tool)
    assert path.startswith(".schema/") and tool.id in path
    assert modeline(path) == f"# yaml-language-server: $schema={path}"
