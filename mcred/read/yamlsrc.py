"""YAML in, with line numbers: every value keeps where it was written, every problem becomes a Finding.

PyYAML's composed node tree carries marks; `Fields` walks one mapping of it against a schema (the keys it
allows, the ones it needs), so a typo is named with its line and the nearest valid key.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from mcred.errors import UserError
from mcred.facts import Problem
from mcred.findings import Finding, Location, error
from mcred.read.files import TroubleError, read_text

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


MAX_DEPTH = 40          # mcred's files nest four levels deep; 40 is generous, and keeps recursion bounded


class _Refused(yaml.MarkedYAMLError):
    """A YAML feature mcred's files never need and that could be abused: aliases, deep nesting."""


class _BoundedComposer(Composer):
    """A composer that refuses aliases (`*x`: "billion laughs" expands a few lines into gigabytes) and nesting
    deeper than MAX_DEPTH (20,000 `[` would exhaust Python's recursion)."""

    _depth = 0
    check_event: Callable[..., bool]        # the parser's, beside this class in the loader
    peek_event: Callable[[], Any]

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _Refused(None, None, f"an alias (`*{event.anchor}`), which mcred's files do not use",
                           event.start_mark)
        if self._depth >= MAX_DEPTH:
            raise _Refused(None, None, f"lists or mappings nested more than {MAX_DEPTH} deep",
                           self.peek_event().start_mark)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


if yaml.__with_libyaml__:
    from yaml._yaml import CParser

    class _BoundedLoader(_BoundedComposer, CParser, SafeConstructor, Resolver):
        """libyaml's parser (14 times faster on a 200-citation evidence map) under mcred's own bounded composer:
        the events come from C, every node is still composed here, where aliases and depth are checked."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)
            Composer.__init__(self)
else:   # a PyYAML built without libyaml: the same composer over the pure-Python parser
    class _BoundedLoader(_BoundedComposer, yaml.SafeLoader):  # type: ignore[no-redef]
        pass


def _read(path: Path, what: str, root: Path | None) -> str:
    try:
        return read_text(path, root)
    except TroubleError as exc:
        trouble = exc.trouble
        fix = {Problem.MISSING: f"create {path.name}, or fix the path that names it",
               Problem.FOLDER: f"rename or move the folder {path.name} aside: mcred reads a file of that name",
               Problem.NOT_UTF8: "save it as UTF-8 in your editor",
               Problem.OUTSIDE: "keep the portfolio's files inside its folder, and name them from there",
               Problem.TOO_LARGE: "this is not a file mcred wrote or expects: check the name",
               Problem.NOT_REGULAR: "name a regular file"}.get(trouble.problem, "check the file's permissions")
        raise _unreadable(path, f"{what} {path.name} {trouble.says()}", fix, trouble.line) from None


def _unreadable(path: Path, message: str, fix: str, line: int | None = None) -> UserError:
    return UserError([error("MC101", message, fix, Location(path, line), unreadable=True)])


def parse(path: Path, what: str, root: Path | None = None) -> yaml.Node:
    """The YAML file's root node. Raises UserError for a missing, empty, malformed or abusive file."""
    text = _read(path, what, root)
    try:
        loader = _BoundedLoader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        problem = exc.problem or exc.context or "it is not valid YAML"
        fix = "check the indentation and quoting on that line (text with ': ' or '#' needs quotes)"
        at = text.splitlines()[mark.line][mark.column:mark.column + 1] if mark and mark.line < len(
            text.splitlines()) else ""
        if "'\\t'" in problem or at == "\t":   # PyYAML names the tab; libyaml says "cannot start any token"
            problem, fix = "a tab character, which YAML does not allow for indenting", "indent with spaces instead of tabs"
        elif "maximum nesting depth" in problem:   # libyaml's own bound, met before mcred's
            problem = f"lists or mappings nested more than {MAX_DEPTH} deep"
            fix = "write the value out in full (no `&anchor`/`*alias`), and keep the nesting shallow"
        elif isinstance(exc, _Refused):
            fix = "write the value out in full (no `&anchor`/`*alias`), and keep the nesting shallow"
        elif "expected a single document" in f"{exc.context} {exc.problem}":
            problem = "it holds more than one YAML document (a `---` line after the first)"
            fix = "keep one document: remove the `---` line and merge what follows, or delete it"
        raise UserError([error("MC101", f"{what} {path.name} is not valid YAML: {problem}", fix,
                               Location(path, line, column), unreadable=True)]) from None
    except (yaml.YAMLError, RecursionError) as exc:
        raise _unreadable(path, f"{what} {path.name} is not valid YAML: {exc}", "check the file's syntax") from None
    if node is None:
        raise _unreadable(path, f"{what} {path.name} is empty", "fill it in (see `mcred init` for a starting point)")
    return node


def shape(node: yaml.Node) -> str:
    """The kind a node really is: its tag, where the tag fits the node (`!!map "ab"` is no mapping, `!!str [a]` no
    text, `!!int x` no number), else a kind of its own that nothing in mcred expects."""
    if isinstance(node, yaml.MappingNode):
        return MAP_TAG
    if isinstance(node, yaml.SequenceNode):
        return SEQ_TAG
    if node.tag in (MAP_TAG, SEQ_TAG) or not _fits(node):
        return f"mismatched {node.tag}"
    return str(node.tag)


def _fits(node: yaml.Node) -> bool:
    """Whether a scalar holds what its tag says: `!!int x` does not, a plain `4` does."""
    assert isinstance(node, yaml.ScalarNode)
    loader = yaml.SafeLoader("")
    try:
        if node.tag == INT_TAG:
            loader.construct_yaml_int(node)
        elif node.tag == FLOAT_TAG:
            loader.construct_yaml_float(node)
        elif node.tag == BOOL_TAG:
            loader.construct_yaml_bool(node)
        elif node.tag == NULL_TAG:
            return str(node.value) in ("", "~", "null", "Null", "NULL")
    except (ValueError, TypeError, KeyError, IndexError):
        return False
    return True


def kind_name(node: yaml.Node) -> str:
    """What a node is, in the user's words: the YAML kinds mcred reads, or the tag someone wrote."""
    kind = shape(node)
    if kind in _KIND_NAMES:
        return _KIND_NAMES[kind]
    tag = str(node.tag).replace("tag:yaml.org,2002:", "!!")
    if kind.startswith("mismatched "):
        return f"a value tagged `{tag}` that is not one"
    return f"a value tagged `{tag}`, which mcred does not read"


@dataclass
class Reader:
    """Reads values out of composed YAML nodes, collecting a Finding for every problem instead of stopping."""

    path: Path
    findings: list[Finding] = field(default_factory=list)

    def problem(self, node: yaml.Node, message: str, fix: str, code: str = "MC102") -> None:
        self.findings.append(error(code, message, fix, where(self.path, node), unreadable=True))

    def expect(self, node: yaml.Node, tag: str, what: str) -> bool:
        if shape(node) == tag:
            return True
        found = kind_name(node)
        fix = f"write {what} as {_KIND_NAMES[tag]}" + (" and remove the tag" if shape(node) not in _KIND_NAMES else "")
        self.problem(node, f"{what} should be {_KIND_NAMES[tag]}, not {found}", fix)
        return False

    def mapping(self, node: yaml.Node, what: str, allowed: tuple[str, ...], required: tuple[str, ...] = ()
                ) -> dict[str, yaml.Node] | None:
        """The mapping's entries by key; unknown, duplicate and missing keys become findings."""
        if not self.expect(node, MAP_TAG, what):
            return None
        entries: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(key_node, f"a key in {what} is {kind_name(key_node)}, not a name",
                             "write each key as a plain name followed by `:`")
                continue
            key = str(key_node.value)
            if key in entries:
                self.problem(key_node, f"`{key}` appears twice in {what}", "keep one of them", "MC104")
                continue
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
                hint = (f"did you mean `{close[0]}`?" if close else
                        f"valid keys: {', '.join(allowed)}" if allowed else "it takes no keys here")
                self.problem(key_node, f"`{key}` is not a field of {what} — {hint}",
                             f"remove it or check its spelling ({hint})", "MC103")
                continue
            entries[key] = value_node
        for key in required:
            if key not in entries:
                self.problem(node, f"{what} is missing `{key}`", f"add a `{key}:` line to {what}")
        return entries

    def sequence(self, node: yaml.Node | None, what: str) -> list[yaml.Node]:
        if node is None or shape(node) == NULL_TAG:
            return []
        if not self.expect(node, SEQ_TAG, what):
            return []
        return list(node.value)

    def keyed_by_id(self, node: yaml.Node, section: str, twice: str, twice_fix: str
                    ) -> Iterator[tuple[str, yaml.Node, yaml.Node]]:
        """Each (id, key node, value node) of a map keyed by outcome or detail ids (`evidence:`, `results:`); a key
        that is not a plain id, or an id given twice, is a problem and skipped. `twice` says the second, with
        `{id}` where the id goes."""
        seen: set[str] = set()
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(key_node, f"a key under `{section}:` is {kind_name(key_node)}, not a detail or outcome "
                                       "id", 'write each detail or outcome id as a key, e.g. "1.1":')
                continue
            item_id = str(key_node.value).strip()
            if item_id in seen:
                self.problem(key_node, twice.format(id=item_id), twice_fix, "MC104")
                continue
            seen.add(item_id)
            yield item_id, key_node, value_node

    def text(self, node: yaml.Node | None, what: str, *, allow_numbers: bool = True) -> str | None:
        """A scalar as text; numbers are accepted as text where an id or a page may be written bare."""
        if node is None or shape(node) == NULL_TAG:
            return None
        if shape(node) == STR_TAG or (allow_numbers and shape(node) in (INT_TAG, FLOAT_TAG)):
            return str(node.value).strip()
        self.expect(node, STR_TAG, what)
        return None

    def required_text(self, node: yaml.Node | None, what: str) -> str | None:
        """A value that must be there and not empty: `id: null` or `id: ""` is as good as no id."""
        value = self.text(node, what)
        if node is not None and not value and shape(node) in (STR_TAG, NULL_TAG):
            self.problem(node, f"{what} is empty", f"write {what}")
        return value

    def integer(self, node: yaml.Node | None, what: str, minimum: int = 0) -> int | None:
        if node is None or shape(node) == NULL_TAG:
            return None
        if shape(node) != INT_TAG:
            self.expect(node, INT_TAG, what)
            return None
        assert isinstance(node, yaml.ScalarNode)
        value = int(yaml.SafeLoader.construct_yaml_int(yaml.SafeLoader(""), node))
        if value < minimum:
            self.problem(node, f"{what} is {value}; it must be at least {minimum}", f"write a number of {minimum} or more")
            return None
        return value

    def number(self, node: yaml.Node | None, what: str) -> float | None:
        if node is None or shape(node) == NULL_TAG:
            return None
        if shape(node) not in (INT_TAG, FLOAT_TAG):
            self.expect(node, FLOAT_TAG, what)
            return None
        assert isinstance(node, yaml.ScalarNode)
        loader = yaml.SafeLoader("")
        value = float(loader.construct_yaml_int(node) if shape(node) == INT_TAG else loader.construct_yaml_float(node))
        if not 0 < value < float("inf"):
            self.problem(node, f"{what} is {node.value}; it must be a number above 0", "write a number such as 25")
            return None
        return value

    def boolean(self, node: yaml.Node | None, what: str) -> bool | None:
        if node is None or shape(node) == NULL_TAG:
            return None
        if shape(node) != BOOL_TAG:
            self.expect(node, BOOL_TAG, what)
            return None
        return str(node.value).lower() in ("true", "yes", "on")

    def location(self, node: yaml.Node) -> Location:
        return where(self.path, node)
