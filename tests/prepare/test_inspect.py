"""inspect_pdf: what check must report about an artifact PDF, on the right page, and what needs preparing."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
from fidelity_material import PAGE_TEXT, add_annotation, add_free_text, add_uri_link, set_boxes, typeset

from mcred.prepare import (
    PREPARE_VERSION,
    BoxIssue,
    PdfUnreadable,
    Problem,
    inspect_pdf,
    needs_preparing,
    prepared_copy,
)
from mcred.read.cache import Cache, file_hash


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return typeset(tmp_path_factory.mktemp("plain") / "plain.pdf", PAGE_TEXT)


def edited(plain: Path, target: Path, edit: object) -> Path:
    with pikepdf.open(plain) as pdf:
        edit(pdf)  # type: ignore[operator]
        pdf.save(target)
    return target


def kinds_by_page(path: Path) -> list[tuple[Problem, int | None]]:
    return [(problem.kind, problem.page) for problem in inspect_pdf(path).problems]


def test_a_clean_typst_pdf_needs_nothing_and_shows_everything(plain: Path) -> None:
    inspection = inspect_pdf(plain)
    assert not needs_preparing(inspection)
    assert inspection.problems == ()
    assert [(page.number, page.width, page.height, page.rotation) for page in inspection.pages] == [
        (1, 612.0, 792.0, 0), (2, 612.0, 792.0, 0), (3, 612.0, 792.0, 0)]
    assert all(not page.box_issues and not page.links for page in inspection.pages)


def test_an_annotation_a_viewer_draws_without_an_appearance_is_reported_on_its_page(plain: Path,
                                                                                     tmp_path: Path) -> None:
    def comment_on_page_two(pdf: pikepdf.Pdf) -> None:
        add_free_text(pdf, pdf.pages[1], (72, 500, 300, 560), with_appearance=False)
        add_annotation(pdf, pdf.pages[2], pikepdf.Dictionary(  # an ink scribble, no appearance either
            Subtype=pikepdf.Name.Ink, Rect=pikepdf.Array([72, 72, 200, 200]),
            InkList=pikepdf.Array([pikepdf.Array([80, 80, 190, 190])])))

    path = edited(plain, tmp_path / "comment.pdf", comment_on_page_two)
    assert kinds_by_page(path) == [(Problem.UNDRAWN_ANNOTATION, 2), (Problem.UNDRAWN_ANNOTATION, 3)]
    assert "FreeText" in inspect_pdf(path).pages[1].problems[0].detail


def test_links_popups_and_hidden_annotations_draw_nothing_so_are_no_problem(plain: Path, tmp_path: Path) -> None:
    def quiet_annotations(pdf: pikepdf.Pdf) -> None:
        add_uri_link(pdf, pdf.pages[0], (72, 700, 200, 720), "https://example.org")
        add_annotation(pdf, pdf.pages[0], pikepdf.Dictionary(Subtype=pikepdf.Name.Popup,
                                                             Rect=pikepdf.Array([300, 300, 500, 400])))
        add_annotation(pdf, pdf.pages[0], pikepdf.Dictionary(Subtype=pikepdf.Name.Square, F=2,  # hidden
                                                             Rect=pikepdf.Array([72, 72, 200, 200])))

    inspection = inspect_pdf(edited(plain, tmp_path / "quiet.pdf", quiet_annotations))
    assert inspection.problems == ()
    assert not needs_preparing(inspection)
    assert [link.uri for link in inspection.links_on(1)] == ["https://example.org"]


def test_an_annotation_with_an_appearance_needs_flattening(plain: Path, tmp_path: Path) -> None:
    path = edited(plain, tmp_path / "stamp.pdf", lambda pdf: add_free_text(pdf, pdf.pages[2], (72, 72, 300, 130)))
    inspection = inspect_pdf(path)
    assert [page.flattenable for page in inspection.pages] == [0, 0, 1]
    assert needs_preparing(inspection) and inspection.problems == ()


def test_a_filled_checkbox_without_appearance_cannot_be_drawn(plain: Path, tmp_path: Path) -> None:
    def checkbox(pdf: pikepdf.Pdf) -> None:
        field = add_annotation(pdf, pdf.pages[1], pikepdf.Dictionary(
            Subtype=pikepdf.Name.Widget, FT=pikepdf.Name.Btn, T=pikepdf.String("agree"), V=pikepdf.Name.Yes,
            Rect=pikepdf.Array([72, 500, 90, 518])))
        pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array([field]))

    path = edited(plain, tmp_path / "checkbox.pdf", checkbox)
    assert kinds_by_page(path) == [(Problem.UNDRAWN_FIELD, 2)]


def test_an_xfa_form_is_reported_for_the_whole_file(plain: Path, tmp_path: Path) -> None:
    def xfa(pdf: pikepdf.Pdf) -> None:
        packet = pikepdf.Stream(pdf, b"<xdp:xdp xmlns:xdp='http://ns.adobe.com/xdp/'></xdp:xdp>")
        pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array(), XFA=packet)
        pdf.Root.NeedsRendering = True

    path = edited(plain, tmp_path / "xfa.pdf", xfa)
    problems = inspect_pdf(path).problems
    assert [(p.kind, p.page) for p in problems] == [(Problem.XFA_FORM, None)]
    assert "dynamic" in problems[0].detail


def test_javascript_is_reported_where_it_runs(plain: Path, tmp_path: Path) -> None:
    def scripts(pdf: pikepdf.Pdf) -> None:
        script = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert('hi')"))
        pdf.Root.OpenAction = script
        add_annotation(pdf, pdf.pages[2], pikepdf.Dictionary(  # a button whose click runs a script
            Subtype=pikepdf.Name.Link, Rect=pikepdf.Array([72, 72, 200, 100]), A=script))
        field = add_annotation(pdf, pdf.pages[1], pikepdf.Dictionary(  # a field formatted by a script
            Subtype=pikepdf.Name.Widget, FT=pikepdf.Name.Tx, T=pikepdf.String("total"),
            Rect=pikepdf.Array([72, 500, 200, 520]), AA=pikepdf.Dictionary(F=script)))
        pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array([field]))

    path = edited(plain, tmp_path / "scripts.pdf", scripts)
    assert kinds_by_page(path) == [(Problem.JAVASCRIPT, None), (Problem.JAVASCRIPT, 2), (Problem.JAVASCRIPT, 3)]


def test_document_level_scripts_in_the_name_tree_are_reported(plain: Path, tmp_path: Path) -> None:
    def named_script(pdf: pikepdf.Pdf) -> None:
        script = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("this.print()"))
        pdf.Root.Names = pikepdf.Dictionary(JavaScript=pikepdf.Dictionary(
            Names=pikepdf.Array([pikepdf.String("init"), script])))

    assert kinds_by_page(edited(plain, tmp_path / "named.pdf", named_script)) == [(Problem.JAVASCRIPT, None)]


@pytest.mark.parametrize("content", [b"", b"  \n", b"q 1 0 0 1 0 0 cm Q", b"BT /F1 12 Tf ET"])
def test_a_page_that_draws_nothing_is_a_blank_page(content: bytes, plain: Path, tmp_path: Path) -> None:
    def empty_page_two(pdf: pikepdf.Pdf) -> None:
        pdf.pages[1].obj.Contents = pikepdf.Stream(pdf, content)

    assert kinds_by_page(edited(plain, tmp_path / "blank.pdf", empty_page_two)) == [(Problem.BLANK_PAGE, 2)]


def test_a_page_without_contents_is_blank_but_a_stamp_on_it_is_not(plain: Path, tmp_path: Path) -> None:
    def bare_pages(pdf: pikepdf.Pdf) -> None:
        for page in pdf.pages[:2]:
            del page.obj["/Contents"]
        add_free_text(pdf, pdf.pages[1], (72, 500, 300, 560))

    assert kinds_by_page(edited(plain, tmp_path / "bare.pdf", bare_pages)) == [(Problem.BLANK_PAGE, 1)]


def test_page_boxes_are_read_as_viewers_read_them(plain: Path, tmp_path: Path) -> None:
    cases = {
        "zero": ({"MediaBox": [0, 0, 0, 0]}, (612.0, 792.0), {BoxIssue.ZERO_MEDIABOX}),
        "inverted": ({"MediaBox": [612, 792, 0, 0]}, (612.0, 792.0), {BoxIssue.INVERTED_BOX}),
        "cropped": ({"CropBox": [36, 36, 336, 436]}, (300.0, 400.0), set()),
        "overhanging": ({"CropBox": [300, 400, 900, 900]}, (312.0, 392.0), {BoxIssue.CROPBOX_OUTSIDE_MEDIABOX}),
        "crop elsewhere": ({"CropBox": [700, 800, 900, 900]}, (612.0, 792.0), {BoxIssue.EMPTY_CROPBOX}),
        "turned": ({"Rotate": -90}, (792.0, 612.0), {BoxIssue.ROTATED}),
        "half turned": ({"Rotate": 45}, (612.0, 792.0), set()),  # not a quarter turn: viewers ignore it
    }
    for name, (entries, size, issues) in cases.items():
        page = inspect_pdf(set_boxes(plain, tmp_path / f"{name}.pdf", **entries)).pages[0]
        assert ((page.width, page.height), page.box_issues) == (size, issues), name
        assert needs_preparing(inspect_pdf(tmp_path / f"{name}.pdf")) == (name in ("zero", "crop elsewhere")), name


def test_missing_and_inherited_boxes_are_found_in_the_page_tree_as_written(plain: Path, tmp_path: Path) -> None:
    def move_boxes_up(pdf: pikepdf.Pdf) -> None:
        pdf.Root.Pages.MediaBox = pikepdf.Array([0, 0, 400, 300])
        pdf.Root.Pages.Rotate = 90
        for page in pdf.pages:
            del page.obj["/MediaBox"]

    path = edited(plain, tmp_path / "inherited.pdf", move_boxes_up)
    first = inspect_pdf(path).pages[0]
    assert (first.width, first.height, first.rotation) == (300.0, 400.0, 90)
    assert first.box_issues == {BoxIssue.INHERITED, BoxIssue.ROTATED}

    def no_mediabox(pdf: pikepdf.Pdf) -> None:
        for page in pdf.pages:
            del page.obj["/MediaBox"]

    inspection = inspect_pdf(edited(plain, tmp_path / "missing.pdf", no_mediabox))
    assert all(page.box_issues == {BoxIssue.MISSING_MEDIABOX} for page in inspection.pages)
    assert needs_preparing(inspection)  # Typst would show A4 and nothing on it; viewers show US Letter


def test_a_pdf_needing_a_password_is_unreadable(plain: Path, tmp_path: Path) -> None:
    with pikepdf.open(plain) as pdf:
        pdf.save(tmp_path / "locked.pdf", encryption=pikepdf.Encryption(owner="x", user="secret"))
    with pytest.raises(PdfUnreadable, match="password"):
        inspect_pdf(tmp_path / "locked.pdf")


def test_the_cache_returns_the_source_when_nothing_is_needed_and_one_copy_per_content(plain: Path,
                                                                                      tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    assert prepared_copy(plain, cache) == plain
    assert not (tmp_path / ".mcred").exists()
    stamped = edited(plain, tmp_path / "stamp.pdf", lambda pdf: add_free_text(pdf, pdf.pages[0], (72, 72, 300, 130)))
    copy = prepared_copy(stamped, cache)
    assert copy == tmp_path / ".mcred" / "prepared" / f"{file_hash(stamped)}-qpdf" / "prepared.pdf"
    written = copy.stat().st_mtime_ns
    renamed = stamped.rename(tmp_path / "renamed.pdf")
    assert prepared_copy(renamed, cache) == copy and copy.stat().st_mtime_ns == written  # same bytes, same copy
    assert [p.name for p in (tmp_path / ".mcred" / "prepared").iterdir()] == [copy.parent.name]  # no temporary left


def test_a_new_prepare_version_sets_old_copies_aside(plain: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from mcred.prepare import cache

    stamped = edited(plain, tmp_path / "stamp.pdf", lambda pdf: add_free_text(pdf, pdf.pages[0], (72, 72, 300, 130)))
    copy = prepared_copy(stamped, Cache(tmp_path))
    made = copy.stat().st_ino
    monkeypatch.setattr(cache, "PREPARE_VERSION", PREPARE_VERSION + "-next")
    assert prepared_copy(stamped, Cache(tmp_path)) == copy and copy.stat().st_ino != made   # made again, in its place


def test_a_link_drawn_by_an_appearance_is_flattened_like_any_annotation(plain: Path, tmp_path: Path) -> None:
    def boxed_link(pdf: pikepdf.Pdf) -> None:
        border = pikepdf.Stream(pdf, b"0 0 1 RG 1 w 0.5 0.5 127 19 re S")
        border.Type, border.Subtype = pikepdf.Name.XObject, pikepdf.Name.Form
        border.BBox = pikepdf.Array([0, 0, 128, 20])
        add_uri_link(pdf, pdf.pages[0], (72, 700, 200, 720), "https://example.org")
        pdf.pages[0].obj.Annots[0].AP = pikepdf.Dictionary(N=border)

    inspection = inspect_pdf(edited(plain, tmp_path / "boxed.pdf", boxed_link))
    assert inspection.pages[0].flattenable == 1 and needs_preparing(inspection)
    assert inspection.problems == ()
