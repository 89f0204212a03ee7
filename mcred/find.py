"""`mcred find`: every artifact page where a phrase stands, compared as check compares quotes.

The comparison itself is `mcred.text.phrases` (check's MC325, the read stage's search for a quote on other
pages and `mcred find` share it, so the three never disagree about whether words are on a page). Nothing here
opens a file: `find_phrase` asks the read stage for the pages' text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mcred.privacy.rules import PrivacyRules

from mcred.read import OcrSettings, SearchedArtifact, Skipped, read_artifact_pages
from mcred.text.phrases import comparable, span_of

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

_SPACES = re.compile(r"\s+")

SNIPPET_CONTEXT = 60    # characters of the page shown either side of a match
MAX_SUGGESTED_WORDS = 12  # a longer phrase is searched for its shorter runs from its first 12 words only
MAX_ROWS = 50             # pages the terminal lists; --json lists every one


def snippet(text: str, start: int, end: int) -> str:
    """The words around text[start:end] on one line, cut at word boundaries, `…` where the page goes on.

    The one place a page's words are quoted back to the user: a privacy mask wraps this function."""
    before_start = max(0, start - SNIPPET_CONTEXT)
    after_end = min(len(text), end + SNIPPET_CONTEXT)
    before, match, after = text[before_start:start], text[start:end], text[end:after_end]
    if before_start > 0 and not text[before_start - 1].isspace():   # cut inside a word: drop its tail
        before = before.split(None, 1)[1] if len(before.split(None, 1)) > 1 else ""
    if after_end < len(text) and not text[after_end].isspace():       # and the head of the last one
        after = after.rsplit(None, 1)[0] if len(after.rsplit(None, 1)) > 1 else ""
    shown = _SPACES.sub(" ", before + match + after).strip()
    return ("…" if before_start > 0 else "") + shown + ("…" if after_end < len(text) else "")


def masked(text: str, rules: PrivacyRules | None) -> str:
    """The text with every piece of student information the privacy rules find shown masked ("J••• A•••••z")."""
    if rules is None:
        return text
    from mcred.privacy.scan import find_hits

    for hit in reversed(find_hits(text, rules)):
        text = text[:hit.start] + hit.snippet + text[hit.end:]
    return text


# --- mcred find --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PageHit:
    artifact_id: str
    title: str
    file: str
    position: int             # 1-based, as a PDF viewer counts
    label: str | None         # the printed page label, where the PDF has labels
    occurrences: int          # how often the phrase stands on this page
    snippet: str


@dataclass(frozen=True)
class Found:
    phrase: str
    hits: tuple[PageHit, ...]
    artifacts_searched: int
    pages_searched: int
    skipped: tuple[Skipped, ...] = ()
    suggestion: str | None = None       # nothing found: a shorter run of the phrase's words that some page holds
    not_searched: tuple[str, ...] = ()  # artifacts without page text (videos, links, images)
    withheld: tuple[tuple[str, int], ...] = ()   # (artifact, page) too large to read safely: never searched

    @property
    def exit_code(self) -> int:
        return 0 if self.hits else 1


def find_phrase(folder: Path, phrase: str, ocr: OcrSettings | None = None) -> Found:
    """Every PDF artifact page of the portfolio where `phrase` stands; UserError when it cannot be read."""
    from mcred.errors import UserError

    if not comparable(phrase):
        raise UserError.plain(f"the phrase “{phrase}” has no letters or digits, so it cannot be found",
                              "search for a word or a few words from the artifact", code="MC100")
    searched, skipped, not_searched, rules = read_artifact_pages(folder, ocr=ocr or OcrSettings())
    return search(phrase, searched, tuple(skipped), tuple(not_searched), rules)


def search(phrase: str, artifacts: Sequence[SearchedArtifact], skipped: tuple[Skipped, ...] = (),
           not_searched: tuple[str, ...] = (), rules: PrivacyRules | None = None) -> Found:
    wanted = comparable(phrase)
    hits: list[PageHit] = []
    pages = [(a, position, text, comparable(text)) for a in artifacts
             for position, text in enumerate(a.pages.texts, 1) if position not in a.pages.withheld]
    withheld = tuple((a.id, position) for a in artifacts for position in a.pages.withheld)
    for artifact, position, text, folded in pages:
        count = folded.count(wanted)
        if not count:
            continue
        span = span_of(text, wanted)
        shown = masked(snippet(text, *span) if span else snippet(text, 0, 0), rules)
        label = artifact.pages.labels[position - 1] if artifact.pages.labels else None
        hits.append(PageHit(artifact.id, artifact.title, artifact.file, position, label, count, shown))
    suggestion = None if hits else _shorter(phrase, [folded for *_, folded in pages])
    return Found(phrase, tuple(hits), len(artifacts), len(pages), skipped, suggestion, not_searched, withheld)


def _shorter(phrase: str, pages: Iterable[str]) -> str | None:
    """The longest run of the phrase's words (two or more) that some page holds: what to search for next."""
    words = phrase.split()[:MAX_SUGGESTED_WORDS]
    folded_pages = list(pages)
    for length in range(len(words) - 1, 1, -1):
        for first in range(len(words) - length + 1):
            run = " ".join(words[first:first + length])
            wanted = comparable(run)
            if wanted and any(wanted in page for page in folded_pages):
                return run
    return None


# --- what find prints ----------------------------------------------------------------------------------------

def print_found(found: Found, console: Console) -> None:
    from rich.table import Table
    from rich.text import Text

    if found.hits:
        labelled = any(hit.label for hit in found.hits)
        table = Table(show_edge=False, pad_edge=False, header_style="bold")
        table.add_column("artifact", no_wrap=True)
        table.add_column("page", justify="right", no_wrap=True)
        if labelled:
            table.add_column("printed", justify="right", no_wrap=True)
        table.add_column("snippet", overflow="fold")
        for hit in found.hits[:MAX_ROWS]:
            times = f" ×{hit.occurrences}" if hit.occurrences > 1 else ""
            printed: list[str] = [hit.label or ""] if labelled else []
            table.add_row(hit.artifact_id, f"{hit.position}{times}", *printed, _marked(hit.snippet, found.phrase))
        console.print(table)
        if len(found.hits) > MAX_ROWS:
            console.print(Text(f"… and {len(found.hits) - MAX_ROWS:,} more pages: `--json` lists every one",
                               style="dim"), soft_wrap=True)
        pages = len(found.hits)
        console.print(Text(f"“{found.phrase}” is on {pages:,} page{'s' if pages != 1 else ''} "
                           f"({_searched(found)} searched).", style="bold green"), soft_wrap=True)
    else:
        console.print(Text(f"“{found.phrase}” is on no page ({_searched(found)} searched).", style="bold"),
                      soft_wrap=True)
        hint = (f"try a shorter phrase: “{found.suggestion}” is there (`mcred find \"{found.suggestion}\"`)"
                if found.suggestion else "try a shorter phrase: two or three distinctive words")
        console.print(Text(f"  {hint}", style="yellow"), soft_wrap=True)
    for skipped in found.skipped:
        console.print(Text(f"  {skipped.id} ({skipped.file}) was not searched: it {skipped.reason}", style="yellow"),
                      soft_wrap=True)
    if found.not_searched:
        console.print(Text(f"  not searched (no page text): {', '.join(found.not_searched)}", style="dim"),
                      soft_wrap=True)
    if found.withheld:
        listed = ", ".join(f"{artifact_id} p. {position}" for artifact_id, position in found.withheld)
        console.print(Text(f"  not searched (too large to read safely, MC414): {listed}", style="yellow"),
                      soft_wrap=True)


def _marked(shown: str, phrase: str) -> Text:
    """The snippet with the phrase in bold, found in it the way it was found on the page."""
    from rich.text import Text

    text = Text(shown)
    span = span_of(shown, comparable(phrase))
    if span is not None:
        text.stylize("bold", *span)
    return text


def _searched(found: Found) -> str:
    return (f"{found.pages_searched:,} page{'s' if found.pages_searched != 1 else ''} of "
            f"{found.artifacts_searched} PDF artifact{'s' if found.artifacts_searched != 1 else ''}")


def found_json(found: Found) -> str:
    document = {
        "phrase": found.phrase,
        "found": bool(found.hits),
        "exit_code": found.exit_code,
        "hits": [{"artifact": h.artifact_id, "title": h.title, "file": h.file, "position": h.position,
                  "label": h.label, "occurrences": h.occurrences, "snippet": h.snippet} for h in found.hits],
        "searched": {"artifacts": found.artifacts_searched, "pages": found.pages_searched},
        "skipped": [{"artifact": s.id, "file": s.file, "reason": s.reason} for s in found.skipped],
        "not_searched": list(found.not_searched),
        "withheld": [{"artifact": artifact_id, "position": position} for artifact_id, position in found.withheld],
        "suggestion": found.suggestion,
    }
    return json.dumps(document, indent=2, ensure_ascii=False)
