"""A narrative draft's sections matched to what its part asks: the questions, or the outcomes.

Matching is check's own (`mcred.text.drafts.match_sections`): by the question's words, lightly edited, or by its
number ("2.", "Question 2", "Outcome 2", "EO 2"). Sections that match nothing still appear, in the order
written; what no section answers is listed after them (only a draft packet can get that far).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markdown_it.token import Token

from mcred.facts import Credential, Part
from mcred.text.drafts import Draft, match_sections


@dataclass(frozen=True)
class Asked:
    """One thing the part asks for: a question, or an outcome to reflect on."""

    key: str              # "q2", "outcome 1": unique within the part, as check's WordCount.by_prompt keys them
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
        asked += [Asked(f"outcome {o.id}", f"Outcome {o.id}", o.text, o.id, True) for o in credential.outcomes]
    asked += [Asked(p.id, f"Question {n}" if not part.address_outcomes else "", p.text, str(n), False)
              for n, p in enumerate(part.prompts, 1)]
    return asked


def answers(draft: Draft, part: Part, credential: Credential) -> tuple[list[Token], list[Answer]]:
    """The draft's introduction and its sections, each matched to what it answers where it can be.

    Every section is matched by `mcred.text.drafts.match_sections`, exactly as check matches them, so the packet shows
    a question as answered exactly when check counted it answered. Only a first level-1 section that answers
    nothing is the draft's own title: its heading is dropped (the part heading says it) and its text opens the part.
    """
    asked = asked_in(part, credential)
    matched = match_sections(draft.sections, [(a.key, a.number, a.text) for a in asked])
    answering = {id(section): a for a in asked if (section := matched.get(a.key)) is not None}
    intro = list(draft.preamble)
    found: list[Answer] = []
    for index, section in enumerate(draft.sections):
        if index == 0 and section.level == 1 and id(section) not in answering:
            intro += section.tokens
            continue
        found.append(Answer(section.heading, section.tokens, answering.get(id(section))))
    found += [Answer(a.text, [], a) for a in asked if a.key not in matched]
    return intro, found
