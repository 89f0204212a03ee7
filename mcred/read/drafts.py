"""Markdown drafts parsed once into markdown-it tokens, split into sections, and counted.

The word rule is a word processor's: words of body text (paragraphs, lists, block quotes, tables, code) —
not headings, HTML comments or front matter. A word is a run of non-space characters holding at least one
letter or digit, so a hyphenated word, a URL, a number or "don't" is one word and a lone dash is none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

_WORD = re.compile(r"\S+")
_HAS_LETTER_OR_DIGIT = re.compile(r"[^\W_]", re.UNICODE)
_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_HTML_TAG = re.compile(r"<[^>]*>")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)


@lru_cache(maxsize=1)
def markdown() -> MarkdownIt:
    # commonmark plus tables and strikethrough: what practitioners paste from word processors and GitHub.
    return MarkdownIt("commonmark", {"html": True, "linkify": False}).enable(["table", "strikethrough"])


def count_words(text: str) -> int:
    return sum(1 for word in _WORD.findall(text) if _HAS_LETTER_OR_DIGIT.search(word))


def strip_front_matter(text: str) -> str:
    """Blank out YAML front matter, keeping its lines so that line numbers stay true."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return text
    return "\n" * match.group(0).count("\n") + text[match.end():]


def inline_text(token: Token) -> str:
    """The words a reader sees in an inline token: text, code, link text; breaks as spaces; no HTML."""
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak") or child.type == "image":
            parts.append(" ")
    return "".join(parts)


def body_words(tokens: list[Token]) -> int:
    """Words of body text in a token stream: headings and HTML (comments) left out."""
    words = 0
    in_heading = False
    for token in tokens:
        if token.type == "heading_open":
            in_heading = True
        elif token.type == "heading_close":
            in_heading = False
        elif token.type == "inline" and not in_heading:
            words += count_words(inline_text(token))
        elif token.type in ("fence", "code_block"):
            words += count_words(token.content)
        elif token.type == "html_block":  # what is shown of it: the text, not the comments or the tags
            words += count_words(_HTML_TAG.sub(" ", without_comments(token.content)))
    return words


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


@dataclass
class Draft:
    path: Path
    tokens: list[Token]
    preamble: list[Token]       # body before the first section heading
    sections: list[Section]

    @property
    def words(self) -> int:
        return body_words(self.tokens)

    def deeper_headings(self) -> list[Section]:
        """Headings of level 3 and below (without bodies): inside answers, or where a question was put by mistake."""
        return [_heading(self.tokens, i) for i, t in enumerate(self.tokens)
                if t.type == "heading_open" and t.tag not in _SECTION_TAGS]


_SECTION_TAGS = ("h1", "h2")   # the headings that start an answer


def _heading(tokens: list[Token], index: int) -> Section:
    """The heading opened at tokens[index] (heading_open, inline, heading_close), as a section without a body."""
    token = tokens[index]
    return Section(inline_text(tokens[index + 1]).strip(), int(token.tag[1]), token.map[0] + 1 if token.map else 0)


def parse_draft(path: Path, text: str) -> Draft:
    tokens = markdown().parse(strip_front_matter(text))
    preamble: list[Token] = []
    sections: list[Section] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "heading_open" and token.tag in _SECTION_TAGS:
            sections.append(_heading(tokens, index))
            index += 3  # heading_open, inline, heading_close
            continue
        (sections[-1].tokens if sections else preamble).append(token)
        index += 1
    return Draft(path, tokens, preamble, sections)


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
