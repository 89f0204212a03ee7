"""Editor help: the JSON Schemas of mcred.yaml, credential.yaml and evidence.yaml say what the checker says.

The schemas come from one declaration (mcred/read/formats.py), as do the keys the reader allows. These tests hold
the two sides together: the shipped files validate, and every value the checker refuses as a schema problem
(MC102 wrong kind or missing key, MC103 unknown key) the schema refuses too.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft7Validator, Draft202012Validator

from mcred.facts import Practitioner
from mcred.read import catalog, load_credential
from mcred.read.formats import FORMATS, SCHEMA_FORMATS, Format
from mcred.read.manifest import load_portfolio
from mcred.resources import catalog_dir
from mcred.scaffold import init_portfolio
from mcred.schema import schema_text

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(p for p in (ROOT / "examples").iterdir() if (p / "mcred.yaml").is_file())
BY_FILE = {form.file: form for form in FORMATS}
SCHEMA_CODES = {"MC102", "MC103"}
Path_ = tuple[str | int, ...]


class EditorLoader(yaml.SafeLoader):
    """YAML as an editor's language server reads it (YAML 1.2): `2026-11-20` stays text, not a date. Safe: a
    SafeLoader with one resolver less."""


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=EditorLoader)


def validator(form: Format) -> Draft202012Validator:
    return Draft202012Validator(form.json_schema())


def schema_errors(form: Format, data: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(form).iter_errors(data)]


# --- the schemas themselves -----------------------------------------------------------------------

@pytest.mark.parametrize("form", FORMATS, ids=lambda f: f.name)
def test_each_schema_is_a_valid_2020_12_schema_and_reads_as_draft_07(form):
    schema = form.json_schema()
    Draft202012Validator.check_schema(schema)
    # VS Code's YAML language server validates with draft-07 rules: the schema must mean the same there.
    Draft7Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["additionalProperties"] is False


@pytest.mark.parametrize("form", FORMATS, ids=lambda f: f.name)
def test_every_field_has_one_line_of_help(form):
    def walk(schema: dict, where: str) -> Iterator[tuple[str, str]]:
        for key, sub in schema.get("properties", {}).items():
            yield f"{where}.{key}", sub.get("description", "")
            yield from walk(sub, f"{where}.{key}")
        for nested in ("items", "additionalProperties"):
            if isinstance(schema.get(nested), dict):
                yield from walk(schema[nested], where)
        for option in schema.get("oneOf", []):
            yield from walk(option, where)

    helps = dict(walk(form.json_schema(), form.name))
    assert len(helps) >= 5
    for where, text in helps.items():
        assert text and "\n" not in text and len(text) < 140, where


# --- what ships validates -------------------------------------------------------------------------

@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_both_examples_three_files_validate(example):
    manifest = load(example / "mcred.yaml")
    assert schema_errors(BY_FILE["mcred.yaml"], manifest) == []
    assert schema_errors(BY_FILE["evidence.yaml"], load(example / manifest.get("evidence", "evidence.yaml"))) == []
    credential = catalog.resolve(manifest["credential"], example)   # the examples name a catalog credential
    assert schema_errors(BY_FILE["credential.yaml"], load(credential)) == []


def test_the_catalog_validates():
    files = sorted(catalog_dir().glob("*.yaml"))
    assert len(files) >= 2
    for path in files:
        assert schema_errors(BY_FILE["credential.yaml"], load(path)) == [], path.name


# --- the checker and the schema agree -------------------------------------------------------------

def full_portfolio(folder: Path) -> Path:
    """An init'd portfolio with every optional section filled in, so that every kind of mapping occurs."""
    credential = load_credential(catalog.resolve("ensuring-accountability"))
    init_portfolio(folder, credential, Practitioner("Jordan Rivera", "Principal", "Lincoln Middle", "Riverside"))
    manifest = load(folder / "mcred.yaml")
    manifest.update(date="2026-11-20", settings={"upload_limit_mb": 25},
                    privacy={"roster": "roster.csv", "terms": ["Jamie"], "find": ["email", "phone"],
                             "student_id": ["S#######"], "redact": True})
    evidence = load(folder / "evidence.yaml")
    evidence["artifacts"][0]["numbering"] = "printed"
    evidence["artifacts"].append({"id": "A2", "title": "PLC meeting", "url": "https://example.org/v",
                                  "duration": "18:42"})
    first = next(iter(evidence["evidence"].values()))
    first[0].update(quote="expectations were drafted", numbering="position")
    first.append({"artifact": "A2", "time": "1:00-2:30", "explanation": "The meeting shows it."})
    dump(folder / "mcred.yaml", manifest)
    dump(folder / "evidence.yaml", evidence)
    return folder


def dump(path: Path, data: Any) -> None:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10_000), encoding="utf-8")


def checker_refuses(folder: Path, file: str) -> list[str]:
    """The schema findings (MC102, MC103) reading the portfolio reports in `file`."""
    return [f"{f.code} {f.message}" for f in load_portfolio(folder).findings
            if f.code in SCHEMA_CODES and f.where is not None and f.where.file.name == file]


def records(schema: dict, data: Any) -> dict[str, tuple[Path_, dict]]:
    """Each mapping with fixed keys in `data`, by title: where it first occurs, and its schema."""
    found: dict[str, tuple[Path_, dict]] = {}

    def walk(schema: dict, data: Any, path: Path_) -> None:
        if "properties" in schema and isinstance(data, dict):
            found.setdefault(schema["title"], (path, schema))
            for key, sub in schema["properties"].items():
                if key in data:
                    walk(sub, data[key], (*path, key))
        elif isinstance(schema.get("items"), dict) and isinstance(data, list):
            for index, item in enumerate(data):
                walk(schema["items"], item, (*path, index))
        elif isinstance(schema.get("additionalProperties"), dict) and isinstance(data, dict):
            for key, value in data.items():
                walk(schema["additionalProperties"], value, (*path, key))

    walk(schema, data, ())
    return found


def wrong_value(field_schema: dict) -> Any:
    """A value of the wrong kind for a field, chosen from what its schema allows."""
    kinds = field_schema.get("type", [])
    kinds = [kinds] if isinstance(kinds, str) else kinds
    if "oneOf" in field_schema:
        return {"a": "mapping"}
    if "enum" in field_schema:
        return "bogus"
    if "integer" in kinds:
        return -1
    if "number" in kinds and "string" not in kinds:
        return 0
    if "boolean" in kinds:
        return "maybe"
    if "string" in kinds:
        return ["a", "list"]
    return "text"     # a list or a mapping


def mutations(form: Format, data: Any) -> Iterator[tuple[str, Any]]:
    """(what, changed data): an unknown key, a missing required key, a wrong value and a blank one, everywhere."""
    for title, (path, schema) in records(form.json_schema(), data).items():
        def changed(edit, path=path):
            copied = copy.deepcopy(data)
            target = copied
            for step in path:
                target = target[step]
            edit(target)
            return copied
        yield f"{title}: unknown key", changed(lambda m: m.update(explanaton="typo"))
        for key in schema.get("required", []):
            yield f"{title}: no {key}", changed(lambda m, key=key: m.pop(key, None))
        for key, sub in schema["properties"].items():
            wrong = wrong_value(sub)
            yield f"{title}: {key} of the wrong kind", changed(lambda m, key=key, wrong=wrong: m.update({key: wrong}))
            if key not in schema.get("required", []):
                yield f"{title}: {key} left blank", changed(lambda m, key=key: m.update({key: None}))


def test_checker_and_schema_agree_on_every_key_of_every_mapping(tmp_path):
    folder = full_portfolio(tmp_path / "p")
    originals = {form.file: (folder / form.file).read_text(encoding="utf-8") for form in FORMATS}
    seen: set[str] = set()
    tried = 0
    for form in FORMATS:
        data = load(folder / form.file)
        assert schema_errors(form, data) == [] and checker_refuses(folder, form.file) == [], form.file
        seen |= set(records(form.json_schema(), data))
        for what, changed in mutations(form, data):
            dump(folder / form.file, changed)
            checker = checker_refuses(folder, form.file)
            schema = schema_errors(form, changed)
            assert bool(checker) == bool(schema), f"{form.file}, {what}: checker {checker}, schema {schema}"
            tried += 1
        (folder / form.file).write_text(originals[form.file], encoding="utf-8")
    # every mapping the three formats declare was reached, so no part of the declaration went untested
    assert seen == {"mcred portfolio manifest", "Practitioner", "Settings", "Privacy", "mcred credential",
                    "Essential outcome", "Detail", "Part", "Question", "mcred evidence map", "Artifact", "Citation"}
    assert tried > 100


def test_an_artifact_needs_a_file_or_a_url_in_both(tmp_path):
    folder = full_portfolio(tmp_path / "p")
    evidence = load(folder / "evidence.yaml")
    for blank in ({"url": None}, {}):
        artifact = {"id": "A3", "title": "A lost file", **blank}
        dump(folder / "evidence.yaml", {**evidence, "artifacts": [*evidence["artifacts"], artifact]})
        assert checker_refuses(folder, "evidence.yaml")
        assert schema_errors(BY_FILE["evidence.yaml"], load(folder / "evidence.yaml"))


# The typos a practitioner makes, each through `mcred check --json` (exit 2) and through the schema.
TYPOS = [
    ("mcred.yaml", ("practitoner",), {"name": "A"}, "MC103"),
    ("mcred.yaml", ("practitioner", "scool"), "Oak High", "MC103"),
    ("mcred.yaml", ("settings", "upload_limit"), 25, "MC103"),
    ("mcred.yaml", ("privacy", "redacted"), True, "MC103"),
    ("mcred.yaml", ("privacy", "find"), ["email", "ssn"], "MC102"),
    ("mcred.yaml", ("privacy", "student_id"), "S12", "MC102"),
    ("mcred.yaml", ("date",), "next Friday", "MC102"),
    ("mcred.yaml", ("practitioner", "name"), ["Jordan", "Rivera"], "MC102"),
    ("credential.yaml", ("titel",), "Ensuring Accountability", "MC103"),
    ("credential.yaml", ("outcomes", 0, "txt"), "x", "MC103"),
    ("credential.yaml", ("outcomes", 3, "details", 0, "sources"), "x", "MC103"),
    ("credential.yaml", ("parts", 0, "min_word"), 1000, "MC103"),
    ("credential.yaml", ("parts", 0, "prompts", 0, "question"), "x", "MC103"),
    ("credential.yaml", ("parts", 0, "kind"), "narative", "MC102"),
    ("credential.yaml", ("parts", 0, "min_words"), -5, "MC102"),
    ("evidence.yaml", ("artefacts",), [], "MC103"),
    ("evidence.yaml", ("artifacts", 0, "fiel"), "artifacts/a.pdf", "MC103"),
    ("evidence.yaml", ("artifacts", 0, "numbering"), "labels", "MC102"),
    ("evidence.yaml", ("evidence", "1", 0, "explanaton"), "x", "MC103"),
    ("evidence.yaml", ("evidence", "1", 0, "pages"), [4, 5], "MC102"),
    ("evidence.yaml", ("evidence", "1", 0, "numbering"), "Roman", "MC102"),
]


@pytest.mark.parametrize(("file", "path", "value", "code"), TYPOS, ids=lambda v: ".".join(map(str, v))
                         if isinstance(v, tuple) else None)
def test_a_typo_is_refused_by_check_and_by_the_schema(tmp_path, cli, file, path, value, code):
    folder = full_portfolio(tmp_path / "p")
    data = load(folder / file)
    target = data
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    dump(folder / file, data)

    assert schema_errors(BY_FILE[file], data)
    result = cli("check", str(folder), "--json")
    assert result.exit_code == 2, result.output
    report = json.loads(result.stdout)
    assert any(f["code"] == code and f["file"] == file for f in report["findings"]), report["findings"]


# --- mcred schema ---------------------------------------------------------------------------------

def test_mcred_schema_writes_every_schema(tmp_path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("schema")
    assert result.exit_code == 0, result.output
    for form in SCHEMA_FORMATS:
        path = tmp_path / "schemas" / form.schema_file
        assert f"Written: {Path('schemas') / form.schema_file}" in result.stdout
        schema = json.loads(path.read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
        assert schema == form.json_schema()

    again = cli("schema")
    assert again.exit_code == 0 and again.stdout.count("Unchanged:") == len(SCHEMA_FORMATS)


def test_mcred_schema_replaces_a_different_file_only_with_force(tmp_path, cli):
    out = tmp_path / "editor"
    assert cli("schema", "--output", str(out)).exit_code == 0
    mine = out / "evidence.schema.json"
    mine.write_text('{"mine": true}\n', encoding="utf-8")
    (out / "mcred.schema.json").unlink()

    refused = cli("schema", "-o", str(out))
    assert refused.exit_code == 2
    assert "evidence.schema.json" in refused.output and "--force" in refused.output
    assert mine.read_text(encoding="utf-8") == '{"mine": true}\n'
    assert not (out / "mcred.schema.json").exists()      # all or nothing

    forced = cli("schema", "-o", str(out), "--force")
    assert forced.exit_code == 0, forced.output
    assert mine.read_text(encoding="utf-8") == schema_text(BY_FILE["evidence.yaml"])
    assert sorted(p.name for p in out.iterdir()) == sorted(f.schema_file for f in SCHEMA_FORMATS)  # no temporary left


def test_mcred_schema_into_a_file_is_refused(tmp_path, cli):
    blocker = tmp_path / "notes.txt"
    blocker.write_text("x")
    result = cli("schema", "--output", str(blocker))
    assert result.exit_code == 2
    assert "is a file, not a folder" in result.output
    assert blocker.read_text() == "x"
