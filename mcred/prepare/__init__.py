"""Artifact PDFs made embeddable (flattened, decrypted, repaired), and what the packet cannot show.

pdf.py     needs_preparing, prepare_pdf (pikepdf), from what mcred.read.inspect found (records: mcred.pdfmodel)
cache.py   prepared copies in `.mcred/prepared/`, by content (through mcred.read.cache, like every entry)
chunks.py  long PDFs split into chunks for Typst in `.mcred/chunks/`, by content
stage.py   the preparation stage: what Typst embeds for each artifact, with links, highlights, redactions
"""

from __future__ import annotations

import importlib
from typing import Any

# Names load on first use, so that `mcred check` and `mcred --help` import no more than they need.
_MODEL = "mcred.pdfmodel"
_WHERE = {"PREPARE_VERSION": "mcred.prepare.cache", "qpdf_version": "mcred.prepare.cache",
          "prepared_copy": "mcred.prepare.cache", "BoxIssue": _MODEL, "PageInspection": _MODEL, "PageLink": _MODEL,
          "PageProblem": _MODEL, "PdfInspection": _MODEL, "PdfUnreadable": _MODEL, "Prepared": _MODEL,
          "Problem": _MODEL, "Rect": _MODEL, "inspect_pdf": "mcred.read.inspect",
          "needs_preparing": "mcred.prepare.pdf", "prepare_pdf": "mcred.prepare.pdf"}
__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_WHERE[name]), name)
