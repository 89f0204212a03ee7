"""What the privacy scan reads: the roster (inside the portfolio, never handed over) and every page's text of
every artifact PDF (PDFium's, with the positions redaction needs; cached by content hash in `.mcred/`)."""

from __future__ import annotations

from pathlib import Path

from mcred.errors import UserError
from mcred.facts import Pattern, Privacy
from mcred.findings import Location, error
from mcred.privacy.rules import PrivacyRules, RosterError, Student, parse_roster
from mcred.read.cache import Cache
from mcred.read.files import TroubleError, read_text

_EXTRACTOR = "pdfium-1"


def privacy_rules(privacy: Privacy, root: Path) -> PrivacyRules:
    """The rules the scan applies; a roster that cannot be read or used is input that cannot be used (exit 2)."""
    students: tuple[Student, ...] = ()
    if privacy.roster is not None:
        where = Location(privacy.roster)
        try:
            text = read_text(privacy.roster, root)
        except TroubleError as exc:
            raise UserError([error("MC108", f"the roster {privacy.roster_as_written} {exc.trouble.says()}",
                                   "name a CSV or text file of student names inside the portfolio folder (not in "
                                   "artifacts/), or remove `roster:`", where, unreadable=True)]) from None
        try:
            students = parse_roster(text, privacy.roster.name)
        except RosterError as exc:
            raise UserError([error("MC108", f"the roster {privacy.roster_as_written}: {exc}",
                                   "give the CSV a `name` column (or `first` and `last`), or list one student a line",
                                   Location(privacy.roster, exc.line), unreadable=True)]) from None
    return PrivacyRules(names=students, terms=privacy.terms, email=Pattern.EMAIL in privacy.patterns,
                        phone=Pattern.PHONE in privacy.patterns, dob=Pattern.DOB in privacy.patterns,
                        id_masks=privacy.student_id, redact=privacy.redact)


def every_page_text(path: Path, digest: str, cache: Cache) -> tuple[str, ...]:
    """Each page's text as PDFium extracts it (what redaction locates words in), cached by the file's hash."""
    key = f"{digest}-{_EXTRACTOR}"
    cached = cache.load_json("pages", key)
    if cached is not None and isinstance(cached.get("pages"), list):
        return tuple(str(t) for t in cached["pages"])
    from mcred.textpos import PdfText

    with PdfText(path) as document:
        texts = tuple(document.text(page) for page in range(1, document.page_count + 1))
    cache.save_json("pages", key, {"pages": list(texts)})
    return texts
