"""How long `mcred find` takes on a 2,000-page portfolio: cold (no `.mcred/` cache) and warm (page text cached).

    python benchmarks/find_speed.py [--runs 5]

Writes the benchmark portfolio (`scale_portfolio.make_scale_portfolio`: 40 Typst-made PDFs, 2,000 pages) in a
temporary folder, then times `mcred find` as a whole program — start-up, the evidence map, every page's text —
each run a separate process. Cold runs delete `.mcred/` first, so every page is extracted; warm runs read the
cached text. Prints the median and best of each, and a search that finds nothing (which also looks for a
shorter run of the phrase's words to suggest). The target: a warm search under 2 s.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from check_scale import write_portfolio  # make_scale_portfolio in a child process

ROOT = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 2.0
FOUND = "Artifact 23 page 31: monthly data review"         # one page of 2,000
NOT_FOUND = "Artifact 23 page 31: quarterly budget review"  # no page; its first words are on one


def run_find(folder: Path, phrase: str, expected_exit: int) -> float:
    """One `mcred find` process (this checkout's mcred, whatever is installed): its wall time in seconds."""
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "mcred", "find", phrase, str(folder), "--json"], env=env,
                            capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != expected_exit:
        raise SystemExit(f"mcred find {phrase!r} exited {result.returncode}, not {expected_exit}\n{result.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each kind")
    parser.add_argument("--pages", type=int, default=2000)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="mcred-find-speed-") as scratch:
        folder = Path(scratch) / "portfolio"
        started = time.perf_counter()
        write_portfolio(folder, 40, options.pages, 200)
        print(f"portfolio of {options.pages:,} pages written in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        run_find(folder, FOUND, 0)   # warm-up: the OS file cache and Python's bytecode, then cleared below

        cold = []
        for _ in range(options.runs):
            shutil.rmtree(folder / ".mcred", ignore_errors=True)
            cold.append(run_find(folder, FOUND, 0))
        warm = [run_find(folder, FOUND, 0) for _ in range(options.runs)]
        missing = [run_find(folder, NOT_FOUND, 1) for _ in range(options.runs)]
        cached = sum(f.stat().st_size for f in (folder / ".mcred" / "text").glob("*.json"))

    print(f"mcred find on {options.pages:,} pages in 40 PDFs, {options.runs} runs each "
          f"({os.cpu_count()} CPUs, Python {sys.version.split()[0]})\n")
    print(f"{'':<34}{'median s':>9}{'best s':>8}")
    for name, times in [("cold (no .mcred/, every page read)", cold), ("warm (page text cached)", warm),
                        ("warm, not found (+ suggestion)", missing)]:
        print(f"{name:<34}{statistics.median(times):>9.2f}{min(times):>8.2f}")
    verdict = "within" if statistics.median(warm) < TARGET_SECONDS else "OVER"
    print(f"\nwarm: {verdict} the {TARGET_SECONDS:g} s target; the text cache holds {cached / 1024 / 1024:.1f} MB")


if __name__ == "__main__":
    main()
