"""A prototype of the composed packet (issue 23), measured stage by stage as whole processes.

    python benchmarks/compose_prototype.py [--runs 3] [--scales 1,4] [--keep DIR] [--no-current]

The composed design: Typst typesets only the pages mcred writes (cover, contents, matrix, Parts 1-3, and one band
page per artifact page) in one compile; qpdf (pikepdf) then places each artifact page under its band page as a
Form XObject, and the part files are cut from the joined packet. This script never changes what mcred does: it
imports mcred's modules read-only and typesets a *copy* of templates/packet/packet.typ in which each embedded
artifact page, `image(<the artifact>, page: n, alt: ...)`, is replaced by a 1x1 placeholder image of the same size
and alt text. Typst then writes everything else exactly as in the packet (bands, highlights, the artifact's own
links, back-links, bookmarks, the alt text in the structure tree); the compose stage swaps each band page's
placeholder XObject for the artifact page as a Form XObject, scaled to the placeholder's unit square. So the
joined file needs no remapping of links, outlines or the structure tree: they were written for these very pages.

Stages, each its own process (time and peak memory of the process tree, sampled as build_scale.py samples them),
interleaved run by run with the bare Typst embed of the same artifact pages and (unless --no-current) the current
`mcred build`:
  document  mcred reads and checks the portfolio on a cold cache, prepares the artifacts and writes the document
            (everything `mcred build` does before Typst starts, plus the JSON)
  bands     one Typst compile of the packet with placeholders, the artifacts' first page guessed as the current
            typesetter guesses it (FIRST_GUESS); if the pages before the artifacts come out otherwise, the
            template says so and the compile is run again in the same compiler (as typeset.py does)
  bands*    the same compile given the right first page (what a rebuild would do with last build's count)
  compose   pikepdf: every artifact page under its band, saved as the packet
  cut       pikepdf: Part 2's file cut from the packet (its pages and the artifacts), links to pages that are not
            kept dropped, bookmarks pruned, page labels kept as the packet's numbers, structure tree pruned
  parts     the small part files (Parts 1 and 3, PDF/UA-1), typeset as today (one compiler each)

Then it checks the prototype's packet against the current one: page count, pixels of artifact pages (PDFium),
the destination page of every internal link, bookmarks; and the cut file's links stay inside it.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from build_scale import _BARE_TYPST, BASE, forget_cache, page_counts, run  # noqa: E402

FIRST_GUESS = 10   # mcred.packet.typeset.FIRST_GUESS (importing it would load all of mcred.packet into each stage)

# A 1x1 white PNG: the placeholder Typst draws where the artifact page goes (stretched to the page's size).
_PLACEHOLDER = (
    "bytes((137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0, "
    "144, 119, 83, 222, 0, 0, 0, 12, 73, 68, 65, 84, 120, 156, 99, 248, 255, 255, 63, 0, 5, 254, 2, 254, 13, 239, "
    "70, 184, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130))")
_EMBED = ("pdf-page(shown, p, image(file, page: number, width: p.width * 1pt, height: p.height * 1pt, alt: p.alt))")
_STAND_IN = (f"pdf-page(shown, p, image({_PLACEHOLDER}, format: \"png\", fit: \"stretch\", width: p.width * 1pt, "
             "height: p.height * 1pt, alt: p.alt))")


def template_source() -> bytes:
    """templates/packet/packet.typ, read as mcred.packet.typeset reads it, without importing mcred.packet."""
    from mcred.resources import templates_dir

    return (templates_dir() / "packet" / "packet.typ").read_bytes()


def band_template() -> bytes:
    """The packet template with every PDF artifact page replaced by a placeholder of its size and alt text."""
    source = template_source().decode("utf-8")
    if source.count(_EMBED) != 1:
        raise SystemExit("packet.typ no longer embeds PDF pages as this prototype expects: update _EMBED")
    return source.replace(_EMBED, _STAND_IN).encode("utf-8")


# --- the stages (each runs in its own process: `--stage NAME --work DIR`) ---------------------------------------

def stage_document(folder: Path, work: Path) -> None:
    from mcred.checks import review_portfolio
    from mcred.packet.build import document_dates, typesetting_root
    from mcred.packet.content import packet_document
    from mcred.prepare.stage import embeddings

    review = review_portfolio(folder)
    timestamp, date = document_dates(review.portfolio)
    root = typesetting_root(review.portfolio)
    document = packet_document(review, root=root, date=date, embedded=embeddings(review), draft=False)
    parts = [p["id"] for p in document["parts"]]
    (work / "document.json").write_text(json.dumps(document, ensure_ascii=False, separators=(",", ":")),
                                        encoding="utf-8")
    (work / "job.json").write_text(json.dumps({"root": str(root), "timestamp": timestamp, "parts": parts}))


def _compile(source: bytes, root: str, inputs: dict[str, str], timestamp: int, standards: list[str]) -> bytes:
    import typst

    compiler = typst.Compiler(root=root, ignore_system_fonts=True)
    for _ in range(3):
        try:
            result = compiler.compile(input=source, format="pdf", sys_inputs=inputs, timestamp=timestamp,
                                      pdf_standards=standards)
            assert isinstance(result, bytes)
            return result
        except typst.TypstError as exc:
            moved = re.search(r"mcred: the artifacts start on page (\d+)", exc.message)
            if not moved:
                raise
            inputs = {**inputs, "first": moved.group(1)}
    raise SystemExit("the first artifact page did not settle")


def stage_bands(work: Path, known: bool) -> None:
    job = json.loads((work / "job.json").read_text())
    first = (work / "first.txt").read_text() if known else str(FIRST_GUESS)
    inputs = {"data": (work / "document.json").read_text(encoding="utf-8"), "part": "all", "draft": "false",
              "first": first}
    pdf = _compile(band_template(), job["root"], inputs, job["timestamp"], [])
    (work / ("bands-known.pdf" if known else "bands.pdf")).write_bytes(pdf)
    if not known:
        (work / "first.txt").write_text(str(_first_band_page(work, pdf)))


def _first_band_page(work: Path, pdf: bytes) -> int:
    """The artifacts' first page: the pages before them are the file's pages less one per artifact page."""
    import pikepdf

    document = json.loads((work / "document.json").read_text(encoding="utf-8"))
    artifact_pages = sum(len(a["page_views"]) if a["kind"] in ("pdf", "image") else 1 for a in document["artifacts"])
    with pikepdf.open(io.BytesIO(pdf)) as bands:
        return len(bands.pages) - artifact_pages + 1


def stage_compose(work: Path) -> None:
    import pikepdf

    job = json.loads((work / "job.json").read_text())
    document = json.loads((work / "document.json").read_text(encoding="utf-8"))
    first = int((work / "first.txt").read_text())
    root = Path(job["root"])
    with pikepdf.open(work / "bands.pdf") as packet:
        pages = list(packet.pages)   # indexing packet.pages walks the page tree each time
        for artifact in document["artifacts"]:
            if artifact["kind"] != "pdf":
                continue
            with pikepdf.open(root / artifact["path"].lstrip("/")) as source:
                for view in artifact["page_views"]:
                    if view["width"] <= 0:
                        continue
                    band_page = pages[first - 1 + view["offset"]]
                    _place(packet, band_page, source.pages[view["position"] - 1])
        packet.save(work / "packet.pdf")


def _place(packet, band_page, artifact_page) -> None:  # type: ignore[no-untyped-def]
    """The artifact page under its band: the placeholder image's XObject becomes the page as a Form XObject."""
    import pikepdf

    names = [name for name, xobject in band_page.Resources.XObject.items()
             if xobject.get("/Subtype") == "/Image" and xobject.get("/Width") == 1 and xobject.get("/Height") == 1]
    if len(names) != 1:
        raise SystemExit(f"band page {band_page.index + 1}: expected one placeholder, found {names}")
    form = artifact_page.as_form_xobject(handle_transformations=True)
    placed = pikepdf.Matrix(form.Matrix) if "/Matrix" in form else pikepdf.Matrix()
    left, bottom, right, top = (float(v) for v in form.BBox)
    corners = [placed.transform((x, y)) for x in (left, right) for y in (bottom, top)]
    x0, y0 = min(c[0] for c in corners), min(c[1] for c in corners)
    x1, y1 = max(c[0] for c in corners), max(c[1] for c in corners)
    # The placeholder is drawn in the unit square: the page as displayed (after its own rotation) maps onto it.
    unit = placed @ pikepdf.Matrix(1, 0, 0, 1, -x0, -y0) @ pikepdf.Matrix(1 / (x1 - x0), 0, 0, 1 / (y1 - y0), 0, 0)
    # As Decimals: pikepdf writes a float with 6 decimals, which at 1/792 moves the page's top by a quarter point.
    form.Matrix = pikepdf.Array([Decimal(repr(value)) for value in unit.shorthand])
    foreign = packet.copy_foreign(form)
    xobjects = pikepdf.Dictionary({str(k): v for k, v in band_page.Resources.XObject.items()})
    xobjects[names[0]] = foreign
    band_page.Resources.XObject = xobjects   # the page's own dictionary: placeholders may share one


def stage_cut(work: Path) -> None:
    """Part 2's file cut from the packet: Part 2's pages, the artifacts' divider and pages, nothing else."""
    import pikepdf

    with pikepdf.open(work / "packet.pdf") as packet:
        starts = _bookmarked_starts(packet)
        part2 = next(i for title, i in starts if title.startswith("Part 2"))
        after = next((i for title, i in starts if i > part2 and title.startswith(("Part 3", "Artifacts"))), None)
        divider = next(i for title, i in starts if title == "Artifacts")
        keep = set(range(part2, after if after is not None else divider)) | set(range(divider, len(packet.pages)))
        kept_objects = {page.obj.objgen for i, page in enumerate(packet.pages) if i in keep}
        # Page labels: the packet's numbers, so the viewer's page number is the one the bands and Part 2 print.
        labels = pikepdf.Array()
        runs = sorted(keep)
        for i, page_index in enumerate(runs):
            if i == 0 or page_index != runs[i - 1] + 1:
                labels.extend([i, pikepdf.Dictionary(S=pikepdf.Name.D, St=page_index + 1)])
        for i in reversed(range(len(packet.pages))):
            if i not in keep:
                del packet.pages[i]
        dropped = 0
        for page in packet.pages:
            annotations = page.obj.get("/Annots")
            if annotations is None:
                continue
            kept = pikepdf.Array([a for a in annotations if _lands_inside(a, kept_objects)])
            dropped += len(annotations) - len(kept)
            page.obj.Annots = kept
        packet.Root.PageLabels = pikepdf.Dictionary(Nums=labels)
        with packet.open_outline() as outline:
            outline.root[:] = _pruned(outline.root, kept_objects)
        _prune_structure(packet, kept_objects)
        packet.save(work / "part2.pdf")
    (work / "cut.json").write_text(json.dumps({"pages": len(keep), "links_dropped": dropped}))


def _bookmarked_starts(packet) -> list[tuple[str, int]]:  # type: ignore[no-untyped-def]
    import pikepdf

    index = {page.obj.objgen: i for i, page in enumerate(packet.pages)}
    found = []
    with packet.open_outline() as outline:
        for item in outline.root:
            destination = item.destination
            if destination is None and item.action is not None:
                destination = item.action.get("/D")
            if isinstance(destination, pikepdf.Array):
                found.append((str(item.title), index[destination[0].objgen]))
    return found


def _target(annotation):  # type: ignore[no-untyped-def]
    destination = annotation.get("/Dest")
    if destination is None and "/A" in annotation and annotation.A.get("/S") == "/GoTo":
        destination = annotation.A.get("/D")
    return destination


def _lands_inside(annotation, kept) -> bool:  # type: ignore[no-untyped-def]
    import pikepdf

    destination = _target(annotation)
    if isinstance(destination, pikepdf.Array) and len(destination) and isinstance(destination[0], pikepdf.Dictionary):
        return destination[0].objgen in kept
    return True


def _pruned(items, kept) -> list:  # type: ignore[no-untyped-def]
    import pikepdf

    out = []
    for item in items:
        item.children[:] = _pruned(item.children, kept)
        destination = item.destination
        if isinstance(destination, pikepdf.Array) and destination[0].objgen not in kept and not item.children:
            continue
        out.append(item)
    return out


def _prune_structure(packet, kept) -> None:  # type: ignore[no-untyped-def]
    """Structure elements whose page is gone are dropped (with their kids); the parent tree is left as it is: a
    reader follows it from a page's /StructParents, and only kept pages remain."""
    import pikepdf

    root = packet.Root.get("/StructTreeRoot")
    if root is None:
        return

    def keep(element) -> bool:  # type: ignore[no-untyped-def]
        if not isinstance(element, pikepdf.Dictionary):
            return True
        page = element.get("/Pg")
        if page is not None and page.objgen not in kept:
            return False
        kids = element.get("/K")
        if isinstance(kids, pikepdf.Array):
            element.K = pikepdf.Array([k for k in kids if keep(k)])
        elif isinstance(kids, pikepdf.Dictionary) and not keep(kids):
            del element["/K"]
        return True

    keep(root)


def stage_front(work: Path) -> None:
    """The profile's split of `bands*`: the pages before the artifacts alone (the template's counting mode), exported."""
    job = json.loads((work / "job.json").read_text())
    inputs = {"data": (work / "document.json").read_text(encoding="utf-8"), "part": "all", "draft": "false",
              "first": (work / "first.txt").read_text(), "front": "true"}
    _compile(band_template(), job["root"], inputs, job["timestamp"], [])


def stage_placeholders(work: Path) -> None:
    """The floor of `bands*`: one page per artifact page holding only its placeholder (no band, marks or links)."""
    job = json.loads((work / "job.json").read_text())
    document = json.loads((work / "document.json").read_text(encoding="utf-8"))
    pages = [(v["width"], v["height"]) for a in document["artifacts"] if a["kind"] == "pdf" for v in a["page_views"]]
    source = f"#let ph = {_PLACEHOLDER}\n" + "".join(
        f'#page(width: {w}pt, height: {h}pt, margin: 0pt, image(ph, format: "png", fit: "stretch", width: 100%, '
        f'height: 100%, alt: "page {n}"))\n' for n, (w, h) in enumerate(pages, 1))
    _compile(source.encode(), job["root"], {}, job["timestamp"], [])


def stage_startup() -> None:
    """What each stage after the first pays before its work (Python, this script, typst and pikepdf): what one
    process running every stage would pay once."""
    import pikepdf  # noqa: F401
    import typst  # noqa: F401


def stage_parts(work: Path) -> None:
    """The files without artifact pages (Parts 1 and 3, PDF/UA-1), as today: one compile each."""
    job = json.loads((work / "job.json").read_text())
    data = (work / "document.json").read_text(encoding="utf-8")
    document = json.loads(data)
    for part in document["parts"]:
        if part["kind"] == "evidence":
            continue
        inputs = {"data": data, "part": part["id"], "draft": "false"}
        (work / f"part-{part['id']}.pdf").write_bytes(
            _compile(template_source(), job["root"], inputs, job["timestamp"], ["ua-1"]))


# --- checking the prototype against the current packet ---------------------------------------------------------

def verify(folder: Path, work: Path) -> dict:
    import pikepdf
    import pypdfium2

    current_path = next((folder / "build").glob("*-packet.pdf"))
    first = int((work / "first.txt").read_text())
    document = json.loads((work / "document.json").read_text(encoding="utf-8"))
    report: dict = {}
    with pikepdf.open(current_path) as current, pikepdf.open(work / "packet.pdf") as composed:
        report["pages"] = (len(current.pages), len(composed.pages))
        report["links_same"], report["links"] = _same_links(current, composed)
        report["bookmarks_same"] = _bookmarks(current) == _bookmarks(composed)
    # Pixels: a spread of artifact pages, the cited ones (highlighted) among them.
    views = [(a, v) for a in document["artifacts"] if a["kind"] == "pdf" for v in a["page_views"]]
    sample = views[:: max(1, len(views) // 12)] + [av for av in views if av[1]["marks"]][:4]
    old, new = pypdfium2.PdfDocument(current_path), pypdfium2.PdfDocument(work / "packet.pdf")
    worst = 0.0
    for _artifact, view in sample:
        index = first - 1 + view["offset"]
        a = old[index].render(scale=1).to_pil().convert("L")
        b = new[index].render(scale=1).to_pil().convert("L")
        worst = max(worst, _differing(a, b))
    old.close()
    new.close()
    report["pixels_worst_differing_share"] = worst
    report["pages_compared"] = len(sample)
    with pikepdf.open(work / "part2.pdf") as part2:
        inside = {p.obj.objgen for p in part2.pages}
        outside = sum(1 for page in part2.pages for a in page.obj.get("/Annots", [])
                      if not _lands_inside(a, inside))
        report["part2"] = {"pages": len(part2.pages), "links_outside": outside,
                           **json.loads((work / "cut.json").read_text())}
    current_part2 = sorted((folder / "build" / "parts").glob("2-*.pdf"))
    if current_part2:
        with pikepdf.open(current_part2[0]) as today:
            report["part2"]["pages_today"] = len(today.pages)
    return report


def _differing(a, b) -> float:  # type: ignore[no-untyped-def]
    if a.size != b.size:
        return 1.0
    from PIL import ImageChops

    difference = ImageChops.difference(a, b).point(lambda v: 255 if v > 16 else 0)
    return sum(difference.histogram()[255:]) / (a.size[0] * a.size[1])


def _same_links(current, composed) -> tuple[bool, int]:  # type: ignore[no-untyped-def]
    import pikepdf

    def destinations(pdf) -> list:  # type: ignore[no-untyped-def]
        index = {p.obj.objgen: i for i, p in enumerate(pdf.pages)}
        found = []
        for number, page in enumerate(pdf.pages):
            for annotation in page.obj.get("/Annots", []):
                target = _target(annotation)
                uri = str(annotation.A.get("/URI", "")) if "/A" in annotation else ""
                page_index = (index.get(target[0].objgen) if isinstance(target, pikepdf.Array) and len(target)
                              else repr(target))
                found.append((number, page_index, uri))
        return found

    a, b = destinations(current), destinations(composed)
    return a == b, len(a)


def _bookmarks(pdf) -> list:  # type: ignore[no-untyped-def]
    index = {p.obj.objgen: i for i, p in enumerate(pdf.pages)}
    with pdf.open_outline() as outline:
        def walk(items) -> list:  # type: ignore[no-untyped-def]
            return [(str(i.title), index.get(i.destination[0].objgen) if i.destination is not None else None,
                     walk(i.children)) for i in items]
        return walk(outline.root)


# --- the driver ---------------------------------------------------------------------------------------------

STAGES = ["document", "bands", "bands*", "compose", "cut", "parts", "front", "placeholders", "startup"]


def stage_command(stage: str, folder: Path, work: Path) -> list[str]:
    return [sys.executable, __file__, "--stage", stage, "--folder", str(folder), "--work", str(work)]


def measure(folder: Path, work: Path, runs: int, current: bool, stages: list[str]) -> dict[str, list[dict]]:
    """Every stage `runs` times, interleaved with the bare embed and the current build, in rotating order."""
    results: dict[str, list[dict]] = {}
    bare = [sys.executable, "-c", _BARE_TYPST, str(folder), json.dumps(page_counts(folder))]

    def timed(name: str, command: list[str], before=None) -> None:  # type: ignore[no-untyped-def]
        if before:
            before()
        result = run(command)
        if result["code"] != 0:
            raise SystemExit(f"{name} failed:\n{result['output'][-3000:]}")
        results.setdefault(name, []).append(result)

    for number in range(runs):
        order = ["bare", "prototype", "current"] if number % 2 == 0 else ["current", "prototype", "bare"]
        for what in order:
            if what == "bare":
                timed("bare Typst embed", bare)
            elif what == "current" and current:
                timed("current mcred build (cold)", [sys.executable, "-m", "mcred", "build", str(folder)],
                      before=lambda: forget_cache(folder))
            elif what == "prototype":
                for stage in stages:
                    before = (lambda: forget_cache_keep_build(folder)) if stage == "document" else None
                    timed(stage, stage_command(stage, folder, work), before)
    return results


def forget_cache_keep_build(folder: Path) -> None:
    shutil.rmtree(folder / ".mcred", ignore_errors=True)


def summarise(label: str, results: dict[str, list[dict]]) -> dict:
    rows = {name: {"seconds": statistics.median(r["seconds"] for r in runs),
                   "peak_mb": max(r["peak_mb"] for r in runs),
                   "spread": (min(r["seconds"] for r in runs), max(r["seconds"] for r in runs))}
            for name, runs in results.items()}
    bare = rows["bare Typst embed"]["seconds"]
    print(f"\n{label}: median of {len(results['bare Typst embed'])} (s, peak MB of the process tree; "
          "min-max in brackets)")
    for name, row in rows.items():
        low, high = row["spread"]
        print(f"  {name:<30} {row['seconds']:6.2f} s [{low:5.2f}-{high:5.2f}] {row['peak_mb']:6.0f} MB "
              f"{row['seconds'] / bare:6.2f}x bare")
    composed = ["document", "bands", "compose", "cut", "parts"]
    if not all(stage in rows for stage in composed):
        return {"rows": rows}
    total = sum(rows[s]["seconds"] for s in composed)
    typst_only = sum(rows[s]["seconds"] for s in composed[1:])
    peak = max(rows[s]["peak_mb"] for s in composed)
    print(f"  composed, stages in sequence (document+bands+compose+cut+parts): {total:.2f} s = {total / bare:.2f}x bare,"
          f" peak {peak:.0f} MB (the largest stage; one process would hold more)")
    print(f"  composed without mcred's reading (bands+compose+cut+parts): {typst_only:.2f} s = "
          f"{typst_only / bare:.2f}x bare")
    if "startup" in rows:
        one = total - 4 * rows["startup"]["seconds"]
        print(f"  composed in one process (the sum less 4 start-ups): {one:.2f} s = {one / bare:.2f}x bare")
    return {"rows": rows, "composed_seconds": total, "composed_peak_mb": peak, "without_reading": typst_only}


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    options.add_argument("--runs", type=int, default=3)
    options.add_argument("--scales", default="1,4", help="portfolio sizes, as multiples of 40 PDFs / 2,000 pages")
    options.add_argument("--keep", type=Path, help="portfolios and stage outputs here (reused when present)")
    options.add_argument("--portfolio", type=Path, help="measure a copy of this portfolio instead of the scales")
    options.add_argument("--no-current", action="store_true", help="do not time the current `mcred build`")
    options.add_argument("--stages", default=",".join(STAGES), help="the stages to time, in order")
    options.add_argument("--no-verify", action="store_true", help="skip the comparison with the current packet")
    options.add_argument("--stage", choices=STAGES, help=argparse.SUPPRESS)
    options.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    options.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = options.parse_args()
    if args.stage:
        {"document": lambda: stage_document(args.folder, args.work),
         "bands": lambda: stage_bands(args.work, known=False),
         "bands*": lambda: stage_bands(args.work, known=True),
         "compose": lambda: stage_compose(args.work),
         "cut": lambda: stage_cut(args.work),
         "parts": lambda: stage_parts(args.work),
         "front": lambda: stage_front(args.work),
         "placeholders": lambda: stage_placeholders(args.work),
         "startup": stage_startup}[args.stage]()
        return 0
    from scale_portfolio import make_scale_portfolio

    with tempfile.TemporaryDirectory(prefix="mcred-compose-") as scratch:
        base = args.keep or Path(scratch)
        summary = {}
        sizes: list[tuple[str, Path]] = []
        if args.portfolio:
            folder = base / args.portfolio.name
            if not folder.exists():
                shutil.copytree(args.portfolio, folder, ignore=shutil.ignore_patterns(".mcred", "build"))
            sizes.append((args.portfolio.name, folder))
        for scale in ([] if args.portfolio else [float(s) for s in args.scales.split(",")]):
            size = {key: max(1, int(value * scale)) for key, value in BASE.items()}
            folder = base / f"scale-{scale:g}x"
            if not (folder / "evidence.yaml").exists():
                make_scale_portfolio(folder, **size)
            sizes.append((f"{scale:g}x: {size['pages']:,} pages, {size['artifacts']} PDFs, {size['citations']} citations",
                          folder))
        for label, folder in sizes:
            work = base / f"work-{folder.name}"
            work.mkdir(parents=True, exist_ok=True)
            started = time.perf_counter()
            results = measure(folder, work, args.runs, current=not args.no_current, stages=args.stages.split(","))
            summary[label] = summarise(label, results)
            if args.no_verify:
                continue
            if not (folder / "build").exists():
                subprocess.run([sys.executable, "-m", "mcred", "build", str(folder)], check=True, capture_output=True)
            checked = verify(folder, work)
            print(f"  verified against the current packet: {json.dumps(checked)}")
            print(f"  ({time.perf_counter() - started:.0f} s for this size)")
            summary[label]["verify"] = checked
        if args.keep:
            (args.keep / "compose-summary.json").write_text(json.dumps(summary, indent=1, default=str))
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
