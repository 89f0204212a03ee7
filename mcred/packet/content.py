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

from mcred.facts import Embedding, Part, PartKind, Portfolio, Review, TargetChange, WordCount
from mcred.findings import Finding, Severity
from mcred.packet import markup
from mcred.packet.artifacts import artifact_views
from mcred.packet.document import (
    ArtifactView,
    Blocker,
    ChangeRef,
    ChangesPage,
    ChangeView,
    Cover,
    Coverage,
    Document,
    NarrativePart,
    Section,
    WordRow,
)
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
    changes = changes_page(review, artifacts)
    if changes is not None:
        document["changes"] = changes
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


# --- a resubmission -------------------------------------------------------------------------------------------

def changes_page(review: Review, artifacts: Mapping[str, ArtifactView]) -> ChangesPage | None:
    """"Changes since submission n": each item the assessor marked not yet, with the comment and what changed;
    the other evidence that changed; the parts rewritten; the assessor's comments on parts; new artifacts."""
    from mcred.checks.resubmission import not_yet_items

    resubmission = review.facts.resubmission
    changes = resubmission.changes if resubmission is not None else None
    if resubmission is None or changes is None:
        return None
    portfolio = review.portfolio
    credential = portfolio.credential
    texts = {i: t for o in credential.outcomes for i, t in [(o.id, o.text), *((d.id, d.text) for d in o.details)]}
    items = not_yet_items(changes, review.facts)
    shown = {target for _item, _comment, under in items for target in (c.target_id for c in under)}
    marked = {item for item, _comment, _under in items}
    outcome_of = {d.id: o.id for o in credential.outcomes for d in o.details}
    others = [c for t, c in changes.targets.items() if t not in shown and outcome_of.get(t) not in marked
              and t not in marked]
    feedback = resubmission.feedback
    last = resubmission.last
    return {
        "since": changes.since,
        "date": _long_date(dt.date.fromisoformat(last.date)) if last is not None and _is_date(last.date) else "",
        "items": [{"id": item, "text": prose(texts.get(item, "")), "comment": comment,
                   "changed": any(c.changed for c in under), "changes": [_change_view(c, portfolio) for c in under]}
                  for item, comment, under in items],
        "others": [_change_view(c, portfolio) for c in others],
        "parts": [{"title": prose(p.title), "before": p.words_before, "after": p.words_after} for p in changes.parts],
        "comments": [{"title": prose(part.title), "comment": feedback.parts[part.id]} for part in credential.parts
                     if feedback is not None and feedback.parts.get(part.id)],
        "artifacts": [{"key": artifacts[a]["key"], "id": a, "title": artifacts[a]["title"]}
                      for a in changes.new_artifacts if a in artifacts],
    }


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _change_view(change: TargetChange, portfolio: Portfolio) -> ChangeView:
    def ref(index: int) -> ChangeRef:
        return {"text": portfolio.citations[index].place, "citation": index}

    return {"target": change.target_id,
            "added": [ref(i) for i in change.added],
            "removed": [c.place for c in change.removed],
            "rewritten": [{"ref": ref(r.citation), "before": r.words_before, "after": r.words_after}
                          for r in change.rewritten],
            "requoted": [ref(i) for i in change.requoted],
            "replaced": list(change.replaced)}


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
