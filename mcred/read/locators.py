"""Locators as written in evidence.yaml — `4`, `"4-6"`, `"4, 9-10"`, `"iv"`, `"12:30-14:05"` — resolved.

Page numbers are positions (what a viewer counts, 1-based). Where the PDF has printed labels a citation may
use one; where a number is both a position and another page's label, the position is taken and a note says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mcred.facts import Numbering, TimeSpan

_DASHES = re.compile(r"\s*[-–—]\s*")
_TIMESTAMP = re.compile(r"^(?:([0-9]+):)?([0-9]{1,2}):([0-9]{2})$", re.ASCII)
_NUMBER = re.compile(r"[0-9]+", re.ASCII)   # not str.isdigit(): "²" is a digit to Python, and no page number


class LocatorError(ValueError):
    """A locator that cannot be resolved; the message says why in the user's terms, `fix` what to write.

    `missing_page`: the locator reads well but names a page the artifact does not have (MC321, not MC320)."""

    def __init__(self, message: str, fix: str, *, missing_page: bool = False):
        super().__init__(message)
        self.fix = fix
        self.missing_page = missing_page


@dataclass
class Pages:
    positions: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # which reading of an ambiguous number was taken
    as_printed: list[int] = field(default_factory=list)  # where the pages are if the numbers meant printed labels


def resolve_pages(text: str, page_count: int, labels: tuple[str, ...] = (),
                  numbering: Numbering | None = None) -> Pages:
    """Every page a locator names, as 1-based positions, in the order written.

    `numbering` says which numbers the user means: positions only, printed labels only, or (None) either, a
    position first — then a note says which reading was taken, and `as_printed` holds the other one."""
    if numbering is Numbering.PRINTED:
        if not labels:
            raise LocatorError("`numbering: printed`, but the PDF has no printed page labels",
                               f"remove `numbering:` and cite positions 1-{page_count}")
        return _resolve(text, len(labels), labels, by_label=True)
    if numbering is Numbering.POSITION:
        return _resolve(text, page_count, (), by_label=False)
    pages = _resolve(text, page_count, labels, by_label=False)
    if pages.notes:
        try:
            pages.as_printed = _resolve(text, len(labels), labels, by_label=True).positions
        except LocatorError:
            pages.as_printed = []
    return pages


def _resolve(text: str, page_count: int, labels: tuple[str, ...], *, by_label: bool) -> Pages:
    pages = Pages()
    if by_label:   # a label lookup only: numbers are labels too, never positions
        page_count = 0
    items = [item.strip() for item in text.split(",")]
    if not text.strip() or any(not item for item in items):
        raise LocatorError(f"pages `{text}` is not a page locator",
                           'write a page (4), a range ("4-6"), a list ("4, 9-10") or a printed label ("iv")')
    for item in items:
        first, last = _range(item, page_count, labels, pages.notes)
        if last < first:
            raise LocatorError(f"the range `{item}` runs backwards", "write it from the first page to the last")
        pages.positions.extend(range(first, last + 1))
    return pages


def _range(item: str, page_count: int, labels: tuple[str, ...], notes: list[str]) -> tuple[int, int]:
    # A label may itself hold a dash ("A-3"), so the whole item is tried as one page before it is split.
    whole = _page(item, page_count, labels, notes, strict=False)
    if whole is not None:
        return whole, whole
    culprit = None   # the one end of a range that does not resolve, when the other does
    for match in _DASHES.finditer(item):
        start_text, end_text = item[: match.start()], item[match.end():]
        if not start_text or not end_text:
            continue
        start = _page(start_text, page_count, labels, [], strict=False)
        end = _page(end_text, page_count, labels, [], strict=False)
        if start is not None and end is not None:
            _page(start_text, page_count, labels, notes, strict=False)
            _page(end_text, page_count, labels, notes, strict=False)
            return start, end
        if culprit is None and (start is None) != (end is None):
            culprit = end_text if start is not None else start_text
    if culprit is None and any(_DASHES.search(label) for label in labels):
        culprit = item   # "A-9" where the labels run A-1 … A-6: one label it does not have, not a range
    parts = [culprit] if culprit else [p for p in _DASHES.split(item) if p]
    for part in parts or [item]:
        _page(part, page_count, labels, notes, strict=True)  # raises, naming the page that does not exist
    raise LocatorError(f"pages `{item}` is not a page locator",
                       'write a page (4), a range ("4-6"), a list ("4, 9-10") or a printed label ("iv")')


def _page(token: str, page_count: int, labels: tuple[str, ...], notes: list[str], *, strict: bool) -> int | None:
    token = token.strip()
    labelled = [i + 1 for i, label in enumerate(labels) if label == token]
    if not labelled:
        labelled = [i + 1 for i, label in enumerate(labels) if label.lower() == token.lower()]
    if _NUMBER.fullmatch(token):
        number = int(token)
        if 1 <= number <= page_count:
            if labelled and labelled[0] != number:
                notes.append(f"`{token}` was read as the {_ordinal(number)} page (printed label "
                             f"`{labels[number - 1]}`), not the page printed `{token}` (the {_ordinal(labelled[0])})")
            return number
        if labelled:
            return labelled[0]
        if strict and page_count == 0 and labels:   # printed labels only (`numbering: printed`)
            raise LocatorError(f"no page is printed `{token}`",
                               f"cite a printed label{_label_hint(labels)}", missing_page=True)
        if strict:
            if number == 0:
                raise LocatorError("page 0 does not exist: pages count from 1", "cite page 1 or later", missing_page=True)
            raise LocatorError(f"page {number} is beyond the last page ({page_count})",
                               f"cite pages 1-{page_count}{_label_hint(labels)}, or replace the file", missing_page=True)
        return None
    if labelled:
        return labelled[0]
    if strict:
        if labels:
            raise LocatorError(f"no page is labelled `{token}`",
                               f"cite a position 1-{page_count} or a printed label{_label_hint(labels)}", missing_page=True)
        raise LocatorError(f"`{token}` is not a page number, and the PDF has no printed page labels",
                           f"cite a page number 1-{page_count}")
    return None


def _label_hint(labels: tuple[str, ...]) -> str:
    if not labels:
        return ""
    shown = ", ".join(labels[:6]) + (f" … {labels[-1]}" if len(labels) > 6 else "")
    return f" (its printed labels: {shown})"


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def parse_timestamp(text: str) -> int:
    """`m:ss` or `h:mm:ss` as seconds."""
    match = _TIMESTAMP.match(text.strip())
    if not match:
        raise LocatorError(f"`{text}` is not a time stamp", "write m:ss or h:mm:ss, e.g. 12:30 or 1:02:03")
    hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
    if seconds >= 60 or (match.group(1) and minutes >= 60):
        raise LocatorError(f"`{text}` is not a time stamp: minutes and seconds run 00-59",
                           "write m:ss or h:mm:ss, e.g. 12:30 or 1:02:03")
    return hours * 3600 + minutes * 60 + seconds


def parse_times(text: str) -> list[TimeSpan]:
    """`12:30`, `12:30-14:05`, or several separated by commas."""
    spans = []
    for item in text.split(","):
        ends = [e for e in _DASHES.split(item.strip())]
        if len(ends) > 2 or not all(ends):
            raise LocatorError(f"time `{text}` is not a time stamp or range", 'write "12:30" or "12:30-14:05"')
        start = parse_timestamp(ends[0])
        end = parse_timestamp(ends[1]) if len(ends) == 2 else None
        if end is not None and end <= start:
            raise LocatorError(f"the range `{item.strip()}` ends before it starts", "write the earlier time first")
        spans.append(TimeSpan(start, end))
    return spans
