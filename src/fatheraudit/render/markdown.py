"""Markdown reports through Jinja templates, in a sandbox, with every piece of free
text escaped so it cannot become a heading, a table cell boundary, a link or HTML.

Templates are looked up first in the user's `--templates` folder, then in the
bundled `templates/`. They receive plain dicts and lists, never model objects.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
)
from jinja2.sandbox import ImmutableSandboxedEnvironment

from fatheraudit.problems import FatherauditError
from fatheraudit.tools import bundled_dir

INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
BLOCK_START = re.compile(r"^([#+=>-]|\d+[.)])")
NUMBER_WORDS = (
    "no",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
)
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


def md(value: object) -> str:
    """Free text for a sentence or a table cell: one line, nothing Markdown can act on."""
    text = CONTROL.sub("", "" if value is None else str(value))
    text = " ".join(text.split())
    text = INLINE_SPECIAL.sub(r"\\\1", text)
    text = ENTITY.sub(r"\\&", text)
    text = text.replace("://", r":\/\/").replace("www.", r"www\.")
    return escape_start(text)


def escape_start(text: str) -> str:
    """Stop a leading `#`, `-`, `+`, `=`, `>` or `1.` from starting a block."""
    match = BLOCK_START.match(text)
    if match is None:
        return text
    token = match.group(0)
    if token[0].isdigit():
        return token[:-1] + "\\" + text[len(token) - 1 :]
    return "\\" + text


def md_block(value: object) -> str:
    """Free text of several paragraphs: each paragraph escaped like `md`."""
    text = "" if value is None else str(value)
    paragraphs = [md(p) for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "\n\n".join(paragraphs)


def pct(value: object) -> str:
    """`74%`, or `n/a`."""
    return "n/a" if not isinstance(value, int | float) else f"{value:.0f}%"


def change(value: object) -> str:
    """`+17 points`, `-4 points`, or `n/a`."""
    if not isinstance(value, int | float):
        return "n/a"
    return "no change" if round(value) == 0 else f"{value:+.0f} points"


def of(count: Any) -> str:
    """`6 of 10` from a count dict."""
    return f"{count['numerator']} of {count['denominator']}"


def count(value: Any) -> str:
    """`6 of 10 (60%)` from a count dict."""
    return f"{of(value)} ({pct(value.get('percent'))})"


def long_date(value: object) -> str:
    """`22 February 2023` from an ISO date."""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    if isinstance(value, date):
        return f"{value.day} {value:%B %Y}"
    return ""


def month_year(value: object) -> str:
    """`March 2023` from an ISO date."""
    return long_date(value).split(" ", 1)[-1]


def number_words(value: object) -> str:
    """Small counts in words, as a report writes them ('six'); larger ones as digits."""
    if isinstance(value, int) and 0 <= value < len(NUMBER_WORDS):
        return NUMBER_WORDS[value]
    return str(value)


class SafeLoader(FileSystemLoader):
    """A folder of templates that refuses symlinks and anything outside the folder."""

    def __init__(self, folder: Path) -> None:
        super().__init__(str(folder))
        self.folder = folder.resolve()

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Any]:
        path = self.folder / template
        if path.is_symlink() or not path.resolve().is_relative_to(self.folder):
            raise TemplateNotFound(template)
        return super().get_source(environment, template)


def environment(user_templates: Path | None = None) -> ImmutableSandboxedEnvironment:
    """The one Jinja environment: sandboxed, strict about undefined names, no autoescape."""
    loaders: list[BaseLoader] = []
    if user_templates is not None:
        if not user_templates.is_dir():
            raise FatherauditError(f"{user_templates}: templates folder not found")
        loaders.append(SafeLoader(user_templates))
    loaders.append(SafeLoader(bundled_dir("templates")))
    env = ImmutableSandboxedEnvironment(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        md=md,
        md_block=md_block,
        pct=pct,
        change=change,
        of=of,
        count=count,
        long_date=long_date,
        month_year=month_year,
        words=number_words,
    )
    return env


def render(name: str, context: dict[str, Any], user_templates: Path | None = None) -> str:
    """Render a template; any template error names the template file and line."""
    env = environment(user_templates)
    try:
        return env.get_template(name).render(context)
    except TemplateSyntaxError as error:
        where = f"{error.filename or error.name or name}:{error.lineno}"
        raise FatherauditError(f"template {where}: {error.message}") from None
    except TemplateNotFound as error:
        raise FatherauditError(f"template {error.name} not found") from None
    except TemplateError as error:
        raise FatherauditError(f"template {template_line(error, name)}: {error}") from None


def template_line(error: BaseException, name: str) -> str:
    """`file:line` of the deepest template frame in an error's traceback."""
    found = name
    trace = error.__traceback__
    while trace is not None:
        filename = trace.tb_frame.f_code.co_filename
        if filename.endswith(".j2") or "/templates/" in filename:
            found = f"{filename}:{trace.tb_lineno}"
        trace = trace.tb_next
    return found
