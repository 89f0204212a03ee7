"""The artifacts' files: missing, unreadable, encrypted or corrupt; kinds the packet cannot show; sizes (MC4xx)."""

from __future__ import annotations

from mcred.facts import BYTES_PER_MB, Artifact, ArtifactInfo, ArtifactKind, Facts, Problem
from mcred.findings import Finding, Location, error, note, warning
from mcred.pdfmodel import PdfInspection
from mcred.pdfmodel import Problem as ShowProblem
from mcred.read.locators import LocatorError, parse_timestamp

# Beyond the artifacts, the typeset front matter and stamps add little; this margin keeps the estimate honest.
_PACKET_OVERHEAD = 1.1


def check(facts: Facts) -> list[Finding]:
    findings: list[Finding] = []
    portfolio = facts.portfolio
    limit = portfolio.settings.upload_limit_mb
    for artifact in portfolio.artifacts:
        artifact_id = artifact.id
        info = facts.artifacts[artifact_id]
        where = Location(portfolio.evidence_file, artifact.where.line if artifact.where else None)
        named = f"{artifact_id} ({artifact.file_as_written})"
        problem = info.problem
        if problem is not None:
            findings.append(_unusable(artifact, info, named, where))
        elif info.inspection is not None:
            findings += _cannot_show(artifact_id, named, info.inspection, where)
        if artifact.file_as_written and "\\" in artifact.file_as_written and problem is None:
            findings.append(error("MC402", f"artifact {named} has a backslash in its path, which the typesetter "
                                           "cannot read",
                                  "write the path with forward slashes (artifacts/plan.pdf), and rename a file whose "
                                  "name holds a backslash", where))
        if artifact.kind is ArtifactKind.UNSUPPORTED and problem is None and artifact.not_converted:
            findings.append(error("MC416", f"artifact {named} is an Office file the packet cannot show as it is: "
                                           f"{artifact.not_converted}",
                                  _EXPORT_FIX.get(artifact.file.suffix.lower() if artifact.file else "", _EXPORT_FIX[""])
                                  + (", or install LibreOffice so mcred converts it (its pages are then the PDF's pages)"
                                     if "not installed" in artifact.not_converted else ""), where))
        elif artifact.kind is ArtifactKind.UNSUPPORTED and problem is None:
            findings.append(error("MC404", f"artifact {named} is "
                                           + (f"a {artifact.file.suffix} file" if artifact.file and artifact.file.suffix else
                                              "a file without an extension")
                                           + ", which the packet cannot show",
                                  "export it to PDF (or PNG/JPEG for a picture) and cite that", where))
        if artifact.kind is ArtifactKind.VIDEO and not artifact.url:
            findings.append(error("MC409", f"video {named} has no `url:`: a packet cannot hold a video, so the "
                                           "assessor would have no way to watch it",
                                  "upload it where the assessor can open it (unlisted, or shared by link), add "
                                  "`url:`, and keep `file:` so its length is checked", where))
        if artifact.duration:
            try:
                parse_timestamp(artifact.duration)
            except LocatorError as exc:
                findings.append(error("MC408", f"{artifact_id}'s duration: {exc}", exc.fix, where))
        size = info.size_bytes
        if size and size > limit * BYTES_PER_MB and artifact.kind is not ArtifactKind.VIDEO:
            findings.append(warning("MC405", f"artifact {named} is {size / BYTES_PER_MB:.1f} MB, over the {limit:g} MB "
                                             "upload limit",
                                    "compress it (e.g. reduce image resolution) or split it; "
                                    "the limit is `settings: upload_limit_mb` in mcred.yaml", where))
    findings += _without_ocr(facts)
    packet_bytes = _PACKET_OVERHEAD * sum(facts.artifacts[a.id].size_bytes or 0 for a in portfolio.artifacts
                                          if a.kind in (ArtifactKind.PDF, ArtifactKind.IMAGE))
    if packet_bytes > limit * BYTES_PER_MB:
        findings.append(warning("MC406", f"the packet will be about {packet_bytes / BYTES_PER_MB:.0f} MB, over the {limit:g} MB "
                                         "upload limit",
                                "cite fewer or smaller artifacts, or upload the parts from build/parts/ one by one",
                                Location(portfolio.evidence_file)))
    return findings


_EXPORT_FIX = {
    **dict.fromkeys((".docx", ".doc", ".docm", ".dotx", ".rtf"),
                    "export it as PDF from Word (File → Save as → PDF) and cite the PDF"),
    **dict.fromkeys((".pptx", ".ppt"), "export it as PDF from PowerPoint (File → Save as → PDF) and cite the PDF"),
    **dict.fromkeys((".xlsx", ".xls"), "export it as PDF from Excel (File → Save as → PDF) and cite the PDF"),
    "": "export it as PDF from the program that made it (File → Save as or Export → PDF) and cite the PDF",
}


def _without_ocr(facts: Facts) -> list[Finding]:
    """Pages without a text layer, where OCR would read them but is not installed: what the user misses."""
    if not facts.ocr_missing:
        return []
    blank: dict[str, set[int]] = {}
    for (artifact_id, page), text in facts.page_texts.items():
        if not text.strip():
            blank.setdefault(artifact_id, set()).add(page)
    for artifact_id, texts in facts.scanned.items():
        blank.setdefault(artifact_id, set()).update(n for n, text in enumerate(texts, 1) if not text.strip())
    named = [f"{artifact_id} ({len(pages)})" for artifact_id, pages in blank.items() if pages]
    if not named:
        return []
    return [note("MC415", f"pages without a text layer (scans or photos) in {', '.join(named)}, and OCR is not "
                          "installed: quotes on them cannot be verified, `mcred find` does not see them and the privacy "
                          "scan cannot read them",
                 'install OCR with `pip install "mcred[ocr]"` (Tesseract, offline), then check again',
                 Location(facts.portfolio.evidence_file))]


def _unusable(artifact: Artifact, info: ArtifactInfo, named: str, where: Location) -> Finding:
    trouble = info.trouble
    assert trouble is not None
    problem = trouble.problem
    if problem is Problem.MISSING:
        return error("MC401", f"artifact {named} does not exist",
                     f"put the file at {artifact.file_as_written}, or fix `file:`", where)
    if problem is Problem.FOLDER:
        return error("MC401", f"artifact {named} is a folder, not a file", "name the file inside it", where)
    if problem is Problem.OUTSIDE:
        return error("MC401", f"artifact {named} is outside the portfolio folder",
                     "copy it into the portfolio's artifacts/ folder and name it from there", where)
    if problem is Problem.NOT_REGULAR:
        return error("MC402", f"artifact {named} is not a regular file (a pipe, a device or a socket)",
                     "name the PDF or image file itself", where)
    if problem is Problem.UNSAFE:
        return error("MC414", f"artifact {named} is too large to read safely: {trouble.detail}", _TOO_LARGE_FIX, where)
    if problem is Problem.ENCRYPTED:
        return error("MC403", f"artifact {named} is password-protected: the packet cannot show it",
                     "save an unprotected copy (Print → Save as PDF) and cite that", where)
    if artifact.kind is ArtifactKind.IMAGE:
        reason = "" if problem is Problem.NOT_AN_IMAGE else f": it {trouble.says()}"
        suffix = artifact.file.suffix if artifact.file else ""
        return error("MC402", f"artifact {named} is not a readable {suffix} image{reason}",
                     "export it again as PNG or JPEG", where)
    return error("MC402", f"artifact {named} cannot be read: it {trouble.says()}",
                 "open it and save or export it again as PDF", where)


_TOO_LARGE_FIX = ("print it to PDF again (or save only the pages you cite as a new PDF), then cite the new file; "
                  "mcred's limits are in the README")
_UNSHOWN_FIX = "print the file to PDF (or flatten it in your PDF editor), then cite the new file"


def _cannot_show(artifact_id: str, named: str, inspection: PdfInspection, where: Location) -> list[Finding]:
    """What a viewer shows on a page that the packet cannot: one finding per kind of problem, naming the pages."""
    findings: list[Finding] = []
    grouped: dict[tuple[ShowProblem, str], list[int | None]] = {}
    for problem in inspection.problems:
        grouped.setdefault((problem.kind, problem.detail), []).append(problem.page)
    for (kind, detail), pages in grouped.items():
        numbers = [p for p in pages if p is not None]
        at = (f"p. {numbers[0]} of {artifact_id}" if len(numbers) == 1 else
              f"pp. {_listed(numbers)} of {artifact_id}" if numbers else f"artifact {named}")
        if kind is ShowProblem.XFA_FORM:
            findings.append(error("MC411", f"artifact {named} is an XFA form, which only Acrobat can show ({detail})",
                                  "open it in Acrobat and print it to PDF, then cite that copy", where))
        elif kind is ShowProblem.TOO_LARGE:
            findings.append(error("MC414", f"{at} {'is' if len(numbers) == 1 else 'are'} too large to show safely: "
                                           f"{detail}", _TOO_LARGE_FIX, where))
        elif kind is ShowProblem.BLANK_PAGE:
            findings.append(warning("MC413", f"{at} {'is' if len(numbers) == 1 else 'are'} blank",
                                    "remove the page from the file, or check it was exported whole", where))
        elif kind is ShowProblem.JAVASCRIPT:
            findings.append(warning("MC412", f"{at}: JavaScript ({detail}) — the packet shows the page as stored",
                                    "print the file to PDF from a viewer that runs its scripts, then cite the new file",
                                    where))
        else:
            findings.append(warning("MC410", f"{at}: {detail}, which the packet cannot show", _UNSHOWN_FIX, where))
    return findings


def _listed(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:8])
    return shown + (f" and {len(numbers) - 8} more" if len(numbers) > 8 else "")
