"""The packet never lies: every artifact page, as it stands in the built packet (at 100%, under mcred's band), shows
what a PDF viewer shows on the original — stamps, filled forms, turned, cropped and box-less pages, owner-password
files — its text is there, and its web links are clickable at the same place."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
import yaml
from fidelity_material import make_artifacts
from PIL import Image, ImageDraw
from test_fidelity import SCALE, differing_ink, page_words, render

BAND = 36.0   # points: the band above each artifact page (templates/packet/packet.typ `band-height`)
RULE = 3.0    # points: the band's bottom rule, and its antialiasing, below the band
CASES = ["plain", "stamp", "comment", "form", "rotated", "cropped", "zero", "inverted", "landscape", "owner", "links"]


@pytest.fixture(scope="module")
def packet(tmp_path_factory):
    from conftest import write_portfolio
    from typer.testing import CliRunner

    from mcred.cli import app

    base = tmp_path_factory.mktemp("fidelity")
    folder = write_portfolio(base)
    made = make_artifacts(folder / "artifacts" / "cases")
    evidence = yaml.safe_load((folder / "evidence.yaml").read_text(encoding="utf-8"))
    ids = {}
    for number, name in enumerate(CASES, 3):
        ids[name] = f"A{number}"
        evidence["artifacts"].append({"id": f"A{number}", "title": f"Case {name}",
                                      "file": f"artifacts/cases/{made[name].name}"})
        evidence["evidence"]["1"].append({"artifact": f"A{number}", "pages": 1, "explanation": "word " * 45})
    (folder / "evidence.yaml").write_text(yaml.safe_dump(evidence, sort_keys=False), encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(folder)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return folder / "build" / "ensuring-accountability-packet.pdf", made, ids


def _packet_page(packet: Path, artifact_id: str, number: int) -> int:
    document = pdfium.PdfDocument(packet)
    try:
        for index in range(len(document)):
            words = document[index].get_textpage().get_text_range()
            if f"{artifact_id} p. {number}" in words.split("\n", 6)[-1] or f"{artifact_id} p. {number}\r" in words \
                    or f"{artifact_id} p. {number}\n" in words:
                return index
    finally:
        document.close()
    raise AssertionError(f"{artifact_id} p. {number} is not in the packet")


def _region(packet: Path, index: int, width: float, height: float) -> Image.Image:
    page = pdfium.PdfDocument(packet)[index]
    image = page.render(scale=SCALE).to_pil().convert("RGB")
    top = round(BAND * SCALE)
    return image.crop((0, top, round(width * SCALE), top + round(height * SCALE)))


def _without_the_rule(image: Image.Image) -> Image.Image:
    """The band's rule reaches a point below the band: both renderings are compared without that strip."""
    masked = image.copy()
    ImageDraw.Draw(masked).rectangle((0, 0, image.width, round(RULE * SCALE)), fill="white")
    return masked


@pytest.mark.parametrize("name", CASES)
def test_every_artifact_page_in_the_packet_shows_what_a_viewer_shows(name, packet):
    path, made, ids = packet
    original = made[name]
    document = pdfium.PdfDocument(original)
    count = len(document)
    for number in range(1, count + 1):
        width, height = document[number - 1].get_size()
        index = _packet_page(path, ids[name], number)
        packet_page = pdfium.PdfDocument(path)[index]
        assert packet_page.get_size() == pytest.approx((width, height + BAND), abs=0.5), "100% scale, plus the band"
        viewer = render(original, number)
        shown = _region(path, index, width, height).resize(viewer.size)
        assert differing_ink(_without_the_rule(viewer), _without_the_rule(shown)) < 0.05, f"{name} p. {number}"
        words = page_words(original, number)
        assert words[:40] in " ".join(packet_page.get_textpage().get_text_range().split()), f"{name} p. {number}"


def test_the_artifacts_web_links_are_clickable_in_the_packet_where_a_viewer_shows_them(packet):
    from pypdf import PdfReader

    from mcred.prepare import inspect_pdf

    path, made, ids = packet
    inspection = inspect_pdf(made["links"])
    reader = PdfReader(path)
    checked = 0
    for page in inspection.pages:
        index = _packet_page(path, ids["links"], page.number)
        annotations = [a.get_object() for a in reader.pages[index].get("/Annots") or []]
        uris = [(a["/A"].get("/URI"), [float(v) for v in a["/Rect"]]) for a in annotations
                if a.get("/A") is not None and a["/A"].get("/URI")]
        height = float(reader.pages[index].mediabox.height)
        for link in page.links:
            if link.uri is None:
                continue
            expected = (link.rect.left, height - BAND - link.rect.bottom, link.rect.right, height - BAND - link.rect.top)
            assert any(uri == link.uri and all(abs(a - b) < 2 for a, b in zip(
                (rect[0], rect[1], rect[2], rect[3]), (expected[0], expected[1], expected[2], expected[3]), strict=True))
                for uri, rect in uris), (link, uris)
            checked += 1
    assert checked
