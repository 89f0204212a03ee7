"""One Finding type for the terminal, `--json` and the tests: a stable code, a severity, a place, a fix."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


@dataclass(frozen=True)
class Location:
    file: Path
    line: int | None = None
    column: int | None = None

    def path_from(self, base: Path | None = None) -> str:
        if base is not None:
            try:
                relative = str(self.file.resolve().relative_to(base.resolve()))
            except ValueError:
                pass
            else:
                return relative if relative != "." else str(self.file)
        return str(self.file)

    def display(self, base: Path | None = None) -> str:
        text = self.path_from(base)
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        return text


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str
    fix: str = ""
    where: Location | None = None
    # The input could not be read at all (exit code 2), as opposed to being read and found wanting.
    unreadable: bool = False

    def as_dict(self, base: Path | None = None) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "file": self.where.path_from(base) if self.where else None,
            "line": self.where.line if self.where else None,
            "column": self.where.column if self.where else None,
            "message": self.message,
            "fix": self.fix,
        }


def error(code: str, message: str, fix: str = "", where: Location | None = None, *, unreadable: bool = False) -> Finding:
    return Finding(code, Severity.ERROR, message, fix, where, unreadable)


def warning(code: str, message: str, fix: str = "", where: Location | None = None) -> Finding:
    return Finding(code, Severity.WARNING, message, fix, where)


def note(code: str, message: str, fix: str = "", where: Location | None = None) -> Finding:
    return Finding(code, Severity.NOTE, message, fix, where)


def counted(number: int, noun: str) -> str:
    """`1 word`, `2 words`, `1,000 words`: a count as a sentence says it."""
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def shorten(text: str, limit: int = 90) -> str:
    """Text on one line, cut at a word boundary: for quoting a question or detail inside a message."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
