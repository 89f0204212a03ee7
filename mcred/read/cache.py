"""mcred's cache in the portfolio's `.mcred/` folder: what it derives from the user's files (extracted page text,
prepared artifact copies), keyed by the content hash of the file it came from.

Safe to delete (`mcred clean`), never handed over, ignored by git (it carries its own .gitignore, as ruff's
and mypy's caches do). A cache that cannot be written is no cache at all: mcred works the same without it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

CACHE_FOLDER = ".mcred"
_VERSION = "1"    # bump when what is cached changes shape or meaning


class Cache:
    def __init__(self, portfolio: Path | None) -> None:
        self.folder = portfolio / CACHE_FOLDER if portfolio is not None else None

    def file_hash(self, path: Path) -> str:
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1024 * 1024), b""):
                digest.update(block)
        return digest.hexdigest()

    def path(self, kind: str, key: str, suffix: str) -> Path | None:
        """Where an entry lives (its folder made), or None when there is no usable cache folder."""
        if self.folder is None or not self._ready():
            return None
        folder = self.folder / kind
        try:
            folder.mkdir(exist_ok=True)
        except OSError:
            return None
        return folder / f"{key}-v{_VERSION}{suffix}"

    def load_json(self, kind: str, key: str) -> dict | None:
        path = self.path(kind, key, ".json")
        if path is None:
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def save_json(self, kind: str, key: str, data: dict) -> None:
        path = self.path(kind, key, ".json")
        if path is not None:
            self.write_atomically(path, json.dumps(data, ensure_ascii=False).encode("utf-8"))

    @staticmethod
    def write_atomically(path: Path, data: bytes) -> None:
        """A temporary file beside the entry, then a rename: a reader never sees half an entry."""
        try:
            handle, name = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(name, path)
        except OSError:
            with contextlib.suppress(OSError, UnboundLocalError):
                os.unlink(name)

    def _ready(self) -> bool:
        assert self.folder is not None
        if self.folder.is_symlink() or (self.folder.exists() and not self.folder.is_dir()):
            return False   # never write through a link that may lead outside the portfolio
        try:
            self.folder.mkdir(exist_ok=True)
            ignore = self.folder / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# mcred's cache: safe to delete (`mcred clean`)\n*\n", encoding="utf-8")
        except OSError:
            return False
        return True


def clean_cache(portfolio: Path) -> str | None:
    """Delete the portfolio's `.mcred/`; say what was removed, or None when there was nothing."""
    folder = portfolio / CACHE_FOLDER
    if folder.is_symlink():
        folder.unlink()
        return f"{folder} (a link; what it pointed to was left alone)"
    if not folder.is_dir():
        return None
    size = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file() and not f.is_symlink())
    shutil.rmtree(folder)
    return f"{folder} ({size / (1024 * 1024):.1f} MB)"
