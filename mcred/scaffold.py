"""`mcred init`: a portfolio folder ready to write in, from the Jinja2 templates in templates/init/."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

import jinja2
import yaml

from mcred.errors import UserError
from mcred.facts import GUIDANCE_MARK, Credential, Practitioner
from mcred.findings import Location, error
from mcred.resources import templates_dir


@dataclass(frozen=True)
class Scaffold:
    folder: Path
    written: list[Path]


def _yaml_scalar(value: str) -> str:
    """A value as one line of YAML, quoted when it must be (names with ':' or '#', empty ones)."""
    return yaml.safe_dump(value, default_flow_style=True, width=10_000, allow_unicode=True).removesuffix("\n...\n").strip()


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(templates_dir() / "init"),
                             keep_trailing_newline=True, undefined=jinja2.StrictUndefined, autoescape=False)
    env.filters["yaml"] = _yaml_scalar
    return env


def planned_files(folder: Path, credential: Credential, practitioner: Practitioner) -> dict[Path, str]:
    """Every file init would write, with its content."""
    env = _environment()
    source = credential.path.read_text(encoding="utf-8") if credential.path else ""
    context = {"credential": credential, "practitioner": practitioner, "mark": GUIDANCE_MARK,
               "today": dt.date.today().isoformat(), "source": source}
    files = {
        folder / "mcred.yaml": env.get_template("mcred.yaml.j2").render(context),
        folder / "credential.yaml": env.get_template("credential.yaml.j2").render(context),
        folder / ".gitignore": env.get_template("gitignore.j2").render(context),
    }
    for part in credential.narrative_parts:
        template = "reflection.md.j2" if part.address_outcomes else "questions.md.j2"
        files[folder / f"{part.id}.md"] = env.get_template(template).render(context, part=part)
    evidence = credential.evidence_part
    if evidence is not None:
        files[folder / "evidence.yaml"] = env.get_template("evidence.yaml.j2").render(context, part=evidence)
    return files


def new_folder(typed: str) -> Path:
    """The folder `init` was asked to write in, as typed: an empty name is no folder (it is not "here")."""
    if not typed.strip():
        raise UserError([error("MC106", "the portfolio folder's name is empty",
                               "name a new folder, e.g. `mcred init my-portfolio --credential ID`", unreadable=True)])
    return Path(typed)


def ensure_free(folder: Path, credential: Credential) -> dict[Path, str]:
    """Refuse (UserError) when the folder is a file or holds any file init would write; else what it will write.

    Called before anything is asked at the terminal, and again just before writing."""
    if folder.exists() and not folder.is_dir():
        raise UserError([error("MC106", f"{folder} is a file, not a folder", "choose a new folder name for the portfolio",
                                Location(folder), unreadable=True)])
    files = planned_files(folder, credential, Practitioner(""))
    # lexists: a dangling symbolic link is taken too — writing through it would create a file elsewhere.
    taken = [path for path in [*files, folder / "artifacts"]
             if os.path.lexists(path) and not (path.name == "artifacts" and path.is_dir())]
    if taken:
        names = ", ".join(str(p.relative_to(folder)) for p in taken)
        raise UserError([error("MC106", f"{folder} already has {names}; init writes nothing over existing files",
                                "choose an empty folder, or move those files aside first", Location(folder), unreadable=True)])
    return files


def init_portfolio(folder: Path, credential: Credential, practitioner: Practitioner) -> Scaffold:
    """Write the portfolio; if any file exists already, write nothing and say which (never overwrite)."""
    ensure_free(folder, credential)
    files = planned_files(folder, credential, practitioner)
    created_folder = not folder.exists()
    created_artifacts = not (folder / "artifacts").exists()
    written: list[Path] = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "artifacts").mkdir(exist_ok=True)
        for path, content in files.items():
            with path.open("x", encoding="utf-8") as handle:   # "x": never overwrite, even in a race
                written.append(path)
                handle.write(content)
    except OSError as exc:
        _undo(folder, written, created_folder, created_artifacts)  # nothing half-written
        raise UserError([error("MC106", f"cannot write the portfolio in {folder}: {exc.strerror or exc}",
                                "choose a folder you can write to", Location(folder), unreadable=True)]) from exc
    return Scaffold(folder, written)


def _undo(folder: Path, written: list[Path], created_folder: bool, created_artifacts: bool) -> None:
    for path in written:
        path.unlink(missing_ok=True)
    made = ([folder / "artifacts"] if created_artifacts else []) + ([folder] if created_folder else [])
    for empty in made:
        try:
            empty.rmdir()
        except OSError:
            pass
