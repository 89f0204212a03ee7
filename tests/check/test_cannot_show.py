"""What a viewer shows on an artifact page that the packet cannot: each a finding naming the artifact and page
(MC410–MC413), through the real CLI; and images of every common kind shown as a viewer shows them."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
import yaml
from check_material import check_json
from fidelity_material import add_annotation, add_free_text
from support import make_pdf


def _portfolio_citing(portfolio, edit) -> Path:
    folder = portfolio()
    notes = make_pdf(folder / "artifacts" / "notes.pdf", ["Team notes, page one.", "Page two.", "Page three."])
    with pikepdf.open(notes, allow_overwriting_input=True) as pdf:
        edit(pdf)
        pdf.save(notes)
    evidence = yaml.safe_load((folder / "evidence.yaml").read_text(encoding="utf-8"))
    evidence["artifacts"].append({"id": "A3", "title": "Team notes", "file": "artifacts/notes.pdf"})
    evidence["evidence"]["1"].append({"artifact": "A3", "pages": "1-3", "explanation": "word " * 45})
    (folder / "evidence.yaml").write_text(yaml.safe_dump(evidence, sort_keys=False), encoding="utf-8")
    return folder


def test_a_comment_without_an_appearance_is_named_with_its_page(portfolio, cli):
    folder = _portfolio_citing(portfolio, lambda pdf: add_free_text(pdf, pdf.pages[1], (72, 500, 300, 560),
                                                                     with_appearance=False))
    report = check_json(cli, folder)
    finding = report.only("MC410")
    assert finding["message"] == "p. 2 of A3: a FreeText annotation without an appearance stream, which the packet " \
                                 "cannot show"
    assert finding["severity"] == "warning" and finding["fix"].startswith("print the file to PDF")
    assert report.exit_code == 0
    assert cli("check", str(folder), "--strict").exit_code == 1


def test_a_comment_with_an_appearance_is_flattened_so_no_finding(portfolio, cli):
    folder = _portfolio_citing(portfolio, lambda pdf: add_free_text(pdf, pdf.pages[0], (72, 500, 300, 560)))
    report = check_json(cli, folder)
    assert not [f for f in report.findings if f["code"] in ("MC410", "MC411", "MC412", "MC413")]


def test_an_xfa_form_is_an_error(portfolio, cli):
    def xfa(pdf: pikepdf.Pdf) -> None:
        packet = pikepdf.Stream(pdf, b"<xdp:xdp xmlns:xdp='http://ns.adobe.com/xdp/'></xdp:xdp>")
        pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array(), XFA=packet)
        pdf.Root.NeedsRendering = True

    report = check_json(cli, _portfolio_citing(portfolio, xfa))
    assert report.only("MC411")["message"].startswith("artifact A3 (artifacts/notes.pdf) is an XFA form, which only "
                                                       "Acrobat can show")
    assert report.exit_code == 1


def test_a_script_is_a_warning_naming_where_it_runs(portfolio, cli):
    def script(pdf: pikepdf.Pdf) -> None:
        action = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert('hi')"))
        add_annotation(pdf, pdf.pages[2], pikepdf.Dictionary(
            Subtype=pikepdf.Name.Link, Rect=pikepdf.Array([72, 72, 200, 100]), A=action))

    finding = check_json(cli, _portfolio_citing(portfolio, script)).only("MC412")
    assert finding["message"].startswith("p. 3 of A3: JavaScript (")


def test_a_blank_page_is_named(portfolio, cli):
    def blank(pdf: pikepdf.Pdf) -> None:
        pdf.pages[1].obj.Contents = pikepdf.Stream(pdf, b"")

    assert check_json(cli, _portfolio_citing(portfolio, blank)).only("MC413")["message"] == "p. 2 of A3 is blank"


@pytest.mark.parametrize("name, make", [
    ("rotated.jpg", "exif"), ("cmyk.jpg", "CMYK"), ("deep.png", "I;16"), ("moving.gif", "P"), ("photo.webp", "RGB"),
])
def test_images_of_every_common_kind_are_shown_the_right_way_up(portfolio, cli, name, make):
    """A phone photo's EXIF orientation, CMYK, 16-bit, GIF and WebP: check takes them, and the packet shows them
    as a viewer does (the EXIF-turned photo portrait, its red half on top)."""
    from PIL import Image

    folder = portfolio()
    path = folder / "artifacts" / name
    picture = Image.new("RGB", (200, 100), (255, 0, 0))
    picture.paste((0, 0, 255), (100, 0, 200, 100))   # left half red, right half blue
    if make == "exif":
        orientation = Image.Exif()
        orientation[0x0112] = 6   # "turn 90° clockwise to show"
        picture.save(path, exif=orientation.tobytes())
    elif make == "I;16":
        Image.new("I;16", (120, 80), 30000).save(path)
    else:
        picture.convert(make).save(path)
    evidence = yaml.safe_load((folder / "evidence.yaml").read_text(encoding="utf-8"))
    evidence["artifacts"].append({"id": "A3", "title": "Photo", "file": f"artifacts/{name}"})
    evidence["evidence"]["1"].append({"artifact": "A3", "explanation": "word " * 45})
    (folder / "evidence.yaml").write_text(yaml.safe_dump(evidence, sort_keys=False), encoding="utf-8")
    report = check_json(cli, folder)
    assert report.exit_code == 0, report.findings
    if make != "exif":
        return
    assert cli("build", str(folder)).exit_code == 0
    import pypdfium2

    document = pypdfium2.PdfDocument(folder / "build" / "ensuring-accountability-packet.pdf")
    page = document[len(document) - 1]   # the photo's page: A3 comes last
    image = page.render(scale=1).to_pil().convert("RGB")
    pixels = [image.getpixel((x, y)) for x in range(0, image.width, 4) for y in range(0, image.height, 4)]
    reds = [(x, y) for (x, y), p in zip(((x, y) for x in range(0, image.width, 4) for y in range(0, image.height, 4)),
                                        pixels, strict=True) if p[0] > 200 and p[1] < 60 and p[2] < 60]
    blues = [(x, y) for (x, y), p in zip(((x, y) for x in range(0, image.width, 4) for y in range(0, image.height, 4)),
                                         pixels, strict=True) if p[2] > 200 and p[0] < 60 and p[1] < 60]
    assert reds and blues
    red_y = sum(y for _, y in reds) / len(reds)
    blue_y = sum(y for _, y in blues) / len(blues)
    red_width = max(x for x, _ in reds) - min(x for x, _ in reds)
    red_height = max(y for _, y in reds) - min(y for _, y in reds)
    assert red_y < blue_y, "the EXIF-turned photo's red half is on top"
    assert red_width > red_height, "turned: the red half is a wide band across the top"
