"""The JSON Schema (draft-07) of a tool's completed case form, for editors.

VS Code's YAML extension reads YAML 1.2, where `1.0` is a number and `yes` is
text, so the schema accepts both spellings wherever `validate` does. Answers are
listed as enums (for completion) and as case-insensitive patterns (for
acceptance), because `validate` accepts `No` as well as `no`.
"""

from __future__ import annotations

import re
from typing import Any

from fatheraudit.form_fields import FormField, form_fields
from fatheraudit.forms import choices, form_model
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


def age_pattern() -> str:
    """An age as people write it: `unborn`, `15`, `15 years`, `1 year 3 months`."""
    words = "|".join(insensitive(w) for w in AGE_WORDS.split("|"))
    return (
        r"^\s*([uU][nN][bB][oO][rR][nN]|[pP][rR][eE]-?[bB][iI][rR][tT][hH]|"
        r"[0-9]{1,3}(\s*,?\s*(" + words + r")?\s*[0-9]{0,2}\s*(" + words + r")?)?)\s*$"
    )


def with_description(schema: dict[str, Any], field: FormField) -> dict[str, Any]:
    """`schema` with the field's hover text, when it has one."""
    return schema | ({"description": field.spec.describe} if field.spec.describe else {})


def text_schema(field: FormField) -> dict[str, Any]:
    """Free text: optional text may be empty; required text may not."""
    if not field.required:
        return dict(OPTIONAL_TEXT)
    limit = {"maxLength": field.max_length} if field.max_length is not None else {}
    return with_description({"type": "string", "minLength": 1} | limit, field)


def count_schema(field: FormField) -> dict[str, Any]:
    """A whole number, written as a number or as digits."""
    kinds: list[dict[str, Any]] = [
        {"type": "integer", "minimum": 0},
        {"type": "string", "pattern": r"^\s*[0-9]+\s*$"},
    ]
    return {"anyOf": kinds + ([] if field.required else [{"type": "null"}])}


def age_schema(field: FormField) -> dict[str, Any]:
    """A child's age: whole years under 18, or as people write it."""
    ages = [
        {"type": "integer", "minimum": 0, "maximum": 17},
        {"type": "string", "pattern": age_pattern()},
    ]
    return with_description({"anyOf": ages}, field)


def themes_schema(tool: Tool) -> dict[str, Any]:
    """One of the tool's themes, its kind and label in the description."""
    return {
        "enum": [t.id for t in tool.themes],
        "description": "; ".join(f"{t.id} = {t.kind}: {t.label}" for t in tool.themes),
    }


def version_schema(tool: Tool) -> dict[str, Any]:
    """The tool's version, as text or as the number YAML 1.2 reads `1.0` as."""
    versions: list[Any] = [tool.version]
    if re.fullmatch(r"\d+(\.\d+)?", tool.version):
        versions.append(float(tool.version))
    return {"enum": versions}


def value_schema(tool: Tool, field: FormField) -> dict[str, Any]:
    """What one value of a field (one item of a list field) may be, by its kind."""
    match field.spec.kind:
        case "id" | "ident":
            ident = {"type": ["string", "number"], "pattern": IDENT_PATTERN.pattern}
            return with_description(ident, field)
        case "tool":
            return {"const": tool.id}
        case "version":
            return version_schema(tool)
        case "text":
            return text_schema(field)
        case "date":
            return {"type": "string", "pattern": DATE_PATTERN}
        case "term":
            return vocabulary(tool, field.spec.vocabulary)
        case "yes_no":
            return yes_no()
        case "concern":
            return {"enum": choices(tool, field.spec.vocabulary)}
        case "count":
            return count_schema(field)
        case "age":
            return age_schema(field)
        case "sex":
            return {
                "type": "string",
                "pattern": words_pattern(choices(tool, field.spec.vocabulary)),
            }
        case "themes":
            return themes_schema(tool)
        case "answers":
            return answers_schema(tool)
        case "block":
            return block_schema(tool, field.fields)


SAYS_ITS_OWN_NULL = frozenset({"id", "ident", "text", "count", "answers"})
"""Kinds whose schema already says whether they may be empty (an id never may)."""


def field_schema(tool: Tool, field: FormField) -> dict[str, Any]:
    """What a field may hold: a value, a list of them, or (when optional) nothing."""
    one = value_schema(tool, field)
    if field.many:
        size = {"minItems": field.min_length} if field.min_length else {}
        return {"type": "array"} | size | {"items": one}
    if field.required or field.spec.kind in SAYS_ITS_OWN_NULL:
        return one
    if field.spec.kind == "block":
        return {"anyOf": [{"type": "null"}, one]}
    return {"anyOf": [one, {"type": "null"}]}


def block_schema(tool: Tool, fields: list[FormField]) -> dict[str, Any]:
    """A closed object of described fields, the ones its model requires required."""
    return obj(
        {f.key: field_schema(tool, f) for f in fields}, [f.key for f in fields if f.required]
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


def form_schema(tool: Tool) -> dict[str, Any]:
    """The whole draft-07 schema of a form for `tool` (a case form or an agency assessment).

    Its fields are the form model's (forms.form_model); `answers` is always required, so
    the editor offers the questions.
    """
    agency = tool.scope == "agency"
    fields = form_fields(form_model(tool.scope))
    form = block_schema(tool, fields)
    required = {*form["required"], *(f.key for f in fields if f.spec.kind == "answers")}
    rules = [condition_rule(tool, q) for q in tool.questions() if q.when is not None]
    return {
        "$schema": DRAFT,
        "title": f"{'Self-assessment' if agency else 'Case form'} for {tool.title} ({tool.key})",
        "description": f"Made by fatheraudit for {tool.key}. "
        "Dates are YYYY-MM-DD or DD/MM/YYYY (UK, day first).",
        "type": "object",
        "additionalProperties": False,
        "required": sorted(required),
        "properties": form["properties"],
    } | ({"allOf": rules} if rules else {})
