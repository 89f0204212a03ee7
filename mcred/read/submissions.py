"""A resubmission read: the attempts recorded in submissions/<n>/, the assessor's feedback.yaml, and what changed
since the last attempt (compared by read/changes.py against the sources that attempt recorded).

    submissions/<n>/manifest.yaml   the date, mcred's version, the content hash of every input
    submissions/<n>/sources/        the drafts and YAML files as submitted (what `mcred diff` compares against)
    build/mcred-build.json         what the last build was made from: `mcred submit` refuses a packet out of date

`mcred submit` writes the first two (mcred/resubmit/), `mcred build` the third: only this module reads them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from mcred.errors import UserError
from mcred.facts import Attempt, Feedback, Judgement, Portfolio, Resubmission, Result
from mcred.findings import Location
from mcred.read import formats
from mcred.read.changes import compare, input_key
from mcred.read.files import TroubleError, file_trouble, inside, read_text
from mcred.read.manifest import load_portfolio
from mcred.read.yamlsrc import NULL_TAG, Reader, parse, shape
from mcred.text.drafts import Draft, parse_draft

SUBMISSIONS = "submissions"
FEEDBACK = "feedback.yaml"
ATTEMPT_MANIFEST = "manifest.yaml"
SOURCES = "sources"
BUILD_STAMP = "mcred-build.json"


# --- the inputs of a build, and their content hashes -----------------------------------------------------------

def source_files(portfolio: Portfolio) -> list[Path]:
    """The text a packet is made from, kept with each attempt: mcred.yaml, the portfolio's own credential file,
    the drafts and the evidence map (never the roster: student names stay where they are)."""
    root = portfolio.root
    credential = portfolio.credential.path
    files = [portfolio.manifest]
    if credential is not None and inside(credential, root):
        files.append(credential)
    files += [*portfolio.drafts.values(), portfolio.evidence_file]
    return [f for f in dict.fromkeys(files) if file_trouble(f, root) is None]


def input_files(portfolio: Portfolio) -> list[Path]:
    """Every file a build reads: the sources, each artifact's file, the privacy roster, feedback.yaml."""
    root = portfolio.root
    files = source_files(portfolio)
    files += [a.file for a in portfolio.artifacts if a.file is not None]
    if portfolio.privacy is not None and portfolio.privacy.roster is not None:
        files.append(portfolio.privacy.roster)
    files.append(root / FEEDBACK)
    return [f for f in dict.fromkeys(files) if file_trouble(f, root) is None]


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def input_hashes(portfolio: Portfolio, known: Mapping[str, str] | None = None) -> dict[str, str]:
    """Each input's sha256 by its path from the portfolio folder; `known` spares hashing a file twice (the
    artifacts' hashes, taken as check read them)."""
    found: dict[str, str] = {}
    for path in input_files(portfolio):
        key = input_key(path, portfolio.root)
        try:
            found[key] = (known or {}).get(key) or file_hash(path)
        except OSError:
            continue
    return found


# --- what build recorded ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class BuildStamp:
    """What the packet in build/ was made from, as `mcred build` recorded it beside the packet."""

    packet: str                  # the packet's file name in build/
    packet_hash: str
    draft: bool
    parts: tuple[str, ...]       # the part files, from build/
    since: int                   # the last attempt it compared against (0: none)
    inputs: Mapping[str, str]


def read_build_stamp(build_dir: Path) -> BuildStamp | None:
    """build/mcred-build.json, or None when there is none (or it is not one mcred wrote)."""
    try:
        data = json.loads(read_text(build_dir / BUILD_STAMP, build_dir.parent))
        return BuildStamp(str(data["packet"]), str(data["packet_sha256"]), bool(data["draft"]),
                          tuple(str(p) for p in data["parts"]), int(data["since"]),
                          {str(k): str(v) for k, v in dict(data["inputs"]).items()})
    except (TroubleError, ValueError, KeyError, TypeError):
        return None


# --- submissions/ ----------------------------------------------------------------------------------------------

def attempt_numbers(root: Path) -> list[int]:
    """The attempts recorded (folders submissions/1, submissions/2 …), in order."""
    folder = root / SUBMISSIONS
    if not folder.is_dir() or not inside(folder, root):
        return []
    return sorted(int(p.name) for p in folder.iterdir() if p.name.isdigit() and p.is_dir())


def read_attempts(root: Path) -> list[Attempt]:
    return [_attempt(root, number) for number in attempt_numbers(root)]


def _attempt(root: Path, number: int) -> Attempt:
    folder = root / SUBMISSIONS / str(number)
    path = folder / ATTEMPT_MANIFEST
    if file_trouble(path, root) is not None:
        return Attempt(number, folder)
    reader = Reader(path)
    fields = reader.mapping(parse(path, "The submission record", root), "the submission record",
                            ("attempt", "date", "mcred", "credential", "packet", "packet_sha256", "inputs"))
    inputs: dict[str, str] = {}
    node = (fields or {}).get("inputs")
    if node is not None and shape(node) != NULL_TAG and reader.expect(node, "tag:yaml.org,2002:map", "inputs"):
        for key, value in node.value:
            inputs[str(key.value)] = reader.text(value, f"the hash of {key.value}") or ""
    if reader.findings:
        raise UserError(reader.findings)
    fields = fields or {}
    return Attempt(number, folder, reader.text(fields.get("date"), "date") or "", inputs,
                   reader.text(fields.get("packet_sha256"), "packet_sha256") or "")


def read_resubmission(portfolio: Portfolio, drafts: Mapping[str, Draft],
                      known_hashes: Mapping[str, str] | None = None) -> Resubmission | None:
    """The attempts, the feedback and what changed since the last attempt; None when there are neither."""
    root = portfolio.root
    attempts = read_attempts(root)
    feedback = read_feedback(root, portfolio)
    if not attempts and feedback is None:
        return None
    if not attempts:
        return Resubmission((), None, "", feedback)
    last = attempts[-1]
    sources = last.folder / SOURCES
    loaded = load_portfolio(sources) if (sources / "mcred.yaml").is_file() else None
    if loaded is None or loaded.portfolio is None or any(f.unreadable for f in loaded.findings):
        why = (f"{SUBMISSIONS}/{last.number}/{SOURCES}/ is missing" if loaded is None else
               f"{SUBMISSIONS}/{last.number}/{SOURCES}/ cannot be read"
               + (f" ({loaded.findings[0].message})" if loaded.findings else ""))
        return Resubmission(tuple(attempts), None, why, feedback)
    before = loaded.portfolio
    before_drafts: dict[str, Draft] = {}
    for part_id, path in before.drafts.items():
        try:
            before_drafts[part_id] = parse_draft(path, read_text(path, sources))
        except TroubleError:
            continue
    now_hashes = input_hashes(portfolio, known_hashes)
    changes = compare(last.number, before, before_drafts, last.inputs, portfolio, drafts, now_hashes)
    return Resubmission(tuple(attempts), changes, "", feedback)


# --- feedback.yaml ---------------------------------------------------------------------------------------------

def read_feedback(root: Path, portfolio: Portfolio) -> Feedback | None:
    """feedback.yaml beside the drafts, or None where there is none. Its shape is checked as the other YAML files'
    are (a typo in a key, a result that is neither `proficient` nor `not-yet`: exit 2 with the line); ids the
    credential does not have are check's to report (MC601)."""
    path = root / FEEDBACK
    if not path.exists() and not path.is_symlink():
        return None
    node = parse(path, "The feedback file", root)
    reader = Reader(path)
    fields = reader.mapping(node, "the feedback", formats.FEEDBACK.keys, formats.FEEDBACK.required)
    if fields is None:
        raise UserError(reader.findings)
    attempt = reader.integer(fields.get("attempt"), "attempt", minimum=1)
    results: list[Judgement] = []
    results_node = fields.get("results")
    if results_node is not None and shape(results_node) != NULL_TAG \
            and reader.expect(results_node, "tag:yaml.org,2002:map", "results"):
        for item_id, key_node, value_node in reader.keyed_by_id(results_node, "results",
                                                                "results for `{id}` are given twice",
                                                                "keep one of them"):
            results.append(_judgement(reader, item_id, key_node, value_node))
    parts: dict[str, str] = {}
    part_where: dict[str, Location] = {}
    parts_node = fields.get("parts")
    if parts_node is not None and shape(parts_node) != NULL_TAG:
        part_ids = tuple(p.id for p in portfolio.credential.parts)
        for part_id, value in (reader.mapping(parts_node, "parts", part_ids) or {}).items():
            parts[part_id] = reader.text(value, f"the comment on {part_id}") or ""
            part_where[part_id] = reader.location(value)
    if reader.findings:
        raise UserError(reader.findings)
    return Feedback(path, attempt, tuple(results), parts, part_where,
                    reader.location(fields["attempt"]) if "attempt" in fields else reader.location(node))


def _judgement(reader: Reader, item_id: str, key_node: yaml.Node, node: yaml.Node) -> Judgement:
    where = reader.location(key_node)
    if shape(node) == NULL_TAG:
        return Judgement(item_id, None, "", where)
    fields = reader.mapping(node, f"the result for {item_id}", formats.JUDGEMENT.keys) or {}
    written = reader.text(fields.get("result"), f"the result for {item_id}")
    result: Result | None = None
    if written:
        try:
            result = Result(written.lower().replace(" ", "-").replace("_", "-"))
        except ValueError:
            reader.problem(fields["result"], f"the result for {item_id} is `{written}`; it must be `proficient` or "
                                             "`not-yet`", "write `result: proficient` or `result: not-yet`")
    return Judgement(item_id, result, reader.text(fields.get("comment"), f"the comment on {item_id}") or "", where)
