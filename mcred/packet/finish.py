"""What Typst cannot write into a PDF, added after export: open with the bookmarks panel shown (/PageMode
/UseOutlines) and the document's title in the window (/ViewerPreferences /DisplayDocTitle).

Added as an incremental update — the catalog written once more after the file, and a cross-reference section
naming it — never by rewriting the file: every byte Typst wrote (its tags, its PDF/UA identification) stays as
it was, and a 2,000-page packet is done in a millisecond. Typst writes a classic cross-reference table and an
uncompressed catalog, so the two objects needed (the catalog and the page tree's root, for the page count) are
found through it directly; any file shaped otherwise goes the slow, general way, through pikepdf.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*\Z")
_TRAILER = re.compile(rb"trailer\s*<<(.*)>>\s*startxref", re.DOTALL)
_ROOT = re.compile(rb"/Root\s+(\d+)\s+(\d+)\s+R")
_SUBSECTION = re.compile(rb"xref\s+(\d+)\s+(\d+)\s*?\r?\n")
_PAGES = re.compile(rb"/Pages\s+(\d+)\s+(\d+)\s+R")
_COUNT = re.compile(rb"/Count\s+(\d+)")
_PREFERENCES = re.compile(rb"/ViewerPreferences\s*<<")


@dataclass(frozen=True)
class Finished:
    pdf: bytes
    pages: int     # read from the page tree while the catalog is at hand: no PDF reader needed to count them


class _Unexpected(Exception):
    """The file is not shaped as Typst writes it: finish it through pikepdf instead."""


def finish(pdf: bytes) -> Finished:
    """The PDF, opening with its bookmarks shown and its title (not its file name) in the window's title bar."""
    try:
        return _finish_directly(pdf)
    except (_Unexpected, ValueError, IndexError):
        return _finish_with_pikepdf(pdf)


def _catalog(pdf: bytes) -> tuple[int, re.Match[bytes], bytes]:
    """Where the last cross-reference section starts, the trailer, and the catalog's dictionary."""
    end = _STARTXREF.search(pdf[-64:])
    if end is None:
        raise _Unexpected
    xref_at = int(end.group(1))
    trailer = _TRAILER.search(pdf, xref_at)
    root = _ROOT.search(trailer.group(1)) if trailer else None
    if trailer is None or root is None:
        raise _Unexpected
    _, body_start, body_end = _object(pdf, xref_at, int(root.group(1)), int(root.group(2)))
    return xref_at, trailer, pdf[body_start:body_end]


def _pages(pdf: bytes, xref_at: int, catalog: bytes) -> int:
    """The page count the page tree's root states."""
    pages_ref = _PAGES.search(catalog)
    if pages_ref is None:
        raise _Unexpected
    _, tree_start, tree_end = _object(pdf, xref_at, int(pages_ref.group(1)), int(pages_ref.group(2)))
    count = _COUNT.search(pdf, tree_start, tree_end)
    if count is None:
        raise _Unexpected
    return int(count.group(1))


def _finish_directly(pdf: bytes) -> Finished:
    xref_at, trailer, catalog = _catalog(pdf)
    root = _ROOT.search(trailer.group(1))
    assert root is not None
    number, generation = int(root.group(1)), int(root.group(2))
    pages = _pages(pdf, xref_at, catalog)
    if b"/PageMode" in catalog:
        return Finished(pdf, pages)
    if b"/ViewerPreferences" in catalog:
        if not _PREFERENCES.search(catalog):   # a reference to a dictionary elsewhere: the general way
            raise _Unexpected
        catalog = _PREFERENCES.sub(b"/ViewerPreferences<</DisplayDocTitle true", catalog, count=1)
    else:
        catalog = catalog[:-2] + b"/ViewerPreferences<</DisplayDocTitle true>>>>"
    catalog = catalog[:-2] + b"/PageMode/UseOutlines>>"
    kept = re.sub(rb"/Prev\s+\d+", b"", trailer.group(1))
    return Finished(_appended(pdf, number, generation, catalog, kept, xref_at), pages)


def _object(pdf: bytes, xref_at: int, number: int, generation: int) -> tuple[int, int, int]:
    """Where object `number` starts, and where its dictionary (from `<<` to the last `>>`) starts and ends."""
    section = _SUBSECTION.match(pdf, xref_at)
    if section is None:
        raise _Unexpected
    first, size = int(section.group(1)), int(section.group(2))
    if not first <= number < first + size:
        raise _Unexpected
    entry = pdf[section.end() + 20 * (number - first):section.end() + 20 * (number - first) + 20]
    offset, entry_generation, kind = int(entry[:10]), int(entry[11:16]), entry[17:18]
    if kind != b"n" or entry_generation != generation:
        raise _Unexpected
    if not pdf.startswith(b"%d %d obj" % (number, generation), offset):
        raise _Unexpected
    finish_at = pdf.find(b"endobj", offset)
    body_start = pdf.find(b"<<", offset, finish_at)
    body_end = pdf.rfind(b">>", offset, finish_at) + 2
    if body_start < 0 or body_end < 2 or b"stream" in pdf[body_start:finish_at]:
        raise _Unexpected
    return offset, body_start, body_end


def _appended(pdf: bytes, number: int, generation: int, catalog: bytes, trailer: bytes, previous: int) -> bytes:
    head = pdf if pdf.endswith(b"\n") else pdf + b"\n"
    update = b"%d %d obj\n%s\nendobj\n" % (number, generation, catalog)
    xref_at = len(head) + len(update)
    entries = b"xref\n%d 1\n%010d %05d n\r\n" % (number, len(head), generation)
    tail = b"trailer\n<<%s/Prev %d>>\nstartxref\n%d\n%%%%EOF\n" % (trailer, previous, xref_at)
    return head + update + entries + tail


def _finish_with_pikepdf(pdf: bytes) -> Finished:
    """Any other PDF: the two keys set, and the file written again (the same bytes for the same input)."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        pages = len(document.pages)
        catalog = document.Root
        if catalog.get("/PageMode") == pikepdf.Name.UseOutlines:
            return Finished(pdf, pages)
        catalog.PageMode = pikepdf.Name.UseOutlines
        preferences = pikepdf.Dictionary(catalog.get("/ViewerPreferences", pikepdf.Dictionary()))
        preferences.DisplayDocTitle = True
        catalog.ViewerPreferences = preferences
        written = io.BytesIO()
        document.save(written, deterministic_id=True)
    return Finished(written.getvalue(), pages)
