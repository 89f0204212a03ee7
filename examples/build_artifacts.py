"""Rebuild the example portfolios' artifact PDFs from their Typst sources.

Every ``examples/<portfolio>/sources/<name>.typ`` becomes ``examples/<portfolio>/artifacts/<name>.pdf``.
The output is deterministic: the timestamp is fixed and system fonts are ignored (Typst's bundled fonts
only), so rebuilding unchanged sources gives the same bytes.

A source whose first line says ``// mcred-example: scanned`` becomes a scan: each page is rendered to a greyscale
picture at 200 dpi with a little grain and a slight tilt, and the PDF keeps only the pictures — no text layer, as
a school's copier makes it — so the example shows a quote verified by OCR.

    python examples/build_artifacts.py           # rebuild every artifact PDF
    python examples/build_artifacts.py --check   # exit 1 if a committed PDF differs from its source
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent


def sources() -> list[Path]:
    return sorted(EXAMPLES.glob("*/sources/*.typ"))


def target(source: Path) -> Path:
    return source.parent.parent / "artifacts" / f"{source.stem}.pdf"


SCANNED = "// mcred-example: scanned"
SCAN_DPI = 200


def compile_source(source: Path) -> bytes:
    import typst

    pdf = typst.compile(str(source), root=str(source.parent), timestamp=0, ignore_system_fonts=True)
    if source.read_text(encoding="utf-8").startswith(SCANNED):
        return scanned(pdf)
    return pdf


def scanned(pdf: bytes) -> bytes:
    """The PDF as a copier scans it: every page a greyscale picture (grain, a 0.4° tilt), no text, no fonts."""
    import io
    import random
    import zlib

    import pikepdf
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    out = pikepdf.new()
    for index in range(len(document)):
        page = document[index]
        width, height = page.get_size()
        bitmap = page.render(scale=SCAN_DPI / 72, grayscale=True, fill_color=(255, 255, 255, 255))
        columns, rows, stride = bitmap.width, bitmap.height, bitmap.stride
        buffer = bytes(bitmap.buffer)
        samples = bytearray(b"".join(buffer[r * stride:r * stride + columns] for r in range(rows)))
        grain = random.Random(index)
        for _ in range(columns * rows // 1500):   # specks of toner and dust
            samples[grain.randrange(len(samples))] = grain.choice((120, 170, 210))
        stream = pikepdf.Stream(out, zlib.compress(bytes(samples), 9))
        stream.Type, stream.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
        stream.Width, stream.Height, stream.BitsPerComponent = columns, rows, 8
        stream.ColorSpace, stream.Filter = pikepdf.Name.DeviceGray, pikepdf.Name.FlateDecode
        tilt = 0.007   # radians, about 0.4°: the sheet went in slightly askew
        drawing = (f"q {width:.3f} {width * tilt:.3f} {-height * tilt:.3f} {height:.3f} {height * tilt / 2:.3f} "
                   f"{-width * tilt / 2:.3f} cm /Scan Do Q\n")
        new = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, width, height],
                                 Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Scan=stream)),
                                 Contents=pikepdf.Stream(out, drawing.encode("ascii")))
        out.pages.append(pikepdf.Page(new))
    document.close()
    written = io.BytesIO()
    out.save(written, deterministic_id=True, compress_streams=True)
    return written.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed PDFs; write nothing")
    args = parser.parse_args(argv)
    stale = []
    for source in sources():
        pdf = target(source)
        try:
            data = compile_source(source)
        except Exception as exc:  # typst.TypstError: say which source failed, then stop
            print(f"{source.relative_to(EXAMPLES)}: {exc}", file=sys.stderr)
            return 2
        name = pdf.relative_to(EXAMPLES)
        if args.check:
            if not pdf.exists() or pdf.read_bytes() != data:
                stale.append(name)
            continue
        pdf.parent.mkdir(parents=True, exist_ok=True)
        if not pdf.exists() or pdf.read_bytes() != data:
            pdf.write_bytes(data)
            print(f"wrote {name} ({len(data) // 1024} KB)")
        else:
            print(f"unchanged {name}")
    for name in stale:
        print(f"out of date: {name} (run python examples/build_artifacts.py)", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
