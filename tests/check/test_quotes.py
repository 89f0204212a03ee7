"""Quotes must appear on the cited pages, however the PDF breaks, hyphenates or ligates them — and reading them
costs only the cited pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from check_material import check_json, cite, evidence_map, line_of, place

from mcred.checks.evidence import comparable


def _typeset(path: Path, source: str) -> Path:
    import typst

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(typst.compile(('#set text(font: "Libertinus Serif")\n' + source).encode(), timestamp=0))
    return path


def test_a_quote_found_on_the_cited_page(portfolio, cli):
    text = evidence_map({"1": [cite(pages="ii", quote="expectations were drafted with the leadership team")]})
    report = check_json(cli, portfolio(evidence=text))
    assert report.codes == {"MC308"}


def test_a_quote_found_in_a_range_despite_case_spacing_and_quotes(portfolio, cli):
    quote = "Section 4.  MONITORING happens\nin ‘monthly’ data meetings"
    report = check_json(cli, portfolio(evidence=evidence_map({"4.4": [cite(pages="5-6", quote=quote)]})))
    assert report.codes == {"MC308"}


def test_a_quote_not_on_the_cited_page(portfolio, cli):
    text = evidence_map({"1": [cite(pages=5, quote="expectations were drafted with the leadership team")]})
    folder = portfolio(evidence=text)
    report = check_json(cli, folder)
    finding = report.only("MC325")
    assert finding["severity"] == "warning"
    assert finding["message"] == "1: the quote is not on A1 page 5"
    assert finding["fix"] == "copy the quote exactly from the cited pages, or fix `pages:`"
    assert place(finding) == f"evidence.yaml:{line_of(text, 'quote: ')}"
    assert report.exit_code == 0
    assert check_json(cli, folder, "--strict").exit_code == 1


def test_a_quote_not_on_any_of_several_pages(portfolio, cli):
    report = check_json(cli, portfolio(evidence=evidence_map({"2": [cite(pages="3-6", quote="never written")]})))
    assert report.only("MC325")["message"] == "2: the quote is not on A1 pages 3, 4, 5, 6"


def test_line_break_hyphenation_soft_hyphens_and_ligatures(portfolio, cli):
    folder = portfolio(evidence=evidence_map({
        "1": [cite(pages=1, quote="expectations were collaboratively established with extraordinarily thoughtful")],
        "2": [cite(pages=2, quote='the final "quoted" efficient plan is the team\'s')],
    }))
    pdf = _typeset(folder / "artifacts" / "handbook.pdf",
                   '#set page(width: 4cm, height: 12cm, margin: 0.5cm)\n#set text(hyphenate: true, lang: "en")\n'
                   "#set par(justify: true)\nThe accountability expectations were collaboratively established with "
                   "extraordinarily thoughtful stakeholders.\n#pagebreak()\n"
                   '#"The ﬁnal “quoted” efficient plan is the team’s."\n#pagebreak()\nThree.\n#pagebreak()\nFour.\n'
                   "#pagebreak()\nFive.\n#pagebreak()\nSix.")
    from pypdf import PdfReader
    assert "\xad\n" in PdfReader(pdf).pages[0].extract_text()    # the PDF really hyphenates at a line break
    report = check_json(cli, folder)
    assert "MC325" not in report.codes, report.findings


@pytest.mark.parametrize("quoted, printed", [
    ("expectations were drafted", "expec-\ntations  were\n drafted"),
    ("the team's goals", "THE TEAM’S GOALS"),
    ('"measurable" goals', "“measurable” goals"),
    ("final office", "ﬁnal oﬃce"),
])
def test_comparable_text(quoted, printed):
    assert comparable(quoted) in comparable(printed)


def test_a_page_without_extractable_text(portfolio, cli):
    folder = portfolio(evidence=evidence_map({"1": [cite(pages=2, quote="expectations were drafted")]}))
    _typeset(folder / "artifacts" / "handbook.pdf",
             "\n#pagebreak()\n".join(["#rect(width: 2cm, height: 2cm)"] * 6))   # a scan: pictures, no text
    report = check_json(cli, folder)
    finding = report.only("MC326")
    assert finding["severity"] == "warning"
    assert finding["message"] == ("1: the cited pages of A1 have no extractable text, so the quote cannot be "
                                  "verified")
    assert report.exit_code == 0


def test_a_quote_on_a_video_cannot_be_verified(portfolio, cli):
    video = {"id": "A2", "title": "PLC meeting", "url": "https://example.org/plc", "duration": "18:42"}
    text = evidence_map({"1": [cite(), cite("A2", time="2:10", quote="we agreed on three goals")]}, artifacts=[video])
    report = check_json(cli, portfolio(evidence=text))
    finding = report.only("MC326")
    assert finding["severity"] == "note"
    assert finding["message"] == "1: a quote can only be verified on PDF pages"
    assert report.exit_code == 0


def test_only_the_cited_pages_are_read_and_each_pdf_opened_once(portfolio, monkeypatch):
    """The cost of a check grows with the pages cited: 40 pages owned, two quotes, two pages' text read."""
    from pypdf import PdfReader
    from pypdf._page import PageObject
    from support import make_pdf

    from mcred.checks import review_portfolio

    folder = portfolio(evidence=evidence_map({"1": [cite(pages=5, quote="page five")],
                                              "2": [cite(pages="30", quote="page thirty")]}))
    make_pdf(folder / "artifacts" / "handbook.pdf", [f"This is page {n}." for n in
                                                     ["one", "two", "three", "four", "five"] + ["x"] * 24
                                                     + ["thirty"] + ["y"] * 10])
    opened, extracted = [], []
    real_init, real_extract = PdfReader.__init__, PageObject.extract_text

    def counting_init(self, stream, *args, **kwargs):
        opened.append(Path(stream).name)
        real_init(self, stream, *args, **kwargs)

    def counting_extract(self, *args, **kwargs):
        text = real_extract(self, *args, **kwargs)
        extracted.append(text.split(".")[0])
        return text

    monkeypatch.setattr(PdfReader, "__init__", counting_init)
    monkeypatch.setattr(PageObject, "extract_text", counting_extract)
    review = review_portfolio(folder)
    assert opened == ["handbook.pdf"]
    assert sorted(extracted) == ["This is page five", "This is page thirty"]
    assert review.artifacts["A1"].page_count == 40
    assert not [f for f in review.findings if f.code == "MC325"]
