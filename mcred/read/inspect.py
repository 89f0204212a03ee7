"""What an artifact PDF holds that the packet must handle: page by page, as a viewer shows it.

Typst embeds a page's content stream only. Annotations (comments, Fill & Sign stamps) and filled form fields
live beside it and must be flattened into it (mcred.prepare does that); boxes Typst cannot read must be
repaired; an owner-password (restricted) PDF must be decrypted. What no flattening can bring back — an
annotation with no appearance, an XFA form, a script's output, a page that draws nothing — is reported as a
problem for check to name.

`inspect_pdf` runs on every `mcred check`, so it reads dictionaries only: content streams are decoded just
for pages whose streams are a few kilobytes at most, to tell a blank page. First every page is measured against
mcred.read.bounds: a page past a limit is withheld (a TOO_LARGE problem, nothing else read of it), a file past a
whole-file limit raises PdfTooLarge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mcred.pdfmodel import PageFrame, PageInspection, PageProblem, PdfInspection, PdfUnreadable, Problem
from mcred.read.bounds import Budget, check_page_tree
from mcred.read.boxes import as_box, entry, inherited, read_frame
from mcred.read.links import Destinations, page_links

_HIDDEN, _NO_VIEW = 2, 32  # annotation flags that keep an annotation off the screen
GENERATED_FIELD_TYPES = {"/Tx", "/Ch"}  # the field types qpdf can draw an appearance for
_SMALL_CONTENT = 4096  # bytes of content stream, stored and decoded, below which a page is checked for being blank
# Operators that put marks on the page: text showing, path painting, shadings, XObjects, inline images.
_PAINTING = re.compile(
    rb"(?<![^\s\[\]()<>{}/%])(?:Tj|TJ|'|\"|Do|sh|BI|S|s|f\*?|F|B\*?|b\*?)(?![^\s\[\]()<>{}/%])")
_MAX_ACTION_CHAIN = 16


def inspect_pdf(path: Path) -> PdfInspection:
    """What the PDF needs before embedding, and what the packet cannot show, page by page."""
    import pikepdf

    try:
        # Unlike qpdf's default, leave the page tree as it is: inherited and missing boxes are findings.
        pdf = pikepdf.open(path, inherit_page_attributes=False)
    except pikepdf.PasswordError as error:
        raise PdfUnreadable(f"{path.name} needs a password to open") from error
    except pikepdf.PdfError as error:
        raise PdfUnreadable(f"{path.name} is damaged: {error}") from error
    with pdf:
        check_page_tree(pdf)   # raises PdfTooLarge: before qpdf lists the pages, which a loop would stop
        without_mediabox = _pages_without_mediabox(pdf)  # before qpdf's page list gives them one
        destinations = Destinations(pdf)
        budget = Budget()
        try:
            pages = tuple(_inspect_page(page.obj, number, destinations, page.obj.objgen in without_mediabox,
                                        budget.page(page.obj), budget)
                          for number, page in enumerate(pdf.pages, start=1))
        except pikepdf.PdfError as error:
            raise PdfUnreadable(f"{path.name} is damaged: {error}") from error
        acroform = pdf.Root.get("/AcroForm")
        need_appearances = isinstance(acroform, pikepdf.Dictionary) and bool(acroform.get("/NeedAppearances", False))
        return PdfInspection(pages=pages, owner_password_only=pdf.is_encrypted, need_appearances=need_appearances,
                             document_problems=_document_problems(pdf))


def _inspect_page(page: Any, number: int, destinations: Destinations, without_mediabox: bool,
                  withheld: str | None = None, budget: Budget | None = None) -> PageInspection:
    import pikepdf

    frame = read_frame(page, without_mediabox)
    if withheld is not None:   # past a limit: nothing more is read of it, and nothing will be
        width, height = frame.size
        return PageInspection(number=number, width=width, height=height, rotation=frame.rotation, flattenable=0,
                              filled_fields=0, fields_to_generate=0, box_issues=frame.issues, links=(),
                              problems=(PageProblem(Problem.TOO_LARGE, number, withheld),), visible=frame.visible)
    annotations = entry(page, "/Annots")
    annotations = annotations if isinstance(annotations, pikepdf.Array) else []
    shown = _read_annotations(annotations, frame, number)
    problems = list(shown.problems)
    if _runs_javascript_on_event(entry(page, "/AA")):
        problems.append(PageProblem(Problem.JAVASCRIPT, number, "a script runs when the page opens or closes"))
    undrawn = any(p.kind in (Problem.UNDRAWN_ANNOTATION, Problem.UNDRAWN_FIELD) for p in problems)
    if not (shown.flattenable or shown.to_generate or undrawn) and _draws_nothing(page, budget):
        problems.append(PageProblem(Problem.BLANK_PAGE, number, "the page draws nothing: no text, image or line"))
    width, height = frame.size
    return PageInspection(
        number=number, width=width, height=height, rotation=frame.rotation, flattenable=shown.flattenable,
        filled_fields=shown.filled, fields_to_generate=shown.to_generate, box_issues=frame.issues,
        links=page_links(annotations, frame, number, destinations), problems=tuple(problems), visible=frame.visible)


@dataclass
class _Annotations:
    """A tally of a page's annotations as a viewer shows them on screen."""

    flattenable: int = 0
    filled: int = 0
    to_generate: int = 0
    problems: list[PageProblem] = field(default_factory=list)


def _read_annotations(annotations: Any, frame: PageFrame, number: int) -> _Annotations:
    import pikepdf

    shown = _Annotations()
    for annotation in annotations:
        if not isinstance(annotation, pikepdf.Dictionary) or _flags(annotation) & (_HIDDEN | _NO_VIEW):
            continue
        if _runs_javascript(annotation.get("/A")) or _runs_javascript_on_event(annotation.get("/AA")):
            shown.problems.append(PageProblem(Problem.JAVASCRIPT, number, _script_detail(annotation)))
        subtype = str(annotation.get("/Subtype", "/Unknown"))
        if subtype == "/Popup" or not _shows(annotation, frame):
            continue
        drawn = has_appearance(annotation)
        shown.flattenable += int(drawn)
        if subtype == "/Widget":
            _read_field(annotation, drawn, number, shown)
        elif not drawn and subtype != "/Link":
            shown.problems.append(PageProblem(Problem.UNDRAWN_ANNOTATION, number,
                                              f"a {subtype.lstrip('/')} annotation without an appearance stream"))
    return shown


def _read_field(widget: Any, drawn: bool, number: int, shown: _Annotations) -> None:
    if not field_filled(widget):
        return
    shown.filled += 1
    if drawn:
        return
    if str(inherited(widget, "/FT")) in GENERATED_FIELD_TYPES:
        shown.to_generate += 1
    else:
        shown.problems.append(PageProblem(Problem.UNDRAWN_FIELD, number,
                                          f"a filled {_field_kind(widget)} without an appearance of its own"))


def _document_problems(pdf: Any) -> tuple[PageProblem, ...]:
    import pikepdf

    root = pdf.Root
    problems = []
    acroform = root.get("/AcroForm")
    if isinstance(acroform, pikepdf.Dictionary) and "/XFA" in acroform:
        if bool(root.get("/NeedsRendering", False)):
            detail = ("a dynamic XFA form: only Adobe Acrobat and Reader lay out its pages; other viewers, "
                      "and the packet, show the placeholder pages stored in the file")
        else:
            detail = "an XFA form: Acrobat draws it from its XFA data, the packet from the pages stored in the file"
        problems.append(PageProblem(Problem.XFA_FORM, None, detail))
    names = root.get("/Names")
    if isinstance(names, pikepdf.Dictionary) and "/JavaScript" in names:
        problems.append(PageProblem(Problem.JAVASCRIPT, None, "document scripts run when the file opens"))
    elif _runs_javascript(root.get("/OpenAction")) or _runs_javascript_on_event(root.get("/AA")):
        problems.append(PageProblem(Problem.JAVASCRIPT, None, "a script runs when the file opens"))
    if isinstance(acroform, pikepdf.Dictionary) and len(acroform.get("/CO", ())) > 0:
        problems.append(PageProblem(Problem.JAVASCRIPT, None, "form fields are calculated by scripts"))
    return tuple(problems)


def _pages_without_mediabox(pdf: Any) -> set[tuple[int, int]]:
    """Pages that neither have nor inherit a MediaBox. qpdf lists pages only after giving such a page
    US Letter's box (as viewers do) while Typst would use A4's, so they are found in the page tree first."""
    import pikepdf

    missing: set[tuple[int, int]] = set()
    nodes, seen = [pdf.Root.get("/Pages")], set()
    while nodes:
        node = nodes.pop()
        if not isinstance(node, pikepdf.Dictionary) or (node.is_indirect and node.objgen in seen):
            continue
        seen.add(node.objgen)
        kids = entry(node, "/Kids")
        if isinstance(kids, pikepdf.Array):
            nodes.extend(kids)
        elif node.is_indirect and as_box(inherited(node, "/MediaBox")) is None:
            missing.add(node.objgen)
    return missing


def _runs_javascript(action: Any) -> bool:
    """Whether an action, or one it chains to through /Next, is a script."""
    import pikepdf

    pending, seen = [action], 0
    while pending and seen < _MAX_ACTION_CHAIN:
        current = pending.pop()
        seen += 1
        if isinstance(current, pikepdf.Array):
            pending.extend(current)
        elif isinstance(current, pikepdf.Dictionary):
            if current.get("/S") == pikepdf.Name.JavaScript:
                return True
            if "/Next" in current:
                pending.append(current.get("/Next"))
    return False


def _runs_javascript_on_event(additional_actions: Any) -> bool:
    import pikepdf

    if not isinstance(additional_actions, pikepdf.Dictionary):
        return False
    return any(_runs_javascript(action) for action in additional_actions.values())


def _script_detail(annotation: Any) -> str:
    if str(annotation.get("/Subtype")) == "/Widget":
        return f"the {_field_kind(annotation)} runs scripts (formatting, calculating or checking its value)"
    return f"a {str(annotation.get('/Subtype', '/Unknown')).lstrip('/')} annotation runs a script"


def _field_kind(widget: Any) -> str:
    kind = str(inherited(widget, "/FT"))
    return {"/Tx": "text field", "/Ch": "choice field", "/Btn": "button field", "/Sig": "signature field"}.get(
        kind, "form field")


def has_appearance(annotation: Any) -> bool:
    """Whether the annotation's normal appearance draws something in its current state."""
    import pikepdf

    appearances = annotation.get("/AP")
    normal = appearances.get("/N") if isinstance(appearances, pikepdf.Dictionary) else None
    if isinstance(normal, pikepdf.Stream):
        return True
    if isinstance(normal, pikepdf.Dictionary):  # one appearance per state (a checkbox's /Yes and /Off)
        state = annotation.get("/AS")
        return state is not None and isinstance(normal.get(str(state)), pikepdf.Stream)
    return False


def field_filled(widget: Any) -> bool:
    import pikepdf

    value = inherited(widget, "/V")
    if isinstance(value, pikepdf.String):
        return len(bytes(value)) > 0
    if isinstance(value, pikepdf.Name):
        return value != pikepdf.Name.Off
    if isinstance(value, pikepdf.Array):
        return len(value) > 0
    return value is not None  # a signature dictionary, for one


def _shows(annotation: Any, frame: PageFrame) -> bool:
    """Whether the annotation's rectangle has area on the visible page: an invisible signature has none."""
    box = as_box(annotation.get("/Rect"))
    return box is not None and frame.rect_to_display(box) is not None


def _draws_nothing(page: Any, budget: Budget | None = None) -> bool:
    """Whether the page's content paints nothing; pages with more than a few kilobytes of content, stored or
    decoded (as measured by the budget), are taken to paint something without decoding them again."""
    import pikepdf

    contents = entry(page, "/Contents")
    if isinstance(contents, pikepdf.Stream):
        streams = [contents]
    elif isinstance(contents, pikepdf.Array):
        streams = [item for item in contents if isinstance(item, pikepdf.Stream)]
    else:
        streams = []
    try:
        if sum(int(stream.get("/Length", 0)) for stream in streams) > _SMALL_CONTENT:
            return False
        if budget is not None and budget.last_content > _SMALL_CONTENT:
            return False
        data = b"\n".join(stream.read_bytes() for stream in streams)
    except (pikepdf.PdfError, TypeError, ValueError):
        return False  # a stream that cannot be decoded is no proof of a blank page
    # A painting operator found inside a string would only hide a blank page, never invent one.
    return _PAINTING.search(data) is None


def _flags(annotation: Any) -> int:
    try:
        return int(annotation.get("/F", 0))
    except (TypeError, ValueError):
        return 0
