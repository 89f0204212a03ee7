"""What `mcred build --watch` costs: a rebuild after a one-word change against a cold build, and memory.

    python benchmarks/watch_rebuild.py [--rebuilds 10] [--example ensuring-accountability]

On a copy of an example portfolio, in a temporary folder:

1. cold build: `mcred build` as a new process, with no `.mcred/` cache and no `build/`;
2. `mcred build --watch`: one word of overview.md changed `--rebuilds` times; each time, the wall time from the
   save to the new packet on disk, and the watching process's resident memory after the rebuild;
3. for comparison, the alternative the watch does not take: rebuilding inside one long-lived process, where
   Typst's memo cache is warm but is never freed — its time per rebuild and how its memory grows.

Prints the medians, and the memory of the first and last rebuild of each.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""), "NO_COLOR": "1"}
WORDS = ("the", "our")   # swapped back and forth: a one-word change to the first paragraph


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def one_word_changed(draft: Path, step: int) -> None:
    text = draft.read_text(encoding="utf-8")
    old, new = (WORDS if step % 2 == 0 else WORDS[::-1])
    draft.write_text(text.replace(f" {old} ", f" {new} ", 1), encoding="utf-8")


def cold_build(folder: Path) -> float:
    shutil.rmtree(folder / ".mcred", ignore_errors=True)
    shutil.rmtree(folder / "build", ignore_errors=True)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mcred", "build", str(folder)], env=ENV, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def watched_rebuilds(folder: Path, rebuilds: int) -> tuple[list[float], list[float]]:
    packet = next((folder / "build").glob("*-packet.pdf"))
    watch = subprocess.Popen([sys.executable, "-m", "mcred", "build", str(folder), "--watch"], env=ENV,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    seen: list[str] = []
    threading.Thread(target=lambda: seen.extend(watch.stdout or ()), daemon=True).start()

    def wait_until(condition, what: str) -> None:
        deadline = time.monotonic() + 120
        while not condition():
            if time.monotonic() > deadline or watch.poll() is not None:
                raise SystemExit(f"watch: {what} did not happen\n{''.join(seen)}")
            time.sleep(0.01)

    times, memory = [], []
    try:
        wait_until(lambda: "Watching" in "".join(seen), "the first build")
        for step in range(rebuilds):
            built = "".join(seen).count("Rebuilt in")
            before = packet.stat().st_mtime_ns
            started = time.perf_counter()
            one_word_changed(folder / "overview.md", step)
            wait_until(lambda: packet.stat().st_mtime_ns != before, "a rebuild")   # noqa: B023 (waited at once)
            times.append(time.perf_counter() - started)
            wait_until(lambda: "".join(seen).count("Rebuilt in") > built, "the rebuild's end")  # noqa: B023
            memory.append(rss_mb(watch.pid))
    finally:
        watch.send_signal(signal.SIGINT)
        watch.wait(timeout=30)
    return times, memory


def in_process_rebuilds(folder: Path, rebuilds: int) -> tuple[list[float], list[float]]:
    """In a child process of its own, so this script's memory stays out of the figures."""
    code = f"""
import resource, sys, time
from pathlib import Path
sys.path.insert(0, {str(ROOT / "benchmarks")!r})
from watch_rebuild import one_word_changed, rss_mb
from mcred.checks import review_portfolio
from mcred.packet import build_packet
import os
folder = Path({str(folder)!r})
build_packet(review_portfolio(folder))
for step in range({rebuilds}):
    one_word_changed(folder / "overview.md", step)
    started = time.perf_counter()
    build_packet(review_portfolio(folder))
    print(time.perf_counter() - started, rss_mb(os.getpid()))
"""
    result = subprocess.run([sys.executable, "-c", code], env=ENV, check=True, capture_output=True, text=True)
    rows = [line.split() for line in result.stdout.splitlines()]
    return [float(t) for t, _ in rows], [float(m) for _, m in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rebuilds", type=int, default=10)
    parser.add_argument("--example", default="ensuring-accountability")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="mcred-watch-") as scratch:
        folder = Path(scratch) / options.example
        shutil.copytree(ROOT / "examples" / options.example, folder)
        cold_build(folder)   # warm-up: the OS file cache and Python's bytecode
        cold = [cold_build(folder) for _ in range(3)]
        watched, watch_memory = watched_rebuilds(folder, options.rebuilds)
        in_process, process_memory = in_process_rebuilds(folder, options.rebuilds)

    print(f"examples/{options.example}: {options.rebuilds} one-word changes to overview.md "
          f"({os.cpu_count()} CPUs, Python {sys.version.split()[0]})\n")
    print(f"{'':<52}{'median s':>9}{'RSS MB first → last':>22}")
    print(f"{'cold build (new process, no .mcred/, no build/)':<52}{statistics.median(cold):>9.2f}")
    print(f"{'mcred build --watch: save → new packet on disk':<52}{statistics.median(watched):>9.2f}"
          f"{watch_memory[0]:>13.0f} → {watch_memory[-1]:.0f}  (the watching process)")
    print(f"{'one process rebuilding (not what --watch does)':<52}{statistics.median(in_process):>9.2f}"
          f"{process_memory[0]:>13.0f} → {process_memory[-1]:.0f}")


if __name__ == "__main__":
    main()
