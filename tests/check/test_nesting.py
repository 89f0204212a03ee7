"""Quotes and lists nested past any sensible depth: every word still counts, and check says where (MC209).

markdown-it stops descending at its nesting limit and drops the deeper text; a tester's 20-deep `> > > …`
once vanished from the word count and the packet without a word. These tests write such drafts, run the
real `mcred check --json`, and compare the counts with the same words written flat.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from check_material import check_json, line_of, questions
from support import prose

from mcred.text.drafts import MAX_NESTING, PARSER_NESTING, parse_draft

DEEP = "quokka marmalade lighthouse"   # three words no prose() sentence holds


def overview_with(first_answer_tail: str) -> str:
    """A ready overview (250 words a question) whose first answer ends with `first_answer_tail`."""
    answers = "".join(f"## {n}. {text}\n\n{prose(250)}\n\n" + (first_answer_tail + "\n" if n == 1 else "")
                      for n, text in enumerate(questions(), 1))
    return "# Overview Questions\n\n" + answers


def quotes(depth: int, text: str = DEEP) -> str:
    return "> " * depth + text + "\n"


def indented_list(depth: int, text: str = DEEP) -> str:
    """A list inside a list … `depth` levels, one word an item, `text` in the deepest item."""
    items = "".join("  " * level + f"- level{level}\n" for level in range(depth - 1))
    return items + "  " * (depth - 1) + f"- {text}\n"


NESTED = [
    ("20 quotes (markdown-it's own limit)", quotes(20), 3),
    ("50 quotes", quotes(50), 3),
    ("1,000 quotes", quotes(1000), 3),
    ("300 quotes, a line each", "".join("> " * n + f"w{n}\n" for n in range(1, 301)), 300),
    ("30 nested lists", indented_list(30), 29 + 3),
    ("1,000 list markers on one line", "- " * 1000 + DEEP + "\n", 3),
    ("1,000 numbered list markers", "1. " * 1000 + DEEP + "\n", 3),
    ("quotes and lists in turn", "> - " * 100 + DEEP + "\n", 3),
    ("emphasis 500 deep", "*" * 1000 + "quokka" + "*" * 1000 + "\n", 1),
]


@pytest.mark.parametrize("markdown, words", [n[1:] for n in NESTED], ids=[n[0] for n in NESTED])
def test_nested_text_counts_and_is_reported(portfolio, cli, markdown, words):
    text = overview_with(markdown)
    report = check_json(cli, portfolio(overview=text))
    assert report.document["words"]["overview"]["sections"]["q1"] == 250 + words
    assert report.document["words"]["overview"]["words"] == 1000 + words
    finding = report.only("MC209")
    assert finding["severity"] == "error" and finding["file"] == "overview.md"
    assert f"more than {MAX_NESTING} levels deep" in finding["message"]
    assert "flatten the quotes/lists" in finding["fix"]
    assert report.exit_code == 1


def test_the_finding_points_at_the_line_where_the_nesting_passes_the_limit(portfolio, cli):
    deep = "".join("> " * n + f"line{n}\n" for n in range(1, 21))
    text = overview_with(deep)
    finding = check_json(cli, portfolio(overview=text)).only("MC209")
    assert finding["line"] == line_of(text, f"line{MAX_NESTING + 1}")


def test_each_block_that_nests_too_deep_is_reported_once(portfolio, cli):
    text = overview_with(quotes(30) + "\nbetween\n\n" + indented_list(20))
    report = check_json(cli, portfolio(overview=text))
    assert [f["line"] for f in report.all("MC209")] == [line_of(text, DEEP), line_of(text, f"level{MAX_NESTING}")]


def test_the_limit_itself_is_fine(portfolio, cli):
    report = check_json(cli, portfolio(overview=overview_with(quotes(MAX_NESTING) + "\n" + indented_list(MAX_NESTING))))
    assert "MC209" not in report.codes
    assert report.exit_code == 0
    assert report.document["words"]["overview"]["sections"]["q1"] == 250 + 3 + (MAX_NESTING - 1) + 3


def test_twenty_thousand_brackets_are_text(portfolio, cli):
    """Links never nest in CommonMark: a flood of `[` is text, one word here, and nothing to report."""
    report = check_json(cli, portfolio(overview=overview_with("[" * 20_000 + "quokka" + "]" * 20_000 + "\n")))
    assert report.document["words"]["overview"]["sections"]["q1"] == 251
    assert "MC209" not in report.codes


@pytest.mark.parametrize("flat, nested", [
    ("one two three\n\nfour five\n", "> " * 40 + "one two three\n" + "> " * 40 + "\n" + "> " * 40 + "four five\n"),
    ("- a **b** c\n- `d` [e](f)\n", "- " * 30 + "a **b** c\n" + "  " * 30 + "- `d` [e](f)\n"),
    ("# heading\n\ntext here\n", "> " * 60 + "# heading\n" + "> " * 60 + "\n" + "> " * 60 + "text here\n"),
    ("# heading\n\ntext here\n", "> " * 300 + "# heading\n" + "> " * 300 + "\n" + "> " * 300 + "text here\n"),
    ("<!-- note -->\n\nshown words\n", "\n".join("> " * 250 + line for line in ("<!-- note -->", "", "shown words"))),
], ids=["paragraphs", "inline markup", "a heading in a quote (not counted)",
        "a heading past the parser's depth (text there: counted)", "a comment (not counted)"])
def test_nested_counts_as_written_flat(flat, nested):
    expected = parse_draft(Path("d.md"), flat).words
    if "> " * PARSER_NESTING + "#" in nested:   # past PARSER_NESTING a line is text: its `#` makes no heading
        expected += 1
    assert parse_draft(Path("d.md"), nested).words == expected > 0


def test_an_explanation_nested_too_deep_is_named_too(portfolio, cli):
    import yaml

    folder = portfolio()
    evidence = yaml.safe_load((folder / "evidence.yaml").read_text(encoding="utf-8"))
    evidence["evidence"]["1"][0]["explanation"] = "".join(">" * n + f" layer{n}\n" for n in range(1, 30)) + "x " * 40
    (folder / "evidence.yaml").write_text(yaml.safe_dump(evidence, sort_keys=False), encoding="utf-8")
    result = cli("check", str(folder), "--json")
    found = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "MC209"]
    assert [f["file"] for f in found] == ["evidence.yaml"]
    assert found[0]["message"].startswith("1: the explanation of A1 nests more than 12 levels deep")
