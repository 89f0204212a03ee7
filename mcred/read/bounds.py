"""Limits on what an artifact PDF may ask of the programs that read it, checked before any of them reads a page.

A PDF of a few hundred kilobytes can hold a content stream that inflates to gigabytes, a page tree that
contains itself, a hundred thousand pages drawing one stream, ten thousand annotations on a page, or forms
drawing forms ten thousand deep. PDFium (page text, redaction), qpdf (flattening, chunks) and Typst (the packet)
would each spend memory in proportion to what the file unfolds to. So every page is measured first, from the
file's dictionaries and a capped decompression of its content: a page past a limit is withheld (never handed to
PDFium, qpdf's flattening or Typst) and check names it; a file past a whole-file limit is not read at all.

The limits are far beyond any honest school document: a 300-page scan draws each page with a handful of
operators; a dense page of text holds some 5,000, a detailed vector map a few hundred thousand.
"""

from __future__ import annotations

import binascii
import re
import zlib
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from mcred.pdfmodel import PdfTooLarge
from mcred.read.boxes import entry, inherited

MB = 1 << 20
MAX_PAGES = 20_000                # pages in one file (mcred builds 10,000 in 12 s)
MAX_TREE_DEPTH = 64               # page-tree levels (a balanced tree of a million pages needs 7)
MAX_PAGE_CONTENT = 64 * MB        # a page's content decoded: its streams, forms, patterns, glyphs, appearances
MAX_PAGE_OPERATORS = 1_000_000    # operators drawing one page (PDFium holds 1M paths in ~0.4 GB)
MAX_PAGE_CHARACTERS = 200_000     # characters of text shown on one page (PDFium's text of 3M took 0.7 GB)
MAX_ANNOTATIONS = 2_000           # annotations on one page
MAX_FORM_DEPTH = 32               # forms drawing forms (a PDF editor's stamps nest 3 or 4)
MAX_PAGE_OBJECTS = 5_000          # content streams, forms, patterns and glyph procedures one page draws
MAX_FILE_CONTENT = 1024 * MB      # every page's content decoded, a stream counted on each page drawing it
MAX_FILE_OBJECTS = 2_000_000      # objects visited measuring every page

_CHUNK = MB
_HEX, _A85 = {"/ASCIIHexDecode", "/AHx"}, {"/ASCII85Decode", "/A85"}
_FLATE = {"/FlateDecode", "/Fl"}
_OTHERS = {"/LZWDecode": "LZWDecode", "/LZW": "LZWDecode", "/RunLengthDecode": "RunLengthDecode", "/RL": "RunLengthDecode"}

# Operators are counted without parsing: an operator is a run of letters (or ' " *) after whitespace or a
# delimiter, so a name (/F1), a number or a hex string's digits never count, while words inside a string do —
# an estimate that errs high, at the speed of bytes.count.
_CLASSES = bytearray(b"d" * 256)
for _byte in b" \t\r\n\f\x00()<>[]{}":
    _CLASSES[_byte] = ord(" ")
for _byte in b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'\"*":
    _CLASSES[_byte] = ord("a")
_CLASSES[ord("/")] = ord("n")
_TABLE = bytes(_CLASSES)


def operators_in(data: bytes) -> int:
    """About how many operators `data` (decoded content) holds."""
    classes = data.translate(_TABLE)
    return classes.count(b" a") + (classes[:1] == b"a")


_STRING = re.compile(rb"\(([^()]*)\)")              # a literal string holding no parentheses
_HEX_TEXT = re.compile(rb"<[0-9A-Fa-f \t\r\n]*>")
_NESTING = 4   # strings within strings followed this deep; PDFium reads no string past 32,767 characters anyway


@dataclass
class Tally:
    """Operators and characters of text in decoded content, fed a chunk at a time. Characters are the bytes of
    literal strings (escapes dropped, strings within strings followed a few deep) and half the digits of hex
    strings: what a text extractor makes one character each of, give or take a multi-byte font. All of it at the
    speed of the regular expression engine: a megabyte of content in some 20 ms."""

    operators: int = 0
    characters: int = 0

    def feed(self, chunk: bytes) -> None:
        self.operators += operators_in(chunk)
        if b"\\" in chunk:
            chunk = chunk.replace(b"\\\\", b"").replace(b"\\(", b"").replace(b"\\)", b"")
        for _ in range(_NESTING):
            if b"(" not in chunk:
                break
            shorter, strings = _STRING.subn(b"", chunk)
            self.characters += len(chunk) - len(shorter) - 2 * strings
            chunk = shorter
        if b"<" in chunk:
            shorter, strings = _HEX_TEXT.subn(b"", chunk)
            self.characters += (len(chunk) - len(shorter) - 2 * strings) // 2


def check_page_tree(pdf: Any) -> int:
    """The number of pages in the page tree; raises PdfTooLarge for a tree that contains itself, nests too deep or
    holds too many pages. Walked before qpdf lists the pages, which would fail or take as long."""
    import pikepdf

    root = pdf.Root.get("/Pages")
    pending: list[tuple[Any, int]] = [(root, 1)]
    branches: set[tuple[int, int]] = set()
    pages = 0
    while pending:
        node, depth = pending.pop()
        if not isinstance(node, pikepdf.Dictionary):
            continue
        kids = entry(node, "/Kids")
        if not isinstance(kids, pikepdf.Array):
            pages += 1
            if pages > MAX_PAGES:
                raise PdfTooLarge(f"it has more than {MAX_PAGES:,} pages")
            continue
        if node.is_indirect:
            if node.objgen in branches:
                raise PdfTooLarge("its page tree contains itself")
            branches.add(node.objgen)
        if depth > MAX_TREE_DEPTH:
            raise PdfTooLarge(f"its page tree is nested more than {MAX_TREE_DEPTH} levels deep")
        if len(kids) > MAX_PAGES:
            raise PdfTooLarge(f"it has more than {MAX_PAGES:,} pages")
        pending.extend((kid, depth + 1) for kid in kids)
    return pages


@dataclass
class Budget:
    """What measuring a file's pages has cost so far; each stream is decoded once however many pages draw it."""

    content: int = 0
    objects: int = 0
    last_content: int = 0   # the last page measured: its content decoded
    measured: dict[tuple[int, int], int] = field(default_factory=dict)    # stream -> bytes decoded
    tallies: dict[tuple[int, int], Tally] = field(default_factory=dict)   # stream -> what it holds (large pages)
    named: dict[tuple[int, int], list[Any]] = field(default_factory=dict)   # resources -> what they draw

    def page(self, page: Any) -> str | None:
        """Why the page cannot be shown safely (None when it can); raises PdfTooLarge once the file as a whole
        is past a limit."""
        why, content = _measure(page, self)
        self.content += content
        self.last_content = content
        if self.content > MAX_FILE_CONTENT:
            raise PdfTooLarge(f"its pages' content inflates to more than {MAX_FILE_CONTENT // MB:,} MB in all")
        return why

    def visit(self) -> None:
        self.objects += 1
        if self.objects > MAX_FILE_OBJECTS:
            raise PdfTooLarge(f"its pages draw more than {MAX_FILE_OBJECTS:,} objects in all")


def _measure(page: Any, budget: Budget) -> tuple[str | None, int]:
    """Why the page is unsafe (or None), and the content it decodes to."""
    import pikepdf

    annotations = entry(page, "/Annots")
    if isinstance(annotations, pikepdf.Array) and len(annotations) > MAX_ANNOTATIONS:
        return f"it carries {len(annotations):,} annotations (mcred shows at most {MAX_ANNOTATIONS:,} on a page)", 0
    streams = _contents(entry(page, "/Contents"))
    if len(streams) > MAX_PAGE_OBJECTS:
        return f"its content is split into more than {MAX_PAGE_OBJECTS:,} streams", 0
    # What the page draws beside its content: forms, tiling patterns, Type 3 glyphs, annotations' appearances.
    drawn: deque[tuple[Any, int]] = deque([(inherited(page, "/Resources"), 1)])
    if isinstance(annotations, pikepdf.Array):
        for annotation in annotations:
            budget.visit()
            appearances = annotation.get("/AP") if isinstance(annotation, pikepdf.Dictionary) else None
            normal = appearances.get("/N") if isinstance(appearances, pikepdf.Dictionary) else None
            shown = [normal] if isinstance(normal, pikepdf.Stream) else \
                list(normal.values()) if isinstance(normal, pikepdf.Dictionary) else []
            for stream in shown:
                if isinstance(stream, pikepdf.Stream):
                    drawn.append((stream, 1))
    seen: set[tuple[int, int]] = set()
    while drawn:
        item, depth = drawn.popleft()
        budget.visit()
        if isinstance(item, pikepdf.Stream):
            if item.is_indirect:
                if item.objgen in seen:
                    continue
                seen.add(item.objgen)
            if depth > MAX_FORM_DEPTH:
                return f"it draws forms within forms more than {MAX_FORM_DEPTH} deep", 0
            streams.append(item)
            if len(streams) > MAX_PAGE_OBJECTS:
                return f"it draws more than {MAX_PAGE_OBJECTS:,} forms, patterns and glyphs", 0
            drawn.append((item.get("/Resources"), depth + 1))
        elif isinstance(item, pikepdf.Dictionary):
            if item.is_indirect:   # pages share their resources: what those name is read once
                if item.objgen not in budget.named:
                    budget.named[item.objgen] = _drawing(item)
                children = budget.named[item.objgen]
            else:
                children = _drawing(item)
            drawn.extend((child, depth) for child in children)
    content = 0
    for stream in streams:
        content += _decoded(stream, budget)
        if content > MAX_PAGE_CONTENT:
            return f"its content inflates to more than {MAX_PAGE_CONTENT // MB} MB", content
    # An operator takes two bytes at least, a character one: only a page of more content than the limits allow is
    # read again, and counted.
    if content > min(2 * MAX_PAGE_OPERATORS, MAX_PAGE_CHARACTERS):
        tallies = [_tally(stream, budget) for stream in streams]
        if sum(t.operators for t in tallies) > MAX_PAGE_OPERATORS:
            return f"it is drawn with more than {MAX_PAGE_OPERATORS:,} operators", content
        if sum(t.characters for t in tallies) > MAX_PAGE_CHARACTERS:
            return f"it shows more than {MAX_PAGE_CHARACTERS:,} characters of text", content
    return None, content


def _contents(contents: Any) -> list[Any]:
    import pikepdf

    if isinstance(contents, pikepdf.Stream):
        return [contents]
    if isinstance(contents, pikepdf.Array):
        return [item for item in contents if isinstance(item, pikepdf.Stream)]
    return []


def _drawing(resources: Any) -> list[Any]:
    """The streams with content of their own a resource dictionary names: forms, tiling patterns, Type 3 glyphs
    (with the resources of a Type 3 font, which its glyphs draw with)."""
    import pikepdf

    found: list[Any] = []
    for category in ("/XObject", "/Pattern"):
        named = entry(resources, category)
        if isinstance(named, pikepdf.Dictionary):
            found += [item for item in named.values()
                      if isinstance(item, pikepdf.Stream) and item.get("/Subtype") != pikepdf.Name.Image]
    fonts = entry(resources, "/Font")
    if isinstance(fonts, pikepdf.Dictionary):
        for font in fonts.values():
            if isinstance(font, pikepdf.Dictionary) and font.get("/Subtype") == pikepdf.Name.Type3:
                procedures = font.get("/CharProcs")
                if isinstance(procedures, pikepdf.Dictionary):
                    found += [item for item in procedures.values() if isinstance(item, pikepdf.Stream)]
                found.append(font.get("/Resources"))
    return found


def _decoded(stream: Any, budget: Budget) -> int:
    """How many bytes the stream decodes to, counted up to just past MAX_PAGE_CONTENT; a stream that cannot be
    decoded counts as its stored bytes."""
    key = stream.objgen if stream.is_indirect else None
    if key is not None and key in budget.measured:
        return budget.measured[key]
    size = _measure_stream(stream)
    if key is not None:
        budget.measured[key] = size
    return size


def _tally(stream: Any, budget: Budget) -> Tally:
    """The stream's operators and characters (read up to just past MAX_PAGE_CONTENT decoded)."""
    key = stream.objgen if stream.is_indirect else None
    if key is not None and key in budget.tallies:
        return budget.tallies[key]
    tally = Tally()
    _measure_stream(stream, tally)
    if key is not None:
        budget.tallies[key] = tally
    return tally


def _measure_stream(stream: Any, tally: Tally | None = None) -> int:
    """The bytes the stream decodes to, up to just past MAX_PAGE_CONTENT, each chunk fed to `tally` if given."""
    import pikepdf

    try:
        data = stream.read_raw_bytes()
        filters = stream.get("/Filter")
        names = [str(f) for f in filters] if isinstance(filters, pikepdf.Array) else [str(filters)] if filters else []
    except pikepdf.PdfError:
        return 0
    try:
        for position, name in enumerate(names):
            if name in _HEX:
                data = binascii.unhexlify(_hex_digits(data))
            elif name in _A85:
                import base64

                data = base64.a85decode(data.strip().removesuffix(b"~>"), ignorechars=b" \t\r\n\f\x00")
            elif name in _FLATE and position == len(names) - 1:
                return _inflated(data, tally)
            elif name in _FLATE or name in _OTHERS:
                data = _bounded_decode(name, data)
            else:   # an image codec or an unknown filter: nothing PDFium reads as content
                break
    except _TooMuch:
        return MAX_PAGE_CONTENT + 1
    except (ValueError, binascii.Error, zlib.error):
        return len(data)
    if tally is not None:
        tally.feed(data)
    return len(data)


class _TooMuch(Exception):
    """A filter before the last decodes past the page limit."""


def _hex_digits(data: bytes) -> bytes:
    digits = bytes(b for b in data.split(b">", 1)[0] if b not in b" \t\r\n\f\x00")
    return digits + b"0" * (len(digits) % 2)


def _inflated(data: bytes, tally: Tally | None) -> int:
    """Inflate in steps of a megabyte, counting, and stop just past the page limit: never the whole of it held."""
    inflater = zlib.decompressobj()
    size = 0
    pending = data
    while pending and size <= MAX_PAGE_CONTENT:
        chunk = inflater.decompress(pending, _CHUNK)
        pending = inflater.unconsumed_tail
        if not chunk:
            break
        size += len(chunk)
        if tally is not None:
            tally.feed(chunk)
    return size


def _bounded_decode(name: str, data: bytes) -> bytes:
    """LZW, run-length or a Flate stage before another filter, by pypdf's decoders, which stop at 75 MB."""
    from pypdf import filters
    from pypdf.errors import LimitReachedError

    if name in _FLATE:
        decoded = zlib.decompressobj().decompress(data, MAX_PAGE_CONTENT + 1)
    else:
        try:
            decoded = getattr(filters, _OTHERS[name]).decode(data)
        except LimitReachedError:
            raise _TooMuch from None
        except Exception:   # pypdf raises many kinds of error on damaged data, where PDFium reads nothing
            return b""
    if len(decoded) > MAX_PAGE_CONTENT:
        raise _TooMuch
    return decoded
