"""Part 2, the evidence map: every target cited, every citation pointing at something real and explained (MC3xx).

Locators are resolved against the artifacts' files here, and quotes looked up on the cited pages only.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import get_close_matches

from mcred.read.artifacts import Opened
from mcred.read.locators import LocatorError, parse_times, resolve_pages
from mcred.read.drafts import count_words
from mcred.findings import Finding, Location, counted, error, note, shorten, warning
from mcred.facts import DEFAULT_EXPLANATION_WORDS, GUIDANCE_MARK, ArtifactKind, Citation, Located, Portfolio, format_seconds
from mcred.resources import catalog_dir


def check(portfolio: Portfolio, opened: dict[str, Opened], located: dict[int, Located]) -> list[Finding]:
    findings = _coverage(portfolio)
    part = portfolio.credential.evidence_part
    minimum = part.explanation_minimum if part else DEFAULT_EXPLANATION_WORDS
    cited: set[str] = set()
    timed_without_duration: set[str] = set()
    for index, citation in enumerate(portfolio.citations):
        findings += _explanation(citation, minimum)
        item = opened.get(citation.artifact_id)
        if item is None:
            findings.append(_unknown_artifact(portfolio, citation))
            continue
        cited.add(citation.artifact_id)
        place, problems = _locate(citation, item)
        findings += problems
        if place is not None:
            located[index] = place
            if citation.time and item.info.duration_seconds is None:
                timed_without_duration.add(citation.artifact_id)
            if citation.quote:
                findings += _quote(citation, item, place)
    for artifact in portfolio.artifacts:
        where = artifact.where
        if GUIDANCE_MARK in artifact.title:
            findings.append(error("MC306", f"artifact {artifact.id}'s title is still `init`'s guidance",
                                  "give the artifact the title the assessor should see", where))
        if artifact.id not in cited:
            findings.append(warning("MC303", f"artifact {artifact.id} ({artifact.title}) is not cited by any detail",
                                    "cite it where it is evidence, or remove it from `artifacts:`", where))
        if artifact.id in timed_without_duration:
            why = ("has no stated duration, and its file's length cannot be read (no MP4/MOV/M4V movie header)"
                   if artifact.file else "has neither a local file nor a stated duration")
            findings.append(warning("MC327", f"video {artifact.id} {why}, so its time stamps cannot be checked",
                                    'add `duration: "18:42"` (or `file:` with a local copy)', where))
    return findings


def _coverage(portfolio: Portfolio) -> list[Finding]:
    findings: list[Finding] = []
    credential = portfolio.credential
    targets = {t.id: t for t in credential.targets}
    evidence_file = Location(portfolio.evidence_file)
    for target in targets.values():
        if not portfolio.citations_for(target.id):
            what = "detail" if target.id != target.outcome.id else "outcome"
            findings.append(error("MC301", f"{what} {target.id} has no evidence: “{shorten(target.text)}”",
                                  f'add `"{target.id}":` under `evidence:` with an artifact, where to look, and an '
                                  "explanation", evidence_file))
    reported: set[str] = set()
    for citation in portfolio.citations:
        if citation.target_id in targets or citation.target_id in reported:
            continue
        reported.add(citation.target_id)
        outcome = next((o for o in credential.outcomes if o.id == citation.target_id), None)
        if outcome is not None:
            ids = ", ".join(d.id for d in outcome.details)
            fix = f"key the evidence by its details ({ids}) instead"
            message = f"evidence is keyed by outcome {outcome.id}, which has details: the assessor looks for each detail"
        else:
            close = get_close_matches(citation.target_id, list(targets), n=1)
            fix = f"did you mean `{close[0]}`?" if close else f"use one of: {', '.join(targets)}"
            message = f"evidence for `{citation.target_id}`, which is not a detail or outcome of {credential.title}"
        findings.append(error("MC307", message, fix, citation.where))
    without = [o.id for o in credential.outcomes if not o.has_portal_details]
    if without:
        findings.append(note(
            "MC308", f"outcome{'s' if len(without) > 1 else ''} {', '.join(without)} {'have' if len(without) > 1 else 'has'} "
                     "no details from the ELN portal: evidence is checked at the outcome (or outcome-wording) level",
            *_where_to_paste(portfolio)))
    return findings


def _where_to_paste(portfolio: Portfolio) -> tuple[str, Location]:
    """The fix for MC308 and where it points: the portfolio's own credential file, or the manifest that names the
    catalog (whose files are mcred's, not the practitioner's to edit)."""
    path = portfolio.credential.path
    if path is not None and path.resolve().parent == catalog_dir().resolve():
        return ("copy the credential into your portfolio (`mcred init` writes it as credential.yaml), set "
                "`credential: credential.yaml` in mcred.yaml, paste the portal's details there, then key the "
                "evidence by detail id", Location(portfolio.manifest))
    return ("paste the portal's details into the credential file, then key the evidence by detail id",
            Location(path or portfolio.manifest))


def _unknown_artifact(portfolio: Portfolio, citation: Citation) -> Finding:
    ids = [a.id for a in portfolio.artifacts]
    close = get_close_matches(citation.artifact_id, ids, n=1)
    fix = (f"did you mean `{close[0]}`?" if close else
           f"use one of: {', '.join(ids)}" if ids else "list the artifact under `artifacts:` first")
    return error("MC302", f"{citation.target_id} cites artifact `{citation.artifact_id}`, which is not listed under "
                          "`artifacts:`", fix, citation.fields.get("artifact", citation.where))


def _explanation(citation: Citation, minimum: int) -> list[Finding]:
    where = citation.fields.get("explanation", citation.where)
    text = citation.explanation.strip()
    if not text:
        return [error("MC304", f"{citation.target_id}: the citation of {citation.artifact_id} has no explanation",
                      "explain how this evidence shows proficiency in the detail", citation.where)]
    if GUIDANCE_MARK in text:
        return [error("MC306", f"{citation.target_id}: the explanation is still `init`'s guidance",
                      "replace it with how this evidence shows proficiency", where)]
    words = count_words(text)
    if words < minimum:
        return [warning("MC305", f"{citation.target_id}: the explanation of {citation.artifact_id} has {counted(words, 'word')}; "
                                 f"a convincing one has at least {minimum}",
                        "say what the assessor will see there and how it shows proficiency", where)]
    return []


def _locate(citation: Citation, item: Opened) -> tuple[Located | None, list[Finding]]:
    artifact, info = item.artifact, item.info
    if item.problem:
        return None, []   # the file's own finding says why
    kind = artifact.kind
    pages_at = citation.fields.get("pages", citation.where)
    time_at = citation.fields.get("time", citation.where)
    label = f"{citation.target_id} cites {artifact.id}"
    if kind is ArtifactKind.PDF:
        if citation.time:
            return None, [error("MC310", f"{label} by time, but it is a PDF", "cite `pages:` instead of `time:`", time_at)]
        if not citation.pages:
            return None, [error("MC309", f"{label} without saying where", 'add `pages:` (e.g. 4 or "4-6")', citation.where)]
        try:
            pages = resolve_pages(citation.pages, info.page_count or 0, info.page_labels)
        except LocatorError as exc:
            code = "MC321" if exc.missing_page else "MC320"
            return None, [error(code, f"{label}: {exc}", exc.fix, pages_at)]
        notes = [note("MC322", f"{label}: {text}", "if you meant the printed page, cite its position instead "
                                                    "(the number a PDF viewer shows)", pages_at) for text in pages.notes]
        return Located(pages=tuple(pages.positions)), notes
    if kind is ArtifactKind.IMAGE:
        problems = []
        if citation.time:
            problems.append(error("MC310", f"{label} by time, but it is an image", "remove `time:`", time_at))
        if citation.pages and citation.pages.strip() != "1":
            problems.append(warning("MC311", f"{label} at pages `{citation.pages}`, but an image has no pages",
                                    "remove `pages:`", pages_at))
        return Located(pages=(1,)), problems
    if kind in (ArtifactKind.VIDEO, ArtifactKind.LINK):
        if citation.pages:
            return None, [error("MC310", f"{label} by page, but it is a video or web link",
                                'cite `time: "12:30-14:05"` instead', pages_at)]
        if not citation.time:
            if kind is ArtifactKind.VIDEO:
                return None, [error("MC309", f"{label} without a time stamp",
                                    'add `time: "12:30-14:05"` so the assessor finds the moment', citation.where)]
            return Located(), []
        try:
            spans = parse_times(citation.time)
        except LocatorError as exc:
            return None, [error("MC323", f"{label}: {exc}", exc.fix, time_at)]
        duration = info.duration_seconds
        if duration is not None:
            for span in spans:
                last = span.end if span.end is not None else span.start
                if last > duration:
                    return None, [error("MC324", f"{label} at {span.display()}, past the video's end "
                                                 f"({format_seconds(duration)})",
                                        "check the time stamp against the video", time_at)]
        return Located(times=tuple(spans)), []
    return None, []   # an unsupported kind: its file finding says so


def _quote(citation: Citation, item: Opened, place: Located) -> list[Finding]:
    where = citation.fields.get("quote", citation.where)
    if not place.pages or item.artifact.kind is not ArtifactKind.PDF:
        return [note("MC326", f"{citation.target_id}: a quote can only be verified on PDF pages",
                     "remove `quote:` or cite a PDF page", where)]
    texts = [item.page_text(p) for p in place.pages]
    if not any(t.strip() for t in texts):
        return [warning("MC326", f"{citation.target_id}: the cited pages of {item.artifact.id} have no extractable text, "
                                 "so the quote cannot be verified",
                        "export the artifact with text (not as a scan), or check the quote by eye", where)]
    if comparable(citation.quote or "") not in comparable(" ".join(texts)):
        shown = ", ".join(str(p) for p in place.pages[:5]) + ("…" if len(place.pages) > 5 else "")
        return [warning("MC325", f"{citation.target_id}: the quote is not on {item.artifact.id} "
                                 f"page{'s' if len(place.pages) > 1 else ''} {shown}",
                        "copy the quote exactly from the cited pages, or fix `pages:`", where)]
    return []


_NOT_LETTER_OR_DIGIT = re.compile(r"[\W_]+", re.UNICODE)


def comparable(text: str) -> str:
    """Text reduced to its letters and digits: whitespace, line-break hyphenation, ligatures, quotes and case
    cannot make a quote look absent."""
    return _NOT_LETTER_OR_DIGIT.sub("", unicodedata.normalize("NFKC", text).casefold())
