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
from mcred.read.cache import Cache, file_stamp

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

    def read(self, artifact: Artifact, path: Path, cache: Cache) -> Opened:
        from mcred.read.artifacts import Opened

        stamp = file_stamp(path)   # the packet embeds the file itself: a change before it is written is caught
        size = path.stat().st_size
        trouble = _trouble(path)
        digest = cache.file_hash(path) if trouble is None else None
        return Opened(artifact, ArtifactInfo(size_bytes=size, page_count=1, trouble=trouble, content_hash=digest,
                                             stamp=stamp))

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
