"""A narrative draft's `## ` sections matched to what its part asks: the questions, or the outcomes.

Matching is check's own (`mcred.drafts.match_sections`): by the question's words, lightly edited, or by its
number ("2.", "Question 2", "Outcome 2", "EO 2"). Sections that match nothing still appear, in the order
written; what no section answers is listed after them (only a draft packet can get that far).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it.token import Token

from mcred.drafts import Draft, Section, match_sections
from mcred.model import Credential, Part


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
    """The draft's introduction (text before its first `## `) and its sections, each matched where it can be.

    Matching is `mcred.drafts.match_sections`, the one check uses: the packet shows a question as answered
    exactly when check counted it answered.
    """
    intro = list(draft.preamble)
    body: list[Section] = []
    for section in draft.sections:
        if section.level == 1 and (_same(section.heading, part.title) or not body):
            intro += section.tokens  # the draft's own title: the part heading says it already
            continue
        body.append(section)
    asked = asked_in(part, credential)
    matched = match_sections(body, [(_match_key(a), a.number, a.text) for a in asked])
    answering = {id(section): a for a in asked if (section := matched.get(_match_key(a))) is not None}
    found = [Answer(section.heading, section.tokens, answering.get(id(section))) for section in body]
    found += [Answer(a.text, [], a) for a in asked if _match_key(a) not in matched]
    return intro, found


def _match_key(asked: Asked) -> str:
    return f"outcome {asked.number}" if asked.is_outcome else asked.key


def _normal(text: str) -> str:
    """Lower case, words only: punctuation, quotes and spacing don't decide a match."""
    return " ".join(re.findall(r"[^\W_]+", text.lower()))


def _same(one: str, other: str) -> bool:
    return _normal(one) == _normal(other)
