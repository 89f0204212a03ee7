"""Video artifacts: a local MP4/MOV/M4V file's length (from its movie header), and time-stamp citations."""

from __future__ import annotations

import struct
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from mcred.facts import (
    Artifact,
    ArtifactInfo,
    ArtifactKind,
    Citation,
    Issue,
    Located,
    Resolution,
    Severity,
    format_seconds,
)
from mcred.read.cache import Cache
from mcred.read.locators import LocatorError, parse_times, parse_timestamp
from mcred.read.ocr import OcrSettings

if TYPE_CHECKING:
    from mcred.read.artifacts import Opened


class _VideoKind:
    kind = ArtifactKind.VIDEO
    suffixes = frozenset({".mp4", ".mov", ".m4v"})

    def read(self, artifact: Artifact, path: Path, cache: Cache, ocr: OcrSettings) -> Opened:
        from mcred.read.artifacts import Opened

        seconds = mp4_duration(path)
        if seconds is None:
            seconds = parse_duration(artifact.duration)
        return Opened(artifact, ArtifactInfo(size_bytes=path.stat().st_size, duration_seconds=seconds))

    def locate(self, citation: Citation, artifact: Artifact, info: ArtifactInfo) -> Resolution:
        return locate_time(citation, artifact, info)


def locate_time(citation: Citation, artifact: Artifact, info: ArtifactInfo) -> Resolution:
    """A time-stamp citation of a video or web link, checked against the video's length where it is known."""
    label = f"{citation.target_id} cites {artifact.id}"
    if citation.pages:
        return Resolution(None, (Issue("MC310", Severity.ERROR, f"{label} by page, but it is a video or web link",
                                       'cite `time: "12:30-14:05"` instead', "pages"),))
    if not citation.time:
        if artifact.kind is ArtifactKind.VIDEO:
            return Resolution(None, (Issue("MC309", Severity.ERROR, f"{label} without a time stamp",
                                           'add `time: "12:30-14:05"` so the assessor finds the moment'),))
        return Resolution(Located())
    try:
        spans = parse_times(citation.time)
    except LocatorError as exc:
        return Resolution(None, (Issue("MC323", Severity.ERROR, f"{label}: {exc}", exc.fix, "time"),))
    duration = info.duration_seconds
    if duration is not None:
        for span in spans:
            last = span.end if span.end is not None else span.start
            if last > duration:
                return Resolution(None, (Issue("MC324", Severity.ERROR, f"{label} at {span.display()}, past the "
                                               f"video's end ({format_seconds(duration)})",
                                               "check the time stamp against the video", "time"),))
    return Resolution(Located(times=tuple(spans)))


def parse_duration(text: str | None) -> float | None:
    """`18:42` or `1:02:03` as seconds; None when absent or malformed (check reports malformed ones)."""
    if not text:
        return None
    try:
        return float(parse_timestamp(text))
    except ValueError:
        return None


def mp4_duration(path: Path) -> float | None:
    """A MP4/MOV/M4V file's duration from its movie header (`moov/mvhd`), without a video library.

    None when unknown — including a header that says 0, as fragmented MP4s do (their length is elsewhere)."""
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
            if not timescale or not duration or duration == 0xFFFFFFFF or duration == 0xFFFFFFFFFFFFFFFF:
                return None
            return duration / timescale
    except (OSError, struct.error, IndexError):
        return None


def _find_box(handle: BinaryIO, name: bytes, end: int) -> int | None:
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


KIND = _VideoKind()
