"""Markdown to a typed JSON tree of blocks and inlines, which the Typst template renders as data.

Text reaches Typst only as strings inside this tree, so nothing a practitioner writes (`#`, `$`, `<1%`,
`@x`, backslashes) can ever run as Typst code. The tree is markdown-it's syntax tree, parsed the way drafts are
(`mcred.text.drafts.parse_markdown`: nesting past mcred's limit flattened, never dropped), so its depth is
bounded and neither this recursion nor the template's can run away. Text is set as prose (typography.py: curly
quotes, dashed page ranges) as the tree is made; code and web addresses stay as typed. Node shapes:

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
from typing import Literal, TypedDict

from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

from mcred.packet.typography import prose
from mcred.text.drafts import parse_markdown, tree, without_comments


class Text(TypedDict):
    t: Literal["text"]
    v: str


class Code(TypedDict):
    t: Literal["code"]
    v: str


class Break(TypedDict):
    t: Literal["br"]


class Styled(TypedDict):
    t: Literal["strong", "emph", "strike"]
    c: list[Inline]


class Link(TypedDict):
    t: Literal["link"]
    url: str
    c: list[Inline]


Inline = Text | Code | Break | Styled | Link


class Para(TypedDict):
    t: Literal["para"]
    c: list[Inline]


class Heading(TypedDict):
    t: Literal["heading"]
    level: int
    c: list[Inline]


class ListBlock(TypedDict):
    t: Literal["list"]
    ordered: bool
    start: int
    tight: bool
    items: list[list[Block]]


class Quote(TypedDict):
    t: Literal["quote"]
    c: list[Block]


class CodeBlock(TypedDict):
    t: Literal["code"]
    v: str


class Rule(TypedDict):
    t: Literal["rule"]


class Table(TypedDict):
    t: Literal["table"]
    align: list[str | None]
    head: list[list[list[Inline]]]
    rows: list[list[list[Inline]]]


Block = Para | Heading | ListBlock | Quote | CodeBlock | Rule | Table

_LINE_BREAK_TAG = re.compile(r"\A<br\s*/?>\Z", re.IGNORECASE)
_STYLES: dict[str, Literal["strong", "emph", "strike"]] = {"strong": "strong", "em": "emph", "s": "strike"}


def markdown_blocks(text: str) -> list[Block]:
    """Markdown text (an explanation, a draft) as a list of block nodes."""
    return blocks(parse_markdown(text).tokens)


def plain(text: str) -> list[Block]:
    """Text shown exactly as written: one paragraph of one text node."""
    return [{"t": "para", "c": [{"t": "text", "v": text}]}] if text else []


def blocks(tokens: list[Token]) -> list[Block]:
    """Block tokens (whole blocks, as a draft's sections hold them) as block nodes."""
    return _blocks(tree(tokens).children)


def _blocks(nodes: list[SyntaxTreeNode]) -> list[Block]:
    return [shown for node in nodes if (shown := _block(node)) is not None]


def _block(node: SyntaxTreeNode) -> Block | None:
    kind = node.type
    if kind == "paragraph":
        return {"t": "para", "c": _inline_of(node)}
    if kind == "heading":
        return {"t": "heading", "level": int(node.tag[1]), "c": _inline_of(node)}
    if kind in ("bullet_list", "ordered_list"):
        items = [item for item in node.children if item.type == "list_item"]
        # markdown-it hides the paragraphs of a tight list: its items sit close together.
        tight = all(block.hidden for item in items for block in item.children if block.type == "paragraph")
        start = node.attrGet("start")
        return {"t": "list", "ordered": kind == "ordered_list", "start": int(start) if start else 1,
                "tight": tight, "items": [_blocks(item.children) for item in items]}
    if kind == "blockquote":
        return {"t": "quote", "c": _blocks(node.children)}
    if kind in ("fence", "code_block"):
        return {"t": "code", "v": node.content.rstrip("\n")}
    if kind == "hr":
        return {"t": "rule"}
    if kind == "html_block":
        # Comments are notes to self (and don't count as words); other HTML is shown as written, never run.
        shown = without_comments(node.content).strip()
        return {"t": "para", "c": [{"t": "text", "v": shown}]} if shown else None
    if kind == "table":
        return _table(node)
    if kind == "inline":  # a stray inline token (e.g. a heading's text handed over on its own)
        return {"t": "para", "c": set_as_prose(inlines(node.children))}
    return None


def _inline_of(node: SyntaxTreeNode) -> list[Inline]:
    return set_as_prose(next((inlines(child.children) for child in node.children if child.type == "inline"), []))


def _table(node: SyntaxTreeNode) -> Table:
    head: list[list[list[Inline]]] = []
    rows: list[list[list[Inline]]] = []
    align: list[str | None] = []
    for section_type, target in (("thead", head), ("tbody", rows)):
        for row in (row for section in node.children if section.type == section_type
                    for row in section.children if row.type == "tr"):
            cells = [cell for cell in row.children if cell.type in ("th", "td")]
            align += [_alignment(cell) for cell in cells[len(align):]]
            target.append([_inline_of(cell) for cell in cells])
    return {"t": "table", "align": align, "head": head, "rows": rows}


def _alignment(cell: SyntaxTreeNode) -> str | None:
    style = str(cell.attrGet("style") or "")
    match = re.search(r"text-align:\s*(left|center|right)", style)
    return match.group(1) if match else None


def inlines(children: list[SyntaxTreeNode]) -> list[Inline]:
    """An inline node's children as inline nodes, adjacent text merged."""
    found: list[Inline] = []
    for child in children:
        if child.type == "link":
            _append(found, {"t": "link", "url": str(child.attrGet("href") or ""), "c": inlines(child.children)})
        elif child.type in _STYLES:
            _append(found, {"t": _STYLES[child.type], "c": inlines(child.children)})
        elif child.is_nested:   # a wrapper markdown-it may add one day: keep its words
            for inner in inlines(child.children):
                _append(found, inner)
        else:
            _append(found, _leaf(child))
    return found


def _leaf(node: SyntaxTreeNode) -> Inline | None:
    kind = node.type
    if kind == "text":
        return {"t": "text", "v": node.content}
    if kind == "softbreak":
        return {"t": "text", "v": " "}
    if kind == "hardbreak":
        return {"t": "br"}
    if kind == "code_inline":
        return {"t": "code", "v": node.content}
    if kind == "image":
        alt = node.content or str(node.attrGet("src") or "")
        return {"t": "emph", "c": [{"t": "text", "v": f"[image: {alt}]"}]}
    if kind == "html_inline":
        if _LINE_BREAK_TAG.match(node.content.strip()):
            return {"t": "br"}
        if node.content.startswith("<!--"):
            return None
        return {"t": "text", "v": node.content}
    if node.content:  # anything else markdown-it may add: keep the words
        return {"t": "text", "v": node.content}
    return None


def _append(found: list[Inline], node: Inline | None) -> None:
    if node is None:
        return
    last = found[-1] if found else None
    if node["t"] == "text" and last is not None and last["t"] == "text":
        found[-1] = {"t": "text", "v": last["v"] + node["v"]}
        return
    found.append(node)


def set_as_prose(nodes: list[Inline], before: str = "") -> list[Inline]:
    """The text nodes of one paragraph set as prose, in reading order: whether a quote opens or closes depends
    on the character before it, which may end the previous node (`**bold**"` closes). Code, and a link that
    shows its own address, stay as typed."""
    _prose(nodes, before)
    return nodes


def _prose(nodes: list[Inline], before: str) -> str:
    for index, node in enumerate(nodes):
        if node["t"] == "text":
            shown = prose(node["v"], before)
            nodes[index] = {"t": "text", "v": shown}
            before = shown[-1:] or before
        elif node["t"] == "code":
            before = node["v"][-1:] or before
        elif node["t"] == "br":
            before = "\n"
        elif node["t"] == "link" and _words(node["c"]) == node["url"]:
            before = node["url"][-1:] or before
        elif node["t"] in ("strong", "emph", "strike", "link"):
            before = _prose(node["c"], before)
    return before


def _words(nodes: list[Inline]) -> str:
    found: list[str] = []
    for node in nodes:
        if node["t"] == "text" or node["t"] == "code":
            found.append(node["v"])
        elif node["t"] == "br":
            found.append("\n")
        else:
            found.append(_words(node["c"]))
    return "".join(found)
