"""What counts as student-identifying information: the roster, extra terms, and which built-in patterns to use.

A roster is a CSV with a name column (or first and last columns), or a plain list with one student a line.
Student ID masks are a tiny grammar, never a regex from the user: `#` a digit, `?` a letter, anything else
literal. The matcher built from a mask has only fixed-width character classes, so it runs in linear time.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from mcred.privacy.masking import mask

MAX_STUDENTS = 20_000          # a district-wide export is still far below this; a runaway file is not
MAX_NAME_LENGTH = 100
MAX_MASK_LENGTH = 32
MIN_MASK_DIGITS = 3            # "??" or "S#" would match ordinary words and numbers all over a page

# Header words that make a column something other than the student's own name, checked first:
# "Student ID" holds an id, "Parent Name" a parent's name, "Date of Birth" a date.
_NOT_A_NAME = {"id", "number", "no", "num", "email", "mail", "e", "grade", "teacher", "parent", "guardian",
               "homeroom", "dob", "birth", "phone", "date", "school", "class", "period", "room", "address",
               "gender", "sex", "age", "code", "username", "login", "user"}
_FIRST = {"first", "given", "forename", "fname", "firstname", "givenname"}
_LAST = {"last", "surname", "family", "lname", "lastname", "familyname"}
_MIDDLE = {"middle", "mi", "middlename"}
_FULL = {"name", "student", "pupil", "learner", "fullname", "studentname"}
_HEADER_WORDS = _NOT_A_NAME | _FIRST | _LAST | _MIDDLE | _FULL | {
    "level", "status", "section", "year", "course", "notes", "comments", "comment", "score", "points", "iep",
    "ell", "team", "house", "advisor", "counselor", "bus", "lunch", "track", "program", "cohort", "of", "s",
    "initial", "initials", "preferred", "nickname", "legal", "local", "state", "district", "contact", "home",
    "language", "ethnicity", "race", "enrollment", "entry", "exit", "attendance", "rank", "gpa"}


@dataclass(frozen=True)
class Student:
    first: str
    last: str
    middle: str | None = None


@dataclass(frozen=True)
class PrivacyRules:
    names: tuple[Student, ...] = ()
    terms: tuple[str, ...] = ()
    email: bool = True
    phone: bool = False
    dob: bool = False
    id_masks: tuple[str, ...] = ()
    redact: bool = False

    def joined(self, other: PrivacyRules) -> PrivacyRules:
        """These rules looking also for `other`'s names and terms (its patterns and masks are not taken)."""
        return PrivacyRules(names=self.names + other.names, terms=self.terms + other.terms, email=self.email,
                            phone=self.phone, dob=self.dob, id_masks=self.id_masks, redact=self.redact)


class RosterError(ValueError):
    """A roster that cannot be used as it stands; `line` is 1-based, None when the whole file is at fault."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


class MaskError(ValueError):
    """A student ID mask that is too long, too vague or holds characters a mask cannot have."""


def parse_roster(text: str, filename: str) -> tuple[Student, ...]:
    """The students a roster names: a .csv file by its header, anything else as one student a line."""
    text = text.lstrip("\ufeff")
    students = _parse_csv(text, filename) if filename.lower().endswith(".csv") else _parse_list(text)
    if not students:
        raise RosterError(f"{filename} names no students: write one student a line, or a CSV with a name column")
    if len(students) > MAX_STUDENTS:
        raise RosterError(f"{filename} names {len(students):,} students; mcred reads at most {MAX_STUDENTS:,}")
    return tuple(dict.fromkeys(students))  # a student listed twice is one student


def parse_name(written: str, line: int | None = None) -> Student:
    """"Last, First [Middle]" or "First [Middle …] Last" (the last word is the last name).

    Errors give the line, never the name: a report about the roster must not itself spread a student's name.
    """
    written = " ".join(written.split())
    if len(written) > MAX_NAME_LENGTH:
        raise RosterError(f"a name longer than {MAX_NAME_LENGTH} characters: is this really a name column?", line)
    if "," in written:
        last, _, rest = (part.strip() for part in written.partition(","))
        given = rest.split()
        if not last or not given or "," in rest:
            raise RosterError("cannot read this name: write it as 'Last, First' or 'First Last'", line)
        return _student(given[0], last, " ".join(given[1:]), line)
    words = written.split()
    if len(words) < 2:
        raise RosterError("this name is one word: a student needs a first and a last name "
                          "(a first name alone is too common to look for)", line)
    return _student(words[0], words[-1], " ".join(words[1:-1]), line)


def _student(first: str, last: str, middle: str, line: int | None) -> Student:
    if not first or not last:
        raise RosterError("a student needs a first and a last name; this row lacks one", line)
    if max(len(first), len(last), len(middle)) > MAX_NAME_LENGTH:
        raise RosterError(f"a name longer than {MAX_NAME_LENGTH} characters: is this really a name column?", line)
    if not any(char.isalpha() for char in first) or not any(char.isalpha() for char in last):
        raise RosterError("this name has no letters in its first or last name", line)
    return Student(first=first, last=last, middle=middle or None)


def _parse_list(text: str) -> list[Student]:
    students = []
    for number, raw in enumerate(text.splitlines(), 1):
        written = raw.strip()
        if written and not written.startswith("#"):
            students.append(parse_name(written, number))
    return students


def _parse_csv(text: str, filename: str) -> list[Student]:
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        header = next(reader, [])
        columns = _name_columns(header, filename)
        students = []
        for row in reader:
            cells = [cell.strip() for cell in row]
            if any(cells):
                students.append(columns.student(cells, reader.line_num))
    except csv.Error as exc:
        raise RosterError(f"{filename} is not a readable CSV file ({exc})", reader.line_num) from None
    return students


@dataclass(frozen=True)
class _Columns:
    """Where the name sits in a CSV row: one full-name column, or first and last (and maybe middle)."""

    full: int | None = None
    first: int | None = None
    last: int | None = None
    middle: int | None = None

    def student(self, cells: list[str], line: int) -> Student:
        def cell(index: int | None) -> str:
            return cells[index] if index is not None and index < len(cells) else ""

        if self.first is not None and self.last is not None:
            return _student(cell(self.first), cell(self.last), cell(self.middle), line)
        return parse_name(cell(self.full), line)


def _name_columns(header: list[str], filename: str) -> _Columns:
    roles: dict[str, int] = {}
    for index, title in enumerate(header):
        role = _column_role(title)
        if role and role not in roles:
            roles[role] = index
    if "first" in roles and "last" in roles:
        return _Columns(first=roles["first"], last=roles["last"], middle=roles.get("middle"))
    if "full" in roles:
        return _Columns(full=roles["full"])
    found = ", ".join(_shown_title(title.strip()) for title in header if title.strip()) or "none"
    raise RosterError(f"{filename} has no column of student names (columns found in its first row: {found}); "
                      "start the file with a header row naming a 'Name' column (First Last or Last, First), or "
                      "'First' and 'Last' columns — or list one student a line in a .txt file", 1)


def _shown_title(title: str) -> str:
    """A column title as the error may show it: a first row without a header may hold a student's name."""
    words = re.sub(r"[^a-z]+", " ", title.lower()).split()
    if words and set(words) <= _HEADER_WORDS:
        return repr(title)
    return repr(mask(title)) + " (masked)"


def _column_role(title: str) -> str | None:
    words = re.sub(r"[^a-z]+", " ", title.lower()).split()
    joined = "".join(words)
    if not words or set(words) & _NOT_A_NAME:
        return None
    if set(words) & _FIRST and set(words) & _LAST:
        return "full"  # "Name (Last, First)": both halves in one cell
    if set(words) & _FIRST or joined in _FIRST:
        return "first"
    if set(words) & _LAST or joined in _LAST:
        return "last"
    if set(words) & _MIDDLE or joined in _MIDDLE:
        return "middle"
    if set(words) & _FULL or joined in _FULL:
        return "full"
    return None


def compile_mask(mask: str) -> re.Pattern[str]:
    """A matcher for one student ID mask, whole IDs only: `S#######` finds S1234567, not XS1234567 or S12345678.

    Built from fixed-width classes and escaped literals, with no repetition, so it cannot backtrack: the
    cost is linear in the text whatever mask a user writes.
    """
    if not mask or len(mask) > MAX_MASK_LENGTH:
        raise MaskError(f"a student ID mask has 1 to {MAX_MASK_LENGTH} characters; {mask!r} has {len(mask)}")
    if any(char.isspace() or not char.isprintable() for char in mask):
        raise MaskError(f"a student ID mask has no spaces or control characters: {mask!r}")
    if mask.count("#") < MIN_MASK_DIGITS:
        raise MaskError(f"{mask!r} has fewer than {MIN_MASK_DIGITS} digits (#): it would match ordinary words "
                        "and numbers; write one # for every digit of the ID, e.g. S#######")
    parts = ["[0-9]" if char == "#" else "[A-Za-z]" if char == "?" else re.escape(char) for char in mask]
    # The edges: no letter or digit may touch the ID, so a longer code is not read as an ID plus a tail.
    return re.compile(r"(?<![A-Za-z0-9])" + "".join(parts) + r"(?![A-Za-z0-9])", re.IGNORECASE)


# --- what identifies the practitioner, for blind review ---------------------------------------------------

# Words that name what kind of place a school or district is, not which one: "Cedar Ridge Middle School" is
# also written "Cedar Ridge", and that is the part that identifies it.
_KIND_OF_PLACE = {"school", "schools", "elementary", "middle", "high", "junior", "senior", "academy", "district",
                  "unified", "public", "county", "independent", "consolidated", "community", "charter", "primary",
                  "intermediate", "preparatory", "prep", "magnet", "isd", "usd", "cusd", "sd", "the", "of", "and",
                  "k", "center", "campus", "regional", "city", "township", "union", "joint", "area", "local"}
_HONORIFIC = {"dr", "mr", "mrs", "ms", "mx", "miss", "prof", "rev"}
# After a comma: degrees and suffixes ("Angela Whitfield, Ed.D."), not a given name ("Whitfield, Angela").
_CREDENTIALS = re.compile(r"^(?:[A-Z][A-Za-z]{0,3}\.?){1,4}(?:[ ,]+(?:[A-Z][A-Za-z]{0,3}\.?){1,4})*$")
_DEGREE_LIKE = re.compile(r"\.|^(?:[A-Z]{2,}|Jr|Sr|II|III|IV)$")


def identity_rules(name: str, places: tuple[str, ...], words: tuple[str, ...], *, redact: bool) -> PrivacyRules:
    """The rules that find the practitioner: their name in every form a roster name is found in ("First Last",
    "Last, First", "F. Last" …), each place (school, district) as written and without the words that only say
    what kind of place it is, and the `identity:` words as they are. Nothing else: no email or phone pattern."""
    from mcred.privacy.common_words import COMMON_WORDS

    names: tuple[Student, ...] = ()
    terms: list[str] = []
    person = _practitioner_name(name)
    if person is not None:
        names = (person,)
    elif name.strip():
        terms.append(name.strip())       # one word, or a name that reads as no name: looked for as written
    for place in places:
        place = " ".join(place.split())
        if not place:
            continue
        terms.append(place)
        words_of_place = place.split()
        while words_of_place and re.sub(r"\W", "", words_of_place[-1]).lower() in _KIND_OF_PLACE:
            words_of_place.pop()
        while words_of_place and words_of_place[0].lower() == "the":
            words_of_place.pop(0)
        stem = " ".join(words_of_place)
        if stem and stem != place and not (len(words_of_place) == 1 and stem.lower() in COMMON_WORDS):
            terms.append(stem)
    terms += [word for word in (" ".join(w.split()) for w in words) if word]
    return PrivacyRules(names=names, terms=tuple(dict.fromkeys(terms)), email=False, phone=False, dob=False,
                        redact=redact)


def _practitioner_name(written: str) -> Student | None:
    """The practitioner's name as a roster name, without a title before it or degrees after it."""
    written = " ".join(written.split())
    if "," in written:
        head, _, tail = written.partition(",")
        if _CREDENTIALS.match(tail.strip()) and all(_DEGREE_LIKE.search(w) for w in tail.replace(",", " ").split()):
            written = head
    words = written.split()
    while len(words) > 2 and words[0].rstrip(".").lower() in _HONORIFIC:
        words.pop(0)
    try:
        return parse_name(" ".join(words))
    except RosterError:
        return None
