"""Links into a video that open it at the cited moment, where the host understands how to say so."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from mcred.facts import TimeSpan, format_seconds

_YOUTUBE = re.compile(r"(^|\.)(youtube\.com|youtube-nocookie\.com|youtu\.be)$")
_VIMEO = re.compile(r"(^|\.)vimeo\.com$")
# A browser plays these itself and honours a media fragment (#t=130): the W3C Media Fragments URI.
_MEDIA_FILES = frozenset({".mp4", ".m4v", ".webm", ".ogv", ".ogg", ".mov", ".mp3", ".m4a", ".oga", ".wav"})


@dataclass(frozen=True)
class Moment:
    url: str          # the address, opening at the moment where it can
    text: str         # what the link says: the span, and where to start if the address cannot say it


def at_time(url: str, seconds: int) -> tuple[str, bool]:
    """The video's address opening at `seconds`, and whether it does (False: the host has no way to say so)."""
    if not url:
        return "", False
    parts = urlsplit(url)
    host = parts.hostname or ""
    if _YOUTUBE.search(host):
        query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "t"] + [("t", f"{seconds}s")]
        return urlunsplit(parts._replace(query=urlencode(query))), True
    if _VIMEO.search(host):
        return urlunsplit(parts._replace(fragment=f"t={seconds}s")), True
    if PurePosixPath(parts.path).suffix.lower() in _MEDIA_FILES:
        return urlunsplit(parts._replace(fragment=f"t={seconds}")), True
    return url, False


def moment(url: str, span: TimeSpan) -> Moment:
    address, opens_there = at_time(url, span.start)
    shown = span.display()
    if address and not opens_there:
        start = f"start at {format_seconds(span.start)}"
        shown = f"{shown} · {start}" if span.end is not None else start
    return Moment(address, shown)
