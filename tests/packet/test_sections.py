"""A draft's sections find the question or outcome they answer, the way a reader would match them."""

from __future__ import annotations

from pathlib import Path

from mcred.read import catalog, load_credential
from mcred.read.sections import answers
from mcred.text.drafts import parse_draft

CREDENTIAL = load_credential(catalog.resolve("ensuring-accountability"))


def matched(part_id: str, text: str) -> list[tuple[str, str | None]]:
    _intro, found = answers(parse_draft(Path("draft.md"), text), CREDENTIAL.part(part_id), CREDENTIAL)
    return [(a.heading, a.asked.key if a.asked else None) for a in found]


def test_questions_match_by_text_number_or_name_and_own_sections_stay_in_place():
    q3 = CREDENTIAL.part("overview").prompts[2].text
    text = (f"# Overview Questions\n\nIntro.\n\n## 1. Anything\n\nA.\n\n## My own thoughts\n\nB.\n\n"
            f"## “{q3.upper()}”\n\nC.\n\n## Question 4\n\nD.\n")
    assert matched("overview", text) == [
        ("1. Anything", "q1"), ("My own thoughts", None), (f"“{q3.upper()}”", "q3"), ("Question 4", "q4"),
        (CREDENTIAL.part("overview").prompts[1].text, "q2"),  # not answered: listed last, for a draft
    ]


def test_reflection_sections_match_outcomes_by_number_and_prompts_by_text():
    prompt = CREDENTIAL.part("reflection").prompts[0].text
    text = ("## Outcome 2\n\nA.\n\n## EO 1: what I did\n\nB.\n\n## 3. Accountability\n\nC.\n\n"
            f"## 4\n\nD.\n\n## {prompt}\n\nE.\n")
    assert matched("reflection", text) == [("Outcome 2", "outcome 2"), ("EO 1: what I did", "outcome 1"),
                                           ("3. Accountability", "outcome 3"), ("4", "outcome 4"),
                                           (prompt, "changes")]


def test_the_packet_and_check_agree_on_a_lightly_reworded_question(portfolio, cli):
    """A heading without a number, reworded as people do, is answered for check and for the packet alike."""
    import json

    questions = [p.text for p in CREDENTIAL.part("overview").prompts]
    reworded = "What is going well in our organization, and our next steps in ensuring accountability"
    text = "".join(f"## {q}\n\n{'word ' * 300}\n\n" for q in questions[:3]) + f"## {reworded}\n\n{'word ' * 300}\n"
    assert matched("overview", text)[3] == (reworded, "q4")
    report = json.loads(cli("check", str(portfolio(overview=text)), "--json").stdout)
    assert not [f for f in report["findings"] if f["code"] in ("MC203", "MC204")]
