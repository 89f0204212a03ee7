"""The credential and the portfolio as typed classes: the one vocabulary of the program.

Load builds these from YAML; check reads them and returns findings plus what it learned of the artifacts;
the packet typesets them. Nothing here reads files.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from mcred.findings import Location

if TYPE_CHECKING:
    from mcred.read.drafts import Draft

# What `mcred init` writes where the practitioner still has to write: check finds it left in.
GUIDANCE_MARK = "[TODO"


@dataclass(frozen=True)
class Detail:
    id: str
    text: str
    source: str | None = None  # e.g. "outcome wording": where a detail not pasted from the portal came from
    where: Location | None = None


@dataclass(frozen=True)
class Outcome:
    id: str
    text: str
    details: tuple[Detail, ...] = ()
    where: Location | None = None

    @property
    def has_portal_details(self) -> bool:
        return bool(self.details) and all(d.source is None for d in self.details)


@dataclass(frozen=True)
class Target:
    """What evidence is keyed by: a detail, or an outcome that has no details."""

    id: str
    text: str
    outcome: Outcome


@dataclass(frozen=True)
class Prompt:
    id: str
    text: str


class PartKind(str, Enum):
    NARRATIVE = "narrative"
    EVIDENCE = "evidence"


# mcred's own default for a convincing explanation, where a credential names no `min_explanation_words`.
DEFAULT_EXPLANATION_WORDS = 40


@dataclass(frozen=True)
class Part:
    id: str
    title: str
    kind: PartKind
    min_words: int | None = None
    prompts: tuple[Prompt, ...] = ()
    address_outcomes: bool = False
    min_explanation_words: int | None = None
    guidance: str | None = None

    @property
    def explanation_minimum(self) -> int:
        return self.min_explanation_words if self.min_explanation_words is not None else DEFAULT_EXPLANATION_WORDS


@dataclass(frozen=True)
class Credential:
    id: str
    title: str
    program: str
    overview: str
    outcomes: tuple[Outcome, ...]
    parts: tuple[Part, ...]
    issuer: str | None = None
    domain: str | None = None
    source_url: str | None = None
    path: Path | None = None

    @property
    def targets(self) -> list[Target]:
        """Every detail of every outcome, or the outcome itself where it has no details, in order."""
        found: list[Target] = []
        for outcome in self.outcomes:
            if outcome.details:
                found.extend(Target(d.id, d.text, outcome) for d in outcome.details)
            else:
                found.append(Target(outcome.id, outcome.text, outcome))
        return found

    @property
    def narrative_parts(self) -> list[Part]:
        return [p for p in self.parts if p.kind is PartKind.NARRATIVE]

    @property
    def evidence_part(self) -> Part | None:
        return next((p for p in self.parts if p.kind is PartKind.EVIDENCE), None)

    def part(self, part_id: str) -> Part | None:
        return next((p for p in self.parts if p.id == part_id), None)


@dataclass(frozen=True)
class Practitioner:
    name: str
    role: str = ""
    school: str = ""
    district: str = ""


class ArtifactKind(str, Enum):
    PDF = "pdf"
    IMAGE = "image"
    VIDEO = "video"
    LINK = "link"        # a web page or video the assessor opens online, with no local file
    UNSUPPORTED = "unsupported"


IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"}
VIDEO_SUFFIXES = {".mp4", ".mov", ".m4v"}


@dataclass(frozen=True)
class Artifact:
    id: str
    title: str
    file: Path | None = None       # absolute
    file_as_written: str | None = None
    url: str | None = None
    duration: str | None = None    # as written in evidence.yaml, e.g. "18:42"
    where: Location | None = None

    @property
    def kind(self) -> ArtifactKind:
        if self.file is not None:
            suffix = self.file.suffix.lower()
            if suffix == ".pdf":
                return ArtifactKind.PDF
            if suffix in IMAGE_SUFFIXES:
                return ArtifactKind.IMAGE
            if suffix in VIDEO_SUFFIXES:
                return ArtifactKind.VIDEO
            return ArtifactKind.UNSUPPORTED
        return ArtifactKind.VIDEO if self.duration else ArtifactKind.LINK


@dataclass(frozen=True)
class Citation:
    """One piece of evidence for one target: an artifact, where in it, and why it shows proficiency."""

    target_id: str
    artifact_id: str
    pages: str | None = None
    time: str | None = None
    quote: str | None = None
    explanation: str = ""
    where: Location | None = None              # the citation's first line
    fields: dict[str, Location] = field(default_factory=dict, hash=False, compare=False)  # each key's line


BYTES_PER_MB = 1024 * 1024   # one megabyte, the same for check's upload-limit findings and build's sizes


@dataclass(frozen=True)
class Settings:
    upload_limit_mb: float = 25.0   # the portal states none publicly: a sensible default, overridable


@dataclass
class Portfolio:
    root: Path
    manifest: Path
    credential: Credential
    practitioner: Practitioner
    drafts: dict[str, Path]                    # narrative part id -> draft file
    evidence_file: Path
    artifacts: list[Artifact]
    citations: list[Citation]
    date: dt.date | None = None
    settings: Settings = field(default_factory=Settings)

    def artifact(self, artifact_id: str) -> Artifact | None:
        return next((a for a in self.artifacts if a.id == artifact_id), None)

    def citations_for(self, target_id: str) -> list[Citation]:
        return [c for c in self.citations if c.target_id == target_id]

    @property
    def build_dir(self) -> Path:
        return self.root / "build"


# What check learns while it reads the portfolio, handed on to the packet so nothing is read twice.

@dataclass(frozen=True)
class ArtifactInfo:
    size_bytes: int | None = None
    page_count: int | None = None              # PDFs; images take one page of the packet
    page_labels: tuple[str, ...] = ()          # printed labels by position, where the PDF has them
    duration_seconds: float | None = None      # videos: from the local file or `duration:`
    problem: str | None = None                 # why it cannot be read, in the user's words: "encrypted", "not a PDF"

    @property
    def readable(self) -> bool:
        return self.problem is None


@dataclass(frozen=True)
class TimeSpan:
    start: int                  # seconds
    end: int | None = None

    def display(self) -> str:
        text = format_seconds(self.start)
        return text if self.end is None else f"{text}–{format_seconds(self.end)}"


def format_seconds(seconds: float) -> str:
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@dataclass(frozen=True)
class Located:
    """A citation's locator resolved against its artifact."""

    pages: tuple[int, ...] = ()      # 1-based positions in the artifact
    times: tuple[TimeSpan, ...] = ()


@dataclass(frozen=True)
class WordCount:
    part_id: str
    words: int
    minimum: int | None
    by_prompt: dict[str, int] = field(default_factory=dict, hash=False, compare=False)

    @property
    def missing(self) -> int:
        return max(0, (self.minimum or 0) - self.words)


@dataclass
class Review:
    """Everything `check` found and learned: the findings, and the facts the packet needs."""

    portfolio: Portfolio | None
    findings: list  # list[Finding]
    artifacts: dict[str, ArtifactInfo] = field(default_factory=dict)
    located: dict[int, Located] = field(default_factory=dict)    # index in portfolio.citations -> where
    words: dict[str, WordCount] = field(default_factory=dict)    # part id -> count
    drafts: dict[str, Draft] = field(default_factory=dict)       # part id -> the draft as parsed, once

    def evidence_for(self, target_id: str) -> list[Citation]:
        """The target's citations that resolved against a readable, listed artifact: what really covers it."""
        if self.portfolio is None:
            return []
        return [c for index, c in enumerate(self.portfolio.citations)
                if c.target_id == target_id and index in self.located]
