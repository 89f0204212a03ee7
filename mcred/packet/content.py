"""The portfolio, as check reviewed it, turned into the one JSON document the packet template typesets.

Everything the assessor reads comes from here as data: strings, numbers and Markdown trees (see markup.py).
Packet page numbers are not decided here: the template finds where each artifact page landed.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from mcred.facts import (
    Artifact,
    ArtifactInfo,
    ArtifactKind,
    Citation,
    Located,
    Part,
    PartKind,
    Portfolio,
    Problem,
    Review,
    TimeSpan,
    WordCount,
)
from mcred.packet import markup
from mcred.packet.sections import answers

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def packet_document(review: Review, *, root: Path, date: dt.date | None) -> dict[str, Any]:
    """The whole packet as data. `root` is the folder Typst may read from: artifact paths are relative to it."""
    portfolio = review.portfolio
    credential = portfolio.credential
    person = portfolio.practitioner
    artifacts = [_artifact(a, index, review, root) for index, a in enumerate(portfolio.artifacts)]
    by_id = {a["id"]: a for a in artifacts}
    for artifact in artifacts:
        artifact["moments"] = _moments(artifact, portfolio, review)
        artifact["anchors"] = _anchors(artifact, portfolio, review)
    parts = [_part(part, number, portfolio, review, by_id) for number, part in enumerate(credential.parts, 1)]
    return {
        "meta": {
            "title": f"{credential.title} — {person.name}" if person.name else credential.title,
            "author": person.name,
            "subject": f"{credential.program}: {credential.title}",
            "keywords": [credential.program, credential.title, "micro-credential"],
        },
        "running": {"credential": credential.title, "practitioner": person.name},
        "cover": {
            "program": credential.program,
            "issuer": credential.issuer or "",
            "title": credential.title,
            "name": person.name,
            "role": person.role,
            "places": [p for p in (person.school, person.district) if p],
            "date": _long_date(date) if date else "",
            "words": [_word_row(p, number, review) for number, p in enumerate(credential.parts, 1)
                      if p.kind is PartKind.NARRATIVE],
            "coverage": _coverage(review),
        },
        "parts": parts,
        "artifacts": artifacts,
    }


def _long_date(date: dt.date) -> str:
    return f"{_MONTHS[date.month - 1]} {date.day}, {date.year}"  # as a US reader writes it


# --- artifacts ------------------------------------------------------------------------------------

def _artifact(artifact: Artifact, index: int, review: Review, root: Path) -> dict[str, Any]:
    info = review.artifacts.get(artifact.id, ArtifactInfo())
    kind = artifact.kind
    shown: dict[str, Any] = {
        "key": index, "id": artifact.id, "title": artifact.title or artifact.id, "url": artifact.url or "",
        "file": artifact.file_as_written or "", "pages": 1, "labels": [], "path": "", "duration": "",
        "moments": [],
    }
    if kind is ArtifactKind.PDF and info.readable and info.page_count:
        labels = list(info.page_labels)
        differs = any(label != str(position) for position, label in enumerate(labels, 1))
        shown.update(kind="pdf", path=_inside(artifact.file, root), pages=info.page_count,
                     labels=labels if differs and len(labels) == info.page_count else [])
    elif kind is ArtifactKind.IMAGE and info.readable:
        shown.update(kind="image", path=_inside(artifact.file, root))
    elif kind in (ArtifactKind.VIDEO, ArtifactKind.LINK):
        seconds = info.duration_seconds
        shown.update(kind=kind.value, duration=_clock(seconds) if seconds else (artifact.duration or ""))
    else:
        shown.update(kind="missing", reason=_why_missing(artifact, info))
    return shown


def _moments(artifact: dict[str, Any], portfolio: Portfolio, review: Review) -> list[dict[str, str]]:
    """The time stamps cited in a video, in the order of the evidence map, for its page in the packet."""
    targets = {t.id: t.text for t in portfolio.credential.targets}
    return [{"target": c.target_id, "about": targets.get(c.target_id, ""), "text": span.display(),
             "url": _at_time(artifact["url"], span.start)}
            for index, c in enumerate(portfolio.citations) if c.artifact_id == artifact["id"]
            for span in (review.located.get(index) or Located()).times]


def _anchors(artifact: dict[str, Any], portfolio: Portfolio, review: Review) -> dict[str, bool]:
    """The artifact's pages a link lands on (its first and last, and every page cited): only these get a label."""
    pages = {1, artifact["pages"]}
    pages.update(page for index, c in enumerate(portfolio.citations) if c.artifact_id == artifact["id"]
                 for page in (review.located.get(index) or Located()).pages if 1 <= page <= artifact["pages"])
    return {str(page): True for page in sorted(pages)}


def _inside(path: Path | None, root: Path) -> str:
    """The artifact's path from the typesetting root, as Typst wants it: rooted, with forward slashes."""
    assert path is not None
    relative = Path(os.path.relpath(path.resolve(), root))
    return str(PurePosixPath("/", *relative.parts))


def _why_missing(artifact: Artifact, info: ArtifactInfo) -> str:
    if artifact.kind is ArtifactKind.UNSUPPORTED:
        return f"{artifact.file_as_written} is a kind of file the packet cannot show: export it to PDF."
    if info.problem is Problem.MISSING:
        return f"{artifact.file_as_written} is missing."
    if info.problem is Problem.OUTSIDE:
        return f"{artifact.file_as_written} is outside the portfolio folder: copy it into artifacts/."
    reason = f" (it {info.trouble.says()})" if info.trouble else ""
    return f"{artifact.file_as_written or artifact.id} could not be read{reason}: export it to PDF again."


def _clock(seconds: float) -> str:
    return TimeSpan(int(seconds)).display()


def artifact_extent(artifact: dict[str, Any]) -> str:
    kind = artifact["kind"]
    if kind == "pdf":
        return "1 page" if artifact["pages"] == 1 else f"{artifact['pages']} pages"
    if kind == "image":
        return "1 image"
    if kind in ("video", "link"):
        return artifact["duration"] or "online"
    return "not included"


# --- parts ----------------------------------------------------------------------------------------

def _part(part: Part, number: int, portfolio: Portfolio, review: Review,
          artifacts: dict[str, dict[str, Any]]) -> dict[str, Any]:
    shown: dict[str, Any] = {"id": part.id, "number": number, "title": part.title, "kind": part.kind.value}
    if part.kind is PartKind.EVIDENCE:
        shown.update(_evidence(portfolio, review, artifacts))
    else:
        shown.update(_narrative(part, portfolio, review))
    return shown


def _narrative(part: Part, portfolio: Portfolio, review: Review) -> dict[str, Any]:
    draft = review.drafts.get(part.id)   # as check parsed it: the packet never reads a draft again
    if draft is None:   # only a draft packet gets here; check said why (MC201)
        path = portfolio.drafts.get(part.id)
        name = path.name if path else f"{part.id}.md"
        why = "is missing" if path is None or not path.exists() else "could not be read"
        return {"intro": markup.plain(f"Not written yet: {name} {why}."), "sections": []}
    intro, found = answers(draft, part, portfolio.credential)
    sections = []
    for answer in found:
        asked = answer.asked
        body = markup.blocks(answer.tokens)
        sections.append({
            "label": asked.label if asked else "",
            "title": asked.text if asked else answer.heading,
            "body": body or markup.plain("Not answered yet."),
        })
    return {"intro": markup.blocks(intro), "sections": sections}


def _word_row(part: Part, number: int, review: Review) -> dict[str, Any]:
    # check counted the words (a draft it could not read counts none): the packet never counts twice
    count = review.words.get(part.id) or WordCount(part.id, 0, part.min_words)
    return {"number": number, "title": part.title, "words": count.words, "minimum": count.minimum or 0,
            "missing": count.missing}


def _coverage(review: Review) -> dict[str, Any]:
    portfolio = review.portfolio
    targets = portfolio.credential.targets
    covered = [t for t in targets if review.evidence_for(t.id)]
    evidenced_outcomes = {t.outcome.id for t in covered}
    with_details = sum(1 for o in portfolio.credential.outcomes if o.details)
    word = ("outcome details" if with_details == len(portfolio.credential.outcomes) else
            "outcomes" if not with_details else "outcomes and details")
    return {
        "outcomes": len(portfolio.credential.outcomes),
        "outcomes_evidenced": len(evidenced_outcomes),
        "targets": len(targets),
        "targets_evidenced": len(covered),
        "target_word": word,
        "citations": len(portfolio.citations),
    }


# --- Part 2: the evidence map -------------------------------------------------------------------

def _evidence(portfolio: Portfolio, review: Review, artifacts: dict[str, dict[str, Any]]) -> dict[str, Any]:
    indexed = list(enumerate(portfolio.citations))
    outcomes = []
    known: set[str] = set()
    for outcome in portfolio.credential.outcomes:
        targets = [t for t in portfolio.credential.targets if t.outcome.id == outcome.id]
        shown_targets = []
        for target in targets:
            known.add(target.id)
            cited = [_citation(c, review.located.get(i), artifacts) for i, c in indexed if c.target_id == target.id]
            shown_targets.append({"id": target.id, "text": target.text, "own": target.id == outcome.id,
                                  "citations": cited})
        outcomes.append({"id": outcome.id, "text": outcome.text, "targets": shown_targets})
    others = [_citation(c, review.located.get(i), artifacts) | {"target": c.target_id}
              for i, c in indexed if c.target_id not in known]
    index = [{"key": a["key"], "id": a["id"], "title": a["title"], "kind": _kind_name(a),
              "extent": artifact_extent(a), "pages": a["pages"]} for a in artifacts.values()]
    return {"index": index, "outcomes": outcomes, "others": others}


def _kind_name(artifact: dict[str, Any]) -> str:
    named = {"pdf": "PDF", "image": "Image", "video": "Video", "link": "Web link"}.get(artifact["kind"])
    return named or (PurePosixPath(artifact["file"]).suffix.lstrip(".").upper() or "File")


def _citation(citation: Citation, located: Located | None, artifacts: dict[str, dict[str, Any]]) -> dict[str, Any]:
    artifact = artifacts.get(citation.artifact_id)
    shown: dict[str, Any] = {
        "artifact": citation.artifact_id,
        "title": artifact["title"] if artifact else "",
        "key": artifact["key"] if artifact else None,
        "kind": artifact["kind"] if artifact else "missing",
        "runs": [], "times": [], "as_written": "",
        "quote": citation.quote or "",
        "explanation": markup.markdown_blocks(citation.explanation),
    }
    placed = artifact is not None and artifact["kind"] in ("pdf", "image")
    pages = [p for p in (located.pages if located else ()) if artifact and placed and 1 <= p <= artifact["pages"]]
    if artifact and pages:
        shown["runs"] = [_run(first, last, artifact["labels"]) for first, last in _consecutive(pages)]
    if located and located.times:
        url = artifact["url"] if artifact else ""
        shown["times"] = [{"text": span.display(), "url": _at_time(url, span.start)} for span in located.times]
    if not shown["runs"] and not shown["times"]:
        written = citation.pages or citation.time
        # Only a draft gets here (check refused the rest): say what was written, and that it did not resolve.
        shown["as_written"] = (f"{'p.' if citation.pages and citation.pages.strip().isalnum() else 'pp.'} "
                               f"{citation.pages} (not found)" if citation.pages else
                               f"{citation.time} (not found)") if written else ""
    return shown


def _consecutive(pages: list[int]) -> list[tuple[int, int]]:
    """Pages as cited, with neighbours joined: 4, 5, 6, 9 → (4, 6), (9, 9)."""
    runs: list[list[int]] = []
    for page in pages:
        if runs and page == runs[-1][1] + 1:
            runs[-1][1] = page
        elif not (runs and runs[-1][0] <= page <= runs[-1][1]):
            runs.append([page, page])
    return [(first, last) for first, last in runs]


def _run(first: int, last: int, labels: list[str]) -> dict[str, Any]:
    def name(position: int) -> str:
        return labels[position - 1] if labels else str(position)
    text = f"p. {name(first)}" if first == last else f"pp. {name(first)}–{name(last)}"
    return {"first": first, "last": last, "text": text}


_YOUTUBE = re.compile(r"(^|\.)(youtube\.com|youtu\.be)$")
_VIMEO = re.compile(r"(^|\.)vimeo\.com$")


def _at_time(url: str, seconds: int) -> str:
    """The video's address, opening at the moment where the host understands how to say so."""
    if not url:
        return ""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if _YOUTUBE.search(host):
        query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "t"] + [("t", f"{seconds}s")]
        return urlunsplit(parts._replace(query=urlencode(query)))
    if _VIMEO.search(host):
        return urlunsplit(parts._replace(fragment=f"t={seconds}s"))
    return url
