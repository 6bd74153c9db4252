"""The strict loader, on both of PyYAML's parsers (libyaml's C parser and the pure one)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from fatheraudit import loader
from fatheraudit.loader import BIDI_NAMES, Mark, load_yaml, load_yaml_text

HERE = Path("form.yaml")


@pytest.fixture(params=["c", "python"], autouse=True)
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Run every test once with each parser."""
    if request.param == "c" and not yaml.__with_libyaml__:
        pytest.skip("libyaml is not installed")
    monkeypatch.setattr(loader, "USE_C_PARSER", request.param == "c")
    yield request.param


def load(text: str) -> tuple[Any, list[str]]:
    loaded = load_yaml_text(text, HERE)
    data = loaded.document.data if loaded.document else None
    return data, [p.code for p in loaded.problems]


def test_every_scalar_is_the_text_typed() -> None:
    data, codes = load("a: no\nb: NO\nc: 012345\nd: 1:30\ne: 2023-02-30\nf: 1e3\ng: true\n")
    assert codes == []
    assert data == {
        "a": "no",
        "b": "NO",
        "c": "012345",
        "d": "1:30",
        "e": "2023-02-30",
        "f": "1e3",
        "g": "true",
    }


def test_empty_and_null_are_none_but_quoted_null_is_text() -> None:
    data, _ = load("a:\nb: ~\nc: null\nd: 'null'\ne: ''\n")
    assert data == {"a": None, "b": None, "c": None, "d": "null", "e": ""}


def test_marks_point_at_values_and_keys() -> None:
    loaded = load_yaml_text("case_id: C01\nanswers:\n  A1:\n    answer: yes\n", HERE)
    document = loaded.document
    assert document is not None
    assert document.mark(("answers", "A1", "answer")) == Mark(4, 13)
    assert document.key_mark(("answers", "A1")) == Mark(3, 3)
    assert document.mark(("answers", "A9", "answer")) == Mark(3, 3)


def test_duplicate_key_names_both_lines_and_keeps_the_first() -> None:
    loaded = load_yaml_text("a: 1\nb: 2\na: 3\n", HERE)
    assert loaded.document is not None and loaded.document.data == {"a": "1", "b": "2"}
    (found,) = loaded.problems
    assert found.code == "Y210" and found.line == 3
    assert "first on line 1, again on line 3" in found.message


def test_keys_differing_only_in_yaml_1_1_meaning_stay_apart() -> None:
    data, codes = load("1: a\nyes: b\non: c\ntrue: d\n")
    assert codes == [] and data == {"1": "a", "yes": "b", "on": "c", "true": "d"}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("a: &x 1\nb: *x\n", "Y206"),
        ("a: !!python/name:os.system x\n", "Y208"),
        ("a: !custom x\n", "Y208"),
        ("a: 1\n---\nb: 2\n", "Y205"),
        ("a:\n\tb: 1\n", "Y202"),
        ("a:\n\u00a0\u00a0b: 1\n", "Y203"),
        ("a\u200b: 1\n", "Y203"),
        ("a: \x07\n", "Y201"),
        ("a: b: c\n", "Y200"),
        ("[" * 100_000, "Y204"),
        ("? [a]\n: 1\n", "Y209"),
        ("a: flat #3, not recorded\n", "Y211"),
        ("a:\n  - seen at home # dad present\n", "Y211"),
    ],
)
def test_hazards_become_located_problems(text: str, code: str) -> None:
    loaded = load_yaml_text(text, HERE)
    assert code in [p.code for p in loaded.problems]
    assert all(p.line >= 1 for p in loaded.problems)


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("answers:\n  A2: yes\n    evidence: seen at home\n", (2, 7)),
        ("answers:\n  A2: partly   # unsure\n\n    # the note\n    evidence: x\n", (2, 7)),
        ('answers:\n  A2: "yes"\n    answer: no\n', (2, 7)),
        ("answers:\n  - A2: yes\n      portfolio: P1\n", (2, 9)),
    ],
)
def test_an_answer_on_the_questions_line_with_its_keys_below_is_named_there(
    text: str, where: tuple[int, int]
) -> None:
    """'A2: yes' over an indented 'evidence:': the slip is the value on A2's line, not
    a ': ' in the line below, where the parser stops."""
    (found,) = load_yaml_text(text, HERE).problems
    assert (found.code, found.line, found.column) == ("Y200", *where)
    assert "'A2' is given a value on its own line and its answer's keys below" in found.message
    assert "as 'answer: ...'" in found.message
    assert not any(word in found.message for word in ("yes", "partly", "P1"))


@pytest.mark.parametrize(
    "text",
    [
        "a: b: c\n",
        "note: The father\n  was seen: twice\n",
        "answers:\n  A2:\n    evidence: Dad said: no\n",
        "answers:\n  A2: yes\n  evidence: x: y\n",
        "answers:\n  A2:\n    evidence: Dad told the worker\n      Update: not invited\n",
        "people:\n  - role: dad\n      seen: yes\n",  # not an answer's key below
        "case_id: C03\n  oops: [\n",
        'note: "He said\n Smith: absent"\n  evidence: x\n',  # words inside a quoted value
        'answers:\n  A2:\n    evidence: "Mum reports\n  Uncle: here"\n      answer: yes\n',
    ],
)
def test_other_colons_and_indents_keep_their_own_hints(text: str) -> None:
    (found,) = load_yaml_text(text, HERE).problems
    assert found.code == "Y200" and "is given a value on its own line" not in found.message
    assert not any(word in found.message for word in ("Smith", "Uncle", "Update", "dad"))


def test_a_problem_on_the_questions_line_does_not_hide_the_syntax_error() -> None:
    """A hidden character on A2's line is reported there, and the slip as well."""
    found = load_yaml_text("answers:\n  A2: a:\u200b\n    evidence: x\n", HERE).problems
    assert sorted(p.code for p in found) == ["Y200", "Y203"]


def test_problems_never_quote_the_value() -> None:
    loaded = load_yaml_text("secret: Child disclosed: harm by uncle\n", HERE)
    assert loaded.problems
    assert all("uncle" not in p.message for p in loaded.problems)


def test_bom_and_windows_line_endings_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: yes\r\nb: no\r\n")
    loaded = load_yaml(path)
    assert loaded.problems == []
    assert loaded.document is not None and loaded.document.data == {"a": "yes", "b": "no"}


def test_not_utf8_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(b"a: 1\nb: caf\xe9\n")
    (found,) = load_yaml(path).problems
    assert (found.code, found.line, found.column) == ("F107", 2, 7)
    assert "re-save" in found.message


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("a: " + "x" * 2000 + "\n")
    (found,) = load_yaml(path, max_bytes=1000).problems
    assert found.code == "F105"


def test_named_pipe_is_skipped_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    loaded = load_yaml(fifo)
    assert loaded.document is None and loaded.problems[0].code == "F104"


def test_symlink_out_of_the_folder_is_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("root:x:0:0\n")
    folder = tmp_path / "cases"
    folder.mkdir()
    (folder / "link.yaml").symlink_to(outside)
    loaded = load_yaml(folder / "link.yaml", root=folder)
    assert loaded.document is None and loaded.problems[0].code == "F102"


# --- properties ----------------------------------------------------------------------

keys = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABC0123456789_- ", min_size=1, max_size=12)
scalars = st.none() | st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc", "Zl", "Zp"),
        blacklist_characters="\ufeff\u200b\u200c\u200d\u2060\u00a0\u202f\u2007\ufffe\uffff\x85",
    ),
    max_size=40,
)
trees = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None)
@given(tree=trees)
def test_dumped_data_loads_back_exactly_as_text(tree: Any) -> None:
    text = yaml.safe_dump(tree, allow_unicode=True)
    loaded = load_yaml_text(text, HERE)
    # Direction controls written as they are are warned about (Y212), and only they.
    hidden = any(c in BIDI_NAMES for c in text)
    assert {p.code for p in loaded.problems} == ({"Y212"} if hidden else set())
    assert loaded.document is not None and loaded.document.data == tree


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=200))
def test_any_text_gives_data_or_located_problems_never_an_exception(text: str) -> None:
    loaded = load_yaml_text(text, HERE)
    if loaded.document is None:
        assert loaded.problems
    assert all(p.line >= 0 and p.code for p in loaded.problems)


@settings(max_examples=100, deadline=None)
@given(text=st.text(alphabet="[]{}:-,?&*!|>'\"#%@ \n\tab", max_size=80))
def test_yaml_punctuation_soup_never_raises(text: str) -> None:
    loaded = load_yaml_text(text, HERE)
    assert loaded.document is not None or loaded.problems


@settings(max_examples=200, deadline=None)
@given(tree=trees)
def test_fast_and_careful_readers_agree(tree: Any) -> None:
    text = yaml.safe_dump(tree, allow_unicode=True, default_flow_style=None)
    careful, careful_problems = loader.parse_events(text, HERE, [])
    fast, fast_problems = loader.compose_text(text, HERE, [])
    assert [p.code for p in fast_problems] == [p.code for p in careful_problems]
    assert (fast is None) == (careful is None)
    if fast is not None and careful is not None:
        assert fast.data == careful.data
        assert fast.marks == careful.marks and fast.key_marks == careful.key_marks


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\nb:\n  c: [1, {d: 2}]\na: 3\n",
        "? [x]\n: 1\n'': 2\n~: 3\n",
        "a" + ": {a" * 25 + "}" * 25 + "\n",
        "- - - - a\n- b\n",
        "answers:\n  A1:\n    answer:\n    evidence: |\n      two\n      lines\n",
        "a: flat #3, not recorded #urgent\nb:\n  - seen at home # dad\n  - [x, y] # z\n",
        "a: two\n  lines #here\nb: yes  # fine\n",
    ],
)
def test_fast_and_careful_readers_agree_on_odd_shapes(text: str) -> None:
    careful, careful_problems = loader.parse_events(text, HERE, [])
    fast, fast_problems = loader.compose_text(text, HERE, [])
    assert [(p.code, p.line, p.column) for p in fast_problems] == [
        (p.code, p.line, p.column) for p in careful_problems
    ]
    assert (fast is None) == (careful is None)
    if fast is not None and careful is not None:
        assert (fast.data, fast.marks, fast.key_marks) == (
            careful.data,
            careful.marks,
            careful.key_marks,
        )


def test_risky_features_go_to_the_careful_reader() -> None:
    for text in (
        "a: &x 1\n",
        "a: *x\n",
        "a: !!str 1\n",
        "<<: {a: 1}\n",
        "%YAML 1.1\n---\na: 1\n",
        "a: 1\n---\nb: 2\n",
    ):
        assert not loader.composable(text), text
    assert loader.composable("evidence: Tired & upset! Dad *did* attend.\n")


DEEP_TEXTS = [
    "answers: " + "[" * 100_000,
    "answers: " + "[" * 300 + "]" * 300 + "\n",
    "answers: " + "{a: " * 2_000,
    "".join("  " * i + "- \n" for i in range(40)),
    "a:\n  b: " + "[" * 1_500 + "\n",
]


@pytest.mark.parametrize("text", DEEP_TEXTS, ids=range(len(DEEP_TEXTS)))
def test_depth_rule_is_the_projects_own(text: str) -> None:
    (found,) = load_yaml_text(text, HERE).problems
    assert found.code == "Y204"
    assert found.message == f"nesting is deeper than {loader.MAX_DEPTH} levels; not read"


@pytest.mark.parametrize("text", DEEP_TEXTS, ids=range(len(DEEP_TEXTS)))
def test_depth_rule_gives_the_same_place_on_both_parsers(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loader, "USE_C_PARSER", False)
    python = load_yaml_text(text, HERE).problems
    monkeypatch.setattr(loader, "USE_C_PARSER", bool(yaml.__with_libyaml__))
    assert load_yaml_text(text, HERE).problems == python


class ShallowLibyaml(yaml.SafeLoader):
    """A stand-in for a libyaml release whose own nesting limit is only 5 levels."""

    def get_event(self) -> yaml.Event:
        event = super().get_event()
        if isinstance(event, yaml.CollectionStartEvent) and len(self.states) > 5:
            raise yaml.scanner.ScannerError(
                "while increasing flow level",
                None,
                "exceeded maximum nesting depth",
                event.start_mark,
            )
        return event


def test_a_parsers_own_depth_limit_never_reaches_the_user() -> None:
    text = "answers: " + "[" * 30 + "]" * 30 + "\n"
    _, problems = loader.parse_events(text, HERE, [], ShallowLibyaml)
    # the 21st container is the 20th bracket after the top mapping, in column 29
    assert [(p.code, p.line, p.column) for p in problems] == [("Y204", 1, 29)]


# --- the quick reader ------------------------------------------------------------------

# Lines a hand-written form is made of, and many it should not be: keys, bare keys, list
# items, comments and blank lines at any indentation, their values drawn from characters
# that change what YAML reads (colons, hashes, quotes, brackets, indicators, null words).
QUICK_KEYS = st.from_regex(r"[A-Za-z0-9_][A-Za-z0-9_./-]{0,5}", fullmatch=True) | st.sampled_from(
    ["A1", "a", "null", "~", "a b", "-x", "'q'", "é"]
)
QUICK_WORDS = st.text(
    alphabet=" aZ9:#-,[]{}'\"&*!|>%@`~?.\\é\u00a0", max_size=10
) | st.sampled_from(
    [
        "yes",
        "no",
        "~",
        "null",
        "[a, b c]",
        "{k: v, j: 2 w}",
        "[]",
        "{}",
        '"1.0"',
        "'x'",
        "a: b",
        "x #y",
        "x  # y",
        "10:30",
        "[a, ]",
        "{k: }",
        "two words",
    ]
)
QUICK_LINE = st.tuples(
    st.integers(0, 6),
    st.sampled_from(["key", "bare", "item", "item-key", "#", ""]),
    QUICK_KEYS,
    QUICK_WORDS,
)


def quick_line(indent: int, kind: str, key: str, words: str) -> str:
    """One line of a generated form."""
    pad = " " * indent
    written = {
        "key": f"{key}: {words}",
        "bare": f"{key}:",
        "item": f"- {words}",
        "item-key": f"- {key}: {words}",
        "#": f"# {words}",
        "": "",
    }
    return pad + written[kind]


QUICK_TEXTS = st.lists(QUICK_LINE, min_size=1, max_size=14).map(
    lambda lines: "\n".join(quick_line(*line) for line in lines) + "\n"
)


def readers_agree(text: str) -> bool:
    """The quick reader gives what both careful readers give, or leaves the text to them;
    True when it read the text."""
    problems, parseable = loader.scan_characters(text, HERE)
    quick = loader.read_plain(text, HERE, problems) if parseable else None
    if quick is None:
        return False
    document, found = quick
    for careful, careful_problems in (
        loader.parse_events(text, HERE, list(problems)),
        loader.compose_text(text, HERE, list(problems)),
    ):
        assert careful is not None, text
        assert (document.data, document.marks, document.key_marks) == (
            careful.data,
            careful.marks,
            careful.key_marks,
        ), text
        assert [(p.code, p.line, p.column, p.message) for p in found] == [
            (p.code, p.line, p.column, p.message) for p in careful_problems
        ], text
    return True


@settings(max_examples=600, deadline=None)
@given(text=QUICK_TEXTS)
def test_the_quick_reader_reads_as_the_careful_one_or_not_at_all(text: str) -> None:
    readers_agree(text)


@settings(max_examples=200, deadline=None)
@given(tree=trees, flow=st.sampled_from([None, False]))
def test_the_quick_reader_agrees_on_dumped_data(tree: Any, flow: bool | None) -> None:
    readers_agree(yaml.safe_dump(tree, allow_unicode=True, default_flow_style=flow))


@pytest.mark.parametrize(
    "text",
    [
        "a:\n  b: 1\nc:\n- x\n- y: 2\n  z:\nd: [p, q r]\n",
        "case_id: C1\nauditor:\n  role:     # your role\n  agency: x  # comment\n",
        "x:\n  - {ref: child-1, age: 3 years, sex: male}\n  - a:\n    - b\n",
        "a: flat #3, not recorded #urgent\nb: yes  # fine\nc: 'q' # c\nd: \"1.0\"\n",
        "a: 1\r\nb:\r\n  c: 2\r\n",
        "a: [x]  # c\nb: {k: ~, j: null}\nc: ~\nd: []\n",
        "- a\n- b: 1\n  c: 2\n",
        "a: case#3 seen\n",  # a hash with no space before it is text
    ],
)
def test_the_quick_reader_reads_form_shapes_as_the_careful_one(text: str) -> None:
    assert readers_agree(text)


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\na: 2\n",  # a key twice: the composer names both lines
        "a: two\n  lines\n",
        "a: |\n  block\n",
        "a: b: c\n",
        "a:\n  - - x\n",
        'a: "esc\\n"\n',
        "null: 1\n",
        "a: &x 1\n",
        "  a: 1\n",
        "",
        "a: b\t# c\n",  # a tab before a hash starts a comment
        "a:\n  b: 1\n c: 2\n",  # keys out of line: errors
        "a:\n  - x\n - y\n",
        "".join("  " * i + "- a:\n" for i in range(30)),  # deeper than the composer reads
    ],
)
def test_the_quick_reader_leaves_the_rest_to_the_composer(text: str) -> None:
    assert loader.read_plain(text, HERE, []) is None


def test_the_quick_reader_reads_every_bundled_form() -> None:
    forms = sorted(Path(__file__).parent.parent.glob("examples/*/cases/*.yaml"))
    assert forms
    for form in forms:
        assert readers_agree(form.read_text(encoding="utf-8")), form


@given(text=st.text(alphabet=st.characters(max_codepoint=0x7F)) | st.text())
def test_suspect_characters_are_found_as_the_search_finds_them(text: str) -> None:
    expected = loader.SUSPECT_CHARACTER.search(text) is not None
    assert loader.has_suspect_character(text) == expected
