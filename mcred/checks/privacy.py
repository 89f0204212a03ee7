"""Student privacy (MC5xx): roster names, listed terms, email addresses, phone numbers, dates of birth and student
ids in the drafts, the evidence map and every page of every artifact — reported masked, never as written."""

from __future__ import annotations

from mcred.facts import ArtifactKind, Facts
from mcred.findings import Finding, Location, counted, note, warning
from mcred.privacy.scan import Hit, HitKind, find_hits

_CODE = {HitKind.NAME: "MC501", HitKind.TERM: "MC502", HitKind.EMAIL: "MC503", HitKind.PHONE: "MC504",
         HitKind.DOB: "MC505", HitKind.STUDENT_ID: "MC506"}
_SHOWN_AT_MOST = 3   # masked snippets in one finding
_PLURAL = {HitKind.EMAIL: "email addresses", HitKind.DOB: "dates of birth", HitKind.STUDENT_ID: "student IDs"}


def check(facts: Facts) -> list[Finding]:
    rules = facts.privacy
    if rules is None:
        return []
    portfolio = facts.portfolio
    redacting = rules.redact
    findings: list[Finding] = []
    for draft in facts.drafts.values():
        text = draft.source
        for line, hits in _by_line(text, find_hits(text, rules)).items():
            findings += _found(hits, f"{draft.path.name} line {line}", Location(draft.path, line), redacting)
    for citation in portfolio.citations:
        for field in ("explanation", "quote"):
            text = getattr(citation, field) or ""
            hits = find_hits(text, rules)
            if hits:
                where = citation.fields.get(field, citation.where)
                findings += _found(hits, f"{citation.target_id}'s {field}", where, redacting)
    for artifact in portfolio.artifacts:
        hits = find_hits(artifact.title, rules)
        if hits:
            findings += _found(hits, f"artifact {artifact.id}'s title", artifact.where, redacting)
    for artifact in portfolio.artifacts:
        where = Location(portfolio.evidence_file, artifact.where.line if artifact.where else None)
        pages = facts.scanned.get(artifact.id)
        if pages is None:
            if artifact.kind is ArtifactKind.IMAGE and facts.artifacts[artifact.id].readable:
                findings.append(note("MC507", f"artifact {artifact.id} is an image: its text was not scanned for "
                                              "student information", "look at it yourself before you submit", where))
            continue
        for number, text in enumerate(pages, 1):
            findings += _found(find_hits(text, rules), f"{artifact.id} p. {number}", where, redacting)
        unscanned = [n for n, text in enumerate(pages, 1) if not text.strip()]
        if unscanned:
            findings.append(note("MC507", f"artifact {artifact.id} has {counted(len(unscanned), 'page')} without "
                                          f"text ({_pages(unscanned)}), not scanned for student information: scans "
                                          "or pictures of text", "look at those pages yourself before you submit",
                                 where))
    return findings


def _found(hits: list[Hit], place: str, where: Location | None, redacting: bool) -> list[Finding]:
    """One finding per kind of data at a place: how many, and the first few masked."""
    findings = []
    by_kind: dict[HitKind, list[Hit]] = {}
    for hit in hits:
        by_kind.setdefault(hit.kind, []).append(hit)
    for kind, found in by_kind.items():
        snippets = list(dict.fromkeys(h.snippet for h in found))
        shown = ", ".join(snippets[:_SHOWN_AT_MOST]) + (" …" if len(snippets) > _SHOWN_AT_MOST else "")
        fix = ("the packet will black it out (`privacy: redact: true`); check the redacted pages in the packet"
               if redacting else
               "remove it from the file (or cite a redacted copy), or set `privacy: redact: true` in mcred.yaml so "
               "the packet blacks it out")
        amount = kind.value if len(found) == 1 else _PLURAL.get(kind, kind.value + "s")
        findings.append(warning(_CODE[kind], f"{place}: {len(found)} {amount} ({shown})", fix, where))
    return findings


def _by_line(text: str, hits: list[Hit]) -> dict[int, list[Hit]]:
    lines: dict[int, list[Hit]] = {}
    for hit in hits:
        lines.setdefault(text.count("\n", 0, hit.start) + 1, []).append(hit)
    return lines


def _pages(numbers: list[int]) -> str:
    shown = ", ".join(f"p. {n}" for n in numbers[:8])
    return shown + (f" and {len(numbers) - 8} more" if len(numbers) > 8 else "")

