"""Many portfolios at once: a pool of worker processes, one portfolio a task, the outcomes in the order given.

What a worker does for one portfolio (check it, or check and build it, and render its report) is handed in by
the CLI as a picklable function: this module only runs it, in parallel, and stops cleanly.

Ctrl-C: the workers ignore SIGINT from their start, so only the parent hears it; the parent terminates the pool, and in a worker
SIGTERM raises SystemExit, so a build in flight unwinds through its own `finally` (which removes its temporary
files) and every packet stays as it was. A portfolio that cannot be read, or a bug in one worker, is one
outcome among the others, never the end of the run.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mcred.cohort.rows import Row, bug_row
from mcred.errors import bug_report
from mcred.read import MANIFEST


@dataclass(frozen=True)
class Outcome:
    """One portfolio done: the command's exit code for it, its summary row, its own report and JSON object."""

    folder: str
    exit_code: int
    row: Row
    report: str = ""                                   # as its single command prints it (styled for the terminal)
    document: dict[str, Any] = field(default_factory=dict)   # as its single command prints under --json


Work = Callable[[str], Outcome]


def default_jobs() -> int:
    """As many workers as this process may use cores."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:   # not on Linux
        return os.cpu_count() or 1


def run_all(work: Work, folders: Sequence[str], jobs: int | None = None,
            done: Callable[[Outcome], None] | None = None) -> list[Outcome]:
    """`work` on every folder, `jobs` at a time in worker processes; `done` hears of each as it finishes."""
    jobs = min(jobs or default_jobs(), len(folders))
    if jobs <= 1:
        return [_told(done, _guarded(work, folder)) for folder in folders]
    finished: dict[int, Outcome] = {}
    context = _context()
    # A Ctrl-C while the workers start is noted, and acted on once the pool stands: stopping a pool halfway
    # through its start would leave a worker that is still starting to fail on its own, with a traceback.
    interrupted: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, _frame: interrupted.append(number))
    try:
        pool = context.Pool(processes=jobs, initializer=_worker_signals)
    finally:
        signal.signal(signal.SIGINT, previous)
    try:
        if interrupted:
            raise KeyboardInterrupt
        for index, outcome in pool.imap_unordered(functools.partial(_indexed, work), enumerate(folders)):
            finished[index] = _told(done, outcome)
        pool.close()
    except BaseException:   # Ctrl-C (or anything else) in the parent: stop every worker now
        pool.terminate()
        raise
    finally:
        pool.join()
    return [finished[index] for index in range(len(folders))]


def _context() -> multiprocessing.context.BaseContext:
    """Workers forked from a fresh server process, never from this one: a process that has already typeset (or
    read PDFs) holds native thread pools that a plain fork copies without their threads, and the copy would hang.

    The server is started with SIGINT ignored — for the few milliseconds it takes to start it — and an ignored
    signal stays ignored across exec and in every process it forks: a Ctrl-C reaches this process only, never a
    worker halfway through its imports."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    from multiprocessing import forkserver

    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        forkserver.ensure_running()
    finally:
        signal.signal(signal.SIGINT, previous)
    return multiprocessing.get_context("forkserver")


def _told(done: Callable[[Outcome], None] | None, outcome: Outcome) -> Outcome:
    if done is not None:
        done(outcome)
    return outcome


def _indexed(work: Work, item: tuple[int, str]) -> tuple[int, Outcome]:
    index, folder = item
    return index, _guarded(work, folder)


def _guarded(work: Work, folder: str) -> Outcome:
    """A bug while checking one portfolio is that portfolio's row (exit 3), not the end of the run."""
    try:
        return work(folder)
    except Exception as exc:
        bug = bug_report(exc)
        return Outcome(folder, 3, bug_row(folder, bug.summary), f"error: an unexpected error has occurred "
                       f"({bug.summary}). This is a bug in mcred; please report it.\n",
                       {"summary": {"ready": False, "exit_code": 3}, "findings": [], "error": {"kind": "bug",
                                                                                              **bug.as_dict()}})


def _stop(_signal: int, _frame: object) -> None:
    raise SystemExit(130)


def _worker_signals() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop)


# --- which folders ---------------------------------------------------------------------------------------------

_SKIPPED = {"build", "submissions", "artifacts", "node_modules", "__pycache__"}


def find_portfolios(root: Path) -> list[Path]:
    """Every portfolio under `root` (a folder holding mcred.yaml), in name order; a portfolio's own folders and
    hidden folders are not searched."""
    if (root / MANIFEST).is_file():
        return [root]
    found: list[Path] = []
    for folder in _folders(root):
        if (folder / MANIFEST).is_file():
            found.append(folder)
        else:
            found.extend(find_portfolios(folder))
    return found


def _folders(root: Path) -> Iterator[Path]:
    try:
        children = sorted(root.iterdir())
    except OSError:
        return
    for child in children:
        if child.name.startswith(".") or child.name in _SKIPPED or child.is_symlink():
            continue
        if child.is_dir():
            yield child
