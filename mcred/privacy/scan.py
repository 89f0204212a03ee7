"""Find student-identifying information in a text: roster names, extra terms, emails, phones, dates of birth, IDs.

Names are matched on words, not on characters: the text is cut into words once (a word broken by a hyphen
at a line end is one word again), each word is normalised on its own (accents stripped, case folded) and
looked up in a table built from the roster. Offsets therefore always point into the original text, and the
cost is one dictionary look-up per word, whatever the roster's size. Every pattern is either a look-up or a
regex with bounded repetition only, so no text can make a scan hang.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from typing import NamedTuple

from mcred.privacy.common_words import COMMON_WORDS
from mcred.privacy.masking import mask
from mcred.privacy.rules import PrivacyRules, Student, compile_mask

__all__ = ["Hit", "HitKind", "find_hits", "mask"]


class HitKind(str, Enum):
    NAME = "student name"
    TERM = "listed term"
    EMAIL = "email address"
    PHONE = "phone number"
    DOB = "date of birth"
    STUDENT_ID = "student ID"


@dataclass(frozen=True)
class Hit:
    kind: HitKind
    start: int            # offsets into the text as given, end exclusive
    end: int
    snippet: str          # masked: never the words themselves


# A word: letters and digits (with combining accents), joined across an apostrophe ("O'Brien"), a hyphen
# ("Smith-Jones"), or a hyphen at a line end ("Alva-\nrez"; pdfium writes U+FFFE for a hyphen it knows is one).
_CHAR = r"[\w\u0300-\u036f]"
_LINE_BREAK = r"(?:[ \t]*(?:\r\n|\r|\n)[ \t]*)"
_JOIN = rf"(?:['\u2019]|[-\u2010\u2011\u00ad\ufffe\u0002]{_LINE_BREAK}?)"
_WORD = re.compile(f"{_CHAR}+(?:{_JOIN}{_CHAR}+)*")
_NOT_IN_KEY = re.compile(r"[\s'\u2019\-\u2010\u2011\u00ad\ufffe\u0002_]")
_POSSESSIVE = re.compile(r"['\u2019]s$", re.IGNORECASE)
_ALNUM = re.compile(r"[^\W_]")

_EMAIL = re.compile(r"(?<![\w.%+-])[\w.%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}"
                    r"(?![\w-])")
# North American numbers, the schools mcred is for: (555) 123-4567, 555-123-4567, 555.123.4567, +1 555 123 4567.
_PHONE = re.compile(r"(?<![\w+])(?:\+?1[ .-]?)?(?:\(\d{3}\)\s{0,3}|\d{3}[ .-]\s{0,2})\d{3}[ .-]\s{0,2}\d{4}(?!\w)")
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
          r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_DATE = (r"(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})(?!\d)|\d{4}-\d{1,2}-\d{1,2}(?!\d)"
         rf"|{_MONTH}\.?[ \t]{{1,3}}\d{{1,2}}(?:st|nd|rd|th)?,?[ \t]{{1,3}}\d{{4}}"
         rf"|\d{{1,2}}(?:st|nd|rd|th)?[ \t]{{1,3}}{_MONTH}\.?,?[ \t]{{1,3}}\d{{4}})")
# The date is the hit, not its label: "DOB: █████" still tells the reader what was there.
_DOB = re.compile(r"(?:\bd\.?o\.?b\b\.?|\bdate[ \t]{1,3}of[ \t]{1,3}birth\b|\bbirth[ \t]?date\b|\bbirthday\b"
                  rf"|\bborn(?:[ \t]{{1,3}}on)?\b)[\s:.,\-\u2013\u2014]{{0,6}}({_DATE})(?!\w)", re.IGNORECASE)

# How two words of one name may be separated.
SPACE, COMMA, AFTER_INITIAL, AFTER_INITIAL_DOT, LOOSE = range(5)
MAX_LOOSE_GAP = 8
ANY_INITIAL = "\0any initial"


@dataclass(frozen=True)
class _Part:
    """One word of a pattern: a normalised word, or an initial (key None: any capital letter)."""

    key: str | None
    initial: bool = False
    capitalised: bool = False   # a common English word must be capitalised to count as a name


@dataclass(frozen=True)
class _Pattern:
    kind: HitKind
    parts: tuple[_Part, ...]
    gaps: tuple[int, ...]       # gaps[i] separates parts[i] and parts[i + 1]
    # "Alvarez, J." needs the initial's period, and takes it into the hit: "Alvarez, I think" is no name.
    trailing_dot: bool = False


class _Word(NamedTuple):   # a tuple, not a dataclass: a page can hold 100,000 of them
    start: int
    end: int
    key: str
    capitalised: bool
    initial: bool


@dataclass(frozen=True)
class _Matcher:
    # Patterns by their opening: (first word, second word) — the second word's key, an initial's letter, or
    # ANY_INITIAL — and one-word patterns by their word. A word then tries only patterns its neighbour fits.
    by_opening: dict[tuple[str, str], tuple[_Pattern, ...]]
    one_word: dict[str, tuple[_Pattern, ...]]
    keys: frozenset[str]
    id_patterns: tuple[re.Pattern[str], ...]
    rules: PrivacyRules


def find_hits(text: str, rules: PrivacyRules) -> list[Hit]:
    """Every hit in `text`, in order, none overlapping another (the longer one wins)."""
    matcher = _matcher_for(rules)
    spans: list[tuple[int, int, HitKind]] = []
    if matcher.keys:
        spans += _word_hits(text, matcher)
    if rules.email and "@" in text:
        spans += [(m.start(), m.end(), HitKind.EMAIL) for m in _EMAIL.finditer(text)]
    if rules.phone:
        spans += [(m.start(), m.end(), HitKind.PHONE) for m in _PHONE.finditer(text)]
    if rules.dob:
        spans += [(m.start(1), m.end(1), HitKind.DOB) for m in _DOB.finditer(text)]
    for pattern in matcher.id_patterns:
        spans += [(m.start(), m.end(), HitKind.STUDENT_ID) for m in pattern.finditer(text)]
    return [Hit(kind, start, end, mask(text[start:end])) for start, end, kind in _without_overlaps(spans)]


def _without_overlaps(spans: list[tuple[int, int, HitKind]]) -> list[tuple[int, int, HitKind]]:
    kept: list[tuple[int, int, HitKind]] = []
    for start, end, kind in sorted(spans, key=lambda span: (span[0], -span[1])):
        if kept and start < kept[-1][1]:
            continue
        kept.append((start, end, kind))
    return kept


# --- words ----------------------------------------------------------------------------------------------

def _word_hits(text: str, matcher: _Matcher) -> Iterator[tuple[int, int, HitKind]]:
    words = _interesting_words(text, matcher.keys)
    for index, word in enumerate(words):
        candidates = matcher.one_word.get(word.key, ())
        if index + 1 < len(words):
            following = words[index + 1]
            candidates += matcher.by_opening.get((word.key, following.key), ())
            if following.initial:
                candidates += matcher.by_opening.get((word.key, ANY_INITIAL), ())
        for pattern in candidates:
            end = _match_at(text, words, index, pattern)
            if end is not None:
                yield word.start, end, pattern.kind


def _interesting_words(text: str, keys: frozenset[str]) -> list[_Word]:
    """The words that could start or continue a pattern; any other word between two of them breaks the gap.

    Most pages name no one: their distinct words are checked once each, and the page is done without a
    word-by-word pass. Initials count only on a page that has some name word, since none is a name alone.
    """
    distinct = set(_WORD.findall(text))
    named = {raw for raw in distinct if _key(raw) in keys}
    if not named:
        return []
    initials = {raw for raw in distinct if raw[0].isupper() and len(_key(raw)) == 1}
    # Each distinct word's reading once; the pass over the page then only looks words up.
    reading = {raw: (_key(raw), raw[0].isupper(), raw in initials) for raw in named | initials}
    return [_Word(match.start(), match.end(), *reading[match.group()])
            for match in _WORD.finditer(text) if match.group() in reading]


@functools.lru_cache(maxsize=1 << 16)
def _key(word: str) -> str:
    """A word as the roster and the text are compared: no accents, case folded, no hyphens or apostrophes."""
    word = _POSSESSIVE.sub("", word)
    if not word.isascii():
        word = "".join(char for char in unicodedata.normalize("NFKD", word) if not unicodedata.combining(char))
    return _NOT_IN_KEY.sub("", word.casefold())


def _match_at(text: str, words: list[_Word], index: int, pattern: _Pattern) -> int | None:
    """The end of the hit if `pattern` matches the words from `index` on."""
    if index + len(pattern.parts) > len(words):
        return None
    for offset, part in enumerate(pattern.parts):
        word = words[index + offset]
        if part.initial:
            if not word.initial or (part.key is not None and word.key != part.key):
                return None
        elif word.key != part.key or (part.capitalised and not word.capitalised):
            return None
        if offset and not _gap_fits(text[words[index + offset - 1].end:word.start], pattern.gaps[offset - 1]):
            return None
    end = words[index + len(pattern.parts) - 1].end
    if pattern.trailing_dot:
        if text[end:end + 1] != ".":
            return None
        end += 1
    return end


def _gap_fits(gap: str, kind: int) -> bool:
    if kind == SPACE:
        return gap.isspace()
    if kind == COMMA:
        return gap.strip() == ","
    if kind == AFTER_INITIAL:
        return bool(gap) and gap.strip() in ("", ".")
    if kind == AFTER_INITIAL_DOT:
        return gap.strip() == "." and gap.startswith(".")
    return 0 < len(gap) <= MAX_LOOSE_GAP and not _ALNUM.search(gap)


# --- the matcher, built once per set of rules -----------------------------------------------------------

_last_matcher: list[_Matcher] = []


def _matcher_for(rules: PrivacyRules) -> _Matcher:
    """The matcher of these rules; a scan of 2,000 pages with one rules object builds it once and does not
    even hash a 500-name roster again for every page."""
    if _last_matcher and _last_matcher[0].rules is rules:
        return _last_matcher[0]
    matcher = _matcher(rules)
    _last_matcher[:] = [matcher]
    return matcher


@functools.lru_cache(maxsize=8)
def _matcher(rules: PrivacyRules) -> _Matcher:
    patterns = [pattern for student in rules.names for pattern in _name_patterns(student)]
    patterns += [pattern for term in rules.terms if (pattern := _term_pattern(term))]
    by_opening: dict[tuple[str, str], list[_Pattern]] = {}
    one_word: dict[str, list[_Pattern]] = {}
    for pattern in patterns:
        first = pattern.parts[0].key or ""    # no pattern starts with "any initial"
        if len(pattern.parts) == 1:
            one_word.setdefault(first, []).append(pattern)
        else:
            second = pattern.parts[1].key
            by_opening.setdefault((first, ANY_INITIAL if second is None else second), []).append(pattern)
    keys = frozenset(part.key for pattern in patterns for part in pattern.parts if part.key and not part.initial)
    return _Matcher(by_opening={key: tuple(found) for key, found in by_opening.items()},
                    one_word={key: tuple(found) for key, found in one_word.items()}, keys=keys,
                    id_patterns=tuple(compile_mask(mask) for mask in rules.id_masks), rules=rules)


def _words_of(written: str | None) -> tuple[_Part, ...]:
    keys = [_key(match.group()) for match in _WORD.finditer(written or "")]
    return tuple(_Part(key, capitalised=key in COMMON_WORDS) for key in keys if key)


def _joined(*groups: tuple[_Part, ...], gaps: tuple[int, ...]) -> tuple[tuple[_Part, ...], tuple[int, ...]]:
    """Words of several name parts in a row: SPACE inside a part, the given gap between parts."""
    parts: list[_Part] = []
    between: list[int] = []
    for number, group in enumerate(groups):
        if number:
            between.append(gaps[number - 1])
        between += [SPACE] * (len(group) - 1)
        parts += group
    return tuple(parts), tuple(between)


def _name_patterns(student: Student) -> list[_Pattern]:
    """First Last, First Middle Last, First M. Last, Last, First (Middle), F. Last and Last, F."""
    first, last, middle = _words_of(student.first), _words_of(student.last), _words_of(student.middle)
    if not first or not last:
        return []
    initial = _Part(first[0].key[0] if first[0].key else None, initial=True)
    any_initial = _Part(None, initial=True)
    # A bare capital before an everyday word ("I Will", "A Hill") is no initial unless it has its period.
    after_initial = AFTER_INITIAL_DOT if any(part.capitalised for part in last) else AFTER_INITIAL
    shapes = [
        _joined(first, last, gaps=(SPACE,)),
        _joined(first, (any_initial,), last, gaps=(AFTER_INITIAL, after_initial)),
        _joined(last, first, gaps=(COMMA,)),
        _joined((initial,), last, gaps=(after_initial,)),
    ]
    if middle:
        shapes += [_joined(first, middle, last, gaps=(SPACE, SPACE)),
                   _joined(last, first, middle, gaps=(COMMA, SPACE))]
    patterns = [_Pattern(HitKind.NAME, parts, gaps) for parts, gaps in shapes]
    patterns.append(_Pattern(HitKind.NAME, *_joined(last, (initial,), gaps=(COMMA,)),
                             trailing_dot=True))
    return patterns


def _term_pattern(term: str) -> _Pattern | None:
    parts = tuple(_Part(part.key) for part in _words_of(term))
    if not parts:
        return None
    return _Pattern(HitKind.TERM, parts, (LOOSE,) * (len(parts) - 1))
