"""A resubmission: the assessor's feedback held against what changed since the last attempt.     MC6xx"""

from __future__ import annotations

import difflib

from mcred.facts import Changes, Credential, Facts, Result, TargetChange
from mcred.findings import Finding, Location, counted, error, note, shorten, warning
from mcred.read.submissions import SUBMISSIONS


def check(facts: Facts) -> list[Finding]:
    resubmission = facts.resubmission
    if resubmission is None:
        return []
    credential = facts.portfolio.credential
    findings: list[Finding] = []
    last = resubmission.last
    if last is not None and resubmission.changes is None:
        findings.append(warning("MC606", f"{resubmission.unreadable}: what changed since submission {last.number} "
                                         "is unknown",
                                "leave submissions/ as `mcred submit` wrote it (restore it from your backup)",
                                Location(facts.portfolio.root / SUBMISSIONS / str(last.number))))
    feedback = resubmission.feedback
    if feedback is None:
        return findings
    if last is None:
        findings.append(warning("MC605", f"feedback.yaml is about submission {feedback.attempt}, but nothing was "
                                         "submitted: submissions/ is empty",
                                "record what you hand in with `mcred submit` after `mcred build`", feedback.where))
    elif feedback.attempt != last.number:
        findings.append(warning("MC605", f"feedback.yaml is about submission {feedback.attempt}, but the last "
                                         f"submission is {last.number}",
                                "after a new submission, move the old feedback.yaml aside and run `mcred feedback` "
                                "for the new one", feedback.where))
    known = item_ids(credential)
    changes = resubmission.changes
    for judgement in feedback.results:
        if judgement.id not in known:
            close = difflib.get_close_matches(judgement.id, known, n=1, cutoff=0.5)
            hint = f"did you mean `{close[0]}`? " if close else ""
            findings.append(error("MC601", f"feedback.yaml gives a result for `{judgement.id}`, which is no outcome or "
                                           f"detail of {credential.title}",
                                  f"{hint}Use the ids `mcred credentials` shows", judgement.where))
            continue
        if changes is None or judgement.result is None:
            continue
        changed = [c for c in changes.for_item(judgement.id, credential) if c.changed]
        if judgement.result is Result.NOT_YET and not changed:
            said = f": “{shorten(judgement.comment, 160)}”" if judgement.comment else ""
            findings.append(warning(
                "MC602", f"{judgement.id} was not yet proficient in submission {changes.since}, and its evidence is "
                         f"unchanged{said}",
                f"revise the evidence for {judgement.id} as the comment asks: cite other pages or artifacts, or "
                "rewrite the explanation", judgement.where))
        elif judgement.result is Result.NOT_YET:
            findings.append(note("MC604", f"{judgement.id} (not yet in submission {changes.since}) revised: "
                                          f"{summary(changed)}", "`mcred diff` shows the changes in full",
                                 judgement.where))
        elif changed:
            findings.append(note("MC603", f"{judgement.id} was proficient in submission {changes.since} and its "
                                          f"evidence changed ({summary(changed)})",
                                 "you changed evidence the assessor already accepted: make sure that is what you meant",
                                 judgement.where))
    return findings


def item_ids(credential: Credential) -> list[str]:
    """Every id feedback may be given for: each outcome, and each of its details."""
    return [i for o in credential.outcomes for i in (o.id, *(d.id for d in o.details))]


def summary(changed: list[TargetChange]) -> str:
    """"1 citation added, 1 explanation rewritten": what changed under an item, counted."""
    counts = [(sum(len(c.added) for c in changed), "citation", "added"),
              (sum(len(c.removed) for c in changed), "citation", "removed"),
              (sum(len(c.rewritten) for c in changed), "explanation", "rewritten"),
              (sum(len(c.requoted) for c in changed), "quote", "changed"),
              (len({a for c in changed for a in c.replaced}), "artifact file", "replaced")]
    return ", ".join(f"{counted(n, noun)} {verb}" for n, noun, verb in counts if n) or "nothing"


def not_yet_items(changes: Changes | None, facts: Facts) -> list[tuple[str, str, list[TargetChange]]]:
    """(id, comment, its changes) for every item the feedback marks not yet, in the credential's order."""
    resubmission = facts.resubmission
    if resubmission is None or resubmission.feedback is None or changes is None:
        return []
    credential = facts.portfolio.credential
    order = {item: n for n, item in enumerate(item_ids(credential))}
    marked = [j for j in resubmission.feedback.results if j.result is Result.NOT_YET and j.id in order]
    return [(j.id, j.comment, changes.for_item(j.id, credential)) for j in sorted(marked, key=lambda j: order[j.id])]
