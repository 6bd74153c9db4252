"""A Yamale schema equivalent (as far as Yamale can say) to the bundled tool's case form."""

from __future__ import annotations

from pathlib import Path

SCHEMA = """\
case_id: str()
tool: str()
tool_version: str()
auditor: include('auditor')
audit_date: any(day(), str())
characteristics: include('characteristics')
answers: map(include('answer'), key=str())
themes: list(str(), required=False)
strengths: str(required=False)
learning_for_child: str(required=False)
learning_for_future: str(required=False)
outcomes: map(required=False)
privacy_reviewed: list(map(), required=False)
---
auditor:
  role: str()
  agency: str()
child:
  ref: str(required=False)
  age: any(int(), str())
  sex: enum('female', 'male', 'unknown', 'Female', 'Male')
carer:
  relationship: str()
  parental_responsibility: any(str(), bool())
  lives_with_child: any(bool(), str(), required=False)
characteristics:
  children: list(include('child'), min=1)
  harm: list(str(), required=False)
  intervention_level: str()
  legal_status: str(required=False)
  agencies: list(str(), required=False)
  male_carers: list(include('carer'), required=False)
  discussed_at_meeting: any(bool(), str())
answer:
  answer: any(str(), int(), bool(), day(), list(), null(), required=False)
  evidence: any(str(), null(), required=False)
"""


def write_yamale_schema(path: Path) -> Path:
    """Write the schema and return its path."""
    path.write_text(SCHEMA, encoding="utf-8")
    return path
