"""The shipped credential catalog: which credentials there are, and finding one by id or path."""

from __future__ import annotations

import difflib
from pathlib import Path

from mcred.errors import UserError
from mcred.facts import Problem
from mcred.findings import error
from mcred.read.files import file_trouble
from mcred.resources import catalog_dir


def ids() -> list[str]:
    return sorted(path.stem for path in catalog_dir().glob("*.yaml"))


def resolve(reference: str, base: Path | None = None) -> Path:
    """The credential file a reference names: a path to a YAML file, or a catalog id."""
    as_path = Path(reference).expanduser()
    if base is not None and not as_path.is_absolute():
        as_path = base / as_path
    trouble = file_trouble(as_path)
    if reference.endswith((".yaml", ".yml")) or trouble is None or trouble.problem in (Problem.FOLDER,
                                                                                        Problem.NOT_REGULAR):
        if trouble is not None:
            state = ("is a folder, not a credential file" if trouble.problem is Problem.FOLDER else trouble.says())
            raise UserError([error("MC105", f"credential file {reference} {state}",
                                    "check the path, or name a catalog id (see `mcred credentials`)", unreadable=True)])
        return as_path
    shipped = catalog_dir() / f"{reference}.yaml"
    if "/" not in reference and _is_file(shipped):
        return shipped
    known = ids()
    close = difflib.get_close_matches(reference, known, n=1, cutoff=0.5)
    hint = f"did you mean `{close[0]}`? " if close else ""
    raise UserError([error("MC105", f"the catalog has no credential `{reference}`",
                            f"{hint}Available: {', '.join(known)}", unreadable=True)])


def _is_file(path: Path) -> bool:
    try:  # a name the file system cannot hold (too long, …) is no such file, not a crash
        return path.is_file()
    except OSError:
        return False


def _is_folder(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False
