"""A portfolio with everything the assessor's packet navigates by: page labels, a quote to highlight, an artifact with
links of its own and a page nobody cites, two videos (one on a host that opens at a time, one that cannot), prose
with straight quotes and page ranges, and a citation long enough to run onto another page.

Every explanation starts "Evidence item <n>." (n: its place in the evidence map), so a link that should land on
citation n can be checked by the words on the page it lands on.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf
import yaml
from support import HANDBOOK_PAGES, make_pdf, prose, ready_reflection

LINKED_PAGES = ["Goal review protocol, page one: see the plan online and the monitoring page.",
                "Goal review protocol, page two: conference questions for each teacher.",
                "Goal review protocol, page three: monitoring calendar for the year."]
WEB_LINK = (72.0, 650.0, 300.0, 680.0)      # on page 1 of the linked artifact, to the web
PAGE_LINK = (72.0, 600.0, 200.0, 620.0)     # on page 1, to its page 3
PLAN_URL = "https://example.org/plan"
QUOTE = "two measurable professional goals"  # on the handbook's position 3 (printed page 1)
YOUTUBE = "https://www.youtube.com/watch?v=abc123"
PLAIN_VIDEO = "https://example.org/plc"
STRAIGHT = "We told staff \"not yet\" is a status, and it's the team's call."
CURLY = "We told staff “not yet” is a status, and it’s the team’s call."


def explanation(index: int, words: int = 45, extra: str = "") -> str:
    return f"Evidence item {index}. {extra}{prose(words)}"


def make_linked_pdf(path: Path) -> Path:
    make_pdf(path, LINKED_PAGES)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        first = pdf.pages[0]
        first.obj.Annots = pdf.make_indirect(pikepdf.Array([
            pdf.make_indirect(pikepdf.Dictionary(
                Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=pikepdf.Array(WEB_LINK),
                Border=pikepdf.Array([0, 0, 0]), A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String(PLAN_URL)))),
            pdf.make_indirect(pikepdf.Dictionary(
                Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=pikepdf.Array(PAGE_LINK),
                Border=pikepdf.Array([0, 0, 0]), Dest=pikepdf.Array([pdf.pages[2].obj, pikepdf.Name.Fit]))),
        ]))
        pdf.save(path)
    return path


def evidence_map() -> dict:
    """Citations in the order of the evidence map; "Evidence item n" is the n-th (0-based)."""
    cited = [
        ("1", {"artifact": "A1", "pages": 3, "quote": QUOTE,
               "explanation": explanation(0, extra="The preface (pages iv-v) and pp. 1-2 set it out. ")}),
        ("1", {"artifact": "A2", "time": "2:10-4:30", "explanation": explanation(1)}),
        ("2", {"artifact": "A1", "pages": "ii", "explanation": explanation(2)}),
        ("2", {"artifact": "A4", "time": "11:30", "explanation": explanation(3)}),
        ("3", {"artifact": "A1", "pages": "4-6", "explanation": explanation(4, words=700)}),
        ("4.1", {"artifact": "A3", "pages": "1-2", "explanation": explanation(5)}),
        ("4.2", {"artifact": "A1", "pages": 5, "explanation": explanation(6)}),
        ("4.3", {"artifact": "A1", "pages": 6, "explanation": explanation(7)}),
        ("4.4", {"artifact": "A1", "pages": 6, "explanation": explanation(8)}),
        ("4.4", {"artifact": "A3", "pages": 1, "explanation": explanation(9)}),
    ]
    evidence: dict[str, list] = {}
    for target, citation in cited:
        evidence.setdefault(target, []).append(citation)
    return {
        "artifacts": [
            {"id": "A1", "title": "Staff Performance Expectations Handbook", "file": "artifacts/handbook.pdf"},
            {"id": "A2", "title": "Goal-setting PLC meeting", "url": PLAIN_VIDEO, "duration": "18:42"},
            {"id": "A3", "title": "Goal review protocol", "file": "artifacts/protocol.pdf"},
            {"id": "A4", "title": "Checkpoint meeting", "url": YOUTUBE, "duration": "24:10"},
        ],
        "evidence": evidence,
    }


def write_portfolio(root: Path) -> Path:
    from mcred.read import catalog, load_credential

    credential = load_credential(catalog.resolve("ensuring-accountability"))
    (root / "artifacts").mkdir(parents=True, exist_ok=True)
    make_pdf(root / "artifacts" / "handbook.pdf", HANDBOOK_PAGES, front_matter=2)
    make_linked_pdf(root / "artifacts" / "protocol.pdf")
    questions = [p.text for p in credential.part("overview").prompts]
    overview = "# Overview Questions\n\n" + "".join(
        f"## {n}. {q}\n\n{STRAIGHT if n == 1 else ''} {prose(260)}\n\n" for n, q in enumerate(questions, 1))
    reflection = ready_reflection([(o.id, o.text) for o in credential.outcomes],
                                  [p.text for p in credential.part("reflection").prompts])
    manifest = {"credential": "ensuring-accountability", "date": "2026-11-20",
                "practitioner": {"name": "Jordan Rivera", "role": "Assistant Principal",
                                 "school": "Lincoln Middle School", "district": "Riverside Unified"}}
    (root / "mcred.yaml").write_text(yaml.safe_dump(manifest, sort_keys=False), encoding="utf-8")
    (root / "overview.md").write_text(overview, encoding="utf-8")
    (root / "reflection.md").write_text(reflection, encoding="utf-8")
    (root / "evidence.yaml").write_text(yaml.safe_dump(evidence_map(), sort_keys=False, width=10_000), encoding="utf-8")
    return root
