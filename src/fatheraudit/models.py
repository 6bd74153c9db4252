"""The shared base of every Pydantic model, the typed values people write, and the
translation of Pydantic's errors into located problems.

Values arrive from the loader as text. This module decides, in one documented
place, how text becomes a date, a yes/no, an age or an identifier.
"""

import re
import types
from datetime import date
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    ValidationError,
)

from fatheraudit.loader import Document, Loc, describe_shape
from fatheraudit.problems import Problem, did_you_mean, quote_key

IDENT_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,59}$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
YES_WORDS = frozenset({"yes", "true"})
NO_WORDS = frozenset({"no", "false"})
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


class StrictModel(BaseModel):
    """Unknown keys refused; input never echoed in errors (it may be case text)."""

    model_config = ConfigDict(
        extra="forbid", hide_input_in_errors=True, frozen=True, defer_build=True
    )


# --- typed values --------------------------------------------------------------------


def parse_date(value: Any) -> date:
    """A date written as YYYY-MM-DD or as UK day-first DD/MM/YYYY; nothing else."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"expected a date, found {describe_shape(value)}")
    text = value.strip()
    iso, uk = ISO_DATE.match(text), UK_DATE.match(text)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
    elif uk:
        day, month, year = (int(part) for part in uk.groups())
    else:
        raise ValueError("expected a date written as YYYY-MM-DD or DD/MM/YYYY")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(impossible_date(day, month, year)) from None


def impossible_date(day: int, month: int, year: int) -> str:
    """Why a day, month and year are not a real date."""
    if not 1 <= month <= 12:
        return f"is not a real date: there is no month {month}"
    if year < 1:
        return "is not a real date: there is no year 0"
    return f"is not a real date: {MONTH_NAMES[month - 1]} {year} has no day {day}"


def parse_yes_no(value: Any) -> bool:
    """`yes`/`no` (or `true`/`false`), in any case."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = value.strip().casefold()
        if word in YES_WORDS:
            return True
        if word in NO_WORDS:
            return False
    raise ValueError("expected yes or no")


def check_ident(value: str) -> str:
    """A short identifier: letters, digits, `_`, `.`, `-`; no spaces (so no names)."""
    if not IDENT_PATTERN.match(value):
        raise ValueError(
            "expected an identifier of letters, digits, '-', '_' or '.', "
            "starting with a letter or digit, at most 60 characters, no spaces"
        )
    return value


def check_text(value: str) -> str:
    """Non-blank text."""
    if not value.strip():
        raise ValueError("is blank")
    return value


Date = Annotated[date, BeforeValidator(parse_date)]
YesNo = Annotated[bool, BeforeValidator(parse_yes_no)]
Ident = Annotated[str, AfterValidator(check_ident)]
Text = Annotated[str, AfterValidator(check_text)]


# --- errors --------------------------------------------------------------------------


M = TypeVar("M", bound=BaseModel)


def validate_model(
    model: type[M], document: Document, context: dict[str, Any] | None = None
) -> tuple[M | None, list[Problem]]:
    """Validate a document's data as `model`; every error becomes a located problem."""
    try:
        return model.model_validate(document.data, context=context), []
    except ValidationError as error:
        return None, [
            error_problem(model, document, item)
            for item in error.errors(include_input=False, include_url=False)
        ]


def error_problem(model: type[BaseModel], document: Document, item: Any) -> Problem:
    """One Pydantic error as a problem at the right line, in plain words."""
    loc: Loc = tuple(item["loc"])
    kind, message = item["type"], str(item["msg"])
    if kind == "missing":
        at = loc if document.sheet is not None and loc in document.sheet else loc[:-1]
        return document.problem(at, "S302", f"{where(loc[:-1])}'{loc[-1]}' is missing")
    if kind == "extra_forbidden":
        name = str(loc[-1])
        allowed = field_names(model, loc[:-1])
        text = f"{where(loc[:-1])}unknown field {quote_key(name)}{did_you_mean(name, allowed)}"
        return document.key_problem(loc, "S303", text)
    value = value_at(document.data, loc)
    return document.problem(loc, "S304", f"{where(loc)}{plain_message(kind, message, value)}")


def plain_message(kind: str, message: str, value: Any) -> str:
    """Pydantic's message reworded for a person filling a form."""
    if value is None:
        return "is empty" + ("" if kind == "string_type" else "; " + reword(message))
    shape = describe_shape(value)
    if kind in {"dict_type", "model_type", "model_attributes_type"}:
        return f"expected a mapping of 'key: value' lines, found {shape}"
    if kind == "list_type":
        return f"expected a list ('- item' lines), found {shape}"
    if kind == "string_type":
        return f"expected text, found {shape}"
    return reword(message)


def reword(message: str) -> str:
    """Pydantic's wording made plain; the shape of an empty value left out."""
    message = message.removeprefix("Value error, ").removesuffix(", found nothing")
    return message.replace("Input should be", "expected").replace("input", "value")


def where(loc: Loc) -> str:
    """`answers.A1: ` style prefix naming the place in the form."""
    parts = [str(part + 1) if isinstance(part, int) else str(part) for part in loc]
    return ".".join(parts) + ": " if parts else ""


def value_at(data: Any, loc: Loc) -> Any:
    """The raw value at `loc`, or None when the path does not lead anywhere."""
    for part in loc:
        if isinstance(data, dict) and isinstance(part, str):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data


def field_names(model: type[BaseModel], loc: Loc) -> list[str]:
    """The keys allowed at `loc` inside `model`, for did-you-mean suggestions."""
    current: Any = model
    for part in loc:
        current = step_into(current, part)
        if current is None:
            return []
    current = unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [field.alias or name for name, field in current.model_fields.items()]
    return []


def step_into(annotation: Any, part: str | int) -> Any:
    """The annotation one step down a location path."""
    annotation = unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        for name, field in annotation.model_fields.items():
            if part in (name, field.alias):
                return field.annotation
        return None
    origin = get_origin(annotation)
    if origin in (list, dict):
        return get_args(annotation)[-1]
    return None


def unwrap(annotation: Any) -> Any:
    """Strip Optional and Annotated wrappers."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            options = [a for a in get_args(annotation) if a is not type(None)]
            annotation = options[0] if len(options) == 1 else annotation
            if len(options) != 1:
                return annotation
        else:
            return annotation


__all__ = [
    "Date",
    "Ident",
    "StrictModel",
    "Text",
    "YesNo",
    "parse_date",
    "parse_yes_no",
    "validate_model",
]


class Reviewed(StrictModel):
    """A possible identifier a person looked at and judged acceptable (a public name)."""

    text: Text
    reason: Text
