"""A page's frame as viewers read it: which part of user space shows, and how it is turned.

The rules follow pdfium (Chrome's viewer), checked against it in the tests: a missing or zero-sized
MediaBox falls back to US Letter; a CropBox is clipped to the MediaBox, and one that shows nothing is
ignored; /Rotate counts in whole quarter turns, clockwise.
"""

from __future__ import annotations

from typing import Any

from mcred.pdfmodel import Box, BoxIssue, PageFrame, clipped, normalised

US_LETTER: Box = (0.0, 0.0, 612.0, 792.0)
INHERITABLE = ("/MediaBox", "/CropBox", "/Rotate", "/Resources")
_MAX_TREE_DEPTH = 64  # a page tree deeper than this is damaged or hostile


def read_frame(page: Any, without_mediabox: bool = False) -> PageFrame:
    """The frame of a pikepdf page dictionary, with what is unusual about its boxes.

    `without_mediabox`: the file gave the page no MediaBox (qpdf supplies one when it lists pages)."""
    issues: set[BoxIssue] = set()
    if any(key not in page and inherited(page, key) is not None for key in INHERITABLE):
        issues.add(BoxIssue.INHERITED)
    raw_media = None if without_mediabox else as_box(inherited(page, "/MediaBox"))
    if raw_media is None:
        issues.add(BoxIssue.MISSING_MEDIABOX)
        media = US_LETTER
    elif _empty(normalised(raw_media)):
        issues.add(BoxIssue.ZERO_MEDIABOX)
        media = US_LETTER
    else:
        media = normalised(raw_media)
    raw_crop = as_box(inherited(page, "/CropBox"))
    visible = media
    if raw_crop is not None:
        crop = normalised(raw_crop)
        shown = clipped(crop, media)
        if _empty(crop) or _empty(shown):
            issues.add(BoxIssue.EMPTY_CROPBOX)
        else:
            if shown != crop:
                issues.add(BoxIssue.CROPBOX_OUTSIDE_MEDIABOX)
            visible = shown
    if any(box is not None and box != normalised(box) for box in (raw_media, raw_crop)):
        issues.add(BoxIssue.INVERTED_BOX)
    rotation = read_rotation(inherited(page, "/Rotate"))
    if rotation:
        issues.add(BoxIssue.ROTATED)
    return PageFrame(media, visible, rotation, frozenset(issues))


def read_rotation(value: Any) -> int:
    """/Rotate as pdfium reads it: whole quarter turns (truncated), negative turns counted back."""
    try:
        turns = int(int(value) / 90) % 4  # int(x / 90) truncates toward zero, as C does
    except (TypeError, ValueError):
        return 0
    return turns * 90


def inherited(page: Any, key: str) -> Any:
    """The page's own value for an inheritable key, else its nearest ancestor's; None when absent."""
    node = page
    for _ in range(_MAX_TREE_DEPTH):
        value = entry(node, key)
        if value is not None:
            return value
        node = entry(node, "/Parent")
        if node is None:
            return None
    return None


def entry(dictionary: Any, key: str) -> Any:
    """`dictionary[key]`, or None when absent. Asked with `in` first: on a missing key pikepdf's get()
    takes ten times as long, which adds up over thousands of pages."""
    if key in dictionary:
        return dictionary[key]
    return None


def as_box(value: Any) -> Box | None:
    """Four numbers, or None when the value is not a rectangle."""
    try:
        numbers = [float(item) for item in value]
    except (TypeError, ValueError):
        return None
    if len(numbers) != 4:
        return None
    return numbers[0], numbers[1], numbers[2], numbers[3]


def _empty(box: Box) -> bool:
    return box[0] >= box[2] or box[1] >= box[3]
