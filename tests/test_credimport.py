"""Importing an ELN credential page: the seeds give the shipped catalog, and nothing the page lacks is invented."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mcred.read import catalog
from mcred.read.credential_page import (
    OUTCOMES,
    OVERVIEW,
    PART1_MINIMUM,
    PART3_MINIMUM,
    PART_SHAPE,
    QUESTIONS,
    REQUIRED,
    TITLE,
    Imported,
    parse_page,
    plain,
    slug,
    to_yaml,
)

PAGES = Path(__file__).parent / "pages"
ACCOUNTABILITY = (PAGES / "ensuring-accountability.txt").read_text(encoding="utf-8")
VISION = (PAGES / "leading-vision-and-mission.txt").read_text(encoding="utf-8")
QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def same(text: str) -> str:
    """Text as compared with the catalog: whitespace and quotes normalised, nothing else."""
    return " ".join(text.translate(QUOTES).split())


def shipped(credential_id: str) -> dict:
    return yaml.safe_load(catalog.resolve(credential_id).read_text(encoding="utf-8"))


def part(credential: dict, part_id: str) -> dict:
    return next(p for p in credential["parts"] if p["id"] == part_id)


def outcomes_of(credential: dict) -> list[tuple[str, str]]:
    return [(o["id"], same(o["text"])) for o in credential.get("outcomes", [])]


def questions_of(credential: dict) -> list[tuple[str, str]]:
    return [(q["id"], same(q["text"])) for q in part(credential, "overview").get("prompts", [])]


def minimums_of(credential: dict) -> tuple[int | None, int | None]:
    return part(credential, "overview").get("min_words"), part(credential, "reflection").get("min_words")


def read_back(imported: Imported, tmp_path: Path, name: str = "credential.yaml"):
    """The imported file as the project's own reader sees it."""
    from mcred.read import read_credential
    path = tmp_path / name
    path.write_text(to_yaml(imported, "page.txt"), encoding="utf-8")
    return read_credential(path)


# --- the seeds ----------------------------------------------------------------------------------------

def test_the_accountability_page_gives_the_shipped_catalog_entry(tmp_path):
    imported = parse_page(ACCOUNTABILITY)
    expected = shipped("ensuring-accountability")
    assert imported.missing == ()
    got = imported.credential
    assert (got["id"], got["title"]) == (expected["id"], expected["title"])
    assert same(got["overview"]) == same(expected["overview"])
    assert outcomes_of(got) == outcomes_of(expected)
    assert questions_of(got) == questions_of(expected)
    assert minimums_of(got) == minimums_of(expected) == (1000, 500)
    assert [p["id"] for p in got["parts"]] == ["overview", "evidence", "reflection"]
    assert [p["kind"] for p in got["parts"]] == ["narrative", "evidence", "narrative"]
    assert part(got, "reflection")["address_outcomes"] is True
    assert part(got, "evidence")["title"] == "Skill Demonstration Product with Self-Analysis"
    assert part(got, "overview")["guidance"] == part(expected, "overview")["guidance"]
    # the page's own words for what Part 3 asks beyond the outcomes
    assert [p["text"] for p in part(got, "reflection")["prompts"]] == [
        "In this section, please note as a result of this experience what elements of your process you may "
        "change and/or what process elements you may begin to use."]
    assert imported.notes == (
        "details for outcomes 1, 2, 3 and 4 not on the page: evidence will be mapped at the outcome level until "
        "the portal's details are pasted in",
        "Part 3 restates the essential outcomes word for word")   # its run-together "a. …b. …" list, split

    credential, findings = read_back(imported, tmp_path)
    assert findings == [] and credential is not None
    assert [o.id for o in credential.outcomes] == ["1", "2", "3", "4"]
    assert all(not o.details for o in credential.outcomes)   # the page lists none, so none are made up
    assert [t.id for t in credential.targets] == ["1", "2", "3", "4"]


def test_the_vision_page_names_what_it_does_not_list(tmp_path):
    imported = parse_page(VISION)
    assert imported.missing == (OUTCOMES, QUESTIONS)
    got = imported.credential
    assert (got["id"], got["title"]) == ("leading-vision-and-mission", "Leading Vision and Mission")
    assert "outcomes" not in got and "prompts" not in part(got, "overview")
    assert minimums_of(got) == (1000, 500)
    assert part(got, "reflection")["title"] == "Reflection and Application"   # as the page states it
    assert [p["text"] for p in part(got, "reflection")["prompts"]] == [
        "Include a reflection about the impact of this skill on your professional practice and how you will "
        "continue to apply it in the future."]
    assert any("3 essential outcomes but lists none" in note for note in imported.notes)
    assert any("title is taken from the Essential Outcomes sentence" in note for note in imported.notes)
    written = to_yaml(imported, "leading-vision-and-mission.txt")
    assert ("NOT ON THE PAGE, add from the credential's page before use: essential outcomes, Part 1 questions."
            in written)
    assert yaml.safe_load(written) == got


def test_the_vision_page_with_its_public_lists_pasted_in_gives_the_catalog_entry(tmp_path):
    """CATALOG-NOTES: the public page lists the outcomes and questions the seed lost; pasted in, they import."""
    expected = shipped("leading-vision-and-mission")
    outcomes = "\n".join(f"{o['id']}. {same(o['text'])}" for o in expected["outcomes"])
    questions = "\n".join(f"{q['id'][1:]}. {same(q['text'])}" for q in part(expected, "overview")["prompts"])
    page = (VISION.replace("three essential outcomes:\n", f"three essential outcomes:\n{outcomes}\n")
                  .replace("(1,000-word minimum):\n", f"(1,000-word minimum):\n{questions}\n"))
    imported = parse_page(page)
    assert imported.missing == ()
    assert outcomes_of(imported.credential) == outcomes_of(expected)
    assert questions_of(imported.credential) == questions_of(expected)
    credential, findings = read_back(imported, tmp_path)
    assert findings == [] and credential is not None and len(credential.outcomes) == 3


# --- a section missing ----------------------------------------------------------------------------------

def without(text: str, start: str, end: str) -> str:
    """The page with the lines from the one starting `start` up to (not including) the one starting `end`."""
    lines = text.splitlines(keepends=True)
    first = next(i for i, line in enumerate(lines) if line.startswith(start))
    last = next(i for i, line in enumerate(lines) if i > first and line.startswith(end))
    return "".join(lines[:first] + lines[last:])


MINUS = {
    "Part 1 block": (without(ACCOUNTABILITY, "Part 1.", "Part 2."), (QUESTIONS, PART1_MINIMUM)),
    "outcomes block": (without(ACCOUNTABILITY, "Essential Outcomes", "Requirements"), (OUTCOMES,)),
    "outcome list only": (without(ACCOUNTABILITY, "  1. Collab", "Requirements"), (OUTCOMES,)),
    "Part 3 minimum sentence": (ACCOUNTABILITY.replace(
        "Submit, in writing, a summary of your experience of Ensuring Accountability (500-word minimum). ", ""),
        (PART3_MINIMUM,)),
    "Part 1 minimum": (ACCOUNTABILITY.replace(" (1,000-word minimum)", ""), (PART1_MINIMUM,)),
    "questions only": (without(ACCOUNTABILITY, "  1. What have", "Part 2."), (QUESTIONS,)),
    "overview": (without(ACCOUNTABILITY, "Overview", "Essential Outcomes"), (OVERVIEW,)),
    "Part 3 block": (without(ACCOUNTABILITY, "Part 3.", "PurchasePDF"), (PART3_MINIMUM,)),
    "everything after the title": (ACCOUNTABILITY[: ACCOUNTABILITY.index("Overview")], REQUIRED),
}


@pytest.mark.parametrize("name", MINUS)
def test_a_page_missing_a_section_names_exactly_what_is_missing(name):
    page, expected = MINUS[name]
    imported = parse_page(page)
    assert imported.missing == expected
    complete = parse_page(ACCOUNTABILITY).credential
    # what the page still states is still read
    if OUTCOMES not in expected:
        assert outcomes_of(imported.credential) == outcomes_of(complete)
    if QUESTIONS not in expected:
        assert questions_of(imported.credential) == questions_of(complete)
    if OVERVIEW not in expected:
        assert imported.credential["overview"] == complete["overview"]


def test_outcomes_only_in_part_3_are_not_taken_for_the_essential_outcomes():
    imported = parse_page(without(ACCOUNTABILITY, "Essential Outcomes", "Requirements"))
    assert "outcomes" not in imported.credential
    assert any("Part 3 lists 4 outcomes" in note for note in imported.notes)


def test_a_title_line_missing_is_read_from_the_outcomes_sentence():
    imported = parse_page(ACCOUNTABILITY.replace("\nEnsuring Accountability\n", "\n", 1))
    assert imported.missing == ()
    assert imported.credential["title"] == "Ensuring Accountability"
    assert any("Essential Outcomes sentence" in note for note in imported.notes)


def test_fewer_outcomes_than_the_page_announces_are_missing():
    page = ACCOUNTABILITY.replace("identified essential outcomes", "four essential outcomes").replace(
        "  3. Ensure and articulate accountability for achieving performance goals.\n", "")
    imported = parse_page(page)
    assert imported.missing == (OUTCOMES,)
    assert any("4 essential outcomes but lists 3" in note for note in imported.notes)


# --- the same page, pasted differently -------------------------------------------------------------------

def hard_wrapped(text: str, width: int) -> str:
    """As a page saved from an e-mail or a PDF comes: every paragraph broken into lines."""
    return "\n".join(textwrap.fill(line, width) if line.strip() else "" for line in text.splitlines())


def no_blank_lines(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if line.strip() and line.strip() != "Requirements")


VARIANTS = {
    "straight quotes": ACCOUNTABILITY.translate(QUOTES),
    "curly quotes everywhere": ACCOUNTABILITY.translate(QUOTES).replace("'", "\u2019"),
    "Part 1 \u2013": re.sub(r"^Part (\d)\. ", "Part \\1 \u2013 ", ACCOUNTABILITY, flags=re.M),
    "Part 1 -": re.sub(r"^Part (\d)\. ", r"Part \1 - ", ACCOUNTABILITY, flags=re.M),
    "Part 1:": re.sub(r"^Part (\d)\. ", r"Part \1: ", ACCOUNTABILITY, flags=re.M),
    "Part 1 on its own line": re.sub(r"^Part (\d)\. ", r"Part \1\n", ACCOUNTABILITY, flags=re.M),
    "identifies": ACCOUNTABILITY.replace("includes the following identified", "identifies the following"),
    "identifies four": ACCOUNTABILITY.replace("includes the following identified", "identifies the following four"),
    "restart numbering, no blank lines": no_blank_lines(ACCOUNTABILITY),
    "Part 3 outcomes one per line": re.sub(r"\.([b-d])\.", r".\n\1. ", ACCOUNTABILITY),
    "outcomes and questions run together": re.sub(r"\.\n  ([2-4])\. ", r".\1. ", ACCOUNTABILITY).replace(
        "?\n  2. ", "?2. "),
    "numbers with parentheses": re.sub(r"^  (\d)\. ", r"\1) ", ACCOUNTABILITY, flags=re.M),
    "CRLF": ACCOUNTABILITY.replace("\n", "\r\n"),
    "BOM": "\ufeff" + ACCOUNTABILITY,
    "surrounding whitespace and tabs": "\n\n  \t" + ACCOUNTABILITY.replace("\n", "  \n") + "\n\n   \n",
    "no-break spaces": ACCOUNTABILITY.replace("Essential Outcomes ", "Essential\u00a0Outcomes\u00a0"),
    "more furniture": ("Micro-Credentials\nSystems\n" + ACCOUNTABILITY
                       + "\nPurchasePDF Order Form\n1. Sign in.\nReturn to Full MC Library\n"),
    "hard-wrapped at 60": hard_wrapped(ACCOUNTABILITY, 60),
    "hard-wrapped at 90": hard_wrapped(ACCOUNTABILITY, 90),
    "Windows paste of everything": ("\ufeff" + no_blank_lines(ACCOUNTABILITY) + "\n").replace("\n", "\r\n").replace(
        "'", "\u2019"),
}


@pytest.mark.parametrize("name", VARIANTS)
def test_variants_of_the_page_read_the_same(name):
    reference = parse_page(ACCOUNTABILITY)
    imported = parse_page(VARIANTS[name])
    assert imported.missing == ()
    assert imported == reference   # the same credential, and the same notes about it


def test_the_vision_page_variants_read_the_same():
    reference = parse_page(VISION)
    for page in ("\ufeff" + VISION.replace("\n", "\r\n"), VISION.replace("Part 1 \u2013 ", "Part 1. "),
                 VISION.replace("identifies the following three", "includes the following three"),
                 VISION.translate(QUOTES)):
        assert parse_page(page) == reference


# --- details under an outcome ---------------------------------------------------------------------------

def test_details_listed_under_an_outcome_are_its_details(tmp_path):
    page = ACCOUNTABILITY.replace(
        "  2. Facilitate development of specific, measurable professional goals.\n",
        "  2. Facilitate development of specific, measurable professional goals.\n"
        "    2.1 Goals are specific and measurable.\n"
        "    2.2. The practitioner facilitates the development of the goals.\n").replace(
        "  4. Create a plan", "  1.1 Expectations are clear.\n  4. Create a plan")
    imported = parse_page(page)
    assert imported.missing == ()
    outcomes = imported.credential["outcomes"]
    assert outcomes[0]["details"] == [{"id": "1.1", "text": "Expectations are clear."}]
    assert outcomes[1]["details"] == [
        {"id": "2.1", "text": "Goals are specific and measurable."},
        {"id": "2.2", "text": "The practitioner facilitates the development of the goals."}]
    assert "details" not in outcomes[2] and "details" not in outcomes[3]
    assert any(note.startswith("details for outcomes 3 and 4 not on the page") for note in imported.notes)

    credential, findings = read_back(imported, tmp_path)
    assert findings == [] and credential is not None
    assert [t.id for t in credential.targets] == ["1.1", "2.1", "2.2", "3", "4"]
    assert credential.outcomes[1].has_portal_details   # pasted details carry no `source`


def test_an_indented_list_under_an_outcome_is_its_details():
    page = ACCOUNTABILITY.replace(
        "  3. Ensure and articulate accountability for achieving performance goals.\n",
        "  3. Ensure and articulate accountability for achieving performance goals.\n"
        "      • Accountability is articulated to staff.\n"
        "      • Progress toward goals is reviewed.\n")
    outcomes = parse_page(page).credential["outcomes"]
    assert [o["id"] for o in outcomes] == ["1", "2", "3", "4"]
    assert outcomes[2]["details"] == [{"id": "3.1", "text": "Accountability is articulated to staff."},
                                      {"id": "3.2", "text": "Progress toward goals is reviewed."}]
    assert outcomes[3]["text"].startswith("Create a plan")


def test_a_detail_naming_no_outcome_is_left_out_and_said():
    imported = parse_page(ACCOUNTABILITY.replace("  4. Create a plan", "  7.1 Stray.\n  4. Create a plan"))
    assert all("details" not in o for o in imported.credential["outcomes"])
    assert any("detail 7.1 names no outcome" in note for note in imported.notes)


# --- anything at all ----------------------------------------------------------------------------------

HEADING_WORDS = re.compile(r"overview|outcome|part|requirement", re.I)


@settings(max_examples=100, deadline=None)
@given(st.text())
def test_any_text_reads_without_error_and_round_trips(text):
    imported = parse_page(text)
    assert set(imported.missing) <= set(REQUIRED)
    assert yaml.safe_load(to_yaml(imported)) == imported.credential


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_text_with_no_headings_states_nothing(text):
    if HEADING_WORDS.search(plain(text)):
        text = HEADING_WORDS.sub("x", plain(text))
    imported = parse_page(text)
    assert imported.missing == REQUIRED
    assert imported.credential["parts"] == [{"id": i, "title": t, "kind": k} | (
        {"address_outcomes": True} if i == "reflection" else {}) for i, t, k in PART_SHAPE.values()]


@pytest.mark.parametrize("text", ["", "\ufeff", "\n\r\n  \t", bytes(range(256)).decode("latin-1"),
                                  (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 40).decode("latin-1"),
                                  b"\xff\xfe\x00\x00garbage\x00".decode("utf-8", "replace")])
def test_empty_or_binary_text_states_nothing(text):
    assert parse_page(text).missing == REQUIRED


SEED_LINES = ACCOUNTABILITY.splitlines() + VISION.splitlines()


ACCOUNTABILITY_LINES = ACCOUNTABILITY.splitlines()
# a page of seed lines in any order, or the Ensuring Accountability page with a few lines lost in copying
PAGES_OF_SEED_LINES = st.lists(st.sampled_from(SEED_LINES), max_size=60) | st.sets(
    st.integers(0, len(ACCOUNTABILITY_LINES) - 1), max_size=6).map(
    lambda lost: [line for i, line in enumerate(ACCOUNTABILITY_LINES) if i not in lost])


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PAGES_OF_SEED_LINES, st.sampled_from(["\n", "\r\n", "\n\n"]))
def test_a_page_of_seed_lines_never_invents_text(tmp_path_factory, lines, line_end):
    """Whatever the page's text ends up as, every word written comes from the page."""
    page = line_end.join(lines)
    imported = parse_page(page)
    words = set(re.findall(r"\w+", plain(page).casefold()))
    credential = imported.credential
    texts = [credential.get("title", ""), credential.get("overview", "")]
    texts += [o["text"] for o in credential.get("outcomes", [])]
    texts += [d["text"] for o in credential.get("outcomes", []) for d in o.get("details", [])]
    for entry in credential["parts"]:
        texts += [entry.get("guidance", "")] + [p["text"] for p in entry.get("prompts", [])]
        assert entry["title"] in {PART_SHAPE[n][1] for n in PART_SHAPE} or set(
            re.findall(r"\w+", entry["title"].casefold())) <= words
    for text in texts:
        assert set(re.findall(r"\w+", text.casefold())) <= words, text
    assert yaml.safe_load(to_yaml(imported)) == credential
    if imported.complete:
        credential_read, findings = read_back(imported, tmp_path_factory.mktemp("page"))
        assert findings == [] and credential_read is not None


def test_slug():
    assert slug("Ensuring Accountability") == "ensuring-accountability"
    assert slug("  Data & Équité: the “Core”  ") == "data-and-equite-the-core"
    assert slug("???") == ""


def test_a_title_of_no_letters_is_missing():
    imported = parse_page(ACCOUNTABILITY.replace("\nEnsuring Accountability\n", "\n", 1).replace(
        "Ensuring Accountability includes", "??? includes"))
    assert TITLE in imported.missing and "id" not in imported.credential


def test_what_part_3_asks_after_the_restated_outcomes_is_a_prompt():
    page = ACCOUNTABILITY.replace("In this section, please note as a result", "Please note as a result").replace(
        "you may begin to use.\n", "you may begin to use.\n\nDescribe one change you made. Explain why.\n")
    reflection = part(parse_page(page).credential, "reflection")
    assert [p["text"] for p in reflection["prompts"]] == [
        "Please note as a result of this experience what elements of your process you may change and/or what "
        "process elements you may begin to use.", "Describe one change you made. Explain why."]
    assert reflection["guidance"].startswith("Submit, in writing, a summary of your experience of Ensuring "
                                             "Accountability. Provide specific examples")


@settings(max_examples=100, deadline=None)
@given(st.text(), st.text(alphabet=" abc:#-'\"\n>|.1", min_size=80, max_size=300))
def test_any_text_in_a_credential_is_written_back_as_it_was(short, long):
    credential = {"id": "x", "title": short, "overview": long,
                  "outcomes": [{"id": "1", "text": long + short}, {"id": "1.10", "text": short}]}
    assert yaml.safe_load(to_yaml(Imported(credential, (), ()))) == credential


def test_part_3_sentences_keep_their_closing_quotes():
    page = VISION.replace(
        "to highlight and provide specific examples of how you applied all of the essential components and "
        "details of Leading Vision and Mission.", 'on what "vision" means to you." (See "Mission.")')
    reflection = part(parse_page(page).credential, "reflection")
    assert reflection["guidance"].startswith(
        'Submit, in writing, a summary of your experience of Leading Vision and Mission on what "vision" means to '
        'you." (See "Mission.") This could include')
    assert reflection["prompts"][0]["text"].startswith("Include a reflection about the impact")
