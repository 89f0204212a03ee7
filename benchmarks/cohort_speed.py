"""A coach's cohort: `mcred check DIR ×20` in parallel against a loop of twenty single `mcred check DIR`.

    python benchmarks/cohort_speed.py [--portfolios 20] [--runs 3] [--jobs N]

Writes one realistic portfolio with `scale_portfolio.make_scale_portfolio` (8 real PDFs, 200 pages, 40 quoted
citations) and copies it `--portfolios` times, then times, as whole programs and on a warm cache (each portfolio
checked once first, as a coach re-checks a cohort) and on a cold one (every `.mcred/` deleted):

    loop      `mcred check DIR` once per portfolio, one after the other (what a coach does in a shell loop today)
    parallel  `mcred check DIR DIR …` once, its workers one per core (or --jobs)

and prints the median wall time of each. The claim: on 2 cores the parallel run takes less than the loop.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from check_scale import mcred_command, write_portfolio


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command[:3])} … exited {result.returncode}: the portfolios should be ready\n"
                         + result.stderr.decode(errors="replace")[-2000:])
    return elapsed


def loop(folders: list[Path]) -> float:
    return sum(timed([*mcred_command(), "check", str(folder)]) for folder in folders)


def parallel(folders: list[Path], jobs: int | None) -> float:
    return timed([*mcred_command(), "check", *map(str, folders), *(["--jobs", str(jobs)] if jobs else [])])


def cold(folders: list[Path]) -> None:
    for folder in folders:
        shutil.rmtree(folder / ".mcred", ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--portfolios", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=None, help="workers for the parallel run (default: one per core)")
    options = parser.parse_args()
    import os

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    with tempfile.TemporaryDirectory(prefix="mcred-cohort-") as temporary:
        root = Path(temporary)
        first = root / "p01"
        write_portfolio(first, artifacts=8, pages=200, citations=40)
        folders = [first] + [Path(shutil.copytree(first, root / f"p{n:02d}")) for n in range(2, options.portfolios + 1)]
        print(f"{options.portfolios} portfolios of 8 PDFs, 200 pages, 40 quoted citations; {cores} cores; "
              f"median of {options.runs} runs", flush=True)
        figures: dict[str, list[float]] = {"loop, cold": [], "parallel, cold": [], "loop, warm": [],
                                           "parallel, warm": []}
        for run in range(1, options.runs + 1):   # interleaved, so a busy moment on a shared machine hits both
            cold(folders)
            figures["loop, cold"].append(loop(folders))
            figures["loop, warm"].append(loop(folders))
            cold(folders)
            figures["parallel, cold"].append(parallel(folders, options.jobs))
            figures["parallel, warm"].append(parallel(folders, options.jobs))
            print(f"  run {run}: " + ", ".join(f"{name} {times[-1]:.1f} s" for name, times in figures.items()),
                  flush=True)
        for name, times in figures.items():
            print(f"  {name:<15} {statistics.median(times):6.1f} s   (runs: {', '.join(f'{t:.1f}' for t in times)})")
        for cache in ("cold", "warm"):
            ratio = statistics.median(figures[f"loop, {cache}"]) / statistics.median(figures[f"parallel, {cache}"])
            print(f"  {cache}: the parallel run is {ratio:.1f}× as fast as the loop")


if __name__ == "__main__":
    main()
