"""The privacy detector's shortcuts (words remembered, patterns skipped, searches made in
place) give exactly what the plain reading gives."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from fatheraudit.privacy import TOKEN, bare_word, tokens, word_shape

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
