"""Small decisions the packet document makes: page runs, and video links that open at the cited moment."""

from __future__ import annotations

from mcred.packet.content import _at_time, _consecutive, _run


def test_cited_pages_join_into_runs_in_the_order_cited():
    assert _consecutive([4, 5, 6, 9, 2, 3]) == [(4, 6), (9, 9), (2, 3)]
    assert _run(3, 5, ["i", "ii", "1", "2", "3"]) == {"first": 3, "last": 5, "text": "pp. 1–3"}
    assert _run(2, 2, [])["text"] == "p. 2"


def test_video_links_open_at_the_moment_where_the_host_allows():
    assert _at_time("https://www.youtube.com/watch?v=abc&t=5s", 130) == "https://www.youtube.com/watch?v=abc&t=130s"
    assert _at_time("https://youtu.be/abc", 75) == "https://youtu.be/abc?t=75s"
    assert _at_time("https://vimeo.com/12345", 60) == "https://vimeo.com/12345#t=60s"
    assert _at_time("https://example.org/plc", 60) == "https://example.org/plc"
    assert _at_time("", 60) == ""
