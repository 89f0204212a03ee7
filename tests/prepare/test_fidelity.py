"""What a PDF viewer shows on an artifact page, the page embedded by Typst shows.

Each artifact is prepared, then every page of the prepared copy is embedded the way the packet does it (a
Typst page of the artifact page's size, the image filling it). pdfium renders the ORIGINAL page as a viewer
shows it (annotations and form fields drawn) and the embedded page at the same scale; the two must match
pixel for pixel, up to anti-aliasing. The same comparison fails for the unprepared artifact where content
is lost, which shows the comparison can fail.
"""

from __future__ import annotations

import ctypes
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
import typst
from fidelity_material import FIELD_NAME, FIELD_SCHOOL, LINK_RECTS, STAMP_TEXT, make_artifacts, make_links
from PIL import Image, ImageChops, ImageFilter

from mcred.prepare import PdfInspection, inspect_pdf, needs_preparing, prepare_pdf, prepared_copy
from mcred.read.cache import Cache

SCALE = 1.5            # 108 dpi: text strokes are a few pixels wide
INK = 40               # levels (of 255) away from white, or from the other rendering, that count
MOST_DIFFERING = 0.05  # of the pixels with ink in either rendering, after a 2-pixel blur
NEEDS_PREPARING = {"stamp", "comment", "form", "rotated", "zero", "owner"}
LOSES_CONTENT = [("stamp", 1), ("form", 2), ("rotated", 1), ("zero", 1)]


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return make_artifacts(tmp_path_factory.mktemp("artifacts"))


def embed(path: Path, inspection: PdfInspection, target: Path) -> Path:
    """Every page of `path` on a Typst page of its displayed size, as the packet embeds artifact pages."""
    pages = [f'#page(width: {page.width}pt, height: {page.height}pt, margin: 0pt, '
             f'image("/{path.name}", page: {page.number}, width: 100%, height: 100%))' for page in inspection.pages]
    target.write_bytes(typst.compile("\n".join(pages).encode(), root=str(path.parent)))
    return target


def render(path: Path, number: int) -> Image.Image:
    """The page as a viewer shows it on screen: annotations and form fields drawn."""
    document = pdfium.PdfDocument(path)
    document.init_forms()  # before loading pages, or fields are not drawn
    return document[number - 1].render(scale=SCALE, may_draw_forms=True, draw_annots=True).to_pil().convert("RGB")


def page_words(path: Path, number: int) -> str:
    text = pdfium.PdfDocument(path)[number - 1].get_textpage().get_text_range()
    return " ".join(text.split())


def differing_ink(original: Image.Image, shown: Image.Image) -> float:
    """The share of inked pixels (in either image) that differ; blurred first, so that a glyph one pixel
    to the side counts as the same glyph while a missing stamp or field does not."""
    a, b = (_lightness(image).filter(ImageFilter.BoxBlur(2)) for image in (original, shown))
    differing = _marked(ImageChops.difference(a, b)).histogram()[255]
    inked = ImageChops.lighter(_marked(ImageChops.invert(a)), _marked(ImageChops.invert(b)))
    return differing / max(inked.histogram()[255], 1)


def _lightness(image: Image.Image) -> Image.Image:
    """Each pixel's darkest channel: a pale yellow stamp stands out from white as much as grey text does."""
    red, green, blue = image.split()
    return ImageChops.darker(ImageChops.darker(red, green), blue)


def _marked(difference: Image.Image) -> Image.Image:
    return difference.point(lambda level: 255 if level > INK else 0)


ARTIFACTS = ["plain", "stamp", "comment", "form", "rotated", "cropped", "zero", "inverted", "landscape", "owner",
             "links"]


@pytest.mark.parametrize("name", ARTIFACTS)
def test_every_embedded_page_shows_what_a_viewer_shows(name: str, artifacts: dict[str, Path], tmp_path: Path) -> None:
    source = artifacts[name]
    inspection = inspect_pdf(source)
    copy = prepared_copy(source, Cache(tmp_path), inspection)
    assert needs_preparing(inspection) == (name in NEEDS_PREPARING)
    assert (copy != source) == (name in NEEDS_PREPARING)
    embedded = embed(copy, inspection, tmp_path / "embedded.pdf")
    for page in inspection.pages:
        original, shown = render(source, page.number), render(embedded, page.number)
        assert shown.size == original.size, f"page {page.number} is not at 100% scale"
        assert differing_ink(original, shown) < MOST_DIFFERING, f"page {page.number} differs"
        assert page_words(source, page.number) in page_words(embedded, page.number)


@pytest.mark.parametrize(("name", "number"), LOSES_CONTENT)
def test_without_preparing_the_page_loses_what_a_viewer_shows(name: str, number: int, artifacts: dict[str, Path],
                                                             tmp_path: Path) -> None:
    source = artifacts[name]
    embedded = embed(source, inspect_pdf(source), tmp_path / "unprepared.pdf")
    assert differing_ink(render(source, number), render(embedded, number)) > 0.4


def test_flattened_stamps_and_fields_become_text_of_the_page(artifacts: dict[str, Path], tmp_path: Path) -> None:
    for name, number, texts in [("stamp", 1, [STAMP_TEXT]), ("form", 2, [FIELD_NAME, FIELD_SCHOOL])]:
        source = artifacts[name]
        inspection = inspect_pdf(source)
        prepared = embed(prepared_copy(source, Cache(tmp_path), inspection), inspection, tmp_path / "p.pdf")
        unprepared = embed(source, inspection, tmp_path / "u.pdf")
        for text in texts:
            assert text in page_words(prepared, number)
            assert text not in page_words(unprepared, number)


def test_a_field_without_appearance_is_drawn_and_the_others_keep_theirs(artifacts: dict[str, Path],
                                                                        tmp_path: Path) -> None:
    inspection = inspect_pdf(artifacts["form"])
    assert (inspection.pages[1].filled_fields, inspection.pages[1].fields_to_generate) == (3, 1)
    prepared = prepare_pdf(artifacts["form"], tmp_path / "form.pdf", inspection)
    with pikepdf.open(prepared.path) as pdf:
        assert "/Annots" not in pdf.pages[1].obj  # all drawn into the page
    assert not needs_preparing(inspect_pdf(prepared.path))


def test_an_owner_password_copy_is_decrypted_with_its_content_unchanged(artifacts: dict[str, Path],
                                                                       tmp_path: Path) -> None:
    inspection = inspect_pdf(artifacts["owner"])
    assert inspection.owner_password_only
    prepared = prepare_pdf(artifacts["owner"], tmp_path / "owner.pdf", inspection)
    with pikepdf.open(artifacts["owner"]) as original, pikepdf.open(prepared.path) as copy:
        assert original.is_encrypted and not copy.is_encrypted
        for before, after in zip(original.pages, copy.pages, strict=True):
            assert before.obj.Contents.read_bytes() == after.obj.Contents.read_bytes()


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_links_land_where_a_viewer_shows_them_on_a_cropped_turned_page(rotation: int, artifacts: dict[str, Path],
                                                                       tmp_path: Path) -> None:
    source = make_links(artifacts["plain"], tmp_path / "links.pdf", rotation=rotation)
    prepared = prepare_pdf(source, tmp_path / "prepared.pdf")
    first, second = prepared.links[0], prepared.links[1]
    assert [(link.uri, link.page) for link in first] == [("https://example.org/plan", None), (None, 2), (None, 3)]
    assert [(link.uri, link.page) for link in second] == [("https://example.org/goals", None)]
    page = pdfium.PdfDocument(source)[0]
    for link, name in zip(first, ["web", "explicit", "named"], strict=True):
        assert _approx(_viewer_rect(page, LINK_RECTS[name])) == _approx(
            (link.rect.left, link.rect.top, link.rect.right, link.rect.bottom))
    # A wide link stands tall on a page turned a quarter, as the viewer shows it.
    assert (first[0].rect.height > first[0].rect.width) == (rotation in (90, 270))


def _viewer_rect(page: pdfium.PdfPage, rect: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """Where pdfium puts a user-space rectangle on the displayed page, in points from its top-left corner."""
    precision = 100  # device pixels per point: pdfium answers in whole pixels
    width, height = page.get_size()
    corners = []
    for x, y in [(rect[0], rect[1]), (rect[2], rect[3])]:
        device_x, device_y = ctypes.c_int(), ctypes.c_int()
        pdfium.raw.FPDF_PageToDevice(page.raw, 0, 0, round(width * precision), round(height * precision), 0, x, y,
                                     ctypes.byref(device_x), ctypes.byref(device_y))
        corners.append((device_x.value / precision, device_y.value / precision))
    (x0, y0), (x1, y1) = corners
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _approx(rect: tuple[float, float, float, float]) -> tuple[float, ...]:
    return tuple(round(value, 1) for value in rect)


def test_a_form_asking_viewers_to_redraw_its_fields_is_redrawn(artifacts: dict[str, Path], tmp_path: Path) -> None:
    with pikepdf.open(artifacts["form"]) as pdf:
        pdf.Root.AcroForm.NeedAppearances = True
        pdf.save(tmp_path / "redraw.pdf")
    source = tmp_path / "redraw.pdf"
    inspection = inspect_pdf(source)
    assert inspection.need_appearances and needs_preparing(inspection)
    embedded = embed(prepared_copy(source, Cache(tmp_path), inspection), inspection, tmp_path / "e.pdf")
    assert FIELD_NAME in page_words(embedded, 2) and FIELD_SCHOOL in page_words(embedded, 2)
