"""Generate a small set of "scanned" school-document pages for OCR tests and benchmarks.

Every page is an image only: rendered text (no text layer), saved as PNG and embedded into
a one-page PDF with Pillow (``Image.save(..., "PDF")``), so the same files can be used to
test the "page without a text layer" path.

Needs only Pillow (and numpy for the noisy variant). The font is DejaVu Sans if found on
the machine (Debian's fonts-dejavu-core), otherwise Pillow's bundled default font
(``ImageFont.load_default(size=...)``, Pillow >= 10.1), so it works without system fonts.

    from scans import make_page_set
    pages = make_page_set("out/")   # list of ScanPage(name, png, pdf, dpi, words, names)
"""
from __future__ import annotations

import os
import random
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

LETTER_IN = (8.5, 11.0)

# The page text: an agenda and a sign-in sheet, the kind of pages a school leader scans.
TITLE = "Lincoln Middle School"
SUBTITLE = "Instructional Leadership Team Meeting"
HEADER_LINES = [
    "Date: Tuesday, October 14, 2025    Time: 3:30 PM - 4:45 PM",
    "Location: Room 112 (Library)    Facilitator: Dr. Angela Whitfield",
]
AGENDA_HEADING = "Agenda"
AGENDA = [
    "1. Welcome and norms review (5 minutes)",
    "2. Review of fall reading benchmark data by grade level",
    "3. Walkthrough findings: student discourse in math classrooms",
    "4. Planning the November professional development day",
    "5. Next steps, owners and deadlines",
]
SIGNIN_HEADING = "Sign-in Sheet"
SIGNIN_COLUMNS = ("Name", "Role", "Initials")
SIGNIN = [
    ("Maria Gonzalez", "Assistant Principal", "MG"),
    ("James Okafor", "Grade 7 Math Teacher", "JO"),
    ("Priya Raman", "Reading Specialist", "PR"),
    ("Thomas Becker", "Science Department Chair", "TB"),
    ("Keisha Williams", "School Counselor", "KW"),
    ("Daniel Nguyen", "Special Education Teacher", "DN"),
]
NOTES_HEADING = "Notes"
NOTES = [
    "Grade 6 benchmark scores rose from 48% to 61% proficient since spring.",
    "Teachers asked for release time to observe colleagues before December 5.",
    "Follow up with families of students who missed the reading assessment.",
]


def ground_truth_lines() -> list[str]:
    lines = [TITLE, SUBTITLE, *HEADER_LINES, AGENDA_HEADING, *AGENDA, SIGNIN_HEADING,
             "  ".join(SIGNIN_COLUMNS)]
    lines += ["  ".join(r) for r in SIGNIN]
    lines += [NOTES_HEADING, *NOTES]
    return lines


def ground_truth_names() -> list[str]:
    return [r[0] for r in SIGNIN] + ["Angela Whitfield"]


def _font_path(bold: bool = False) -> str | None:
    cands = [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans%s.ttf" % ("-Bold" if bold else ""),
        "/usr/share/fonts/truetype/liberation/LiberationSans-%s.ttf" % ("Bold" if bold else "Regular"),
    ]
    for c in cands:
        if os.path.exists(c):
            return c
    return None


def _font(size_px: int, bold: bool = False) -> ImageFont.ImageFont:
    p = _font_path(bold)
    if p:
        return ImageFont.truetype(p, size_px)
    return ImageFont.load_default(size=size_px)  # Pillow >= 10.1 (bundled Aileron)


def render_page(dpi: int = 300) -> Image.Image:
    """Render the agenda/sign-in page as a clean greyscale letter-size image at *dpi*."""
    w, h = int(LETTER_IN[0] * dpi), int(LETTER_IN[1] * dpi)
    img = Image.new("L", (w, h), 255)
    d = ImageDraw.Draw(img)
    pt = dpi / 72.0  # pixels per point
    margin = int(0.9 * dpi)
    y = int(0.8 * dpi)
    f_title, f_sub = _font(int(20 * pt), True), _font(int(14 * pt), True)
    f_head, f_body = _font(int(13 * pt), True), _font(int(11 * pt))

    def line(text, font, dy=1.45, x=margin):
        nonlocal y
        d.text((x, y), text, font=font, fill=0)
        y += int(font.size * dy)

    line(TITLE, f_title)
    line(SUBTITLE, f_sub, 1.8)
    for t in HEADER_LINES:
        line(t, f_body)
    y += int(8 * pt)
    line(AGENDA_HEADING, f_head)
    for t in AGENDA:
        line(t, f_body, x=margin + int(12 * pt))
    y += int(8 * pt)
    line(SIGNIN_HEADING, f_head)
    # a ruled table: Name | Role | Initials
    cols = [margin, margin + int(2.6 * dpi), margin + int(5.4 * dpi), w - margin]
    row_h = int(f_body.size * 2.0)
    top = y
    rows = [SIGNIN_COLUMNS, *SIGNIN]
    for i, r in enumerate(rows):
        for j, cell in enumerate(r):
            d.text((cols[j] + int(6 * pt), y + int(row_h * 0.22)), cell,
                   font=f_head if i == 0 else f_body, fill=0)
        y += row_h
    for k in range(len(rows) + 1):
        d.line([(cols[0], top + k * row_h), (cols[-1], top + k * row_h)], fill=0, width=max(1, dpi // 100))
    for c in cols:
        d.line([(c, top), (c, top + len(rows) * row_h)], fill=0, width=max(1, dpi // 100))
    y += int(12 * pt)
    line(NOTES_HEADING, f_head)
    for t in NOTES:
        line(t, f_body)
    return img


def noisy_scan(img: Image.Image, seed: int = 7, skew_deg: float = 2.5) -> Image.Image:
    """Photo-like degradation: grey uneven background, slight skew, blur, sensor noise, JPEG-ish softness."""
    import numpy as np

    rng = np.random.default_rng(seed)
    w, _h = img.size
    rot = img.rotate(skew_deg, resample=Image.BICUBIC, expand=True, fillcolor=255)
    a = np.asarray(rot, dtype=np.float32) / 255.0
    hh, ww = a.shape
    # uneven illumination: grey paper, darker toward one corner
    yy, xx = np.mgrid[0:hh, 0:ww]
    light = 0.78 + 0.12 * (1 - (xx / ww) * 0.6 - (yy / hh) * 0.4)
    paper = a * light + (1 - a) * 0.18  # ink is dark grey, not black
    out = Image.fromarray(np.clip(paper * 255, 0, 255).astype(np.uint8))
    out = out.filter(ImageFilter.GaussianBlur(radius=max(1.0, w / 2550 * 1.6)))
    b = np.asarray(out, dtype=np.float32)
    b += rng.normal(0, 14, b.shape)
    # a few speckles
    n = int(b.size * 0.0008)
    idx = rng.integers(0, b.size, n)
    b.flat[idx] = rng.integers(0, 90, n)
    return Image.fromarray(np.clip(b, 0, 255).astype(np.uint8))


@dataclass
class ScanPage:
    name: str
    png: Path
    pdf: Path
    dpi: int
    words: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)


def image_to_pdf(img: Image.Image, pdf: Path, dpi: int) -> None:
    """One PDF page holding only the image (no text layer), page size from dpi."""
    img.convert("RGB").save(pdf, "PDF", resolution=float(dpi))


def make_page_set(out_dir: str | os.PathLike) -> list[ScanPage]:
    """Write the page set to *out_dir* (PNG + image-only PDF per variant) and return it."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    words = " ".join(ground_truth_lines()).split()
    names = ground_truth_names()
    variants: list[tuple[str, int, Image.Image]] = []
    p300 = render_page(300)
    variants.append(("clean_300dpi", 300, p300))
    variants.append(("clean_200dpi", 200, render_page(200)))
    variants.append(("rot90_300dpi", 300, p300.rotate(90, expand=True)))
    variants.append(("noisy_photo_200dpi", 200, noisy_scan(render_page(200))))
    pages = []
    for name, dpi, img in variants:
        png, pdf = out / f"{name}.png", out / f"{name}.pdf"
        img.save(png, dpi=(dpi, dpi))
        image_to_pdf(img, pdf, dpi)
        pages.append(ScanPage(name, png, pdf, dpi, words, names))
    random.seed(0)
    return pages


if __name__ == "__main__":
    import sys

    for p in make_page_set(sys.argv[1] if len(sys.argv) > 1 else "scans"):
        print(p.name, p.png, p.pdf)
