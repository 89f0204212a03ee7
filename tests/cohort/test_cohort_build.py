"""`mcred build DIR DIR …`: each portfolio built (or refused) as `mcred build DIR` would, then one summary; Ctrl-C
stops every worker with exit 130 and leaves each portfolio as it was — no stray file, no half-written packet."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import write_portfolio
from typer.testing import CliRunner

from mcred.cli import app

PACKET = "build/ensuring-accountability-packet.pdf"


@pytest.fixture(scope="module")
def three(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("builds")
    ready = write_portfolio(root, "a-ready")
    shutil.copytree(ready, root / "b-short")
    (root / "b-short" / "overview.md").write_text("# Overview Questions\n\n## 1. Learned\n\nToo short.\n",
                                                  encoding="utf-8")
    shutil.copytree(ready, root / "c-broken")
    (root / "c-broken" / "evidence.yaml").write_text("artifacts: [\n", encoding="utf-8")
    return root


def test_each_portfolio_is_built_or_refused_and_the_worst_code_wins(three, monkeypatch):
    from pypdf import PdfReader

    monkeypatch.chdir(three)
    result = CliRunner().invoke(app, ["build", "a-ready", "b-short", "c-broken", "--jobs", "2"],
                                catch_exceptions=False)
    assert result.exit_code == 2
    assert len(PdfReader(three / "a-ready" / PACKET).pages) > 10
    assert not (three / "b-short" / "build").exists() and not (three / "c-broken" / "build").exists()
    output = result.stdout
    assert output.index("Built a-ready/" + PACKET) < output.index("mcred build stopped: the portfolio is not ready")
    assert "✗ The portfolio cannot be read" in output
    assert "Summary: 3 portfolios" in output and "just now" in output
    assert "1 of 3 portfolios ready · 1 cannot be read" in output


def _state(root: Path) -> dict[str, str]:
    """Every file but mcred's cache, with its hash: what `leaves every portfolio as it was` compares."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and ".mcred" not in p.parts}


def test_ctrl_c_stops_every_worker_and_leaves_the_portfolios_as_they_were(tmp_path):
    ready = write_portfolio(tmp_path, "p0")
    folders = [ready] + [Path(shutil.copytree(ready, tmp_path / f"p{n}")) for n in range(1, 6)]
    before = _state(tmp_path)
    process = subprocess.Popen([sys.executable, "-m", "mcred", "build", *map(str, folders), "--jobs", "2"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                               env={**os.environ, "NO_COLOR": "1"})
    time.sleep(3.0)   # the workers are typesetting: six builds take longer than this on any machine
    os.killpg(process.pid, signal.SIGINT)   # as a terminal's Ctrl-C: the whole foreground group
    _out, err = process.communicate(timeout=120)
    assert process.returncode == 130, err.decode()
    assert b"Interrupted" in err and b"Traceback" not in err
    after = _state(tmp_path)
    new = {name for name in after if name not in before}
    assert all(name.endswith(("-packet.pdf", ".pdf", "submission.html", "mcred-build.json")) and "/build/" in f"/{name}"
               for name in new), new
    assert {name: digest for name, digest in after.items() if name in before} == before
    assert not [p for p in tmp_path.rglob("*") if p.name.startswith(".") and p.name.endswith(".tmp")]
    finished = {name.split("/")[0] for name in new if name.endswith("-packet.pdf")}
    assert len(finished) < 6   # it was interrupted, not finished
    deadline = time.monotonic() + 10   # no worker is left running once the command has returned
    while _session(process.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _session(process.pid) == []


def _session(session: int) -> list[int]:
    """The processes still in the command's session (it was started in a session of its own)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[3]) == session:   # the fields after the name: state, ppid, pgrp, session
            found.append(int(entry.name))
    return found
