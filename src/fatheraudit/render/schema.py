"""The JSON Schema (draft-07) of a tool's completed case form, for editors.

VS Code's YAML extension reads YAML 1.2, where `1.0` is a number and `yes` is
text, so the schema accepts both spellings wherever `validate` does. Answers are
listed as enums (for completion) and as case-insensitive patterns (for
acceptance), because `validate` accepts `No` as well as `no`.
"""

from __future__ import annotations

import re
from typing import Any

from fatheraudit.forms import CONCERN_ORDER
from fatheraudit.models import IDENT_PATTERN
from fatheraudit.tools import Question, Scale, Tool

DRAFT = "http://json-schema.org/draft-07/schema#"
ECMA_SPECIAL = frozenset("\\^$.|?*+()[]{}/")  # escaped; anything else written as itself
DATE_PATTERN = r"^\s*([0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{1,2}/[0-9]{1,2}/[0-9]{4})\s*$"
NUMBER_PATTERN = r"^\s*[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?\s*$"
AGE_WORDS = "y|yr|yrs|year|years|m|mo|month|months|w|wk|week|weeks|and"
TEXT: dict[str, Any] = {"type": ["string", "number", "boolean"]}
OPTIONAL_TEXT: dict[str, Any] = {"type": ["string", "number", "boolean", "null"]}


def insensitive(word: str) -> str:
    """A regex matching `word` in any letter case, with any run of spaces inside."""
    parts = []
    for char in word:
        if char.isalpha() and char.lower() != char.upper():
            parts.append(f"[{char.lower()}{char.upper()}]")
        elif char.isspace():
            parts.append(r"\s+")
        elif char in ECMA_SPECIAL:
            parts.append("\\" + char)
        else:
            parts.append(char)
    return "".join(parts)


def words_pattern(words: list[str]) -> str:
    """A whole-value, case-insensitive pattern for any of `words`."""
    return r"^\s*(" + "|".join(insensitive(w) for w in words) + r")\s*$"


def choice_schema(values: list[str], accepted: list[str]) -> dict[str, Any]:
    """Canonical values for completion, any spelling `validate` accepts for checking."""
    enum: list[Any] = list(values)
    enum += [float(v) if "." in v else int(v) for v in values if re.fullmatch(r"\d+(\.\d+)?", v)]
    return {
        "anyOf": [
            {"enum": enum},
            {"type": "string", "pattern": words_pattern(accepted)},
        ]
    }


def scale_schema(scale: Scale) -> dict[str, Any]:
    """What an `answer:` may hold on this scale."""
    if scale.kind in {"choice", "multiple"}:
        accepted = [w for o in scale.options for w in (o.value, *o.aliases)]
        one = choice_schema(scale.values, accepted)
        one["description"] = "; ".join(f"{o.value} = {o.shown}" for o in scale.options)
        if scale.kind == "choice":
            return one
        return {"anyOf": [{"type": "array", "items": one}, one]}
    if scale.kind == "date":
        return {"type": "string", "pattern": DATE_PATTERN}
    if scale.kind == "number":
        bounds = {k: v for k, v in (("minimum", scale.minimum), ("maximum", scale.maximum)) if v}
        return {
            "anyOf": [{"type": "number", **bounds}, {"type": "string", "pattern": NUMBER_PATTERN}]
        }
    return dict(TEXT)


def unanswered() -> dict[str, Any]:
    """An answer left empty."""
    return {"anyOf": [{"type": "null"}, {"const": ""}, {"type": "array", "maxItems": 0}]}


def question_schema(tool: Tool, question: Question, required: bool) -> dict[str, Any]:
    """One entry under `answers:`."""
    answer = scale_schema(tool.scale_of(question))
    if not required:
        answer = {"anyOf": [answer, unanswered()]}
    entry: dict[str, Any] = {
        "type": "object",
        "additionalProperties": False,
        "properties": {"answer": answer, "evidence": OPTIONAL_TEXT}
        | ({"portfolio": OPTIONAL_TEXT} if tool.scope == "agency" else {}),
        "description": describe(question),
    }
    if required:
        entry["required"] = ["answer"]
        return entry
    return {"anyOf": [entry, {"type": "null"}], "description": describe(question)}


def describe(question: Question) -> str:
    """Hover text: the question and its guidance."""
    return f"{question.id}. {question.text}" + (
        f"\n\n{question.guidance}" if question.guidance else ""
    )


def condition_rule(tool: Tool, question: Question) -> dict[str, Any]:
    """If the earlier answer meets the condition, the rules of a question; else no answer."""
    assert question.when is not None
    earlier = question.when.question
    wanted = {o.value for o in tool.scale_of(tool.question_map()[earlier]).options}
    values = [v for v in question.when.values if v in wanted] or question.when.values
    scale = tool.scale_of(tool.question_map()[earlier])
    accepted = [w for o in scale.options if o.value in values for w in (o.value, *o.aliases)]
    met = {
        "required": ["answers"],
        "properties": {
            "answers": {
                "required": [earlier],
                "properties": {
                    earlier: {
                        "type": "object",
                        "required": ["answer"],
                        "properties": {"answer": choice_schema(values, accepted)},
                    }
                },
            }
        },
    }
    then: dict[str, Any] = {
        "properties": {
            "answers": {
                "properties": {question.id: question_schema(tool, question, question.required)}
            }
        }
    }
    if question.required:
        then["properties"]["answers"]["required"] = [question.id]
    silent = {
        "anyOf": [{"type": "null"}, {"type": "object", "properties": {"answer": unanswered()}}]
    }
    otherwise = {"properties": {"answers": {"properties": {question.id: silent}}}}
    return {"if": met, "then": then, "else": otherwise}


def vocabulary(tool: Tool, name: str) -> dict[str, Any]:
    """An enum of a controlled list's ids, labels in the description."""
    terms = tool.vocabularies.get(name, [])
    return {
        "enum": [t.id for t in terms],
        "description": "; ".join(f"{t.id} = {t.label}" for t in terms),
    }


def obj(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    """A closed object."""
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
        "required": required,
    }


def yes_no() -> dict[str, Any]:
    """yes / no in any case, or a YAML boolean."""
    return {
        "anyOf": [
            {"type": "boolean"},
            {"type": "string", "pattern": words_pattern(["yes", "no", "true", "false"])},
        ]
    }


def characteristics_schema(tool: Tool) -> dict[str, Any]:
    """The `characteristics:` block."""
    age_text = (
        r"^\s*([uU][nN][bB][oO][rR][nN]|[pP][rR][eE]-?[bB][iI][rR][tT][hH]|"
        r"[0-9]{1,3}(\s*,?\s*("
        + "|".join(insensitive(w) for w in AGE_WORDS.split("|"))
        + r")?\s*[0-9]{0,2}\s*("
        + "|".join(insensitive(w) for w in AGE_WORDS.split("|"))
        + r")?)?)\s*$"
    )
    child = obj(
        {
            "ref": {"type": ["string", "number"], "pattern": IDENT_PATTERN.pattern},
            "age": {
                "anyOf": [
                    {"type": "integer", "minimum": 0, "maximum": 17},
                    {"type": "string", "pattern": age_text},
                ],
                "description": "Age at the time audited: '15', '15 years', '6 months' or 'unborn'.",
            },
            "sex": {"type": "string", "pattern": words_pattern(["female", "male", "unknown"])},
        },
        ["age", "sex"],
    )
    carer = obj(
        {
            "relationship": vocabulary(tool, "relationship"),
            "parental_responsibility": vocabulary(tool, "parental_responsibility"),
            "lives_with_child": {"anyOf": [yes_no(), {"type": "null"}]},
        },
        ["relationship", "parental_responsibility"],
    )
    return obj(
        {
            "children": {"type": "array", "minItems": 1, "items": child},
            "harm": {"type": "array", "items": vocabulary(tool, "harm")},
            "intervention_level": vocabulary(tool, "intervention_level"),
            "legal_status": {"anyOf": [vocabulary(tool, "legal_status"), {"type": "null"}]},
            "agencies": {"type": "array", "items": vocabulary(tool, "agency")},
            "male_carers": {"type": "array", "items": carer},
            "discussed_at_meeting": yes_no(),
        },
        ["children", "intervention_level", "discussed_at_meeting"],
    )


def answers_schema(tool: Tool) -> dict[str, Any]:
    """The `answers:` block: every question, required ones required."""
    unconditional = [q for q in tool.questions() if q.when is None]
    properties: dict[str, Any] = {
        q.id: question_schema(tool, q, q.required) if q.when is None else {}
        for q in tool.questions()
    }
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
        "required": [q.id for q in unconditional if q.required],
    }


def identity(tool: Tool, key: str, what: str) -> dict[str, Any]:
    """The id, tool, version and person (by role) heading every form."""
    versions: list[Any] = [tool.version]
    if re.fullmatch(r"\d+(\.\d+)?", tool.version):
        versions.append(float(tool.version))
    return {
        key: {
            "type": ["string", "number"],
            "pattern": IDENT_PATTERN.pattern,
            "description": f"A pseudonymous {what} id; never a name.",
        },
        "tool": {"const": tool.id},
        "tool_version": {"enum": versions},
    }


def person(tool: Tool) -> dict[str, Any]:
    """Who filled the form: a role and an agency."""
    role = {
        "type": "string",
        "minLength": 1,
        "maxLength": 120,
        "description": "Your role, not your name.",
    }
    return obj({"role": role, "agency": vocabulary(tool, "agency")}, ["role", "agency"])


def case_properties(tool: Tool) -> dict[str, Any]:
    """The fields of a case form."""
    return {
        **identity(tool, "case_id", "case"),
        "auditor": person(tool),
        "audit_date": {"type": "string", "pattern": DATE_PATTERN},
        "characteristics": characteristics_schema(tool),
        "answers": answers_schema(tool),
        "themes": {
            "type": "array",
            "items": {
                "enum": [t.id for t in tool.themes],
                "description": "; ".join(f"{t.id} = {t.kind}: {t.label}" for t in tool.themes),
            },
        },
        "strengths": OPTIONAL_TEXT,
        "learning_for_child": OPTIONAL_TEXT,
        "learning_for_future": OPTIONAL_TEXT,
        "outcomes": {"anyOf": [{"type": "null"}, outcomes_schema()]},
    }


def agency_properties(tool: Tool) -> dict[str, Any]:
    """The fields of an agency self-assessment."""
    return {
        **identity(tool, "assessment_id", "assessment"),
        "assessor": person(tool),
        "assessment_date": {"type": "string", "pattern": DATE_PATTERN},
        "service": {"type": "string", "minLength": 1},
        "answers": answers_schema(tool),
        "strengths": OPTIONAL_TEXT,
        "priorities": OPTIONAL_TEXT,
    }


def outcomes_schema() -> dict[str, Any]:
    """The optional `outcomes:` block of a case form."""
    level = {"anyOf": [{"enum": list(CONCERN_ORDER)}, {"type": "null"}]}
    flag = {"anyOf": [yes_no(), {"type": "null"}]}
    count = {
        "anyOf": [
            {"type": "integer", "minimum": 0},
            {"type": "string", "pattern": r"^\s*[0-9]+\s*$"},
            {"type": "null"},
        ]
    }
    return obj(
        {
            "father_engaged": flag,
            "concern_at_start": level,
            "concern_at_follow_up": level,
            "follow_up_months": count,
            "closed": flag,
            "re_referred": flag,
            "escalated": flag,
            "children_under_one": count,
        },
        [],
    )


def form_schema(tool: Tool) -> dict[str, Any]:
    """The whole draft-07 schema of a form for `tool` (a case form or an agency assessment)."""
    agency = tool.scope == "agency"
    properties = agency_properties(tool) if agency else case_properties(tool)
    required = ["tool", "tool_version", "answers"]
    required += (
        ["assessment_id", "assessor", "assessment_date", "service"]
        if agency
        else ["case_id", "auditor", "audit_date", "characteristics"]
    )
    rules = [condition_rule(tool, q) for q in tool.questions() if q.when is not None]
    return {
        "$schema": DRAFT,
        "title": f"{'Self-assessment' if agency else 'Case form'} for {tool.title} ({tool.key})",
        "description": f"Made by fatheraudit for {tool.key}. "
        "Dates are YYYY-MM-DD or DD/MM/YYYY (UK, day first).",
        "type": "object",
        "additionalProperties": False,
        "required": sorted(required),
        "properties": properties,
    } | ({"allOf": rules} if rules else {})
