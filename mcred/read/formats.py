"""The three YAML formats mcred reads — mcred.yaml, credential.yaml, evidence.yaml — declared once.

Each field is declared here with its name, its type, whether it is required, and the one-line help an editor
shows. From this one table come the keys manifest.py allows and needs (a new key is one `Field` here plus the
line that reads it), and the JSON Schemas that `mcred schema` and `mcred init` write for editors.

The schemas state draft 2020-12 but use only keywords that mean the same in draft-07, which is what the YAML
language server behind VS Code validates with: no `$defs`, `prefixItems` or `unevaluated*`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from mcred.facts import Numbering, PartKind, Pattern
from mcred.privacy.rules import MAX_MASK_LENGTH, MIN_MASK_DIGITS

JsonSchema = dict[str, Any]

DIALECT = "https://json-schema.org/draft/2020-12/schema"


# --- types ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Type:
    """What a value may be. `blank_ok`: the reader takes `key:` with nothing after it as if the key were absent
    (so the schema lets an optional key be left blank, as the checker does)."""

    name: str                                   # in the user's words: "text", "a list of artifacts"
    schema: JsonSchema = field(default_factory=dict, compare=False)
    blank_ok: bool = True

    def json_schema(self) -> JsonSchema:
        return dict(self.schema)


TEXT = Type("text", {"type": "string"})
# Ids, pages and time stamps may be written bare (`id: 1`, `pages: 4`, `duration: 18:42`); the reader takes
# the number as the text it was written as.
TEXT_OR_NUMBER = Type("text or a number", {"type": ["string", "number"]})
COUNT = Type("a whole number, 0 or more", {"type": "integer", "minimum": 0})
POSITIVE = Type("a number above 0", {"type": "number", "exclusiveMinimum": 0})
FLAG = Type("true or false", {"type": "boolean"})
DATE = Type("a date (YYYY-MM-DD)", {"type": "string", "format": "date",
                                     "pattern": r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"})
# A student ID mask as privacy.rules.compile_mask takes it: no spaces, at least MIN_MASK_DIGITS `#`.
MASK = Type("a student ID mask", {"type": "string",
                                  "pattern": rf"^(?=(?:[^#]*#){{{MIN_MASK_DIGITS}}})\S{{1,{MAX_MASK_LENGTH}}}$"})


def choice(values: type[Enum]) -> Type:
    """One of an enum's values, written in lower case."""
    words = [str(member.value) for member in values]
    return Type(" or ".join(words), {"type": "string", "enum": words})


def list_of(item: Type) -> Type:
    return Type(f"a list of {item.name}", {"type": "array", "items": item.json_schema()})


def mapping_of(value: Type, key: str) -> Type:
    """A mapping whose keys the user chooses (`key` says what they are), each holding a `value`."""
    values = _blank_allowed(value.json_schema()) if value.blank_ok else value.json_schema()
    return Type(f"a mapping of {key} to {value.name}", {"type": "object", "additionalProperties": values},
                blank_ok=False)


def either(*types: Type) -> Type:
    return Type(" or ".join(t.name for t in types), {"oneOf": [t.json_schema() for t in types]})


@dataclass(frozen=True)
class Field:
    name: str
    type: Type
    help: str                  # what the editor shows on hover: the user's words, one line
    required: bool = False

    def json_schema(self) -> JsonSchema:
        schema = self.type.json_schema()
        if not self.required and self.type.blank_ok:
            schema = _blank_allowed(schema)
        return {**schema, "description": self.help}


def _blank_allowed(schema: JsonSchema) -> JsonSchema:
    """The schema, also taking null: what YAML makes of `key:` left blank."""
    if "oneOf" in schema:
        return {**schema, "oneOf": [*schema["oneOf"], {"type": "null"}]}
    kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    blank = {**schema, "type": [*kinds, "null"]}
    if "enum" in schema:
        blank["enum"] = [*schema["enum"], None]
    return blank


@dataclass(frozen=True)
class Record(Type):
    """A mapping with fixed keys: any other key is a typo (MC103), a missing required one MC102."""

    title: str = ""
    help: str = ""
    fields: tuple[Field, ...] = ()
    one_of_needed: tuple[str, ...] = ()     # at least one of these keys must be there (an artifact's file or url)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.required)

    def json_schema(self) -> JsonSchema:
        schema: JsonSchema = {"type": "object", "title": self.title, "description": self.help,
                              "properties": {f.name: f.json_schema() for f in self.fields},
                              "additionalProperties": False}
        if self.required:
            schema["required"] = list(self.required)
        if self.one_of_needed:
            # present and not left blank: the reader takes `file:` with nothing after it as no file
            schema["anyOf"] = [{"required": [key], "properties": {key: {"not": {"type": "null"}}}}
                               for key in self.one_of_needed]
        return schema


def record(name: str, title: str, help: str, *fields: Field, blank_ok: bool = False,
           one_of_needed: tuple[str, ...] = ()) -> Record:
    return Record(name, blank_ok=blank_ok, title=title, help=help, fields=fields, one_of_needed=one_of_needed)


# --- credential.yaml ------------------------------------------------------------------------------

DETAIL = record(
    "details", "Detail", "A detail (research-based subskill) of an essential outcome, as the ELN portal lists it.",
    Field("id", TEXT_OR_NUMBER, 'The detail\'s number, e.g. "1.1": evidence.yaml keys its evidence by it.', True),
    Field("text", TEXT, "The detail, word for word from the portal.", True),
    Field("source", TEXT, 'Where the detail came from when not pasted from the portal, e.g. "outcome wording".'),
)
OUTCOME = record(
    "outcomes", "Essential outcome", "An essential outcome (EO) of the credential, with its details.",
    Field("id", TEXT_OR_NUMBER, 'The outcome\'s number, e.g. "1".', True),
    Field("text", TEXT, "The outcome, word for word.", True),
    Field("details", list_of(DETAIL), "The outcome's details, pasted from the portal. Without them, evidence is "
                                      "mapped and checked per outcome."),
)
PROMPT = record(
    "prompts", "Question", "A question the narrative must answer, each under its own heading.",
    Field("id", TEXT_OR_NUMBER, 'A short id for the question, e.g. "q1".', True),
    Field("text", TEXT, "The question, word for word.", True),
)
PART = record(
    "parts", "Part", "One part of the submission: a narrative (Overview, Reflection) or the evidence.",
    Field("id", TEXT_OR_NUMBER, 'A short id, e.g. "overview": a narrative is drafted in <id>.md.', True),
    Field("title", TEXT, 'The part\'s title as the portal shows it, e.g. "Overview Questions".', True),
    Field("kind", choice(PartKind), "narrative: a Markdown draft; evidence: the artifacts and evidence.yaml.", True),
    Field("min_words", COUNT, "The fewest words a narrative part may have."),
    Field("prompts", list_of(PROMPT), "The questions the narrative answers, each under its own heading."),
    Field("address_outcomes", FLAG, "true: the narrative has a section for every essential outcome."),
    Field("min_explanation_words", COUNT, "The fewest words an evidence explanation should have (mcred's default "
                                          "is 40)."),
    Field("guidance", TEXT, "The issuer's instructions for this part, shown in the draft."),
)
CREDENTIAL = record(
    "credential", "mcred credential", "A micro-credential: its essential outcomes, their details, and the parts "
                                      "of the submission.",
    Field("id", TEXT, 'The credential\'s id, e.g. "ensuring-accountability".', True),
    Field("title", TEXT, 'The credential\'s title, e.g. "Ensuring Accountability".', True),
    Field("program", TEXT, "The program it belongs to (default: NASSP Ed Leaders Network Micro-Credential)."),
    Field("issuer", TEXT, "Who issues it, e.g. Ed Leaders Network (ELN), endorsed by NASSP."),
    Field("domain", TEXT, "The ELN domain it belongs to, e.g. Systems."),
    Field("source_url", TEXT, "The web page these details were taken from."),
    Field("overview", TEXT, "The credential's description, as the issuer states it."),
    Field("outcomes", list_of(OUTCOME), "The essential outcomes (EOs), each with its details.", True),
    Field("parts", list_of(PART), "The parts of the submission: usually Overview, Evidence and Reflection.", True),
)


# --- mcred.yaml -----------------------------------------------------------------------------------

PRACTITIONER = record(
    "practitioner", "Practitioner", "You, as the assessor and the packet's cover see you.",
    Field("name", TEXT, "Your name, as the assessor should see it.", True),
    Field("role", TEXT, "Your role, e.g. Assistant Principal."),
    Field("school", TEXT, "Your school."),
    Field("district", TEXT, "Your district."),
)
SETTINGS = record(
    "settings", "Settings", "How mcred checks and builds this portfolio.",
    Field("upload_limit_mb", POSITIVE, "The largest file, in MB, the portal takes; check warns above it "
                                       "(default 25)."),
)
PRIVACY = record(
    "privacy", "Privacy", "Student information to look for in your drafts and artifacts, and whether the packet "
                          "removes it.",
    Field("roster", TEXT, "A file listing student names (one a line, or a CSV), kept out of the packet."),
    Field("terms", list_of(TEXT), "Other words or names to look for, e.g. a student's nickname."),
    Field("find", list_of(choice(Pattern)), "Kinds of personal data to look for: email, phone, dob "
                                            "(default: email)."),
    Field("student_id", either(MASK, list_of(MASK)), "The shape of a student ID, # a digit and ? a letter, e.g. "
                                                      "S####### (or a list of shapes)."),
    Field("redact", FLAG, "true: black out what is found in the packet; false: only report it."),
    blank_ok=True,
)
MANIFEST = record(
    "manifest", "mcred portfolio manifest", "The portfolio: which credential, who you are, where your files are.",
    Field("credential", TEXT, "Your copy of the credential (credential.yaml), or a catalog id such as "
                              "ensuring-accountability.", True),
    Field("practitioner", PRACTITIONER, "You, as the assessor sees you: name, role, school, district.", True),
    Field("drafts", mapping_of(TEXT, "part ids"), "Where each narrative part's draft is, by part id, e.g. "
                                                  "overview: overview.md, or overview.docx written in Word "
                                                  "(default: <part id>.md)."),
    Field("evidence", TEXT, "The evidence map (default: evidence.yaml)."),
    Field("date", DATE, "The packet's date, YYYY-MM-DD (default: the day you build)."),
    Field("settings", SETTINGS, "How mcred checks and builds: the portal's upload limit."),
    Field("privacy", PRIVACY, "Student information to look for, and whether the packet blacks it out."),
    Field("blind", FLAG, "true: the packet names no one (ELN reviews blind) and check looks for your name, school "
                         "and district."),
    Field("identity", list_of(TEXT), "With blind: true, more words that identify you or your school for check to "
                                     "look for, e.g. the mascot or the town."),
)


# --- evidence.yaml --------------------------------------------------------------------------------

_NUMBERING_HELP = ("printed: pages are the labels printed on them (i, ii, 1 …); position: their place in the "
                   "file, as a PDF viewer counts.")

ARTIFACT = record(
    "artifacts", "Artifact", "A file or video the assessor will see. Give it a file, a url, or both.",
    Field("id", TEXT_OR_NUMBER, "A short id that citations use, e.g. A1.", True),
    Field("title", TEXT, "The artifact's title as the assessor should see it.", True),
    Field("file", TEXT, "The file in your portfolio: a PDF, an image or an Office file (converted by LibreOffice), "
                        "e.g. artifacts/handbook.pdf."),
    Field("url", TEXT, "A link the assessor opens online, e.g. a video."),
    Field("duration", TEXT_OR_NUMBER, 'A video\'s length, e.g. "18:42", when there is no local copy to measure.'),
    Field("numbering", choice(Numbering), _NUMBERING_HELP),
    one_of_needed=("file", "url"),
)
CITATION = record(
    "citation", "Citation", "Where an artifact shows this detail, and how it shows proficiency.",
    Field("artifact", TEXT_OR_NUMBER, "The id of the artifact cited, e.g. A1.", True),
    Field("pages", TEXT_OR_NUMBER, 'The pages: 4, "4-6", "4, 9-10", or a printed label such as "iv".'),
    Field("time", TEXT_OR_NUMBER, 'For a video, the time stamps: "12:30" or "12:30-14:05".'),
    Field("quote", TEXT, "A phrase from the cited pages; check makes sure it is there, the packet highlights it."),
    Field("explanation", TEXT, "How this evidence shows proficiency in the detail, in your words."),
    Field("numbering", choice(Numbering), _NUMBERING_HELP),
)
EVIDENCE_MAP = record(
    "evidence map", "mcred evidence map", "Part 2: your artifacts, and for every detail (or outcome) where the "
                                          "evidence is and why it counts.",
    Field("artifacts", list_of(ARTIFACT), "The files and videos the assessor will see, each with an id."),
    Field("evidence", mapping_of(list_of(CITATION), "detail or outcome ids"),
          'For each detail id (or outcome id), e.g. "1.1", the citations that show it.'),
)


# --- the three files ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Format:
    """One YAML file mcred reads, and the JSON Schema an editor checks it with."""

    name: str            # the schema's file name is <name>.schema.json
    file: str            # the YAML file it describes, as init writes it
    root: Record

    @property
    def schema_file(self) -> str:
        return f"{self.name}.schema.json"

    def json_schema(self) -> JsonSchema:
        return {"$schema": DIALECT, **self.root.json_schema()}


FORMATS: tuple[Format, ...] = (
    Format("mcred", "mcred.yaml", MANIFEST),
    Format("credential", "credential.yaml", CREDENTIAL),
    Format("evidence", "evidence.yaml", EVIDENCE_MAP),
)
