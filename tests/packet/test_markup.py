"""Whatever a practitioner types reaches the page as written: Markdown → JSON tree → Typst, text as data."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from readback import squash

from mcred.packet.markup import markdown_blocks, plain
from mcred.packet.typeset import Typesetter
from mcred.text.drafts import MAX_NESTING

# Characters the bundled fonts can draw (Libertinus Serif, DejaVu Sans Mono): Latin, Greek, Cyrillic,
# typographic punctuation, and every character Typst or Markdown would treat as code.
ALPHABET = ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:!?'\"()[]{}<>#$%&*+-=/\\@^_`|~"
            "“”‘’–—…«»éèñüßçøåæœ€£§¶αβγΔΩабвгдЖЯ")
SPECIALS = ["#OpenToWork", "$", "<1%", "@x", "\\", "*", "_", "#set page(width: 1pt)", "#panic(\"no\")",
            "$x^2$", "<label>", "@ref", "[link]", "`raw`", "// not a comment", "/* nor this */", "= Heading"]


def narrative_packet(blocks: list[dict]) -> str:
    """Typeset one narrative part holding `blocks` with the real template; return the PDF's text."""
    document = {
        "meta": {"title": "T", "author": "A", "subject": "S", "keywords": [], "part_titles": {"overview": "T"}},
        "running": {"credential": "Credential", "practitioner": "Name"},
        "cover": {},
        "matrix": {"tables": []},
        "parts": [{"id": "overview", "number": 1, "title": "Overview", "kind": "narrative", "intro": blocks,
                   "sections": []}],
        "artifacts": [],
    }
    pdf = Typesetter(document, root=Path.cwd(), draft=False, timestamp=0).pdf("overview")
    return " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def text_of(nodes: list) -> str:
    """The words a reader sees in a tree: every text and code node, in order."""
    found = []
    for node in nodes:
        if isinstance(node, list):
            found.append(text_of(node))
        elif node.get("t") in ("text", "code"):
            found.append(node["v"])
        for key in ("c", "items", "head", "rows"):
            if key in node:
                found.append(text_of(node[key]))
    return " ".join(found)


def test_markdown_becomes_a_tree_of_blocks_and_inlines():
    blocks = markdown_blocks("Some **bold** and *em* text  \nnext\n\n1. one\n2. two\n   - inner\n\n> quote\n\n"
                             "| a | b |\n|:-|-:|\n| 1 | 2 |\n\n### Sub\n\n<!-- gone -->\n\n<div>shown</div>\n")
    kinds = [b["t"] for b in blocks]
    assert kinds == ["para", "list", "quote", "table", "heading", "para"]
    assert blocks[0]["c"][1] == {"t": "strong", "c": [{"t": "text", "v": "bold"}]}
    assert {"t": "br"} in blocks[0]["c"]
    assert blocks[1]["ordered"] and blocks[1]["tight"] and blocks[1]["items"][1][1]["t"] == "list"
    assert blocks[3]["align"] == ["left", "right"] and len(blocks[3]["rows"]) == 1
    assert blocks[4]["level"] == 3
    assert blocks[5]["c"][0]["v"] == "<div>shown</div>"


def test_a_comment_opening_a_line_hides_only_itself():
    blocks = markdown_blocks("<!-- tighten this paragraph --> When I audited the goals.\n")
    assert blocks == [{"t": "para", "c": [{"t": "text", "v": "When I audited the goals."}]}]


def test_specials_typeset_literally():
    sample = " ".join(SPECIALS)
    text = squash(narrative_packet(plain(sample) + markdown_blocks(f"~~~\n{sample}\n~~~")))
    assert text.count(squash(sample)) == 2


def test_right_to_left_and_emoji_do_not_break_the_packet():
    text = narrative_packet(markdown_blocks("Before שלום עולם and مرحبا and 👍🏽 🎉 after."))
    assert "Before" in text and "after." in text
    assert "שלום" in text and "עולם" in text  # extraction may reorder the words; each stays whole


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.text(alphabet=ALPHABET, min_size=1, max_size=40), st.sampled_from(SPECIALS)),
                min_size=1, max_size=6).map(" ".join))
def test_any_text_reaches_the_page_as_written(sample):
    as_markdown = markdown_blocks(sample)
    text = squash(narrative_packet(plain(sample) + as_markdown))
    assert squash(sample) in text                     # shown as written
    assert squash(text_of(as_markdown)) in text        # and as Markdown read it, nothing run as code


# --- nesting: flattened at mcred's limit, never dropped, never too deep for Python or Typst ------------

def nesting(nodes: list) -> int:
    """How many quotes, lists and emphasis/link nodes sit inside each other at most."""
    deepest = 0
    for node in nodes:
        if isinstance(node, list):
            deepest = max(deepest, nesting(node))
            continue
        inner = [node[key] for key in ("c", "items") if key in node]
        own = 1 if node["t"] in ("quote", "list", "strong", "emph", "strike", "link") else 0
        deepest = max(deepest, own + max((nesting(i) for i in inner), default=0))
    return deepest


PATHOLOGICAL = [
    ("1,000 nested quotes", "> " * 1000 + "quokka lighthouse", "quokkalighthouse"),
    ("1,000 nested list markers", "- " * 1000 + "quokka lighthouse", "quokkalighthouse"),
    ("1,000 numbered markers and quotes", "1. > " * 500 + "quokka lighthouse", "quokkalighthouse"),
    ("a list indented 300 levels", "".join("  " * n + f"- w{n}\n" for n in range(300)),
     "".join(f"w{n}" for n in range(300))),
    ("20,000 nested [", "[" * 20_000 + "quokka" + "]" * 20_000, "[" * 20_000 + "quokka" + "]" * 20_000),
    ("emphasis 1,000 deep", "*" * 1000 + "quokka" + "*" * 1000, "quokka"),
    ("images inside images", "![" * 500 + "quokka" + "](a.png)" * 500, None),
]


@pytest.mark.parametrize("markdown, words", [p[1:] for p in PATHOLOGICAL], ids=[p[0] for p in PATHOLOGICAL])
def test_pathological_nesting_is_flattened_not_dropped(markdown, words):
    blocks = markdown_blocks(markdown)
    assert nesting(blocks) <= 2 * MAX_NESTING   # quotes and lists, then emphasis and links inside them
    if words is not None:
        assert squash(text_of(blocks)) == words


def test_fifty_quotes_and_thirty_lists_typeset_with_every_word():
    deep_quote = "> " * 50 + "quokka marmalade\n"
    deep_list = "".join("  " * n + f"- item{n}\n" for n in range(30))
    deep_emphasis = "**_" * 20 + "lighthouse" + "_**" * 20
    blocks = markdown_blocks(f"{deep_quote}\n{deep_list}\n{deep_emphasis}\n\n" + "1. > " * 40 + "wombat\n")
    text = squash(narrative_packet(blocks))
    for words in ["quokkamarmalade", *(f"item{n}" for n in range(30)), "lighthouse", "wombat"]:
        assert words in text, words
