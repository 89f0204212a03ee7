"""chunked: a long PDF split once into chunks that draw every page as the whole file does, kept by content."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pypdfium2
import pytest
from fidelity_material import typeset
from PIL import ImageChops

from mcred.prepare import chunks
from mcred.prepare.chunks import chunked
from mcred.read.cache import Cache

PAGES = [f"Sheet {n + 1} of the team's data review binder." for n in range(10)]


@pytest.fixture(autouse=True)
def short_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ten pages are long here, in chunks of three; what chunks repeat (the font) does not count unless a test
    says so: a page of one line weighs less than the font."""
    monkeypatch.setattr(chunks, "CHUNK_OVER", 6)
    monkeypatch.setattr(chunks, "CHUNK_PAGES", 3)
    monkeypatch.setattr(chunks, "MAX_GROWTH", 100.0)


@pytest.fixture
def binder(tmp_path: Path) -> Path:
    return typeset(tmp_path / "binder.pdf", PAGES)


def drawn(path: Path) -> list:
    document = pypdfium2.PdfDocument(path)
    return [page.render(scale=0.5).to_pil() for page in document]


def test_a_long_pdf_is_split_once_into_chunks_holding_every_page_in_order(binder: Path, tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    found, each = chunked(binder, len(PAGES), cache)
    assert each == 3
    assert [path.name for path in found] == ["1-3.pdf", "4-6.pdf", "7-9.pdf", "10-10.pdf"]
    assert all(path.parent.parent == tmp_path / ".mcred" / "chunks" for path in found)
    whole = drawn(binder)
    apart = [image for path in found for image in drawn(path)]
    assert len(apart) == len(whole)
    assert all(ImageChops.difference(a, b).getbbox() is None for a, b in zip(apart, whole, strict=True))
    made = [path.stat().st_mtime_ns for path in found]
    assert chunked(binder, len(PAGES), cache) == (found, 3)
    assert [path.stat().st_mtime_ns for path in found] == made
    assert [p.name for p in (tmp_path / ".mcred" / "chunks").iterdir()] == [found[0].parent.name]   # nothing half-made


def test_a_short_pdf_is_embedded_whole_and_nothing_is_written(tmp_path: Path) -> None:
    short = typeset(tmp_path / "short.pdf", PAGES[:6])
    assert chunked(short, 6, Cache(tmp_path)) == ((), 0)
    assert not (tmp_path / ".mcred").exists()


def test_pages_inheriting_their_boxes_rotation_and_resources_draw_as_in_the_whole_file(binder: Path,
                                                                                      tmp_path: Path) -> None:
    inherited = tmp_path / "inherited.pdf"
    with pikepdf.open(binder) as pdf:
        pdf.Root.Pages.MediaBox = pikepdf.Array([0, 0, 612, 792])
        pdf.Root.Pages.Rotate = 90
        pdf.Root.Pages.Resources = pdf.pages[0].obj.Resources
        for page in pdf.pages:
            del page.obj["/MediaBox"]
            del page.obj["/Resources"]
        pdf.save(inherited)
    found, _each = chunked(inherited, len(PAGES), Cache(tmp_path))
    whole = drawn(inherited)
    assert whole[0].width > whole[0].height   # turned, as the page tree says
    apart = [image for path in found for image in drawn(path)]
    assert all(ImageChops.difference(a, b).getbbox() is None for a, b in zip(apart, whole, strict=True))


def test_chunks_carry_no_annotations_and_the_file_itself_is_left_as_it_is(binder: Path, tmp_path: Path) -> None:
    with pikepdf.open(binder, allow_overwriting_input=True) as pdf:
        pdf.pages[0].obj.Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=pikepdf.Array([72, 600, 300, 620]),
            Dest=pikepdf.Array([pdf.pages[9].obj, pikepdf.Name.Fit])))]))
        pdf.save(binder)
    before = binder.read_bytes()
    found, _each = chunked(binder, len(PAGES), Cache(tmp_path))
    with pikepdf.open(found[0]) as first:
        assert len(first.pages) == 3 and all("/Annots" not in page.obj for page in first.pages)
    assert binder.read_bytes() == before


def test_chunks_that_would_repeat_too_much_are_made_longer_up_to_the_whole_file(binder: Path, tmp_path: Path,
                                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chunks, "MAX_GROWTH", 0.0)   # the font each chunk repeats is already too much
    cache = Cache(tmp_path)
    assert chunked(binder, len(PAGES), cache) == ((), 0)

    def never(*_args: object) -> None:
        raise AssertionError("split again")

    monkeypatch.setattr(chunks, "_split", never)   # the verdict is kept: the file is not opened again
    assert chunked(binder, len(PAGES), cache) == ((), 0)


def test_a_chunk_gone_missing_is_made_again_and_new_content_gets_new_chunks(binder: Path, tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    found, _each = chunked(binder, len(PAGES), cache)
    found[1].unlink()
    assert chunked(binder, len(PAGES), cache) == (found, 3)
    assert found[1].is_file()
    typeset(binder, [*PAGES[:9], "Sheet 10, revised."])
    again, _each = chunked(binder, len(PAGES), cache)
    assert again[0].parent != found[0].parent


def test_a_file_qpdf_cannot_split_is_embedded_whole(tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\nnot a PDF at all")
    assert chunked(broken, len(PAGES), Cache(tmp_path)) == ((), 0)
    assert not list((tmp_path / ".mcred" / "chunks").iterdir())   # no half-made folder left behind
