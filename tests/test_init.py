"""`mcred init`: the practitioner's first command. It writes a portfolio and never overwrites one."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator
from test_schema import EditorLoader

from mcred.facts import GUIDANCE_MARK
from mcred.read.manifest import load_portfolio

EXPECTED = ["mcred.yaml", "credential.yaml", ".gitignore", "overview.md", "reflection.md", "evidence.yaml",
            "schemas/mcred.schema.json", "schemas/credential.schema.json", "schemas/evidence.schema.json",
            "schemas/feedback.schema.json"]


def test_init_writes_a_portfolio_that_loads(tmp_path, cli):
    result = cli("init", str(tmp_path / "p"), "--credential", "ensuring-accountability",
                 "--name", "Jordan Rivera", "--role", "Assistant Principal", "--school", "Lincoln: Middle #1")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "p"
    for name in EXPECTED:
        assert (folder / name).is_file(), name
    assert (folder / "artifacts").is_dir()
    assert "Next steps" in result.output

    manifest = yaml.safe_load((folder / "mcred.yaml").read_text())
    assert manifest["practitioner"]["name"] == "Jordan Rivera"
    assert manifest["practitioner"]["school"] == "Lincoln: Middle #1"  # quoted where YAML needs it
    assert {"build/", ".mcred/"} <= set((folder / ".gitignore").read_text().splitlines())

    loaded = load_portfolio(folder)
    assert loaded.portfolio is not None, loaded.findings
    assert not loaded.findings
    portfolio = loaded.portfolio
    assert portfolio.credential.id == "ensuring-accountability"
    # the evidence map has an entry for every detail, or outcome where it has none
    assert sorted({c.target_id for c in portfolio.citations}) == sorted(t.id for t in portfolio.credential.targets)
    assert all(GUIDANCE_MARK in c.explanation for c in portfolio.citations)


def test_each_yaml_file_names_its_schema_first_and_fits_it(tmp_path, cli):
    """An editor reads the first line, finds the schema beside the file, and completes and checks as you type."""
    result = cli("init", str(tmp_path / "p"), "-c", "leading-vision-and-mission", "--name", "Sam Lee")
    assert result.exit_code == 0, result.output
    assert "schemas/" in result.output
    folder = tmp_path / "p"
    for name, schema_name in [("mcred.yaml", "mcred"), ("credential.yaml", "credential"), ("evidence.yaml", "evidence")]:
        first, rest = (folder / name).read_text(encoding="utf-8").split("\n", 1)
        assert first == f"# yaml-language-server: $schema=schemas/{schema_name}.schema.json"
        assert "yaml-language-server" not in rest
        schema = json.loads((folder / first.split("=", 1)[1]).read_text(encoding="utf-8"))
        data = yaml.load(rest, Loader=EditorLoader)
        assert list(Draft202012Validator(schema).iter_errors(data)) == [], name


def test_init_from_a_portfolios_own_credential_keeps_one_schema_line(tmp_path, cli):
    assert cli("init", str(tmp_path / "first"), "-c", "ensuring-accountability", "--name", "A").exit_code == 0
    result = cli("init", str(tmp_path / "second"), "-c", str(tmp_path / "first" / "credential.yaml"), "--name", "A")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "second" / "credential.yaml").read_text(encoding="utf-8").count("yaml-language-server") == 1


def test_a_linked_schemas_folder_counts_as_taken(tmp_path, cli):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "schemas").symlink_to(elsewhere, target_is_directory=True)
    result = cli("init", str(folder), "-c", "ensuring-accountability", "--name", "A")
    assert result.exit_code == 2
    assert "schemas" in result.output
    assert list(elsewhere.iterdir()) == []


def test_drafts_have_every_question_and_outcome_as_a_heading(tmp_path, cli):
    cli("init", str(tmp_path / "p"), "-c", "leading-vision-and-mission", "--name", "Sam Lee")
    overview = (tmp_path / "p" / "overview.md").read_text()
    reflection = (tmp_path / "p" / "reflection.md").read_text()
    assert "## 2. How did you go about involving stakeholders" in overview
    assert overview.count("\n## ") == 4
    for number in ("1", "2", "3"):
        assert f"## Outcome {number}: " in reflection
    assert "## What impact has this skill had on your professional practice" in reflection
    assert GUIDANCE_MARK in overview and GUIDANCE_MARK in reflection
    evidence = (tmp_path / "p" / "evidence.yaml").read_text()
    assert "# 3.4 — Monitoring process in the plan." in evidence  # each entry carries its text as a comment
    credential = (tmp_path / "p" / "credential.yaml").read_text()
    assert "PASTE THE PORTAL'S DETAILS HERE" in credential


def test_init_never_overwrites(tmp_path, cli):
    folder = tmp_path / "p"
    assert cli("init", str(folder), "-c", "ensuring-accountability", "--name", "A").exit_code == 0
    (folder / "overview.md").write_text("my precious draft")
    before = {p: p.read_bytes() for p in folder.iterdir() if p.is_file()}

    again = cli("init", str(folder), "-c", "ensuring-accountability", "--name", "B")
    assert again.exit_code == 2
    assert "overview.md" in again.output and "writes nothing" in again.output
    assert {p: p.read_bytes() for p in folder.iterdir() if p.is_file()} == before


def test_one_existing_file_blocks_the_whole_init(tmp_path, cli):
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "evidence.yaml").write_text("mine")
    result = cli("init", str(folder), "-c", "ensuring-accountability", "--name", "A")
    assert result.exit_code == 2
    assert "evidence.yaml" in result.output
    assert sorted(p.name for p in folder.iterdir()) == ["evidence.yaml"]


def test_a_dangling_symbolic_link_counts_as_taken(tmp_path, cli):
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "mcred.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    result = cli("init", str(folder), "-c", "ensuring-accountability", "--name", "A")
    assert result.exit_code == 2
    assert "mcred.yaml" in result.output
    assert sorted(p.name for p in folder.iterdir()) == ["mcred.yaml"]
    assert not (tmp_path / "elsewhere.yaml").exists()


def test_unknown_credential_lists_the_catalog(tmp_path, cli):
    result = cli("init", str(tmp_path / "p"), "-c", "ensuring-acountability", "--name", "A")
    assert result.exit_code == 2
    assert "did you mean `ensuring-accountability`" in result.output
    assert "leading-vision-and-mission" in result.output
    assert not (tmp_path / "p").exists()


def test_target_that_is_a_file(tmp_path, cli):
    target = tmp_path / "notes.txt"
    target.write_text("x")
    result = cli("init", str(target), "-c", "ensuring-accountability", "--name", "A")
    assert result.exit_code == 2
    assert "is a file, not a folder" in result.output
    assert target.read_text() == "x"


def test_unwritable_place_is_a_clear_error(tmp_path, cli):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = cli("init", str(blocker / "p"), "-c", "ensuring-accountability", "--name", "A")
    assert result.exit_code == 2
    assert "cannot write the portfolio" in result.output


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_folder(tmp_path, cli):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        result = cli("init", str(folder), "-c", "ensuring-accountability", "--name", "A")
    finally:
        folder.chmod(0o755)
    assert result.exit_code == 2
    assert list(folder.iterdir()) == []


def test_read_only_folder_leaves_nothing_half_written(tmp_path, cli, monkeypatch):
    """A write that fails midway (a read-only disk, a full disk) takes back what it wrote."""
    real_open = Path.open

    def failing_open(self, mode="r", *args, **kwargs):
        if "x" in mode and self.name == "reflection.md":
            raise OSError(30, "Read-only file system")
        return real_open(self, mode, *args, **kwargs)

    monkeypatch.setattr(Path, "open", failing_open)
    result = cli("init", str(tmp_path / "p"), "-c", "ensuring-accountability", "--name", "A")
    assert result.exit_code == 2
    assert "Read-only file system" in result.output
    assert not (tmp_path / "p").exists()


def test_prompts_only_on_a_terminal(tmp_path, cli, monkeypatch):
    # CliRunner's stdin is not a terminal: nothing is asked, missing fields stay empty
    result = cli("init", str(tmp_path / "quiet"), "-c", "ensuring-accountability")
    assert result.exit_code == 0
    assert "Your name" not in result.output

    monkeypatch.setattr("mcred.cli._interactive", lambda: True)
    result = cli("init", str(tmp_path / "asked"), "-c", "ensuring-accountability", "--name", "Pat Kim",
                 input="Principal\nOak High\nNorth District\n")
    assert result.exit_code == 0, result.output
    practitioner = yaml.safe_load((tmp_path / "asked" / "mcred.yaml").read_text())["practitioner"]
    assert practitioner == {"name": "Pat Kim", "role": "Principal", "school": "Oak High", "district": "North District"}


def test_a_refusal_comes_before_any_question(tmp_path, cli, monkeypatch):
    cli("init", str(tmp_path / "p"), "-c", "ensuring-accountability", "--name", "A")
    monkeypatch.setattr("mcred.cli._interactive", lambda: True)
    result = cli("init", str(tmp_path / "p"), "-c", "ensuring-accountability", input="x\nx\nx\nx\n")
    assert result.exit_code == 2
    assert "Your" not in result.output and "already has" in result.output


def test_init_from_a_users_own_credential_file(tmp_path, cli):
    own = tmp_path / "my-credential.yaml"
    own.write_text(OWN_CREDENTIAL)
    result = cli("init", str(tmp_path / "p"), "-c", str(own), "--name", "A")
    assert result.exit_code == 0, result.output
    assert "Outcome 1: Build a data team." in (tmp_path / "p" / "reflection.md").read_text()
    assert '"1.2":' in (tmp_path / "p" / "evidence.yaml").read_text()


OWN_CREDENTIAL = """\
id: data-culture
title: Building a Data Culture
program: NASSP Ed Leaders Network Micro-Credential
overview: A credential written by a practitioner for a test.
outcomes:
  - id: "1"
    text: Build a data team.
    details:
      - id: "1.1"
        text: Name the members.
      - id: "1.2"
        text: Set a meeting rhythm.
parts:
  - id: overview
    title: Overview Questions
    kind: narrative
    min_words: 300
    prompts:
      - id: q1
        text: Who is on your data team?
  - id: evidence
    title: Evidence
    kind: evidence
  - id: reflection
    title: Reflection
    kind: narrative
    min_words: 200
    address_outcomes: true
"""
