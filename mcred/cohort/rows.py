"""One portfolio as one row of a coach's summary: the figures check judged it by, as counts and codes only.

A row never holds a finding's message, a draft's words, a quote or a student's name: privacy findings are
counted, and every problem is a code, its declared title and a place (file and line). What the row says is
computed from the same review the single-portfolio check prints, so its figures are check's own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from mcred.checks import codes
from mcred.facts import Portfolio, Review
from mcred.findings import Finding, Severity

PRIVACY_CODES = frozenset({"MC501", "MC502", "MC503", "MC504", "MC505", "MC506"})  # student information found

READY, NOT_READY, UNREADABLE, BUG = "ready", "not ready", "cannot be read", "bug in mcred"


@dataclass(frozen=True)
class Flag:
    """A finding as the summary may show it: its code, the code's declared title, its severity and its place —
    never its message, which may quote a draft or a student's name."""

    code: str
    title: str
    severity: str
    place: str          # file:line inside the portfolio, or "" for the portfolio as a whole

    @property
    def family(self) -> str:
        return self.code[:3]   # MC2 words and drafts, MC3 evidence, MC4 files, MC5 privacy


@dataclass(frozen=True)
class PartWords:
    """A narrative part's words against its minimum."""

    part_id: str
    title: str
    words: int
    minimum: int | None
    flags: tuple[Flag, ...] = ()    # the findings placed in this part's draft

    @property
    def missing(self) -> int:
        return max(0, (self.minimum or 0) - self.words)


@dataclass(frozen=True)
class Packet:
    """The packet build last wrote, if any: its file inside the portfolio and when it was written."""

    path: str
    written: float      # POSIX time

    def age(self, now: float) -> str:
        seconds = max(0.0, now - self.written)
        for unit, size in (("day", 86_400), ("h", 3_600), ("min", 60)):
            if seconds >= size:
                amount = int(seconds // size)
                return f"{amount} {unit}{'s' if unit == 'day' and amount != 1 else ''} ago"
        return "just now"

    def stamp(self) -> str:
        return dt.datetime.fromtimestamp(self.written, dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


@dataclass(frozen=True)
class Row:
    folder: str                         # as the coach typed it, or found under the cohort folder
    name: str                           # the practitioner, or the folder's name where review is blind
    exit_code: int
    status: str                         # READY, NOT_READY, UNREADABLE or BUG
    credential: str = ""                # the credential's id
    credential_title: str = ""
    blind: bool = False
    words: tuple[PartWords, ...] = ()
    targets: int = 0                    # details (or outcomes without details) the credential asks evidence for
    covered: int = 0                    # … with at least one citation that resolved
    uncovered: tuple[str, ...] = ()     # their ids
    errors: int = 0
    warnings: int = 0
    notes: int = 0
    privacy: int = 0                    # privacy findings (places where student information stands), a count
    flags: tuple[Flag, ...] = ()
    packet: Packet | None = None
    problem: str = ""                   # why it could not be read (codes and places), or the bug's summary

    @property
    def ready(self) -> bool:
        return self.exit_code == 0

    def flagged(self, *families: str) -> tuple[Flag, ...]:
        return tuple(f for f in self.flags if f.family in families)

    def as_dict(self, now: float) -> dict[str, object]:
        return {
            "folder": self.folder, "name": self.name, "blind": self.blind, "status": self.status,
            "ready": self.ready, "exit_code": self.exit_code,
            "credential": self.credential or None, "credential_title": self.credential_title or None,
            "words": {w.part_id: {"title": w.title, "words": w.words, "minimum": w.minimum, "missing": w.missing}
                      for w in self.words},
            "details": {"covered": self.covered, "total": self.targets, "uncovered": list(self.uncovered)},
            "errors": self.errors, "warnings": self.warnings, "notes": self.notes, "privacy": self.privacy,
            "codes": [{"code": f.code, "title": f.title, "severity": f.severity, "place": f.place} for f in self.flags],
            "packet": None if self.packet is None else {"path": self.packet.path, "written": self.packet.stamp(),
                                                        "age": self.packet.age(now)},
            "problem": self.problem or None,
        }


def is_blind(portfolio: Portfolio) -> bool:
    """Whether the portfolio is reviewed blind (mcred.yaml `blind: true`): then the summary names its folder,
    never the practitioner. An absent key is not blind."""
    return portfolio.blind is True


def row_of(folder: str, review: Review, exit_code: int, packet: Path | None = None) -> Row:
    """The summary row of a portfolio check has read and judged (`exit_code` as check would exit)."""
    portfolio = review.portfolio
    credential = portfolio.credential
    blind = is_blind(portfolio)
    words = tuple(PartWords(part_id, _title(review, part_id), count.words, count.minimum,
                            flags([f for f in review.findings if _in(f, portfolio.drafts.get(part_id))], portfolio.root))
                  for part_id, count in review.words.items())
    targets = [t.id for t in credential.targets]
    uncovered = tuple(t for t in targets if not review.evidence_for(t))
    tally = _tally(review.findings)
    return Row(folder=folder, name=_folder_name(folder, portfolio.root) if blind else portfolio.practitioner.name,
               exit_code=exit_code, status=READY if exit_code == 0 else NOT_READY,
               credential=credential.id, credential_title=credential.title, blind=blind, words=words,
               targets=len(targets), covered=len(targets) - len(uncovered), uncovered=uncovered,
               errors=tally[Severity.ERROR], warnings=tally[Severity.WARNING], notes=tally[Severity.NOTE],
               privacy=sum(1 for f in review.findings if f.code in PRIVACY_CODES),
               flags=flags(review.findings, portfolio.root), packet=packet_of(packet, portfolio.root))


def unreadable_row(folder: str, findings: list[Finding], exit_code: int = 2) -> Row:
    """A portfolio that cannot be read (or that build could not write): a row with what stopped it."""
    root = Path(folder)
    shown = flags(findings, root)
    tally = _tally(findings)
    problem = "; ".join(f"{f.code} {f.place}".strip() for f in shown if f.severity == Severity.ERROR.value)
    return Row(folder=folder, name=_folder_name(folder, root), exit_code=exit_code, status=UNREADABLE,
               errors=tally[Severity.ERROR], warnings=tally[Severity.WARNING], notes=tally[Severity.NOTE],
               flags=shown, problem=problem or "cannot be read")


def bug_row(folder: str, summary: str) -> Row:
    return Row(folder=folder, name=_folder_name(folder, Path(folder)), exit_code=3, status=BUG, problem=summary)


def flags(findings: list[Finding], root: Path) -> tuple[Flag, ...]:
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.NOTE: 2}
    shown = []
    for finding in sorted(findings, key=lambda f: (order[f.severity], f.code)):
        place = ""
        if finding.where is not None:
            place = finding.where.path_from(root) + (f":{finding.where.line}" if finding.where.line else "")
        declared = codes.CODES.get(finding.code)
        shown.append(Flag(finding.code, declared.title if declared else "", finding.severity.value, place))
    return tuple(shown)


def packet_of(path: Path | None, root: Path) -> Packet | None:
    try:
        if path is None or not path.is_file():
            return None
        return Packet(path.resolve().relative_to(root.resolve()).as_posix(), path.stat().st_mtime)
    except (OSError, ValueError):
        return None


def _in(finding: Finding, draft: Path | None) -> bool:
    return draft is not None and finding.where is not None and finding.where.file.resolve() == draft.resolve()


def _tally(findings: list[Finding]) -> dict[Severity, int]:
    return {s: sum(1 for f in findings if f.severity is s) for s in Severity}


def _title(review: Review, part_id: str) -> str:
    part = review.portfolio.credential.part(part_id)
    return part.title if part else part_id


def _folder_name(folder: str, root: Path) -> str:
    return root.resolve().name or folder
