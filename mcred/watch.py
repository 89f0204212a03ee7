"""`mcred build --watch`: rebuild whenever a draft, YAML file or artifact changes, keeping the last good packet.

Every rebuild is a fresh `python -m mcred build DIR` child process, its output passed straight through (check's
summary line, the warnings it overlooks, the files built). A child rather than a loop in this process because
Typst's memo cache lives as long as its process and is never freed: in one process every rebuild adds tens of
MB, so a day of writing would end in gigabytes. A child costs the start-up (about half a second on the examples)
and Typst's cross-build memo, but the parent stays small and the same from rebuild to rebuild. Inside one build
the packet and its part files already share one Typst compiler (mcred.packet.typeset), and artifact text and
prepared copies come from `.mcred/`, so a rebuild repeats little but the typesetting.

A rebuild that fails leaves the previous packet as it was (the build writes only complete files), and watching
goes on. Ctrl-C stops a running build the same way and exits 130.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, TextIO

from mcred.errors import EXIT_INTERRUPTED, UserError

if TYPE_CHECKING:
    from rich.console import Console
    from watchfiles import Change

    Changes = set[tuple[Change, str]]

DEBOUNCE_MS = 1600     # the longest a burst of saves is gathered into one rebuild
QUIET_MS = 100         # a burst ends after this long without a change (an editor's save is several events)
STOP_SECONDS = 10      # how long an interrupted build may take to stop before it is killed

# mcred's own output; and (patterns on a file's name) what editors, office suites and browsers write beside a
# file while saving it.
OWN_FOLDERS = ("build", ".mcred")
TEMPORARY_FILES = (r"^4913$", r"\.tmp$", r"\.temp$", r"^\.~lock\..*#$", r"^~\$", r"\.crdownload$", r"\.part$",
                   r"\.kate-swp$", r"^\.goutputstream-", r"^sed[0-9A-Za-z]{6}$")


class PortfolioFilter:
    """Which changes in the portfolio folder call for a rebuild: any file but mcred's own output (`build/`,
    `.mcred/` at the portfolio's top), version-control folders and editors' temporary files."""

    def __init__(self, root: Path) -> None:
        from watchfiles import DefaultFilter

        self._default = DefaultFilter(ignore_entity_patterns=(*DefaultFilter.ignore_entity_patterns,
                                                              *TEMPORARY_FILES))
        self._own = tuple(str(root / name) for name in OWN_FOLDERS)

    def __call__(self, change: Change, path: str) -> bool:
        if any(path == own or path.startswith(own + os.sep) for own in self._own):
            return False
        return self._default(change, path)


def watch_and_build(folder: Path, options: Sequence[str], console: Console, *, debug: bool = False) -> int:
    """Build now, then again after every change, until Ctrl-C; the exit code is always 130 (interrupted).

    `options` are build's own (`--draft`, `--strict`), passed to every build."""
    root = folder.resolve()
    if not root.is_dir():
        raise UserError.plain(f"{folder} is not a folder, so there is nothing to watch",
                              "name a portfolio folder (one with mcred.yaml)", code="MC101")
    command = [sys.executable, "-m", "mcred", *(["--debug"] if debug else []), "build", str(folder), *options]
    stop = threading.Event()
    changes: queue.Queue[Changes | Exception] = queue.Queue()
    watcher = threading.Thread(target=_watch, args=(root, stop, changes), name="mcred-watch", daemon=True)
    watcher.start()   # before the first build: a save made while it runs is not missed
    # Ctrl-C sets a flag that the loops below poll, rather than raising wherever the main thread happens to be:
    # raised inside a garbage collector's weakref callback, Python reports a KeyboardInterrupt and drops it.
    _CTRL_C.clear()
    previous = signal.signal(signal.SIGINT, lambda _number, _frame: _CTRL_C.set()) if _main_thread() else None
    try:
        _rebuild(command, root, console, "Building", first=True)
        while True:
            if not root.is_dir():
                raise UserError.plain(f"{folder} is gone, so there is nothing more to watch",
                                      "run `mcred build --watch` again on the portfolio folder", code="MC101")
            console.print(f"Watching {folder} for changes (drafts, YAML, artifacts) — Ctrl-C to stop.",
                          style="dim", markup=False, highlight=False, soft_wrap=True)
            changed = _next_changes(changes, folder)
            _rebuild(command, root, console, f"Changed: {_names(changed, root)} — rebuilding")
    except KeyboardInterrupt as interrupt:
        packet = _packet(root)
        shown = packet.relative_to(root) if packet else None
        if isinstance(interrupt, _BuildStopped) and interrupt.wrote:
            said = f"; the build under way had finished: {shown} is up to date"   # Ctrl-C came as it wrote
        elif isinstance(interrupt, _BuildStopped):
            kept = f"; {shown} is the last good packet" if shown else ""
            said = f" and the build under way (it wrote nothing){kept}"
        else:
            said = f"; {shown} is the last good packet" if shown else ""
        console.print(f"Stopped watching{said}.", markup=False, highlight=False, soft_wrap=True)
        return EXIT_INTERRUPTED
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
        stop.set()
        watcher.join(timeout=2)


_CTRL_C = threading.Event()   # set by the SIGINT handler while a watch runs
_POLL_SECONDS = 0.2


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def _felt_ctrl_c() -> None:
    if _CTRL_C.is_set():
        raise KeyboardInterrupt


def _watch(root: Path, stop: threading.Event, changes: queue.Queue[Changes | Exception]) -> None:
    from watchfiles import watch

    try:
        for batch in watch(root, watch_filter=PortfolioFilter(root), debounce=DEBOUNCE_MS, step=QUIET_MS,
                           stop_event=stop, raise_interrupt=False):
            changes.put(batch)
    except Exception as exc:  # the folder removed, too many files for the OS to watch: said, not hung on
        changes.put(exc)


def _next_changes(changes: queue.Queue[Changes | Exception], folder: Path) -> Changes:
    """The next batch of changes, with any that came in meanwhile (saves made during a build): one rebuild."""
    batches: list[Changes | Exception] = []
    while not batches:
        try:
            batches.append(changes.get(timeout=_POLL_SECONDS))   # a timeout, so Ctrl-C is felt at once
        except queue.Empty:
            _felt_ctrl_c()
            continue
    while not changes.empty():
        batches.append(changes.get_nowait())
    changed: Changes = set()
    for batch in batches:
        if isinstance(batch, Exception):
            raise UserError.plain(f"watching {folder} stopped: {batch}".rstrip(": "),
                                  "check that the folder is still there, then run `mcred build --watch` again")
        changed |= batch
    return changed


def _rebuild(command: list[str], root: Path, console: Console, what: str, *, first: bool = False) -> bool:
    say = functools.partial(console.print, markup=False, highlight=False, soft_wrap=True)
    say(f"[{dt.datetime.now():%H:%M:%S}] {what}…", style="bold")
    started = time.perf_counter()
    before = _written(root)
    build = _Build(command, console)
    try:
        code = build.wait()
    except KeyboardInterrupt:
        build.stop()
        raise _BuildStopped(wrote=_written(root) != before) from None
    seconds = time.perf_counter() - started
    if code == 0:
        say(f"{'Built' if first else 'Rebuilt'} in {seconds:.1f} s.", style="green")
        return True
    packet = _packet(root)
    kept = f"{packet.relative_to(root)} is the last good packet" if packet else "there is no packet yet"
    say(f"The rebuild failed (exit {code}, after {seconds:.1f} s): {kept}. Fix what is shown above and save again.",
        style="red")
    return False


class _BuildStopped(KeyboardInterrupt):
    """Ctrl-C while a build was running: it stops before it writes, unless it was already writing."""

    def __init__(self, *, wrote: bool) -> None:
        super().__init__()
        self.wrote = wrote


class _Build:
    """One `mcred build` child, its stdout and stderr relayed to ours as they come.

    Relayed rather than inherited so that a build stopped by Ctrl-C says nothing more: interrupted while Python
    is still starting, it would print a traceback. The child runs in its own session, so Ctrl-C at the terminal
    reaches this process only, which stops the build exactly once. It is told to colour and wrap as our
    terminal would (rich reads FORCE_COLOR and COLUMNS)."""

    def __init__(self, command: list[str], console: Console) -> None:
        env = dict(os.environ)
        if console.is_terminal and not console.no_color:
            env.setdefault("FORCE_COLOR", "1")
        env.setdefault("COLUMNS", str(console.width))
        self._muted = threading.Event()
        self._child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                                       start_new_session=True)
        self._relays = [threading.Thread(target=self._relay, args=(source, target), daemon=True)
                        for source, target in ((self._child.stdout, sys.stdout), (self._child.stderr, sys.stderr))]
        for relay in self._relays:
            relay.start()

    def wait(self) -> int:
        while True:
            try:
                code = self._child.wait(timeout=_POLL_SECONDS)
                break
            except subprocess.TimeoutExpired:
                _felt_ctrl_c()
        for relay in self._relays:
            relay.join()
        return code

    def stop(self) -> None:
        """Interrupt the build as Ctrl-C would (it then writes nothing), and kill it if it does not stop."""
        self._muted.set()
        try:
            if os.name == "posix":
                self._child.send_signal(signal.SIGINT)
            else:
                self._child.terminate()
            self._child.wait(timeout=STOP_SECONDS)
        except (subprocess.TimeoutExpired, KeyboardInterrupt):
            self._child.kill()
            self._child.wait()

    def _relay(self, source: IO[bytes] | None, target: TextIO) -> None:
        assert source is not None
        sink = getattr(target, "buffer", None)
        for chunk in iter(lambda: source.read1(65536), b""):  # type: ignore[attr-defined]
            if self._muted.is_set():
                continue
            if sink is not None:
                target.flush()
                sink.write(chunk)
                sink.flush()
            else:
                target.write(chunk.decode("utf-8", errors="replace"))
                target.flush()


def _packet(root: Path) -> Path | None:
    """The packet in build/ (its name holds the credential id, which only the build reads)."""
    packets = sorted((root / "build").glob("*-packet.pdf"))
    return packets[-1] if packets else None


def _written(root: Path) -> int | None:
    """When the packet was last written (None: there is none), to tell whether a stopped build had written it."""
    packet = _packet(root)
    try:
        return packet.stat().st_mtime_ns if packet else None
    except OSError:
        return None


def _names(changed: Changes, root: Path) -> str:
    paths = {path for _, path in changed}
    present = {path for path in paths if os.path.exists(path)}   # a file saved, not the temporary one it replaced
    names = sorted(os.path.relpath(path, root) for path in (present or paths))
    return ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")

