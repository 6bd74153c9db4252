"""Redacted copies of forms for sharing with a partner agency: every possible identifier
replaced by its kind (`[NHS number]`), comments and layout kept, originals never touched.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from fatheraudit.loader import Document, load_yaml, load_yaml_text
from fatheraudit.privacy import (
    KINDS,
    Detector,
    Finding,
    FreeText,
    Source,
    free_texts,
    value_spans,
)
from fatheraudit.problems import Problem, problem


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
    source = Source.read(path)
    cuts: list[Cut] = []
    replaced: dict[str, int] = {}
    for item in free_texts(loaded.document).texts:
        findings = detector.find(item.text)
        found = cuts_of(source, item, findings)
        if found is None:
            message = (
                f"line {item.line}: a possible identifier could not be placed; nothing written"
            )
            return Redaction(path, None, replaced, [problem(path, "P990", message)])
        for finding in findings:
            replaced[finding.kind] = replaced.get(finding.kind, 0) + 1
        cuts += found
    text = redacted_text(source.text, cuts)
    check = load_yaml_text(text, path)
    if check.document is None or not same_shape(loaded.document.data, check.document.data):
        message = "could not be redacted safely; nothing written for it"
        return Redaction(path, None, replaced, [problem(path, "P990", message)])
    left = left_behind(check.document, detector)
    if left:
        return Redaction(path, None, replaced, left)
    return Redaction(path, text, replaced, [])


def left_behind(document: Document, detector: Detector) -> list[Problem]:
    """The redacted copy scanned again: anything still found (an identifier left, or a
    placeholder read as one) refuses the copy, each at its place."""
    found = []
    for item in free_texts(document).texts:
        for finding in detector.find(item.text):
            message = (
                f"possible {finding.label} '{finding.masked()}' is still there after "
                "redaction; nothing written for this file"
            )
            found.append(problem(document.path, "P990", message, item.line, item.column))
    return found


@dataclass(frozen=True)
class Cut:
    """One stretch of the file to replace: where it is written and what goes there."""

    start: int
    end: int
    text: str


def placeholder(finding: Finding) -> str:
    """What an identifier is replaced by: its kind in brackets."""
    return f"[{KINDS[finding.kind]}]"


def cuts_of(source: Source, item: FreeText, findings: list[Finding]) -> list[Cut] | None:
    """Where each finding in one value is written and its placeholder, or None when one
    cannot be placed.

    A plain (unquoted) value that would open with a placeholder's `[` would read as a
    list, so it is written again whole, double-quoted.
    """
    if not findings:
        return []
    spans = value_spans(source, item)
    if spans is None:
        return None
    start = source.offset(item.line, item.column)
    if findings[0].start == 0 and source.text[start] not in "\"'|>":
        whole = json.dumps(redacted(item.text, findings), ensure_ascii=False)
        return [Cut(start, spans[-1][1], whole)]
    return [Cut(spans[f.start][0], spans[f.end - 1][1], placeholder(f)) for f in findings]


def redacted(text: str, findings: list[Finding]) -> str:
    """A value with each finding replaced by its placeholder."""
    for finding in sorted(findings, key=lambda f: f.start, reverse=True):
        text = text[: finding.start] + placeholder(finding) + text[finding.end :]
    return text


def redacted_text(text: str, cuts: list[Cut]) -> str:
    """The file's text with each cut replaced, from the right so places stay true."""
    for cut in sorted(cuts, key=lambda c: c.start, reverse=True):
        text = text[: cut.start] + cut.text + text[cut.end :]
    return text


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
