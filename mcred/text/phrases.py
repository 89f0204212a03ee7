"""Phrases in page text: the one way mcred compares a quote or a searched phrase with a page.

`comparable` is the normalisation every quote check uses (check's MC325, the read stage's search for a quote
on other pages, `mcred find`, the highlights in the packet), so they never disagree about whether words are
on a page.
"""

from __future__ import annotations

import re
import unicodedata

_NOT_LETTER_OR_DIGIT = re.compile(r"[\W_]+", re.UNICODE)
_LETTER_OR_DIGIT = re.compile(r"[^\W_]", re.UNICODE)


def comparable(text: str) -> str:
    """Text reduced to its letters and digits: whitespace, line-break hyphenation, ligatures, quotes and case
    cannot make a quote look absent."""
    return _NOT_LETTER_OR_DIGIT.sub("", unicodedata.normalize("NFKC", text).casefold())


def _comparable_with_offsets(text: str, enough: int | None = None) -> tuple[str, list[int]]:
    """`comparable(text)` built a letter at a time (with the combining marks that follow it, so `e` + `́` is
    `é` as in the whole string), with where each kept character came from in `text`; it stops once `enough`
    characters are kept. A Python loop, so it runs only on pages known to hold the phrase, to place the snippet.
    """
    kept: list[str] = []
    origin: list[int] = []
    position = 0
    while position < len(text):
        end = position + 1
        while end < len(text) and unicodedata.combining(text[end]):
            end += 1
        for folded in unicodedata.normalize("NFKC", text[position:end]).casefold():
            if _LETTER_OR_DIGIT.match(folded):
                kept.append(folded)
                origin.append(position)
        position = end
        if enough is not None and len(kept) >= enough:
            break
    return "".join(kept), origin


def span_of(text: str, wanted: str) -> tuple[int, int] | None:
    """Where in `text` the comparable phrase `wanted` first stands, as (start, end) offsets; None if nowhere."""
    start = comparable(text).find(wanted) if wanted else -1
    if start < 0:
        return None
    end = start + len(wanted)
    haystack, origin = _comparable_with_offsets(text, enough=end)   # read only as far as the match
    if haystack[start:end] != wanted:   # a composition across letters (rare): look through the whole page
        haystack, origin = _comparable_with_offsets(text)
        start = haystack.find(wanted)
        if start < 0:
            return None
        end = start + len(wanted)
    last = origin[end - 1] + 1
    while last < len(text) and unicodedata.combining(text[last]):
        last += 1
    return origin[start], last
