"""A credential definition from the text of an ELN credential page (`mcred credentials import`).

A practitioner copies an ELN micro-credential page (the public one or the portal's) into a text file. This
reads what the page states: title, overview, essential outcomes (with their details where the page lists
them), the Part 1 questions and minimum, the Part 2 title, the Part 3 minimum and prompts. It never fills in
what the page leaves out: every missing piece is named, so the practitioner can copy it from the page. Part
ids, kinds and the titles of parts whose heading states none follow mcred's credential shape (DESIGN.md).
Nothing here opens files; the command (credimport_cli.py) reads the page.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from mcred.errors import UserError
from mcred.findings import counted

# What a complete credential needs from the page, by the name the practitioner is told.
TITLE = "title"
OVERVIEW = "overview"
OUTCOMES = "essential outcomes"
QUESTIONS = "Part 1 questions"
PART1_MINIMUM = "Part 1 word minimum"
PART3_MINIMUM = "Part 3 word minimum"
REQUIRED = (TITLE, OVERVIEW, OUTCOMES, QUESTIONS, PART1_MINIMUM, PART3_MINIMUM)

# The three parts every ELN micro-credential asks for (DESIGN.md): id, the title used where the page's heading
# states none, kind.
PART_SHAPE = {
    1: ("overview", "Overview Questions", "narrative"),
    2: ("evidence", "Skill Demonstration Product with Self-Analysis", "evidence"),
    3: ("reflection", "Reflection & Application", "narrative"),
}


@dataclass(frozen=True)
class Imported:
    """What a page states, as a credential definition ready to dump, and what it does not state."""

    credential: dict[str, Any]
    missing: tuple[str, ...]   # names from REQUIRED, in that order
    notes: tuple[str, ...]     # what was found that the practitioner should know (not errors)

    @property
    def complete(self) -> bool:
        return not self.missing


# --- text as pasted ---------------------------------------------------------------------------------

# Browsers and word processors paste typographic quotes, no-break spaces and invisible characters; the
# catalog writes plain ones, and two pastes of the same page must read the same.
_PLAIN = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\t": "    ",
    "\u2028": "\n", "\u2029": "\n", "\u0085": "\n", "\x0b": "\n", "\x0c": "\n",
    "\ufeff": None, "\u200b": None, "\u200c": None, "\u200d": None, "\u2060": None, "\u00ad": None,
})
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")   # binary garbage is no text of the page


def plain(text: str) -> str:
    """The text with plain quotes and spaces, Unix line ends and no control characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_PLAIN)
    return _CONTROL.sub(" ", text)


def _clean(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True)
class _Line:
    text: str    # without surrounding space, runs of spaces collapsed
    indent: int  # leading spaces: a deeper list item sits under the one above it


def _lines(text: str) -> list[_Line | None]:
    """The page's lines; None where a line is blank."""
    return [_Line(_clean(raw), len(raw) - len(raw.lstrip())) if raw.strip() else None
            for raw in plain(text).split("\n")]


# --- the page's sections ------------------------------------------------------------------------------

_DASH = "-\u2013\u2014"   # hyphen, en dash, em dash: "Part 1 - Overview Questions" in any of them
_SEP = rf"(?:\s*[{_DASH}:.]\s*|\s*$)"
_HEADINGS = (
    ("overview", re.compile(rf"overview{_SEP}(?P<rest>.*)$", re.I)),
    ("outcomes", re.compile(rf"essential\s+outcomes{_SEP}(?P<rest>.*)$", re.I)),
    ("end", re.compile(r"requirements\s*:?\s*$", re.I)),
    ("part", re.compile(rf"part\s*(?P<n>[123]|one|two|three|iii|ii|i)\b(?:\s*[{_DASH}:.]\s*|\s+|$)(?P<rest>.*)$",
                        re.I)),
)
_PART_NUMBERS = {"1": 1, "2": 2, "3": 3, "one": 1, "two": 2, "three": 3, "i": 1, "ii": 2, "iii": 3}

# The page around the credential: navigation, purchase steps, the companion course. It ends a section.
_FURNITURE = re.compile(
    r"(return to (the )?full mc library|professional development credit\b|purchase\s*(pdf)?\s*(order form)?$|"
    r"pdf order form|micro-credential purchase steps|an eln subscription is included|contact support@|"
    r"eln companion course|you must have eln access|\(\d+(\.\d+)?\s*pd\s*hrs?\b)", re.I)


@dataclass(frozen=True)
class _Section:
    heading: str                                   # what follows the heading's keyword on its line
    lines: list[_Line | None] = field(default_factory=list)


def _heading(text: str) -> tuple[str, str] | None:
    for kind, pattern in _HEADINGS:
        match = pattern.match(text)
        if match:
            if kind == "part":
                return f"part{_PART_NUMBERS[match['n'].lower()]}", match["rest"]
            return kind, match.groupdict().get("rest") or ""
    return None


def _sections(lines: list[_Line | None]) -> tuple[list[_Line | None], dict[str, _Section]]:
    """The lines before the first heading, and each section's lines by kind (the first of each kind)."""
    preamble: list[_Line | None] = []
    sections: dict[str, _Section] = {}
    current: _Section | None = None
    started = False
    for line in lines:
        if line is None:
            if current is not None:
                current.lines.append(None)
            elif not started:
                preamble.append(None)
            continue
        heading = _heading(line.text)
        if heading is not None:
            kind, rest = heading
            started = True
            # a heading met again (the page pasted twice, a footer) adds nothing to the first
            current = None if kind == "end" or kind in sections else sections.setdefault(kind, _Section(rest))
        elif not started:
            preamble.append(line)   # furniture too: a wrapped furniture line must not pass for the title
        elif _FURNITURE.match(line.text):
            current = None
        elif current is not None:
            current.lines.append(line)
    return preamble, sections


# --- lists and paragraphs -----------------------------------------------------------------------------

@dataclass(frozen=True)
class _Piece:
    kind: str     # "item" (1. / a. / •), "outcome" (Outcome 2: …), "detail" (2.1 …) or "prose"
    label: str    # the number or letter as written ("3", "c", "2.1"; "" for bullets and prose)
    text: str
    indent: int


_DETAIL = re.compile(
    rf"(?:detail\s+)?(?P<outcome>\d{{1,2}})\.(?P<detail>\d{{1,2}})(?!\d)\.?\s*(?:[{_DASH}:)]\s*)?(?P<text>\S.*)$", re.I)
_LABELLED = re.compile(rf"(?:essential\s+outcome|outcome|eo)\s*(?P<label>\d{{1,2}})\s*[{_DASH}:.)]\s*(?P<text>\S.*)$",
                       re.I)
_NUMBERED = re.compile(r"\(?(?P<label>\d{1,2})[.)](?!\d)\s*(?P<text>\S.*)$")
_LETTERED = re.compile(r"\(?(?P<label>[a-z])[.)]\s*(?P<text>\S.*)$|\(?(?P<upper>[A-Z])[.)]\s+(?P<text2>\S.*)$")
_BULLET = re.compile(rf"[{_DASH}•·▪◦‣*]\s+(?P<text>\S.*)$")   # the hyphen first: it is no range
_SENTENCE_END = re.compile(r"[.?!:][\"')\]]*$")
# "…goals.d." or "e.g." at a line's end: the sentence goes on (a run-on list's next label, an abbreviation)
_GOES_ON = re.compile(r"[.?!]\s*[A-Za-z0-9]{1,2}[.)]$")
_HYPHEN_END = re.compile(r"[^\W\d_]-$")


def _next_label(label: str) -> str:
    return str(int(label) + 1) if label.isdigit() else chr(ord(label) + 1)


def _run_on(kind: str, label: str, text: str, indent: int) -> list[_Piece]:
    """Items a page runs together on one line ("a. First.b. Second."), split where the next label follows a
    sentence's end and starts a capitalised one; anything else (e.g. "e.g.") stays in the text."""
    pieces: list[_Piece] = []
    while label and (label.isdigit() or label.isalpha()) and label not in ("z", "Z"):
        following = _next_label(label)
        split = re.search(rf"(?<=[.?!\"')])\s*{re.escape(following)}[.)]\s*(?=[\"'(A-Z])", text)
        if split is None:
            break
        pieces.append(_Piece(kind, label, text[: split.start()].strip(), indent))
        label, text = following, text[split.end():]
    return [*pieces, _Piece(kind, label, text.strip(), indent)]


def _marked(line: _Line) -> _Piece | None:
    """The list item a line starts with, or None for prose."""
    if match := _DETAIL.match(line.text):
        return _Piece("detail", f"{int(match['outcome'])}.{int(match['detail'])}", match["text"], line.indent)
    if match := _LABELLED.match(line.text):
        return _Piece("outcome", str(int(match["label"])), match["text"], line.indent)
    if match := _NUMBERED.match(line.text):
        return _Piece("item", str(int(match["label"])), match["text"], line.indent)
    if match := _LETTERED.match(line.text):
        return _Piece("item", match["label"] or match["upper"], match["text"] or match["text2"], line.indent)
    if match := _BULLET.match(line.text):
        return _Piece("item", "", match["text"], line.indent)
    return None


_WRAPPED_LINE = 30   # a hard-wrapped line is about as long as the wrap width; a title or a label is short


def _pieces(lines: Iterable[_Line | None]) -> list[_Piece]:
    """Items and paragraphs. A line continues the one above only where that one looks wrapped: long, and
    stopped mid-sentence. Pages pasted without blank lines keep one paragraph or item per line."""
    pieces: list[_Piece] = []
    joinable = False
    for line in lines:
        if line is None:
            joinable = False
            continue
        marked = _marked(line)
        if marked is not None:
            pieces.append(marked)
        elif joinable and pieces and not _FURNITURE.match(line.text):
            glue = "" if _HYPHEN_END.search(pieces[-1].text) else " "   # "high-" + "quality"
            pieces[-1] = replace(pieces[-1], text=f"{pieces[-1].text}{glue}{line.text}")
        else:
            pieces.append(_Piece("prose", "", line.text, line.indent))
        joinable = len(line.text) >= _WRAPPED_LINE and (
            not _SENTENCE_END.search(pieces[-1].text) or bool(_GOES_ON.search(pieces[-1].text)))
    return [split for piece in pieces for split in (
        _run_on(piece.kind, piece.label, piece.text, piece.indent) if piece.kind in ("item", "outcome") else [piece])]


# --- word minimums ------------------------------------------------------------------------------------

_COUNT = r"\d{1,3}(?:,\d{3})+|\d{1,6}"
_MINIMUM = re.compile(
    rf"(?P<a>{_COUNT})\s*-?\s*words?\s*-?\s*minimum|minimum\s+(?:of\s+)?(?P<b>{_COUNT})\s*-?\s*words?", re.I)
# "(1,000-word minimum)" inside a sentence: the part's min_words says it, so the guidance need not.
_MINIMUM_ASIDE = re.compile(rf"\s*\(\s*(?:a\s+)?(?:{_COUNT})\s*-?\s*words?\s*-?\s*minimum\s*\)", re.I)


def _minimum(text: str) -> int | None:
    match = _MINIMUM.search(text)
    if match is None:
        return None
    number = int((match["a"] or match["b"]).replace(",", ""))
    return number or None


def _guidance(text: str) -> str:
    """The page's own instruction, without the minimum aside; a sentence that led into a list ends in '.'."""
    text = _clean(_MINIMUM_ASIDE.sub("", text))
    return text[:-1].rstrip() + "." if text.endswith(":") else text


# --- title, overview, outcomes ------------------------------------------------------------------------

_NUMBER_WORDS = {word: n for n, word in enumerate(
    ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"), 1)}
_NAMES_OUTCOMES = re.compile(
    rf"(?:the\s+)?(?P<title>.+?)(?:\s+micro-?credential)?\s+(?:includes|identifies|has|lists|contains)\s+the\s+following"
    rf"\s+(?:identified\s+)?(?:(?P<count>\d{{1,2}}|{'|'.join(_NUMBER_WORDS)})\s+)?(?:identified\s+)?essential\s+outcomes?",
    re.I)
_TITLE_IN_OVERVIEW = re.compile(r"the\s+(?P<title>.+?)\s+micro-?credential\s+requires\b", re.I)
_TITLE_IN_PART2 = re.compile(r"for\s+the\s+(?P<title>.+?)\s+micro-?credential\b", re.I)
_SOURCE_URL = re.compile(r"https?://(?:www\.)?edleadersnetwork\.org/\S*micro-credentials\S*", re.I)


def _title_like(text: str) -> bool:
    return (3 <= len(text) <= 80 and any(c.isalpha() for c in text) and not _SENTENCE_END.search(text)
            and not text.endswith((",", ";")) and not text.startswith("(") and _marked(_Line(text, 0)) is None)


@dataclass(frozen=True)
class _Outcome:
    id: str
    label: str      # the number as the page wrote it
    text: str
    details: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class _Outcomes:
    outcomes: tuple[_Outcome, ...]
    named_title: str | None   # "X includes the following … essential outcomes"
    stated_count: int | None  # "… the following three essential outcomes"
    notes: tuple[str, ...]


def _outcomes(section: _Section | None) -> _Outcomes:
    if section is None:
        return _Outcomes((), None, None, ())
    lines = list(section.lines)
    sentence = section.heading
    if not sentence:   # "Essential Outcomes" alone on its line: the naming sentence may follow it
        first = next((i for i, line in enumerate(lines) if line is not None), None)
        if first is not None and _NAMES_OUTCOMES.match(lines[first].text):  # type: ignore[union-attr]
            sentence = lines.pop(first).text  # type: ignore[union-attr]
    named = _NAMES_OUTCOMES.match(sentence)
    count = named["count"] if named else None
    stated = (int(count) if count.isdigit() else _NUMBER_WORDS[count.lower()]) if count else None

    outcomes: list[_Outcome] = []
    notes: list[str] = []
    base_indent: int | None = None
    for piece in _pieces(lines):
        if piece.kind == "detail":
            owner_label = piece.label.split(".")[0]
            index = next((i for i, o in enumerate(outcomes) if o.label == owner_label), None)
            if index is None:
                notes.append(f"detail {piece.label} names no outcome listed above it on the page: left out")
                continue
            outcomes[index] = _with_detail(outcomes[index], piece.label.split(".")[1], piece.text, notes)
        elif piece.kind in ("item", "outcome"):
            if outcomes and base_indent is not None and piece.indent > base_indent and piece.kind == "item":
                # a list indented under an outcome is that outcome's details
                outcomes[-1] = _with_detail(outcomes[-1], str(len(outcomes[-1].details) + 1), piece.text, notes)
                continue
            if base_indent is None:
                base_indent = piece.indent
            outcomes.append(_Outcome(str(len(outcomes) + 1), piece.label, _clean(piece.text)))
    labels = [o.label for o in outcomes]
    if outcomes and labels != [o.id for o in outcomes] and any(labels):
        notes.append(f"the page numbers the outcomes {', '.join(labels)}; they are numbered 1 to {len(outcomes)} "
                     "in order here: check them against the page")
    named_title = _clean(named["title"]) if named else None
    return _Outcomes(tuple(outcomes), named_title, stated, tuple(notes))


def _with_detail(outcome: _Outcome, number: str, text: str, notes: list[str]) -> _Outcome:
    detail_id = f"{outcome.id}.{number}"
    if any(existing == detail_id for existing, _ in outcome.details):
        notes.append(f"detail {detail_id} is listed twice on the page: the first is kept")
        return outcome
    return replace(outcome, details=(*outcome.details, (detail_id, _clean(text))))


def _title(preamble: list[_Line | None], named: str | None, overview: str | None, part2: str
           ) -> tuple[str | None, str | None]:
    """The credential's title and, where it is not the page's title line, where it was read from."""
    candidates = [piece.text for piece in _pieces(preamble)
                  if piece.kind == "prose" and _title_like(piece.text) and not _FURNITURE.match(piece.text)]
    if named and any(c.casefold() == named.casefold() for c in candidates):
        return next(c for c in candidates if c.casefold() == named.casefold()), None
    if candidates:  # the line nearest the first heading: breadcrumbs and domain labels come before the title
        return candidates[-1], None
    if named:
        return named, "the Essential Outcomes sentence"
    if overview and (match := _TITLE_IN_OVERVIEW.match(overview)):
        return _clean(match["title"]), "the overview"
    if match := _TITLE_IN_PART2.search(part2):
        return _clean(match["title"]), "Part 2"
    return None, None


def slug(title: str) -> str:
    """The credential id a title gives: `Ensuring Accountability` -> `ensuring-accountability`."""
    decomposed = unicodedata.normalize("NFKD", title.replace("&", " and ").casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))   # "é" -> "e"; other scripts stay
    return re.sub(r"[\W_]+", "-", bare).strip("-")


# --- the parts ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Part:
    title: str | None
    pieces: tuple[_Piece, ...]


def _part(section: _Section | None) -> _Part | None:
    if section is None:
        return None
    heading = _clean(section.heading)
    title: str | None = heading
    lines = list(section.lines)
    if ": " in heading and len(heading) > 80:   # "Part 3. Reflection & Application: Submit, in writing, …"
        title, body = heading.split(": ", 1)
        lines.insert(0, _Line(body, 0))
    elif len(heading) > 80 or _SENTENCE_END.search(heading):  # a sentence, not a title
        title = None
        lines.insert(0, _Line(heading, 0))
    if not title:   # "Part 1" alone on its line, the title on the next
        first = next((i for i, line in enumerate(lines) if line is not None), None)
        if first is not None and _title_like(lines[first].text):  # type: ignore[union-attr]
            title = lines.pop(first).text  # type: ignore[union-attr]
    return _Part(title or None, tuple(_pieces(lines)))


_PROMPT_OPENERS = ("in this section", "include a reflection")
# a sentence ends at . ? ! (and a closing quote or parenthesis after it), before a capital
_SENTENCES = re.compile(r"(?:(?<=[.?!])|(?<=[.?!][\"')]))\s+(?=[\"'(]?[A-Z])")


def _reflection(pieces: tuple[_Piece, ...]) -> tuple[str, list[str], list[str]]:
    """Part 3's guidance, its prompts, and the outcomes it restates. The opening paragraph asks for the
    summary (guidance); a paragraph after the restated outcomes, or a sentence opening "In this section" or
    "Include a reflection", asks for something more (a prompt: a heading of its own in the draft)."""
    guidance: list[str] = []
    prompts: list[str] = []
    restated: list[str] = []
    for piece in pieces:
        if piece.kind != "prose":
            if piece.kind == "item":
                restated.append(_clean(piece.text))
            continue
        for index, sentence in enumerate(_SENTENCES.split(piece.text)):
            if (restated and index == 0) or sentence.lower().startswith(_PROMPT_OPENERS):
                prompts.append(sentence)
            elif prompts:
                prompts[-1] = f"{prompts[-1]} {sentence}"
            else:
                guidance.append(sentence)
    return " ".join(guidance), [_clean(p) for p in prompts], restated


def _prose(pieces: Iterable[_Piece]) -> str:
    """Pieces as running text, list labels kept: nothing the page wrote is dropped."""
    return _clean(" ".join(piece.text if not piece.label else f"{piece.label} {piece.text}" if piece.kind == "detail"
                           else f"{piece.label}. {piece.text}" for piece in pieces))


# --- the whole page -----------------------------------------------------------------------------------

def parse_page(text: str) -> Imported:
    """The credential a page's text states; what it does not state is named in `missing`."""
    preamble, sections = _sections(_lines(text))
    notes: list[str] = []
    missing: set[str] = set()

    overview_section = sections.get("overview")
    overview = _prose(_pieces([_Line(overview_section.heading, 0), *overview_section.lines])
                      ) if overview_section else ""
    found = _outcomes(sections.get("outcomes"))
    parts = {number: _part(sections.get(f"part{number}")) for number in PART_SHAPE}
    part2_text = _prose(parts[2].pieces) if parts[2] else ""
    # a short line counts as the title only on a page that has the credential's sections below it
    title, title_from = _title(preamble if sections else [], found.named_title, overview, part2_text)

    if title is None or not slug(title):
        missing.add(TITLE)
    elif title_from:
        notes.append(f"the page has no title line: the title is taken from {title_from}")
    if found.named_title and title and found.named_title.casefold() != title.casefold():
        notes.append(f"the Essential Outcomes sentence names “{found.named_title}”, the title line “{title}”")
    if not overview:
        missing.add(OVERVIEW)
    notes.extend(found.notes)
    notes.extend(_outcome_notes(found, missing))

    credential: dict[str, Any] = {}
    if title and slug(title):   # a title of no letters or digits ("???") names nothing
        credential["id"] = slug(title)
        credential["title"] = title
    if url := _SOURCE_URL.search(plain(text)):
        credential["source_url"] = url.group(0).rstrip(".,;)")
    if overview:
        credential["overview"] = overview
    if found.outcomes:
        credential["outcomes"] = [_outcome_entry(o) for o in found.outcomes]
    credential["parts"] = [_overview_part(parts[1], missing, notes), _evidence_part(parts[2], notes),
                           _reflection_part(parts[3], found, missing, notes)]
    return Imported(credential, tuple(name for name in REQUIRED if name in missing), tuple(notes))


def _outcome_notes(found: _Outcomes, missing: set[str]) -> list[str]:
    notes: list[str] = []
    if not found.outcomes:
        missing.add(OUTCOMES)
        if found.stated_count:
            notes.append(f"the page says it has {counted(found.stated_count, 'essential outcome')} but lists none")
        return notes
    if found.stated_count and found.stated_count != len(found.outcomes):
        missing.add(OUTCOMES)
        notes.append(f"the page says it has {counted(found.stated_count, 'essential outcome')} but lists "
                     f"{len(found.outcomes)}")
    bare = [o.id for o in found.outcomes if not o.details]
    if bare:
        which = "outcome" if len(bare) == 1 else "outcomes"
        listed = bare[0] if len(bare) == 1 else f"{', '.join(bare[:-1])} and {bare[-1]}"
        notes.append(f"details for {which} {listed} not on the page: evidence will be mapped at the outcome level "
                     "until the portal's details are pasted in")
    return notes


def _outcome_entry(outcome: _Outcome) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": outcome.id, "text": outcome.text}
    if outcome.details:
        entry["details"] = [{"id": detail_id, "text": text} for detail_id, text in outcome.details]
    return entry


def _shape(number: int, part: _Part | None, notes: list[str]) -> dict[str, Any]:
    part_id, default_title, kind = PART_SHAPE[number]
    if part is None:
        notes.append(f"Part {number} is not on the page: it is kept as “{default_title}”, mcred's shape for it")
    elif part.title is None:
        notes.append(f"the Part {number} heading states no title: “{default_title}” is used")
    return {"id": part_id, "title": part.title if part and part.title else default_title, "kind": kind}


def _overview_part(part: _Part | None, missing: set[str], notes: list[str]) -> dict[str, Any]:
    entry = _shape(1, part, notes)
    pieces = part.pieces if part else ()
    questions = [_clean(p.text) for p in pieces if p.kind == "item" and p.text.strip()]
    prose = _prose(p for p in pieces if p.kind == "prose")
    if minimum := _minimum(prose):
        entry["min_words"] = minimum
    else:
        missing.add(PART1_MINIMUM)
    if guidance := _guidance(prose):
        entry["guidance"] = guidance
    if questions:
        entry["prompts"] = [{"id": f"q{n}", "text": q} for n, q in enumerate(questions, 1)]
    else:
        missing.add(QUESTIONS)
    return entry


def _evidence_part(part: _Part | None, notes: list[str]) -> dict[str, Any]:
    entry = _shape(2, part, notes)
    if part and (guidance := _guidance(_prose(part.pieces))):
        entry["guidance"] = guidance
    return entry


def _reflection_part(part: _Part | None, found: _Outcomes, missing: set[str], notes: list[str]) -> dict[str, Any]:
    entry = _shape(3, part, notes)
    pieces = part.pieces if part else ()
    guidance, prompts, restated = _reflection(pieces)
    if minimum := _minimum(_prose(pieces)):
        entry["min_words"] = minimum
    else:
        missing.add(PART3_MINIMUM)
    entry["address_outcomes"] = True
    if guidance := _guidance(guidance):
        entry["guidance"] = guidance
    if prompts:
        entry["prompts"] = [{"id": f"r{n}", "text": p} for n, p in enumerate(prompts, 1)]
    if restated and found.outcomes:
        same = [_clean(t).casefold() for t in restated] == [o.text.casefold() for o in found.outcomes]
        notes.append("Part 3 restates the essential outcomes word for word" if same else
                     "Part 3 lists the outcomes differently from the Essential Outcomes section: the latter is used")
    elif restated:
        notes.append(f"Part 3 lists {counted(len(restated), 'outcome')}, but the Essential Outcomes section lists "
                     "none: copy the section from the page (Part 3's list is not used in its place)")
    return entry


# --- writing it ---------------------------------------------------------------------------------------

_FOLD_AT = 88   # longer text is written as a folded block, wrapped like the catalog's files


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)   # "  - id:" under its key, as the catalog writes lists


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if not value.isprintable() or re.fullmatch(r"[\d.]+", value):
        # ids ("1", "4.1") quoted as the catalog writes them; line breaks and control characters escaped,
        # where PyYAML's other styles would turn a "\x85" into a space on the way back
        style: str | None = '"'
    else:
        style = ">" if len(value) > _FOLD_AT else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def _in_comment(text: object) -> str:
    """Text for one comment line: a line break or a control character (a title, a file name) must not end it."""
    return " ".join("".join(c if c.isprintable() else " " for c in str(text)).split())


def to_yaml(imported: Imported, source: str = "an ELN credential page") -> str:
    """The credential file: a header saying where it came from and what to paste in, then the definition."""
    title = _in_comment(imported.credential.get("title") or "A credential")
    header = [
        f"{title} — imported by `mcred credentials import` from {_in_comment(source)}.",
        "It states only what the page states. The outcome \"details\" (research-based subskills) are shown",
        "inside the ELN portal; paste them under each outcome, word for word, as",
        "    details:",
        '      - id: "1.1"',
        "        text: <the detail, word for word from the portal>",
        "Until an outcome has details, its evidence is mapped and checked at the outcome level.",
    ]
    if imported.missing:
        header += ["", f"NOT ON THE PAGE, add from the credential's page before use: "
                       f"{_in_comment(', '.join(imported.missing))}."]
    header += ["", "Start a portfolio with it: mcred init FOLDER --credential <this file>"]
    body = yaml.dump(imported.credential, Dumper=_Dumper, sort_keys=False, width=96, allow_unicode=True,
                     default_flow_style=False)
    return "".join(f"# {line}".rstrip() + "\n" for line in header) + body


# --- reading the file the page's text was saved in ------------------------------------------------------

PAGE_LIMIT = 1_000_000   # a credential page is a few kilobytes of text; anything near this is not one


def read_page(page: Path) -> str:
    """The page's text: a regular file of at most PAGE_LIMIT bytes, UTF-8 (a BOM allowed) or UTF-16 with a BOM
    (what Windows Notepad calls "Unicode"). Raises PageError saying why not."""
    try:
        # O_NONBLOCK: a named pipe given as the page must not hang the command before it is refused
        descriptor = os.open(page, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise _unreadable(f"{page} does not exist", "check the path of the file you saved the page's text in") from None
    except IsADirectoryError:
        raise _unreadable(f"{page} is a folder, not a text file", "name the text file you saved the page in") from None
    except OSError as exc:
        raise _unreadable(f"{page} cannot be read ({exc.strerror or exc})", "check the file's permissions") from None
    mode = os.fstat(descriptor).st_mode   # of what was opened, not of what the name meant a moment ago
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        if stat.S_ISDIR(mode):
            raise _unreadable(f"{page} is a folder, not a text file", "name the text file you saved the page in")
        raise _unreadable(f"{page} is not a regular file", "save the page's text in a file and name that file")
    with os.fdopen(descriptor, "rb") as handle:
        try:
            data = handle.read(PAGE_LIMIT + 1)
        except OSError as exc:
            raise _unreadable(f"{page} cannot be read ({exc.strerror or exc})", "check the file") from None
    if len(data) > PAGE_LIMIT:
        raise _unreadable(f"{page} is larger than {PAGE_LIMIT // 1_000_000} MB: that is not a credential page's text",
                        "copy the credential page's text (a few KB) into a file of its own")
    return _decode(page, data)


def _decode(page: Path, data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass   # not UTF-16 after all: say it is not text, below
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _unreadable(f"{page} is not UTF-8 text (byte {exc.start + 1}, line {line})",
                        "save the page's text as plain UTF-8 text (in a PDF or Word file, copy the text out)") from None
    if "\x00" in text:
        raise _unreadable(f"{page} is not a text file", "save the page's text as plain UTF-8 text")
    return text




def _unreadable(message: str, fix: str) -> UserError:
    return UserError.plain(f"cannot import {message}", fix, code="MC107")
