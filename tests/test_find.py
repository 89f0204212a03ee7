"""`mcred find PHRASE [DIR]`: every artifact page where a phrase stands, compared as check compares quotes.

The handbook the `portfolio` fixture writes has six pages printed i, ii, 1, 2, 3, 4 (support.HANDBOOK_PAGES).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from check_material import label_pdf
from support import corrupt_pdf, encrypt_pdf, make_pdf, prose

from mcred.find import comparable, snippet


def find_json(cli, *args: str) -> tuple[int, dict]:
    result = cli("find", *args, "--json")
    return result.exit_code, json.loads(result.stdout)


def test_a_phrase_on_one_page(portfolio, cli):
    folder = portfolio()
    code, found = find_json(cli, "drafted with the leadership team", str(folder))
    assert code == 0
    assert found["found"] is True and found["exit_code"] == 0
    assert found["hits"] == [{
        "artifact": "A1", "title": "Staff Performance Expectations Handbook", "file": "artifacts/handbook.pdf",
        "position": 2, "label": "ii", "occurrences": 1,
        "snippet": "Preface: expectations were drafted with the leadership team in August. ii"}]
    assert found["searched"] == {"artifacts": 1, "pages": 6}
    assert found["not_searched"] == ["A2"]            # the PLC video has no page text


def test_the_terminal_shows_a_table(portfolio, cli):
    result = cli("find", "Section", str(portfolio()))
    assert result.exit_code == 0
    rows = [line.split("│") for line in result.stdout.splitlines() if "│" in line and line.split("│")[0].strip()]
    assert [(r[0].strip(), r[1].strip(), r[2].strip()) for r in rows] == [
        ("A1", "3", "1"), ("A1", "4", "2"), ("A1", "5", "3"), ("A1", "6", "4")]
    assert "“Section” is on 4 pages (6 pages of 1 PDF artifact searched)." in result.stdout


def test_case_spacing_quotes_and_line_breaks_do_not_matter(portfolio, cli):
    folder = portfolio()
    _typeset(folder / "artifacts" / "handbook.pdf",
             '#set page(width: 4cm, height: 12cm, margin: 0.5cm)\n#set text(hyphenate: true, lang: "en")\n'
             "#set par(justify: true)\nThe accountability expectations were collaboratively established with "
             "extraordinarily thoughtful stakeholders.\n#pagebreak()\n"
             '#"The ﬁnal “quoted” efficient plan is the team’s."')
    for phrase, page in [("COLLABORATIVELY established   with extraordinarily", 1),
                         ('the final "quoted" efficient plan is the team\'s', 2)]:
        code, found = find_json(cli, phrase, str(folder))
        assert code == 0, phrase
        assert [h["position"] for h in found["hits"]] == [page]


def test_find_and_check_agree_on_every_page(portfolio, cli):
    """What find reports, a quote citing that page passes check; what it does not, check flags (MC325)."""
    phrases = ["measurable professional goals", "monthly data meetings", "Section 3.", "handbook contents",
               "goals are reviewed at the mid-year", "nowhere in the handbook"]
    citations = {}
    folder = portfolio()
    for phrase in phrases:
        _, found = find_json(cli, phrase, str(folder))
        page = found["hits"][0]["position"] if found["hits"] else 1
        citations[phrase] = (page, bool(found["hits"]))
    targets = ["1", "2", "3", "4.1", "4.2", "4.3"]
    text = evidence_map({t: [cite(pages=citations[p][0], quote=p)] for t, p in zip(targets, phrases, strict=True)})
    folder = portfolio("checked", evidence=text)
    report = json.loads(cli("check", str(folder), "--json").stdout)
    flagged = {f["message"].split(":")[0] for f in report["findings"] if f["code"] == "MC325"}
    assert flagged == {t for t, p in zip(targets, phrases, strict=True) if not citations[p][1]} == {"4.3"}


def test_several_times_on_a_page(portfolio, cli):
    folder = portfolio()
    make_pdf(folder / "artifacts" / "handbook.pdf", ["Goals, goals and more goals.", "One goal."])
    _, found = find_json(cli, "goals", str(folder))
    assert [(h["position"], h["occurrences"]) for h in found["hits"]] == [(1, 3)]
    assert "1 ×3" in cli("find", "goals", str(folder)).stdout


def test_not_found_says_so_and_suggests_a_shorter_phrase(portfolio, cli):
    folder = portfolio()
    result = cli("find", "every teacher sets three measurable professional goals", str(folder))
    assert result.exit_code == 1
    assert "is on no page (6 pages of 1 PDF artifact searched)" in result.stdout
    assert "try a shorter phrase: “every teacher sets” is there" in result.stdout   # the first longest run
    code, found = find_json(cli, "every teacher sets three measurable professional goals", str(folder))
    assert (code, found["found"], found["hits"]) == (1, False, [])
    assert found["suggestion"] == "every teacher sets"
    code, found = find_json(cli, "zebra crossing", str(folder))
    assert (code, found["suggestion"]) == (1, None)
    assert "two or three distinctive words" in cli("find", "zebra crossing", str(folder)).stdout


def test_every_pdf_artifact_is_searched_and_an_unreadable_one_named(portfolio, cli):
    listed = [{"id": "A3", "title": "Minutes", "file": "artifacts/minutes.pdf"},
              {"id": "A4", "title": "Broken scan", "file": "artifacts/broken.pdf"},
              {"id": "A5", "title": "Missing", "file": "artifacts/missing.pdf"},
              {"id": "A6", "title": "Locked", "file": "artifacts/locked.pdf"}]
    folder = portfolio(evidence=evidence_map(artifacts=listed))
    label_pdf(make_pdf(folder / "artifacts" / "plain.pdf", ["Contents.", "The goals, as agreed."]),
              folder / "artifacts" / "minutes.pdf", "M-")
    corrupt_pdf(folder / "artifacts" / "broken.pdf")
    encrypt_pdf(folder / "artifacts" / "plain.pdf", folder / "artifacts" / "locked.pdf")
    code, found = find_json(cli, "goals", str(folder))
    assert code == 0
    assert [(h["artifact"], h["position"], h["label"]) for h in found["hits"]] == [
        ("A1", 3, "1"), ("A1", 4, "2"), ("A3", 2, "M-2")]
    assert found["skipped"] == [{"artifact": "A4", "file": "artifacts/broken.pdf", "reason": "is corrupt (Data format error)"},
                                {"artifact": "A5", "file": "artifacts/missing.pdf", "reason": "does not exist"},
                                {"artifact": "A6", "file": "artifacts/locked.pdf", "reason": "is password-protected"}]
    assert "A4 (artifacts/broken.pdf) was not searched: it is corrupt" in cli("find", "goals", str(folder)).stdout


def test_labels_are_the_ones_check_resolves_citations_by(portfolio, tmp_path):
    """find reads labels with PDFium (quick), check with pypdf: they must agree."""
    from pypdf import PdfReader

    from mcred.read.artifacts.pdf import every_page_text
    from mcred.read.cache import Cache

    roman = make_pdf(tmp_path / "roman.pdf", [f"Page {n}." for n in range(7)], front_matter=3)
    prefixed = label_pdf(roman, tmp_path / "prefixed.pdf", "A-")
    plain = make_pdf(tmp_path / "plain.pdf", ["One.", "Two."])
    for pdf in (roman, prefixed):
        assert every_page_text(pdf, Cache(None)).labels == tuple(PdfReader(pdf).page_labels)
    assert every_page_text(plain, Cache(None)).labels == ()


def test_unreadable_input_exits_2(tmp_path, cli):
    result = cli("find", "goals", str(tmp_path))
    assert result.exit_code == 2
    assert "has no mcred.yaml" in result.output
    result = cli("find", "goals", str(tmp_path), "--json")
    assert result.exit_code == 2
    document = json.loads(result.stdout)
    assert document["summary"]["exit_code"] == 2 and document["findings"][0]["code"] == "MC101"


def test_a_phrase_without_letters_is_a_usage_error(portfolio, cli):
    result = cli("find", " — … ", str(portfolio()))
    assert result.exit_code == 2
    assert "has no letters or digits" in result.output


def test_the_second_search_reads_no_page(portfolio, cli, monkeypatch):
    from mcred.textpos import PdfText

    folder = portfolio()
    read: list[int] = []
    real_text = PdfText.text
    monkeypatch.setattr(PdfText, "text", lambda self, page: read.append(page) or real_text(self, page))
    assert cli("find", "goals", str(folder)).exit_code == 0
    assert sorted(read) == [1, 2, 3, 4, 5, 6]
    read.clear()
    assert cli("find", "monitoring", str(folder)).exit_code == 0
    assert cli("check", str(folder)).exit_code == 0      # check's cited pages come from the same cache
    assert read == []
    assert [p.name.split("-", 1)[1] for p in (folder / ".mcred" / "text").glob("*.json")] == ["pdfium.json"]


def test_snippets_come_from_one_function_that_a_mask_can_wrap(portfolio, cli, monkeypatch):
    import mcred.find

    monkeypatch.setattr(mcred.find, "snippet", lambda text, start, end: f"[{text[start:end]}]")
    _, found = find_json(cli, "leadership   TEAM", str(portfolio()))
    assert [h["snippet"] for h in found["hits"]] == ["[leadership team]"]


@pytest.mark.parametrize("text, start, end, shown", [
    ("short page", 0, 5, "short page"),
    ("a\r\nline  broken\r\npage", 2, 6, "a line broken page"),
    ("word " * 30 + "TARGET" + " word" * 30, 150, 156, "…" + "word " * 12 + "TARGET" + " word" * 12 + "…"),
    ("x" * 100 + " TARGET", 101, 107, "…TARGET"),                  # a cut inside a word drops the word
    ("y" * 59 + " " + "x" * 100 + " TARGET", 161, 167, "…TARGET"),
])
def test_snippet(text, start, end, shown):
    assert snippet(text, start, end) == shown


@pytest.mark.parametrize("text, phrase, span", [
    ("A note: Cafe\u0301 au lait, daily.", "café au lait", (8, 21)),      # a decomposed é, as some PDFs give it
    ("The ﬁnal plan", "final plan", (4, 13)),                            # a ligature: one character, two letters
    ("Goals\r\nare  re-\nviewed", "goals are reviewed", (0, 22)),
    ("nothing here", "goals", None),
])
def test_where_a_phrase_stands(text, phrase, span):
    from mcred.find import span_of

    assert span_of(text, comparable(phrase)) == span


def test_comparable_is_checks():
    from mcred.checks.evidence import comparable as checks_comparable

    assert checks_comparable is comparable


TARGETS = ["1", "2", "3", "4.1", "4.2", "4.3", "4.4"]
HANDBOOK = {"id": "A1", "title": "Staff Performance Expectations Handbook", "file": "artifacts/handbook.pdf"}


def cite(artifact: str = "A1", **where: object) -> dict:
    return {"artifact": artifact, **(where or {"pages": 5}), "explanation": prose(50)}


def evidence_map(evidence: dict[str, list[dict]] | None = None, artifacts: list[dict] | None = None) -> dict:
    """The handbook cited for every target (positions 5 and 6), `evidence` replacing targets, `artifacts` added."""
    cited = {t: [cite(pages=5 + i % 2)] for i, t in enumerate(TARGETS)}
    cited.update(evidence or {})
    return {"artifacts": [HANDBOOK, *(artifacts or [])], "evidence": cited}


def _typeset(path: Path, source: str) -> Path:
    import typst

    path.write_bytes(typst.compile(('#set text(font: "Libertinus Serif")\n' + source).encode(), timestamp=0))
    return path
