"""`mcred diff`: what changed since the last submission, in the terminal or as JSON — what the packet's "Changes
since submission n" page shows: each item the assessor marked not yet (with the comment) and what changed under
it, the other evidence that changed, the parts whose text changed, the new artifacts."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

from mcred.checks.resubmission import not_yet_items
from mcred.errors import UserError
from mcred.facts import Changes, Facts, Portfolio, TargetChange
from mcred.findings import counted


@dataclass(frozen=True)
class Compared:
    facts: Facts
    changes: Changes
    date: str


def compared(facts: Facts) -> Compared:
    """The changes since the last submission; UserError (exit 2) when there is nothing to compare with."""
    resubmission = facts.resubmission
    last = resubmission.last if resubmission is not None else None
    if resubmission is None or last is None:
        raise UserError.plain("nothing was submitted yet, so there is nothing to compare with",
                              "record what you hand in with `mcred submit` (after `mcred build`)")
    if resubmission.changes is None:
        raise UserError.plain(f"{resubmission.unreadable}: what changed since submission {last.number} is unknown",
                              "leave submissions/ as `mcred submit` wrote it (restore it from your backup)")
    return Compared(facts, resubmission.changes, last.date)


def _lines(change: TargetChange, portfolio: Portfolio) -> list[str]:
    lines = [f"+ {portfolio.citations[i].place} added" for i in change.added]
    lines += [f"- {c.place} removed" for c in change.removed]
    lines += [f"~ {portfolio.citations[r.citation].place}: explanation rewritten "
              f"({r.words_before:,} → {counted(r.words_after, 'word')})" for r in change.rewritten]
    lines += [f"~ {portfolio.citations[i].place}: quote changed" for i in change.requoted]
    lines += [f"~ {a}: file replaced" for a in change.replaced]
    return lines


def print_diff(found: Compared, console: Console) -> None:
    facts, changes = found.facts, found.changes
    portfolio = facts.portfolio
    when = f" ({found.date})" if found.date else ""
    console.print(f"Changes since submission {changes.since}{when}", style="bold", markup=False, highlight=False)
    items = not_yet_items(changes, facts)
    marked = {item for item, _comment, _changes in items}
    if items:
        console.print(f"\nNot yet proficient in submission {changes.since}", style="bold", markup=False)
        for item, comment, under in items:
            changed = [c for c in under if c.changed]
            state = "revised" if changed else "UNCHANGED"
            console.print(f"  {item}  {state}", style=None if changed else "bold red", markup=False, highlight=False)
            if comment:
                console.print(f"      assessor: “{comment}”", markup=False, highlight=False)
            for change in changed:
                for line in _lines(change, portfolio):
                    console.print(f"      {line}", markup=False, highlight=False)
    others = [c for target_id, c in changes.targets.items() if not _under(target_id, marked, portfolio)]
    if others:
        console.print("\nOther evidence changed" if items else "\nEvidence changed", style="bold", markup=False)
        for change in others:
            console.print(f"  {change.target_id}", markup=False, highlight=False)
            for line in _lines(change, portfolio):
                console.print(f"      {line}", markup=False, highlight=False)
    if changes.parts:
        console.print()
        table = Table(title=None, box=None, show_edge=False, pad_edge=False)
        table.add_column("Part text changed")
        table.add_column("Words then", justify="right")
        table.add_column("now", justify="right")
        for part in changes.parts:
            table.add_row(part.title, f"{part.words_before:,}", f"{part.words_after:,}")
        console.print(table)
    if changes.new_artifacts:
        console.print("\nNew artifacts", style="bold", markup=False)
        for artifact_id in changes.new_artifacts:
            artifact = portfolio.artifact(artifact_id)
            console.print(f"  {artifact_id}  {artifact.title if artifact else ''}", markup=False, highlight=False)
    if not changes.targets and not changes.parts and not changes.new_artifacts:
        console.print(f"\nNothing changed since submission {changes.since}.", markup=False)


def _under(target_id: str, marked: set[str], portfolio: Portfolio) -> bool:
    outcome = next((o for o in portfolio.credential.outcomes if any(d.id == target_id for d in o.details)), None)
    return target_id in marked or (outcome is not None and outcome.id in marked)


def _change_json(change: TargetChange, portfolio: Portfolio) -> dict[str, object]:
    def one(index: int) -> dict[str, object]:
        citation = portfolio.citations[index]
        return {"citation": index, "artifact": citation.artifact_id, "where": citation.place}

    return {"target": change.target_id,
            "added": [one(i) for i in change.added],
            "removed": [{"artifact": c.artifact_id, "where": c.place} for c in change.removed],
            "rewritten": [{**one(r.citation), "words_before": r.words_before, "words_after": r.words_after}
                          for r in change.rewritten],
            "requoted": [one(i) for i in change.requoted],
            "replaced": list(change.replaced)}


def diff_json(found: Compared) -> str:
    facts, changes = found.facts, found.changes
    portfolio = facts.portfolio
    items = not_yet_items(changes, facts)
    data = {
        "since": changes.since,
        "date": found.date,
        "not_yet": [{"id": item, "comment": comment, "changed": any(c.changed for c in under),
                     "changes": [_change_json(c, portfolio) for c in under]} for item, comment, under in items],
        "targets": [_change_json(c, portfolio) for c in changes.targets.values()],
        "parts": [{"id": p.part_id, "title": p.title, "words_before": p.words_before, "words_after": p.words_after}
                  for p in changes.parts],
        "new_artifacts": [{"id": a, "title": artifact.title if (artifact := portfolio.artifact(a)) else ""}
                          for a in changes.new_artifacts],
    }
    return json.dumps(data, indent=2, ensure_ascii=False)


def diff_folder(folder: Path) -> Compared:
    from mcred.read import read_portfolio

    return compared(read_portfolio(folder))
