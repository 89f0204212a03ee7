"""mcred's cache in the portfolio's `.mcred/` folder: what it derives from the user's files (page text, each
PDF's inspection, what OCR read, where quotes stand, Office files converted to PDF, prepared and redacted copies,
chunks), by the content hash of its source.

One helper for every kind: `Cache(root).entry(kind, source, derived_by=…, version=…)` names one entry, kept as a
JSON payload (`read_json`/`write_json`) or as files in a folder of their own (`read_files`/`write_files`).
Each entry says what it was derived from — the source's content hash, what derived it and that one's version,
mcred's version, the cache's format — and carries a sha256 of its payload (and of each of its files). Read back,
an entry that says anything else, fails its checksum, is cut short, is a link or is not what it should be (a
folder for a file) is a miss: derived again and rewritten, never trusted. So the cache can make mcred faster,
never change a verdict or a packet.

Every write goes to a temporary name beside the entry and is renamed into place whole; a link where an entry or
a kind's folder should be is replaced, never followed. Safe to delete (`mcred clean`), never handed over, ignored
by git (it carries its own .gitignore, as ruff's and mypy's caches do). A cache that cannot be written is no
cache at all: mcred works the same without it (prepared copies, which the packet needs, say why they cannot be
made).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mcred import __version__

CACHE_FOLDER = ".mcred"
FORMAT = "2"          # how an entry is laid out: bump when that changes (an entry of another format is a miss)
TEMPORARY_PREFIXES = (".tmp-", ".old-")   # what is written beside an entry before it is renamed into place
_MANIFEST = "entry.json"   # in a folder entry: what it was derived from, its payload and its files' checksums
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_BLOCK = 1 << 20
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)

Stamp = tuple[int, int, int, int]   # a file's size, modification and change times, inode: cheap to compare


class SourceChanged(Exception):
    """The file an entry is derived from changed while it was being derived: nothing was kept."""


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def file_stamp(path: Path) -> Stamp | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino


def unchanged(path: Path, stamp: Stamp | None, digest: str | None) -> bool:
    """Whether the file still holds what it held when `stamp` and `digest` were taken: the same stamp, or
    (touched, copied back) the same bytes."""
    if stamp is not None and file_stamp(path) == stamp:
        return True
    if digest is None:
        return False
    try:
        return file_hash(path) == digest
    except OSError:
        return False


@dataclass(frozen=True)
class Origin:
    """The user's file an entry is derived from, as it was when its content hash was taken: an entry is kept
    only if the file still is that (a file saved mid-derivation would leave an entry under the wrong hash)."""

    path: Path
    stamp: Stamp | None

    def still(self) -> bool:
        return self.stamp is not None and file_stamp(self.path) == self.stamp


class Cache:
    def __init__(self, portfolio: Path | None) -> None:
        self.folder = portfolio / CACHE_FOLDER if portfolio is not None else None

    def file_hash(self, path: Path) -> str:
        return file_hash(path)

    def entry(self, kind: str, source: str, *, derived_by: str, version: str, origin: Origin | None = None) -> Entry:
        """The entry of `kind` derived from content `source` (a sha256) by `derived_by` at `version`."""
        for name in (kind, source, derived_by):
            if not _NAME.fullmatch(name):
                raise ValueError(f"not a cache name: {name!r}")
        return Entry(self, kind, source, derived_by, version, origin)

    def kind_folder(self, kind: str) -> Path | None:
        """`.mcred/<kind>/`, made, a real folder (a link there is removed, never followed); None when there is
        no usable cache."""
        if self.folder is None or not self._ready():
            return None
        folder = self.folder / kind
        try:
            if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
                folder.unlink()
            folder.mkdir(exist_ok=True)
        except OSError:
            return None
        return folder

    def usable(self) -> bool:
        return self.folder is not None and self._ready()

    def _ready(self) -> bool:
        assert self.folder is not None
        if self.folder.is_symlink() or (self.folder.exists() and not self.folder.is_dir()):
            return False   # never write through a link that may lead outside the portfolio
        try:
            self.folder.mkdir(exist_ok=True)
            ignore = self.folder / ".gitignore"
            if not _is_real_file(ignore):   # written beside, then renamed: a link there is replaced, not followed
                _write_file(ignore, b"# mcred's cache: safe to delete (`mcred clean`)\n*\n")
        except OSError:
            return False
        return True


@dataclass(frozen=True)
class Entry:
    cache: Cache
    kind: str
    source: str
    derived_by: str
    version: str
    origin: Origin | None = None

    @property
    def name(self) -> str:
        return f"{self.source}-{self.derived_by}"

    def said(self) -> dict[str, str]:
        """What the entry must say it was derived from, or it is a miss."""
        return {"format": FORMAT, "mcred": __version__, "kind": self.kind, "source": self.source,
                "derived_by": self.derived_by, "version": self.version}

    # --- a JSON payload ------------------------------------------------------------------------------------

    def read_json(self) -> dict[str, Any] | None:
        """The payload, verified; None on any miss."""
        folder = self.cache.kind_folder(self.kind)
        if folder is None:
            return None
        body = _body(_read_document(folder / f"{self.name}.json"), self.said(), "payload")
        payload = body["payload"] if body is not None else None
        return payload if isinstance(payload, dict) else None

    def write_json(self, payload: dict[str, Any]) -> None:
        """Kept whole or not at all; not when there is no usable cache or the source changed meanwhile."""
        folder = self.cache.kind_folder(self.kind)
        if folder is None or (self.origin is not None and not self.origin.still()):
            return
        try:
            data = _document(self.said(), {"payload": payload})
        except (TypeError, ValueError):
            return
        _write_file(folder / f"{self.name}.json", data)

    # --- files in a folder of their own --------------------------------------------------------------------

    def read_files(self) -> tuple[Path, dict[str, Any]] | None:
        """The entry's folder and its payload, every file in it verified; None on any miss."""
        folder = self.cache.kind_folder(self.kind)
        if folder is None:
            return None
        target = folder / self.name
        if not _is_real_folder(target):
            return None
        body = _body(_read_document(target / _MANIFEST), self.said(), "payload", "files")
        if body is None or not isinstance(body["payload"], dict) or not isinstance(body["files"], dict):
            return None
        payload, files = body["payload"], body["files"]
        for name, digest in files.items():
            if not _NAME.fullmatch(name) or name == _MANIFEST or not _is_real_file(target / name):
                return None
            try:
                if file_hash(target / name) != digest:
                    return None
            except OSError:
                return None
        return target, payload

    def write_files(self, make: Callable[[Path], dict[str, Any]]) -> tuple[Path, dict[str, Any]]:
        """`make` writes the files into an empty folder and returns the payload; the folder is moved into place
        whole. Raises OSError when there is no usable cache or it cannot be written, SourceChanged when the
        source changed while it was derived; what `make` raises passes through (nothing is left behind)."""
        folder = self.cache.kind_folder(self.kind)
        if folder is None:
            where = self.cache.folder
            raise OSError(f"{where} is not a folder mcred can write in" if where else "there is no cache")
        target = folder / self.name
        temporary = Path(tempfile.mkdtemp(dir=folder, prefix=".tmp-"))
        try:
            payload = make(temporary)
            files = {}
            for path in sorted(temporary.iterdir()):
                if not _NAME.fullmatch(path.name) or path.name == _MANIFEST or not _is_real_file(path):
                    raise OSError(f"{path.name} is not a file a cache entry may hold")
                files[path.name] = file_hash(path)
            if self.origin is not None and not self.origin.still():
                raise SourceChanged(str(self.origin.path))
            (temporary / _MANIFEST).write_bytes(_document(self.said(), {"payload": payload, "files": files}))
            _replace_folder(temporary, target)
        finally:
            shutil.rmtree(temporary, ignore_errors=True)
        return target, payload


def _checksum(value: Any) -> str:
    return hashlib.sha256(_canonical(value)).hexdigest()


def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


def _document(said: dict[str, str], body: dict[str, Any]) -> bytes:
    """An entry's file: what it says it was derived from, the checksum of its body, the body."""
    return json.dumps({"entry": said, "checksum": _checksum(body), **body}, ensure_ascii=False,
                      allow_nan=False).encode("utf-8")


def _body(document: dict[str, Any] | None, said: dict[str, str], *fields: str) -> dict[str, Any] | None:
    """The document's fields, if it says what it should and its checksum matches them; None otherwise."""
    if document is None or document.get("entry") != said:
        return None
    body = {name: document.get(name) for name in fields}
    try:
        return body if document.get("checksum") == _checksum(body) else None
    except (TypeError, ValueError):
        return None


def _read_document(path: Path) -> dict[str, Any] | None:
    """A JSON object from a regular file (never through a link); None when it is anything else."""
    try:
        handle = os.open(path, os.O_RDONLY | _NOFOLLOW)
    except OSError:
        return None
    try:
        with os.fdopen(handle, "rb") as stream:
            if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                return None
            data = json.loads(stream.read().decode("utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def _is_real_file(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except OSError:
        return False


def _is_real_folder(path: Path) -> bool:
    try:
        return stat.S_ISDIR(path.lstat().st_mode)
    except OSError:
        return False


def _write_file(path: Path, data: bytes) -> None:
    """A temporary file beside the entry, then a rename (which replaces a link, never follows it): a reader
    never sees half an entry."""
    name = None
    try:
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(name, 0o644)   # mkstemp's are private; the cache is the portfolio's, as readable as its files
        if _is_real_folder(path):
            shutil.rmtree(path)
        os.replace(name, path)
    except OSError:
        if name is not None:
            with contextlib.suppress(OSError):
                os.unlink(name)


def _replace_folder(made: Path, target: Path) -> None:
    """`made` moved to `target`; what was there (a stale entry, a file, a link: never followed) goes."""
    if os.path.lexists(target):
        if _is_real_folder(target):
            old = Path(tempfile.mkdtemp(dir=target.parent, prefix=".old-"))
            os.replace(target, old / "entry")
            shutil.rmtree(old, ignore_errors=True)
        else:
            target.unlink()
    os.replace(made, target)


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
