"""Prose set as a word processor sets it: curly quotes and apostrophes, en dashes in page and time ranges.

Typst turns straight quotes into curly ones only where they are markup; every word the practitioner wrote
reaches Typst as a string (never as markup: see markup.py), so the packet does it here, once, in Python.
Code spans and web addresses are left exactly as typed.
"""

from __future__ import annotations

import re

# After these a quote opens; after anything else (a letter, a digit, closing punctuation) it closes.
_OPENS_AFTER = set(" \t\n\r\u00a0([{<“‘«—–-/\u2068")
_URL = re.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.|mailto:)\S*", re.IGNORECASE)
# '90s, '26: an apostrophe standing for the century's digits (Word opens it, wrongly; this does not).
_ELIDED_YEAR = re.compile(r"'(?=\d\d(?:s\b|\b))")

_PLACE = r"[0-9]+|[ivxlcdm]+"
_RANGE = rf"(?:{_PLACE})\s?-\s?(?:{_PLACE})"
# "pages iv-v", "pp. 4-6, 9-10", "page 2 and 5-7": the list after the word, with its hyphens to become dashes.
_PAGES = re.compile(rf"\b(pages?|pp?\.)(\s+)((?:{_RANGE}|{_PLACE})(?:(?:,\s?|\s(?:and|&)\s)(?:{_RANGE}|{_PLACE}))*)\b",
                    re.IGNORECASE)
_RANGE_HYPHEN = re.compile(r"(?<=[0-9ivxlcdmIVXLCDM])\s?-\s?(?=[0-9ivxlcdmIVXLCDM])")
_TIMES = re.compile(r"\b(\d{1,2}:\d{2}(?::\d{2})?)\s?-\s?(\d{1,2}:\d{2}(?::\d{2})?)\b")


def prose(text: str, before: str = "") -> str:
    """Text as the packet shows it: smart quotes and dashed ranges. `before` is the character that precedes it
    (the end of the previous run of text), which decides whether a quote at its very start opens or closes."""
    return smart_quotes(ranges(text), before)


def smart_quotes(text: str, before: str = "") -> str:
    """Straight quotes as curly ones, opening or closing as a word processor decides; addresses left alone."""
    if "'" not in text and '"' not in text:
        return text
    shown: list[str] = []
    position = 0
    previous = before[-1:] if before else ""
    for match in _URL.finditer(text):
        shown.append(_quotes(text[position:match.start()], previous))
        shown.append(match.group())
        previous = match.group()[-1]
        position = match.end()
    shown.append(_quotes(text[position:], previous if position else (before[-1:] if before else "")))
    return "".join(shown)


def _quotes(text: str, previous: str) -> str:
    text = _ELIDED_YEAR.sub("\u2019", text)
    characters = list(text)
    for index, character in enumerate(characters):
        before = characters[index - 1] if index else previous
        if character == '"':
            characters[index] = "“" if _opens(before) else "”"
        elif character == "'":
            characters[index] = "‘" if _opens(before) else "’"
    return "".join(characters)


def _opens(before: str) -> bool:
    return before == "" or before in _OPENS_AFTER


def ranges(text: str) -> str:
    """Page and time ranges with an en dash: "pages iv-v" → "pages iv–v", "12:30-14:05" → "12:30–14:05".

    Only after "page", "pages", "p." or "pp." (and between two clock times), so a school year (2026-27), a phone
    number or a date keeps its hyphen.
    """
    if "-" not in text:
        return text
    text = _PAGES.sub(lambda m: m.group(1) + m.group(2) + _RANGE_HYPHEN.sub("–", m.group(3)), text)
    return _TIMES.sub(r"\1–\2", text)
