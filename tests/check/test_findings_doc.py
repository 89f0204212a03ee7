"""Every finding code is declared once (mcred/checks/codes.py); docs/findings.md and the README are generated from
that table, and the code reports exactly the codes declared, each with its declared severity."""

from __future__ import annotations

import re
from pathlib import Path

from mcred.checks import codes

ROOT = Path(__file__).resolve().parents[2]
_USED = re.compile(r"\b(error|warning|note)\(\s*\"(MC\d{3})\"")


def _used() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in (ROOT / "mcred").rglob("*.py"):
        for severity, code in _USED.findall(path.read_text(encoding="utf-8")):
            found.setdefault(code, set()).add(severity)
    return found


def test_every_code_reported_is_declared_and_every_declared_code_is_reported():
    named = {code for path in (ROOT / "mcred").rglob("*.py") if path.name != "codes.py"
             for code in re.findall(r"\"(MC\d{3})\"", path.read_text(encoding="utf-8"))}
    assert named == set(codes.CODES)


def test_each_code_is_reported_with_its_declared_severity():
    for code, severities in _used().items():
        declared = codes.get(code)
        allowed = {"warning", "note"} if declared.shown == "warning or note" else {declared.severity.value}
        assert severities <= allowed, (code, severities)


def test_the_findings_page_is_generated_from_the_table():
    assert (ROOT / "docs" / "findings.md").read_text(encoding="utf-8") == codes.findings_markdown(), \
        "run `python -m mcred.checks.codes --write`"


def test_the_readme_lists_every_code_as_the_table_declares_it():
    assert codes.readme_table() in (ROOT / "README.md").read_text(encoding="utf-8"), \
        "run `python -m mcred.checks.codes --write`"
