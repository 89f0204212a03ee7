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
from mcred.read.formats import FORMATS
from mcred.resources import templates_dir
from mcred.schema import MODELINE_PREFIX, SCHEMA_FOLDER, modeline, planned_schemas

FOLDERS = ("artifacts", SCHEMA_FOLDER)    # the folders init makes; any other path it writes is a file


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


def reviewed_blind(credential: Credential) -> bool:
    """Whether the credential's issuer scores submissions in a blind review: ELN does (double-blind)."""
    issued = f"{credential.program} {credential.issuer or ''}".lower()
    return "ed leaders network" in issued or "(eln)" in issued


def planned_files(folder: Path, credential: Credential, practitioner: Practitioner) -> dict[Path, str]:
    """Every file init would write, with its content."""
    env = _environment()
    source = _without_modeline(credential.path.read_text(encoding="utf-8")) if credential.path else ""
    context = {"credential": credential, "practitioner": practitioner, "mark": GUIDANCE_MARK,
               "today": dt.date.today().isoformat(), "source": source, "reviewed_blind": reviewed_blind(credential)}
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
    for form in FORMATS:   # each YAML file names its schema first, so an editor completes and checks it
        if folder / form.file in files:
            files[folder / form.file] = f"{modeline(form)}\n{files[folder / form.file]}"
    return files | planned_schemas(folder / SCHEMA_FOLDER)


def _without_modeline(source: str) -> str:
    """A credential file's text without the schema line it may carry already (one made by `mcred init`)."""
    first, _, rest = source.partition("\n")
    return rest if first.startswith(MODELINE_PREFIX) else source


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
    # lexists: a dangling symbolic link is taken too — writing through it would create a file elsewhere. For the
    # same reason schemas/ must be a folder of its own, not a link; artifacts/ may be either (init writes none).
    free = [folder / "artifacts"] if (folder / "artifacts").is_dir() else []
    if (folder / SCHEMA_FOLDER).is_dir() and not (folder / SCHEMA_FOLDER).is_symlink():
        free.append(folder / SCHEMA_FOLDER)
    taken = [path for path in [*files, *(folder / name for name in FOLDERS)]
             if os.path.lexists(path) and path not in free]
    if taken:
        names = ", ".join(str(p.relative_to(folder)) for p in taken)
        raise UserError([error("MC106", f"{folder} already has {names}; init writes nothing over existing files",
                                "choose an empty folder, or move those files aside first", Location(folder), unreadable=True)])
    return files


def init_portfolio(folder: Path, credential: Credential, practitioner: Practitioner) -> Scaffold:
    """Write the portfolio; if any file exists already, write nothing and say which (never overwrite)."""
    ensure_free(folder, credential)
    files = planned_files(folder, credential, practitioner)
    made: list[Path] = []   # folders init created, to take back if a write fails
    written: list[Path] = []
    try:
        for made_folder in [folder, *(folder / name for name in FOLDERS)]:
            if not made_folder.exists():
                made_folder.mkdir(parents=True)
                made.append(made_folder)
        for path, content in files.items():
            with path.open("x", encoding="utf-8") as handle:   # "x": never overwrite, even in a race
                written.append(path)
                handle.write(content)
    except OSError as exc:
        _undo(written, made)  # nothing half-written
        raise UserError([error("MC106", f"cannot write the portfolio in {folder}: {exc.strerror or exc}",
                                "choose a folder you can write to", Location(folder), unreadable=True)]) from exc
    return Scaffold(folder, written)


def _undo(written: list[Path], made: list[Path]) -> None:
    for path in written:
        path.unlink(missing_ok=True)
    for empty in reversed(made):
        try:
            empty.rmdir()
        except OSError:
            pass
