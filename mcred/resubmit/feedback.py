"""`mcred feedback`: feedback.yaml to fill in with the assessor's results, one line per outcome and detail.

Written from templates/feedback/ for the last recorded submission; never over an existing feedback.yaml. Its
schema goes into schemas/ too where that folder is and holds none, so the first line's editor help works.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2

from mcred.errors import UserError
from mcred.findings import Location, error, shorten
from mcred.read.formats import FEEDBACK_FORMAT, SCHEMA_FOLDER
from mcred.read.manifest import load_portfolio
from mcred.read.submissions import FEEDBACK, SUBMISSIONS, attempt_numbers
from mcred.resources import templates_dir


@dataclass(frozen=True)
class Scaffolded:
    path: Path
    attempt: int
    items: int
    schema: Path | None      # the schema written beside it, where there was none


def write_feedback(folder: Path) -> Scaffolded:
    loaded = load_portfolio(folder)
    if loaded.portfolio is None or any(f.unreadable for f in loaded.findings):
        raise UserError(loaded.findings)
    portfolio = loaded.portfolio
    root = portfolio.root
    path = root / FEEDBACK
    if path.exists() or path.is_symlink():
        raise UserError([error("MC106", f"{path} exists: mcred never overwrites it",
                               f"edit it, or move it aside (e.g. to {SUBMISSIONS}/<n>/) and run `mcred feedback` again",
                               Location(path), unreadable=True)])
    numbers = attempt_numbers(root)
    if not numbers:
        raise UserError([error("MC106", "nothing was submitted yet: feedback.yaml holds the results of a submission",
                               "record what you hand in with `mcred submit` (after `mcred build`); then, when the "
                               "results come back, `mcred feedback`", Location(root / SUBMISSIONS), unreadable=True)])
    credential = portfolio.credential
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(templates_dir() / "feedback"),
                             keep_trailing_newline=True, undefined=jinja2.StrictUndefined, autoescape=False)
    env.filters["quoted"] = lambda value: json.dumps(str(value), ensure_ascii=False)   # JSON strings are YAML
    env.filters["key"] = lambda value: value if re.fullmatch(r"[A-Za-z_][\w-]*", str(value)) else json.dumps(str(value))
    env.filters["oneline"] = lambda text: shorten(str(text), 100)
    text = env.get_template("feedback.yaml.j2").render(credential=credential, attempt=numbers[-1])
    try:
        with path.open("x", encoding="utf-8") as handle:    # "x": never over a file that appeared meanwhile
            handle.write(text)
    except OSError as exc:
        raise UserError.plain(f"Could not write {path}: {exc.strerror or exc}.",
                              f"Make sure you may write in {root}.") from None
    schema = _schema_beside(root)
    items = sum(1 + len(o.details) for o in credential.outcomes)
    return Scaffolded(path, numbers[-1], items, schema)


def _schema_beside(root: Path) -> Path | None:
    """schemas/feedback.schema.json where schemas/ exists (init made it) and holds no such file."""
    folder = root / SCHEMA_FOLDER
    target = folder / FEEDBACK_FORMAT.schema_file
    if not folder.is_dir() or folder.is_symlink() or target.exists() or target.is_symlink():
        return None
    try:
        with target.open("x", encoding="utf-8") as handle:
            handle.write(FEEDBACK_FORMAT.schema_text())
    except OSError:
        return None
    return target
