"""Outputs beside the packet PDF. The submission sheet: the portfolio laid out field by field for the portal."""

from __future__ import annotations

from mcred.sheets.submission import (
    Sheet,
    SheetCitation,
    SheetField,
    SheetNarrative,
    SheetOutcome,
    SheetTarget,
    UploadFile,
    copy_text,
    page_location,
    render_sheet,
    time_location,
    write_sheet,
)

__all__ = [
    "Sheet",
    "SheetCitation",
    "SheetField",
    "SheetNarrative",
    "SheetOutcome",
    "SheetTarget",
    "UploadFile",
    "copy_text",
    "page_location",
    "render_sheet",
    "time_location",
    "write_sheet",
]
