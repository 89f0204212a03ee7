"""The artifacts' files: missing, unreadable, encrypted or corrupt; kinds the packet cannot show; sizes (MC4xx)."""

from __future__ import annotations

from mcred.read.artifacts import ENCRYPTED, FOLDER, MISSING, NOT_AN_IMAGE, Opened
from mcred.read.locators import LocatorError, parse_timestamp
from mcred.findings import Finding, Location, error, warning
from mcred.facts import BYTES_PER_MB, ArtifactKind, Portfolio

# Beyond the artifacts, the typeset front matter and stamps add little; this margin keeps the estimate honest.
_PACKET_OVERHEAD = 1.1


def check(portfolio: Portfolio, opened: dict[str, Opened]) -> list[Finding]:
    findings: list[Finding] = []
    limit = portfolio.settings.upload_limit_mb
    for artifact_id, item in opened.items():
        artifact = item.artifact
        where = Location(portfolio.evidence_file, artifact.where.line if artifact.where else None)
        named = f"{artifact_id} ({artifact.file_as_written})"
        if item.problem == MISSING:
            findings.append(error("MC401", f"artifact {named} does not exist",
                                  f"put the file at {artifact.file_as_written}, or fix `file:`", where))
        elif item.problem == FOLDER:
            findings.append(error("MC401", f"artifact {named} is a folder, not a file", "name the file inside it", where))
        elif item.problem == ENCRYPTED:
            findings.append(error("MC403", f"artifact {named} is password-protected: the packet cannot show it",
                                  "save an unprotected copy (Print → Save as PDF) and cite that", where))
        elif item.problem and artifact.kind is ArtifactKind.IMAGE:
            reason = "" if item.problem == NOT_AN_IMAGE else f": {item.problem}"
            findings.append(error("MC402", f"artifact {named} is not a readable {artifact.file.suffix} image{reason}",
                                  "export it again as PNG or JPEG", where))
        elif item.problem:
            findings.append(error("MC402", f"artifact {named} cannot be read: {item.problem}",
                                  "open it and save or export it again as PDF", where))
        if artifact.file_as_written and "\\" in artifact.file_as_written and not item.problem:
            findings.append(error("MC402", f"artifact {named} has a backslash in its path, which the typesetter "
                                           "cannot read",
                                  "write the path with forward slashes (artifacts/plan.pdf), and rename a file whose "
                                  "name holds a backslash", where))
        if artifact.kind is ArtifactKind.UNSUPPORTED and not item.problem:
            findings.append(error("MC404", f"artifact {named} is "
                                           + (f"a {artifact.file.suffix} file" if artifact.file.suffix else
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
        size = item.info.size_bytes
        if size and size > limit * BYTES_PER_MB and artifact.kind is not ArtifactKind.VIDEO:
            findings.append(warning("MC405", f"artifact {named} is {size / BYTES_PER_MB:.1f} MB, over the {limit:g} MB upload limit",
                                    "compress it (e.g. reduce image resolution) or split it; "
                                    "the limit is `settings: upload_limit_mb` in mcred.yaml", where))
    packet_bytes = _PACKET_OVERHEAD * sum(o.info.size_bytes or 0 for o in opened.values()
                                          if o.artifact.kind in (ArtifactKind.PDF, ArtifactKind.IMAGE))
    if packet_bytes > limit * BYTES_PER_MB:
        findings.append(warning("MC406", f"the packet will be about {packet_bytes / BYTES_PER_MB:.0f} MB, over the {limit:g} MB "
                                         "upload limit",
                                "cite fewer or smaller artifacts, or upload the parts from build/parts/ one by one",
                                Location(portfolio.evidence_file)))
    return findings
