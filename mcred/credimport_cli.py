"""`mcred credentials import PAGE [-o OUT] [--partial]`: the page's text in, a credential file out.

cli.py calls `import_command` and exits with what it returns: 0 written, 1 the page leaves something out
(named; the file is written only with --partial), 2 a page that cannot be read or a file it will not overwrite.
"""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.text import Text

from mcred.credimport import Imported, parse_page, slug, to_yaml
from mcred.findings import counted

PAGE_LIMIT = 1_000_000   # a credential page is a few kilobytes of text; anything near this is not one

EXIT_WRITTEN, EXIT_INCOMPLETE, EXIT_UNUSABLE = 0, 1, 2


class PageError(Exception):
    """A page that cannot be read: what is wrong, and what to do."""

    def __init__(self, message: str, fix: str):
        super().__init__(message)
        self.message = message
        self.fix = fix


def read_page(page: Path) -> str:
    """The page's text: a regular file of at most PAGE_LIMIT bytes, UTF-8 (a BOM allowed) or UTF-16 with a BOM
    (what Windows Notepad calls "Unicode"). Raises PageError saying why not."""
    try:
        # O_NONBLOCK: a named pipe given as the page must not hang the command before it is refused
        descriptor = os.open(page, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise PageError(f"{page} does not exist", "check the path of the file you saved the page's text in") from None
    except IsADirectoryError:
        raise PageError(f"{page} is a folder, not a text file", "name the text file you saved the page in") from None
    except OSError as exc:
        raise PageError(f"{page} cannot be read ({exc.strerror or exc})", "check the file's permissions") from None
    mode = os.fstat(descriptor).st_mode   # of what was opened, not of what the name meant a moment ago
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        if stat.S_ISDIR(mode):
            raise PageError(f"{page} is a folder, not a text file", "name the text file you saved the page in")
        raise PageError(f"{page} is not a regular file", "save the page's text in a file and name that file")
    with os.fdopen(descriptor, "rb") as handle:
        try:
            data = handle.read(PAGE_LIMIT + 1)
        except OSError as exc:
            raise PageError(f"{page} cannot be read ({exc.strerror or exc})", "check the file") from None
    if len(data) > PAGE_LIMIT:
        raise PageError(f"{page} is larger than {PAGE_LIMIT // 1_000_000} MB: that is not a credential page's text",
                        "copy the credential page's text (a few KB) into a file of its own")
    return _decode(page, data)


def _decode(page: Path, data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass   # not UTF-16 after all: say it is not text, below
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PageError(f"{page} is not UTF-8 text (byte {exc.start + 1}, line {line})",
                        "save the page's text as plain UTF-8 text (in a PDF or Word file, copy the text out)") from None
    if "\x00" in text:
        raise PageError(f"{page} is not a text file", "save the page's text as plain UTF-8 text")
    return text


def default_output(imported: Imported, page: Path) -> Path:
    """`<slug>.yaml` in the current folder; the page's own name where the page states no title."""
    name = imported.credential.get("id") or slug(page.stem) or "credential"
    return Path(f"{name}.yaml")


def write_new(path: Path, content: str) -> None:
    """Write a file that does not exist yet; FileExistsError if anything (file, folder, link) holds the name."""
    if os.path.lexists(path):   # a dangling link too: writing through it would create a file elsewhere
        raise FileExistsError(path)
    with path.open("x", encoding="utf-8", newline="\n") as handle:   # "x": never overwrite, even in a race
        handle.write(content)


def import_command(page: Path, output: Path | None, partial: bool, console: Console) -> int:
    """Import PAGE into a credential file; print what was found or what is missing; return the exit code."""
    try:
        text = read_page(page)
    except PageError as exc:
        _problem(console, f"cannot import {page}: {exc.message}", exc.fix)
        return EXIT_UNUSABLE
    imported = parse_page(text)
    target = output if output is not None else default_output(imported, page)
    if imported.missing and not partial:
        _problem(console, f"{page} does not state: {', '.join(imported.missing)}. Nothing was written.",
                 "copy those from the credential's page into the text file and import again, or add --partial "
                 "to write what it states and fill in the rest by hand")
        _print_notes(imported, console)
        return EXIT_INCOMPLETE
    try:
        write_new(target, to_yaml(imported, page.name))
    except FileExistsError:
        _problem(console, f"{target} already exists; import writes nothing over an existing file",
                 "name another file with -o, or move that one aside")
        return EXIT_UNUSABLE
    except OSError as exc:
        _problem(console, f"cannot write {target}: {exc.strerror or exc}", "name a file in a folder you can write to")
        return EXIT_UNUSABLE
    _print_summary(imported, page, target, console)
    return EXIT_INCOMPLETE if imported.missing else EXIT_WRITTEN


# --- what the practitioner sees -------------------------------------------------------------------------

def _problem(console: Console, message: str, fix: str) -> None:
    console.print(Text.assemble(("error", "bold red"), ": ", message))   # Text: page text is never rich markup
    console.print(Text.assemble(("  fix: ", "dim"), fix))


def _print_notes(imported: Imported, console: Console) -> None:
    for note in imported.notes:
        console.print(Text.assemble(("  note: ", "dim"), note))


def summary(credential: dict[str, Any]) -> str:
    """`4 outcomes · 0 details · 4 questions · minimum words 1,000 / 500` (Part 1 / Part 3)"""
    outcomes = credential.get("outcomes", [])
    parts = {part["id"]: part for part in credential.get("parts", [])}
    questions = len(parts.get("overview", {}).get("prompts", []))
    minimums = [f"{parts[i]['min_words']:,}" if parts.get(i, {}).get("min_words") else "?"
                for i in ("overview", "reflection")]
    details = sum(len(outcome.get("details", [])) for outcome in outcomes)
    return (f"{counted(len(outcomes), 'outcome')} · {counted(details, 'detail')} · {counted(questions, 'question')}"
            f" · minimum words {' / '.join(minimums)}")


def _print_summary(imported: Imported, page: Path, target: Path, console: Console) -> None:
    title = imported.credential.get("title", "(no title)")
    console.print(Text.assemble("Imported ", (title, "bold"), f" from {page} into {target}"))
    console.print(Text("  " + summary(imported.credential)))
    _print_notes(imported, console)
    if imported.missing:
        console.print(Text.assemble(("  not on the page: ", "bold yellow"), ", ".join(imported.missing),
                                    f" — add them to {target} before using it"))
        console.print(Text(f"Then check it with `mcred credentials {target}`.", style="dim"))
    else:
        console.print(Text(f"Start a portfolio with it: mcred init FOLDER --credential {target}", style="dim"))
