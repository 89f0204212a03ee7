"""Web links and online videos without a local file: what the evidence map states is all there is to read."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from mcred.facts import Artifact, ArtifactInfo, ArtifactKind, Citation, Resolution
from mcred.read.artifacts.video import locate_time, parse_duration
from mcred.read.cache import Cache
from mcred.read.ocr import OcrSettings

if TYPE_CHECKING:
    from mcred.read.artifacts import Opened


class _LinkKind:
    kind = ArtifactKind.LINK
    suffixes: frozenset[str] = frozenset()

    def read(self, artifact: Artifact, path: Path, cache: Cache, ocr: OcrSettings) -> Opened:
        from mcred.read.artifacts import Opened

        return Opened(artifact, ArtifactInfo(duration_seconds=parse_duration(artifact.duration)))

    def locate(self, citation: Citation, artifact: Artifact, info: ArtifactInfo) -> Resolution:
        return locate_time(citation, artifact, info)


KIND = _LinkKind()
