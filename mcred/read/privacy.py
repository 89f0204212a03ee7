"""What the privacy scan reads beyond the artifacts' page text: the roster, inside the portfolio, never handed
over."""

from __future__ import annotations

from pathlib import Path

from mcred.errors import UserError
from mcred.facts import Pattern, Portfolio, Privacy
from mcred.findings import Location, error
from mcred.privacy.rules import PrivacyRules, RosterError, Student, identity_rules, parse_roster
from mcred.read.files import TroubleError, read_text


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


def blind_rules(portfolio: Portfolio) -> PrivacyRules | None:
    """What identifies the practitioner, for a blind portfolio (None otherwise): redacted where students' names are."""
    if not portfolio.blind:
        return None
    person = portfolio.practitioner
    redact = portfolio.privacy is not None and portfolio.privacy.redact
    return identity_rules(person.name, (person.school, person.district), portfolio.identity, redact=redact)
