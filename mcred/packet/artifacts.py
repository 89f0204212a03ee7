"""The artifacts as the packet shows them: each PDF page at its own size under mcred's band, with what the band
says (the page as Part 2 cites it, what it is cited for), the artifact's own links, the cited passages to mark,
and the page's alternative text. Sizes, links and highlights come from the preparation stage (`Embedding`)."""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from mcred.facts import Artifact, ArtifactInfo, ArtifactKind, EmbeddedPage, Embedding, Problem, Review, TimeSpan
from mcred.packet.document import ArtifactView, Box, Mark, Moment, PageLinkView, PageView, Ref
from mcred.packet.evidence import cited, first_per_target
from mcred.packet.typography import prose
from mcred.packet.videos import moment
from mcred.pdfmodel import PageLink, Rect

MARGIN_MARK = Box(x=4.0, y=0.0, w=3.0, h=0.0)   # the marker beside a cited passage: its left edge and width
FIRST_LINE = 120                                # characters of a page's first line in its alternative text


def artifact_views(review: Review, embedded: Mapping[str, Embedding], root: Path) -> dict[str, ArtifactView]:
    """Every artifact in the evidence map, by id, in the order listed."""
    refs = _refs(review)
    views = {a.id: _artifact(a, key, review, embedded.get(a.id), root, refs.get(a.id, {}))
             for key, a in enumerate(review.portfolio.artifacts)}
    offset = 0
    for view in views.values():   # one packet page per PDF page; an image, a video or a missing file takes one
        view["offset"] = offset
        for page in view["page_views"]:
            page["offset"] = offset + page["position"] - 1
        offset += max(1, len(view["page_views"]))
    return views


def _refs(review: Review) -> dict[str, dict[int, list[Ref]]]:
    """artifact id -> page (0 for the artifact as a whole) -> the citations naming it, in the evidence map's order."""
    found: dict[str, dict[int, list[Ref]]] = {}
    for index, citation, located in cited(review):
        pages = found.setdefault(citation.artifact_id, {})
        ref: Ref = {"target": citation.target_id, "citation": index}
        pages.setdefault(0, []).append(ref)
        for page in dict.fromkeys(located.pages):
            pages.setdefault(page, []).append(ref)
    return found


def _artifact(artifact: Artifact, key: int, review: Review, embedding: Embedding | None, root: Path,
              refs: dict[int, list[Ref]]) -> ArtifactView:
    info = review.artifacts.get(artifact.id, ArtifactInfo())
    title = prose(artifact.title or artifact.id)
    view: ArtifactView = {
        "key": key, "offset": 0, "id": artifact.id, "title": title, "band_title": isolated(title), "kind": "missing",
        "kind_name": _kind_name(artifact),
        "extent": "not included", "url": artifact.url or "", "file": artifact.file_as_written or "", "path": "",
        "chunks": [], "chunk_pages": 0, "pages": 1, "duration": "", "reason": "", "page_views": [], "moments": [],
        "cited": first_per_target(refs.get(0, [])),
    }
    kind = artifact.kind
    if kind is ArtifactKind.PDF and info.readable and info.page_count:
        count = info.page_count
        labels = list(info.page_labels) if len(info.page_labels) == count else []
        names = [labels[n - 1] if labels else str(n) for n in range(1, count + 1)]
        pages = embedding.pages if embedding is not None and len(embedding.pages) == count else ()
        anchors = _anchors(count, refs, pages)
        view["kind"], view["pages"] = "pdf", count
        view["extent"] = "1 page" if count == 1 else f"{count:,} pages"
        view["path"] = _inside(embedding.path if embedding is not None else artifact.file, root)
        if embedding is not None and embedding.chunks:
            view["chunks"], view["chunk_pages"] = [_inside(chunk, root) for chunk in embedding.chunks], embedding.chunk_pages
        view["page_views"] = [
            _page(artifact.id, title, position, names, pages[position - 1] if pages else None,
                  position in anchors, refs.get(position, []), review.facts.page_texts.get((artifact.id, position), ""))
            for position in range(1, count + 1)]
    elif kind is ArtifactKind.IMAGE and info.readable:
        shown = embedding.path if embedding is not None else artifact.file   # a redacted copy, where it has one
        view["kind"], view["extent"], view["path"] = "image", "1 image", _inside(shown, root)
        view["page_views"] = [{
            "position": 1, "offset": 0, "width": 0.0, "height": 0.0, "label": "1", "name": "image", "anchor": True,
            "cited": first_per_target(refs.get(1, [])), "links": [], "marks": [],
            "alt": f"{artifact.id} · {title} (image)", "withheld": ""}]
    elif kind in (ArtifactKind.VIDEO, ArtifactKind.LINK):
        seconds = info.duration_seconds
        duration = _clock(seconds) if seconds else (artifact.duration or "")
        view["kind"] = "video" if kind is ArtifactKind.VIDEO else "link"
        view["duration"], view["extent"] = duration, duration or "online"
        view["moments"] = _moments(artifact, review)
    else:
        view["reason"] = _why_missing(artifact, info)
    return view


def isolated(text: str) -> str:
    """Text to set beside mcred's own words: wrapped in a Unicode isolate (FSI … PDI) where it holds right-to-left
    text or direction controls, so it cannot reorder them; as it is otherwise (cheaper for Typst to lay out)."""
    if any(unicodedata.bidirectional(c) in _NOT_LEFT_TO_RIGHT for c in text):
        return f"\u2068{text}\u2069"
    return text


_NOT_LEFT_TO_RIGHT = frozenset({"R", "AL", "RLE", "RLO", "LRE", "LRO", "PDF", "RLI", "LRI", "FSI", "PDI", "AN"})


def _anchors(count: int, refs: dict[int, list[Ref]], pages: tuple[EmbeddedPage, ...]) -> set[int]:
    """The pages a link lands on — first and last (the index's spans), every page cited, every page one of the
    artifact's own links leads to. Only these carry a label: a label on each of 2,000 pages costs time."""
    anchors = {1, count} | {page for page in refs if 1 <= page <= count}
    anchors |= {link.page for page in pages for link in page.links if link.page is not None and 1 <= link.page <= count}
    return anchors


def _page(artifact_id: str, title: str, position: int, names: list[str], page: EmbeddedPage | None,
          anchor: bool, refs: list[Ref], text: str) -> PageView:
    count = len(names)
    label = names[position - 1]
    where = f"page {label} ({position} of {count})" if label != str(position) else f"page {position} of {count}"
    first_line = _first_line(text)
    view: PageView = {
        "position": position, "offset": 0, "width": 0.0, "height": 0.0, "label": label, "name": f"p. {label}", "anchor": anchor,
        "cited": first_per_target(refs), "links": [], "marks": [],
        "alt": f"{artifact_id} · {title}, {where}" + (f": {first_line}" if first_line else ""), "withheld": "",
    }
    if page is not None:
        view["withheld"] = page.withheld
        view["width"], view["height"] = _pt(page.width), _pt(page.height)
        view["links"] = [link for link in (_link(one, count) for one in page.links) if link is not None]
        view["marks"] = _marks(page)
    return view


def _link(link: PageLink, count: int) -> PageLinkView | None:
    box = _box(link.rect)
    if box["w"] <= 0 or box["h"] <= 0:
        return None
    if link.uri:
        return {"box": box, "uri": link.uri, "page": 0}
    if link.page is not None and 1 <= link.page <= count:
        return {"box": box, "uri": "", "page": link.page}
    return None


def _marks(page: EmbeddedPage) -> list[Mark]:
    """The highlight boxes of each quoted passage on the page, and one marker in the margin spanning them."""
    by_citation: dict[int, list[Box]] = {}
    for highlight in page.highlights:
        by_citation.setdefault(highlight.citation, []).append(_box(highlight.rect))
    marks: list[Mark] = []
    for citation, boxes in by_citation.items():
        top = min(b["y"] for b in boxes)
        bottom = max(b["y"] + b["h"] for b in boxes)
        margin: Box = {**MARGIN_MARK, "y": top, "h": _pt(bottom - top)}
        marks.append({"boxes": boxes, "margin": margin, "citation": citation})
    return marks


def _box(rect: Rect) -> Box:
    return {"x": _pt(rect.left), "y": _pt(rect.top), "w": _pt(rect.width), "h": _pt(rect.height)}


def _pt(value: float) -> float:
    return round(value, 3)   # a thousandth of a point: exact enough, and the same bytes every build


def _first_line(text: str) -> str:
    line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return line if len(line) <= FIRST_LINE else line[:FIRST_LINE].rsplit(" ", 1)[0] + " …"


def _moments(artifact: Artifact, review: Review) -> list[Moment]:
    """The moments cited in a video, in the order of the evidence map, each with what it is evidence for."""
    targets = {t.id: t.text for t in review.portfolio.credential.targets}
    found: list[Moment] = []
    for index, citation, located in cited(review):
        if citation.artifact_id != artifact.id:
            continue
        for span in located.times:
            shown = moment(artifact.url or "", span)
            found.append({"text": shown.text, "url": shown.url, "target": citation.target_id,
                          "about": prose(targets.get(citation.target_id, "")), "citation": index})
    return found


def _kind_name(artifact: Artifact) -> str:
    named = {ArtifactKind.PDF: "PDF", ArtifactKind.IMAGE: "Image", ArtifactKind.VIDEO: "Video",
             ArtifactKind.LINK: "Web link"}.get(artifact.kind)
    return named or (PurePosixPath(artifact.file_as_written or "").suffix.lstrip(".").upper() or "File")


def _inside(path: Path | None, root: Path) -> str:
    """A path from the typesetting root, as Typst wants it: rooted, with forward slashes."""
    assert path is not None
    relative = Path(os.path.relpath(path.resolve(), root))
    return str(PurePosixPath("/", *relative.parts))


def _why_missing(artifact: Artifact, info: ArtifactInfo) -> str:
    if artifact.kind is ArtifactKind.UNSUPPORTED:
        return f"{artifact.file_as_written} is a kind of file the packet cannot show: export it to PDF."
    if info.problem is Problem.MISSING:
        return f"{artifact.file_as_written} is missing."
    if info.problem is Problem.OUTSIDE:
        return f"{artifact.file_as_written} is outside the portfolio folder: copy it into artifacts/."
    if info.problem is Problem.UNSAFE and info.trouble is not None:
        return (f"{artifact.file_as_written} is too large to read safely: {info.trouble.detail}. Print it to PDF again, "
                "or save the cited pages as a new PDF.")
    reason = f" (it {info.trouble.says()})" if info.trouble else ""
    return f"{artifact.file_as_written or artifact.id} could not be read{reason}: export it to PDF again."


def _clock(seconds: float) -> str:
    return TimeSpan(int(seconds)).display()
