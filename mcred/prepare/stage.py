"""The preparation stage, between check and the packet: for each artifact PDF, the file Typst embeds and what
each of its pages carries (its own links, the cited passages to highlight).

Most PDFs are embedded as they are. One with annotations, filled form fields, an owner password or boxes a
viewer repairs is embedded from a prepared copy in `.mcred/prepared/`, keyed by its content, made once. A long
one is embedded from chunks of it in `.mcred/chunks/`, made alike.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path

from mcred.errors import UserError
from mcred.facts import ArtifactKind, EmbeddedPage, Embedding, HiddenText, Highlight, Review
from mcred.pdfmodel import PageInspection, Rect
from mcred.prepare.cache import prepared_copy
from mcred.prepare.chunks import chunked
from mcred.privacy.rules import PrivacyRules
from mcred.read.cache import CACHE_FOLDER, Cache
from mcred.read.ocr import ENGINE
from mcred.text.phrases import comparable, span_of
from mcred.textpos import Rect as TextRect
from mcred.textpos import ScannedPage


def embeddings(review: Review) -> dict[str, Embedding]:
    """Every readable PDF artifact's embedding, by artifact id."""
    portfolio = review.portfolio
    highlights = _highlights(review)
    rules = review.facts.redaction
    found: dict[str, Embedding] = {}
    for artifact in portfolio.artifacts:
        info = review.artifacts.get(artifact.id)
        if (artifact.kind is ArtifactKind.IMAGE and rules is not None and rules.redact and artifact.file is not None
                and artifact.id in review.facts.ocr and info is not None and info.readable):
            image = _redacted_image(artifact.file, review.facts.ocr[artifact.id].get(1), info.content_hash or "",
                                    portfolio.root, rules)
            if image is not None:
                found[artifact.id] = Embedding(image, (EmbeddedPage(0.0, 0.0, redacted=True),))
            continue
        if artifact.kind is not ArtifactKind.PDF or info is None or not info.readable or info.inspection is None:
            continue
        assert artifact.file is not None
        path = _embeddable(artifact.file, portfolio.root, info.inspection)
        redacted: frozenset[int] = frozenset()
        if rules is not None and artifact.id in review.facts.scanned:
            path, redacted = _redacted(artifact.file, path, review.facts.scanned[artifact.id], info.content_hash or "",
                                       portfolio.root, rules, _hidden_boxes(review.facts.hidden.get(artifact.id, ()), rules),
                                       review.facts.ocr.get(artifact.id, {}))
        marked = highlights.get(artifact.id, {})
        withheld = info.inspection.withheld
        pages = tuple(EmbeddedPage(p.width, p.height, links=() if p.number in redacted else p.links,
                                   highlights=tuple(marked.get(p.number, ())), redacted=p.number in redacted,
                                   withheld=withheld.get(p.number, ""))
                      for p in info.inspection.pages)
        chunks, chunk_pages = chunked(path, len(pages), portfolio.root / CACHE_FOLDER)
        found[artifact.id] = Embedding(path, pages, chunks, chunk_pages)
    return found


_REDACT_VERSION = "redact-2"


def _hidden_boxes(hidden: tuple[HiddenText, ...], rules: PrivacyRules) -> dict[int, list[TextRect]]:
    """The comments, form fields and links whose text holds a hit, as rectangles to black out on their pages:
    the page becomes an image, its annotations go, and what the annotation drew there is covered."""
    from mcred.privacy.scan import find_hits

    boxes: dict[int, list[TextRect]] = {}
    for item in hidden:
        if item.page is not None and find_hits(item.text, rules):
            boxes.setdefault(item.page, [])
            if item.rect is not None:
                boxes[item.page].append(TextRect(*item.rect))
    return boxes


def _redacted(original: Path, embeddable: Path, texts: tuple[str, ...], digest: str, root: Path,
              rules: PrivacyRules, hidden: dict[int, list[TextRect]],
              scanned: Mapping[int, ScannedPage]) -> tuple[Path, frozenset[int]]:
    """A copy with every page that holds student information rendered to an image, the words blacked out and no
    text left underneath (on a scanned page, the words OCR placed); pages without hits keep their text. A page
    whose comment, form field or link holds a hit becomes an image too, without its annotations, the annotation's
    rectangle blacked out. Cached by content, rules, the pages OCR read and version."""
    from mcred.privacy.pdfscan import PageHits, locate_hits
    from mcred.privacy.redact import redact_pdf
    from mcred.privacy.scan import find_hits

    found = tuple(PageHits(n, tuple(hits)) for n, text in enumerate(texts, 1) if (hits := find_hits(text, rules)))
    if not found and not hidden:
        return embeddable, frozenset()
    placed = locate_hits(original, found, scanned)
    boxes = {page: list(rects) for page, rects in placed.boxes.items()}
    for page, _hit in placed.unlocated:   # a hit with no glyph box: black out the whole page rather than miss it
        boxes[page] = [_whole_page(original, page)]
    for page, rects in hidden.items():
        if 1 <= page <= len(texts):
            boxes.setdefault(page, []).extend(rects)
    key = hashlib.sha256(f"{_REDACT_VERSION}\0{digest}\0{embeddable.name}\0{rules!r}\0{sorted(scanned)}".encode()
                         ).hexdigest()
    target = root / CACHE_FOLDER / "redacted" / f"{key}.pdf"
    if not target.exists():
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            redact_pdf(embeddable, target, boxes)
        except OSError as exc:
            raise UserError.plain(f"Could not write a redacted copy of {original.name} in {target.parent}: "
                                  f"{exc.strerror or exc}.", "Make the portfolio folder writable, then build again.") \
                from None
    return target, frozenset(boxes)


def _redacted_image(original: Path, scanned: ScannedPage | None, digest: str, root: Path,
                    rules: PrivacyRules) -> Path | None:
    """A copy of an image artifact with every hit OCR read on it blacked out in its pixels (shown upright, no
    metadata kept), in `.mcred/redacted/`; None where it holds no hit. A hit without boxes blacks out the whole
    image rather than risk missing it."""
    from PIL import ImageDraw

    from mcred.privacy.scan import find_hits
    from mcred.read.ocr import upright_image

    hits = find_hits(scanned.text, rules) if scanned is not None else []
    if scanned is None or not hits:
        return None
    key = hashlib.sha256(f"{_REDACT_VERSION}\0{digest}\0image\0{rules!r}\0{ENGINE}".encode()).hexdigest()
    target = root / CACHE_FOLDER / "redacted" / f"{key}.png"
    if target.exists():
        return target
    image = upright_image(original).convert("RGB")
    width, height = image.size
    draw = ImageDraw.Draw(image)
    pad = max(2, round(height / 500))
    for hit in hits:
        boxes = [b for b in scanned.boxes[hit.start:hit.end] if b is not None]
        if not boxes:
            draw.rectangle((0, 0, width, height), fill=(0, 0, 0))
        for box in boxes:   # OCR's units are the image's pixels, y up from the bottom
            draw.rectangle((box.left - pad, height - box.top - pad, box.right + pad, height - box.bottom + pad),
                           fill=(0, 0, 0))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".partial")
        image.save(partial, "PNG")
        partial.replace(target)
    except OSError as exc:
        raise UserError.plain(f"Could not write a redacted copy of {original.name} in {target.parent}: "
                              f"{exc.strerror or exc}.", "Make the portfolio folder writable, then build again.") from None
    return target


def _whole_page(path: Path, page: int) -> TextRect:
    import pypdfium2

    document = pypdfium2.PdfDocument(path)
    try:
        left, bottom, right, top = document[page - 1].get_mediabox()
    finally:
        document.close()
    return TextRect(left, bottom, right, top)


def _embeddable(source: Path, root: Path, inspection: object) -> Path:
    from mcred.prepare.pdf import needs_preparing

    if not needs_preparing(inspection):  # type: ignore[arg-type]
        return source
    cache = root / CACHE_FOLDER
    try:
        return prepared_copy(source, cache, inspection)  # type: ignore[arg-type]
    except OSError as exc:
        raise UserError.plain(f"Could not write a prepared copy of {source.name} in {cache}: {exc.strerror or exc}.",
                              "mcred flattens annotations and form fields into a copy there: make the portfolio "
                              "folder writable, then build again.") from None


# --- the cited passages ------------------------------------------------------------------------------------

def _highlights(review: Review) -> dict[str, dict[int, list[Highlight]]]:
    """Where each verified quote stands on its cited page. A quote found on no page, found twice, or running
    over a page break is marked nowhere: never mark a place that is not the quote."""
    quoted_wrong = {f.where for f in review.findings if f.code in ("MC325", "MC326") and f.where is not None}
    found: dict[str, dict[int, list[Highlight]]] = {}
    wanted: dict[str, list[tuple[int, int, str]]] = {}
    for index, citation in enumerate(review.portfolio.citations):
        located = review.located.get(index)
        artifact = review.portfolio.artifact(citation.artifact_id)
        if (not citation.quote or located is None or not located.pages or artifact is None
                or artifact.kind is not ArtifactKind.PDF
                or citation.fields.get("quote", citation.where) in quoted_wrong):
            continue
        info = review.artifacts.get(artifact.id)
        withheld = info.inspection.withheld if info is not None and info.inspection is not None else {}
        for page in dict.fromkeys(located.pages):
            if page not in withheld:   # a page too large to read safely is never opened
                wanted.setdefault(artifact.id, []).append((index, page, citation.quote))
    cache = Cache(review.portfolio.root)
    for artifact_id, quotes in wanted.items():
        artifact = review.portfolio.artifact(artifact_id)
        info = review.artifacts.get(artifact_id)
        assert artifact is not None and artifact.file is not None
        frames = info.inspection.pages if info is not None and info.inspection is not None else ()
        found[artifact_id] = _place(artifact.file, quotes, frames, cache, info.content_hash if info else None,
                                    review.facts.ocr.get(artifact_id, {}))
    return found


def _place(path: Path, quotes: list[tuple[int, int, str]], pages: tuple[PageInspection, ...], cache: Cache,
           digest: str | None, scanned: Mapping[int, ScannedPage]) -> dict[int, list[Highlight]]:
    """Each citation's highlight, on the first of its pages where its quote stands once. Where a quote stands is
    kept in `.mcred/` by the file's content: a later build (a rebuild in `--watch`) opens neither PDFium nor qpdf."""
    key = f"{digest}-{_MARKS_VERSION}" + (f"-ocr-{ENGINE}" if scanned else "")
    known: dict[str, list[list[float]]] = (cache.load_json("marks", key) or {}) if digest else {}
    missing = [(page, quote) for _index, page, quote in quotes if _mark_key(page, quote) not in known]
    if missing:
        located, complete = _locate(path, missing, pages, scanned)
        known.update(located)
        if digest and complete:
            cache.save_json("marks", key, known)
    placed: dict[int, list[Highlight]] = {}
    seen: set[int] = set()
    for index, page, quote in quotes:
        rects = known.get(_mark_key(page, quote))
        if index in seen or not rects:
            continue
        seen.add(index)
        placed.setdefault(page, []).extend(Highlight(Rect(*rect), index) for rect in rects)
    return placed


_MARKS_VERSION = "marks-1"


def _mark_key(page: int, quote: str) -> str:
    return f"{page}\n{quote}"


def _locate(path: Path, wanted: list[tuple[int, str]], pages: tuple[PageInspection, ...],
            scanned: Mapping[int, ScannedPage]) -> tuple[dict[str, list[list[float]]], bool]:
    """Where each (page, quote) stands on the displayed page (no rectangles: not there exactly once), and
    whether every one was looked for (a page PDFium cannot read stops the search: nothing more is marked).
    The pages' frames are the ones read when the file was inspected: the file is not opened again for them."""
    from mcred.textpos import PdfText

    located: dict[str, list[list[float]]] = {}
    try:
        with PdfText(path, scanned=scanned) as text:
            for page, quote in wanted:
                span = find_once(text.text(page), quote)
                if span is None or not 0 < page <= len(pages):
                    located[_mark_key(page, quote)] = []
                    continue
                frame = pages[page - 1].frame()
                rects = [frame.rect_to_display((r.left, r.bottom, r.right, r.top))
                         for line in text.locate(page, [span]) for r in line]
                located[_mark_key(page, quote)] = [[r.left, r.top, r.right, r.bottom] for r in rects if r is not None]
    except Exception:  # a page PDFium cannot read: nothing is marked, the citation still links
        return located, False
    return located, True


def find_once(text: str, quote: str) -> tuple[int, int] | None:
    """The span of `text` the quote stands at, compared as check compares; None unless it stands there once."""
    wanted = comparable(quote)
    haystack = comparable(text)
    first = haystack.find(wanted) if wanted else -1
    if first < 0 or haystack.find(wanted, first + 1) >= 0:
        return None
    return span_of(text, wanted)
