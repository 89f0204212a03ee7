"""The cache never changes a verdict (issue 18): every kind of entry in `.mcred/` — page text, each PDF's
inspection, where quotes stand, prepared copies, chunks — damaged as a sync client, a restored backup or an
older mcred leaves it (same shape with other values, cut short, swapped between two artifacts, a link to a file
outside) gives the very check report and the byte-identical packet a clean cache gives, and is rewritten.

One portfolio: the handbook and two 13-page binders with a comment stamped on (so each is embedded from a
prepared copy, in chunks of four pages: the thresholds are lowered), a quote cited in each.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pikepdf
import pytest
import yaml
from conftest import write_portfolio
from fidelity_material import add_free_text
from support import make_pdf, prose
from typer.testing import CliRunner

from mcred.cli import app
from mcred.prepare import chunks
from mcred.read.cache import Cache

PACKET = Path("build") / "ensuring-accountability-packet.pdf"
JSON_KINDS = ("text", "pdf", "marks")
FILE_KINDS = ("prepared", "chunks", "redacted")
# Derived from the artifacts themselves, and from the prepared copies: tampered one group at a time, so that a
# prepared copy made again (the same bytes) leads to the chunks tampered with, not to fresh ones.
GROUPS = {"from-the-artifacts": ("text", "pdf", "marks", "chunks"), "prepared-copies": ("prepared",)}
TAMPERS = ("other-values", "truncated", "swapped", "linked-outside")


def binder(path: Path, name: str) -> Path:
    make_pdf(path, [f"{name} binder, sheet {n + 1}: notes of meeting {n + 1} with grade team {n % 3 + 1}."
                    for n in range(13)])
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        add_free_text(pdf, pdf.pages[0], (72, 72, 300, 130))
        pdf.save(path)
    return path


def write_cached_portfolio(base: Path) -> Path:
    root = write_portfolio(base)
    evidence = yaml.safe_load((root / "evidence.yaml").read_text(encoding="utf-8"))
    first = next(iter(evidence["evidence"]))
    evidence["evidence"][first][0] = {"artifact": "A1", "pages": "ii", "explanation": prose(50),
                                      "quote": "expectations were drafted with the leadership team"}
    for number, name in ((3, "Data review"), (4, "Walkthrough")):
        binder(root / "artifacts" / f"binder{number}.pdf", name)
        evidence["artifacts"].append({"id": f"A{number}", "title": f"{name} binder",
                                      "file": f"artifacts/binder{number}.pdf"})
        evidence["evidence"][first].append({"artifact": f"A{number}", "pages": 11, "quote": "notes of meeting 11",
                                            "explanation": prose(45)})
    (root / "evidence.yaml").write_text(yaml.safe_dump(evidence, sort_keys=False, width=10_000), encoding="utf-8")
    return root


def run(folder: Path) -> tuple[tuple[int, dict], bytes]:
    """check --json (its exit code and report), then build: the packet's bytes."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(chunks, "CHUNK_OVER", 8)
        patch.setattr(chunks, "CHUNK_PAGES", 4)
        patch.setattr(chunks, "MAX_GROWTH", 100.0)
        patch.setenv("SOURCE_DATE_EPOCH", "1764806400")
        checked = CliRunner().invoke(app, ["check", str(folder), "--json"], catch_exceptions=False)
        built = CliRunner().invoke(app, ["build", str(folder)], catch_exceptions=False)
    assert built.exit_code == 0, built.output
    return (checked.exit_code, json.loads(checked.stdout)), (folder / PACKET).read_bytes()


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tuple[int, dict], bytes]:
    """The portfolio with a full cache (kept aside as it was), and the verdict and packet a clean cache gives."""
    root = write_cached_portfolio(tmp_path_factory.mktemp("clean"))
    verdict, packet = run(root)
    kept = Path(shutil.copytree(root, tmp_path_factory.mktemp("kept") / "portfolio", symlinks=True))
    assert run(root) == (verdict, packet)   # a warm cache gives the same
    assert verdict[0] == 0 and verdict[1]["summary"]["ready"]
    return kept, verdict, packet


def entries(folder: Path, kind: str) -> list[Path]:
    found = sorted(p for p in (folder / ".mcred" / kind).iterdir() if not p.name.startswith("."))
    return [p for p in found if p.suffix == ".json"] if kind in JSON_KINDS else [p for p in found if p.is_dir()]


def other_values(value: object) -> object:
    """The same shape, other values: strings replaced, numbers shifted."""
    if isinstance(value, dict):
        return {key: other_values(item) for key, item in value.items()}
    if isinstance(value, list):
        return [other_values(item) for item in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return value + 3
    return "Nothing of the kind stands on this page." if isinstance(value, str) and len(value) > 12 else "ii"


def tamper(entry: Path, how: str, outside: Path) -> None:
    if entry.is_dir():   # a folder entry: its files damaged, its manifest left as it was
        pdfs = sorted(entry.glob("*.pdf"))
        if how == "other-values":
            for pdf in pdfs:
                make_pdf(pdf, ["Not what was prepared."] * 4)
        elif how == "truncated":
            for pdf in pdfs:
                pdf.write_bytes(pdf.read_bytes()[: pdf.stat().st_size // 2])
        return
    document = json.loads(entry.read_text(encoding="utf-8"))
    if how == "other-values":
        document["payload"] = other_values(document["payload"])
        entry.write_text(json.dumps(document), encoding="utf-8")
    elif how == "truncated":
        entry.write_bytes(entry.read_bytes()[: entry.stat().st_size // 2])


def damage(folder: Path, kinds: tuple[str, ...], how: str, outside: Path) -> dict[Path, bytes]:
    """Damage every entry of `kinds`; what was put outside (for `linked-outside`), by path, as it was put."""
    put: dict[Path, bytes] = {}
    for kind in kinds:
        found = entries(folder, kind)
        assert len(found) >= 2, kind
        if how == "swapped":
            first, second = found[0], found[1]
            swap = first.with_name(".swap")
            first.rename(swap)
            second.rename(first)
            swap.rename(second)
            continue
        for entry in found:
            if how != "linked-outside":
                tamper(entry, how, outside)
                continue
            target = outside / f"{kind}-{entry.name}"   # a whole entry, but one mcred did not write where it is
            shutil.move(entry, target)
            entry.symlink_to(target, target_is_directory=target.is_dir())
            for path in [target, *target.rglob("*")] if target.is_dir() else [target]:
                if path.is_file():
                    put[path] = path.read_bytes()
    return put


def verifies(entry: Path, kind: str) -> bool:
    """The entry, read back through the cache as mcred reads it, is whole and what it says it is."""
    document_path = entry / "entry.json" if kind in FILE_KINDS else entry
    said = json.loads(document_path.read_text(encoding="utf-8"))["entry"]
    found = Cache(entry.parent.parent.parent).entry(kind, said["source"], derived_by=said["derived_by"],
                                                    version=said["version"])
    return (found.read_files() if kind in FILE_KINDS else found.read_json()) is not None


@pytest.mark.parametrize("group", GROUPS)
@pytest.mark.parametrize("how", TAMPERS)
def test_a_damaged_cache_gives_the_clean_verdict_and_packet_and_is_rewritten(clean, tmp_path, how, group):
    kept, verdict, packet = clean
    folder = Path(shutil.copytree(kept, tmp_path / "portfolio", symlinks=True))
    outside = tmp_path / "outside"
    outside.mkdir()
    put = damage(folder, GROUPS[group], how, outside)

    assert run(folder) == (verdict, packet)
    for kind in GROUPS[group]:
        for entry in entries(folder, kind):
            assert not entry.is_symlink() and verifies(entry, kind), f"{kind}: {entry.name} not rewritten"
    assert {path: path.read_bytes() for path in put} == put   # nothing outside was written through a link


# --- redacted copies (`privacy: redact: true`) -------------------------------------------------------------------

@pytest.fixture(scope="module")
def redacting(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes]:
    """A portfolio whose records PDF names students and is embedded redacted, built once: kept aside, and its
    packet."""
    from privacy_material import ROSTER_CSV, make_artifact

    privacy = {"roster": "students.csv", "terms": ["Room 12B"], "find": ["email", "phone", "dob"],
               "student_id": "S#######", "redact": True}
    root = write_portfolio(tmp_path_factory.mktemp("redacting"), manifest={"privacy": privacy})
    (root / "students.csv").write_text(ROSTER_CSV, encoding="utf-8")
    make_artifact(root / "artifacts" / "records.pdf")
    evidence = yaml.safe_load((root / "evidence.yaml").read_text(encoding="utf-8"))
    evidence["artifacts"].append({"id": "A3", "title": "Attendance records", "file": "artifacts/records.pdf"})
    evidence["evidence"]["1"].append({"artifact": "A3", "pages": 3, "explanation": prose(45)})
    (root / "evidence.yaml").write_text(yaml.safe_dump(evidence, sort_keys=False), encoding="utf-8")
    _verdict, packet = run(root)
    assert len(entries(root, "redacted")) == 1
    return Path(shutil.copytree(root, tmp_path_factory.mktemp("kept") / "portfolio", symlinks=True)), packet


@pytest.mark.parametrize("how", ["other-values", "truncated", "linked-outside"])
def test_a_damaged_redacted_copy_is_made_again(redacting, tmp_path, how):
    kept, packet = redacting
    folder = Path(shutil.copytree(kept, tmp_path / "portfolio", symlinks=True))
    (entry,) = entries(folder, "redacted")
    if how == "linked-outside":
        outside = tmp_path / "outside"
        shutil.move(entry, outside)
        entry.symlink_to(outside, target_is_directory=True)
        put = {path: path.read_bytes() for path in outside.iterdir()}
    else:
        tamper(entry, how, tmp_path)
        put = {}
    assert run(folder)[1] == packet
    assert not entry.is_symlink() and verifies(entry, "redacted")
    assert {path: path.read_bytes() for path in put} == put
