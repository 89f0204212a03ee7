"""Test material: real PDFs (typeset with Typst, with page labels, encrypted, corrupt) and ready portfolio parts."""

from __future__ import annotations

import json
from pathlib import Path

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


