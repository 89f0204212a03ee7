"""Parts 1 and 3: each draft's words against its minimum, every question and outcome answered under its own
heading, and no guidance from `init` left in (MC2xx)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from markdown_it.token import Token

from mcred.facts import GUIDANCE_MARK, Facts, Part, Portfolio, Problem, Trouble, WordCount
from mcred.findings import Finding, Location, counted, error, shorten, warning
from mcred.text.drafts import MAX_NESTING, Draft, Section, body_words, match_sections

# Part 3 asks for specific examples for every outcome: a section shorter than this cannot hold one.
THIN_OUTCOME_WORDS = 40


def check(facts: Facts, words: dict[str, WordCount]) -> list[Finding]:
    findings: list[Finding] = []
    portfolio = facts.portfolio
    for part in portfolio.credential.narrative_parts:
        path = portfolio.drafts[part.id]
        draft = facts.drafts.get(part.id)
        if draft is None:
            findings.append(_unreadable(part, path, facts.draft_troubles.get(part.id)))
            words[part.id] = WordCount(part.id, 0, part.min_words)
            continue
        findings += _word(draft) + _guidance_left(draft) + _pictures(draft) + _too_deep(draft)
        count = WordCount(part.id, written_words(draft.tokens), part.min_words)
        findings += _structure(portfolio, part, draft, count)
        words[part.id] = count
        if count.missing:
            findings.append(error(
                "MC202", f"{part.title} has {counted(count.words, 'word')}; it needs at least {part.min_words:,} "
                         f"({count.missing:,} more)",
                "add specific examples until the part reaches its minimum (headings do not count)", Location(path)))
    return findings


def _unreadable(part: Part, path: Path, trouble: Trouble | None) -> Finding:
    problem = trouble.problem if trouble else Problem.NO_ACCESS
    fix = {Problem.MISSING: f"create {path.name}, or fix `drafts:` in mcred.yaml — `mcred init` writes a draft to "
                            "start from",
           Problem.FOLDER: f"rename or move the folder {path.name} aside: mcred reads a file of that name",
           Problem.NOT_UTF8: "save it as UTF-8 in your editor",
           Problem.NOT_A_DRAFT: "save it as a Word document (File → Save as → Word Document, .docx) or as Markdown, "
                                "and name that file in `drafts:`",
           Problem.CORRUPT: "open it in Word and save it again as a Word Document (.docx)",
           Problem.OUTSIDE: "keep the draft inside the portfolio folder and name it from there in mcred.yaml",
           Problem.NOT_REGULAR: "name a regular Markdown file in `drafts:`",
           Problem.TOO_LARGE: "a draft is a few hundred KB at most: check the file"}.get(problem,
                                                                                      "check the file's permissions")
    said = trouble.says() if trouble else problem.value
    return error("MC201", f"The {part.title} draft {path.name} {said}", fix,
                 Location(path, trouble.line if trouble else None))


def written_words(tokens: list[Token]) -> int:
    """Words the practitioner wrote: body text, without paragraphs that are still `init`'s guidance."""
    return body_words([t for t in tokens if not _has_guidance([t])])


def _word(draft: Draft) -> list[Finding]:
    """What a Word draft holds that the packet would not show as the writer sees it in Word."""
    word = draft.word
    if word is None:
        return []
    findings = []
    held = [counted(n, what) for n, what in ((word.tracked_changes, "tracked change"), (word.comments, "comment")) if n]
    if held:
        findings.append(warning("MC210", f"{draft.path.name} has {' and '.join(held)}: the packet shows the text as if "
                                         "every change were accepted, without the comments",
                                "in Word, Review → Accept (or Reject) all changes and delete the comments, then save",
                                Location(draft.path)))
    if word.unread:
        shown = "; ".join(shorten(said, 80) for said in word.unread[:3]) + (" …" if len(word.unread) > 3 else "")
        findings.append(warning("MC211", f"{draft.path.name} holds content mcred cannot read, which the packet leaves "
                                         f"out: {shown}",
                                "write it as text in the draft (a picture or an equation as an artifact), or save the "
                                "draft as Markdown", Location(draft.path)))
    return findings


def _pictures(draft: Draft) -> list[Finding]:
    """Markdown images: the packet holds artifacts' pages, not pictures inside a draft, so it shows a placeholder."""
    return [warning("MC207", f"the picture `{child.attrGet('src')}` in the draft is not shown in the packet",
                    "add the picture as an artifact (PNG or JPEG) in evidence.yaml and refer to it by its id",
                    Location(draft.path, draft.line(_line(token))))
            for token in draft.tokens if token.type == "inline"
            for child in token.children or [] if child.type == "image"]


def _too_deep(draft: Draft) -> list[Finding]:
    """Nesting the packet cannot typeset: the text past the limit is counted and shown flattened, and said here."""
    return [error("MC209", f"the Markdown nests more than {MAX_NESTING} levels deep here (quotes, lists or emphasis)",
                  f"flatten the quotes/lists to at most {MAX_NESTING} levels; until then the packet shows the deeper "
                  f"text at level {MAX_NESTING}", Location(draft.path, draft.line(line)))
            for line in draft.too_deep]


def _guidance_left(draft: Draft) -> list[Finding]:
    return [error("MC206", "guidance from `mcred init` is still in the draft",
                  f"replace the {GUIDANCE_MARK} …] text with your own words",
                  Location(draft.path, draft.line(_line(token))))
            for token in draft.tokens if token.type == "inline" and GUIDANCE_MARK in token.content]


def _has_guidance(tokens: list[Token]) -> bool:
    return any(t.type == "inline" and GUIDANCE_MARK in t.content for t in tokens)


def _line(token: Token) -> int | None:
    return token.map[0] + 1 if token.map else None


def _structure(portfolio: Portfolio, part: Part, draft: Draft, count: WordCount) -> list[Finding]:
    """Every outcome (where the part addresses them) and every prompt answered under a heading of its own."""
    findings: list[Finding] = []
    asked = "prompt" if part.address_outcomes else "question"
    wanted = [_Wanted(f"outcome {o.id}", o.id, o.text, f"outcome {o.id}", f"## Outcome {o.id}: {shorten(o.text, 60)}")
              for o in (portfolio.credential.outcomes if part.address_outcomes else ())]
    wanted += [_Wanted(p.id, str(n), p.text, f"{asked} {n}", f"## {n}. {shorten(p.text, 60)}")
               for n, p in enumerate(part.prompts, 1)]
    # Outcomes first: in a reflection a bare "## 1" heading is outcome 1, not the first prompt.
    answered = match_sections(draft.sections, [(w.key, w.number, w.text) for w in wanted])
    for item in wanted:
        section = answered.get(item.key)
        is_outcome = item.key.startswith("outcome ")
        if section is None:
            if is_outcome:
                findings.append(error("MC205", f"{part.title} has no section for {item.name}: “{shorten(item.text)}”",
                                      f"add {_as_heading(draft, item.heading)} with specific examples of how you "
                                      "applied it", Location(draft.path)))
            else:
                deeper = match_sections(draft.deeper_headings(), [(item.key, item.number, item.text)]).get(item.key)
                findings.append(error("MC203", f"{part.title}: {item.name} has no heading of its own in "
                                               f"{draft.path.name}: “{shorten(item.text)}”",
                                      _heading_fix(draft, item, deeper, asked),
                                      Location(draft.path, draft.line(deeper.line) if deeper else None)))
            continue
        count.by_prompt[item.key] = written_words(section.tokens)
        if is_outcome and 0 < count.by_prompt[item.key] < THIN_OUTCOME_WORDS:
            findings.append(warning("MC208", f"{part.title}: the section for {item.name} has only "
                                             f"{counted(count.by_prompt[item.key], 'word')}",
                                    f"give a specific example of how you applied it (at least {THIN_OUTCOME_WORDS} "
                                    "words)", Location(draft.path, draft.line(section.line))))
        if not count.by_prompt[item.key] and not _has_guidance(section.tokens):
            message = (f"the section for {item.name} is empty" if is_outcome else f"{item.name} has a heading but no answer")
            findings.append(error("MC204", f"{part.title}: {message}", "write the answer under the heading",
                                  Location(draft.path, draft.line(section.line))))
    return findings


def _as_heading(draft: Draft, heading: str) -> str:
    """A heading to add, as the writer types it: Markdown, or in Word a paragraph in the Heading 2 style."""
    if draft.word is None:
        return f"`{heading}`"
    return f"the heading “{heading.removeprefix('## ')}” (Word's Heading 2 style)"


def _heading_fix(draft: Draft, item: _Wanted, deeper: Section | None, asked: str) -> str:
    if deeper is None:
        return f"add a heading {_as_heading(draft, item.heading).removeprefix('the heading ')} and answer the {asked} under it"
    if draft.word is not None:
        return (f"give the heading “{deeper.heading}” Word's Heading 1 or Heading 2 style (only those start an answer), "
                "outside any list or table")
    if deeper.level > 2:
        return (f"make the heading on line {deeper.line} a level-2 heading (`## {deeper.heading}`): only `#` and `##` "
                "headings start an answer")
    return (f"take the heading on line {deeper.line} out of the quote or list it is in: only a `#` or `##` heading "
            "standing on its own starts an answer")


@dataclass(frozen=True)
class _Wanted:
    key: str        # the WordCount.by_prompt key: a prompt id, or "outcome <id>"
    number: str
    text: str
    name: str       # "question 2", "outcome 3"
    heading: str    # the heading to suggest
