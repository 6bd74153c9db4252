"""What the report and summary say about the audit: unscored audits, plurals, names, casing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import REPO, write_tree
from fatheraudit.cli import app
from fatheraudit.render.context import sign_off_names

AUDIT = REPO / "examples" / "audit-2023"
PARTNERSHIP = "Sample County Safeguarding Children Partnership"
SUBGROUP_OF = f"Quality Assurance Subgroup of the {PARTNERSHIP}"

# A case tool whose every question accepts n/a, with the agencies audit.yaml names.
NA_TOOL = """\
id: all-na
version: "1.0"
scope: case
title: A tool whose questions all accept n/a
scales:
  ynx:
    kind: choice
    options:
      - {value: "yes", label: "Yes", points: 2}
      - {value: "no", label: "No", points: 0}
      - {value: n/a, label: Not applicable, excluded: true}
vocabularies:
  agency:
    - {id: childrens-social-care, label: Children's social care}
    - {id: early-help, label: Early help}
    - {id: police, label: Police}
    - {id: health-visiting, label: Health visiting}
    - {id: acute-hospital, label: Acute hospital}
    - {id: gp, label: GP}
    - {id: school, label: School}
    - {id: probation, label: Probation}
    - {id: fdac, label: FDAC}
    - {id: adult-mental-health, label: Adult mental health service}
    - {id: substance-misuse-service, label: Drug and alcohol service}
  harm: [{id: neglect, label: Neglect}]
  intervention_level: [{id: early-help, label: Early help}]
  legal_status: [{id: none, label: No legal order}]
  relationship: [{id: unknown, label: Not known}]
  parental_responsibility: [{id: unknown, label: Not known}]
sections:
  - id: A
    title: First section
    questions:
      - {id: A1, text: First question?, scale: ynx}
      - {id: A2, text: Second question?, scale: ynx}
  - id: B
    title: Second section
    questions:
      - {id: B1, text: Third question?, scale: ynx}
"""

NA_FORM = """\
case_id: {case_id}
tool: all-na
tool_version: "1.0"
auditor: {{role: Social worker, agency: childrens-social-care}}
audit_date: 2023-01-18
characteristics:
  children: [{{age: 3 years, sex: male}}]
  harm: [neglect]
  intervention_level: early-help
  discussed_at_meeting: yes
answers:
  A1: {{answer: n/a}}
  A2: {{answer: n/a}}
  B1: {{answer: n/a}}
"""


@pytest.fixture
def audit_copy(tmp_path: Path) -> Path:
    """A copy of the example audit to change."""
    target = tmp_path / "audit"
    shutil.copytree(AUDIT, target)
    return target


def edit_meta(folder: Path, old: str, new: str) -> None:
    """Replace one line's text in the folder's audit.yaml."""
    meta = folder / "audit.yaml"
    text = meta.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    meta.write_text(text.replace(old, new), encoding="utf-8")


def render(runner: CliRunner, command: str, folder: Path, *extra: str) -> str:
    """A report or summary written to stdout; it must succeed."""
    result = runner.invoke(app, [command, str(folder), "-o", "-", *extra])
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.fixture
def unscored_audit(tmp_path: Path) -> tuple[Path, Path]:
    """An audit folder of two forms answered n/a throughout, and its tools folder."""
    tools = write_tree(tmp_path / "tools", {"all-na/1.0.yaml": NA_TOOL})
    folder = tmp_path / "audit"
    write_tree(folder, {f"cases/{c}.yaml": NA_FORM.format(case_id=c) for c in ("C01", "C02")})
    meta = (AUDIT / "audit.yaml").read_text(encoding="utf-8")
    (folder / "audit.yaml").write_text(
        meta.replace("id: myth-of-invisible-men", "id: all-na"), encoding="utf-8"
    )
    return folder, tools


@pytest.mark.parametrize("command", ["summary", "report"])
def test_an_audit_with_no_scored_case_says_so(
    runner: CliRunner, unscored_audit: tuple[Path, Path], command: str
) -> None:
    folder, tools = unscored_audit
    text = render(runner, command, folder, "--tools-dir", str(tools))
    assert "No case could be scored: in every case each scored question was not applicable" in text
    for empty in ("n/a", "Points earned", "Strongest", "Weakest", "Across all cases"):
        assert empty not in text.replace("accept n/a", ""), empty


def test_one_practitioner_is_singular(runner: CliRunner, audit_copy: Path) -> None:
    edit_meta(audit_copy, "practitioners_unable_to_attend: 4", "practitioners_unable_to_attend: 1")
    report = render(runner, "report", audit_copy)
    summary = render(runner, "summary", audit_copy)
    assert "meeting. One practitioner could not attend; what they" in report
    assert "discussed at the meeting. 1 practitioner could not attend." in summary
    assert "practitioners could not attend" not in report + summary


def test_example_sign_off_names_the_subgroup_once(runner: CliRunner) -> None:
    report = render(runner, "report", AUDIT)
    assert report.endswith(
        f"## 10. Sign-off\n\nChair of the Quality Assurance Subgroup, {PARTNERSHIP}. March 2023.\n"
    )


def test_a_subgroup_named_with_its_partnership_is_not_repeated(
    runner: CliRunner, audit_copy: Path
) -> None:
    edit_meta(audit_copy, "qa_subgroup: Quality Assurance Subgroup", f"qa_subgroup: {SUBGROUP_OF}")
    report = render(runner, "report", audit_copy)
    summary = render(runner, "summary", audit_copy)
    assert report.splitlines()[2] == f"{SUBGROUP_OF}, March 2023"
    assert report.endswith(f"Chair of the Quality Assurance Subgroup, {PARTNERSHIP}. March 2023.\n")
    assert summary.splitlines()[2].startswith(f"**{SUBGROUP_OF}.** Meeting on 22 February 2023")


@pytest.mark.parametrize(
    ("chair", "subgroup", "expected"),
    [
        ("Chair of the QA Subgroup", "QA Subgroup", ["Chair of the QA Subgroup", PARTNERSHIP]),
        (
            "Chair of the QA Subgroup",
            f"The QA subgroup of {PARTNERSHIP}",
            ["Chair of the QA Subgroup", PARTNERSHIP],
        ),
        (
            f"Chair of the QA Subgroup of the {PARTNERSHIP}",
            "QA Subgroup",
            [f"Chair of the QA Subgroup of the {PARTNERSHIP}"],
        ),
        (f"{PARTNERSHIP} chair", "QA Subgroup", [f"{PARTNERSHIP} chair", "QA Subgroup"]),
        ("Chair", f"{PARTNERSHIP}'s QA Subgroup", ["Chair", f"{PARTNERSHIP}'s QA Subgroup"]),
        (
            "Head of Safeguarding",
            "QA Subgroup",
            ["Head of Safeguarding", "QA Subgroup", PARTNERSHIP],
        ),
    ],
)
def test_sign_off_leaves_out_names_already_said(
    chair: str, subgroup: str, expected: list[str]
) -> None:
    assert sign_off_names(chair, subgroup, PARTNERSHIP) == expected


def test_the_chairs_words_keep_their_case(runner: CliRunner, audit_copy: Path) -> None:
    window = "february 2023 to January 2024, from NHS and CAMHS records"
    edit_meta(
        audit_copy,
        "audit_window: The twelve months before each case was selected",
        f"audit_window: {window}",
    )
    edit_meta(audit_copy, "chair: Chair of the", "chair: chair of the NHS-led")
    edit_meta(audit_copy, "partnership: Sample County", "partnership: sample County")
    report = render(runner, "report", audit_copy)
    summary = render(runner, "summary", audit_copy)
    assert f"{window}." in report
    assert "chair of the NHS-led Quality Assurance Subgroup, sample County" in report
    assert "Chair: chair of the NHS-led Quality Assurance Subgroup." in summary
    assert "**Quality Assurance Subgroup, sample County" in summary
