"""Markdown tokens to a JSON tree of blocks and inlines, which the Typst template renders as data.

Text reaches Typst only as strings inside this tree, so nothing a practitioner writes (`#`, `$`, `<1%`,
`@x`, backslashes) can ever run as Typst code. Node shapes:

    blocks:  {"t": "para", "c": [inline…]}          {"t": "heading", "level": 3, "c": [inline…]}
             {"t": "list", "ordered": bool, "start": 1, "tight": bool, "items": [[block…]…]}
             {"t": "quote", "c": [block…]}            {"t": "code", "v": "…"}        {"t": "rule"}
             {"t": "table", "align": ["left"|"center"|"right"|null…], "head": [[cell]…], "rows": [[cell]…]}
                 (a cell is a list of inlines)
    inlines: {"t": "text", "v": "…"}   {"t": "code", "v": "…"}   {"t": "br"}
             {"t": "strong"|"emph"|"strike", "c": [inline…]}   {"t": "link", "url": "…", "c": [inline…]}
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from markdown_it.token import Token

from mcred.read.drafts import markdown, without_comments

Node = dict[str, Any]

_LINE_BREAK_TAG = re.compile(r"\A<br\s*/?>\Z", re.IGNORECASE)
_WRAPPERS = {"strong_open": "strong", "em_open": "emph", "s_open": "strike", "link_open": "link"}


def markdown_blocks(text: str) -> list[Node]:
    """Markdown text (an explanation, a draft) as a list of block nodes."""
    return blocks(markdown().parse(text))


def plain(text: str) -> list[Node]:
    """Text shown exactly as written: one paragraph of one text node."""
    return [{"t": "para", "c": [{"t": "text", "v": text}]}] if text else []


def blocks(tokens: list[Token]) -> list[Node]:
    """A flat markdown-it block token stream as nested block nodes."""
    found: list[Node] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        end = _closing(tokens, index)
        inner = tokens[index + 1:end]
        node = _block(token, inner)
        if node is not None:
            found.append(node)
        index = end + 1
    return found


def _closing(tokens: list[Token], start: int) -> int:
    """The index of the token that closes tokens[start] (itself, for a token that opens nothing)."""
    if tokens[start].nesting != 1:
        return start
    depth = 0
    for index in range(start, len(tokens)):
        depth += tokens[index].nesting
        if depth == 0:
            return index
    return len(tokens) - 1


def _block(token: Token, inner: list[Token]) -> Node | None:
    kind = token.type
    if kind == "paragraph_open":
        return {"t": "para", "c": _inline_of(inner)}
    if kind == "heading_open":
        return {"t": "heading", "level": int(token.tag[1]), "c": _inline_of(inner)}
    if kind in ("bullet_list_open", "ordered_list_open"):
        item_tokens = list(_children(inner, "list_item_open"))
        items = [blocks(item) for item in item_tokens]
        # markdown-it hides the paragraphs of a tight list: its items sit close together.
        tight = all(t.hidden for item in item_tokens for t in _direct(item) if t.type == "paragraph_open")
        start = token.attrGet("start")
        return {"t": "list", "ordered": kind == "ordered_list_open", "start": int(start) if start else 1,
                "tight": tight, "items": items}
    if kind == "blockquote_open":
        return {"t": "quote", "c": blocks(inner)}
    if kind in ("fence", "code_block"):
        return {"t": "code", "v": token.content.rstrip("\n")}
    if kind == "hr":
        return {"t": "rule"}
    if kind == "html_block":
        # Comments are notes to self (and don't count as words); other HTML is shown as written, never run.
        shown = without_comments(token.content).strip()
        return {"t": "para", "c": [{"t": "text", "v": shown}]} if shown else None
    if kind == "table_open":
        return _table(inner)
    if kind == "inline":  # a stray inline token (e.g. a heading's text handed over on its own)
        return {"t": "para", "c": inlines(token.children or [])}
    return None


def _children(tokens: list[Token], *open_types: str) -> Iterable[list[Token]]:
    """The inner tokens of each direct child opened by one of `open_types`."""
    index = 0
    while index < len(tokens):
        end = _closing(tokens, index)
        if tokens[index].type in open_types:
            yield tokens[index + 1:end]
        index = end + 1


def _direct(tokens: list[Token]) -> Iterable[Token]:
    """The opening tokens of the direct children."""
    index = 0
    while index < len(tokens):
        yield tokens[index]
        index = _closing(tokens, index) + 1


def _inline_of(tokens: list[Token]) -> list[Node]:
    return inlines(next((t.children or [] for t in tokens if t.type == "inline"), []))


def _table(inner: list[Token]) -> Node:
    head: list[list[list[Node]]] = []
    rows: list[list[list[Node]]] = []
    align: list[str | None] = []
    for section_type, target in (("thead_open", head), ("tbody_open", rows)):
        for section in _children(inner, section_type):
            for row in _children(section, "tr_open"):
                for index, token in enumerate(t for t in row if t.type in ("th_open", "td_open")):
                    if len(align) <= index:
                        align.append(_alignment(token))
                target.append([_inline_of(cell) for cell in _children(row, "th_open", "td_open")])
    return {"t": "table", "align": align, "head": head, "rows": rows}


def _alignment(token: Token) -> str | None:
    style = str(token.attrGet("style") or "")
    match = re.search(r"text-align:\s*(left|center|right)", style)
    return match.group(1) if match else None


def inlines(children: list[Token]) -> list[Node]:
    """markdown-it inline children as inline nodes, adjacent text merged."""
    found: list[Node] = []
    index = 0
    while index < len(children):
        token = children[index]
        kind = token.type
        if kind in _WRAPPERS:
            end = _closing(children, index)
            node: Node = {"t": _WRAPPERS[kind], "c": inlines(children[index + 1:end])}
            if kind == "link_open":
                node["url"] = str(token.attrGet("href") or "")
            _append(found, node)
            index = end + 1
            continue
        _append(found, _leaf(token))
        index += 1
    return found


def _leaf(token: Token) -> Node | None:
    kind = token.type
    if kind == "text":
        return {"t": "text", "v": token.content}
    if kind == "softbreak":
        return {"t": "text", "v": " "}
    if kind == "hardbreak":
        return {"t": "br"}
    if kind == "code_inline":
        return {"t": "code", "v": token.content}
    if kind == "image":
        alt = token.content or str(token.attrGet("src") or "")
        return {"t": "emph", "c": [{"t": "text", "v": f"[image: {alt}]"}]}
    if kind == "html_inline":
        if _LINE_BREAK_TAG.match(token.content.strip()):
            return {"t": "br"}
        if token.content.startswith("<!--"):
            return None
        return {"t": "text", "v": token.content}
    if token.content:  # anything else markdown-it may add: keep the words
        return {"t": "text", "v": token.content}
    return None


def _append(found: list[Node], node: Node | None) -> None:
    if node is None:
        return
    if node["t"] == "text" and found and found[-1]["t"] == "text":
        found[-1] = {"t": "text", "v": found[-1]["v"] + node["v"]}
        return
    found.append(node)
