"""The assessor's packet read back: every way from an outcome to its evidence and back lands where it says.

One portfolio (packet_material.py) is built once for the module; each test reads the packet as a viewer would.
"""

from __future__ import annotations

import io
import re
import statistics
from pathlib import Path

import pikepdf
import pypdfium2
import pytest
from packet_material import (
    CURLY,
    LINKED_PAGES,
    PAGE_LINK,
    PLAIN_VIDEO,
    PLAN_URL,
    QUOTE,
    STRAIGHT,
    WEB_LINK,
    YOUTUBE,
    write_portfolio,
)
from pypdf import PdfReader
from readback import HIGHLIGHT, bookmarks, fills, links, packet_path, page_texts, squash
from support import HANDBOOK_PAGES
from typer.testing import CliRunner

from mcred.cli import app

BAND = 36.0   # points: the band over every artifact page (0.5 in)
PARTS = ["Part 1 · Overview Questions", "Part 2 · Skill Demonstration Product with Self-Analysis",
         "Part 3 · Reflection & Application"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = write_portfolio(tmp_path_factory.mktemp("navigation") / "portfolio")
    result = CliRunner().invoke(app, ["build", str(folder)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return folder


@pytest.fixture(scope="module")
def reader(built: Path) -> PdfReader:
    return PdfReader(packet_path(built))


@pytest.fixture(scope="module")
def texts(reader: PdfReader) -> list[str]:
    return page_texts(reader)


def start(reader: PdfReader, title: str) -> int:
    return next(page for _, mark, page in bookmarks(reader) if mark == title)


def item(text: str) -> set[int]:
    """The citations ("Evidence item n.") whose words are on a page."""
    return {int(n) for n in re.findall(r"Evidenceitem(\d+)\.", squash(text))}


def artifact_page(reader: PdfReader, artifact: str, position: int) -> int:
    """The packet page (0-based) of an artifact's page, found by the bookmark on its first page."""
    titles = {"A1": "A1 · Staff Performance Expectations Handbook", "A2": "A2 · Goal-setting PLC meeting",
              "A3": "A3 · Goal review protocol", "A4": "A4 · Checkpoint meeting"}
    return start(reader, titles[artifact]) + position - 1


def test_every_matrix_cell_links_to_its_citation(reader, texts):
    matrix = range(start(reader, "Evidence matrix"), start(reader, PARTS[0]))
    found = [link for link in links(reader, matrix) if link.target is not None]
    # the column heads, each artifact's first page; then row by row, cell by cell, each cited place
    heads, cells = found[:4], found[4:]
    assert [(h.text, h.target) for h in heads] == [(a, artifact_page(reader, a, 1)) for a in ("A1", "A2", "A3", "A4")]
    assert [squash(c.text) for c in cells] == ["p.1", "2:10–4:30", "p.ii", "11:30", "pp.2–4", "pp.1–2", "p.3",
                                               "p.4", "p.4", "p.1"]
    for number, cell in enumerate(cells):
        assert number in item(texts[cell.target]), (number, cell)


def test_the_index_says_what_each_artifact_is_cited_for(reader, texts):
    part2 = range(start(reader, PARTS[1]), start(reader, PARTS[2]))
    index_page = start(reader, "Artifact index")
    back = [link for link in links(reader, range(index_page, index_page + 1))
            if link.target is not None and link.target in part2]
    assert [(link.text, next(iter(item(texts[link.target]) & wanted))) for link, wanted in zip(back, [
        {0}, {2}, {4}, {6}, {7}, {8}, {1}, {5}, {9}, {3}], strict=True)] == [
        ("1", 0), ("2", 2), ("3", 4), ("4.2", 6), ("4.3", 7), ("4.4", 8), ("1", 1), ("4.1", 5), ("4.4", 9), ("2", 3)]


@pytest.mark.parametrize(("artifact", "position", "cited"), [
    ("A1", 1, []), ("A1", 2, [("2", 2)]), ("A1", 3, [("1", 0)]), ("A1", 4, [("3", 4)]),
    ("A1", 5, [("3", 4), ("4.2", 6)]), ("A1", 6, [("3", 4), ("4.3", 7), ("4.4", 8)]),
    ("A2", 1, [("1", 1)]), ("A3", 1, [("4.1", 5), ("4.4", 9)]), ("A3", 2, [("4.1", 5)]), ("A3", 3, []),
    ("A4", 1, [("2", 3)])])
def test_every_cited_page_links_back_to_its_citations_and_others_say_context(reader, texts, artifact, position, cited):
    page = artifact_page(reader, artifact, position)
    part2 = range(start(reader, PARTS[1]), start(reader, PARTS[2]))
    back = [link for link in links(reader, range(page, page + 1)) if link.target in part2]
    if artifact in ("A2", "A4"):   # a video's page also lists each moment: the band's links come first
        back = back[:len(cited)]
    assert [link.text for link in back] == [target for target, _ in cited]
    for link, (_, number) in zip(back, cited, strict=True):
        assert number in item(texts[link.target])
    band = squash(texts[page])
    if cited:
        assert squash("cited for") in band and "context" not in band
    else:
        assert squash("context: no citation names this page") in band


def test_a_video_page_lists_each_moment_linked_back_and_opening_there_where_the_host_can(reader, texts):
    part2 = range(start(reader, PARTS[1]), start(reader, PARTS[2]))
    for artifact, number, uri, words in (("A2", 1, PLAIN_VIDEO, "2:10–4:30 · start at 2:10"),
                                         ("A4", 3, f"{YOUTUBE}&t=690s", "11:30")):
        page = artifact_page(reader, artifact, 1)
        found = links(reader, range(page, page + 1))
        moments = [link for link in found if link.uri == uri]
        assert any(squash(words) in squash(moment.text) for moment in moments), moments
        backs = [link for link in found if link.target in part2]
        assert backs and all(number in item(texts[link.target]) for link in backs)
    part2_links = links(reader, part2)
    assert any(link.uri == f"{YOUTUBE}&t=690s" for link in part2_links)
    assert any(link.uri == PLAIN_VIDEO and "startat2:10" in squash(link.text) for link in part2_links)


def test_artifact_pages_are_embedded_at_their_own_size_with_their_text_intact(built, reader, texts):
    with pikepdf.open(packet_path(built)) as packet:
        for artifact, file, lines in (("A1", "handbook.pdf", HANDBOOK_PAGES), ("A3", "protocol.pdf", LINKED_PAGES)):
            with pikepdf.open(built / "artifacts" / file) as source:
                for position, line in enumerate(lines, 1):
                    index = artifact_page(reader, artifact, position)
                    page = packet.pages[index]
                    width, height = (float(v) for v in source.pages[position - 1].mediabox[2:])
                    assert [float(v) for v in page.mediabox] == [0, 0, width, height + BAND]
                    assert drawn_at(page) == [(1.0, 0.0, 0.0, 1.0, 0.0, 0.0)]   # scale 1, at the page's foot
                    assert squash(line) in squash(texts[index])
                    # one page number scheme: where it sits in the packet, and the page as Part 2 cites it
                    label = ["i", "ii", "1", "2", "3", "4"][position - 1] if artifact == "A1" else str(position)
                    assert squash(f"packet p. {index + 1}") in squash(texts[index])
                    assert squash(f"{artifact} p. {label}") in squash(texts[index])


def drawn_at(page: pikepdf.Page) -> list[tuple[float, ...]]:
    """The transformation each embedded page (a form XObject) is drawn with."""
    matrices: list[tuple[float, ...]] = []
    stack = [pikepdf.Matrix()]
    forms = {name for name, x in (page.Resources.get("/XObject") or {}).items() if x.get("/Subtype") == "/Form"}
    for operands, operator in pikepdf.parse_content_stream(page):
        if operator == pikepdf.Operator("q"):
            stack.append(stack[-1])
        elif operator == pikepdf.Operator("Q"):
            stack.pop()
        elif operator == pikepdf.Operator("cm"):
            stack[-1] = pikepdf.Matrix(*[float(v) for v in operands]) @ stack[-1]
        elif operator == pikepdf.Operator("Do") and str(operands[0]) in forms:
            m = stack[-1]
            matrices.append(tuple(round(float(v), 3) for v in (m.a, m.b, m.c, m.d, m.e, m.f)))
    return matrices


def test_the_artifacts_own_links_are_carried_where_they_were(built, reader, texts):
    index = artifact_page(reader, "A3", 1)
    with pikepdf.open(packet_path(built)) as packet:
        annotations = [a for a in packet.pages[index].get("/Annots", []) if a.get("/Subtype") == "/Link"]
        web = [a for a in annotations if "/A" in a and a.A.get("/URI") == PLAN_URL]
        assert len(web) == 1
        # The artifact page sits at the foot of the packet page: its own coordinates are the packet page's.
        assert [float(v) for v in web[0].Rect] == pytest.approx(list(WEB_LINK), abs=0.01)
    internal = [link for link in links(reader, range(index, index + 1)) if link.target == artifact_page(reader, "A3", 3)]
    assert len(internal) == 1
    assert LINKED_PAGES[2] in texts[internal[0].target]
    with pikepdf.open(packet_path(built)) as packet:
        rects = [[float(v) for v in a.Rect] for a in packet.pages[index].Annots if "/Dest" in a or "/A" in a]
        assert any(r == pytest.approx(list(PAGE_LINK), abs=0.01) for r in rects)


def test_the_quoted_passage_is_highlighted_where_it_stands(built, reader):
    index = artifact_page(reader, "A1", 3)
    document = pypdfium2.PdfDocument(packet_path(built))
    page = document[index]
    filled = fills(page)
    highlights = [bounds for colour, bounds in filled if colour == HIGHLIGHT]
    # the marker: a bar at the page's left edge
    markers = [bounds for colour, bounds in filled if colour[:3] == (31, 78, 121) and bounds[2] < 10]
    assert len(highlights) == 1 and len(markers) == 1
    textpage = page.get_textpage()
    inside = textpage.get_text_bounded(*highlights[0])
    assert squash(QUOTE) in squash(inside)
    assert len(squash(inside)) <= len(squash(QUOTE)) + 4   # the quote's words, not the line around them
    _left, bottom, _right, top = markers[0]
    assert bottom <= highlights[0][1] + 0.5 and top >= highlights[0][3] - 0.5   # the marker spans the passage


def test_a_rebuild_takes_where_the_quotes_stand_from_the_cache(built, monkeypatch):
    from mcred.prepare import stage

    before = packet_path(built).read_bytes()
    assert list((built / ".mcred" / "marks").glob("*.json"))

    def look_again(*_args: object) -> None:
        raise AssertionError("the quotes were looked for again, though no artifact changed")

    monkeypatch.setattr(stage, "_locate", look_again)
    result = CliRunner().invoke(app, ["build", str(built)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert packet_path(built).read_bytes() == before   # the same highlight, from the cache


def test_every_embedded_page_is_a_figure_with_alternative_text(built):
    with pikepdf.open(packet_path(built)) as packet:
        figures = []

        def walk(node: object) -> None:
            if isinstance(node, pikepdf.Dictionary):
                if node.get("/S") == "/Figure":
                    figures.append(str(node.get("/Alt", "")))
                kids = node.get("/K")
                for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
                    walk(kid)

        walk(packet.Root.StructTreeRoot)
    assert len([f for f in figures if f.startswith(("A1 ", "A3 "))]) == len(HANDBOOK_PAGES) + len(LINKED_PAGES)
    assert "A1 · Staff Performance Expectations Handbook, page ii (2 of 6)" in figures
    # a page whose text was read for a quote says its first line too
    assert f"A1 · Staff Performance Expectations Handbook, page 1 (3 of 6): {HANDBOOK_PAGES[2]}" in figures


def test_prose_is_set_as_a_word_processor_sets_it(reader, texts):
    part1 = " ".join(texts[start(reader, PARTS[0]):start(reader, PARTS[1])])
    assert squash(CURLY) in squash(part1) and squash(STRAIGHT) not in squash(part1)
    part2 = squash(" ".join(texts[start(reader, PARTS[1]):start(reader, PARTS[2])]))
    assert squash("The preface (pages iv–v) and pp. 1–2 set it out.") in part2


def test_the_measure_of_the_packets_own_prose_is_a_books(built, reader):
    document = pypdfium2.PdfDocument(packet_path(built))
    page = document[start(reader, PARTS[0])]
    lines = [line.strip() for line in page.get_textpage().get_text_range().splitlines()]
    body = [len(line) for line in lines if len(line) > 40]   # full lines of the answers, not headings or the last
    assert 62 <= statistics.median(body) <= 78


def test_bookmarks_and_contents_name_every_detail(reader, texts):
    titles = [title for _, title, _ in bookmarks(reader)]
    assert "4.1 Strategies in the plan for ensuring accountability for organizational improvement." in titles
    assert not any(re.match(r"\d\.\d[A-Za-z]", t) for t in titles)
    contents = squash(" ".join(texts[start(reader, "Contents"):start(reader, "Evidence matrix")]))
    for detail in ("4.1Strategies", "4.2Implementation", "4.3Evaluation", "4.4Monitoring"):
        assert detail in contents


def test_a_citation_running_onto_another_page_says_it_continues(reader, texts):
    part2 = range(start(reader, PARTS[1]), start(reader, PARTS[2]))
    head = next(page for page in part2 if 4 in item(texts[page]))   # the long one: 700 words
    assert squash("A1 · Staff Performance Expectations Handbook (continued)") in squash(texts[head + 1])
    assert "(continued)" not in texts[part2[0]]
    # a page says so only where the page before it ends inside a citation: its last words are not a heading's
    for page in part2[1:]:
        if "(continued)" in texts[page]:
            assert not texts[page - 1].rstrip().endswith(".") or "Evidence item" in texts[page - 1]


def test_it_opens_with_bookmarks_shown_and_each_file_has_a_title_of_its_own(built):
    files = [packet_path(built), *sorted((built / "build" / "parts").glob("*.pdf"))]
    titles = []
    for path in files:
        with pikepdf.open(path) as pdf:
            assert pdf.Root.PageMode == pikepdf.Name.UseOutlines
            assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
            titles.append(str(pdf.open_metadata().get("dc:title")))
    assert titles == ["Ensuring Accountability — Jordan Rivera",
                      "Part 1 · Overview Questions — Ensuring Accountability — Jordan Rivera",
                      "Part 2 · Skill Demonstration Product with Self-Analysis — Ensuring Accountability — Jordan Rivera",
                      "Part 3 · Reflection & Application — Ensuring Accountability — Jordan Rivera"]
    evidence = " ".join(page_texts(PdfReader(files[2]))).lower()   # column heads are in small capitals
    assert "in this pdf" in evidence and "in this packet" not in evidence


def test_parts_1_and_3_are_pdf_ua_1(built):
    for name in ("1-overview.pdf", "3-reflection.pdf"):
        with pikepdf.open(built / "build" / "parts" / name) as pdf:
            xmp = bytes(pdf.Root.Metadata.read_bytes())
            assert re.search(rb"pdfuaid:part(>|=\")1", xmp), name
            assert pdf.Root.MarkInfo.Marked is True


def test_the_front_matter_passes_typsts_pdf_ua_check(built):
    """The packet embeds artifact pages, which Typst's PDF/UA-1 export cannot take; all before them can (the
    contents' entries included: a show rule wrapping them would put their links outside their tags)."""
    import json

    import typst

    from mcred.checks import review_portfolio
    from mcred.packet.content import packet_document
    from mcred.packet.typeset import template_source

    review = review_portfolio(built)
    document = packet_document(review, root=built.resolve(), date=None)
    inputs = {"data": json.dumps(document), "part": "all", "draft": "true", "front": "true", "first": "30"}
    pdf = typst.Compiler(root=str(built), ignore_system_fonts=True).compile(
        input=template_source(), format="pdf", sys_inputs=inputs, pdf_standards=["ua-1"])
    assert "Contents" in page_texts(PdfReader(io.BytesIO(pdf)))[1]
