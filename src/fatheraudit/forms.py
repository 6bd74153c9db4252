"""Case forms: one completed audit of one case, checked against the tool it names.

Checking runs in two passes that both always run, so every problem in a file is
reported: the Pydantic model checks the shape and the controlled lists; the
answer pass checks each answer against its question's scale, condition and
requirement. "Not answered", "not applicable" and "no" stay three things.

The models are also the form's one description: each field on the form carries a
`FieldSpec` (form_fields.py) that the JSON Schema, the blank YAML and Excel forms, the
Excel reader and the case-list reader follow. `FORM_MODELS` names each scope's model.
"""

import math
import re
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal, NamedTuple, get_args

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    ValidationError,
    ValidationInfo,
    model_validator,
)

from fatheraudit.form_fields import FieldSpec, Kind
from fatheraudit.loader import Document, describe_shape
from fatheraudit.models import (
    Date,
    Ident,
    Reviewed,
    StrictModel,
    Text,
    YesNo,
    error_problem,
    parse_date,
    validate_model,
)
from fatheraudit.problems import Problem, did_you_mean, one_of, quote_key, sort_problems
from fatheraudit.tools import Choice, Question, Registry, Scale, Tool, normalise

AGE_PATTERN = re.compile(
    r"^(?:(?P<years>\d{1,2})\s*(?:y|yr|yrs|year|years)?"
    r"(?:\s*,?\s*(?:and\s+)?(?P<extra>\d{1,2})\s*(?:m|mo|months?))?"
    r"|(?P<months>\d{1,3})\s*(?:m|mo|months?)"
    r"|(?P<weeks>\d{1,2})\s*(?:w|wk|weeks?))$",
    re.IGNORECASE,
)


# --- the pieces of a form ----------------------------------------------------------------


def parse_age_months(value: Any) -> int:
    """Age in whole months from `15`, `15 years`, `6 months`, `1 year 3 months` or `unborn`.

    An unborn child is -1 month. Ages of 18 years or more are refused: these are children.
    """
    if not isinstance(value, str):
        raise ValueError(
            f"expected an age such as '6 months' or '15', found {describe_shape(value)}"
        )
    text = value.strip().casefold()
    if text in {"unborn", "pre-birth", "prebirth"}:
        return -1
    match = AGE_PATTERN.match(text)
    if match is None:
        raise ValueError("expected an age such as '15', '15 years', '6 months' or 'unborn'")
    if match["weeks"] is not None:
        months = int(match["weeks"]) * 12 // 52
    elif match["months"] is not None:
        months = int(match["months"])
    else:
        months = int(match["years"]) * 12 + int(match["extra"] or 0)
    if months >= 18 * 12:
        raise ValueError("a child's age must be under 18 years")
    return months


def in_vocabulary(name: str) -> AfterValidator:
    """A validator: the value must be an id of the tool's controlled list `name`."""

    def check(value: str, info: ValidationInfo) -> str:
        tool = (info.context or {}).get("tool")
        if isinstance(tool, Tool):
            terms = tool.terms(name)
            if value not in terms:
                hint = did_you_mean(value, terms) or f"; see 'fatheraudit tools show {tool.id}'"
                raise ValueError(f"not on the list '{name}'{hint}")
        return value

    return AfterValidator(check)


def in_themes(value: str, info: ValidationInfo) -> str:
    """The value must be one of the tool's theme ids."""
    tool = (info.context or {}).get("tool")
    if isinstance(tool, Tool) and value not in tool.theme_map():
        raise ValueError(f"not a theme of this tool{did_you_mean(value, tool.theme_map())}")
    return value


def lower(value: Any) -> Any:
    """Case-fold text so `Female` is `female`."""
    return value.strip().casefold() if isinstance(value, str) else value


AgeMonths = Annotated[int, BeforeValidator(parse_age_months)]
Harm = Annotated[str, in_vocabulary("harm")]
Level = Annotated[str, in_vocabulary("intervention_level")]
LegalStatus = Annotated[str, in_vocabulary("legal_status")]
Agency = Annotated[str, in_vocabulary("agency")]
Relationship = Annotated[str, in_vocabulary("relationship")]
ParentalResponsibility = Annotated[str, in_vocabulary("parental_responsibility")]
ThemeId = Annotated[str, AfterValidator(in_themes)]
SexValue = Literal["female", "male", "unknown"]
Sex = Annotated[SexValue, BeforeValidator(lower)]
Role = Annotated[str, Field(min_length=1, max_length=120)]
ConcernLevel = Literal[
    "universal", "early-help", "child-in-need", "child-protection", "looked-after"
]
CONCERN_ORDER: tuple[ConcernLevel, ...] = (
    "universal",
    "early-help",
    "child-in-need",
    "child-protection",
    "looked-after",
)
FIXED_CHOICES: dict[str, tuple[str, ...]] = {
    "yes_no": ("yes", "no"),
    "concern_level": CONCERN_ORDER,
    "sex": get_args(SexValue),
}
"""The lists a form's fields draw on that are fixed, not the tool's."""
LEARNING_SHEET = "Learning"


def choices(tool: Tool, vocabulary: str) -> list[str]:
    """The values a field on the list `vocabulary` may take: a fixed list, the tool's
    themes, or one of the tool's controlled lists."""
    if vocabulary in FIXED_CHOICES:
        return list(FIXED_CHOICES[vocabulary])
    if vocabulary == "themes":
        return [t.id for t in tool.themes]
    return [t.id for t in tool.vocabularies.get(vocabulary, [])]


class Child(StrictModel):
    """One child in the case, by age and sex only (never a name)."""

    ref: Annotated[Ident | None, FieldSpec("ident", blank=False)] = None
    age: Annotated[
        AgeMonths,
        FieldSpec(
            "age",
            describe="Age at the time audited: '15', '15 years', '6 months' or 'unborn'.",
            listed="child ages",
            headings=(
                "child ages",
                "child age",
                "children ages",
                "children s ages",
                "ages of children",
                "age of child",
                "ages",
            ),
        ),
    ]
    sex: Annotated[
        Sex,
        FieldSpec(
            "sex",
            "sex",
            note="female | male | unknown",
            listed="child sexes",
            headings=(
                "child sexes",
                "child sex",
                "children sexes",
                "children s sexes",
                "sex of child",
                "sexes",
            ),
        ),
    ]


class MaleCarer(StrictModel):
    """A man in the child's life, by relationship (never a name)."""

    relationship: Annotated[
        Relationship,
        FieldSpec(
            "term",
            "relationship",
            listed="male carers",
            headings=(
                "male carers",
                "male carer",
                "male carer relationship",
                "male carer relationships",
            ),
        ),
    ]
    parental_responsibility: Annotated[
        ParentalResponsibility,
        FieldSpec(
            "term",
            "parental_responsibility",
            listed="parental responsibility",
            headings=("male carer parental responsibility", "pr"),
        ),
    ]
    lives_with_child: Annotated[
        YesNo | None,
        FieldSpec(
            "yes_no",
            "yes_no",
            note="yes | no",
            listed="lives with child",
            headings=("lives with the child", "male carer lives with child"),
        ),
    ] = None


class Characteristics(StrictModel):
    """What the case is: its children, harms, level of intervention, agencies, men."""

    children: Annotated[
        list[Child],
        Field(min_length=1),
        FieldSpec(
            "block",
            sheet="Children",
            rows=6,
            comment=("one entry per child: age ('6 months', '15', 'unborn'), sex",),
        ),
    ]
    harm: Annotated[
        list[Harm],
        FieldSpec(
            "term",
            "harm",
            label="Harm",
            sheet="Harm",
            listed="harm",
            headings=("harms", "harm types", "type of harm", "types of harm", "categories of harm"),
        ),
    ] = []
    intervention_level: Annotated[
        Level,
        FieldSpec(
            "term",
            "intervention_level",
            label="Level of intervention",
            help="Choose.",
            listed="level of intervention",
            headings=("level of intervention", "level", "intervention"),
        ),
    ]
    legal_status: Annotated[
        LegalStatus | None,
        FieldSpec(
            "term",
            "legal_status",
            label="Legal status",
            help="Choose, if any.",
            listed="legal status",
            headings=("legal order",),
        ),
    ] = None
    agencies: Annotated[
        list[Agency],
        FieldSpec(
            "term",
            "agency",
            label="Agency",
            sheet="Agencies",
            listed="agencies",
            headings=("agencies involved", "involved agencies", "agency involvement"),
        ),
    ] = []
    male_carers: Annotated[list[MaleCarer], FieldSpec("block", sheet="Men", rows=4)] = []
    discussed_at_meeting: Annotated[
        YesNo,
        FieldSpec(
            "yes_no",
            "yes_no",
            label="Discussed at the meeting?",
            help="yes or no.",
            note="yes | no",
            listed="discussed at meeting",
            headings=("discussed at the meeting", "discussed", "discussed at audit meeting"),
        ),
    ]


class Auditor(StrictModel):
    """Who filled the form, by role and agency (never a name)."""

    role: Annotated[
        Role,
        FieldSpec(
            "text",
            label="Your role",
            help="Your role, not your name.",
            note="your role, e.g. safeguarding lead (not your name)",
            describe="Your role, not your name.",
            listed="auditor's role",
            headings=("auditor role", "auditor"),
        ),
    ]
    agency: Annotated[
        Agency,
        FieldSpec(
            "term",
            "agency",
            label="Your agency",
            help="Choose from the list.",
            listed="auditor's agency",
            headings=("auditor agency", "auditing agency"),
        ),
    ]


class Assessor(Auditor):
    """Who filled an agency self-assessment: an auditor, asked only for a role."""

    role: Annotated[
        Role,
        FieldSpec(
            "text",
            label="Your role",
            help="Your role, not your name.",
            note="your role (not your name)",
            describe="Your role, not your name.",
        ),
    ]


class AnswerEntry(StrictModel):
    """An answer as written: the answer and an optional evidence note."""

    answer: str | list[str] | None = None
    evidence: str | None = None

    @model_validator(mode="before")
    @classmethod
    def written_in_full(cls, value: Any) -> Any:
        """`A1: yes` is a common slip; say how to write it."""
        if isinstance(value, str | list):
            raise ValueError(
                "write the answer on its own indented line under the question id, "
                "as 'answer: ...' (with 'evidence: ...' below it)"
            )
        return value


def follow_up(
    kind: Kind, label: str, help: str, note: str, listed: str, *headings: str
) -> FieldSpec:
    """An outcome recorded at the follow-up: a row of the details sheet labelled
    'Follow-up: ...', a commented key in the YAML form, a column of a case list."""
    vocabulary = {"yes_no": "yes_no", "concern": "concern_level"}.get(kind, "")
    return FieldSpec(
        kind,
        vocabulary,
        label=f"Follow-up: {label}",
        help=help,
        note=note,
        listed=listed,
        headings=headings,
    )


YES_OR_NO = "yes or no."


class Outcomes(StrictModel):
    """What changed for the child, recorded at a follow-up (all optional)."""

    father_engaged: Annotated[
        YesNo | None,
        follow_up(
            "yes_no",
            "father or male carer engaged?",
            "yes or no: he took part in the work offered. Blank until the follow-up.",
            "yes | no: he took part in the work offered",
            "father engaged",
            "father or male carer engaged",
            "male carer engaged",
        ),
    ] = None
    concern_at_start: Annotated[
        ConcernLevel | None,
        follow_up(
            "concern",
            "level of concern at the start",
            "Choose: the level when the work began.",
            "the level of concern when the work began",
            "concern at start",
            "level of concern at start",
            "level of concern at the start",
            "start level",
        ),
    ] = None
    concern_at_follow_up: Annotated[
        ConcernLevel | None,
        follow_up(
            "concern",
            "level of concern now",
            "Choose: the level at the follow-up.",
            "the level at the follow-up",
            "concern at follow-up",
            "concern at followup",
            "level of concern at follow up",
            "level of concern now",
            "follow up level",
        ),
    ] = None
    follow_up_months: Annotated[
        int | None,
        Field(ge=0, le=120),
        follow_up(
            "count",
            "months since the start",
            "A whole number of months.",
            "months from the start of the work to the follow-up",
            "follow-up months",
            "followup months",
            "months to follow up",
            "months since the start",
        ),
    ] = None
    closed: Annotated[
        YesNo | None,
        follow_up(
            "yes_no",
            "closed to children's services?",
            YES_OR_NO,
            "yes | no: closed to children's services by the follow-up",
            "closed",
            "case closed",
        ),
    ] = None
    re_referred: Annotated[
        YesNo | None,
        follow_up(
            "yes_no",
            "re-referred?",
            YES_OR_NO,
            "yes | no: referred to children's services again",
            "re-referred",
            "rereferred",
            "re referral",
            "referred again",
        ),
    ] = None
    escalated: Annotated[
        YesNo | None,
        follow_up(
            "yes_no",
            "escalated?",
            "yes or no: moved up a level, say child in need to child protection.",
            "yes | no: moved up a level (say child in need to child protection)",
            "escalated",
        ),
    ] = None
    children_under_one: Annotated[
        int | None,
        Field(ge=0, le=20),
        follow_up(
            "count",
            "children under one",
            "How many of the children were under one, or unborn.",
            "how many of the children were under one, or unborn",
            "children under one",
            "children under 1",
            "under ones",
            "under one",
        ),
    ] = None

    @model_validator(mode="after")
    def closed_means_universal(self) -> "Outcomes":
        """A case closed by the follow-up is at the universal level then."""
        if self.closed and self.concern_at_follow_up not in (None, "universal"):
            raise ValueError("a case closed by the follow-up is at 'universal' then")
        return self

    @property
    def empty(self) -> bool:
        """Nothing recorded yet (the block a blank form carries)."""
        return all(value is None for value in self.model_dump().values())

    @property
    def level_after(self) -> ConcernLevel | None:
        """The level at follow-up; a closed case is universal."""
        return "universal" if self.closed else self.concern_at_follow_up


def learning(label: str, comment: str, gap: bool = False) -> FieldSpec:
    """Free text on the learning sheet, `label` there; `comment` above it in YAML."""
    return FieldSpec("text", label=label, sheet=LEARNING_SHEET, comment=(comment,), gap=gap)


class CaseForm(StrictModel):
    """A completed case audit, as the practitioner wrote it."""

    case_id: Annotated[
        Ident,
        FieldSpec(
            "id",
            label="Case id",
            help="Pseudonymous; filled in for you.",
            describe="A pseudonymous case id; never a name.",
            listed="case id",
            headings=(
                "case",
                "case ref",
                "case reference",
                "case number",
                "case no",
                "case identifier",
                "caseid",
                "id",
            ),
        ),
    ]
    tool: Annotated[Ident, FieldSpec("tool")]
    tool_version: Annotated[str, FieldSpec("version")]
    auditor: Annotated[Auditor, FieldSpec("block")]
    audit_date: Annotated[
        Date,
        FieldSpec(
            "date",
            label="Date of this audit",
            help="DD/MM/YYYY.",
            listed="audit date",
            headings=("audit date", "date of audit"),
        ),
    ]
    characteristics: Annotated[Characteristics, FieldSpec("block")]
    answers: Annotated[dict[str, AnswerEntry], FieldSpec("answers")] = {}
    themes: Annotated[
        list[ThemeId], FieldSpec("themes", "themes", label="Theme", sheet="Themes", gap=True)
    ] = []
    strengths: Annotated[
        str | None,
        learning(
            "What went well for this child and father",
            "What went well for this child and father (free text).",
            gap=True,
        ),
    ] = None
    learning_for_child: Annotated[
        str | None, learning("Learning for this child", "Learning for this child.")
    ] = None
    learning_for_future: Annotated[
        str | None, learning("Learning for future cases", "Learning for future cases.")
    ] = None
    outcomes: Annotated[
        Outcomes | None,
        FieldSpec(
            "block",
            gap=True,
            comment=(
                "Outcomes, filled at a follow-up; leave blank until then. Levels of concern,",
                "one of: " + ", ".join(CONCERN_ORDER),
            ),
        ),
    ] = None
    privacy_reviewed: list[Reviewed] = []


class PortfolioEntry(AnswerEntry):
    """An indicator's rating with its evidence note and portfolio reference."""

    portfolio: str | None = None


class AgencyAssessment(StrictModel):
    """An agency's self-assessment against a tool of scope `agency`."""

    assessment_id: Annotated[
        Ident,
        FieldSpec(
            "id",
            label="Assessment id",
            help="Filled in for you.",
            describe="A pseudonymous assessment id; never a name.",
        ),
    ]
    tool: Annotated[Ident, FieldSpec("tool")]
    tool_version: Annotated[str, FieldSpec("version")]
    assessor: Annotated[Assessor, FieldSpec("block")]
    assessment_date: Annotated[
        Date, FieldSpec("date", label="Date of this assessment", help="DD/MM/YYYY.")
    ]
    service: Annotated[
        Text,
        FieldSpec(
            "text",
            label="Service assessed",
            help="The service's name.",
            note="the service assessed",
        ),
    ]
    answers: Annotated[dict[str, PortfolioEntry], FieldSpec("answers")] = {}
    strengths: Annotated[
        str | None, learning("What the service does well", "What the service does well.", gap=True)
    ] = None
    priorities: Annotated[str | None, learning("What to improve next", "What to improve next.")] = (
        None
    )
    privacy_reviewed: list[Reviewed] = []

    @property
    def case_id(self) -> str:
        """The assessment's id, in the place a case id takes."""
        return self.assessment_id

    @property
    def themes(self) -> list[str]:
        """Agency assessments carry no themes."""
        return []

    @property
    def characteristics(self) -> None:
        """Agency assessments have no case characteristics."""
        return None

    @property
    def outcomes(self) -> None:
        """Agency assessments have no child outcomes."""
        return None


FORM_MODELS: dict[str, type[CaseForm | AgencyAssessment]] = {
    "case": CaseForm,
    "agency": AgencyAssessment,
}
"""The model of each scope's form. Its fields' specs are the form's one description: the
checks, the JSON Schema, the blank forms and the Excel reader all take it from here."""


def form_model(scope: str) -> type[CaseForm | AgencyAssessment]:
    """The model of a tool's form: an agency self-assessment for scope `agency`, else a
    case form."""
    return FORM_MODELS["agency" if scope == "agency" else "case"]


# --- answers against the tool ------------------------------------------------------------


class State(StrEnum):
    """What happened to a question on a form."""

    ANSWERED = "answered"
    NOT_ANSWERED = "not answered"
    NOT_APPLICABLE = "not applicable"
    CONDITION_NOT_MET = "condition not met"
    INVALID = "invalid"


AnswerValue = str | list[str] | date | float | None


@dataclass(frozen=True, slots=True)
class Answer:
    """A question's answer, resolved against its scale; `choice` is the option picked on a
    choice scale, found once here so nothing downstream looks it up again."""

    question_id: str
    state: State
    value: AnswerValue = None
    evidence: str | None = None
    portfolio: str | None = None
    choice: Choice | None = None

    @property
    def points(self) -> float | None:
        """The points its option declares; None with no option or none declared."""
        return None if self.choice is None else self.choice.points

    @property
    def full(self) -> bool:
        """True when its option earns the most points an answer on its scale could."""
        return self.choice is not None and self.choice.full


@dataclass(frozen=True)
class CaseAudit:
    """A valid case form with its tool and resolved answers: what scoring reads."""

    path: str
    form: CaseForm | AgencyAssessment
    tool: Tool
    answers: dict[str, Answer]
    case_id_line: int = 1


def case_basics(form: CaseForm | AgencyAssessment) -> list[int | str | None]:
    """Children, level of intervention and 'discussed' for a case; blanks for an agency."""
    found = form.characteristics
    if found is None:
        return [None, None, None]
    return [
        len(found.children),
        found.intervention_level,
        "yes" if found.discussed_at_meeting else "no",
    ]


class Resolved(NamedTuple):
    """What resolving one typed answer gives: a value, or why it is refused (a named
    tuple: one is made for every answer, three times quicker than a frozen dataclass)."""

    value: AnswerValue = None
    excluded: bool = False
    error: str = ""
    choice: Choice | None = None


def resolve(scale: Scale, typed: Any) -> Resolved:
    """A typed answer as a value on `scale`."""
    if scale.kind == "choice":
        return resolve_choice(scale, typed)
    if scale.kind == "multiple":
        return resolve_multiple(scale, typed)
    if not isinstance(typed, str):
        return Resolved(error=f"expected a single answer, found {describe_shape(typed)}")
    if scale.kind == "date":
        try:
            return Resolved(parse_date(typed))
        except ValueError as error:
            return Resolved(error=str(error))
    if scale.kind == "number":
        return resolve_number(scale, typed)
    return Resolved(typed)


def resolve_choice(scale: Scale, typed: Any) -> Resolved:
    """One option of a choice scale."""
    if not isinstance(typed, str):
        return Resolved(error=f"expected one answer, found {describe_shape(typed)}")
    option = scale.option(typed)
    if option is None:
        hint = did_you_mean(normalise(typed), scale.values)
        return Resolved(error=f"the answer is not one of {one_of(scale.values)}{hint}")
    return Resolved(option.value, option.excluded, choice=scale.choices[option.value])


def resolve_multiple(scale: Scale, typed: Any) -> Resolved:
    """Options of a multiple-choice scale (one answer may be written without a list)."""
    items = [typed] if isinstance(typed, str) else typed
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        return Resolved(error="expected a list of answers")
    chosen = []
    for item in items:
        option = scale.option(item)
        if option is None:
            hint = did_you_mean(normalise(item), scale.values)
            return Resolved(error=f"an answer is not one of {one_of(scale.values)}{hint}")
        chosen.append(option.value)
    return Resolved(chosen)


def resolve_number(scale: Scale, typed: str) -> Resolved:
    """A finite number within the scale's bounds."""
    try:
        number = float(typed.strip())
    except ValueError:
        return Resolved(error="expected a number")
    if not math.isfinite(number):
        return Resolved(error="expected a number")
    if (scale.minimum is not None and number < scale.minimum) or (
        scale.maximum is not None and number > scale.maximum
    ):
        return Resolved(error=f"expected a number from {scale.minimum} to {scale.maximum}")
    return Resolved(number)


def check_answers(
    tool: Tool, raw: Any, document: Document
) -> tuple[dict[str, Answer], list[Problem]]:
    """Every question resolved, and every problem with the answers."""
    entries = raw if isinstance(raw, dict) else {}
    problems = unknown_questions(tool, entries, document)
    answers: dict[str, Answer] = {}
    for question in tool.questions():
        answer, found = check_answer(tool, question, entries, answers, document)
        answers[question.id] = answer
        problems += found
    return answers, problems


def unknown_questions(tool: Tool, entries: dict[str, Any], document: Document) -> list[Problem]:
    """Answers keyed by an id the tool does not have."""
    known = tool.question_map()
    return [
        document.key_problem(
            ("answers", key),
            "Q401",
            f"{quote_key(key)} is not a question of {tool.key}{did_you_mean(key, known)}",
        )
        for key in entries
        if key not in known
    ]


def check_answer(
    tool: Tool,
    question: Question,
    entries: dict[str, Any],
    earlier: dict[str, Answer],
    document: Document,
) -> tuple[Answer, list[Problem]]:
    """One question: its condition, requirement and scale."""
    entry = entries.get(question.id)
    written = entry if isinstance(entry, dict) else {}
    typed = written.get("answer")
    notes = (text(written, "evidence"), text(written, "portfolio"))
    loc = ("answers", question.id, "answer") if isinstance(entry, dict) else ("answers",)
    conditional = question.when is not None
    if conditional and depends_on_invalid(question, earlier):
        return Answer(question.id, State.INVALID, None, *notes), []
    unmet = unmet_condition(question, earlier) if conditional else ""
    if unmet:
        found = (
            []
            if typed is None
            else [document.problem(loc, "Q404", f"{question.id} is answered, but {unmet}")]
        )
        return Answer(question.id, State.CONDITION_NOT_MET, None, *notes), found
    if typed is None or (isinstance(typed, str | list) and not typed):
        found = []
        if question.required and (entry is None or isinstance(entry, dict)):
            found.append(
                document.problem(loc, "Q403", f"required question {question.id} is not answered")
            )
        return Answer(question.id, State.NOT_ANSWERED, None, *notes), found
    resolved = resolve(tool.scale_of(question), typed)
    if resolved.error:
        return Answer(question.id, State.INVALID, None, *notes), [
            document.problem(loc, "Q402", f"{question.id}: {resolved.error}")
        ]
    state = State.NOT_APPLICABLE if resolved.excluded else State.ANSWERED
    return Answer(question.id, state, resolved.value, *notes, resolved.choice), []


def text(entry: dict[str, Any], key: str) -> str | None:
    """A text field of an answer entry, or None when absent or not text."""
    value = entry.get(key)
    return value if isinstance(value, str) else None


def depends_on_invalid(question: Question, earlier: dict[str, Answer]) -> bool:
    """True when a question's condition rests on an answer already reported as wrong.

    Its own checks would only repeat that error, so they wait until it is fixed.
    """
    if question.when is None:
        return False
    before = earlier.get(question.when.question)
    return before is not None and before.state is State.INVALID


def unmet_condition(question: Question, earlier: dict[str, Answer]) -> str:
    """Why a conditional question does not apply, or '' when it does."""
    condition = question.when
    if condition is None:
        return ""
    before = earlier.get(condition.question)
    if before is not None and condition.matches(before.value):
        return ""
    now = (
        f"is '{before.value}'"
        if before is not None and isinstance(before.value, str)
        else "is not answered"
    )
    return (
        f"it applies only when {condition.question} is {one_of(condition.values)} "
        f"({condition.question} {now})"
    )


# --- one form ------------------------------------------------------------------------


def check_form(document: Document, registry: Registry) -> tuple[CaseAudit | None, list[Problem]]:
    """Check one loaded case form; the audit is None when any error was found."""
    data = document.data
    if not isinstance(data, dict):
        return None, [document.problem((), "S301", f"expected a case form, found {shape_of(data)}")]
    tool, problems = find_tool(data, registry, document)
    agency = tool.scope == "agency" if tool is not None else "assessment_id" in data
    model = form_model("agency" if agency else "case")
    form, found = validate_model(model, document, context={"tool": tool})
    problems += found
    if tool is None:
        return None, problems
    answers, found = check_answers(tool, data.get("answers"), document)
    problems += found
    if form is None or any(p.is_error for p in problems):
        return None, problems
    line = document.mark(("assessment_id" if agency else "case_id",)).line
    # The answers as written are kept once, resolved; the form does not hold a second copy.
    kept = form.model_copy(update={"answers": {}})
    return CaseAudit(str(document.path), kept, tool, answers, line), problems


def shape_of(data: Any) -> str:
    """What a file holds instead of a form, in words."""
    if data is None:
        return "an empty file"
    return describe_shape(data)


def find_tool(
    data: dict[str, Any], registry: Registry, document: Document
) -> tuple[Tool | None, list[Problem]]:
    """The tool and version a form names, or a problem saying what is installed."""
    tool_id, version = data.get("tool"), data.get("tool_version")
    if not isinstance(tool_id, str) or not isinstance(version, str):
        return None, []
    tool = registry.find(tool_id, version)
    if tool is not None:
        return tool, []
    if tool_id not in registry.ids():
        hint = did_you_mean(tool_id, registry.ids()) or f"; installed: {one_of(registry.ids())}"
        return None, [document.problem(("tool",), "X503", f"unknown tool{hint}")]
    versions = one_of(registry.versions(tool_id))
    return None, [
        document.problem(
            ("tool_version",),
            "X503",
            f"{tool_id} has no version '{version[:20]}'; installed: {versions}",
        )
    ]


@dataclass(frozen=True)
class FormProgress:
    """How far a form is filled, what is wrong in it, and who it is waiting on."""

    path: str
    form_id: str
    answered: int
    required: int
    total: int
    open_required: list[str]
    waiting_on: str
    readable: bool = True
    wrong: int = 0
    problems: list[Problem] = field(default_factory=list)
    """Why the form cannot be read, or the errors of its wrong answers, in reading order."""

    @property
    def state(self) -> str:
        """cannot be read, wrong answers, complete (every required question answered),
        not started, or in progress."""
        if not self.readable:
            return "cannot be read"
        if self.wrong:
            return "wrong answers"
        if not self.open_required:
            return "complete"
        return "not started" if self.answered == 0 else "in progress"


def unreadable_form(
    path: Path, problems: list[Problem], form_id: str = "", waiting_on: str = ""
) -> FormProgress:
    """A form that cannot be counted, with the errors that stop it (its warnings if none)."""
    errors = [p for p in problems if p.is_error] or problems
    return FormProgress(
        str(path),
        form_id or path.stem,
        0,
        0,
        0,
        [],
        waiting_on,
        readable=False,
        problems=sort_problems(errors),
    )


def form_progress(document: Document, registry: Registry) -> FormProgress:
    """Answered, required, open and wrong answers of a form, even a half-filled one."""
    data = document.data if isinstance(document.data, dict) else {}
    form_id = str(data.get("case_id") or data.get("assessment_id") or document.path.stem)
    waiting = person_words(data.get("auditor") or data.get("assessor"))
    tool, found = find_tool(data, registry, document)
    if tool is None:
        return unreadable_form(document.path, no_tool_reasons(document, found), form_id, waiting)
    raw = data.get("answers")
    entries = raw if isinstance(raw, dict) else {}
    answers, faults = wrong_answers(tool, entries, document, form_model(tool.scope))
    problems = unknown_questions(tool, entries, document) + [p for f in faults.values() for p in f]
    questions = tool.question_map()
    applying = [a for a in answers.values() if a.state is not State.CONDITION_NOT_MET]
    required = [a for a in applying if questions[a.question_id].required]
    done = {State.ANSWERED, State.NOT_APPLICABLE}
    return FormProgress(
        str(document.path),
        form_id,
        answered=sum(1 for a in applying if a.state in done),
        required=len(required),
        total=len(questions),
        open_required=[
            a.question_id for a in required if a.state not in done and a.question_id not in faults
        ],
        waiting_on=waiting,
        wrong=len(problems),
        problems=sort_problems(problems),
    )


class NamedTool(StrictModel):
    """The two fields that pick a form's tool, checked alone to say why none was found."""

    tool: Ident
    tool_version: str


def no_tool_reasons(document: Document, found: list[Problem]) -> list[Problem]:
    """Why no installed tool fits a form: not a form, a tool field missing or wrong, or
    no such tool (`found`)."""
    data = document.data
    if not isinstance(data, dict):
        return [document.problem((), "S301", f"expected a case form, found {shape_of(data)}")]
    if found:
        return found
    named = {key: data[key] for key in NamedTool.model_fields if key in data}
    return validate_model(NamedTool, replace(document, data=named))[1]


UNANSWERED = "Q403"  # a required question left empty: open, not wrong


def wrong_answers(
    tool: Tool,
    entries: dict[str, Any],
    document: Document,
    model: type[CaseForm | AgencyAssessment],
) -> tuple[dict[str, Answer], dict[str, list[Problem]]]:
    """Each question's answer, and the errors of each answer written but wrong, by id."""
    answers: dict[str, Answer] = {}
    wrong: dict[str, list[Problem]] = {}
    for question in tool.questions():
        answer, found = check_answer(tool, question, entries, answers, document)
        answers[question.id] = answer
        errors = [p for p in found if p.code != UNANSWERED]
        errors += written_beside(question.id, entries.get(question.id), document, model)
        if errors:
            wrong[question.id] = errors
    return answers, wrong


def written_beside(
    key: str, entry: Any, document: Document, model: type[CaseForm | AgencyAssessment]
) -> list[Problem]:
    """The error of an answer not written under `answer:` (`A1: yes`), as validate says it:
    the form's own model checks the answer (its other fields' errors are not wanted here)."""
    if entry is None or isinstance(entry, dict):
        return []
    try:
        model.model_validate({"answers": {key: entry}})
    except ValidationError as error:
        items = error.errors(include_input=False, include_url=False)
        return [error_problem(model, document, i) for i in items if i["loc"][:1] == ("answers",)]
    return []


def person_words(person: Any) -> str:
    """'Named nurse (health-visiting)' from a form's auditor or assessor, or 'not assigned'."""
    if not isinstance(person, dict):
        return "not assigned"
    role, agency = person.get("role"), person.get("agency")
    if isinstance(role, str) and role.strip():
        return f"{role.strip()} ({agency})" if isinstance(agency, str) and agency else role.strip()
    return f"someone in {agency}" if isinstance(agency, str) and agency else "not assigned"
