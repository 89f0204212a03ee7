"""Material for the hostile tests: YAML bombs, files that are not files, AES-encrypted PDFs, and mcred run as a
subprocess (time- and memory-bounded) for anything that could hang or exhaust memory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]     # this worktree: its `mcred` is the one under test
MEMORY_LIMIT = 1024 * 1024 * 1024              # a billion laughs expanded would need far more than this


def _bounded() -> None:
    """Runs in the child before mcred starts: a runaway allocation fails fast instead of swamping the machine."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


@dataclass
class Run:
    """`mcred ...` run as a subprocess, read back."""

    exit_code: int
    stdout: str
    stderr: str

    @property
    def document(self) -> dict:
        return json.loads(self.stdout)

    def findings(self, code: str) -> list[dict]:
        return [f for f in self.document["findings"] if f["code"] == code]

    def only(self, code: str) -> dict:
        found = self.findings(code)
        assert len(found) == 1, f"{code}: {found or self.document['findings']}"
        return found[0]


def run_mcred(*args: str, cwd: Path | None = None, timeout: float = 60) -> Run:
    """The real `mcred` in a child process: a hang raises subprocess.TimeoutExpired after `timeout` seconds."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run([sys.executable, "-m", "mcred", *args], capture_output=True, text=True, timeout=timeout,
                          env=env, cwd=cwd, preexec_fn=_bounded, check=False)
    return Run(done.returncode, done.stdout, done.stderr)


# --- YAML that attacks the parser --------------------------------------------------------------------------

def laughs(levels: int = 9, width: int = 9) -> list[str]:
    """The "billion laughs" anchors as top-level lines: `b{levels-1}` would expand to width**levels strings."""
    lines = [f"b0: &b0 [{', '.join(['lol'] * width)}]"]
    lines += [f"b{i}: &b{i} [{', '.join([f'*b{i - 1}'] * width)}]" for i in range(1, levels)]
    return lines


def bomb(head: list[str], *, use: str) -> str:
    """YAML text: `head` lines, the anchors, then `use` (e.g. `date: *b8` or `*b8 : x`)."""
    return "\n".join([*head, *laughs(), use]) + "\n"


FIRST_ALIAS_LINE_AFTER = 2    # laughs()'s first alias (`*b0`) is on its 2nd line


# --- PDFs ---------------------------------------------------------------------------------------------------

def aes_pdf(source: Path, target: Path, *, user_password: str, owner_password: str = "owner") -> Path:
    """A copy of `source` encrypted with AES-256 (needs pypdf[crypto], which mcred depends on for this)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(source))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm="AES-256")
    with target.open("wb") as handle:
        writer.write(handle)
    return target


# --- mcred measured: time and the peak memory of its whole process tree --------------------------------------

@dataclass
class Measured:
    run: Run
    seconds: float
    peak_bytes: int        # the largest resident set of mcred or any process it started (Typst runs inside it)


GUARD = 4 * MEMORY_LIMIT   # address space a measured run may take before it fails fast: the machine stays usable


def run_measured(*args: str, cwd: Path | None = None, timeout: float = 60) -> Measured:
    """`mcred ...` in a child process, killed after `timeout` seconds (raises subprocess.TimeoutExpired), with its
    wall time and peak memory as the kernel counts it for the child and every descendant it waited for (wait4)."""
    import resource
    import signal
    import tempfile
    import time

    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}

    def guarded() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (GUARD, GUARD))

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.monotonic()
        child = subprocess.Popen([sys.executable, "-m", "mcred", *args], stdout=out, stderr=err, env=env, cwd=cwd,
                                 preexec_fn=guarded, start_new_session=True)
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - started > timeout:
                os.killpg(child.pid, signal.SIGKILL)
                os.wait4(child.pid, 0)
                raise subprocess.TimeoutExpired(child.args, timeout)
            time.sleep(0.05)
        seconds = time.monotonic() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        run = Run(child.returncode, out.read().decode(), err.read().decode())
    return Measured(run, seconds, usage.ru_maxrss * 1024)
