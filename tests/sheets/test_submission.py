"""build/submission.html read back with the standard library's HTML parser, as a browser would build its DOM."""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import replace

import pytest
from sheet_material import HOSTILE, Page, example_sheet, expected_fields, hostile_sheet

from mcred.resources import templates_dir
from mcred.sheets import (
    SheetField,
    UploadFile,
    copy_text,
    page_location,
    render_sheet,
    time_location,
    write_sheet,
)

HOSTILE_TITLE = f"[part 1 title] {HOSTILE}"


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def example() -> tuple[object, Page, str]:
    sheet = example_sheet()
    html = render_sheet(sheet)
    return sheet, Page(html), html


@pytest.fixture(scope="module")
def hostile() -> tuple[object, Page, str]:
    sheet = hostile_sheet()
    html = render_sheet(sheet)
    return sheet, Page(html), html


@pytest.mark.parametrize("which", ["example", "hostile"])
def test_every_field_holds_exactly_its_text_in_the_portals_order(which, request):
    sheet, page, _ = request.getfixturevalue(which)
    shown = [element.text for element in page.copy_fields()]
    assert shown == expected_fields(sheet)
    if which == "hostile":  # the nasty characters survive one by one, not just "something equal"
        assert any('"no" & left' in text and "<script>alert" in text and "🎓👩🏽‍🏫" in text and "\n\n* a list" in text
                   and "\twith a tab" in text for text in shown)


def test_the_example_is_all_there(example):
    _, page, _ = example
    shown = [element.text for element in page.copy_fields()]
    # Part 1 whole and its four questions; 16 citations in 3 fields each; Part 3 whole and its five sections
    assert len(shown) == 1 + 4 + 16 * 3 + 1 + 5
    assert shown[0].startswith("## 1. What have you learned")
    assert shown[1].startswith("When I audited our 2024\u201325 professional goals")
    assert "https://video.example.org/cedar-ridge/grade-7-plc-checkpoint-1" in shown
    assert "pages ii, iv\u2013v" in shown and "11:30\u201316:45" in shown and "page 8" in shown


@pytest.mark.parametrize("which", ["example", "hostile"])
def test_each_field_has_one_button_that_names_it(which, request):
    _, page, _ = request.getfixturevalue(which)
    fields = page.copy_fields()
    buttons = page.find("button", "copy")
    assert [button.attrs["data-copy"] for button in buttons] == [field.attrs["id"] for field in fields]
    for button in buttons:
        assert button.attrs["type"] == "button"
        assert "hidden" in button.attrs  # inert without JavaScript: the script reveals it
        name = button.attrs["aria-label"] or ""
        assert name.startswith("Copy ") and button.text == "Copy"
    names = [button.attrs["aria-label"] for button in buttons]
    assert len(set(names)) == len(names)  # a screen reader user can tell every button apart


def test_buttons_name_the_part_the_section_and_the_detail(hostile):
    _, page, _ = hostile
    names = [button.attrs["aria-label"] for button in page.find("button", "copy")]
    assert names[0] == f"Copy all of Part 1, {HOSTILE_TITLE}"
    assert names[1] == f"Copy Part 1, section 1: [q1] {HOSTILE}"
    assert names[3:6] == ['Copy the artifact file for detail 1.1, evidence 1 (A<1>")',
                          'Copy the location for detail 1.1, evidence 1 (A<1>")',
                          'Copy the explanation for detail 1.1, evidence 1 (A<1>")']
    assert "Copy the explanation for outcome 2, evidence 1 (A&2)" in names


def test_details_appear_in_order_under_their_outcomes(example, hostile):
    for sheet, page, _ in (example, hostile):
        targets = [element.attrs["data-target"] for element in page.find("section", "target")]
        assert targets == [target.id for outcome in sheet.outcomes for target in outcome.targets]
        headings = [squash(element.text) for element in page.find("h2")]
        assert headings == [squash(text) for text in (
            "Files to upload", f"Part 1 {sheet.part1.title}", "Part 2 Skill Demonstration Product with Self-Analysis",
            f"Part 3 {sheet.part3.title}")]
    _, page, _ = example
    outcome_titles = [squash(element.text) for element in page.find("h3")
                      if element.attrs.get("id", "").startswith("outcome-")]
    assert outcome_titles[0] == "1Collaboratively establish clear organizational performance expectations."
    details = [squash(element.text) for element in page.find("h4")]
    assert details == ["4.1 Strategies in the plan for ensuring accountability for organizational improvement.",
                       "4.2 Implementation timelines in the plan.", "4.3 Evaluation in the plan.",
                       "4.4 Monitoring process in the plan."]


def test_an_outcome_without_details_and_a_detail_without_evidence_say_so(hostile):
    _, page, _ = hostile
    notes = [element.text for element in page.find("p", "target-note")]
    assert notes == ["Cited for the outcome as a whole: the credential lists no details for it."]
    uncited = [element for element in page.find("section", "target") if element.attrs["data-target"] == "3.1"]
    assert "No evidence cited yet." in uncited[0].text


def test_user_text_never_becomes_markup(hostile):
    _, page, html = hostile
    scripts = page.find("script")
    assert len(scripts) == 1
    assert scripts[0].text == (templates_dir() / "sheets" / "submission.js").read_text(encoding="utf-8").strip()
    assert page.find("img") == [] and page.find("b") == [] and page.find("textarea") == []
    assert [element.text for element in page.find("a")] == [
        "Skip to Part 1", "Files to upload", f"Part 1 · {HOSTILE_TITLE}",
        "Part 2 · Skill Demonstration Product with Self-Analysis", "Part 3 · Reflection & <Application>"]
    for element in page.elements:
        assert not any(name.startswith("on") for name in element.attrs), element.attrs
    # the hostile detail id stays inside its attribute
    assert any(element.attrs.get("data-target") == '1.2"><script>' for element in page.elements)
    assert "<script>alert" not in html and '"><script>' not in html


@pytest.mark.parametrize("which", ["example", "hostile"])
def test_nothing_reaches_outside_the_file(which, request):
    _, page, html = request.getfixturevalue(which)
    for element in page.elements:
        for name in ("src", "href", "action", "srcset", "poster", "data"):
            value = element.attrs.get(name)
            if value is not None:
                assert value.startswith("#") or value == "data:,", (element.tag, name, value)
    (style,) = page.find("style")
    assert "@import" not in style.text and "url(" not in style.text
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html, re.IGNORECASE)
    # the practitioner's own links are shown as text, never as links
    if which == "hostile":
        assert any("https://www.practitioner.example/portfolio" in field.text for field in page.copy_fields())


def test_the_content_policy_allows_only_the_pages_own_style_and_script(hostile):
    _, page, _ = hostile
    (meta,) = [element for element in page.find("meta") if element.attrs.get("http-equiv") == "Content-Security-Policy"]
    policy = meta.attrs["content"] or ""

    def pinned(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"

    assert "default-src 'none'" in policy
    assert f"style-src {pinned(page.find('style')[0].text)}" in policy
    assert f"script-src {pinned(page.find('script')[0].text)}" in policy


def test_files_to_upload_with_sizes_against_the_limit(hostile, example):
    _, page, _ = hostile
    rows = [[cell.text.strip() for cell in row_cells(page, row)] for row in page.find("tr")
            if "over" in row.classes or "ok" in row.classes]
    assert rows == [['plan "final" <v2> & notes.pdf', "512 bytes", "Within the limit"],
                    ["video.mp4", "31.4 MB", "! Over the limit by 11.4 MB"],
                    ["exactly-at-limit.pdf", "20.0 MB", "Within the limit"]]
    assert [row.attrs["class"] for row in page.find("tr") if row.attrs.get("class")] == ["ok", "over", "ok"]
    (note,) = page.find("p", "flag-note")[:1]
    assert "1 file is over the portal's 20 MB limit" in note.text
    assert page.find("caption")[0].text == "Upload limit: 20 MB per file"
    assert "3 files" in page.find("tfoot")[0].text and "51.4 MB" in page.find("tfoot")[0].text

    _, page, _ = example
    sizes = [row_cells(page, row)[1].text for row in page.find("tr") if "ok" in row.classes]
    assert sizes == ["117.2 KB", "66.1 KB", "80.6 KB", "79.7 KB", "133.8 KB", "71.9 KB"]
    assert not [row for row in page.find("tr") if "over" in row.classes]
    assert not [note for note in page.find("p", "flag-note") if "over the portal" in note.text]


def row_cells(page: Page, row) -> list:
    start = page.elements.index(row)
    following = page.elements[start + 1:]
    end = next((index for index, element in enumerate(following) if element.tag == "tr"), len(following))
    return [element for element in following[:end] if element.tag in ("td", "th")]


def test_a_redacted_sheet_says_so():
    sheet = hostile_sheet()
    assert "Redacted." not in render_sheet(sheet)
    page = Page(render_sheet(replace(sheet, redacted=True)))
    (note,) = page.find("p", "notice")
    assert note.text.startswith("Redacted. Names were withheld")


def test_same_sheet_same_bytes(tmp_path):
    first = write_sheet(example_sheet(), tmp_path / "a" / "submission.html").read_bytes()
    second = write_sheet(example_sheet(), tmp_path / "b" / "submission.html").read_bytes()
    assert first == second
    assert first == render_sheet(example_sheet()).encode("utf-8")
    assert b"\r\n" not in first
    assert str(tmp_path).encode() not in first


def test_fields_are_trimmed_and_keep_line_ends_as_a_browser_does():
    sheet = hostile_sheet()
    raw = "\r\n  First line\r\nsecond line\rthird\x00 line  \n\n"
    page = Page(render_sheet(replace(sheet, part1=replace(sheet.part1, sections=(SheetField("Q", raw),)))))
    assert page.copy_fields()[1].text == "First line\nsecond line\nthird line" == copy_text(raw)


def test_no_uploads_and_a_fractional_limit():
    sheet = replace(hostile_sheet(), uploads=(), upload_limit_mb=2.5)
    page = Page(render_sheet(sheet))
    assert page.find("caption")[0].text == "Upload limit: 2.5 MB per file"
    assert "No files to upload." in page.find("tbody")[0].text
    over = Page(render_sheet(replace(sheet, uploads=(UploadFile("a.pdf", 2_500_001), UploadFile("b.pdf", 3_000_000)))))
    assert "2 files are over the portal's 2.5 MB limit" in over.find("p", "flag-note")[0].text


@pytest.mark.parametrize(("spec", "shown"), [
    ("4", "page 4"), (4, "page 4"), ("iv", "page iv"), ("4-6", "pages 4\u20136"),
    ("ii, iv-v", "pages ii, iv\u2013v"), ("4, 9 - 10", "pages 4, 9\u201310"),
])
def test_page_locations(spec, shown):
    assert page_location(spec) == shown


def test_time_locations():
    assert time_location("12:30-14:05") == "12:30\u201314:05"
    assert time_location("1:02:03") == "at 1:02:03"
