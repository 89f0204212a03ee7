"""Parts 1 and 3: each draft's words against its minimum, every question and outcome answered under its own
heading, and no guidance from `init` left in (MC2xx)."""

from __future__ import annotations

from markdown_it.token import Token

from mcred.drafts import Draft, body_words, match_sections, parse_draft
from mcred.findings import Finding, Location, error, shorten
from mcred.model import GUIDANCE_MARK, Part, Portfolio, WordCount
from mcred.yamlsrc import Unreadable, read_text


def check(portfolio: Portfolio, words: dict[str, WordCount]) -> list[Finding]:
    findings: list[Finding] = []
    for part in portfolio.credential.narrative_parts:
        path = portfolio.drafts[part.id]
        try:
            draft = parse_draft(path, read_text(path, f"The {part.title} draft"))
        except Unreadable as exc:
            found = exc.finding
            start = " — `mcred init` writes a draft to start from" if found.message.endswith("does not exist") else ""
            findings.append(error("MC201", found.message, found.fix + start, found.where))
            words[part.id] = WordCount(part.id, 0, part.min_words)
            continue
        findings += _guidance_left(draft)
        count = WordCount(part.id, written_words(draft.tokens), part.min_words)
        findings += _structure(portfolio, part, draft, count)
        words[part.id] = count
        if count.missing:
            findings.append(error(
                "MC202", f"{part.title} has {count.words:,} words; it needs at least {part.min_words:,} "
                         f"({count.missing:,} more)",
                "add specific examples until the part reaches its minimum (headings do not count)", Location(path)))
    return findings


def written_words(tokens: list[Token]) -> int:
    """Words the practitioner wrote: body text, without paragraphs that are still `init`'s guidance."""
    return body_words([t for t in tokens if not _has_guidance([t])])


def _guidance_left(draft: Draft) -> list[Finding]:
    return [error("MC206", "guidance from `mcred init` is still in the draft",
                  f"replace the {GUIDANCE_MARK} …] text with your own words", Location(draft.path, _line(token)))
            for token in draft.tokens if token.type == "inline" and GUIDANCE_MARK in token.content]


def _has_guidance(tokens: list[Token]) -> bool:
    return any(t.type == "inline" and GUIDANCE_MARK in t.content for t in tokens)


def _line(token: Token) -> int | None:
    return token.map[0] + 1 if token.map else None


def _structure(portfolio: Portfolio, part: Part, draft: Draft, count: WordCount) -> list[Finding]:
    findings: list[Finding] = []
    name = draft.path.name
    outcomes = list(portfolio.credential.outcomes) if part.address_outcomes else []
    # Outcomes first: in a reflection a bare "## 1" heading is outcome 1, not the first prompt.
    items = [(f"outcome {o.id}", o.id, o.text) for o in outcomes]
    items += [(p.id, str(n), p.text) for n, p in enumerate(part.prompts, 1)]
    answered = match_sections(draft.sections, items)
    asked = "prompt" if part.address_outcomes else "question"
    for number, prompt in enumerate(part.prompts, 1):
        section = answered.get(prompt.id)
        if section is None:
            findings.append(error(
                "MC203", f"{part.title}: {asked} {number} has no heading of its own in {name}: “{shorten(prompt.text)}”",
                f"add a heading `## {number}. {shorten(prompt.text, 60)}` and answer the question under it",
                Location(draft.path)))
        else:
            count.by_prompt[prompt.id] = written_words(section.tokens)
            if not count.by_prompt[prompt.id] and not _has_guidance(section.tokens):
                findings.append(error("MC204", f"{part.title}: {asked} {number} has a heading but no answer",
                                      "write the answer under the heading", Location(draft.path, section.line)))
    for outcome in outcomes:
        key = f"outcome {outcome.id}"
        section = answered.get(key)
        if section is None:
            findings.append(error(
                "MC205", f"{part.title} has no section for outcome {outcome.id}: “{shorten(outcome.text)}”",
                f"add `## Outcome {outcome.id}: {shorten(outcome.text, 60)}` with specific examples of how you applied it",
                Location(draft.path)))
        else:
            count.by_prompt[key] = written_words(section.tokens)
            if not count.by_prompt[key] and not _has_guidance(section.tokens):
                findings.append(error("MC204", f"{part.title}: the section for outcome {outcome.id} is empty",
                                      "give specific examples of how you applied the outcome",
                                      Location(draft.path, section.line)))
    return findings
