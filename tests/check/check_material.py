"""Material for the check tests: a ready evidence map to edit, tiny real media files, the report read back.

The handbook (support.HANDBOOK_PAGES) has six pages printed i, ii, 1, 2, 3, 4. The ready map cites positions 5
and 6 only, whose numbers are no other page's label, so a ready portfolio has no notes but MC308 (the catalog's
Ensuring Accountability has no portal details).
"""

from __future__ import annotations

import json
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

import yaml
from support import prose

TARGETS = ["1", "2", "3", "4.1", "4.2", "4.3", "4.4"]
HANDBOOK = {"id": "A1", "title": "Staff Performance Expectations Handbook", "file": "artifacts/handbook.pdf"}


def cite(artifact: str = "A1", explanation: str | None = None, **where: object) -> dict:
    """One citation; `pages=5` unless a locator is given."""
    if not where:
        where = {"pages": 5}
    return {"artifact": artifact, **where, "explanation": prose(50) if explanation is None else explanation}


def evidence_map(evidence: dict[str, list[dict] | None] | None = None, artifacts: list[dict] | None = None) -> str:
    """evidence.yaml text: the handbook cited for every target, with `evidence` replacing (None: dropping) targets
    and `artifacts` listed after the handbook."""
    cited: dict[str, list[dict]] = {t: [cite(pages=5 + i % 2)] for i, t in enumerate(TARGETS)}
    for target, citations in (evidence or {}).items():
        if citations is None:
            cited.pop(target, None)
        else:
            cited[target] = citations
    document = {"artifacts": [HANDBOOK, *(artifacts or [])], "evidence": cited}
    return yaml.safe_dump(document, sort_keys=False, width=10_000, allow_unicode=True)


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """The 1-based line of the nth line holding `needle`: where a finding should point."""
    hits = [number for number, line in enumerate(text.splitlines(), 1) if needle in line]
    assert len(hits) >= nth, f"{needle!r} is not in the text"
    return hits[nth - 1]


@dataclass
class Report:
    """`mcred check --json`, read back."""

    exit_code: int
    document: dict

    @property
    def findings(self) -> list[dict]:
        return self.document["findings"]

    @property
    def codes(self) -> set[str]:
        return {f["code"] for f in self.findings}

    def only(self, code: str) -> dict:
        found = [f for f in self.findings if f["code"] == code]
        assert len(found) == 1, f"{code}: {found or self.findings}"
        return found[0]

    def all(self, code: str) -> list[dict]:
        return [f for f in self.findings if f["code"] == code]


def check_json(cli, folder: Path, *flags: str) -> Report:
    result = cli("check", str(folder), "--json", *flags)
    document = json.loads(result.stdout)
    assert document["summary"]["exit_code"] == result.exit_code
    return Report(result.exit_code, document)


def place(finding: dict) -> str:
    """file:line as the terminal shows it (without the column)."""
    return f"{finding['file']}:{finding['line']}" if finding["line"] is not None else finding["file"]


# --- real media, written byte by byte -----------------------------------------------------------------

def _box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I4s", 8 + len(payload), kind) + payload


def write_mp4(path: Path, seconds: float, *, timescale: int = 600, version: int = 0) -> Path:
    """A minimal valid MP4: ftyp, free, mdat, then moov/mvhd at the end (as a camera writes it)."""
    duration = round(seconds * timescale)
    tail = struct.pack(">IH10x", 0x00010000, 0x0100) + struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)
    tail += bytes(24) + struct.pack(">I", 2)   # pre_defined, next_track_ID
    if version == 1:
        header = struct.pack(">B3xQQIQ", 1, 0, 0, timescale, duration)
    else:
        header = struct.pack(">B3xIIII", 0, 0, 0, timescale, duration)
    trak = _box(b"trak", _box(b"tkhd", bytes(84)))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_box(b"ftyp", b"isom" + struct.pack(">I", 512) + b"isomiso2mp41")
                     + _box(b"free", bytes(16)) + _box(b"mdat", bytes(1000))
                     + _box(b"moov", _box(b"mvhd", header + tail) + trak))
    return path


def write_png(path: Path, width: int = 2, height: int = 2) -> Path:
    """A real PNG: white RGB pixels."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\xff" * 3 * width for _ in range(height))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
    return path


def label_pdf(source: Path, target: Path, prefix: str) -> Path:
    """A copy of `source` whose pages are printed `<prefix>1`, `<prefix>2`, …"""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(source))
    writer.set_page_label(0, len(writer.pages) - 1, style="/D", prefix=prefix)
    with target.open("wb") as handle:
        writer.write(handle)
    return target


def snapshot(folder: Path) -> list[tuple[str, int, int]]:
    """Every path under the folder with its size and modification time, but mcred's own cache (`.mcred/`, which
    check may write, as ruff and mypy write theirs): what "changes none of the user's files" compares."""
    return sorted((str(p.relative_to(folder)), p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*")
                  if ".mcred" not in p.relative_to(folder).parts)


# --- the credential the `portfolio` fixture writes --------------------------------------------------

def credential():
    from mcred.read import catalog, load_credential

    return load_credential(catalog.resolve("ensuring-accountability"))


def questions() -> list[str]:
    return [p.text for p in credential().part("overview").prompts]


def outcomes() -> list[tuple[str, str]]:
    return [(o.id, o.text) for o in credential().outcomes]


def reflection_prompts() -> list[str]:
    return [p.text for p in credential().part("reflection").prompts]


def write_ready_portfolio(root: Path) -> Path:
    """The `portfolio` fixture's ready portfolio, for module-scoped use (the property tests)."""
    from support import HANDBOOK_PAGES, make_pdf, ready_overview, ready_reflection

    make_pdf(root / "artifacts" / "handbook.pdf", HANDBOOK_PAGES, front_matter=2)
    manifest = {"credential": "ensuring-accountability", "date": "2026-11-20",
                "practitioner": {"name": "Jordan Rivera", "role": "Assistant Principal"}}
    (root / "mcred.yaml").write_text(yaml.safe_dump(manifest, sort_keys=False), encoding="utf-8")
    (root / "overview.md").write_text(ready_overview(questions()), encoding="utf-8")
    (root / "reflection.md").write_text(ready_reflection(outcomes(), reflection_prompts()), encoding="utf-8")
    (root / "evidence.yaml").write_text(evidence_map(), encoding="utf-8")
    return root
