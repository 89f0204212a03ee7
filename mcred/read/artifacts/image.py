"""Image artifacts (PNG, JPEG, GIF, SVG, WebP): one page of the packet each; decoded now, so a broken image is
check's finding, not a failed build."""

from __future__ import annotations

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
from mcred.read.cache import Cache, Origin, file_stamp
from mcred.read.ocr import OCR_IMAGES, OcrSettings, OcrStore, missing, read_image_file

if TYPE_CHECKING:
    from mcred.read.artifacts import Opened

_MAGIC = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".webp": (b"RIFF",),
}


class _ImageKind:
    kind = ArtifactKind.IMAGE
    suffixes = frozenset({".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"})

    def read(self, artifact: Artifact, path: Path, cache: Cache, ocr: OcrSettings) -> Opened:
        from mcred.read.artifacts import Opened

        stamp = file_stamp(path)   # the packet embeds the file itself: a change before it is written is caught
        size = path.stat().st_size
        trouble = _trouble(path)
        digest = cache.file_hash(path) if trouble is None else None
        info = ArtifactInfo(size_bytes=size, page_count=1, trouble=trouble, content_hash=digest, stamp=stamp)
        if digest is None or not ocr.enabled or missing() is not None or path.suffix.lower() not in OCR_IMAGES:
            return Opened(artifact, info)
        store = OcrStore(path, cache, digest, ocr, artifact.id, read_image_file, origin=Origin(path, stamp))
        return Opened(artifact, info, _ImageText(store))

    def locate(self, citation: Citation, artifact: Artifact, info: ArtifactInfo) -> Resolution:
        label = f"{citation.target_id} cites {artifact.id}"
        issues = []
        if citation.time:
            issues.append(Issue("MC310", Severity.ERROR, f"{label} by time, but it is an image", "remove `time:`",
                                "time"))
        if citation.pages and citation.pages.strip() != "1":
            issues.append(Issue("MC311", Severity.WARNING, f"{label} at pages `{citation.pages}`, but an image has "
                                "no pages", "remove `pages:`", "pages"))
        return Resolution(Located(pages=(1,)), tuple(issues))


class _ImageText:
    """An image's text, as OCR reads it (on demand, once, cached by content): the text of its one page."""

    def __init__(self, ocr: OcrStore) -> None:
        self.ocr = ocr

    def __call__(self, position: int) -> str:
        scanned = self.ocr.page(1) if position == 1 else None
        return scanned.text if scanned is not None else ""

    def every_page(self, count: int) -> tuple[str, ...]:
        return (self(1),)

    def save(self) -> None:
        self.ocr.save()


def _trouble(path: Path) -> Trouble | None:
    suffix = path.suffix.lower()
    try:
        with path.open("rb") as handle:
            head = handle.read(512)
    except OSError as exc:
        return Trouble(Problem.NO_ACCESS, exc.strerror or str(exc))
    if suffix == ".svg":
        if not (b"<svg" in head or head.lstrip().startswith(b"<?xml")):
            return Trouble(Problem.NOT_AN_IMAGE)
    elif not head.startswith(_MAGIC.get(suffix, (b"",))):
        return Trouble(Problem.NOT_AN_IMAGE)
    return _decode_trouble(path)


def _decode_trouble(path: Path) -> Trouble | None:
    """Let the typesetter decode the image now, as the packet will."""
    import typst

    source: bytes = b'#set page(width: auto, height: auto, margin: 0pt)\n#image(sys.inputs.name)'
    try:
        typst.compile(source, root=str(path.parent), sys_inputs={"name": path.name},  # type: ignore[type-var]
                      ignore_system_fonts=True)
    except Exception as exc:  # TypstError and the binding's RuntimeError: both mean the image cannot be shown
        message = getattr(exc, "message", None) or str(exc)
        return Trouble(Problem.UNDECODABLE, message.strip().rstrip("."))
    return None


KIND = _ImageKind()
