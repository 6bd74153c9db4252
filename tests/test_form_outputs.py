"""The schema, blank YAML forms and Excel forms of the bundled tools stay exactly as they
were when one description of the form came to drive them (issue 15).

Each output is compared by a SHA-256 digest recorded in tests/golden/form-outputs.json; a
workbook by its parts, less the creation and modification times.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import sys
import zipfile

import pytest

from conftest import REPO
from fatheraudit.render.blank_form import blank_form, filled_form, schema_path
from fatheraudit.render.excel_form import form_workbook
from fatheraudit.render.schema import form_schema
from fatheraudit.tools import Registry

DIGESTS = REPO / "tests" / "golden" / "form-outputs.json"
TOOLS = [
    ("myth-of-invisible-men", "1.0"),
    ("myth-of-invisible-men", "1.1"),
    ("father-friendly-service", "1.0"),
]
STARTED = {
    "characteristics.harm": ["neglect", "domestic-abuse"],
    "characteristics.intervention_level": "child-protection",
    "outcomes.closed": "no",
}
STARTED_ENTRIES = {"characteristics.children": [{"age": "6 months", "sex": "female"}]}


def digest(data: str | bytes) -> str:
    """The SHA-256 of text (as UTF-8) or bytes."""
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


def workbook_parts(data: bytes) -> str:
    """A workbook's parts as one text, its creation and modification times left out."""
    book = zipfile.ZipFile(io.BytesIO(data))
    parts = []
    for name in sorted(book.namelist()):
        text = book.read(name).decode("utf-8")
        if name == "docProps/core.xml":
            text = re.sub(r"<dcterms:(created|modified)[^<]*</dcterms:\1>", "", text)
        parts.append(f"== {name}\n{text}")
    return "\n".join(parts)


def outputs(registry: Registry, tool_id: str, version: str) -> dict[str, str]:
    """Every form output of one tool, by name, as digests."""
    tool = registry.find(tool_id, version)
    assert tool is not None
    found = {
        "schema": digest(json.dumps(form_schema(tool), indent=2, ensure_ascii=False) + "\n"),
        "yaml": digest(blank_form(tool, "C99", schema_path(tool))),
        "xlsx": digest(workbook_parts(form_workbook(tool, "C99"))),
    }
    if tool.scope == "case":
        found["started"] = digest(filled_form(tool, "C99", STARTED, STARTED_ENTRIES))
    return found


@pytest.mark.parametrize(("tool_id", "version"), TOOLS)
def test_form_outputs_are_unchanged(registry: Registry, tool_id: str, version: str) -> None:
    expected = json.loads(DIGESTS.read_text(encoding="utf-8"))
    assert outputs(registry, tool_id, version) == expected[f"{tool_id} {version}"]


if __name__ == "__main__":  # record the digests: python tests/test_form_outputs.py
    from fatheraudit.core import open_registry

    recorded = {f"{t} {v}": outputs(open_registry(), t, v) for t, v in TOOLS}
    DIGESTS.write_text(json.dumps(recorded, indent=2) + "\n", encoding="utf-8")
    sys.stdout.write(f"wrote {DIGESTS}\n")
