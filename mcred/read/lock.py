"""One mcred command at a time on a portfolio: `check`, `build`, `find` and `clean` hold `.mcred/lock` while
they run, so two of them (two builds, a build and `--watch`'s rebuild, a check and a build) never write the
same cache entry or packet at once. The second waits, saying for whom, up to WAIT_SECONDS, then exits 2.

The lock is the operating system's (flock on Linux and macOS, a locked byte on Windows) on an open file: it goes
with the process that holds it, however that process ends, so a lock left by a killed mcred is no lock at all —
the file stays, naming who held it last, and the next command takes it at once. `build --watch` itself holds
nothing between rebuilds: each rebuild is a `mcred build` of its own, which takes the lock like any other.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import os
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from mcred.errors import UserError
from mcred.read.cache import CACHE_FOLDER, TEMPORARY_PREFIXES, Cache

if TYPE_CHECKING:
    from rich.console import Console
    from rich.status import Status

LOCK_FILE = "lock"
WAIT_SECONDS = 300.0    # longer than a build of thousands of pages takes; a command waiting longer is told why
POLL_SECONDS = 0.2
_FAR = 1 << 30          # Windows: the byte locked, far past what the file says (a locked byte cannot be read)


@contextlib.contextmanager
def portfolio_lock(folder: Path, command: str, console: Console | None = None, *, make: bool = True) -> Iterator[None]:
    """Hold the portfolio's lock while the body runs (waiting for another command that holds it, with a
    message on `console`). Nothing is locked where there is no portfolio (no mcred.yaml: the command reports
    that itself, and mcred writes nothing there), no cache folder can be used (a link, a read-only folder:
    nothing is written there either), or there is none and `make` is false (`mcred clean`: nothing to remove)."""
    root = Path(folder)
    path = root / CACHE_FOLDER / LOCK_FILE
    wanted = (root / "mcred.yaml").is_file() and (make or path.parent.is_dir())
    handle = _open(root, path) if wanted else None
    if handle is None:
        yield
        return
    handle = _acquire(handle, path, command, console)   # closed by it when it raises
    sweep(path.parent)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.ftruncate(handle, 0)
        _unlock(handle)
        os.close(handle)


def sweep(cache: Path) -> None:
    """Remove what a killed mcred left half-written in the cache (temporary files and folders beside entries):
    with the lock held, no other mcred is writing any."""
    try:
        folders = [cache, *(kind for kind in cache.iterdir() if kind.is_dir() and not kind.is_symlink())]
        for folder in folders:
            for left in folder.iterdir():
                if not left.name.startswith(TEMPORARY_PREFIXES):
                    continue
                if left.is_dir() and not left.is_symlink():
                    shutil.rmtree(left, ignore_errors=True)
                else:
                    left.unlink()
    except OSError:
        pass   # left for the next command: it is never read as an entry


def _open(root: Path, path: Path) -> int | None:
    if not Cache(root).usable():
        return None
    for _attempt in range(2):
        try:
            return os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0),
                           0o644)
        except OSError as exc:
            if exc.errno != errno.ELOOP:
                return None
            with contextlib.suppress(OSError):
                path.unlink()   # a link where the lock file goes: removed, never followed
    return None


def _acquire(handle: int, path: Path, command: str, console: Console | None) -> int:
    """The lock taken on `handle` (or on a fresh handle, when the file was replaced meanwhile: `mcred clean`
    removes it); the holder's details written in it. Raises UserError after WAIT_SECONDS."""
    deadline = time.monotonic() + WAIT_SECONDS
    told = False
    status: Status | None = None
    try:
        while True:
            if _try_lock(handle):
                if _same_file(handle, path):
                    break
                _unlock(handle)
                os.close(handle)
                reopened = _open(path.parent.parent, path)
                if reopened is None:
                    raise UserError.plain(f"Could not make the lock file {path}.",
                                          "Check that the portfolio folder is writable, then run the command again.")
                handle = reopened
                continue
            holder = _holder(path)
            if not told and console is not None:
                told = True
                said = (f"Waiting for another mcred on this portfolio ({holder}) to finish… (Ctrl-C to stop; "
                        f"up to {WAIT_SECONDS:.0f} s)")
                if console.is_terminal:
                    status = console.status(said)
                    status.start()
                else:
                    console.print(said, markup=False, highlight=False, soft_wrap=True)
            if time.monotonic() > deadline:
                raise UserError.plain(
                    f"Another mcred ({holder}) has been using this portfolio for more than {WAIT_SECONDS:.0f} s: "
                    "two commands writing one packet or cache at once could mix them.",
                    "Wait for it to finish, or stop it (a `mcred build --watch` in another window rebuilds when a "
                    "file changes), then run this again.")
            time.sleep(POLL_SECONDS)
    except BaseException:
        os.close(handle)
        raise
    finally:
        if status is not None:
            status.stop()
    holding = {"pid": os.getpid(), "command": command,
               "since": dt.datetime.now().astimezone().isoformat(timespec="seconds")}
    with contextlib.suppress(OSError):
        os.ftruncate(handle, 0)
        os.lseek(handle, 0, os.SEEK_SET)
        os.write(handle, json.dumps(holding).encode("utf-8"))
    return handle


def _holder(path: Path) -> str:
    """Who holds the lock, as its file says: "`mcred build`, pid 1234, since 15:02:11"."""
    try:
        with path.open("rb") as stream:
            data = json.loads(stream.read(4096).decode("utf-8"))
        since = dt.datetime.fromisoformat(str(data["since"]))
        return f"`{data['command']}`, pid {int(data['pid'])}, since {since:%H:%M:%S}"
    except (OSError, ValueError, KeyError, TypeError):
        return "a command just starting"


def _same_file(handle: int, path: Path) -> bool:
    try:
        mine, there = os.fstat(handle), os.stat(path, follow_symlinks=False)
    except OSError:
        return False
    return (mine.st_dev, mine.st_ino) == (there.st_dev, there.st_ino)


if sys.platform == "win32":
    import msvcrt

    def _try_lock(handle: int) -> bool:
        os.lseek(handle, _FAR, os.SEEK_SET)
        try:
            msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(handle: int) -> None:
        with contextlib.suppress(OSError):
            os.lseek(handle, _FAR, os.SEEK_SET)
            msvcrt.locking(handle, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(handle: int) -> bool:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            # Held by another; any other error is a file system without locks: mcred goes on without one.
            return exc.errno not in (errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES)
        return True

    def _unlock(handle: int) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(handle, fcntl.LOCK_UN)
