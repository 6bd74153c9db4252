"""Markdown reports through Jinja templates, in a sandbox, with every piece of free
text escaped so it cannot become a heading, a table cell boundary, a link or HTML.

Templates are looked up first in the user's `--templates` folder, then in the
bundled `templates/`. They receive plain dicts and lists, never model objects.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateNotFound,
    TemplateSyntaxError,
)
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment

from fatheraudit import figures
from fatheraudit.loader import visible
from fatheraudit.problems import FatherauditError
from fatheraudit.render import limits
from fatheraudit.render.limits import TimeLimit, run_limited
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


def md(value: object) -> str:
    """Free text for a sentence or a table cell: one line, nothing Markdown can act on."""
    text = " ".join(visible("" if value is None else str(value)).split())
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
    text = visible("" if value is None else str(value))
    paragraphs = [md(p) for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "\n\n".join(paragraphs)


def of(count: Any) -> str:
    """`6 of 10` from a count dict."""
    return figures.of(count["numerator"], count["denominator"])


def count(value: Any) -> str:
    """`6 of 10 (60%)` from a count dict; `fewer than 5 of 10` when hidden for publishing."""
    if value.get("hidden"):
        return of(value)
    return figures.with_percent(of(value), value.get("percent"))


def based(value: Any, base: str) -> str:
    """`23 of the 37 engaged (62%)`: a count that names its base; `fewer than 5 of the 37
    engaged` when hidden for publishing."""
    if value["denominator"] == "withheld":
        return "withheld"
    text = figures.of(value["numerator"], f"the {value['denominator']} {base}")
    return text if value.get("hidden") else figures.with_percent(text, value.get("percent"))


def part(value: Any) -> str:
    """`23 (62%)`: a count whose base the sentence has named; `fewer than 5` when hidden."""
    if value.get("hidden"):
        return str(value["numerator"])
    return figures.with_percent(str(value["numerator"]), value.get("percent"))


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
        if path.is_symlink():
            raise SecurityError(f"{path} is a symlink; a template must be a file in the folder")
        if not path.resolve().is_relative_to(self.folder):
            raise SecurityError(f"{template} leads outside the templates folder")
        return super().get_source(environment, template)


LONGEST_TEXT = 10_000_000
LARGEST_POWER = 1_000


class ReportSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, refusing texts and numbers too large to be a report."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        """`*` and `**` with a size check first."""
        if operator == "**" and isinstance(right, int) and right > LARGEST_POWER:
            raise SecurityError(f"a power above {LARGEST_POWER:,} is not allowed")
        if operator == "*":
            check_repeat(left, right)
            check_repeat(right, left)
        return super().call_binop(context, operator, left, right)


def check_repeat(sequence: Any, times: Any) -> None:
    """Refuse repeating a text or list to more than LONGEST_TEXT items."""
    sized = isinstance(sequence, str | list | tuple) and isinstance(times, int)
    if sized and len(sequence) * times > LONGEST_TEXT:
        raise SecurityError(
            f"repeating makes {len(sequence) * times:,} items; the limit is {LONGEST_TEXT:,}"
        )


def environment(user_templates: Path | None = None) -> ReportSandbox:
    """The one Jinja environment: sandboxed, strict about undefined names, no autoescape."""
    loaders: list[BaseLoader] = []
    if user_templates is not None:
        loaders.append(SafeLoader(user_templates))
    loaders.append(SafeLoader(bundled_dir("templates")))
    env = ReportSandbox(
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
        pct=figures.whole_percent,
        change=figures.change,
        of=of,
        count=count,
        based=based,
        part=part,
        long_date=long_date,
        month_year=month_year,
        words=number_words,
    )
    return env


def template_source(name: str, user_templates: Path | None = None) -> str:
    """A file of the templates folders as it is (a stylesheet, say), the user's first."""
    if user_templates is not None and not user_templates.is_dir():
        raise FatherauditError(f"{user_templates}: templates folder not found")
    env = environment(user_templates)
    assert env.loader is not None
    try:
        return env.loader.get_source(env, name)[0]
    except TemplateNotFound:
        raise FatherauditError(f"template {name} not found") from None
    except SecurityError as error:
        raise FatherauditError(f"template {name}: {error}") from None


def render(name: str, context: dict[str, Any], user_templates: Path | None = None) -> str:
    """Render a template; any template error names the template file and line.

    A user's templates are not trusted: they run in a child process with a time and a
    memory limit (`limits`). The bundled ones run here, as they are part of the tool.
    """
    if user_templates is None:
        return render_here(name, context, None)
    if not user_templates.is_dir():
        raise FatherauditError(f"{user_templates}: templates folder not found")
    try:
        return run_limited(render_here, (name, context, user_templates))
    except FatherauditError as error:
        message = str(error)
        if message.startswith("template "):
            raise
        raise FatherauditError(f"template {name}: {message}") from None


def render_here(name: str, context: dict[str, Any], user_templates: Path | None) -> str:
    """Render in this process; every failure becomes a FatherauditError naming the place."""
    env = environment(user_templates)
    stream: Iterator[str] = iter(())
    try:
        stream = env.get_template(name).generate(context)
        return collect(stream)
    except TemplateSyntaxError as error:
        where = f"{error.filename or error.name or name}:{error.lineno}"
        raise FatherauditError(f"template {where}: {error.message}") from None
    except TemplateNotFound as error:
        raise FatherauditError(f"template {error.name} not found") from None
    except TimeLimit as error:
        message = f"took longer than {limits.SECONDS:g} s and was stopped"
        where = template_line(error, name, stream)
        raise FatherauditError(f"template {where}: {message}") from None
    except MemoryError as error:
        message = f"needed more than {limits.MEMORY_BYTES // 2**20} MB and was stopped"
        where = template_line(error, name, stream)
        raise FatherauditError(f"template {where}: {message}") from None
    except TooLong as error:
        message = f"wrote more than {LONGEST_TEXT:,} characters and was stopped"
        where = template_line(error, name, stream)
        raise FatherauditError(f"template {where}: {message}") from None
    except RecursionError as error:
        message = "calls itself too deeply (a macro or include that never ends)"
        raise FatherauditError(f"template {template_line(error, name)}: {message}") from None
    except Exception as error:  # a template can raise anything a filter or test raises
        message = str(error) or type(error).__name__
        raise FatherauditError(f"template {template_line(error, name)}: {message}") from None


class TooLong(Exception):
    """A template's output grew past LONGEST_TEXT characters."""


def collect(stream: Iterator[str]) -> str:
    """The rendered text, refused once it grows past LONGEST_TEXT characters."""
    parts: list[str] = []
    size = 0
    for part in stream:
        size += len(part)
        if size > LONGEST_TEXT:
            raise TooLong
        parts.append(part)
    return "".join(parts)


def template_line(error: BaseException, name: str, stream: Iterator[str] | None = None) -> str:
    """`file:line` of the deepest template frame in an error's traceback, or else of
    where the (suspended) template stream stood when the error came."""
    found = (paused_at(stream) if stream is not None else None) or name
    trace = error.__traceback__
    while trace is not None:
        filename = trace.tb_frame.f_code.co_filename
        if is_template(filename):
            found = f"{filename}:{trace.tb_lineno}"
        trace = trace.tb_next
    return found


def is_template(filename: str) -> bool:
    """True for the file name of a compiled template."""
    return filename.endswith(".j2") or "/templates/" in filename


def paused_at(stream: Iterator[str]) -> str | None:
    """`file:line` in the template where a suspended render stream is waiting."""
    found = None
    generator: Any = stream
    while generator is not None and getattr(generator, "gi_frame", None) is not None:
        frame = generator.gi_frame
        if is_template(frame.f_code.co_filename):
            line = template_lineno(frame.f_globals.get("debug_info", ""), frame.f_lineno)
            found = f"{frame.f_code.co_filename}:{line}"
        generator = getattr(generator, "gi_yieldfrom", None)
    return found


def template_lineno(debug_info: str, code_line: int) -> int:
    """The template line of a line of compiled template code (Jinja's `debug_info`)."""
    pairs = [tuple(map(int, pair.split("="))) for pair in debug_info.split("&") if pair]
    return next((line for line, code in reversed(pairs) if code <= code_line), 1)
