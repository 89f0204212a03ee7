"""The submission sheet's content from the same facts the packet uses: each field the draft's text as typed.

Part 1 and Part 3 come from the drafts' Markdown source, section by section, matched to the questions and
outcomes exactly as check and the packet match them; Part 2 from the evidence map. With `privacy: redact: true`
every hit is replaced by "█████" here too, and the sheet says names were withheld.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from mcred.facts import ArtifactKind, Citation, Part, Review
from mcred.read.sections import answers
from mcred.sheets.submission import (
    Sheet,
    SheetCitation,
    SheetField,
    SheetNarrative,
    SheetOutcome,
    SheetTarget,
    UploadFile,
    page_location,
    time_location,
)
from mcred.text.drafts import Draft, strip_front_matter


def sheet_for(review: Review, built: list[Path]) -> Sheet:
    """The sheet for a reviewed portfolio; `built` are the files build hands over (packet first), listed to upload."""
    portfolio = review.portfolio
    credential = portfolio.credential
    rules = review.facts.redaction
    redacting = rules is not None

    def clean(text: str) -> str:
        if not redacting or rules is None:
            return text
        from mcred.privacy.redact import redact_text
        from mcred.privacy.scan import find_hits

        return redact_text(text, find_hits(text, rules))

    narratives = [_narrative(part, number, review.drafts.get(part.id), review, clean)
                  for number, part in enumerate(credential.parts, 1) if part in credential.narrative_parts]
    outcomes = []
    for outcome in credential.outcomes:
        targets = [SheetTarget(t.id, t.text, outcome.id,
                               tuple(_citation(c, review, clean) for c in portfolio.citations_for(t.id)))
                   for t in credential.targets if t.outcome.id == outcome.id]
        outcomes.append(SheetOutcome(outcome.id, outcome.text, tuple(targets)))
    uploads = [UploadFile(path.name, path.stat().st_size) for path in built if path.exists()]
    uploads += [UploadFile((a.converted_from or a.file).name, review.artifacts[a.id].size_bytes or 0) for a in portfolio.artifacts
                if a.file is not None and a.kind in (ArtifactKind.PDF, ArtifactKind.IMAGE)
                and review.artifacts[a.id].readable]
    person = portfolio.shown_practitioner
    evidence = credential.evidence_part
    empty = SheetNarrative(0, "", (), "")
    return Sheet(
        credential_title=credential.title,
        practitioner="Submitted for blind review" if portfolio.blind
        else " · ".join(t for t in (person.name, person.role, person.school) if t),
        part1=narratives[0] if narratives else empty,
        outcomes=tuple(outcomes),
        part3=narratives[-1] if len(narratives) > 1 else empty,
        uploads=tuple(uploads),
        upload_limit_mb=portfolio.settings.upload_limit_mb,
        redacted=redacting,
        **({"part2_title": evidence.title} if evidence else {}),
    )


def _narrative(part: Part, number: int, draft: Draft | None, review: Review,
               clean: Callable[[str], str]) -> SheetNarrative:
    if draft is None:
        return SheetNarrative(number, part.title, (), "")
    lines = strip_front_matter(draft.source).splitlines()
    starts = sorted(s.line for s in draft.sections)
    _intro, found = answers(draft, part, review.portfolio.credential)
    sections = []
    for answer in found:
        section = next((s for s in draft.sections if s.heading == answer.heading and s.tokens is answer.tokens), None)
        if section is None:
            continue
        following = [line for line in starts if line > section.line]
        body = "\n".join(lines[section.line: (following[0] - 1) if following else len(lines)])
        label = f"{answer.asked.label}: {answer.asked.text}" if answer.asked and answer.asked.label else \
            (answer.asked.text if answer.asked else answer.heading)
        sections.append(SheetField(label, clean(body.strip())))
    first = draft.sections[0] if draft.sections else None
    title_only = first is not None and first.level == 1 and not any(a.heading == first.heading and a.asked
                                                                    for a in found)
    whole = "\n".join(lines[first.line:] if title_only and first else lines)
    return SheetNarrative(number, part.title, tuple(sections), clean(whole.strip()))


def _citation(citation: Citation, review: Review, clean: Callable[[str], str]) -> SheetCitation:
    artifact = review.portfolio.artifact(citation.artifact_id)
    title = artifact.title if artifact else citation.artifact_id
    if artifact is not None and artifact.file is not None and artifact.kind is not ArtifactKind.VIDEO:
        name = (artifact.converted_from or artifact.file).name
    else:
        name = (artifact.url or (artifact.file.name if artifact and artifact.file else "")) if artifact else ""
    location = (page_location(citation.pages) if citation.pages else
                time_location(citation.time) if citation.time else "")
    return SheetCitation(citation.artifact_id, clean(title), name, location, clean(citation.explanation.strip()))
