"""`mcred build --watch`: a rebuild after every save, the last good packet kept, Ctrl-C exits 130.

The watch runs as the user runs it — `python -m mcred build DIR --watch` in its own process — and is stopped
with SIGINT, as Ctrl-C stops it. Every wait is bounded (60 s), so a watch that never rebuilds fails, never hangs.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from support import make_pdf, prose

import mcred

TIMEOUT = 60.0
ROOT = Path(mcred.__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(os.name != "posix", reason="stops the watch with SIGINT")


class Watch:
    """`mcred build DIR --watch` running, its output (stdout and stderr, as the user sees them) read as it comes."""

    def __init__(self, folder: Path, *flags: str) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1", "NO_COLOR": "1"}
        self.process = subprocess.Popen([sys.executable, "-m", "mcred", "build", str(folder), "--watch", *flags],
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
        self.lines: list[str] = []
        self._new: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)
            self._new.put(line)

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def wait_for(self, text: str, times: int = 1) -> None:
        """Until `text` has been printed `times` times in all."""
        deadline = time.monotonic() + TIMEOUT
        while self.output.count(text) < times:
            if self.process.poll() is not None and self._new.empty():
                raise AssertionError(f"the watch ended ({self.process.returncode}) before {text!r}:\n{self.output}")
            try:
                self._new.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"no {text!r} within {TIMEOUT:g} s:\n{self.output}") from None

    def interrupt(self) -> int:
        self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout=TIMEOUT)
        finally:
            self.stop()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def watching() -> Callable[..., Watch]:
    started: list[Watch] = []

    def start(folder: Path, *flags: str) -> Watch:
        started.append(Watch(folder, *flags))
        return started[-1]

    yield start
    for watch in started:   # a failed test leaves no watch running
        watch.stop()


def until(condition: Callable[[], bool], what: str, watch: Watch) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        assert "The rebuild failed" not in watch.output, f"{what}: the rebuild failed\n{watch.output}"
        assert time.monotonic() < deadline, f"{what}: not within {TIMEOUT:g} s\n{watch.output}"
        time.sleep(0.05)


def packet_of(folder: Path) -> Path:
    return folder / "build" / "ensuring-accountability-packet.pdf"


def text_of(path: Path) -> str:
    from pypdf import PdfReader

    return " ".join(page.extract_text() for page in PdfReader(path).pages)


def pages_of(path: Path) -> int:
    """The packet's page count: pypdf reads it whole (a half-written file has no cross-reference table)."""
    from pypdf import PdfReader

    return len(PdfReader(path, strict=True).pages)


def test_a_saved_draft_is_rebuilt_and_ctrl_c_exits_130(portfolio, watching):
    folder = portfolio()
    packet = packet_of(folder)
    watch = watching(folder)
    watch.wait_for("Watching ")
    first, pages = packet.stat().st_mtime_ns, pages_of(packet)
    assert "Ready to submit" in watch.output and "Built in" in watch.output

    draft = folder / "overview.md"
    draft.write_text(draft.read_text(encoding="utf-8").replace("spring", "Zanzibarian", 1), encoding="utf-8")
    until(lambda: packet.stat().st_mtime_ns != first, "the packet rebuilt after a saved draft", watch)
    watch.wait_for("Rebuilt in")
    assert watch.output.count("Ready to submit") == 2          # check's summary line, each build
    assert "Changed: overview.md" in watch.output

    assert watch.interrupt() == 130
    assert "Stopped watching; build/ensuring-accountability-packet.pdf is the last good packet." in watch.output
    assert pages_of(packet) == pages                            # the packet is whole
    assert "Zanzibarian" in text_of(folder / "build" / "parts" / "1-overview.pdf")   # and has the edit
    assert sorted(p.name for p in (folder / "build").iterdir()) == [
            "ensuring-accountability-packet.pdf", "mcred-build.json", "parts", "submission.html"]


def test_a_broken_edit_keeps_the_last_good_packet(portfolio, watching):
    folder = portfolio()
    packet = packet_of(folder)
    watch = watching(folder)
    watch.wait_for("Watching ")
    before = (packet.read_bytes(), packet.stat().st_mtime_ns)

    evidence = folder / "evidence.yaml"
    good = evidence.read_text(encoding="utf-8")
    evidence.write_text("artifacts: [\n", encoding="utf-8")
    watch.wait_for("The rebuild failed")
    assert "The rebuild failed (exit 2" in watch.output
    assert "build/ensuring-accountability-packet.pdf is the last good packet" in watch.output
    assert "MC101" in watch.output                              # what is wrong, as build says it
    assert (packet.read_bytes(), packet.stat().st_mtime_ns) == before

    evidence.write_text(good, encoding="utf-8")                 # fixed: the watch goes on building
    watch.wait_for("Rebuilt in")
    assert watch.interrupt() == 130


@pytest.mark.parametrize("moment", ["starting", "typesetting"])
def test_ctrl_c_during_a_build_stops_it_and_leaves_a_whole_packet(portfolio, watching, moment):
    folder = portfolio()
    if moment == "typesetting":   # 600 pages to embed: seconds of Typst, time enough to interrupt it
        make_pdf(folder / "artifacts" / "binder.pdf", [f"Binder page {n}." for n in range(1, 601)])
        evidence = yaml.safe_load((folder / "evidence.yaml").read_text(encoding="utf-8"))
        evidence["artifacts"].append({"id": "A3", "title": "Binder", "file": "artifacts/binder.pdf"})
        evidence["evidence"]["1"].append({"artifact": "A3", "pages": "1-600", "explanation": prose(50)})
        (folder / "evidence.yaml").write_text(yaml.safe_dump(evidence, sort_keys=False), encoding="utf-8")
    packet = packet_of(folder)
    watch = watching(folder, "--draft")
    watch.wait_for("Watching ")
    pages = pages_of(packet)
    (folder / "reflection.md").write_text("# Reflection\n\nShort now.\n", encoding="utf-8")
    if moment == "starting":   # the build's Python is still starting: interrupted, it would print a traceback
        watch.wait_for("rebuilding")
        time.sleep(0.1)
    else:                      # check is done, Typst is at work
        watch.wait_for("Building a DRAFT despite")
    assert watch.interrupt() == 130
    assert ("Stopped watching and the build under way (it wrote nothing); build/ensuring-accountability-packet.pdf "
            "is the last good packet.") in watch.output
    assert "Traceback" not in watch.output and "Interrupted" not in watch.output   # the stopped build says nothing
    assert pages_of(packet) == pages                            # the packet before the edit, whole
    assert "Short now" not in text_of(folder / "build" / "parts" / "3-reflection.pdf")
    assert not [p for p in (folder / "build").rglob("*") if p.name.startswith(".")]   # no stray temporary file


def test_json_does_not_combine_with_watch(portfolio, cli):
    folder = portfolio()
    result = cli("build", str(folder), "--watch", "--json")
    assert result.exit_code == 2
    document = json.loads(result.stdout)                        # one JSON object, as --json promises
    assert document["findings"][0]["message"].startswith("`--json` does not combine with `--watch`")
    assert not (folder / "build").exists()


def test_a_missing_folder_is_not_watched(tmp_path, cli):
    result = cli("build", str(tmp_path / "nowhere"), "--watch")
    assert result.exit_code == 2
    assert "is not a folder, so there is nothing to watch" in result.output


@pytest.mark.parametrize("relative, rebuilds", [
    ("overview.md", True), ("evidence.yaml", True), ("artifacts/handbook.pdf", True), ("notes/extra.yaml", True),
    ("build-notes.md", True),
    ("build/ensuring-accountability-packet.pdf", False), ("build/parts/1-overview.pdf", False), ("build", False),
    (".mcred/text/abc-pdfium-1-v1.json", False), (".git/index", False),
    (".overview.md.swp", False), ("overview.md~", False), (".#overview.md", False), ("4913", False),
    ("artifacts/.~lock.plan.docx#", False), ("artifacts/~$plan.docx", False), ("sedAbC123", False),
])
def test_what_calls_for_a_rebuild(tmp_path, relative, rebuilds):
    from watchfiles import Change

    from mcred.watch import PortfolioFilter

    assert PortfolioFilter(tmp_path)(Change.modified, str(tmp_path / relative)) is rebuilds
