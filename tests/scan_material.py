"""Scanned pages for tests: lines of text drawn into a picture (Pillow) and saved as a PDF page holding that
picture only — no text layer, as a scanner makes it — or as a PNG. Optionally turned on its side or noisy."""

from __future__ import annotations

import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

_FONTS = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf")


def font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    for candidate in _FONTS:
        if Path(candidate).exists():
            return ImageFont.truetype(candidate, size)
    return ImageFont.load_default(size=size)   # Pillow's own scalable font: no system font needed


def scan_image(lines: list[str], *, dpi: int = 200, inches: tuple[float, float] = (6.0, 4.0), rotate: int = 0,
               noisy: bool = False) -> Image.Image:
    """The lines as black text on white, 12 pt at `dpi`, on a page of `inches`; `rotate` turns the sheet
    counter-clockwise (a page scanned on its side); `noisy` adds grain and blur, as a phone photo has."""
    width, height = int(inches[0] * dpi), int(inches[1] * dpi)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    size = int(12 / 72 * dpi)
    face = font(size)
    y = int(0.5 * dpi)
    for line in lines:
        draw.text((int(0.5 * dpi), y), line, fill=0, font=face)
        y += int(size * 1.6)
    if noisy:
        generator = random.Random(7)
        pixels = image.load()
        for _ in range(width * height // 40):
            x, y = generator.randrange(width), generator.randrange(height)
            pixels[x, y] = generator.choice((90, 170, 210))
        image = image.filter(ImageFilter.GaussianBlur(0.6))
    return image.rotate(rotate, expand=True, fillcolor=255) if rotate else image


def make_scan(path: Path, pages: list[list[str]], *, dpi: int = 200, **options: object) -> Path:
    """A PDF of picture-only pages (one per list of lines), or a PNG of the first where `path` ends in .png."""
    images = [scan_image(lines, dpi=dpi, **options) for lines in pages]  # type: ignore[arg-type]
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".png":
        images[0].save(path)
    else:
        images[0].save(path, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return path
