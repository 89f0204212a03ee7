"""YAML in, with line numbers: every value keeps where it was written, every problem becomes a Finding.

PyYAML's composed node tree carries marks; `Fields` walks one mapping of it against a schema (the keys it
allows, the ones it needs), so a typo is named with its line and the nearest valid key.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from mcred.findings import Finding, Location, error

MAP_TAG = "tag:yaml.org,2002:map"
SEQ_TAG = "tag:yaml.org,2002:seq"
STR_TAG = "tag:yaml.org,2002:str"
INT_TAG = "tag:yaml.org,2002:int"
FLOAT_TAG = "tag:yaml.org,2002:float"
BOOL_TAG = "tag:yaml.org,2002:bool"
NULL_TAG = "tag:yaml.org,2002:null"

_KIND_NAMES = {MAP_TAG: "a mapping (key: value lines)", SEQ_TAG: "a list (lines starting with '-')",
               STR_TAG: "text", INT_TAG: "a whole number", FLOAT_TAG: "a number", BOOL_TAG: "true or false",
               NULL_TAG: "nothing"}


def where(path: Path, node: yaml.Node) -> Location:
    return Location(path, node.start_mark.line + 1, node.start_mark.column + 1)


def read_text(path: Path, what: str) -> str:
    """A text file's content, or an InputError-worthy Finding explaining why it cannot be read."""
    try:
        if not path.exists():
            raise _unreadable(path, f"{what} {path.name} does not exist", f"create {path.name}, or fix the path that names it")
        if path.is_dir():
            raise _unreadable(path, f"{what} {path.name} is a folder, not a file",
                              f"rename or move the folder {path.name} aside: mcred reads a file of that name")
        data = path.read_bytes()
    except OSError as exc:
        raise _unreadable(path, f"{what} {path.name} cannot be read ({exc.strerror})", "check the file's permissions")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _unreadable(path, f"{what} {path.name} is not UTF-8 text (byte {exc.start + 1}, line {line})",
                          "save it as UTF-8 in your editor", line)


class Unreadable(Exception):
    def __init__(self, finding: Finding):
        super().__init__(finding.message)
        self.finding = finding


def _unreadable(path: Path, message: str, fix: str, line: int | None = None) -> Unreadable:
    return Unreadable(error("MC101", message, fix, Location(path, line), unreadable=True))


def parse(path: Path, what: str) -> yaml.Node:
    """The YAML file's root node. Raises Unreadable for a missing, empty or malformed file."""
    text = read_text(path, what)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        problem = exc.problem or exc.context or "it is not valid YAML"
        fix = "check the indentation and quoting on that line (text with ': ' or '#' needs quotes)"
        if "'\\t'" in problem:
            problem, fix = "a tab character, which YAML does not allow for indenting", "indent with spaces instead of tabs"
        raise Unreadable(error("MC101", f"{what} {path.name} is not valid YAML: {problem}", fix,
                               Location(path, line, column), unreadable=True))
    except yaml.YAMLError as exc:
        raise _unreadable(path, f"{what} {path.name} is not valid YAML: {exc}", "check the file's syntax")
    if node is None:
        raise _unreadable(path, f"{what} {path.name} is empty", "fill it in (see `mcred init` for a starting point)")
    return node


@dataclass
class Reader:
    """Reads values out of composed YAML nodes, collecting a Finding for every problem instead of stopping."""

    path: Path
    findings: list[Finding] = field(default_factory=list)

    def problem(self, node: yaml.Node, message: str, fix: str, code: str = "MC102") -> None:
        self.findings.append(error(code, message, fix, where(self.path, node), unreadable=True))

    def expect(self, node: yaml.Node, tag: str, what: str) -> bool:
        if node.tag == tag:
            return True
        found = _KIND_NAMES.get(node.tag, "something else")
        self.problem(node, f"{what} should be {_KIND_NAMES[tag]}, not {found}", f"write {what} as {_KIND_NAMES[tag]}")
        return False

    def mapping(self, node: yaml.Node, what: str, allowed: tuple[str, ...], required: tuple[str, ...] = ()
                ) -> dict[str, yaml.Node] | None:
        """The mapping's entries by key; unknown, duplicate and missing keys become findings."""
        if not self.expect(node, MAP_TAG, what):
            return None
        entries: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in entries:
                self.problem(key_node, f"`{key}` appears twice in {what}", "keep one of them", "MC104")
                continue
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
                hint = f"did you mean `{close[0]}`?" if close else f"valid keys: {', '.join(allowed)}"
                self.problem(key_node, f"`{key}` is not a field of {what} — {hint}",
                             f"remove it or check its spelling ({hint})", "MC103")
                continue
            entries[key] = value_node
        for key in required:
            if key not in entries:
                self.problem(node, f"{what} is missing `{key}`", f"add a `{key}:` line to {what}")
        return entries

    def sequence(self, node: yaml.Node | None, what: str) -> list[yaml.Node]:
        if node is None or node.tag == NULL_TAG:
            return []
        if not self.expect(node, SEQ_TAG, what):
            return []
        return list(node.value)

    def text(self, node: yaml.Node | None, what: str, *, allow_numbers: bool = True) -> str | None:
        """A scalar as text; numbers are accepted as text where an id or a page may be written bare."""
        if node is None or node.tag == NULL_TAG:
            return None
        if node.tag == STR_TAG or (allow_numbers and node.tag in (INT_TAG, FLOAT_TAG)):
            return str(node.value).strip()
        self.expect(node, STR_TAG, what)
        return None

    def integer(self, node: yaml.Node | None, what: str, minimum: int = 0) -> int | None:
        if node is None or node.tag == NULL_TAG:
            return None
        if node.tag != INT_TAG:
            self.expect(node, INT_TAG, what)
            return None
        value = int(yaml.SafeLoader.construct_yaml_int(yaml.SafeLoader(""), node))
        if value < minimum:
            self.problem(node, f"{what} is {value}; it must be at least {minimum}", f"write a number of {minimum} or more")
            return None
        return value

    def number(self, node: yaml.Node | None, what: str) -> float | None:
        if node is None or node.tag == NULL_TAG:
            return None
        if node.tag not in (INT_TAG, FLOAT_TAG):
            self.expect(node, FLOAT_TAG, what)
            return None
        loader = yaml.SafeLoader("")
        value = float(loader.construct_yaml_int(node) if node.tag == INT_TAG else loader.construct_yaml_float(node))
        if not 0 < value < float("inf"):
            self.problem(node, f"{what} is {node.value}; it must be a number above 0", "write a number such as 25")
            return None
        return value

    def boolean(self, node: yaml.Node | None, what: str) -> bool | None:
        if node is None or node.tag == NULL_TAG:
            return None
        if node.tag != BOOL_TAG:
            self.expect(node, BOOL_TAG, what)
            return None
        return str(node.value).lower() in ("true", "yes", "on")

    def location(self, node: yaml.Node) -> Location:
        return where(self.path, node)
