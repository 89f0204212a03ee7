"""Part 2 and the evidence matrix as data: every citation, where it points, and what it is evidence for.

Coverage is check's own (`Review.located`, `Review.evidence_for`): the matrix, the index's "cited for" column, the
bands on artifact pages and the cover all read the same resolved citations, so they can never disagree.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from mcred.facts import Citation, Located, Review, Target
from mcred.packet import markup
from mcred.packet.document import (
    ArtifactView,
    CellRef,
    CitationView,
    EvidencePart,
    IndexRow,
    Matrix,
    MatrixColumn,
    MatrixRow,
    MatrixTable,
    OutcomeView,
    PageView,
    Ref,
    Run,
    TargetView,
    TimeLink,
)
from mcred.packet.typography import prose
from mcred.packet.videos import moment

MATRIX_COLUMNS = 7   # artifacts side by side in one table of the matrix, at most: more would not fit the page


def cited(review: Review) -> Iterator[tuple[int, Citation, Located]]:
    """Every citation that resolved against its artifact, with its index in the evidence map."""
    located = review.located
    for index, citation in enumerate(review.portfolio.citations):
        if index in located:
            yield index, citation, located[index]


def first_per_target(refs: list[Ref]) -> list[Ref]:
    """One link per outcome or detail (its first citation), in the order cited."""
    firsts: dict[str, Ref] = {}
    for ref in refs:
        firsts.setdefault(ref["target"], ref)
    return list(firsts.values())


# --- Part 2 ----------------------------------------------------------------------------------------------------

def evidence_part(part_id: str, number: int, title: str, review: Review,
                  artifacts: dict[str, ArtifactView]) -> EvidencePart:
    portfolio = review.portfolio
    credential = portfolio.credential
    views = [citation_view(index, c, review.located.get(index), artifacts)
             for index, c in enumerate(portfolio.citations)]
    known = {t.id for t in credential.targets}
    outcomes: list[OutcomeView] = []
    for outcome in credential.outcomes:
        targets: list[TargetView] = [
            {"id": t.id, "text": prose(t.text), "own": t.id == outcome.id,
             "citations": [v for v in views if v["target"] == t.id]}
            for t in credential.targets if t.outcome.id == outcome.id]
        outcomes.append({"id": outcome.id, "text": prose(outcome.text), "targets": targets})
    index: list[IndexRow] = [
        {"key": a["key"], "id": a["id"], "title": a["title"], "kind": a["kind_name"], "extent": a["extent"],
         "pages": a["pages"], "cited": a["cited"]} for a in artifacts.values()]
    return {"id": part_id, "number": number, "title": prose(title), "kind": "evidence", "index": index,
            "outcomes": outcomes, "others": [v for v in views if v["target"] not in known]}


def citation_view(index: int, citation: Citation, located: Located | None,
                  artifacts: dict[str, ArtifactView]) -> CitationView:
    artifact = artifacts.get(citation.artifact_id)
    shown: CitationView = {
        "index": index, "target": citation.target_id, "artifact": citation.artifact_id,
        "title": artifact["title"] if artifact else "", "key": artifact["key"] if artifact else None,
        "kind": artifact["kind"] if artifact else "missing", "runs": [], "times": [], "as_written": "",
        "quote": prose(citation.quote or ""), "explanation": markup.markdown_blocks(citation.explanation),
    }
    if artifact is not None and located is not None:
        shown["runs"] = runs(located, artifact)
        shown["times"] = time_links(located, artifact)
    if not shown["runs"] and not shown["times"]:
        # Only a draft gets here (check refused the rest): say what was written, and that it did not resolve.
        if citation.pages:
            prefix = "p." if citation.pages.strip().isalnum() else "pp."
            shown["as_written"] = f"{prefix} {citation.pages} (not found)"
        elif citation.time:
            shown["as_written"] = f"{citation.time} (not found)"
    return shown


def runs(located: Located, artifact: ArtifactView) -> list[Run]:
    if artifact["kind"] == "image":
        return [{"first": 1, "last": 1, "text": "image"}] if located.pages else []
    if artifact["kind"] != "pdf":
        return []
    pages = [p for p in located.pages if 1 <= p <= artifact["pages"]]
    return [_run(first, last, artifact["page_views"]) for first, last in consecutive(pages)]


def time_links(located: Located, artifact: ArtifactView) -> list[TimeLink]:
    found: list[TimeLink] = []
    for span in located.times:
        shown = moment(artifact["url"], span)
        found.append({"text": shown.text, "url": shown.url})
    return found


def consecutive(pages: list[int]) -> list[tuple[int, int]]:
    """Pages as cited, with neighbours joined: 4, 5, 6, 9 → (4, 6), (9, 9)."""
    found: list[list[int]] = []
    for page in pages:
        if found and page == found[-1][1] + 1:
            found[-1][1] = page
        elif not (found and found[-1][0] <= page <= found[-1][1]):
            found.append([page, page])
    return [(first, last) for first, last in found]


def _run(first: int, last: int, views: list[PageView]) -> Run:
    def name(position: int) -> str:   # a page view is at its position's place: looked up, never listed again
        return views[position - 1]["label"] if 0 < position <= len(views) else str(position)
    text = f"p. {name(first)}" if first == last else f"pp. {name(first)}–{name(last)}"
    return {"first": first, "last": last, "text": text}


# --- the evidence matrix -----------------------------------------------------------------------------------

def matrix(review: Review, artifacts: dict[str, ArtifactView]) -> Matrix:
    """Outcomes and their details down, artifacts across: in each cell, where that artifact evidences that
    detail, each place a link to its citation. Wide maps are cut into tables of at most MATRIX_COLUMNS."""
    columns = list(artifacts.values())
    cells = _cells(review, artifacts)
    tables: list[MatrixTable] = []
    for group in _groups(columns):
        table_columns: list[MatrixColumn] = [{"key": a["key"], "id": a["id"], "title": a["title"]} for a in group]
        rows = [_row(kind, target_id, text, covered, [cells.get((target_id, a["id"]), []) for a in group])
                for kind, target_id, text, covered in _row_heads(review)]
        tables.append({"columns": table_columns, "rows": rows})
    return {"tables": tables}


def _groups(columns: list[ArtifactView]) -> list[list[ArtifactView]]:
    """Columns in even groups: 7 artifacts as 4 and 3, never 6 and 1."""
    if not columns:
        return []
    count = math.ceil(len(columns) / MATRIX_COLUMNS)
    size = math.ceil(len(columns) / count)
    return [columns[start:start + size] for start in range(0, len(columns), size)]


def _row_heads(review: Review) -> Iterator[tuple[str, str, str, bool]]:
    credential = review.portfolio.credential
    for outcome in credential.outcomes:
        targets: list[Target] = [t for t in credential.targets if t.outcome.id == outcome.id]
        if outcome.details:
            yield "outcome", outcome.id, prose(outcome.text), all(review.evidence_for(t.id) for t in targets)
        for target in targets:
            yield "target", target.id, prose(target.text), bool(review.evidence_for(target.id))


def _row(kind: str, target_id: str, text: str, covered: bool, cells: list[list[CellRef]]) -> MatrixRow:
    return {"kind": "outcome" if kind == "outcome" else "target", "id": target_id, "text": text,
            "covered": covered, "cells": cells if kind != "outcome" else [[] for _ in cells]}


def _cells(review: Review, artifacts: dict[str, ArtifactView]) -> dict[tuple[str, str], list[CellRef]]:
    found: dict[tuple[str, str], list[CellRef]] = {}
    for index, citation, located in cited(review):
        artifact = artifacts.get(citation.artifact_id)
        if artifact is None:
            continue
        places = [run["text"] for run in runs(located, artifact)]
        if artifact["kind"] in ("video", "link"):
            places += [span.display() for span in located.times]
        for place in places or ["cited"]:
            found.setdefault((citation.target_id, citation.artifact_id), []).append(
                {"text": place, "citation": index})
    return found
