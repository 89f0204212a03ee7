"""`mcred schema`: the JSON Schemas of the YAML formats, written where an editor finds them.

An editor running the YAML language server (VS Code's YAML extension, Neovim, Helix …) reads the schema a file
names on its first line — `# yaml-language-server: $schema=schemas/mcred.schema.json` — and then completes keys,
shows each field's help, and flags typos as you type. `mcred init` writes both the schemas and those lines.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from mcred.errors import UserError
from mcred.findings import Location, error
from mcred.read.formats import SCHEMA_FOLDER, SCHEMA_FORMATS, Format

MODELINE_PREFIX = "# yaml-language-server: $schema="


def schema_text(form: Format) -> str:
    """The schema as a file holds it: stable, so the same mcred always writes the same bytes."""
    return form.schema_text()


def modeline(form: Format, folder: str = SCHEMA_FOLDER) -> str:
    """The first line of a YAML file that points the editor at its schema (a path relative to the file)."""
    return f"{MODELINE_PREFIX}{folder}/{form.schema_file}"


def planned_schemas(folder: Path) -> dict[Path, str]:
    """Every schema file, in `folder`, with its content."""
    return {folder / form.schema_file: schema_text(form) for form in SCHEMA_FORMATS}


class Outcome(str, Enum):
    WRITTEN = "written"
    UNCHANGED = "unchanged"      # the file already held exactly this schema


@dataclass(frozen=True)
class Written:
    path: Path
    outcome: Outcome


def write_schemas(folder: Path, *, force: bool = False) -> list[Written]:
    """Write the schemas into `folder` (created if missing). A file that holds something else is replaced
    only with `force`; without it nothing at all is written (UserError, MC100). Each file is written whole or not
    at all: a temporary file beside it, then renamed over it."""
    if folder.exists() and not folder.is_dir():
        raise UserError([error("MC100", f"{folder} is a file, not a folder", "name a folder with --output",
                               Location(folder), unreadable=True)])
    planned = planned_schemas(folder)
    differing = [path for path, text in planned.items() if _differs(path, text)]
    if differing and not force:
        names = ", ".join(str(p) for p in differing)
        raise UserError([error("MC100", f"{names} already {'exists' if len(differing) == 1 else 'exist'} with other "
                               "content; nothing was written",
                               "add --force to replace them with this mcred's schemas, or choose another --output",
                               Location(differing[0]), unreadable=True)])
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return [Written(path, _write(path, text)) for path, text in planned.items()]
    except OSError as exc:
        raise UserError([error("MC100", f"cannot write the schemas in {folder}: {exc.strerror or exc}",
                               "choose a folder you can write to with --output", Location(folder),
                               unreadable=True)]) from exc


def _differs(path: Path, text: str) -> bool:
    if not os.path.lexists(path):
        return False
    try:
        return path.read_text(encoding="utf-8") != text
    except (OSError, UnicodeDecodeError):
        return True      # a folder, a dangling link, unreadable bytes: not ours to replace without --force


def _write(path: Path, text: str) -> Outcome:
    if not _differs(path, text) and path.is_file():
        return Outcome.UNCHANGED
    # Beside the file, so the rename stays on one disk; opened with "x" so it honours the umask (mkstemp's 0600
    # would leave a schema other users of the folder cannot read).
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        with temporary.open("x", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return Outcome.WRITTEN
