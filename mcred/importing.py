"""`mcred credentials import PAGE [-o OUT] [--partial]`: the page's text in, a credential file out.

cli.py calls `import_command` and exits with what it returns: 0 written, 1 the page leaves something out
(named; the file is written only with --partial). A page that cannot be read, or a file it will not overwrite, is a
UserError (exit 2).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.text import Text

from mcred.errors import UserError
from mcred.findings import counted
from mcred.read.credential_page import Imported, parse_page, read_page, slug, to_yaml

EXIT_WRITTEN, EXIT_INCOMPLETE = 0, 1


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
    imported = parse_page(read_page(page))   # a page that cannot be read: UserError, exit 2
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
        raise UserError.plain(f"{target} already exists; import writes nothing over an existing file",
                              "name another file with -o, or move that one aside", code="MC107") from None
    except OSError as exc:
        raise UserError.plain(f"cannot write {target}: {exc.strerror or exc}",
                              "name a file in a folder you can write to", code="MC107") from None
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
