"""The typed records everything downstream of reading uses: the one vocabulary of the program.

`mcred.read` builds them from the portfolio's files (the only code that opens them) into one immutable `Facts`;
checks take Facts and return findings; the packet typesets the same Facts. Nothing here reads files.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from mcred.findings import Location, Severity
from mcred.pdfmodel import PageLink, PdfInspection, Rect
from mcred.privacy.rules import PrivacyRules
from mcred.textpos import ScannedPage

if TYPE_CHECKING:
    from mcred.text.drafts import Draft

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


class Numbering(str, Enum):
    """Which page numbers a citation means, where a PDF's printed labels differ from positions."""

    POSITION = "position"   # the page's place in the file, as a viewer counts (1-based)
    PRINTED = "printed"     # the label printed on the page (i, ii, 1, 2 …)


@dataclass(frozen=True)
class Artifact:
    id: str
    title: str
    file: Path | None = None       # absolute
    file_as_written: str | None = None
    url: str | None = None
    duration: str | None = None    # as written in evidence.yaml, e.g. "18:42"
    where: Location | None = None
    kind: ArtifactKind = ArtifactKind.LINK   # decided by the kind registry (mcred.read.artifacts) as it reads
    numbering: Numbering | None = None       # how its citations' page numbers are meant, where the user says
    converted_from: Path | None = None       # an Office file whose PDF (LibreOffice's, in .mcred/) `file` is
    not_converted: str | None = None         # an Office file left as it is: why it could not be converted


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
    numbering: Numbering | None = None         # overrides the artifact's
    fields: dict[str, Location] = field(default_factory=dict, hash=False, compare=False)  # each key's line

    @property
    def place(self) -> str:
        """"A1 p. 4", "A1 pp. 4-6", "A2 2:10-4:30": the citation as a line names it."""
        if self.pages:
            many = any(mark in self.pages for mark in ",-–")
            return f"{self.artifact_id} {'pp.' if many else 'p.'} {self.pages}"
        return f"{self.artifact_id} {self.time}" if self.time else self.artifact_id


BYTES_PER_MB = 1024 * 1024   # one megabyte, the same for check's upload-limit findings and build's sizes


@dataclass(frozen=True)
class Settings:
    upload_limit_mb: float = 25.0   # the portal states none publicly: a sensible default, overridable


class Pattern(str, Enum):
    """The built-in kinds of student information the privacy scan looks for (beyond roster names and terms)."""

    EMAIL = "email"
    PHONE = "phone"
    DOB = "dob"


@dataclass(frozen=True)
class Privacy:
    """mcred.yaml's `privacy:` section as written: what to look for, and whether the packet removes it."""

    roster: Path | None = None
    roster_as_written: str | None = None
    terms: tuple[str, ...] = ()
    patterns: frozenset[Pattern] = frozenset({Pattern.EMAIL})
    student_id: tuple[str, ...] = ()          # masks such as S####### (# a digit, ? a letter)
    redact: bool = False
    where: Location | None = None


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
    privacy: Privacy | None = None             # None: nothing is scanned
    # `blind:` as written (None: the key is absent, which means false). Read it here and nowhere else.
    blind: bool | None = None
    identity: tuple[str, ...] = ()             # `identity:` words that point to the practitioner (a mascot, a town)

    @property
    def shown_practitioner(self) -> Practitioner:
        """The practitioner as the packet, its parts and the submission sheet show them: nobody, for blind review."""
        return Practitioner("") if self.blind else self.practitioner

    def artifact(self, artifact_id: str) -> Artifact | None:
        return next((a for a in self.artifacts if a.id == artifact_id), None)

    def citations_for(self, target_id: str) -> list[Citation]:
        return [c for c in self.citations if c.target_id == target_id]

    @property
    def build_dir(self) -> Path:
        return self.root / "build"


# What check learns while it reads the portfolio, handed on to the packet so nothing is read twice.

class Problem(str, Enum):
    """Why a file the portfolio names cannot be used: one vocabulary for drafts, artifacts and check's findings."""

    MISSING = "does not exist"
    FOLDER = "is a folder, not a file"
    NOT_REGULAR = "is not a regular file (a pipe, a device or a socket)"
    OUTSIDE = "is outside the portfolio folder"
    TOO_LARGE = "is too large"
    NOT_UTF8 = "is not UTF-8 text"
    NOT_A_DRAFT = "is in a format mcred does not read as a draft"
    NO_ACCESS = "cannot be opened"
    ENCRYPTED = "is password-protected"
    CORRUPT = "is corrupt"
    NOT_A_PDF = "is not a PDF"
    NOT_AN_IMAGE = "is not an image"
    UNDECODABLE = "cannot be decoded"
    UNSAFE = "is too large to read safely"   # past a whole-file limit of mcred.read.bounds


@dataclass(frozen=True)
class Trouble:
    """A file that could not be used: the kind of problem, and what the reader said about it (for the message)."""

    problem: Problem
    detail: str = ""                 # e.g. the OS's words, or where a decoder stopped
    line: int | None = None

    def says(self) -> str:
        return self.problem.value + (f" ({self.detail})" if self.detail else "")


class HiddenPlace(str, Enum):
    """Where in an artifact PDF words stand that are not its pages' text, as findings name it."""

    NOTE = "comment"                  # an annotation's text (/Contents, rich text), a popup's, its author
    FIELD = "form field"              # a form field's value
    LINK = "link"                     # a link annotation's web address
    BOOKMARK = "bookmark"
    PROPERTIES = "document properties"   # /Info: title, author, subject, keywords …
    XMP = "XMP metadata"
    ATTACHMENT = "attachment"         # an embedded file's name, description and (text files) content


@dataclass(frozen=True)
class HiddenText:
    """Words in an artifact PDF beyond its pages' text: scanned like page text, reported with where they stand."""

    place: HiddenPlace
    text: str
    page: int | None = None                      # 1-based, for annotations and form fields
    rect: tuple[float, float, float, float] | None = None   # the annotation's /Rect, page space (redaction)
    label: str = ""                              # e.g. "Author", an attachment's file name


@dataclass(frozen=True)
class ArtifactInfo:
    size_bytes: int | None = None
    inspection: PdfInspection | None = None    # PDFs: each page's displayed size, links, what the packet cannot show
    page_count: int | None = None              # PDFs; images take one page of the packet
    page_labels: tuple[str, ...] = ()          # printed labels by position, where the PDF has them
    duration_seconds: float | None = None      # videos: from the local file or `duration:`; None when unknown
    trouble: Trouble | None = None             # why it cannot be used
    content_hash: str | None = None            # sha256 of the file: the cache's key
    stamp: tuple[int, int, int, int] | None = None   # its size, times and inode just before the hash was taken

    @property
    def readable(self) -> bool:
        return self.trouble is None

    @property
    def problem(self) -> Problem | None:
        return self.trouble.problem if self.trouble else None


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


@dataclass(frozen=True)
class Issue:
    """Something wrong with how a citation points into its artifact, as data: check words it as a finding placed
    on the citation's `field` (pages, time, quote) — the reader that found it never prints or judges."""

    code: str
    severity: Severity
    message: str
    fix: str
    field: str = ""


@dataclass(frozen=True)
class Resolution:
    """A citation's locator resolved against its artifact: where it points (None: nowhere), and any issues."""

    located: Located | None
    issues: tuple[Issue, ...] = ()
    alternate: Located | None = None     # the other reading of a page number that is also another page's label


# --- a resubmission: the attempts recorded in submissions/, the assessor's feedback, what changed since -------

class Result(str, Enum):
    """The assessor's word on an outcome or detail."""

    PROFICIENT = "proficient"
    NOT_YET = "not-yet"


@dataclass(frozen=True)
class Judgement:
    """One line of feedback.yaml: an outcome or detail id, the result (None: not filled in yet), the comment."""

    id: str
    result: Result | None
    comment: str = ""
    where: Location | None = None


@dataclass(frozen=True)
class Feedback:
    """feedback.yaml: the assessor's results on one attempt, and a general comment per part."""

    path: Path
    attempt: int | None
    results: tuple[Judgement, ...] = ()
    parts: Mapping[str, str] = field(default_factory=dict)     # part id -> the assessor's general comment
    part_where: Mapping[str, Location] = field(default_factory=dict)
    where: Location | None = None                               # the `attempt:` line


@dataclass(frozen=True)
class Attempt:
    """One recorded submission, submissions/<number>/, as its manifest.yaml says."""

    number: int
    folder: Path
    date: str = ""
    inputs: Mapping[str, str] = field(default_factory=dict)    # input path (from the portfolio) -> sha256
    packet_hash: str = ""


@dataclass(frozen=True)
class Rewrite:
    """A citation kept (same artifact and place) whose explanation was rewritten: its words before and after."""

    citation: int              # index into the current portfolio.citations
    words_before: int
    words_after: int


@dataclass(frozen=True)
class TargetChange:
    """What changed in one target's evidence since the last attempt (nothing: every tuple empty)."""

    target_id: str
    added: tuple[int, ...] = ()               # indices into the current portfolio.citations
    removed: tuple[Citation, ...] = ()        # the last attempt's citations that are gone
    rewritten: tuple[Rewrite, ...] = ()
    requoted: tuple[int, ...] = ()            # current citations whose quote changed
    replaced: tuple[str, ...] = ()            # cited artifact ids whose file changed

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed or self.rewritten or self.requoted or self.replaced)


@dataclass(frozen=True)
class PartChange:
    """A narrative part whose text changed since the last attempt, with its words then and now."""

    part_id: str
    title: str
    words_before: int
    words_after: int


@dataclass(frozen=True)
class Changes:
    """Everything that changed since attempt `since`: by target, by narrative part, and the artifacts added."""

    since: int
    targets: Mapping[str, TargetChange] = field(default_factory=dict)   # only targets that changed
    parts: tuple[PartChange, ...] = ()
    new_artifacts: tuple[str, ...] = ()       # artifact ids the last attempt's evidence map did not list

    def for_item(self, item_id: str, credential: Credential) -> list[TargetChange]:
        """The changes under a feedback item: a target's own, or every detail's of an outcome judged whole."""
        outcome = next((o for o in credential.outcomes if o.id == item_id), None)
        ids = [d.id for d in outcome.details] if outcome is not None and outcome.details else [item_id]
        return [self.targets[i] for i in ids if i in self.targets]


@dataclass(frozen=True)
class Resubmission:
    """A portfolio with recorded attempts (submissions/) or feedback.yaml: the attempts, what changed since the
    last one, and the assessor's feedback."""

    attempts: tuple[Attempt, ...] = ()
    changes: Changes | None = None            # None: nothing submitted, or the last attempt's sources unreadable
    unreadable: str = ""                      # why the last attempt's sources could not be read
    feedback: Feedback | None = None

    @property
    def last(self) -> Attempt | None:
        return self.attempts[-1] if self.attempts else None


@dataclass(frozen=True)
class Facts:
    """Everything read from a portfolio folder, once: the only input of checks and of the packet."""

    portfolio: Portfolio
    drafts: Mapping[str, Draft]                       # part id -> the draft as parsed
    draft_troubles: Mapping[str, Trouble]             # part id -> why its draft could not be read
    artifacts: Mapping[str, ArtifactInfo]             # artifact id -> what its file holds
    resolutions: tuple[Resolution | None, ...]        # by citation index; None where the artifact is not listed
    page_texts: Mapping[tuple[str, int], str]         # (artifact id, position) -> text, for every cited PDF page
    privacy: PrivacyRules | None = None               # what the privacy scan looks for; None: no scan
    scanned: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # artifact id -> every page's text
    # citation index -> the (artifact id, position) pages its quote stands on, where it is not on the cited pages:
    # the cited artifact's other pages first, then (if none) the other PDF artifacts'; at most a few
    quote_found_elsewhere: Mapping[int, tuple[tuple[str, int], ...]] = field(default_factory=dict)
    # what identifies the practitioner, for a blind portfolio: their name, school, district, `identity:` words
    identity: PrivacyRules | None = None
    hidden: Mapping[str, tuple[HiddenText, ...]] = field(default_factory=dict)  # artifact id -> beyond page text
    # artifact id -> the pages without a text layer whose text OCR read, as it read them (text and boxes)
    ocr: Mapping[str, Mapping[int, ScannedPage]] = field(default_factory=dict)
    ocr_missing: str | None = None     # why OCR could not run though it was wanted (its packages not installed)
    ocr_ran: bool = False              # pages without text were read by OCR (not `--no-ocr`, and installed)
    # submissions/ and feedback.yaml: None when nothing was submitted and there is no feedback
    resubmission: Resubmission | None = None

    @property
    def redaction(self) -> PrivacyRules | None:
        """What the packet blacks out: student information and, for a blind portfolio, what identifies the
        practitioner — one set of rules, so one pass of the scanner finds both. None: nothing is redacted."""
        if self.privacy is None or not self.privacy.redact:
            return None
        return self.privacy if self.identity is None else self.privacy.joined(self.identity)

    @property
    def located(self) -> dict[int, Located]:
        return {index: r.located for index, r in enumerate(self.resolutions) if r is not None and r.located}


@dataclass(frozen=True)
class Review:
    """What `check` made of the facts: the findings, and the word counts it judged them by."""

    facts: Facts
    findings: list  # list[Finding]
    words: dict[str, WordCount] = field(default_factory=dict)    # part id -> count

    @property
    def portfolio(self) -> Portfolio:
        return self.facts.portfolio

    @property
    def drafts(self) -> Mapping[str, Draft]:
        return self.facts.drafts

    @property
    def artifacts(self) -> Mapping[str, ArtifactInfo]:
        return self.facts.artifacts

    @property
    def located(self) -> dict[int, Located]:
        return self.facts.located

    def evidence_for(self, target_id: str) -> list[Citation]:
        """The target's citations that resolved against a readable, listed artifact: what really covers it."""
        located = self.located
        return [c for index, c in enumerate(self.portfolio.citations)
                if c.target_id == target_id and index in located]


# --- what the packet embeds: made by mcred.prepare from the facts and check's review -------------------------

@dataclass(frozen=True)
class Highlight:
    """A cited passage on an artifact page: where its words stand, and the citation that quotes it."""

    rect: Rect                 # on the displayed page, points, origin top-left (see mcred.pdfmodel)
    citation: int              # index into portfolio.citations


@dataclass(frozen=True)
class EmbeddedPage:
    width: float               # the page as a viewer displays it (cropped, rotated), in points
    height: float
    links: tuple[PageLink, ...] = ()          # the artifact's own links, to carry over the embedded page
    highlights: tuple[Highlight, ...] = ()
    redacted: bool = False                    # rendered to an image with student information blacked out
    withheld: str = ""                        # why the page is too large to show safely; "" for a page shown


@dataclass(frozen=True)
class Embedding:
    """How one artifact PDF goes into the packet: the file Typst embeds (the artifact itself, or a prepared or
    redacted copy in `.mcred/`, always inside the portfolio) and what each of its pages carries. A long one is
    embedded from that file split into chunks in `.mcred/chunks/`, `chunk_pages` pages each (mcred.prepare.chunks)."""

    path: Path
    pages: tuple[EmbeddedPage, ...]
    chunks: tuple[Path, ...] = ()
    chunk_pages: int = 0
