"""Part 2, the evidence map: every target cited, every citation pointing at something real and explained (MC3xx).

Locators were resolved as the portfolio was read (mcred.read); here their issues become findings, and quotes are
looked up in the text of the cited pages.
"""

from __future__ import annotations

from difflib import get_close_matches

from mcred.facts import (
    DEFAULT_EXPLANATION_WORDS,
    GUIDANCE_MARK,
    Artifact,
    ArtifactKind,
    Citation,
    Facts,
    Issue,
    Located,
    Numbering,
    Portfolio,
    Resolution,
)
from mcred.findings import Finding, Location, counted, error, note, shorten, warning
from mcred.resources import catalog_dir
from mcred.text.drafts import MAX_NESTING, count_words, parse_markdown
from mcred.text.phrases import comparable

INSTALL = 'pip install "mcred[ocr]"'


def check(facts: Facts) -> list[Finding]:
    portfolio = facts.portfolio
    findings = _coverage(portfolio)
    part = portfolio.credential.evidence_part
    minimum = part.explanation_minimum if part else DEFAULT_EXPLANATION_WORDS
    cited: set[str] = set()
    timed_without_duration: set[str] = set()
    for index, (citation, resolution) in enumerate(zip(portfolio.citations, facts.resolutions, strict=True)):
        findings += _explanation(citation, minimum)
        if resolution is None:
            findings.append(_unknown_artifact(portfolio, citation))
            continue
        cited.add(citation.artifact_id)
        if GUIDANCE_MARK in (citation.pages or "") + (citation.time or ""):
            findings.append(error("MC306", f"{citation.target_id}: where to look is still `init`'s placeholder",
                                  "write the pages (or time stamp) where the assessor finds the evidence",
                                  citation.fields.get("pages", citation.fields.get("time", citation.where))))
            continue
        findings += [_placed(issue, citation) for issue in resolution.issues]
        place = resolution.located
        if place is not None:
            info = facts.artifacts[citation.artifact_id]
            if citation.time and info.duration_seconds is None:
                timed_without_duration.add(citation.artifact_id)
            if citation.quote:
                findings += _quote(citation, portfolio.artifact(citation.artifact_id), place, resolution, facts,
                                   facts.quote_found_elsewhere.get(index, ()))
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


def _placed(issue: Issue, citation: Citation) -> Finding:
    """A locator issue the reader found, as a finding on the line of the field it is about."""
    where = citation.fields.get(issue.field, citation.where) if issue.field else citation.where
    return Finding(issue.code, issue.severity, issue.message, issue.fix, where)


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
    if parse_markdown(text).too_deep:
        return [error("MC209", f"{citation.target_id}: the explanation of {citation.artifact_id} nests more than "
                               f"{MAX_NESTING} levels deep (quotes, lists or emphasis)",
                      f"flatten the quotes/lists to at most {MAX_NESTING} levels; until then the packet shows the "
                      f"deeper text at level {MAX_NESTING}", where)]
    words = count_words(text)
    if words < minimum:
        return [warning("MC305", f"{citation.target_id}: the explanation of {citation.artifact_id} has {counted(words, 'word')}; "
                                 f"a convincing one has at least {minimum}",
                        "say what the assessor will see there and how it shows proficiency", where)]
    return []


def _quote(citation: Citation, artifact: Artifact | None, place: Located, resolution: Resolution,
           facts: Facts, elsewhere: tuple[tuple[str, int], ...] = ()) -> list[Finding]:
    where = citation.fields.get("quote", citation.where)
    read_image = artifact is not None and artifact.kind is ArtifactKind.IMAGE and artifact.id in facts.ocr
    if artifact is None or not place.pages or (artifact.kind is not ArtifactKind.PDF and not read_image):
        return [note("MC326", f"{citation.target_id}: a quote can only be verified on PDF pages",
                     "remove `quote:` or cite a PDF page", where)]
    wanted = comparable(citation.quote or "")
    if not wanted:
        return [warning("MC325", f"{citation.target_id}: the quote has no letters or digits, so it shows nothing",
                        "quote a phrase from the cited pages, or remove `quote:`", where)]
    texts = [facts.page_texts.get((artifact.id, p), "") for p in place.pages]
    if not any(t.strip() for t in texts):
        said = f"{citation.target_id}: the cited pages of {artifact.id} have no extractable text"
        said += (" (OCR is not installed to read them)" if facts.ocr_missing else
                 " and OCR read nothing there" if facts.ocr_ran else "")
        fix = (f"install OCR (`{INSTALL}`) so check reads scanned pages, export the artifact with text, or check the "
               "quote by eye" if facts.ocr_missing else
               "export the artifact with text (not as a scan), or check the quote by eye")
        return [warning("MC326", said + ", so the quote cannot be verified", fix, where)]
    if wanted in comparable(" ".join(texts)):
        scanned = facts.ocr.get(artifact.id, {})
        by_ocr = [p for p, t in zip(place.pages, texts, strict=True) if p in scanned and wanted in comparable(t)]
        if by_ocr or (scanned and any(p in scanned for p in place.pages)):
            pages = by_ocr or [p for p in place.pages if p in scanned]
            return [note("MC328", f"{citation.target_id}: the quote was found on the scanned page"
                                  f"{'s' if len(pages) > 1 else ''} {', '.join(str(p) for p in pages[:5])} of "
                                  f"{artifact.id}, read by OCR",
                         "look at the page once: OCR reads print well, but a misread word would hide a wrong page",
                         where)]
        return []
    shown = ", ".join(str(p) for p in place.pages[:5]) + ("…" if len(place.pages) > 5 else "")
    fix = "copy the quote exactly from the cited pages, or fix `pages:`"
    other = resolution.alternate
    if other and other.pages and wanted in comparable(" ".join(facts.page_texts.get((artifact.id, p), "")
                                                                for p in other.pages)):
        fix = (f"the quote is on the page{'s' if len(other.pages) > 1 else ''} printed `{citation.pages}` "
               f"(position {', '.join(str(p) for p in other.pages)}): add `numbering: printed` to the citation")
    elif elsewhere:
        fix = _found_elsewhere(citation, artifact, elsewhere, facts)
    return [warning("MC325", f"{citation.target_id}: the quote is not on {artifact.id} "
                             f"page{'s' if len(place.pages) > 1 else ''} {shown}", fix, where)]


SHOWN_ELSEWHERE = 3   # places named in the fix; a quote found on more pages is too common to point anywhere


def _found_elsewhere(citation: Citation, cited: Artifact, places: tuple[tuple[str, int], ...], facts: Facts) -> str:
    """'found on p. 7 (printed 5) of A1 — cite 7': where the quote stands, and the locator that points there, in
    the numbering the citation already uses (printed labels under `numbering: printed`, positions otherwise)."""
    artifact_id = places[0][0]
    artifact = facts.portfolio.artifact(artifact_id) or cited
    labels = facts.artifacts[artifact_id].page_labels if artifact_id in facts.artifacts else ()
    positions = [position for _, position in places]
    printed = (citation.numbering or artifact.numbering) is Numbering.PRINTED and bool(labels)

    def page(position: int) -> str:
        label = labels[position - 1] if 0 < position <= len(labels) else ""
        return f"p. {position}" + (f" (printed {label})" if label and label != str(position) else "")

    def locator(position: int) -> str:
        return labels[position - 1] if printed and 0 < position <= len(labels) else str(position)

    named = [page(p) for p in positions[:SHOWN_ELSEWHERE]]
    if len(positions) > SHOWN_ELSEWHERE:
        pages = ", ".join(named) + " and more"
    else:
        pages = " and ".join([", ".join(named[:-1]), named[-1]]) if len(named) > 1 else named[0]
    cites = " or ".join(locator(p) for p in positions[:SHOWN_ELSEWHERE])
    if artifact_id != cited.id:
        return f"found on {pages} of {artifact_id} — cite {artifact_id}, page {cites}"
    return f"found on {pages} of {artifact_id} — cite {cites}"
