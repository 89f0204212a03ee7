"""Where text stands on a PDF page: the page's text as pdfium extracts it, and rectangles for spans of it.

Offsets and positions come from the same pdfium text page, so a span found in `page_text` (a name to
black out, a quote to highlight) maps to the exact glyphs it was read from. Rectangles are in PDF points
in the page's own coordinate space (bottom-left origin, before the page's /Rotate), one per line a span
covers. Pages are numbered from 1, as a PDF viewer shows them.

A page without a text layer (a scan) has no PDFium text; what OCR read there (`ScannedPage`: the text and each
character's box, in the same coordinates) stands in for it, so every consumer of `PdfText` reads scans alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any


@dataclass(frozen=True)
class Rect:
    left: float
    bottom: float
    right: float
    top: float

    @property
    def centre(self) -> tuple[float, float]:
        return ((self.left + self.right) / 2, (self.bottom + self.top) / 2)

    def union(self, other: Rect) -> Rect:
        return Rect(min(self.left, other.left), min(self.bottom, other.bottom),
                    max(self.right, other.right), max(self.top, other.top))


@dataclass(frozen=True)
class ScannedPage:
    """A page without a text layer as OCR read it: its text, and each character's box in the same coordinates as
    PDFium's (PDF points, page space, bottom-left origin, before /Rotate); None for the spaces and line breaks
    between words, which have no glyph, as PDFium's generated characters have none."""

    text: str
    boxes: tuple[Rect | None, ...]

    def to_json(self) -> dict:
        return {"text": self.text, "boxes": [None if b is None else [round(v, 2) for v in (b.left, b.bottom, b.right,
                                                                                           b.top)] for b in self.boxes]}

    @staticmethod
    def from_json(data: dict) -> ScannedPage:
        text = str(data["text"])
        boxes = tuple(None if b is None else Rect(*(float(v) for v in b)) for b in data["boxes"])
        if len(boxes) != len(text):
            raise ValueError("a box for every character")
        return ScannedPage(text, boxes)


def has_text(text: str) -> bool:
    """Whether a page's text holds anything to read: a letter or a digit (a scan's stray marks give none)."""
    return any(char.isalnum() for char in text)


class PdfText:
    """One open PDF for many pages' text and positions: `with PdfText(path) as pdf: pdf.text(3)`.

    `scanned` holds what OCR read on pages without a text layer: on such a page `text` is OCR's text and `locate`
    places spans by OCR's character boxes, so a quote to highlight or a name to black out is placed alike."""

    def __init__(self, pdf_path: Path, password: str | None = None, scanned: Mapping[int, ScannedPage] | None = None):
        import pypdfium2

        self._document = pypdfium2.PdfDocument(pdf_path, password=password)
        self._scanned = scanned or {}
        self._ocr: ScannedPage | None = None
        self._page_number = 0
        self._page: Any = None
        self._textpage: Any = None
        self._text = ""

    def __enter__(self) -> PdfText:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self._release_page()
        self._document.close()

    @property
    def page_count(self) -> int:
        return len(self._document)

    def text(self, page_number: int) -> str:
        """The page's text exactly as pypdfium2's `get_text_range()` gives it (lines end in \\r\\n)."""
        self._load(page_number)
        return self._text

    def locate(self, page_number: int, spans: Iterable[tuple[int, int]]) -> list[list[Rect]]:
        """For each (start, end) offset pair into `text(page_number)`, the rectangles covering its glyphs."""
        self._load(page_number)
        if self._ocr is not None:
            boxes = self._ocr.boxes
            return [_lines([b for b in boxes[max(0, start):max(0, end)] if b is not None]) for start, end in spans]
        return [self._rects(start, end) for start, end in spans]

    def _load(self, page_number: int) -> None:
        if page_number == self._page_number:
            return
        if not 1 <= page_number <= len(self._document):
            raise IndexError(f"page {page_number} of a {len(self._document)}-page PDF")
        self._release_page()
        self._page = self._document[page_number - 1]
        self._textpage = self._page.get_textpage()
        self._text = self._textpage.get_text_range()
        self._ocr = None
        scanned = self._scanned.get(page_number)
        if scanned is not None and not has_text(self._text):
            self._ocr, self._text = scanned, scanned.text
        self._page_number = page_number

    def _release_page(self) -> None:
        if self._textpage is not None:
            self._textpage.close()
            self._page.close()
        self._page = self._textpage = None
        self._page_number = 0

    def _rects(self, start: int, end: int) -> list[Rect]:
        import pypdfium2.raw as pdfium_c

        boxes = []
        for char_index in self._char_indices(start, end):
            # Characters pdfium generates (the line breaks and spaces it infers) have no glyph and no box.
            if char_index < 0 or pdfium_c.FPDFText_IsGenerated(self._textpage, char_index) == 1:
                continue
            # The loose box spans the font's full height, so ascenders, descenders and accents are inside it.
            left, bottom, right, top = self._textpage.get_charbox(char_index, loose=True)
            if right > left and top > bottom:
                boxes.append(Rect(left, bottom, right, top))
        return _lines(boxes)

    def _char_indices(self, start: int, end: int) -> list[int]:
        """pdfium character indices of the text's offsets start..end.

        pdfium numbers text in UTF-16 units: a character outside the Basic Multilingual Plane (an emoji)
        is two units but one Python character, so offsets after it are shifted by one per such character.
        """
        import pypdfium2.raw as pdfium_c

        text = self._text
        start, end = max(0, start), min(end, len(text))
        unit = start + sum(1 for char in text[:start] if ord(char) > 0xFFFF)
        indices = []
        for char in text[start:end]:
            indices.append(pdfium_c.FPDFText_GetCharIndexFromTextIndex(self._textpage, unit))
            unit += 2 if ord(char) > 0xFFFF else 1
        return indices


def _lines(boxes: list[Rect]) -> list[Rect]:
    """Character boxes in reading order merged into one rectangle per line.

    A new line starts where a box sits beside rather than within the current line's height, or jumps back
    to the left: the first glyph after a line break (or a column break in a table).
    """
    lines: list[Rect] = []
    for box in boxes:
        if lines:
            current = lines[-1]
            middle = (box.bottom + box.top) / 2
            on_line = current.bottom <= middle <= current.top and box.left >= current.left - 0.5
            if on_line:
                lines[-1] = current.union(box)
                continue
        lines.append(box)
    return lines


def page_text(pdf_path: Path, page_number: int, scanned: Mapping[int, ScannedPage] | None = None) -> str:
    """One page's text as pypdfium2 extracts it (or OCR read it); the offsets `locate_spans` takes point into it."""
    with PdfText(pdf_path, scanned=scanned) as document:
        return document.text(page_number)


def locate_spans(pdf_path: Path, page_number: int, spans: list[tuple[int, int]],
                 scanned: Mapping[int, ScannedPage] | None = None) -> list[list[Rect]]:
    """For each (start, end) span of `page_text(pdf_path, page_number)`, one rectangle per line it covers."""
    with PdfText(pdf_path, scanned=scanned) as document:
        return document.locate(page_number, spans)

