"""Every loader hazard, as a file in tests/hazards/, run through the real CLI with a timeout.

Each file names the problem code it must produce on its first line (`# expect: Y210`);
the process must end by itself, without a traceback and without a signal.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import HAZARDS, base_form_text

UNREADABLE_HEADERS = {"empty_file.yaml": "S301", "utf16.yaml": "F106"}
TIMEOUT = 20


def expected(path: Path) -> tuple[str, str]:
    """The severity and code a hazard file must produce (`# expect: warning Y211`)."""
    if path.name in UNREADABLE_HEADERS:
        return "error", UNREADABLE_HEADERS[path.name]
    match = re.search(rb"# expect: (?:(warning) )?(\w+)", path.read_bytes()[:60])
    assert match, f"{path.name} has no '# expect:' line"
    return (match.group(1) or b"error").decode(), match.group(2).decode()


def run_validate(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "fatheraudit", "validate", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env={**os.environ, "COLUMNS": "200"},
    )


def assert_clean_exit(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize("path", sorted(HAZARDS.iterdir()), ids=lambda p: p.name)
def test_hazard_file_gives_its_problem(path: Path) -> None:
    result = run_validate(path)
    assert_clean_exit(result)
    assert result.returncode == 1
    severity, code = expected(path)
    assert re.search(rf":\d+:\d+: {severity} {code}: ", result.stdout), result.stdout


def test_all_hazards_in_one_run_are_all_reported() -> None:
    result = run_validate(HAZARDS)
    assert_clean_exit(result)
    files_with_errors = {
        line.split(":")[0] for line in result.stdout.splitlines() if ": error " in line
    }
    assert len(files_with_errors) == len(list(HAZARDS.iterdir()))


def form_with(tmp_path: Path, name: str, old: str, new: str) -> Path:
    text = base_form_text()
    assert old in text, old
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_norway_answers_and_leading_zero_ids_are_read_as_typed(tmp_path: Path) -> None:
    text = base_form_text().replace("case_id: C01", "case_id: 012345")
    text = re.sub(r"(\n    answer: )no\n", r"\1NO\n", text, count=1)
    path = tmp_path / "012345.yaml"
    path.write_text(text, encoding="utf-8")
    result = run_validate(path)
    assert_clean_exit(result)
    assert result.returncode == 0, result.stdout


def test_a_form_with_bom_and_crlf_is_valid(tmp_path: Path) -> None:
    path = tmp_path / "C01.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + base_form_text().replace("\n", "\r\n").encode())
    result = run_validate(path)
    assert_clean_exit(result)
    assert result.returncode == 0, result.stdout


def test_impossible_date_is_located(tmp_path: Path) -> None:
    text = base_form_text()
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("audit_date:"))
    path = form_with(tmp_path, "C01.yaml", text.splitlines()[line - 1], "audit_date: 2023-02-30")
    result = run_validate(path)
    assert_clean_exit(result)
    assert f"C01.yaml:{line}:13: error S304: audit_date: is not a real date" in result.stdout


def test_uk_day_first_date_is_accepted(tmp_path: Path) -> None:
    text = base_form_text()
    old = next(row for row in text.splitlines() if row.startswith("audit_date:"))
    result = run_validate(form_with(tmp_path, "C01.yaml", old, "audit_date: 14/02/2023"))
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize("typed", ["yes", "true", "010", "1:30", "2.5"])
def test_a_rating_of_yes_or_true_is_an_error_not_a_number(tmp_path: Path, typed: str) -> None:
    text = base_form_text()
    match = re.search(r"  D4:\n    answer: (\d)\n", text)
    assert match
    path = form_with(tmp_path, "C01.yaml", match.group(0), f"  D4:\n    answer: {typed}\n")
    result = run_validate(path)
    assert_clean_exit(result)
    assert "error Q402: D4: the answer is not one of '1', '2', '3' or '4'" in result.stdout


def test_odd_entries_in_a_folder_are_listed_and_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "cases"
    folder.mkdir()
    (folder / "C01.yml").write_text(base_form_text(), encoding="utf-8")
    (folder / "pipe.yaml").parent.mkdir(exist_ok=True)
    os.mkfifo(folder / "pipe.yaml")
    (folder / "C05.yaml").mkdir()
    secret = tmp_path / "passwd"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n")
    (folder / "link.yaml").symlink_to(secret)
    (folder / "notes.txt").write_text("meeting notes\n")
    result = run_validate(folder)
    assert_clean_exit(result)
    out = result.stdout
    assert "pipe.yaml: warning F104" in out
    assert "C05.yaml: warning F103" in out
    assert "link.yaml: warning F102" in out
    assert "notes.txt: info F108" in out
    assert "root:x" not in out
    assert "1 valid case" in out


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "word_line_break.yaml",
            [(3, 20, "U+000B"), (4, 15, "U+0007")],
        ),
        (
            "word_page_break.yaml",
            [(2, 16, "U+000C"), (3, 10, "U+001E"), (3, 24, "U+001C"), (3, 26, "U+001D")],
        ),
        ("hidden_line_break.yaml", [(2, 13, "U+2028"), (3, 13, "U+0085")]),
    ],
)
def test_characters_pasted_from_word_are_named_at_their_true_place(
    name: str, expected: list[tuple[int, int, str]]
) -> None:
    result = run_validate(HAZARDS / name)
    assert_clean_exit(result)
    found = re.findall(r":(\d+):(\d+): error Y201: holds .*?\((U\+[0-9A-F]{4})", result.stdout)
    assert [(int(line), int(column), point) for line, column, point in found] == expected


def with_evidence(tmp_path: Path, note: str) -> tuple[subprocess.CompletedProcess[str], int]:
    """Validate the base form with its first evidence line replaced by `note`; the run
    (which must end cleanly and pass) and the line the note is on."""
    text = base_form_text()
    old = next(row for row in text.splitlines() if row.startswith("    evidence: "))
    result = run_validate(form_with(tmp_path, "C01.yaml", old, note))
    assert_clean_exit(result)
    assert result.returncode == 0, result.stdout
    return result, text.splitlines().index(old) + 1


def test_a_hash_in_a_note_is_a_located_warning_not_a_silent_cut(tmp_path: Path) -> None:
    note = "    evidence: Father lives at flat #3, not recorded #urgent"
    result, line = with_evidence(tmp_path, note)
    column = note.index(" #") + 2
    assert f"C01.yaml:{line}:{column}: warning Y211: the text after ' #' was read as a YAML " in (
        result.stdout
    )
    assert "quotes or write it as a block with '|'" in result.stdout


@pytest.mark.parametrize(
    "row",
    [
        '    evidence: "Flat #3, noted #urgent"',
        "    answer: yes  # checked with the SW",
        "    evidence: Father seen at home  # checked with the SW",
    ],
)
def test_quoted_hashes_and_deliberate_comments_pass_quietly(tmp_path: Path, row: str) -> None:
    text = base_form_text()
    key = row.split(":")[0]
    old = next(r for r in text.splitlines() if r.startswith(key + ": ") and r != key + ":")
    if key.strip() == "answer":
        old = next(r for r in text.splitlines() if r == "    answer: yes")
    result = run_validate(form_with(tmp_path, "C01.yaml", old, row))
    assert_clean_exit(result)
    assert "Y211" not in result.stdout and result.returncode == 0, result.stdout


def test_direction_controls_are_warned_at_their_true_place(tmp_path: Path) -> None:
    note = "    evidence: Dad said \u202eno contact\u202c was agreed"
    result, line = with_evidence(tmp_path, note)
    found = re.findall(r":(\d+):(\d+): warning Y212: holds .*?\((U\+[0-9A-F]{4})", result.stdout)
    places = [(int(row), int(column), point) for row, column, point in found]
    assert places == [
        (line, note.index("\u202e") + 1, "U+202E"),
        (line, note.index("\u202c") + 1, "U+202C"),
    ]
    assert "\u202e" not in result.stdout


def test_escaped_control_characters_are_warned_and_counted(tmp_path: Path) -> None:
    note = '    evidence: "Seen \\x9b31m red \\u202e and \\r typed over"'
    result, line = with_evidence(tmp_path, note)
    assert (
        f"C01.yaml:{line}:15: warning Y212: the text holds a control character (U+009B) at "
        "character 6 and 2 more such characters; reports show them only as a marker like "
        "[U+009B], so delete them"
    ) in result.stdout


def test_an_invisible_character_in_a_key_is_named_by_code_point() -> None:
    result = run_validate(HAZARDS / "zero_width_key.yaml")
    assert ":2:1: error Y203: a key holds a zero-width space (U+200B) at character 5;" in (
        result.stdout
    )
