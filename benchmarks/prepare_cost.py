"""What preparing artifact PDFs costs: `inspect_pdf` on a clean 2,000-page PDF (it runs in every
`mcred check`), and `prepare_pdf` on a PDF with a stamp (FreeText with an appearance) on each of 100 pages.

    python benchmarks/prepare_cost.py [--runs 5]

Prints the median and best wall time of several runs of each, with the PDFs' sizes.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "prepare"))

from fidelity_material import add_free_text  # noqa: E402

from mcred.prepare import inspect_pdf, needs_preparing, prepare_pdf  # noqa: E402


def typeset_lines(path: Path, pages: int) -> Path:
    """`pages` pages of one line of text each, typeset with Typst."""
    import typst

    source = ('#set page(paper: "us-letter")\n#set text(font: "Libertinus Serif")\n'
              f'#for n in range(1, {pages + 1}) {{ [Page #n of the staff handbook: goals and timelines.]; '
              f'if n < {pages} {{ pagebreak() }} }}')
    path.write_bytes(typst.compile(source.encode(), timestamp=0))
    return path


def stamped(plain: Path, target: Path) -> Path:
    import pikepdf

    with pikepdf.open(plain) as pdf:
        for page in pdf.pages:
            add_free_text(pdf, page, (300, 480, 540, 560))
        pdf.save(target)
    return target


def timed(work: Callable[[], object], runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        clean = typeset_lines(base / "clean-2000.pdf", 2000)
        annotated = stamped(typeset_lines(base / "plain-100.pdf", 100), base / "stamped-100.pdf")
        assert not needs_preparing(inspect_pdf(clean)) and needs_preparing(inspect_pdf(annotated))

        median, best = timed(lambda: inspect_pdf(clean), runs)
        print(f"inspect_pdf, clean 2,000 pages ({clean.stat().st_size / 1e6:.1f} MB): "
              f"median {median * 1000:.0f} ms, best {best * 1000:.0f} ms ({median / 2000 * 1e6:.0f} µs a page)")
        median, best = timed(lambda: len(__import__("pypdf").PdfReader(clean).pages), runs)
        print(f"  for scale, pypdf opening it and counting its pages: median {median * 1000:.0f} ms, "
              f"best {best * 1000:.0f} ms")
        median, best = timed(lambda: inspect_pdf(annotated), runs)
        print(f"inspect_pdf, 100 stamped pages: median {median * 1000:.0f} ms, best {best * 1000:.0f} ms")
        target = base / "prepared.pdf"
        median, best = timed(lambda: prepare_pdf(annotated, target), runs)
        print(f"prepare_pdf, 100 stamped pages ({annotated.stat().st_size / 1e3:.0f} kB -> "
              f"{target.stat().st_size / 1e3:.0f} kB): median {median * 1000:.0f} ms, best {best * 1000:.0f} ms "
              "(inspecting included)")


if __name__ == "__main__":
    main()
