"""A long artifact PDF handed to Typst in chunks of a few dozen pages, kept in `.mcred/chunks/` by content.

Typst's export of an embedded page slows with the size of the file the page comes from, so one long PDF costs
the square of its length: 2,000 pages took 2.3 s to export from one file, 0.35 s from 50-page chunks (Typst
alone, measured). Split once, the same pages cost what many short files do.

Each chunk carries what its pages share (fonts, a logo), and so does the packet, once a chunk. Chunks are made
longer where that would weigh too much: a PDF of plain text in one font repeats some 8 KB a chunk (50 pages hold
80 KB), one in four fonts 36 KB. A short PDF, where there is little to win, is embedded whole.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from mcred.prepare.cache import qpdf_version
from mcred.read.cache import Cache, Origin, file_hash

# Measured on one PDF, Typst alone, two typesettings a build: at 200 pages chunks save 50 ms and splitting costs
# 20 ms; at 400, 270 ms against 35 ms; at 2,000, 4 s. A build of 20 PDFs of 150 pages took as long either way.
# Chunks of 25 to 100 pages typeset 10,000 pages alike; 50 add 4% to the packet of the benchmark's one-font PDF.
CHUNK_OVER = 200      # a PDF of more pages than this is embedded from chunks
CHUNK_PAGES = 50      # pages in a chunk, unless what chunks repeat would weigh more than MAX_GROWTH
MAX_GROWTH = 0.15     # of the PDF's own weight: past it, chunks twice as long (and so on)
# Bump when splitting changes what it writes: old chunks are then never read again.
CHUNK_VERSION = "chunk-1"


def chunked(embeddable: Path, pages: int, cache: Cache, digest: str | None = None,
            origin: Origin | None = None) -> tuple[tuple[Path, ...], int]:
    """The chunks a PDF of `pages` pages is embedded from, in order, and the pages in each (the last may have
    fewer); none when it is embedded whole: short, or not to be split here. `digest`: its sha256, when known.
    Raises SourceChanged when `origin` changed while the chunks were made."""
    if pages <= CHUNK_OVER:
        return (), 0
    import pikepdf

    try:
        source = digest or file_hash(embeddable)
    except OSError:
        return (), 0
    entry = cache.entry("chunks", source, derived_by="qpdf-split", origin=origin,
                        version=qpdf_version(f"{CHUNK_VERSION} {CHUNK_PAGES} {MAX_GROWTH}"))
    found = entry.read_files()
    if found is None or _listed(*found, pages) is None:
        try:
            found = entry.write_files(lambda folder: _split(embeddable, folder, pages))
        except (OSError, RuntimeError, pikepdf.PdfError):   # what qpdf cannot split is embedded whole, as Typst reads it
            return (), 0
    return _listed(*found, pages) or ((), 0)


def _listed(folder: Path, payload: dict, pages: int) -> tuple[tuple[Path, ...], int] | None:
    """The chunks an entry lists and the pages in each; none when it says the PDF is embedded whole; None unless
    they hold every page of a PDF of `pages` pages, in order."""
    if payload.get("pages") != pages:
        return None
    if payload.get("whole") is True:
        return (), 0
    each, names = payload.get("each"), payload.get("chunks")
    if not isinstance(each, int) or each < 1 or not isinstance(names, list):
        return None
    expected = [f"{first}-{min(first + each - 1, pages)}.pdf" for first in range(1, pages + 1, each)]
    if names != expected:
        return None
    return tuple(folder / name for name in names), each


def _split(source: Path, folder: Path, pages: int) -> dict[str, Any]:
    import pikepdf

    # qpdf's default on opening gives every page its inherited boxes, rotation and resources, so a page copied
    # on its own draws as it did. Annotations stay behind (the file itself is left as it is): Typst draws none (a
    # prepared copy has those a viewer shows drawn in), and a link to another page would copy that page along.
    with pikepdf.open(source) as pdf:
        every = list(pdf.pages)   # once: each slice of `pdf.pages` walks all of them
        if len(every) != pages:
            raise pikepdf.PdfError(f"{source} has {len(every)} pages, not {pages}")
        for page in every:
            if "/Annots" in page.obj:
                del page.obj["/Annots"]
        each = _chunk_pages(pdf, every)
        if each >= pages:
            return {"pages": pages, "whole": True}   # chunks would repeat too much: embedded whole
        names = []
        for first in range(0, pages, each):
            held = every[first:first + each]
            names.append(f"{first + 1}-{first + len(held)}.pdf")   # the pages it holds: 1-50.pdf, 51-100.pdf, …
            _write(pdf, held, folder / names[-1])
        return {"pages": pages, "each": each, "chunks": names}


def _chunk_pages(pdf: Any, every: list[Any]) -> int:
    """CHUNK_PAGES, or twice that (and so on) where chunks would repeat too much: what two chunks repeat is
    measured as what the first two weigh apart less what they weigh together."""
    each = CHUNK_PAGES
    if len(every) <= each:
        return each
    first, second, both = (len(_write(pdf, held)) for held in (every[:each], every[each:2 * each], every[:2 * each]))
    repeated = max(0, first + second - both)
    per_page = max(1.0, (both - first) / len(every[each:2 * each]))
    whole = repeated + per_page * len(every)
    while each < len(every) and repeated * (-(-len(every) // each) - 1) > MAX_GROWTH * whole:
        each *= 2
    return each


def _write(pdf: Any, held: list[Any], target: Path | None = None) -> bytes:
    """A PDF of the pages `held`, written to `target` (its bytes returned when there is none)."""
    import pikepdf

    with pikepdf.new() as chunk:
        chunk.pages.extend(held)
        if "/OCProperties" in pdf.Root:   # which optional content shows, as in the whole file
            chunk.Root.OCProperties = chunk.copy_foreign(pdf.Root.OCProperties)
        written = io.BytesIO()
        chunk.save(target if target is not None else written, deterministic_id=True, fix_metadata_version=False)
        return written.getvalue()
