"""The reading stage: the only code that opens a user's files. A portfolio folder in, immutable `Facts` out.

    yamlsrc     YAML with line numbers, bounded (no aliases, shallow nesting, size-capped)
    files       the one rule for every path: a regular file inside the portfolio folder
    manifest    mcred.yaml, credential.yaml and evidence.yaml as typed records
    drafts      Markdown drafts parsed once
    artifacts/  one handler per kind (pdf, image, video, link) behind one protocol and a registry
    locators    page and time locators resolved
    cache       `.mcred/`: what is derived from the user's files, by content hash

A portfolio that cannot be read raises `UserError` (exit 2): nothing downstream handles half a portfolio.
"""

from __future__ import annotations

from pathlib import Path

from mcred.errors import UserError
from mcred.facts import ArtifactKind, Credential, Facts, Located, Resolution, Trouble
from mcred.read.artifacts import Opened, locate, read_artifact
from mcred.read.cache import Cache
from mcred.read.drafts import Draft, parse_draft
from mcred.read.files import TroubleError, read_text
from mcred.read.manifest import MANIFEST, load_portfolio, read_credential
from mcred.read.privacy import every_page_text, privacy_rules

__all__ = ["MANIFEST", "load_credential", "read_credential", "read_portfolio"]


def load_credential(path: Path) -> Credential:
    credential, findings = read_credential(path)
    if credential is None:
        raise UserError(findings)
    return credential


def read_portfolio(folder: Path, *, cache: bool = True) -> Facts:
    """Everything in the portfolio, read once. `cache=False` neither reads nor writes `.mcred/`."""
    loaded = load_portfolio(folder)
    if loaded.portfolio is None or any(f.unreadable for f in loaded.findings):
        raise UserError(loaded.findings)
    portfolio = loaded.portfolio
    root = portfolio.root
    store = Cache(root if cache else None)

    drafts: dict[str, Draft] = {}
    troubles: dict[str, Trouble] = {}
    for part_id, path in portfolio.drafts.items():
        try:
            drafts[part_id] = parse_draft(path, read_text(path, root))
        except TroubleError as exc:
            troubles[part_id] = exc.trouble

    opened: dict[str, Opened] = {a.id: read_artifact(a, root, store) for a in portfolio.artifacts}
    resolutions: list[Resolution | None] = []
    page_texts: dict[tuple[str, int], str] = {}
    for citation in portfolio.citations:
        item = opened.get(citation.artifact_id)
        if item is None:
            resolutions.append(None)
            continue
        resolution = locate(citation, item.artifact, item.info)
        resolutions.append(resolution)
        if citation.quote:   # the text a quote is looked for in: the cited pages, and the other reading's
            for place in (resolution.located, resolution.alternate):
                for page in (place or Located()).pages:
                    page_texts.setdefault((item.artifact.id, page), item.page_text(page))
    for item in opened.values():
        save = getattr(item.page_text, "save", None)
        if save is not None:
            save()
    rules = privacy_rules(portfolio.privacy, root) if portfolio.privacy is not None else None
    scanned: dict[str, tuple[str, ...]] = {}
    if rules is not None:   # every page of every PDF, not only the cited ones: anything handed over is scanned
        for item in opened.values():
            info = item.info
            if item.artifact.kind is ArtifactKind.PDF and info.readable and info.content_hash and item.artifact.file:
                scanned[item.artifact.id] = every_page_text(item.artifact.file, info.content_hash, store)
    return Facts(portfolio, drafts, troubles, {k: o.info for k, o in opened.items()}, tuple(resolutions), page_texts,
                 rules, scanned)
