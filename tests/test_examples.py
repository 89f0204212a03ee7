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
            for path in sorted(folder.rglob("*")) if path.is_file() and not _made_by_mcred(path.relative_to(folder))}


def _made_by_mcred(relative: Path) -> bool:
    """build/ and .mcred/: what README's main command leaves in an example, never the example itself."""
    return bool(relative.parts) and relative.parts[0] in ("build", ".mcred")


@pytest.fixture(params=NAMES)
def example(request: pytest.FixtureRequest, tmp_path: Path):
    """(the example in the checkout, a copy of it in tmp_path); fails if the test changed the checkout."""
    source = EXAMPLES / request.param
    before = snapshot(source)
    copy = Path(shutil.copytree(source, tmp_path / request.param, ignore=shutil.ignore_patterns("build", ".mcred")))
    yield source, copy
    assert snapshot(source) == before, f"examples/{request.param} was modified"


def test_example_is_ready_under_strict_check(example) -> None:
    _source, copy = example
    result = CliRunner().invoke(app, ["check", str(copy), "--strict"])
    assert result.exit_code == 0, result.output


def test_example_has_every_part_a_packet_needs(example) -> None:
    source, _copy = example
    for name in ("mcred.yaml", "overview.md", "reflection.md", "evidence.yaml"):
        assert (source / name).is_file(), name
    pdfs = sorted((source / "artifacts").glob("*.pdf"))
    sources = sorted((source / "sources").glob("*.typ"))
    assert len(pdfs) >= 5
    assert [p.stem for p in pdfs] == [s.stem for s in sources], "every artifact PDF has its Typst source"
    size = sum(path.stat().st_size for path in source.rglob("*")
               if path.is_file() and not _made_by_mcred(path.relative_to(source)))
    assert size < 2_000_000, f"examples/{source.name} is {size} bytes; keep it under 2 MB"


def middle(text: str, width: int = 60) -> str:
    start = max(0, len(text) // 2 - width // 2)
    return text[start:start + width]


def test_example_builds_a_packet_whose_links_land(example) -> None:
    """README's main command on each example: the packet has every artifact page, a bookmark for every part,
    outcome and artifact, and every link in Part 2 lands on the very page it cites."""
    from packet.readback import bookmarks, links, page_texts, squash
    from pypdf import PdfReader

    from mcred.read.manifest import load_portfolio

    _source, copy = example
    result = CliRunner().invoke(app, ["build", str(copy)])
    assert result.exit_code == 0, result.output
    portfolio = load_portfolio(copy).portfolio
    packet = copy / "build" / f"{portfolio.credential.id}-packet.pdf"
    reader = PdfReader(packet)
    texts = [squash(t) for t in page_texts(reader)]

    # Mid-page, past letterhead and running heads, every page of the examples says something of its own.
    artifact_pages = {a.id: [middle(squash(p.extract_text())) for p in PdfReader(a.file).pages]
                      for a in portfolio.artifacts if a.file is not None}
    videos = [a for a in portfolio.artifacts if a.file is None]
    embedded = sum(len(pages) for pages in artifact_pages.values()) + len(videos)
    first_artifact = min(page for _, title, page in bookmarks(reader) if title.startswith("A1 "))
    assert len(reader.pages) == first_artifact + embedded, "front matter, then every artifact page and nothing else"
    assert first_artifact >= 6, "cover, contents and three parts come first"

    titles = [title for _, title, _ in bookmarks(reader)]
    for wanted in ["Part 1", "Part 2", "Part 3"] + [f"Outcome {o.id}" for o in portfolio.credential.outcomes]:
        assert any(wanted in title for title in titles), wanted
    for artifact in portfolio.artifacts:
        assert any(artifact.id in title for title in titles), artifact.id

    # Part 2's links, in reading order: the artifact index (each artifact's first page), then every citation of
    # every target in the credential's order (each run of pages at its first page; a video at its own page).
    from mcred.checks import review_portfolio

    review = review_portfolio(copy)
    marks = bookmarks(reader)
    part2, part3 = (next(page for _, title, page in marks if title.startswith(f"Part {n}")) for n in (2, 3))
    expected = [(a.id, 1) for a in portfolio.artifacts]
    for target in portfolio.credential.targets:
        for index, citation in enumerate(portfolio.citations):
            if citation.target_id == target.id:
                pages = review.located[index].pages
                expected += [(citation.artifact_id, p) for p in pages if p - 1 not in pages] or [(citation.artifact_id, 1)]
    # (links back into Part 2 itself — the index's "cited for" column — are read in tests/packet/test_navigation.py)
    landed = [link.target for link in links(reader, range(part2, part3))
              if link.target is not None and link.target >= first_artifact]
    expected = [e for n, e in enumerate(expected) if n == 0 or e != expected[n - 1]]
    landed = [t for n, t in enumerate(landed) if n == 0 or t != landed[n - 1]]
    assert len(landed) == len(expected)
    urls = {a.id: squash(a.url) for a in videos}
    for (artifact_id, position), target in zip(expected, landed, strict=False):
        own = urls[artifact_id] if artifact_id in urls else artifact_pages[artifact_id][position - 1]
        assert own in texts[target], f"{artifact_id} p. {position}: the link lands on packet page {target + 1}"
    for video in videos:
        assert any(link.uri and video.url in link.uri for link in links(reader)), video.id
    assert len(list((copy / "build" / "parts").glob("*.pdf"))) == 3


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
