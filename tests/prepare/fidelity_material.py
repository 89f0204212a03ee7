"""Artifact PDFs that lose something when Typst embeds a page's content stream alone.

Each maker writes a real PDF: the page itself is typeset with Typst, then pikepdf adds what a viewer shows on
top of it (annotations, form fields, links) or changes what frames it (boxes, /Rotate, encryption). The
annotations and fields carry their own appearance streams, drawn as an app like Acrobat's Fill & Sign would.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pikepdf

LETTER = (612.0, 792.0)
STAMP_TEXT = "Reviewed by the leadership team"
FIELD_NAME = "Jordan Rivera"
FIELD_SCHOOL = "Lincoln Middle School"


def typeset(path: Path, pages: Sequence[str], *, width: float = LETTER[0], height: float = LETTER[1]) -> Path:
    """One paragraph of text per page, typeset with Typst at the given page size (in points)."""
    import typst

    body = "\n#pagebreak()\n".join(f"#{json.dumps(text)}" for text in pages)
    source = (f"#set page(width: {width}pt, height: {height}pt, margin: 72pt)\n"
              '#set text(font: "Libertinus Serif", size: 14pt)\n' + body)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(typst.compile(source.encode(), timestamp=0))
    return path


def helvetica(pdf: pikepdf.Pdf) -> pikepdf.Object:
    # One of the 14 standard fonts: every viewer has it, so no font file is needed.
    return pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica,
        Encoding=pikepdf.Name.WinAnsiEncoding))


def appearance(pdf: pikepdf.Pdf, width: float, height: float, content: str, font: pikepdf.Object) -> pikepdf.Stream:
    """A form XObject drawing `content` in a box `width` by `height`, for an annotation's /AP /N."""
    stream = pikepdf.Stream(pdf, content.encode("latin-1"))
    stream.Type = pikepdf.Name.XObject
    stream.Subtype = pikepdf.Name.Form
    stream.BBox = pikepdf.Array([0, 0, width, height])
    stream.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(Helv=font))
    return stream


def boxed_text(width: float, height: float, text: str, fill: str) -> str:
    """A filled, outlined box with one line of dark text: big enough that losing it shows in pixels."""
    return (f"q {fill} rg 0 0 {width} {height} re f 0.2 0.2 0.5 RG 1 w 0.5 0.5 {width - 1} {height - 1} re S Q\n"
            f"BT /Helv 12 Tf 0.1 0.1 0.4 rg 8 {height / 2 - 4} Td ({text}) Tj ET\n")


def add_annotation(pdf: pikepdf.Pdf, page: pikepdf.Page, annotation: pikepdf.Dictionary) -> pikepdf.Object:
    annotation.Type = pikepdf.Name.Annot
    annotation.P = page.obj
    indirect = pdf.make_indirect(annotation)
    if "/Annots" not in page.obj:
        page.obj.Annots = pikepdf.Array()
    page.obj.Annots.append(indirect)
    return indirect


def add_free_text(pdf: pikepdf.Pdf, page: pikepdf.Page, rect: tuple[float, float, float, float],
                  text: str = STAMP_TEXT, *, with_appearance: bool = True) -> None:
    """A FreeText comment (a Fill & Sign text stamp), drawn by its appearance stream when it has one."""
    x1, y1, x2, y2 = rect
    annotation = pikepdf.Dictionary(
        Subtype=pikepdf.Name.FreeText, Rect=pikepdf.Array(rect), Contents=pikepdf.String(text),
        DA=pikepdf.String("/Helv 12 Tf 0.1 0.1 0.4 rg"), F=4)
    if with_appearance:
        box = appearance(pdf, x2 - x1, y2 - y1, boxed_text(x2 - x1, y2 - y1, text, "1 0.95 0.55"), helvetica(pdf))
        annotation.AP = pikepdf.Dictionary(N=box)
    add_annotation(pdf, page, annotation)


def add_note_with_popup(pdf: pikepdf.Pdf, page: pikepdf.Page) -> None:
    """A sticky note (a Text annotation drawn as an icon) with a popup that has an appearance of its own."""
    font = helvetica(pdf)
    icon = appearance(pdf, 24, 24, "q 1 0.8 0 rg 0 0 24 24 re f 0 G 1 w 0.5 0.5 23 23 re S Q", font)
    note = add_annotation(pdf, page, pikepdf.Dictionary(
        Subtype=pikepdf.Name.Text, Rect=pikepdf.Array([500, 700, 524, 724]), Contents=pikepdf.String(STAMP_TEXT),
        F=28, AP=pikepdf.Dictionary(N=icon)))  # F: print, no zoom, no rotate, as Acrobat writes notes
    window = appearance(pdf, 200, 100, boxed_text(200, 100, STAMP_TEXT, "1 1 0.8"), font)
    popup = add_annotation(pdf, page, pikepdf.Dictionary(
        Subtype=pikepdf.Name.Popup, Rect=pikepdf.Array([320, 560, 520, 660]), Parent=note, Open=False,
        AP=pikepdf.Dictionary(N=window)))
    note.Popup = popup


def add_form(pdf: pikepdf.Pdf, page: pikepdf.Page, *, top: float = 600) -> None:
    """A filled form: a text field and a checked checkbox with appearances, and a text field without one."""
    font = helvetica(pdf)
    fields = pikepdf.Array()

    def widget(**entries: object) -> pikepdf.Object:
        field = add_annotation(pdf, page, pikepdf.Dictionary(Subtype=pikepdf.Name.Widget, F=4, **entries))
        fields.append(field)
        return field

    name_box = appearance(pdf, 220, 28, boxed_text(220, 28, FIELD_NAME, "0.85 0.92 1"), font)
    widget(FT=pikepdf.Name.Tx, T=pikepdf.String("name"), V=pikepdf.String(FIELD_NAME),
           Rect=pikepdf.Array([72, top, 292, top + 28]), DA=pikepdf.String("/Helv 12 Tf 0 g"),
           AP=pikepdf.Dictionary(N=name_box))
    checked = appearance(pdf, 28, 28, "q 0.1 0.4 0.1 rg 0 0 28 28 re f 1 g 6 6 16 16 re f Q", font)
    unchecked = appearance(pdf, 28, 28, "q 0 G 1 w 0.5 0.5 27 27 re S Q", font)
    widget(FT=pikepdf.Name.Btn, T=pikepdf.String("agree"), V=pikepdf.Name.Yes, AS=pikepdf.Name.Yes,
           Rect=pikepdf.Array([320, top, 348, top + 28]),
           AP=pikepdf.Dictionary(N=pikepdf.Dictionary(Yes=checked, Off=unchecked)))
    # No /AP: a viewer makes the appearance from /DA and the value; the packet must generate it first.
    widget(FT=pikepdf.Name.Tx, T=pikepdf.String("school"), V=pikepdf.String(FIELD_SCHOOL),
           Rect=pikepdf.Array([72, top - 60, 352, top - 32]), DA=pikepdf.String("/Helv 14 Tf 0 0 0.6 rg"))
    pdf.Root.AcroForm = pikepdf.Dictionary(
        Fields=fields, DR=pikepdf.Dictionary(Font=pikepdf.Dictionary(Helv=font)),
        DA=pikepdf.String("/Helv 0 Tf 0 g"))


def add_uri_link(pdf: pikepdf.Pdf, page: pikepdf.Page, rect: tuple[float, float, float, float], uri: str) -> None:
    add_annotation(pdf, page, pikepdf.Dictionary(
        Subtype=pikepdf.Name.Link, Rect=pikepdf.Array(rect), Border=pikepdf.Array([0, 0, 0]),
        A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String(uri))))


def add_page_link(pdf: pikepdf.Pdf, page: pikepdf.Page, rect: tuple[float, float, float, float],
                  target: int, *, named: str | None = None) -> None:
    """A link to page `target` (1-based): an explicit /Dest, or a named destination when `named` is given."""
    destination = pikepdf.Array([pdf.pages[target - 1].obj, pikepdf.Name.Fit])
    if named is None:
        link = pikepdf.Dictionary(Subtype=pikepdf.Name.Link, Rect=pikepdf.Array(rect), Dest=destination)
    else:
        if "/Names" not in pdf.Root:
            pdf.Root.Names = pikepdf.Dictionary()
        pdf.Root.Names.Dests = pikepdf.Dictionary(Names=pikepdf.Array([pikepdf.String(named), destination]))
        link = pikepdf.Dictionary(Subtype=pikepdf.Name.Link, Rect=pikepdf.Array(rect),
                                  A=pikepdf.Dictionary(S=pikepdf.Name.GoTo, D=pikepdf.String(named)))
    add_annotation(pdf, page, link)


def set_boxes(path: Path, target: Path, page: int = 1, **entries: object) -> Path:
    """A copy of `path` with page `page`'s entries replaced (MediaBox=[…], CropBox=[…], Rotate=90, …)."""
    with pikepdf.open(path) as pdf:
        obj = pdf.pages[page - 1].obj
        for key, value in entries.items():
            obj[f"/{key}"] = pikepdf.Array(value) if isinstance(value, (list, tuple)) else value
        pdf.save(target)
    return target


PAGE_TEXT = [
    "Staff Performance Expectations Handbook. Section one: every teacher sets two measurable goals.",
    "Section two: goals are reviewed at the mid-year conference with the principal.",
    "Section three: the accountability plan lists strategies, timelines and monitoring.",
]


def make_artifacts(folder: Path) -> dict[str, Path]:
    """One artifact for each way embedding can go wrong, by name."""
    folder.mkdir(parents=True, exist_ok=True)
    plain = typeset(folder / "plain.pdf", PAGE_TEXT)
    made = {"plain": plain}

    with pikepdf.open(plain) as pdf:
        add_free_text(pdf, pdf.pages[0], (300, 480, 540, 560))
        pdf.save(folder / "stamp.pdf")
    made["stamp"] = folder / "stamp.pdf"

    with pikepdf.open(plain) as pdf:
        add_form(pdf, pdf.pages[1])
        pdf.save(folder / "form.pdf")
    made["form"] = folder / "form.pdf"

    # A turned page with a stamp: the flattened stamp must turn with the page.
    with pikepdf.open(plain) as pdf:
        pdf.pages[0].obj.Rotate = 90
        add_free_text(pdf, pdf.pages[0], (100, 300, 340, 380))
        pdf.save(folder / "rotated.pdf")
    made["rotated"] = folder / "rotated.pdf"

    # A sticky note and its popup window: viewers draw the note's icon, and the popup only when opened.
    with pikepdf.open(plain) as pdf:
        add_note_with_popup(pdf, pdf.pages[0])
        pdf.save(folder / "comment.pdf")
    made["comment"] = folder / "comment.pdf"

    made["cropped"] = set_boxes(plain, folder / "cropped.pdf", CropBox=[36, 300, 500, 760])
    made["zero"] = set_boxes(plain, folder / "zero.pdf", MediaBox=[0, 0, 0, 0])
    made["inverted"] = set_boxes(plain, folder / "inverted.pdf", MediaBox=[612, 792, 0, 0])
    made["landscape"] = typeset(folder / "landscape.pdf", PAGE_TEXT[:1], width=LETTER[1], height=LETTER[0])

    with pikepdf.open(plain) as pdf:
        pdf.save(folder / "owner.pdf", encryption=pikepdf.Encryption(
            owner="x", user="", allow=pikepdf.Permissions(extract=False, modify_other=False)))
    made["owner"] = folder / "owner.pdf"

    made["links"] = make_links(plain, folder / "links.pdf", rotation=90)
    return made


def make_links(plain: Path, target: Path, *, rotation: int) -> Path:
    """Links on a cropped, turned page (a web link and two to other pages), and a web link on page 2:
    their rectangles must follow both the crop and the turn."""
    with pikepdf.open(plain) as pdf:
        first = pdf.pages[0]
        first.obj.CropBox = pikepdf.Array([36, 36, 576, 756])
        first.obj.Rotate = rotation
        add_uri_link(pdf, first, LINK_RECTS["web"], "https://example.org/plan")
        add_page_link(pdf, first, LINK_RECTS["explicit"], 2)
        add_page_link(pdf, first, LINK_RECTS["named"], 3, named="monitoring")
        add_uri_link(pdf, pdf.pages[1], LINK_RECTS["web"], "https://example.org/goals")
        pdf.save(target)
    return target


LINK_RECTS = {"web": (72, 650, 300, 680), "explicit": (72, 600, 200, 620), "named": (400, 100, 560, 140)}
