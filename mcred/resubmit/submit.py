"""`mcred submit`: record what was handed in as submissions/<n>/ — the packet, its parts, the submission sheet,
the drafts and YAML files as they were (sources/), and manifest.yaml with every input's content hash.

Only an up-to-date, non-draft packet is recorded: build/mcred-build.json says what the packet was made from, and
every input is hashed again to compare. An attempt is written whole (staged in a hidden folder, then renamed) and
never overwritten; submissions/ is the user's, and nothing in mcred deletes it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from mcred import __version__
from mcred.errors import UserError
from mcred.read.changes import input_key
from mcred.read.files import inside
from mcred.read.manifest import load_portfolio
from mcred.read.submissions import (
    ATTEMPT_MANIFEST,
    SOURCES,
    SUBMISSIONS,
    attempt_numbers,
    file_hash,
    input_hashes,
    read_attempts,
    read_build_stamp,
    source_files,
)

FILES_SHOWN = 6   # a refusal names this many changed files, and counts the rest


@dataclass(frozen=True)
class Refusal:
    """Why the packet in build/ cannot be recorded as a submission (exit 1), and what to do."""

    message: str
    fix: str


@dataclass(frozen=True)
class Submitted:
    attempt: int
    folder: Path
    files: list[Path] = field(default_factory=list)     # what was recorded, from the attempt's folder
    inputs: int = 0


def submit(folder: Path, today: dt.date | None = None) -> Submitted | Refusal:
    """Record the packet in build/ as the next attempt, or say why not."""
    loaded = load_portfolio(folder)
    if loaded.portfolio is None or any(f.unreadable for f in loaded.findings):
        raise UserError(loaded.findings)
    portfolio = loaded.portfolio
    root = portfolio.root
    build_dir = portfolio.build_dir
    stamp = read_build_stamp(build_dir)
    if stamp is None and any(build_dir.glob("*-packet.pdf")):
        return Refusal("build/ holds a packet but no record of what it was made from (build/mcred-build.json), so "
                       "whether it is up to date cannot be told", "run `mcred build`, then `mcred submit`")
    if stamp is None or not (build_dir / stamp.packet).is_file():
        return Refusal("there is no packet to submit: build/ holds no packet mcred built",
                       "run `mcred build`, then `mcred submit`")
    packet = build_dir / stamp.packet
    if file_hash(packet) != stamp.packet_hash:
        return Refusal(f"build/{stamp.packet} is not the packet the last build made (it was replaced or changed)",
                       "run `mcred build` again, then `mcred submit`")
    if stamp.draft:
        return Refusal(f"build/{stamp.packet} is a draft (built with --draft): every page says DRAFT",
                       "fix what `mcred check` finds, run `mcred build` without --draft, then `mcred submit`")
    changed = _changed(stamp.inputs, input_hashes(portfolio))
    if changed:
        shown = ", ".join(changed[:FILES_SHOWN]) + (f" and {len(changed) - FILES_SHOWN} more"
                                                    if len(changed) > FILES_SHOWN else "")
        return Refusal(f"build/{stamp.packet} is out of date: {shown} changed since it was built",
                       "run `mcred build` (and `mcred check`), then `mcred submit`")
    attempts = read_attempts(root)
    last = attempts[-1] if attempts else None
    if last is not None and last.packet_hash == stamp.packet_hash:
        return Refusal(f"build/{stamp.packet} is already recorded as submission {last.number}",
                       "after you revise the portfolio, run `mcred build`, then `mcred submit` again")
    if stamp.since != (last.number if last else 0):
        return Refusal(f"build/{stamp.packet} was built before submission {last.number if last else 0} was recorded: "
                       "its changes are not counted from the last submission",
                       "run `mcred build` again, then `mcred submit`")
    return _record(portfolio.root, build_dir, stamp.packet, stamp.parts, stamp.packet_hash, stamp.inputs,
                   source_files(portfolio), portfolio.credential.id, today)


def _changed(then: Mapping[str, str], now: Mapping[str, str]) -> list[str]:
    """The inputs that differ, each as the user would say it: `overview.md`, `feedback.yaml (new)`."""
    return [k + (" (new)" if k not in then else " (gone)" if k not in now else "")
            for k in sorted(then.keys() | now.keys()) if then.get(k) != now.get(k)]


def _record(root: Path, build_dir: Path, packet: str, parts: tuple[str, ...], packet_hash: str,
            inputs: Mapping[str, str], sources: list[Path], credential_id: str, today: dt.date | None) -> Submitted:
    submissions = root / SUBMISSIONS
    if (submissions.is_symlink() or submissions.exists()) and not (submissions.is_dir() and inside(submissions, root)):
        raise UserError.plain(f"{submissions} is not a folder inside the portfolio (a file, or a link leading "
                              "outside): mcred records each submission there",
                              f"move {submissions} aside, then `mcred submit` again")
    numbers = attempt_numbers(root)
    number = (numbers[-1] if numbers else 0) + 1
    final = submissions / str(number)
    try:
        submissions.mkdir(exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=submissions, prefix=f".attempt-{number}-"))
    except OSError as exc:
        raise UserError.plain(f"Could not write in {submissions}: {exc.strerror or exc}.",
                              f"Make sure {submissions} is a folder you can write to.") from None
    try:
        recorded = [Path(packet)]
        shutil.copyfile(build_dir / packet, staging / packet)
        for part in parts:
            if (build_dir / part).is_file():
                (staging / part).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(build_dir / part, staging / part)
                recorded.append(Path(part))
        if (build_dir / "submission.html").is_file():
            shutil.copyfile(build_dir / "submission.html", staging / "submission.html")
            recorded.append(Path("submission.html"))
        for source in sources:
            relative = Path(input_key(source, root))
            (staging / SOURCES / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, staging / SOURCES / relative)
        recorded.append(Path(SOURCES))
        (staging / ATTEMPT_MANIFEST).write_text(_manifest(number, credential_id, packet, packet_hash, inputs, today),
                                                encoding="utf-8")
        recorded.append(Path(ATTEMPT_MANIFEST))
        os.chmod(staging, 0o777 & ~_umask())   # mkdtemp makes it private; a submission is the user's like any folder
        if final.exists() or final.is_symlink():   # never replace an attempt (rename would take an empty folder's place)
            raise UserError.plain(f"{final} already exists: mcred never overwrites a submission",
                                  "leave it as it is and `mcred submit` again (it takes the next number)")
        os.rename(staging, final)
    except OSError as exc:
        raise UserError.plain(f"Could not record the submission in {final}: {exc.strerror or exc}.",
                              "Check the disk has room and you may write there, then `mcred submit` again.") from None
    finally:
        if staging.exists():
            with contextlib.suppress(OSError):
                shutil.rmtree(staging)
    return Submitted(number, final, recorded, len(inputs))


def _manifest(number: int, credential_id: str, packet: str, packet_hash: str, inputs: Mapping[str, str],
              today: dt.date | None) -> str:
    date = today or _today()
    data = {"attempt": number, "date": date.isoformat(), "mcred": __version__, "credential": credential_id,
            "packet": packet, "packet_sha256": packet_hash, "inputs": dict(sorted(inputs.items()))}
    head = (f"# Submission {number}, recorded by `mcred submit`. mcred never changes or deletes it.\n"
            "# inputs: the sha256 of every file the packet was made from (`sha256sum FILE` shows the same).\n")
    return head + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10_000)


def _today() -> dt.date:
    """The day of the submission: SOURCE_DATE_EPOCH's where set (reproducible records), else today's (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        with contextlib.suppress(ValueError, OverflowError, OSError):
            return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.datetime.now(dt.timezone.utc).date()


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
