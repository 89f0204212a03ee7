"""A hostile practitioner (or a hostile file): YAML bombs, pipes and devices, odd digits, encrypted PDFs, links
leading out of the portfolio, Ctrl-C in the middle of a build. Each test is one defect a tester found, written
so that it failed before its fix: the exit code, the finding's code and the words of its message.

Anything that could hang or exhaust memory runs `mcred` in a child process, bounded in time and memory
(hostile_material.run_mcred); the rest runs the real CLI in-process (the `cli` fixture: a traceback fails)."""

from __future__ import annotations

import json
import os
import re
import stat
import tempfile
import time
from pathlib import Path

import pytest
import yaml
from check_material import (
    TARGETS,
    check_json,
    cite,
    evidence_map,
    line_of,
    snapshot,
    write_mp4,
    write_ready_portfolio,
)
from hostile_material import FIRST_ALIAS_LINE_AFTER, aes_pdf, bomb, run_mcred
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from support import HANDBOOK_PAGES, make_pdf, prose, ready_evidence
from typer.testing import CliRunner

from mcred.cli import app
from mcred.read import catalog

PACKET = Path("build") / "ensuring-accountability-packet.pdf"
MANIFEST_HEAD = ["credential: ensuring-accountability", "practitioner:", "  name: Jordan Rivera"]


def squash(text: str) -> str:
    """Text without whitespace: rich wraps long lines (and folds long paths) at the console's width."""
    return re.sub(r"\s+", "", text)


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes: what "left as it was" compares."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def with_artifact(portfolio, artifact: dict, *citations: dict, **parts) -> tuple[Path, str]:
    """A ready portfolio whose evidence map also lists `artifact` and cites it for outcome 1."""
    text = evidence_map({"1": [cite(), *citations]}, artifacts=[artifact])
    return portfolio(evidence=text, **parts), text


# --- 1. YAML bombs and runaway nesting ------------------------------------------------------------------

@pytest.mark.parametrize("name, head, use", [
    ("mcred.yaml", MANIFEST_HEAD, "date: *b8"),
    ("mcred.yaml", MANIFEST_HEAD, "*b8 : x"),
    ("evidence.yaml", ["artifacts: []"], "evidence: *b8"),
    ("evidence.yaml", ["artifacts: []"], "*b8 : x"),
    ("credential.yaml", None, "overview: *b8"),
], ids=["manifest-value", "manifest-key", "evidence-value", "evidence-key", "credential-value"])
def test_a_billion_laughs_is_refused_at_its_first_alias(portfolio, name, head, use):
    folder = portfolio(manifest={"credential": "credential.yaml"} if name == "credential.yaml" else None)
    if head is None:   # the catalog's credential, bomb appended: the portfolio's own copy
        head = catalog.resolve("ensuring-accountability").read_text(encoding="utf-8").splitlines()
        head = [line for line in head if not line.startswith("overview:") and not line.startswith("  ")]
    (folder / name).write_text(bomb(head, use=use), encoding="utf-8")

    started = time.monotonic()
    run = run_mcred("check", str(folder), "--json")
    assert time.monotonic() - started < 20
    assert run.exit_code == 2, run.stderr
    assert "MemoryError" not in run.stderr and "Traceback" not in run.stderr
    what = {"mcred.yaml": "The manifest", "evidence.yaml": "The evidence map",
            "credential.yaml": "The credential file"}[name]
    finding = run.only("MC101")
    assert finding["message"] == f"{what} {name} is not valid YAML: an alias (`*b0`), which mcred's files do not use"
    assert finding["fix"] == "write the value out in full (no `&anchor`/`*alias`), and keep the nesting shallow"
    assert (finding["file"], finding["line"]) == (name, len(head) + FIRST_ALIAS_LINE_AFTER)
    assert run.document["error"]["kind"] == "input" and run.document["summary"]["exit_code"] == 2


def test_a_single_harmless_alias_is_refused_too(portfolio, cli):
    """mcred's files never need `&`/`*`: refusing every alias is what keeps a bomb out, so say so plainly."""
    folder = portfolio()
    (folder / "mcred.yaml").write_text("credential: ensuring-accountability\npractitioner:\n  name: &who Jordan\n"
                                       "  role: *who\n", encoding="utf-8")
    report = check_json(cli, folder)
    assert report.exit_code == 2
    finding = report.only("MC101")
    assert finding["message"] == ("The manifest mcred.yaml is not valid YAML: an alias (`*who`), which mcred's files "
                                  "do not use")
    assert (finding["line"], finding["column"]) == (4, 9)


@pytest.mark.parametrize("nested", [
    "[" * 20_000,
    "[" * 20_000 + "]" * 20_000,
    "{a: " * 20_000 + "}" * 20_000,
    "\n" + "- " * 20_000 + "x",
], ids=["unclosed", "closed", "mappings", "block-dashes"])
def test_twenty_thousand_nested_lists_are_refused_not_a_recursion_error(portfolio, nested):
    folder = portfolio()
    (folder / "evidence.yaml").write_text("artifacts: " + nested + "\n", encoding="utf-8")
    run = run_mcred("check", str(folder), "--json")
    assert run.exit_code == 2, run.stderr
    assert "RecursionError" not in run.stdout + run.stderr and "Traceback" not in run.stderr
    finding = run.only("MC101")
    assert finding["message"] == ("The evidence map evidence.yaml is not valid YAML: lists or mappings nested more "
                                  "than 40 deep")
    assert finding["line"] in (1, 2)


def test_nesting_within_the_cap_is_read_then_judged(portfolio, cli):
    """The cap is generous (mcred's files nest four levels): 39 levels still read, and the value is judged."""
    folder = portfolio()
    (folder / "mcred.yaml").write_text("credential: ensuring-accountability\ndate: 2026-11-20\n"
                                       "practitioner: {name: Jordan Rivera}\nsettings: " + "[" * 38 + "]" * 38 + "\n",
                                       encoding="utf-8")
    report = check_json(cli, folder)
    assert report.exit_code == 2
    assert report.only("MC102")["message"].startswith("settings should be a mapping")   # read, then judged


def test_a_yaml_file_of_three_megabytes_is_refused_unread(portfolio, cli):
    folder = portfolio()
    (folder / "evidence.yaml").write_text("# padding\n" * 300_000, encoding="utf-8")
    report = check_json(cli, folder)
    assert report.exit_code == 2
    finding = report.only("MC101")
    assert finding["message"] == "The evidence map evidence.yaml is too large (over 2 MB)"
    assert finding["fix"] == "this is not a file mcred wrote or expects: check the name"


# --- 2. Pipes, devices and links to them never hang ---------------------------------------------------------

EXTRA_PDF = {"id": "A3", "title": "Walkthrough notes", "file": "artifacts/notes.pdf"}


def test_a_fifo_inside_artifacts_is_not_a_regular_file(portfolio):
    folder, text = with_artifact(portfolio, EXTRA_PDF, cite("A3", pages=1))
    os.mkfifo(folder / "artifacts" / "notes.pdf")
    run = run_mcred("check", str(folder), "--json")
    assert run.exit_code == 1, run.stderr
    finding = run.only("MC402")
    assert finding["message"] == ("artifact A3 (artifacts/notes.pdf) is not a regular file (a pipe, a device or a "
                                  "socket)")
    assert finding["fix"] == "name the PDF or image file itself"
    assert finding["line"] == line_of(text, "id: A3")


def test_a_device_inside_artifacts_is_not_a_regular_file(portfolio):
    folder, _ = with_artifact(portfolio, EXTRA_PDF, cite("A3", pages=1))
    try:   # the same device as /dev/zero, made inside the portfolio (needs CAP_MKNOD)
        os.mknod(folder / "artifacts" / "notes.pdf", stat.S_IFCHR | 0o666, os.makedev(1, 5))
    except PermissionError:
        pytest.skip("this system does not allow making a device node")
    run = run_mcred("check", str(folder), "--json")
    assert run.exit_code == 1, run.stderr
    assert run.only("MC402")["message"] == ("artifact A3 (artifacts/notes.pdf) is not a regular file (a pipe, a device "
                                            "or a socket)")


def test_a_link_in_artifacts_to_dev_zero_is_outside_the_portfolio(portfolio):
    folder, _ = with_artifact(portfolio, EXTRA_PDF, cite("A3", pages=1))
    (folder / "artifacts" / "notes.pdf").symlink_to("/dev/zero")
    run = run_mcred("check", str(folder), "--json")
    assert run.exit_code == 1, run.stderr
    finding = run.only("MC401")
    assert finding["message"] == "artifact A3 (artifacts/notes.pdf) is outside the portfolio folder"
    assert finding["fix"] == "copy it into the portfolio's artifacts/ folder and name it from there"
    assert not run.findings("MC402")


@pytest.mark.parametrize("device", ["fifo", "link-to-dev-zero"])
def test_a_draft_that_is_a_fifo_or_a_link_to_dev_zero(portfolio, device):
    folder = portfolio(manifest={"drafts": {"overview": "pipe.md"}})
    if device == "fifo":
        os.mkfifo(folder / "pipe.md")
    else:
        (folder / "pipe.md").symlink_to("/dev/zero")
    run = run_mcred("check", str(folder), "--json")
    assert run.exit_code == 1, run.stderr    # a draft that cannot be read: the rest is still checked
    finding = run.only("MC201")
    said = ("is not a regular file (a pipe, a device or a socket)" if device == "fifo" else
            "is outside the portfolio folder")
    assert finding["message"] == f"The Overview Questions draft pipe.md {said}"


@pytest.mark.parametrize("name", ["evidence", "manifest"])
def test_a_yaml_file_that_is_a_fifo(portfolio, name):
    folder = portfolio(manifest={"evidence": "fifo.yaml"})
    (folder / "evidence.yaml").rename(folder / "fifo.yaml")
    path = folder / ("fifo.yaml" if name == "evidence" else "mcred.yaml")
    path.unlink()
    os.mkfifo(path)
    run = run_mcred("check", str(folder), "--json")
    assert run.exit_code == 2, run.stderr
    what = {"evidence": "The evidence map", "manifest": "The manifest"}[name]
    finding = run.only("MC101")
    assert finding["message"] == f"{what} {path.name} is not a regular file (a pipe, a device or a socket)"
    assert finding["fix"] == "name a regular file"


def test_a_credential_file_that_is_a_fifo_does_not_hang(portfolio):
    folder = portfolio(manifest={"credential": "credential.yaml"})
    os.mkfifo(folder / "credential.yaml")
    run = run_mcred("check", str(folder), "--json")
    assert run.exit_code == 2, run.stderr
    assert [f["code"] for f in run.document["findings"]] in (["MC101"], ["MC105"])


def test_a_credential_file_that_is_a_fifo_is_named_for_what_it_is(portfolio):
    folder = portfolio(manifest={"credential": "credential.yaml"})
    os.mkfifo(folder / "credential.yaml")
    run = run_mcred("check", str(folder), "--json")
    message = run.document["findings"][0]["message"]
    assert "does not exist" not in message and "not a regular file" in message


# --- 3. Digits that are digits to Python but no page number ------------------------------------------------

@pytest.mark.parametrize("pages, shown", [("²", "²"), ("¹-³", "¹"), ("\u0663", "\u0663"), ("\uff13", "\uff13"),
                                          ("½", "½")],
                         ids=["superscript", "superscripts", "arabic", "fullwidth", "half"])
def test_superscript_and_other_unicode_digits_are_not_page_numbers(portfolio, cli, pages, shown):
    folder, _ = with_artifact(portfolio, EXTRA_PDF, cite("A3", pages=pages))
    make_pdf(folder / "artifacts" / "notes.pdf", ["First page.", "Second page.", "Third page."])
    report = check_json(cli, folder)
    assert report.exit_code == 1
    finding = report.only("MC320")
    assert finding["message"] == f"1 cites A3: `{shown}` is not a page number, and the PDF has no printed page labels"
    assert finding["fix"] == "cite a page number 1-3"


def test_a_superscript_on_a_pdf_with_labels_is_a_label_it_lacks(portfolio, cli):
    folder, _ = with_artifact(portfolio, dict(EXTRA_PDF, file="artifacts/handbook.pdf"), cite("A3", pages="²"))
    report = check_json(cli, folder)
    finding = report.only("MC321")
    assert finding["message"] == "1 cites A3: no page is labelled `²`"
    assert finding["fix"] == "cite a position 1-6 or a printed label (its printed labels: i, ii, 1, 2, 3, 4)"


# --- 4. AES-256 encryption ----------------------------------------------------------------------------------

def test_an_aes256_pdf_with_a_user_password_is_password_protected(portfolio, cli):
    folder, _ = with_artifact(portfolio, EXTRA_PDF, cite("A3", pages=1))
    aes_pdf(folder / "artifacts" / "handbook.pdf", folder / "artifacts" / "notes.pdf", user_password="secret")
    report = check_json(cli, folder)
    finding = report.only("MC403")
    assert finding["message"] == "artifact A3 (artifacts/notes.pdf) is password-protected: the packet cannot show it"
    assert not report.all("MC402")
    assert report.exit_code == 1


def test_an_aes256_pdf_is_password_protected_even_where_pypdf_cannot_decrypt_aes(portfolio, cli, monkeypatch):
    """Without pypdf's crypto provider, AES raises DependencyError: still a locked file (MC403), never corrupt."""
    import pypdf._encryption
    from pypdf.errors import DependencyError

    folder, _ = with_artifact(portfolio, EXTRA_PDF, cite("A3", pages=1))
    aes_pdf(folder / "artifacts" / "handbook.pdf", folder / "artifacts" / "notes.pdf", user_password="secret")

    def missing(*args: object) -> bytes:
        raise DependencyError("cryptography>=3.1 is required for AES algorithm")

    for name in ("aes_cbc_decrypt", "aes_cbc_encrypt", "aes_ecb_decrypt", "aes_ecb_encrypt"):
        monkeypatch.setattr(pypdf._encryption, name, missing)
    report = check_json(cli, folder)
    assert report.only("MC403")["message"] == ("artifact A3 (artifacts/notes.pdf) is password-protected: the packet "
                                               "cannot show it")
    assert not report.all("MC402")


OWNER_ONLY_PAGES = ["Walkthrough notes, first visit.", "The owner password only restricts editing this page."]


def test_an_aes256_pdf_with_only_an_owner_password_opens_and_its_quote_verifies(portfolio, cli, tmp_path):
    right = cite("A3", pages=2, quote="the owner password only restricts editing")
    wrong = cite("A3", pages=1, quote="the owner password only restricts editing")
    folder, _ = with_artifact(portfolio, EXTRA_PDF, right, wrong)
    plain = make_pdf(tmp_path / "plain.pdf", OWNER_ONLY_PAGES)
    aes_pdf(plain, folder / "artifacts" / "notes.pdf", user_password="", owner_password="x")
    assert PdfReader(folder / "artifacts" / "notes.pdf").is_encrypted
    report = check_json(cli, folder)
    assert not report.all("MC402") and not report.all("MC403") and not report.all("MC326")
    # the text was really read: the same quote cited on page 1 is not there
    assert report.only("MC325")["message"] == "1: the quote is not on A3 page 1"
    assert report.exit_code == 0


def test_an_aes256_pdf_with_only_an_owner_password_is_in_the_packet(portfolio, cli, tmp_path):
    folder, _ = with_artifact(portfolio, EXTRA_PDF, cite("A3", pages=2))
    aes_pdf(make_pdf(tmp_path / "plain.pdf", OWNER_ONLY_PAGES), folder / "artifacts" / "notes.pdf",
            user_password="", owner_password="x")
    result = cli("build", str(folder))
    assert result.exit_code == 0, result.output
    texts = [squash(page.extract_text() or "") for page in PdfReader(folder / PACKET).pages]
    assert any(squash(OWNER_ONLY_PAGES[1]) in text for text in texts)


# --- 5. An MP4 whose movie header says 0 --------------------------------------------------------------------

VIDEO = {"id": "A3", "title": "PLC meeting", "url": "https://example.org/plc", "file": "artifacts/plc.mp4"}


@pytest.mark.parametrize("version", [0, 1])
def test_a_zero_duration_in_the_movie_header_is_unknown_not_zero(portfolio, cli, version):
    folder, text = with_artifact(portfolio, VIDEO, cite("A3", time="59:00-59:30"))
    write_mp4(folder / "artifacts" / "plc.mp4", 0, version=version)
    report = check_json(cli, folder)
    assert not report.all("MC324")
    finding = report.only("MC327")
    assert finding["severity"] == "warning"
    assert finding["message"] == ("video A3 has no stated duration, and its file's length cannot be read (no "
                                  "MP4/MOV/M4V movie header), so its time stamps cannot be checked")
    assert finding["line"] == line_of(text, "id: A3")
    assert report.exit_code == 0


def test_a_zero_duration_header_falls_back_on_the_stated_duration(portfolio, cli):
    folder, _ = with_artifact(portfolio, dict(VIDEO, duration="18:42"), cite("A3", time="19:00"))
    write_mp4(folder / "artifacts" / "plc.mp4", 0)
    report = check_json(cli, folder)
    assert report.only("MC324")["message"] == "1 cites A3 at 19:00, past the video's end (18:42)"
    assert not report.all("MC327")


def test_a_real_duration_in_the_header_still_counts(portfolio, cli):
    folder, _ = with_artifact(portfolio, VIDEO, cite("A3", time="59:00"))
    write_mp4(folder / "artifacts" / "plc.mp4", 120)
    report = check_json(cli, folder)
    assert report.only("MC324")["message"] == "1 cites A3 at 59:00, past the video's end (2:00)"


# --- 6. Broken credential, odd values, tags, several documents --------------------------------------------

def _own_credential(folder: Path, edit) -> Path:
    path = folder / "credential.yaml"
    path.write_text(edit(catalog.resolve("ensuring-accountability").read_text(encoding="utf-8")), encoding="utf-8")
    return path


def test_a_broken_credential_gives_no_finding_in_the_manifest(portfolio, cli):
    folder = portfolio(manifest={"credential": "credential.yaml",
                                 "drafts": {"overview": "overview.md", "reflection": "reflection.md"}})
    _own_credential(folder, lambda text: text.replace("\ntitle:", "\ntitel:", 1))
    report = check_json(cli, folder)
    assert report.exit_code == 2
    finding = report.only("MC103")
    assert finding["file"] == "credential.yaml"
    assert finding["message"] == "`titel` is not a field of the credential — did you mean `title`?"
    assert [f for f in report.findings if f["file"] == "mcred.yaml"] == []
    assert not any("valid keys: " in f["message"] and "valid keys: `" not in f["message"] and
                   re.search(r"valid keys:\s*($|\))", f["message"] + f["fix"]) for f in report.findings)


@pytest.mark.parametrize("value, kind", [("[2026, 1, 1]", "a list (lines starting with '-')"),
                                         ("{year: 2026}", "a mapping (key: value lines)")])
def test_a_date_that_is_a_list_says_it_should_be_text(portfolio, cli, value, kind):
    folder = portfolio()
    (folder / "mcred.yaml").write_text("credential: ensuring-accountability\npractitioner: {name: Jordan}\n"
                                       f"date: {value}\n", encoding="utf-8")
    report = check_json(cli, folder)
    assert report.exit_code == 2
    finding = report.only("MC102")
    assert finding["message"] == f"date should be text, not {kind}"
    assert "Node" not in finding["message"] + finding["fix"]
    assert finding["line"] == 3


TAGS = ["!!python/object:os.system", "!!binary", "!!python/object/apply:os.system", "!custom"]


@pytest.mark.parametrize("tag", TAGS)
@pytest.mark.parametrize("where", ["practitioner name", "artifact title", "explanation", "pages"])
def test_a_tagged_value_names_its_tag_and_runs_nothing(portfolio, cli, monkeypatch, tag, where):
    folder = portfolio()
    monkeypatch.chdir(folder)
    value = f'{tag} "touch pwned"' if tag != "!!binary" else f"{tag} dG91Y2ggcHduZWQ="
    if where == "practitioner name":
        (folder / "mcred.yaml").write_text("credential: ensuring-accountability\npractitioner:\n"
                                           f"  name: {value}\n", encoding="utf-8")
        what, file, line = "practitioner name", "mcred.yaml", 3
    else:
        text = evidence_map()
        key = {"artifact title": "title:", "explanation": "explanation:", "pages": "pages:"}[where]
        line = line_of(text, key)
        lines = text.splitlines()
        lines[line - 1] = lines[line - 1].split(key)[0] + f"{key} {value}"
        (folder / "evidence.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        what = {"artifact title": "an artifact's title", "explanation": "explanation", "pages": "pages"}[where]
        file = "evidence.yaml"
    report = check_json(cli, folder)
    assert report.exit_code == 2
    finding = report.only("MC102")
    assert finding["message"] == f"{what} should be text, not a value tagged `{tag}`, which mcred does not read"
    assert finding["fix"] == f"write {what} as text and remove the tag"
    assert (finding["file"], finding["line"]) == (file, line)
    assert not (folder / "pwned").exists()


@pytest.mark.parametrize("tag", ["!!python/object:os.system", "!!binary"])
def test_a_tagged_date_names_its_tag(portfolio, cli, tag):
    folder = portfolio()
    (folder / "mcred.yaml").write_text("credential: ensuring-accountability\npractitioner: {name: Jordan}\n"
                                       f'date: {tag} "2026-11-20"\n', encoding="utf-8")
    report = check_json(cli, folder)
    assert report.exit_code == 2
    assert f"tagged `{tag}`, which mcred does not read" in report.only("MC102")["message"]


@pytest.mark.parametrize("name", ["mcred.yaml", "evidence.yaml"])
def test_several_yaml_documents_in_one_file(portfolio, cli, name):
    folder = portfolio()
    path = folder / name
    path.write_text("---\n" + path.read_text(encoding="utf-8") + "---\nextra: 1\n", encoding="utf-8")
    report = check_json(cli, folder)
    assert report.exit_code == 2
    finding = report.only("MC101")
    assert finding["message"].endswith("is not valid YAML: it holds more than one YAML document (a `---` line after "
                                       "the first)")
    assert finding["fix"] == "keep one document: remove the `---` line and merge what follows, or delete it"
    assert finding["file"] == name


@pytest.mark.parametrize("name", ["mcred.yaml", "evidence.yaml"])
def test_several_yaml_documents_are_unreadable_at_the_second(portfolio, cli, name):
    folder = portfolio()
    path = folder / name
    first = path.read_text(encoding="utf-8")
    path.write_text("---\n" + first + "---\nextra: 1\n", encoding="utf-8")
    report = check_json(cli, folder)
    assert report.exit_code == 2
    finding = report.only("MC101")
    assert (finding["file"], finding["line"]) == (name, len(first.splitlines()) + 2)


# --- 6b. Tags of the wrong kind (found while writing these tests) ------------------------------------------

MANIFEST_OK = "credential: ensuring-accountability\npractitioner: {name: J}\n"
WRONG_KIND = [
    ("mcred.yaml", 'credential: ensuring-accountability\npractitioner: !!map "ab"\n'),
    ("mcred.yaml", "credential: ensuring-accountability\npractitioner: !!map [name, Jordan]\n"),
    ("mcred.yaml", MANIFEST_OK + 'settings: {upload_limit_mb: !!int "x"}\n'),
    ("mcred.yaml", MANIFEST_OK + "settings: {upload_limit_mb: !!float x}\n"),
    ("evidence.yaml", 'artifacts: !!seq "abc"\n'),
    ("evidence.yaml", "artifacts: !!seq {id: A1}\n"),
    ("evidence.yaml", 'evidence: !!map "ab"\n'),
    ("evidence.yaml", 'artifacts: [!!map "ab"]\n'),
    ("evidence.yaml", 'evidence: {"1": !!seq "ab"}\n'),
]


@pytest.mark.parametrize("name, text", WRONG_KIND, ids=[f"{n}:{t.splitlines()[-1]}" for n, t in WRONG_KIND])
def test_a_tag_of_the_wrong_kind_is_a_finding_not_a_crash(portfolio, cli, name, text):
    folder = portfolio()
    (folder / name).write_text(text, encoding="utf-8")
    report = check_json(cli, folder)
    assert report.exit_code == 2
    assert report.only("MC102")["file"] == name


def test_a_str_tag_on_a_list_is_not_text(portfolio, cli):
    text = evidence_map().replace("title: Staff Performance Expectations Handbook", "title: !!str [a, b]")
    report = check_json(cli, portfolio(evidence=text))
    assert report.exit_code == 2
    assert report.only("MC102")["message"] == "an artifact's title should be text, not a list (lines starting with '-')"


def test_a_list_as_an_evidence_key_is_named_in_the_users_terms(portfolio, cli):
    text = evidence_map() + "  ? [a]\n  : - {artifact: A1, pages: 5, explanation: x}\n"
    report = check_json(cli, portfolio(evidence=text))
    assert report.exit_code in (1, 2)
    assert not any("Node(" in f["message"] for f in report.findings)


# --- 7. Empty ids, empty folder names, a bad SOURCE_DATE_EPOCH --------------------------------------------

@pytest.mark.parametrize("value", [None, "", "   "], ids=["null", "empty", "blank"])
def test_an_empty_artifact_id(portfolio, cli, value):
    text = evidence_map(artifacts=[{"id": value, "title": "Walkthrough notes", "url": "https://example.org/x"}])
    report = check_json(cli, portfolio(evidence=text))
    assert report.exit_code == 2
    finding = report.only("MC102")
    assert finding["message"] == "an artifact's id is empty"
    assert finding["fix"] == "write an artifact's id"
    assert finding["line"] == line_of(text, "Walkthrough notes") - 1


def test_an_empty_artifact_in_a_citation(portfolio, cli):
    text = evidence_map({"1": [cite(""), cite()]})
    report = check_json(cli, portfolio(evidence=text))
    assert report.exit_code == 2
    assert report.only("MC102")["message"] == "artifact is empty"


@pytest.mark.parametrize("name", ["", "   "])
def test_init_with_an_empty_folder_name_writes_nothing_here(cli, tmp_path, monkeypatch, name):
    monkeypatch.chdir(tmp_path)
    result = cli("init", name, "--credential", "ensuring-accountability", "--name", "X")
    assert result.exit_code == 2
    assert "the portfolio folder's name is empty" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_init_deep_folder_names_the_credential_file_by_its_whole_path(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("init", "a/b/c/d", "--credential", "ensuring-accountability", "--name", "X")
    assert result.exit_code == 0, result.output
    assert "1. Paste the portal's outcome details into a/b/c/d/credential.yaml" in result.stdout
    assert "4. cd a/b/c/d && mcred check" in result.stdout
    assert (tmp_path / "a/b/c/d/credential.yaml").is_file()


@pytest.mark.parametrize("epoch, said", [
    ("1.5e9", "SOURCE_DATE_EPOCH=1.5e9 is not a whole number of seconds since 1970."),
    ("soon", "SOURCE_DATE_EPOCH=soon is not a whole number of seconds since 1970."),
    ("-5", "SOURCE_DATE_EPOCH=-5 is not a whole number of seconds since 1970."),
    ("1700000000000000", "SOURCE_DATE_EPOCH=1700000000000000 is not a date: it counts seconds since 1970 "
                         "(milliseconds?)."),
])
def test_a_bad_source_date_epoch_leaves_the_previous_packet(portfolio, cli, monkeypatch, epoch, said):
    folder = portfolio()
    assert cli("build", str(folder)).exit_code == 0
    before = files_of(folder / "build")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    result = cli("build", str(folder))
    assert result.exit_code == 2
    assert said in " ".join(result.stderr.split())
    assert "MC100" in result.stderr
    assert files_of(folder / "build") == before
    as_json = cli("build", str(folder), "--json")
    document = json.loads(as_json.stdout)
    assert as_json.exit_code == 2 and document["summary"]["exit_code"] == 2
    assert [f["code"] for f in document["findings"]] == ["MC100"] and document["findings"][0]["message"] == said


# --- 8. A quote of punctuation only -----------------------------------------------------------------------

@pytest.mark.parametrize("quote", ["...", "—", "“ ”", "!!", "…"])
def test_a_quote_of_punctuation_only_verifies_nothing(portfolio, cli, quote):
    text = evidence_map({"1": [cite(pages=5, quote=quote)]})
    folder = portfolio(evidence=text)
    report = check_json(cli, folder)
    finding = report.only("MC325")
    assert finding["severity"] == "warning"
    assert finding["message"] == "1: the quote has no letters or digits, so it shows nothing"
    assert finding["line"] == line_of(text, "quote:")
    assert report.exit_code == 0
    assert check_json(cli, folder, "--strict").exit_code == 1


# --- 9. A right-to-left override in user text ---------------------------------------------------------------

def test_a_right_to_left_override_cannot_reverse_the_band(portfolio, cli):
    evidence = ready_evidence(TARGETS)
    evidence["artifacts"][0]["title"] = "\u202eStaff Handbook"
    folder = portfolio(evidence=evidence, manifest={"practitioner": {"name": "\u202eJordan Rivera"}})
    make_pdf(folder / "artifacts" / "handbook.pdf", HANDBOOK_PAGES)      # no printed labels: "p. N of 6"
    result = cli("build", str(folder), "--draft")
    assert result.exit_code == 0, result.output
    texts = [page.extract_text() or "" for page in PdfReader(folder / PACKET).pages]
    total = len(texts)
    for position, line in enumerate(HANDBOOK_PAGES, 1):
        page = next(text for text in texts if line in text)
        number = texts.index(page) + 1
        assert re.search(rf"\bA1 p\. {position}\b", page), page      # the band's stamp beside the title
        assert re.search(rf"\bpacket p\.\s{number}\b", page), page
    front = [text for text in texts[1:] if "packet p." in text and f"of {total}" in text]
    assert front
    for text in front:                               # the footer beside the name reads left to right too
        assert re.search(rf"\bpacket p\. \d+ of {total}\b", text), text


# --- 10. Build shows check's summary and its warnings -----------------------------------------------------

def test_build_shows_the_verdict_and_the_warnings_it_builds_past(portfolio, cli):
    text = evidence_map({"1": [cite(pages=5, explanation=prose(12))]})
    folder = portfolio(evidence=text)
    result = cli("build", str(folder))
    assert result.exit_code == 0, result.output
    err = " ".join(result.stderr.split())
    assert "✓ Ready to submit — 1 warning" in err
    assert "MC305" in err and "1: the explanation of A1 has 12 words; a convincing one has at least 40" in err
    assert (folder / PACKET).is_file()


def test_a_draft_build_says_not_ready_and_lists_the_warnings(portfolio, cli):
    text = evidence_map({"1": [cite(pages=5, explanation=prose(12))], "2": None})
    folder = portfolio(evidence=text)
    result = cli("build", str(folder), "--draft")
    assert result.exit_code == 0, result.output
    err = " ".join(result.stderr.split())
    assert "✗ Not ready — 1 error, 1 warning" in err
    assert "MC305" in err and "MC301" not in err      # errors are check's to list; build names their count
    assert "Building a DRAFT despite 1 error" in err


# --- 11. numbering: printed | position clears MC322 --------------------------------------------------------

PRINTED_3 = HANDBOOK_PAGES[4]     # the handbook's pages are printed i, ii, 1, 2, 3, 4: position 5 is printed 3
POSITION_3 = HANDBOOK_PAGES[2]


def _quote(page_text: str) -> str:
    return page_text.split(". ", 1)[1].rstrip(".")


def test_a_number_that_is_also_a_label_gives_a_note(portfolio, cli):
    text = evidence_map({"1": [cite(pages=3)]})
    report = check_json(cli, portfolio(evidence=text))
    finding = report.only("MC322")
    assert finding["message"] == ("1 cites A1: `3` was read as the 3rd page (printed label `1`), not the page printed "
                                  "`3` (the 5th)")
    assert "add `numbering: printed`" in finding["fix"] and "add `numbering: position`" in finding["fix"]
    assert finding["line"] == line_of(text, "pages: 3")


@pytest.mark.parametrize("on", ["citation", "artifact"])
def test_numbering_printed_takes_the_page_printed_3(portfolio, cli, on):
    right = cite(pages=3, quote=_quote(PRINTED_3))
    wrong = cite(pages=3, quote=_quote(POSITION_3))
    if on == "citation":
        right["numbering"] = wrong["numbering"] = "printed"
    text = evidence_map({"1": [right, wrong]})
    if on == "artifact":
        text = text.replace("file: artifacts/handbook.pdf", "file: artifacts/handbook.pdf\n  numbering: printed", 1)
    report = check_json(cli, portfolio(evidence=text))
    assert not [f for f in report.findings if f["code"] == "MC322" and f["message"].startswith("1 ")]
    assert report.only("MC325")["message"] == "1: the quote is not on A1 page 5"    # the position-3 quote


def test_numbering_position_keeps_the_3rd_page_without_a_note(portfolio, cli):
    text = evidence_map({"1": [cite(pages=3, quote=_quote(POSITION_3), numbering="position")]})
    report = check_json(cli, portfolio(evidence=text))
    assert not [f for f in report.findings if f["code"] in ("MC322", "MC325") and f["message"].startswith("1")]


def test_a_quote_on_the_printed_page_says_to_add_numbering_printed(portfolio, cli):
    text = evidence_map({"1": [cite(pages=3, quote=_quote(PRINTED_3))]})
    report = check_json(cli, portfolio(evidence=text))
    finding = report.only("MC325")
    assert finding["message"] == "1: the quote is not on A1 page 3"
    assert finding["fix"] == ("the quote is on the page printed `3` (position 5): add `numbering: printed` to the "
                              "citation")
    assert [f["code"] for f in report.findings if f["message"].startswith("1 cites")] == ["MC322"]


def test_numbering_printed_on_a_pdf_without_labels_is_a_finding(portfolio, cli):
    folder, _ = with_artifact(portfolio, EXTRA_PDF, cite("A3", pages=2, numbering="printed"))
    make_pdf(folder / "artifacts" / "notes.pdf", ["First page.", "Second page.", "Third page."])
    report = check_json(cli, folder)
    finding = report.only("MC320")
    assert finding["message"] == "1 cites A3: `numbering: printed`, but the PDF has no printed page labels"
    assert finding["fix"] == "remove `numbering:` and cite positions 1-3"
    assert report.exit_code == 1


def test_numbering_printed_with_a_number_no_page_is_printed(portfolio, cli):
    report = check_json(cli, portfolio(evidence=evidence_map({"1": [cite(pages=5, numbering="printed")]})))
    finding = report.only("MC321")
    assert finding["message"] == "1 cites A1: no page is printed `5`"


def test_numbering_sideways_is_unreadable(portfolio, cli):
    text = evidence_map({"1": [cite(pages=3, numbering="sideways")]})
    report = check_json(cli, portfolio(evidence=text))
    assert report.exit_code == 2
    finding = report.only("MC102")
    assert finding["message"] == "numbering `sideways` is neither `position` nor `printed`"
    assert finding["line"] == line_of(text, "numbering: sideways")


# --- 12. A fresh scaffold with the page placeholders left ---------------------------------------------------

def test_a_scaffold_with_its_pages_placeholders_left_is_not_ready(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli("init", "p", "--credential", "ensuring-accountability", "--name", "X").exit_code == 0
    folder = tmp_path / "p"
    make_pdf(folder / "artifacts" / "your-file.pdf", HANDBOOK_PAGES)
    path = folder / "evidence.yaml"
    text = re.sub(r'title: "\[TODO[^"]*"', "title: Staff Handbook", path.read_text(encoding="utf-8"))
    text = re.sub(r"\[TODO: explain how this evidence[^\n]*", prose(50), text)
    path.write_text(text, encoding="utf-8")
    assert text.count("[TODO") == len(TARGETS)      # only the pages placeholders are left

    report = check_json(cli, folder)
    assert report.exit_code == 1
    placeholders = report.all("MC306")
    assert [f["line"] for f in placeholders] == [line_of(text, 'pages: "[TODO', n) for n in range(1, len(TARGETS) + 1)]
    assert [f["message"] for f in placeholders] == [f"{t}: where to look is still `init`'s placeholder"
                                                    for t in TARGETS]
    assert not report.all("MC320") and not report.all("MC321")


# --- 13. Links and paths leading out of the portfolio -------------------------------------------------------

@pytest.mark.parametrize("linked", ["build", "build/parts"])
def test_build_will_not_write_through_a_link_leading_outside(portfolio, cli, tmp_path, linked):
    folder = portfolio()
    assert cli("build", str(folder)).exit_code == 0
    before = files_of(folder / "build")
    outside = tmp_path / "outside"
    outside.mkdir()
    target = folder / linked
    for path in sorted(target.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    target.rmdir()
    target.symlink_to(outside, target_is_directory=True)

    result = cli("build", str(folder))
    assert result.exit_code == 2
    err = " ".join(result.stderr.split())
    assert "MC100" in err and "leads outside the portfolio folder (a symbolic link)" in err
    assert list(outside.iterdir()) == []
    if linked == "build/parts":    # the packet beside it is the previous one, and no temporary file is left
        assert files_of(folder / "build") == {k: v for k, v in before.items() if not k.startswith("parts")}
        assert sorted(p.name for p in (folder / "build").iterdir()) == [
            "ensuring-accountability-packet.pdf", "mcred-build.json", "parts", "submission.html"]


@pytest.mark.parametrize("how", ["relative", "absolute", "link"])
def test_a_draft_outside_the_portfolio(portfolio, cli, tmp_path, how):
    outside = tmp_path / "outside.md"
    outside.write_text("# Overview\n\n" + prose(1200), encoding="utf-8")
    name = {"relative": "../outside.md", "absolute": str(outside), "link": "overview.md"}[how]
    folder = portfolio(manifest={"drafts": {"overview": name}})
    if how == "link":
        (folder / "overview.md").unlink()
        (folder / "overview.md").symlink_to(outside)
    report = check_json(cli, folder)
    finding = report.only("MC201")
    assert finding["message"] == f"The Overview Questions draft {Path(name).name} is outside the portfolio folder"
    assert finding["fix"] == "keep the draft inside the portfolio folder and name it from there in mcred.yaml"
    assert report.exit_code == 1


@pytest.mark.parametrize("how", ["relative", "absolute"])
def test_an_evidence_map_outside_the_portfolio(portfolio, cli, tmp_path, how):
    folder = portfolio()
    (tmp_path / "ev.yaml").write_bytes((folder / "evidence.yaml").read_bytes())
    name = "../ev.yaml" if how == "relative" else str(tmp_path / "ev.yaml")
    (folder / "mcred.yaml").write_text(yaml.safe_dump({"credential": "ensuring-accountability",
                                                      "practitioner": {"name": "Jordan"}, "evidence": name}),
                                       encoding="utf-8")
    report = check_json(cli, folder)
    assert report.exit_code == 2
    finding = report.only("MC101")
    assert finding["message"] == "The evidence map ev.yaml is outside the portfolio folder"
    assert finding["fix"] == "keep the portfolio's files inside its folder, and name them from there"


@pytest.mark.parametrize("how", ["relative", "link"])
def test_a_credential_file_outside_the_portfolio(portfolio, cli, tmp_path, how):
    (tmp_path / "shared.yaml").write_bytes(catalog.resolve("ensuring-accountability").read_bytes())
    folder = portfolio(manifest={"credential": "../shared.yaml" if how == "relative" else "credential.yaml"})
    if how == "link":
        (folder / "credential.yaml").symlink_to(tmp_path / "shared.yaml")
    report = check_json(cli, folder)
    assert report.exit_code == 2
    name = "shared.yaml" if how == "relative" else "credential.yaml"
    assert report.only("MC101")["message"] == f"The credential file {name} is outside the portfolio folder"


def test_an_artifact_outside_the_portfolio(portfolio, cli, tmp_path):
    make_pdf(tmp_path / "elsewhere.pdf", ["Kept elsewhere."])
    folder, _ = with_artifact(portfolio, dict(EXTRA_PDF, file="../elsewhere.pdf"), cite("A3", pages=1))
    assert check_json(cli, folder).only("MC401")["message"] == ("artifact A3 (../elsewhere.pdf) is outside the "
                                                                 "portfolio folder")


def test_a_cache_folder_linked_outside_is_not_written_and_clean_removes_only_the_link(portfolio, cli, tmp_path):
    folder = portfolio()
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "keep.txt").write_text("mine", encoding="utf-8")
    (folder / ".mcred").symlink_to(outside, target_is_directory=True)
    assert check_json(cli, folder).exit_code == 0
    assert [p.name for p in outside.iterdir()] == ["keep.txt"]
    result = cli("clean", str(folder))
    assert result.exit_code == 0 and "a link; what it pointed to was left alone" in " ".join(result.stdout.split())
    assert not os.path.lexists(folder / ".mcred") and (outside / "keep.txt").read_text() == "mine"


# --- 14. Exit 3 (a bug), exit 2 under --json, exit 130 -----------------------------------------------------

@pytest.fixture
def boom(monkeypatch, tmp_path) -> Path:
    """A check that raises, and the bug report kept in tmp_path: where it would go."""
    import mcred.checks.evidence

    def explode(facts):
        raise RuntimeError("boom")

    monkeypatch.setattr(mcred.checks.evidence, "check", explode)
    logs = tmp_path / "tmp"
    logs.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(logs))
    return logs / "mcred-bug-report.txt"


def test_a_bug_exits_3_says_so_and_names_the_log(portfolio, cli, boom):
    result = cli("check", str(portfolio()))
    assert result.exit_code == 3
    err = squash(result.stderr)
    assert squash("error: an unexpected error has occurred (RuntimeError: boom). This is a bug in mcred; please "
                  f"report it. The details are in {boom}. Run with --debug to see the traceback.") in err
    assert "Traceback" not in result.stderr + result.stdout
    log = boom.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in log and "RuntimeError: boom" in log


def test_a_bug_under_debug_shows_the_traceback(portfolio, cli, boom):
    result = cli("--debug", "check", str(portfolio()))
    assert result.exit_code == 3
    assert "Traceback (most recent call last)" in result.stderr and "RuntimeError: boom" in result.stderr
    assert "explode" in result.stderr


def test_a_bug_under_json_is_one_json_object(portfolio, cli, boom):
    result = cli("check", str(portfolio()), "--json")
    document = json.loads(result.stdout)
    assert result.exit_code == 3
    assert document["error"]["kind"] == "bug" and document["summary"]["exit_code"] == 3
    assert document["error"]["message"] == "an unexpected error: RuntimeError: boom"
    assert document["findings"] == []


@pytest.mark.parametrize("command", ["check", "build"])
def test_unreadable_input_under_json_is_one_json_object(portfolio, cli, command):
    folder = portfolio()
    (folder / "mcred.yaml").write_text("credential: [unclosed\n", encoding="utf-8")
    result = cli(command, str(folder), "--json")
    assert result.exit_code == 2
    document = json.loads(result.stdout)           # the whole of stdout: one object
    assert document["summary"]["exit_code"] == 2 and document["summary"]["errors"] == 1
    assert [f["code"] for f in document["findings"]] == ["MC101"]
    assert document["findings"][0]["file"] == "mcred.yaml"
    assert document["error"]["kind"] == "input"


@pytest.mark.parametrize("as_json", [False, True])
def test_ctrl_c_while_typesetting_leaves_the_previous_packet(portfolio, cli, monkeypatch, as_json):
    import mcred.packet.typeset

    folder = portfolio()
    assert cli("build", str(folder)).exit_code == 0
    before = files_of(folder / "build")

    def interrupted(self, *args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(mcred.packet.typeset.Typesetter, "_compile", interrupted)
    result = cli("build", str(folder), *(["--json"] if as_json else []))
    assert result.exit_code == 130
    assert "Interrupted: nothing was changed" in " ".join(result.stderr.split())
    if as_json:
        document = json.loads(result.stdout)
        assert document["error"]["kind"] == "interrupted" and document["summary"]["exit_code"] == 130
    assert files_of(folder / "build") == before


# --- 15. mcred clean ----------------------------------------------------------------------------------------

def test_clean_removes_the_cache_check_made_and_nothing_else(portfolio, cli):
    folder = portfolio()
    mine = snapshot(folder)
    contents = files_of(folder)
    assert check_json(cli, folder).exit_code == 0
    assert (folder / ".mcred" / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"

    result = cli("clean", str(folder))
    assert result.exit_code == 0
    assert squash(result.stdout).startswith(squash(f"Removed {folder / '.mcred'} ("))
    assert not (folder / ".mcred").exists()
    again = cli("clean", str(folder))
    assert again.exit_code == 0 and again.stdout.strip() == "Nothing to clean: there is no .mcred/ cache."
    assert snapshot(folder) == mine and files_of(folder) == contents


# --- Any YAML, however hostile: findings and an exit code, never a crash -----------------------------------

LEAVES = ["x", '"4-6"', "5", '"12:30"', "null", "''", "true", "1.5", "A1", '"iv"', '"…"', "2026-11-20", "~"]
FOREIGN_TAGS = ["!!python/object:os.system ", "!!python/object/apply:os.system ", "!!python/name:os.system ",
                "!!binary ", "!custom ", "!<tag:example.org,2026:x> "]
SCALAR_TAGS = ["", "", "", "!!str ", "!!null ", "!!bool ", "!!timestamp ", *FOREIGN_TAGS]
NUMBER_LEAVES = [("!!int ", "5"), ("!!int ", "-3"), ("!!int ", "1_000"), ("!!float ", "1.5"), ("!!float ", ".nan"),
                 ("!!float ", ".inf"), ("!!float ", "-2.0")]
COLLECTION_TAGS = ["", "", "", *FOREIGN_TAGS]
MAPPING_TAGS = [*COLLECTION_TAGS, "!!set ", "!!map "]
SEQUENCE_TAGS = [*COLLECTION_TAGS, "!!omap ", "!!pairs ", "!!seq "]
ANY_TAG = sorted({*SCALAR_TAGS, *MAPPING_TAGS, *SEQUENCE_TAGS, "!!int ", "!!float "})
KEYS = ["id", "title", "pages", "name", '"1"', "a", "? [k]", "? {k: v}", "id", "title", "name", "a", "*a1"]


def _anchored(tag: str, body: str, anchor: int | None) -> str:
    return (f"&a{anchor} " if anchor is not None else "") + tag + body


def hostile(any_tag: bool, bombs: bool) -> st.SearchStrategy[str]:
    """One YAML node in flow style: scalars, lists, mappings, tags and nesting.
    `any_tag`: tags regardless of the node's kind (`!!map "ab"`); otherwise each tag fits its node.
    `bombs`: anchors, aliases and nesting up to 200 deep too — each ends the reading at once (MC101), so only some
    documents carry them and the rest reach the reader's walk through every value."""
    anchors = st.sampled_from([None] * 6 + [1, 2, 3]) if bombs else st.none()
    scalar_tags = st.sampled_from(ANY_TAG if any_tag else SCALAR_TAGS)
    scalar = st.builds(_anchored, scalar_tags, st.sampled_from(LEAVES), anchors)
    numbers = st.sampled_from(NUMBER_LEAVES).map(lambda pair: pair[0] + pair[1])
    deep = st.builds(lambda n, leaf: "[" * n + leaf + "]" * n, st.integers(0, 200 if bombs else 25),
                     st.sampled_from(LEAVES))
    aliases = [st.integers(1, 3).map(lambda n: f"*a{n}")] if bombs else []
    leaf = st.one_of(*[scalar] * 8, numbers, numbers, deep, *aliases)
    keys = st.sampled_from(KEYS if bombs else [k for k in KEYS if not k.startswith("*")])

    def extend(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        seq = st.builds(_anchored, st.sampled_from(ANY_TAG if any_tag else SEQUENCE_TAGS),
                        st.lists(children, max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]"), anchors)
        mapping = st.builds(_anchored, st.sampled_from(ANY_TAG if any_tag else MAPPING_TAGS),
                            st.lists(st.tuples(keys, children), max_size=3).map(
                                lambda kv: "{" + ", ".join(f"{k} : {v}" for k, v in kv) + "}"), anchors)
        return seq | mapping

    return st.recursive(leaf, extend, max_leaves=8)


def _either(good: str, node: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Mostly the good value: each hostile one is a finding, and a few keep every example from being ready."""
    return st.one_of(st.just(good), st.just(good), st.just(good), node)


def _extra(key: str, node: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Nothing, or one more key with a hostile value (`, numbering: …`)."""
    return st.one_of(st.just(""), st.just(""), node.map(lambda value: f", {key}: {value}"))


EXPLANATION = json.dumps(prose(50))
GOOD_CITATION = f"{{artifact: A1, pages: 5, explanation: {EXPLANATION}}}"
GOOD_MANIFEST = ("{credential: ensuring-accountability, date: 2026-11-20, practitioner: {name: Jordan}, "
                 "settings: {upload_limit_mb: 25}, drafts: {overview: overview.md}}")
GOOD_EVIDENCE = ("{artifacts: [{id: A1, title: Handbook, file: artifacts/handbook.pdf}], evidence: {"
                 + ", ".join(f'"{t}": [{GOOD_CITATION}]' for t in TARGETS) + "}}")


def documents(any_tag: bool) -> st.SearchStrategy[tuple[str, str]]:
    """(mcred.yaml, evidence.yaml): the real shape, with values, whole lists and mappings — and extra keys — made
    hostile, so the reader walks into them; one pair in three carries anchors, aliases and deep nesting."""
    return st.sampled_from([False, False, True]).flatmap(lambda bombs: _documents(hostile(any_tag, bombs)))


def _documents(node: st.SearchStrategy[str]) -> st.SearchStrategy[tuple[str, str]]:
    manifest = st.builds(
        lambda date, practitioner, settings_, drafts, extra: (
            "{credential: ensuring-accountability, "
            f"date: {date}, practitioner: {practitioner}, settings: {settings_}, drafts: {drafts}{extra}}}"),
        _either("2026-11-20", node), _either("{name: Jordan}", node | node.map(lambda v: f"{{name: {v}}}")),
        _either("{upload_limit_mb: 25}", node | node.map(lambda v: f"{{upload_limit_mb: {v}}}")),
        _either("{overview: overview.md}", node), _extra("evidence", node))
    citation = st.builds(
        lambda pages, quote, explanation, extra: (
            f"{{artifact: A1, pages: {pages}, quote: {quote}, explanation: {explanation}{extra}}}"),
        _either("5", node), _either("null", node), _either(EXPLANATION, node),
        _extra("numbering", node) | _extra("time", node))
    artifact = st.builds(
        lambda title, extra: f"{{id: A1, title: {title}, file: artifacts/handbook.pdf{extra}}}",
        _either("Handbook", node), _extra("numbering", node) | _extra("duration", node))
    evidence = st.builds(
        lambda artifacts, first, evidence_map, more: (
            f"{{artifacts: {artifacts}, evidence: "
            + (evidence_map or "{" + f'"1": {first}, ' + ", ".join(f'"{t}": [{GOOD_CITATION}]' for t in TARGETS[1:])
               + more + "}") + "}"),
        node | artifact.map(lambda a: f"[{a}]") | st.tuples(artifact, node).map(lambda pair: f"[{pair[0]}, {pair[1]}]"),
        node | citation.map(lambda c: f"[{c}]"),
        st.just("") | st.just("") | node,
        st.just("") | st.tuples(st.sampled_from(KEYS), node).map(lambda kv: f", {kv[0]} : {kv[1]}"))
    return st.tuples(manifest, evidence)


def _run_any(folder: Path, manifest: str, evidence: str) -> None:
    (folder / "mcred.yaml").write_text(manifest + "\n", encoding="utf-8")
    (folder / "evidence.yaml").write_text(evidence + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(folder), "--json"], catch_exceptions=False)
    assert result.exit_code in (0, 1, 2), (manifest, evidence, result.stderr)
    assert json.loads(result.stdout)["summary"]["exit_code"] == result.exit_code


@pytest.fixture(scope="module")
def shared(tmp_path_factory) -> Path:
    return write_ready_portfolio(tmp_path_factory.mktemp("hostile") / "portfolio")


@settings(max_examples=60, deadline=None)
@given(documents(any_tag=False))
def test_any_hostile_yaml_gives_findings_never_a_crash(shared, pair):
    _run_any(shared, *pair)


@settings(max_examples=60, deadline=None)
@given(documents(any_tag=True))
@example((GOOD_MANIFEST.replace("{name: Jordan}", '!!map "ab"'), GOOD_EVIDENCE))
@example((GOOD_MANIFEST, GOOD_EVIDENCE.replace("[{id: A1", '!!seq "abc", x: [{id: A1')))
def test_any_hostile_yaml_with_any_tag_on_any_node(shared, pair):
    _run_any(shared, *pair)


def test_the_hostile_yaml_generator_reaches_the_real_shape(shared):
    """The generator's good values make a ready portfolio: the hostile ones are what the examples vary."""
    _run_any(shared, GOOD_MANIFEST, GOOD_EVIDENCE)
    result = CliRunner().invoke(app, ["check", str(shared), "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.stdout
