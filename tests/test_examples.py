"""The shipped example portfolios: each is ready by mcred's own strictest check, and its PDFs match their sources.

Each test works on a copy in tmp_path, and also proves that the example in the checkout was left untouched.
"""

from __future__ import annotations

import hashlib
import runpy
import shutil
from io import BytesIO
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mcred.cli import app

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
NAMES = ["ensuring-accountability", "leading-vision-and-mission"]


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under folder, by relative path, with a hash of its bytes."""
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture(params=NAMES)
def example(request: pytest.FixtureRequest, tmp_path: Path):
    """(the example in the checkout, a copy of it in tmp_path); fails if the test changed the checkout."""
    source = EXAMPLES / request.param
    before = snapshot(source)
    copy = Path(shutil.copytree(source, tmp_path / request.param))
    yield source, copy
    assert snapshot(source) == before, f"examples/{request.param} was modified"
    assert not (source / "build").exists()


def test_example_is_ready_under_strict_check(example) -> None:
    source, copy = example
    result = CliRunner().invoke(app, ["check", str(copy), "--strict"])
    assert result.exit_code == 0, result.output


def test_example_has_every_part_a_packet_needs(example) -> None:
    source, copy = example
    for name in ("mcred.yaml", "overview.md", "reflection.md", "evidence.yaml"):
        assert (source / name).is_file(), name
    pdfs = sorted((source / "artifacts").glob("*.pdf"))
    sources = sorted((source / "sources").glob("*.typ"))
    assert len(pdfs) >= 5
    assert [p.stem for p in pdfs] == [s.stem for s in sources], "every artifact PDF has its Typst source"
    size = sum(path.stat().st_size for path in source.rglob("*") if path.is_file())
    assert size < 2_000_000, f"examples/{source.name} is {size} bytes; keep it under 2 MB"


# `mcred build` assertions for the examples go here (the packet builds, its pages and links), run on `copy`
# like the check above.


def test_artifact_pdfs_match_their_sources() -> None:
    """examples/build_artifacts.py recompiles every source to the same pages and text as the committed PDF.

    Text and page labels, not bytes: a newer typst within the supported range may write different bytes.
    """
    from pypdf import PdfReader

    builder = runpy.run_path(str(EXAMPLES / "build_artifacts.py"))  # run_path leaves no __pycache__ behind
    sources = builder["sources"]()
    assert len(sources) >= 10
    for source in sources:
        committed = PdfReader(builder["target"](source))
        first = builder["compile_source"](source)
        assert builder["compile_source"](source) == first, f"{source.name} does not compile deterministically"
        rebuilt = PdfReader(BytesIO(first))
        assert list(rebuilt.page_labels) == list(committed.page_labels), source.name
        assert [p.extract_text() for p in rebuilt.pages] == [p.extract_text() for p in committed.pages], (
            f"{source.name} changed: run python examples/build_artifacts.py")
