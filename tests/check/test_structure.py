"""Parts 1 and 3: every question under its own heading (lightly edited or numbered is fine), every outcome
addressed, no answer left empty, no guidance from `init` left in."""

from __future__ import annotations

from check_material import check_json, line_of, outcomes, place, questions, reflection_prompts
from support import prose

ANSWER = prose(260)


def overview(*headings: str, answer: str = ANSWER) -> str:
    return "# Overview Questions\n\n" + "".join(f"## {h}\n\n{answer}\n\n" for h in headings)


def reflection(*headings: str, answer: str = prose(130)) -> str:
    return "# Reflection & Application\n\n" + "".join(f"## {h}\n\n{answer}\n\n" for h in headings)


def test_a_question_without_its_heading(portfolio, cli):
    q = questions()
    folder = portfolio(overview=overview(f"1. {q[0]}", f"2. {q[1]}", f"4. {q[3]}", answer=prose(340)))
    report = check_json(cli, folder)
    assert report.exit_code == 1
    finding = report.only("MC203")
    assert finding["file"] == "overview.md" and finding["severity"] == "error"
    assert finding["message"].startswith("Overview Questions: question 3 has no heading of its own in overview.md: "
                                         "“Articulate the process")
    assert finding["fix"].startswith("add a heading `## 3. Articulate the process")
    assert set(report.document["words"]["overview"]["sections"]) == {"q1", "q2", "q4"}


def test_a_question_put_under_a_level_3_heading_is_pointed_out(portfolio, cli):
    q = questions()
    text = overview(f"1. {q[0]}", f"2. {q[1]}", f"4. {q[3]}", answer=prose(340))
    text = text.replace(f"## 4. {q[3]}", f"## 4. {q[3]}\n\n{prose(20)}\n\n### 3. {q[2]}")
    report = check_json(cli, portfolio(overview=text))
    finding = report.only("MC203")
    assert finding["line"] == line_of(text, f"### 3. {q[2]}")
    assert finding["fix"].startswith(f"make the heading on line {finding['line']} a level-2 heading (`## 3. ")


def test_a_question_heading_inside_a_quote_is_pointed_out(portfolio, cli):
    q = questions()
    text = overview(f"1. {q[0]}", f"2. {q[1]}", f"4. {q[3]}", answer=prose(340))
    text = text.replace(f"## 4. {q[3]}", f"## 4. {q[3]}\n\n{prose(20)}\n\n> ## 3. {q[2]}\n>\n> {prose(10)}")
    report = check_json(cli, portfolio(overview=text))
    finding = report.only("MC203")
    assert finding["line"] == line_of(text, f"> ## 3. {q[2]}")
    assert finding["fix"].startswith(f"take the heading on line {finding['line']} out of the quote or list")
    assert report.document["words"]["overview"]["sections"]["q4"] == 340 + 20 + 10   # the quote is q4's text


def test_lightly_edited_and_numbered_headings_are_recognised(portfolio, cli):
    headings = [
        "Q1 — What I have learned facilitating the goal process",                     # its number
        "2) Support and accountability: what examples can you provide for how you provide both support and "
        "accountability to help those you serve reach their performance goals?",     # its words, edited
        "Question 3",                                                                 # its number alone
        "What is going well in our organization, and our next steps in ensuring accountability",  # its words
    ]
    report = check_json(cli, portfolio(overview=overview(*headings)))
    assert not report.codes & {"MC203", "MC204"}, report.findings
    assert report.document["words"]["overview"]["sections"] == {"q1": 260, "q2": 260, "q3": 260, "q4": 260}
    assert report.exit_code == 0


def test_headings_in_another_order_still_answer_their_questions(portfolio, cli):
    q = questions()
    report = check_json(cli, portfolio(overview=overview(q[3], q[1], q[0], q[2])))
    assert not report.codes & {"MC203", "MC204"}
    assert report.exit_code == 0


def test_a_heading_with_no_answer(portfolio, cli):
    q = questions()
    text = overview(f"1. {q[0]}", f"2. {q[1]}", f"3. {q[2]}", answer=prose(340)) + f"## 4. {q[3]}\n"
    report = check_json(cli, portfolio(overview=text))
    finding = report.only("MC204")
    assert place(finding) == f"overview.md:{line_of(text, '## 4.')}"
    assert finding["message"] == "Overview Questions: question 4 has a heading but no answer"
    assert report.exit_code == 1


def test_the_terminal_shows_file_and_line(portfolio, cli, monkeypatch):
    q = questions()
    text = overview(*(f"{n}. {t}" for n, t in enumerate(q[:3], 1)), answer=prose(340)) + f"## 4. {q[3]}\n"
    monkeypatch.chdir(portfolio(overview=text))
    result = cli("check")
    assert f"MC204 overview.md:{line_of(text, '## 4.')} error Overview Questions: question 4 has a heading but no answer" \
        in result.output
    assert result.exit_code == 1


def test_a_reflection_without_a_section_for_an_outcome(portfolio, cli):
    sections = [f"Outcome {i}: {t}" for i, t in outcomes() if i != "3"] + reflection_prompts()
    report = check_json(cli, portfolio(reflection=reflection(*sections, answer=prose(150))))
    finding = report.only("MC205")
    assert finding["file"] == "reflection.md"
    assert finding["message"] == ("Reflection & Application has no section for outcome 3: “Ensure and articulate "
                                  "accountability for achieving performance goals.”")
    assert finding["fix"].startswith("add `## Outcome 3: Ensure and articulate")
    assert report.exit_code == 1


def test_an_empty_outcome_section(portfolio, cli):
    text = reflection(*[f"Outcome {i}: {t}" for i, t in outcomes()][:3], *reflection_prompts(), answer=prose(170))
    text += f"## Outcome 4: {outcomes()[3][1]}\n"
    report = check_json(cli, portfolio(reflection=text))
    finding = report.only("MC204")
    assert finding["message"] == "Reflection & Application: the section for outcome 4 is empty"
    assert place(finding) == f"reflection.md:{line_of(text, '## Outcome 4')}"


def test_outcome_headings_by_number_alone(portfolio, cli):
    """"Outcome 1" … "EO 4" answer the outcomes; a renamed prompt is the one reported, not outcome 1."""
    text = reflection("Outcome 1", "EO 2", "Essential Outcome 3", "4", "What I will change next year")
    report = check_json(cli, portfolio(reflection=text))
    assert "MC205" not in report.codes, report.findings
    finding = report.only("MC203")
    assert finding["message"].startswith("Reflection & Application: prompt 1 has no heading of its own")
    assert report.document["words"]["reflection"]["sections"] == {f"outcome {i}": 130 for i in "1234"}


def test_a_question_heading_never_answers_an_outcome(portfolio, cli):
    text = reflection("Question 1", "Outcome 2", "Outcome 3", "Outcome 4", reflection_prompts()[0])
    report = check_json(cli, portfolio(reflection=text))
    assert "no section for outcome 1" in report.only("MC205")["message"]


def test_guidance_left_in_a_draft(portfolio, cli):
    q = questions()
    todo = "[TODO: Answer question 4 here with specific examples from your school.]"
    text = overview(*(f"{n}. {t}" for n, t in enumerate(q[:3], 1)), answer=prose(340)) + f"## 4. {q[3]}\n\n{todo}\n"
    report = check_json(cli, portfolio(overview=text))
    finding = report.only("MC206")
    assert place(finding) == f"overview.md:{line_of(text, todo)}"
    assert finding["severity"] == "error" and "guidance from `mcred init`" in finding["message"]
    assert "MC204" not in report.codes            # the guidance is the finding; the answer is not "empty" twice
    assert report.document["words"]["overview"]["words"] == 1020   # guidance words do not count
    assert report.exit_code == 1


def test_guidance_inside_a_paragraph_with_own_words(portfolio, cli):
    text = overview(*questions()).replace(ANSWER, ANSWER + " [TODO: add the March data]", 1)
    report = check_json(cli, portfolio(overview=text))
    assert report.only("MC206")["line"] == line_of(text, "[TODO")
    assert report.exit_code == 1


def test_a_fresh_init_portfolio_reports_its_guidance(tmp_path, cli):
    folder = tmp_path / "fresh"
    assert cli("init", str(folder), "-c", "ensuring-accountability", "--name", "J", "--role", "AP",
               "--school", "S", "--district", "D").exit_code == 0
    report = check_json(cli, folder)
    assert report.exit_code == 1
    files = {f["file"] for f in report.all("MC206")}
    assert files == {"overview.md", "reflection.md"}
    assert {"MC202", "MC306"} <= report.codes


def test_a_picture_in_a_draft_is_not_shown_in_the_packet(portfolio, cli):
    q = questions()
    text = overview(*(f"{n}. {t}" for n, t in enumerate(q, 1)), answer=prose(300))
    text = text.replace(prose(300), prose(300) + "\n\n![Our data wall](data-wall.png)", 1)
    report = check_json(cli, portfolio(overview=text))
    finding = report.only("MC207")
    assert finding["severity"] == "warning" and "data-wall.png" in finding["message"]
    assert finding["line"] == line_of(text, "![Our data wall]")


def test_an_outcome_section_too_short_for_an_example(portfolio, cli):
    sections = [f"Outcome {i}: {t}" for i, t in outcomes()] + reflection_prompts()
    text = reflection(*sections, answer=prose(150)).replace(prose(150), "Yes, we did.", 1)
    report = check_json(cli, portfolio(reflection=text))
    finding = report.only("MC208")
    assert finding["message"] == "Reflection & Application: the section for outcome 1 has only 3 words"
    assert report.exit_code == 0
    assert check_json(cli, portfolio("strict", reflection=text), "--strict").exit_code == 1
