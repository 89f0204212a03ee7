"""`mcred credentials`: the catalog, one credential, and the validator for a practitioner's own file."""

from __future__ import annotations

from test_init import OWN_CREDENTIAL

from mcred.facts import PartKind
from mcred.read import catalog, load_credential


def test_catalog_lists_both_seed_credentials(cli):
    result = cli("credentials")
    assert result.exit_code == 0
    assert "ensuring-accountability" in result.output
    assert "leading-vision-and-mission" in result.output
    assert "1,000 / 500" in result.output


def test_one_credential_shows_outcomes_details_and_questions(cli):
    result = cli("credentials", "leading-vision-and-mission")
    assert result.exit_code == 0
    assert "3 outcomes · 4 questions" in result.output
    assert "Utilize inquiry and research" in result.output
    assert "Responsibilities in the plan." in result.output
    assert "from the outcome wording" in result.output


def test_catalog_is_complete_from_the_seeds():
    accountability = load_credential(catalog.resolve("ensuring-accountability"))
    assert [o.id for o in accountability.outcomes] == ["1", "2", "3", "4"]
    assert accountability.outcomes[0].text == "Collaboratively establish clear organizational performance expectations."
    assert [p.id for p in accountability.parts] == ["overview", "evidence", "reflection"]
    assert len(accountability.part("overview").prompts) == 4
    assert accountability.part("overview").min_words == 1000
    assert accountability.part("reflection").min_words == 500
    assert accountability.part("reflection").address_outcomes
    assert accountability.evidence_part.kind is PartKind.EVIDENCE
    # only outcome 4 enumerates its components; no invented details elsewhere
    assert [len(o.details) for o in accountability.outcomes] == [0, 0, 0, 4]
    assert all(d.source == "outcome wording" for d in accountability.outcomes[3].details)
    assert accountability.domain == "Systems"

    vision = load_credential(catalog.resolve("leading-vision-and-mission"))
    assert len(vision.outcomes) == 3 and len(vision.part("overview").prompts) == 4
    assert [d.id for d in vision.outcomes[2].details] == ["3.1", "3.2", "3.3", "3.4", "3.5"]
    assert [t.id for t in vision.targets] == ["1", "2", "3.1", "3.2", "3.3", "3.4", "3.5"]


def test_a_users_own_credential_file_validates(tmp_path, cli):
    own = tmp_path / "mine.yaml"
    own.write_text(OWN_CREDENTIAL)
    result = cli("credentials", str(own))
    assert result.exit_code == 0
    assert "Building a Data Culture" in result.output


def test_syntax_error_names_file_and_line(tmp_path, cli):
    broken = tmp_path / "broken.yaml"
    broken.write_text(OWN_CREDENTIAL.replace("title: Building a Data Culture", "title: [Building a Data Culture"))
    result = cli("credentials", str(broken))
    assert result.exit_code == 2
    assert "broken.yaml:3" in result.output
    assert "is not valid YAML" in result.output
    assert "Traceback" not in result.output


def test_unknown_key_suggests_the_nearest(tmp_path, cli):
    typo = tmp_path / "typo.yaml"
    typo.write_text(OWN_CREDENTIAL.replace("    text: Build a data team.", "    txt: Build a data team."))
    result = cli("credentials", str(typo))
    assert result.exit_code == 2
    assert "typo.yaml:7:5" in result.output
    assert "`txt` is not a field of an outcome — did you mean `text`?" in result.output


def test_wrong_type_says_what_was_expected(tmp_path, cli):
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text(OWN_CREDENTIAL.replace("min_words: 300", "min_words: lots"))
    result = cli("credentials", str(wrong))
    assert result.exit_code == 2
    assert "min_words should be a whole number, not text" in result.output


def test_unknown_credential_id(cli):
    result = cli("credentials", "leading-vision")
    assert result.exit_code == 2
    assert "did you mean `leading-vision-and-mission`" in result.output


def test_a_folder_is_not_a_credential_file(tmp_path, cli):
    result = cli("credentials", str(tmp_path))
    assert result.exit_code == 2
    assert "is a folder, not a credential file" in result.output


def test_tabs_in_yaml_are_named_as_the_problem(tmp_path, cli):
    path = tmp_path / "mine.yaml"
    path.write_text("id: mine\ntitle: Mine\noutcomes:\n\t- id: '1'\n", encoding="utf-8")
    result = cli("credentials", str(path))
    assert result.exit_code == 2
    assert "mine.yaml:4" in result.output and "indent with spaces instead of tabs" in result.output
