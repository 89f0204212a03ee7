"""How long `mcred check` takes on a large portfolio, and what the time grows with.

    python benchmarks/check_scale.py [--runs 5]

Writes Ensuring Accountability portfolios with `scale_portfolio.make_scale_portfolio` (40 real PDFs, every
citation quoting its page) in a temporary folder, then times `mcred check` as a whole program — start-up,
YAML, drafts, opening every PDF, extracting the cited pages' text — several runs each, and prints the median
wall time and the peak resident memory of the check process.

Two series show that the cost grows with the pages cited, not the pages owned: pages owned 1,000 / 2,000 /
4,000 at 200 citations, and citations 100 / 200 / 400 at 2,000 pages. The target: under 3 s for 2,000 pages
and 200 citations.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale_portfolio import make_scale_portfolio

TARGET_SECONDS = 3.0
BASELINE = (2000, 200)                                   # pages owned, citations
SERIES = [(1000, 200), (2000, 200), (4000, 200), (2000, 100), (2000, 400)]


def mcred_command() -> list[str]:
    """The `mcred` console script of the environment running this benchmark."""
    script = Path(sys.executable).parent / "mcred"
    return [str(script)] if script.exists() else [sys.executable, "-m", "mcred"]


def run_check(folder: Path) -> tuple[float, float]:
    """One `mcred check` run: wall seconds and the process's peak RSS in MB.

    os.wait4 gives the same rusage as resource.getrusage(RUSAGE_CHILDREN), but for this child alone (the
    RUSAGE_CHILDREN figure is the largest of all children waited for so far)."""
    started = time.perf_counter()
    process = subprocess.Popen([*mcred_command(), "check", str(folder), "--json"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"mcred check {folder} exited {process.returncode}: the scale portfolio should be ready\n"
                         + process.stderr.read().decode(errors="replace"))
    peak_kb = usage.ru_maxrss  # kilobytes on Linux
    return elapsed, peak_kb / 1024


def write_portfolio(folder: Path, artifacts: int, pages: int, citations: int) -> None:
    """make_scale_portfolio in a child process: typesetting thousands of pages takes hundreds of MB, and a
    process started later from a large parent reports the parent's peak as its own (Linux carries the
    high-water mark across exec), which would hide the check's memory behind the generator's."""
    import multiprocessing

    child = multiprocessing.get_context("fork").Process(
        target=make_scale_portfolio, args=(folder,), kwargs={"artifacts": artifacts, "pages": pages,
                                                             "citations": citations})
    child.start()
    child.join()
    if child.exitcode != 0:
        raise SystemExit(f"writing the scale portfolio {folder} failed")


def cited_pages(folder: Path) -> int:
    import yaml

    evidence = yaml.safe_load((folder / "evidence.yaml").read_text(encoding="utf-8"))["evidence"]
    return len({(c["artifact"], c["pages"]) for citations in evidence.values() for c in citations})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per portfolio (after one warm-up run)")
    parser.add_argument("--artifacts", type=int, default=40)
    options = parser.parse_args()

    rows = []
    with tempfile.TemporaryDirectory(prefix="mcred-check-scale-") as scratch:
        for pages, citations in SERIES:
            folder = Path(scratch) / f"p{pages}-c{citations}"
            started = time.perf_counter()
            write_portfolio(folder, options.artifacts, pages, citations)
            made = time.perf_counter() - started
            run_check(folder)   # warm-up: the file cache and Python's bytecode cache
            timings = [run_check(folder) for _ in range(options.runs)]
            seconds = [t for t, _ in timings]
            rows.append((pages, citations, cited_pages(folder), statistics.median(seconds), min(seconds),
                         max(seconds), max(rss for _, rss in timings), made))
            print(f"  {pages:>5} pages, {citations:>3} citations: median {statistics.median(seconds):.2f} s "
                  f"(portfolio written in {made:.1f} s)", file=sys.stderr)

    print(f"mcred check, {options.artifacts} PDFs, median of {options.runs} runs "
          f"({os.cpu_count()} CPUs, Python {sys.version.split()[0]})\n")
    print(f"{'pages owned':>11}  {'citations':>9}  {'pages cited':>11}  {'median s':>8}  {'min s':>6}  {'max s':>6}  "
          f"{'peak RSS MB':>11}")
    for pages, citations, cited, median, fastest, slowest, rss, _ in rows:
        print(f"{pages:>11,}  {citations:>9}  {cited:>11}  {median:>8.2f}  {fastest:>6.2f}  {slowest:>6.2f}  {rss:>11.0f}")

    by_size = {(p, c): median for p, c, _, median, *_ in rows}
    owned = by_size[(4000, 200)] / by_size[(1000, 200)]
    cited = by_size[(2000, 400)] / by_size[(2000, 100)]
    baseline = by_size[BASELINE]
    print(f"\n4x the pages owned: {owned:.2f}x the time; 4x the citations: {cited:.2f}x the time.")
    print(f"{BASELINE[0]:,} pages, {BASELINE[1]} citations: {baseline:.2f} s — "
          f"{'within' if baseline < TARGET_SECONDS else 'OVER'} the {TARGET_SECONDS:g} s target.")


if __name__ == "__main__":
    main()
