"""Student privacy and blind review (MC5xx). Student information — roster names, listed terms, email addresses,
phone numbers, dates of birth and student ids — and, in a blind portfolio, what identifies the practitioner —
their name, school, district and `identity:` words — in the drafts, the evidence map, every page of every
artifact and what each artifact PDF carries beyond its pages (comments, form fields, links, bookmarks, document
properties, XMP, attachments): reported masked, never as written. One scanner, two sets of rules."""

from __future__ import annotations

from mcred.facts import ArtifactKind, Facts, HiddenPlace, HiddenText
from mcred.findings import Finding, Location, counted, note, warning
from mcred.privacy.masking import mask
from mcred.privacy.rules import PrivacyRules
from mcred.privacy.scan import Hit, HitKind, find_hits

_CODE = {HitKind.NAME: "MC501", HitKind.TERM: "MC502", HitKind.EMAIL: "MC503", HitKind.PHONE: "MC504",
         HitKind.DOB: "MC505", HitKind.STUDENT_ID: "MC506"}
IDENTITY_CODE = "MC508"
NO_BLIND_KEY = "MC509"
INSTALL = 'pip install "mcred[ocr]"'
_SHOWN_AT_MOST = 3   # masked snippets in one finding
_PLURAL = {HitKind.EMAIL: "email addresses", HitKind.DOB: "dates of birth", HitKind.STUDENT_ID: "student IDs"}
# Places of an artifact that never reach the packet: only the file itself, if it is uploaded on its own, has them.
_LEFT_OUT = {HiddenPlace.BOOKMARK, HiddenPlace.PROPERTIES, HiddenPlace.XMP, HiddenPlace.ATTACHMENT}


class _Scan:
    """One set of rules, and how its hits are worded."""

    def __init__(self, rules: PrivacyRules, identity: bool):
        self.rules, self.identity, self.redacting = rules, identity, rules.redact

    def findings(self, hits: list[Hit], place: str, where: Location | None, left_out: bool = False) -> list[Finding]:
        """One finding per kind of data at a place: how many, and the first few masked."""
        if not hits:
            return []
        if self.identity:   # the practitioner's name, school or district: one code whatever matched
            return [self._finding(IDENTITY_CODE, hits, "mention", "of you, your school or district", place, where,
                                  left_out)]
        by_kind: dict[HitKind, list[Hit]] = {}
        for hit in hits:
            by_kind.setdefault(hit.kind, []).append(hit)
        return [self._finding(_CODE[kind], found, kind.value, "", place, where, left_out,
                              _PLURAL.get(kind, kind.value + "s"))
                for kind, found in by_kind.items()]

    def _finding(self, code: str, found: list[Hit], noun: str, after: str, place: str, where: Location | None,
                 left_out: bool, plural: str = "") -> Finding:
        snippets = list(dict.fromkeys(h.snippet for h in found))
        shown = ", ".join(snippets[:_SHOWN_AT_MOST]) + (" …" if len(snippets) > _SHOWN_AT_MOST else "")
        amount = noun if len(found) == 1 else plural or noun + "s"
        return warning(code, f"{place}: {len(found)} {amount}{' ' + after if after else ''} ({shown})",
                       self._fix(left_out), where)

    def _fix(self, left_out: bool) -> str:
        if left_out:
            return ("the packet leaves this out, but the file itself carries it: remove it there (the PDF's "
                    "properties, bookmarks or attachments) before you upload the file on its own")
        if self.redacting:
            return "the packet will black it out (`privacy: redact: true`); check the redacted pages in the packet"
        if self.identity:
            return ("write it without your name, school or district (\"my school\", \"the district\"), cite a "
                    "redacted copy, or set `privacy: redact: true` in mcred.yaml so the packet blacks it out")
        return ("remove it from the file (or cite a redacted copy), or set `privacy: redact: true` in mcred.yaml so "
                "the packet blacks it out")


def check(facts: Facts) -> list[Finding]:
    findings: list[Finding] = []
    scans = [_Scan(rules, identity) for rules, identity in ((facts.privacy, False), (facts.identity, True))
             if rules is not None]
    for scan in scans:
        findings += _scan(facts, scan)
    if scans:
        findings += _unscanned(facts, "student information" if facts.privacy is not None else "what identifies you")
    portfolio = facts.portfolio
    if portfolio.blind is None:
        findings.append(note(NO_BLIND_KEY, f"{portfolio.manifest.name} does not say whether the packet is for blind "
                                           "review: it names you on its cover, in every page's footer and in its "
                                           "properties",
                             "add `blind: true` to mcred.yaml if your assessors review blind (ELN does), "
                             "or `blind: false` to keep your name on the packet", Location(portfolio.manifest)))
    return findings


def _scan(facts: Facts, scan: _Scan) -> list[Finding]:
    rules = scan.rules
    portfolio = facts.portfolio
    findings: list[Finding] = []
    for draft in facts.drafts.values():
        text = draft.source
        for line, hits in _by_line(text, find_hits(text, rules)).items():
            place = f"{draft.path.name} line {line}" if draft.word is None else draft.path.name
            findings += scan.findings(hits, place, Location(draft.path, draft.line(line)))
    for citation in portfolio.citations:
        for field in ("explanation", "quote"):
            text = getattr(citation, field) or ""
            where = citation.fields.get(field, citation.where)
            findings += scan.findings(find_hits(text, rules), f"{citation.target_id}'s {field}", where)
    for artifact in portfolio.artifacts:
        findings += scan.findings(find_hits(artifact.title, rules), f"artifact {artifact.id}'s title", artifact.where)
        if artifact.file_as_written:
            findings += scan.findings(find_hits(artifact.file_as_written, rules),
                                      f"artifact {artifact.id}'s file name", artifact.where)
    for artifact in portfolio.artifacts:
        where = Location(portfolio.evidence_file, artifact.where.line if artifact.where else None)
        for number, text in enumerate(facts.scanned.get(artifact.id, ()), 1):
            findings += scan.findings(find_hits(text, rules), f"{artifact.id} p. {number}", where)
        for item in facts.hidden.get(artifact.id, ()):
            findings += scan.findings(find_hits(item.text, rules), f"{artifact.id} {hidden_place(item)}", where,
                                      left_out=item.place in _LEFT_OUT)
    return findings


def hidden_place(item: HiddenText) -> str:
    """Where in the file a piece of hidden text stands, as a finding says it; names that may themselves be
    someone's (a form field's, an attachment's) are masked."""
    page = f"p. {item.page} " if item.page is not None else ""
    if item.place is HiddenPlace.NOTE:
        return f"{page}(a comment{f', {item.label}' if item.label else ''})"
    if item.place is HiddenPlace.FIELD:
        return f"{page}(form field{f' {mask(item.label)}' if item.label else ''})"
    if item.place is HiddenPlace.PROPERTIES:
        return f"(document properties: {item.label})"
    if item.place is HiddenPlace.ATTACHMENT:
        return f"{page}(attachment{f' {mask(item.label)}' if item.label else ''})"
    return f"{page}({'a ' if item.place in (HiddenPlace.LINK, HiddenPlace.BOOKMARK) else ''}{item.place.value})"


def _unscanned(facts: Facts, what: str) -> list[Finding]:
    findings: list[Finding] = []
    portfolio = facts.portfolio
    for artifact in portfolio.artifacts:
        where = Location(portfolio.evidence_file, artifact.where.line if artifact.where else None)
        pages = facts.scanned.get(artifact.id)
        if pages is None:
            if artifact.kind is ArtifactKind.IMAGE and facts.artifacts[artifact.id].readable:
                findings.append(note("MC507", f"artifact {artifact.id} is an image: its text was not scanned for "
                                              f"{what}", "look at it yourself before you submit", where))
            continue
        inspection = facts.artifacts[artifact.id].inspection
        withheld = inspection.withheld if inspection is not None else {}   # never read, never shown: MC414 says so
        unscanned = [n for n, text in enumerate(pages, 1) if not text.strip() and n not in withheld]
        if unscanned and artifact.kind is ArtifactKind.IMAGE:
            findings.append(note("MC507", f"artifact {artifact.id} is an image on which OCR read no text: it was not "
                                          f"scanned for {what}", "look at it yourself before you submit",
                                 where))
        elif unscanned:
            why = ("scans or pictures of text where OCR read nothing" if facts.ocr_ran else
                   "scans or pictures of text (OCR is not installed)" if facts.ocr_missing else
                   "scans or pictures of text")
            fix = ("look at those pages yourself before you submit" +
                   (f", or install OCR (`{INSTALL}`) so check reads them" if facts.ocr_missing else ""))
            findings.append(note("MC507", f"artifact {artifact.id} has {counted(len(unscanned), 'page')} without "
                                          f"text ({_pages(unscanned)}), not scanned for {what}: {why}",
                                 fix, where))
    return findings


def _by_line(text: str, hits: list[Hit]) -> dict[int, list[Hit]]:
    lines: dict[int, list[Hit]] = {}
    for hit in hits:
        lines.setdefault(text.count("\n", 0, hit.start) + 1, []).append(hit)
    return lines


def _pages(numbers: list[int]) -> str:
    shown = ", ".join(f"p. {n}" for n in numbers[:8])
    return shown + (f" and {len(numbers) - 8} more" if len(numbers) > 8 else "")
