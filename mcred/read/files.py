"""The one rule for every path mcred reads: a regular file, inside the portfolio folder, of a sane size.

A FIFO or a device would block or never end (`/dev/zero`), a symbolic link may lead anywhere, and a runaway file
would exhaust memory: each becomes a `Trouble` the caller words as a finding, never a hang or a traceback.
"""

from __future__ import annotations

import stat
from pathlib import Path

from mcred.facts import Problem, Trouble

MAX_TEXT_BYTES = 2 * 1024 * 1024      # YAML and Markdown: a 1,000-word draft is 7 KB; 2 MB is no draft at all


class TroubleError(Exception):
    """Raised inside the read stage only, and caught there: the file could not be used, and why."""

    def __init__(self, trouble: Trouble):
        super().__init__(trouble.says())
        self.trouble = trouble


def inside(path: Path, root: Path) -> bool:
    """Whether `path`, links followed, lies within `root` (itself resolved): the portfolio's own files only."""
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def file_trouble(path: Path, root: Path | None = None) -> Trouble | None:
    """Why `path` cannot be read as a file (None when it can): missing, a folder, a pipe or device, outside."""
    try:
        if root is not None and not inside(path, root):
            return Trouble(Problem.OUTSIDE)
        mode = path.stat().st_mode
    except FileNotFoundError:
        return Trouble(Problem.MISSING)
    except (OSError, RuntimeError) as exc:   # a loop of links, a name too long, a folder that cannot be listed
        return Trouble(Problem.NO_ACCESS, getattr(exc, "strerror", None) or str(exc))
    if stat.S_ISDIR(mode):
        return Trouble(Problem.FOLDER)
    if not stat.S_ISREG(mode):
        return Trouble(Problem.NOT_REGULAR)
    return None


def read_bytes(path: Path, root: Path | None = None, limit: int = MAX_TEXT_BYTES) -> bytes:
    """A regular file's bytes, at most `limit` of them; raises TroubleError otherwise."""
    trouble = file_trouble(path, root)
    if trouble is not None:
        raise TroubleError(trouble)
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise TroubleError(Trouble(Problem.NO_ACCESS, exc.strerror or str(exc))) from None
    if len(data) > limit:
        raise TroubleError(Trouble(Problem.TOO_LARGE, f"over {limit // (1024 * 1024)} MB"))
    return data


def read_text(path: Path, root: Path | None = None, limit: int = MAX_TEXT_BYTES) -> str:
    """A regular file's text, UTF-8 (a byte-order mark is allowed); raises TroubleError otherwise."""
    data = read_bytes(path, root, limit)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise TroubleError(Trouble(Problem.NOT_UTF8, f"byte {exc.start + 1}, line {line}", line)) from None
