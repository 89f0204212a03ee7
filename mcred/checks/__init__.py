"""`mcred check`: everything an assessor would reject, as Findings — one module per family, none prints.

    load        YAML schema (mcred.read.manifest)            MC1xx
    narrative   drafts: words, questions, outcomes   MC2xx
    evidence    the evidence map: coverage, locators, quotes, explanations   MC3xx
    files       the artifacts' files: missing, unreadable, kinds, sizes      MC4xx
"""

from __future__ import annotations

from pathlib import Path

from mcred.read.artifacts import open_artifact
from mcred.checks import evidence, files, narrative
from mcred.read.manifest import load_portfolio
from mcred.facts import Review


def review_portfolio(folder: Path) -> Review:
    """Read the portfolio, its drafts and its artifacts once, and say everything that is wrong with them."""
    loaded = load_portfolio(folder)
    review = Review(loaded.portfolio, list(loaded.findings))
    portfolio = loaded.portfolio
    if portfolio is None:
        return review
    review.findings += narrative.check(portfolio, review.words, review.drafts)
    if any(f.code == "MC101" and f.where is not None and f.where.file == portfolio.evidence_file
           for f in review.findings):
        return review   # the evidence map did not parse: "no evidence" for every detail would only repeat that
    opened = {a.id: open_artifact(a) for a in portfolio.artifacts}
    review.artifacts = {artifact_id: o.info for artifact_id, o in opened.items()}
    review.findings += files.check(portfolio, opened)
    review.findings += evidence.check(portfolio, opened, review.located)
    return review
