"""`mcred build`: the packet and one PDF per part, typeset from the reviewed portfolio, written atomically.

Everything is typeset in memory first; only then is each file written to a temporary file beside it in
build/ and moved into place, so a failed build leaves every previous PDF as it was and no stray files.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console

from mcred.errors import UserError
from mcred.facts import PartKind, Portfolio, Review
from mcred.packet.content import packet_document
from mcred.packet.finish import Finished
from mcred.packet.typeset import ALL, UA_1, Standard, Typesetter
from mcred.prepare.stage import embeddings
from mcred.read import ensure_unchanged
from mcred.read.files import inside


@dataclass(frozen=True)
class BuiltFile:
    path: Path
    title: str
    pages: int
    size_bytes: int


@dataclass(frozen=True)
class Built:
    packet: BuiltFile
    parts: list[BuiltFile] = field(default_factory=list)
    draft: bool = False
    upload_limit_mb: float | None = None
    sheet: Path | None = None          # build/submission.html: every field to paste into the portal


def build_packet(review: Review, *, draft: bool = False, console: Console | None = None) -> Built:
    """Typeset build/<credential>-packet.pdf and build/parts/<n>-<part>.pdf; raise UserError when it cannot."""
    portfolio = review.portfolio
    timestamp, date = document_dates(portfolio)
    root = typesetting_root(portfolio)
    build_dir = portfolio.build_dir
    credential = portfolio.credential
    # The parts without embedded artifact pages are exported as PDF/UA-1; the packet and Part 2's file hold
    # pages made by others, whose own structure mcred cannot vouch for.
    planned: list[tuple[str, Path, str, tuple[Standard, ...]]]
    planned = [(ALL, packet_path(portfolio), f"{credential.title} packet", ())]
    planned += [(part.id, build_dir / "parts" / f"{number}-{_safe(part.id)}.pdf", f"Part {number} · {part.title}",
                 (UA_1,) if part.kind is PartKind.NARRATIVE else ())
                for number, part in enumerate(credential.parts, 1)]

    inputs = _inputs(review)   # before typesetting: a file saved meanwhile makes this packet out of date
    with _progress(console) as say:
        say("Typesetting the packet and its parts…")
        # Typst starts on what needs no prepared artifact (the parts without artifact pages, and counting the pages
        # before the artifacts) while Python prepares the artifacts for the pages that embed them.
        outline = packet_document(review, root=root, date=date, draft=draft)
        jobs = [(part, standards) for part, _path, _title, standards in planned]
        try:
            with Typesetter(outline, root=root, draft=draft, timestamp=timestamp).start(jobs) as started:
                document = packet_document(review, root=root, date=date, embedded=embeddings(review), draft=draft)
                finished = started.complete(document)
        except UserError:   # Typst cannot embed a page: an artifact saved meanwhile (fewer pages) is the reason to say
            ensure_unchanged(portfolio, review.artifacts, "building the packet")
            raise
        typeset = [(path, title, pdf) for (_part, path, title, _standards), pdf in zip(planned, finished, strict=True)]
        # Typst has read every artifact: each must still hold what check read, or the packet would mix the two.
        ensure_unchanged(portfolio, review.artifacts, "building the packet")
        say("Writing build/…")
        written = _write_all(typeset, portfolio.root)
        say("Writing the submission sheet…")
        stamp = _stamp(review, typeset, inputs, draft)
        sheet = _write_sheet(review, [f.path for f in written], build_dir / "submission.html", portfolio.root, stamp)
    return Built(written[0], written[1:], draft, portfolio.settings.upload_limit_mb, sheet)


def _inputs(review: Review) -> dict[str, str]:
    from mcred.read.changes import input_key
    from mcred.read.submissions import input_hashes

    portfolio = review.portfolio
    known = {input_key(a.file, portfolio.root): info.content_hash for a in portfolio.artifacts
             if a.file is not None and (info := review.artifacts.get(a.id)) is not None and info.content_hash}
    return input_hashes(portfolio, known)


def _stamp(review: Review, typeset: list[tuple[Path, str, Finished]], inputs: dict[str, str], draft: bool
           ) -> tuple[Path, bytes]:
    """build/mcred-build.json: what this packet was made from, so `mcred submit` can tell an out-of-date one."""
    from mcred.read.submissions import BUILD_STAMP

    resubmission = review.facts.resubmission
    last = resubmission.last if resubmission is not None else None
    path, _title, finished = typeset[0]
    data = {"packet": path.name, "packet_sha256": hashlib.sha256(finished.pdf).hexdigest(), "draft": draft,
            "parts": [part.relative_to(path.parent).as_posix() for part, _t, _f in typeset[1:]],
            "since": last.number if last is not None else 0, "inputs": inputs}
    return path.parent / BUILD_STAMP, (json.dumps(data, indent=2, sort_keys=True) + "\n").encode("utf-8")


def _write_sheet(review: Review, built: list[Path], path: Path, root: Path, stamp: tuple[Path, bytes]) -> Path:
    """build/submission.html, from the same facts as the packet, written as the PDFs are: staged, then moved (with
    the build's record of its inputs, which names the packet's hash: a stale record never vouches for a packet)."""
    from mcred.sheets.from_review import sheet_for
    from mcred.sheets.submission import render_sheet

    _write_files([(path, render_sheet(sheet_for(review, built)).encode("utf-8")), stamp], root)
    return path


def document_dates(portfolio: Portfolio, today: dt.date | None = None) -> tuple[int, dt.date]:
    """The PDF's timestamp and the date on the cover.

    Timestamp: SOURCE_DATE_EPOCH, else mcred.yaml's date. Cover: mcred.yaml's date, else SOURCE_DATE_EPOCH's day.
    With neither, the day of the build (what `mcred init`'s manifest promises): set `date:` for the same bytes.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    fix = "Set it in whole seconds, e.g. SOURCE_DATE_EPOCH=$(date +%s), or unset it to use mcred.yaml's date."
    if epoch and not re.fullmatch(r"[0-9]+", epoch):
        raise UserError.plain(f"SOURCE_DATE_EPOCH={epoch} is not a whole number of seconds since 1970.", fix)
    try:
        from_epoch = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date() if epoch else None
    except (ValueError, OverflowError, OSError):
        raise UserError.plain(f"SOURCE_DATE_EPOCH={epoch} is not a date: it counts seconds since 1970 "
                              "(milliseconds?).", fix) from None
    cover = portfolio.date or from_epoch or today or dt.datetime.now(dt.timezone.utc).date()
    timestamp = int(epoch) if from_epoch else int(dt.datetime.combine(cover, dt.time(), dt.timezone.utc).timestamp())
    return timestamp, cover


def typesetting_root(portfolio: Portfolio) -> Path:
    """The folder Typst may read: the portfolio's own (every artifact the packet embeds lies inside it)."""
    return portfolio.root.resolve()


def packet_path(portfolio: Portfolio) -> Path:
    """build/<credential>-packet.pdf: where the packet is written (and where the coach's summary looks for it)."""
    return portfolio.build_dir / f"{_safe(portfolio.credential.id)}-packet.pdf"


def _safe(name: str) -> str:
    return re.sub(r"[^\w.-]+", "-", name).strip(".-") or "credential"


@contextlib.contextmanager
def _progress(console: Console | None) -> Iterator[Callable[[str], None]]:
    """A spinner with the current step on a terminal; silence in scripts and CI."""
    if console is None or not console.is_terminal:
        yield lambda message: None
        return
    with console.status("Typesetting the packet…") as status:
        yield lambda message: status.update(message)


def _write_all(typeset: list[tuple[Path, str, Finished]], root: Path) -> list[BuiltFile]:
    _write_files([(path, finished.pdf) for path, _title, finished in typeset], root)
    return [BuiltFile(path, title, finished.pages, len(finished.pdf)) for path, title, finished in typeset]


def _write_files(files: list[tuple[Path, bytes]], root: Path) -> None:
    """Every file to a temporary beside its target first, then the renames, the first file last: a failure on
    the way leaves the previous files as they were (the packet, first, above all), and no temporary files."""
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in files:
            staged.append((_stage(path, data, root), path))
        for temporary, path in reversed(staged):
            try:
                os.replace(temporary, path)
            except OSError as exc:
                raise UserError.plain(f"Could not replace {path}: {exc.strerror or exc}.",
                                 "Close the file if another program has it open, and check you may write to it.") from None
    finally:
        for temporary, _path in staged:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _stage(path: Path, pdf: bytes, root: Path) -> Path:
    """The PDF in a temporary file in the target's folder (so the rename is atomic), with the usual permissions."""
    folder = path.parent
    if not inside(folder, root):
        raise UserError.plain(f"{folder} leads outside the portfolio folder (a symbolic link): mcred writes only "
                              "inside the portfolio.", f"Remove the link {folder}; build makes a folder there.")
    if folder.exists() and not folder.is_dir():
        raise UserError.plain(f"{folder} is a file, not a folder: mcred writes the packet there.",
                         f"Move or delete {folder} (mcred makes it a folder), then build again.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=folder, prefix=f".{path.stem}-", suffix=".tmp")
    except OSError as exc:
        raise UserError.plain(f"Could not write in {folder}: {exc.strerror or exc}.",
                         f"Make sure {folder} is a folder you can write to.") from None
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(pdf)
        os.chmod(temporary, 0o666 & ~_umask())   # mkstemp makes it private; a packet is meant to be shared
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise UserError.plain(f"Could not write {path}: {exc.strerror or exc}.",
                         "Check the disk has room, then build again.") from None
    return temporary


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
