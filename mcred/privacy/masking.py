"""Masked text for reports: enough to recognise a hit when you know the student, too little to learn a name."""

from __future__ import annotations

import re
import unicodedata

BULLET = "•"
# A hyphen at a line break joins a word again before it is masked, so "Alva-\nrez" shows as one word.
_BROKEN_WORD = re.compile(r"[-\u00ad\u2010\u2011\ufffe\u0002][ \t]*(?:\r\n|\r|\n)[ \t]*|[\u00ad\ufffe\u0002]")
_WORD = re.compile(r"[^\W_]+")
_SPACE = re.compile(r"\s+")


def mask(text: str) -> str:
    """Each word keeps its first and last letter ("J••é Á•••••z"); a word of three letters or fewer only its
    first ("L•"), since first and last would be the whole word; digits never show (a phone, a date of birth).
    """
    text = unicodedata.normalize("NFC", _BROKEN_WORD.sub("", text))
    return _SPACE.sub(" ", _WORD.sub(_mask_word, text)).strip()


def _mask_word(match: re.Match[str]) -> str:
    word = match.group()
    if any(char.isdigit() for char in word):
        return "".join(BULLET if char.isalnum() else char for char in word)
    if len(word) <= 3:
        return word[0] + BULLET * (len(word) - 1)
    return word[0] + BULLET * (len(word) - 2) + word[-1]
