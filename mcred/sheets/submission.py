"""build/submission.html: the portfolio laid out in the portal's order, every field with its own copy button.

The ELN portal asks for Part 1 and Part 3 as text boxes and, per outcome detail, for the uploaded artifact, where in
it the evidence is and an explanation. This page holds each of those texts exactly as the practitioner typed them
(the Markdown source, trimmed; never rendered), so pasting cannot lose or add a character.

The page is one self-contained file: styles and script are inlined and pinned by hash in a Content-Security-Policy
that allows nothing else (no network, no injected script even if escaping ever failed). Every user string goes
through jinja2's autoescaping. Without JavaScript every text is still shown and the copy buttons stay hidden.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from mcred.resources import templates_dir

TEMPLATE = "submission.html.j2"
EN_DASH = "\u2013"  # ranges read as typeset ("pages 4-6" with an en dash); escaped, as look-alikes confuse code review
_MB = 1_000_000  # the portal states its limit in MB; decimal megabytes are the smaller reading, so the safer one


# --- input: what the integrator hands over ---------------------------------------------------------------------
@dataclass(frozen=True)
class SheetField:
    """One question or outcome section of a narrative part: its heading and its Markdown source."""

    label: str
    text: str


@dataclass(frozen=True)
class SheetCitation:
    """One piece of evidence for a detail, as the portal asks for it."""

    artifact_id: str
    artifact_title: str
    file_name: str  # the uploaded file's name; for a video the assessor opens online, its URL
    location: str  # where in it: "page iv", "pages 4-6" or a time range, with an en dash (see page_location)
    explanation: str
    changed: str = ""  # in a resubmission, what changed since the last one: "new since submission 1"


@dataclass(frozen=True)
class SheetTarget:
    """An outcome detail, or an outcome cited as a whole (then id == outcome_id)."""

    id: str
    text: str
    outcome_id: str
    citations: tuple[SheetCitation, ...]
    removed: str = ""  # in a resubmission: "1 citation removed since submission 1"


@dataclass(frozen=True)
class SheetOutcome:
    id: str
    text: str
    targets: tuple[SheetTarget, ...]


@dataclass(frozen=True)
class SheetNarrative:
    """Part 1 or Part 3: the portal has one box for the whole part; each section is also offered on its own."""

    part_number: int
    title: str
    sections: tuple[SheetField, ...]
    full_text: str
    changed: str = ""  # in a resubmission: "changed since submission 1: 1,306 → 1,314 words"


@dataclass(frozen=True)
class UploadFile:
    name: str
    size_bytes: int


@dataclass(frozen=True)
class Sheet:
    credential_title: str
    practitioner: str  # as it should read under the title: "Angela Whitfield · Principal · Cedar Ridge Middle School"
    part1: SheetNarrative
    outcomes: tuple[SheetOutcome, ...]
    part3: SheetNarrative
    uploads: tuple[UploadFile, ...]
    upload_limit_mb: float
    redacted: bool = False  # the texts had names withheld: the sheet says so, so nobody pastes it unaware
    part2_title: str = "Skill Demonstration Product with Self-Analysis"  # the credential's own title for Part 2


# --- plain helpers the integrator may use ---------------------------------------------------------------------
def copy_text(text: str) -> str:
    """The exact text a field shows and copies: trimmed, with line ends as a browser keeps them.

    An HTML parser turns CR LF and CR into LF and drops NUL, so the sheet does it first: what the page promises
    to copy is then exactly what it holds.
    """
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").strip()


def page_location(pages: str | int) -> str:
    """'4' → 'page 4'; '4-6' → 'pages 4-6' and 'ii, iv-v' → 'pages ii, iv-v', each range with an en dash."""
    spec = re.sub(r"\s*-\s*", EN_DASH, str(pages).strip())
    plural = EN_DASH in spec or "," in spec
    return f"{'pages' if plural else 'page'} {spec}"


def time_location(time: str) -> str:
    """'11:30-16:45' → the same with an en dash; a single time stamp '12:30' → 'at 12:30'."""
    spec = re.sub(r"\s*-\s*", EN_DASH, time.strip())
    return spec if EN_DASH in spec else f"at {spec}"


# --- the page's own model: every copyable text gets a stable id and a button name -------------------------------
@dataclass(frozen=True)
class _Field:
    dom_id: str
    label: str
    text: str
    button_name: str  # the button's accessible name; it starts with the visible word "Copy"


@dataclass(frozen=True)
class _Narrative:
    anchor: str
    number: int
    title: str
    whole: _Field
    sections: tuple[_Field, ...]
    changed: str = ""


@dataclass(frozen=True)
class _Citation:
    position: int
    citation: SheetCitation
    file: _Field
    location: _Field
    explanation: _Field


@dataclass(frozen=True)
class _Target:
    target: SheetTarget
    whole_outcome: bool  # the credential lists no details for this outcome: it is cited as a whole
    citations: tuple[_Citation, ...]


@dataclass(frozen=True)
class _Outcome:
    anchor: str
    outcome: SheetOutcome
    targets: tuple[_Target, ...]


@dataclass(frozen=True)
class _Upload:
    name: str
    size: str
    over: bool
    excess: str


@dataclass
class _Ids:
    """Field ids in document order: f1, f2, … — deterministic, and free of user text."""

    count: int = field(default=0)

    def field(self, label: str, text: str, button_name: str) -> _Field:
        self.count += 1
        return _Field(f"f{self.count}", label, copy_text(text), f"Copy {button_name}")


def _narrative(part: SheetNarrative, ids: _Ids) -> _Narrative:
    name = f"Part {part.part_number}"
    whole = ids.field(f"All of {name}", part.full_text, f"all of {name}, {part.title}")
    sections = tuple(ids.field(section.label, section.text, f"{name}, section {index}: {section.label}")
                     for index, section in enumerate(part.sections, start=1))
    return _Narrative(f"part-{part.part_number}", part.part_number, part.title, whole, sections, part.changed)


def _target(target: SheetTarget, ids: _Ids) -> _Target:
    whole_outcome = target.id == target.outcome_id
    owner = f"outcome {target.id}" if whole_outcome else f"detail {target.id}"
    citations = []
    for position, citation in enumerate(target.citations, start=1):
        which = f"{owner}, evidence {position} ({citation.artifact_id})"
        citations.append(_Citation(
            position, citation,
            ids.field("Artifact file", citation.file_name, f"the artifact file for {which}"),
            ids.field("Location", citation.location, f"the location for {which}"),
            ids.field("Explanation", citation.explanation, f"the explanation for {which}"),
        ))
    return _Target(target, whole_outcome, tuple(citations))


def _size(size_bytes: int) -> str:
    if size_bytes < 1000:
        return f"{size_bytes} bytes"
    if size_bytes < _MB:
        return f"{size_bytes / 1000:.1f} KB"
    return f"{size_bytes / _MB:.1f} MB"


def _limit(limit_mb: float) -> str:
    return f"{limit_mb:g} MB"


def _uploads(sheet: Sheet) -> tuple[_Upload, ...]:
    limit = sheet.upload_limit_mb * _MB
    return tuple(_Upload(upload.name, _size(upload.size_bytes), upload.size_bytes > limit,
                         _size(max(0, int(upload.size_bytes - limit))))
                 for upload in sheet.uploads)


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def _policy(style: str, script: str) -> str:
    # Only this page's own style and script, pinned by hash: no request can leave the page, and a script that
    # slipped into the text could not run.
    return ("default-src 'none'; img-src data:; "
            f"style-src '{_sha256(style)}'; script-src '{_sha256(script)}'; base-uri 'none'; form-action 'none'")


def render_sheet(sheet: Sheet) -> str:
    """The whole page as text: the same sheet always gives the same string."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined
    from markupsafe import Markup

    folder = templates_dir() / "sheets"
    style = (folder / "submission.css").read_text(encoding="utf-8").strip()
    script = (folder / "submission.js").read_text(encoding="utf-8").strip()
    environment = Environment(loader=FileSystemLoader(folder), autoescape=True, undefined=StrictUndefined,
                              trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    ids = _Ids()
    part1 = _narrative(sheet.part1, ids)
    outcomes = tuple(_Outcome(f"outcome-{index}", outcome, tuple(_target(target, ids) for target in outcome.targets))
                     for index, outcome in enumerate(sheet.outcomes, start=1))
    part3 = _narrative(sheet.part3, ids)
    uploads = _uploads(sheet)
    total = sum(upload.size_bytes for upload in sheet.uploads)
    return environment.get_template(TEMPLATE).render(
        sheet=sheet, part1=part1, outcomes=outcomes, part3=part3, uploads=uploads,
        over_count=sum(upload.over for upload in uploads), total_size=_size(total),
        limit=_limit(sheet.upload_limit_mb), policy=_policy(style, script),
        style=Markup(style), script=Markup(script),  # our own files, trusted: inlined as they are
    )


def write_sheet(sheet: Sheet, path: Path) -> Path:
    """Write the page as UTF-8 with LF line ends on every system, so the bytes are the same everywhere."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(render_sheet(sheet).encode("utf-8"))
    return path
