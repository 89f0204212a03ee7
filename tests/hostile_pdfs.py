"""Hostile artifact PDFs, small on disk, written object by object: a content stream that inflates to hundreds of
megabytes, a page tree that contains itself, 100,000 pages sharing one content stream, 10,000 annotations on a
page, a Form XObject chain 10,000 deep. Each is a valid PDF a viewer opens (or refuses) in its own way; mcred must
name the page and go on, in bounded time and memory.

Used by tests/test_hostile_pdfs.py and benchmarks/hostile_pdfs.py.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from pathlib import Path

INFLATED_MB = 400   # the case: 408 KB on disk, 400 MB decoded


def _stream(dictionary: bytes, data: bytes) -> bytes:
    return b"<< " + dictionary + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def write_objects(path: Path, objects: list[bytes]) -> Path:
    """A PDF of `objects` (object 1 is the catalog), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(bytes(out))
    return path


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
_TEXT = b"BT /F1 14 Tf 72 700 Td (%s) Tj ET\n"


def _page(parent: int, contents: bytes, resources: bytes = b"<< /Font << /F1 3 0 R >> >>", extra: bytes = b"") -> bytes:
    return (b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Resources " % parent + resources
            + b" /Contents " + contents + extra + b" >>")


def inflating(megabytes: int = INFLATED_MB, head: bytes = b"") -> bytes:
    """zlib data (FlateDecode) that inflates to `head` and `megabytes` MB of spaces (which draw nothing), ~1,000:1.

    One megabyte is deflated once and its block repeated: after a full flush deflate starts afresh, so the
    same input gives the same bytes. The checksum is computed over everything, so the stream is valid."""
    chunk = b" " * (1 << 20)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = packer.compress(head) + packer.flush(zlib.Z_FULL_FLUSH)
    block = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    end = packer.flush(zlib.Z_FINISH)
    check = zlib.adler32(head)
    for _ in range(megabytes):
        check = zlib.adler32(chunk, check)
    return b"\x78\xda" + start + block * megabytes + end + check.to_bytes(4, "big")


def content_bomb(path: Path, megabytes: int = INFLATED_MB) -> Path:
    """One page, with a line of text, whose content stream inflates to `megabytes` MB."""
    data = inflating(megabytes, _TEXT % b"A page of a handbook")
    return write_objects(path, [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        _FONT,
        _page(2, b"5 0 R"),
        _stream(b"/Filter /FlateDecode", data),
    ])


def self_referencing_tree(path: Path) -> Path:
    """A page tree whose root lists itself among its kids (beside one real page)."""
    return write_objects(path, [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [2 0 R 4 0 R] /Count 2 >>",
        _FONT,
        _page(2, b"5 0 R"),
        _stream(b"", _TEXT % b"A page tree that contains itself"),
    ])


def shared_content(path: Path, pages: int = 100_000, megabytes: int = 1) -> Path:
    """`pages` pages whose one shared content stream inflates to `megabytes` MB (plus a line of text)."""
    data = zlib.compress(_TEXT % b"One of many pages" + b" " * (megabytes << 20), 9)
    first_page = 6
    kids = b" ".join(b"%d 0 R" % (first_page + i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        _FONT,
        _stream(b"/Filter /FlateDecode", data),
        b"null",
    ]
    objects += [_page(2, b"4 0 R")] * pages
    return write_objects(path, objects)


def many_annotations(path: Path, count: int = 10_000) -> Path:
    """One page carrying `count` square annotations, each with its own appearance stream to flatten."""
    first = 6
    annots = b" ".join(b"%d 0 R" % (first + 2 * i) for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        _FONT,
        _page(2, b"5 0 R", extra=b" /Annots [" + annots + b"]"),
        _stream(b"", _TEXT % b"A page under ten thousand comments"),
    ]
    for i in range(count):
        x, y = 20 + (i % 50) * 11, 40 + (i // 50) * 3 % 700
        objects.append(b"<< /Type /Annot /Subtype /Square /Rect [%d %d %d %d] /AP << /N %d 0 R >> >>"
                       % (x, y, x + 10, y + 10, first + 2 * i + 1))
        objects.append(_stream(b"/Type /XObject /Subtype /Form /BBox [0 0 10 10]", b"0 0 1 rg 0 0 10 10 re f"))
    return write_objects(path, objects)


def deep_forms(path: Path, depth: int = 10_000) -> Path:
    """One page drawing a Form XObject that draws the next, `depth` deep; the last one shows a line of text."""
    first = 6
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        _FONT,
        _page(2, b"5 0 R", resources=b"<< /Font << /F1 3 0 R >> /XObject << /X %d 0 R >> >>" % first),
        _stream(b"", _TEXT % b"Forms within forms" + b"/X Do\n"),
    ]
    for level in range(depth):
        form = b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources "
        if level < depth - 1:
            objects.append(_stream(form + b"<< /XObject << /X %d 0 R >> >>" % (first + level + 1), b"/X Do"))
        else:
            objects.append(_stream(form + b"<< /Font << /F1 3 0 R >> >>", _TEXT % b"The bottom"))
    return write_objects(path, objects)


def operators(path: Path, count: int) -> Path:
    """One page drawn with `count` small filled squares: `count` operators (re and f, each square two)."""
    data = zlib.compress(b"0 0 1 1 re f\n" * (count // 2), 6)
    return write_objects(path, [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        _FONT,
        _page(2, b"5 0 R"),
        _stream(b"/Filter /FlateDecode", data),
    ])


def characters(path: Path, strings: int) -> Path:
    """One page showing `strings` strings of 30,000 characters each, in one text object."""
    data = zlib.compress(b"BT /F1 1 Tf 10 10 Td " + (b"(" + b"a" * 30_000 + b") Tj\n") * strings + b"ET", 6)
    return write_objects(path, [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        _FONT,
        _page(2, b"5 0 R"),
        _stream(b"/Filter /FlateDecode", data),
    ])


HOSTILE: dict[str, Callable[[Path], Path]] = {
    "content-bomb": content_bomb,
    "self-referencing-tree": self_referencing_tree,
    "100000-pages-one-stream": shared_content,
    "10000-annotations": many_annotations,
    "forms-10000-deep": deep_forms,
}
