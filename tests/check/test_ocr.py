"""Scanned pages (text drawn into a picture, no text layer) read by OCR: a quote on the scan verifies and says so,
a misplaced one is found with its page by check and by `mcred find`, a rostered student's name on the scan is
found and, with `redact: true`, is black in the packet's pixels with no text under it; `--no-ocr` turns it off."""

from __future__ import annotations

import json
from pathlib import Path

import pypdfium2
import pytest
import yaml

from mcred.read.ocr import missing

pytestmark = pytest.mark.skipif(missing() is not None, reason='OCR is not installed (pip install "mcred[ocr]")')

PAGE_1 = ["Data Team Sign-in Sheet, October 14", "Every grade-level team reviews attendance data each month.",
          "Facilitator: Angela Whitfield"]
PAGE_2 = ["Follow-up notes", "Outreach calls went to the family of Maria Gonzalez.",
          "Counselors call home after the third absence."]
QUOTE = "reviews attendance data each month"
MISPLACED = "call home after the third absence"
PHOTO = ["Chart paper: our attendance goals", "Sam Patel will greet every family at the door.",
         "Goal: 95 percent of students present daily"]
PHOTO_QUOTE = "95 percent of students present daily"
STUDENT = "Maria Gonzalez"


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    """A ready portfolio plus a two-page scan (the second page on its side), cited twice with quotes, and a roster
    naming a student who stands on the scan; redacting. Built once."""
    from conftest import write_portfolio
    from scan_material import make_scan

    root = write_portfolio(tmp_path_factory.mktemp("ocr"), manifest={"privacy": {"roster": "students.csv",
                                                                                   "redact": True}})
    (root / "students.csv").write_text(f"name\n{STUDENT}\nSam Patel\n", encoding="utf-8")
    make_scan(root / "artifacts" / "chart.png", [PHOTO], noisy=True)
    scan = root / "artifacts" / "signin.pdf"
    make_scan(scan, [PAGE_1])
    side = make_scan(root / "side.pdf", [PAGE_2], rotate=90)
    _join(scan, side)
    side.unlink()
    evidence = yaml.safe_load((root / "evidence.yaml").read_text(encoding="utf-8"))
    evidence["artifacts"].append({"id": "A9", "title": "Data team sign-in sheet", "file": "artifacts/signin.pdf"})
    evidence["artifacts"].append({"id": "A8", "title": "Chart paper from the PLC", "file": "artifacts/chart.png"})
    evidence["evidence"]["2"].append({"artifact": "A8", "quote": PHOTO_QUOTE, "explanation": "word " * 45})
    evidence["evidence"]["1"] += [{"artifact": "A9", "pages": 1, "quote": QUOTE, "explanation": "word " * 45},
                                  {"artifact": "A9", "pages": 1, "quote": MISPLACED, "explanation": "word " * 45}]
    (root / "evidence.yaml").write_text(yaml.safe_dump(evidence, sort_keys=False), encoding="utf-8")
    return root


def _join(first: Path, second: Path) -> None:
    document = pypdfium2.PdfDocument(first)
    document.import_pages(pypdfium2.PdfDocument(second))
    document.save(first.with_suffix(".tmp"))
    document.close()
    first.with_suffix(".tmp").replace(first)


@pytest.fixture(scope="module")
def report(scanned):
    from typer.testing import CliRunner

    from mcred.cli import app

    result = CliRunner().invoke(app, ["check", str(scanned), "--json"], catch_exceptions=False)
    return json.loads(result.stdout)


def _codes(document: dict) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for finding in document["findings"]:
        found.setdefault(finding["code"], []).append(finding)
    return found


def test_a_quote_on_a_scanned_page_verifies_and_says_so(report):
    found = _codes(report)
    assert "1: the quote was found on the scanned page 1 of A9, read by OCR" in [f["message"] for f in
                                                                               found.get("MC328", [])], report["findings"]
    assert "MC326" not in found and "MC507" not in found and "MC415" not in found


def test_a_misplaced_quote_on_a_scan_turned_on_its_side_is_found_with_its_page(report, cli, scanned):
    misplaced = [f for f in _codes(report).get("MC325", []) if "A9 page 1" in f["message"]]
    assert len(misplaced) == 1 and misplaced[0]["fix"] == "found on p. 2 of A9 — cite 2", report["findings"]
    result = cli("find", MISPLACED, str(scanned), "--json")
    assert result.exit_code == 0
    hits = json.loads(result.stdout)["hits"]
    assert [(h["artifact"], h["position"]) for h in hits] == [("A9", 2)]


def test_a_students_name_on_a_scan_is_found_and_blacked_out_in_the_packet(report, cli, scanned):
    names = [f for f in _codes(report).get("MC501", []) if "A9 p. 2" in f["message"]]
    assert len(names) == 1, report["findings"]
    result = cli("build", str(scanned))
    assert result.exit_code == 0, result.stdout
    redacted = list((scanned / ".mcred" / "redacted").glob("*/redacted.pdf"))
    assert len(redacted) == 1
    from mcred.read import read_portfolio

    facts = read_portfolio(scanned)
    scan = facts.ocr["A9"][2]
    start = scan.text.index("Maria")
    boxes = [b for b in scan.boxes[start:start + len(STUDENT)] if b is not None]
    document = pypdfium2.PdfDocument(redacted[0])
    page = document[1]
    assert page.get_textpage().get_text_range() == ""       # no text under the black
    bitmap = page.render(scale=100 / 72, rev_byteorder=True)
    image = bitmap.to_pil().convert("L")
    for box in boxes:
        column, row = bitmap.get_posconv(page).to_bitmap(*box.centre)
        assert image.getpixel((column, row)) < 40, box     # black where each letter of the name stood
    assert sum(image.histogram()[:64]) / (image.width * image.height) < 0.2   # and not the whole page
    packet = pypdfium2.PdfDocument(next((scanned / "build").glob("*-packet.pdf")))
    assert not any("Gonzalez" in packet[i].get_textpage().get_text_range() for i in range(len(packet)))


def test_a_quote_on_a_scan_is_highlighted_where_ocr_read_it(scanned):
    from mcred.checks import review_portfolio
    from mcred.prepare.stage import embeddings

    review = review_portfolio(scanned)
    page = embeddings(review)["A9"].pages[0]
    assert page.highlights, "the quote on the scanned page is highlighted"
    scan = review.facts.ocr["A9"][1]
    start = scan.text.index("reviews")
    first = scan.boxes[start]
    assert first is not None
    # displayed frame: origin top-left, y down; the page is not turned, so x is the same and y is height - y
    top_left = min(page.highlights, key=lambda h: (h.rect.top, h.rect.left)).rect
    assert abs(top_left.left - first.left) < 2 and abs(top_left.top - (page.height - first.top)) < 2


def test_an_image_artifact_is_read_its_quote_verifies_and_a_name_on_it_is_blacked_out(report, scanned):
    found = _codes(report)
    assert "2: the quote was found on the scanned page 1 of A8, read by OCR" in [f["message"] for f in found["MC328"]]
    assert [f["message"][:25] for f in found["MC501"] if f["message"].startswith("A8")] == ["A8 p. 1: 1 student name ("]
    assert not any("A8" in f["message"] for f in found.get("MC507", []))
    from PIL import Image

    from mcred.read import read_portfolio

    scan = read_portfolio(scanned).ocr["A8"][1]   # (the packet was built by the test before)
    start = scan.text.index("Sam Patel")
    redacted = list((scanned / ".mcred" / "redacted").glob("*/redacted.png"))
    assert len(redacted) == 1
    with Image.open(redacted[0]) as image:
        gray = image.convert("L")
        height = gray.height
        for box in scan.boxes[start:start + len("Sam Patel")]:
            if box is not None:
                assert gray.getpixel((int(box.centre[0]), int(height - box.centre[1]))) == 0
        assert sum(gray.histogram()[:64]) / (gray.width * height) < 0.2
    packet = pypdfium2.PdfDocument(next((scanned / "build").glob("*-packet.pdf")))
    images = [obj for i in range(len(packet)) for obj in packet[i].get_objects(max_depth=3) if obj.type == 3]
    assert images   # the redacted copy is what the packet holds (an image; the original has no black)


def test_no_ocr_turns_it_off(cli, scanned):
    result = cli("check", str(scanned), "--json", "--no-ocr")
    found = _codes(json.loads(result.stdout))
    assert "MC328" not in found and "MC415" not in found
    assert len(found.get("MC326", [])) == 3   # the two quotes on the scan, and the one on the image
    assert "MC507" in found


def test_without_ocr_installed_a_note_says_what_is_missed(cli, scanned, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "tesserocr", None)   # as if `mcred[ocr]` were not installed
    found = _codes(json.loads(cli("check", str(scanned), "--json").stdout))
    assert [f["fix"] for f in found["MC415"]] == ['install OCR with `pip install "mcred[ocr]"` (Tesseract, offline), '
                                                  'then check again']
    assert "A9 (2)" in found["MC415"][0]["message"]
    assert all("not installed" in f["message"] for f in found["MC326"] if "A9" in f["message"])
