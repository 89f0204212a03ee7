"""How long the privacy scan takes on a large portfolio, and what reading page text costs.

    python benchmarks/privacy_scan.py [--pages 2000] [--roster 500] [--runs 3]

1. `find_hits` over 2,000 pages of about 2,500 characters of prose each, with a 500-student roster and every
   built-in pattern on; one page in ten names a student. Prose only: the scanner's own cost.
2. The same pages typeset by Typst into one 2,000-page PDF; the text of every page read with pypdfium2
   (`get_text_range`, what the scanner reads) and with pypdf (`extract_text`, what check reads today).
3. `scan_pdf` on that PDF: reading and scanning together, as `mcred check` would pay for it.

Prints the median of several runs, in milliseconds per page.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mcred.privacy import PrivacyRules, Student, find_hits
from mcred.privacy.pdfscan import scan_pdf

FIRST = ("Aaliyah Aiden Amara Andre Ava Benjamin Camila Carlos Chloe Daniel Darius Elena Elijah Emma Ethan Fatima "
         "Gabriel Grace Hannah Isabella Jamal Jayden José Kai Layla Leah Liam Lucas Luna Malik Maria Mason Maya "
         "Mia Mohammed Nadia Naomi Noah Olivia Omar Priya Renée Samuel Sofia Tariq Valeria Wei Xavier Yusuf "
         "Zoe")
LAST = ("Abbott Adeyemi Alvarez Anderson Brooks Castillo Chen Dubois Edwards Fernández Fitzgerald Garcia Gupta "
        "Haddad Hernández Ibrahim Jackson Johansson Kim Kowalski Lopez Martinez Mendoza Morales Nakamura Nguyen "
        "Novak Okafor Olsen Ortiz Patel Petrov Quinn Ramirez Reyes Rodriguez Rossi Santos Schmidt Singh "
        "Sullivan Tanaka Thompson Torres Vasquez Wang Washington Williams Yamamoto Zhang")
SENTENCES = [
    "Our leadership team reviewed the spring data with every grade-level team and agreed on three clear next "
    "steps for the fall.",
    "Teachers set two measurable professional goals each fall and revisit them at the mid-year conference.",
    "The accountability plan lists strategies, timelines, evaluation and monitoring for each goal.",
    "Monitoring happens in monthly data meetings where teams bring student work and common assessments.",
    "Attendance improved by four points after the advisory program began calling families in the first week.",
    "We adjusted the intervention block so that every student who needed support saw a specialist twice a week.",
    "Family conferences were held in the evening and on Saturday mornings to reach working parents.",
    "The principal met with the instructional coaches on Tuesdays to plan the coming professional learning.",
]


def roster(size: int) -> tuple[Student, ...]:
    pairs = [(first, last) for first in FIRST.split() for last in LAST.split()]
    random.Random(7).shuffle(pairs)
    return tuple(Student(first, last) for first, last in pairs[:size])


def pages(count: int, students: tuple[Student, ...], chars: int = 2500) -> list[str]:
    chooser = random.Random(11)
    result = []
    for number in range(count):
        sentences: list[str] = []
        while sum(len(sentence) + 1 for sentence in sentences) < chars:
            sentences.append(chooser.choice(SENTENCES))
        if number % 10 == 0:
            student = chooser.choice(students)
            sentences.insert(3, f"{student.first} {student.last} joined the reading group in October.")
        result.append(" ".join(sentences))
    return result


def median_ms_per_page(run: Callable[[], object], pages_count: int, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000 / pages_count


def make_pdf(path: Path, texts: list[str]) -> Path:
    import typst

    source = '#set page(paper: "us-letter")\n#set text(font: "Libertinus Serif", size: 11pt)\n#set par(justify: true)\n'
    source += "\n#pagebreak()\n".join(f"#{json.dumps(text, ensure_ascii=False)}" for text in texts)
    path.write_bytes(typst.compile(source.encode(), timestamp=0))
    return path


def pdfium_all(path: Path) -> None:
    import pypdfium2

    document = pypdfium2.PdfDocument(path)
    for index in range(len(document)):
        page = document[index]
        textpage = page.get_textpage()
        textpage.get_text_range()
        textpage.close()
        page.close()
    document.close()


def pypdf_all(path: Path) -> None:
    from pypdf import PdfReader

    for page in PdfReader(path).pages:
        page.extract_text()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--roster", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()

    students = roster(options.roster)
    rules = PrivacyRules(names=students, terms=("Room 12B",), email=True, phone=True, dob=True,
                         id_masks=("S#######",))
    texts = pages(options.pages, students)
    total_chars = sum(map(len, texts))
    hits = sum(len(find_hits(text, rules)) for text in texts)
    scan_ms = median_ms_per_page(lambda: [find_hits(text, rules) for text in texts], options.pages, options.runs)
    print(f"find_hits: {options.pages} pages, {total_chars / options.pages:,.0f} chars/page, "
          f"{len(students)} students, {hits} hits: {scan_ms:.3f} ms/page "
          f"({scan_ms * options.pages / 1000:.2f} s in all)")

    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        pdf = make_pdf(Path(folder) / "big.pdf", texts)
        print(f"typst: {options.pages} pages typeset in {time.perf_counter() - started:.1f} s")
        pdfium_ms = median_ms_per_page(lambda: pdfium_all(pdf), options.pages, options.runs)
        pypdf_ms = median_ms_per_page(lambda: pypdf_all(pdf), options.pages, max(1, options.runs - 1))
        whole_ms = median_ms_per_page(lambda: scan_pdf(pdf, rules), options.pages, options.runs)
        found = sum(len(page.hits) for page in scan_pdf(pdf, rules))
    print(f"text extraction: pypdfium2 {pdfium_ms:.3f} ms/page, pypdf {pypdf_ms:.3f} ms/page "
          f"({pypdf_ms / pdfium_ms:.1f}x)")
    print(f"scan_pdf (pypdfium2 text + find_hits): {whole_ms:.3f} ms/page "
          f"({whole_ms * options.pages / 1000:.2f} s in all), {found} hits")


if __name__ == "__main__":
    main()
