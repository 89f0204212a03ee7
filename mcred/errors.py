"""One error model for every command: what the user can fix (exit 2), what is ours (exit 3), Ctrl-C (130).

Findings that block (exit 1) are not errors: a command returns them. Everything raised reaches `guarded`, the one
handler the CLI wraps around each command — as pre-commit does with its `error_handler()`.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
import traceback
from dataclasses import dataclass
from pathlib import Path

from mcred.findings import Finding, Location, Severity

EXIT_OK, EXIT_FINDINGS, EXIT_UNUSABLE, EXIT_BUG, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


class UserError(Exception):
    """Input that cannot be used, or a usage mistake: shown as findings (code, place, message, fix), exit 2."""

    def __init__(self, findings: list[Finding]):
        super().__init__("; ".join(f.message for f in findings))
        self.findings = findings

    @classmethod
    def plain(cls, message: str, fix: str = "", where: Location | None = None, code: str = "MC100") -> UserError:
        """A problem that is not a portfolio finding: a build that cannot write its file, a bad environment."""
        return cls([Finding(code, Severity.ERROR, message, fix, where, unreadable=True)])


@dataclass(frozen=True)
class Bug:
    """An unexpected exception: a bug in mcred, reported as one, with the traceback kept for the report."""

    summary: str
    log: Path | None
    trace: str

    def as_dict(self) -> dict[str, object]:
        return {"message": f"an unexpected error: {self.summary}",
                "fix": "this is a bug in mcred; please report it" + (f" with {self.log}" if self.log else ""),
                "log": str(self.log) if self.log else None}


def bug_report(exc: BaseException) -> Bug:
    """Keep the traceback in a log file (the terminal shows it only under --debug)."""
    trace = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    summary = f"{type(exc).__name__}: {exc}".strip().rstrip(":")
    log: Path | None = Path(tempfile.gettempdir()) / "mcred-bug-report.txt"
    try:
        stamp = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        log.write_text(f"mcred bug report, {stamp}\n\n{trace}", encoding="utf-8")  # type: ignore[union-attr]
    except OSError:
        log = None
    return Bug(summary, log, trace)


def json_error(kind: str, exit_code: int, findings: list[dict[str, object]] | None = None, **fields: object) -> str:
    """The one JSON object `--json` prints when a command cannot finish: the same `summary` and `findings` as a
    finished check, and what stopped it under `error`."""
    found = findings or []
    summary = {"ready": False, "exit_code": exit_code,
               **{f"{s.value}s": sum(1 for f in found if f["severity"] == s.value) for s in Severity}}
    return json.dumps({"summary": summary, "findings": found, "error": {"kind": kind, **fields}},
                      indent=2, ensure_ascii=False)
