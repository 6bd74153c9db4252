"""The privacy detector's shortcuts (words remembered, patterns skipped, searches made in
place) give exactly what the plain reading gives."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from fatheraudit import privacy
from fatheraudit.core import open_registry
from fatheraudit.loader import Document, strings
from fatheraudit.privacy import (
    ASCII_WORDS_AND_GAPS,
    AT_SIGN,
    BIRTH,
    BIRTH_AT,
    CONTACT_WORDS,
    CONTRACTION,
    DIGIT,
    FUNCTION_WORDS,
    JOINED_BEFORE_END,
    NHS_LABEL,
    PATTERNS,
    PERSON_VERBS,
    PRONOUNS,
    SEPARATOR,
    STREET_END,
    STREET_TYPES,
    SYMBOL_BEFORE_END,
    TOKEN,
    WORDS_AND_GAPS,
    Detector,
    FreeText,
    Spans,
    Words,
    bare_word,
    end_before,
    ends_street,
    free_texts,
    holds,
    matches_at,
    nhs_valid,
    note_bounds,
    notes_holding,
    previous,
    runs,
    said_of,
    word_shape,
)
from fatheraudit.wordlists import first_names, unaccented

WORDS = ["Kayleigh", "kayleigh", "NHS", "A", "a", "Dad's", "O'Neill", "Lily-Mae", "ÉMILE", "émile"]
# Notes made of letters, digits and the words and marks the patterns and tokens turn on.
MARKS = list("aAbKkŁłé' \u2019\u00a0\t-()&+/,.:;\n07")
PIECES = [*MARKS, "and", "dan", "Kai", "'s", " + ", " and ", "07700 900115", "(4)", "(mum)"]
NOTE = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)


@given(st.one_of(st.sampled_from(WORDS), st.from_regex(TOKEN, fullmatch=True)))
def test_a_words_shape_is_worked_out_as_written(word: str) -> None:
    bare = bare_word(word)
    capital = word[0].isupper() and len(bare) > 1 and bare.upper() != word
    assert word_shape(word) == (bare, capital, word.islower())


@given(NOTE)
def test_tokens_are_the_words_of_a_note(text: str) -> None:
    words = Words(text)
    found = [words[i] for i in range(len(words))]
    assert [(t.start, t.text, t.index) for t in found] == [
        (m.start(), m.group(), i) for i, m in enumerate(TOKEN.finditer(text))
    ]
    assert all((t.bare, t.capital, t.lower) == word_shape(t.text) for t in found)
    assert [words[-i] for i in range(1, len(words) + 1)] == found[::-1]  # as a list counts


# Notes of capitalised words, name particles and other words, with the gaps between them.
RUN_NOTE = st.lists(
    st.sampled_from(["Kai", "Seán", "de", "Ó", "van", "x", "NHS", " ", "  ", ", ", "-"]),
    max_size=20,
).map("".join)


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_ascii_text_is_split_into_words_as_any_text_is(text: str) -> None:
    assert ASCII_WORDS_AND_GAPS.split(text) == WORDS_AND_GAPS.split(text)


@given(st.one_of(NOTE, RUN_NOTE))
@example("Kai x de Kai")  # a particle after a word that ends a run starts no run
def test_runs_from_the_joinable_words_are_the_runs_of_every_word(text: str) -> None:
    """Visiting only the words that could be in a run finds the runs a walk over every
    word finds (a word left out ends a run, as it would on the walk)."""
    words, detector = Words(text), Detector()
    plain = runs(text, words, range(len(words)))
    assert runs(text, words, words.where(detector.in_run)) == plain


@given(NOTE)
def test_the_words_asked_about_are_those_that_answer_yes(text: str) -> None:
    words, detector = Words(text), Detector()
    lower = [i for i in range(len(words)) if detector.could_be_lower_case_name(words.texts[i])]
    assert list(words.where(detector.lower_name)) == lower
    assert all(words[i].lower for i in lower)


@pytest.fixture(scope="module")
def detector() -> Detector:
    """A detector that knows the tool's own words."""
    return Detector(open_registry().words())


LOWER = "kayleigh will with his you said hasn't dan jo zofia wojtek report sukhdeep mark the frank"
LOWER += " grace's"


@pytest.mark.parametrize("word", [*LOWER.split(), "stdout"])
def test_a_lower_case_word_is_ruled_out_as_it_was_inline(detector: Detector, word: str) -> None:
    """could_be_lower_name gives what lower_case_name's first tests gave, before any context."""
    bare = bare_word(word)
    if len(bare) < 3 or bare in PERSON_VERBS:
        expected = False
    elif detector.is_known(word):
        grammar = bare in FUNCTION_WORDS or bare in PRONOUNS
        expected = not grammar and detector.is_first_name(word)
    elif CONTRACTION.search(word):
        expected = False
    else:
        expected = not (detector.is_ordinary(word) and not detector.is_first_name(word))
    assert detector.could_be_lower_name(word) is expected
    assert detector.could_be_lower_name(word) is expected  # and so when remembered


@given(NOTE, st.integers(min_value=0, max_value=70))
def test_text_before_an_offset_is_read_as_the_stripped_prefix_was(text: str, pos: int) -> None:
    """end_before and the searches of the few characters before it give what stripping
    and searching the whole text before the offset gave."""
    pos = min(pos, len(text))
    before = text[:pos]
    end = end_before(text, pos)
    assert end == len(before.rstrip())
    assert text.endswith("(", 0, end) == before.rstrip().endswith("(")
    joined = JOINED_BEFORE_END.search(text, max(0, end - 4), end) is not None
    assert joined == (re.search(r"\s(?:and|&|\+)\s*$", before) is not None)
    symbol = SYMBOL_BEFORE_END.search(text, max(0, end - 1), end) is not None
    assert symbol == (re.search(r"[&+]\s*$", before) is not None)


@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30))), st.integers(-2, 32))
def test_spans_cover_what_any_span_covers(spans: list[tuple[int, int]], offset: int) -> None:
    assert (offset in Spans(spans)) == any(start <= offset < end for start, end in spans)


@pytest.mark.parametrize("word", [*STREET_TYPES.split("|"), "road", "Roads", "Rd.", "Mead", ""])
def test_a_street_word_is_one_of_the_street_types(word: str) -> None:
    assert ends_street(["Station", word]) == bool(re.fullmatch(STREET_TYPES, word))


AFTER_A_WORD = [
    "OWNED_OR_BRACKETED",
    "AGE_OR_BIRTH_AFTER",
    "PHONE_AFTER",
    "PASSIVE_PERSON",
    "APPOSITION",
    "AND_ANOTHER",
    "LOWER_WORD_AFTER",
    "AGE_IN_BRACKETS",
    "NEXT_WORD",
    "WORD_AFTER_SPACES",
    "CLOSING_BRACKET",
    "JOINED_AFTER",
    "SYMBOL_AFTER",
]


@pytest.mark.parametrize("name", AFTER_A_WORD)
@given(text=NOTE, end=st.integers(min_value=0, max_value=70))
def test_what_follows_a_word_is_matched_in_place_as_on_a_copy(
    name: str, text: str, end: int
) -> None:
    """Matched at the word's end in the whole note, each pattern finds what it found in
    a copy of the note from there (none looks behind where it starts)."""
    pattern: re.Pattern[str] = getattr(privacy, name)
    end = min(end, len(text))
    here, copied = pattern.match(text, end), pattern.match(text[end:])
    assert (here is None) == (copied is None)
    if here is not None and copied is not None:
        assert here.groups() == copied.groups() and here.end() - end == copied.end()


LABELLED = sorted((Path(__file__).resolve().parent / "privacy").glob("*.yaml"))
ADDRESSES = ["Flat 2, 14 Orchard Road", "5A Orchard Mews", "lives at 3 Mill Lane"]
ADDRESSES += ["Apartment 3, 9 Mill Lane", "Apt 2 14 Orchard Road", "Unit 4 7 High Street"]
ADDRESSES += ["Tel 07700 900115"]
SHAPES = [*PIECES, *ADDRESSES, "lives at Station Road", "address: The Old Lodge", "@", "1", " St"]


@cache
def labelled_notes() -> list[str]:
    """Every labelled note's text."""
    return [
        note["text"]
        for path in LABELLED
        for note in yaml.safe_load(path.read_text(encoding="utf-8"))["notes"]
    ]


@pytest.mark.parametrize("index", range(len(PATTERNS)))
def test_no_labelled_note_matches_a_pattern_without_what_it_needs(index: int) -> None:
    kind, pattern, needs, _ = PATTERNS[index]
    matched = [text for text in labelled_notes() if pattern.search(text)]
    assert matched, f"no labelled note has a {kind}"
    assert all(need.search(text) for text in matched for need in needs)


@given(st.lists(st.sampled_from(SHAPES), max_size=12).map("".join))
def test_no_note_matches_a_pattern_without_what_it_needs(text: str) -> None:
    for _, pattern, needs, _ in PATTERNS:
        assert not pattern.search(text) or all(need.search(text) for need in needs)


BIRTHS = ["born ", "Born in Leeds on ", "DOB: ", "d.o.b ", "date of birth ", "birthday ", "(b. "]
DATES = ["12/03/2019", "3rd of May 2020", "Jan 4, 2001", "2019-03-12", "and dad's ", "or "]
TITLES = ["Mr ", "Mrs. ", "mrs ", "Miss ", "MS ", "Dr.", "dr ", "Prof ", "PC ", "DC ", "terms "]
NAMES = ["Kayleigh ", "Ó Briain", "O'Neill", "Smith", "Lily-Mae "]
SHAPED = [(kind, pattern, finder) for kind, pattern, _, finder in PATTERNS if finder is not None]


@given(st.lists(st.sampled_from([*SHAPES, *BIRTHS, *DATES, *TITLES, *NAMES]), max_size=14))
def test_a_pattern_is_found_where_it_can_start_as_anywhere(pieces: list[str]) -> None:
    text = "".join(pieces)
    for _, pattern, finder in SHAPED:
        starts = [m.start() for m in finder.finditer(text)]
        found = [m.span() for m in matches_at(pattern, text, starts)]
        assert found == [m.span() for m in pattern.finditer(text)]


def test_labelled_shapes_are_found_where_they_can_start() -> None:
    for text in labelled_notes():
        for _, pattern, finder in SHAPED:
            starts = [m.start() for m in finder.finditer(text)]
            found = [m.span("hit") for m in matches_at(pattern, text, starts)]
            assert found == [m.span("hit") for m in pattern.finditer(text)]


def test_what_a_text_holds_is_looked_for_once_in_order() -> None:
    held: dict[tuple[re.Pattern[str], int], bool] = {}
    digit, letter = re.compile(r"\d"), re.compile("[a-z]")
    assert not holds("no digits", [digit, letter], held)
    assert held == {(digit, 0): False}  # the letter was never looked for
    assert holds("4 of them", [digit, letter], held := {})
    assert held == {(digit, 0): True, (letter, 0): True}
    assert holds("anything", [], {})
    assert not holds("4 of them", [digit], {}, 1, 9) and holds("4 of them", [digit], {}, 0, 2)


def plain_shapes(text: str) -> list[tuple[str, int, int, str]]:
    """The identifiers with a shape in one note, every pattern tried over all of it."""
    found = []
    for kind, pattern, _, _ in PATTERNS:
        for match in pattern.finditer(text):
            group = "hit" if "hit" in pattern.groupindex else 0
            start, end = match.span(group)
            hit = match.group(group)
            digits = re.sub(r"\D", "", hit)
            if kind == "nhs_number" and not (nhs_valid(digits) or NHS_LABEL.search(text, 0, start)):
                continue
            if kind == "name":
                if bare_word(hit.split()[-1]) in privacy.KNOWN_WORDS:
                    continue
                hit = privacy.bare_possessive(hit)
                end = start + len(hit)
            found.append((kind, start, end, hit))
    return found


NOTES = st.lists(
    st.lists(st.sampled_from([*SHAPES, *BIRTHS, *DATES, *TITLES, *NAMES]), max_size=8).map("".join),
    max_size=5,
)


@given(NOTES)
@example(["a", "b", "rang 07700 900115"])  # a number at the very end of a later note
@example(["lives at Station Road", "lives at Station Road"])  # '\S+' crossed the separator
def test_the_shapes_in_joined_notes_are_those_of_each_note(notes: list[str]) -> None:
    """Notes joined for one search (each shape tried only in the notes that hold what it
    needs, and only where it can start) give what each note alone gives."""
    expected = []
    offset = 0
    for note in notes:
        expected += [(k, s + offset, e + offset, h) for k, s, e, h in plain_shapes(note)]
        offset += len(note) + len(SEPARATOR)
    found = Detector().by_pattern(SEPARATOR.join(notes))
    assert sorted((f.kind, f.start, f.end, f.text) for f in found) == sorted(expected)


def test_first_names_are_read_as_the_plain_reading_reads_them() -> None:
    """The quicker reading of the name dictionary gives the same names as reading each line,
    case-folding the whole and unaccenting each name."""
    try:
        raw = resources.files("gender_guesser").joinpath("data/nam_dict.txt").read_bytes()
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        pytest.skip("no name dictionary installed")
    column = b"\n".join(line[3:29] for line in raw.split(b"\n") if line[:1] in b"MF?1")
    found = column.decode("utf-8", "replace").casefold().split()
    joined = [n.replace("+", "") for n in found if "+" in n]
    joined += [n.replace("+", "-") for n in found if "+" in n]
    plain = [unaccented(n) for n in found if not n.isascii()]
    assert first_names() == frozenset(found + joined + plain)


@given(st.lists(st.text(max_size=8).filter(lambda w: "\n" not in w), max_size=6))
def test_names_are_unaccented_together_as_one_by_one(names: list[str]) -> None:
    assert unaccented("\n".join(names)).split("\n") == [unaccented(n) for n in names or [""]]


@given(st.lists(st.sampled_from([*SHAPES, " Road", " Rd.", " Roads", "\tSt", " Quay", "Yard"])))
def test_a_street_type_after_white_space_is_found_as_without_the_first_letter_check(
    pieces: list[str],
) -> None:
    text = "".join(pieces)
    plain = re.compile(rf"\s(?:{STREET_TYPES})\b")
    assert (STREET_END.search(text) is None) == (plain.search(text) is None)


@given(st.lists(st.sampled_from([*SHAPES, *BIRTHS, *DATES, "D.O.B", "BORN", "(B.", "Date Of"])))
def test_a_birth_is_found_where_it_is_without_the_first_letter_check(pieces: list[str]) -> None:
    text = "".join(pieces)
    plain = re.compile(rf"(?=(?i:{BIRTH}))")
    assert [m.start() for m in BIRTH_AT.finditer(text)] == [m.start() for m in plain.finditer(text)]


def plain_free_texts(document: Document) -> list[FreeText]:
    """Every string of a document with its location, kept when the last key above it is a
    free-text key (or 'answer' with three words or more), and not under privacy_reviewed."""
    found = []
    for loc, value in strings(document.data, ()):
        keys = [part for part in loc if isinstance(part, str)]
        if not keys or keys[0] == privacy.REVIEW_KEY:
            continue
        if keys[-1] in privacy.FREE_TEXT_KEYS or (keys[-1] == "answer" and len(value.split()) >= 3):
            at = document.mark(loc)
            found.append(FreeText(loc, value, at.line, at.column, document.cell(loc)))
    return found


FORM_KEYS = st.sampled_from(
    ["evidence", "answer", "themes", "recommendations", "privacy_reviewed", "text", "A1"]
)
FORM_DATA = st.recursive(
    st.sampled_from(["yes", "Seen at home by dad", "", "two words", None, 3, True]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(FORM_KEYS, inner, max_size=4),
    max_leaves=12,
)


@given(FORM_DATA)
@example({"A1": {"privacy_reviewed": {"evidence": "x"}}})  # passed over only at the top
@example({"recommendations": [["two words"]]})  # a list in a list keeps the key above
def test_free_texts_are_those_of_the_plain_reading(data: Any) -> None:
    document = Document(Path("form.yaml"), data)
    assert free_texts(document).texts == plain_free_texts(document)


CONTACT_NOTE = st.lists(
    st.sampled_from(["w", "told", "Dad", "C", "c", "will", "re", "said", " ", "/", ". ", "x"]),
    max_size=12,
).map("".join)


@given(st.one_of(NOTE, CONTACT_NOTE))
@example("Dad C will re contact")  # a letter after a family word is looked past
@example("told will re contact")
def test_spoken_to_rules_words_out_as_the_plain_reading_does(text: str) -> None:
    words, detector = Words(text), Detector()
    for index in range(len(words)):
        word = words[index]
        before = previous(text, words, word)
        plain = (
            before is not None
            and before.bare in CONTACT_WORDS
            and text[before.start + len(before.text) : word.start].strip() in ("", "/")
            and said_of(text, words, index)
        )
        assert detector.spoken_to(text, words, index) == plain


@given(NOTES)
@example(["seen at home", "Road closed"])  # a need found only across the separator
@example(["1", "", "a 2"])
def test_the_notes_holding_a_need_are_found_as_note_by_note(notes: list[str]) -> None:
    text = SEPARATOR.join(notes)
    bounds = note_bounds(text)
    assert [text[start:end] for start, end in bounds] == (notes or [""])
    crossing = re.compile(r"e\s+\S")  # a need whose match can run past a note's end
    for need in (DIGIT, AT_SIGN, STREET_END, crossing):
        plain = [(s, min(e + 1, len(text))) for s, e in bounds if need.search(text[s:e])]
        assert notes_holding(text, need, bounds) == plain


class EveryRunJudged(Detector):
    """The detector without its shortcut for one-word runs."""

    def nothing_alone(self, *_: Any) -> bool:
        return False


# One-word runs: known words that are first names too ('The', 'Will'), pronouns, place,
# street and family words, roles that lead a name, 'and' before a first name, a pseudonym
# letter after a family word, and what introduces a person after a word.
ALONE = ["The", "He", "His", "No", "Will", "Police", "Road", "Dad", "Midwife", "Child", "C"]
ALONE += ["and", "Jack", "Amber", "said", "was seen", "(6)", "(mum)", "'s", " dad", "Mum"]
ALONE_NOTE = st.lists(st.sampled_from([*ALONE, " ", " ", ". ", ", ", "; ", "\n"]), max_size=16)


@given(ALONE_NOTE.map("".join))
@example("Jack and Will said")  # a first name after 'and' may be paired with a name
@example("Dad C The said")  # `previous` reaches past a pseudonym letter
@example("his dad Will said")  # led by a family word in lower case
def test_one_word_runs_ruled_out_alone_are_those_judged_no_name(text: str) -> None:
    """Ruling out 'The', 'He' or 'Road' as a run of its own without working out the
    word before it finds exactly what judging every run finds."""
    fast, slow = Detector(), EveryRunJudged()
    assert fast.find(text) == slow.find(text)
