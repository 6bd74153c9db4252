"""Action plans (`actions.yaml`): SMART actions with owners, dates, status and RAG.

People write dates and owners as they really do ("31.3.16", "March 2018",
"31.5.16 for review", "TBA" typed with Cyrillic letters); this module reads them
as meant, says when an action is not SMART, and flags what is overdue.
"""

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AliasChoices, BeforeValidator, Field

from fatheraudit.loader import Document, load_yaml
from fatheraudit.models import MONTH_NAMES, Ident, Reviewed, StrictModel, Text, validate_model
from fatheraudit.problems import Problem, Severity

ACTIONS_FILE = "actions.yaml"
Status = Literal["not started", "in progress", "done", "blocked"]
STATUSES: tuple[Status, ...] = ("not started", "in progress", "done", "blocked")
STATUS_WORDS = {
    "complete": "done",
    "completed": "done",
    "closed": "done",
    "ongoing": "in progress",
    "started": "in progress",
    "on hold": "blocked",
    "stuck": "blocked",
}
VAGUE_OWNERS = frozenset({"tba", "tbc", "tbd", "all", "everyone", "unknown", "n/a", "none", "?"})
OPEN_DATES = frozenset({"ongoing", "tba", "tbc", "tbd", "asap", "n/a", "none"})
# Cyrillic and Greek letters that look like Latin ones, as typed into 'TBA'.
LOOK_ALIKES = str.maketrans(
    {
        "\u0410": "A",
        "\u0412": "B",
        "\u0415": "E",
        "\u041a": "K",
        "\u041c": "M",
        "\u041d": "H",
        "\u041e": "O",
        "\u0420": "P",
        "\u0421": "C",
        "\u0422": "T",
        "\u0425": "X",
        "\u0430": "a",
        "\u0435": "e",
        "\u043e": "o",
        "\u0440": "p",
        "\u0441": "c",
        "\u0443": "y",
        "\u0445": "x",
        "\u0456": "i",
        "\u0458": "j",
        "\u04cf": "l",
        "\u0391": "A",
        "\u0392": "B",
        "\u0395": "E",
        "\u0397": "H",
        "\u0399": "I",
        "\u039a": "K",
        "\u039c": "M",
        "\u039d": "N",
        "\u039f": "O",
        "\u03a1": "P",
        "\u03a4": "T",
        "\u03a7": "X",
        "\u03a5": "Y",
        "\u0396": "Z",
    }
)
NUMERIC_DATE = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})\b(.*)$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})\b(.*)$")
MONTH_DATE = re.compile(r"^([A-Za-z]+)\.?,?\s+(\d{4})\b(.*)$")
MONTHS = {name.casefold(): number for number, name in enumerate(MONTH_NAMES, start=1)}
MONTHS.update({name[:3].casefold(): number for name, number in list(MONTHS.items())})
MONTHS["sept"] = 9


def status_word(value: Any) -> Any:
    """Status as people write it ('Complete', 'In Progress', blank) in the plan's words."""
    if value is None:
        return None
    if isinstance(value, str):
        word = " ".join(value.replace("-", " ").replace("_", " ").split()).casefold()
        return STATUS_WORDS.get(word, word) or None
    return value


def rag_word(value: Any) -> Any:
    """RAG as a lower-case word (R, A, G accepted)."""
    if isinstance(value, str):
        word = value.strip().casefold()
        return {"r": "red", "a": "amber", "g": "green"}.get(word, word) or None
    return value


class Action(StrictModel):
    """One action, with the SMART fields of a partnership action plan."""

    id: Ident | None = None
    action: Text
    specific: str | None = None
    measurable: str | None = None
    achievable: str | None = Field(
        default=None, validation_alias=AliasChoices("achievable", "appropriate")
    )
    realistic: str | None = None
    due: str | None = None
    owner: str | None = None
    status: Annotated[Status | None, BeforeValidator(status_word)] = None
    rag: Annotated[Literal["red", "amber", "green"] | None, BeforeValidator(rag_word)] = None
    recommendation: int | None = Field(default=None, ge=1)
    finding: str | None = None
    evidence: str | None = None


class ActionPlan(StrictModel):
    """The actions agreed at or after the meeting."""

    actions: list[Action] = []
    privacy_reviewed: list[Reviewed] = []


# --- dates and owners as written -------------------------------------------------------


@dataclass(frozen=True)
class Due:
    """A due date as written, and what it means."""

    written: str
    day: date | None = None
    approximate: bool = False
    note: str = ""
    understood: bool = True


def full_year(text: str) -> int:
    """`16` is 2016; four digits stay as they are."""
    year = int(text)
    return 2000 + year if len(text) == 2 else year


def read_due(written: str | None) -> Due:
    """A due date from what people write: 31.3.16, 31/03/2016, 2016-03-31, March 2018,
    '31.5.16 for review'. 'Ongoing' or nothing is no date; anything else is not understood.
    Month-only dates fall due on the month's last day."""
    text = " ".join((written or "").split())
    if not text or text.casefold() in OPEN_DATES:
        return Due(text)
    for pattern, reader in (
        (ISO_DATE, iso_parts),
        (NUMERIC_DATE, uk_parts),
        (MONTH_DATE, month_parts),
    ):
        match = pattern.match(text)
        if match:
            parts = reader(match)
            if parts is None:
                break
            (year, month, day), approximate = parts
            try:
                return Due(
                    text, date(year, month, day), approximate, match.groups()[-1].strip(" ,;-")
                )
            except ValueError:
                break
    return Due(text, understood=False)


def iso_parts(match: re.Match[str]) -> tuple[tuple[int, int, int], bool]:
    """Year, month, day of 2016-03-31."""
    return (int(match[1]), int(match[2]), int(match[3])), False


def uk_parts(match: re.Match[str]) -> tuple[tuple[int, int, int], bool]:
    """Year, month, day of 31.3.16 or 31/03/2016 (day first)."""
    return (full_year(match[3]), int(match[2]), int(match[1])), False


def month_parts(match: re.Match[str]) -> tuple[tuple[int, int, int], bool] | None:
    """The last day of 'March 2018'."""
    month = MONTHS.get(match[1].casefold())
    if month is None:
        return None
    year = int(match[2])
    return (year, month, calendar.monthrange(year, month)[1]), True


def plain_owner(owner: str | None) -> str:
    """An owner with look-alike letters from other alphabets read as Latin, case-folded."""
    text = unicodedata.normalize("NFKC", owner or "").translate(LOOK_ALIKES)
    return " ".join(text.split()).casefold()


def vague_owner(owner: str | None) -> bool:
    """True for no owner, 'TBA', 'All' and the like (in any alphabet), and for an owner
    naming several people or a group."""
    return plain_owner(owner).strip(".") in VAGUE_OWNERS | {""} or several_owners(owner or "")


# '&', '/' or '+' between owners, or 'and' beside initials ('GS and Anita McGrath').
JOINT = re.compile(r"[&/+]|\b[A-Z]{2,4}\s+and\s|\sand\s+[A-Z]{2,4}\b")
GROUP_OPENERS = frozenset(["all", "every", "each", "everyone", "everybody", "both"])
# Where the owner's head noun ends: 'Designated nurse | for safeguarding children'.
QUALIFIER = re.compile(r"\s+(?:for|of|in|at|to|with|from|on)\s|\s*[(,]")


def several_owners(owner: str) -> bool:
    """An owner naming several people ('GS & Owen Thomas', 'CFS, GS & ...') or a group
    ('All senior leaders', 'Agency safeguarding leads'), so no one person answers for it."""
    text = unicodedata.normalize("NFKC", owner).translate(LOOK_ALIKES).strip()
    if not text:
        return False
    if JOINT.search(text) or text.split()[0].casefold() in GROUP_OPENERS:
        return True
    head = QUALIFIER.split(text, maxsplit=1)[0].split()[-1].casefold()
    return (
        len(head) > 3
        and head.endswith("s")
        and not head.endswith(("ss", "us", "is", "'s", "\u2019s"))
    )


# --- SMART and overdue -----------------------------------------------------------------


def smart_gaps(action: Action) -> list[str]:
    """What stops an action being SMART, in plain words."""
    due = read_due(action.due)
    gaps = []
    if not (action.measurable or "").strip():
        gaps.append("no measure of success")
    if due.day is None:
        gaps.append("no date" if due.understood else "a date fatheraudit cannot read")
    if vague_owner(action.owner):
        gaps.append("no single owner")
    return gaps


def overdue_days(action: Action, as_of: date) -> int:
    """Days past its date for an action not done (0 when not overdue)."""
    due = read_due(action.due).day
    if due is None or action.status == "done" or due >= as_of:
        return 0
    return (as_of - due).days


@dataclass(frozen=True)
class ActionView:
    """An action as shown: its date read, SMART gaps and overdue days as of a date."""

    number: int
    action: Action
    due: Due
    gaps: list[str]
    overdue: int

    @property
    def label(self) -> str:
        """The action's id, or its number in the plan."""
        return self.action.id or str(self.number)


def view_actions(actions: list[Action], as_of: date) -> list[ActionView]:
    """Every action with its date read, its SMART gaps and how overdue it is."""
    return [
        ActionView(n, a, read_due(a.due), smart_gaps(a), overdue_days(a, as_of))
        for n, a in enumerate(actions, start=1)
    ]


# --- loading ---------------------------------------------------------------------------


def load_actions(folder: Path, recommendations: int | None) -> tuple[list[Action], list[Problem]]:
    """`actions.yaml` in `folder` if there is one: its actions, errors and SMART warnings."""
    actions, problems, _ = read_actions(folder, recommendations)
    return actions, problems


def read_actions(
    folder: Path, recommendations: int | None
) -> tuple[list[Action], list[Problem], Document | None]:
    """As `load_actions`, with the file's document (for the privacy scan) when it parsed."""
    path = folder / ACTIONS_FILE
    if not path.exists():
        return [], [], None
    loaded = load_yaml(path, folder)
    document = loaded.document
    if document is None:
        return [], loaded.problems, None
    plan, problems = validate_model(ActionPlan, document)
    if plan is None:
        return [], loaded.problems + problems, document
    for index, action in enumerate(plan.actions):
        problems += action_problems(document, index, action, recommendations)
    return plan.actions, loaded.problems + problems, document


def action_problems(
    document: Document, index: int, action: Action, recommendations: int | None
) -> list[Problem]:
    """A missing recommendation (error) and SMART gaps (warnings) of one action."""
    loc = ("actions", index)
    found = []
    wanted = action.recommendation
    if wanted is not None and recommendations is not None and wanted > recommendations:
        found.append(
            document.problem(
                (*loc, "recommendation"),
                "A702",
                f"there is no recommendation {wanted}; audit.yaml has {recommendations}",
            )
        )
    gaps = smart_gaps(action)
    if gaps:
        name = f"action {action.id or index + 1}"
        found.append(
            document.problem(
                loc, "A710", f"{name} is not SMART: {', '.join(gaps)}", Severity.WARNING
            )
        )
    return found
