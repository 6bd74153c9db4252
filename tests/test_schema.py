"""The editor schema agrees with `validate` on every bundled example, valid and invalid."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from conftest import EXAMPLE_CASES, INVALID_EXAMPLES, REPO
from fatheraudit.core import check_paths
from fatheraudit.loader import load_yaml
from fatheraudit.render.schema import form_schema
from fatheraudit.tools import Registry

REAUDIT = REPO / "examples" / "reaudit-2024" / "cases"
AGENCY = REPO / "examples" / "agency-2023"
EXAMPLES = sorted(EXAMPLE_CASES.glob("*.yaml")) + sorted(INVALID_EXAMPLES.glob("*.yaml"))
EXAMPLES += sorted(REAUDIT.glob("*.yaml")) + sorted(AGENCY.glob("*.yaml"))
VALID = sorted(EXAMPLE_CASES.glob("*.yaml")) + sorted(REAUDIT.glob("*.yaml"))
VALID += sorted(AGENCY.glob("*.yaml"))
INT = re.compile(r"^[-+]?[0-9]+$")
FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")


@pytest.fixture(scope="module")
def validators(registry: Registry) -> dict[str, jsonschema.Draft7Validator]:
    found = {}
    for tool_id in ("myth-of-invisible-men", "father-friendly-service"):
        tool = registry.find(tool_id, "1.0")
        assert tool is not None
        schema = form_schema(tool)
        jsonschema.Draft7Validator.check_schema(schema)
        found[tool_id] = jsonschema.Draft7Validator(schema)
    return found


def validator_for(
    path: Path, validators: dict[str, jsonschema.Draft7Validator]
) -> jsonschema.Draft7Validator:
    return validators[
        "father-friendly-service" if path.parent == AGENCY else "myth-of-invisible-men"
    ]


def data_of(path: Path) -> Any:
    loaded = load_yaml(path)
    assert loaded.document is not None
    return loaded.document.data


def yaml_1_2_view(value: Any) -> Any:
    """Roughly what an editor reading YAML 1.2 sees: numbers and true/false typed."""
    if isinstance(value, dict):
        return {k: yaml_1_2_view(v) for k, v in value.items()}
    if isinstance(value, list):
        return [yaml_1_2_view(v) for v in value]
    if isinstance(value, str):
        if INT.match(value):
            return int(value)
        if FLOAT.match(value):
            return float(value)
        if value in {"true", "True", "TRUE", "false", "False", "FALSE"}:
            return value.lower() == "true"
    return value


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_schema_and_validate_agree(
    path: Path, registry: Registry, validators: dict[str, jsonschema.Draft7Validator]
) -> None:
    valid_by_validate = check_paths([path], registry).ok
    schema_errors = list(validator_for(path, validators).iter_errors(data_of(path)))
    assert valid_by_validate == (not schema_errors), [e.message[:200] for e in schema_errors]


@pytest.mark.parametrize("path", VALID, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_editor_view_of_valid_examples_passes(
    path: Path, validators: dict[str, jsonschema.Draft7Validator]
) -> None:
    errors = list(validator_for(path, validators).iter_errors(yaml_1_2_view(data_of(path))))
    assert errors == [], [e.message[:200] for e in errors]


def test_examples_exist() -> None:
    assert len(list(EXAMPLE_CASES.glob("*.yaml"))) == 10
    assert len(list(INVALID_EXAMPLES.glob("*.yaml"))) >= 8


def test_committed_schema_matches_the_tool(registry: Registry) -> None:
    tool = registry.find("myth-of-invisible-men", "1.0")
    assert tool is not None
    committed = EXAMPLE_CASES / ".schema" / "myth-of-invisible-men-1.0.json"
    assert json.loads(committed.read_text()) == form_schema(tool)


def test_patterns_use_only_escapes_ecma_262_allows(registry: Registry) -> None:
    # Unicode-mode ECMA regexes (editors, check-jsonschema) refuse identity escapes like
    # "\-" that Python accepts; only escapes of syntax characters and classes are allowed.
    for tool_id in ("myth-of-invisible-men", "father-friendly-service"):
        tool = registry.find(tool_id, "1.0")
        assert tool is not None
        text = json.dumps(form_schema(tool))
        patterns = re.findall(r'"pattern": "((?:[^"\\\\]|\\\\.)*)"', text)
        assert patterns
        for pattern in patterns:
            escapes = re.findall(r"\\\\(.)", json.loads(f'"{pattern}"'))
            assert set(escapes) <= set("^$.|?*+()[]{}/\\\\sd"), pattern
