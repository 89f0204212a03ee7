"""OCR's cost per scanned page, cold (nothing in `.mcred/`) and cached, through the same door check and find use.

    python benchmarks/ocr_cost.py              # 6 letter-size scanned pages at 200 dpi (a sign-in sheet, minutes)
    python benchmarks/ocr_cost.py --pages 20

Each page is text drawn into a picture (Pillow) and saved as a picture-only PDF page, as a scanner makes it; one
page in three is turned on its side and one in three has grain and blur. Reported: seconds per page cold (render,
orientation, recognition, cache write), cached (the words and boxes read back from `.mcred/ocr/`), the PDFium
text-layer read of the same pages for scale, wall and CPU time (Tesseract is single-threaded here, so on a busy
machine CPU time is the figure to compare), and the share of the drawn words OCR read back. Needs `mcred[ocr]`.
"""

from __future__ import annotations

import argparse
import random
import re
import tempfile
import time
from pathlib import Path

LINES = [
    "Lincoln Middle School - Instructional Leadership Team",
    "Sign-in sheet and minutes, Tuesday, October 14, 2025, Room 112",
    "Present: Maria Gonzalez, James Okafor, Priya Raman, Thomas Becker",
    "1. Grade 6 benchmark scores rose from 48% to 61% proficient since spring.",
    "2. Every grade-level team reviews attendance data each month.",
    "3. Teachers asked for release time to observe colleagues before December 5.",
    "4. Follow up with families of students who missed the reading assessment.",
    "Next meeting: November 4 at 3:30 PM in the library; owners named above.",
]


def scan(path: Path, pages: int, dpi: int = 200) -> list[str]:
    """A picture-only PDF of `pages` letter pages; the words drawn on them."""
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    fonts = [p for p in ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",) if Path(p).exists()]
    size = int(11 / 72 * dpi)
    face = ImageFont.truetype(fonts[0], size) if fonts else ImageFont.load_default(size=size)
    images, words = [], []
    for number in range(pages):
        image = Image.new("L", (int(8.5 * dpi), int(11 * dpi)), 255)
        draw = ImageDraw.Draw(image)
        y = dpi
        for repeat in range(3):
            for line in LINES:
                draw.text((dpi, y), f"{line}" if repeat == 0 else f"{line} ({repeat})", fill=0, font=face)
                words += line.split()
                y += int(size * 1.7)
        if number % 3 == 2:
            grain = random.Random(number)
            pixels = image.load()
            for _ in range(image.width * image.height // 60):
                pixels[grain.randrange(image.width), grain.randrange(image.height)] = grain.choice((90, 170, 210))
            image = image.filter(ImageFilter.GaussianBlur(0.7))
        if number % 3 == 1:
            image = image.rotate(90, expand=True, fillcolor=255)
        images.append(image)
    images[0].save(path, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return words


def _tokens(text: str) -> list[str]:
    return [t for t in (re.sub(r"[^\w]", "", w.lower()) for w in text.split()) if t]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=6)
    args = parser.parse_args()

    from mcred.read.artifacts.pdf import every_page_text
    from mcred.read.cache import Cache
    from mcred.read.ocr import ENGINE, OcrSettings, missing

    if missing():
        raise SystemExit(f"{missing()}: pip install 'mcred[ocr]'")
    with tempfile.TemporaryDirectory() as work:
        root = Path(work)
        pdf = root / "scan.pdf"
        drawn = scan(pdf, args.pages)
        timings = {}
        for name, settings, folder in (("text layer only (--no-ocr)", OcrSettings(False), root / "plain"),
                                       ("OCR, cold", OcrSettings(True), root / "ocr"),
                                       ("OCR, cached", OcrSettings(True), root / "ocr")):
            folder.mkdir(exist_ok=True)
            start, cpu = time.perf_counter(), time.process_time()
            pages = every_page_text(pdf, Cache(folder), settings)
            timings[name] = ((time.perf_counter() - start) / args.pages, (time.process_time() - cpu) / args.pages)
            if name == "OCR, cold":
                read = _tokens(" ".join(pages.texts))
                wanted = _tokens(" ".join(drawn))
                pool: dict[str, int] = {}
                for token in read:
                    pool[token] = pool.get(token, 0) + 1
                found = 0
                for token in wanted:
                    if pool.get(token, 0) > 0:
                        pool[token] -= 1
                        found += 1
                recall = found / len(wanted)
        print(f"{args.pages} letter pages, 200 dpi, one in three on its side, one in three noisy; engine {ENGINE}")
        print(f"  {'':28} {'wall s':>8} {'CPU s':>8}   a page")
        for name, (seconds, cpu_seconds) in timings.items():
            print(f"  {name:28} {seconds:8.3f} {cpu_seconds:8.3f}")
        print(f"  words read back              {recall:8.1%}")


if __name__ == "__main__":
    main()
