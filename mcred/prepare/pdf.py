"""Artifact PDFs made embeddable: what a viewer shows on a page, the embedded page shows.

Typst embeds a page's content stream only. Annotations (comments, Fill & Sign stamps) and filled form fields
live beside it, so they are flattened into it; boxes Typst cannot read are repaired; an owner-password
(restricted) PDF is decrypted. What needs doing is what `mcred.read.inspect.inspect_pdf` found.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mcred.pdfmodel import BOX_ISSUES_TO_REPAIR, BoxIssue, PageFrame, PdfInspection, Prepared
from mcred.read.boxes import entry, read_frame
from mcred.read.inspect import GENERATED_FIELD_TYPES, field_filled, has_appearance, inspect_pdf


def needs_preparing(inspection: PdfInspection) -> bool:
    """Whether embedding the file as it is would lose something a viewer shows. Most PDFs need nothing."""
    if inspection.owner_password_only or inspection.withheld:
        return True
    if inspection.need_appearances and any(page.filled_fields for page in inspection.pages):
        return True
    return any(page.flattenable or page.fields_to_generate or page.box_issues & BOX_ISSUES_TO_REPAIR
               for page in inspection.pages)


def prepare_pdf(source: Path, target: Path, inspection: PdfInspection | None = None) -> Prepared:
    """Write an embeddable copy of `source` to `target`: decrypted, fields drawn, annotations flattened
    as a viewer shows them on screen, page boxes as viewers read them. The content itself is unchanged."""
    import pikepdf

    inspection = inspection or inspect_pdf(source)
    # qpdf's default on opening gives every page its inherited boxes, rotation and resources (and a page
    # without a MediaBox US Letter's, as viewers do), taking them off the page tree's nodes.
    with pikepdf.open(source) as pdf:
        _withhold(pdf, inspection)
        if inspection.need_appearances:
            pdf.generate_appearance_streams()  # a viewer redraws every field: so does qpdf, and clears the flag
        elif any(page.fields_to_generate for page in inspection.pages):
            _generate_missing_appearances(pdf)
        if any(page.flattenable or page.fields_to_generate or page.filled_fields for page in inspection.pages):
            _drop_popups(pdf)
            pdf.flatten_annotations("screen")
        for page in pdf.pages:
            _normalise_boxes(page.obj, read_frame(page.obj))
        # Decrypted (encryption=False); a fixed /ID and untouched metadata keep the bytes reproducible.
        pdf.save(target, encryption=False, deterministic_id=True, fix_metadata_version=False)
    return Prepared(path=target, links=tuple(page.links for page in inspection.pages))


def _withhold(pdf: Any, inspection: PdfInspection) -> None:
    """Empty each page too large to show safely (mcred.read.bounds) before anything else reads it: no content, no
    resources, no annotations. What it held is never decoded, flattened or written; the packet says so on it."""
    import pikepdf

    withheld = inspection.withheld
    if not withheld:
        return
    for number, page in enumerate(pdf.pages, start=1):
        if number in withheld:
            page.obj.Contents = pdf.make_stream(b"")
            page.obj.Resources = pikepdf.Dictionary()
            if "/Annots" in page.obj:
                del page.obj["/Annots"]


def _drop_popups(pdf: Any) -> None:
    """Take popup windows off the pages: qpdf would draw one that has an appearance, while viewers
    show a comment's popup only when it is clicked open, and pdfium never draws one into the page."""
    import pikepdf

    for page in pdf.pages:
        annotations = entry(page.obj, "/Annots")
        if isinstance(annotations, pikepdf.Array):
            kept = [a for a in annotations
                    if not (isinstance(a, pikepdf.Dictionary) and a.get("/Subtype") == pikepdf.Name.Popup)]
            if len(kept) != len(annotations):
                page.obj["/Annots"] = pikepdf.Array(kept)


def _generate_missing_appearances(pdf: Any) -> None:
    """Draw filled text and choice fields that have no appearance, as a viewer would; others stay as drawn."""
    form = pdf.acroform
    for page in pdf.pages:
        for widget in form.get_widget_annotations_for_page(page):
            annotation = widget.obj
            if has_appearance(annotation) or not field_filled(annotation):
                continue
            field = form.get_field_for_annotation(widget)
            if str(field.field_type) in GENERATED_FIELD_TYPES:
                field.generate_appearance(widget)


def _normalise_boxes(page: Any, frame: PageFrame) -> None:
    """Write the boxes viewers read: a usable MediaBox, a CropBox within it, a rotation in quarter turns."""
    import pikepdf

    if not frame.issues - {BoxIssue.INHERITED}:
        return
    page["/MediaBox"] = pikepdf.Array(frame.media)
    if frame.visible != frame.media:
        page["/CropBox"] = pikepdf.Array(frame.visible)
    elif "/CropBox" in page:
        del page["/CropBox"]
    if frame.rotation:
        page["/Rotate"] = frame.rotation
    elif "/Rotate" in page:
        del page["/Rotate"]
