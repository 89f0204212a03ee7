"""`mcred credentials import PAGE [-o OUT] [--partial]`: a practitioner's page text becomes a credential file
that `mcred init` and `mcred credentials` take.

The real CLI, in-process.
"""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from mcred.cli import app
from mcred.read.credential_page import PAGE_LIMIT

PAGES = Path(__file__).parent / "pages"
ACCOUNTABILITY = PAGES / "ensuring-accountability.txt"
VISION = PAGES / "leading-vision-and-mission.txt"

runner = CliRunner()


def mcred_import(*args: str):
    return runner.invoke(app, ["credentials", "import", *args], catch_exceptions=False)


def mcred(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def said(result) -> str:
    """The output as one line: rich wraps at the console's width."""
    return " ".join(result.output.split())


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A practitioner's folder, the current one, with the page's text saved in it."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "page.txt").write_bytes(ACCOUNTABILITY.read_bytes())
    return tmp_path


def test_import_then_init_then_credentials(here):
    result = mcred_import("page.txt")
    assert result.exit_code == 0, result.output
    written = here / "ensuring-accountability.yaml"   # the title's slug, in the current folder
    assert written.is_file()
    assert "4 outcomes · 0 details · 4 questions · minimum words 1,000 / 500" in said(result)
    assert "details for outcomes 1, 2, 3 and 4 not on the page" in said(result)
    assert "mcred init FOLDER --credential ensuring-accountability.yaml" in said(result)
    assert written.read_text(encoding="utf-8").startswith("# Ensuring Accountability — imported by")

    init = mcred("init", str(here / "p"), "--credential", str(written), "--name", "Jordan Rivera")
    assert init.exit_code == 0, init.output
    copy = (here / "p" / "credential.yaml").read_text(encoding="utf-8")
    assert yaml.safe_load(copy) == yaml.safe_load(written.read_text(encoding="utf-8"))
    reflection = (here / "p" / "reflection.md").read_text(encoding="utf-8")
    assert "## Outcome 4: Create a plan with strategies" in reflection
    assert "## In this section, please note as a result of this experience" in reflection

    shown = mcred("credentials", str(written))
    assert shown.exit_code == 0, shown.output
    assert "Ensuring Accountability" in said(shown) and "4 outcomes · 4 questions" in said(shown)

    check = mcred("check", str(here / "p"))
    assert check.exit_code == 1   # a fresh portfolio: readable, not ready


def test_output_goes_where_named(here):
    (here / "out").mkdir()
    result = mcred_import("page.txt", "-o", "out/mine.yaml")
    assert result.exit_code == 0, result.output
    assert yaml.safe_load((here / "out" / "mine.yaml").read_text())["id"] == "ensuring-accountability"
    assert not (here / "ensuring-accountability.yaml").exists()


@pytest.mark.parametrize("taken", ["file", "folder", "dangling link"])
def test_an_existing_output_is_never_overwritten(here, taken):
    target = here / "ensuring-accountability.yaml"
    if taken == "file":
        target.write_text("mine")
    elif taken == "folder":
        target.mkdir()
    else:
        target.symlink_to(here / "nowhere.yaml")
    result = mcred_import("page.txt")
    assert result.exit_code == 2
    assert "already exists" in said(result)
    assert not (here / "nowhere.yaml").exists()
    if taken == "file":
        assert target.read_text() == "mine"


def test_a_page_that_leaves_things_out_writes_nothing_and_says_what(here):
    (here / "vision.txt").write_bytes(VISION.read_bytes())
    before = sorted(p.name for p in here.iterdir())
    result = mcred_import("vision.txt")
    assert result.exit_code == 1
    assert "does not state: essential outcomes, Part 1 questions" in said(result)
    assert "--partial" in said(result)
    assert sorted(p.name for p in here.iterdir()) == before


def test_partial_writes_what_the_page_states(here):
    (here / "vision.txt").write_bytes(VISION.read_bytes())
    result = mcred_import("vision.txt", "--partial")
    assert result.exit_code == 1
    written = here / "leading-vision-and-mission.yaml"
    text = written.read_text(encoding="utf-8")
    assert "# NOT ON THE PAGE, add from the credential's page before use: essential outcomes, Part 1 questions." in text
    data = yaml.safe_load(text)
    assert "outcomes" not in data and data["parts"][0]["min_words"] == 1000
    assert "0 outcomes · 0 details · 0 questions · minimum words 1,000 / 500" in said(result)
    assert "not on the page: essential outcomes, Part 1 questions" in said(result)
    assert mcred("credentials", str(written)).exit_code == 2   # until the outcomes are added, it is no credential


def test_partial_with_no_title_is_named_after_the_page(here):
    (here / "notes.txt").write_text("Some notes I took about the credential.\n")
    result = mcred_import("notes.txt", "--partial")
    assert result.exit_code == 1
    assert (here / "notes.yaml").is_file()


def unreadable_pages(folder: Path) -> dict[str, Path]:
    (folder / "latin1.txt").write_bytes("Overview \u2013 caf\u00e9 r\u00e9sum\u00e9".encode("cp1252"))  # Windows-1252
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    (folder / "huge.txt").write_bytes(b"a" * (PAGE_LIMIT + 1))
    (folder / "a-folder.txt").mkdir()
    pages = {name: folder / f"{name}.txt" for name in ("latin1", "binary", "huge", "a-folder")}
    pages["missing"] = folder / "missing.txt"
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "pipe.txt")
        pages["pipe"] = folder / "pipe.txt"
    return pages


@pytest.mark.parametrize("name", ["latin1", "binary", "huge", "a-folder", "missing", "pipe"])
def test_a_page_that_cannot_be_read_is_refused(here, name):
    pages = unreadable_pages(here)
    if name not in pages:
        pytest.skip("no named pipes here")
    before = sorted(p.name for p in here.iterdir())
    result = mcred_import(str(pages[name]))
    assert result.exit_code == 2, result.output
    assert "cannot import" in said(result) and "→" in said(result)
    assert sorted(p.name for p in here.iterdir()) == before


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_a_windows_saved_page_imports(here, encoding):
    text = ACCOUNTABILITY.read_text(encoding="utf-8").replace("\n", "\r\n")
    data = text.encode(encoding)
    assert data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    (here / "windows.txt").write_bytes(data)
    result = mcred_import("windows.txt", "-o", "windows.yaml")
    assert result.exit_code == 0, result.output
    assert (yaml.safe_load((here / "windows.yaml").read_text(encoding="utf-8"))
            == yaml.safe_load(_imported_reference(here)))


def _imported_reference(folder: Path) -> str:
    assert mcred_import("page.txt", "-o", "reference.yaml").exit_code == 0
    return (folder / "reference.yaml").read_text(encoding="utf-8")


def test_page_text_is_printed_literally(here):
    page = ACCOUNTABILITY.read_text(encoding="utf-8").replace("\nEnsuring Accountability\n",
                                                              "\n[bold]Data[/] Culture\n", 1)
    (here / "markup.txt").write_text(page, encoding="utf-8")
    result = mcred_import("markup.txt")
    assert result.exit_code == 0, result.output
    assert "[bold]Data[/] Culture" in said(result)
    assert (here / "bold-data-culture.yaml").is_file()
