"""Locators: pages by position or printed label, time stamps against the video's length — first the resolver
itself, then every locator finding through `mcred check` on real PDFs and a real MP4."""

from __future__ import annotations

import pytest
from check_material import check_json, cite, evidence_map, label_pdf, line_of, place, write_mp4

from mcred.facts import TimeSpan
from mcred.read.locators import LocatorError, parse_times, resolve_pages

HANDBOOK_LABELS = ("i", "ii", "1", "2", "3", "4")           # what support.make_pdf(front_matter=2) prints
BOOK_LABELS = ("i", "ii", "iii", "iv", "1", "2", "3", "4", "5", "6", "7", "8")
APPENDIX_LABELS = ("A-1", "A-2", "A-3", "A-4", "A-5", "A-6")


@pytest.mark.parametrize("text, count, labels, positions", [
    ("4", 12, (), [4]),
    (" 4 ", 12, (), [4]),
    ("4-6", 12, (), [4, 5, 6]),
    ("4 – 6", 12, (), [4, 5, 6]),
    ("4—6", 12, (), [4, 5, 6]),
    ("4, 9-10", 12, (), [4, 9, 10]),
    ("12", 12, (), [12]),
    ("5", 6, HANDBOOK_LABELS, [5]),
    ("iv", 12, BOOK_LABELS, [4]),
    ("IV", 12, BOOK_LABELS, [4]),
    ("ii-iv", 12, BOOK_LABELS, [2, 3, 4]),
    ("iv-6", 12, BOOK_LABELS, [4, 5, 6]),
    ("A-3", 6, APPENDIX_LABELS, [3]),
    ("A-2-A-4", 6, APPENDIX_LABELS, [2, 3, 4]),
    ("A-2 – A-4, A-6", 6, APPENDIX_LABELS, [2, 3, 4, 6]),
    ("3", 6, APPENDIX_LABELS, [3]),
])
def test_pages_resolve_to_positions(text, count, labels, positions):
    assert resolve_pages(text, count, labels).positions == positions


def test_a_number_that_is_also_another_pages_label_is_taken_as_a_position():
    pages = resolve_pages("1", 12, BOOK_LABELS)
    assert pages.positions == [1]
    assert pages.notes == ["`1` was read as the 1st page (printed label `i`), not the page printed `1` (the 5th)"]


def test_no_note_where_the_position_and_the_label_agree_or_no_label_competes():
    assert resolve_pages("5", 6, HANDBOOK_LABELS).notes == []
    assert resolve_pages("2", 6, ("i", "2", "x", "y", "z", "w")).notes == []
    assert resolve_pages("4", 12, ()).notes == []


def test_a_range_notes_each_ambiguous_end():
    pages = resolve_pages("3-6", 12, BOOK_LABELS)
    assert pages.positions == [3, 4, 5, 6]
    assert len(pages.notes) == 2 and pages.notes[0].startswith("`3` was read as the 3rd page")


@pytest.mark.parametrize("text, count, labels, message", [
    ("14", 6, HANDBOOK_LABELS, "page 14 is beyond the last page (6)"),
    ("3-20", 6, (), "page 20 is beyond the last page (6)"),
    ("0", 6, (), "page 0 does not exist: pages count from 1"),
    ("6-4", 6, (), "the range `6-4` runs backwards"),
    ("v", 6, HANDBOOK_LABELS, "no page is labelled `v`"),
    ("iv", 6, (), "`iv` is not a page number, and the PDF has no printed page labels"),
    ("", 6, (), "pages `` is not a page locator"),
    ("4,", 6, (), "pages `4,` is not a page locator"),
    ("4-", 6, (), "pages `4-` is not a page locator"),
    ("4.5", 6, (), "`4.5` is not a page number"),
    ("iv-x", 12, BOOK_LABELS, "no page is labelled `x`"),
    ("x-iv", 12, BOOK_LABELS, "no page is labelled `x`"),
    ("A-9", 6, APPENDIX_LABELS, "no page is labelled `A-9`"),
    ("A-2-A-9", 6, APPENDIX_LABELS, "no page is labelled `A-9`"),
    ("A-2-9", 6, APPENDIX_LABELS, "page 9 is beyond the last page (6)"),
])
def test_pages_that_cannot_be_resolved(text, count, labels, message):
    with pytest.raises(LocatorError) as raised:
        resolve_pages(text, count, labels)
    assert str(raised.value).startswith(message)
    assert raised.value.fix


def test_the_fix_for_a_page_too_far_names_the_pages_and_labels():
    with pytest.raises(LocatorError) as raised:
        resolve_pages("14", 6, HANDBOOK_LABELS)
    assert raised.value.fix == "cite pages 1-6 (its printed labels: i, ii, 1, 2, 3, 4), or replace the file"


@pytest.mark.parametrize("text, spans", [
    ("12:30", [TimeSpan(750)]),
    ("0:05", [TimeSpan(5)]),
    ("75:00", [TimeSpan(4500)]),
    ("1:02:03", [TimeSpan(3723)]),
    ("12:30-14:05", [TimeSpan(750, 845)]),
    ("12:30 – 14:05", [TimeSpan(750, 845)]),
    ("0:10, 1:00-2:00", [TimeSpan(10), TimeSpan(60, 120)]),
    ("59:59-1:00:00", [TimeSpan(3599, 3600)]),
])
def test_time_stamps(text, spans):
    assert parse_times(text) == spans


@pytest.mark.parametrize("text, message", [
    ("12:60", "`12:60` is not a time stamp: minutes and seconds run 00-59"),
    ("1:60:00", "`1:60:00` is not a time stamp: minutes and seconds run 00-59"),
    ("14:05-12:30", "the range `14:05-12:30` ends before it starts"),
    ("12:30-12:30", "the range `12:30-12:30` ends before it starts"),
    ("12", "`12` is not a time stamp"),
    ("12:3", "`12:3` is not a time stamp"),
    ("noon", "`noon` is not a time stamp"),
    ("1:00-2:00-3:00", "time `1:00-2:00-3:00` is not a time stamp or range"),
    ("12:30-", "time `12:30-` is not a time stamp or range"),
])
def test_time_stamps_that_cannot_be_read(text, message):
    with pytest.raises(LocatorError) as raised:
        parse_times(text)
    assert str(raised.value) == message


def test_a_time_span_displays_like_the_user_wrote_it():
    assert TimeSpan(750, 845).display() == "12:30–14:05"
    assert TimeSpan(3723).display() == "1:02:03"


# --- through `mcred check` ---------------------------------------------------------------------------

VIDEO = {"id": "A2", "title": "Goal-setting PLC meeting", "url": "https://example.org/plc", "duration": "18:42"}


def test_a_page_beyond_the_last(portfolio, cli):
    text = evidence_map({"1": [cite(pages=14)]})
    report = check_json(cli, portfolio(evidence=text))
    finding = report.only("MC321")
    assert finding["message"] == "1 cites A1: page 14 is beyond the last page (6)"
    assert finding["fix"] == "cite pages 1-6 (its printed labels: i, ii, 1, 2, 3, 4), or replace the file"
    assert (finding["file"], finding["line"], finding["column"]) == ("evidence.yaml", line_of(text, "pages: 14"), 12)
    assert report.exit_code == 1


def test_the_terminal_line_reads_like_a_linter(portfolio, cli, monkeypatch):
    text = evidence_map({"1": [cite(pages=14)]})
    monkeypatch.chdir(portfolio(evidence=text))
    result = cli("check")
    assert (f"MC321 evidence.yaml:{line_of(text, 'pages: 14')}:12 error 1 cites A1: page 14 is beyond the last "
            "page (6)") in result.output
    assert "  → cite pages 1-6 (its printed labels: i, ii, 1, 2, 3, 4), or replace the file" in result.output


def test_a_label_the_pdf_does_not_have(portfolio, cli):
    report = check_json(cli, portfolio(evidence=evidence_map({"2": [cite(pages="v")]})))
    assert report.only("MC321")["message"] == "2 cites A1: no page is labelled `v`"
    assert report.exit_code == 1


def test_printed_labels_are_cited_like_pages(portfolio, cli):
    report = check_json(cli, portfolio(evidence=evidence_map({"1": [cite(pages="ii")], "2": [cite(pages="i-ii")]})))
    assert report.codes == {"MC308"} and report.exit_code == 0


def test_labels_with_a_dash(portfolio, cli):
    folder = portfolio(evidence=evidence_map({"1": [cite(pages="A-3")], "2": [cite(pages="A-2-A-4")],
                                              "3": [cite(pages="A-9")]}))
    handbook = folder / "artifacts" / "handbook.pdf"
    label_pdf(handbook, handbook, "A-")
    report = check_json(cli, folder)
    assert [f["message"] for f in report.findings if f["code"].startswith("MC32")] == \
        ["3 cites A1: no page is labelled `A-9`"]


@pytest.mark.parametrize("pages, message", [
    ("6-4", "1 cites A1: the range `6-4` runs backwards"),
    ("4,,5", "1 cites A1: pages `4,,5` is not a page locator"),
    ("4.5", "1 cites A1: `4.5` is not a page number, and the PDF has no printed page labels"),
])
def test_malformed_page_locators(portfolio, cli, pages, message):
    folder = portfolio(evidence=evidence_map({"1": [cite(pages=pages)]}))
    if "." in pages:   # a PDF without labels, so the number is not taken for a label either
        from support import HANDBOOK_PAGES, make_pdf
        make_pdf(folder / "artifacts" / "handbook.pdf", HANDBOOK_PAGES)
    report = check_json(cli, folder)
    assert report.only("MC320")["message"] == message
    assert report.exit_code == 1


def test_a_number_that_could_be_a_label_gets_a_note(portfolio, cli):
    text = evidence_map({"1": [cite(pages=3)]})
    report = check_json(cli, portfolio(evidence=text))
    finding = report.only("MC322")
    assert finding["severity"] == "note"
    assert finding["message"] == ("1 cites A1: `3` was read as the 3rd page (printed label `1`), not the page "
                                  "printed `3` (the 5th)")
    assert place(finding) == f"evidence.yaml:{line_of(text, 'pages: 3')}"
    assert report.exit_code == 0
    assert check_json(cli, portfolio("strict", evidence=text), "--strict").exit_code == 0   # notes never block


def test_a_malformed_time_stamp(portfolio, cli):
    text = evidence_map({"2": [cite(), cite("A2", time="12:75")]}, artifacts=[VIDEO])
    report = check_json(cli, portfolio(evidence=text))
    finding = report.only("MC323")
    assert finding["message"] == "2 cites A2: `12:75` is not a time stamp: minutes and seconds run 00-59"
    assert place(finding) == f"evidence.yaml:{line_of(text, '12:75')}"
    assert report.exit_code == 1


def test_a_range_that_ends_before_it_starts(portfolio, cli):
    report = check_json(cli, portfolio(evidence=evidence_map({"2": [cite(), cite("A2", time="14:05-12:30")]},
                                                             artifacts=[VIDEO])))
    assert report.only("MC323")["message"] == "2 cites A2: the range `14:05-12:30` ends before it starts"


def test_a_time_past_the_stated_duration(portfolio, cli):
    text = evidence_map({"1": [cite(), cite("A2", time="17:00-19:10")]}, artifacts=[VIDEO])
    report = check_json(cli, portfolio(evidence=text))
    finding = report.only("MC324")
    assert finding["message"] == "1 cites A2 at 17:00–19:10, past the video's end (18:42)"
    assert place(finding) == f"evidence.yaml:{line_of(text, '17:00-19:10')}"
    assert report.exit_code == 1


def test_time_stamps_within_the_video_pass(portfolio, cli):
    report = check_json(cli, portfolio(evidence=evidence_map({"1": [cite(), cite("A2", time="0:00-18:42")]},
                                                             artifacts=[VIDEO])))
    assert report.codes == {"MC308"}


LOCAL = {"id": "A2", "title": "Goal-setting PLC meeting", "url": "https://example.org/plc", "file": "artifacts/plc.mp4"}


def test_the_duration_of_a_local_mp4(portfolio, cli):
    folder = portfolio(evidence=evidence_map({"1": [cite(), cite("A2", time="1:00-2:00")],
                                              "2": [cite(), cite("A2", time="2:10")]}, artifacts=[LOCAL]))
    write_mp4(folder / "artifacts" / "plc.mp4", 125.5)
    report = check_json(cli, folder)
    assert report.only("MC324")["message"] == "2 cites A2 at 2:10, past the video's end (2:05)"
    assert "MC327" not in report.codes


def test_the_duration_of_a_long_mov_with_a_64_bit_header(portfolio, cli):
    mov = {**LOCAL, "file": "artifacts/plc.mov"}
    folder = portfolio(evidence=evidence_map({"1": [cite(), cite("A2", time="1:00:00-1:02:03")],
                                              "2": [cite(), cite("A2", time="1:05:00")]}, artifacts=[mov]))
    write_mp4(folder / "artifacts" / "plc.mov", 3723, version=1, timescale=90_000)
    report = check_json(cli, folder)
    assert [f["message"] for f in report.all("MC324")] == ["2 cites A2 at 1:05:00, past the video's end (1:02:03)"]


def test_the_file_s_duration_wins_over_the_stated_one(portfolio, cli):
    folder = portfolio(evidence=evidence_map({"1": [cite(), cite("A2", time="10:00")]},
                                             artifacts=[{**LOCAL, "duration": "18:42"}]))
    write_mp4(folder / "artifacts" / "plc.mp4", 125)
    assert "(2:05)" in check_json(cli, folder).only("MC324")["message"]


def test_a_video_whose_length_is_unknown(portfolio, cli):
    online = {"id": "A2", "title": "Goal-setting PLC meeting", "url": "https://example.org/plc"}
    text = evidence_map({"1": [cite(), cite("A2", time="12:30-14:05")]}, artifacts=[online])
    report = check_json(cli, portfolio(evidence=text))
    finding = report.only("MC327")
    assert finding["severity"] == "warning"
    assert finding["message"] == ("video A2 has neither a local file nor a stated duration, so its time stamps "
                                  "cannot be checked")
    assert place(finding) == f"evidence.yaml:{line_of(text, 'id: A2')}"
    assert report.exit_code == 0


def test_a_local_video_without_a_movie_header(portfolio, cli):
    folder = portfolio(evidence=evidence_map({"1": [cite(), cite("A2", time="12:30")]}, artifacts=[LOCAL]))
    (folder / "artifacts" / "plc.mp4").write_bytes(b"\x00\x00\x00\x08free" + bytes(64))
    report = check_json(cli, folder)
    assert report.only("MC327")["message"].startswith("video A2 has no stated duration, and its file's length "
                                                      "cannot be read")


def test_a_malformed_duration(portfolio, cli):
    text = evidence_map({"1": [cite(), cite("A2", time="12:30")]}, artifacts=[{**VIDEO, "duration": "18.42"}])
    report = check_json(cli, portfolio(evidence=text))
    finding = report.only("MC408")
    assert finding["message"] == "A2's duration: `18.42` is not a time stamp"
    assert finding["line"] == line_of(text, "id: A2")
    assert "MC327" in report.codes     # so its time stamps cannot be checked either
    assert report.exit_code == 1


def test_a_link_cited_without_a_time_is_fine(portfolio, cli):
    link = {"id": "A2", "title": "School website", "url": "https://example.org/goals"}
    report = check_json(cli, portfolio(evidence=evidence_map({"1": [cite(), {"artifact": "A2",
                                                                             "explanation": cite()["explanation"]}]},
                                                             artifacts=[link])))
    assert report.codes == {"MC308"}
