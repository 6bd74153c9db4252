"""Ctrl-C: the terminal sends SIGINT to every process of the command, often twice. The
run ends with exit 130 and a short message: no traceback, no hang, no worker left behind,
no partial output."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import EXAMPLE_CASES
from fatheraudit import output

FORMS = 1200


def big_audit(folder: Path) -> Path:
    """The example audit with its ten cases copied to FORMS forms."""
    shutil.copy(EXAMPLE_CASES.parent / "audit.yaml", folder / "audit.yaml")
    cases = folder / "cases"
    cases.mkdir()
    texts = [p.read_text() for p in sorted(EXAMPLE_CASES.glob("C*.yaml"))]
    for number in range(FORMS):
        case_id = f"B{number:05d}"
        text = re.sub(r"(?m)^case_id: \S+", f"case_id: {case_id}", texts[number % len(texts)])
        (cases / f"{case_id}.yaml").write_text(text)
    return folder


def children(pid: int) -> list[int]:
    """The child processes of `pid` (Linux)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_ctrl_c_twice_while_workers_run(tmp_path: Path) -> None:
    audit = big_audit(tmp_path)
    target = tmp_path / "out" / "report.xlsx"
    command = [sys.executable, "-m", "fatheraudit", "report", str(audit), "--format", "xlsx"]
    run = subprocess.Popen(
        [*command, "-o", str(target)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "FATHERAUDIT_WORKERS": "2"},
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while len(children(run.pid)) < 2 and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert run.poll() is None, "the run ended before it could be interrupted"
    time.sleep(0.2)
    os.killpg(run.pid, signal.SIGINT)
    time.sleep(0.05)
    if group_alive(run.pid):
        os.killpg(run.pid, signal.SIGINT)
    try:
        _, err = run.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(run.pid, signal.SIGKILL)
        pytest.fail("the run hung after Ctrl-C")
    assert run.returncode == 130, err
    assert "Traceback" not in err and "interrupted; nothing more was written" in err
    time.sleep(0.2)
    assert not group_alive(run.pid), "a worker process was left behind"
    written = list(target.parent.iterdir()) if target.parent.exists() else []
    assert written == [], "no report and no temporary file"


def test_an_interrupted_write_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.xlsx"
    target.write_bytes(b"the earlier report")

    def interrupt(_fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(output.os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        output.write_bytes(target, b"half a new report", force=True)
    assert target.read_bytes() == b"the earlier report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.xlsx"]
