"""Shared fixtures: real PDFs (typeset with Typst, with page labels, encrypted, corrupt), real portfolios, the real CLI."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Callable

import pytest
import yaml
from typer.testing import CliRunner

from mcred.cli import app

SENTENCE = ("Our leadership team reviewed the spring data with every grade-level team and agreed on three "
            "clear next steps for the fall. ")  # 21 words


def prose(words: int) -> str:
    """Real sentences, exactly `words` words long."""
    pool = SENTENCE.split()
    return " ".join(pool[i % len(pool)] for i in range(words))


def make_pdf(path: Path, pages: list[str], *, front_matter: int = 0) -> Path:
    """A real PDF with one text block per page; the first `front_matter` pages are labelled i, ii, …"""
    import typst

    body = []
    for index, text in enumerate(pages):
        if index == 0 and front_matter:
            body.append('#set page(numbering: "i")')
        if index == front_matter and front_matter:
            body.append('#set page(numbering: "1")\n#counter(page).update(1)')
        body.append(f"#{json.dumps(text)}")
        if index < len(pages) - 1:
            body.append("#pagebreak()")
    source = '#set page(paper: "us-letter")\n#set text(font: "Libertinus Serif")\n' + "\n".join(body)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(typst.compile(source.encode(), timestamp=0))
    return path


def encrypt_pdf(source: Path, target: Path, password: str = "secret") -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(source))
    writer.encrypt(password, algorithm="RC4-128")  # RC4 needs no extra package; AES would need cryptography
    with target.open("wb") as handle:
        writer.write(handle)
    return target


def corrupt_pdf(target: Path) -> Path:
    target.write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ngarbage without xref")
    return target


HANDBOOK_PAGES = [
    "Staff Performance Expectations Handbook. Contents.",
    "Preface: expectations were drafted with the leadership team in August.",
    "Section 1. Every teacher sets two measurable professional goals each fall.",
    "Section 2. Goals are reviewed at the mid-year conference with the principal.",
    "Section 3. The accountability plan lists strategies, timelines, evaluation and monitoring.",
    "Section 4. Monitoring happens in monthly data meetings with each team.",
]


def ready_evidence(credential_targets: list[str]) -> dict:
    """Evidence citing the handbook for every target, each explanation long enough."""
    evidence = {}
    for index, target in enumerate(credential_targets):
        page = 3 + index % 4
        evidence[target] = [{"artifact": "A1", "pages": page, "explanation": prose(50)}]
    evidence[credential_targets[0]].append({"artifact": "A2", "time": "2:10-4:30", "explanation": prose(45)})
    return {
        "artifacts": [
            {"id": "A1", "title": "Staff Performance Expectations Handbook", "file": "artifacts/handbook.pdf"},
            {"id": "A2", "title": "Goal-setting PLC meeting", "url": "https://example.org/plc", "duration": "18:42"},
        ],
        "evidence": evidence,
    }


def ready_overview(questions: list[str], words_each: int = 260) -> str:
    return "# Overview Questions\n\n" + "".join(f"## {i}. {q}\n\n{prose(words_each)}\n\n" for i, q in enumerate(questions, 1))


def ready_reflection(outcomes: list[tuple[str, str]], prompts: list[str], words_each: int = 130) -> str:
    sections = [f"## Outcome {oid}: {text}\n\n{prose(words_each)}\n\n" for oid, text in outcomes]
    sections += [f"## {p}\n\n{prose(60)}\n\n" for p in prompts]
    return "# Reflection & Application\n\n" + "".join(sections)


@pytest.fixture
def portfolio(tmp_path: Path) -> Callable[..., Path]:
    """Write a complete, ready Ensuring Accountability portfolio; keyword arguments replace its parts.

    overview / reflection: Markdown text; evidence: a dict (dumped as YAML) or raw YAML text;
    manifest: a dict merged into mcred.yaml.
    """
    from mcred import catalog
    from mcred.load import load_credential

    credential = load_credential(catalog.resolve("ensuring-accountability"))

    def write(folder: str = "portfolio", *, overview: str | None = None, reflection: str | None = None,
              evidence: dict | str | None = None, manifest: dict | None = None) -> Path:
        root = tmp_path / folder
        (root / "artifacts").mkdir(parents=True, exist_ok=True)
        make_pdf(root / "artifacts" / "handbook.pdf", HANDBOOK_PAGES, front_matter=2)
        questions = [p.text for p in credential.part("overview").prompts]
        reflection_part = credential.part("reflection")
        data = {"credential": "ensuring-accountability", "date": "2026-11-20",
                "practitioner": {"name": "Jordan Rivera", "role": "Assistant Principal",
                                 "school": "Lincoln Middle School", "district": "Riverside Unified"}}
        data.update(manifest or {})
        (root / "mcred.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        (root / "overview.md").write_text(overview if overview is not None else ready_overview(questions), encoding="utf-8")
        (root / "reflection.md").write_text(
            reflection if reflection is not None else ready_reflection(
                [(o.id, o.text) for o in credential.outcomes], [p.text for p in reflection_part.prompts]),
            encoding="utf-8")
        if evidence is None:
            evidence = ready_evidence([t.id for t in credential.targets])
        text = evidence if isinstance(evidence, str) else yaml.safe_dump(evidence, sort_keys=False, width=10_000)
        (root / "evidence.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
        return root

    return write


@pytest.fixture
def cli() -> Callable[..., object]:
    """Run mcred's real CLI in-process: cli("check", str(folder)) -> click Result (exit_code, stdout, stderr)."""
    runner = CliRunner()

    def run(*args: str, input: str | None = None):
        return runner.invoke(app, list(args), input=input, catch_exceptions=False)

    return run
