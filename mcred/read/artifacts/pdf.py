"""PDF artifacts: pages, printed page labels, a page's text (cached by content hash), page citations.

Page text is PDFium's (through mcred.textpos), for every use: check's quotes, `mcred find`, and the packet's
quote highlights, which are placed in the same text. pypdf reads the rest (pages, labels) as locators need it.
PDFium reads a page's text about ten times faster than pypdf, which is what lets `find` read every page.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mcred.facts import (
    Artifact,
    ArtifactInfo,
    ArtifactKind,
    Citation,
    Issue,
    Located,
    Problem,
    Resolution,
    Severity,
    Trouble,
)
from mcred.pdfmodel import PdfTooLarge, PdfUnreadable, inspection_from_json, inspection_to_json
from mcred.read.bounds import MAX_PAGES
from mcred.read.cache import Cache, Origin, Stamp, file_stamp
from mcred.read.files import TroubleError
from mcred.read.locators import LocatorError, resolve_pages
from mcred.read.ocr import OcrSettings, OcrStore, missing
from mcred.textpos import has_text

if TYPE_CHECKING:
    from mcred.read.artifacts import Opened
    from mcred.textpos import PdfText

# pypdf reports recoverable oddities of real-world PDFs through logging; mcred reports what matters itself.
logging.getLogger("pypdf").setLevel(logging.ERROR)

_EXTRACTOR = "pdfium-1"   # the text cache's: another extractor (or version of PDFium) gives other text


class _PdfKind:
    kind = ArtifactKind.PDF
    suffixes = frozenset({".pdf"})

    def read(self, artifact: Artifact, path: Path, cache: Cache, ocr: OcrSettings) -> Opened:
        from mcred.read.artifacts import Opened

        info = read_pdf(path, cache)
        if not info.readable:
            return Opened(artifact, info)
        digest = info.content_hash or ""
        origin = Origin(path, info.stamp)
        return Opened(artifact, info, _TextSource(path, cache, digest, origin, _withheld(info),
                                                  _ocr(path, cache, digest, ocr, artifact, origin)))

    def locate(self, citation: Citation, artifact: Artifact, info: ArtifactInfo) -> Resolution:
        label = f"{citation.target_id} cites {artifact.id}"
        if citation.time:
            return Resolution(None, (Issue("MC310", Severity.ERROR, f"{label} by time, but it is a PDF",
                                           "cite `pages:` instead of `time:`", "time"),))
        if not citation.pages:
            return Resolution(None, (Issue("MC309", Severity.ERROR, f"{label} without saying where",
                                           'add `pages:` (e.g. 4 or "4-6")'),))
        numbering = citation.numbering or artifact.numbering
        try:
            pages = resolve_pages(citation.pages, info.page_count or 0, info.page_labels, numbering)
        except LocatorError as exc:
            code = "MC321" if exc.missing_page else "MC320"
            return Resolution(None, (Issue(code, Severity.ERROR, f"{label}: {exc}", exc.fix, "pages"),))
        notes = tuple(Issue("MC322", Severity.NOTE, f"{label}: {text}",
                            "if you meant the printed page, add `numbering: printed` to this citation (or to the "
                            "artifact); to keep the position and clear this note, add `numbering: position`", "pages")
                      for text in pages.notes)
        located = Located(pages=tuple(pages.positions))
        other = Located(pages=tuple(pages.as_printed)) if pages.as_printed else None
        return Resolution(located, notes, other)


def read_pdf(path: Path, cache: Cache) -> ArtifactInfo:
    """What a PDF is (pages, labels, its inspection), from `.mcred/` when an earlier check read this very file;
    `trouble` says why it cannot be used."""
    stamp = file_stamp(path)   # before the hash: a save while it is taken shows as a change
    size = path.stat().st_size
    digest = cache.file_hash(path)
    entry = cache.entry("pdf", digest, derived_by="facts", version=f"{_FACTS} {library_versions()}",
                        origin=Origin(path, stamp))
    known = _cached(entry.read_json(), digest, size, stamp)
    if known is not None:
        return known
    info, reader = _open(path, size)
    if reader is None:
        return info
    # qpdf's inspection, imported only for a PDF not yet in the cache
    from mcred.read.inspect import inspect_pdf

    try:
        inspection = inspect_pdf(path)
    except PdfTooLarge as exc:
        return ArtifactInfo(size_bytes=size, trouble=Trouble(Problem.UNSAFE, str(exc)))
    except PdfUnreadable as exc:
        return ArtifactInfo(size_bytes=size, trouble=Trouble(Problem.CORRUPT, str(exc)))
    info = ArtifactInfo(size_bytes=info.size_bytes, page_count=info.page_count, page_labels=info.page_labels,
                        content_hash=digest, inspection=inspection, stamp=stamp)
    entry.write_json({"page_count": info.page_count, "labels": list(info.page_labels),
                      "inspection": inspection_to_json(inspection)})
    return info


def _withheld(info: ArtifactInfo) -> frozenset[int]:
    return frozenset(info.inspection.withheld) if info.inspection is not None else frozenset()


def _ocr(path: Path, cache: Cache, digest: str, settings: OcrSettings, artifact: Artifact,
         origin: Origin) -> OcrStore | None:
    if not settings.enabled or missing() is not None:
        return None
    return OcrStore(path, cache, digest, settings, artifact.id, origin=origin)


class _TextSource:
    """A page's extractable text as PDFium reads it, read once, kept in the cache by the file's content hash; on a
    page without text, what OCR reads there (cached alike), where OCR is on. A withheld page (too large to read
    safely, see mcred.read.bounds) is never read, nor OCR'd: it has no text."""

    def __init__(self, path: Path, cache: Cache, digest: str, origin: Origin, withheld: frozenset[int] = frozenset(),
                 ocr: OcrStore | None = None) -> None:
        self._withheld = withheld
        self._path = path
        self.ocr = ocr
        self._entry = cache.entry("text", digest, derived_by="pdfium", version=f"{_EXTRACTOR} {library_versions()}",
                                  origin=origin)
        self._texts: dict[str, str] = _texts(self._entry.read_json())
        self._dirty = False
        self._document: PdfText | None = None
        self._unreadable = False

    def __call__(self, position: int) -> str:
        key = str(position)
        if key not in self._texts:
            self._texts[key] = self._extract(position)
            self._dirty = True
        text = self._texts[key]
        if self.ocr is not None and not has_text(text) and position not in self._withheld:
            scanned = self.ocr.page(position)
            if scanned is not None:
                return scanned.text
        return text

    def every_page(self, count: int) -> tuple[str, ...]:
        """Every page's text, 1 to `count`: what is not cached yet is read now (and cached on `save`)."""
        return tuple(self(position) for position in range(1, count + 1))

    def _extract(self, position: int) -> str:
        from mcred.textpos import PdfText

        if self._unreadable or position in self._withheld:
            return ""
        try:
            if self._document is None:
                self._document = PdfText(self._path)
            return self._document.text(position)
        except Exception:  # a file or page PDFium cannot read: treated as a page without text
            self._unreadable = self._document is None
            return ""

    def save(self) -> None:
        """Cache what was read, and let go of the open file: called once the reading stage is done with it."""
        if self._dirty:
            self._entry.write_json(self._texts)
            self._dirty = False
        if self.ocr is not None:
            self.ocr.save()
        if self._document is not None:
            self._document.close()
            self._document = None


@dataclass(frozen=True)
class PdfPages:
    """Every page of a PDF: its text (the same text, from the same cache, as check's quotes) and printed labels."""

    texts: tuple[str, ...]             # by position: texts[0] is page 1
    labels: tuple[str, ...] = ()       # printed labels by position; () where the PDF has none
    withheld: tuple[int, ...] = ()     # pages too large to read safely (mcred.read.bounds): never read, no text


def every_page_text(path: Path, cache: Cache, ocr: OcrSettings = OcrSettings(False), label: str = "") -> PdfPages:
    """The text of every page of the PDF at `path`, through the page-text cache (and OCR's, on pages without text
    where it is on); raises TroubleError when the file cannot be read."""
    info = read_pdf(path, cache)
    if info.trouble is not None:
        raise TroubleError(info.trouble)
    digest = info.content_hash or ""
    origin = Origin(path, info.stamp)
    store = OcrStore(path, cache, digest, ocr, label, origin=origin) if ocr.enabled and missing() is None else None
    source = _TextSource(path, cache, digest, origin, _withheld(info), store)
    try:
        texts = source.every_page(info.page_count or 0)
    finally:
        source.save()
    labels = info.page_labels
    return PdfPages(texts, labels if any(labels) else (), tuple(sorted(_withheld(info))))


_FACTS = "facts-3"   # what a PDF's pages are (count, labels, inspection), by content: bump when that changes


@functools.cache
def library_versions() -> str:
    """The versions of what reads a PDF here (PDFium's text and page labels, qpdf's structure): part of what
    every entry derived from a PDF says it was derived by, so another version's entries are misses."""
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for package in ("pypdfium2", "pikepdf"):
        try:
            found.append(f"{package} {version(package)}")
        except PackageNotFoundError:
            found.append(f"{package} ?")
    return ", ".join(found)


def _texts(data: dict | None) -> dict[str, str]:
    """Page text by position, from a verified entry; {} when it holds anything else."""
    if data is None or not all(isinstance(k, str) and k.isdigit() and isinstance(v, str) for k, v in data.items()):
        return {}
    return data


def _cached(data: dict | None, digest: str, size: int, stamp: Stamp | None) -> ArtifactInfo | None:
    """What an earlier check read of this very file, from `.mcred/`; None when there is nothing usable."""
    if data is None:
        return None
    try:
        inspection = inspection_from_json(data["inspection"])
        count = int(data["page_count"])
        labels = tuple(str(label) for label in data["labels"])
    except (KeyError, ValueError, TypeError):
        return None   # an entry from another version, or damaged: read the file again
    if count < 1 or len(labels) not in (0, count):
        return None
    return ArtifactInfo(size_bytes=size, page_count=count, page_labels=labels, content_hash=digest,
                        inspection=inspection, stamp=stamp)


def _open(path: Path, size: int) -> tuple[ArtifactInfo, object | None]:
    try:
        count, labels = _pages(path)
    except TroubleError as exc:
        return ArtifactInfo(size_bytes=size, trouble=exc.trouble), None
    return ArtifactInfo(size_bytes=size, page_count=count, page_labels=labels), True


def _pages(path: Path) -> tuple[int, tuple[str, ...]]:
    """Page count and printed labels (() where the PDF has none), by PDFium: it opens a file as a viewer does
    (an owner password, which only restricts printing or copying, opens; a user password does not), in a
    millisecond where pypdf walks the whole page tree first. Raises TroubleError when it cannot."""
    import pypdfium2

    try:
        with path.open("rb") as handle:
            if not handle.read(1024).lstrip().startswith(b"%PDF"):
                raise TroubleError(Trouble(Problem.NOT_A_PDF))
        document = pypdfium2.PdfDocument(path)
    except OSError as exc:
        raise TroubleError(Trouble(Problem.NO_ACCESS, exc.strerror or str(exc))) from None
    except pypdfium2.PdfiumError as exc:
        said = str(exc)
        if "password" in said.lower():
            raise TroubleError(Trouble(Problem.ENCRYPTED)) from None
        detail = said.split("(PDFium:")[-1].strip(" .)") if "PDFium:" in said else said
        raise TroubleError(Trouble(Problem.CORRUPT, detail)) from None
    try:
        count = len(document)
        if count > MAX_PAGES:   # before reading a label of each: a file of a million pages is not read at all
            raise TroubleError(Trouble(Problem.UNSAFE, f"it has {count:,} pages, more than the {MAX_PAGES:,} mcred "
                                                       "reads"))
        labels = tuple(document.get_page_label(index) for index in range(count))
    finally:
        document.close()
    if count == 0:
        raise TroubleError(Trouble(Problem.CORRUPT, "it has no pages"))
    return count, labels if any(labels) else ()


KIND = _PdfKind()
