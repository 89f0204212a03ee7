"""What inspecting an artifact PDF finds, and what preparing it hands the packet.

Pages are numbered as a PDF viewer shows their position (1-based). Every rectangle is in PDF points on the
page as a viewer displays it: the visible box (CropBox within MediaBox) with /Rotate applied, origin at its
top-left corner, y growing downwards — the frame Typst's `place(dx:, dy:)` uses over an embedded page.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path

Box = tuple[float, float, float, float]  # left, bottom, right, top in user space (y up)


class Problem(Enum):
    """Something a viewer shows (or would run) on a page that the packet cannot show there."""

    UNDRAWN_ANNOTATION = "undrawn annotation"  # a viewer draws it although it has no appearance stream
    UNDRAWN_FIELD = "undrawn form field"        # a filled field whose look the packet cannot generate
    XFA_FORM = "XFA form"                       # a form only Acrobat lays out
    JAVASCRIPT = "JavaScript"                   # content or values a script would produce in a viewer
    BLANK_PAGE = "blank page"                   # the page draws nothing at all
    TOO_LARGE = "too large to show safely"      # past a limit of mcred.read.bounds: withheld from every reader


class BoxIssue(Enum):
    """How a page's boxes or rotation differ from a plain upright MediaBox; some need repairing."""

    MISSING_MEDIABOX = "no usable MediaBox"
    ZERO_MEDIABOX = "zero-sized MediaBox"
    INVERTED_BOX = "box with inverted corners"
    CROPBOX_OUTSIDE_MEDIABOX = "CropBox reaching outside the MediaBox"
    EMPTY_CROPBOX = "CropBox that shows nothing"
    ROTATED = "/Rotate other than 0"
    INHERITED = "box, rotation or resources inherited from the page tree"


# Typst reads CropBox, /Rotate, inverted boxes and inherited attributes as viewers do (measured: typst 0.15
# against pdfium, zero differing pixels). It differs only where the page has no usable box: it falls back to
# A4 and draws nothing, where viewers fall back to the CropBox or US Letter.
BOX_ISSUES_TO_REPAIR = frozenset({BoxIssue.MISSING_MEDIABOX, BoxIssue.ZERO_MEDIABOX, BoxIssue.EMPTY_CROPBOX})


@dataclass(frozen=True)
class Rect:
    """A rectangle on the displayed page, in points, origin top-left: left, top, right, bottom."""

    left: float
    top: float
    right: float
    bottom: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(frozen=True)
class PageLink:
    """A link the artifact page carries: to a web address, or to a page of the same file."""

    rect: Rect
    uri: str | None = None
    page: int | None = None  # target page number (1-based) in the same file


@dataclass(frozen=True)
class PageProblem:
    """One thing the packet cannot show; `page` is None when it concerns the whole file."""

    kind: Problem
    page: int | None
    detail: str


@dataclass(frozen=True)
class PageInspection:
    number: int
    width: float                      # displayed size in points, after cropping and rotation
    height: float
    rotation: int                     # 0, 90, 180 or 270, as viewers read /Rotate
    flattenable: int                  # annotations with an appearance a viewer draws on screen
    filled_fields: int                # form field widgets holding a value
    fields_to_generate: int           # filled text or choice fields without an appearance (made by preparing)
    box_issues: frozenset[BoxIssue]
    links: tuple[PageLink, ...]
    problems: tuple[PageProblem, ...]
    visible: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)   # the shown box (CropBox within MediaBox)

    def frame(self) -> PageFrame:
        """The page's frame, as read when it was inspected: enough to place a point of the page on its display."""
        return PageFrame(self.visible, self.visible, self.rotation, self.box_issues)


@dataclass(frozen=True)
class PdfInspection:
    pages: tuple[PageInspection, ...]
    owner_password_only: bool         # encrypted, yet opens without a password (restricted)
    need_appearances: bool            # /AcroForm /NeedAppearances: viewers redraw every field
    document_problems: tuple[PageProblem, ...]  # XFA, document JavaScript

    @property
    def problems(self) -> tuple[PageProblem, ...]:
        """Every problem, the whole file's first, then page by page."""
        return self.document_problems + tuple(p for page in self.pages for p in page.problems)

    def links_on(self, page: int) -> tuple[PageLink, ...]:
        return self.pages[page - 1].links

    @property
    def withheld(self) -> dict[int, str]:
        """Pages too large to show safely, and why: no reader is handed them (page text, flattening, Typst)."""
        return {p.page: p.detail for page in self.pages for p in page.problems
                if p.kind is Problem.TOO_LARGE and p.page is not None}


@dataclass(frozen=True)
class Prepared:
    """An embeddable copy and the links to lay over its pages (`links[0]` is page 1's)."""

    path: Path
    links: tuple[tuple[PageLink, ...], ...]


class PdfUnreadable(Exception):
    """The PDF cannot be opened at all (a user password, or damage qpdf cannot repair)."""


class PdfTooLarge(PdfUnreadable):
    """The PDF is past a whole-file limit of mcred.read.bounds (too many pages, a page tree that contains itself):
    it is not read at all. The message says why, as the end of "it …"."""


# --- kept in the cache: an inspection as JSON (never pickle: a portfolio's cache may come from anyone) -------

def inspection_to_json(inspection: PdfInspection) -> dict[str, object]:
    def problem(p: PageProblem) -> list[object]:
        return [p.kind.name, p.page, p.detail]

    def link(k: PageLink) -> list[object]:
        return [[k.rect.left, k.rect.top, k.rect.right, k.rect.bottom], k.uri, k.page]

    return {
        "owner_password_only": inspection.owner_password_only,
        "need_appearances": inspection.need_appearances,
        "document_problems": [problem(p) for p in inspection.document_problems],
        "pages": [[p.number, p.width, p.height, p.rotation, p.flattenable, p.filled_fields, p.fields_to_generate,
                   sorted(i.name for i in p.box_issues), [link(k) for k in p.links], [problem(q) for q in p.problems],
                   list(p.visible)]
                  for p in inspection.pages],
    }


def inspection_from_json(data: dict) -> PdfInspection:
    """The inspection `inspection_to_json` wrote; KeyError, ValueError or TypeError for anything else."""
    def problem(item: list) -> PageProblem:
        kind, page, detail = item
        return PageProblem(Problem[kind], None if page is None else int(page), str(detail))

    def link(item: list) -> PageLink:
        (left, top, right, bottom), uri, page = item
        return PageLink(Rect(float(left), float(top), float(right), float(bottom)),
                        None if uri is None else str(uri), None if page is None else int(page))

    pages = tuple(PageInspection(int(n), float(w), float(h), int(r), int(f), int(filled), int(generate),
                                 frozenset(BoxIssue[i] for i in issues), tuple(link(k) for k in links),
                                 tuple(problem(q) for q in problems), _box(visible))
                  for n, w, h, r, f, filled, generate, issues, links, problems, visible in data["pages"])
    return PdfInspection(pages, bool(data["owner_password_only"]), bool(data["need_appearances"]),
                         tuple(problem(p) for p in data["document_problems"]))


def _box(item: list) -> tuple[float, float, float, float]:
    left, bottom, right, top = item
    return float(left), float(bottom), float(right), float(top)


# --- a page's frame as viewers read it (read by mcred.read.boxes) ---------------------------------------

@dataclass(frozen=True)
class PageFrame:
    media: Box          # the MediaBox a viewer uses, corners in order
    visible: Box        # what shows: the CropBox within the MediaBox
    rotation: int       # 0, 90, 180 or 270, clockwise
    issues: frozenset[BoxIssue]

    @property
    def size(self) -> tuple[float, float]:
        """Width and height as displayed, in points."""
        width, height = self.visible[2] - self.visible[0], self.visible[3] - self.visible[1]
        return (height, width) if self.rotation in (90, 270) else (width, height)

    def to_display(self, x: float, y: float) -> tuple[float, float]:
        """A point of user space on the displayed page (origin top-left, y down)."""
        u, v = x - self.visible[0], y - self.visible[1]
        width, height = self.visible[2] - self.visible[0], self.visible[3] - self.visible[1]
        if self.rotation == 90:
            return v, u
        if self.rotation == 180:
            return width - u, v
        if self.rotation == 270:
            return height - v, width - u
        return u, height - v

    def rect_to_display(self, box: Box) -> Rect | None:
        """A user-space rectangle on the displayed page, clipped to it; None when none of it shows."""
        left, bottom, right, top = clipped(normalised(box), self.visible)
        if left >= right or bottom >= top:
            return None
        (x0, y0), (x1, y1) = self.to_display(left, bottom), self.to_display(right, top)
        return Rect(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def normalised(box: Box) -> Box:
    left, bottom, right, top = box
    return min(left, right), min(bottom, top), max(left, right), max(bottom, top)


def clipped(box: Box, within: Box) -> Box:
    return max(box[0], within[0]), max(box[1], within[1]), min(box[2], within[2]), min(box[3], within[3])
