"""Student privacy in check (MC5xx): roster names, terms, emails, phones, dates of birth and ids, found on every page
of every artifact and in the drafts — reported masked, never as written; nothing scanned without `privacy:`."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from check_material import check_json
from privacy_material import ROSTER_CSV, SECRETS, make_artifact

PRIVACY = {"roster": "students.csv", "terms": ["Room 12B"], "find": ["email", "phone", "dob"],
           "student_id": "S#######"}


def _with_records(portfolio, privacy: dict | None = PRIVACY, overview: str | None = None) -> Path:
    folder = portfolio(manifest={"privacy": privacy} if privacy is not None else None,
                       **({"overview": overview} if overview is not None else {}))
    (folder / "students.csv").write_text(ROSTER_CSV, encoding="utf-8")
    make_artifact(folder / "artifacts" / "records.pdf")
    evidence = yaml.safe_load((folder / "evidence.yaml").read_text(encoding="utf-8"))
    evidence["artifacts"].append({"id": "A3", "title": "Attendance records", "file": "artifacts/records.pdf"})
    evidence["evidence"]["1"].append({"artifact": "A3", "pages": 3, "explanation": "word " * 45})  # cites p. 3 only
    (folder / "evidence.yaml").write_text(yaml.safe_dump(evidence, sort_keys=False), encoding="utf-8")
    return folder


def _unmasked(text: str) -> list[str]:
    import unicodedata

    flat = "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))
    return [secret for secret in SECRETS if secret in flat]


def test_every_page_is_scanned_and_each_hit_reported_with_its_page_masked(portfolio, cli):
    report = check_json(cli, _with_records(portfolio))
    found = sorted((f["code"], f["message"].split(":")[0]) for f in report.findings if f["code"].startswith("MC50"))
    assert found == [("MC501", "A3 p. 1"), ("MC501", "A3 p. 2"), ("MC501", "A3 p. 4"), ("MC502", "A3 p. 1"),
                     ("MC503", "A3 p. 1"), ("MC504", "A3 p. 2"), ("MC505", "A3 p. 5"), ("MC506", "A3 p. 5")]
    names = next(f for f in report.findings if f["code"] == "MC501" and f["message"].startswith("A3 p. 4"))
    assert names["message"].startswith("A3 p. 4: 2 student names (")
    assert all(f["severity"] == "warning" for f in report.findings if f["code"].startswith("MC50"))
    assert report.exit_code == 0


def test_nothing_unmasked_reaches_the_terminal_or_json(portfolio, cli):
    folder = _with_records(portfolio)
    for args in (("check", str(folder)), ("check", str(folder), "--json"), ("check", str(folder), "--strict")):
        result = cli(*args)
        assert not _unmasked(result.output), (args, _unmasked(result.output))
    assert cli("check", str(folder), "--strict").exit_code == 1   # warnings block under --strict


def test_a_name_in_a_draft_is_found_on_its_line(portfolio, cli):
    from support import ready_overview

    from mcred.read import catalog, load_credential

    questions = [p.text for p in load_credential(catalog.resolve("ensuring-accountability")).part("overview").prompts]
    overview = ready_overview(questions).replace("## 2.", "We celebrated Maria Chen's reading growth.\n\n## 2.", 1)
    folder = _with_records(portfolio, overview=overview)
    line = overview.splitlines().index("We celebrated Maria Chen's reading growth.") + 1
    finding = next(f for f in check_json(cli, folder).findings if f["file"] == "overview.md" and f["code"] == "MC501")
    assert finding["line"] == line
    assert finding["message"] == f"overview.md line {line}: 1 student name (M•••a C••n's)"


def test_without_a_privacy_section_nothing_is_scanned(portfolio, cli):
    report = check_json(cli, _with_records(portfolio, privacy=None))
    assert not [f for f in report.findings if f["code"].startswith("MC5")]


def test_an_image_and_a_scan_are_named_as_not_scanned(portfolio, cli):
    from PIL import Image

    folder = _with_records(portfolio)
    Image.new("RGB", (60, 40), (200, 200, 200)).save(folder / "artifacts" / "photo.png")
    evidence = yaml.safe_load((folder / "evidence.yaml").read_text(encoding="utf-8"))
    evidence["artifacts"].append({"id": "A4", "title": "Photo of the board", "file": "artifacts/photo.png"})
    evidence["evidence"]["2"].append({"artifact": "A4", "explanation": "word " * 45})
    (folder / "evidence.yaml").write_text(yaml.safe_dump(evidence, sort_keys=False), encoding="utf-8")
    notes = check_json(cli, folder).all("MC507")
    from mcred.read.ocr import missing

    assert [n["message"] for n in notes] == [   # a grey rectangle: OCR (where installed) reads nothing on it
        "artifact A4 is an image on which OCR read no text: it was not scanned for student information" if missing()
        is None else "artifact A4 is an image: its text was not scanned for student information"]


def test_a_roster_that_cannot_be_used_stops_check(portfolio, cli):
    folder = _with_records(portfolio)
    (folder / "students.csv").write_text("Student ID,Grade\nS1234567,7\n", encoding="utf-8")
    result = cli("check", str(folder), "--json")
    assert result.exit_code == 2
    finding = json.loads(result.stdout)["findings"][0]
    assert finding["code"] == "MC108" and "columns found" in finding["message"]
    (folder / "students.csv").unlink()
    result = cli("check", str(folder), "--json")
    assert result.exit_code == 2
    assert json.loads(result.stdout)["findings"][0]["message"] == "the roster students.csv does not exist"


def test_a_bad_student_id_mask_is_refused_by_the_schema(portfolio, cli):
    folder = _with_records(portfolio, privacy={**PRIVACY, "student_id": "S.*"})
    result = cli("check", str(folder), "--json")
    assert result.exit_code == 2
    assert "student_id `S.*` is not a mask" in json.loads(result.stdout)["findings"][0]["message"]


def test_find_snippets_mask_student_information(portfolio, cli):
    folder = _with_records(portfolio)
    result = cli("find", "reading intervention", str(folder), "--json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    text = json.dumps(found, ensure_ascii=False)
    assert "Students in the reading intervention" in text or "reading intervention" in text
    assert not _unmasked(result.stdout), _unmasked(result.stdout)
    table = cli("find", "Room 12B", str(folder))
    shown = table.output.replace("“Room 12B”", "")   # the phrase the user typed is echoed back; the pages' words not
    assert table.exit_code == 0 and "R••m" in shown
    assert not _unmasked(shown), _unmasked(shown)
