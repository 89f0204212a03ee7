"""The links an artifact page carries, in the frame of the page as displayed.

Typst embeds a page's content only, so the packet lays these over the embedded page itself: web links as
they are, links within the artifact as links to that page of the artifact inside the packet.
"""

from __future__ import annotations

from typing import Any

from mcred.pdfmodel import PageLink
from mcred.read.boxes import PageFrame, as_box

_HIDDEN = 2  # annotation flag: neither shown nor active
_NAMED_PAGES = {"/FirstPage", "/LastPage", "/NextPage", "/PrevPage"}


class Destinations:
    """Resolves a link's destination to a page number of the same file."""

    def __init__(self, pdf: Any) -> None:
        self._pdf = pdf
        self._numbers: dict[tuple[int, int], int] | None = None
        self._named: Any = None  # the /Names /Dests name tree, opened on first need

    def page_of(self, destination: Any, depth: int = 0) -> int | None:
        import pikepdf

        if depth > 4:  # a name resolving to a name, and so on: give up rather than loop
            return None
        if isinstance(destination, (pikepdf.Name, pikepdf.String)):
            return self.page_of(self._lookup(destination), depth + 1)
        if isinstance(destination, pikepdf.Dictionary):
            return self.page_of(destination.get("/D"), depth + 1)
        if not isinstance(destination, pikepdf.Array) or len(destination) == 0:
            return None
        target = destination[0]
        if isinstance(target, int):  # some producers write a page index (0-based), as pdfium accepts
            return target + 1 if 0 <= target < len(self._pdf.pages) else None
        if not isinstance(target, pikepdf.Dictionary) or not target.is_indirect:
            return None
        return self._page_numbers().get(target.objgen)

    def named_action(self, name: str, current: int) -> int | None:
        last = len(self._pdf.pages)
        target = {"/FirstPage": 1, "/LastPage": last, "/NextPage": current + 1, "/PrevPage": current - 1}[name]
        return target if 1 <= target <= last else None

    def _page_numbers(self) -> dict[tuple[int, int], int]:
        if self._numbers is None:
            self._numbers = {page.obj.objgen: index for index, page in enumerate(self._pdf.pages, start=1)}
        return self._numbers

    def _lookup(self, name: Any) -> Any:
        import pikepdf

        key = str(name)
        root = self._pdf.Root
        if isinstance(name, pikepdf.Name):
            old_style = root.get("/Dests")  # PDF 1.1: a dictionary keyed by name
            return old_style.get(key) if isinstance(old_style, pikepdf.Dictionary) else None
        if self._named is None:
            names = root.get("/Names")
            tree = names.get("/Dests") if isinstance(names, pikepdf.Dictionary) else None
            self._named = pikepdf.NameTree(tree) if isinstance(tree, pikepdf.Dictionary) else {}
        return self._named.get(key)


def page_links(annotations: Any, frame: PageFrame, number: int, destinations: Destinations) -> tuple[PageLink, ...]:
    """Web and same-file links among a page's annotations, placed on the displayed page."""
    import pikepdf

    links = []
    for annotation in annotations:
        if not isinstance(annotation, pikepdf.Dictionary) or annotation.get("/Subtype") != pikepdf.Name.Link:
            continue
        if _flags(annotation) & _HIDDEN:
            continue
        box = as_box(annotation.get("/Rect"))
        rect = frame.rect_to_display(box) if box is not None else None
        if rect is None:
            continue
        uri, page = _target(annotation, number, destinations)
        if uri is not None or page is not None:
            links.append(PageLink(rect, uri=uri, page=page))
    return tuple(links)


def _target(annotation: Any, number: int, destinations: Destinations) -> tuple[str | None, int | None]:
    import pikepdf

    if "/Dest" in annotation:
        return None, destinations.page_of(annotation.get("/Dest"))
    action = annotation.get("/A")
    if not isinstance(action, pikepdf.Dictionary):
        return None, None
    kind = action.get("/S")
    if kind == pikepdf.Name.URI:
        uri = action.get("/URI")
        return (bytes(uri).decode("latin-1"), None) if isinstance(uri, pikepdf.String) else (None, None)
    if kind == pikepdf.Name.GoTo:
        return None, destinations.page_of(action.get("/D"))
    if kind == pikepdf.Name.Named and str(action.get("/N")) in _NAMED_PAGES:
        return None, destinations.named_action(str(action.get("/N")), number)
    return None, None  # JavaScript, launching files, other documents: nothing the packet can carry


def _flags(annotation: Any) -> int:
    try:
        return int(annotation.get("/F", 0))
    except (TypeError, ValueError):
        return 0
