"""Hostile artifact PDFs (tests/hostile_pdfs.py): each small on disk, each built to exhaust a reader — a content
stream inflating to 400 MB, a page tree containing itself, 100,000 pages sharing one stream, 10,000 annotations on
a page, forms nested 10,000 deep. One portfolio holds all five beside honest artifacts, with the privacy scan and
redaction on and a quoted citation to highlight, so every reader mcred drives meets them. `mcred check`, `mcred
build` and `mcred build --draft` each finish within 60 s with the peak memory of the whole process tree under 1 GB,
name each artifact (and page), and report the honest artifacts exactly as without the hostile ones."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from check_material import cite, evidence_map
from conftest import write_portfolio
from hostile_material import MEMORY_LIMIT, run_measured
from hostile_pdfs import content_bomb, deep_forms, many_annotations, self_referencing_tree, shared_content
from pypdf import PdfReader
from support import make_pdf

from mcred.read import bounds

SECONDS = 60
HOSTILE = [  # id, file, its generator, the finding's message (after "artifact … " or "p. 1 of …")
    ("A3", "bomb.pdf", content_bomb, "p. 1 of A3 is too large to show safely: its content inflates to more than 64 MB"),
    ("A4", "loop.pdf", self_referencing_tree,
     "artifact A4 (artifacts/loop.pdf) is too large to read safely: its page tree contains itself"),
    ("A5", "many-pages.pdf", shared_content,
     "artifact A5 (artifacts/many-pages.pdf) is too large to read safely: it has 100,000 pages, more than the 20,000 "
     "mcred reads"),
    ("A6", "annotations.pdf", many_annotations,
     "p. 1 of A6 is too large to show safely: it carries 10,000 annotations (mcred shows at most 2,000 on a page)"),
    ("A7", "forms.pdf", deep_forms,
     "p. 1 of A7 is too large to show safely: it draws forms within forms more than 32 deep"),
]
PRIVACY = {"find": ["email"], "redact": True}
QUOTE = "accountability plan lists strategies"


def _portfolio(base, folder: str, hostile: bool):
    contact = {"id": "A2", "title": "Family contact sheet", "file": "artifacts/contact.pdf"}
    listed = [contact] + [{"id": i, "title": f"Downloaded {i}", "file": f"artifacts/{name}"}
                          for i, name, _make, _said in HOSTILE if hostile]
    citations = [cite(), cite(pages=5, quote=QUOTE), cite("A2", pages=1)]
    citations += [cite(i, pages=1) for i, *_rest in HOSTILE if hostile]
    root = write_portfolio(base, folder, evidence=evidence_map({"1": citations}, artifacts=listed),
                           manifest={"privacy": PRIVACY})
    make_pdf(root / "artifacts" / "contact.pdf", ["Questions to the office: office.manager@example.org"])
    if hostile:
        for _id, name, make, _said in HOSTILE:
            make(root / "artifacts" / name)
    return root


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    return _portfolio(tmp_path_factory.mktemp("hostile"), "portfolio", hostile=True)


@pytest.fixture(scope="module")
def honest_findings(tmp_path_factory):
    """The same portfolio without the hostile artifacts, checked: what the honest ones get."""
    root = _portfolio(tmp_path_factory.mktemp("honest"), "portfolio", hostile=False)
    measured = run_measured("check", str(root), "--json")
    return [(f["code"], f["message"]) for f in measured.run.document["findings"]]


def _bounded(measured):
    assert measured.seconds < SECONDS, measured.seconds
    assert measured.peak_bytes < MEMORY_LIMIT, f"{measured.peak_bytes / 2**20:.0f} MB"
    assert "Traceback" not in measured.run.stderr, measured.run.stderr


def test_check_names_each_hostile_pdf_and_the_rest_as_before(hostile, honest_findings):
    measured = run_measured("check", str(hostile), "--json")
    _bounded(measured)
    run = measured.run
    assert run.exit_code == 1, run.stderr
    assert sorted(f["message"] for f in run.findings("MC414")) == sorted(said for *_rest, said in HOSTILE)
    assert {f["severity"] for f in run.findings("MC414")} == {"error"}
    others = [(f["code"], f["message"]) for f in run.document["findings"] if f["code"] != "MC414"]
    assert others == honest_findings
    assert any(code == "MC503" for code, _message in others)   # the contact sheet's email: the scan ran


def test_check_cold_then_warm_says_the_same(hostile):
    """The measured pages are kept in `.mcred/` with the rest of the inspection: a second check reads no page."""
    shutil.rmtree(hostile / ".mcred", ignore_errors=True)
    first = run_measured("check", str(hostile), "--json")
    second = run_measured("check", str(hostile), "--json")
    _bounded(second)
    assert first.run.document["findings"] == second.run.document["findings"]


def test_build_refuses_and_says_why(hostile):
    measured = run_measured("build", str(hostile))
    _bounded(measured)
    assert measured.run.exit_code == 1
    said = " ".join((measured.run.stdout + measured.run.stderr).split())
    assert "MC414" in said and "its content inflates to more than 64 MB" in said
    assert not (hostile / "build").exists()


def test_a_draft_shows_each_withheld_page_saying_why(hostile):
    measured = run_measured("build", str(hostile), "--draft")
    _bounded(measured)
    assert measured.run.exit_code == 0, measured.run.stdout + measured.run.stderr
    packet = PdfReader(hostile / "build" / "ensuring-accountability-packet.pdf")
    texts = [" ".join(page.extract_text().split()) for page in packet.pages]
    for artifact_id, name, _make, said in HOSTILE:
        if said.startswith("p. 1"):
            why = said.split("safely: ")[1]
            shown = [t for t in texts if f"{artifact_id} p. 1 is not shown here" in t]
            assert len(shown) == 1 and f"It is too large to show safely: {why}." in shown[0]
        else:
            why = said.split("safely: ")[1]
            assert any(f"artifacts/{name} is too large to read safely: {why}" in t for t in texts)
    assert not any("office.manager@example.org" in t for t in texts)   # redaction ran beside them


def test_find_skips_what_it_cannot_read_and_searches_the_rest(hostile):
    try:
        measured = run_measured("find", "accountability plan", str(hostile), "--json")
    except subprocess.TimeoutExpired:
        pytest.fail("find did not finish")
    _bounded(measured)
    found = measured.run.document
    assert {hit["artifact"] for hit in found["hits"]} == {"A1"}
    assert {s["artifact"] for s in found["skipped"]} == {"A4", "A5"}
    assert found["withheld"] == [{"artifact": i, "position": 1} for i in ("A3", "A6", "A7")]


# --- the limits themselves, on the measuring alone ---------------------------------------------------------

def _measured(path):
    import pikepdf

    from mcred.read.inspect import inspect_pdf

    with pikepdf.open(path) as pdf:
        bounds.check_page_tree(pdf)
    return inspect_pdf(path).withheld


def test_a_page_just_under_the_content_limit_is_shown(tmp_path):
    assert _measured(content_bomb(tmp_path / "under.pdf", megabytes=32)) == {}
    assert _measured(content_bomb(tmp_path / "over.pdf", megabytes=65)) == {1: "its content inflates to more than 64 MB"}


def test_forms_a_few_deep_and_a_few_hundred_annotations_are_shown(tmp_path):
    assert _measured(deep_forms(tmp_path / "forms.pdf", depth=bounds.MAX_FORM_DEPTH)) == {}
    assert _measured(many_annotations(tmp_path / "notes.pdf", count=bounds.MAX_ANNOTATIONS)) == {}


def test_operators_past_the_limit_withhold_the_page(tmp_path):
    from hostile_pdfs import operators

    assert _measured(operators(tmp_path / "under.pdf", 900_000)) == {}
    assert _measured(operators(tmp_path / "over.pdf", 1_100_000)) == {
        1: "it is drawn with more than 1,000,000 operators"}


def test_text_past_the_limit_withholds_the_page(tmp_path):
    """Three million characters in 100 strings: a handful of operators, 0.7 GB of PDFium's text page."""
    from hostile_pdfs import characters

    assert _measured(characters(tmp_path / "under.pdf", 6)) == {}
    assert _measured(characters(tmp_path / "over.pdf", 100)) == {1: "it shows more than 200,000 characters of text"}


def test_characters_are_the_strings_bytes_escapes_and_nesting_followed():
    tally = bounds.Tally()
    tally.feed(b"BT [(ab\\)c)-3(d(e)f)] TJ <414243> Tj ET")
    assert (tally.operators, tally.characters) == (9, 9)   # "ab)c", "d(e)f" less its parentheses, "ABC"


def test_operators_are_counted_not_names_numbers_or_hex(tmp_path):
    assert bounds.operators_in(b"q 1 0 0 1 72 720 cm /F1 12 Tf <48656C6C6F> Tj Q") == 5
    assert bounds.operators_in(b"BT\n/F1 1 Tf\n[(1)-3(2)]TJ\nET") == 4
    assert bounds.operators_in(b"BT (two words) Tj ET") == 5   # words in a string count: the estimate errs high


def test_every_page_of_a_file_past_the_whole_file_content_limit_is_not_read(tmp_path):
    """1,100 pages sharing a 1 MB stream: each page passes, the file (1.1 GB of content to read) does not."""
    import pikepdf

    from mcred.pdfmodel import PdfTooLarge
    from mcred.read.inspect import inspect_pdf

    path = shared_content(tmp_path / "shared.pdf", pages=1_100, megabytes=1)
    with pikepdf.open(path) as pdf:
        assert bounds.check_page_tree(pdf) == 1_100
    with pytest.raises(PdfTooLarge, match="its pages' content inflates to more than 1,024 MB in all"):
        inspect_pdf(path)


def test_the_limits_are_stated_in_the_readme():
    from pathlib import Path

    readme = " ".join((Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8").split())
    for figure in ("20,000 pages", "64 MB", "1,000,000 operators", "200,000 characters", "2,000 annotations", "32 deep",
                   "1 GB"):
        assert figure in readme, figure
