"""The cover says in plain words what Part 2 covers; a draft's cover says what blocks it, and never claims
coverage that an artifact the packet cannot include breaks."""

from __future__ import annotations

import json

import yaml
from pypdf import PdfReader
from readback import packet_path, squash


def test_a_draft_cover_names_what_blocks_it_and_claims_no_coverage_a_missing_file_breaks(portfolio, cli):
    folder = portfolio(reflection="# Reflection & Application\n\n## Outcome 1\n\nToo short.\n")
    evidence = yaml.safe_load((folder / "evidence.yaml").read_text())
    evidence["artifacts"].append({"id": "B1", "title": "Gone", "file": "artifacts/gone.pdf"})
    evidence["evidence"]["2"] = [{"artifact": "B1", "pages": 1, "explanation": "x " * 50}]
    (folder / "evidence.yaml").write_text(yaml.safe_dump(evidence, sort_keys=False))
    findings = json.loads(cli("check", str(folder), "--json").stdout)["findings"]
    errors = [f for f in findings if f["severity"] == "error"]
    assert len(errors) > 3

    assert cli("build", str(folder), "--draft").exit_code == 0
    cover = squash(PdfReader(packet_path(folder)).pages[0].extract_text())
    assert squash(f"Draft — not ready to submit. {len(errors)} findings block it:") in cover
    for finding in errors[:3]:
        where = finding["file"] + (f":{finding['line']}" if finding["line"] else "")
        assert squash(f"{finding['code']} {where}") in cover, finding
    assert squash(f"… and {len(errors) - 3} more: mcred check lists them all.") in cover
    # B1 is missing: outcome 2 is not covered, whatever the evidence map says
    assert squash("1 of 7 not covered") in cover
    assert squash("Not yet covered by any artifact in this packet: 2.") in cover
    assert "every outcome" not in cover


def test_a_ready_cover_says_what_is_covered_and_how(portfolio, cli):
    folder = portfolio()
    assert cli("build", str(folder)).exit_code == 0
    cover = squash(PdfReader(packet_path(folder)).pages[0].extract_text())
    assert "Draft" not in cover
    assert squash("every outcome and detail covered") in cover
    assert squash("Part 2 gives evidence for outcomes 1, 2 and 3 as a whole (the portal’s details for them are not "
                  "pasted into credential.yaml) and outcome 4 detail by detail (4.1–4.4, taken from the outcome "
                  "wording). Each of these 7 has at least one citation of an artifact in this packet.") in cover
