"""The words an artifact PDF carries beyond its pages' text: comments, form field values, link addresses,
bookmarks, document properties, XMP metadata and attachments — scanned for student information and, in a
blind portfolio, for what identifies the practitioner.

What reaches the packet: Typst embeds a page's content only, so the artifact's bookmarks, document properties,
XMP and attachments never do; comments and form fields are flattened into the page as drawn (a sticky note
as its icon, a field as its value); link addresses are carried over the embedded page. All of it is in the
file itself, which may also be uploaded on its own, so all of it is scanned.

Bounded: at most `MAX_ITEMS` pieces of text, each cut at `MAX_CHARS`, `MAX_TOTAL` characters in all, and
attachments read only when they are small text files; a hostile file cannot make the scan slow or large.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from mcred.facts import HiddenPlace, HiddenText

MAX_ITEMS = 5_000
MAX_CHARS = 20_000
MAX_TOTAL = 2_000_000
MAX_DEPTH = 32                      # form field parents, bookmark nesting
MAX_ATTACHMENT_BYTES = 1_000_000    # a text attachment larger than this is scanned by its name only
MAX_XMP_BYTES = 1_000_000
_TEXT_ATTACHMENT = re.compile(r"\.(?:txt|csv|tsv|md|markdown|json|xml|html?|rtf|ya?ml)$", re.IGNORECASE)
_TAG = re.compile(r"<[^<>]{0,2000}>")
_INFO_SKIPPED = {"/CreationDate", "/ModDate", "/Trapped"}


class _Found:
    def __init__(self) -> None:
        self.items: list[HiddenText] = []
        self.total = 0

    @property
    def full(self) -> bool:
        return len(self.items) >= MAX_ITEMS or self.total >= MAX_TOTAL

    def add(self, place: HiddenPlace, text: str, page: int | None = None,
            rect: tuple[float, float, float, float] | None = None, label: str = "") -> None:
        text = text.strip()[:MAX_CHARS]
        if text and not self.full:
            self.items.append(HiddenText(place, text, page, rect, label))
            self.total += len(text)


def hidden_text(path: Path) -> tuple[HiddenText, ...]:
    """Every piece of text in the PDF beyond its pages' content, in the order found. A file pikepdf cannot open
    has none here: check's file findings already say why it cannot be used."""
    import pikepdf

    try:
        pdf = pikepdf.open(path)
    except (pikepdf.PdfError, OSError, ValueError):
        return ()
    found = _Found()
    with pdf:
        for reader in (_annotations, _fields, _bookmarks, _properties, _xmp, _attachments):
            try:
                reader(pdf, found)
            except (pikepdf.PdfError, AttributeError, KeyError, TypeError, ValueError, RecursionError):
                continue   # a damaged structure hides nothing more than it holds: read what else there is
    return tuple(found.items)


def _string(value: Any) -> str:
    import pikepdf

    if isinstance(value, pikepdf.String):
        return str(value)
    if isinstance(value, pikepdf.Name):
        return str(value).lstrip("/")
    return ""


def _rect(annotation: Any) -> tuple[float, float, float, float] | None:
    try:
        left, bottom, right, top = (float(v) for v in annotation.get("/Rect"))
    except (TypeError, ValueError):
        return None
    return min(left, right), min(bottom, top), max(left, right), max(bottom, top)


def _annotations(pdf: Any, found: _Found) -> None:
    import pikepdf

    for number, page in enumerate(pdf.pages, 1):
        annotations = page.obj.get("/Annots")
        if not isinstance(annotations, pikepdf.Array):
            continue
        for annotation in annotations:
            if found.full:
                return
            if not isinstance(annotation, pikepdf.Dictionary):
                continue
            subtype = str(annotation.get("/Subtype", ""))
            rect = _rect(annotation)
            if subtype == "/Widget":
                _field_value(annotation, found, number, rect)
                continue
            if subtype == "/Link":
                action = annotation.get("/A")
                if isinstance(action, pikepdf.Dictionary):
                    found.add(HiddenPlace.LINK, _string(action.get("/URI")), number, rect)
                continue
            if subtype == "/Popup":   # a popup shows its parent's text, read with the parent
                found.add(HiddenPlace.NOTE, _string(annotation.get("/Contents")), number, None)
                continue
            label = subtype.lstrip("/")
            for key in ("/Contents", "/T", "/Subj"):    # the text, its author, its subject
                found.add(HiddenPlace.NOTE, _string(annotation.get(key)), number, rect, label)
            rich = _string(annotation.get("/RC"))
            if rich:
                found.add(HiddenPlace.NOTE, _TAG.sub(" ", rich), number, rect, label)
            attached = annotation.get("/FS")
            if isinstance(attached, pikepdf.Dictionary):
                _file_spec(attached, found, number)


def _field_value(widget: Any, found: _Found, page: int | None, rect: tuple[float, float, float, float] | None) -> None:
    """The value a widget shows: its own, or its field's (a parent's), and a choice field's options."""
    import pikepdf

    field, depth = widget, 0
    while isinstance(field, pikepdf.Dictionary) and depth < MAX_DEPTH:
        value = field.get("/V")
        if value is not None:
            texts = [_string(v) for v in value] if isinstance(value, pikepdf.Array) else [_string(value)]
            name = _string(field.get("/T"))
            for text in texts:
                if text and text != "Off":
                    found.add(HiddenPlace.FIELD, text, page, rect, name)
            return
        field, depth = field.get("/Parent"), depth + 1


def _fields(pdf: Any, found: _Found) -> None:
    """Field values with no widget on any page (a page's widgets are read with the page)."""
    import pikepdf

    form = pdf.Root.get("/AcroForm")
    if not isinstance(form, pikepdf.Dictionary):
        return
    on_pages = {item.text for item in found.items if item.place is HiddenPlace.FIELD}
    stack = [(field, 0) for field in form.get("/Fields", [])]
    seen: set[tuple[int, int]] = set()
    while stack and not found.full:
        field, depth = stack.pop()
        if not isinstance(field, pikepdf.Dictionary) or depth > MAX_DEPTH:
            continue
        if field.is_indirect:
            if field.objgen in seen:
                continue
            seen.add(field.objgen)
        value = field.get("/V")
        if isinstance(value, pikepdf.String) and str(value) not in on_pages:
            found.add(HiddenPlace.FIELD, str(value), None, None, _string(field.get("/T")))
        stack += [(kid, depth + 1) for kid in field.get("/Kids", [])]


def _bookmarks(pdf: Any, found: _Found) -> None:
    import pikepdf

    outlines = pdf.Root.get("/Outlines")
    if not isinstance(outlines, pikepdf.Dictionary):
        return
    stack = [(outlines.get("/First"), 0)]
    seen: set[tuple[int, int]] = set()
    while stack and not found.full:
        item, depth = stack.pop()
        while isinstance(item, pikepdf.Dictionary) and depth <= MAX_DEPTH and not found.full:
            if item.is_indirect:
                if item.objgen in seen:
                    break
                seen.add(item.objgen)
            found.add(HiddenPlace.BOOKMARK, _string(item.get("/Title")))
            if "/First" in item:
                stack.append((item.get("/First"), depth + 1))
            item = item.get("/Next")


def _properties(pdf: Any, found: _Found) -> None:
    import pikepdf

    info = pdf.trailer.get("/Info")
    if not isinstance(info, pikepdf.Dictionary):
        return
    for key in sorted(info.keys()):
        if key not in _INFO_SKIPPED:
            found.add(HiddenPlace.PROPERTIES, _string(info.get(key)), label=key.lstrip("/"))


def _xmp(pdf: Any, found: _Found) -> None:

    stream = pdf.Root.get("/Metadata")
    data = _decoded(stream, MAX_XMP_BYTES).decode("utf-8", errors="replace")
    found.add(HiddenPlace.XMP, " ".join(_TAG.sub(" ", data).split()))


def _attachments(pdf: Any, found: _Found) -> None:
    import pikepdf

    names = pdf.Root.get("/Names")
    files = names.get("/EmbeddedFiles") if isinstance(names, pikepdf.Dictionary) else None
    if not isinstance(files, pikepdf.Dictionary):
        return
    stack = [files]
    while stack and not found.full:
        node = stack.pop()
        pairs: Any = node.get("/Names", [])
        for index in range(1, len(pairs), 2):
            spec = pairs[index]
            if isinstance(spec, pikepdf.Dictionary):
                _file_spec(spec, found, None)
        kids: Any = node.get("/Kids", [])
        if len(stack) + len(kids) <= MAX_ITEMS:
            stack += [kid for kid in kids if isinstance(kid, pikepdf.Dictionary)]


def _file_spec(spec: Any, found: _Found, page: int | None) -> None:
    """An embedded file: its name, its description, and its text where it is a small text file."""
    import pikepdf

    name = _string(spec.get("/UF")) or _string(spec.get("/F"))
    found.add(HiddenPlace.ATTACHMENT, name, page, label=name)
    found.add(HiddenPlace.ATTACHMENT, _string(spec.get("/Desc")), page, label=name)
    embedded = spec.get("/EF")
    stream = embedded.get("/F") if isinstance(embedded, pikepdf.Dictionary) else None
    if not isinstance(stream, pikepdf.Stream) or not _TEXT_ATTACHMENT.search(name):
        return
    data = _decoded(stream, MAX_ATTACHMENT_BYTES)
    found.add(HiddenPlace.ATTACHMENT, data.decode("utf-8", errors="replace"), page, label=name)


def _decoded(stream: Any, limit: int) -> bytes:
    """A stream's data, at most `limit` bytes of it, decoded without ever inflating more: a small stream can
    hold gigabytes of compressed zeros. Only unfiltered and plain Flate streams are read; others give nothing."""
    import zlib

    import pikepdf

    if not isinstance(stream, pikepdf.Stream) or "/DecodeParms" in stream:
        return b""
    filters = stream.get("/Filter")
    if isinstance(filters, pikepdf.Array) and len(filters) == 1:
        filters = filters[0]
    raw = stream.read_raw_bytes()
    if filters is None:
        return raw[:limit]
    if filters != pikepdf.Name.FlateDecode:
        return b""
    try:
        return zlib.decompressobj().decompress(raw, limit)
    except zlib.error:
        return b""
