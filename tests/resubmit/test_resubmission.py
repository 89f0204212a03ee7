"""A resubmission through the CLI: build → submit → feedback → revise → check → diff → build → submit again.

One portfolio walks the whole path once for the module (two builds); each test reads one step of it back. The
refusals that need no build of their own run on small portfolios of their own.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import write_portfolio
from packet.readback import links, packet_path, page_texts, squash
from pypdf import PdfReader
from typer.testing import CliRunner

from mcred.cli import app

COMMENT = "The handbook shows expectations, not how they were set together."
ADDED = "Zanzibarian design team minutes record every vote the staff took on the expectations."


def run(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def said(text: str) -> str:
    """Output with its line wrapping undone."""
    return " ".join(text.split())


def fill_feedback(folder: Path, results: dict[str, str]) -> None:
    """Fill the scaffold `mcred feedback` wrote, as a practitioner copying the portal's results would."""
    path = folder / "feedback.yaml"
    text = path.read_text(encoding="utf-8")
    for item, filled in results.items():
        blank = f'"{item}": {{result: , comment: ""}}'
        assert blank in text, item
        text = text.replace(blank, f'"{item}": {filled}')
    path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def story(tmp_path_factory):
    folder = write_portfolio(tmp_path_factory.mktemp("resubmit"), "story")
    steps: dict[str, object] = {"folder": folder}
    assert run("build", str(folder)).exit_code == 0
    steps["packet_1"] = packet_path(folder).read_bytes()
    steps["submit_1"] = run("submit", str(folder))
    steps["submit_again"] = run("submit", str(folder))
    steps["feedback"] = run("feedback", str(folder))
    steps["scaffold"] = (folder / "feedback.yaml").read_text(encoding="utf-8")
    steps["check_scaffold"] = run("check", str(folder), "--json")
    fill_feedback(folder, {"1": f'{{result: not-yet, comment: "{COMMENT}"}}', "2": "{result: proficient}",
                           "4.1": '{result: not-yet, comment: "Name the strategies."}', "4.2": "{result: proficient}"})
    steps["check_unrevised"] = run("check", str(folder), "--strict")
    # revise: a citation added for 1, the explanation for 2 rewritten, 4.1 left as it was; a sentence in Part 1
    evidence = yaml.safe_load((folder / "evidence.yaml").read_text(encoding="utf-8"))
    evidence["evidence"]["1"].append({"artifact": "A1", "pages": 2, "explanation": ADDED + " " + " ".join(["word"] * 40)})
    evidence["evidence"]["2"][0]["explanation"] += " The goals were revisited in January."
    (folder / "evidence.yaml").write_text(yaml.safe_dump(evidence, sort_keys=False, width=10_000), encoding="utf-8")
    overview = folder / "overview.md"
    overview.write_text(overview.read_text(encoding="utf-8") + "\nOne closing sentence added for the resubmission.\n",
                        encoding="utf-8")
    steps["submit_stale"] = run("submit", str(folder))
    steps["check_strict"] = run("check", str(folder), "--strict", "--json")
    steps["diff"] = run("diff", str(folder))
    steps["diff_json"] = run("diff", str(folder), "--json")
    assert run("build", str(folder)).exit_code == 0
    steps["packet_2"] = packet_path(folder).read_bytes()
    steps["sheet_2"] = (folder / "build" / "submission.html").read_text(encoding="utf-8")
    steps["record_1"] = {p: p.read_bytes() for p in (folder / "submissions" / "1").rglob("*") if p.is_file()}
    steps["submit_2"] = run("submit", str(folder), "--json")
    return steps


def test_submit_records_the_attempt_with_every_input_hashed(story):
    folder = story["folder"]
    assert story["submit_1"].exit_code == 0, story["submit_1"].output
    assert "Recorded submission 1" in said(story["submit_1"].stdout)
    attempt = folder / "submissions" / "1"
    assert (attempt / "ensuring-accountability-packet.pdf").read_bytes() == story["packet_1"]
    assert sorted(p.name for p in (attempt / "parts").iterdir()) == ["1-overview.pdf", "2-evidence.pdf",
                                                                     "3-reflection.pdf"]
    assert (attempt / "submission.html").is_file()
    assert sorted(p.name for p in (attempt / "sources").iterdir()) == ["evidence.yaml", "mcred.yaml", "overview.md",
                                                                       "reflection.md"]
    manifest = yaml.safe_load((attempt / "manifest.yaml").read_text(encoding="utf-8"))
    assert manifest["attempt"] == 1 and manifest["credential"] == "ensuring-accountability" and manifest["date"]
    assert manifest["mcred"]
    assert set(manifest["inputs"]) == {"mcred.yaml", "overview.md", "reflection.md", "evidence.yaml",
                                       "artifacts/handbook.pdf"}
    import hashlib
    assert manifest["inputs"]["artifacts/handbook.pdf"] == hashlib.sha256(
        (folder / "artifacts" / "handbook.pdf").read_bytes()).hexdigest()
    assert manifest["packet_sha256"] == hashlib.sha256(story["packet_1"]).hexdigest()


def test_submit_refuses_the_same_packet_twice_and_an_out_of_date_one(story):
    again, stale = story["submit_again"], story["submit_stale"]
    assert again.exit_code == 1 and "already recorded as submission 1" in said(again.stderr)
    assert stale.exit_code == 1
    assert "out of date: evidence.yaml, feedback.yaml (new), overview.md changed since it was built" in said(stale.stderr)
    assert "Nothing was recorded" in said(stale.stderr) and "mcred build" in said(stale.stderr)


def test_a_second_submission_takes_the_next_number_and_leaves_the_first_as_it_was(story):
    folder = story["folder"]
    done = json.loads(story["submit_2"].stdout)
    assert story["submit_2"].exit_code == 0 and done["attempt"] == 2
    assert (folder / "submissions" / "2" / "ensuring-accountability-packet.pdf").read_bytes() == story["packet_2"]
    assert {p: p.read_bytes() for p in (folder / "submissions" / "1").rglob("*") if p.is_file()} == story["record_1"]


def test_clean_leaves_submissions(story, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(story["folder"], copy)
    assert run("clean", str(copy)).exit_code == 0
    assert not (copy / ".mcred").exists()
    assert (copy / "submissions" / "1" / "manifest.yaml").is_file()


def test_the_feedback_scaffold_lists_every_outcome_and_detail_and_reads_back(story):
    assert story["feedback"].exit_code == 0, story["feedback"].output
    scaffold = yaml.safe_load(story["scaffold"])
    assert scaffold["attempt"] == 1
    assert list(scaffold["results"]) == ["1", "2", "3", "4", "4.1", "4.2", "4.3", "4.4"]
    assert all(v == {"result": None, "comment": ""} for v in scaffold["results"].values())
    assert set(scaffold["parts"]) == {"overview", "evidence", "reflection"}
    report = json.loads(story["check_scaffold"].stdout)
    assert story["check_scaffold"].exit_code == 0 and not [f for f in report["findings"] if f["code"].startswith("MC6")]
    again = run("feedback", str(story["folder"]))                   # never over the filled-in file
    assert again.exit_code == 2 and "never overwrites" in said(again.stderr)
    assert COMMENT in (story["folder"] / "feedback.yaml").read_text(encoding="utf-8")


def test_a_not_yet_item_left_unchanged_fails_check_strict(story):
    result = story["check_unrevised"]
    assert result.exit_code == 1
    text = said(result.stdout)
    assert "MC602" in text and f"1 was not yet proficient in submission 1, and its evidence is unchanged: “{COMMENT}”" in text
    assert "4.1 was not yet proficient" in text


def test_check_words_each_item_as_the_feedback_marks_it(story):
    report = json.loads(story["check_strict"].stdout)
    found = {(f["code"], f["message"].split()[0]) for f in report["findings"] if f["code"].startswith("MC6")}
    assert found == {("MC604", "1"), ("MC603", "2"), ("MC602", "4.1")}
    assert story["check_strict"].exit_code == 1                       # 4.1 still unchanged: a warning, strict
    revised = next(f for f in report["findings"] if f["code"] == "MC604")
    assert "1 citation added" in revised["message"] and revised["file"] == "feedback.yaml"
    accepted = next(f for f in report["findings"] if f["code"] == "MC603")
    assert "1 explanation rewritten" in accepted["message"]
    assert "already accepted" in accepted["fix"]


def test_diff_shows_the_changes_in_the_terminal_and_as_json(story):
    text = story["diff"].stdout
    assert story["diff"].exit_code == 0
    assert "Changes since submission 1" in text and COMMENT in " ".join(text.split())
    assert "+ A1 p. 2 added" in text and "UNCHANGED" in text and "Overview Questions" in text
    data = json.loads(story["diff_json"].stdout)
    assert data["since"] == 1
    assert [(i["id"], i["changed"]) for i in data["not_yet"]] == [("1", True), ("4.1", False)]
    assert data["not_yet"][0]["comment"] == COMMENT
    assert data["not_yet"][0]["changes"][0]["added"][0]["where"] == "A1 p. 2"
    assert [t["target"] for t in data["targets"]] == ["1", "2"]
    rewritten = data["targets"][1]["rewritten"][0]
    assert rewritten["words_after"] == rewritten["words_before"] + 6
    assert [p["id"] for p in data["parts"]] == ["overview"]
    assert data["parts"][0]["words_after"] == data["parts"][0]["words_before"] + 7


def test_the_packet_opens_with_the_changes_and_its_links_land_on_the_added_citation(story, tmp_path):
    path = tmp_path / "packet.pdf"
    path.write_bytes(story["packet_2"])
    reader = PdfReader(path)
    texts = page_texts(reader)
    assert "Changessincesubmission1" in squash(texts[1]) and "Contents" in texts[2]
    page = squash(texts[1])
    assert squash(COMMENT) in page and "Unchangedsincesubmission1." in page
    assert "Added:A1p.2" in page and "Explanationrewritten" in page and "OverviewQuestions" in page
    added = [link for link in links(reader, range(1, 2)) if link.text == "A1 p. 2"]
    assert len(added) == 1 and added[0].target is not None
    assert squash(ADDED)[:40] in squash(texts[added[0].target])     # the citation itself, in Part 2
    assert reader.outline[0].title == "Changes since submission 1"


def test_the_sheet_marks_each_changed_field(story):
    sheet = story["sheet_2"]
    assert sheet.count('class="changed"') == 3
    assert "new since submission 1" in sheet and "explanation rewritten since submission 1" in sheet
    assert "changed since submission 1: " in sheet


# --- refusals and mistakes on portfolios of their own ---------------------------------------------------------

def test_submit_refuses_without_a_packet_and_a_draft_packet(tmp_path):
    folder = write_portfolio(tmp_path, "draft", overview="# Overview Questions\n\nToo short.\n")
    result = run("submit", str(folder))
    assert result.exit_code == 1 and "no packet" in said(result.stderr)
    assert run("build", str(folder), "--draft").exit_code == 0
    result = run("submit", str(folder), "--json")
    assert result.exit_code == 1
    refused = json.loads(result.stdout)
    assert refused["error"]["kind"] == "refused" and "draft" in refused["error"]["message"]
    assert not (folder / "submissions").exists()


def test_feedback_needs_a_submission_and_its_mistakes_are_findings(tmp_path):
    folder = write_portfolio(tmp_path, "fb")
    result = run("feedback", str(folder))
    assert result.exit_code == 2 and "nothing was submitted yet" in said(result.stderr)
    assert not (folder / "feedback.yaml").exists()

    (folder / "feedback.yaml").write_text('attempt: 1\nresults:\n  "1.22": {result: proficient}\n', encoding="utf-8")
    report = json.loads(run("check", str(folder), "--json").stdout)
    codes = {f["code"]: f for f in report["findings"]}
    assert codes["MC601"]["line"] == 3 and "`1.22`" in codes["MC601"]["message"]
    assert "MC605" in codes          # feedback, but nothing submitted

    (folder / "feedback.yaml").write_text('attempt: 1\nresults:\n  "1": {result: not yet proficient}\n',
                                          encoding="utf-8")
    result = run("check", str(folder))
    assert result.exit_code == 2
    assert "feedback.yaml:3" in result.stdout and "`proficient` or `not-yet`" in said(result.stdout)

    (folder / "feedback.yaml").write_text('attempt: 1\nresutls: {}\n', encoding="utf-8")
    result = run("check", str(folder))
    assert result.exit_code == 2 and "did you mean `results`?" in result.stdout


def test_diff_without_a_submission_says_so(tmp_path):
    folder = write_portfolio(tmp_path, "nothing")
    result = run("diff", str(folder), "--json")
    assert result.exit_code == 2
    assert "nothing was submitted yet" in json.loads(result.stdout)["findings"][0]["message"]


# --- the shipped worked resubmission ---------------------------------------------------------------------------

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_the_worked_resubmission_passes_strict_check_and_shows_what_was_revised(tmp_path):
    source = EXAMPLES / "ensuring-accountability-resubmission"
    copy = Path(shutil.copytree(source, tmp_path / "example", ignore=shutil.ignore_patterns("build", ".mcred")))
    result = run("check", str(copy), "--strict", "--json")
    assert result.exit_code == 0, result.stdout
    revised = [f["message"].split()[0] for f in json.loads(result.stdout)["findings"] if f["code"] == "MC604"]
    assert revised == ["1", "4.3"]
    data = json.loads(run("diff", str(copy), "--json").stdout)
    assert [(i["id"], i["changed"]) for i in data["not_yet"]] == [("1", True), ("4.3", True)]
    assert [a["id"] for a in data["new_artifacts"]] == ["A2"]
    # the same artifacts as the example it revises, byte for byte: one set of sources (examples/*/sources) for both
    original = EXAMPLES / "ensuring-accountability" / "artifacts"
    assert {p.name: p.read_bytes() for p in (source / "artifacts").iterdir()} == \
        {p.name: p.read_bytes() for p in original.iterdir()}
