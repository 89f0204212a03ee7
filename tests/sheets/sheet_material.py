"""Sheets to render: the shipped Ensuring Accountability example read by hand, and one full of hostile text.

The example is read here with yaml and plain line splitting, not through mcred's readers, so these tests stand on
their own while the readers are being reshaped.
"""

from __future__ import annotations

from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import yaml

from mcred.sheets import (
    Sheet,
    SheetCitation,
    SheetField,
    SheetNarrative,
    SheetOutcome,
    SheetTarget,
    UploadFile,
    copy_text,
    page_location,
    time_location,
)

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "ensuring-accountability"
CREDENTIAL = ROOT / "credentials" / "ensuring-accountability.yaml"
UPLOAD_LIMIT_MB = 20


# --- the shipped example ------------------------------------------------------------------------------------------
def narrative(path: Path, part_number: int) -> SheetNarrative:
    """A draft's title (its '# ' line), its '## ' sections, and everything under the title as the whole part."""
    lines = path.read_text(encoding="utf-8").splitlines()
    title = lines[0].removeprefix("# ").strip()
    body = lines[1:]
    sections: list[SheetField] = []
    heading: str | None = None
    kept: list[str] = []
    for line in [*body, "## end"]:
        if line.startswith("## "):
            if heading is not None:
                sections.append(SheetField(heading, "\n".join(kept).strip()))
            heading, kept = line.removeprefix("## ").strip(), []
        else:
            kept.append(line)
    return SheetNarrative(part_number, title, tuple(sections), "\n".join(body).strip())


def _location(cited: dict) -> str:
    return page_location(cited["pages"]) if "pages" in cited else time_location(cited["time"])


def example_sheet() -> Sheet:
    manifest = yaml.safe_load((EXAMPLE / "mcred.yaml").read_text(encoding="utf-8"))
    evidence = yaml.safe_load((EXAMPLE / "evidence.yaml").read_text(encoding="utf-8"))
    credential = yaml.safe_load(CREDENTIAL.read_text(encoding="utf-8"))
    artifacts = {artifact["id"]: artifact for artifact in evidence["artifacts"]}

    def citations(target_id: str) -> tuple[SheetCitation, ...]:
        return tuple(
            SheetCitation(
                artifact_id=cited["artifact"],
                artifact_title=artifacts[cited["artifact"]]["title"],
                file_name=(Path(artifacts[cited["artifact"]]["file"]).name if "file" in artifacts[cited["artifact"]]
                           else artifacts[cited["artifact"]]["url"]),
                location=_location(cited),
                explanation=cited["explanation"],
            )
            for cited in evidence["evidence"][target_id])

    outcomes = []
    for outcome in credential["outcomes"]:
        details = outcome.get("details") or [{"id": outcome["id"], "text": outcome["text"]}]
        targets = tuple(SheetTarget(detail["id"], detail["text"], outcome["id"], citations(detail["id"]))
                        for detail in details)
        outcomes.append(SheetOutcome(outcome["id"], outcome["text"], targets))

    person = manifest["practitioner"]
    uploads = tuple(UploadFile(Path(artifact["file"]).name, (EXAMPLE / artifact["file"]).stat().st_size)
                    for artifact in evidence["artifacts"] if "file" in artifact)
    return Sheet(
        credential_title=credential["title"],
        practitioner=" · ".join([person["name"], person["role"], person["school"]]),
        part1=narrative(EXAMPLE / "overview.md", 1),
        outcomes=tuple(outcomes),
        part3=narrative(EXAMPLE / "reflection.md", 3),
        uploads=uploads,
        upload_limit_mb=UPLOAD_LIMIT_MB,
    )


# --- hostile text -------------------------------------------------------------------------------------------------
HOSTILE = (
    'She said "no" & left — it\'s <b>bold</b>, <script>alert("x")</script> </pre></textarea></span>'
    " {{ sheet }} {% raw %} ${x} `code` \\n #OpenToWork @mention 1 < 2 > 0 &amp; &lt; 🎓👩🏽‍🏫"
    " \u201csmart\u201d \u2018quotes\u2019\n\n"
    "* a list item\n    indented line\twith a tab\n"
    '<img src="https://tracker.example/x.png" onerror="alert(1)"> <a href="https://evil.example">link</a>'
    " @import url(https://evil.example/a.css); https://www.practitioner.example/portfolio"
)


def hostile(tag: str) -> str:
    """The hostile text marked with where it stands, so a field that shows another field's text fails a test."""
    return f"[{tag}] {HOSTILE}"


def hostile_sheet() -> Sheet:
    citation = SheetCitation(
        artifact_id='A<1>"', artifact_title=hostile("title"), file_name='plan "final" <v2> & notes.pdf',
        location="pages 4\u20136 <b>", explanation=hostile("explanation 1"))
    second = replace(citation, artifact_id="A&2", file_name="https://video.example.org/x?a=1&b=<2>",
                     location=time_location("12:30-14:05"), explanation=hostile("explanation 2"))
    return Sheet(
        credential_title=hostile("credential"),
        practitioner=hostile("practitioner"),
        part1=SheetNarrative(1, hostile("part 1 title"),
                             (SheetField(hostile("q1"), hostile("answer 1")), SheetField("Q2 & <Q3>", hostile("a2"))),
                             hostile("whole part 1")),
        outcomes=(
            SheetOutcome("1", hostile("outcome 1"), (
                SheetTarget("1.1", hostile("detail 1.1"), "1", (citation, second)),
                SheetTarget('1.2"><script>', hostile("detail 1.2"), "1", (replace(citation, explanation="short"),)),
            )),
            SheetOutcome("2", hostile("outcome 2"), (SheetTarget("2", hostile("outcome 2"), "2", (second,)),)),
            SheetOutcome("3", "An outcome nobody cited yet", (SheetTarget("3.1", "Uncited detail", "3", ()),)),
        ),
        part3=SheetNarrative(3, "Reflection & <Application>", (SheetField("Outcome 1", hostile("reflection 1")),),
                             hostile("whole part 3")),
        uploads=(UploadFile('plan "final" <v2> & notes.pdf', 512), UploadFile("video.mp4", 31_400_000),
                 UploadFile("exactly-at-limit.pdf", 20_000_000)),
        upload_limit_mb=20,
    )


# --- what a sheet promises: every copyable field in page order ----------------------------------------------------
def expected_fields(sheet: Sheet) -> list[str]:
    """The texts the page must hold, in the portal's order: Part 1 whole and by section, Part 2 per citation
    (file, location, explanation), Part 3 whole and by section."""

    def narrative_texts(part: SheetNarrative) -> list[str]:
        return [part.full_text, *(section.text for section in part.sections)]

    part2 = [text for outcome in sheet.outcomes for target in outcome.targets for cited in target.citations
             for text in (cited.file_name, cited.location, cited.explanation)]
    return [copy_text(text) for text in [*narrative_texts(sheet.part1), *part2, *narrative_texts(sheet.part3)]]


# --- reading the page back with the standard library --------------------------------------------------------------
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Element:
    def __init__(self, tag: str, attrs: dict[str, str | None]) -> None:
        self.tag = tag
        self.attrs = attrs
        self.chunks: list[str] = []

    @property
    def text(self) -> str:  # what the DOM's textContent gives
        return "".join(self.chunks)

    @property
    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()


class Page(HTMLParser):
    """Every element in document order with its attributes and its text content."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self._open: list[Element] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs))
        self.elements.append(element)
        if tag not in VOID:
            self._open.append(element)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self._open) - 1, -1, -1):
            if self._open[depth].tag == tag:
                del self._open[depth:]
                return

    def handle_data(self, data: str) -> None:
        for element in self._open:
            element.chunks.append(data)

    def find(self, tag: str | None = None, cls: str | None = None) -> list[Element]:
        return [element for element in self.elements
                if (tag is None or element.tag == tag) and (cls is None or cls in element.classes)]

    def by_id(self, dom_id: str) -> Element:
        (element,) = [element for element in self.elements if element.attrs.get("id") == dom_id]
        return element

    def copy_fields(self) -> list[Element]:
        return self.find(cls="copy-text")


def screenshot_sheet() -> Sheet:
    """The example, shortened so a full-page picture stays small: every outcome and detail with its first
    citation (and outcome 3's video), the first question of Part 1 and the first section of Part 3."""
    sheet = example_sheet()

    def first_citations(target: SheetTarget) -> SheetTarget:
        kept = tuple(cited for index, cited in enumerate(target.citations)
                     if index == 0 or (target.id == "3" and cited.location[:1].isdigit()))
        return replace(target, citations=kept)

    outcomes = tuple(replace(outcome, targets=tuple(first_citations(target) for target in outcome.targets))
                     for outcome in sheet.outcomes)
    return replace(sheet, outcomes=outcomes,
                   part1=replace(sheet.part1, sections=sheet.part1.sections[:1]),
                   part3=replace(sheet.part3, sections=sheet.part3.sections[:1]))
