"""`mcred build`: the practitioner builds the packet and reads it back as the assessor will."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader
from readback import bookmarks, links, merged, packet_path, page_texts, squash
from support import HANDBOOK_PAGES, prose

HANDBOOK_LABELS = ["i", "ii", "1", "2", "3", "4"]  # support.make_pdf(..., front_matter=2)
PARTS = ["Part 1 · Overview Questions", "Part 2 · Skill Demonstration Product with Self-Analysis",
         "Part 3 · Reflection & Application"]


def built(cli, folder: Path, *options: str) -> PdfReader:
    result = cli("build", str(folder), *options)
    assert result.exit_code == 0, result.output
    return PdfReader(packet_path(folder))


def first_page(marks: list[tuple[int, str, int]], title: str) -> int:
    return next(page for depth, mark, page in marks if mark == title)


def test_the_packet_holds_every_part_and_every_artifact_page(portfolio, cli):
    folder = portfolio()
    result = cli("build", str(folder))
    assert result.exit_code == 0, result.output
    assert "build/ensuring-accountability-packet.pdf" in result.stdout
    reader = PdfReader(packet_path(folder))
    marks = bookmarks(reader)
    titles = [title for _, title, _ in marks]

    # front matter, the artifacts' own divider page, then the six handbook pages, then the video's own page
    divider = first_page(marks, "Artifacts")
    artifacts_start = first_page(marks, "A1 · Staff Performance Expectations Handbook")
    assert artifacts_start == divider + 1
    assert len(reader.pages) == artifacts_start + len(HANDBOOK_PAGES) + 1
    texts = page_texts(reader)
    assert not any(line in texts[divider] for line in HANDBOOK_PAGES)   # "Artifacts" lands on a page of its own
    for offset, line in enumerate(HANDBOOK_PAGES):
        assert line in texts[artifacts_start + offset]
        assert "A1 · Staff Performance Expectations Handbook" in texts[artifacts_start + offset]
    assert "https://example.org/plc" in texts[-1] and "2:10–4:30" in texts[-1]

    for title in [*PARTS, "Contents", "Artifacts",
                  "A1 · Staff Performance Expectations Handbook", "A2 · Goal-setting PLC meeting"]:
        assert title in titles
    outcomes = [t for t in titles if t.startswith("Outcome ")]
    assert [t.split(":")[0] for t in outcomes] == ["Outcome 1", "Outcome 2", "Outcome 3", "Outcome 4"] * 2  # Parts 2 and 3
    assert [first_page(marks, p) for p in PARTS] == sorted(first_page(marks, p) for p in PARTS)

    cover = texts[0]
    for words in ("Ensuring Accountability", "Jordan Rivera", "Assistant Principal", "Lincoln Middle School",
                  "Riverside Unified", "November 20, 2026", "1,040 words", "every outcome and detail covered"):
        assert words in squash(cover) or words in cover, words
    # what is covered, and how, in plain words
    assert squash("outcomes 1, 2 and 3 as a whole") in squash(cover)
    assert squash("outcome 4 detail by detail (4.1–4.4") in squash(cover)
    assert reader.metadata.title.startswith("Ensuring Accountability")
    assert reader.metadata.author == "Jordan Rivera"
    assert "NASSP" in reader.metadata.subject


def test_every_citation_link_lands_on_the_page_it_names(portfolio, cli):
    reader = built(cli, portfolio())
    marks = bookmarks(reader)
    texts = page_texts(reader)
    part2 = range(first_page(marks, PARTS[1]), first_page(marks, PARTS[2]))
    artifacts_start = first_page(marks, "Artifacts") + 1   # after the artifacts' divider page
    inside = [link for link in merged(links(reader, part2)) if link.target is not None and link.target >= artifacts_start]
    assert len(inside) >= 9  # the index's two rows and every citation

    landed = set()
    for link in inside:
        packet_pages = [int(n) for n in re.findall(r"packet pp?\.\s(\d+)", link.text)]
        assert packet_pages and packet_pages[0] == link.target + 1, link  # the number shown is where it lands
        position = link.target - artifacts_start + 1
        if position <= len(HANDBOOK_PAGES):
            assert HANDBOOK_PAGES[position - 1] in texts[link.target]
            cited = re.findall(r"\bp\. (\w+) ·", link.text)
            assert not cited or cited[0] == HANDBOOK_LABELS[position - 1], link  # the printed label, as stamped
            landed.add(position)
        else:
            assert "Goal-setting PLC meeting" in texts[link.target]
    assert landed >= {3, 4, 5, 6}  # ready_evidence cites positions 3-6

    outward = [link for link in links(reader, part2) if link.uri]
    assert any(link.uri == "https://example.org/plc" for link in outward)


def test_drafts_appear_word_for_word_with_their_markdown(portfolio, cli):
    from mcred.read import catalog, load_credential

    questions = [p.text for p in load_credential(catalog.resolve("ensuring-accountability")).part("overview").prompts]
    special = "Budget: $5 for <1% of @staff — C# and #OpenToWork \\ back*slash* “quoted”"
    body = (f"First answer. {special}\n\n"
            "- a **bold** point\n- a ~~struck~~ point\n  1. nested *one*\n  2. nested two\n\n"
            "> A quoted teacher said so.\n\n"
            "### A heading inside the answer\n\n"
            "| Goal | Status |\n|---|---|\n| Attendance | On track |\n\n"
            "Line one  \nline two with `code` and [a link](https://example.org/plan).\n\n"
            "<!-- a private note -->\n\n" + prose(240))
    overview = "# Overview Questions\n\n" + "".join(f"## {n}. {q}\n\n{body}\n\n" for n, q in enumerate(questions, 1))
    reader = built(cli, portfolio(overview=overview))
    text = squash(" ".join(page_texts(reader)))
    for words in ("First answer.", "Budget: $5 for <1% of @staff — C# and #OpenToWork \\ back",
                  "slash “quoted”", "a bold point", "a struck point", "nested one", "A quoted teacher said so.",
                  "A heading inside the answer", "Attendance", "On track", "line two with code and a link"):
        assert squash(words) in text, words
    assert "private note" not in text
    assert any(link.uri == "https://example.org/plan" for link in links(reader))


def test_a_word_longer_than_a_line_wraps_instead_of_running_off_the_page(portfolio, cli):
    long_word = "Supercalifragilistic" * 6
    long_url = "https://example.org/" + "a" * 90 + "/b"
    overview = (portfolio().joinpath("overview.md")).read_text() + f"\n{long_word} and {long_url}\n"
    texts = page_texts(built(cli, portfolio("long", overview=overview)))
    page = next(text for text in texts if long_word[:40] in squash(text))
    for word in (long_word, long_url):
        assert word in squash(page)          # every character as written …
        assert word not in page              # … but over more than one line


def test_a_landscape_artifact_page_gets_a_landscape_page(portfolio, cli):
    import typst

    folder = portfolio()
    source = ('#set page(paper: "us-letter", flipped: true)\n#set text(font: "Libertinus Serif")\n'
              'Quarterly dashboard, wide as spreadsheets are.\n#pagebreak()\n#set page(flipped: false)\nNotes page.')
    (folder / "artifacts" / "dashboard.pdf").write_bytes(typst.compile(source.encode(), timestamp=0))
    evidence = yaml.safe_load((folder / "evidence.yaml").read_text())
    evidence["artifacts"].append({"id": "A3", "title": "Dashboard", "file": "artifacts/dashboard.pdf"})
    evidence["evidence"]["1"].append({"artifact": "A3", "pages": "1-2", "explanation": prose(45)})
    (folder / "evidence.yaml").write_text(yaml.safe_dump(evidence, sort_keys=False), encoding="utf-8")
    reader = built(cli, folder)
    shapes = {}
    for page in reader.pages:
        text = squash(page.extract_text())
        for marker in ("Quarterlydashboard", "Notespage."):
            if marker in text and "A3" in text:
                shapes[marker] = float(page.mediabox.width) > float(page.mediabox.height)
    assert shapes == {"Quarterlydashboard": True, "Notespage.": False}


def test_two_builds_give_the_same_bytes(portfolio, cli, monkeypatch):
    folder = portfolio()
    built(cli, folder)
    first = packet_path(folder).read_bytes()
    parts = {p.name: p.read_bytes() for p in (folder / "build" / "parts").iterdir()}
    built(cli, folder)
    assert packet_path(folder).read_bytes() == first
    assert {p.name: p.read_bytes() for p in (folder / "build" / "parts").iterdir()} == parts

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    built(cli, folder)
    stamped = packet_path(folder).read_bytes()
    built(cli, folder)
    assert packet_path(folder).read_bytes() == stamped != first
    assert PdfReader(packet_path(folder)).metadata.creation_date.year == 2026


def test_the_cover_is_dated_from_the_manifest_else_the_day_of_the_build(portfolio, cli, monkeypatch):
    import datetime as dt

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    folder = portfolio()
    assert "November 20, 2026" in page_texts(built(cli, folder))[0]
    manifest = yaml.safe_load((folder / "mcred.yaml").read_text())
    del manifest["date"]
    (folder / "mcred.yaml").write_text(yaml.safe_dump(manifest), encoding="utf-8")
    today = dt.datetime.now(dt.timezone.utc).date()
    cover = squash(page_texts(built(cli, folder))[0])
    assert squash(f"{today:%B} {today.day}, {today.year}") in cover


def test_source_date_epoch_in_milliseconds_is_a_clear_error(portfolio, cli, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1732500000000")
    result = cli("build", str(portfolio()))
    assert result.exit_code == 2
    assert "SOURCE_DATE_EPOCH=1732500000000 is not a date" in result.stderr and "Traceback" not in result.output


def test_a_failed_build_leaves_the_previous_packet_as_it_was(portfolio, cli, monkeypatch):
    from mcred.packet import typeset

    folder = portfolio()
    built(cli, folder)
    before = {p: p.read_bytes() for p in (folder / "build").rglob("*") if p.is_file()}

    monkeypatch.setattr(typeset, "template_source", lambda: b'#let data = json(bytes(sys.inputs.data))\n#(data.nope)')
    result = cli("build", str(folder))
    assert result.exit_code == 2
    assert "Typst could not typeset the packet" in result.stderr
    assert "Traceback" not in result.output
    assert {p: p.read_bytes() for p in (folder / "build").rglob("*") if p.is_file()} == before  # no temp files left


def test_a_part_that_cannot_be_written_leaves_the_previous_packet_as_it_was(portfolio, cli):
    import shutil

    folder = portfolio()
    built(cli, folder)
    packet = packet_path(folder).read_bytes()
    (folder / "overview.md").write_text((folder / "overview.md").read_text() + "\nA new closing sentence.\n")
    shutil.rmtree(folder / "build" / "parts")
    (folder / "build" / "parts").write_text("not a folder")
    result = cli("build", str(folder))
    assert result.exit_code == 2
    assert "parts is a file, not a folder" in result.stderr
    assert packet_path(folder).read_bytes() == packet
    assert sorted(p.name for p in (folder / "build").iterdir()) == [packet_path(folder).name, "mcred-build.json",
                                                                     "parts", "submission.html"]


def test_the_packet_can_be_shared_like_any_file_the_user_saves(portfolio, cli):
    import os
    import stat

    folder = portfolio()
    built(cli, folder)
    mask = os.umask(0)
    os.umask(mask)
    for path in [packet_path(folder), *(folder / "build" / "parts").iterdir()]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask, path.name


def test_a_portfolio_that_is_not_ready_builds_only_as_a_draft(portfolio, cli):
    folder = portfolio(reflection="# Reflection & Application\n\n## Outcome 1\n\nToo short.\n")
    refused = cli("build", str(folder))
    assert refused.exit_code == 1
    assert not packet_path(folder).exists()

    drafted = cli("build", str(folder), "--draft")
    assert drafted.exit_code == 0
    assert "Building a DRAFT despite" in drafted.stderr
    reader = PdfReader(packet_path(folder))
    assert all("DRAFT" in text for text in page_texts(reader))
    for part in (folder / "build" / "parts").iterdir():
        assert all("DRAFT" in text for text in page_texts(PdfReader(part)))


def test_even_a_draft_needs_input_that_can_be_read(portfolio, cli):
    folder = portfolio()
    (folder / "evidence.yaml").write_text("artifacts: : : [\n", encoding="utf-8")
    result = cli("build", str(folder), "--draft")
    assert result.exit_code == 2
    assert "MC101" in result.stderr and "evidence.yaml" in result.stderr
    assert not (folder / "build").exists()


def test_each_part_also_has_a_file_of_its_own(portfolio, cli):
    folder = portfolio()
    reader = built(cli, folder)
    marks = bookmarks(reader)
    parts = folder / "build" / "parts"
    assert sorted(p.name for p in parts.iterdir()) == ["1-overview.pdf", "2-evidence.pdf", "3-reflection.pdf"]
    overview, evidence, reflection = (PdfReader(parts / name) for name in sorted(p.name for p in parts.iterdir()))
    starts = [first_page(marks, p) for p in PARTS] + [len(reader.pages)]
    assert len(overview.pages) == starts[1] - starts[0]
    # Part 2's file: Part 2 (its evidence matrix first), the artifacts' divider, every artifact page
    assert first_page(bookmarks(evidence), PARTS[1]) == 0
    assert len(evidence.pages) == first_page(bookmarks(evidence), "Artifacts") + 1 + len(HANDBOOK_PAGES) + 1
    assert len(reflection.pages) == first_page(marks, "Artifacts") - starts[2]
    assert "Question 1" in overview.pages[0].extract_text()
    # the evidence part's links land inside its own file, and name its page numbers, not the packet's
    texts = page_texts(evidence)
    first_artifact = first_page(bookmarks(evidence), "Artifacts") + 1
    inside = [link for link in merged(links(evidence)) if link.target is not None and link.target >= first_artifact]
    headers = [link for link in inside if link.text in ("A1", "A2")]   # the evidence matrix's columns
    assert {link.text: link.target for link in headers} == {"A1": first_artifact, "A2": first_artifact + 6}
    inside = [link for link in inside if link not in headers]
    assert len(inside) >= 9
    for link in inside:
        assert int(re.findall(r"PDF pp?\.\s(\d+)", link.text)[0]) == link.target + 1, link
        assert any(line in texts[link.target] for line in [*HANDBOOK_PAGES, "Goal-setting PLC meeting"])


@pytest.mark.parametrize("answer", ["## 2. Answers to question two", "## Question 2", "## q2"])
def test_questions_are_found_by_number_or_text(portfolio, cli, answer):
    from mcred.read import catalog, load_credential

    questions = [p.text for p in load_credential(catalog.resolve("ensuring-accountability")).part("overview").prompts]
    sections = [f"## {n}. {q}\n\n{prose(260)}\n" for n, q in enumerate(questions, 1)]
    sections[1] = f"{answer}\n\n{prose(260)}\n"
    reader = built(cli, portfolio(overview="\n".join(sections)))
    marks = bookmarks(reader)
    titles = [title for _, title, _ in marks]
    # In its place among the questions, and answered: an unmatched question would be listed last, unanswered.
    assert titles.index(f"Question 2: {questions[1]}") == titles.index(f"Question 1: {questions[0]}") + 1
    assert "Notansweredyet" not in squash("".join(page_texts(reader)))


@pytest.mark.parametrize("level", ["#", "##"])
def test_answers_under_headings_of_either_level_reach_the_packet(portfolio, cli, level):
    from mcred.read import catalog, load_credential

    questions = [p.text for p in load_credential(catalog.resolve("ensuring-accountability")).part("overview").prompts]
    overview = "".join(f"{level} {n}. {q}\n\nAnswer {n}: {prose(260)}\n\n" for n, q in enumerate(questions, 1))
    assert cli("check", str(portfolio(level, overview=overview))).exit_code == 0
    reader = built(cli, portfolio(level, overview=overview))
    text = squash("".join(page_texts(reader)))
    assert "Notansweredyet" not in text
    titles = [title for _, title, _ in bookmarks(reader)]
    for n, q in enumerate(questions, 1):
        assert f"Question {n}: {q}" in titles
        assert squash(f"Answer {n}:") in text


def test_a_draft_shows_what_is_missing_instead_of_failing(portfolio, cli):
    from support import corrupt_pdf

    folder = portfolio()
    corrupt_pdf(folder / "artifacts" / "broken.pdf")
    (folder / "artifacts" / "notes.docx").write_bytes(b"PK not really a document")
    evidence = yaml.safe_load((folder / "evidence.yaml").read_text())
    evidence["artifacts"] += [{"id": "B1", "title": "Broken scan", "file": "artifacts/broken.pdf"},
                              {"id": "B2", "title": "Meeting notes", "file": "artifacts/notes.docx"},
                              {"id": "B3", "title": "Gone", "file": "artifacts/gone.pdf"}]
    evidence["evidence"]["9.9"] = [{"artifact": "A1", "pages": 99, "explanation": "a target and a page that do not exist"}]
    evidence["evidence"]["2"].append({"artifact": "ZZ", "pages": 1, "explanation": "an artifact that does not exist"})
    (folder / "evidence.yaml").write_text(yaml.safe_dump(evidence, sort_keys=False))
    (folder / "reflection.md").unlink()

    assert cli("build", str(folder)).exit_code != 0  # refused without --draft
    assert not packet_path(folder).exists()
    reader = built(cli, folder, "--draft")
    texts = page_texts(reader)
    assert all("DRAFT" in text for text in texts)
    whole = " ".join(texts)
    for words in ("broken.pdf could not be read", "notes.docx is a kind of file the packet cannot show",
                  "gone.pdf is missing", "a target and a page that do not exist", "p. 99 (not found)",
                  "an artifact that does not exist", "reflection.md is missing"):
        assert squash(words) in squash(whole), words
    titles = [title for _, title, _ in bookmarks(reader)]
    assert {"B1 · Broken scan", "B2 · Meeting notes", "B3 · Gone"} <= set(titles)


def test_an_artifact_outside_the_portfolio_is_a_finding_not_a_file_read(portfolio, cli, tmp_path):
    """One rule for every path mcred reads: inside the portfolio folder. A file beside it is named, never read."""
    from support import make_pdf

    folder = portfolio()
    make_pdf(tmp_path / "shared" / "district-plan.pdf", ["District plan, shared by every school."])
    evidence = yaml.safe_load((folder / "evidence.yaml").read_text())
    evidence["artifacts"].append({"id": "A3", "title": "District plan", "file": "../shared/district-plan.pdf"})
    evidence["evidence"]["1"].append({"artifact": "A3", "pages": 1, "explanation": "x " * 50})
    (folder / "evidence.yaml").write_text(yaml.safe_dump(evidence, sort_keys=False))
    result = cli("check", str(folder), "--json")
    assert result.exit_code == 1
    found = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "MC401"]
    assert [f["message"] for f in found] == ["artifact A3 (../shared/district-plan.pdf) is outside the portfolio folder"]
    texts = page_texts(built(cli, folder, "--draft"))
    assert not any("District plan, shared by every school." in text for text in texts)
    assert any("is outside the portfolio folder" in text for text in texts)


def test_progress_shows_on_a_terminal_and_nowhere_else(portfolio):
    import io

    from rich.console import Console

    from mcred.checks import review_portfolio
    from mcred.packet import build_packet

    review = review_portfolio(portfolio())
    quiet = io.StringIO()
    build_packet(review, console=Console(file=quiet, force_terminal=False))
    assert quiet.getvalue() == ""
    shown = io.StringIO()
    built_files = build_packet(review, console=Console(file=shown, force_terminal=True))
    assert "Typesetting" in shown.getvalue() or "Writing build/" in shown.getvalue()  # the spinner's latest step
    assert built_files.packet.pages == len(PdfReader(built_files.packet.path).pages)


def test_the_cover_stays_one_page_however_many_artifacts(portfolio, cli):
    folder = portfolio()
    evidence = yaml.safe_load((folder / "evidence.yaml").read_text())
    evidence["artifacts"] += [{"id": f"C{n}", "title": f"Copy {n}", "file": "artifacts/handbook.pdf"} for n in range(12)]
    (folder / "evidence.yaml").write_text(yaml.safe_dump(evidence, sort_keys=False))
    reader = built(cli, folder, "--draft")  # --draft: nothing cites the copies
    assert first_page(bookmarks(reader), "Contents") == 1
    assert "14 artifacts" in reader.pages[0].extract_text()


def test_artifact_page_numbers_are_right_even_when_the_pages_before_them_were_miscounted(portfolio, cli, monkeypatch):
    """Each artifact page's number is worked out from where the artifacts start, counted beforehand: should that
    count be wrong, the first artifact page notices and the file is typeset again with the page it is on."""
    from mcred.packet import typeset

    counted = typeset.Typesetter._first_artifact_page
    monkeypatch.setattr(typeset.Typesetter, "_first_artifact_page", lambda self, part: counted(self, part) + 3)
    reader = built(cli, portfolio())
    texts = page_texts(reader)
    first = first_page(bookmarks(reader), "A1 · Staff Performance Expectations Handbook")
    for index in range(first, len(reader.pages)):
        assert squash(f"packet p. {index + 1}") in squash(texts[index]), index
    # and Part 2 names the pages where they are
    assert any(squash(f"p. 1 · packet p. {first + 3}") in squash(text) for text in texts[:first])
