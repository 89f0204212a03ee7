"""One mcred at a time on a portfolio, and one state of its files in a packet (issue 18).

Two builds started together both end with a whole, correct packet; a command finding the portfolio's lock held
waits, saying for whom, and exits 2 if it waits too long; a lock left by a killed mcred is no lock; an artifact
saved while it is read or built stops the command (exit 2) and leaves the previous packet, never a mix.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from pypdf import PdfReader
from support import HANDBOOK_PAGES, make_pdf
from typer.testing import CliRunner

from mcred.cli import app
from mcred.read import lock

PACKET = Path("build") / "ensuring-accountability-packet.pdf"


def squash(text: str) -> str:
    return " ".join(text.split())


def hold(folder: Path, pid: int = 4242, command: str = "mcred build") -> int:
    """The portfolio's lock taken as another mcred takes it (another open file: flock tells them apart)."""
    (folder / ".mcred").mkdir(exist_ok=True)
    handle = os.open(folder / ".mcred" / "lock", os.O_RDWR | os.O_CREAT, 0o644)
    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    os.write(handle, json.dumps({"pid": pid, "command": command,
                                 "since": dt.datetime(2026, 12, 4, 15, 2, 11).isoformat()}).encode())
    return handle


def test_two_builds_started_together_both_end_with_a_correct_packet(portfolio):
    folder = portfolio()
    command = [sys.executable, "-m", "mcred", "build", str(folder), "--json"]
    children = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    outcomes = [child.communicate(timeout=300) for child in children]
    codes = sorted(child.returncode for child in children)
    assert codes in ([0, 0], [0, 2]), outcomes
    pages = {json.loads(out)["built"]["files"][0]["pages"] for (out, _err), child in zip(outcomes, children, strict=True)
             if child.returncode == 0}
    assert len(pages) == 1
    reader = PdfReader(folder / PACKET)
    assert len(reader.pages) == pages.pop() > 6
    assert "Jordan Rivera" in reader.pages[0].extract_text()
    assert not [p for p in (folder / "build").rglob("*") if p.name.startswith(".")]   # no stray temporary file


@pytest.mark.parametrize("as_json", [False, True])
def test_a_held_portfolio_is_waited_for_with_who_holds_it_then_refused_with_exit_2(portfolio, monkeypatch, as_json):
    folder = portfolio()
    monkeypatch.setattr(lock, "WAIT_SECONDS", 0.5)
    handle = hold(folder)
    try:
        result = CliRunner().invoke(app, ["check", str(folder), *(["--json"] * as_json)])
    finally:
        os.close(handle)
    assert result.exit_code == 2
    assert squash("Waiting for another mcred on this portfolio (`mcred build`, pid 4242, since 15:02:11) to finish…"
                  ) in squash(result.stderr)
    said = squash(result.stdout if as_json else result.stdout + result.stderr)
    assert "Another mcred (`mcred build`, pid 4242, since 15:02:11) has been using this portfolio for more than" in said
    if as_json:
        assert json.loads(result.stdout)["summary"]["exit_code"] == 2
    assert CliRunner().invoke(app, ["check", str(folder)]).exit_code == 0   # released: no wait, no message


def test_a_command_that_waits_goes_on_once_the_lock_is_let_go(portfolio, monkeypatch):
    folder = portfolio()
    handle = hold(folder)
    threading.Timer(0.8, os.close, args=(handle,)).start()
    started = time.monotonic()
    result = CliRunner().invoke(app, ["check", str(folder), "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["summary"]["ready"]
    assert time.monotonic() - started >= 0.8
    assert "Waiting for another mcred on this portfolio" in squash(result.stderr)


def test_a_lock_left_by_a_killed_mcred_is_no_lock(portfolio):
    folder = portfolio()
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time; from pathlib import Path; "
                               "from mcred.read.lock import portfolio_lock\n"
                               "with portfolio_lock(Path(sys.argv[1]), 'mcred build'):\n"
                               "    print('held', flush=True); time.sleep(60)", str(folder)],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    assert json.loads((folder / ".mcred" / "lock").read_text())["pid"] == holder.pid
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    assert (folder / ".mcred" / "lock").exists()   # the file stays, naming who held it last
    result = CliRunner().invoke(app, ["build", str(folder)])
    assert result.exit_code == 0, result.output
    assert "Waiting" not in result.stderr


def test_clean_waits_for_a_build_and_a_build_after_clean_locks_the_new_file(portfolio, monkeypatch):
    folder = portfolio()
    assert CliRunner().invoke(app, ["check", str(folder)]).exit_code == 0
    monkeypatch.setattr(lock, "WAIT_SECONDS", 0.3)
    handle = hold(folder)
    try:
        assert CliRunner().invoke(app, ["clean", str(folder)]).exit_code == 2
        assert (folder / ".mcred" / "text").is_dir()            # not removed from under the build
    finally:
        os.close(handle)
    assert CliRunner().invoke(app, ["clean", str(folder)]).exit_code == 0
    assert CliRunner().invoke(app, ["check", str(folder)]).exit_code == 0


# --- an artifact saved mid-command ---------------------------------------------------------------------------

def replaced(path: Path, pages: int = 3) -> None:
    make_pdf(path, ["A new version, saved while mcred was at work."] * pages)


@pytest.mark.parametrize("pages", [3, len(HANDBOOK_PAGES)])   # fewer pages than check read (Typst fails), as many
def test_an_artifact_saved_while_the_packet_is_built_stops_the_build_and_keeps_the_packet(portfolio, monkeypatch,
                                                                                          pages):
    import mcred.packet.build

    folder = portfolio()
    assert CliRunner().invoke(app, ["build", str(folder)]).exit_code == 0
    before = (folder / PACKET).read_bytes()
    handbook = folder / "artifacts" / "handbook.pdf"
    real = mcred.packet.build.embeddings

    def saved_meanwhile(review):   # between check's reading and the typesetting
        replaced(handbook, pages)
        return real(review)

    monkeypatch.setattr(mcred.packet.build, "embeddings", saved_meanwhile)
    result = CliRunner().invoke(app, ["build", str(folder)])
    assert result.exit_code == 2
    assert squash("artifacts/handbook.pdf changed while mcred was building the packet (saved meanwhile?): mcred "
                  "stopped rather than judge or embed a mix of its old and new contents.") in squash(result.stderr)
    assert (folder / PACKET).read_bytes() == before


def test_an_artifact_saved_while_it_is_read_stops_check_and_leaves_nothing_in_the_cache_under_its_old_content(
        portfolio, monkeypatch):
    import mcred.read.artifacts.pdf as pdf_kind

    folder = portfolio()
    handbook = folder / "artifacts" / "handbook.pdf"
    original = handbook.read_bytes()
    clean = CliRunner().invoke(app, ["check", str(folder), "--json"])
    shutil.rmtree(folder / ".mcred")
    real = pdf_kind._open

    def saved_meanwhile(path, size):   # after its content hash was taken, before its pages are counted
        replaced(path)
        return real(path, size)

    monkeypatch.setattr(pdf_kind, "_open", saved_meanwhile)
    result = CliRunner().invoke(app, ["check", str(folder), "--json"])
    assert result.exit_code == 2
    assert "artifacts/handbook.pdf changed while mcred was reading it" in json.loads(result.stdout)["findings"][0][
        "message"]
    monkeypatch.undo()
    handbook.write_bytes(original)   # back as it was: what was read of the other version must not be taken for it
    again = CliRunner().invoke(app, ["check", str(folder), "--json"])
    assert (again.exit_code, json.loads(again.stdout)) == (clean.exit_code, json.loads(clean.stdout))


def test_what_a_killed_mcred_left_half_written_in_the_cache_is_swept_away(portfolio):
    folder = portfolio()
    assert CliRunner().invoke(app, ["check", str(folder)]).exit_code == 0
    left = [folder / ".mcred" / "chunks" / ".tmp-k1ll3d", folder / ".mcred" / "text" / ".tmp-abc123",
            folder / ".mcred" / "prepared" / ".old-xyz"]
    for path in left:
        path.parent.mkdir(exist_ok=True)
        if path.parent.name == "text":
            path.write_text("{", encoding="utf-8")
        else:
            (path / "entry").mkdir(parents=True)
    kept = sorted(p.name for p in (folder / ".mcred" / "text").iterdir())
    assert CliRunner().invoke(app, ["check", str(folder)]).exit_code == 0
    assert not any(os.path.lexists(path) for path in left)
    assert sorted(p.name for p in (folder / ".mcred" / "text").iterdir()) == [n for n in kept if n != ".tmp-abc123"]
