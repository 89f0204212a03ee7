"""Part 2, the evidence map: every detail (or outcome) cited, every citation pointing at a listed artifact in a
way that artifact can be located, and explained."""

from __future__ import annotations

import yaml
from check_material import check_json, cite, evidence_map, line_of, place, write_png
from support import prose

from mcred.read import catalog

VIDEO = {"id": "A2", "title": "Goal-setting PLC meeting", "url": "https://example.org/plc", "duration": "18:42"}
PICTURE = {"id": "A3", "title": "Data wall", "file": "artifacts/wall.png"}


def test_the_ready_map_has_no_findings_but_the_portal_note(portfolio, cli):
    report = check_json(cli, portfolio(evidence=evidence_map()))
    assert report.codes == {"MC308"}
    assert report.exit_code == 0
    # The manifest names the catalog's credential: the note sends the practitioner to mcred.yaml, not to
    # mcred's own catalog file, and says how to get a credential.yaml of their own.
    assert report.only("MC308")["file"] == "mcred.yaml"
    assert "credential: credential.yaml" in report.only("MC308")["fix"]


def test_a_detail_without_evidence(portfolio, cli):
    report = check_json(cli, portfolio(evidence=evidence_map({"4.2": None})))
    finding = report.only("MC301")
    assert (finding["file"], finding["severity"]) == ("evidence.yaml", "error")
    assert finding["message"] == "detail 4.2 has no evidence: “Implementation timelines in the plan.”"
    assert finding["fix"].startswith('add `"4.2":` under `evidence:`')
    assert report.document["coverage"]["4.2"] == []
    assert report.exit_code == 1


def test_an_outcome_without_details_and_without_evidence(portfolio, cli):
    report = check_json(cli, portfolio(evidence=evidence_map({"2": []})))
    assert report.only("MC301")["message"].startswith("outcome 2 has no evidence")


def test_the_coverage_table_marks_what_is_missing(portfolio, cli):
    result = cli("check", str(portfolio(evidence=evidence_map({"4.2": None}))))
    rows = {line.split()[1]: line for line in result.output.splitlines() if line[:1] in "✓✗" and len(line.split()) > 1}
    assert rows["4.2"].startswith("✗") and rows["4.1"].startswith("✓")
    assert "p. 6" in rows["4.1"]


def test_a_citation_of_an_unknown_artifact(portfolio, cli):
    text = evidence_map({"3": [cite("A7")]})
    report = check_json(cli, portfolio(evidence=text))
    finding = report.only("MC302")
    assert place(finding) == f"evidence.yaml:{line_of(text, 'artifact: A7')}"
    assert finding["column"] == 15   # the value after `- artifact: `
    assert finding["message"] == "3 cites artifact `A7`, which is not listed under `artifacts:`"
    assert finding["fix"] == "use one of: A1"
    assert report.exit_code == 1
    near = check_json(cli, portfolio("near", evidence=evidence_map({"3": [cite("A11")]})))
    assert near.only("MC302")["fix"] == "did you mean `A1`?"


def test_an_artifact_no_detail_cites_is_a_warning(portfolio, cli):
    text = evidence_map(artifacts=[VIDEO])
    folder = portfolio(evidence=text)
    report = check_json(cli, folder)
    finding = report.only("MC303")
    assert finding["severity"] == "warning"
    assert place(finding) == f"evidence.yaml:{line_of(text, 'id: A2')}"
    assert finding["message"] == "artifact A2 (Goal-setting PLC meeting) is not cited by any detail"
    assert report.exit_code == 0
    strict = check_json(cli, folder, "--strict")
    assert strict.exit_code == 1 and strict.document["summary"]["strict"] is True


def test_an_empty_explanation(portfolio, cli):
    text = evidence_map({"4.3": [cite(pages=5, explanation="")]})
    report = check_json(cli, portfolio(evidence=text))
    finding = report.only("MC304")
    assert finding["message"] == "4.3: the citation of A1 has no explanation"
    assert place(finding) == f"evidence.yaml:{line_of(text, 'explanation: ' + repr(''))- 2}"  # the citation's line
    assert report.exit_code == 1


def test_a_missing_explanation_is_empty_too(portfolio, cli):
    text = evidence_map({"4.3": [{"artifact": "A1", "pages": 5}]})
    assert check_json(cli, portfolio(evidence=text)).only("MC304")["severity"] == "error"


def test_a_short_explanation_is_a_warning(portfolio, cli):
    text = evidence_map({"2": [cite(pages=6, explanation="In short: " + prose(23))]})
    folder = portfolio(evidence=text)
    report = check_json(cli, folder)
    finding = report.only("MC305")
    assert finding["severity"] == "warning"
    assert finding["message"] == "2: the explanation of A1 has 25 words; a convincing one has at least 40"
    assert place(finding) == f"evidence.yaml:{line_of(text, 'In short: ')}"
    assert report.exit_code == 0
    assert check_json(cli, folder, "--strict").exit_code == 1


def test_the_explanation_minimum_comes_from_the_credential(portfolio, cli):
    folder = portfolio(evidence=evidence_map(), manifest={"credential": "credential.yaml"})
    data = yaml.safe_load(catalog.resolve("ensuring-accountability").read_text(encoding="utf-8"))
    next(p for p in data["parts"] if p["id"] == "evidence")["min_explanation_words"] = 60
    (folder / "credential.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    report = check_json(cli, folder)
    assert len(report.all("MC305")) == 7
    assert "has 50 words; a convincing one has at least 60" in report.all("MC305")[0]["message"]


def test_guidance_left_in_an_explanation_or_a_title(portfolio, cli):
    todo = "[TODO: explain how this evidence shows proficiency in 1 (at least 40 words).]"
    text = evidence_map({"1": [cite(explanation=todo)]},
                        artifacts=[{"id": "A2", "title": "[TODO: name of your artifact]", "url": "https://example.org"}])
    report = check_json(cli, portfolio(evidence=text))
    explanation, title = sorted(report.all("MC306"), key=lambda f: f["message"])
    assert explanation["message"] == "1: the explanation is still `init`'s guidance"
    assert place(explanation) == f"evidence.yaml:{line_of(text, todo)}"
    assert title["message"] == "artifact A2's title is still `init`'s guidance"
    assert place(title) == f"evidence.yaml:{line_of(text, 'id: A2')}"
    assert "MC304" not in report.codes and "MC305" not in report.codes
    assert report.exit_code == 1


def test_evidence_keyed_by_an_outcome_that_has_details(portfolio, cli):
    text = evidence_map({"4": [cite()]})
    report = check_json(cli, portfolio(evidence=text))
    finding = report.only("MC307")
    assert finding["message"] == ("evidence is keyed by outcome 4, which has details: the assessor looks for each "
                                  "detail")
    assert finding["fix"] == "key the evidence by its details (4.1, 4.2, 4.3, 4.4) instead"
    assert place(finding) == f"evidence.yaml:{line_of(text, chr(39) + '4' + chr(39) + ':') + 1}"
    assert report.exit_code == 1


def test_evidence_keyed_by_something_that_is_no_target(portfolio, cli):
    report = check_json(cli, portfolio(evidence=evidence_map({"4.7": [cite()]})))
    finding = report.only("MC307")
    assert finding["message"] == "evidence for `4.7`, which is not a detail or outcome of Ensuring Accountability"
    assert finding["fix"].startswith("did you mean `4.")


def _own_credential(folder, *, portal_details: list[str]) -> None:
    """credential.yaml with the portal's details pasted for the listed outcomes."""
    data = yaml.safe_load(catalog.resolve("ensuring-accountability").read_text(encoding="utf-8"))
    for outcome in data["outcomes"]:
        if outcome["id"] in portal_details:
            outcome["details"] = [{"id": f"{outcome['id']}.{n}", "text": f"Portal detail {n} of {outcome['id']}."}
                                  for n in (1, 2)]
    (folder / "credential.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def test_a_note_names_the_outcomes_without_portal_details(portfolio, cli):
    targets = ["1.1", "1.2", "2.1", "2.2", "3", "4.1", "4.2", "4.3", "4.4"]
    text = yaml.safe_dump({"artifacts": [{"id": "A1", "title": "Handbook", "file": "artifacts/handbook.pdf"}],
                           "evidence": {t: [cite(pages=5)] for t in targets}}, sort_keys=False, width=10_000)
    folder = portfolio(evidence=text, manifest={"credential": "credential.yaml"})
    _own_credential(folder, portal_details=["1", "2"])
    report = check_json(cli, folder)
    note = report.only("MC308")
    assert note["severity"] == "note" and note["file"] == "credential.yaml"
    assert note["message"].startswith("outcomes 3, 4 have no details from the ELN portal")
    assert report.codes == {"MC308"} and report.exit_code == 0


def test_no_note_once_every_outcome_has_portal_details(portfolio, cli):
    targets = [f"{o}.{n}" for o in "1234" for n in (1, 2)]
    text = yaml.safe_dump({"artifacts": [{"id": "A1", "title": "Handbook", "file": "artifacts/handbook.pdf"}],
                           "evidence": {t: [cite(pages=5)] for t in targets}}, sort_keys=False, width=10_000)
    folder = portfolio(evidence=text, manifest={"credential": "credential.yaml"})
    _own_credential(folder, portal_details=["1", "2", "3", "4"])
    report = check_json(cli, folder)
    assert report.codes == set() and report.exit_code == 0


def test_a_citation_that_does_not_say_where(portfolio, cli):
    text = evidence_map({"1": [{"artifact": "A1", "explanation": prose(50)}],
                         "2": [cite(), {"artifact": "A2", "explanation": prose(50)}]}, artifacts=[VIDEO])
    report = check_json(cli, portfolio(evidence=text))
    pdf, video = sorted(report.all("MC309"), key=lambda f: f["line"])
    assert pdf["message"] == "1 cites A1 without saying where"
    assert pdf["fix"] == 'add `pages:` (e.g. 4 or "4-6")'
    assert video["message"] == "2 cites A2 without a time stamp"
    assert place(video) == f"evidence.yaml:{line_of(text, 'artifact: A2')}"
    assert report.exit_code == 1


def test_a_locator_of_the_wrong_kind(portfolio, cli):
    folder = portfolio(evidence=evidence_map({"1": [cite(time="2:00")],
                                              "2": [cite("A2", pages=3)],
                                              "3": [cite("A3", time="0:10")]}, artifacts=[VIDEO, PICTURE]))
    write_png(folder / "artifacts" / "wall.png")
    report = check_json(cli, folder)
    messages = sorted(f["message"] for f in report.all("MC310"))
    assert messages == ["1 cites A1 by time, but it is a PDF",
                        "2 cites A2 by page, but it is a video or web link",
                        "3 cites A3 by time, but it is an image"]
    assert report.exit_code == 1


def test_an_image_has_no_pages(portfolio, cli):
    text = evidence_map({"3": [cite(), cite("A3", pages="2")], "4.4": [cite(), cite("A3", pages=1)],
                         "2": [cite(), {"artifact": "A3", "explanation": prose(50)}]}, artifacts=[PICTURE])
    folder = portfolio(evidence=text)
    write_png(folder / "artifacts" / "wall.png")
    report = check_json(cli, folder)
    finding = report.only("MC311")
    assert finding["severity"] == "warning"
    assert finding["message"] == "3 cites A3 at pages `2`, but an image has no pages"
    assert place(finding) == f"evidence.yaml:{line_of(text, 'pages: ' + repr('2'))}"
    assert report.exit_code == 0 and report.codes == {"MC308", "MC311"}
