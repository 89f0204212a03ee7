"""Reading a built packet back the way an assessor's PDF viewer would: pages, text, bookmarks, links."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import ArrayObject, IndirectObject

HIGHLIGHT = (255, 208, 0, 84)   # the fill (RGBA) over a quoted passage (packet.typ: highlight-fill)


def packet_path(folder: Path) -> Path:
    return folder / "build" / "ensuring-accountability-packet.pdf"


def squash(text: str) -> str:
    """Text with all whitespace removed: line wrapping and extraction spacing don't matter."""
    return re.sub(r"\s+", "", text)


def page_texts(reader: PdfReader) -> list[str]:
    return [page.extract_text() or "" for page in reader.pages]


def bookmarks(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(depth, title, 0-based page) for every bookmark, in order."""
    found: list[tuple[int, str, int]] = []

    def walk(items: list, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title, reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return found


@dataclass(frozen=True)
class Link:
    page: int            # where the link is (0-based)
    text: str            # the words under it
    target: int | None   # the page it lands on (0-based), for a link inside the packet
    uri: str | None      # the address, for a link out of the packet


def links(reader: PdfReader, pages: range | None = None) -> list[Link]:
    """Every link annotation with the text drawn inside its rectangle."""
    page_numbers = {page.indirect_reference.idnum: index for index, page in enumerate(reader.pages)}
    found: list[Link] = []
    for index in pages if pages is not None else range(len(reader.pages)):
        page = reader.pages[index]
        runs: list[tuple[float, float, str]] = []
        page.extract_text(visitor_text=lambda text, cm, tm, font, size, runs=runs: runs.append(
            (cm[4] + tm[4], cm[5] + tm[5], text)))
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            x0, y0, x1, y1 = (float(v) for v in annotation["/Rect"])
            text = "".join(t for x, y, t in runs if x0 - 1 <= x < x1 and y0 - 1 <= y <= y1 + 1).strip()
            destination = annotation.get("/Dest")
            action = annotation.get("/A")
            if destination is None and action is not None and action.get("/S") == "/GoTo":
                destination = action.get("/D")
            target = None
            if destination is not None:
                destination = destination.get_object() if isinstance(destination, IndirectObject) else destination
                if isinstance(destination, ArrayObject):
                    target = page_numbers[destination[0].idnum]
                else:  # a named destination
                    target = reader.get_destination_page_number(reader.named_destinations[str(destination)])
            uri = action.get("/URI") if action is not None else None
            found.append(Link(index, text, target, uri))
    return found


def merged(found: list[Link]) -> list[Link]:
    """Neighbouring annotations of one link (Typst splits a link where its text changes style) as one."""
    joined: list[Link] = []
    for link in found:
        last = joined[-1] if joined else None
        if last and last.page == link.page and last.target == link.target and last.uri == link.uri:
            joined[-1] = Link(link.page, f"{last.text} {link.text}", link.target, link.uri)
        else:
            joined.append(link)
    return joined


def fills(page: object) -> list[tuple[tuple[int, int, int, int], tuple[float, float, float, float]]]:
    """Every filled shape on a page PDFium opened: its fill colour (RGBA) and its bounds."""
    import pypdfium2.raw as pdfium_c

    found = []
    for obj in page.get_objects():  # type: ignore[attr-defined]
        if obj.type != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        r, g, b, a = (pdfium_c.c_uint(), pdfium_c.c_uint(), pdfium_c.c_uint(), pdfium_c.c_uint())
        pdfium_c.FPDFPageObj_GetFillColor(obj.raw, r, g, b, a)
        found.append(((r.value, g.value, b.value, a.value), obj.get_bounds()))
    return found
