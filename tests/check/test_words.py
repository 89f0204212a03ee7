"""Words are counted like a word processor: body text only, a hyphenated word once — hand-counted samples,
then the part minimums and per-question counts through `mcred check`."""

from __future__ import annotations

from pathlib import Path

import pytest
from check_material import check_json
from support import prose, ready_overview

from mcred.text.drafts import count_words, parse_draft

# (text, words as counted by hand, why)
WORDS = [
    ("The team met twice.", 4, "plain sentence"),
    ("We don't stop; it's the team's job.", 7, "contractions and possessives are one word each"),
    ("grade-level teams set follow-up goals", 5, "a hyphenated word is one word"),
    ("In 2025-26 scores rose 3.5% to 1,204 points, up $40.", 10, "numbers, a year span, a percentage, money"),
    ("See https://example.org/plc-video?t=12:30 for the clip.", 5, "a URL is one word"),
    ("We planned — and then we acted.", 6, "an em dash between spaces is no word"),
    ("We planned—and acted.", 3, "an em dash without spaces joins its words into one (runs between spaces)"),
    ("pages 4 – 6 and 9–10", 5, "a lone en dash is no word; 9–10 is one"),
    ("- — – … *** ## ...", 0, "punctuation alone is no word"),
    ("café naïve résumé Schülerinnen", 4, "accented letters are letters"),
    ("Data (e.g. attendance) #OpenToWork @nassp", 5, "brackets, abbreviations, hashtags, handles"),
    ("", 0, "nothing"),
    ("   \n\t  ", 0, "whitespace"),
]


@pytest.mark.parametrize("text, expected, why", WORDS, ids=[w[2] for w in WORDS])
def test_count_words_on_hand_counted_samples(text, expected, why):
    assert count_words(text) == expected, why


# (Markdown, body words counted by hand, why)
DRAFTS = [
    ("# A heading of five words\n\nOne two three.\n", 3, "headings do not count"),
    ("Title in setext\n===============\n\nOne two.\n", 2, "setext headings do not count either"),
    ("<!-- a comment of several words -->\n\nOne two.\n", 2, "an HTML comment block does not count"),
    ("One <!-- hidden words here --> two.\n", 2, "an inline HTML comment does not count"),
    ("<!-- note to self --> When I audited the goals.\n", 5, "a comment opening a line: the rest is counted"),
    ("<div>\nSeven words of text inside a div.\n</div>\n", 7, "HTML's text counts, its tags do not"),
    ("---\ntitle: My front matter words\nauthor: Jordan Rivera\n---\nOne two three.\n", 3, "front matter"),
    ("- first item here\n- second\n\n1. third one\n2. fourth\n", 7, "bullet and numbered lists count"),
    ("> A quoted line\n> continues here.\n\nOne.\n", 6, "block quotes count"),
    ("| Name | Role |\n|---|---|\n| Jordan Rivera | AP |\n| Sam | Coach |\n", 7, "tables count, header row too"),
    ("[the staff handbook](https://example.org/a) and ![alt text here](pic.png)\n", 4, "link text counts, alt text not"),
    ("**bold** and _italic_ and `code`\n", 5, "emphasis and inline code count"),
    ("```\nx = 1\nprint(x)\n```\n", 3, "code blocks count their words"),
    ("Line one  \nline two\\\nline three\n", 6, "hard and soft breaks separate words"),
    ("AT&amp;T and &mdash; and &copy;\n", 3, "entities: AT&T is a word, a lone dash or © is not"),
    ("Grade-level teams — all nine of them — met.\n\n<div>raw html words</div>\n", 10,
     "an HTML block counts its text, not its tags"),
]


@pytest.mark.parametrize("markdown, expected, why", DRAFTS, ids=[d[2] for d in DRAFTS])
def test_draft_body_words_on_hand_counted_samples(markdown, expected, why):
    assert parse_draft(Path("draft.md"), markdown).words == expected, why


def test_front_matter_keeps_line_numbers():
    draft = parse_draft(Path("draft.md"), "---\ntitle: x\n---\n\n## 1. First question\n\nAnswer.\n")
    assert [(s.heading, s.line) for s in draft.sections] == [("1. First question", 5)]


def test_sections_split_at_level_one_and_two_headings():
    draft = parse_draft(Path("d.md"), "Intro words.\n\n# Part\n\n## One\n\nA b c.\n\n### Sub heading\n\nD e.\n\n## Two\n\nF.\n")
    assert [(s.heading, s.level, s.words) for s in draft.sections] == [("Part", 1, 0), ("One", 2, 5), ("Two", 2, 1)]
    assert draft.words == 8   # "Intro words." + 5 + 1; the ### heading does not count


def _overview(words_each: int) -> str:
    from mcred.read import catalog, load_credential

    questions = [p.text for p in load_credential(catalog.resolve("ensuring-accountability")).part("overview").prompts]
    return ready_overview(questions, words_each)


def test_part_one_under_its_minimum_says_how_many_words_are_missing(portfolio, cli):
    folder = portfolio(overview=_overview(200))
    report = check_json(cli, folder)
    assert report.exit_code == 1
    finding = report.only("MC202")
    assert finding["severity"] == "error" and finding["file"] == "overview.md"
    assert "Overview Questions has 800 words; it needs at least 1,000 (200 more)" in finding["message"]
    words = report.document["words"]["overview"]
    assert (words["words"], words["minimum"], words["missing"]) == (800, 1000, 200)
    assert words["sections"] == {"q1": 200, "q2": 200, "q3": 200, "q4": 200}


def test_part_three_under_its_minimum(portfolio, cli):
    from support import ready_reflection

    from mcred.read import catalog, load_credential

    credential = load_credential(catalog.resolve("ensuring-accountability"))
    reflection = ready_reflection([(o.id, o.text) for o in credential.outcomes],
                                  [p.text for p in credential.part("reflection").prompts], words_each=100)
    report = check_json(cli, portfolio(reflection=reflection))
    assert report.exit_code == 1
    finding = report.only("MC202")
    assert finding["file"] == "reflection.md"
    assert "Reflection & Application has 460 words; it needs at least 500 (40 more)" in finding["message"]
    assert report.document["words"]["reflection"]["sections"]["outcome 2"] == 100


def test_exactly_the_minimum_is_enough(portfolio, cli):
    report = check_json(cli, portfolio(overview=_overview(250)))
    assert "MC202" not in report.codes
    assert report.exit_code == 0


def test_headings_comments_and_front_matter_do_not_reach_the_minimum(portfolio, cli):
    """999 words of body text and a long heading, a comment and front matter: still one word short."""
    overview = ("---\nnotes: " + prose(40) + "\n---\n" + _overview(250).replace(
        "## 1. ", "<!-- " + prose(30) + " -->\n\n## 1. ", 1)).replace(prose(250), prose(249), 1)
    report = check_json(cli, portfolio(overview=overview))
    assert "(1 more)" in report.only("MC202")["message"]
    assert report.document["words"]["overview"]["sections"]["q1"] == 249


def test_word_bars_and_counts_in_the_terminal(portfolio, cli):
    result = cli("check", str(portfolio(overview=_overview(200))))
    lines = result.output.splitlines()
    overview = next(line for line in lines if line.startswith("Overview Questions"))
    assert "████████████████░░░░" in overview and "800" in overview and "1,000" in overview
    assert any("1. What have you learned" in line and line.rstrip().endswith("200") for line in lines)
