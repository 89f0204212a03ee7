"""`mcred check`: pure functions from Facts to Findings — one module per family, none prints or reads a file.

    codes       every code declared once (docs/findings.md is generated from it)
    narrative   drafts: words, questions, outcomes                       MC2xx
    evidence    the evidence map: coverage, locators, quotes, explanations   MC3xx
    files       the artifacts' files: missing, unreadable, kinds, sizes      MC4xx
    privacy     student information in drafts, evidence map and artifacts   MC5xx
(MC1xx, input that cannot be read at all, is raised by mcred.read as a UserError.)
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from mcred.checks import evidence, files, narrative, privacy
from mcred.facts import Facts, Review, WordCount

if TYPE_CHECKING:
    from mcred.read.ocr import OcrSettings


def review(facts: Facts) -> Review:
    """Everything that is wrong with the portfolio, and the word counts it was judged by."""
    words: dict[str, WordCount] = {}
    findings = narrative.check(facts, words)
    findings += files.check(facts)
    findings += evidence.check(facts)
    findings += privacy.check(facts)
    return Review(facts, findings, words)


def review_portfolio(folder: Path, ocr: OcrSettings | None = None) -> Review:
    from mcred.read import OcrSettings, read_portfolio

    return review(read_portfolio(folder, ocr=ocr or OcrSettings()))
