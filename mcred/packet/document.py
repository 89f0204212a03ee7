"""The document the packet template typesets, as types: the one contract between Python and Typst.

content.py fills it from the reviewed portfolio, and typeset.py hands it to templates/packet/packet.typ as JSON.
Every decision is made here, in Python — which pages a link lands on, what each page is cited for, what a band
says, where a highlight goes — so the template only draws. Lengths are PDF points; rectangles on an artifact
page have their origin at its top-left corner (as `place(top + left, dx:, dy:)` measures them).
"""

from __future__ import annotations

from typing import Literal, TypedDict

from mcred.packet.markup import Block


class Meta(TypedDict):
    title: str
    author: str
    subject: str
    keywords: list[str]
    part_titles: dict[str, str]      # part id -> the title of that part's own file


class Running(TypedDict):
    credential: str
    practitioner: str


class Ref(TypedDict):
    """A link to one citation in Part 2, shown as the outcome or detail it is evidence for."""

    target: str
    citation: int                    # index into the evidence map's citations: the label `citation-<n>`


# --- the cover -----------------------------------------------------------------------------------------------

class WordRow(TypedDict):
    number: int
    title: str
    words: int
    minimum: int
    missing: int


class Coverage(TypedDict):
    status: str                      # the cover table's cell: "every outcome covered", "2 of 7 not covered"
    sentence: str                    # what Part 2 covers and how, in plain words
    citations: int


class Blocker(TypedDict):
    code: str
    where: str                       # "evidence.yaml:42"
    message: str


class Cover(TypedDict):
    program: str
    issuer: str
    title: str
    name: str
    role: str
    places: list[str]
    date: str
    words: list[WordRow]
    coverage: Coverage
    blocking: int                    # findings that block submission (a draft build only)
    blockers: list[Blocker]          # the first few of them
    redaction: str                   # what `privacy: redact` removed, counted, never named ("" when nothing)
    blind: bool                      # for blind review: no name, role, school or district; the cover says so


# --- the evidence matrix -------------------------------------------------------------------------------------

class CellRef(TypedDict):
    text: str                        # "pp. 1–3", "ii", "2:10"
    citation: int


class MatrixRow(TypedDict):
    kind: Literal["outcome", "target"]   # an outcome heading its details, or what evidence is keyed by
    id: str
    text: str
    covered: bool
    cells: list[list[CellRef]]       # one per column of its table


class MatrixColumn(TypedDict):
    key: int                         # the artifact's key (its page labels are `artifact-<key>-page-<n>`)
    id: str
    title: str


class MatrixTable(TypedDict):
    columns: list[MatrixColumn]
    rows: list[MatrixRow]


class Matrix(TypedDict):
    tables: list[MatrixTable]        # artifacts in groups, so every table fits the page


# --- the parts -----------------------------------------------------------------------------------------------

class Section(TypedDict):
    label: str                       # "Question 2", "Outcome 1", or "" for a section of the writer's own
    title: str
    body: list[Block]


class NarrativePart(TypedDict):
    id: str
    number: int
    title: str
    kind: Literal["narrative"]
    intro: list[Block]
    sections: list[Section]


class Run(TypedDict):
    first: int
    last: int
    text: str                        # "p. ii", "pp. iv–v": as the artifact prints its page labels


class TimeLink(TypedDict):
    text: str                        # "2:10–4:30", or "2:10–4:30 · start at 2:10" where the link cannot say it
    url: str


class CitationView(TypedDict):
    index: int
    target: str
    artifact: str
    title: str
    key: int | None                  # None: the artifact is not in the evidence map
    kind: str
    runs: list[Run]
    times: list[TimeLink]
    as_written: str                  # a locator that did not resolve (draft packets only)
    quote: str
    explanation: list[Block]


class TargetView(TypedDict):
    id: str
    text: str
    own: bool                        # the outcome itself (it has no details): no heading of its own
    citations: list[CitationView]


class OutcomeView(TypedDict):
    id: str
    text: str
    targets: list[TargetView]


class IndexRow(TypedDict):
    key: int
    id: str
    title: str
    kind: str
    extent: str
    pages: int
    cited: list[Ref]


class EvidencePart(TypedDict):
    id: str
    number: int
    title: str
    kind: Literal["evidence"]
    index: list[IndexRow]
    outcomes: list[OutcomeView]
    others: list[CitationView]       # citations of targets the credential does not have (draft packets only)


Part = NarrativePart | EvidencePart


# --- the artifacts -------------------------------------------------------------------------------------------

class Box(TypedDict):
    x: float
    y: float
    w: float
    h: float


class PageLinkView(TypedDict):
    box: Box
    uri: str                         # a web address, or "" for a link to another page of the same artifact
    page: int                        # that page's position, or 0


class Mark(TypedDict):
    """A cited passage: translucent boxes over its words, and a marker in the margin beside them."""

    boxes: list[Box]
    margin: Box
    citation: int


class PageView(TypedDict):
    position: int
    offset: int                      # its place among all artifact pages (0: the first): its packet page number
                                     # is the first artifact page's plus this, so no page has to ask where it is
    width: float                     # the page as displayed; 0 when unknown (then it is fitted like an image)
    height: float
    label: str                       # "ii": its printed label where it has one, else its position
    name: str                        # "p. ii": the page as Part 2 cites it
    anchor: bool                     # a link lands here: the page carries the label `artifact-<key>-page-<n>`
    cited: list[Ref]                 # what it is cited for; empty: a page shown for context
    links: list[PageLinkView]
    marks: list[Mark]
    alt: str
    withheld: str                    # why the page is not shown (too large to show safely); "" when it is


class Moment(TypedDict):
    text: str
    url: str
    target: str
    about: str
    citation: int


class ArtifactView(TypedDict):
    key: int
    offset: int                      # its first page's place among all artifact pages (each takes one page or more)
    id: str
    title: str
    band_title: str                  # the title as the band sets it: isolated (FSI … PDI) where it holds RTL text
    kind: Literal["pdf", "image", "video", "link", "missing"]
    kind_name: str                   # "PDF", "Image", "Video", "Web link", or the file's extension
    extent: str                      # "10 pages", "24:10", "not included"
    url: str
    file: str                        # as written in evidence.yaml
    path: str                        # what Typst embeds, from the typesetting root
    chunks: list[str]                # or, for a long PDF, the files its pages are embedded from, in order
    chunk_pages: int                 # pages in each chunk (the last may have fewer)
    pages: int
    duration: str
    reason: str                      # why it is not included
    page_views: list[PageView]       # a PDF's pages, or an image's one page
    moments: list[Moment]            # a video's cited moments
    cited: list[Ref]


class Document(TypedDict):
    meta: Meta
    running: Running
    cover: Cover
    matrix: Matrix
    parts: list[Part]
    artifacts: list[ArtifactView]
