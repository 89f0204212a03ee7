"""How `mcred build` grows with the portfolio: wall time and peak memory of the whole command.

Builds the scale portfolio (benchmarks/scale_portfolio.py: 40 PDFs, 2,000 pages, 200 citations at 1x) at
½x, 1x and 2x, runs `mcred build` on each as its own process, and prints a table. Targets at 1x on a
2-core machine: under 5 s and under 1 GB.

    python benchmarks/build_scale.py [--runs N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale_portfolio import make_scale_portfolio

SCALES = (0.5, 1.0, 2.0)
BASE = {"artifacts": 40, "pages": 2000, "citations": 200}
TARGET_SECONDS, TARGET_MB = 5.0, 1000.0

# Runs `mcred build` as a child and reports the child's own peak memory: a fresh parent per measurement,
# so one run's peak never shows up in the next.
_MEASURE = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run([sys.executable, "-m", "mcred", "build", sys.argv[1]], capture_output=True, text=True)
seconds = time.perf_counter() - start
peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": seconds, "peak_mb": peak_kb / 1024, "code": done.returncode,
                  "output": done.stdout + done.stderr}))
"""


def measure(folder: Path) -> dict:
    result = subprocess.run([sys.executable, "-c", _MEASURE, str(folder)], capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    options.add_argument("--runs", type=int, default=3, help="builds per size; the best time is reported")
    options.add_argument("--keep", type=Path, help="write the portfolios here instead of a temporary folder")
    args = options.parse_args()

    with tempfile.TemporaryDirectory(prefix="mcred-build-scale-") as scratch:
        base = args.keep or Path(scratch)
        rows = []
        for scale in SCALES:
            size = {key: int(value * scale) for key, value in BASE.items()}
            folder = make_scale_portfolio(base / f"scale-{scale:g}x", **size)
            runs = [measure(folder) for _ in range(args.runs)]
            failed = [r for r in runs if r["code"] != 0]
            if failed:
                print(f"mcred build failed at {scale:g}x:\n{failed[0]['output']}", file=sys.stderr)
                return 1
            packet = next((folder / "build").glob("*-packet.pdf"))
            rows.append((scale, size, min(r["seconds"] for r in runs), max(r["peak_mb"] for r in runs),
                         packet.stat().st_size / 1_000_000))

    print(f"mcred build, best of {args.runs} runs per size (whole command: check, typeset packet and parts, write)")
    print(f"{'size':>5} {'artifacts':>9} {'pages':>6} {'citations':>9} {'seconds':>8} {'s/1k pages':>10} "
          f"{'peak MB':>8} {'packet MB':>9}")
    for scale, size, seconds, peak, packet_mb in rows:
        print(f"{scale:>4g}x {size['artifacts']:>9} {size['pages']:>6} {size['citations']:>9} {seconds:>8.2f} "
              f"{seconds / size['pages'] * 1000:>10.2f} {peak:>8.0f} {packet_mb:>9.1f}")
    one = next(row for row in rows if row[0] == 1.0)
    verdict = one[2] < TARGET_SECONDS and one[3] < TARGET_MB
    print(f"1x target: under {TARGET_SECONDS:g} s and {TARGET_MB:g} MB — {'met' if verdict else 'MISSED'}")
    return 0 if verdict else 1


if __name__ == "__main__":
    sys.exit(main())
