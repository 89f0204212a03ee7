"""The coach's summary as one self-contained HTML page: a row a portfolio, sortable, readable without JavaScript.

The page holds counts, codes, the codes' own titles and places (file:line) — never a finding's message, a draft's
words, a quote or a roster name, since none of those reach a row (mcred.cohort.rows). Each cell that has something
missing opens (`<details>`, no script needed) onto what it is; the header's sort buttons are the only script.
Styles and script are inlined and pinned by hash in a Content-Security-Policy that allows nothing else: the page
makes no request, so it can be opened from a disk or shared as a file.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from mcred.cohort.rows import BUG, NOT_READY, READY, UNREADABLE, Flag, PartWords, Row
from mcred.errors import UserError
from mcred.findings import Location
from mcred.resources import templates_dir

TEMPLATE = "cohort.html.j2"
GENERATOR = "mcred cohort"   # marks a page mcred wrote, so that only such a page is ever replaced


@dataclass(frozen=True)
class _Part:
    part_id: str
    title: str


@dataclass(frozen=True)
class _Cell:
    shown: str                  # what the cell says
    sort: str                   # what the column sorts by (a number where it counts)
    tone: str = ""              # ok | bad | warn | "" (a class: colour and a mark, never colour alone)
    items: tuple[str, ...] = ()  # what is missing, one line each: opens under the cell


def render_page(rows: list[Row], title: str, now: float, root: Path | None = None) -> str:
    """The page as text. `root`: the cohort's folder, which each portfolio's folder is shown relative to."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined
    from markupsafe import Markup

    folder = templates_dir() / "cohort"
    style = (folder / "cohort.css").read_text(encoding="utf-8").strip()
    script = (folder / "cohort.js").read_text(encoding="utf-8").strip()
    environment = Environment(loader=FileSystemLoader(folder), autoescape=True, undefined=StrictUndefined,
                              trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    parts = _parts(rows)
    credentials = sorted({r.credential_title for r in rows if r.credential_title})
    table = [_cells(row, parts, now, _shown(row.folder, root)) for row in rows]
    return environment.get_template(TEMPLATE).render(
        title=title, parts=parts, rows=table, credentials=credentials, generator=GENERATOR,
        ready=sum(r.ready for r in rows), unreadable=sum(r.status in (UNREADABLE, BUG) for r in rows),
        total=len(rows), stamp=dt.datetime.fromtimestamp(now, dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        policy=_policy(style, script), style=Markup(style), script=Markup(script),
    )


def write_page(rows: list[Row], path: Path, title: str, now: float | None = None, root: Path | None = None) -> Path:
    """Write the page (UTF-8, LF) in one move; a file there that mcred did not write is never replaced."""
    import time

    if path.is_dir():
        raise UserError.plain(f"{path} is a folder", "name the HTML file to write, e.g. --html cohort.html",
                              Location(path), "MC100")
    if path.exists() and not _ours(path):
        raise UserError.plain(f"{path} exists and is not a page `mcred cohort` wrote: it is left as it is",
                              "name a new file, or delete that one first", Location(path), "MC100")
    text = render_page(rows, title, time.time() if now is None else now, root)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(text.encode("utf-8"))
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return path


def _ours(path: Path) -> bool:
    try:
        with path.open("rb") as stream:
            head = stream.read(2048)
    except OSError:
        return False
    return f'<meta name="generator" content="{GENERATOR}">'.encode() in head


def _parts(rows: list[Row]) -> list[_Part]:
    parts: dict[str, _Part] = {}
    for row in rows:
        for words in row.words:
            parts.setdefault(words.part_id, _Part(words.part_id, words.title))
    return list(parts.values())


def _flag(flag: Flag) -> str:
    return f"{flag.code} {flag.title}" + (f" — {flag.place}" if flag.place else "")


def _shown(folder: str, root: Path | None) -> str:
    if root is None:
        return folder
    try:
        return Path(folder).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return folder


def _cells(row: Row, parts: list[_Part], now: float, folder: str) -> dict[str, object]:
    readable = row.status in (READY, NOT_READY)
    none = _Cell("—", "-1")
    status_tone = {READY: "ok", NOT_READY: "bad"}.get(row.status, "bad")
    status_items = (row.problem,) if row.problem else ()
    status = _Cell(row.status, str({READY: 0, NOT_READY: 1}.get(row.status, 2)), status_tone,
                   status_items + tuple(_flag(f) for f in row.flags if not readable))
    by_part = {w.part_id: w for w in row.words}
    words = [_words(by_part.get(p.part_id)) if readable else none for p in parts]
    details = none
    if readable and row.targets:
        missing = tuple(f"{t}: no evidence that resolved" for t in row.uncovered)
        missing += tuple(_flag(f) for f in row.flagged("MC3") if f.code != "MC301")
        details = _Cell(f"{row.covered}/{row.targets}", f"{row.covered / row.targets:.4f}",
                        "ok" if row.covered == row.targets else "bad", missing)
    errors = _Cell(str(row.errors), str(row.errors), "bad" if row.errors else "ok",
                   tuple(_flag(f) for f in row.flags if f.severity == "error"))
    warnings = _Cell(str(row.warnings), str(row.warnings), "warn" if row.warnings else "",
                     tuple(_flag(f) for f in row.flags if f.severity == "warning"))
    privacy = _Cell(str(row.privacy), str(row.privacy), "warn" if row.privacy else "",
                    tuple(_flag(f) for f in row.flagged("MC5") if f.severity != "note")) if readable else none
    packet = (_Cell(f"built {row.packet.age(now)}", f"{row.packet.written:.0f}", "",
                    (f"{row.packet.path}, written {row.packet.stamp()}",)) if row.packet
              else _Cell("not built", "0", ""))
    return {"row": row, "folder": folder, "readable": readable, "status": status, "words": words,
            "details": details, "errors": errors, "warnings": warnings, "privacy": privacy, "packet": packet}


def _words(words: PartWords | None) -> _Cell:
    if words is None:
        return _Cell("—", "-1")
    minimum = f" of {words.minimum:,}" if words.minimum else ""
    items: tuple[str, ...] = (f"{words.missing:,} words short of {words.minimum:,}",) if words.missing else ()
    items += tuple(_flag(f) for f in words.flags if f.severity != "note" and f.code != "MC202")
    return _Cell(f"{words.words:,}{minimum}", str(words.words), "bad" if words.missing else "ok" if minimum else "",
                 items)


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def _policy(style: str, script: str) -> str:
    return ("default-src 'none'; img-src data:; "
            f"style-src '{_sha256(style)}'; script-src '{_sha256(script)}'; base-uri 'none'; form-action 'none'")
