"""Small decisions the packet document makes: page runs, video links that open at the cited moment, and prose set
as a word processor sets it."""

from __future__ import annotations

from mcred.facts import TimeSpan
from mcred.packet.evidence import _groups, _run, consecutive
from mcred.packet.markup import markdown_blocks
from mcred.packet.typography import prose, ranges, smart_quotes
from mcred.packet.videos import at_time, moment


def test_cited_pages_join_into_runs_in_the_order_cited():
    assert consecutive([4, 5, 6, 9, 2, 3]) == [(4, 6), (9, 9), (2, 3)]
    views = [{"position": n, "label": label} for n, label in enumerate(["i", "ii", "1", "2", "3"], 1)]
    assert _run(3, 5, views) == {"first": 3, "last": 5, "text": "pp. 1–3"}
    assert _run(2, 2, [])["text"] == "p. 2"


def test_video_links_open_at_the_moment_where_the_host_allows():
    assert at_time("https://www.youtube.com/watch?v=abc&t=5s", 130) == ("https://www.youtube.com/watch?v=abc&t=130s", True)
    assert at_time("https://youtu.be/abc", 75) == ("https://youtu.be/abc?t=75s", True)
    assert at_time("https://vimeo.com/12345", 60) == ("https://vimeo.com/12345#t=60s", True)
    assert at_time("https://media.example.org/plc/meeting.MP4", 690) == ("https://media.example.org/plc/meeting.MP4#t=690", True)
    assert at_time("https://example.org/plc", 60) == ("https://example.org/plc", False)
    assert at_time("", 60) == ("", False)


def test_a_link_that_cannot_open_at_the_moment_says_where_to_start():
    assert moment("https://example.org/plc", TimeSpan(690, 1005)).text == "11:30–16:45 · start at 11:30"
    assert moment("https://example.org/plc", TimeSpan(690)).text == "start at 11:30"
    assert moment("https://youtu.be/abc", TimeSpan(690, 1005)).text == "11:30–16:45"


def test_the_matrix_splits_wide_maps_evenly():
    assert [len(g) for g in _groups(list(range(7)))] == [7]  # type: ignore[arg-type]
    assert [len(g) for g in _groups(list(range(8)))] == [4, 4]  # type: ignore[arg-type]
    assert [len(g) for g in _groups(list(range(40)))] == [7, 7, 7, 7, 7, 5]  # type: ignore[arg-type]


def test_quotes_and_apostrophes_curl_as_a_word_processor_curls_them():
    assert smart_quotes('"Not yet" is a status, not a verdict.') == "“Not yet” is a status, not a verdict."
    assert smart_quotes("the staff's goals ('SMART' ones) in the '90s") == "the staff’s goals (‘SMART’ ones) in the ’90s"
    assert smart_quotes('she said "yes."') == "she said “yes.”"
    assert smart_quotes('"', before="d") == "”" and smart_quotes('"', before=" ") == "“"
    assert smart_quotes("see https://example.org/it's and 'this'") == "see https://example.org/it's and ‘this’"


def test_page_and_time_ranges_get_an_en_dash_and_nothing_else_does():
    assert ranges("The preface (pages iv-v) and pp. 4-6, 9-10") == "The preface (pages iv–v) and pp. 4–6, 9–10"
    assert ranges("page 2 and 5-7, at 12:30-14:05") == "page 2 and 5–7, at 12:30–14:05"
    unchanged = "the 2026-27 plan, call 555-0142 on 2026-11-20, a page 4-year plan, self-analysis"
    assert ranges(unchanged) == unchanged


def test_markdown_text_is_set_as_prose_but_code_and_addresses_are_not():
    blocks = markdown_blocks('The **team\'s** "plan" (pages 2-3), `it\'s "code"` and <https://example.org/a\'b>')
    para = blocks[0]
    assert para["t"] == "para"
    texts = [n for n in para["c"]]
    assert texts[0] == {"t": "text", "v": "The "}
    assert texts[1] == {"t": "strong", "c": [{"t": "text", "v": "team’s"}]}
    assert texts[2] == {"t": "text", "v": " “plan” (pages 2–3), "}
    assert texts[3] == {"t": "code", "v": "it's \"code\""}
    assert texts[5]["t"] == "link" and texts[5]["c"] == [{"t": "text", "v": "https://example.org/a'b"}]
    assert prose("It's") == "It’s"
