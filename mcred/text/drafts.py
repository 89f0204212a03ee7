"""Markdown drafts parsed once into markdown-it tokens, walked as a tree, split into sections, and counted.

The word rule is a word processor's: words of body text (paragraphs, lists, block quotes, tables, code) —
not headings, HTML comments or front matter. A word is a run of non-space characters holding at least one
letter or digit, so a hyphenated word, a URL, a number or "don't" is one word and a lone dash is none.

No text is ever lost to nesting. markdown-it stops descending at its `maxNesting` and skips what lies deeper
(for a list, the rest of the document), so mcred's parser never lets it get there: past PARSER_NESTING a `>` or
a list marker opens nothing and its line is read as text. Quotes, lists and emphasis deeper than mcred's own
limit (MAX_NESTING) are then flattened into the level at the limit: the words still count and still reach the
packet, and the places are reported (MC209).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

_WORD = re.compile(r"\S+")
_HAS_LETTER_OR_DIGIT = re.compile(r"[^\W_]", re.UNICODE)
_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_HTML_TAG = re.compile(r"<[^>]*>")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)

# Quotes and lists (or emphasis and links) nested deeper than this are flattened at this depth and reported:
# the packet's template typesets it (Typst's own limits start between 20 and 30 levels).
MAX_NESTING = 12
# Where a quote or list marker stops opening anything: far above MAX_NESTING, so that flattening keeps the
# structure of anything a person would write, and low enough that markdown-it's recursive parser (three
# frames a level) and the tree stay well inside Python's recursion limit.
PARSER_NESTING = 100
INLINE_NESTING = 20   # markdown-it's default, for inline text (see `markdown`)

_CONTAINERS = ("blockquote_open", "bullet_list_open", "ordered_list_open")   # a level of quotes/lists
_CONTAINER_MARKS = re.compile(r"^(?:[ \t]*(?:>|(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$)))*[ \t]*", re.MULTILINE)


@lru_cache(maxsize=1)
def markdown() -> MarkdownIt:
    """The parser: quotes and lists open up to PARSER_NESTING deep, inline text has markdown-it's usual limit.

    Past its limit inline parsing keeps the text as text (it drops nothing), and the limit sets the cost of a
    flood of `[`: 20,000 of them take a second at 20 levels, several at 100.
    """
    blocks, inline = _parser(4 * PARSER_NESTING), _parser(INLINE_NESTING)   # the blocks' limit is never reached
    for name in ("blockquote", "list"):
        # the rule as markdown-it registered it, with the rules it may interrupt (`alt`): `at` needs both
        rule = next(r for r in blocks.block.ruler.__rules__ if r.name == name)
        blocks.block.ruler.at(name, _opening_no_deeper(rule.fn), {"alt": rule.alt})

    def parse_inline(state: StateCore) -> None:   # markdown-it's own core rule, with the inline parser swapped
        for token in state.tokens:
            if token.type == "inline":
                token.children = []
                inline.inline.parse(_without_marks(token), inline, state.env, token.children)

    blocks.core.ruler.at("inline", parse_inline)
    return blocks


def _parser(max_nesting: int) -> MarkdownIt:
    # commonmark plus tables and strikethrough: what practitioners paste from word processors and GitHub.
    options = {"html": True, "linkify": False, "maxNesting": max_nesting}
    return MarkdownIt("commonmark", options).enable(["table", "strikethrough"])


def _opening_no_deeper(rule: Callable[[StateBlock, int, int, bool], bool]) -> Callable[..., bool]:
    """A container rule that opens nothing at PARSER_NESTING: its line becomes text of the paragraph there."""
    def opening(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        return state.level < PARSER_NESTING and rule(state, start_line, end_line, silent)
    return opening


def _without_marks(token: Token) -> str:
    """A paragraph's text; deeper than PARSER_NESTING, without the quote and list markers that opened nothing."""
    return _CONTAINER_MARKS.sub("", token.content) if token.level > PARSER_NESTING else token.content


@dataclass(frozen=True)
class Parsed:
    """Markdown as block tokens nested at most MAX_NESTING deep, and where the writer nested deeper."""

    tokens: list[Token]
    too_deep: tuple[int, ...]   # 1-based lines, one for each top-level block that nests too deep


def parse_markdown(text: str) -> Parsed:
    """Parse Markdown with nothing dropped: quotes, lists and emphasis past MAX_NESTING flattened and noted."""
    return _flatten(markdown().parse(text))


def tree(tokens: list[Token]) -> SyntaxTreeNode:
    """Tokens (whole blocks) as a syntax tree; the root's children are the blocks."""
    return SyntaxTreeNode(tokens)


def _flatten(tokens: list[Token]) -> Parsed:
    """Drop the open/close tokens of quotes and lists nested past MAX_NESTING: their blocks stay, at the limit.

    Emphasis and links are flattened the same way inside each inline token (`_flatten_inline`).
    """
    kept: list[Token] = []
    open_kept: list[bool] = []     # for each open token above this one: is it kept
    depth = 0                      # quotes and lists open here, kept or not
    too_deep: list[int] = []
    reported = False               # this top-level block already has its finding
    for token in tokens:
        if token.nesting == 1:
            if not open_kept:
                reported = False
            if token.type in _CONTAINERS:
                depth += 1
                keep = depth <= MAX_NESTING
            else:   # a list item goes with its list; anything else is kept
                keep = open_kept[-1] if token.type == "list_item_open" and open_kept else True
            if not keep and not reported:
                too_deep.append(_line_of(token))
                reported = True
            open_kept.append(keep)
        elif token.nesting == -1:
            keep = open_kept.pop() if open_kept else True
            if token.type.replace("_close", "_open") in _CONTAINERS:
                depth -= 1
        else:
            keep = True
            if token.children and _flatten_inline(token) and not reported:
                too_deep.append(_line_of(token))
                reported = True
        if keep:
            kept.append(token)
    return Parsed(kept, tuple(too_deep))


def _flatten_inline(token: Token) -> bool:
    """Drop emphasis and links nested past MAX_NESTING (their text stays). True when there were any."""
    kept: list[Token] = []
    open_kept: list[bool] = []
    flattened = False
    for child in token.children or []:
        if child.nesting == 1:
            keep = len(open_kept) < MAX_NESTING
            open_kept.append(keep)
            flattened |= not keep
        elif child.nesting == -1:
            keep = open_kept.pop() if open_kept else True
        else:
            keep = True
            if child.type == "image":
                # an image's description is read from its `content`; its own tokens (which may nest images
                # without end) are never shown, so the tree need not descend into them
                child.children = []
        if keep:
            kept.append(child)
    token.children = kept
    return flattened


def _line_of(token: Token) -> int:
    return token.map[0] + 1 if token.map else 0


def count_words(text: str) -> int:
    return sum(1 for word in _WORD.findall(text) if _HAS_LETTER_OR_DIGIT.search(word))


def strip_front_matter(text: str) -> str:
    """Blank out YAML front matter, keeping its lines so that line numbers stay true."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return text
    return "\n" * match.group(0).count("\n") + text[match.end():]


def inline_text(node: SyntaxTreeNode) -> str:
    """The words a reader sees in an inline node: text, code, link text; breaks as spaces; no HTML."""
    parts: list[str] = []
    for leaf in inline_leaves(node):
        if leaf.type in ("text", "code_inline"):
            parts.append(leaf.content)
        elif leaf.type in ("softbreak", "hardbreak", "image"):
            parts.append(" ")
    return "".join(parts)


def inline_leaves(node: SyntaxTreeNode) -> Iterator[SyntaxTreeNode]:
    """The leaves of an inline node in reading order, through emphasis and links (an image is one leaf)."""
    for child in node.children:
        if child.is_nested:
            yield from inline_leaves(child)
        else:
            yield child


def body_words(tokens: list[Token]) -> int:
    """Words of body text in whole blocks: headings and HTML (comments) left out."""
    return sum(_block_words(node) for node in tree(tokens).walk())


def _block_words(node: SyntaxTreeNode) -> int:
    if node.type == "inline" and not (node.parent and node.parent.type == "heading"):
        return count_words(inline_text(node))
    if node.type in ("fence", "code_block"):
        return count_words(node.content)
    if node.type == "html_block":  # what is shown of it: the text, not the comments or the tags
        return count_words(_HTML_TAG.sub(" ", without_comments(node.content)))
    return 0


def without_comments(html: str) -> str:
    """HTML with its comments (notes to self, never shown or counted) taken out."""
    return _HTML_COMMENT.sub("", html)


@dataclass
class Section:
    """A heading of level 1 or 2 and the tokens of its body, up to the next such heading."""

    heading: str
    level: int
    line: int                   # 1-based line of the heading
    tokens: list[Token] = field(default_factory=list)

    @property
    def words(self) -> int:
        return body_words(self.tokens)


@dataclass(frozen=True)
class WordSource:
    """What a draft written in Word holds that its text (as the packet shows it) does not."""

    tracked_changes: int = 0         # insertions, deletions and moves not yet accepted or rejected
    comments: int = 0
    unread: tuple[str, ...] = ()     # the converter's words for content it could not carry over


@dataclass
class Draft:
    path: Path
    tokens: list[Token]
    preamble: list[Token]       # body before the first section heading
    sections: list[Section]
    too_deep: tuple[int, ...] = ()   # lines where quotes or lists nest past MAX_NESTING (flattened there)
    source: str = ""                 # the text as written: what the privacy scan reads, line by line
    word: WordSource | None = None   # a draft written in Word: `source` is its text as Markdown, lines are not its own

    def line(self, line: int | None) -> int | None:
        """A line to name in a finding: none for a Word draft, whose Markdown lines the writer never saw."""
        return None if self.word is not None else line

    @property
    def words(self) -> int:
        return body_words(self.tokens)

    def deeper_headings(self) -> list[Section]:
        """Headings that start no section (without bodies): inside answers, or where a question was put by mistake.

        Those of level 3 and below, and a `#` or `##` heading inside a quote or a list (only one standing on
        its own starts a section).
        """
        return [_heading(node) for node in tree(self.tokens).walk()
                if node.type == "heading" and not _starts_section(node)]


_SECTION_TAGS = ("h1", "h2")   # the headings that start an answer


def _heading(node: SyntaxTreeNode) -> Section:
    """A heading node as a section without a body."""
    text = "".join(inline_text(child) for child in node.children if child.type == "inline")
    return Section(text.strip(), int(node.tag[1]), node.map[0] + 1 if node.map else 0)


def _starts_section(node: SyntaxTreeNode) -> bool:
    return node.type == "heading" and node.tag in _SECTION_TAGS and node.parent is not None and node.parent.is_root


def parse_draft(path: Path, text: str, word: WordSource | None = None) -> Draft:
    parsed = parse_markdown(strip_front_matter(text))
    preamble: list[Token] = []
    sections: list[Section] = []
    for block in tree(parsed.tokens).children:
        if _starts_section(block):
            sections.append(_heading(block))
        else:
            (sections[-1].tokens if sections else preamble).extend(block.to_tokens())
    return Draft(path, parsed.tokens, preamble, sections, parsed.too_deep, text, word)


# --- which section answers which question or outcome ------------------------------------------------

_NUMBERING = re.compile(r"^\s*(?:(question|q|outcome|essential outcome|eo|prompt|part)\s*)?#?\s*(\d+(?:\.\d+)*)\s*[.:)\-–—]?\s*",
                        re.IGNORECASE)
_OUTCOME_WORDS = {"outcome", "essential outcome", "eo"}
_QUESTION_WORDS = {"question", "q", "prompt"}
_NOT_WORD = re.compile(r"[^\w]+", re.UNICODE)


def _normal(text: str) -> str:
    return " ".join(_NOT_WORD.sub(" ", text.lower()).split())


@dataclass(frozen=True)
class _Heading:
    number: str | None   # "2" of "2. What examples…", "3" of "Outcome 3: Ensure…"
    says: str | None     # what the heading's own word claims it answers: "outcome", "question", or None
    rest: str            # the wording after the number, normalised


def _read_heading(heading: str) -> _Heading:
    match = _NUMBERING.match(heading)
    if not (match and (match.end() == len(heading) or not heading[match.end() - 1].isalnum())):
        return _Heading(None, None, _normal(heading))
    word = " ".join(match.group(1).lower().split()) if match.group(1) else ""
    says = "outcome" if word in _OUTCOME_WORDS else "question" if word in _QUESTION_WORDS else None
    return _Heading(match.group(2), says, _normal(heading[match.end():]))


def match_sections(sections: list[Section], items: list[tuple[str, str, str]]) -> dict[str, Section]:
    """Find the section answering each item (key, number, text): by its wording, lightly edited, or its number.

    A heading matches an item when most of the item's words are in it (so "2. Support and accountability:
    what examples can you provide…" still counts), or else when it carries the item's number ("Question 2").
    Items keyed "outcome <id>" are outcomes: "Outcome 1" answers only them, "Question 1" never does.
    """
    from difflib import SequenceMatcher

    found: dict[str, Section] = {}
    used: set[int] = set()
    read = [_read_heading(s.heading) for s in sections]
    for key, _number, text in items:
        wanted = _normal(text)
        wanted_words = set(wanted.split())
        best, best_score = None, 0.0
        for index, heading in enumerate(read):
            rest = heading.rest
            if index in used or not rest:
                continue
            shared = len(wanted_words & set(rest.split())) / max(1, len(wanted_words))
            score = max(shared, SequenceMatcher(None, wanted, rest).ratio())
            if score > best_score:
                best, best_score = index, score
        if best is not None and best_score >= 0.7:
            found[key] = sections[best]
            used.add(best)
    for key, number, _text in items:
        if key in found:
            continue
        kind = "outcome" if key.startswith("outcome ") else "question"
        for index, heading in enumerate(read):
            if index not in used and heading.number == number and heading.says in (None, kind):
                found[key] = sections[index]
                used.add(index)
                break
    return found
