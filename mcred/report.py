"""Findings to the terminal (rich) or to JSON. Nothing here decides; it only shows."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.text import Text

from mcred.findings import Finding, Severity

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.NOTE: "cyan"}


def print_findings(findings: list[Finding], console: Console, base: Path | None = None) -> None:
    """One finding a line, like a linter: code, place, severity, message — then the fix, indented."""
    for finding in findings:
        line = Text()
        line.append(finding.code, style="bold")
        if finding.where is not None:
            line.append(f" {finding.where.display(base)}", style="dim")
        line.append(f" {finding.severity.value} ", style=_STYLE[finding.severity])
        line.append(finding.message)
        console.print(line, soft_wrap=True)
        if finding.fix:
            console.print(Text(f"  → {finding.fix}", style="dim"), soft_wrap=True)
