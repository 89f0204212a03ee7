"""How fast `mcred build` and `mcred check` are next to the typesetter and the extractor they drive.

    python benchmarks/build_scale.py [--runs 5] [--quick]

Every figure is a whole process, measured from outside: wall time (median of --runs) and peak memory of the
process *tree*, sampled every 10 ms from /proc and summed over every process alive at once (a child compiling
beside its parent counts with it). Portfolios come from `scale_portfolio.make_scale_portfolio` (40 Typst-made
PDFs, every citation quoting its page).

Rows, with the targets of the speed issue:
- build at 0.5x, 1x, 2x, 4x (1,000 … 8,000 pages; citations scaled alike), cold (no `.mcred/`) and warm, beside
  a bare Typst compile embedding the same artifact pages at 100% (separate process). Target at 1x: build
  within 2.5x of Typst, peak <= 300 MB. Growth at most linear.
- the same 2,000 pages as ONE PDF (target: within 1.5x of the 40-file build) and 10,000 pages in one PDF (< 15 s).
- check at 2,000 pages, cold and warm, beside a bare script that opens the same PDFs and extracts the same cited
  pages' text with the extractor mcred uses (target: cold within 2x; warm a fraction of cold).
- start-up: `mcred --help` and `python -X importtime` of what `mcred check` imports.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from scale_portfolio import make_scale_portfolio  # noqa: E402

BASE = {"artifacts": 40, "pages": 2000, "citations": 200}


# --- measuring a process tree -----------------------------------------------------------------------------

def _tree_rss_kb(root: int) -> int:
    """The summed resident memory of `root` and every descendant alive now."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            pid, parent = int(entry), int(fields[1])
            rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE") // 1024
            children.setdefault(parent, []).append(pid)
        except (OSError, IndexError, ValueError):
            continue
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def run(command: list[str], cwd: Path | None = None) -> dict:
    """Wall seconds and peak tree memory (MB) of one command."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss_kb(process.pid))
            time.sleep(0.01)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = process.communicate()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    return {"seconds": seconds, "peak_mb": peak / 1024, "code": process.returncode,
            "output": output.decode("utf-8", "replace")}


def median_of(runs: int, command: list[str], before=None, cwd: Path | None = None) -> dict:  # type: ignore[no-untyped-def]
    results = []
    for _ in range(runs):
        if before:
            before()
        result = run(command, cwd)
        if result["code"] != 0:
            raise SystemExit(f"{' '.join(command)} failed:\n{result['output'][-3000:]}")
        results.append(result)
    return {"seconds": statistics.median(r["seconds"] for r in results),
            "peak_mb": max(r["peak_mb"] for r in results)}


def mcred(*args: str) -> list[str]:
    return [sys.executable, "-m", "mcred", *args]


# --- the bare baselines ------------------------------------------------------------------------------------

_BARE_TYPST = textwrap.dedent("""
    import json, sys, typst
    from pathlib import Path
    folder = Path(sys.argv[1])
    files = json.loads(sys.argv[2])
    body = "".join(
        f'#for p in range(1, {count} + 1) {{ page(width: 612pt, height: 792pt, margin: 0pt, '
        f'image("/artifacts/{name}", page: p)) }}\\n' for name, count in files)
    typst.compile(body.encode(), root=str(folder), format="pdf", ignore_system_fonts=True)
""")

_BARE_EXTRACT = textwrap.dedent("""
    import json, sys
    import pypdfium2
    cited = json.loads(sys.argv[1])
    for path, pages in cited.items():
        document = pypdfium2.PdfDocument(path)
        for page in pages:
            document[page - 1].get_textpage().get_text_range()
        document.close()
""")


def page_counts(folder: Path) -> list[tuple[str, int]]:
    from pypdf import PdfReader

    return [(p.name, len(PdfReader(p).pages)) for p in sorted((folder / "artifacts").glob("*.pdf"))]


def cited_pages(folder: Path) -> dict[str, list[int]]:
    import yaml

    evidence = yaml.safe_load((folder / "evidence.yaml").read_text(encoding="utf-8"))
    files = {a["id"]: str(folder / a["file"]) for a in evidence["artifacts"] if a.get("file")}
    cited: dict[str, set[int]] = {}
    for citations in evidence["evidence"].values():
        for citation in citations:
            if citation.get("pages") and citation["artifact"] in files:
                cited.setdefault(files[citation["artifact"]], set()).add(int(str(citation["pages"]).split("-")[0]))
    return {path: sorted(pages) for path, pages in cited.items()}


def forget_cache(folder: Path) -> None:
    shutil.rmtree(folder / ".mcred", ignore_errors=True)
    shutil.rmtree(folder / "build", ignore_errors=True)


# --- the rows ---------------------------------------------------------------------------------------------

def build_rows(base: Path, scales: list[float], runs: int) -> list[dict]:
    rows = []
    for scale in scales:
        size = {key: max(1, int(value * scale)) for key, value in BASE.items()}
        folder = make_scale_portfolio(base / f"scale-{scale:g}x", **size)
        rows.append(_build_row(f"{scale:g}x", size, folder, runs))
    return rows


def _build_row(label: str, size: dict, folder: Path, runs: int) -> dict:
    cold = median_of(runs, mcred("build", str(folder)), before=lambda: forget_cache(folder))
    warm = median_of(runs, mcred("build", str(folder)))
    typst = median_of(runs, [sys.executable, "-c", _BARE_TYPST, str(folder), json.dumps(page_counts(folder))])
    return {"label": label, **size, "cold": cold, "warm": warm, "typst": typst}


def one_pdf_rows(base: Path, runs: int, big: bool) -> list[dict]:
    rows = []
    for pages in ([2000, 10000] if big else [2000]):
        folder = make_scale_portfolio(base / f"one-{pages}", artifacts=1, pages=pages, citations=200)
        rows.append(_build_row("1 PDF", {"artifacts": 1, "pages": pages, "citations": 200}, folder,
                               1 if pages > 2000 else runs))
    return rows


def check_rows(base: Path, runs: int) -> dict:
    folder = base / "scale-1x"
    if not folder.exists():
        folder = make_scale_portfolio(folder, **BASE)
    cold = median_of(runs, mcred("check", str(folder)), before=lambda: forget_cache(folder))
    warm = median_of(runs, mcred("check", str(folder)))
    bare = median_of(runs, [sys.executable, "-c", _BARE_EXTRACT, json.dumps(cited_pages(folder))])
    return {"cold": cold, "warm": warm, "bare": bare}


def startup(runs: int) -> dict:
    help_run = median_of(runs, mcred("--help"))
    timed = subprocess.run([sys.executable, "-X", "importtime", "-c", "import mcred.cli, mcred.checks, mcred.read"],
                           capture_output=True, text=True, check=True)
    total_us = sum(int(line.split("|")[1]) for line in timed.stderr.splitlines()
                   if line.startswith("import time:") and line.split("|")[1].strip().isdigit()
                   and line.split("|")[2].startswith(" ") and not line.split("|")[2].startswith("  "))
    return {"help_seconds": help_run["seconds"], "import_ms": total_us / 1000}


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    options.add_argument("--runs", type=int, default=5, help="runs per figure; the median is reported")
    options.add_argument("--quick", action="store_true", help="1x only, and no 10,000-page PDF")
    options.add_argument("--keep", type=Path, help="write the portfolios here instead of a temporary folder")
    args = options.parse_args()
    scales = [1.0] if args.quick else [0.5, 1.0, 2.0, 4.0]
    with tempfile.TemporaryDirectory(prefix="mcred-speed-") as scratch:
        base = args.keep or Path(scratch)
        rows = build_rows(base, scales, args.runs) + one_pdf_rows(base, args.runs, big=not args.quick)
        checked = check_rows(base, args.runs)
    started = startup(args.runs)

    print(f"mcred build (median of {args.runs}; peak = the whole process tree, MB)")
    print(f"{'size':>6} {'pdfs':>4} {'pages':>6} {'cites':>5} | {'cold s':>6} {'MB':>5} | {'warm s':>6} {'MB':>5} | "
          f"{'typst s':>7} {'MB':>5} | {'cold/typst':>10}")
    for row in rows:
        print(f"{row['label']:>6} {row['artifacts']:>4} {row['pages']:>6} {row['citations']:>5} | "
              f"{row['cold']['seconds']:>6.2f} {row['cold']['peak_mb']:>5.0f} | "
              f"{row['warm']['seconds']:>6.2f} {row['warm']['peak_mb']:>5.0f} | "
              f"{row['typst']['seconds']:>7.2f} {row['typst']['peak_mb']:>5.0f} | "
              f"{row['cold']['seconds'] / row['typst']['seconds']:>9.2f}x")
    one = next(r for r in rows if r["label"] == "1x")
    single = next(r for r in rows if r["label"] == "1 PDF" and r["pages"] == 2000)
    print(f"\ncheck at 2,000 pages: cold {checked['cold']['seconds']:.2f} s ({checked['cold']['peak_mb']:.0f} MB), "
          f"warm {checked['warm']['seconds']:.2f} s; bare extraction of the cited pages "
          f"{checked['bare']['seconds']:.2f} s — cold/bare {checked['cold']['seconds'] / checked['bare']['seconds']:.2f}x")
    print(f"start-up: `mcred --help` {started['help_seconds']:.2f} s; imports of check {started['import_ms']:.0f} ms")
    verdicts = {
        "build within 2.5x of Typst at 1x": one["cold"]["seconds"] <= 2.5 * one["typst"]["seconds"],
        "build peak <= 300 MB at 1x": one["cold"]["peak_mb"] <= 300,
        "one 2,000-page PDF within 1.5x of 40 files": single["cold"]["seconds"] <= 1.5 * one["cold"]["seconds"],
        "check within 2x of bare extraction": checked["cold"]["seconds"] <= 2 * checked["bare"]["seconds"],
        "warm check a fraction of cold": checked["warm"]["seconds"] < checked["cold"]["seconds"],
    }
    big = [r for r in rows if r["label"] == "1 PDF" and r["pages"] == 10000]
    if big:
        verdicts["10,000 pages in one PDF under 15 s"] = big[0]["cold"]["seconds"] < 15
    for name, met in verdicts.items():
        print(f"  {'met   ' if met else 'MISSED'}  {name}")
    return 0 if all(verdicts.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
