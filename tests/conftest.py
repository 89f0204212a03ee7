"""Shared fixtures: a ready portfolio written in tmp_path, and the real CLI. Material lives in support.py."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from support import HANDBOOK_PAGES, make_pdf, ready_evidence, ready_overview, ready_reflection
from typer.testing import CliRunner

from mcred.cli import app


def write_portfolio(base: Path, folder: str = "portfolio", *, overview: str | None = None,
                    reflection: str | None = None, evidence: dict | str | None = None,
                    manifest: dict | None = None) -> Path:
    """A complete, ready Ensuring Accountability portfolio in base/folder; keyword arguments replace its parts.

    overview / reflection: Markdown text; evidence: a dict (dumped as YAML) or raw YAML text;
    manifest: a dict merged into mcred.yaml.
    """
    from mcred.read import catalog, load_credential

    credential = load_credential(catalog.resolve("ensuring-accountability"))
    root = base / folder
    (root / "artifacts").mkdir(parents=True, exist_ok=True)
    make_pdf(root / "artifacts" / "handbook.pdf", HANDBOOK_PAGES, front_matter=2)
    questions = [p.text for p in credential.part("overview").prompts]
    reflection_part = credential.part("reflection")
    data = {"credential": "ensuring-accountability", "date": "2026-11-20", "blind": False,
            "practitioner": {"name": "Jordan Rivera", "role": "Assistant Principal",
                             "school": "Lincoln Middle School", "district": "Riverside Unified"}}
    data.update(manifest or {})
    (root / "mcred.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    (root / "overview.md").write_text(overview if overview is not None else ready_overview(questions),
                                      encoding="utf-8")
    (root / "reflection.md").write_text(
        reflection if reflection is not None else ready_reflection(
            [(o.id, o.text) for o in credential.outcomes], [p.text for p in reflection_part.prompts]),
        encoding="utf-8")
    if evidence is None:
        evidence = ready_evidence([t.id for t in credential.targets])
    text = evidence if isinstance(evidence, str) else yaml.safe_dump(evidence, sort_keys=False, width=10_000)
    (root / "evidence.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.fixture
def portfolio(tmp_path: Path) -> Callable[..., Path]:
    """Write a complete, ready portfolio in tmp_path (see write_portfolio): portfolio(folder, overview=…, …)."""

    def write(folder: str = "portfolio", **parts: object) -> Path:
        return write_portfolio(tmp_path, folder, **parts)  # type: ignore[arg-type]

    return write


@pytest.fixture
def cli() -> Callable[..., object]:
    """Run mcred's real CLI in-process: cli("check", str(folder)) -> click Result (exit_code, stdout, stderr)."""
    runner = CliRunner()

    def run(*args: str, input: str | None = None):
        return runner.invoke(app, list(args), input=input, catch_exceptions=False)

    return run
