"""Whatever YAML and Markdown a practitioner writes, `mcred check` answers with findings and an exit code of 0, 1
or 2 — never a traceback. (The `cli` fixture does not catch exceptions: a traceback fails the example.)"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml
from check_material import TARGETS, write_mp4, write_png, write_ready_portfolio
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import corrupt_pdf, encrypt_pdf, prose

# MCRED_EXAMPLES=2000 explores further than the suite's quick run.
EXAMPLES = settings(max_examples=int(os.environ.get("MCRED_EXAMPLES", "50")), deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """One ready portfolio with every kind of artifact file, shared by all examples (each restores what it wrote)."""
    root = write_ready_portfolio(tmp_path_factory.mktemp("property") / "portfolio")
    artifacts = root / "artifacts"
    encrypt_pdf(artifacts / "handbook.pdf", artifacts / "locked.pdf")
    corrupt_pdf(artifacts / "broken.pdf")
    write_mp4(artifacts / "clip.mp4", 95)
    write_png(artifacts / "wall.png")
    (artifacts / "notes.docx").write_bytes(b"PK\x03\x04")
    (artifacts / "fake.png").write_text("not an image")
    (artifacts / "folder.pdf").mkdir()
    return root


def _check(cli, folder: Path, name: str, content: str | bytes) -> None:
    path = folder / name
    original = path.read_bytes()
    try:
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", errors="surrogatepass")
        for flags in ((), ("--json", "--strict")):
            result = cli("check", str(folder), *flags)
            assert result.exit_code in (0, 1, 2)
            if "--json" in flags:
                assert json.loads(result.stdout)["summary"]["exit_code"] == result.exit_code
    finally:
        path.write_bytes(original)


# --- strategies ---------------------------------------------------------------------------------------

LOCATORS = ["4", "4-6", "4, 9-10", "iv", "ii", "A-3", "0", "-1", "99", "6-4", "4,,5", "i-ii", "1–2", "",
            "12:30", "1:02:03", "12:30-14:05", "14:05-12:30", "99:99", "1:00:00-", "0:00"]
FILES = ["artifacts/handbook.pdf", "artifacts/locked.pdf", "artifacts/broken.pdf", "artifacts/clip.mp4",
         "artifacts/wall.png", "artifacts/notes.docx", "artifacts/fake.png", "artifacts/folder.pdf", "artifacts",
         "artifacts/missing.pdf", "../mcred.yaml", "/dev/null", "evidence.yaml", "x" * 300 + ".pdf", ""]
SCHEMA_KEYS = ["id", "title", "file", "url", "duration", "artifact", "pages", "time", "quote", "explanation",
               "artifacts", "evidence", "credential", "practitioner", "name", "drafts", "overview", "date"]

text = st.text(max_size=40)
# Scalars of every kind YAML has, names the file system cannot hold, infinities and hexadecimal included.
short_scalar = st.one_of(st.none(), st.booleans(), st.integers(-5, 10**6), st.floats(allow_nan=False), text,
                         st.sampled_from(LOCATORS), st.just("[TODO: write this]"), st.just("x" * 300 + ".md"))
scalar = short_scalar | st.just(prose(45))


def nested(leaf):
    return st.recursive(leaf, lambda inner: st.lists(inner, max_size=3)
                        | st.dictionaries(st.sampled_from(SCHEMA_KEYS) | text, inner, max_size=3), max_leaves=12)


anything = nested(scalar)
artifact_ids = st.sampled_from(["A1", "A2", "A3", "a1", ""]) | text

artifact = st.fixed_dictionaries({}, optional={
    "id": artifact_ids, "title": scalar, "file": st.sampled_from(FILES) | scalar,
    "url": st.just("https://example.org/v") | scalar, "duration": st.sampled_from(LOCATORS) | scalar})
citation = st.fixed_dictionaries({}, optional={
    "artifact": artifact_ids, "pages": st.sampled_from(LOCATORS) | scalar, "time": st.sampled_from(LOCATORS) | scalar,
    "quote": st.sampled_from(["Section 2", "expectations were drafted", ""]) | scalar,
    "explanation": scalar, "explanaton": scalar})
evidence_document = st.fixed_dictionaries({}, optional={
    "artifacts": st.lists(artifact | anything, max_size=5) | anything,
    "evidence": st.dictionaries(st.sampled_from([*TARGETS, "4", "9.9"]) | text,
                                st.lists(citation | anything, max_size=3) | anything, max_size=8) | anything,
    "extra": anything})


def dumped(document) -> str:
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True)


yaml_text = st.one_of(evidence_document.map(dumped), anything.map(dumped), st.text(max_size=200))

short_anything = nested(short_scalar)
manifest_document = st.fixed_dictionaries({}, optional={
    "credential": st.sampled_from(["ensuring-accountability", "leading-vision-and-mission", "evidence.yaml",
                                   "overview.md", "nope", "artifacts"]) | short_scalar,
    "practitioner": st.fixed_dictionaries({"name": scalar}, optional={"school": scalar}) | anything,
    "drafts": st.dictionaries(st.sampled_from(["overview", "reflection", "evidence"]),
                              st.sampled_from(["overview.md", "reflection.md", "artifacts", "missing.md",
                                               "artifacts/handbook.pdf"]) | short_scalar, max_size=2) | short_anything,
    "evidence": st.sampled_from(["evidence.yaml", "missing.yaml", "artifacts", "overview.md"]) | short_scalar,
    "date": st.sampled_from(["2026-11-20", "2026-02-30", "tomorrow"]) | scalar,
    "settings": st.fixed_dictionaries({}, optional={"upload_limit_mb": st.integers(-1, 100) | text | st.none()}),
})

MARKDOWN_PIECES = ["# ", "## ", "### ", "## 1. ", "## Question 2", "## Outcome 3: ", "## EO 4", "- ", "1. ", "> ",
                   "```", "~~~", "<!-- ", " -->", "---", "| a | b |", "|---|---|", "[TODO: fill in]", "    ",
                   "<div>", "</div>", "**", "_", "`", "[link](http://x)", "![alt](p.png)", "—", "grade-level",
                   "\\", "&amp;", "#OpenToWork", "$x$", "\t", "\r", "\u00ad", "\ufeff"]
markdown = st.lists(st.one_of(st.sampled_from(MARKDOWN_PIECES), st.text(max_size=30), st.just(prose(60)),
                              st.just("\n"), st.just("\n\n")), max_size=40).map("".join)


# --- properties ---------------------------------------------------------------------------------------

@EXAMPLES
@given(content=yaml_text)
def test_any_evidence_map(folder, cli, content):
    _check(cli, folder, "evidence.yaml", content)


@EXAMPLES
@given(content=st.one_of(manifest_document.map(dumped), short_anything.map(dumped), st.text(max_size=120)))
def test_any_manifest(folder, cli, content):
    _check(cli, folder, "mcred.yaml", content)


@EXAMPLES
@given(content=markdown, name=st.sampled_from(["overview.md", "reflection.md"]))
def test_any_draft(folder, cli, content, name):
    _check(cli, folder, name, content)


@EXAMPLES
@given(content=st.binary(max_size=300))
def test_any_bytes_as_a_draft_or_yaml(folder, cli, content):
    _check(cli, folder, "overview.md", content)
    _check(cli, folder, "evidence.yaml", content)


def test_the_shared_portfolio_is_ready(folder, cli):
    """The examples start from a ready portfolio (with spare, uncited artifact files), so they test the inputs."""
    result = cli("check", str(folder), "--json")
    assert result.exit_code == 0, result.stdout
