"""Artifact kinds as handlers: one protocol, one registry. A new kind is one module and one line in KINDS.

Each kind knows which files are its own, reads what the packet and check need from a file (pages, labels, a
video's length), extracts a page's text when asked, and resolves a citation's locator against what it read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from mcred.facts import Artifact, ArtifactInfo, ArtifactKind, Citation, Resolution
from mcred.read.artifacts import image, link, pdf, video
from mcred.read.cache import Cache
from mcred.read.files import file_trouble
from mcred.read.ocr import OcrSettings


class PageTexts(Protocol):
    def __call__(self, position: int) -> str: ...


@dataclass
class Opened:
    """What a kind read off an artifact's file, and a way to get the text of one of its pages (read on demand)."""

    artifact: Artifact
    info: ArtifactInfo
    page_text: PageTexts = field(default=lambda position: "")


class Kind(Protocol):
    kind: ArtifactKind
    suffixes: frozenset[str]     # the files it claims; empty for a kind without a file of its own

    def read(self, artifact: Artifact, path: Path, cache: Cache, ocr: OcrSettings) -> Opened: ...

    def locate(self, citation: Citation, artifact: Artifact, info: ArtifactInfo) -> Resolution: ...


KINDS: dict[ArtifactKind, Kind] = {k.kind: k for k in (pdf.KIND, image.KIND, video.KIND, link.KIND)}


def kind_of(file: Path | None, duration: str | None) -> ArtifactKind:
    """Which kind an artifact is: by its file's ending, or (no file) a video when it states a length, else a link."""
    if file is None:
        return ArtifactKind.VIDEO if duration else ArtifactKind.LINK
    suffix = file.suffix.lower()
    return next((k.kind for k in KINDS.values() if suffix in k.suffixes), ArtifactKind.UNSUPPORTED)


def read_artifact(artifact: Artifact, root: Path, cache: Cache, ocr: OcrSettings = OcrSettings(False)) -> Opened:
    """Every artifact goes through the same door: a regular file inside the portfolio, then its kind's reader."""
    kind = KINDS.get(artifact.kind)
    if artifact.file is None:
        return link.KIND.read(artifact, root, cache, ocr)   # no file: what the evidence map states is all there is
    # an Office file converted to PDF: the rule applies to the user's own file; its PDF is mcred's, in .mcred/
    trouble = file_trouble(artifact.converted_from or artifact.file, root)
    if trouble is not None:
        return Opened(artifact, ArtifactInfo(trouble=trouble))
    if kind is None:
        return Opened(artifact, ArtifactInfo(size_bytes=artifact.file.stat().st_size))
    return kind.read(artifact, artifact.file, cache, ocr)


def locate(citation: Citation, artifact: Artifact, info: ArtifactInfo) -> Resolution:
    kind = KINDS.get(artifact.kind)
    if kind is None or not info.readable:
        return Resolution(None)   # the file's own finding says why
    return kind.locate(citation, artifact, info)
