"""The privacy detector's shortcuts (words remembered, patterns skipped, searches made in
place) give exactly what the plain reading gives."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fatheraudit.core import open_registry
from fatheraudit.privacy import (
    CONTRACTION,
    FUNCTION_WORDS,
    PERSON_VERBS,
    TOKEN,
    Detector,
    bare_word,
    tokens,
    word_shape,
)

WORDS = ["Kayleigh", "kayleigh", "NHS", "A", "a", "Dad's", "O'Neill", "Lily-Mae", "ÉMILE", "émile"]
# Letters, digits and the marks the patterns and tokens turn on.
NOTE = st.text(alphabet=st.sampled_from("aAbKkŁłé' \u2019-()&+/,.:;\n0123456789"), max_size=60)


@given(st.one_of(st.sampled_from(WORDS), st.from_regex(TOKEN, fullmatch=True)))
def test_a_words_shape_is_worked_out_as_written(word: str) -> None:
    bare = bare_word(word)
    capital = word[0].isupper() and len(bare) > 1 and bare.upper() != word
    assert word_shape(word) == (bare, capital, word.islower())


@given(NOTE)
def test_tokens_are_the_words_of_a_note(text: str) -> None:
    found = tokens(text)
    assert [(t.start, t.text, t.index) for t in found] == [
        (m.start(), m.group(), i) for i, m in enumerate(TOKEN.finditer(text))
    ]
    assert all((t.bare, t.capital, t.lower) == word_shape(t.text) for t in found)


@pytest.fixture(scope="module")
def detector() -> Detector:
    """A detector that knows the tool's own words."""
    return Detector(open_registry().words())


LOWER = "kayleigh will with said hasn't dan jo zofia wojtek report sukhdeep mark the frank grace's"


@pytest.mark.parametrize("word", [*LOWER.split(), "stdout"])
def test_a_lower_case_word_is_ruled_out_as_it_was_inline(detector: Detector, word: str) -> None:
    """could_be_lower_name gives what lower_case_name's first tests gave, before any context."""
    bare = bare_word(word)
    if len(bare) < 3 or bare in PERSON_VERBS:
        expected = False
    elif detector.is_known(word):
        expected = bare not in FUNCTION_WORDS and detector.is_first_name(word)
    elif CONTRACTION.search(word):
        expected = False
    else:
        expected = not (detector.is_ordinary(word) and not detector.is_first_name(word))
    assert detector.could_be_lower_name(word) is expected
    assert detector.could_be_lower_name(word) is expected  # and so when remembered
