"""The report: summary first, word bars, coverage, findings grouped by file, the next step — plain when not at a
terminal or under NO_COLOR; `--json` for machines; `--strict`; exit codes; and check never writes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from check_material import cite, evidence_map, snapshot
from support import encrypt_pdf, prose

ANSI = re.compile(r"\x1b\[")


def _broken(portfolio, folder: str = "portfolio") -> Path:
    """Errors in three files, a warning and a note."""
    text = evidence_map({"4.2": None, "1": [cite(pages=14)], "2": [cite(pages=3, explanation=prose(20))]})
    return portfolio(folder, evidence=text, overview="# Overview Questions\n\n## 1. What have you learned\n\nLittle.\n")


def test_summary_first_then_words_coverage_findings_and_next_step(portfolio, cli, monkeypatch):
    monkeypatch.chdir(_broken(portfolio))
    result = cli("check")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert re.match(r"✗ Not ready — \d+ errors, 1 warning, 2 notes\.$", lines[0]), lines[0]
    order = [next(i for i, line in enumerate(lines) if line.startswith(start))
             for start in ("Words", "Coverage", "overview.md", "evidence.yaml", "Next: ")]
    assert order == sorted(order)
    assert lines[-2].startswith("Next: fix the errors above and run `mcred check` again")   # last, wrapped at 80


def test_findings_are_grouped_under_their_file_errors_first(portfolio, cli, monkeypatch):
    monkeypatch.chdir(_broken(portfolio))   # paths are shown from where mcred runs: here, the portfolio
    result = cli("check")
    groups: dict[str, list[str]] = {}
    current = None
    for line in result.output.splitlines():
        if line in ("overview.md", "reflection.md", "evidence.yaml") or line.endswith("ensuring-accountability.yaml"):
            current = line
            groups[current] = []
        elif current and re.match(r"MC\d{3} ", line):
            groups[current].append(line)
    assert all(line.split()[1].startswith("overview.md") for line in groups["overview.md"])
    assert {line.split()[0] for line in groups["overview.md"]} == {"MC202", "MC203"}
    severities = [line.split()[2] for line in groups["evidence.yaml"]]
    assert severities == sorted(severities, key=["error", "warning", "note"].index)
    assert severities.count("warning") == 1


def test_ready_and_unreadable_verdicts(portfolio, cli, tmp_path):
    ready = cli("check", str(portfolio()))
    assert ready.output.startswith("✓ Ready to submit — ")
    assert ready.output.rstrip().endswith("Next: `mcred build` typesets the packet.")
    unreadable = cli("check", str(tmp_path))
    assert unreadable.exit_code == 2
    assert unreadable.output.startswith("✗ The portfolio cannot be read — 1 error.")
    assert "Words" not in unreadable.output and "MC101" in unreadable.output


def test_not_a_terminal_means_no_escape_codes(portfolio, cli):
    result = cli("check", str(_broken(portfolio)))
    assert not ANSI.search(result.output)
    assert "█" in result.output      # the word bars are plain characters


def _at_a_terminal(folder: Path, **environment: str) -> str:
    """Run the real program on a pseudo-terminal, as a person at a terminal would."""
    pty = pytest.importorskip("pty")

    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "TERM")}
    env.update(TERM="xterm-256color", COLUMNS="120", **environment)
    controller, terminal = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "mcred", "check"], stdin=terminal, cwd=folder,
                               stdout=terminal, stderr=terminal, env=env, close_fds=True)
    os.close(terminal)
    output = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:      # the program closed the terminal
            break
        if not chunk:
            break
        output += chunk
    os.close(controller)
    assert process.wait(timeout=60) == 1
    return output.decode("utf-8")


def test_colour_at_a_terminal_and_plain_under_no_color(portfolio):
    folder = _broken(portfolio)
    assert ANSI.search(_at_a_terminal(folder))
    plain = _at_a_terminal(folder, NO_COLOR="1")
    assert not ANSI.search(plain), repr(plain[:200])
    assert "MC321 evidence.yaml:" in plain


def test_paths_are_shown_from_where_mcred_runs(portfolio, cli, monkeypatch):
    folder = _broken(portfolio)
    monkeypatch.chdir(folder.parent)
    result = cli("check", folder.name)
    assert f"MC321 {folder.name}/evidence.yaml:" in result.output
    assert json.loads(cli("check", folder.name, "--json").stdout)["findings"][0]["file"] in (
        "overview.md", "reflection.md", "evidence.yaml", "mcred.yaml")   # JSON: from the portfolio, always


def test_json_has_the_summary_words_coverage_and_findings(portfolio, cli):
    result = cli("check", str(_broken(portfolio)), "--json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert list(document) == ["summary", "credential", "words", "coverage", "findings"]
    summary = document["summary"]
    assert summary == {"ready": False, "exit_code": 1, "strict": False, "errors": summary["errors"],
                       "warnings": 1, "notes": 2}
    assert summary["errors"] == sum(1 for f in document["findings"] if f["severity"] == "error")
    assert document["credential"] == "ensuring-accountability"
    assert document["words"]["overview"] == {"words": 1, "minimum": 1000, "missing": 999, "sections": {"q1": 1}}
    # Coverage counts what resolved: 1's only citation names a page A1 does not have, so 1 is not covered.
    assert document["coverage"]["4.2"] == [] and document["coverage"]["1"] == [] and document["coverage"]["2"] == ["A1"]
    finding = next(f for f in document["findings"] if f["code"] == "MC321")
    assert set(finding) == {"code", "severity", "file", "line", "column", "message", "fix"}
    assert (finding["file"], finding["severity"]) == ("evidence.yaml", "error")
    assert isinstance(finding["line"], int) and isinstance(finding["column"], int)
    assert not ANSI.search(result.stdout)


def test_json_for_input_that_cannot_be_read(cli, tmp_path):
    result = cli("check", str(tmp_path), "--json")
    document = json.loads(result.stdout)
    assert result.exit_code == 2
    assert document["summary"]["exit_code"] == 2 and document["summary"]["ready"] is False
    assert [f["code"] for f in document["findings"]] == ["MC101"]
    assert "words" not in document


def test_strict_turns_warnings_into_blocking_findings(portfolio, cli):
    folder = portfolio(evidence=evidence_map({"2": [cite(pages=6, explanation=prose(30))]}))
    relaxed = cli("check", str(folder))
    assert relaxed.exit_code == 0 and relaxed.output.startswith("✓ Ready to submit — 1 warning, 1 note.")
    strict = cli("check", str(folder), "--strict")
    assert strict.exit_code == 1
    assert strict.output.startswith("✗ Not ready — 1 warning, 1 note (warnings count under --strict).")
    assert json.loads(cli("check", str(folder), "--strict", "--json").stdout)["summary"]["ready"] is False


def test_user_text_is_shown_literally_never_as_markup(portfolio, cli):
    text = evidence_map({"1": [cite(pages="[/bold] [red]")], "2": [cite("[b]A9")]},
                        artifacts=[{"id": "[bold]A2", "title": "[red]Shown :smile: as written",
                                    "url": "https://example.org"}])
    result = cli("check", str(portfolio(evidence=text)))
    assert result.exit_code == 1
    assert "p. [/bold] [red]" in result.output
    assert "artifact [bold]A2 ([red]Shown :smile: as written) is not cited" in result.output
    assert "`[b]A9`" in result.output and "did you mean `[bold]A2`?" in result.output


def test_check_writes_nothing(portfolio, cli):
    for folder in (portfolio("ready"), _broken(portfolio, "broken")):
        encrypt_pdf(folder / "artifacts" / "handbook.pdf", folder / "artifacts" / "locked.pdf")
        (folder / "reflection.md").write_bytes(b"# Reflection\n\n\xff\xfe not UTF-8\n")
        before = snapshot(folder)
        for flags in ((), ("--json",), ("--strict",)):
            cli("check", str(folder), *flags)
        assert snapshot(folder) == before
        assert not (folder / "build").exists()


def test_check_defaults_to_the_current_folder(portfolio, cli, monkeypatch):
    folder = portfolio()
    monkeypatch.chdir(folder)
    result = cli("check")
    assert result.exit_code == 0 and "Ready to submit" in result.output
