"""The benchmark's generated forms are what bench/ says they are: varied, and one in fifty
broken in one of the ways real returns are."""

from __future__ import annotations

import sys
from pathlib import Path

from conftest import REPO
from fatheraudit.core import check_paths
from fatheraudit.tools import Registry

sys.path.insert(0, str(REPO / "bench"))
from generate import INVALID_EVERY, generate


def test_one_generated_form_in_fifty_is_broken_and_the_rest_are_valid(
    tmp_path: Path, registry: Registry
) -> None:
    folder = generate(tmp_path / "audit", 200)
    result = check_paths([folder / "cases"], registry)
    broken = {Path(path).stem for path in result.invalid_files}
    assert broken == {f"B{n:05d}" for n in range(INVALID_EVERY, 201, INVALID_EVERY)}
    assert len(result.cases) == 200 - len(broken)
    answers = {c.answers["B1"].value for c in result.cases} | {
        c.answers["C2"].value for c in result.cases
    }
    assert {"yes", "partly", "no"} <= answers, "answers should be varied"
