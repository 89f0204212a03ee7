"""A long artifact PDF goes to Typst in chunks (mcred.prepare.chunks); the assessor reads the packet as if it were
whole: every page in order under its own label, the quote marked on its page, the artifact's own links landing.

The thresholds are lowered so that a 13-page binder is long: chunks of pages 1-4, 5-8, 9-12 and 13.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pikepdf
import pypdfium2
import pytest
from conftest import write_portfolio
from PIL import ImageChops
from pypdf import PdfReader
from readback import HIGHLIGHT, bookmarks, fills, links, packet_path, page_texts, squash
from support import make_pdf, prose, ready_evidence
from typer.testing import CliRunner

from mcred.cli import app
from mcred.prepare import chunks
from mcred.read import catalog, load_credential

BINDER = [f"Data review binder, sheet {chr(ord('A') + n)}: notes of meeting {n + 1} with grade team {n % 3 + 1}."
          for n in range(13)]
LABELS = ["i", "ii"] + [str(n) for n in range(1, 12)]   # make_pdf(..., front_matter=2)
QUOTE = "notes of meeting 11"                           # on position 11 (printed page 9), in the third chunk
LINK = (72.0, 600.0, 300.0, 620.0)                      # on position 2 (first chunk), to position 10 (third)
TITLE = "A3 · Data review binder"


def write_binder_portfolio(base: Path) -> Path:
    credential = load_credential(catalog.resolve("ensuring-accountability"))
    evidence = ready_evidence([t.id for t in credential.targets])
    evidence["artifacts"].append({"id": "A3", "title": "Data review binder", "file": "artifacts/binder.pdf"})
    first = credential.targets[0].id
    evidence["evidence"][first] += [{"artifact": "A3", "pages": 11, "quote": QUOTE, "explanation": prose(45)},
                                    {"artifact": "A3", "pages": "ii", "explanation": prose(45)}]
    root = write_portfolio(base, evidence=evidence)
    binder = make_pdf(root / "artifacts" / "binder.pdf", BINDER, front_matter=2)
    with pikepdf.open(binder, allow_overwriting_input=True) as pdf:
        pdf.pages[1].obj.Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=pikepdf.Array(LINK), Border=pikepdf.Array([0, 0, 0]),
            Dest=pikepdf.Array([pdf.pages[9].obj, pikepdf.Name.Fit])))]))
        pdf.save(binder)
    return root


def build(folder: Path, *, chunked: bool) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(chunks, "CHUNK_OVER", 8 if chunked else 10**6)
        patch.setattr(chunks, "CHUNK_PAGES", 4)
        patch.setattr(chunks, "MAX_GROWTH", 100.0)   # a page of one line weighs less than the font chunks repeat
        result = CliRunner().invoke(app, ["build", str(folder)], catch_exceptions=False)
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The portfolio built with the binder in chunks, and a copy of it built with the binder whole."""
    chunked = write_binder_portfolio(tmp_path_factory.mktemp("chunked"))
    whole = Path(shutil.copytree(chunked, tmp_path_factory.mktemp("whole") / "portfolio"))
    build(chunked, chunked=True)
    build(whole, chunked=False)
    return chunked, whole


def made_chunks(folder: Path) -> list[Path]:
    return sorted((folder / ".mcred" / "chunks").glob("*/*.pdf"), key=lambda path: int(path.name.split("-")[0]))


def start(reader: PdfReader) -> int:
    return next(page for _depth, mark, page in bookmarks(reader) if mark == TITLE)


def test_the_binder_is_embedded_from_its_chunks(folders):
    chunked, whole = folders
    assert [path.name for path in made_chunks(chunked)] == ["1-4.pdf", "5-8.pdf", "9-12.pdf", "13-13.pdf"]
    assert [len(PdfReader(path).pages) for path in made_chunks(chunked)] == [4, 4, 4, 1]
    assert not made_chunks(whole)


def test_every_page_reads_in_order_under_its_own_label(folders):
    chunked, _whole = folders
    reader = PdfReader(packet_path(chunked))
    texts = page_texts(reader)
    first = start(reader)
    for position, (text, label) in enumerate(zip(BINDER, LABELS, strict=True)):
        page = squash(texts[first + position])
        assert squash(text) in page
        assert squash(f"A3 p. {label}") in page   # the band names the page as printed
        assert sum(squash(other) in page for other in BINDER) == 1
    assert TITLE not in {mark for _depth, mark, page in bookmarks(reader) if page != first}


def test_the_packet_is_the_one_the_whole_binder_makes(folders):
    chunked, whole = folders
    apart, together = PdfReader(packet_path(chunked)), PdfReader(packet_path(whole))
    assert len(apart.pages) == len(together.pages)
    assert page_texts(apart) == page_texts(together)
    assert bookmarks(apart) == bookmarks(together)
    assert links(apart) == links(together)
    first = start(apart)
    drawn = [pypdfium2.PdfDocument(packet_path(folder)) for folder in folders]
    for index in range(first, first + len(BINDER)):
        shown = [document[index].render(scale=0.5).to_pil() for document in drawn]
        assert ImageChops.difference(*shown).getbbox() is None, f"packet page {index + 1} is drawn otherwise"


def test_the_quote_in_a_later_chunk_is_marked_and_linked_on_its_page(folders):
    chunked, _whole = folders
    reader = PdfReader(packet_path(chunked))
    quoted = start(reader) + 10
    page = pypdfium2.PdfDocument(packet_path(chunked))[quoted]
    marked = [bounds for colour, bounds in fills(page) if colour == HIGHLIGHT]
    assert len(marked) == 1
    assert squash(QUOTE) in squash(page.get_textpage().get_text_bounded(*marked[0]))
    assert any(link.target == quoted for link in links(reader, range(start(reader))))   # Part 2's citation


def test_a_link_from_one_chunk_to_another_lands_on_its_page(folders):
    chunked, _whole = folders
    reader = PdfReader(packet_path(chunked))
    first = start(reader)
    # the binder's own link, not the band's back to the citation of page ii
    own = [link for link in links(reader, range(first + 1, first + 2)) if link.target is not None and link.target >= first]
    assert [link.target for link in own] == [first + 9]
    assert squash(BINDER[9]) in squash(page_texts(reader)[own[0].target])


def test_a_second_build_uses_the_chunks_made_by_the_first(folders):
    chunked, _whole = folders
    made = {path: path.stat().st_mtime_ns for path in made_chunks(chunked)}
    before = packet_path(chunked).read_bytes()
    build(chunked, chunked=True)
    assert {path: path.stat().st_mtime_ns for path in made_chunks(chunked)} == made
    assert packet_path(chunked).read_bytes() == before
