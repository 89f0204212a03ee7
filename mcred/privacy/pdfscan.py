"""The scanner and the redactor applied to a PDF: hits per page, and the boxes that black them out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from mcred.privacy.rules import PrivacyRules
from mcred.privacy.scan import Hit, find_hits
from mcred.textpos import PdfText, Rect, ScannedPage


@dataclass(frozen=True)
class PageHits:
    page: int                   # 1-based, as a PDF viewer numbers pages
    hits: tuple[Hit, ...]       # offsets into that page's text as `mcred.textpos` extracts it


@dataclass(frozen=True)
class Redaction:
    boxes: dict[int, list[Rect]]                # what `redact_pdf` takes
    unlocated: tuple[tuple[int, Hit], ...]      # hits with no glyph box: their page still becomes an image,
                                                # but nothing is known to black out; worth a warning


def scan_pdf(pdf_path: Path, rules: PrivacyRules) -> tuple[PageHits, ...]:
    """The pages of a PDF that have hits, in page order."""
    found = []
    with PdfText(pdf_path) as document:
        for page in range(1, document.page_count + 1):
            hits = find_hits(document.text(page), rules)
            if hits:
                found.append(PageHits(page, tuple(hits)))
    return tuple(found)


def locate_hits(pdf_path: Path, found: tuple[PageHits, ...],
                scanned: Mapping[int, ScannedPage] | None = None) -> Redaction:
    """The rectangles covering every hit, per page; on a page without text, by the boxes OCR read (`scanned`)."""
    boxes: dict[int, list[Rect]] = {}
    unlocated: list[tuple[int, Hit]] = []
    with PdfText(pdf_path, scanned=scanned) as document:
        for page_hits in found:
            located = document.locate(page_hits.page, [(hit.start, hit.end) for hit in page_hits.hits])
            boxes[page_hits.page] = [rect for rects in located for rect in rects]
            unlocated += [(page_hits.page, hit)
                          for hit, rects in zip(page_hits.hits, located, strict=True) if not rects]
    return Redaction(boxes, tuple(unlocated))
