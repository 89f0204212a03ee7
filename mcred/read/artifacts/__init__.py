"""What an artifact is, read off its file: pages, printed labels, text of a page, a video's duration.

Each PDF is opened once (`open_artifact`), and a page's text is extracted only when something asks for it,
so the cost of a check grows with the pages cited, not with the pages owned.
"""

from __future__ import annotations

import logging
import struct
from dataclasses import dataclass, field
from pathlib import Path

from mcred.read.locators import parse_timestamp
from mcred.facts import Artifact, ArtifactInfo, ArtifactKind

# pypdf reports recoverable oddities of real-world PDFs through logging; mcred reports what matters itself.
logging.getLogger("pypdf").setLevel(logging.ERROR)

# The problems check words a finding of its own for; any other is shown as its text ("corrupt: …").
MISSING, FOLDER, ENCRYPTED, NOT_AN_IMAGE = "missing", "a folder", "encrypted", "not an image"

_IMAGE_MAGIC = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".webp": (b"RIFF",),
}


@dataclass
class Opened:
    """An artifact's file as far as it could be read, and its reader for the text of cited pages."""

    artifact: Artifact
    info: ArtifactInfo                # info.problem: MISSING, ENCRYPTED, "corrupt: …", …
    _reader: object | None = None
    _texts: dict[int, str] = field(default_factory=dict)

    @property
    def problem(self) -> str | None:
        return self.info.problem

    def page_text(self, position: int) -> str:
        """The extractable text of a page (1-based), read once."""
        if position not in self._texts:
            try:
                self._texts[position] = self._reader.pages[position - 1].extract_text() or ""  # type: ignore[union-attr]
            except Exception:  # a page pypdf cannot read: treated as a page without text
                self._texts[position] = ""
        return self._texts[position]


def open_artifact(artifact: Artifact) -> Opened:
    path = artifact.file
    if path is None:
        return Opened(artifact, ArtifactInfo(duration_seconds=parse_duration(artifact.duration)))
    try:
        if not path.exists():
            return Opened(artifact, ArtifactInfo(problem=MISSING))
        if path.is_dir():
            return Opened(artifact, ArtifactInfo(problem=FOLDER))
        size = path.stat().st_size
    except OSError as exc:  # a name too long for the file system, a folder that cannot be listed, …
        return Opened(artifact, ArtifactInfo(problem=exc.strerror or str(exc)))
    kind = artifact.kind
    if kind is ArtifactKind.PDF:
        return _open_pdf(artifact, path, size)
    if kind is ArtifactKind.IMAGE:
        problem = _image_problem(path)
        return Opened(artifact, ArtifactInfo(size_bytes=size, page_count=1, problem=problem))
    if kind is ArtifactKind.VIDEO:
        seconds = mp4_duration(path)
        if seconds is None:
            seconds = parse_duration(artifact.duration)
        return Opened(artifact, ArtifactInfo(size_bytes=size, duration_seconds=seconds))
    return Opened(artifact, ArtifactInfo(size_bytes=size))


def _open_pdf(artifact: Artifact, path: Path, size: int) -> Opened:
    from pypdf import PdfReader

    try:
        with path.open("rb") as handle:
            if not handle.read(1024).lstrip().startswith(b"%PDF"):
                return Opened(artifact, ArtifactInfo(size_bytes=size, problem="not a PDF"))
        reader = PdfReader(path)
        if reader.is_encrypted:
            try:
                opened_with_empty_password = reader.decrypt("")
            except Exception:
                opened_with_empty_password = 0
            if not opened_with_empty_password:
                return Opened(artifact, ArtifactInfo(size_bytes=size, problem=ENCRYPTED))
        count = len(reader.pages)
        if count == 0:
            return Opened(artifact, ArtifactInfo(size_bytes=size, problem="corrupt: it has no pages"))
        labels: tuple[str, ...] = ()
        if "/PageLabels" in reader.trailer["/Root"]:
            labels = tuple(reader.page_labels)
    except Exception as exc:  # pypdf raises many kinds of error for a damaged file; all mean the same here
        reason = str(exc).strip().rstrip(".") or type(exc).__name__
        return Opened(artifact, ArtifactInfo(size_bytes=size, problem=f"corrupt: {reason}"))
    return Opened(artifact, ArtifactInfo(size_bytes=size, page_count=count, page_labels=labels), reader)


def _image_problem(path: Path) -> str | None:
    suffix = path.suffix.lower()
    try:
        with path.open("rb") as handle:
            head = handle.read(512)
    except OSError as exc:
        return exc.strerror or str(exc)
    if suffix == ".svg":
        if not (b"<svg" in head or head.lstrip().startswith(b"<?xml")):
            return NOT_AN_IMAGE
    elif not head.startswith(_IMAGE_MAGIC.get(suffix, (b"",))):
        return NOT_AN_IMAGE
    return _typst_image_problem(path)


def _typst_image_problem(path: Path) -> str | None:
    """Let the typesetter decode the image now, so a truncated PNG or a broken SVG is check's finding, not a
    failed build."""
    import typst

    source = b'#set page(width: auto, height: auto, margin: 0pt)\n#image(sys.inputs.name)'
    try:
        typst.compile(source, root=str(path.parent), sys_inputs={"name": path.name}, ignore_system_fonts=True)
    except Exception as exc:  # TypstError and the binding's RuntimeError: both mean the image cannot be shown
        message = getattr(exc, "message", None) or str(exc)
        return f"it cannot be decoded ({message.strip().rstrip('.')})"
    return None


def parse_duration(text: str | None) -> float | None:
    """`18:42` or `1:02:03` as seconds; None when absent or malformed (check reports malformed ones)."""
    if not text:
        return None
    try:
        return float(parse_timestamp(text))
    except ValueError:
        return None


def mp4_duration(path: Path) -> float | None:
    """A MP4/MOV/M4V file's duration from its movie header (`moov/mvhd`), without a video library."""
    try:
        with path.open("rb") as handle:
            moov = _find_box(handle, b"moov", path.stat().st_size)
            if moov is None:
                return None
            mvhd = _find_box(handle, b"mvhd", moov)
            if mvhd is None:
                return None
            version = handle.read(4)[0]
            if version == 1:
                handle.seek(16, 1)
                timescale, duration = struct.unpack(">IQ", handle.read(12))
            else:
                handle.seek(8, 1)
                timescale, duration = struct.unpack(">II", handle.read(8))
            return duration / timescale if timescale else None
    except (OSError, struct.error, IndexError):
        return None


def _find_box(handle, name: bytes, end: int) -> int | None:
    """Walk boxes from the handle's position up to `end`; leave the handle inside `name`, return its end."""
    while handle.tell() + 8 <= end:
        start = handle.tell()
        size, kind = struct.unpack(">I4s", handle.read(8))
        header = 8
        if size == 1:
            size = struct.unpack(">Q", handle.read(8))[0]
            header = 16
        elif size == 0:
            size = end - start
        if size < header:
            return None
        if kind == name:
            return start + size
        handle.seek(start + size)
    return None

