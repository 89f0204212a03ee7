"""Whatever a practitioner types reaches the page as written: Markdown → JSON tree → Typst, text as data."""

from __future__ import annotations

import io
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from readback import squash

from mcred.packet.markup import markdown_blocks, plain
from mcred.packet.typeset import Typesetter

# Characters the bundled fonts can draw (Libertinus Serif, DejaVu Sans Mono): Latin, Greek, Cyrillic,
# typographic punctuation, and every character Typst or Markdown would treat as code.
ALPHABET = ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:!?'\"()[]{}<>#$%&*+-=/\\@^_`|~"
            "“”‘’–—…«»éèñüßçøåæœ€£§¶αβγΔΩабвгдЖЯ")
SPECIALS = ["#OpenToWork", "$", "<1%", "@x", "\\", "*", "_", "#set page(width: 1pt)", "#panic(\"no\")",
            "$x^2$", "<label>", "@ref", "[link]", "`raw`", "// not a comment", "/* nor this */", "= Heading"]


def narrative_packet(blocks: list[dict]) -> str:
    """Typeset one narrative part holding `blocks` with the real template; return the PDF's text."""
    document = {
        "meta": {"title": "T", "author": "A", "subject": "S", "keywords": []},
        "running": {"credential": "Credential", "practitioner": "Name"},
        "cover": {},
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
