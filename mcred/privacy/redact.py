"""Redaction for real: a page with hits becomes a picture of itself with black boxes burnt in.

A black rectangle drawn over text hides nothing: the text is still there to copy, search and extract. So a
page with hits is rendered (annotations and form fields included, as a viewer shows them), the boxes are
filled into the pixels, and the page's content is replaced by that image alone: no text layer, no fonts,
no annotations, no form fields. Pages without hits are left as they are, text and vectors intact.

Resolution: 200 dpi by default. Body text at 10 pt is then about 28 pixels per em, which reads and prints
cleanly (fax "fine" mode and most office scanners use 200 dpi), and a US Letter page is 1700 x 2200 pixels:
about 0.3 MB compressed for a page of grey text, 0.6 MB in colour. 300 dpi costs 2.25 times the pixels and
about 1.7 times the bytes for no difference an assessor would see; a packet has an upload size to respect.

Images are stored Flate-compressed (zlib, no extra package); the rendering and the boxes use pypdfium2
alone, and the new PDF is written with pikepdf. Greyscale pages (most school documents) are stored as one
channel, a third of the raw size of RGB.
"""

from __future__ import annotations

import math
import os
import zlib
from pathlib import Path
from typing import Any

from mcred.privacy.scan import Hit
from mcred.textpos import Rect

DEFAULT_DPI = 200
REDACTED = "█████"
PAD_POINTS = 1.0           # a little beyond the glyph box, so anti-aliased edges of letters are covered too


def redact_text(text: str, hits: list[Hit]) -> str:
    """The text with each hit replaced by the same five blocks, so even a name's length is not told."""
    pieces = []
    position = 0
    for hit in sorted(hits, key=lambda hit: hit.start):
        if hit.start < position:
            continue
        pieces += [text[position:hit.start], REDACTED]
        position = hit.end
    pieces.append(text[position:])
    return "".join(pieces)


def redact_pdf(source: Path, target: Path, boxes: dict[int, list[Rect]], dpi: int = DEFAULT_DPI) -> None:
    """Write `target`: `source` with each page numbered in `boxes` (1-based) turned into an image with those
    rectangles (PDF points, page space) black; every other page is copied unchanged. Same page count, sizes,
    boxes and rotation. `target` appears only when complete."""
    import pikepdf
    import pypdfium2

    if not 36 <= dpi <= 1200:
        raise ValueError(f"dpi {dpi} is outside 36-1200")
    partial = target.with_name(target.name + ".partial")
    rendering = pypdfium2.PdfDocument(source)
    rendering.init_forms()  # before any page is loaded, or filled-in form fields are not drawn
    try:
        with pikepdf.open(source) as pdf:
            if any(not 1 <= number <= len(pdf.pages) for number in boxes):
                raise ValueError(f"pages to redact {sorted(boxes)} are not all within 1-{len(pdf.pages)}")
            for number in sorted(boxes):
                image = _render_blacked_out(rendering, number, boxes[number], dpi)
                _replace_with_image(pdf, pdf.pages[number - 1], image)
            if boxes:
                _drop_document_text(pdf)
            pdf.save(partial, deterministic_id=True, compress_streams=True)
        os.replace(partial, target)
    finally:
        rendering.close()
        partial.unlink(missing_ok=True)


class _Image:
    """A rendered page: raw 8-bit samples, their colour space, and the page area (PDF points) they cover."""

    def __init__(self, samples: bytes, width: int, height: int, gray: bool, area: tuple[float, ...]):
        self.samples, self.width, self.height, self.gray, self.area = samples, width, height, gray, area


def _render_blacked_out(document: Any, number: int, rects: list[Rect], dpi: int) -> _Image:
    page = document[number - 1]
    # Render in the page's own coordinates: the rectangles are in page space, and the image goes back into
    # the same page, which keeps its /Rotate, so a viewer turns the image exactly as it turned the text.
    page.set_rotation(0)
    area = page.get_bbox()                           # media box ∩ crop box: what is drawn and shown
    scale = dpi / 72
    bitmap = page.render(scale=scale, may_draw_forms=True, draw_annots=True, rev_byteorder=True,
                         fill_color=(255, 255, 255, 255))
    for rect in rects:
        left = max(0, math.floor((rect.left - PAD_POINTS - area[0]) * scale))
        top = max(0, math.floor((area[3] - rect.top - PAD_POINTS) * scale))
        right = min(bitmap.width, math.ceil((rect.right + PAD_POINTS - area[0]) * scale))
        bottom = min(bitmap.height, math.ceil((area[3] - rect.bottom + PAD_POINTS) * scale))
        if right > left and bottom > top:
            bitmap.fill_rect((0, 0, 0, 255), left, top, right - left, bottom - top)
    samples = _rows(bytes(bitmap.buffer), bitmap.width * bitmap.n_channels, bitmap.stride, bitmap.height)
    page.close()
    if bitmap.n_channels != 3:
        raise ValueError(f"unexpected {bitmap.n_channels}-channel rendering of page {number}")
    red, green, blue = samples[0::3], samples[1::3], samples[2::3]
    gray = red == green == blue                      # no colour anywhere: one channel is the whole picture
    return _Image(red if gray else samples, bitmap.width, bitmap.height, gray, area)


def _rows(buffer: bytes, row_bytes: int, stride: int, height: int) -> bytes:
    """The pixel rows without the padding pdfium may add at the end of each."""
    if stride == row_bytes:
        return buffer[:row_bytes * height]
    return b"".join(buffer[row * stride:row * stride + row_bytes] for row in range(height))


def _replace_with_image(pdf: Any, page: Any, image: _Image) -> None:
    import pikepdf
    from pikepdf import Name

    xobject = pikepdf.Stream(pdf, zlib.compress(image.samples, 6))
    xobject.Type, xobject.Subtype = Name.XObject, Name.Image
    xobject.Width, xobject.Height, xobject.BitsPerComponent = image.width, image.height, 8
    xobject.ColorSpace = Name.DeviceGray if image.gray else Name.DeviceRGB
    xobject.Filter = Name.FlateDecode
    left, bottom, right, top = image.area
    drawing = f"q {right - left:.4f} 0 0 {top - bottom:.4f} {left:.4f} {bottom:.4f} cm /Redacted Do Q\n"
    page_object = page.obj
    page_object.Contents = pikepdf.Stream(pdf, drawing.encode("ascii"))
    page_object.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Redacted=xobject))
    _drop_form_fields(pdf, page_object)
    # Everything else a page can carry words in: annotations (comments, links, form widgets), a thumbnail,
    # its metadata, article beads, page-piece data, and its entries in the structure tree.
    for key in ("/Annots", "/Thumb", "/Metadata", "/B", "/PieceInfo", "/StructParents", "/Group", "/AA", "/Tabs"):
        if key in page_object:
            del page_object[key]


def _drop_form_fields(pdf: Any, page_object: Any) -> None:
    """Remove the page's form fields from the document's field tree: their values are text of their own."""
    widgets = {annotation.objgen for annotation in page_object.get("/Annots", [])
               if annotation.get("/Subtype") == "/Widget" and annotation.is_indirect}
    form = pdf.Root.get("/AcroForm")
    if not widgets or form is None or "/Fields" not in form:
        return
    form.Fields = _pruned_fields(form.Fields, widgets)


def _pruned_fields(fields: Any, widgets: set[tuple[int, int]]) -> Any:
    import pikepdf

    kept = pikepdf.Array()
    for field in fields:
        if field.objgen in widgets:
            continue
        if "/Kids" in field:
            field.Kids = _pruned_fields(field.Kids, widgets)
            if len(field.Kids) == 0:
                continue
        kept.append(field)
    return kept


def _drop_document_text(pdf: Any) -> None:
    """Document-level copies of page text that would outlive the page's redaction.

    The structure tree holds alternative and actual text (/Alt, /ActualText) for the pages it tags, and XFA
    form data repeats field values; neither can be pruned to the redacted pages alone with confidence, so
    both go. The document is then no longer tagged; the packet's own tagging does not depend on it.
    """
    root = pdf.Root
    if "/StructTreeRoot" in root:
        del root["/StructTreeRoot"]
        if "/MarkInfo" in root:
            del root["/MarkInfo"]
    form = root.get("/AcroForm")
    if form is not None and "/XFA" in form:
        del form["/XFA"]
