"""A blank case form for a tool: every question's text, guidance and allowed answers
written as comments above its line, and a modeline so the editor validates it.
"""

from __future__ import annotations

import json
import re
import sys
import textwrap
from collections.abc import Mapping, Sequence

import yaml

from fatheraudit.forms import CONCERN_ORDER
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


def choices(tool: Tool, vocabulary: str) -> str:
    """The ids of a controlled list, for a comment."""
    return ", ".join(t.id for t in tool.vocabularies.get(vocabulary, []))


def schema_path(tool: Tool) -> str:
    """Where a form's editor schema is, relative to the form: `.schema/<tool>-<version>.json`."""
    return f"{SCHEMA_FOLDER}/{tool.id}-{tool.version}.json"


def modeline(ref: str) -> str:
    """The first line that tells the editor (yaml-language-server) which schema to check with."""
    return f"# yaml-language-server: $schema={ref}"


def header_lines(tool: Tool, case_id: str, schema_ref: str | None) -> list[str]:
    """Modeline, title, instructions, and the identifying keys."""
    lines = [modeline(schema_ref)] if schema_ref else []
    lines += ["#"]
    if tool.scope == "agency":
        return lines + agency_header(tool, case_id)
    lines += comment(f"Case audit form: {tool.title} ({tool.key}).")
    lines += comment(
        "Write roles and agencies, never names. Dates are YYYY-MM-DD or DD/MM/YYYY (day first). "
        "Leave an answer empty until you know it; 'n/a' means the question does not apply, "
        "which is not the same as 'no'. Check the form with: fatheraudit validate FILE"
    )
    lines += [
        f"case_id: {case_id}",
        f"tool: {tool.id}",
        f"tool_version: {json.dumps(tool.version)}",
        "auditor:",
        "  role:     # your role, e.g. safeguarding lead (not your name)",
    ]
    lines += comment(f"one of: {choices(tool, 'agency')}", 2)
    lines += ["  agency:", "audit_date:"]
    return lines


def agency_header(tool: Tool, assessment_id: str) -> list[str]:
    """The heading keys of an agency self-assessment."""
    lines = comment(f"Agency self-assessment: {tool.title} ({tool.key}).")
    lines += comment(
        "Write roles, never names. Rate each indicator, say briefly what is in place, and "
        "give the portfolio reference of the evidence; leave the reference empty where "
        "there is none yet. Check the form with: fatheraudit validate FILE"
    )
    lines += [
        f"assessment_id: {assessment_id}",
        f"tool: {tool.id}",
        f"tool_version: {json.dumps(tool.version)}",
        "assessor:",
        "  role:     # your role (not your name)",
    ]
    lines += comment(f"one of: {choices(tool, 'agency')}", 2)
    lines += ["  agency:", "assessment_date:", "service:     # the service assessed"]
    return lines


def characteristics_lines(tool: Tool) -> list[str]:
    """The case characteristics block with its controlled lists as comments."""
    lines = ["characteristics:", "  # one entry per child: age ('6 months', '15', 'unborn'), sex"]
    lines += ["  children:", "    - age:", "      sex:     # female | male | unknown"]
    for key, vocabulary, many in (
        ("harm", "harm", True),
        ("intervention_level", "intervention_level", False),
        ("legal_status", "legal_status", False),
        ("agencies", "agency", True),
    ):
        lines += comment(("any of: " if many else "one of: ") + choices(tool, vocabulary), 2)
        lines.append(f"  {key}: []" if many else f"  {key}:")
    lines += comment(f"relationship, one of: {choices(tool, 'relationship')}", 2)
    lines += comment(
        f"parental_responsibility, one of: {choices(tool, 'parental_responsibility')}", 2
    )
    lines += [
        "  male_carers:",
        "    - relationship:",
        "      parental_responsibility:",
        "      lives_with_child:     # yes | no",
        "  discussed_at_meeting:     # yes | no",
    ]
    return lines


OUTCOME_GUIDANCE = (
    ("father_engaged", "yes | no: he took part in the work offered"),
    ("concern_at_start", "the level of concern when the work began"),
    ("concern_at_follow_up", "the level at the follow-up"),
    ("follow_up_months", "months from the start of the work to the follow-up"),
    ("closed", "yes | no: closed to children's services by the follow-up"),
    ("re_referred", "yes | no: referred to children's services again"),
    ("escalated", "yes | no: moved up a level (say child in need to child protection)"),
    ("children_under_one", "how many of the children were under one, or unborn"),
)


def outcome_lines() -> list[str]:
    """The outcomes block, blank, filled at a follow-up."""
    lines = ["", "# Outcomes, filled at a follow-up; leave blank until then. Levels of concern,"]
    lines += comment("one of: " + ", ".join(CONCERN_ORDER), 0)
    lines.append("outcomes:")
    lines += [f"  {key}:     # {help}" for key, help in OUTCOME_GUIDANCE]
    return lines


def closing_lines(tool: Tool) -> list[str]:
    """Themes and the three learning fields."""
    lines = [""]
    for kind in ("enabler", "barrier"):
        ids = ", ".join(t.id for t in tool.themes if t.kind == kind)
        lines += comment(f"{kind}s: {ids}")
    lines += ["themes: []", "", "# What went well for this child and father (free text)."]
    lines += ["strengths:", "# Learning for this child.", "learning_for_child:"]
    lines += ["# Learning for future cases.", "learning_for_future:"]
    return lines


def blank_form(tool: Tool, case_id: str, schema_ref: str | None = None) -> str:
    """The text of a blank form for `tool` and `case_id`."""
    agency = tool.scope == "agency"
    lines = header_lines(tool, case_id, schema_ref)
    lines += [] if agency else characteristics_lines(tool)
    lines.append("answers:")
    for section in tool.sections:
        lines += ["", f"  # --- {section.id}. {section.title} ---"]
        for question in section.questions:
            lines += question_lines(tool, question)
    if agency:
        lines += ["", "# What the service does well.", "strengths:"]
        lines += ["# What to improve next.", "priorities:"]
    else:
        lines += closing_lines(tool) + outcome_lines()
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
