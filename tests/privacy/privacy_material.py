"""Privacy test material: a roster, the rules built on it, and a real artifact (Typst) naming its students."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from mcred.privacy import PrivacyRules, parse_roster

# The roster spells some names without accents and the artifact with them, and one the other way round.
ROSTER_CSV = """Student ID,Last Name,First Name,Grade
S1234567,Alvarez,Jose,7
S7654321,Chen,Maria,7
S1111111,Okafor,Daniel,8
S2222222,Dubois,Renée,8
S3333333,Young,Grace,6
"""

RULES = PrivacyRules(names=parse_roster(ROSTER_CSV, "students.csv"), terms=("Room 12B",), email=True, phone=True,
                     dob=True, id_masks=("S#######",), redact=True)

# What each page of the artifact holds; None marks a page with nothing to find.
ARTIFACT_PAGES: list[tuple[str, str | None]] = [
    ("prose", "Attendance review. The team met José Álvarez and his family in Room 12B on Tuesday; "
              "follow-up goes to parent.alvarez\\@example.org."),
    ("table", None),                     # a table with a student in a cell, written as Typst markup below
    ("clean", "Section 3. The accountability plan lists strategies, timelines, evaluation and monitoring."),
    ("breaks", None),                    # a name over a forced line break, another hyphenated at one
    ("numbers", "Enrollment record. DOB: 04/12/2013. Student number S1234567; not ids: S123456, XS12345678."),
    ("clean", "Section 4. Monitoring happens in monthly data meetings with each grade-level team."),
]

PAGE_MARKUP = {
    "table": '#table(columns: 3, [Student], [Grade], [Phone], [Maria Chen], [7], [(555) 123-4567])\n\n'
             'Table 1. Students in the reading intervention.',
    "breaks": '#block(width: 9cm)[We met with Daniel \\ Okafor after lunch, and later with Renee Dubo-\\ is '
              'and her mother.]',
}

# Where each hit must be found: (page, kind name, the text it stands for).
EXPECTED = [
    (1, "NAME", "José Álvarez"), (1, "TERM", "Room 12B"), (1, "EMAIL", "parent.alvarez@example.org"),
    (2, "NAME", "Maria Chen"), (2, "PHONE", "(555) 123-4567"),
    (4, "NAME", "Daniel Okafor"), (4, "NAME", "Renee Dubois"),
    (5, "DOB", "04/12/2013"), (5, "STUDENT_ID", "S1234567"),
]
SECRETS = ["jose alvarez", "alvarez", "maria chen", "daniel okafor", "okafor", "renee dubois", "dubois",
           "parent.alvarez@example.org", "555", "123-4567", "04/12/2013", "s1234567", "room 12b"]
CLEAN_PAGES = [3, 6]


def make_artifact(path: Path) -> Path:
    """A six-page PDF typeset with Typst, naming roster students in prose, a table and across line breaks."""
    import typst

    body = []
    for kind, text in ARTIFACT_PAGES:
        body.append(PAGE_MARKUP[kind] if text is None else text)
    source = ('#set page(paper: "us-letter")\n#set text(font: "Libertinus Serif", size: 11pt)\n'
              + "\n#pagebreak()\n".join(body))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(typst.compile(source.encode(), timestamp=0))
    return path


def flat(text: str) -> str:
    """Text as a reader would compare it: no accents, case folded, line-break hyphens joined, spaces collapsed."""
    text = re.sub(r"[-\u00ad\ufffe][ \t]*(?:\r\n|\n)?", "", text)
    text = "".join(char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char))
    return " ".join(text.casefold().split())
