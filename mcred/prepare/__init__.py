"""Artifact PDFs made embeddable (flattened, decrypted, repaired), and what the packet cannot show."""

from mcred.prepare.cache import PREPARE_VERSION, content_key, prepared_copy
from mcred.prepare.model import (
    BoxIssue,
    PageInspection,
    PageLink,
    PageProblem,
    PdfInspection,
    PdfUnreadable,
    Prepared,
    Problem,
    Rect,
)
from mcred.prepare.pdf import inspect_pdf, needs_preparing, prepare_pdf

__all__ = [
    "PREPARE_VERSION", "BoxIssue", "PageInspection", "PageLink", "PageProblem", "PdfInspection", "PdfUnreadable",
    "Prepared", "Problem", "Rect", "content_key", "inspect_pdf", "needs_preparing", "prepare_pdf", "prepared_copy",
]
