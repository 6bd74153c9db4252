"""Word lists from maintained, openly licensed sources, for telling names from words.

- English words (no proper nouns): `word-list` 4.1.0 (MIT), in `data/`, searched in
  place (`ENGLISH`).
- First names of many countries: the name dictionary of Jörg Michael's `gender.c`
  (GNU Free Documentation License 1.2), read where the `gender-guesser` package
  installed it; nothing of it is copied into this project.
- UK places: GeoNames populated places (CC BY 4.0) and ISO 3166-2 subdivisions (Debian
  iso-codes, LGPL-2.1), in `data/` (see scripts/place_names.py for how they are made).

Each list is read once, on first use, and case-folded.
"""

from __future__ import annotations

import mmap
import re
import unicodedata
from functools import cache
from importlib import resources
from pathlib import Path

NAME_LINES = (b"M", b"F", b"?", b"1")  # the first characters of a name's line: its sex code
# Columns 4 to 29 of every line after the first that starts with a sex code, found in one
# pass of the regular expression engine (quicker than splitting 48,000 lines in Python).
NAME_COLUMN = re.compile(rb"\n[MF?1][^\n]{2}([^\n]{0,26})")


@cache
def first_names() -> frozenset[str]:
    """First names of many countries, case-folded; empty when the name dictionary is not
    installed. Read on first use only (about 0.03 s).

    Each line of the dictionary gives a sex code, then the name in columns 4 to 29 ('+'
    joins the parts of a name written either as one word or with a hyphen).
    """
    try:
        raw = resources.files("gender_guesser").joinpath("data/nam_dict.txt").read_bytes()
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return frozenset()
    end = raw.find(b"\n")
    first = raw if end < 0 else raw[:end]
    columns = [first[3:29]] if first[:1] in NAME_LINES else []
    column = b"\n".join(columns + NAME_COLUMN.findall(raw))
    # ASCII capitals lowered as bytes (quick); only names beyond ASCII case-folded one by one
    found = column.lower().decode("utf-8", "replace").split()
    found = [n if n.isascii() else n.casefold() for n in found]
    parts = [n for n in found if "+" in n]
    joined = [n.replace("+", "") for n in parts] + [n.replace("+", "-") for n in parts]
    accented = [n for n in found if not n.isascii()]
    # 'zoltan' as well as 'zoltán', all unaccented at once (a line break keeps them apart)
    plain = unaccented("\n".join(accented)).split("\n") if accented else []
    return frozenset(found + joined + plain)


# Letters with no decomposition into a base letter and an accent.
PLAIN_LETTERS = str.maketrans(
    {
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "\u0131": "i",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "ð": "d",
        "þ": "th",
    }
)


def unaccented(word: str) -> str:
    """A word without its accents: 'zoltán' as 'zoltan', 'łukasz' as 'lukasz'."""
    plain = unicodedata.normalize("NFKD", word.translate(PLAIN_LETTERS))
    return "".join(c for c in plain if not unicodedata.combining(c))


@cache
def places() -> frozenset[str]:
    """UK place and area names, case-folded (multi-word names as written, one space)."""
    found: set[str] = set()
    for name in ("places_geonames.txt", "uk_areas_iso3166.txt"):
        text = resources.files("fatheraudit").joinpath("data", name).read_text(encoding="utf-8")
        found.update(
            " ".join(line.split()).casefold()
            for line in text.splitlines()
            if line.strip() and not line.startswith("#")
        )
    return frozenset(found)


class SortedWords:
    """A sorted word file searched in place (binary search over a memory map), so asking
    about a few words never loads the whole list."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.data: bytes | mmap.mmap | None = None
        self.answers: dict[str, bool] = {}

    def __contains__(self, word: str) -> bool:
        found = self.answers.get(word)
        if found is None:
            found = self.answers[word] = self.search(word.encode("utf-8"))
        return found

    def open(self) -> bytes | mmap.mmap:
        """The file's bytes, mapped on first use (read whole where mapping fails)."""
        if self.data is None:
            path = resources.files("fatheraudit").joinpath("data", self.name)
            try:
                with Path(str(path)).open("rb") as stream:
                    self.data = mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ)
            except (OSError, ValueError):
                self.data = path.read_bytes()
        return self.data

    def search(self, word: bytes) -> bool:
        """Binary search for a whole line equal to `word`."""
        data = self.open()
        low, high = 0, len(data)
        while low < high:
            middle = (low + high) // 2
            start = data.rfind(b"\n", 0, middle) + 1
            end = data.find(b"\n", start)
            end = len(data) if end < 0 else end
            line = data[start:end]
            if line == word:
                return True
            if line < word:
                low = end + 1
            else:
                high = start
        return False


ENGLISH = SortedWords("english_words.txt")


@cache
def place_words() -> frozenset[str]:
    """Every word of a UK place or area name ('berkshire' from 'West Berkshire')."""
    return frozenset(word for name in places() for word in name.split())
