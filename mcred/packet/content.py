"""The portfolio, as check reviewed it, turned into the one typed document the packet template typesets.

Everything the assessor reads comes from here as data (document.py declares its shape): strings, numbers and
Markdown trees (markup.py). Packet page numbers are not decided here: the template finds where each artifact
page landed; everything else — what each page is cited for, where a highlight goes — is decided here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import cast

from mcred.facts import Embedding, Part, PartKind, Portfolio, Review, WordCount
from mcred.findings import Finding, Severity
from mcred.packet import markup
from mcred.packet.artifacts import artifact_views
from mcred.packet.document import Blocker, Cover, Coverage, Document, NarrativePart, Section, WordRow
from mcred.packet.document import Part as PartView
from mcred.packet.evidence import evidence_part, matrix
from mcred.packet.typography import prose
from mcred.privacy.rules import PrivacyRules
from mcred.read.sections import answers

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
COVER_BLOCKERS = 3   # a draft's cover names this many of the findings that block it, and counts the rest


def packet_document(review: Review, *, root: Path, date: dt.date | None,
                    embedded: Mapping[str, Embedding] | None = None, draft: bool = False) -> Document:
    """The whole packet as data. `root` is the folder Typst may read from: artifact paths are relative to it.
    `embedded` is the preparation stage's word on each PDF artifact (`mcred.prepare.stage.embeddings`)."""
    portfolio = review.portfolio
    credential = portfolio.credential
    person = portfolio.shown_practitioner
    artifacts = artifact_views(review, embedded or {}, root)
    parts: list[PartView] = []
    for number, part in enumerate(credential.parts, 1):
        if part.kind is PartKind.EVIDENCE:
            parts.append(evidence_part(part.id, number, part.title, review, artifacts))
        else:
            parts.append(_narrative(part, number, portfolio, review))
    owner = f" — {person.name}" if person.name else ""
    document: Document = {
        "meta": {
            "title": f"{credential.title}{owner}",
            "author": person.name,
            "subject": f"{credential.program}: {credential.title}",
            "keywords": [credential.program, credential.title, "micro-credential"],
            "part_titles": {part.id: f"Part {number} · {part.title} — {credential.title}{owner}"
                            for number, part in enumerate(credential.parts, 1)},
        },
        "running": {"credential": prose(credential.title), "practitioner": person.name},
        "cover": _cover(review, date, draft),
        "matrix": matrix(review, artifacts),
        "parts": parts,
        "artifacts": list(artifacts.values()),
    }
    rules = review.facts.redaction
    if rules is not None:
        document["cover"]["redaction"] = redaction_summary(review, embedded or {})
        return redacted(document, rules)
    return document


def _long_date(date: dt.date) -> str:
    return f"{_MONTHS[date.month - 1]} {date.day}, {date.year}"  # as a US reader writes it


# --- the cover ---------------------------------------------------------------------------------------------

def _cover(review: Review, date: dt.date | None, draft: bool) -> Cover:
    portfolio = review.portfolio
    credential = portfolio.credential
    person = portfolio.shown_practitioner
    blocking = [f for f in review.findings if f.severity is Severity.ERROR] if draft else []
    return {
        "program": credential.program,
        "issuer": credential.issuer or "",
        "title": prose(credential.title),
        "name": person.name,
        "role": person.role,
        "places": [p for p in (person.school, person.district) if p],
        "date": _long_date(date) if date else "",
        "words": [_word_row(p, number, review) for number, p in enumerate(credential.parts, 1)
                  if p.kind is PartKind.NARRATIVE],
        "coverage": coverage(review),
        "blocking": len(blocking),
        "blockers": [_blocker(f, portfolio.root) for f in blocking[:COVER_BLOCKERS]],
        "redaction": "",
        "blind": bool(portfolio.blind),
    }


def _blocker(finding: Finding, root: Path) -> Blocker:
    return {"code": finding.code, "where": finding.where.display(root) if finding.where else "",
            "message": finding.message}


def _word_row(part: Part, number: int, review: Review) -> WordRow:
    # check counted the words (a draft it could not read counts none): the packet never counts twice
    count = review.words.get(part.id) or WordCount(part.id, 0, part.min_words)
    return {"number": number, "title": prose(part.title), "words": count.words, "minimum": count.minimum or 0,
            "missing": count.missing}


def coverage(review: Review) -> Coverage:
    """What Part 2 covers and how, in plain words: per detail, or per outcome where the portal's details are not
    pasted in. Covered means a citation that resolved against an artifact in the packet (check's own test)."""
    credential = review.portfolio.credential
    targets = credential.targets
    missing = [t.id for t in targets if not review.evidence_for(t.id)]
    whole = [o for o in credential.outcomes if not o.details]
    detailed = [o for o in credential.outcomes if o.details]
    unit = "detail" if not whole else "outcome" if not detailed else "outcome and detail"
    status = f"every {unit} covered" if not missing else f"{len(missing)} of {len(targets)} not covered"
    how: list[str] = []
    if whole:
        ids = _listed([o.id for o in whole])
        noun = "outcome" if len(whole) == 1 else "outcomes"
        how.append(f"{noun} {ids} as a whole (the portal’s details for {'it' if len(whole) == 1 else 'them'} are "
                   "not pasted into credential.yaml)" if detailed else
                   f"each of the {len(whole)} essential outcomes as a whole (the portal’s details are not pasted "
                   "into credential.yaml)")
    for outcome in detailed:
        details = [d.id for d in outcome.details]
        span = details[0] if len(details) == 1 else f"{details[0]}–{details[-1]}" if len(details) > 2 else \
            " and ".join(details)
        taken = {d.source for d in outcome.details if d.source}
        source = f", taken from the {' and '.join(sorted(taken))}" if taken else ""
        how.append(f"outcome {outcome.id} detail by detail ({span}{source})")
    if len(detailed) > 2 and not whole:
        how = [f"all {len(detailed)} essential outcomes detail by detail ({len(targets)} details)"]
    sentence = f"Part 2 gives evidence for {_listed(how, ';' if len(how) > 2 else ',')}. "
    if not missing:
        sentence += (f"Each of these {len(targets)} has at least one citation of an artifact in this packet."
                     if len(targets) > 1 else "It has at least one citation of an artifact in this packet.")
    else:
        sentence += f"Not yet covered by any artifact in this packet: {_listed(missing)}."
    return {"status": status, "sentence": sentence, "citations": len(review.portfolio.citations)}


def _listed(items: list[str], separator: str = ",") -> str:
    """"1, 2 and 3", as a sentence lists them."""
    if len(items) <= 1:
        return "".join(items)
    return f"{f'{separator} '.join(items[:-1])} and {items[-1]}"


# --- narrative parts --------------------------------------------------------------------------------------------

def _narrative(part: Part, number: int, portfolio: Portfolio, review: Review) -> NarrativePart:
    shown: NarrativePart = {"id": part.id, "number": number, "title": prose(part.title), "kind": "narrative",
                            "intro": [], "sections": []}
    draft = review.drafts.get(part.id)   # as check parsed it: the packet never reads a draft again
    if draft is None:   # only a draft packet gets here; check said why (MC201)
        path = portfolio.drafts.get(part.id)
        name = path.name if path else f"{part.id}.md"
        why = "is missing" if path is None or not path.exists() else "could not be read"
        shown["intro"] = markup.plain(f"Not written yet: {name} {why}.")
        return shown
    intro, found = answers(draft, part, portfolio.credential)
    sections: list[Section] = []
    for answer in found:
        asked = answer.asked
        body = markup.blocks(answer.tokens)
        sections.append({
            "label": asked.label if asked else "",
            "title": prose(asked.text if asked else answer.heading),
            "body": body or markup.plain("Not answered yet."),
        })
    shown["intro"], shown["sections"] = markup.blocks(intro), sections
    return shown


# --- `privacy: redact: true` --------------------------------------------------------------------------------

_KEPT_AS_WRITTEN = frozenset({"path", "chunks", "url", "id", "key", "t", "kind"})   # what Typst reads, not what it shows


def redacted(document: Document, rules: PrivacyRules) -> Document:
    """The document with every hit in its text replaced by █████: drafts, explanations, titles, alt text, bookmarks.
    (Artifact pages holding hits are embedded from redacted copies: see mcred.prepare.stage.)"""
    from mcred.privacy.redact import redact_text
    from mcred.privacy.scan import find_hits

    def clean(value: object, key: str = "") -> object:
        if isinstance(value, str):
            return value if key in _KEPT_AS_WRITTEN else redact_text(value, find_hits(value, rules))
        if isinstance(value, dict):
            return {k: clean(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [clean(v, key) for v in value]
        return value

    return cast(Document, clean(document))


def redaction_summary(review: Review, embedded: Mapping[str, Embedding]) -> str:
    """How many items were redacted, and where, in plain words — never what they were."""
    from mcred.privacy.scan import find_hits

    rules = review.facts.redaction
    assert rules is not None
    places: list[str] = []
    items = 0
    for artifact_id, embedding in embedded.items():
        pages = [n for n, page in enumerate(embedding.pages, 1) if page.redacted]
        texts = review.facts.scanned.get(artifact_id, ())
        items += sum(len(find_hits(texts[n - 1], rules)) for n in pages if n <= len(texts))
        if pages:
            places.append(f"{artifact_id} {'p.' if len(pages) == 1 else 'pp.'} {', '.join(map(str, pages))}")
    written = [draft.source for draft in review.drafts.values()]
    written += [c.explanation for c in review.portfolio.citations] + [c.quote or "" for c in review.portfolio.citations]
    in_text = sum(len(find_hits(text, rules)) for text in written)
    if in_text:
        places.append("the written parts")
    if not items and not in_text:
        return ""
    total = items + in_text
    what = "Student information" if review.facts.identity is None else "Student information and what identifies the author"
    return (f"{what} was redacted before this packet was made: {total} "
            f"item{'s' if total != 1 else ''} ({'; '.join(places)}), each blacked out with no text beneath.")
