"""Rebuild the example portfolios' artifact PDFs from their Typst sources.

Every ``examples/<portfolio>/sources/<name>.typ`` becomes ``examples/<portfolio>/artifacts/<name>.pdf``.
The output is deterministic: the timestamp is fixed and system fonts are ignored (Typst's bundled fonts
only), so rebuilding unchanged sources gives the same bytes.

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


def compile_source(source: Path) -> bytes:
    import typst

    return typst.compile(str(source), root=str(source.parent), timestamp=0, ignore_system_fonts=True)


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
