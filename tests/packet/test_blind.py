"""Blind review (`blind: true`): the packet, its parts and the submission sheet name no one, and check finds the
practitioner wherever an artifact hides them — a page, a sticky note, a form field, the document properties, the
bookmarks, an attachment — and with `privacy: redact: true` the packet has them neither as text nor as pixels."""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from mcred.cli import app

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NAME = "Jordan Rivera"                       # the practitioner of the test portfolio (tests/conftest.py)
SCHOOL, DISTRICT = "Lincoln Middle School", "Riverside Unified"


def _flat(text: str) -> str:
    text = text.casefold().replace("\ufffe", "").replace("-\n", "")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(text.split())


def _pdfium_texts(path: Path) -> list[str]:
    import pypdfium2

    document = pypdfium2.PdfDocument(path)
    try:
        return [document[i].get_textpage().get_text_range() for i in range(len(document))]
    finally:
        document.close()


def _everything_said(path: Path) -> str:
    """Every word a reader of the PDF can get at: both extractors' page text, /Info, XMP, bookmarks, annotations'
    text and link targets, attachments' names."""
    import pikepdf
    from pypdf import PdfReader

    said = _pdfium_texts(path) + [page.extract_text() or "" for page in PdfReader(path).pages]
    with pikepdf.open(path) as pdf:
        said += [str(value) for value in pdf.docinfo.values()]
        if "/Metadata" in pdf.Root:
            said.append(pdf.Root.Metadata.read_bytes().decode("utf-8", "replace"))
        with pdf.open_outline() as outline:
            stack = list(outline.root)
            while stack:
                item = stack.pop()
                said.append(item.title or "")
                stack += item.children
        for page in pdf.pages:
            for annotation in page.obj.get("/Annots", []):
                said += [str(annotation.get(key, "")) for key in ("/Contents", "/T", "/Alt")]
                action = annotation.get("/A")
                if action is not None:
                    said.append(str(action.get("/URI", "")))
        said += list(pdf.attachments.keys())
    return _flat(" ".join(said))


# --- both examples, built blind ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def examples_built(tmp_path_factory) -> dict[str, Path]:
    built = {}
    for name in ("ensuring-accountability", "leading-vision-and-mission"):
        copy = Path(shutil.copytree(EXAMPLES / name, tmp_path_factory.mktemp("blind") / name,
                                    ignore=shutil.ignore_patterns("build", ".mcred")))
        assert yaml.safe_load((copy / "mcred.yaml").read_text(encoding="utf-8"))["blind"] is True
        result = CliRunner().invoke(app, ["build", str(copy)], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        built[name] = copy
    return built


def _identity(root: Path) -> list[str]:
    person = yaml.safe_load((root / "mcred.yaml").read_text(encoding="utf-8"))["practitioner"]
    school, district = person["school"], person["district"]
    stem = re.sub(r"\s+(Middle|Elementary)\s+School$", "", school)
    return [_flat(w) for w in (person["name"], person["name"].split()[-1], school, district, stem,
                               district.split()[0] + " " + district.split()[1])]


def test_a_blind_build_names_no_one_anywhere(examples_built):
    for root in examples_built.values():
        wanted = _identity(root)
        handed = [path for path in sorted((root / "build").rglob("*")) if path.is_file()]
        # the packet, its parts, the sheet — and build's record of its inputs (mcred-build.json), read here too
        assert {path.suffix for path in handed} == {".pdf", ".html", ".json"}
        for path in handed:
            said = _everything_said(path) if path.suffix == ".pdf" else _flat(path.read_text("utf-8"))
            assert not [w for w in wanted if w in said], path.name
            assert not [w for w in wanted if w.replace(" ", "-") in _flat(str(path.relative_to(root)))]


def test_the_cover_says_blind_review_and_shows_no_role(examples_built):
    for root in examples_built.values():
        cover = " ".join(_pdfium_texts(root / "build" / f"{root.name}-packet.pdf")[0].split())
        assert "Submitted for blind review" in cover
        assert "Principal" not in cover.replace("role, school", "")
        sheet = (root / "build" / "submission.html").read_text("utf-8")
        assert "Submitted for blind review" in sheet


# --- what a portfolio without `blind:` gets --------------------------------------------------------------

def test_without_blind_the_packet_is_the_same_bytes_as_blind_false_and_names_the_practitioner(tmp_path):
    from conftest import write_portfolio

    packets = []
    for folder, manifest in (("absent", {}), ("false", {"blind": False})):
        root = write_portfolio(tmp_path, folder, manifest=manifest)
        if not manifest:   # the test portfolio says `blind: false`; a portfolio from before has no such key
            written = yaml.safe_load((root / "mcred.yaml").read_text(encoding="utf-8"))
            del written["blind"]
            (root / "mcred.yaml").write_text(yaml.safe_dump(written, sort_keys=False), encoding="utf-8")
        result = CliRunner().invoke(app, ["build", str(root)], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        packets.append((root / "build" / "ensuring-accountability-packet.pdf").read_bytes())
        checked = CliRunner().invoke(app, ["check", str(root), "--json"])
        codes = [f["code"] for f in json.loads(checked.stdout)["findings"]]
        assert codes.count("MC509") == (1 if folder == "absent" else 0)
    assert packets[0] == packets[1]
    cover = _pdfium_texts(tmp_path / "absent" / "build" / "ensuring-accountability-packet.pdf")[0]
    assert NAME in cover and SCHOOL in cover


# --- the practitioner planted in an artifact ---------------------------------------------------------------

def _planted_pdf(path: Path, name: str) -> None:
    """A three-page PDF: the name on page 1, in a sticky note on page 2 and a filled form field on page 3, in
    /Info Author, a bookmark, an attachment and the XMP."""
    import pikepdf
    import typst

    source = path.with_suffix(".typ")
    source.write_text('#set page(paper: "us-letter")\n#set text(font: "Libertinus Serif", size: 12pt)\n'
                      f'Meeting notes prepared by {name} for the staff.\n#pagebreak()\nPage two of the notes.\n'
                      '#pagebreak()\nPage three: the sign-off form.\n', encoding="utf-8")
    path.write_bytes(typst.compile(str(source), ignore_system_fonts=True))
    source.unlink()
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        note = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Text, Rect=[400, 700, 420, 720],
            Contents=pikepdf.String(f"Ask {name} before sharing"), T=pikepdf.String("Reviewer")))
        pdf.pages[1].obj.Annots = pdf.make_indirect(pikepdf.Array([note]))
        font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                    BaseFont=pikepdf.Name.Helvetica))
        drawn = pikepdf.Stream(pdf, f"/Tx BMC BT /Helv 14 Tf 4 8 Td ({name}) Tj ET EMC".encode("latin-1"))
        drawn.Type, drawn.Subtype = pikepdf.Name.XObject, pikepdf.Name.Form
        drawn.BBox = [0, 0, 250, 30]
        drawn.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(Helv=font))
        field = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Widget, FT=pikepdf.Name.Tx, T=pikepdf.String("signed"),
            V=pikepdf.String(name), Rect=[100, 500, 350, 530], F=4, AP=pikepdf.Dictionary(N=drawn),
            DA=pikepdf.String("/Helv 14 Tf 0 g"), P=pdf.pages[2].obj))
        pdf.pages[2].obj.Annots = pdf.make_indirect(pikepdf.Array([field]))
        pdf.Root.AcroForm = pdf.make_indirect(pikepdf.Dictionary(
            Fields=pikepdf.Array([field]), DR=pikepdf.Dictionary(Font=pikepdf.Dictionary(Helv=font)),
            DA=pikepdf.String("/Helv 14 Tf 0 g")))
        with pdf.open_outline() as outline:
            outline.root.append(pikepdf.OutlineItem(f"Notes from {name}", 0))
        pdf.attachments["notes.txt"] = pikepdf.AttachedFileSpec(
            pdf, f"Attached: written by {name}. Planted attachment words.".encode(), filename="notes.txt")
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta["dc:description"] = f"A summary by {name}"
        pdf.docinfo["/Author"] = name
        pdf.docinfo["/Title"] = "Planted properties title"
        pdf.save(path)


@pytest.fixture(scope="module")
def planted(tmp_path_factory) -> dict[str, Path]:
    """A blind portfolio citing an artifact that names the practitioner in every hidden place: checked and built
    reporting only, and built redacting."""
    from conftest import write_portfolio

    made = {}
    for redact in (False, True):
        base = tmp_path_factory.mktemp("planted")
        manifest: dict = {"blind": True, "identity": ["Lincoln Lions"]}
        if redact:
            manifest["privacy"] = {"redact": True}
        root = write_portfolio(base, "portfolio", manifest=manifest)
        _planted_pdf(root / "artifacts" / "notes.pdf", NAME)
        evidence = yaml.safe_load((root / "evidence.yaml").read_text(encoding="utf-8"))
        evidence["artifacts"].append({"id": "A3", "title": "Meeting notes", "file": "artifacts/notes.pdf"})
        evidence["evidence"]["1"].append({"artifact": "A3", "pages": "1-3", "explanation": "word " * 45})
        (root / "evidence.yaml").write_text(yaml.safe_dump(evidence, sort_keys=False), encoding="utf-8")
        result = CliRunner().invoke(app, ["build", str(root)], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        made["redact" if redact else "plain"] = root
    return made


def test_check_finds_the_name_in_every_place_it_was_planted(planted):
    root = planted["plain"]
    result = CliRunner().invoke(app, ["check", str(root), "--json"])
    found = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "MC508"]
    messages = [f["message"] for f in found]
    for place in ("A3 p. 1:", "A3 p. 2 (a comment, Text):", "A3 p. 3 (form field s••••d):",
                  "A3 (document properties: Author):", "A3 (a bookmark):", "A3 (attachment n•••s.t••):",
                  "A3 (XMP metadata):"):
        assert [m for m in messages if m.startswith(place)], (place, messages)
    assert all("J••••n R••••a" in m and NAME not in m for m in messages)
    assert all(f["file"].endswith("evidence.yaml") and f["line"] for f in found)
    assert json.loads(result.stdout)["summary"]["exit_code"] == 0
    strict = CliRunner().invoke(app, ["check", str(root), "--strict", "--json"])
    assert strict.exit_code == 1 and json.loads(strict.stdout)["summary"]["ready"] is False


def test_check_finds_school_district_and_identity_words_in_the_drafts(tmp_path):
    from conftest import write_portfolio
    from support import ready_overview

    from mcred.read import catalog, load_credential

    questions = [p.text for p in load_credential(catalog.resolve("ensuring-accountability")).part("overview").prompts]
    overview = ready_overview(questions).replace(
        "## 2.", "At Lincoln, Dr. Jordan Rivera, Ed.D., led Riverside Unified's Lincoln Lions.\n\n## 2.", 1)
    root = write_portfolio(tmp_path, overview=overview, manifest={"blind": True, "identity": ["Lincoln Lions"]})
    result = CliRunner().invoke(app, ["check", str(root), "--json"])
    found = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "MC508"]
    assert len(found) == 1 and found[0]["file"].endswith("overview.md")
    # the school without "Middle School", the name without its title and degree, the district, the mascot
    assert "4 mentions" in found[0]["message"] and "J••••n R••••a" in found[0]["message"], found[0]["message"]


def test_the_artifacts_hidden_places_never_reach_the_packet(planted):
    import pikepdf

    for root in planted.values():
        packet = root / "build" / "ensuring-accountability-packet.pdf"
        said = _everything_said(packet)
        assert "planted properties title" not in said and "planted attachment words" not in said
        assert "notes.txt" not in said
        with pikepdf.open(packet) as pdf:
            assert len(pdf.attachments) == 0
            assert not any(str(a.get("/Subtype")) == "/FileAttachment" for p in pdf.pages for a in p.obj.get("/Annots", []))


def _page_with(path: Path, marker: str) -> int:
    return next(index for index, text in enumerate(_pdfium_texts(path)) if marker in text)


def test_with_redact_the_name_is_gone_from_the_packet_as_text_and_as_pixels(planted):
    import pypdfium2

    plain = planted["plain"] / "build" / "ensuring-accountability-packet.pdf"
    redacted = planted["redact"] / "build" / "ensuring-accountability-packet.pdf"
    assert _flat(NAME) in _flat(" ".join(_pdfium_texts(plain)))     # the reporting build still shows it
    assert _flat(NAME) not in _everything_said(redacted)
    plain_doc, redacted_doc = pypdfium2.PdfDocument(plain), pypdfium2.PdfDocument(redacted)
    try:
        # Page 1 of A3: the name in the page's text; page 3: the form field's value, drawn by its appearance.
        # A3 p. 1: the name in the page's text; p. 3: the form field's value, drawn into the page by its appearance
        for marker in ("Meeting notes prepared by", "Page three: the sign-off form"):
            index = _page_with(plain, marker)
            text = plain_doc[index].get_textpage()
            found = text.search(NAME, match_case=False).get_next()
            assert found is not None, marker
            start, count = found
            left, bottom, right, top = text.get_charbox(start + count // 2)
            scale = 2
            image = redacted_doc[index].render(scale=scale).to_pil().convert("L")
            height = redacted_doc[index].get_height()
            x, y = (left + right) / 2 * scale, (height - (bottom + top) / 2) * scale
            assert image.getpixel((int(x), int(y))) < 60, marker
            assert "jordan" not in redacted_doc[index].get_textpage().get_text_range().casefold()
    finally:
        plain_doc.close()
        redacted_doc.close()



def test_the_student_privacy_scan_reads_the_same_hidden_places(tmp_path):
    """The holes closed for both scans: a roster name in a comment, a form field, the properties, a bookmark, an
    attachment and the XMP is a student-name finding with its place."""
    from conftest import write_portfolio

    root = write_portfolio(tmp_path, manifest={"privacy": {"roster": "students.txt"}})
    (root / "students.txt").write_text("Maria Chen\n", encoding="utf-8")
    _planted_pdf(root / "artifacts" / "notes.pdf", "Maria Chen")
    evidence = yaml.safe_load((root / "evidence.yaml").read_text(encoding="utf-8"))
    evidence["artifacts"].append({"id": "A3", "title": "Meeting notes", "file": "artifacts/notes.pdf"})
    (root / "evidence.yaml").write_text(yaml.safe_dump(evidence, sort_keys=False), encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(root), "--json"])
    messages = [f["message"] for f in json.loads(result.stdout)["findings"] if f["code"] == "MC501"]
    for place in ("A3 p. 1:", "A3 p. 2 (a comment, Text):", "A3 p. 3 (form field s••••d):",
                  "A3 (document properties: Author):", "A3 (a bookmark):", "A3 (attachment n•••s.t••):",
                  "A3 (XMP metadata):"):
        assert [m for m in messages if m.startswith(place) and "M•••a C••n" in m], (place, messages)
    assert not [f for f in json.loads(result.stdout)["findings"] if f["code"] == "MC508"]   # not blind


def test_init_writes_blind_true_for_an_eln_credential(tmp_path):
    result = CliRunner().invoke(app, ["init", str(tmp_path / "new"), "--credential", "ensuring-accountability",
                                      "--name", NAME, "--school", SCHOOL])
    assert result.exit_code == 0, result.output
    manifest = (tmp_path / "new" / "mcred.yaml").read_text(encoding="utf-8")
    assert yaml.safe_load(manifest)["blind"] is True
    assert "double-blind review" in manifest
    from mcred.read.manifest import load_portfolio

    assert load_portfolio(tmp_path / "new").portfolio.blind is True


def test_hidden_text_is_bounded_on_a_hostile_file(tmp_path):
    """A bookmark list that loops, a field tree that loops and an attachment of 200 MB of compressed zeros: read
    in bounded time and memory, nothing invented."""
    import time
    import zlib

    import pikepdf

    from mcred.read.hidden_text import MAX_ATTACHMENT_BYTES, hidden_text

    path = tmp_path / "hostile.pdf"
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        first = pdf.make_indirect(pikepdf.Dictionary(Title=pikepdf.String("loop")))
        first.Next = first
        first.First = first
        pdf.Root.Outlines = pdf.make_indirect(pikepdf.Dictionary(First=first, Last=first))
        field = pdf.make_indirect(pikepdf.Dictionary(T=pikepdf.String("f"), V=pikepdf.String("value")))
        field.Kids = pikepdf.Array([field])
        pdf.Root.AcroForm = pdf.make_indirect(pikepdf.Dictionary(Fields=pikepdf.Array([field])))
        bomb = pikepdf.Stream(pdf, zlib.compress(b"\0" * 200_000_000, 9))
        bomb.Filter = pikepdf.Name.FlateDecode
        spec = pikepdf.Dictionary(Type=pikepdf.Name.Filespec, F=pikepdf.String("bomb.txt"),
                                  UF=pikepdf.String("bomb.txt"), EF=pikepdf.Dictionary(F=bomb))
        pdf.Root.Names = pikepdf.Dictionary(EmbeddedFiles=pikepdf.Dictionary(
            Names=pikepdf.Array([pikepdf.String("bomb.txt"), spec])))
        pdf.save(path)
    started = time.perf_counter()
    found = hidden_text(path)
    assert time.perf_counter() - started < 10
    assert [item.text for item in found if item.place.value == "bookmark"] == ["loop"]
    assert [item.text for item in found if item.place.value == "form field"] == ["value"]
    attached = [item for item in found if item.place.value == "attachment"]
    assert attached and all(len(item.text) <= MAX_ATTACHMENT_BYTES for item in attached)
