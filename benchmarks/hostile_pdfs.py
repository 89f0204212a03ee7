"""Time and peak memory of `mcred check` and `mcred build --draft` on each hostile PDF of tests/hostile_pdfs.py.

    python benchmarks/hostile_pdfs.py [--runs 3]

Each case is the tests' ready portfolio with one more artifact, the hostile PDF, cited once. Check runs cold (no
`.mcred/`), then build --draft. Memory is the kernel's peak resident set of mcred and every process it started
(wait4), wall time the median of --runs. The target (issue 24): each within 60 s and 1 GB, where a content stream
inflating to 400 MB took check 877 MB and build 973 MB before.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
TESTS = HERE.parent / "tests"
sys.path[:0] = [str(TESTS), str(TESTS / "check")]

from check_material import cite, evidence_map  # noqa: E402
from conftest import write_portfolio  # noqa: E402
from hostile_material import run_measured  # noqa: E402
from hostile_pdfs import HOSTILE, shared_content  # noqa: E402

CASES = {
    "honest (none added)": None,
    **HOSTILE,
    # each page passes, the file does not: 20,000 MB of content to read in all
    "20000-pages-one-stream": lambda path: shared_content(path, pages=20_000),
}


def _portfolio(base: Path, name: str) -> Path:
    make = CASES[name]
    if make is None:
        return write_portfolio(base, "honest")
    listed = [{"id": "A3", "title": "Downloaded", "file": "artifacts/hostile.pdf"}]
    root = write_portfolio(base, name, evidence=evidence_map({"1": [cite(), cite("A3", pages=1)]}, artifacts=listed))
    make(root / "artifacts" / "hostile.pdf")
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    print(f"{'case':<26} {'on disk':>9} {'check':>8} {'peak':>8} {'exit':>4}   {'build --draft':>13} {'peak':>8} "
          f"{'exit':>4}  finding")
    with tempfile.TemporaryDirectory() as scratch:
        for name in CASES:
            root = _portfolio(Path(scratch), name)
            added = root / "artifacts" / "hostile.pdf"
            size = added.stat().st_size if added.exists() else 0
            checks, builds = [], []
            for _ in range(runs):
                shutil.rmtree(root / ".mcred", ignore_errors=True)
                shutil.rmtree(root / "build", ignore_errors=True)
                checks.append(run_measured("check", str(root), "--json"))
                builds.append(run_measured("build", str(root), "--draft"))
            said = [f["message"] for f in checks[-1].run.findings("MC414")]
            print(f"{name:<26} {size / 2**20:>7.2f}MB {statistics.median(m.seconds for m in checks):>7.1f}s "
                  f"{max(m.peak_bytes for m in checks) / 2**20:>6.0f}MB {checks[-1].run.exit_code:>4}   "
                  f"{statistics.median(m.seconds for m in builds):>12.1f}s "
                  f"{max(m.peak_bytes for m in builds) / 2**20:>6.0f}MB {builds[-1].run.exit_code:>4}  "
                  f"{said[0] if said else '(none)'}")


if __name__ == "__main__":
    main()
