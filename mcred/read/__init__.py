"""The reading stage: the only code that opens a user's files. A portfolio folder in, immutable `Facts` out.

    yamlsrc     YAML with line numbers, bounded (no aliases, shallow nesting, size-capped)
    files       the one rule for every path: a regular file inside the portfolio folder
    manifest    mcred.yaml, credential.yaml and evidence.yaml as typed records
    drafts      Markdown drafts parsed once
    artifacts/  one handler per kind (pdf, image, video, link) behind one protocol and a registry
    word        drafts written in Word (.docx), through mammoth, as Markdown for the draft parser
    office      Office artifacts converted to PDF by LibreOffice (cached), or why they cannot be
    ocr         OCR of pages without a text layer and of images (Tesseract), shaped like PDFium's text, cached
    locators    page and time locators resolved
    cache       `.mcred/`: what is derived from the user's files, by content hash, verified on reading
    lock        `.mcred/lock`: one mcred command at a time on a portfolio
    submissions the attempts recorded in submissions/, feedback.yaml, what changed since (changes.py compares)

`read_portfolio` reads everything once for check and build; `read_artifact_pages` reads every page's text of
every PDF artifact for `mcred find`, and nothing else; `ensure_unchanged` tells whether the artifacts still hold
what was read (build asks again before it writes the packet).

A portfolio that cannot be read raises `UserError` (exit 2): nothing downstream handles half a portfolio.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from mcred.errors import UserError
from mcred.facts import ArtifactInfo, ArtifactKind, Credential, Facts, HiddenText, Located, Portfolio, Resolution, Trouble
from mcred.privacy.rules import PrivacyRules
from mcred.read.artifacts import Opened, locate, read_artifact
from mcred.read.artifacts.pdf import PdfPages, every_page_text
from mcred.read.cache import Cache, unchanged
from mcred.read.changes import input_key
from mcred.read.files import TroubleError, file_trouble, read_text
from mcred.read.hidden_text import hidden_text
from mcred.read.manifest import MANIFEST, load_portfolio, read_credential
from mcred.read.ocr import OcrSettings, missing
from mcred.read.office import with_office_converted
from mcred.read.privacy import blind_rules, privacy_rules
from mcred.read.submissions import read_resubmission
from mcred.read.word import is_word, read_word_draft
from mcred.text.drafts import Draft, parse_draft
from mcred.text.phrases import comparable
from mcred.textpos import ScannedPage

__all__ = ["MANIFEST", "OcrSettings", "changed_error", "ensure_unchanged", "load_credential", "read_artifact_pages",
           "read_credential", "read_portfolio"]

MAX_PLACES_ELSEWHERE = 5   # pages kept where a misplaced quote stands: enough to say where, not a concordance


def load_credential(path: Path) -> Credential:
    credential, findings = read_credential(path)
    if credential is None:
        raise UserError(findings)
    return credential


def read_portfolio(folder: Path, *, cache: bool = True, ocr: OcrSettings = OcrSettings()) -> Facts:
    """Everything in the portfolio, read once. `cache=False` neither reads nor writes `.mcred/`; `ocr` says whether
    pages without a text layer are read by OCR (where its packages are installed)."""
    loaded = load_portfolio(folder)
    if loaded.portfolio is None or any(f.unreadable for f in loaded.findings):
        raise UserError(loaded.findings)
    root = loaded.portfolio.root
    store = Cache(root if cache else None)
    portfolio = with_office_converted(loaded.portfolio, store)

    drafts: dict[str, Draft] = {}
    troubles: dict[str, Trouble] = {}
    for part_id, path in portfolio.drafts.items():
        try:
            if is_word(path):
                drafts[part_id] = parse_draft(path, *read_word_draft(path, root))
            else:
                drafts[part_id] = parse_draft(path, read_text(path, root))
        except TroubleError as exc:
            troubles[part_id] = exc.trouble

    opened: dict[str, Opened] = {a.id: read_artifact(a, root, store, ocr) for a in portfolio.artifacts}
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
    elsewhere = _quotes_elsewhere(portfolio, opened, resolutions, page_texts)
    rules = privacy_rules(portfolio.privacy, root) if portfolio.privacy is not None else None
    identity = blind_rules(portfolio)
    scanned: dict[str, tuple[str, ...]] = {}
    hidden: dict[str, tuple[HiddenText, ...]] = {}
    if rules is not None or identity is not None:
        # every page of every PDF, not only the cited ones, and what it holds beyond its pages' text: anything
        # handed over is scanned
        for item in opened.values():
            info = item.info
            if item.artifact.kind is ArtifactKind.IMAGE and info.readable:   # read by OCR, where it is on
                every_page = getattr(item.page_text, "every_page", None)
                if every_page is not None:
                    scanned[item.artifact.id] = tuple(every_page(1))
            if item.artifact.kind is ArtifactKind.PDF and info.readable and info.content_hash and item.artifact.file:
                every_page = getattr(item.page_text, "every_page", None)
                if every_page is not None:
                    scanned[item.artifact.id] = tuple(every_page(info.page_count or 0))
                hidden[item.artifact.id] = hidden_text(item.artifact.file)
    read_by_ocr: dict[str, dict[int, ScannedPage]] = {}
    for item in opened.values():
        save = getattr(item.page_text, "save", None)
        if save is not None:
            save()
        ocr_store = getattr(item.page_text, "ocr", None)
        if ocr_store is not None and ocr_store.read:
            read_by_ocr[item.artifact.id] = dict(ocr_store.read)
    ensure_unchanged(portfolio, {k: o.info for k, o in opened.items()}, "reading it")
    hashed = {input_key(o.artifact.file, root): o.info.content_hash for o in opened.values()
              if o.artifact.file is not None and o.info.content_hash}
    return Facts(portfolio, drafts, troubles, {k: o.info for k, o in opened.items()}, tuple(resolutions), page_texts,
                 rules, scanned, elsewhere, identity, hidden, ocr=read_by_ocr,
                 ocr_missing=missing() if ocr.enabled else None, ocr_ran=ocr.enabled and missing() is None,
                 resubmission=read_resubmission(portfolio, drafts, hashed))


def ensure_unchanged(portfolio: Portfolio, infos: Mapping[str, ArtifactInfo], doing: str) -> None:
    """Raise UserError unless every artifact file read still holds what it held when read (its stamp, or else
    its bytes): what was read, and what the packet embeds, then come from one state of the files, never a mix."""
    changed = [artifact for artifact in portfolio.artifacts
               if artifact.file is not None and (info := infos.get(artifact.id)) is not None
               and info.content_hash is not None and not unchanged(artifact.file, info.stamp, info.content_hash)]
    if changed:
        raise changed_error([a.file_as_written or str(a.file) for a in changed], doing)


def changed_error(names: list[str], doing: str) -> UserError:
    """What is said when files changed while mcred was `doing` something with them (exit 2)."""
    return UserError.plain(f"{', '.join(names)} changed while mcred was {doing} (saved meanwhile?): mcred stopped "
                           "rather than judge or embed a mix of its old and new contents.",
                           "Run the command again once the file is saved (a packet built before is left as it was).")


def _quotes_elsewhere(portfolio: Portfolio, opened: dict[str, Opened], resolutions: list[Resolution | None],
                      page_texts: dict[tuple[str, int], str]) -> dict[int, tuple[tuple[str, int], ...]]:
    """For each quote that is not on its cited pages, the pages it does stand on: the rest of the cited artifact,
    then the other PDF artifacts in the order listed. Every page of an artifact is read (and cached) only when a
    quote is missing from it, so a portfolio whose quotes are all in place reads no more than the cited pages."""
    pdfs = [a.id for a in portfolio.artifacts if a.kind is ArtifactKind.PDF and a.id in opened
            and opened[a.id].info.readable]
    folded: dict[str, tuple[str, ...]] = {}   # artifact id -> every page's text as quotes are compared

    def pages_of(artifact_id: str) -> tuple[str, ...]:
        if artifact_id not in folded:
            item = opened[artifact_id]
            every_page = getattr(item.page_text, "every_page", None)
            texts = every_page(item.info.page_count or 0) if every_page is not None else ()
            folded[artifact_id] = tuple(comparable(text) for text in texts)
        return folded[artifact_id]

    found: dict[int, tuple[tuple[str, int], ...]] = {}
    for index, (citation, resolution) in enumerate(zip(portfolio.citations, resolutions, strict=True)):
        located = resolution.located if resolution is not None else None
        if not citation.quote or located is None or not located.pages or citation.artifact_id not in pdfs:
            continue
        wanted = comparable(citation.quote)
        cited = comparable(" ".join(page_texts.get((citation.artifact_id, p), "") for p in located.pages))
        if not wanted or wanted in cited:
            continue
        for artifact_id in dict.fromkeys([citation.artifact_id, *pdfs]):
            places = [(artifact_id, position) for position, text in enumerate(pages_of(artifact_id), 1)
                      if wanted in text]
            if places:
                found[index] = tuple(places[:MAX_PLACES_ELSEWHERE])
                break
    return found


@dataclass(frozen=True)
class SearchedArtifact:
    """One PDF artifact's pages as find searches them."""

    id: str
    title: str
    file: str                 # as written in evidence.yaml
    pages: PdfPages


@dataclass(frozen=True)
class Skipped:
    """A PDF artifact whose text could not be read, and why (in the words of check's file findings)."""

    id: str
    file: str
    reason: str



def read_artifact_pages(folder: Path, *, cache: bool = True, ocr: OcrSettings = OcrSettings()
                        ) -> tuple[list[SearchedArtifact], list[Skipped], list[str], PrivacyRules | None]:
    """Every page's text of every PDF artifact, for `mcred find`: the PDFs that could be read, those that could
    not (and why), the ids of artifacts without page text (videos, links, images), and the privacy rules its
    snippets are masked by. Only the evidence map's
    artifacts are read — not the drafts, nor pypdf's walk of each file — so a search of cached text is quick."""
    loaded = load_portfolio(folder)
    if loaded.portfolio is None or any(f.unreadable for f in loaded.findings):
        raise UserError(loaded.findings)
    store = Cache(loaded.portfolio.root if cache else None)
    portfolio = with_office_converted(loaded.portfolio, store)
    searched: list[SearchedArtifact] = []
    skipped: list[Skipped] = []
    without_text: list[str] = []
    for artifact in portfolio.artifacts:
        if artifact.kind is not ArtifactKind.PDF or artifact.file is None:
            without_text.append(artifact.id)
            continue
        shown = artifact.file_as_written or str(artifact.file)
        try:
            trouble = file_trouble(artifact.file, portfolio.root)
            if trouble is not None:
                raise TroubleError(trouble)
            pages = every_page_text(artifact.file, store, ocr, artifact.id)
        except TroubleError as exc:
            skipped.append(Skipped(artifact.id, shown, exc.trouble.says()))
            continue
        searched.append(SearchedArtifact(artifact.id, artifact.title, shown, pages))
    rules = privacy_rules(portfolio.privacy, portfolio.root) if portfolio.privacy is not None else None
    return searched, skipped, without_text, rules
