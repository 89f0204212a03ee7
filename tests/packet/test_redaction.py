"""Real redaction (`privacy: redact: true`): every hit is gone from what build hands over — no text left under a
black box — while pages without hits keep their text exactly; drafts' hits become █████."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
import yaml
from privacy_material import CLEAN_PAGES, ROSTER_CSV, SECRETS, make_artifact

PRIVACY = {"roster": "students.csv", "terms": ["Room 12B"], "find": ["email", "phone", "dob"],
           "student_id": "S#######"}
PACKET = Path("build") / "ensuring-accountability-packet.pdf"


def _flat(text: str) -> str:
    text = text.casefold().replace("\ufffe", "").replace("-\n", "")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(text.split())


def _portfolio(portfolio, redact: bool, folder: str) -> Path:
    from support import ready_overview

    from mcred.read import catalog, load_credential

    questions = [p.text for p in load_credential(catalog.resolve("ensuring-accountability")).part("overview").prompts]
    overview = ready_overview(questions).replace("## 2.", "We celebrated Maria Chen's reading growth.\n\n## 2.", 1)
    root = portfolio(folder, overview=overview, manifest={"privacy": {**PRIVACY, "redact": redact}})
    (root / "students.csv").write_text(ROSTER_CSV, encoding="utf-8")
    make_artifact(root / "artifacts" / "records.pdf")
    evidence = yaml.safe_load((root / "evidence.yaml").read_text(encoding="utf-8"))
    evidence["artifacts"].append({"id": "A3", "title": "Attendance records", "file": "artifacts/records.pdf"})
    evidence["evidence"]["1"].append({"artifact": "A3", "pages": 3, "explanation": "word " * 45})
    (root / "evidence.yaml").write_text(yaml.safe_dump(evidence, sort_keys=False), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """The same portfolio built twice: reporting only, and redacting."""
    from typer.testing import CliRunner

    from mcred.cli import app

    made = {}
    for redact in (False, True):
        base = tmp_path_factory.mktemp("redact" if redact else "plain")

        def write(folder: str, base: Path = base, **kwargs):
            from conftest import write_portfolio
            return write_portfolio(base, folder, **kwargs)

        root = _portfolio(write, redact, "portfolio")
        result = CliRunner().invoke(app, ["build", str(root)], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        made[redact] = root
    return made


def _page_texts(path: Path) -> list[str]:
    import pypdfium2

    document = pypdfium2.PdfDocument(path)
    try:
        return [document[i].get_textpage().get_text_range() for i in range(len(document))]
    finally:
        document.close()


def test_no_hit_survives_anywhere_in_what_build_hands_over(builds):
    from pypdf import PdfReader

    root = builds[True]
    handed = [root / PACKET, *sorted((root / "build" / "parts").glob("*.pdf"))]
    for path in handed:
        texts = " ".join(_page_texts(path)) + " ".join(p.extract_text() or "" for p in PdfReader(path).pages)
        assert not [s for s in SECRETS if s in _flat(texts)], path.name
    sheet = root / "build" / "submission.html"
    if sheet.exists():
        assert not [s for s in ("maria chen", "jose alvarez", "okafor") if s in _flat(sheet.read_text("utf-8"))]
    assert "█████" in " ".join(_page_texts(root / PACKET))   # the draft's name, in Part 1


def test_the_reporting_build_still_holds_them(builds):
    texts = _flat(" ".join(_page_texts(builds[False] / PACKET)))
    assert "maria chen" in texts and "okafor" in texts


def test_pages_without_hits_keep_their_text_exactly(builds):
    for clean in CLEAN_PAGES:
        marker = {3: "Section 3. The accountability plan", 6: "Section 4. Monitoring happens"}[clean]
        plain = [t for t in _page_texts(builds[False] / PACKET) if marker in t]
        redacted = [t for t in _page_texts(builds[True] / PACKET) if marker in t]
        assert plain and plain == redacted


def test_each_hit_is_black_where_its_words_stood(builds):
    """Find each secret's rectangle on the reporting build's packet page, and look at the same place on the
    redacting build's page: black. The redacted page is an image: its words are nowhere in its text."""
    import pypdfium2

    plain = pypdfium2.PdfDocument(builds[False] / PACKET)
    redacted = pypdfium2.PdfDocument(builds[True] / PACKET)
    checked = 0
    try:
        for index in range(len(plain)):
            page_text = plain[index].get_textpage()
            for word in ("Maria Chen", "Okafor", "S1234567", "04/12/2013", "Room 12B"):
                searcher = page_text.search(word, match_case=False)
                found = searcher.get_next()
                if found is None:
                    continue
                start, count = found
                if any(marker in page_text.get_text_range() for marker in ("We celebrated",)):
                    continue   # the draft's own line: redacted as text (█████), not as an image
                left, bottom, right, top = page_text.get_charbox(start + count // 2)
                scale = 2
                image = redacted[index].render(scale=scale).to_pil().convert("L")
                height = redacted[index].get_height()
                x, y = (left + right) / 2 * scale, (height - (bottom + top) / 2) * scale
                assert image.getpixel((int(x), int(y))) < 60, (word, index)
                assert word.casefold() not in redacted[index].get_textpage().get_text_range().casefold()
                checked += 1
    finally:
        plain.close()
        redacted.close()
    assert checked >= 4


def test_the_cover_counts_what_was_redacted_and_where_without_naming_it(builds):
    cover = " ".join(_page_texts(builds[True] / PACKET)[0].split())
    assert "Student information was redacted before this packet was made:" in cover
    assert "A3 pp. 1, 2, 4, 5" in cover and "the written parts" in cover
    assert "Student information was redacted" not in " ".join(_page_texts(builds[False] / PACKET)[0].split())
