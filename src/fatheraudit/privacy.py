"""Finding personal identifiers in free text, before anything leaves the audit.

Tuned to miss little: every finding is a *possible* identifier for a person to look
at. Numbers are checked where a check exists (an NHS number's modulus-11 digit);
names are told apart from roles and services by a vocabulary of known words (built
in, plus every word of the tool's own text) and by their shape.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, compress
from pathlib import Path
from typing import Any, NamedTuple

from fatheraudit.loader import Document, Loc
from fatheraudit.problems import Problem, Severity, problem
from fatheraudit.wordlists import ENGLISH, first_names, place_words, places

KINDS = {
    "nhs_number": "NHS number",
    "ni_number": "National Insurance number",
    "postcode": "postcode",
    "phone": "telephone number",
    "email": "email address",
    "date_of_birth": "date of birth",
    "address": "street address",
    "name": "name",
}

DATE = (
    r"\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2}"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?,?\s+\d{4}"
    r"|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
)
STREET_TYPES = (
    "Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Close|Cl|Drive|Dr|Way|Crescent|Cres|Court|Ct|Place|Pl"
    "|Gardens|Gdns|Terrace|Grove|Hill|Walk|Row|Square|Sq|Mews|Rise|View|Parade|Green|Vale"
    "|Boulevard|Approach|Chase|Croft|Mount|Wharf|Yard|Quay|Circus|Embankment"
)
# Words that end a street's name only after a capitalised word and a house number.
NAMED_STREET_TYPES = (
    f"{STREET_TYPES}|Side|Bank|Fold|Brow|Garth|Lea|Meadows?|Park|Gate|Fields?|Woods?|Heights"
)
BIRTH = (
    r"\bd\.?\s?o\.?\s?b\.?|\bdate\s+of\s+birth|\bbirthday|\(b\."
    r"|\bborn(?:\s+in\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)?(?:\s+on)?"
)
STREET_TYPE_WORDS = frozenset(STREET_TYPES.split("|"))
STREET = rf"(?:[A-Z][A-Za-z'’]+\s+){{1,3}}(?:{STREET_TYPES})\b"
# What a text must hold for a pattern to match anywhere in it, each found by a quicker
# search made first, in order: an '@'; a digit; three digits and three more (in every NHS
# and telephone number); a street type after white space (the end of every STREET).
AT_SIGN = re.compile("@")
DIGIT = re.compile(r"\d")
LONG_NUMBER = re.compile(r"\d{3}[\s-]?\d{3}")
STREET_FIRSTS = "".join(sorted({street[0] for street in STREET_TYPES.split("|")}))
STREET_END = re.compile(rf"\s(?=[{STREET_FIRSTS}])(?:{STREET_TYPES})\b")  # one letter first
# Where alone some patterns can start, found by a quicker search made first (once for
# both dates of birth): every place a birth is spoken of; every title before a name (no
# title starts inside another, so a search for them one after another misses none); the
# number or 'Flat', 'Apartment' or 'Unit' that starts a numbered address. None: anywhere.
BIRTH_AT = re.compile(rf"(?=(?i:[db(]))(?=(?i:{BIRTH}))")  # its first letter checked first
TITLE_AT = re.compile(r"(?:Mrs?|mrs?|Ms|ms|Miss|Mx|Dr|dr|Prof|MRS?|MS|DR|PC|DC|PS)\.?\s")
NUMBER_OR_FLAT_AT = re.compile(r"[FAU\d]")
Needs = tuple[re.Pattern[str], ...]
PATTERNS: list[tuple[str, re.Pattern[str], Needs, re.Pattern[str] | None]] = [
    ("email", re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"), (AT_SIGN,), None),
    (
        "date_of_birth",
        re.compile(
            rf"(?i:{BIRTH})(?:\s+(?:is|was|as|given|recorded|noted|shown|on|of|the)){{0,3}}"
            rf"\s*[:\-–(]?\s*(?P<hit>{DATE})"
        ),
        (DIGIT,),
        BIRTH_AT,
    ),
    (
        "date_of_birth",  # the second of two: 'baby's 19 April 2023 and dad's 2 February 2001'
        re.compile(
            rf"(?i:{BIRTH})(?:\s+(?:is|was|as|given|recorded|noted|shown|on|of|the)){{0,3}}"
            rf"\s*[:\-–(]?\s*(?:{DATE})[^.;:\d]{{0,30}}?(?:\band|\bor|\bbut|,)\s+"
            rf"(?:(?!(?i:on|at|seen|met|from|until|since)\b)[\w'’]+\s+){{0,2}}(?P<hit>{DATE})"
        ),
        (DIGIT,),
        BIRTH_AT,
    ),
    (
        "nhs_number",
        re.compile(r"(?<![\d/])(?P<hit>\d{3}[ -]?\d{3}[ -]?\d{4})(?![\d/])"),
        (DIGIT, LONG_NUMBER),
        None,
    ),
    (
        "ni_number",
        re.compile(
            r"(?i)\b(?P<hit>[A-CEGHJ-TW-Z][A-CEGHJ-NPQR-TW-Z]\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D])\b"
        ),
        (DIGIT,),
        None,
    ),
    (
        "phone",
        re.compile(
            r"(?<![\d/])(?P<hit>(?:\+44\s?\(?0?\)?\s?|\(?0)\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4})(?!\d)"
        ),
        (DIGIT, LONG_NUMBER),
        None,
    ),
    (
        "postcode",
        re.compile(r"(?i)\b(?P<hit>(?:[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?)\s?\d[ABD-HJLNP-UW-Z]{2})\b"),
        (DIGIT,),
        None,
    ),
    (
        "address",
        re.compile(
            rf"(?P<hit>\b(?:Flat|Apartment|Apt|Unit)\s+\d+[A-Za-z]?,?\s+\d{{1,4}}[A-Za-z]?\s+{STREET}"
            rf"|\b\d{{1,4}}[A-Za-z]?,?\s+(?:[A-Z][A-Za-z'’]+\s+){{1,3}}(?:{NAMED_STREET_TYPES})\b"
            rf"|\b\d{{1,4}}[A-Za-z]?\s+The\s+[A-Z][a-z]+"
            rf"|\b\d{{1,4}}[a-z]\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?"
            rf"|\b\d{{1,4}}\s+[A-Z][a-z]+(?:way|gate|side|croft|field|mead|wood|bank|dale)\b"
            rf"|\b\d{{1,4}}[a-z]?\s+(?:[a-z]+\s+){{1,2}}(?i:{STREET_TYPES})\b)"
        ),
        (DIGIT,),  # in every one of its shapes
        NUMBER_OR_FLAT_AT,
    ),
    (
        "address",
        re.compile(
            rf"(?i:\b(?:lives|living|lived|resides|residing|moved|staying|stays|home)\s+"
            rf"(?:at|on|in|to)(?:(?:\s+\S+){{0,4}}?\s+(?:at|on|in))?|\baddress\s*(?:is|:)?)"
            rf"\s+(?:the\s+)?(?P<hit>{STREET})"
        ),
        (STREET_END,),
        None,
    ),
    (
        "name",
        re.compile(
            r"\b(?P<hit>(?:[Mm]rs?|[Mm]s|Miss|Mx|[Dd]r|Prof|MRS?|MS|DR|PC|DC|PS)\.?\s+"
            r"[^\W\d_]+(?:['’-][^\W\d_]+)*(?:\s+(?:[Ó]|[Nn]í|[Nn]ic|[Mm]ac|[Uu]í)?\s*[A-ZÀ-Þ][\w'’-]+)?)"
        ),
        (),
        TITLE_AT,
    ),
]

# An NHS number's label right before it: the number is one whatever its check digit says.
NHS_LABEL = re.compile(
    r"(?i)\bnhs(?:\s+(?:no|number|num))?\.?(?:\s+(?:is|was|as|recorded|given))*\s*[:,(]?\s*$"
)

# Words that look like names when capitalised but are roles, services, places in
# general, or ordinary English at the start of a sentence.
KNOWN_WORDS = frozenset(
    """
    a about above according across action actions address adult adults advocacy advocate after
    again against agency agencies alcohol all also although always am an and another any april
    are around as assessment at audit auditor august aunt autumn baby be because been before
    being best between birth board born both boy brother but by cafcass can care carer carers
    case cases centre chair child childhood children children's cin clinic close co coordinator
    college conference conferences contact could council county court cousin cp crown dad dads
    daddy daughter day december designated despite did district do does domestic drug drugs
    during each early education emergency engaged engagement england evening every family
    father fathers february few fdac first following for foster friday from further gp
    grandad grandfather grandma grandmother grandparents group groups had half has have he
    health her here hers high him his home hospital house how however hub i if in independent
    initial into is it its january july june just key kin later law lead learning legal less
    line local looked made magistrates male march marac mash may maybe meeting meetings men
    midwife midwifery might monday month months more morning most mother mothers mr mrs ms mum
    mummy my national need needs neither never new next no none nor not note notes november now
    nurse nursery october of officer on once one only or other our outline over parent parents
    partner partners paternal people plan plans please police practice practitioner pre primary
    private probation programme protection public quarter records referral review reviewing
    saturday school second section september service services she sister she's since so social
    some son spring star still stepdad stepfather strategy summer sunday support team than that
    the their them then there these they third this those though three thursday through to
    today together too tuesday two uncle under unit until up upon very visit visitor visiting
    was we wednesday week weekend were what when where whether which while who whose why will
    winter with within without worker workers would year years yes yet you young youth your
    alcohol anxiety assessing attended child-in-need court-ordered dad's father's gave his
    hers man mum's nan nana nanny ofsted overall paediatric paediatrician parenting pcso plo
    psychologist psychiatrist refuge recovery safeguarding signs safety step teacher teachers
    tribunal universal ward wellbeing women youth-justice caring matter matters reviewed
    reviewing conference core senior principal manager managers head deputy assistant
    english welsh scottish irish british european polish romanian lithuanian portuguese
    spanish italian french german arabic urdu punjabi bengali gujarati somali tigrinya
    kurdish farsi pashto turkish albanian russian ukrainian chinese mandarin cantonese
    african caribbean asian muslim christian hindu sikh jewish catholic church mosque
    temple bsl makaton interpreter christmas easter eid ramadan diwali pakistani indian
    bangladeshi jan feb mar apr jun jul aug sep sept oct nov dec i'm i've i'd i'll
    mon tue tues weds wed thu thur thurs fri sat sun
    approx etc incl re eg ie nb tbc tba asap wk wks hrs yrs mths interp bf gf
    nhs ni dob gp sw hv iro cp cin lac pgm pgf mgm mgf tac icpc rcpc fgc mash camhs dwp
    sen send ehcp pcso asb dva dv mum's dad's
    roma romany romani gypsy traveller travellers due chld yp cyp chn
    czech slovak filipino tagalog thai greek dutch swiss iraqi yemeni saudi israeli tamil
    sinhala swahili amharic oromo hausa yoruba igbo twi akan shona ndebele zulu lingala
    sorani kurmanji dari hindi malayalam telugu marathi sindhi mirpuri pahari bro sis
    lincs notts lancs hants herts cambs glos leics northants oxon staffs wilts worcs derbys
    yorks berks
    """.split()
)
# National services, charities, employers and case-record systems met in children's
# services records: public names, never a person's.
SERVICE_WORDS = frozenset(
    """
    barnardo barnardo's nspcc home-start homestart relate gingerbread cafcass ofsted
    mosaic liquidlogic lcs ehm systmone emis carefirst eclipse rio frameworki azeus
    tesco asda sainsbury sainsbury's aldi lidl morrisons amazon argos deliveroo
    whatsapp facebook messenger snapchat instagram tiktok zoom skype mumsnet netmums
    youtube google gumtree
    """.split()
)


@dataclass(frozen=True)
class Finding:
    """A possible identifier: its kind and where it is in the text."""

    kind: str
    start: int
    end: int
    text: str

    @property
    def label(self) -> str:
        """The kind in words."""
        return KINDS[self.kind]

    def masked(self) -> str:
        """The text on one line with all but the first character of each word hidden."""
        return mask(" ".join(self.text.split()))


def mask(text: str) -> str:
    """`Jamie Brookes` as `J**** B******`; digits kept only at the start of each group."""
    return re.sub(r"\w+", lambda m: m.group(0)[0] + "*" * (len(m.group(0)) - 1), text)


def holds(
    text: str,
    needs: Iterable[re.Pattern[str]],
    held: dict[tuple[re.Pattern[str], int], bool],
    start: int = 0,
    stop: int | None = None,
) -> bool:
    """The text from `start` to `stop` holds each of `needs`, looked for in order (each
    once a stretch, kept in `held` by the need and where the stretch starts)."""
    stop = len(text) if stop is None else stop
    for need in needs:
        if (need, start) not in held:
            held[need, start] = need.search(text, start, stop) is not None
        if not held[need, start]:
            return False
    return True


def notes_holding(
    text: str, need: re.Pattern[str], notes: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Where each of `notes` (where the notes of a joined text start and end: see
    note_bounds) that holds `need` starts and stops, the stop taking the separator's first
    character (a line break) in, as a search over the whole text would see it. Found by
    searching on from each note that holds it, not note by note."""
    found = []
    ends = [end for _, end in notes]
    at = 0
    while (match := need.search(text, at)) is not None:
        index = bisect.bisect_left(ends, match.start() + 1)  # the note it starts in, or after
        if index == len(notes):
            break
        start, end = notes[index]
        if start <= match.start() and match.end() <= end:
            found.append((start, min(end + 1, len(text))))
            at = end  # on to the next note
        else:
            at = match.start() + 1  # a match across a note's end counts for neither note
    return found


def note_bounds(text: str) -> list[tuple[int, int]]:
    """Where each note of a joined text (see SEPARATOR) starts and ends; the whole text
    when it is one note."""
    bounds = []
    start = 0
    for note in text.split(SEPARATOR):
        bounds.append((start, start + len(note)))
        start += len(note) + len(SEPARATOR)
    return bounds


def matches_at(pattern: re.Pattern[str], text: str, starts: list[int]) -> Iterator[re.Match[str]]:
    """What `pattern.finditer(text)` gives, for a pattern that matches only at `starts`
    (ascending) and never matches nothing: tried there alone."""
    end = 0
    for start in starts:
        if start >= end and (match := pattern.match(text, start)) is not None:
            yield match
            end = match.end()


def nhs_valid(digits: str) -> bool:
    """The NHS number's modulus-11 check digit is right."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


class Remembered(dict[str, bool]):
    """A yes-or-no question about a word as written, asked once per word; looking a note's
    words up with `map` and `compress` (Words.where) leaves the words that answer yes
    without a Python step for each of the rest."""

    def __init__(self, question: Callable[[str], bool]) -> None:
        super().__init__()
        self.question = question

    def __missing__(self, word: str) -> bool:
        answer = self[word] = self.question(word)
        return answer


class Detector:
    """Finds possible identifiers; `known` adds words that are never names."""

    def __init__(self, known: Iterable[str] = ()) -> None:
        self.core = KNOWN_WORDS | SERVICE_WORDS
        self.known = self.core | {w.casefold() for w in known}
        # What the detector asks of a word alone, answered once per word as written.
        self.known_words = Remembered(self.known_word)
        self.ordinary_words = Remembered(self.ordinary_word)
        self.lower_possible = Remembered(self.possible_lower_name)
        self.in_run = Remembered(could_be_in_run)
        self.lower_name = Remembered(self.could_be_lower_case_name)
        self.never_alone = Remembered(self.never_a_name_alone)
        self.quiet_alone = Remembered(self.quiet_when_alone)
        self.leads = Remembered(leads_a_name_written)

    def find(self, text: str) -> list[Finding]:
        """Every possible identifier in `text`, in order, none overlapping."""
        found = list(self.by_pattern(text))
        found += self.names(text, Spans((f.start, f.end) for f in found))
        return drop_overlaps(found)

    def by_pattern(self, text: str) -> Iterator[Finding]:
        """Identifiers with a recognisable shape, each shape tried only in the notes that
        hold what it needs (so no match runs from one note into the next) and, for some,
        only where it can start (see PATTERNS)."""
        held: dict[tuple[re.Pattern[str], int], bool] = {}
        starts: dict[tuple[re.Pattern[str], int], list[int]] = {}
        holding: dict[re.Pattern[str], list[tuple[int, int]]] = {}
        notes: list[tuple[int, int]] = []
        for kind, pattern, needs, finder in PATTERNS:
            if needs:  # looked for note by note, in the notes that hold its first need
                if needs[0] not in holding:
                    notes = notes or note_bounds(text)
                    holding[needs[0]] = notes_holding(text, needs[0], notes)
                stretches = holding[needs[0]]
            else:  # a title and a name: no match reaches past the end of a note
                stretches = [(0, len(text))]
            for start, stop in stretches:
                if holds(text, needs, held, start, stop):
                    yield from self.shaped(text, kind, pattern, finder, start, stop, starts)

    def shaped(
        self,
        text: str,
        kind: str,
        pattern: re.Pattern[str],
        finder: re.Pattern[str] | None,
        start: int,
        stop: int,
        starts: dict[tuple[re.Pattern[str], int], list[int]],
    ) -> Iterator[Finding]:
        """The identifiers of one shape in the text from `start` to `stop`; where the
        shape's `finder` matches is kept in `starts`, as both dates of birth use it."""
        if finder is None:
            matches: Iterable[re.Match[str]] = pattern.finditer(text, start, stop)
        else:
            if (finder, start) not in starts:
                starts[finder, start] = [m.start() for m in finder.finditer(text, start, stop)]
            matches = matches_at(pattern, text, starts[finder, start])
        for match in matches:
            group = "hit" if "hit" in pattern.groupindex else 0
            begin, end = match.span(group)
            hit = match.group(group)
            if kind == "nhs_number" and not (
                nhs_valid(re.sub(r"\D", "", hit)) or NHS_LABEL.search(text, 0, begin)
            ):
                continue
            if kind == "name":
                if bare_word(hit.split()[-1]) in KNOWN_WORDS:
                    continue
                hit = bare_possessive(hit)
                end = begin + len(hit)
            yield Finding(kind, begin, end, hit)

    def is_known(self, word: str) -> bool:
        """A role, service, month, day or ordinary word: never a name on its own."""
        return self.known_words[word]

    def known_word(self, word: str) -> bool:
        """`is_known`, worked out."""
        bare = bare_word(word)
        forms = {bare, bare.removesuffix("s"), bare.removesuffix("es")}
        return bool(forms & self.known) or all(p in self.known for p in bare.split("-"))

    def is_ordinary(self, word: str) -> bool:
        """A known word, or an English word (the English list has no proper nouns)."""
        return self.ordinary_words[word]

    def ordinary_word(self, word: str) -> bool:
        """`is_ordinary`, worked out."""
        parts = bare_word(word).split("-")
        english = all(p in ENGLISH or p.removesuffix("s") in ENGLISH for p in parts)
        return self.is_known(word) or english

    def is_first_name(self, word: str) -> bool:
        """A first name in the name dictionary, or made of them ('Lily-Mae')."""
        bare, names = bare_word(word), first_names()
        return bare in names or ("-" in bare and all(p in names for p in bare.split("-")))

    def looks_like_a_name(self, word: Token) -> bool:
        """Not a nationality or language ('Hungarian', 'Vietnamese-speaking') unless a
        first name ('Tyrese'), and no capital inside but a name's own ('McGregor')."""
        head = word.bare.split("-")[0]
        if head.endswith(NATIONALITY_ENDINGS) and len(head) > 5 and head not in first_names():
            return False
        return INNER_CAPITAL.match(word.text.split("-")[0]) is not None

    def names(self, text: str, taken: Spans) -> list[Finding]:
        """Names: runs of capitalised words that read as a person, and first names written
        in lower case where a person is spoken of ('spoke to kayleigh'). Redaction's
        placeholders are read as clause breaks: nothing is read across one."""
        text = PLACEHOLDER.sub(lambda m: ";" * len(m.group()), text)  # a clause break
        words = Words(text)
        found: list[Finding] = []
        missed: list[list[Token]] = []
        for run in runs(text, words, words.where(self.in_run)):
            if run[0].start in taken:
                continue
            if len(run) == 1 and self.nothing_alone(text, words, run[0]):
                missed.append(run)  # 'The', 'He', 'No' at the start of a sentence
                continue
            before = previous(text, words, run[0])
            hit = self.name_in_run(text, run, before)
            if hit is None and self.paired(text, words, run, before, found):
                hit = name_from(text, run[0], run[-1])
            if hit is not None:
                found.append(hit)
            else:
                missed.append(run)
        found += self.paired_before(text, missed, found)
        lower = [i for i in words.where(self.lower_name) if self.lower_case_name(text, words, i)]
        for index in lower:
            last = words[index]
            after = words[index + 1] if index + 1 < len(words) else None
            if (
                after is not None
                and after.lower
                and text[last.start + len(last.text) : after.start] == " "
            ) and not (
                self.is_ordinary(after.text)
                or after.bare in PERSON_VERBS
                or after.bare in SAID_AFTER
                or len(after.bare) < 3
            ):
                last = after  # 'jason kerr'
            found.append(name_from(text, words[index], last))
        return found + again(text, words, found)

    def nothing_alone(self, text: str, words: Words, word: Token) -> bool:
        """A run of one word that `name_in_run` and `paired` would find no name in, told
        without working out the word before it: a word that is never a name alone (see
        never_a_name_alone), or a known word ('The', 'No') with no word that leads a name
        just before it and nothing after it that says who it is ('The (6)'); in either
        case not a first name after 'and' ('Jack and Amber')."""
        index = word.index
        after_and = index and word_shape(words.texts[index - 1])[0] == "and"
        if after_and and self.is_first_name(word.text):
            return False
        if self.never_alone[word.text]:
            return True
        if not self.quiet_alone[word.text]:
            return False
        # A known word is led only by the word right before it: when `previous` reaches
        # past a pseudonym letter ('Dad C The'), the letter stands between and leads none.
        led = index and self.leads[words.texts[index - 1]]
        return not led and not introduced(text, word)

    def never_a_name_alone(self, word: str) -> bool:
        """A word that as a run of its own is no name wherever it stands (unless paired):
        a place or street word, a family word, a pronoun or a label."""
        bare = word_shape(word)[0]
        return (
            bare in PLACE_WORDS
            or ends_street([word])
            or is_family_bare(bare)
            or bare in PRONOUNS
            or bare in LABELS
        )

    def quiet_when_alone(self, word: str) -> bool:
        """A known word that as a run of its own is a name only after a word that leads a
        name or when introduced (unless paired)."""
        return word_shape(word)[0] in self.core

    def paired_before(
        self, text: str, missed: list[list[Token]], found: list[Finding]
    ) -> list[Finding]:
        """First names joined by 'and', '&' or a comma to a name found after them: 'Hope
        and Summer (twins)', 'Olamide, Tobi and Femi Adekunle'."""
        starts = {f.start for f in found}
        added: list[Finding] = []
        for run in reversed(missed):
            word = run[0]
            joined = JOINED_BEFORE.match(text, word.start + len(word.text))
            if len(run) == 1 and joined and joined.end() in starts and self.could_be_named(word):
                added.append(name_from(text, word, word))
                starts.add(word.start)
        return added

    def could_be_named(self, word: Token) -> bool:
        """A first name, or a word written as a name that is no English word, place or
        known word ('Tobi', not 'PyYAML')."""
        if self.is_first_name(word.text):
            return True
        plain = not (self.is_ordinary(word.text) or word.bare in places())
        return plain and self.looks_like_a_name(word)

    def paired(
        self,
        text: str,
        words: Words,
        run: list[Token],
        before: Token | None,
        found: list[Finding],
    ) -> bool:
        """A first name joined by 'and' to a name just found: 'Jack and Amber'."""
        if before is None or before.bare not in ("and", "&") or not found:
            return False
        other = previous(text, words, before)
        return (
            other is not None
            and found[-1].end == other.start + len(bare_possessive(other.text))
            and self.is_first_name(run[0].text)
        )

    def name_in_run(self, text: str, run: list[Token], before: Token | None) -> Finding | None:
        """The name in one run of capitalised words, if it reads as one.

        Family and role words before a name are left out ('Dad Kwame Mensah'); a run with
        an organisation or street word, or that names a UK place, is not a person; two or
        more words are a name when none is an ordinary word, or the first is a first name;
        one word is judged by where it stands and what is said of it.
        """
        led = before is not None and leads_a_name(before)
        if run[0].bare in ("st", "saint") and len(run) > 1:
            return None  # "St Aidan's C of E Primary": a church or school
        while len(run) > 1 and run[0].bare in LEADING_WORDS:
            run = run[1:]  # 'The Graded Care Profile'
        while len(run) > 1 and leads_a_name(run[0]):
            led, run = True, run[1:]
        while len(run) > 1 and is_family(run[-1]):
            run = run[:-1]  # 'Per Child B's plan': a label, not a name
        bares = [t.bare for t in run]
        placed = any(b in PLACE_WORDS for b in bares) and not self.surname_place(text, run)
        if placed or ends_street([t.text for t in run]):
            return None
        if len(run) == 1:
            return self.single_name(text, run[0], before, led)
        if following_word(text, run[-1]) in LANGUAGE_AFTER:
            return None  # 'Kurdish Sorani interpreter'
        if " ".join(bares) in places() and not led:
            return None
        if run[0].bare in places() and all(self.is_known(t.text) for t in run[1:]) and not led:
            return None  # "Sheffield Children's"
        ordinary = [self.is_ordinary(t.text) or t.bare in place_words() for t in run]
        if all(ordinary) and not (led or self.is_first_name(run[0].text)):
            return None
        if not all(INNER_CAPITAL.match(t.text.split("-")[0]) for t in run):
            return None
        if all(self.is_known(t.text) for t in run):
            return None
        return name_from(text, run[0], run[-1])

    def surname_place(self, text: str, run: list[Token]) -> bool:
        """A first name and a surname that is also a place word, said to be a person:
        'Martin Ward (Irish Traveller)', 'Jack Hall said'."""
        return (
            len(run) == 2
            and run[1].bare in SURNAME_PLACE_WORDS
            and self.is_first_name(run[0].text)
            and acts_like_a_person(text, run[1].start, run[1].text) == 2
        )

    def single_name(
        self, text: str, word: Token, before: Token | None, led: bool
    ) -> Finding | None:
        """One capitalised word: a name after a family word, or when what follows is what
        people do and it is a first name or no English word; otherwise a name only when it
        is no English word, place, known word or nationality."""
        first = self.is_first_name(word.text)
        known, ordinary = self.is_known(word.text), self.is_ordinary(word.text)
        if is_family(word) or word.bare in PRONOUNS or word.bare in LABELS:
            return None
        if led and word.bare in self.core and before is not None:
            led = text[before.start + len(before.text) : word.start].strip() == ""
        if word.bare in self.core and not (led or introduced(text, word)):
            return None  # 'Nan lives at...', 'He was 19'
        if led:
            plain = not (known or ordinary) and self.looks_like_a_name(word)
            return name_from(text, word, word) if first or plain else None  # not 'Dad Pack'
        if not self.looks_like_a_name(word) or spoken_language(text, word, before):
            return None
        place = word.bare in places() or (not first and word.bare.endswith(PLACE_ENDINGS))
        if place and not first:
            return None
        if place and before is not None and before.bare in NOT_PERSON_BEFORE:
            return None  # 'a refuge in Kent confirmed'
        cue = acts_like_a_person(text, word.start, word.text)
        if (cue == 2 and (first or not ordinary)) or (cue == 1 and not (ordinary or place)):
            return name_from(text, word, word)
        if cue == 1 and first and not place:
            return name_from(text, word, word)
        if is_introduced_family(text, word):
            return name_from(text, word, word)  # 'Blessing (mum) said'
        if ordinary or place:
            return None
        if before is not None and before.bare in NOT_PERSON_BEFORE:
            return None  # 'recorded on Mosaic', 'lives in Croydon'
        if before is None and not first:
            return None  # 'Greggs in the town centre...': a sentence's first word
        return name_from(text, word, word)

    def lower_case_name(self, text: str, words: Words, index: int) -> bool:
        """A name written in lower case in a hurried note: beside a family word or in
        brackets ('dad (tunde)', 'kai (4)', 'dawn (nan)'), joined to another name or a
        family word ('wojtek + zofia', 'jake + mum'), between a word of contact and what
        is said of a person ('spoke w/ will re contact', 'says frank is back'), or any
        first name that is no English word."""
        word = words[index]
        if not self.could_be_lower_name(word.text):
            return False
        if self.is_known(word.text):
            return self.spoken_to(text, words, index)  # 'spoke w/ will re contact'
        ordinary, first = self.is_ordinary(word.text), self.is_first_name(word.text)
        bracketed = CLOSING_BRACKET.match(text, word.start + len(word.text)) is not None and (
            text.endswith("(", 0, end_before(text, word.start))
        )
        before = previous(text, words, word)
        gap = text[before.start + len(before.text) : word.start] if before else ""
        beside = (
            before is not None
            and is_family(before)
            and not POSSESSIVE.search(before.text)  # "the baby's red book"
            and gap.strip() in ("", "=", ":", "-")
        )
        beside = beside or bool(POSSESSIVE.search(word.text) and is_family_next(text, word))
        who = introduced(text, word)  # 'kai (4)', 'dawn (nan)'
        if bracketed or beside or who:  # a first name or no word (could_be_lower_name)
            return True
        if self.spoken_to(text, words, index):
            return True  # 'rang sukhdeep 07700 900115', 'hv says ngozi v anxious'
        if self.paired_in_lower_case(text, words, index):
            return True
        if not first or ordinary:
            return False  # 'Everything else came...': 'Else' is a name too
        after = words[index + 1] if index + 1 < len(words) else None
        return word.bare not in places() or (after is not None and after.bare in PERSON_VERBS)

    def could_be_lower_case_name(self, word: str) -> bool:
        """A word written in lower case that could be a name (see could_be_lower_name)."""
        return word.islower() and self.could_be_lower_name(word)

    def could_be_lower_name(self, word: str) -> bool:
        """A lower-case word that some context could make a name, judged by the word alone
        and remembered per word: not a short word or a verb ('Father said', though 'Said'
        is a name too); a known word only when a first name and no word of grammar or
        pronoun ('will', not 'with', 'his' or 'you'); any other word when no contraction
        ("hasn't") and a first name or no English word (every case in lower_case_name
        needs one or the other)."""
        return self.lower_possible[word]

    def possible_lower_name(self, word: str) -> bool:
        """`could_be_lower_name`, worked out."""
        bare = bare_word(word)
        if len(bare) < 3 or bare in PERSON_VERBS:
            return False
        if self.is_known(word):
            grammar = bare in FUNCTION_WORDS or bare in PRONOUNS
            return not grammar and self.is_first_name(word)
        return CONTRACTION.search(word) is None and (
            self.is_first_name(word) or not self.is_ordinary(word)
        )

    def spoken_to(self, text: str, words: Words, index: int) -> bool:
        """After a word of contact and before what is said of a person: 'spoke w/ will re
        contact', 'says frank is back'."""
        prior = word_shape(words.texts[index - 1])[0] if index else ""
        if prior not in CONTACT_WORDS:
            return False  # `previous` gives this word, none, or a family word before it
        word = words[index]
        before = previous(text, words, word)
        if before is None or before.bare not in CONTACT_WORDS:
            return False
        gap = text[before.start + len(before.text) : word.start]
        return gap.strip() in ("", "/") and said_of(text, words, index)

    def paired_in_lower_case(self, text: str, words: Words, index: int) -> bool:
        """Joined by 'and', '&' or '+' to a lower-case name that is no English word (one of
        the two a first name), or by '&' or '+' to a family word: 'sarah and dan', 'wojtek
        + zofia', 'jake + mum'; not 'stdout and stderr'."""
        word = words[index]
        pairs = []
        after = word.start + len(word.text)
        before = end_before(text, word.start)  # 'and', '&' or '+' ends here, if any
        if JOINED_AFTER.match(text, after):
            pairs.append(index + 2 if words[index + 1].bare == "and" else index + 1)
        if JOINED_BEFORE_END.search(text, max(0, before - 4), before):
            pairs.append(index - 2 if words[index - 1].bare == "and" else index - 1)
        symbol = bool(
            SYMBOL_AFTER.match(text, after)
            or SYMBOL_BEFORE_END.search(text, max(0, before - 1), before)
        )
        return any(
            0 <= other < len(words)
            and words[other].lower
            and (self.unlike_a_word(word, words[other]) or (symbol and is_family(words[other])))
            for other in pairs
        )

    def unlike_a_word(self, word: Token, other: Token) -> bool:
        """The word joined to `word` is no English word, and one of the two is a first name
        ('wojtek + zofia')."""
        named = self.is_first_name(word.text) or self.is_first_name(other.text)
        return named and len(other.bare) > 2 and not self.is_ordinary(other.text)


@dataclass(slots=True)
class Token:
    """A word of a note and where it starts, with what the detector asks of it worked
    out once: `bare`, the word case-folded without a possessive; `capital`, written with
    a capital and not an acronym or a single letter; `lower`, in lower case throughout.

    Not frozen, though never changed: a frozen dataclass is several times slower to
    make, and a long note has thousands of words."""

    start: int
    text: str
    index: int
    bare: str
    capital: bool
    lower: bool


TOKEN = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
WORDS_AND_GAPS = re.compile(f"({TOKEN.pattern})")
# The same for a text of ASCII alone, which it splits exactly as WORDS_AND_GAPS does, in
# half the time (the Unicode letter class is slow to test).
ASCII_WORDS_AND_GAPS = re.compile(r"([A-Za-z]+(?:['-][A-Za-z]+)*)")
PLACEHOLDER = re.compile(r"\[(?:" + "|".join(map(re.escape, KINDS.values())) + r")\]", re.I)


class Words:
    """The words of a note: letters, with inner apostrophes and hyphens.

    The note is split into what lies between words and the words (no match object made
    for each word): each word starts where the lengths of all before it add up to. A
    word is made a Token only when asked for (`words[index]`, a negative index counting
    from the end as in a list): most words of a note are never looked at alone."""

    __slots__ = ("made", "starts", "texts")

    def __init__(self, text: str) -> None:
        split = ASCII_WORDS_AND_GAPS.split if text.isascii() else WORDS_AND_GAPS.split
        parts = split(text)  # gap, word, gap, word, ..., gap
        self.texts: list[str] = parts[1::2]
        self.starts: list[int] = list(accumulate(map(len, parts[:-1])))[::2]
        self.made: dict[int, Token] = {}

    def __len__(self) -> int:
        return len(self.texts)

    def __getitem__(self, index: int) -> Token:
        at = index + len(self.texts) if index < 0 else index
        made = self.made.get(at)
        if made is None:
            word = self.texts[index]  # an IndexError as from a list
            bare, capital, lower = word_shape(word)
            made = self.made[at] = Token(self.starts[at], word, at, bare, capital, lower)
        return made

    def where(self, question: Remembered) -> Iterator[int]:
        """The indexes of the words that answer yes, in order."""
        return compress(range(len(self.texts)), map(question.__getitem__, self.texts))


@lru_cache(maxsize=1 << 16)
def word_shape(word: str) -> tuple[str, bool, bool]:
    """A word's `bare`, `capital` and `lower` (see Token), remembered per word."""
    bare = bare_word(word)
    capital = word[0].isupper() and len(bare) > 1 and bare.upper() != word
    return bare, capital, word.islower()


def introduced(text: str, word: Token) -> bool:
    """A word followed by who the person is: 'Will (dad)', 'Hope (6)', "Summer's dad"."""
    end = word.start + len(word.text)
    if AGE_IN_BRACKETS.match(text, end):
        return True
    if is_introduced_family(text, word):
        return True
    if PASSIVE_PERSON.match(text, end):
        return True  # "Summer was seen with her father"
    owner = NEXT_WORD.match(text, end) if POSSESSIVE.search(word.text) else None
    return owner is not None and owner.group(1).casefold() in FAMILY_WORDS


POSSESSIVE = re.compile(r"['’]s$")
PHONE_AFTER = re.compile(r",?\s+(?:\+44|\(?0\d{3})")  # a telephone number follows
# Words before a lower-case name in a note of who was spoken to ('rang', 'w/ will').
CONTACT_WORDS = frozenset(
    "to with w from told asked met saw called phoned rang rung texted emailed visited says said "
    "re".split()
)
# What is said right after a person in a hurried note ('re contact', 'v anxious').
SAID_AFTER = frozenset("re about regarding v back not now still x".split())


def said_of(text: str, words: Words, index: int) -> bool:
    """What follows a word is said of a person: a person verb, 're', 'v', 'back', or a
    telephone number ('rang sukhdeep 07700 900115')."""
    word = words[index]
    end = word.start + len(word.text)
    if PHONE_AFTER.match(text, end):
        return True
    after = words[index + 1] if index + 1 < len(words) else None
    if after is None or not SPACE_OR_COMMA.fullmatch(text, end, after.start):
        return False
    return after.bare in PERSON_VERBS or after.bare in SAID_AFTER


def is_introduced_family(text: str, word: Token) -> bool:
    """A family word in brackets right after a word: 'Grace (mum)', 'Thanh (maternal uncle)'."""
    found = BRACKETED_WHO.match(text, word.start + len(word.text))
    return found is not None and found.group(1).casefold() in FAMILY_WORDS


def bare_possessive(word: str) -> str:
    """A word without its possessive 's."""
    return POSSESSIVE.sub("", word)


def again(text: str, words: Words, found: list[Finding]) -> list[Finding]:
    """Each other place a one-word name found in a note is written exactly so ('Mark
    Ashworth ... whether Mark was contacted'; 'dan attended, dan v quiet')."""
    named = {f.text for f in found if " " not in f.text}
    if not named:
        return []
    taken = Spans((f.start, f.end) for f in found)
    return [
        name_from(text, words[index], words[index])
        for index, word in enumerate(words.texts)
        if bare_possessive(word) in named and words.starts[index] not in taken
    ]


class Spans:
    """Spans of a text (start and end, the end not included), in any order and possibly
    overlapping, asked whether one covers an offset in log time: `offset in spans` is
    `any(start <= offset < end for start, end in spans)`."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [start for start, _ in ordered]
        self.reach = list(accumulate((end for _, end in ordered), max))  # furthest end so far

    def __contains__(self, offset: int) -> bool:
        index = bisect.bisect_right(self.starts, offset) - 1
        return index >= 0 and self.reach[index] > offset


def spoken_language(text: str, word: Token, before: Token | None) -> bool:
    """A language: after 'speaks' or 'reads', alone or in a list ('speaks Slovak',
    'speaks Romani and Slovak'), or before 'interpreter' ('a Lingala interpreter',
    'Kurdish Sorani interpreter')."""
    if before is not None and before.bare in LANGUAGE_BEFORE:
        return True
    if LANGUAGE_LIST.search(text, max(0, word.start - 80), word.start):
        return True
    return following_word(text, word) in LANGUAGE_AFTER


def following_word(text: str, word: Token) -> str:
    """The word right after `word`, lower case ('' at the end of a clause)."""
    found = WORD_AFTER_SPACES.match(text, word.start + len(word.text))
    return found.group(1).casefold() if found else ""


def is_family_next(text: str, word: Token) -> bool:
    """A family word right after `word` ("kyle's dad")."""
    return following_word(text, word).rsplit("-", 1)[-1] in FAMILY_WORDS


def is_family(word: Token) -> bool:
    """A family or household word ('Dad', 'Great-grandmother', 'Brother-in-law', "Mum's")."""
    return is_family_bare(word.bare)


def is_family_bare(bare: str) -> bool:
    """`is_family` of a word's `bare`."""
    parts = bare.split("-")
    return bare in FAMILY_WORDS or parts[-1] in FAMILY_WORDS or parts[0] in FAMILY_WORDS


def leads_a_name(word: Token) -> bool:
    """A family word, or a role written before a name ('Midwife', 'Lodger')."""
    return leads_a_name_bare(word.bare)


def leads_a_name_bare(bare: str) -> bool:
    """`leads_a_name` of a word's `bare`."""
    return is_family_bare(bare) or bare in ROLE_WORDS


def leads_a_name_written(word: str) -> bool:
    """`leads_a_name` of a word as written (a named function, so that a detector, which
    remembers its answers, can be pickled for a worker process)."""
    return leads_a_name_bare(word_shape(word)[0])


PLACE_ENDINGS = ("land", "shire", "stan")  # 'Somaliland', 'Kurdistan'
NATIONALITY_ENDINGS = ("ian", "ean", "ese", "ish", "ani", "ali", "eri")
INNER_CAPITAL = re.compile(
    r"^(?:Mc|Mac|O['’]|D['’]|Fitz|De|Van|Le|La)?[^\W\d_][^\W\d_A-Z]*(?:['’-][^\W\d_]+)*$"
)


def could_be_in_run(word: str) -> bool:
    """A capitalised word or a name particle: what `runs` may join."""
    return word_shape(word)[1] or word in NAME_PARTICLES


def runs(text: str, words: Words, joinable: Iterable[int]) -> list[list[Token]]:
    """Capitalised words next to each other, with only spaces between them; `joinable`
    are the indexes of the words that could be in a run (see could_be_in_run), in order:
    any other word ends a run."""
    found: list[list[Token]] = []
    current: list[Token] = []
    last = -2
    for index in joinable:
        word = words[index]
        if current and index != last + 1:
            found.append(current)
            current = []
        last = index
        if not word.capital and not (current and word.text in NAME_PARTICLES):
            if current:
                found.append(current)
            current = []
            continue
        if current and text[current[-1].start + len(current[-1].text) : word.start] != " ":
            found.append(current)
            current = []
        current.append(word)
    if current:
        found.append(current)
    return [trimmed for run in found if (trimmed := without_particles(run))]


NAME_PARTICLES = frozenset(
    "Ó Ní Nic Mac Uí bin bint ibn al el van von de da di du le la ap".split()
)


def without_particles(run: list[Token]) -> list[Token]:
    """A run without the name particles at its end ('Seán Ó' stays 'Seán Ó Briain' only
    when the surname follows)."""
    while run and run[-1].text in NAME_PARTICLES:
        run = run[:-1]
    return run


def previous(text: str, words: Words, word: Token) -> Token | None:
    """The word just before `word` in the same sentence, if any; past a pseudonym letter
    after a family word ('Child C Harley' gives 'Child')."""
    index = word.index
    if index == 0:
        return None
    before = words[index - 1]
    if len(before.bare) == 1 and index > 1 and is_family(words[index - 2]):
        before = words[index - 2]
    between = CLAUSE_BREAK.search(text, before.start + len(before.text), word.start)
    return None if between else before


FAMILY_WORDS = frozenset(
    "father dad daddy mum mummy mother grandad grandfather nan nana grandma grandmother uncle "
    "aunt auntie brother sister son daughter stepdad stepfather partner baby cousin child "
    "step-dad step-father stepmum stepmother boyfriend girlfriend husband wife twin twins "
    "nephew niece grandson granddaughter grandchild godfather godmother fiance fiancé fiancee "
    "fiancée lodger neighbour friend carer bro sis gran granny grandpa grampa nanny nanna mam "
    "mammy papa".split()
)
# Roles that stand before a person's name as a family word does ('Midwife Ewa Majewska').
ROLE_WORDS = frozenset(
    "midwife nurse teacher headteacher officer worker visitor advocate mentor coach "
    "keyworker childminder interpreter manager lawyer solicitor".split()
)
PLACE_WORDS = frozenset(
    """
    cottage farm lodge manor barn book mail gazette united rovers athletic wanderers albion
    fc afc
    hall house centre center ward desk day contract law church court credit service services
    unit hub programme course list document meeting panel board office clinic school college
    nursery academy team group project trust partnership council department authority
    hospital surgery practice station library park estate building tower block junction
    band level tier gateway continuum pathway plan protocol policy framework star test
    driver collector worker officer assistant operative engineer cleaner manager
    association foundation charity network forum alliance
    """.split()
)
# Place words that are common English surnames too.
SURNAME_PLACE_WORDS = frozenset("ward hall church court house lodge barn farm park bank".split())
# Words before a capitalised word that make it a system, venue or place, not a person.
NOT_PERSON_BEFORE = frozenset(
    "on onto via using into in at near across within around throughout".split()
)
# Words before a lower-case word that make it a person spoken of.
LOWER_NAME_CUES = FAMILY_WORDS | frozenset(
    "to with w and told asked met saw seen called phoned rang ring visited re says said".split()
)
CONTRACTION = re.compile(r"(?:n['’]t|['’](?:ve|ll|re|d|m))$")
LABELS = frozenset("tel mob mobile phone email contact address".split())  # 'Tel (father): 0113'
# Words of grammar that the name dictionary also holds ('The', 'An', 'Will' is not one).
FUNCTION_WORDS = frozenset(
    "the a an this that these those and or but nor of in on at to for with by from as is "
    "was are were be been has have had do did not no so if then than".split()
)
PRONOUNS = frozenset("i he she it we you they him her us them his hers its our their".split())
LEADING_WORDS = frozenset("the a an this that these those our their his her its".split())
LANGUAGE_BEFORE = frozenset("speaks speak spoke reads read writes write speaking".split())
LANGUAGE_LIST = re.compile(
    r"\b(?i:speaks?|spoke|speaking|reads?|writes?)\s+(?:[A-Z][\w'’-]*(?:,\s*|\s+(?:and|or)\s+)){1,3}$"
)
LANGUAGE_AFTER = frozenset(
    "interpreter interpreters interpreting speaker speakers speaking language translator "
    "translation".split()
)
AUXILIARY_VERBS = frozenset("was is has had did does".split())
PERSON_VERBS = frozenset(
    """
    said says told tells asked asks agreed agrees declined declines wanted wants was is has
    had attended attends reported reports stated explained explains disclosed discloses spoke
    speaks met meets called calls came comes went goes lives lived moved works worked
    did does felt feels refused refuses denied denies admitted admits became left aged
    texted texts emailed emails rang rings phoned phones messaged arrived arrives missed
    cancelled engaged engages confirmed requested shared stayed stays returned returned
    visited visits collected collects hit threatened assaulted shouted cried talked talks
    disclosed played plays wrote writes signed chose decided moved sees saw knew thinks
    thought says insisted accepted accepts struggled struggles
    """.split()
)


BRACKETED_WHO = re.compile(
    r"\s*\(\s*(?:(?:maternal|paternal|birth|older|younger|elder|half|step)\s+)?([\w'’-]+)",
    re.I,
)
PASSIVE_PERSON = re.compile(
    r"\s+(?:was|is|were|has\s+been|had\s+been)\s+"
    r"(?:(?:only|not|never|also|first|then|again|finally|recently|last)\s+)?"
    r"(?:seen|spoken|asked|told|interviewed|visited|collected|placed|removed|discharged)\b"
)
APPOSITION = re.compile(
    r",\s*(?:the|his|her|their|our|my)\s+(?:(?:eldest|youngest|oldest|middle|older|younger"
    r"|elder|baby|new|birth|maternal|paternal)\b|([\w'’-]+)\s*,)"
)


JOINED_BEFORE = re.compile(r",\s*|\s+(?:and|&|\+|/)\s+|\s*[&+/]\s*")
# What follows a word, each matched in place (`pattern.match(text, end)`): the note is
# never copied from the word on, which made long notes quadratic.
OWNED_OR_BRACKETED = re.compile(r"['’]s\b|\s*\(")
AGE_OR_BIRTH_AFTER = re.compile(r",\s*(?:\d{1,2}\s*,|born\b|aged?\b|d\.?o\.?b\b)", re.I)
AND_ANOTHER = re.compile(r"\s+(?:and|&|\+)\s+(?:[A-Z]|his\b|her\b|their\b)")
LOWER_WORD_AFTER = re.compile(r",?\s+([a-z]+)")
AGE_IN_BRACKETS = re.compile(r"\s*\(\s*(?:aged?\s*)?\d{1,2}\b")
NEXT_WORD = re.compile(r"\s+([\w-]+)")
WORD_AFTER_SPACES = re.compile(r" +([\w'’-]+)")
SPACE_OR_COMMA = re.compile(r",?\s+")
CLOSING_BRACKET = re.compile(r"\s*[?!.]*\s*\)")
JOINED_AFTER = re.compile(r"\s*(?:and|&|\+)\s")
SYMBOL_AFTER = re.compile(r"\s*[&+]")
# What ends the text before a word, searched only in the few characters before its last
# white space (see end_before): 'sarah and dan', 'wojtek + zofia'.
JOINED_BEFORE_END = re.compile(r"\s(?:and|&|\+)\s*$")
SYMBOL_BEFORE_END = re.compile(r"[&+]\s*$")
CLAUSE_BREAK = re.compile(r"[.!?;:\n]")


def acts_like_a_person(text: str, start: int, word: str) -> int:
    """How plainly a word is said to be a person: 2 when what follows is what people do
    ('Tyler said'), who they are ('Grace (mum)', 'Faith, aged 11') or what they own
    ("Tyler's dad"); 1 when it is only 'was', 'has' or 'and' another ('Hope was
    expressed', 'Kent and Medway' read either way); 0 otherwise."""
    end = start + len(word)
    if POSSESSIVE.search(word) or OWNED_OR_BRACKETED.match(text, end):
        return 2
    if AGE_OR_BIRTH_AFTER.match(text, end):
        return 2  # 'Rose, 4, was seen', 'Brandon, born 12 February 2012'
    if PHONE_AFTER.match(text, end):
        return 2  # 'Kelechi 07700 900175': a name and a telephone number
    if PASSIVE_PERSON.match(text, end):
        return 2  # "Summer was seen"
    apposition = APPOSITION.match(text, end)
    if apposition is not None and (apposition.group(1) or "dad").casefold() in FAMILY_WORDS:
        return 2  # "Grace, the eldest, told", "Jay, her brother, said"
    if AND_ANOTHER.match(text, end):
        return 1
    following = LOWER_WORD_AFTER.match(text, end)
    if following is None or following.group(1) not in PERSON_VERBS:
        return 0
    return 1 if following.group(1) in AUXILIARY_VERBS else 2


def name_from(text: str, first: Token, last: Token) -> Finding:
    """The name from the first word to the last, as written, without a trailing possessive."""
    begin = first.start
    bare = bare_possessive(text[begin : last.start + len(last.text)])
    return Finding("name", begin, begin + len(bare), bare)


@lru_cache(maxsize=1 << 16)
def bare_word(word: str) -> str:
    """A word without a possessive, case-folded (remembered: notes repeat their words)."""
    return bare_possessive(word).strip("'’-").casefold()


def ends_street(words: list[str]) -> bool:
    """`Station Road`: a public road name, not a person."""
    return words[-1] in STREET_TYPE_WORDS


def end_before(text: str, pos: int) -> int:
    """Where the text before `pos` ends once its white space is stripped: the length of
    `text[:pos].rstrip()`, found without copying the text."""
    while pos > 0 and text[pos - 1].isspace():
        pos -= 1
    return pos


def drop_overlaps(found: list[Finding]) -> list[Finding]:
    """The earliest, then longest, of any overlapping findings."""
    kept: list[Finding] = []
    for finding in sorted(found, key=lambda f: (f.start, -(f.end - f.start))):
        if not kept or finding.start >= kept[-1].end:
            kept.append(finding)
    return kept


# --- scanning forms ----------------------------------------------------------------------

FREE_TEXT_KEYS = frozenset(
    """
    evidence strengths learning_for_child learning_for_future priorities role service chair
    theme audit_window selection purpose summary_of_findings barriers_overcome learning
    recommendations next_steps action specific measurable achievable appropriate realistic
    owner finding reason
    """.split()
)
CODES = {kind: f"P9{number:02d}" for number, kind in enumerate(KINDS, start=1)}
REVIEW_KEY = "privacy_reviewed"


def is_privacy_code(code: str) -> bool:
    """True for the codes of possible identifiers."""
    return code in CODES.values()


class FreeText(NamedTuple):
    """A piece of free text in a file, with where its value starts (a named tuple: a form
    has dozens, and one is made three times quicker than a frozen dataclass)."""

    loc: tuple[str | int, ...]
    text: str
    line: int
    column: int
    cell: str = ""


@dataclass
class TextsOfFile:
    """The free text of one file and the findings its author marked as reviewed."""

    path: Path
    texts: list[FreeText]
    reviewed: frozenset[str]


def free_texts(document: Document) -> TextsOfFile:
    """Every free-text value of a form (evidence, learning, narrative, roles, actions), in
    the order written; nothing under `privacy_reviewed`."""
    found: list[FreeText] = []
    gather(document, document.data, (), None, found)
    return TextsOfFile(document.path, found, reviewed_texts(document.data))


def gather(document: Document, data: Any, loc: Loc, key: str | None, found: list[FreeText]) -> None:
    """The free text in `data` at `loc` onto `found`; `key` is the nearest key above it
    (None at the top, where the review list is passed over)."""
    if isinstance(data, dict):
        for name, value in data.items():
            if isinstance(value, str):
                if is_free_text(name, value):
                    noted(document, (*loc, name), value, found)
            elif isinstance(value, dict | list) and (key is not None or name != REVIEW_KEY):
                gather(document, value, (*loc, name), name, found)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            if isinstance(value, str):
                if key is not None and is_free_text(key, value):
                    noted(document, (*loc, index), value, found)
            elif isinstance(value, dict | list):
                gather(document, value, (*loc, index), key, found)


def is_free_text(key: str, value: str) -> bool:
    """A value people write in their own words: under a free-text key, or an answer of
    three words or more."""
    return key in FREE_TEXT_KEYS or (key == "answer" and len(value.split()) >= 3)


def noted(document: Document, loc: Loc, value: str, found: list[FreeText]) -> None:
    """One piece of free text, with where its value starts."""
    line, column = document.place(loc)
    found.append(FreeText(loc, value, line, column, document.cell(loc)))


def reviewed_texts(data: Any) -> frozenset[str]:
    """The texts listed under `privacy_reviewed` (each with a reason), case-folded."""
    entries = data.get(REVIEW_KEY) if isinstance(data, dict) else None
    if not isinstance(entries, list):
        return frozenset()
    return frozenset(
        " ".join(e["text"].split()).casefold()
        for e in entries
        if isinstance(e, dict) and isinstance(e.get("text"), str)
    )


def scan(
    files: list[TextsOfFile], detector: Detector, severity: Severity = Severity.WARNING
) -> list[Problem]:
    """Every unreviewed possible identifier in these files, located and masked."""
    problems = []
    for of_file in files:
        source: Source | None = None
        spans: dict[int, list[Span] | None] = {}
        for item, finding in find_in_file(of_file, detector):
            if " ".join(finding.text.split()).casefold() in of_file.reviewed:
                continue
            if item.cell:
                line, column = item.line, item.column
            else:
                source = Source.read(of_file.path) if source is None else source
                if id(item) not in spans:
                    spans[id(item)] = value_spans(source, item)
                line, column = locate(source, item, finding, spans[id(item)])
            problems.append(
                problem(
                    of_file.path,
                    CODES[finding.kind],
                    f"possible {finding.label} '{finding.masked()}' in {dotted(item.loc)}; "
                    f"remove it, or list it under {REVIEW_KEY} with a reason",
                    line,
                    column,
                    severity,
                    item.cell,
                )
            )
    return problems


SEPARATOR = "\n\x00\n"


def find_in_file(of_file: TextsOfFile, detector: Detector) -> Iterator[tuple[FreeText, Finding]]:
    """Every finding in a file's free text, searched in one pass over all of it.

    The texts are joined with a separator that ends every word and clause (the shapes
    are looked for note by note: see Detector.by_pattern), and each finding is given back
    with the text it came from and its offset within that text.
    """
    starts = []
    offset = 0
    for item in of_file.texts:
        starts.append(offset)
        offset += len(item.text) + len(SEPARATOR)
    joined = SEPARATOR.join(item.text for item in of_file.texts)
    for finding in detector.find(joined):
        index = bisect.bisect_right(starts, finding.start) - 1
        base = starts[index]
        yield (
            of_file.texts[index],
            Finding(finding.kind, finding.start - base, finding.end - base, finding.text),
        )


@dataclass(frozen=True)
class Source:
    """A file's text as one string, with where each line starts."""

    text: str
    starts: list[int]

    @classmethod
    def read(cls, path: Path) -> Source:
        """A file's source, its line breaks read as the loader reads them (empty when the
        file cannot be read)."""
        try:
            raw = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            raw = ""
        text = re.sub(r"\r\n?", "\n", raw)
        starts = [0] + [m.end() for m in re.finditer("\n", text)]
        return cls(text, starts)

    def offset(self, line: int, column: int) -> int:
        """The offset of a 1-based line and column (-1 past the end of the file)."""
        if not 0 < line <= len(self.starts):
            return -1
        return self.starts[line - 1] + column - 1

    def position(self, offset: int) -> tuple[int, int]:
        """The 1-based line and column of an offset."""
        index = bisect.bisect_right(self.starts, offset) - 1
        return index + 1, offset - self.starts[index] + 1


Span = tuple[int, int]  # where one character of a value is written: start and end offsets
# What YAML writes around or between a value's characters: indentation, line breaks, quotes.
LAYOUT = frozenset(" \t\n'\"")
ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f",
    "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0",
    "L": "\u2028", "P": "\u2029",
}  # fmt: skip
HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}


def value_spans(source: Source, item: FreeText) -> list[Span] | None:
    """Where each character of a value is written in the file, or None when the text
    written there is not the value (so nothing can be placed exactly).

    Walks the file from the value's start, matching each character of the value and
    skipping only layout: a block scalar's header line, indentation, folded line
    breaks, quotes, and the escapes of a double-quoted scalar.
    """
    at = source.offset(item.line, item.column)
    if at < 0 or at >= len(source.text):
        return None
    double = source.text[at] == '"'
    if source.text[at] in "'\"":
        at += 1
    if source.text[at] in "|>":
        at = source.text.find("\n", at) + 1
        if at == 0:
            return None
    spans = []
    for char in item.text:
        span = next_span(source.text, at, char, double)
        if span is None:
            return None
        spans.append(span)
        at = span[1]
    return spans


def next_span(text: str, at: int, char: str, double: bool) -> Span | None:
    """Where `char` is next written in `text` from `at`, past layout only."""
    while at < len(text):
        here = text[at]
        if double and here == "\\":
            decoded, width = unescape(text, at)
            if decoded == char:
                return at, at + width
            if decoded is not None:
                return None
            at = past_escaped_break(text, at)
        elif here == char or (here == "\n" and char == " "):
            return at, at + 1
        elif here in LAYOUT:
            at += 1
        else:
            return None
    return None


def past_escaped_break(text: str, at: int) -> int:
    """Past a backslash that ends a double-quoted line, with the next line's indentation
    (an escaped line break stands for nothing); past the backslash alone otherwise."""
    end = at + 1
    if text[end : end + 1] != "\n":
        return end
    end += 1
    while end < len(text) and text[end] in " \t":
        end += 1
    return end


def unescape(text: str, at: int) -> tuple[str | None, int]:
    """The character a double-quoted escape at `at` stands for and its width (None and 1
    for an escaped line break or an escape YAML does not know)."""
    code = text[at + 1 : at + 2]
    if code in HEX_ESCAPES:
        width = 2 + HEX_ESCAPES[code]
        digits = text[at + 2 : at + width]
        if len(digits) == width - 2 and all(d in "0123456789abcdefABCDEF" for d in digits):
            return chr(int(digits, 16)), width
    elif code in ESCAPES:
        return ESCAPES[code], 2
    return None, 1


def locate(
    source: Source, item: FreeText, finding: Finding, spans: list[Span] | None
) -> tuple[int, int]:
    """The line and column of a finding in the file, from its value's `spans`; the
    value's own start when the value could not be lined up with the file."""
    if spans is None or finding.start >= len(spans):
        return item.line, item.column
    return source.position(spans[finding.start][0])


def dotted(loc: tuple[str | int, ...]) -> str:
    """`answers.A1.evidence` for a location."""
    return ".".join(str(part + 1) if isinstance(part, int) else part for part in loc)
