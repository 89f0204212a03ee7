"""Finding students in text: the roster read, the name forms matched and not matched, the patterns, the masks."""

from __future__ import annotations

import itertools
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from privacy_material import EXPECTED, RULES, make_artifact

from mcred.privacy import HitKind, MaskError, PrivacyRules, RosterError, Student, compile_mask, find_hits, mask, parse_roster
from mcred.privacy.pdfscan import scan_pdf
from mcred.textpos import page_text

ALVAREZ = PrivacyRules(names=(Student("Jose", "Alvarez"),))


def found(text: str, rules: PrivacyRules = ALVAREZ) -> list[tuple[str, str]]:
    return [(hit.kind.name, text[hit.start:hit.end]) for hit in find_hits(text, rules)]


# --- the roster ---------------------------------------------------------------------------------------

def test_a_csv_roster_is_read_by_its_first_and_last_columns() -> None:
    roster = parse_roster("\ufeffStudent ID;First Name;Last Name;Middle\n1;José;Álvarez;Luis\n2;Maria;Chen;\n",
                          "students.csv")
    assert roster == (Student("José", "Álvarez", "Luis"), Student("Maria", "Chen"))


def test_a_csv_roster_with_one_name_column_reads_both_orders() -> None:
    roster = parse_roster('Student Name,Grade\n"Alvarez, Jose",7\nMaria Elena Chen,7\n', "roster.CSV")
    assert roster == (Student("Jose", "Alvarez"), Student("Maria", "Chen", "Elena"))


def test_a_plain_list_has_one_student_a_line() -> None:
    roster = parse_roster("# homeroom 7B\nJose Alvarez\n\nChen, Maria\nJose Alvarez\n", "students.txt")
    assert roster == (Student("Jose", "Alvarez"), Student("Maria", "Chen"))


def test_a_csv_without_a_name_column_says_which_columns_it_found() -> None:
    with pytest.raises(RosterError) as caught:
        parse_roster("Student ID,Grade,Homeroom\nS1,7,12B\n", "students.csv")
    assert caught.value.line == 1
    assert "'Student ID', 'Grade', 'Homeroom'" in caught.value.message


def test_a_csv_without_a_header_is_refused_without_repeating_a_name() -> None:
    with pytest.raises(RosterError) as caught:
        parse_roster("Alvarez,Jose,7\nChen,Maria,7\n", "students.csv")
    assert "Alvarez" not in caught.value.message and "Jose" not in caught.value.message
    assert "A•••••z" in caught.value.message


def test_a_one_word_line_is_refused_with_its_line() -> None:
    with pytest.raises(RosterError) as caught:
        parse_roster("Jose Alvarez\nMaria\n", "students.txt")
    assert caught.value.line == 2 and "Maria" not in caught.value.message


# --- names --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("written", ["Jose Alvarez", "José Álvarez", "JOSE ALVAREZ", "jose alvarez",
                                     "Alvarez, Jose", "Álvarez,  José", "J. Alvarez", "J Alvarez", "J.Álvarez",
                                     "Alvarez, J.", "Jose\nAlvarez", "Jose \r\n Alvarez", "Jose Alva-\nrez",
                                     "Jose Alva-\r\n  rez", "Jose Alva\u00adrez", "Jose Alva\ufffe" "rez",
                                     "Jose M. Alvarez", "Jose\u0301 A\u0301lvarez", "Jose Alvarez's"])
def test_a_full_name_is_found_however_it_is_written(written: str) -> None:
    text = f"We met {written} today."
    assert found(text) == [("NAME", written)]


def test_an_accented_roster_finds_the_plain_spelling() -> None:
    rules = PrivacyRules(names=(Student("Renée", "Dubois"),))
    assert found("Renee DUBOIS and R. Dubois", rules) == [("NAME", "Renee DUBOIS"), ("NAME", "R. Dubois")]


@pytest.mark.parametrize("text", ["Jose was absent.", "Alvarez was absent.", "Jose and Maria Alvarez",
                                  "Jose Alvarezson", "Josef Alvarez", "K. Alvarez", "Jose. Alvarez",
                                  "Alvarez, I think", "jose_alvarez", "Jose-Alvarez Street"])
def test_a_first_or_last_name_alone_or_another_name_is_no_hit(text: str) -> None:
    assert found(text) == []


def test_everyday_words_in_a_name_must_look_like_a_name() -> None:
    rules = PrivacyRules(names=(Student("Will", "Hunt"), Student("Grace", "Young")))
    assert found("we will hunt for it; young grace; the young; G Young; I Will; grace young", rules) == []
    assert found("Will Hunt, G. Young and Young, Grace", rules) == [
        ("NAME", "Will Hunt"), ("NAME", "G. Young"), ("NAME", "Young, Grace")]


def test_middle_names_from_the_roster() -> None:
    rules = PrivacyRules(names=(Student("Maria", "Chen", "Elena"),))
    assert found("Maria Elena Chen; Chen, Maria Elena; Maria E. Chen; M. Chen", rules) == [
        ("NAME", "Maria Elena Chen"), ("NAME", "Chen, Maria Elena"), ("NAME", "Maria E. Chen"), ("NAME", "M. Chen")]


def test_terms_match_whole_words_in_any_case() -> None:
    rules = PrivacyRules(terms=("Room 12B", "Lincoln Annex"), email=False)
    assert found("room 12b, Room 12Bx, LINCOLN\nANNEX", rules) == [("TERM", "room 12b"), ("TERM", "LINCOLN\nANNEX")]


# --- patterns -----------------------------------------------------------------------------------------

def test_emails_phones_and_dates_of_birth() -> None:
    rules = PrivacyRules(email=True, phone=True, dob=True)
    text = ("Write to jo.alvarez+home@mail.example.org or call (555) 123-4567, +1 555.123.4567 or 555-123-4567. "
            "DOB: 04/12/2013; born on March 3, 2013; date of birth 2013-04-12. Meeting on 04/12/2024. "
            "Order 1555123456789. Not an email: a@b, @handle.")
    assert found(text, rules) == [
        ("EMAIL", "jo.alvarez+home@mail.example.org"), ("PHONE", "(555) 123-4567"), ("PHONE", "+1 555.123.4567"),
        ("PHONE", "555-123-4567"), ("DOB", "04/12/2013"), ("DOB", "March 3, 2013"), ("DOB", "2013-04-12")]


def test_patterns_are_off_unless_asked_for_except_email() -> None:
    text = "x@example.org (555) 123-4567 DOB: 04/12/2013 S1234567"
    assert found(text, PrivacyRules()) == [("EMAIL", "x@example.org")]
    assert found(text, PrivacyRules(email=False)) == []


def test_a_student_id_mask_matches_whole_ids_only() -> None:
    rules = PrivacyRules(id_masks=("S#######",))
    text = "S1234567 s7654321 S123456 XS12345678 S12345678 XS1234567 S12345678x (S7654321)"
    assert found(text, rules) == [("STUDENT_ID", "S1234567"), ("STUDENT_ID", "s7654321"),
                                  ("STUDENT_ID", "S7654321")]


def test_a_mask_has_letters_digits_and_literals() -> None:
    matcher = compile_mask("??-####")
    assert [m.group() for m in matcher.finditer("AB-1234 A1-1234 ab-12345 ZZ-0000")] == ["AB-1234", "ZZ-0000"]


@pytest.mark.parametrize("bad", ["", "S" + "#" * 32, "S##", "????????", "S #######", "S\t###"])
def test_a_mask_that_would_match_too_much_or_too_long_is_refused(bad: str) -> None:
    with pytest.raises(MaskError):
        compile_mask(bad)


# --- masks --------------------------------------------------------------------------------------------

def test_a_mask_keeps_first_and_last_letters_and_no_digits() -> None:
    assert mask("José\r\nÁlvarez") == "J••é Á•••••z"
    assert mask("Li Wu") == "L• W•"
    assert mask("Alva-\nrez") == "A•••••z"
    assert mask("(555) 123-4567") == "(•••) •••-••••"


def test_no_snippet_shows_a_name() -> None:
    text = "José Álvarez, Alvarez, Jose, J. Alvarez, Jose\nAlva-\nrez"
    for hit in find_hits(text, ALVAREZ):
        flat = "".join(c for c in unicodedata.normalize("NFKD", hit.snippet) if not unicodedata.combining(c))
        assert "jose" not in flat.casefold() and "alvarez" not in flat.casefold()


# --- the artifact -------------------------------------------------------------------------------------

def test_every_hit_in_the_artifact_is_reported_with_its_page(tmp_path: Path) -> None:
    artifact = make_artifact(tmp_path / "artifact.pdf")
    reported = []
    for page_hits in scan_pdf(artifact, RULES):
        text = page_text(artifact, page_hits.page)
        for hit in page_hits.hits:
            written = text[hit.start:hit.end]
            assert hit.snippet == mask(written)
            reported.append((page_hits.page, hit.kind.name, written))
    expected_flat = [(page, kind, _flat(written)) for page, kind, written in EXPECTED]
    assert [(page, kind, _flat(written)) for page, kind, written in reported] == expected_flat


def _flat(text: str) -> str:
    from privacy_material import flat

    return flat(text)


# --- no text can make it fail or hang -----------------------------------------------------------------

NASTY = st.text(alphabet=st.sampled_from(list("Jjosé ÁlvarezS123456789@.-,()\n\r\t'\u2019\u00ad\ufffe\u0301DOB:/_+x"))
                | st.characters(), max_size=3000)
FULL = PrivacyRules(names=(Student("José", "Álvarez"), Student("Will", "Hunt", "A")), terms=("Room 12B",),
                    phone=True, dob=True, id_masks=("S#######", "??-####"))


@settings(max_examples=300, deadline=None)
@given(NASTY)
def test_find_hits_never_fails_and_stays_fast(text: str) -> None:
    started = time.perf_counter()
    hits = find_hits(text, FULL)
    assert time.perf_counter() - started < 0.25   # typically ~1 ms; the bound leaves room for a busy machine
    assert all(0 <= hit.start < hit.end <= len(text) for hit in hits)
    assert all(earlier.end <= later.start for earlier, later in itertools.pairwise(hits))
    assert all(hit.kind in HitKind for hit in hits)


@pytest.mark.parametrize("text", ["a" * 200_000, "@" * 200_000, "a@" * 100_000, "a." * 100_000,
                                  "1-" * 100_000, "DOB " * 50_000, "J. " * 66_000, "José " * 40_000,
                                  "Alva-\n" * 33_000, "(555) " * 33_000, "S" + "1" * 199_999])
def test_a_page_of_200_kb_of_worst_case_text_is_scanned_in_linear_time(text: str) -> None:
    """Each takes 0.02-0.3 s; one regex that backtracked quadratically would take minutes on these."""
    started = time.perf_counter()
    find_hits(text, FULL)
    assert time.perf_counter() - started < 3.0
