"""`mcred build` writes build/submission.html beside the packet, from the same facts: every detail in the portal's
order, every field's text the draft's or the evidence map's as typed."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from sheet_material import Page
from typer.testing import CliRunner

from mcred.cli import app

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "ensuring-accountability"


def test_build_writes_the_sheet_with_every_detail_and_every_text_as_typed(tmp_path):
    folder = Path(shutil.copytree(EXAMPLE, tmp_path / "example", ignore=shutil.ignore_patterns("build", ".mcred")))
    result = CliRunner().invoke(app, ["build", str(folder)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    sheet = folder / "build" / "submission.html"
    assert "submission.html" in result.output
    page = Page(sheet.read_text(encoding="utf-8"))
    fields = [element.text for element in page.copy_fields()]
    evidence = yaml.safe_load((folder / "evidence.yaml").read_text(encoding="utf-8"))
    explanations = [" ".join(c["explanation"].split()) for citations in evidence["evidence"].values()
                    for c in citations]
    shown = [" ".join(f.split()) for f in fields]
    for explanation in explanations:
        assert explanation in shown
    overview = (folder / "overview.md").read_text(encoding="utf-8")
    first = overview.split("## 1.", 1)[1].split("\n", 1)[1].split("\n## ", 1)[0].strip()
    assert first in fields
    html = sheet.read_text(encoding="utf-8")
    assert not any(f"{attribute}=\"http" in html for attribute in ("src", "href")), "the sheet loads nothing"
