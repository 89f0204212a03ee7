"""Redaction for real: the artifact's hits are gone from every text layer and black on the page; other pages stay."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pypdfium2
import pytest
from privacy_material import CLEAN_PAGES, RULES, SECRETS, flat, make_artifact
from pypdf import PdfReader

from mcred.privacy import Hit, HitKind, find_hits
from mcred.privacy.pdfscan import Redaction, locate_hits, scan_pdf
from mcred.privacy.redact import REDACTED, redact_pdf, redact_text
from mcred.textpos import Rect, page_text

HIT_PAGES = [1, 2, 4, 5]


@pytest.fixture(scope="module")
def redacted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Redaction]:
    folder = tmp_path_factory.mktemp("redact")
    source = make_artifact(folder / "artifact.pdf")
    redaction = locate_hits(source, scan_pdf(source, RULES))
    target = folder / "redacted.pdf"
    redact_pdf(source, target, redaction.boxes)
    return source, target, redaction


def pdfium_texts(path: Path) -> list[str]:
    document = pypdfium2.PdfDocument(path)
    return [document[index].get_textpage().get_text_range() for index in range(len(document))]


def pypdf_texts(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def test_every_page_with_hits_is_to_be_redacted_and_every_hit_located(redacted: tuple[Path, Path, Redaction]) -> None:
    _, _, redaction = redacted
    assert sorted(redaction.boxes) == HIT_PAGES
    assert redaction.unlocated == ()


@pytest.mark.parametrize("extract", [pdfium_texts, pypdf_texts])
def test_no_student_data_is_left_in_the_text(redacted: tuple[Path, Path, Redaction], extract) -> None:
    source, target, _ = redacted
    before, after = flat(" ".join(extract(source))), flat(" ".join(extract(target)))
    for secret in SECRETS:
        assert flat(secret) in before      # the test material really holds it …
        assert flat(secret) not in after   # … and the redacted file does not


def test_redacted_pages_are_one_image_and_nothing_else(redacted: tuple[Path, Path, Redaction]) -> None:
    _, target, _ = redacted
    with pikepdf.open(target) as pdf:
        for number in HIT_PAGES:
            page = pdf.pages[number - 1].obj
            assert set(page.Resources.keys()) == {"/XObject"}
            assert list(page.Resources.XObject.keys()) == ["/Redacted"]
            assert page.Resources.XObject.Redacted.Subtype == "/Image"
            assert "/Annots" not in page
        assert "/StructTreeRoot" not in pdf.Root
    assert [text == "" for text in pdfium_texts(target)] == [n in HIT_PAGES for n in range(1, 7)]


def test_each_hit_is_black_where_it_stood(redacted: tuple[Path, Path, Redaction]) -> None:
    source, target, redaction = redacted
    for number, rects in redaction.boxes.items():
        for rect in rects:
            assert _pixel(target, number, *rect.centre) == (0, 0, 0)
            assert _pixel(source, number, *rect.centre) != (0, 0, 0)
        # The rest of the page is still there to read: a page of text is mostly white, not one black box.
        assert _dark_share(target, number) < 0.1


def test_pages_without_hits_keep_their_text_and_vectors(redacted: tuple[Path, Path, Redaction]) -> None:
    source, target, _ = redacted
    for extract in (pdfium_texts, pypdf_texts):
        before, after = extract(source), extract(target)
        for number in CLEAN_PAGES:
            assert after[number - 1] == before[number - 1] != ""
    with pikepdf.open(source) as original, pikepdf.open(target) as result:
        for number in CLEAN_PAGES:
            kept, was = result.pages[number - 1].obj, original.pages[number - 1].obj
            assert "/Font" in kept.Resources and "/Redacted" not in kept.Resources.get("/XObject", {})
            assert kept.Contents.read_bytes() == was.Contents.read_bytes()


def test_page_count_and_sizes_are_unchanged(redacted: tuple[Path, Path, Redaction]) -> None:
    source, target, _ = redacted
    before, after = PdfReader(source).pages, PdfReader(target).pages
    assert len(after) == len(before) == 6
    for old, new in zip(before, after, strict=True):
        assert (list(new.mediabox), list(new.cropbox), new.rotation) == (
            list(old.mediabox), list(old.cropbox), old.rotation)


def test_the_same_input_gives_the_same_bytes(redacted: tuple[Path, Path, Redaction], tmp_path: Path) -> None:
    source, target, redaction = redacted
    again = tmp_path / "again.pdf"
    redact_pdf(source, again, redaction.boxes)
    assert again.read_bytes() == target.read_bytes()


def test_a_turned_page_with_shifted_boxes_is_blacked_out_in_the_right_place(redacted, tmp_path: Path) -> None:
    source, _, _ = redacted
    turned = tmp_path / "turned.pdf"
    with pikepdf.open(source) as pdf:
        page = pdf.pages[0].obj
        page.MediaBox = pikepdf.Array([-40, 30, 572, 822])
        page.CropBox = pikepdf.Array([-20, 60, 560, 800])
        page.Rotate = 90
        pdf.save(turned)
    redaction = locate_hits(turned, scan_pdf(turned, RULES))
    target = tmp_path / "turned-redacted.pdf"
    redact_pdf(turned, target, redaction.boxes)
    assert page_text(target, 1) == ""
    assert PdfReader(target).pages[0].rotation == 90
    for rect in redaction.boxes[1]:
        assert _pixel(target, 1, *rect.centre) == (0, 0, 0)
        assert _pixel(turned, 1, *rect.centre) != (0, 0, 0)


def test_comments_and_form_fields_on_a_redacted_page_go_and_others_stay(redacted, tmp_path: Path) -> None:
    source, _, _ = redacted
    annotated = tmp_path / "annotated.pdf"
    with pikepdf.open(source) as pdf:
        note = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Text,
                                                    Rect=[100, 100, 120, 120], Contents="Call Jose Alvarez's mother"))
        fields = []
        for number, value in ((1, "José Álvarez"), (3, "Lincoln Middle School")):
            field = pdf.make_indirect(pikepdf.Dictionary(
                Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Widget, FT=pikepdf.Name.Tx, T=f"field{number}",
                V=value, Rect=[300, 100, 500, 120], P=pdf.pages[number - 1].obj))
            pdf.pages[number - 1].obj.Annots = pdf.make_indirect(pikepdf.Array([field]))
            fields.append(field)
        pdf.pages[0].obj.Annots.append(note)
        pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array(fields))
        pdf.save(annotated)
    redaction = locate_hits(annotated, scan_pdf(annotated, RULES))
    target = tmp_path / "annotated-redacted.pdf"
    redact_pdf(annotated, target, redaction.boxes)
    with pikepdf.open(target) as pdf:
        assert [str(field.T) for field in pdf.Root.AcroForm.Fields] == ["field3"]
        strings = [str(value) for obj in pdf.objects if isinstance(obj, pikepdf.Dictionary)
                   for value in obj.values() if isinstance(value, pikepdf.String)]
    assert "Lincoln Middle School" in strings
    assert not any("alvarez" in flat(text) for text in strings)


def test_pages_to_redact_must_exist(redacted, tmp_path: Path) -> None:
    source, _, _ = redacted
    target = tmp_path / "never.pdf"
    with pytest.raises(ValueError, match="1-6"):
        redact_pdf(source, target, {7: [Rect(0, 0, 10, 10)]})
    assert not target.exists() and not list(tmp_path.iterdir())


def test_drafts_lose_each_hit_to_five_blocks() -> None:
    text = "We met Jose Alvarez (jose@example.org) and J. Alvarez's mother."
    hits = find_hits(text, RULES)
    assert [hit.kind for hit in hits] == [HitKind.NAME, HitKind.EMAIL, HitKind.NAME]
    assert redact_text(text, hits) == f"We met {REDACTED} ({REDACTED}) and {REDACTED} mother."
    assert redact_text(text, []) == text
    assert redact_text("abc", [Hit(HitKind.TERM, 0, 2, "a•"), Hit(HitKind.TERM, 1, 3, "b•")]) == f"{REDACTED}c"


def _render(path: Path, number: int, scale: float = 100 / 72):
    document = pypdfium2.PdfDocument(path)
    page = document[number - 1]
    bitmap = page.render(scale=scale, rev_byteorder=True)
    return bitmap, page


def _pixel(path: Path, number: int, x: float, y: float) -> tuple[int, int, int]:
    """The colour a viewer shows at page point (x, y), whatever the page's rotation and boxes."""
    bitmap, page = _render(path, number)
    column, row = bitmap.get_posconv(page).to_bitmap(x, y)
    return bitmap.to_pil().convert("RGB").getpixel((column, row))


def _dark_share(path: Path, number: int) -> float:
    bitmap, _ = _render(path, number, scale=0.5)
    gray = bitmap.to_pil().convert("L")
    histogram = gray.histogram()
    return sum(histogram[:64]) / sum(histogram)
