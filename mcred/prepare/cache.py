"""Prepared copies kept in the portfolio's cache, keyed by what the artifact holds, not by its name."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from mcred.pdfmodel import PdfInspection
from mcred.prepare.pdf import inspect_pdf, needs_preparing, prepare_pdf

# Bump when preparing changes what it writes: old copies are then never read again.
PREPARE_VERSION = "prepare-1"
_CHUNK = 1 << 20


def prepared_copy(source: Path, cache_dir: Path, inspection: PdfInspection | None = None) -> Path:
    """The file to embed: `source` itself when it needs nothing, else its prepared copy in the cache."""
    inspection = inspection or inspect_pdf(source)
    if not needs_preparing(inspection):
        return source
    # A copy with pages withheld (mcred.read.bounds) is keyed apart: an older copy of the file may hold them.
    version = f"{PREPARE_VERSION} withheld" if inspection.withheld else None
    target = cache_dir / "prepared" / f"{content_key(source, version)}.pdf"
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    # Written beside its final name and moved in whole: a build stopped halfway leaves no half a file.
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".prepare-", suffix=".pdf")
    os.close(handle)
    try:
        prepare_pdf(source, Path(temporary), inspection)
        os.replace(temporary, target)
    finally:
        Path(temporary).unlink(missing_ok=True)
    return target


def content_key(source: Path, version: str | None = None) -> str:
    """sha256 of the version of what is made from the file (preparing's, unless another is given), the qpdf version
    that does the work, and the file's bytes."""
    import pikepdf

    digest = hashlib.sha256(f"{version or PREPARE_VERSION}\0qpdf {pikepdf.__libqpdf_version__}\0".encode())
    with source.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
