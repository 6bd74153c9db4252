"""One description of a form: each model field's `FieldSpec`, walked in order.

A form model (forms.CaseForm, forms.AgencyAssessment) marks every field that appears on
the form with a `FieldSpec` in its `Annotated` type. The JSON Schema, the blank YAML form,
the Excel form and the Excel reader all walk `form_fields(model)` and write or read what
the specs say, so a field added to a model with its spec appears in all of them. A field
with no spec (`privacy_reviewed`) is not on the form.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal, get_args, get_origin

from annotated_types import MaxLen, MinLen
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from fatheraudit.models import unwrap

Kind = Literal[
    "id",  # the form's own id, filled in when the form is made
    "tool",  # the tool's id
    "version",  # the tool's version
    "ident",  # another identifier (a child's ref)
    "text",
    "date",
    "term",  # an id from a controlled list (`vocabulary`)
    "yes_no",
    "concern",  # a level of concern
    "count",  # a whole number
    "age",
    "sex",
    "themes",  # the tool's theme ids
    "answers",  # the answers to the tool's questions
    "block",  # a mapping of fields (a nested model), or a list of them
]


@dataclass(frozen=True)
class FieldSpec:
    """How one field is shown on a form, beside its Pydantic type.

    Excel (workbook.place_of): a field with a `label` and no `sheet` is a row of the
    details sheet. A field with a `sheet`: a list of blocks is a table of `rows` rows on it,
    another list a tick list headed `label`; a single value is a row labelled `label` of
    the learning sheet (`sheet` is then forms.LEARNING_SHEET).
    """

    kind: Kind
    vocabulary: str = ""
    """The list its values come from: a tool's controlled list, or a fixed one
    (forms.FIXED_CHOICES)."""
    label: str = ""
    help: str = ""
    sheet: str = ""
    rows: int = 0
    note: str = ""
    """The blank YAML form's comment after the key."""
    comment: tuple[str, ...] = ()
    """The blank YAML form's comment paragraphs above the key."""
    gap: bool = False
    """A blank line before the key in the YAML form."""
    blank: bool = True
    """Written in the blank YAML form (a child's optional ref is not)."""
    describe: str = ""
    """The JSON Schema's hover text."""
    listed: str = ""
    """A CSV case list's name for it (`child ages`); a case list gives only such fields."""
    headings: tuple[str, ...] = ()
    """Other headings a CSV case list may give it under."""


@dataclass(frozen=True)
class FormField:
    """A described field in its place on the form."""

    path: tuple[str, ...]
    spec: FieldSpec
    info: FieldInfo
    many: bool
    """The value is a list."""
    block: type[BaseModel] | None
    """The model of the block (or of each list item), for a field of kind `block`."""

    @property
    def key(self) -> str:
        """Its key in its block (`harm`)."""
        return self.path[-1]

    @property
    def dotted(self) -> str:
        """Its dotted key in the form (`characteristics.harm`)."""
        return ".".join(self.path)

    @property
    def required(self) -> bool:
        """The model requires it."""
        return self.info.is_required()

    @property
    def fields(self) -> "list[FormField]":
        """The fields of its block (none for a single value)."""
        return form_fields(self.block, self.path) if self.block is not None else []

    @property
    def min_length(self) -> int | None:
        """The fewest characters (or list items) the model allows, if it says."""
        return next((m.min_length for m in self.info.metadata if isinstance(m, MinLen)), None)

    @property
    def max_length(self) -> int | None:
        """The most characters (or list items) the model allows, if it says."""
        return next((m.max_length for m in self.info.metadata if isinstance(m, MaxLen)), None)


def spec_of(info: FieldInfo) -> FieldSpec | None:
    """A model field's spec, or None when the field is not on the form."""
    return next((m for m in info.metadata if isinstance(m, FieldSpec)), None)


def shape(annotation: Any) -> tuple[bool, type[BaseModel] | None]:
    """Whether a field holds a list, and the model of its block (or of each item)."""
    value = unwrap(annotation)
    many = get_origin(value) is list
    if many:
        value = unwrap(get_args(value)[0])
    block = value if isinstance(value, type) and issubclass(value, BaseModel) else None
    return many, block


def form_fields(model: type[BaseModel], path: tuple[str, ...] = ()) -> list[FormField]:
    """The described fields of `model`, in the model's order."""
    found = []
    for name, info in model.model_fields.items():
        spec = spec_of(info)
        if spec is not None:
            many, block = shape(info.annotation)
            found.append(FormField((*path, name), spec, info, many, block))
    return found


def every_field(model: type[BaseModel]) -> Iterator[FormField]:
    """Every described field, blocks before their fields, depth first."""
    for field in form_fields(model):
        yield field
        yield from walk_block(field)


def walk_block(field: FormField) -> Iterator[FormField]:
    """The fields inside a block field, depth first."""
    for inner in field.fields:
        yield inner
        yield from walk_block(inner)
