"""Audit tools: the questions, their answer scales, themes and controlled lists.

A tool is a YAML file (see `audit_tools/`). It is loaded with the strict loader,
validated as a Pydantic model, then checked as a whole (ids unique, references
known, conditions pointing backwards) with the same located problems as forms.
When the model refuses only numbers, the whole-tool checks still run (on a copy with
those numbers set to 0), so one run reports both kinds of problem.
Several versions of one tool can sit side by side; a form names the one it used.

The bundled tools are read the quick way when their bytes are those `VERIFIED` lists (a
file tests/test_tools.py keeps current): the strict loader and the whole-tool checks found
nothing in exactly those bytes, so only the model is built. A bundled file changed since
is read like any other, every problem located.
"""

import copy
import hashlib
import math
import re
import stat
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, ValidationError

from fatheraudit.loader import (
    YAML_SUFFIXES,
    ZERO_WIDTH,
    Document,
    Loc,
    load_yaml,
    read_trusted,
)
from fatheraudit.models import (
    Ident,
    StrictModel,
    Text,
    step_into,
    unwrap,
    validate_model,
    value_at,
)
from fatheraudit.problems import Problem, did_you_mean, one_of, problem, sort_problems

TOOLS_ENV = "FATHERAUDIT_TOOLS"
VERIFIED = "SHA256SUMS"  # in the bundled tools folder: `sha256sum */*.yaml` of files checked
ZERO_WIDTH_DROPPED = dict.fromkeys(map(ord, ZERO_WIDTH))
CASE_VOCABULARIES = (
    "harm",
    "intervention_level",
    "legal_status",
    "agency",
    "relationship",
    "parental_responsibility",
)


def check_finite(value: float) -> float:
    """Points and weights must be ordinary non-negative numbers."""
    if not math.isfinite(value) or value < 0:
        raise ValueError("expected a finite number, zero or more")
    return value


Amount = Annotated[float, AfterValidator(check_finite)]


def normalise(text: str) -> str:
    """How typed answers are compared: case-folded, spaces (and NBSP) trimmed,
    zero-width characters dropped."""
    visible = text.translate(ZERO_WIDTH_DROPPED)
    return " ".join(visible.replace("\u00a0", " ").split()).casefold()


class Option(StrictModel):
    """One allowed answer on a choice scale."""

    value: Text
    label: str = ""
    points: Amount | None = None
    excluded: bool = False
    aliases: list[Text] = []

    @property
    def shown(self) -> str:
        """The label, or the value when there is none."""
        return self.label or self.value


@dataclass(frozen=True, slots=True)
class Choice:
    """The option a choice answer picked, and the most points an answer on its scale earns."""

    option: Option
    best: float

    @property
    def points(self) -> float | None:
        """The points the option declares (None when it declares none)."""
        return self.option.points

    @property
    def full(self) -> bool:
        """True when the option earns the most points an answer could."""
        return (self.points or 0.0) >= self.best


class Scale(StrictModel):
    """A kind of answer, defined once and referenced by name."""

    kind: Literal["choice", "multiple", "text", "date", "number"]
    label: str = ""
    options: list[Option] = []
    minimum: float | None = Field(default=None, alias="min")
    maximum: float | None = Field(default=None, alias="max")

    @property
    def scored(self) -> bool:
        """True when some answer on this scale earns points."""
        return self.kind == "choice" and self.max_points > 0

    @property
    def values(self) -> list[str]:
        """The canonical option values, in order."""
        return [o.value for o in self.options]

    @cached_property
    def lookup(self) -> dict[str, Option]:
        """Every spelling of every option (value or alias, normalised), to its option."""
        found: dict[str, Option] = {}
        for option in self.options:
            for typed in (option.value, *option.aliases):
                found.setdefault(normalise(typed), option)
        return found

    @cached_property
    def choices(self) -> dict[str, Choice]:
        """Each option's value to its choice, made once so that answers share them."""
        return {option.value: Choice(option, self.max_points) for option in self.options}

    @cached_property
    def max_points(self) -> float:
        """The most points one answer can earn."""
        return max((o.points or 0.0 for o in self.options if not o.excluded), default=0.0)

    def option(self, typed: str) -> Option | None:
        """The option a typed answer means (value or alias, any case), if any; an answer
        written as a spelling already normalised ('yes') is found as it is (normalise
        leaves it unchanged)."""
        found = self.lookup.get(typed)
        return found if found is not None else self.lookup.get(normalise(typed))


class Condition(StrictModel):
    """Ask a question only when an earlier question's answer is one of `values`."""

    question: Ident
    values: list[Text] = Field(alias="in", min_length=1)

    def matches(self, value: object) -> bool:
        """True when an answer's value is one of `values`, compared as typed answers are."""
        return isinstance(value, str) and normalise(value) in {normalise(v) for v in self.values}


class Question(StrictModel):
    """One question of a tool."""

    id: Ident
    text: Text
    guidance: str = ""
    scale: Ident
    required: bool = True
    weight: Amount = 1.0
    themes: list[Ident] = []
    source: Ident | None = None
    point: int | None = Field(default=None, ge=1)  # the numbered point of `source` it tests
    when: Condition | None = None


class Section(StrictModel):
    """A titled group of questions."""

    id: Ident
    title: Text
    description: str = ""
    questions: list[Question] = Field(min_length=1)


class SourcePoint(StrictModel):
    """One numbered point of a source (a practice briefing's ten points)."""

    number: int = Field(ge=1)
    label: Text


class Source(StrictModel):
    """Something the questions rest on (a review, a briefing), with its numbered points."""

    id: Ident
    title: Text
    points: list[SourcePoint] = []


class Theme(StrictModel):
    """An enabler or barrier auditors tag a case with, perhaps under a heading."""

    id: Ident
    kind: Literal["enabler", "barrier"]
    label: Text
    description: str = ""
    group: Ident | None = None


class ThemeGroup(StrictModel):
    """A heading enablers or barriers are grouped under in reports."""

    id: Ident
    kind: Literal["enabler", "barrier"]
    label: Text


class Term(StrictModel):
    """One entry of a controlled list."""

    id: Ident
    label: Text


class Band(StrictModel):
    """A grade given to cases scoring at least `minimum` per cent."""

    id: Ident
    label: Text
    minimum: Amount = Field(alias="min")


class Grading(StrictModel):
    """How cases are graded: not at all, by score bands, or by the auditor's judgement."""

    kind: Literal["none", "bands", "judgement"] = "none"
    bands: list[Band] = []
    question: Ident | None = None


class Tool(StrictModel):
    """An audit tool: sections of questions on named scales."""

    id: Ident
    version: Text
    scope: Literal["case", "agency"]
    title: Text
    description: str = ""
    sources: list[Source] = []
    scales: dict[Ident, Scale]
    vocabularies: dict[Ident, list[Term]] = {}
    themes: list[Theme] = []
    theme_groups: list[ThemeGroup] = []
    grading: Grading = Grading()
    escalation: Condition | None = None
    sections: list[Section] = Field(min_length=1)

    @property
    def key(self) -> str:
        """`id version`, how people name a tool."""
        return f"{self.id} {self.version}"

    def questions(self) -> Iterator[Question]:
        """Every question, in the order of the tool."""
        for section in self.sections:
            yield from section.questions

    @cached_property
    def by_id(self) -> dict[str, Question]:
        """Questions by id (computed once)."""
        return {q.id: q for q in self.questions()}

    @cached_property
    def choices(self) -> dict[str, dict[str, Choice]]:
        """Each question's choices by option value (see Scale.choices), by question id."""
        return {q.id: self.scale_of(q).choices for q in self.questions()}

    def question_map(self) -> dict[str, Question]:
        """Questions by id."""
        return self.by_id

    def scale_of(self, question: Question) -> Scale:
        """The scale a question is answered on (checked to exist when loaded)."""
        return self.scales[question.scale]

    def theme_map(self) -> dict[str, Theme]:
        """Themes by id (not to be changed: made once, as every form's themes are checked
        against it)."""
        return self.themes_by_id

    @cached_property
    def themes_by_id(self) -> dict[str, Theme]:
        """Themes by id (computed once)."""
        return {t.id: t for t in self.themes}

    def group_order(self, kind: str) -> list[str]:
        """The headings of one kind of theme, in the tool's order, then '' for the rest."""
        return [g.label for g in self.theme_groups if g.kind == kind] + [""]

    def terms(self, vocabulary: str) -> dict[str, Term]:
        """A controlled list by id, empty when the tool has none of that name (not to be
        changed: made once, as every form's fields are checked against it)."""
        return self.terms_by_list.get(vocabulary) or {}

    @cached_property
    def terms_by_list(self) -> dict[str, dict[str, Term]]:
        """Each controlled list by id (computed once)."""
        return {name: {t.id: t for t in terms} for name, terms in self.vocabularies.items()}


# --- whole-tool checks ------------------------------------------------------------------


def check_tool(tool: Tool, document: Document, zeroed: Sequence[Loc] = ()) -> list[Problem]:
    """Problems no single field shows: duplicates, dangling references, bad conditions.

    `zeroed` are the places of refused numbers set to 0 in `tool`; the checks that read
    such numbers (scoring, grading bands) are left out, as the 0 would mislead them.
    """
    problems = check_unique(tool, document)
    problems += check_vocabularies(tool, document)
    seen: dict[str, Question] = {}
    for s_index, section in enumerate(tool.sections):
        for q_index, question in enumerate(section.questions):
            loc = ("sections", s_index, "questions", q_index)
            problems += check_question(tool, question, seen, document, loc)
            seen[question.id] = question
    if not any(loc[-1] in {"points", "weight"} for loc in zeroed):
        problems += check_scoring(tool, document)
    if not any(loc[0] == "grading" for loc in zeroed):
        problems += check_bands(tool, document)
    problems += check_judgement(tool, document)
    problems += check_theme_groups(tool, document)
    if tool.escalation is not None:
        every = tool.question_map()
        problems += check_condition(tool, tool.escalation, every, document, ("escalation",))
    return problems


def check_theme_groups(tool: Tool, document: Document) -> list[Problem]:
    """Each theme's group is a heading the tool declares, for the same kind of theme."""
    groups = {g.id: g for g in tool.theme_groups}
    problems = []
    for index, theme in enumerate(tool.themes):
        if theme.group is None:
            continue
        group = groups.get(theme.group)
        if group is None:
            hint = did_you_mean(theme.group, groups)
            message = f"unknown theme group '{theme.group}'{hint}"
        elif group.kind != theme.kind:
            message = f"theme group '{group.id}' holds {group.kind}s; this theme is a {theme.kind}"
        else:
            continue
        problems.append(document.problem(("themes", index, "group"), "T613", message))
    return problems


def check_bands(tool: Tool, document: Document) -> list[Problem]:
    """Bands run from the highest threshold down to 0."""
    grading = tool.grading
    if grading.kind == "bands":
        minimums = [band.minimum for band in grading.bands]
        if not minimums or minimums != sorted(minimums, reverse=True) or minimums[-1] != 0:
            message = "bands must be listed from the highest 'min' down to a last band of min 0"
        elif minimums[0] > 100 or len(set(minimums)) != len(minimums):
            message = "band thresholds must be different percentages, at most 100"
        else:
            return []
        return [document.problem(("grading", "bands"), "T612", message)]
    return []


def check_judgement(tool: Tool, document: Document) -> list[Problem]:
    """A judgement grading names a choice question."""
    grading = tool.grading
    if grading.kind == "judgement":
        question = tool.question_map().get(grading.question or "")
        if question is None or tool.scales.get(question.scale, Scale(kind="text")).kind != "choice":
            return [
                document.problem(
                    ("grading",), "T612", "a judgement grading must name a choice question"
                )
            ]
    return []


def check_scoring(tool: Tool, document: Document) -> list[Problem]:
    """A tool must be able to produce a score: some question with points and weight."""
    scored = [q for q in tool.questions() if q.scale in tool.scales and tool.scale_of(q).scored]
    if not scored:
        message = "no question can earn points, so no case could ever be scored"
    elif not any(q.weight > 0 for q in scored):
        message = "every question that earns points has weight 0, so no score is possible"
    else:
        return []
    return [document.problem(("sections",), "T608", message)]


def check_unique(tool: Tool, document: Document) -> list[Problem]:
    """Section, question, theme and option ids each used once."""
    problems: list[Problem] = []
    groups: list[tuple[str, list[tuple[tuple[str | int, ...], str]]]] = [
        ("section", [(("sections", i, "id"), s.id) for i, s in enumerate(tool.sections)]),
        (
            "question",
            [
                (("sections", i, "questions", j, "id"), q.id)
                for i, s in enumerate(tool.sections)
                for j, q in enumerate(s.questions)
            ],
        ),
        ("theme", [(("themes", i, "id"), t.id) for i, t in enumerate(tool.themes)]),
    ]
    for name, scale in tool.scales.items():
        groups.append(
            (
                f"option of scale '{name}'",
                [
                    (("scales", name, "options", i, "value"), typed)
                    for i, option in enumerate(scale.options)
                    for typed in (option.value, *option.aliases)
                ],
            )
        )
    for what, entries in groups:
        problems += duplicates(what, entries, document)
    return problems


def duplicates(
    what: str, entries: list[tuple[tuple[str | int, ...], str]], document: Document
) -> list[Problem]:
    """A problem for each id already used earlier in `entries`."""
    first: dict[str, int] = {}
    found = []
    for loc, ident in entries:
        key = ident.casefold()
        if key in first:
            found.append(
                document.problem(
                    loc,
                    "T601",
                    f"{what} id '{ident}' is used twice (first on line {first[key]})",
                )
            )
        else:
            first[key] = document.mark(loc).line
    return found


def check_vocabularies(tool: Tool, document: Document) -> list[Problem]:
    """A case tool needs every controlled list a case form uses; choice scales need options."""
    problems = []
    if tool.scope == "case":
        for name in CASE_VOCABULARIES:
            if not tool.vocabularies.get(name):
                problems.append(
                    document.problem(
                        ("vocabularies",), "T607", f"a case tool needs the controlled list '{name}'"
                    )
                )
    for name, scale in tool.scales.items():
        if scale.kind in {"choice", "multiple"} and not scale.options:
            problems.append(
                document.problem(("scales", name), "T609", f"scale '{name}' lists no options")
            )
    return problems


def check_question(
    tool: Tool,
    question: Question,
    earlier: dict[str, Question],
    document: Document,
    loc: tuple[str | int, ...],
) -> list[Problem]:
    """A question's scale, themes, source and condition all point at real things."""
    problems = []
    if question.scale not in tool.scales:
        hint = did_you_mean(question.scale, tool.scales)
        problems.append(
            document.problem((*loc, "scale"), "T602", f"unknown scale '{question.scale}'{hint}")
        )
    themes = tool.theme_map()
    for index, theme in enumerate(question.themes):
        if theme not in themes:
            problems.append(
                document.problem(
                    (*loc, "themes", index),
                    "T603",
                    f"unknown theme '{theme}'{did_you_mean(theme, themes)}",
                )
            )
    sources = {s.id: s for s in tool.sources}
    if question.source is not None and question.source not in sources:
        problems.append(
            document.problem((*loc, "source"), "T604", f"unknown source '{question.source}'")
        )
    if question.point is not None:
        source = sources.get(question.source or "")
        numbers = [p.number for p in source.points] if source else []
        if question.point not in numbers:
            named = f"source '{question.source}'" if question.source else "no source"
            listed = ", ".join(map(str, numbers)) or "none"
            problems.append(
                document.problem(
                    (*loc, "point"),
                    "T614",
                    f"point {question.point} is not a numbered point of {named} "
                    f"(its points: {listed})",
                )
            )
    if question.when is not None:
        problems += check_condition(tool, question.when, earlier, document, (*loc, "when"))
    return problems


def check_condition(
    tool: Tool,
    condition: Condition,
    earlier: dict[str, Question],
    document: Document,
    loc: tuple[str | int, ...],
) -> list[Problem]:
    """A condition names an earlier choice question and values on its scale."""
    target = earlier.get(condition.question)
    if target is None:
        return [
            document.problem(
                (*loc, "question"),
                "T605",
                f"the condition must name an earlier question; '{condition.question}' is not one",
            )
        ]
    scale = tool.scales.get(target.scale)
    if scale is None:
        return []
    if scale.kind != "choice":
        return [
            document.problem(
                (*loc, "question"), "T605", "a condition can only test a choice question"
            )
        ]
    return [
        document.problem(
            (*loc, "in", index),
            "T606",
            f"'{value}' is not an answer to {target.id}; expected {one_of(scale.values)}",
        )
        for index, value in enumerate(condition.values)
        if scale.option(value) is None
    ]


# --- finding and loading tools -----------------------------------------------------------


def bundled_dir(name: str) -> Path:
    """A folder shipped with the package (`audit_tools`, `templates`).

    Installed, it sits inside the package; in a source checkout, at the top level.
    """
    packaged = Path(str(resources.files("fatheraudit"))) / "_bundled" / name
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / name


def tool_dirs(extra: Iterable[Path] = ()) -> list[Path]:
    """Where tools are looked for: the bundled folder, then `extra` (the CLI adds the
    folders named by `TOOLS_ENV`)."""
    return [bundled_dir("audit_tools"), *extra]


@dataclass
class Registry:
    """Every tool found, by id and version, and the problems met loading them."""

    tools: dict[tuple[str, str], Tool] = field(default_factory=dict)
    origins: dict[tuple[str, str], Path] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def find(self, tool_id: str, version: str) -> Tool | None:
        """The tool of that id and version, if installed."""
        return self.tools.get((tool_id, version))

    def versions(self, tool_id: str) -> list[str]:
        """Installed versions of a tool, oldest first."""
        return sorted((v for i, v in self.tools if i == tool_id), key=version_key)

    def latest(self, tool_id: str) -> Tool | None:
        """The newest installed version of a tool."""
        versions = self.versions(tool_id)
        return self.tools[(tool_id, versions[-1])] if versions else None

    def words(self) -> set[str]:
        """Every word of every installed tool's text: roles, services, ordinary words."""
        found: set[str] = set()
        for tool in self.tools.values():
            found |= tool_words(tool)
        return found

    def ids(self) -> list[str]:
        """Installed tool ids."""
        return sorted({i for i, _ in self.tools})

    def add(self, tool: Tool, path: Path) -> None:
        """Install a tool; the same id and version twice is a problem."""
        key = (tool.id, tool.version)
        if key in self.tools:
            self.problems.append(
                problem(
                    path,
                    "T610",
                    f"tool {tool.key} is already defined in {self.origins[key]}; "
                    "give one of them a new version",
                )
            )
            return
        self.tools[key], self.origins[key] = tool, path


def tool_words(tool: Tool) -> set[str]:
    """The lower-cased words of a tool's titles, questions, guidance and labels (not the
    authors a source's title cites in brackets: 'Counting Fathers In (Brandon, ...)')."""
    cited = [re.sub(r"\([^)]*\)", " ", s.title) for s in tool.sources]
    texts = [tool.title, tool.description, *cited]
    for section in tool.sections:
        texts += [section.title, section.description]
        texts += [t for q in section.questions for t in (q.text, q.guidance)]
    texts += [term.label for terms in tool.vocabularies.values() for term in terms]
    texts += [f"{t.label} {t.description}" for t in tool.themes]
    texts += [o.shown for scale in tool.scales.values() for o in scale.options]
    return {w.casefold() for text in texts for w in re.findall(r"[A-Za-z][A-Za-z'-]*", text)}


def version_key(version: str) -> tuple[tuple[int, str], ...]:
    """Sort `1.10` after `1.9`."""
    return tuple((int(p), "") if p.isdigit() else (-1, p) for p in version.split("."))


def load_tool(path: Path) -> tuple[Tool | None, list[Problem]]:
    """Load and check one tool file."""
    loaded = load_yaml(path)
    if loaded.document is None:
        return None, loaded.problems
    tool, problems = validate_model(Tool, loaded.document)
    if tool is not None:
        problems += check_tool(tool, loaded.document)
    else:
        problems += check_despite_numbers(loaded.document)
    problems = sort_problems(loaded.problems + problems)
    return (tool if not any(p.is_error for p in problems) else None), problems


def check_despite_numbers(document: Document) -> list[Problem]:
    """The whole-tool checks of a tool the model refused only for its numbers.

    They run on a copy with each refused (or missing) number set to 0; when the model
    refused anything else, they wait for the next run ([]).
    """
    zeroed = refused_numbers(document.data)
    if not zeroed:
        return []
    data = copy.deepcopy(document.data)
    for loc in zeroed:
        parent = value_at(data, loc[:-1])
        if not isinstance(parent, dict):
            return []
        parent[loc[-1]] = 0
    try:
        tool = Tool.model_validate(data)
    except ValidationError:
        return []
    return check_tool(tool, document, zeroed)


def refused_numbers(data: Any) -> list[Loc]:
    """Where the model refuses a tool's numbers; [] when it refuses anything else too."""
    try:
        Tool.model_validate(data)
    except ValidationError as error:
        places = [
            tuple(item["loc"]) for item in error.errors(include_input=False, include_url=False)
        ]
        return places if all(is_number_field(loc) for loc in places) else []
    return []


def is_number_field(loc: Loc) -> bool:
    """True when `loc` names a number field of a tool (points, weight, min, max)."""
    annotation: Any = Tool
    for part in loc:
        annotation = step_into(annotation, part)
        if annotation is None:
            return False
    return unwrap(annotation) is float


def load_registry(dirs: Iterable[Path]) -> Registry:
    """Every tool file under the given folders (missing folders are a problem)."""
    registry = Registry()
    bundled = bundled_dir("audit_tools")
    for folder in dirs:
        if not folder.is_dir():
            registry.problems.append(problem(folder, "T611", "tools folder not found"))
            continue
        verified = verified_digests(folder) if folder == bundled else {}
        for path in sorted(p for p in folder.rglob("*") if p.suffix.lower() in YAML_SUFFIXES):
            digest = verified.get(path.relative_to(folder).as_posix())
            tool = None if digest is None else load_verified_tool(path, digest)
            tool, problems = (tool, []) if tool is not None else load_tool(path)
            registry.problems += problems
            if tool is not None:
                registry.add(tool, path)
    return registry


def verified_digests(folder: Path) -> dict[str, str]:
    """The SHA-256 of each tool file of `folder` found clean, by path inside the folder
    (`sha256sum` lines); none when the folder has no such list."""
    try:
        lines = (folder / VERIFIED).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return {}
    pairs = (line.split(maxsplit=1) for line in lines)
    return {name.lstrip("*"): digest for digest, name in (p for p in pairs if len(p) == 2)}


def load_verified_tool(path: Path, digest: str) -> Tool | None:
    """The tool of a bundled file whose bytes are still those found clean (see `VERIFIED`),
    read without the strict loader's checks, which found nothing in them; None when the
    bytes differ or anything is amiss, and the file is to be read the strict way."""
    try:
        if not stat.S_ISREG(path.lstat().st_mode):  # a link: the strict loader judges it
            return None
        raw = path.read_bytes()
        if hashlib.sha256(raw).hexdigest() != digest:
            return None
        data = read_trusted(raw.decode("utf-8"))
        return None if data is None else Tool.model_validate(data)
    except (OSError, UnicodeError, ValidationError, TypeError):
        return None
