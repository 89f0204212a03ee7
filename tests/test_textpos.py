"""Where text stands on a page: offsets into pdfium's page text map to the rectangles of those glyphs."""

from __future__ import annotations

from pathlib import Path

import pytest

from mcred.textpos import PdfText, Rect, locate_spans, page_text


def typeset(path: Path, markup: str) -> Path:
    import typst

    source = '#set page(paper: "us-letter", margin: 72pt)\n#set text(font: "Libertinus Serif", size: 12pt)\n' + markup
    path.write_bytes(typst.compile(source.encode(), timestamp=0))
    return path


def test_a_span_on_one_line_is_one_rectangle_around_its_glyphs(tmp_path: Path) -> None:
    pdf = typeset(tmp_path / "one.pdf", "Before the quoted passage and after it.")
    text = page_text(pdf, 1)
    start = text.index("quoted passage")
    [[rect]] = locate_spans(pdf, 1, [(start, start + len("quoted passage"))])
    assert 72 < rect.left < rect.right < 612 - 72
    assert 792 - 72 - 20 < rect.bottom < rect.top <= 792 - 72 + 2   # the first line, under the top margin
    assert 11 < rect.top - rect.bottom < 20                         # a 12 pt line's full height


def test_a_span_over_a_line_break_has_one_rectangle_per_line(tmp_path: Path) -> None:
    pdf = typeset(tmp_path / "two.pdf", "The first line ends with Daniel \\ Okafor starts the second one.")
    text = page_text(pdf, 1)
    start = text.index("Daniel")
    end = text.index("Okafor") + len("Okafor")
    [[first, second]] = locate_spans(pdf, 1, [(start, end)])
    assert second.top <= first.bottom + 1 and second.left < first.left
    assert second.left == pytest.approx(72, abs=2)


def test_offsets_after_an_emoji_still_find_their_word(tmp_path: Path) -> None:
    """pdfium counts an emoji as two characters; Python as one. pdfium's own search is the reference."""
    import pypdfium2

    pdf = typeset(tmp_path / "emoji.pdf", "Smile \U0001F600 then the word target here.")
    with PdfText(pdf) as document:
        text = document.text(1)
        start = text.index("target")
        [[rect]] = document.locate(1, [(start, start + len("target"))])
    textpage = pypdfium2.PdfDocument(pdf)[0].get_textpage()
    first, count = textpage.search("target", match_case=True).get_next()
    left, bottom, _, top = textpage.get_charbox(first, loose=True)
    right = textpage.get_charbox(first + count - 1, loose=True)[2]
    assert rect == Rect(left, bottom, right, top)


def test_pages_are_numbered_from_one(tmp_path: Path) -> None:
    pdf = typeset(tmp_path / "pages.pdf", "first #pagebreak() second")
    assert page_text(pdf, 2) == "second"
    with pytest.raises(IndexError):
        page_text(pdf, 3)
    assert locate_spans(pdf, 2, [(0, 0)]) == [[]]


def test_rect_helpers() -> None:
    rect = Rect(0, 0, 10, 4).union(Rect(5, -2, 12, 3))
    assert rect == Rect(0, -2, 12, 4) and rect.centre == (6, 1)
