"""What changed between the last recorded attempt and the portfolio now: citations added, removed, explanations
rewritten, quotes changed, artifact files replaced, narrative parts rewritten. Pure: two portfolios in, Changes out.

A citation is the same citation in both when it cites the same artifact at the same place (pages or time) for
the same target: moving it elsewhere reads as one removed and one added, which is what the assessor sees.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from mcred.facts import Changes, Citation, PartChange, Portfolio, Rewrite, TargetChange
from mcred.text.drafts import Draft, count_words


def _place(citation: Citation) -> tuple[str, str, str]:
    def tight(text: str | None) -> str:
        return "".join((text or "").split())

    return citation.artifact_id, tight(citation.pages), tight(citation.time)


def _same_words(a: str | None, b: str | None) -> bool:
    return " ".join((a or "").split()) == " ".join((b or "").split())


def artifact_key(portfolio: Portfolio, artifact_id: str) -> str | None:
    """The artifact's file as an input path (from the portfolio folder, `/` between folders), or None."""
    artifact = portfolio.artifact(artifact_id)
    if artifact is None or artifact.file is None:
        return None
    return input_key(artifact.file, portfolio.root)


def input_key(path: Path, root: Path) -> str:
    """A file's name in a manifest's `inputs:`: its path from the portfolio folder, written with `/`."""
    return Path(os.path.relpath(os.path.normpath(path), os.path.normpath(root))).as_posix()


def compare(since: int, before: Portfolio, before_drafts: Mapping[str, Draft], before_hashes: Mapping[str, str],
            now: Portfolio, now_drafts: Mapping[str, Draft], now_hashes: Mapping[str, str]) -> Changes:
    """Everything that changed since attempt `since` (`before`, as its sources were recorded) in `now`."""

    def replaced(artifact_id: str) -> bool:
        then, current = artifact_key(before, artifact_id), artifact_key(now, artifact_id)
        if then is None and current is None:   # a video by link: its address is what the assessor opens
            old, new = before.artifact(artifact_id), now.artifact(artifact_id)
            return (old.url if old else None) != (new.url if new else None)
        return before_hashes.get(then or "") != now_hashes.get(current or "") or then is None or current is None

    targets: dict[str, TargetChange] = {}
    ids = dict.fromkeys([c.target_id for c in before.citations] + [c.target_id for c in now.citations])
    for target_id in ids:
        old = [c for c in before.citations if c.target_id == target_id]
        new = [(index, c) for index, c in enumerate(now.citations) if c.target_id == target_id]
        added: list[int] = []
        rewritten: list[Rewrite] = []
        requoted: list[int] = []
        swapped: list[str] = []
        for index, citation in new:
            match = next((c for c in old if _place(c) == _place(citation)), None)
            if match is None:
                added.append(index)
                continue
            old.remove(match)
            if not _same_words(match.explanation, citation.explanation):
                rewritten.append(Rewrite(index, count_words(match.explanation), count_words(citation.explanation)))
            if not _same_words(match.quote, citation.quote):
                requoted.append(index)
            if citation.artifact_id not in swapped and citation.artifact_id in {a.id for a in before.artifacts} \
                    and replaced(citation.artifact_id):
                swapped.append(citation.artifact_id)
        change = TargetChange(target_id, tuple(added), tuple(old), tuple(rewritten), tuple(requoted), tuple(swapped))
        if change.changed:
            targets[target_id] = change

    parts: list[PartChange] = []
    for part in now.credential.narrative_parts:
        then, current = before_drafts.get(part.id), now_drafts.get(part.id)
        if not _same_words(then.source if then else "", current.source if current else ""):
            parts.append(PartChange(part.id, part.title, then.words if then else 0, current.words if current else 0))
    known = {a.id for a in before.artifacts}
    return Changes(since, targets, tuple(parts), tuple(a.id for a in now.artifacts if a.id not in known))
