"""A blank case form for a tool: every question's text, guidance and allowed answers
written as comments above its line, and a modeline so the editor validates it.

The fields around the answers, their order and their comments come from the form's one
description (forms.form_model, read by form_fields).
"""

from __future__ import annotations

import json
import re
import sys
import textwrap
from collections.abc import Mapping, Sequence

import yaml

from fatheraudit.form_fields import FormField, form_fields
from fatheraudit.forms import choices, form_model
from fatheraudit.tools import Question, Scale, Tool

WIDTH = 88
SCHEMA_FOLDER = ".schema"
KEY_LINE = re.compile(r"^(?P<lead> *(?:- )?)(?P<key>[a-z_]+):(?P<rest>.*)$")
PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._/-]*")


def comment(text: str, indent: int = 0, first: str = "", rest: str = "") -> list[str]:
    """`text` as wrapped `#` comment lines (newlines in the tool's text flattened)."""
    pad = " " * indent
    flat = " ".join(text.split())
    lines = textwrap.wrap(
        flat,
        width=WIDTH - indent - 2,
        initial_indent=first,
        subsequent_indent=rest or " " * len(first),
        break_on_hyphens=False,
        break_long_words=False,
    ) or [first.rstrip()]
    return [f"{pad}# {line}".rstrip() for line in lines]


def allowed(scale: Scale) -> str:
    """What a person may write as the answer."""
    if scale.kind == "choice":
        return (
            " | ".join(o.value for o in scale.options)
            + "   ("
            + ", ".join(
                f"{o.value} = {o.shown}" for o in scale.options if o.label and o.label != o.value
            )
            + ")"
        )
    if scale.kind == "multiple":
        return "a list of any of: " + ", ".join(o.value for o in scale.options)
    if scale.kind == "date":
        return "a date, YYYY-MM-DD or DD/MM/YYYY"
    if scale.kind == "number":
        return "a number"
    return "free text (use '|' and new indented lines for several lines)"


def question_lines(tool: Tool, question: Question) -> list[str]:
    """The comment block and keys for one question."""
    lines = [""]
    lines += comment(question.text, 2, f"{question.id}. ")
    if question.guidance:
        lines += comment(question.guidance, 2, "    Guidance: ")
    lines += comment(allowed(tool.scale_of(question)), 2, "    Answer: ")
    notes = []
    if question.when is not None:
        notes.append(
            f"only when {question.when.question} is "
            + " or ".join(question.when.values)
            + "; otherwise leave it empty"
        )
    notes.append("required" if question.required else "optional")
    lines += comment("; ".join(notes), 2, "    ")
    lines += [f"  {question.id}:", "    answer:", "    evidence:"]
    if tool.scope == "agency":
        lines.append("    portfolio:     # the portfolio reference of the evidence")
    return lines


def listed(tool: Tool, vocabulary: str) -> str:
    """The ids of a controlled list, for a comment."""
    return ", ".join(choices(tool, vocabulary))


def schema_path(tool: Tool) -> str:
    """Where a form's editor schema is, relative to the form: `.schema/<tool>-<version>.json`."""
    return f"{SCHEMA_FOLDER}/{tool.id}-{tool.version}.json"


def modeline(ref: str) -> str:
    """The first line that tells the editor (yaml-language-server) which schema to check with."""
    return f"# yaml-language-server: $schema={ref}"


def header_lines(tool: Tool, schema_ref: str | None) -> list[str]:
    """Modeline, title and instructions."""
    lines = [modeline(schema_ref)] if schema_ref else []
    lines += ["#"]
    if tool.scope == "agency":
        lines += comment(f"Agency self-assessment: {tool.title} ({tool.key}).")
        return lines + comment(
            "Write roles, never names. Rate each indicator, say briefly what is in place, and "
            "give the portfolio reference of the evidence; leave the reference empty where "
            "there is none yet. Check the form with: fatheraudit validate FILE"
        )
    lines += comment(f"Case audit form: {tool.title} ({tool.key}).")
    return lines + comment(
        "Write roles and agencies, never names. Dates are YYYY-MM-DD or DD/MM/YYYY (day first). "
        "Leave an answer empty until you know it; 'n/a' means the question does not apply, "
        "which is not the same as 'no'. Check the form with: fatheraudit validate FILE"
    )


def choice_comments(tool: Tool, field: FormField, indent: int) -> list[str]:
    """What a field may hold, commented above it: its list, the tool's themes by kind, or
    for a list of blocks the lists of its items' fields."""
    if field.spec.kind == "term":
        return comment(
            ("any of: " if field.many else "one of: ") + listed(tool, field.spec.vocabulary), indent
        )
    if field.spec.kind == "themes":
        lines = []
        for kind in ("enabler", "barrier"):
            ids = ", ".join(t.id for t in tool.themes if t.kind == kind)
            lines += comment(f"{kind}s: {ids}", indent)
        return lines
    if field.block is not None and field.many:
        return [
            line
            for item in field.fields
            if item.spec.kind == "term"
            for line in comment(f"{item.key}, one of: {listed(tool, item.spec.vocabulary)}", indent)
        ]
    return []


def known_value(tool: Tool, field: FormField, record_id: str) -> str:
    """What a blank form already holds for a field: the form's id, the tool and its
    version, an empty list; else nothing."""
    if field.spec.kind == "id":
        return record_id
    if field.spec.kind == "tool":
        return tool.id
    if field.spec.kind == "version":
        return json.dumps(tool.version)
    return "[]" if field.many else ""


def key_line(tool: Tool, field: FormField, record_id: str, lead: str) -> str:
    """A field's key, with what is known when the form is made and its note."""
    value = known_value(tool, field, record_id)
    note = f"     # {field.spec.note}" if field.spec.note else ""
    return f"{lead}{field.key}:" + (f" {value}" if value else "") + note


def field_lines(tool: Tool, field: FormField, record_id: str, indent: int = 0) -> list[str]:
    """A field of the blank form with the comments above it; a block with its fields."""
    if not field.spec.blank:
        return []
    lines = [""] if field.spec.gap else []
    for paragraph in field.spec.comment:
        lines += comment(paragraph, indent)
    lines += choice_comments(tool, field, indent)
    pad = " " * indent
    if field.spec.kind == "answers":
        return [*lines, f"{pad}{field.key}:", *answer_lines(tool)]
    if field.block is None:
        return [*lines, key_line(tool, field, record_id, pad)]
    lines.append(f"{pad}{field.key}:")
    if field.many:
        return lines + item_lines(tool, field, indent + 2)
    for inner in field.fields:
        lines += field_lines(tool, inner, record_id, indent + 2)
    return lines


def item_lines(tool: Tool, field: FormField, indent: int) -> list[str]:
    """One blank item of a list of blocks: `- first:` and its other keys below it."""
    shown = [item for item in field.fields if item.spec.blank]
    pad = " " * indent
    return [
        key_line(tool, item, "", pad + ("- " if number == 0 else "  "))
        for number, item in enumerate(shown)
    ]


def answer_lines(tool: Tool) -> list[str]:
    """Every question of the tool, section by section."""
    lines = []
    for section in tool.sections:
        lines += ["", f"  # --- {section.id}. {section.title} ---"]
        for question in section.questions:
            lines += question_lines(tool, question)
    return lines


def blank_form(tool: Tool, case_id: str, schema_ref: str | None = None) -> str:
    """The text of a blank form for `tool` and `case_id` (an assessment id for an agency
    tool): each field of the form's description, in order."""
    lines = header_lines(tool, schema_ref)
    for field in form_fields(form_model(tool.scope)):
        lines += field_lines(tool, field, case_id)
    return "\n".join(lines) + "\n"


# --- a form started with known values ------------------------------------------------------

Entries = Mapping[str, Sequence[Mapping[str, str]]]


def filled_form(
    tool: Tool,
    case_id: str,
    values: Mapping[str, str | Sequence[str]],
    entries: Entries | None = None,
    schema_ref: str | None = None,
) -> str:
    """The blank form for `case_id`, exactly as `blank_form` writes it, with `values` at
    their dotted keys (`characteristics.harm`, `outcomes.closed`) and `entries` as the items
    of a list of mappings (`characteristics.children`), each laid out like the blank item.

    Keys not given stay blank with their comments. Values are written plain when they are
    ordinary words and ids (fatheraudit reads every value as text), else double-quoted.
    """
    lines = blank_form(tool, case_id, schema_ref).split("\n")
    items = entries or {}
    out: list[str] = []
    parent = ""
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        match = KEY_LINE.match(line)
        if match is None or match["lead"] not in ("", "  "):
            out.append(line)
            continue
        parent = match["key"] if not match["lead"] else parent
        key = match["key"] if not match["lead"] else f"{parent}.{match['key']}"
        if key in items:
            start = index
            while index < len(lines) and lines[index].startswith("    "):
                index += 1
            out.append(line)
            out += entry_lines(lines[start:index], items[key])
        elif key in values:
            out.append(with_value(match, values[key]))
        else:
            out.append(line)
    return "\n".join(out)


def entry_lines(template: list[str], entries: Sequence[Mapping[str, str]]) -> list[str]:
    """The items of a list of mappings, each laid out as the blank `template` item."""
    if not entries:
        return template
    lines = []
    for entry in entries:
        for line in template:
            match = KEY_LINE.match(line)
            known = match is not None and match["key"] in entry
            lines.append(with_value(match, entry[match["key"]]) if match and known else line)
    return lines


def with_value(match: re.Match[str], value: str | Sequence[str]) -> str:
    """A blank key line with its value, keeping the comment after it."""
    rest = match["rest"]
    note = rest if rest.lstrip().startswith("#") else ""
    written = scalar(value) if isinstance(value, str) else "[" + ", ".join(map(scalar, value)) + "]"
    return f"{match['lead']}{match['key']}: {written}{note}"


def scalar(text: str) -> str:
    """A value as YAML text: plain when it is ordinary words and ids (`child-protection`,
    `6 months`), else double-quoted by PyYAML, which escapes what a line cannot hold."""
    if PLAIN.fullmatch(text) and not text.endswith(" ") and text.casefold() != "null":
        return text
    quoted = yaml.safe_dump(text, allow_unicode=True, default_style='"', width=sys.maxsize)
    return quoted.rstrip("\n")
