"""Redacted copies of forms for sharing with a partner agency: every possible identifier
replaced by its kind (`[NHS number]`), comments and layout kept, originals never touched.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from fatheraudit.loader import load_yaml, load_yaml_text
from fatheraudit.privacy import KINDS, Detector, free_texts, locate, read_lines
from fatheraudit.problems import Problem, problem

PLAIN_VALUE_START = re.compile(r"^(\s*(?:-\s+)?(?:[\w.-]+:\s+)?)(?=\S)")


@dataclass(frozen=True)
class Redaction:
    """What redacting one file gave: its new text (None if it could not be done) and counts."""

    path: Path
    text: str | None
    replaced: dict[str, int]
    problems: list[Problem]


def redact_file(path: Path, detector: Detector) -> Redaction:
    """The text of `path` with every possible identifier in its free text replaced."""
    loaded = load_yaml(path)
    if loaded.document is None:
        return Redaction(path, None, {}, loaded.problems)
    lines = read_lines(path)
    spans: dict[int, list[tuple[int, int, str]]] = {}
    replaced: dict[str, int] = {}
    for item in free_texts(loaded.document).texts:
        for finding in detector.find(item.text):
            line, column = locate(lines, item, finding)
            spans.setdefault(line, []).append((column - 1, len(finding.text), finding.kind))
            replaced[finding.kind] = replaced.get(finding.kind, 0) + 1
    for line, found in spans.items():
        lines[line - 1] = redact_line(lines[line - 1], found)
    text = "\n".join(lines) + "\n"
    check = load_yaml_text(text, path)
    if check.document is None or not same_shape(loaded.document.data, check.document.data):
        message = "could not be redacted safely; nothing written for it"
        return Redaction(path, None, replaced, [problem(path, "P990", message)])
    return Redaction(path, text, replaced, [])


def redact_line(line: str, spans: list[tuple[int, int, str]]) -> str:
    """One line with its spans replaced, from the right so positions stay true."""
    for start, length, kind in sorted(spans, reverse=True):
        token = f"[{KINDS[kind]}]"
        line = line[:start] + token + line[start + length :]
    return quote_if_needed(line)


def quote_if_needed(line: str) -> str:
    """A plain value that now starts with `[` would read as a list: quote it."""
    match = PLAIN_VALUE_START.match(line)
    if match is None:
        return line
    rest = line[match.end() :]
    if not rest.startswith("["):
        return line
    return match.group(1) + json.dumps(rest, ensure_ascii=False)


def same_shape(before: object, after: object) -> bool:
    """The same keys and list lengths, with text where there was text."""
    if isinstance(before, dict) and isinstance(after, dict):
        return before.keys() == after.keys() and all(
            same_shape(before[k], after[k]) for k in before
        )
    if isinstance(before, list) and isinstance(after, list):
        return len(before) == len(after) and all(
            same_shape(b, a) for b, a in zip(before, after, strict=True)
        )
    return type(before) is type(after)
