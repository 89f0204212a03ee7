"""Artifact PDFs made embeddable (flattened, decrypted, repaired), and what the packet cannot show.

model.py   what inspecting finds and preparing hands the packet (no heavy imports: facts.py uses it)
pdf.py     inspect_pdf, needs_preparing, prepare_pdf (pikepdf)
cache.py   prepared copies in `.mcred/prepared/`, by content
chunks.py  long PDFs split into chunks for Typst in `.mcred/chunks/`, by content
stage.py   the preparation stage: what Typst embeds for each artifact, with links, highlights, redactions
"""

from __future__ import annotations

import importlib
from typing import Any

# Names load on first use, so that `mcred check` and `mcred --help` import no more than they need.
_WHERE = {"PREPARE_VERSION": "cache", "content_key": "cache", "prepared_copy": "cache", "BoxIssue": "model",
          "PageInspection": "model", "PageLink": "model", "PageProblem": "model", "PdfInspection": "model",
          "PdfUnreadable": "model", "Prepared": "model", "Problem": "model", "Rect": "model", "inspect_pdf": "pdf",
          "needs_preparing": "pdf", "prepare_pdf": "pdf"}
__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
