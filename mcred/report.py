"""What the user reads: findings, the readiness report and build's closing lines on the terminal (rich), or
JSON — and the verdict the findings add up to (exit codes, whether build may typeset)."""

from __future__ import annotations

import functools
import io
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from mcred.cohort.rows import BUG, NOT_READY, READY, UNREADABLE, PartWords, Row
from mcred.errors import EXIT_UNUSABLE, UserError, json_error
from mcred.facts import BYTES_PER_MB, Review
from mcred.findings import Finding, Location, Severity, counted, shorten

if TYPE_CHECKING:
    from mcred.cohort import Outcome
    from mcred.packet import Built

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.NOTE: "cyan"}


def plain(console: Console) -> Console:
    """The console itself, or under NO_COLOR one that prints no escapes at all: rich drops only the colours
    and would still send bold and underline."""
    if console.no_color and console.color_system is not None:
        return Console(file=console.file, width=console.width, color_system=None, highlight=False)
    return console


def print_findings(findings: list[Finding], console: Console, base: Path | None = None) -> None:
    """One finding a line, like a linter: code, place, severity, message — then the fix, indented."""
    console = plain(console)
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


# --- the readiness report ----------------------------------------------------------------------------

def counts(findings: list[Finding]) -> dict[str, int]:
    return {s.value: sum(1 for f in findings if f.severity is s) for s in Severity}


def blocking(review: Review, strict: bool) -> list[Finding]:
    """The findings that stop a submission: errors, and warnings too under --strict."""
    stops = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    return [f for f in review.findings if f.severity in stops]


def exit_code(review: Review, strict: bool = False) -> int:
    if any(f.unreadable for f in review.findings):
        return 2
    return 1 if blocking(review, strict) else 0


def build_refusal(review: Review, strict: bool = False, draft: bool = False) -> int:
    """The exit code build refuses with, or 0 when it may typeset. A draft overlooks findings, never input that
    cannot be read: a packet from half a portfolio would look complete and be wrong."""
    code = exit_code(review, strict)
    return 0 if code == 0 or (code == 1 and draft) else code


def print_draft_notice(review: Review, console: Console, strict: bool = False) -> None:
    """What a draft build is overlooking, so nobody mistakes it for a packet ready to submit."""
    stops = blocking(review, strict)
    if stops:
        console.print(Text(f"Building a DRAFT despite {_tally(counts(stops))}: `mcred check` lists them.",
                           style="yellow"))


def print_review(review: Review, console: Console, strict: bool = False, base: Path | None = None) -> None:
    """Summary first, then word counts, coverage, and the findings grouped by file; the next step last."""
    console = plain(console)
    console.print(_verdict(review, strict))
    if exit_code(review, strict) != 2:
        console.print()
        console.print(_words_table(review))
        console.print(_coverage_table(review))
    _print_grouped(review.findings, console, base)
    console.print(_next_step(review, strict))


def print_unusable(findings: list[Finding], console: Console, base: Path | None = None) -> None:
    """Input that cannot be read: what is wrong with it, and that nothing else can be judged until it reads."""
    console = plain(console)
    console.print(Text(f"✗ The portfolio cannot be read — {_tally(counts(findings))}.", style="bold red"))
    _print_grouped(findings, console, base)
    console.print(Text("\nNext: fix the input above; nothing else can be checked until it reads.", style="bold"))


def print_refusal(review: Review, console: Console, strict: bool = False, base: Path | None = None) -> None:
    """Why build will not typeset: the blocking findings only, and how to go on."""
    console = plain(console)
    stops = blocking(review, strict)
    shown = stops or review.findings
    console.print(Text(f"mcred build stopped: the portfolio is not ready ({_tally(counts(shown))}).", style="bold red"))
    _print_grouped(shown, console, base)
    hint = ("fix the input above and run `mcred build` again" if exit_code(review, strict) == 2 else
            "fix them and run `mcred build` again — or `mcred build --draft` for a packet marked DRAFT")
    console.print(Text(f"Next: {hint}", style="bold"))


def print_check_summary(review: Review, console: Console, strict: bool = False, base: Path | None = None) -> None:
    """What build says before it typesets: check's summary line, and the warnings it overlooks, so a packet is
    never built past a warning nobody saw."""
    console = plain(console)
    console.print(_verdict(review, strict))
    shown = [f for f in review.findings if f.severity is Severity.WARNING]
    if shown:
        _print_grouped(shown, console, base)
        console.print()


def built_json(built: Built, review: Review, strict: bool = False, base: Path | None = None) -> str:
    document = json.loads(review_json(review, strict=strict, base=base))
    document["built"] = {"draft": built.draft,
                         "files": [{"path": _shown(f.path, base), "title": f.title, "pages": f.pages,
                                    "bytes": f.size_bytes} for f in [built.packet, *built.parts]]}
    return json.dumps(document, indent=2, ensure_ascii=False)


def review_json(review: Review, strict: bool = False, base: Path | None = None) -> str:
    portfolio = review.portfolio
    summary = {"ready": exit_code(review, strict) == 0, "exit_code": exit_code(review, strict), "strict": strict,
               **{f"{k}s": v for k, v in counts(review.findings).items()}}
    document: dict[str, object] = {"summary": summary}
    document["credential"] = portfolio.credential.id
    document["words"] = {part_id: {"words": c.words, "minimum": c.minimum, "missing": c.missing,
                                   "sections": c.by_prompt} for part_id, c in review.words.items()}
    document["coverage"] = {t.id: [c.artifact_id for c in review.evidence_for(t.id)]
                            for t in portfolio.credential.targets}
    document["findings"] = [f.as_dict(base) for f in review.findings]
    return json.dumps(document, indent=2, ensure_ascii=False)


def _tally(numbers: dict[str, int]) -> str:
    shown = [f"{n} {kind}{'' if n == 1 else 's'}" for kind, n in numbers.items() if n]
    return ", ".join(shown) or "no findings"


def _verdict(review: Review, strict: bool) -> Text:
    code = exit_code(review, strict)
    tally = _tally(counts(review.findings))
    if code == 0:
        return Text(f"✓ Ready to submit — {tally}.", style="bold green")
    if code == 2:
        return Text(f"✗ The portfolio cannot be read — {tally}.", style="bold red")
    return Text(f"✗ Not ready — {tally}{' (warnings count under --strict)' if strict else ''}.", style="bold red")


def _words_table(review: Review) -> Table:
    table = Table(title="Words", title_justify="left", box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("Part")
    table.add_column("", min_width=20)
    table.add_column("Words", justify="right")
    table.add_column("Minimum", justify="right")
    credential = review.portfolio.credential
    for part_id, count in review.words.items():
        part = credential.part(part_id)
        ok = not count.missing
        table.add_row(Text(part.title if part else part_id, style="bold"), _bar(count.words, count.minimum),
                      Text(f"{count.words:,}", style="green" if ok else "red"),
                      f"{count.minimum:,}" if count.minimum else "—")
        labels = {p.id: f"  {n}. {shorten(p.text, 32)}" for n, p in enumerate(part.prompts, 1)} if part else {}
        for key, words in count.by_prompt.items():
            table.add_row(Text(labels.get(key, f"  {key.capitalize()}")), "", f"{words:,}", "")
    return table


def _bar(words: int, minimum: int | None, width: int = 20) -> Text:
    if not minimum:
        return Text("")
    filled = min(width, round(width * words / minimum))
    return Text("█" * filled, style="green" if words >= minimum else "red") + Text("░" * (width - filled), style="dim")


def _coverage_table(review: Review) -> Table:
    portfolio = review.portfolio
    artifacts = [a.id for a in portfolio.artifacts]
    table = Table(title="Coverage", title_justify="left", box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("", width=1)
    table.add_column("Target")
    matrix = len(artifacts) <= _MATRIX_COLUMNS
    for artifact_id in artifacts if matrix else []:
        table.add_column(Text(artifact_id), overflow="fold")
    if not matrix:
        table.add_column("Evidence", overflow="fold")
    for target in portfolio.credential.targets:
        citations = portfolio.citations_for(target.id)
        # ✓ once some citation resolved (a listed, readable artifact, a page it has); each failing one is a finding.
        mark = Text("✓", style="green") if review.evidence_for(target.id) else Text("✗", style="bold red")
        name = Text(target.id, style="bold") + Text(f" {shorten(target.text, 36)}", style="dim")
        # User text is shown as Text, never as rich markup: a locator like "[/x]" must not break the report.
        if matrix:
            cells = [Text("; ".join(_locator(c) for c in citations if c.artifact_id == a)) for a in artifacts]
        else:
            cells = [Text("; ".join(f"{c.artifact_id} {_locator(c)}".strip() for c in citations))]
        table.add_row(mark, name, *cells)
    return table


_MATRIX_COLUMNS = 5


def _locator(citation) -> str:
    if citation.pages:
        return f"p. {citation.pages}"
    return citation.time or "✓"


def _print_grouped(findings: list[Finding], console: Console, base: Path | None) -> None:
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.NOTE: 2}
    by_file: dict[str, list[Finding]] = {}
    for finding in findings:
        by_file.setdefault(finding.where.path_from(base) if finding.where else "", []).append(finding)
    for name, group in by_file.items():
        console.print()
        console.print(Text(name or "(portfolio)", style="bold underline"))
        group.sort(key=lambda f: (order[f.severity], f.where.line or 0 if f.where else 0))
        print_findings(group, console, base)


def _next_step(review: Review, strict: bool) -> Text:
    code = exit_code(review, strict)
    if code == 0:
        return Text("\nNext: `mcred build` typesets the packet.", style="bold")
    if code == 2:
        return Text("\nNext: fix the input above; nothing else can be checked until it reads.", style="bold")
    return Text("\nNext: fix the errors above and run `mcred check` again"
                + (" (or `mcred build --draft` to see the packet as it stands)." if not strict else "."), style="bold")


# --- what build says -------------------------------------------------------------------------------

def print_built(built: Built, console: Console, base: Path | None = None) -> None:
    packet = built.packet
    line = Text()
    line.append("Built " if not built.draft else "Built a DRAFT ", style="bold green" if not built.draft else "bold yellow")
    line.append(_shown(packet.path, base), style="bold")
    line.append(f" — {_pages(packet.pages)}, {_megabytes(packet.size_bytes)}")
    console.print(line, soft_wrap=True)
    if built.sheet is not None:
        console.print(Text(f"  {_shown(built.sheet, base)}: every field to paste into the portal, with copy buttons",
                           style="dim"), soft_wrap=True)
    if built.parts:
        console.print(Text("  one file per part, for portals that take each part on its own:", style="dim"))
        width = max(len(_shown(p.path, base)) for p in built.parts)
        for part in built.parts:
            console.print(Text(f"    {_shown(part.path, base):<{width}}  {_pages(part.pages)}, "
                               f"{_megabytes(part.size_bytes)}"), soft_wrap=True)
    if built.draft:
        console.print(Text("  Every page says DRAFT: fix what `mcred check` reports, then build again to submit.",
                           style="yellow"), soft_wrap=True)
    limit = built.upload_limit_mb
    if limit and packet.size_bytes > limit * BYTES_PER_MB:
        console.print(Text(f"  The packet is larger than the {limit:g} MB upload limit: upload the part files instead, "
                           "or shrink the largest artifacts.", style="yellow"), soft_wrap=True)


def _shown(path: Path, base: Path | None) -> str:
    return Location(path).path_from(base)


def _pages(count: int) -> str:
    return counted(count, "page")


def _megabytes(size: int) -> str:
    megabytes = size / BYTES_PER_MB
    return f"{megabytes:.1f} MB" if megabytes >= 0.1 else f"{megabytes:.2f} MB"


# --- many portfolios: what a worker does for one, and the coach's summary ------------------------------------

@dataclass(frozen=True)
class Styling:
    """How the parent's terminal takes text, so a worker process renders a portfolio's report as the single
    command would print it there (width, colour or none)."""

    width: int
    color_system: str | None

    @classmethod
    def of(cls, console: Console) -> Styling:
        return cls(console.width, None if console.no_color else console.color_system)

    def console(self) -> Console:
        return Console(file=io.StringIO(), width=self.width, color_system=self.color_system,  # type: ignore[arg-type]
                       force_terminal=self.color_system is not None, highlight=False)


def check_one(folder: str, *, strict: bool = False, ocr: bool = True, styling: Styling | None = None) -> Outcome:
    """`mcred check FOLDER` inside a worker: its report (when `styling` is given), its JSON object, its row."""
    return _locked(folder, "mcred check", styling, functools.partial(_check_one, folder, strict=strict, ocr=ocr,
                                                                     styling=styling))


def build_one(folder: str, *, strict: bool = False, draft: bool = False, ocr: bool = True,
              styling: Styling | None = None) -> Outcome:
    """`mcred build FOLDER` inside a worker: it refuses or builds as the single command does, quietly."""
    return _locked(folder, "mcred build", styling, functools.partial(_build_one, folder, strict=strict, draft=draft,
                                                                     ocr=ocr, styling=styling))


def _locked(folder: str, command: str, styling: Styling | None, work: Callable[[], Outcome]) -> Outcome:
    """`work` while holding the portfolio's lock, as the single command holds it; a lock never freed is a row."""
    from mcred.read.lock import portfolio_lock

    try:
        with portfolio_lock(Path(folder), command):
            return work()
    except UserError as exc:
        return _unusable(folder, exc.findings, styling.console() if styling else None)


def _check_one(folder: str, *, strict: bool = False, ocr: bool = True, styling: Styling | None = None) -> Outcome:
    from mcred.checks import review_portfolio
    from mcred.cohort import Outcome, row_of
    from mcred.read import OcrSettings

    console = styling.console() if styling else None
    path = Path(folder)
    review = review_portfolio(path, OcrSettings(ocr))   # a portfolio it cannot read: `_locked` makes that its row
    code = exit_code(review, strict)
    if console is not None:
        console.rule(Text(folder, style="bold"), align="left")
        print_review(review, console, strict=strict, base=Path.cwd())
    return Outcome(folder, code, row_of(folder, review, code, _packet_path(review)), _captured(console),
                   json.loads(review_json(review, strict=strict, base=path)))


def _build_one(folder: str, *, strict: bool = False, draft: bool = False, ocr: bool = True,
               styling: Styling | None = None) -> Outcome:
    from dataclasses import replace

    from mcred.checks import review_portfolio
    from mcred.cohort import Outcome, row_of
    from mcred.packet import build_packet
    from mcred.read import OcrSettings

    console = styling.console() if styling else None
    path = Path(folder)
    review = review_portfolio(path, OcrSettings(ocr))   # a portfolio it cannot read: `_locked` makes that its row
    verdict = exit_code(review, strict)
    if console is not None:
        console.rule(Text(folder, style="bold"), align="left")
    refusal = build_refusal(review, strict=strict, draft=draft)
    if refusal:
        if console is not None:
            print_refusal(review, console, strict=strict, base=Path.cwd())
        return Outcome(folder, refusal, row_of(folder, review, verdict, _packet_path(review)), _captured(console),
                       json.loads(review_json(review, strict=strict, base=path)))
    if console is not None:
        print_check_summary(review, console, strict=strict, base=Path.cwd())
        if draft:
            print_draft_notice(review, console, strict=strict)
    try:
        built = build_packet(review, draft=draft, console=None)
    except UserError as exc:   # the packet could not be written: the previous one is left as it was
        if console is not None:
            print_findings(exc.findings, console, Path.cwd())
        row = replace(row_of(folder, review, verdict, _packet_path(review)), exit_code=EXIT_UNUSABLE,
                      problem="; ".join(f.code for f in exc.findings) or "build failed")
        return Outcome(folder, EXIT_UNUSABLE, row, _captured(console),
                       json.loads(json_error("input", EXIT_UNUSABLE, findings=[f.as_dict(path) for f in exc.findings])))
    if console is not None:
        print_built(built, console, base=Path.cwd())
    return Outcome(folder, 0, row_of(folder, review, verdict, built.packet.path), _captured(console),
                   json.loads(built_json(built, review, strict=strict, base=path)))


def _unusable(folder: str, findings: list[Finding], console: Console | None) -> Outcome:
    from mcred.cohort import Outcome, unreadable_row

    if console is not None:
        console.rule(Text(folder, style="bold"), align="left")
        print_unusable(findings, console, Path.cwd())
    document = json.loads(json_error("input", EXIT_UNUSABLE, findings=[f.as_dict(Path(folder)) for f in findings]))
    return Outcome(folder, EXIT_UNUSABLE, unreadable_row(folder, findings), _captured(console), document)


def _packet_path(review: Review) -> Path:
    from mcred.packet import packet_path

    return packet_path(review.portfolio)


def _captured(console: Console | None) -> str:
    if console is None:
        return ""
    console.print()
    return console.file.getvalue()  # type: ignore[attr-defined]


def run_many(work: Callable[[str], Outcome], folders: list[str], jobs: int | None, out: Console, err: Console, *,
             as_json: bool, reports: bool, verb: str = "Checking") -> list[Outcome]:
    """Every portfolio through `work` in parallel (a progress bar meanwhile), then each one's report (with
    `reports`) and the summary table, or one JSON object; the exit code is the worst of all."""
    from mcred.cohort import run_all

    rows: list[Outcome]
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=True, disable=as_json) as progress:
        task = progress.add_task(f"{verb} {counted(len(folders), 'portfolio')}", total=len(folders))
        rows = run_all(work, folders, jobs, done=lambda _outcome: progress.advance(task))
    now = time.time()
    if as_json:
        print(cohort_json(rows, worst(rows), now))
        return rows
    if reports:
        for outcome in rows:
            out.file.write(outcome.report)
        out.file.flush()
    print_summary([o.row for o in rows], out, now)
    return rows


def worst(outcomes: list[Outcome]) -> int:
    """The exit code of a run over many portfolios: the worst of theirs."""
    return max((o.exit_code for o in outcomes), default=0)


def cohort_json(outcomes: list[Outcome], worst: int, now: float) -> str:
    """One object: the cohort's totals, then per portfolio its summary row and its own --json object."""
    rows = [o.row for o in outcomes]
    summary = {"portfolios": len(rows), "ready": sum(r.ready for r in rows), "exit_code": worst,
               "unreadable": sum(r.status == UNREADABLE for r in rows)}
    portfolios = [{**o.row.as_dict(now), "command_exit_code": o.exit_code, "report": o.document} for o in outcomes]
    return json.dumps({"summary": summary, "portfolios": portfolios}, indent=2, ensure_ascii=False)


def print_summary(rows: list[Row], console: Console, now: float) -> None:
    """One line a portfolio: who, ready or not, words against the minimums, details covered, errors, warnings,
    privacy findings (a count), the packet and its age — counts and codes only, never a draft's words."""
    console = plain(console)
    credentials = {r.credential_title for r in rows if r.credential_title}
    parts: dict[str, str] = {}
    for row in rows:
        for words in row.words:
            parts.setdefault(words.part_id, words.title.split()[0] if words.title else words.part_id)
    title = f"Summary: {counted(len(rows), 'portfolio')}"
    if len(credentials) == 1:
        title += f" · {next(iter(credentials))}"
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False,
                  padding=(0, 0))
    table.add_column("Portfolio", overflow="fold", min_width=12)
    if len(credentials) > 1:
        table.add_column("Credential", overflow="fold", min_width=10)
    table.add_column("Status", no_wrap=True)
    for title_word in parts.values():
        table.add_column(title_word, justify="right", no_wrap=True)
    for name in ("Details", "Err", "Warn", "Privacy"):
        table.add_column(name, justify="right", no_wrap=True)
    table.add_column("Packet", min_width=8)
    for row in rows:
        shown = f"{row.name} (blind)" if row.blind else row.name
        cells: list[Text | str] = [Text(row.folder) + Text(f"\n{shown}", style="dim")
                                   if row.name and row.status in (READY, NOT_READY) else Text(row.folder)]
        if len(credentials) > 1:
            cells.append(Text(row.credential))
        cells.append(_status(row))
        by_part = {w.part_id: w for w in row.words}
        for part_id in parts:
            counted_words = by_part.get(part_id)
            cells.append(_words_cell(counted_words) if counted_words else Text("—", style="dim"))
        readable = row.status in (READY, NOT_READY)
        cells.append(Text(f"{row.covered}/{row.targets}", style="green" if row.covered == row.targets else "red")
                     if readable and row.targets else Text("—", style="dim"))
        cells.append(Text(str(row.errors), style="red" if row.errors else "green"))
        cells.append(Text(str(row.warnings), style="yellow" if row.warnings else ""))
        cells.append(Text(str(row.privacy), style="yellow" if row.privacy else "") if readable
                     else Text("—", style="dim"))
        cells.append(Text(row.packet.age(now)) if row.packet else Text("—", style="dim"))
        table.add_row(*cells)
    console.print(table)
    for row in rows:
        if row.problem:
            what = "build failed" if row.status == NOT_READY else row.status
            console.print(Text(f"  {row.folder}: {what} — {row.problem}", style="red"), soft_wrap=True)
    ready = sum(r.ready for r in rows)
    unreadable = sum(r.status in (UNREADABLE, BUG) for r in rows)
    line = Text(f"{ready} of {counted(len(rows), 'portfolio')} ready",
                style="bold green" if ready == len(rows) else "bold")
    if unreadable:
        line.append(f" · {unreadable} cannot be read", style="bold red")
    console.print(line)


def _status(row: Row) -> Text:
    if row.status == READY:
        return Text("✓ ready", style="green")
    if row.status == NOT_READY:
        return Text("✗ not ready", style="red")
    return Text(f"✗ {'unreadable' if row.status == UNREADABLE else 'bug'}", style="bold red")


def _words_cell(words: PartWords) -> Text:
    if not words.minimum:
        return Text(f"{words.words:,}")
    if words.missing:
        return Text(f"{words.words:,}", style="red") + Text(f"\n−{words.missing:,}", style="dim red")
    return Text(f"{words.words:,}", style="green")
