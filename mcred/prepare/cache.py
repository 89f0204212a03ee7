"""Prepared copies kept in the portfolio's cache (`.mcred/prepared/`), by what the artifact holds, not its name."""

from __future__ import annotations

from pathlib import Path

from mcred.pdfmodel import PdfInspection
from mcred.prepare.pdf import inspect_pdf, needs_preparing, prepare_pdf
from mcred.read.cache import Cache, Origin, file_hash

# Bump when preparing changes what it writes: old copies are then never read again.
PREPARE_VERSION = "prepare-1"
PREPARED = "prepared.pdf"   # the one file of a prepared copy's cache entry


def prepared_copy(source: Path, cache: Cache, inspection: PdfInspection | None = None, *, digest: str | None = None,
                  origin: Origin | None = None) -> Path:
    """The file to embed: `source` itself when it needs nothing, else its prepared copy in the cache (made when
    there is none that verifies). `digest`: the source's sha256, when it is known. Raises OSError when the copy
    cannot be written, SourceChanged when `origin` changed while it was made."""
    inspection = inspection or inspect_pdf(source)
    if not needs_preparing(inspection):
        return source
    # A copy with pages withheld (mcred.read.bounds) is keyed apart: an older copy of the file may hold them.
    version = f"{PREPARE_VERSION} withheld" if inspection.withheld else PREPARE_VERSION
    entry = cache.entry("prepared", digest or file_hash(source), derived_by="qpdf", version=qpdf_version(version),
                        origin=origin)
    found = entry.read_files()
    if found is None:

        def make(folder: Path) -> dict[str, str]:
            prepare_pdf(source, folder / PREPARED, inspection)
            return {"file": PREPARED}

        found = entry.write_files(make)
    return found[0] / PREPARED


def qpdf_version(version: str) -> str:
    """`version` of what is made from a file, with the qpdf (and pikepdf) versions that do the work."""
    import pikepdf

    return f"{version}, qpdf {pikepdf.__libqpdf_version__}, pikepdf {pikepdf.__version__}"
