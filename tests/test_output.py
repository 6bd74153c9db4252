"""Where new forms are written, and what stops them being written."""

from __future__ import annotations

from pathlib import Path

import pytest

from fatheraudit.output import blocked, form_target, form_targets, refuse_blocked
from fatheraudit.problems import FatherauditError


def test_a_form_goes_to_a_file_a_folder_or_stdout(tmp_path: Path) -> None:
    assert form_target("C01", None, ".yaml") == Path("C01.yaml")
    assert form_target("C01", Path("-"), ".yaml") is None
    assert form_target("C01", tmp_path, ".xlsx") == tmp_path / "C01.xlsx"
    assert (
        form_target("C01", tmp_path / "new-folder", ".yaml") == tmp_path / "new-folder" / "C01.yaml"
    )
    assert form_target("C01", tmp_path / "mine.yml", ".yaml") == tmp_path / "mine.yml"


def test_several_forms_need_a_folder(tmp_path: Path) -> None:
    assert form_targets(["C01", "C02"], tmp_path, ".yaml") == [
        tmp_path / "C01.yaml",
        tmp_path / "C02.yaml",
    ]
    assert form_targets(["C01"], Path("-"), ".yaml") is None
    with pytest.raises(FatherauditError, match="cannot go to stdout"):
        form_targets(["C01", "C02"], Path("-"), ".yaml")
    with pytest.raises(FatherauditError, match="need a folder"):
        form_targets(["C01", "C02"], tmp_path / "one.yaml", ".yaml")


def test_an_existing_file_or_a_link_blocks_every_write(tmp_path: Path) -> None:
    existing = tmp_path / "C01.yaml"
    existing.write_text("x")
    link = tmp_path / "C02.yaml"
    link.symlink_to(existing)
    assert "already exists" in blocked(existing, force=False)
    assert blocked(existing, force=True) == ""
    assert "symlink" in blocked(link, force=True)
    with pytest.raises(
        FatherauditError, match=r"nothing written: .*C01\.yaml already exists"
    ) as refused:
        refuse_blocked([existing, tmp_path / "C03.yaml"], force=False)
    assert refused.value.exit_code == 2
