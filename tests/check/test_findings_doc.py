"""docs/findings.md and the README document every finding code the program can report, and no other."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_code_is_documented_and_every_documented_code_exists():
    in_code = {code for path in (ROOT / "mcred").rglob("*.py")
               for code in re.findall(r"\"(MC\d{3})\"", path.read_text(encoding="utf-8"))}
    documented = set(re.findall(r"^### (MC\d{3}) — ", (ROOT / "docs" / "findings.md").read_text(encoding="utf-8"),
                                re.MULTILINE))
    assert in_code == documented


def test_the_readme_lists_every_code_as_the_findings_page_does():
    documented = re.findall(r"^### (MC\d{3}) — (.*?) — (.*)$", (ROOT / "docs" / "findings.md").read_text(encoding="utf-8"),
                            re.MULTILINE)
    listed = re.findall(r"^\| (MC\d{3}) \| (.*?) \| (.*?) \|$", (ROOT / "README.md").read_text(encoding="utf-8"),
                        re.MULTILINE)
    assert listed == documented
