"""Quotes must appear on the cited pages, however the PDF breaks, hyphenates or ligates them — and reading them
costs only the cited pages. A quote that is not there is looked for on the artifact's other pages, then in the
other artifacts, and the fix says where it stands."""

from __future__ import annotations

from pathlib import Path

import pytest
from check_material import check_json, cite, evidence_map, label_pdf, line_of, place
from support import make_pdf

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
    assert finding["fix"] == "found on p. 2 (printed ii) of A1 — cite 2"
    assert place(finding) == f"evidence.yaml:{line_of(text, 'quote: ')}"
    assert report.exit_code == 0
    assert check_json(cli, folder, "--strict").exit_code == 1


def test_a_quote_not_on_any_of_several_pages(portfolio, cli):
    report = check_json(cli, portfolio(evidence=evidence_map({"2": [cite(pages="3-6", quote="never written")]})))
    finding = report.only("MC325")
    assert finding["message"] == "2: the quote is not on A1 pages 3, 4, 5, 6"
    assert finding["fix"] == "copy the quote exactly from the cited pages, or fix `pages:`"   # it is on no page


def test_the_fix_cites_in_the_numbering_the_citation_uses(portfolio, cli):
    quote = "every teacher sets two measurable professional goals"    # position 3, printed 1
    report = check_json(cli, portfolio(evidence=evidence_map({
        "1": [cite(pages="ii", quote=quote)],                        # a label: the finding still cites a position
        "2": [cite(pages="4", numbering="printed", quote=quote)],    # printed 4 is position 6
    })))
    fixes = {f["message"]: f["fix"] for f in report.all("MC325")}
    assert fixes == {"1: the quote is not on A1 page 2": "found on p. 3 (printed 1) of A1 — cite 3",
                     "2: the quote is not on A1 page 6": "found on p. 3 (printed 1) of A1 — cite 1"}


def test_a_quote_found_in_another_artifact(portfolio, cli):
    minutes = {"id": "A3", "title": "Design team minutes", "file": "artifacts/minutes.pdf"}
    folder = portfolio(evidence=evidence_map({"1": [cite(pages=5, quote="the design team agreed on four goals"),
                                                    cite("A3", pages=1)]}, artifacts=[minutes]))
    make_pdf(folder / "artifacts" / "minutes.pdf", ["Minutes of the first meeting.",
                                                    "In March the Design Team agreed on\nfour goals."])
    finding = check_json(cli, folder).only("MC325")
    assert finding["message"] == "1: the quote is not on A1 page 5"
    assert finding["fix"] == "found on p. 2 of A3 — cite A3, page 2"


def test_the_cited_artifact_is_searched_before_the_others(portfolio, cli):
    copy = {"id": "A3", "title": "The handbook again, printed S-1 …", "file": "artifacts/copy.pdf"}
    folder = portfolio(evidence=evidence_map({"1": [cite(pages=5, quote="reviewed at the mid-year conference")],
                                              "2": [cite("A3", pages=1)]}, artifacts=[copy]))
    label_pdf(folder / "artifacts" / "handbook.pdf", folder / "artifacts" / "copy.pdf", "S-")
    finding = check_json(cli, folder).only("MC325")
    assert finding["fix"] == "found on p. 4 (printed 2) of A1 — cite 4"
    folder = portfolio("second", evidence=evidence_map({"1": [cite("A3", pages=5, quote="reviewed at the mid-year")],
                                                        "2": [cite()]}, artifacts=[copy]))
    label_pdf(folder / "artifacts" / "handbook.pdf", folder / "artifacts" / "copy.pdf", "S-")
    assert check_json(cli, folder).only("MC325")["fix"] == "found on p. 4 (printed S-4) of A3 — cite 4"


def test_a_quote_on_many_pages_names_three(portfolio, cli):
    folder = portfolio(evidence=evidence_map({"1": [cite(pages=1, quote="goals and timelines")]}))
    make_pdf(folder / "artifacts" / "handbook.pdf", ["Contents."] + ["Goals and timelines, again."] * 5)
    finding = check_json(cli, folder).only("MC325")
    assert finding["fix"] == "found on p. 2, p. 3, p. 4 and more of A1 — cite 2 or 3 or 4"


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
    from mcred.read.ocr import missing

    said = "and OCR read nothing there" if missing() is None else "(OCR is not installed to read them)"
    assert finding["message"] == f"1: the cited pages of A1 have no extractable text {said}, so the quote cannot be verified"
    assert report.exit_code == 0


def test_a_quote_on_a_video_cannot_be_verified(portfolio, cli):
    video = {"id": "A2", "title": "PLC meeting", "url": "https://example.org/plc", "duration": "18:42"}
    text = evidence_map({"1": [cite(), cite("A2", time="2:10", quote="we agreed on three goals")]}, artifacts=[video])
    report = check_json(cli, portfolio(evidence=text))
    finding = report.only("MC326")
    assert finding["severity"] == "note"
    assert finding["message"] == "1: a quote can only be verified on PDF pages"
    assert report.exit_code == 0


def test_only_the_cited_pages_are_read(portfolio, monkeypatch):
    """The cost of a check grows with the pages cited: 40 pages owned, two quotes, two pages' text read (by
    PDFium, which also counts the pages; pypdf's walk of the page tree is not paid at all)."""
    from pypdf import PdfReader

    from mcred.checks import review_portfolio

    folder = portfolio(evidence=evidence_map({"1": [cite(pages=5, quote="page five")],
                                              "2": [cite(pages="30", quote="page thirty")]}))
    make_pdf(folder / "artifacts" / "handbook.pdf", [f"This is page {n}." for n in
                                                     ["one", "two", "three", "four", "five"] + ["x"] * 24
                                                     + ["thirty"] + ["y"] * 10])
    opened = _count_pypdf_opens(monkeypatch, PdfReader)
    extracted = _count_text_reads(monkeypatch)
    review = review_portfolio(folder)
    assert opened == []
    assert sorted(extracted) == [5, 30]
    assert review.artifacts["A1"].page_count == 40
    assert not [f for f in review.findings if f.code == "MC325"]


def test_a_missing_quote_reads_its_artifact_once_and_the_cache_keeps_it(portfolio, monkeypatch):
    from mcred.checks import review_portfolio

    minutes = {"id": "A3", "title": "Design team minutes", "file": "artifacts/minutes.pdf"}
    folder = portfolio(evidence=evidence_map({"1": [cite(pages=5, quote="measurable professional goals"),
                                                    cite(pages=6, quote="two measurable professional goals"),
                                                    cite("A3", pages=1)]}, artifacts=[minutes]))
    make_pdf(folder / "artifacts" / "minutes.pdf", ["Minutes."] * 3)
    extracted = _count_text_reads(monkeypatch)
    review = review_portfolio(folder)
    assert len([f for f in review.findings if f.code == "MC325"]) == 2
    assert sorted(extracted) == [1, 2, 3, 4, 5, 6]      # the handbook's pages once each; nothing of A3 (no quote)
    cached = list((folder / ".mcred" / "text").glob("*-pdfium.json"))
    assert len(cached) == 1                              # the key names the extractor
    extracted.clear()
    again = review_portfolio(folder)
    assert extracted == []                               # every page now comes from the cache
    assert again.facts.quote_found_elsewhere == review.facts.quote_found_elsewhere == {0: (("A1", 3),),
                                                                                        1: (("A1", 3),)}


def _count_pypdf_opens(monkeypatch, reader_class) -> list[str]:
    opened: list[str] = []
    real_init = reader_class.__init__

    def counting_init(self, stream, *args, **kwargs):
        opened.append(Path(stream).name)
        real_init(self, stream, *args, **kwargs)

    monkeypatch.setattr(reader_class, "__init__", counting_init)
    return opened


def _count_text_reads(monkeypatch) -> list[int]:
    """The pages whose text PDFium extracts (check's page text is PDFium's, as the packet's highlights are)."""
    from mcred.textpos import PdfText

    extracted: list[int] = []
    real_text = PdfText.text

    def counting_text(self, page_number):
        extracted.append(page_number)
        return real_text(self, page_number)

    monkeypatch.setattr(PdfText, "text", counting_text)
    return extracted
