"""The privacy guard: the detector measured on labelled fictional notes, and where it runs."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import REPO, flag_for_escalation
from fatheraudit.cli import app
from fatheraudit.core import open_registry
from fatheraudit.privacy import Detector, Finding, mask, nhs_valid
from fatheraudit.suppression import hide_small, published

LABELLED = Path(__file__).resolve().parent / "privacy"
AUDIT = REPO / "examples" / "audit-2023"
# The bars (README). Sets used while tuning: recall and precision at least 0.95 (names
# 0.90). The blind held-out set (holdout7.yaml, written separately and measured, never
# tuned on) holds issue 12's bars: all identifiers recall 0.97, names recall 0.95 and
# names precision 0.90.
TUNED = (
    "notes.yaml",
    "shapes.yaml",
    "shapes2.yaml",
    "shapes3.yaml",
    "shapes4.yaml",
    "shapes5.yaml",
    "shapes6.yaml",
    "holdout.yaml",
)
BARS = dict.fromkeys(TUNED, (0.95, 0.95, 0.9, 0.9))
BARS["holdout7.yaml"] = (0.95, 0.97, 0.90, 0.95)  # all P, all R, names P, names R


def measure(name: str) -> dict[str, list[int]]:
    """Found, false and missed per kind; a text labelled twice in a note is two places."""
    notes = yaml.safe_load((LABELLED / name).read_text(encoding="utf-8"))["notes"]
    detector = Detector(open_registry().words())
    per_kind: dict[str, list[int]] = {}
    for note in notes:
        text = note["text"]
        got = [(f.kind, f.start, f.end) for f in detector.find(text)]
        used: set[int] = set()
        placed: list[tuple[int, int]] = []
        for expected in note["expect"] or []:
            start, end = place(text, expected["text"], placed)
            kind = expected["kind"]
            match = next(
                (
                    i
                    for i, g in enumerate(got)
                    if i not in used and g[0] == kind and g[1] < end and start < g[2]
                ),
                None,
            )
            counts = per_kind.setdefault(kind, [0, 0, 0])
            if match is None:
                counts[2] += 1
            else:
                used.add(match)
                counts[0] += 1
        for index, (kind, _, _) in enumerate(got):
            if index not in used:
                per_kind.setdefault(kind, [0, 0, 0])[1] += 1
    return per_kind


def place(text: str, label: str, placed: list[tuple[int, int]]) -> tuple[int, int]:
    """Where a labelled text is in its note: its first place that no earlier label of the
    note holds ('Thanh ... Mr Thanh ... Thanh' is three places, not two)."""
    start = text.find(label)
    while start >= 0 and any(a < start + len(label) and start < b for a, b in placed):
        start = text.find(label, start + 1)
    assert start >= 0, f"{label!r} is labelled more often than it is written in {text!r}"
    placed.append((start, start + len(label)))
    return start, start + len(label)


def shares(counts: list[int]) -> tuple[float, float]:
    """Precision and recall of found, false, missed counts."""
    hit, false, miss = counts
    return hit / max(1, hit + false), hit / max(1, hit + miss)


@pytest.mark.parametrize("name", sorted(BARS))
def test_precision_and_recall_on_labelled_notes(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    per_kind = measure(name)
    every = [sum(c[i] for c in per_kind.values()) for i in range(3)]
    precision, recall = shares(every)
    name_precision, name_recall = shares(per_kind.get("name", [0, 0, 0]))
    with capsys.disabled():
        print(
            f"\nprivacy detector on {name}: precision {precision:.3f}, recall {recall:.3f}; "
            f"names precision {name_precision:.3f}, recall {name_recall:.3f}"
        )
        for kind, (hit, false, miss) in sorted(per_kind.items()):
            print(f"  {kind:14} found {hit:3}  false {false:3}  missed {miss:3}")
    bars = BARS[name]
    assert all(
        got >= bar
        for got, bar in zip((precision, recall, name_precision, name_recall), bars, strict=True)
    )


@pytest.mark.parametrize("name", ["notes.yaml", "holdout7.yaml"])
def test_labelled_set_is_big_enough_and_covers_every_kind(name: str) -> None:
    notes = yaml.safe_load((LABELLED / name).read_text(encoding="utf-8"))["notes"]
    kinds = {e["kind"] for n in notes for e in n["expect"] or []}
    assert len(notes) >= 150 and len(kinds) == 8
    assert sum(1 for n in notes if not n["expect"]) >= 50


def test_nhs_check_digit() -> None:
    assert nhs_valid("9434765919") and not nhs_valid("9434765918") and not nhs_valid("9991234567")


def test_masking_keeps_only_first_characters() -> None:
    assert mask("Jamie Brookes") == "J**** B******"
    assert mask("07700 900123") == "0**** 9*****"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Seen with Mr Okafor at home.", "name"),
        ("NHS number 943 476 5919 on file.", "nhs_number"),
        ("NI number QQ123456C.", "ni_number"),
        ("Postcode sw1a 1aa given.", "postcode"),
        ("Mobile +44 7700 900123.", "phone"),
        ("Email dad@example.org sent.", "email"),
        ("Father's DOB: 03/04/1990.", "date_of_birth"),
        ("He lives at 14 Elm Road now.", "address"),
    ],
)
def test_each_kind(text: str, kind: str) -> None:
    assert [f.kind for f in Detector().find(text)] == [kind]


@pytest.mark.parametrize(
    "text",
    [
        "Core group held on 03/04/2023 at the family hub on Station Road.",
        "The Family Drug and Alcohol Court worked with him; ICPC at 10:30.",
        "Case ref 2023/00451; number 9434765918 fails its check.",
        "Father said the Social Worker explained the Child Protection plan.",
    ],
)
def test_look_alikes_are_not_flagged(text: str) -> None:
    assert Detector().find(text) == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Midwife Ewa Majewska rang dad.", [("name", "Ewa Majewska")]),
        ("Brother-in-law Łukasz Dąbrowski helps.", [("name", "Łukasz Dąbrowski")]),
        ("spoke w/ will re contact", [("name", "will")]),
        ("spoke to dawn (nan) - she says frank is back", [("name", "dawn"), ("name", "frank")]),
        ("police log: jake + mum verbal argument", [("name", "jake")]),
        ("rung lukasz x3 no ans", [("name", "lukasz")]),
        ("brandon (older bro, 17) home alone", [("name", "brandon")]),
        ("Grace, the eldest, told her teacher.", [("name", "Grace")]),
        ("Summer was seen with her father.", [("name", "Summer")]),
        ("Blessing (mum) said he works nights.", [("name", "Blessing")]),
        ("Hope and Summer (twins, 9) live with dad.", [("name", "Hope"), ("name", "Summer")]),
        (
            "Olamide, Tobi and Femi Adekunle were seen.",
            [("name", "Olamide"), ("name", "Tobi"), ("name", "Femi Adekunle")],
        ),
        ("Martin Ward (Irish Traveller) gave it.", [("name", "Martin Ward")]),
        ("It is recorded as 'Mr Thanh' throughout.", [("name", "Mr Thanh")]),
        ("Father: NHS 485 777 3456.", [("nhs_number", "485 777 3456")]),
        ("Rhys (b. 04/07/2005) is an adult.", [("name", "Rhys"), ("date_of_birth", "04/07/2005")]),
        (
            "Baby's date of birth 19 April 2023 and dad's 2 February 2001.",
            [("date_of_birth", "19 April 2023"), ("date_of_birth", "2 February 2001")],
        ),
        ("He was born in Lagos on 9 September 1982.", [("date_of_birth", "9 September 1982")]),
    ],
)
def test_names_and_dates_in_their_shapes(text: str, found: list[tuple[str, str]]) -> None:
    detector = Detector(open_registry().words())
    assert [(f.kind, f.text) for f in detector.find(text)] == found


@pytest.mark.parametrize(
    "text",
    [
        "Mum's fiancé attended; the baby's red book was seen.",
        "Tel (father): 0113 496 0877.",
        "Father speaks Romani and Slovak; the interpreter spoke only Czech.",
        "Dad's WhatsApp is busy; Royal Mail gave him time off; Red Book shows visits.",
        "He completed the Dad Pack; seen at Sheffield Children's; St Aidan's C of E Primary.",
        "Dad's Leeds United ticket; Mumsnet and Facebook groups; a refuge in Kent confirmed.",
        "He returned from Somaliland; Mother is Filipino. He was told no.",
        "The logs print stdout and stderr; ruff, mypy and yamale ran.",
        "Baby due 03/05/2024; Ionel (father, Roma) was asked.",
        "Invitations went out with the reports before the conference.",
        "Dad said the worker told you re contact; mum rang his re the plan.",  # pronouns
    ],
)
def test_words_that_are_not_names_this_time(text: str) -> None:
    detector = Detector(open_registry().words())
    assert [f.text for f in detector.find(text) if f.kind == "name"] in ([], ["Ionel"])


@pytest.mark.parametrize("example", ["audit-2023", "reaudit-2024", "agency-2023"])
def test_the_bundled_examples_hold_no_possible_identifier(runner: CliRunner, example: str) -> None:
    result = runner.invoke(app, ["validate", str(REPO / "examples" / example)])
    assert result.exit_code == 0 and " P9" not in result.stdout, result.stdout


def test_the_authors_a_tool_cites_are_not_known_words() -> None:
    assert "brandon" not in open_registry().words() and "fathers" in open_registry().words()


def put_name(folder: Path) -> int:
    """A name in C03's first evidence note; returns its line."""
    case = folder / "cases" / "C03.yaml"
    text = re.sub(
        r"(\n  A1:\n    answer: \w+\n    evidence: )",
        r"\1Spoke with Jamie Brookes. ",
        case.read_text(),
        count=1,
    )
    case.write_text(text)
    return next(n for n, line in enumerate(text.splitlines(), 1) if "Jamie Brookes" in line)


def test_validate_warns_with_place_and_masked_text(runner: CliRunner, audit_copy: Path) -> None:
    line = put_name(audit_copy)
    result = runner.invoke(app, ["validate", str(audit_copy / "cases")])
    assert result.exit_code == 0
    assert f"C03.yaml:{line}:26: warning P908: possible name 'J**** B******'" in result.stdout
    assert "Brookes" not in result.stdout
    strict = runner.invoke(app, ["validate", "--privacy", "error", str(audit_copy / "cases")])
    assert strict.exit_code == 1 and "error P908" in strict.stdout


def test_report_refuses_and_writes_nothing(runner: CliRunner, audit_copy: Path) -> None:
    line = put_name(audit_copy)
    result = runner.invoke(app, ["report", str(audit_copy)])
    assert result.exit_code == 1
    assert f"C03.yaml:{line}:26" in result.stderr and "not written" in result.stderr
    assert not (audit_copy / "reports").exists()
    allowed = runner.invoke(app, ["report", str(audit_copy), "-o", "-", "--allow-identifiers"])
    assert allowed.exit_code == 0
    first_page = allowed.stdout.split("## 1.", 1)[0]
    assert "Privacy warning" in first_page and "1 possible personal identifier" in first_page


def test_a_reviewed_public_name_stops_being_reported(runner: CliRunner, audit_copy: Path) -> None:
    put_name(audit_copy)
    case = audit_copy / "cases" / "C03.yaml"
    case.write_text(
        case.read_text()
        + "privacy_reviewed:\n  - {text: Jamie Brookes, reason: fictional test name}\n"
    )
    result = runner.invoke(app, ["validate", str(audit_copy / "cases")])
    assert "P908" not in result.stdout and result.exit_code == 0


def test_a_name_in_a_role_field_is_flagged(runner: CliRunner, audit_copy: Path) -> None:
    case = audit_copy / "cases" / "C03.yaml"
    text = re.sub(r"\n  role: [^\n]*", "\n  role: Mrs Kayleigh Dunn", case.read_text(), count=1)
    case.write_text(text)
    result = runner.invoke(app, ["validate", str(case)])
    assert "P908" in result.stdout and "auditor.role" in result.stdout


def test_small_counts_are_hidden_and_cannot_be_recomputed() -> None:
    assert hide_small({"female": 5, "male": 6}, 6, adds_up=True) == {
        "female": "fewer than 6",
        "male": "withheld",
    }
    assert hide_small({"a": 1, "b": 2, "c": 7}, 3, adds_up=True) == {
        "a": "fewer than 3",
        "b": "fewer than 3",
        "c": "7",
    }
    assert hide_small({"a": 1, "b": 9}, 3, adds_up=False) == {"a": "fewer than 3", "b": "9"}
    assert hide_small({"a": 1, "b": 9}, None, adds_up=True) == {"a": "1", "b": "9"}


def test_report_with_suppression(runner: CliRunner) -> None:
    result = runner.invoke(app, ["report", str(AUDIT), "-o", "-", "--suppress-below", "6"])
    assert result.exit_code == 0
    text = result.stdout
    assert "fewer than 6 female and withheld male" in text
    assert "| Physical harm or non-accidental injury | fewer than 6 of 10 |" in text
    assert "6 months to 15 years" not in text


def test_redact_writes_copies_and_leaves_originals(
    runner: CliRunner, audit_copy: Path, tmp_path: Path
) -> None:
    put_name(audit_copy)
    case = audit_copy / "cases" / "C03.yaml"
    original = case.read_bytes()
    out = tmp_path / "shared"
    result = runner.invoke(app, ["redact", str(audit_copy / "cases"), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert case.read_bytes() == original
    redacted = (out / "C03.yaml").read_text()
    assert "Jamie Brookes" not in redacted and "Spoke with [name]." in redacted
    assert runner.invoke(app, ["validate", str(out)]).exit_code == 0
    inside = runner.invoke(
        app, ["redact", str(audit_copy / "cases"), "-o", str(audit_copy / "cases" / "x")]
    )
    assert inside.exit_code == 2


def scanned(path: Path) -> list[tuple[int, int, str]]:
    """Each finding scan reports for a file: its line, column and message."""
    from fatheraudit.loader import load_yaml
    from fatheraudit.privacy import free_texts, scan

    loaded = load_yaml(path)
    assert loaded.document is not None
    detector = Detector(open_registry().words())
    found = scan([free_texts(loaded.document)], detector)
    return [(p.line or 0, p.column or 0, p.message) for p in found]


def test_the_same_identifier_twice_on_a_line_is_placed_twice(
    runner: CliRunner, tmp_path: Path
) -> None:
    note = tmp_path / "cases" / "note.yaml"
    note.parent.mkdir()
    note.write_text("evidence: call 07700 900123 then 07700 900123 again\n")
    columns = [column for line, column, _ in scanned(note)]
    assert columns == [16, 34]
    out = tmp_path / "shared"
    result = runner.invoke(app, ["redact", str(note.parent), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    text = (out / "note.yaml").read_text()
    assert text == "evidence: call [telephone number] then [telephone number] again\n"


@pytest.mark.parametrize(
    ("written", "redacted"),
    [
        (
            "evidence: |\n  [x] Dad on 07700 900123.\n  07700 900123 is his.\n",
            "evidence: |\n  [x] Dad on [telephone number].\n  [telephone number] is his.\n",
        ),
        (
            'evidence: "tel\\t07700 900123, \\u00e9 then 07700 900123"\n',
            'evidence: "tel\\t[telephone number], \\u00e9 then [telephone number]"\n',
        ),
        (
            "evidence: 07700 900123 was\n  his number # not hers\n",
            'evidence: "[telephone number] was his number" # not hers\n',
        ),
        (
            "evidence: 'Dad''s 07700 900123'\n",
            "evidence: 'Dad''s [telephone number]'\n",
        ),
        (
            "evidence: 07700 900123 was his\n",
            'evidence: "[telephone number] was his"\n',
        ),
    ],
)
def test_redaction_replaces_exactly_what_was_found(
    runner: CliRunner, tmp_path: Path, written: str, redacted: str
) -> None:
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "note.yaml").write_text(written)
    out = tmp_path / "shared"
    result = runner.invoke(app, ["redact", str(cases), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert (out / "note.yaml").read_text() == redacted


IDENTIFIERS = ["07700 900123", "SW1A 1AA", "dad.smith@example.org", "QQ 12 34 56 C"]
FILLER = ["met", "dad", "at", "home,", "then", "phoned", "#2", "'quoted'", '"said"', "é", "\\"]


def notes_in_every_style(test: Callable[..., None]) -> Callable[..., None]:
    """A property over notes of identifiers and awkward words, written in every YAML
    style at many widths."""
    return settings(
        max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )(
        given(
            words=st.lists(st.sampled_from(IDENTIFIERS + FILLER), min_size=1, max_size=14),
            style=st.sampled_from([None, "'", '"', "|", ">"]),
            width=st.integers(min_value=12, max_value=80),
        )(test)
    )


def written_note(path: Path, words: list[str], style: str | None, width: int) -> tuple[str, str]:
    """The words as one evidence note, written to `path` in `style`; the note and the file."""
    note = " ".join(words)
    written = yaml.safe_dump(
        {"evidence": note}, default_style=style, width=width, allow_unicode=True
    )
    path.write_text(written)
    return note, written


@notes_in_every_style
def test_every_reported_place_holds_the_text_found(
    tmp_path: Path, words: list[str], style: str | None, width: int
) -> None:
    path = tmp_path / "note.yaml"
    note, written = written_note(path, words, style, width)
    starts = [0] + [m.end() for m in re.finditer("\n", written)]
    expected = [f.text for f in Detector(open_registry().words()).find(note)]
    found = scanned(path)
    assert len(found) == len(expected)
    for (line, column, _), text in zip(found, expected, strict=True):
        there = written[starts[line - 1] + column - 1 :]
        assert there.startswith(text.split()[0]), (line, column, text, written)


@notes_in_every_style
def test_redaction_replaces_each_finding_and_nothing_else(
    tmp_path: Path, words: list[str], style: str | None, width: int
) -> None:
    from fatheraudit.privacy import KINDS
    from fatheraudit.redact import redact_file

    path = tmp_path / "note.yaml"
    note, _ = written_note(path, words, style, width)
    detector = Detector(open_registry().words())
    expected = note
    for finding in sorted(detector.find(note), key=lambda f: f.start, reverse=True):
        expected = expected[: finding.start] + f"[{KINDS[finding.kind]}]" + expected[finding.end :]
    redaction = redact_file(path, detector)
    if redaction.text is None:
        assert [p.code for p in redaction.problems] == ["P990"]
        return
    assert yaml.safe_load(redaction.text)["evidence"] == expected


class PlaceholderReader(Detector):
    """A detector that reads redaction's own placeholders as names."""

    def find(self, text: str) -> list[Finding]:
        found = super().find(text)
        at = text.find("[name]")
        return found if at < 0 else [*found, Finding("name", at, at + 6, "[name]")]


def test_a_copy_with_anything_still_found_is_refused(tmp_path: Path) -> None:
    from fatheraudit.redact import redact_file

    path = tmp_path / "note.yaml"
    path.write_text("evidence: Spoke with Jamie Brookes about contact.\n")
    assert redact_file(path, Detector()).text == "evidence: Spoke with [name] about contact.\n"
    refused = redact_file(path, PlaceholderReader())
    assert refused.text is None
    assert [(p.code, p.line) for p in refused.problems] == [("P990", 1)]
    assert "still there after redaction" in refused.problems[0].message


def test_every_labelled_note_redacts_to_a_clean_copy(tmp_path: Path) -> None:
    from fatheraudit.redact import redact_file

    notes = [
        note["text"]
        for name in ("notes.yaml", "shapes.yaml", "shapes2.yaml", "shapes3.yaml", "shapes4.yaml")
        for note in yaml.safe_load((LABELLED / name).read_text(encoding="utf-8"))["notes"]
    ]
    path = tmp_path / "notes.yaml"
    path.write_text(yaml.safe_dump({"learning": notes}, allow_unicode=True, width=80))
    redaction = redact_file(path, Detector(open_registry().words()))
    assert redaction.problems == [] and redaction.text is not None
    assert "Jamie" not in redaction.text


def test_placeholders_add_no_quotes_to_a_block(tmp_path: Path) -> None:
    from fatheraudit.redact import redact_file

    path = tmp_path / "note.yaml"
    path.write_text("evidence: |\n  07700 900123 is dad's.\n  Kwame Mensah rang.\n")
    redaction = redact_file(path, Detector())
    assert redaction.text == ("evidence: |\n  [telephone number] is dad's.\n  [name] rang.\n")


NUMBER_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
SHARE = re.compile(
    rf"(?<![\w ]than )\b(\d+|{'|'.join(NUMBER_WORDS)}) of (?:the )?(\d+|ten)\b", re.I
)


def small_counts(text: str, below: int) -> list[str]:
    """Every 'N of M' in a report where N, or what it leaves of M, is above 0 and below
    `below` (numbers in words too)."""
    found = []
    for match in SHARE.finditer(text):
        part, whole = (
            int(w) if w.isdigit() else NUMBER_WORDS.index(w.lower()) for w in match.groups()
        )
        if 0 < part < below or 0 < whole - part < below:
            found.append(match.group())
    return found


@pytest.mark.parametrize("command", ["report", "summary"])
def test_publishing_hides_every_small_count(runner: CliRunner, command: str) -> None:
    plain = runner.invoke(app, [command, str(AUDIT), "-o", "-"]).stdout
    assert small_counts(plain, 5), "the example has small counts to hide"
    result = runner.invoke(app, [command, str(AUDIT), "-o", "-", "--suppress-below", "5"])
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert small_counts(text, 5) == []
    assert not re.search(r"\((?:C\d\d)(?:, C\d\d)*\)", text), "no case ids beside counts"
    assert not re.search(r"(?m)^> C\d\d:", text), "no evidence excerpt the chair has not cleared"


@pytest.mark.parametrize("command", ["report", "summary"])
def test_publishing_leaves_out_single_case_figures_and_who_was_escalated(
    runner: CliRunner, audit_copy: Path, command: str
) -> None:
    flag_for_escalation(audit_copy, "C04")
    plain = runner.invoke(app, [command, str(audit_copy), "-o", "-"]).stdout
    assert re.search(r"range \d+% to \d+%", plain)
    args = [command, str(audit_copy), "-o", "-", "--suppress-below", "5"]
    text = runner.invoke(app, args).stdout
    assert not re.search(r"\d+% to \d+%", text), "no lowest or highest case"
    assert "C04" not in text
    if command == "summary":
        assert "Flagged for escalation today: C04." in plain
        assert "fewer than 5 of 10 cases were flagged for escalation" in text


@pytest.mark.parametrize("command", ["report", "summary"])
def test_publishing_hides_how_few_fathers_replied(
    runner: CliRunner, audit_copy: Path, command: str
) -> None:
    meta = audit_copy / "audit.yaml"
    meta.write_text(meta.read_text().replace("  received: 0\n", "  received: 3\n", 1))
    plain = runner.invoke(app, [command, str(audit_copy), "-o", "-"]).stdout
    assert "3 of 10" in plain
    args = [command, str(audit_copy), "-o", "-", "--suppress-below", "5"]
    text = runner.invoke(app, args).stdout
    assert "fewer than 5 of 10" in text and small_counts(text, 5) == []


def test_a_hidden_engagement_count_withholds_the_rows_counted_over_it() -> None:
    def count(numerator: int, denominator: int) -> dict[str, int]:
        return {"numerator": numerator, "denominator": denominator}

    outcomes = {"engaged": count(43, 46), "reduced": count(20, 43), "not_followed_up": count(3, 43)}
    shown = published({"outcomes": outcomes}, 5, frozenset())["outcomes"]
    assert shown["engaged"]["numerator"] == "more than 41"
    assert shown["reduced"]["numerator"] == shown["not_followed_up"]["denominator"] == "withheld"
    outcomes["engaged"] = count(37, 46)
    shown = published({"outcomes": outcomes}, 5, frozenset())["outcomes"]
    assert shown["reduced"] == count(20, 43)
    assert shown["not_followed_up"]["numerator"] == "fewer than 5"


def test_plain_small_counts_are_hidden_too() -> None:
    outcomes = {"children_under_one_reached": 2, "engagement_not_recorded": 0, "recorded": 9}
    assert published({"outcomes": outcomes}, 5, frozenset())["outcomes"] == {
        "children_under_one_reached": "fewer than 5",
        "engagement_not_recorded": 0,
        "recorded": 9,
    }


def test_published_excerpts_are_only_those_the_chair_reviewed(
    runner: CliRunner, audit_copy: Path
) -> None:
    plain = runner.invoke(app, ["report", str(audit_copy), "-o", "-"]).stdout
    quote = re.search(r"(?m)^> (C\d\d): (.+)$", plain)
    assert quote is not None, "the unpublished report quotes evidence"
    published = ["report", str(audit_copy), "-o", "-", "--suppress-below", "5"]
    assert quote.group(2) not in runner.invoke(app, published).stdout
    case, question = quote.group(1), excerpt_question(audit_copy, quote.group(1), quote.group(2))
    meta = audit_copy / "audit.yaml"
    meta.write_text(meta.read_text() + f"published_excerpts: ['{case} {question}']\n")
    assert quote.group(2) in runner.invoke(app, published).stdout


def excerpt_question(audit: Path, case: str, text: str) -> str:
    """The question whose evidence note in `case` starts like the excerpt `text`."""
    form = yaml.safe_load((audit / "cases" / f"{case}.yaml").read_text())
    start = text.rstrip(" …").replace("\\\\", "")[:40]
    return next(
        qid
        for qid, answer in form["answers"].items()
        if " ".join(str(answer.get("evidence", "")).split()).startswith(start)
    )
