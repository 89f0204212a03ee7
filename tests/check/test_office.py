"""Office artifacts: without LibreOffice a .docx artifact is a finding with the fix; with it (skipped where `soffice`
is missing) the .docx is converted once, cached by content, and its pages are in the packet."""

from __future__ import annotations

import pytest
from check_material import HANDBOOK, check_json, cite, evidence_map
from pypdf import PdfReader
from word_material import make_docx

from mcred.read import office

GOALS = "# School Improvement Goals\n\nEvery grade-level team reviews attendance data each month with the principal.\n"


def _with_docx(root):
    make_docx(root / "artifacts" / "goals.docx", GOALS)
    return evidence_map({"1": [cite("A1", pages=5), cite("A2", pages=1, quote="reviews attendance data each month")]},
                        artifacts=[{"id": "A2", "title": "School improvement goals", "file": "artifacts/goals.docx"}])


def test_a_docx_artifact_without_libreoffice_is_a_finding_with_the_fix(cli, portfolio, monkeypatch):
    monkeypatch.setattr(office, "soffice", lambda: None)
    root = portfolio()
    (root / "evidence.yaml").write_text(_with_docx(root), encoding="utf-8")
    report = check_json(cli, root)
    found = [f for f in report.document["findings"] if f["code"] in ("MC416", "MC404")]
    assert report.exit_code == 1 and [f["code"] for f in found] == ["MC416"], report.document["findings"]
    assert "artifacts/goals.docx" in found[0]["message"] and "not installed" in found[0]["message"]
    assert found[0]["fix"].startswith("export it as PDF from Word (File → Save as → PDF)")
    assert "install LibreOffice" in found[0]["fix"]


needs_soffice = pytest.mark.skipif(office.soffice() is None, reason="LibreOffice (soffice) is not installed")


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    from conftest import write_portfolio

    root = write_portfolio(tmp_path_factory.mktemp("office"))
    (root / "evidence.yaml").write_text(_with_docx(root), encoding="utf-8")
    return root


@needs_soffice
def test_a_docx_artifact_is_converted_once_and_its_quote_verifies(cli, converted, monkeypatch):
    report = check_json(cli, converted)
    assert report.exit_code == 0, report.document["findings"]
    assert not [f for f in report.document["findings"] if f["code"] in ("MC416", "MC404", "MC325", "MC326")]
    assert len(list((converted / ".mcred" / "office").glob("*/converted.pdf"))) == 1

    def no_second_conversion(*args):
        raise AssertionError("converted again")

    monkeypatch.setattr(office, "_convert", no_second_conversion)
    assert check_json(cli, converted).exit_code == 0   # from the cache, by content


@needs_soffice
def test_a_converted_docx_is_in_the_packet(cli, converted):
    result = cli("build", str(converted))
    assert result.exit_code == 0, result.stdout
    text = " ".join(page.extract_text() for page in PdfReader(next((converted / "build").glob("*-packet.pdf"))).pages)
    assert "Every grade-level team reviews attendance data each month" in " ".join(text.split())
    assert HANDBOOK["title"] in text


def test_a_damaged_docx_is_not_handed_to_libreoffice(cli, portfolio, monkeypatch):
    """LibreOffice reads any bytes as plain text and makes a PDF of them: a file that is not what its name says is a
    finding, never a packet page of its bytes."""
    def never(*args):
        raise AssertionError("converted")

    monkeypatch.setattr(office, "_convert", never)
    root = portfolio()
    (root / "evidence.yaml").write_text(_with_docx(root), encoding="utf-8")
    (root / "artifacts" / "goals.docx").write_bytes(b"PK\x03\x04 not really a document")
    found = [f for f in check_json(cli, root).document["findings"] if f["code"] == "MC416"]
    assert len(found) == 1 and "not a readable .docx file" in found[0]["message"], found
