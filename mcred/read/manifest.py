"""YAML in, model out. Every problem is a Finding with file:line; nothing here prints or exits."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from mcred.errors import UserError
from mcred.facts import (
    Artifact,
    Citation,
    Credential,
    Detail,
    Numbering,
    Outcome,
    Part,
    PartKind,
    Pattern,
    Portfolio,
    Practitioner,
    Privacy,
    Prompt,
    Settings,
)
from mcred.findings import Finding, Location, error
from mcred.privacy.rules import compile_mask
from mcred.read import catalog, formats
from mcred.read.artifacts import kind_of
from mcred.read.yamlsrc import NULL_TAG, STR_TAG, Reader, parse, shape
from mcred.resources import catalog_dir

MANIFEST = "mcred.yaml"

# Every key each mapping allows and needs, from the one declaration of the formats (read/formats.py).
_CREDENTIAL_KEYS, _CREDENTIAL_REQUIRED = formats.CREDENTIAL.keys, formats.CREDENTIAL.required
_OUTCOME_KEYS, _OUTCOME_REQUIRED = formats.OUTCOME.keys, formats.OUTCOME.required
_DETAIL_KEYS, _DETAIL_REQUIRED = formats.DETAIL.keys, formats.DETAIL.required
_PART_KEYS, _PART_REQUIRED = formats.PART.keys, formats.PART.required
_PROMPT_KEYS, _PROMPT_REQUIRED = formats.PROMPT.keys, formats.PROMPT.required
_MANIFEST_KEYS, _MANIFEST_REQUIRED = formats.MANIFEST.keys, formats.MANIFEST.required
_PRIVACY_KEYS = formats.PRIVACY.keys
_PRACTITIONER_KEYS, _PRACTITIONER_REQUIRED = formats.PRACTITIONER.keys, formats.PRACTITIONER.required
_SETTINGS_KEYS = formats.SETTINGS.keys
_EVIDENCE_KEYS = formats.EVIDENCE_MAP.keys
_ARTIFACT_KEYS, _ARTIFACT_REQUIRED = formats.ARTIFACT.keys, formats.ARTIFACT.required
_CITATION_KEYS, _CITATION_REQUIRED = formats.CITATION.keys, formats.CITATION.required


# --- the credential -------------------------------------------------------------------------------

def read_credential(path: Path, within: Path | None = None) -> tuple[Credential | None, list[Finding]]:
    """A credential file as the model, with every problem found in it (`within`: the folder it must lie in)."""
    try:
        root = parse(path, "The credential file", within)
    except UserError as exc:
        return None, exc.findings
    reader = Reader(path)
    credential = _credential(reader, root)
    return (credential if not reader.findings else None), reader.findings


def _credential(reader: Reader, root: yaml.Node) -> Credential | None:
    fields = reader.mapping(root, "the credential", _CREDENTIAL_KEYS, _CREDENTIAL_REQUIRED)
    if fields is None:
        return None
    outcomes = _unique(reader, [_outcome(reader, n) for n in reader.sequence(fields.get("outcomes"), "outcomes")],
                       "outcome")
    parts = _unique(reader, [_part(reader, n) for n in reader.sequence(fields.get("parts"), "parts")], "part")
    if "outcomes" in fields and not outcomes and not reader.findings:
        reader.problem(fields["outcomes"], "the credential lists no outcomes", "list its essential outcomes")
    detail_ids = [d for o in outcomes for d in o.details]
    _unique(reader, detail_ids, "detail")
    return Credential(
        id=reader.text(fields.get("id"), "id") or "",
        title=reader.text(fields.get("title"), "title") or "",
        program=reader.text(fields.get("program"), "program") or "NASSP Ed Leaders Network Micro-Credential",
        overview=reader.text(fields.get("overview"), "overview") or "",
        outcomes=tuple(outcomes),
        parts=tuple(parts),
        issuer=reader.text(fields.get("issuer"), "issuer"),
        domain=reader.text(fields.get("domain"), "domain"),
        source_url=reader.text(fields.get("source_url"), "source_url"),
        path=reader.path,
    )


def _unique(reader: Reader, items: list, what: str) -> list:
    seen: set[str] = set()
    kept = []
    for item in items:
        if item is None:
            continue
        if item.id in seen:
            reader.findings.append(error("MC104", f"{what} id `{item.id}` is used twice", f"give each {what} its own id",
                                         getattr(item, "where", None) or Location(reader.path), unreadable=True))
            continue
        seen.add(item.id)
        kept.append(item)
    return kept


def _outcome(reader: Reader, node: yaml.Node) -> Outcome | None:
    fields = reader.mapping(node, "an outcome", _OUTCOME_KEYS, _OUTCOME_REQUIRED)
    if fields is None or "id" not in fields or "text" not in fields:
        return None
    details = []
    for detail_node in reader.sequence(fields.get("details"), "details"):
        detail_fields = reader.mapping(detail_node, "a detail", _DETAIL_KEYS, _DETAIL_REQUIRED)
        if detail_fields and "id" in detail_fields and "text" in detail_fields:
            details.append(Detail(reader.text(detail_fields["id"], "a detail's id") or "",
                                  reader.text(detail_fields["text"], "a detail's text") or "",
                                  reader.text(detail_fields.get("source"), "a detail's source"),
                                  reader.location(detail_node)))
    return Outcome(reader.text(fields["id"], "an outcome's id") or "", reader.text(fields["text"], "an outcome's text") or "",
                   tuple(details), reader.location(node))


def _part(reader: Reader, node: yaml.Node) -> Part | None:
    fields = reader.mapping(node, "a part", _PART_KEYS, _PART_REQUIRED)
    if fields is None or not {"id", "title", "kind"} <= fields.keys():
        return None
    kind_text = reader.text(fields["kind"], "a part's kind")
    try:
        kind = PartKind(kind_text)
    except ValueError:
        reader.problem(fields["kind"], f"a part's kind is `{kind_text}`; it must be `narrative` or `evidence`",
                       "write `kind: narrative` or `kind: evidence`")
        return None
    prompts = []
    for prompt_node in reader.sequence(fields.get("prompts"), "prompts"):
        prompt_fields = reader.mapping(prompt_node, "a prompt", _PROMPT_KEYS, _PROMPT_REQUIRED)
        if prompt_fields and {"id", "text"} <= prompt_fields.keys():
            prompts.append(Prompt(reader.text(prompt_fields["id"], "a prompt's id") or "",
                                  reader.text(prompt_fields["text"], "a prompt's text") or ""))
    return Part(
        id=reader.text(fields["id"], "a part's id") or "",
        title=reader.text(fields["title"], "a part's title") or "",
        kind=kind,
        min_words=reader.integer(fields.get("min_words"), "min_words"),
        prompts=tuple(prompts),
        address_outcomes=bool(reader.boolean(fields.get("address_outcomes"), "address_outcomes")),
        min_explanation_words=reader.integer(fields.get("min_explanation_words"), "min_explanation_words"),
        guidance=reader.text(fields.get("guidance"), "guidance"),
    )


# --- the portfolio --------------------------------------------------------------------------------

@dataclass
class Loaded:
    """A portfolio as far as it could be read, and every problem met on the way."""

    portfolio: Portfolio | None
    findings: list[Finding] = field(default_factory=list)


def load_portfolio(folder: Path) -> Loaded:
    folder = folder.resolve()
    manifest_path = folder / MANIFEST
    if not folder.is_dir():
        state = "is not a folder" if folder.exists() else "does not exist"
        return Loaded(None, [error("MC101", f"{folder} {state}", "name a portfolio folder (one with mcred.yaml)",
                                   Location(folder), unreadable=True)])
    if not manifest_path.exists():
        return Loaded(None, [error("MC101", f"{folder} has no {MANIFEST}: it is not a portfolio",
                                   f"run `mcred init {folder.name} --credential ID` to start one, or cd into your portfolio",
                                   Location(manifest_path), unreadable=True)])
    findings: list[Finding] = []
    try:
        root = parse(manifest_path, "The manifest", folder)
    except UserError as exc:
        return Loaded(None, exc.findings)
    reader = Reader(manifest_path)
    fields = reader.mapping(root, "the manifest", _MANIFEST_KEYS, _MANIFEST_REQUIRED)
    if fields is None or "credential" not in fields:
        return Loaded(None, reader.findings)

    credential = _portfolio_credential(reader, fields["credential"], folder, findings)
    practitioner = _practitioner(reader, fields.get("practitioner"))
    drafts = _drafts(reader, fields.get("drafts"), folder, credential)
    evidence_name = reader.text(fields.get("evidence"), "evidence") or "evidence.yaml"
    settings = _settings(reader, fields.get("settings"))
    privacy = _privacy(reader, fields.get("privacy"), folder)
    date = _date(reader, fields.get("date"))
    blind = reader.boolean(fields.get("blind"), "blind")
    identity = tuple(t for n in reader.sequence(fields.get("identity"), "identity")
                     if (t := reader.text(n, "an identity word")))
    findings[:0] = reader.findings
    if credential is None:
        return Loaded(None, findings)

    evidence_path = folder / evidence_name
    artifacts: list[Artifact] = []
    citations: list[Citation] = []
    try:
        evidence_root = parse(evidence_path, "The evidence map", folder)
    except UserError as exc:
        findings.extend(exc.findings)
    else:
        evidence_reader = Reader(evidence_path)
        artifacts, citations = _evidence(evidence_reader, evidence_root, folder)
        findings.extend(evidence_reader.findings)

    portfolio = Portfolio(folder, manifest_path, credential, practitioner or Practitioner(""), drafts,
                          evidence_path, artifacts, citations, date, settings, privacy, blind, identity)
    return Loaded(portfolio, findings)


def _portfolio_credential(reader: Reader, node: yaml.Node, folder: Path, findings: list[Finding]) -> Credential | None:
    reference = reader.text(node, "credential")
    if not reference:
        reader.problem(node, "`credential` is empty", "name a catalog id (see `mcred credentials`) or credential.yaml")
        return None
    try:
        path = catalog.resolve(reference, folder)
    except UserError as exc:
        findings.extend(_at(f, reader.location(node)) for f in exc.findings)
        return None
    own = path.resolve().parent != catalog_dir().resolve()   # the catalog's files are mcred's, not the portfolio's
    credential, problems = read_credential(path, folder if own else None)
    findings.extend(problems)
    return credential


def _at(finding: Finding, where: Location) -> Finding:
    return finding if finding.where is not None else Finding(
        finding.code, finding.severity, finding.message, finding.fix, where, finding.unreadable)


def _practitioner(reader: Reader, node: yaml.Node | None) -> Practitioner | None:
    if node is None:
        return None
    fields = reader.mapping(node, "practitioner", _PRACTITIONER_KEYS, _PRACTITIONER_REQUIRED)
    if fields is None:
        return None
    return Practitioner(*(reader.text(fields.get(k), f"practitioner {k}") or "" for k in _PRACTITIONER_KEYS))


def _drafts(reader: Reader, node: yaml.Node | None, folder: Path, credential: Credential | None) -> dict[str, Path]:
    part_ids = [p.id for p in credential.narrative_parts] if credential else []
    drafts = {part_id: folder / f"{part_id}.md" for part_id in part_ids}
    if node is None or credential is None:   # without the credential, which keys belong here is unknown
        return drafts
    fields = reader.mapping(node, "drafts", tuple(part_ids), ())
    for part_id, value in (fields or {}).items():
        name = reader.text(value, f"drafts.{part_id}")
        if name:
            drafts[part_id] = folder / name
    return drafts


def _settings(reader: Reader, node: yaml.Node | None) -> Settings:
    if node is None:
        return Settings()
    fields = reader.mapping(node, "settings", _SETTINGS_KEYS) or {}
    limit = reader.number(fields.get("upload_limit_mb"), "settings.upload_limit_mb")
    return Settings(upload_limit_mb=limit) if limit else Settings()


def _privacy(reader: Reader, node: yaml.Node | None, folder: Path) -> Privacy | None:
    if node is None or shape(node) == NULL_TAG:
        return None
    fields = reader.mapping(node, "privacy", _PRIVACY_KEYS)
    if fields is None:
        return None
    roster = reader.text(fields.get("roster"), "privacy.roster")
    terms = tuple(t for n in reader.sequence(fields.get("terms"), "privacy.terms")
                  if (t := reader.text(n, "a privacy term")))
    patterns: set[Pattern] = set()
    for item in reader.sequence(fields.get("find"), "privacy.find") if "find" in fields else []:
        name = (reader.text(item, "a pattern in privacy.find") or "").lower()
        try:
            patterns.add(Pattern(name))
        except ValueError:
            reader.problem(item, f"privacy.find lists `{name}`, which is not a pattern mcred knows",
                           "list any of: email, phone, dob (student ids go in `student_id:`)")
    masks: list[str] = []
    mask_node = fields.get("student_id")
    mask_nodes = ([mask_node] if mask_node is not None and isinstance(mask_node, yaml.ScalarNode)
                  else reader.sequence(mask_node, "privacy.student_id"))
    for item in mask_nodes:
        mask = reader.text(item, "a student id mask")
        if not mask:
            continue
        try:
            compile_mask(mask)
        except ValueError as exc:
            reader.problem(item, f"student_id `{mask}` is not a mask mcred can use: {exc}",
                           "write the id's shape with # for a digit and ? for a letter, e.g. S####### "
                           "(at least three #, no spaces, 32 characters at most)")
            continue
        masks.append(mask)
    return Privacy(
        roster=folder / roster if roster else None,
        roster_as_written=roster,
        terms=terms,
        patterns=frozenset(patterns) if "find" in fields else frozenset({Pattern.EMAIL}),
        student_id=tuple(masks),
        redact=bool(reader.boolean(fields.get("redact"), "privacy.redact")),
        where=reader.location(node),
    )


def _date(reader: Reader, node: yaml.Node | None) -> dt.date | None:
    if node is None or shape(node) == NULL_TAG:
        return None
    if shape(node) not in (STR_TAG, "tag:yaml.org,2002:timestamp"):   # a plain 2026-11-20 resolves as a timestamp
        reader.expect(node, STR_TAG, "date")
        return None
    try:
        return dt.date.fromisoformat(str(node.value).strip())
    except ValueError:
        reader.problem(node, f"date `{node.value}` is not a date", "write it as YYYY-MM-DD, e.g. 2026-11-20")
        return None


def _evidence(reader: Reader, root: yaml.Node, folder: Path) -> tuple[list[Artifact], list[Citation]]:
    fields = reader.mapping(root, "the evidence map", _EVIDENCE_KEYS)
    if fields is None:
        return [], []
    artifacts = []
    for node in reader.sequence(fields.get("artifacts"), "artifacts"):
        artifact = _artifact(reader, node, folder)
        if artifact is not None:
            artifacts.append(artifact)
    artifacts = _unique(reader, artifacts, "artifact")
    citations: list[Citation] = []
    evidence_node = fields.get("evidence")
    if evidence_node is not None and reader.expect(evidence_node, "tag:yaml.org,2002:map", "evidence"):
        for target_id, _key, value_node in reader.keyed_by_id(evidence_node, "evidence",
                                                              "evidence for `{id}` is listed twice",
                                                              "merge the two lists"):
            for citation_node in reader.sequence(value_node, f"the evidence for {target_id}"):
                citation = _citation(reader, citation_node, target_id)
                if citation is not None:
                    citations.append(citation)
    return artifacts, citations


def _artifact(reader: Reader, node: yaml.Node, folder: Path) -> Artifact | None:
    fields = reader.mapping(node, "an artifact", _ARTIFACT_KEYS, _ARTIFACT_REQUIRED)
    if fields is None or "id" not in fields:
        return None
    file_text = reader.text(fields.get("file"), "an artifact's file")
    url = reader.text(fields.get("url"), "an artifact's url")
    if not file_text and not url:
        reader.problem(node, f"artifact {reader.text(fields['id'], 'id')} has neither `file` nor `url`",
                       "add `file: artifacts/<name>.pdf`, or `url:` for a video the assessor opens online")
    duration = reader.text(fields.get("duration"), "an artifact's duration")
    file = (folder / file_text) if file_text else None
    return Artifact(
        id=reader.required_text(fields["id"], "an artifact's id") or "",
        title=reader.text(fields.get("title"), "an artifact's title") or "",
        file=file,
        file_as_written=file_text,
        url=url,
        duration=duration,
        where=reader.location(node),
        kind=kind_of(file, duration),
        numbering=_numbering(reader, fields.get("numbering")),
    )


def _numbering(reader: Reader, node: yaml.Node | None) -> Numbering | None:
    text = reader.text(node, "numbering")
    if text is None:
        return None
    try:
        return Numbering(text.lower())
    except ValueError:
        reader.problem(node, f"numbering `{text}` is neither `position` nor `printed`",  # type: ignore[arg-type]
                       "write `numbering: printed` (the labels printed on the pages) or `numbering: position` "
                       "(the page's place in the file, as a viewer counts)")
        return None


def _citation(reader: Reader, node: yaml.Node, target_id: str) -> Citation | None:
    fields = reader.mapping(node, f"a citation for {target_id}", _CITATION_KEYS, _CITATION_REQUIRED)
    if fields is None or "artifact" not in fields:
        return None
    return Citation(
        target_id=target_id,
        artifact_id=reader.required_text(fields["artifact"], "artifact") or "",
        pages=reader.text(fields.get("pages"), "pages"),
        time=reader.text(fields.get("time"), "time"),
        quote=reader.text(fields.get("quote"), "quote"),
        explanation=reader.text(fields.get("explanation"), "explanation") or "",
        where=reader.location(node),
        fields={key: reader.location(value) for key, value in fields.items()},
        numbering=_numbering(reader, fields.get("numbering")),
    )
