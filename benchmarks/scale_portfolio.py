"""A ready portfolio at scale, shared by the check and build benchmarks.

`make_scale_portfolio(folder, artifacts=40, pages=2000, citations=200)` writes an Ensuring Accountability
portfolio whose artifacts are real Typst-made PDFs (every page with its own text), cited `citations` times,
every citation with a quote taken from the cited page.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from support import prose, ready_overview, ready_reflection  # noqa: E402


def page_text(artifact: int, page: int) -> str:
    return f"Artifact {artifact} page {page}: monthly data review notes for grade team {page % 7 + 1}."


def make_pdf(path: Path, artifact: int, pages: int) -> None:
    import typst

    body = "\n#pagebreak()\n".join(f"#{json.dumps(page_text(artifact, p))}\n\n#lorem(120)" for p in range(1, pages + 1))
    source = '#set page(paper: "us-letter")\n#set text(font: "Libertinus Serif")\n' + body
    path.write_bytes(typst.compile(source.encode(), timestamp=0))


def make_scale_portfolio(folder: Path, artifacts: int = 40, pages: int = 2000, citations: int = 200) -> Path:
    from mcred.read import catalog, load_credential

    credential = load_credential(catalog.resolve("ensuring-accountability"))
    (folder / "artifacts").mkdir(parents=True, exist_ok=True)
    per_artifact = [pages // artifacts + (1 if i < pages % artifacts else 0) for i in range(artifacts)]
    listed = []
    for index, count in enumerate(per_artifact, 1):
        make_pdf(folder / "artifacts" / f"doc{index:02d}.pdf", index, count)
        listed.append({"id": f"A{index}", "title": f"Team data review binder {index}", "file": f"artifacts/doc{index:02d}.pdf"})
    targets = [t.id for t in credential.targets]
    evidence: dict[str, list] = {t: [] for t in targets}
    for number in range(citations):
        artifact = number % artifacts + 1
        page = (number // artifacts) * 3 % per_artifact[artifact - 1] + 1
        evidence[targets[number % len(targets)]].append({
            "artifact": f"A{artifact}", "pages": page,
            "quote": f"monthly data review notes for grade team {page % 7 + 1}",
            "explanation": prose(45),
        })
    (folder / "evidence.yaml").write_text(yaml.safe_dump({"artifacts": listed, "evidence": evidence}, sort_keys=False,
                                                         width=10_000), encoding="utf-8")
    manifest = {"credential": "ensuring-accountability", "date": "2026-11-20",
                "practitioner": {"name": "Jordan Rivera", "role": "Assistant Principal",
                                 "school": "Lincoln Middle School", "district": "Riverside Unified"},
                "settings": {"upload_limit_mb": 500}}
    (folder / "mcred.yaml").write_text(yaml.safe_dump(manifest, sort_keys=False), encoding="utf-8")
    (folder / "overview.md").write_text(ready_overview([p.text for p in credential.part("overview").prompts]),
                                        encoding="utf-8")
    reflection = credential.part("reflection")
    (folder / "reflection.md").write_text(ready_reflection([(o.id, o.text) for o in credential.outcomes],
                                                           [p.text for p in reflection.prompts]), encoding="utf-8")
    return folder


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "scale-portfolio")
    make_scale_portfolio(target)
    print(f"wrote {target}")
