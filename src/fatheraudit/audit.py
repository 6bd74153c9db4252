"""`audit.yaml`, beside the cases: what the audit was, the meeting and the chair's
narrative (the action plan is in `actions.py`). Loaded with the strict loader and
validated like case forms, with the same located problems.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, ValidationInfo

from fatheraudit.actions import Action, read_actions
from fatheraudit.loader import Document, load_yaml
from fatheraudit.models import Date, Ident, Reviewed, StrictModel, Text, YesNo, validate_model
from fatheraudit.problems import Problem, did_you_mean, problem
from fatheraudit.tools import Registry, Tool

AUDIT_FILE = "audit.yaml"


def agency_of_tool(value: str, info: ValidationInfo) -> str:
    """An agency id from the tool's list of agencies."""
    tool = (info.context or {}).get("tool")
    if isinstance(tool, Tool) and value not in tool.terms("agency"):
        raise ValueError(f"not on the list 'agency'{did_you_mean(value, tool.terms('agency'))}")
    return value


AgencyId = Annotated[str, AfterValidator(agency_of_tool)]


class ToolRef(StrictModel):
    """The tool the audit used."""

    id: Ident
    version: Text


class AuditDates(StrictModel):
    """When things happened."""

    forms_returned_by: Date | None = None
    meeting: Date
    report: Date


class Meeting(StrictModel):
    """The QA subgroup's audit meeting."""

    format: Literal["in person", "virtual", "hybrid"]
    agencies_attending: list[AgencyId] = Field(min_length=1)
    agencies_sent_apologies: list[AgencyId] = []
    practitioners_unable_to_attend: int = Field(default=0, ge=0)


class FatherFeedback(StrictModel):
    """Fathers asked for their views of agency involvement, and how many replied."""

    sought: int = Field(ge=0)
    received: int = Field(ge=0)


class AuditMeta(StrictModel):
    """What the audit was and what its chair concluded."""

    title: Text
    partnership: Text
    qa_subgroup: Text
    chair: Text = Field(description="The chair's role, not a name.")
    theme: Text
    tool: ToolRef
    cases_folder: Text = "cases"
    audit_window: Text
    dates: AuditDates
    selection: Text
    grading_used: YesNo
    meeting: Meeting
    father_feedback: FatherFeedback
    purpose: Text
    summary_of_findings: Text
    barriers_overcome: str = ""
    learning: list[Text] = Field(min_length=1)
    recommendations: list[Text] = Field(min_length=1)
    next_steps: list[Text] = []
    privacy_reviewed: list[Reviewed] = []
    published_excerpts: list[Text] = Field(
        default=[],
        description="Evidence excerpts the chair has read and cleared for a published "
        "report (--suppress-below), each as case id and question id: 'C08 A1'.",
    )


def load_meta(folder: Path, registry: Registry) -> tuple[AuditMeta | None, list[Problem]]:
    """`audit.yaml` in `folder`, validated; agencies are checked against the tool it names."""
    meta, problems, _ = read_meta(folder, registry)
    return meta, problems


def read_meta(
    folder: Path, registry: Registry
) -> tuple[AuditMeta | None, list[Problem], Document | None]:
    """As `load_meta`, with the file's document (for the privacy scan) when it parsed."""
    path = folder / AUDIT_FILE
    if not path.exists():
        return None, [problem(path, "A701", "no audit.yaml here; an audit folder needs one")], None
    loaded = load_yaml(path, folder)
    document = loaded.document
    if document is None:
        return None, loaded.problems, None
    tool, problems = named_tool(document, registry)
    meta, found = validate_model(AuditMeta, document, {"tool": tool})
    return meta, loaded.problems + problems + found, document


def named_tool(document: Document, registry: Registry) -> tuple[Tool | None, list[Problem]]:
    """The tool `audit.yaml` names, if it is installed."""
    data = document.data if isinstance(document.data, dict) else {}
    ref = data.get("tool")
    if not isinstance(ref, dict) or not all(isinstance(ref.get(k), str) for k in ("id", "version")):
        return None, []
    tool = registry.find(ref["id"], ref["version"])
    if tool is None:
        message = f"tool {ref['id'][:60]} {ref['version'][:20]} is not installed"
        return None, [document.problem(("tool",), "A703", message)]
    return tool, []


@dataclass
class AuditFiles:
    """An audit folder's own files, each read once: what `audit.yaml` says, the action
    plan, every problem in the two, and their documents (for the privacy scan)."""

    meta: AuditMeta | None
    actions: list[Action]
    problems: list[Problem]
    documents: list[Document]


def read_audit_files(folder: Path, registry: Registry) -> AuditFiles:
    """`audit.yaml` and `actions.yaml` of one folder, each parsed once."""
    meta, problems, meta_document = read_meta(folder, registry)
    actions, found, plan_document = read_actions(
        folder, len(meta.recommendations) if meta else None
    )
    documents = [d for d in (meta_document, plan_document) if d is not None]
    return AuditFiles(meta, actions, problems + found, documents)
