"""Input that is wrong or cannot be read: a finding with file:line and the fix, an exit code — never a traceback.
(The `cli` fixture does not catch exceptions, so a traceback fails the test.)"""

from __future__ import annotations

import pytest
import yaml
from check_material import check_json, cite, evidence_map, line_of, place
from support import prose

from mcred.read import catalog


def _write(path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


# --- the portfolio folder and its YAML (MC1xx) ----------------------------------------------------------

def test_a_folder_that_does_not_exist(cli, tmp_path):
    report = check_json(cli, tmp_path / "nowhere")
    assert report.exit_code == 2
    assert report.only("MC101")["message"].endswith("nowhere does not exist")


def test_a_file_named_as_the_folder(portfolio, cli):
    report = check_json(cli, portfolio() / "overview.md")
    assert report.exit_code == 2 and report.only("MC101")["message"].endswith("overview.md is not a folder")


def test_a_folder_without_a_manifest(cli, tmp_path):
    report = check_json(cli, tmp_path)
    finding = report.only("MC101")
    assert finding["message"].endswith("has no mcred.yaml: it is not a portfolio")
    assert finding["fix"].startswith("run `mcred init")
    assert report.exit_code == 2


@pytest.mark.parametrize("name, broken, line, column", [
    ("mcred.yaml", "credential: ensuring-accountability\npractitioner:\n  name: [Jordan\n", 4, 1),
    ("evidence.yaml", "artifacts:\n  - id: A1\n    title: Handbook: the 2025 edition\n", 3, 20),
    ("evidence.yaml", "artifacts:\n  - id: A1\n   title: misaligned\n", 3, 4),
])
def test_yaml_that_does_not_parse(portfolio, cli, name, broken, line, column):
    folder = portfolio()
    _write(folder / name, broken)
    report = check_json(cli, folder)
    finding = report.only("MC101")
    assert (finding["file"], finding["line"], finding["column"]) == (name, line, column)
    assert "is not valid YAML" in finding["message"]
    assert "indentation and quoting" in finding["fix"]
    assert report.codes == {"MC101"}
    assert report.exit_code == 2


def test_a_credential_copy_that_does_not_parse(portfolio, cli):
    folder = portfolio(manifest={"credential": "credential.yaml"})
    _write(folder / "credential.yaml", "id: ensuring-accountability\noutcomes:\n  - id: \"1\n")
    report = check_json(cli, folder)
    assert report.only("MC101")["file"] == "credential.yaml"
    assert report.exit_code == 2


def test_yaml_that_is_not_utf8(portfolio, cli):
    folder = portfolio()
    (folder / "evidence.yaml").write_bytes(evidence_map().encode("utf-8").replace(b"Handbook", b"Handb\xf6ok"))
    report = check_json(cli, folder)
    finding = report.only("MC101")
    assert place(finding) == "evidence.yaml:3"
    assert "is not UTF-8 text" in finding["message"] and finding["fix"] == "save it as UTF-8 in your editor"
    assert report.codes == {"MC101"}, "an unread map is not reported again as missing evidence for every detail"
    assert report.exit_code == 2


@pytest.mark.parametrize("name", ["mcred.yaml", "evidence.yaml"])
def test_an_empty_yaml_file(portfolio, cli, name):
    folder = portfolio()
    _write(folder / name, "# nothing yet\n")
    report = check_json(cli, folder)
    assert report.only("MC101")["message"].endswith(f"{name} is empty")
    assert report.exit_code == 2


def test_a_folder_where_the_evidence_map_should_be(portfolio, cli):
    folder = portfolio()
    (folder / "evidence.yaml").unlink()
    (folder / "evidence.yaml").mkdir()
    report = check_json(cli, folder)
    assert report.only("MC101")["message"] == "The evidence map evidence.yaml is a folder, not a file"
    assert report.exit_code == 2


def test_an_evidence_map_that_does_not_exist(portfolio, cli):
    report = check_json(cli, portfolio(manifest={"evidence": "part2.yaml"}))
    assert report.only("MC101")["message"] == "The evidence map part2.yaml does not exist"
    assert report.exit_code == 2


@pytest.mark.parametrize("evidence, message", [
    ("artifacts: a list of my files\n", "artifacts should be a list (lines starting with '-'), not text"),
    ("artifacts:\n  - id: A1\n    file: artifacts/handbook.pdf\n", "an artifact is missing `title`"),
    ("artifacts:\n  - id: A1\n    title: Handbook\n", "artifact A1 has neither `file` nor `url`"),
    ("artifacts: []\nevidence:\n  - artifact: A1\n",
     "evidence should be a mapping (key: value lines), not a list (lines starting with '-')"),
    ("artifacts: []\nevidence:\n  '1':\n    - artifact: A1\n      pages: [4, 5]\n",
     "pages should be text, not a list (lines starting with '-')"),
])
def test_yaml_that_does_not_fit_the_schema(portfolio, cli, evidence, message):
    report = check_json(cli, portfolio(evidence=evidence))
    finding = next(f for f in report.findings if f["code"] == "MC102")
    assert finding["message"] == message and finding["file"] == "evidence.yaml" and finding["line"]
    assert report.exit_code == 2


def test_a_date_that_is_not_a_date(portfolio, cli):
    folder = portfolio(manifest={"date": "next Friday"})
    report = check_json(cli, folder)
    finding = report.only("MC102")
    assert finding["message"] == "date `next Friday` is not a date"
    assert place(finding) == f"mcred.yaml:{line_of((folder / 'mcred.yaml').read_text(), 'date: next Friday')}"
    assert report.exit_code == 2


def test_a_misspelled_key(portfolio, cli):
    text = evidence_map().replace("explanation:", "explanaton:", 1)
    report = check_json(cli, portfolio(evidence=text))
    finding = report.only("MC103")
    assert finding["message"] == "`explanaton` is not a field of a citation for 1 — did you mean `explanation`?"
    assert (finding["line"], finding["column"]) == (line_of(text, "explanaton"), 5)
    assert report.exit_code == 2


def test_a_misspelled_manifest_key(portfolio, cli):
    folder = portfolio()
    _write(folder / "mcred.yaml", (folder / "mcred.yaml").read_text().replace("practitioner:", "practioner:"))
    report = check_json(cli, folder)
    assert "`practioner` is not a field of the manifest — did you mean `practitioner`?" in \
        report.only("MC103")["message"]
    assert report.exit_code == 2


def test_duplicate_artifact_ids(portfolio, cli):
    text = evidence_map(artifacts=[{"id": "A1", "title": "Another handbook", "file": "artifacts/handbook.pdf"}])
    report = check_json(cli, portfolio(evidence=text))
    finding = report.only("MC104")
    assert finding["message"] == "artifact id `A1` is used twice"
    assert finding["line"] == line_of(text, "id: A1", nth=2)
    assert report.exit_code == 2


def test_duplicate_yaml_keys(portfolio, cli):
    text = evidence_map().replace("pages: 5\n", "pages: 5\n    pages: 6\n", 1)
    report = check_json(cli, portfolio(evidence=text))
    finding = report.only("MC104")
    assert finding["message"] == "`pages` appears twice in a citation for 1"
    assert finding["line"] == line_of(text, "pages: 6")
    assert report.exit_code == 2


def test_the_same_detail_listed_twice(portfolio, cli):
    text = evidence_map() + "  '2':\n  - artifact: A1\n    pages: 5\n    explanation: again\n"
    report = check_json(cli, portfolio(evidence=text))
    finding = report.only("MC104")
    assert finding["message"] == "evidence for `2` is listed twice"
    assert finding["line"] == line_of(text, "'2':", nth=2)


def test_duplicate_outcome_ids_in_the_credential_copy(portfolio, cli):
    folder = portfolio(manifest={"credential": "credential.yaml"})
    data = yaml.safe_load(catalog.resolve("ensuring-accountability").read_text(encoding="utf-8"))
    data["outcomes"][1]["id"] = "1"
    _write(folder / "credential.yaml", yaml.safe_dump(data, sort_keys=False))
    report = check_json(cli, folder)
    finding = report.only("MC104")
    assert finding["message"] == "outcome id `1` is used twice" and finding["file"] == "credential.yaml"
    assert report.exit_code == 2


def test_a_credential_the_catalog_lacks(portfolio, cli):
    report = check_json(cli, portfolio(manifest={"credential": "ensuring-acountability"}))
    finding = report.only("MC105")
    assert finding["message"] == "the catalog has no credential `ensuring-acountability`"
    assert finding["fix"].startswith("did you mean `ensuring-accountability`?")
    assert place(finding) == "mcred.yaml:1"
    assert report.exit_code == 2


def test_a_credential_file_that_does_not_exist(portfolio, cli):
    report = check_json(cli, portfolio(manifest={"credential": "my-credential.yaml"}))
    assert report.only("MC105")["message"] == "credential file my-credential.yaml does not exist"
    assert report.exit_code == 2


def test_init_never_writes_over_a_portfolio(portfolio, cli):
    folder = portfolio()
    result = cli("init", str(folder), "-c", "ensuring-accountability", "--name", "J", "--role", "AP",
                 "--school", "S", "--district", "D")
    assert result.exit_code == 2
    assert "MC106" in result.stderr and "init writes nothing over existing files" in result.stderr


# --- drafts (MC201) ----------------------------------------------------------------------------------

def test_a_draft_that_does_not_exist(portfolio, cli):
    folder = portfolio()
    (folder / "reflection.md").unlink()
    report = check_json(cli, folder)
    finding = report.only("MC201")
    assert finding["message"] == "The Reflection & Application draft reflection.md does not exist"
    assert finding["fix"].endswith("— `mcred init` writes a draft to start from")
    assert report.document["words"]["reflection"]["words"] == 0
    assert report.exit_code == 1


def test_a_draft_named_in_the_manifest_that_does_not_exist(portfolio, cli):
    report = check_json(cli, portfolio(manifest={"drafts": {"overview": "part1.md"}}))
    assert report.only("MC201")["file"] == "part1.md"


def test_a_draft_that_is_not_utf8(portfolio, cli):
    folder = portfolio()
    text = (folder / "overview.md").read_bytes()
    (folder / "overview.md").write_bytes(text.replace(b"leadership", b"l\xe9adership", 30))
    report = check_json(cli, folder)
    finding = report.only("MC201")
    assert finding["message"].startswith("The Overview Questions draft overview.md is not UTF-8 text (byte ")
    assert finding["line"] == 5
    assert report.exit_code == 1


def test_a_folder_where_a_draft_should_be(portfolio, cli):
    folder = portfolio()
    (folder / "overview.md").unlink()
    (folder / "overview.md").mkdir()
    report = check_json(cli, folder)
    assert report.only("MC201")["message"] == "The Overview Questions draft overview.md is a folder, not a file"


def test_an_empty_draft(portfolio, cli):
    report = check_json(cli, portfolio(overview=""))
    assert len(report.all("MC203")) == 4 and "MC202" in report.codes
    assert report.exit_code == 1


def test_a_draft_with_a_byte_order_mark(portfolio, cli):
    folder = portfolio()
    (folder / "overview.md").write_bytes(b"\xef\xbb\xbf" + (folder / "overview.md").read_bytes())
    assert check_json(cli, folder).exit_code == 0


def test_a_draft_of_any_text(portfolio, cli):
    strange = "# Overview\n\n<div>\n\n```\nunclosed fence\n\n| a |\n|--|\n\\$ # @ ` ] [TODO\x00 \u202e emoji 🎉\n"
    report = check_json(cli, portfolio(overview=strange))
    assert report.exit_code == 1 and "MC203" in report.codes


# --- found by the property test or by hand: numbers YAML spells oddly, names the file system cannot hold --

def test_an_upload_limit_in_hexadecimal(portfolio, cli):
    folder = portfolio()
    _write(folder / "mcred.yaml", (folder / "mcred.yaml").read_text() + "settings:\n  upload_limit_mb: 0x10\n")
    assert check_json(cli, folder).exit_code == 0


def test_an_infinite_upload_limit(portfolio, cli):
    folder = portfolio()
    _write(folder / "mcred.yaml", (folder / "mcred.yaml").read_text() + "settings:\n  upload_limit_mb: .inf\n")
    assert check_json(cli, folder).exit_code in (0, 2)


def test_a_credential_name_too_long_for_the_file_system(portfolio, cli):
    report = check_json(cli, portfolio(manifest={"credential": "x" * 300}))
    assert report.only("MC105") and report.exit_code == 2


def test_a_draft_name_too_long_for_the_file_system(portfolio, cli):
    report = check_json(cli, portfolio(manifest={"drafts": {"overview": "x" * 300 + ".md"}}))
    assert report.only("MC201")


def test_an_artifact_name_too_long_for_the_file_system(portfolio, cli):
    text = evidence_map({"1": [cite(), cite("A2")]},
                        artifacts=[{"id": "A2", "title": "Long", "file": "artifacts/" + "x" * 300 + ".pdf"}])
    report = check_json(cli, portfolio(evidence=text))
    assert report.only("MC402")["message"].endswith("cannot be read: it cannot be opened (File name too long)")
    assert report.exit_code == 1


def test_an_explanation_that_is_a_number(portfolio, cli):
    report = check_json(cli, portfolio(evidence=evidence_map({"1": [cite(explanation=prose(3))]}).replace(
        "explanation: " + prose(3), "explanation: 42")))
    assert "has 1 word;" in report.only("MC305")["message"]
