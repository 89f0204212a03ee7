"""A narrative draft's `## ` sections matched to what its part asks: the questions, or the outcomes.

Matching is lenient, the way a person reads: a heading matches a question or an outcome when it contains its
text, or when it begins with its number ("2.", "Question 2", "Outcome 2", "EO 2"). Sections that match
nothing still appear, in the order written; what no section answers is listed after them (only a draft
packet can get that far).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it.token import Token

from mcred.drafts import Draft
from mcred.model import Credential, Part

_NUMBERED = re.compile(
    r"^\s*(?:(?P<word>question|q|outcome|essential outcome|eo)\s*)?(?P<number>\d+(?:\.\d+)*)(?![\d])",
    re.IGNORECASE)
_OUTCOME_WORDS = {"outcome", "essential outcome", "eo"}
_QUESTION_WORDS = {"question", "q"}


@dataclass(frozen=True)
class Asked:
    """One thing the part asks for: a question, or an outcome to reflect on."""

    key: str              # "q2", "outcome-1": unique within the part
    label: str            # "Question 2", "Outcome 1"
    text: str
    number: str           # what a heading may begin with: "2", "1", "4.1"
    is_outcome: bool


@dataclass
class Answer:
    """A section of the draft, and what it answers (None: a section of the writer's own)."""

    heading: str
    tokens: list[Token] = field(default_factory=list)
    asked: Asked | None = None


def asked_in(part: Part, credential: Credential) -> list[Asked]:
    asked: list[Asked] = []
    if part.address_outcomes:
        asked += [Asked(f"outcome-{o.id}", f"Outcome {o.id}", o.text, o.id, True) for o in credential.outcomes]
    asked += [Asked(p.id, f"Question {n}" if not part.address_outcomes else "", p.text, str(n), False)
              for n, p in enumerate(part.prompts, 1)]
    return asked


def answers(draft: Draft, part: Part, credential: Credential) -> tuple[list[Token], list[Answer]]:
    """The draft's introduction (text before its first `## `) and its sections, each matched where it can be."""
    intro = list(draft.preamble)
    asked = asked_in(part, credential)
    unmatched = list(asked)
    found: list[Answer] = []
    for section in draft.sections:
        if section.level == 1 and (_same(section.heading, part.title) or not found):
            intro += section.tokens  # the draft's own title: the part heading says it already
            continue
        match = _match(section.heading, unmatched, by_outcome=part.address_outcomes)
        if match is not None:
            unmatched.remove(match)
        found.append(Answer(section.heading, section.tokens, match))
    found += [Answer(a.text, [], a) for a in unmatched]
    return intro, found


def _match(heading: str, candidates: list[Asked], *, by_outcome: bool) -> Asked | None:
    wanted = _normal(heading)
    for candidate in candidates:
        text = _normal(candidate.text)
        if text and text in wanted:
            return candidate
    numbered = _NUMBERED.match(heading)
    if numbered is None:
        return None
    word = (numbered.group("word") or "").lower()
    if word in _OUTCOME_WORDS or (not word and by_outcome):
        wants_outcome = True
    elif word in _QUESTION_WORDS:
        wants_outcome = False
    else:
        wants_outcome = by_outcome
    number = numbered.group("number")
    return next((c for c in candidates if c.is_outcome == wants_outcome and c.number == number), None)


def _normal(text: str) -> str:
    """Lower case, words only: punctuation, quotes and spacing don't decide a match."""
    return " ".join(re.findall(r"[^\W_]+", text.lower()))


def _same(one: str, other: str) -> bool:
    return _normal(one) == _normal(other)
