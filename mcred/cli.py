"""The commands: parse options, call one function, hand the result on. One handler (`guarded`) around each.

Exit codes, every command: 0 ok, 1 findings that block, 2 input that cannot be used or bad usage, 3 a bug in
mcred, 130 interrupted. Under `--json` every outcome, errors included, is one JSON object on stdout.
"""

from __future__ import annotations

import contextlib
import functools
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import typer
from rich.console import Console

from mcred import __version__
from mcred.errors import EXIT_BUG, EXIT_INTERRUPTED, EXIT_UNUSABLE, UserError, bug_report, json_error
from mcred.findings import Location

app = typer.Typer(
    help="Check and build NASSP Ed Leaders Network micro-credential portfolios.\n\n"
         "Start with `mcred init`, write your drafts and evidence map, run `mcred check` until it is ready, "
         "then `mcred build` for the submission packet.",
    no_args_is_help=True, add_completion=False, rich_markup_mode="markdown", pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)
_debug = {"on": False}

Command = TypeVar("Command", bound=Callable[..., Any])

if TYPE_CHECKING:
    from mcred.read.ocr import OcrSettings


def guarded(command: Command) -> Command:
    """The one error handler: a user error exits 2 with its findings, anything unexpected exits 3 as a bug in
    mcred (traceback in a log, or on screen under --debug), Ctrl-C exits 130. No command has its own ladder."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        as_json = bool(kwargs.get("as_json"))
        try:
            return command(*args, **kwargs)
        except (typer.Exit, typer.Abort):
            raise
        except UserError as exc:
            from mcred import report
            if as_json:
                base = kwargs.get("folder") or _only(kwargs.get("folders")) or Path.cwd()  # the portfolio's own paths
                print(json_error("input", EXIT_UNUSABLE, findings=[f.as_dict(base) for f in exc.findings]))
            elif command.__name__ in ("check", "build"):
                report.print_unusable(exc.findings, out if command.__name__ == "check" else err, Path.cwd())
            else:
                report.print_findings(exc.findings, err, Path.cwd())
            raise typer.Exit(EXIT_UNUSABLE) from None
        except KeyboardInterrupt:
            if as_json:
                print(json_error("interrupted", EXIT_INTERRUPTED, message="interrupted"))
            err.print("Interrupted: nothing was changed (a packet being built is only written when complete).")
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except Exception as exc:
            bug = bug_report(exc)
            if as_json:
                print(json_error("bug", EXIT_BUG, None, **bug.as_dict()))
            if _debug["on"]:
                err.print(bug.trace, markup=False, highlight=False)
            where = f" The details are in {bug.log}." if bug.log else ""
            err.print(f"error: an unexpected error has occurred ({bug.summary}). This is a bug in mcred; please "
                      f"report it.{where} Run with --debug to see the traceback.", markup=False, highlight=False)
            raise typer.Exit(EXIT_BUG) from None

    return run  # type: ignore[return-value]


def _only(folders: list[Path] | None) -> Path | None:
    return folders[0] if folders and len(folders) == 1 else None


def _portfolios(folders: list[Path] | None) -> list[Path]:
    """The folders as given; a pattern the shell left unexpanded (quoted, or on Windows) is expanded here."""
    found: list[Path] = []
    for folder in folders or [Path(".")]:
        text = str(folder)
        matches = sorted(Path().glob(text)) if any(c in text for c in "*?[") and not folder.exists() else []
        found.extend(matches or [folder])
    return found


_JOBS_HELP = "With several portfolios: how many to work on at once (default: one per core)."


def _interactive() -> bool:
    """Ask for missing details only when a person is at the terminal, never in scripts or CI."""
    return sys.stdin.isatty()


@contextlib.contextmanager
def _ocr_progress(enabled: bool, as_json: bool) -> Iterator[OcrSettings]:
    """OCR's settings for a command: on unless `--no-ocr`; on a terminal, a spinner naming the page it reads."""
    from rich.status import Status

    from mcred.read.ocr import OcrSettings
    if not enabled or as_json or not err.is_terminal:
        yield OcrSettings(enabled)
        return
    shown: list[Status] = []

    def say(message: str) -> None:   # shown from the first page OCR reads (none, once its cache holds them all)
        if not shown:
            shown.append(err.status(message))
            shown[0].start()
        shown[0].update(message)

    try:
        yield OcrSettings(True, say)
    finally:
        for status in shown:
            status.stop()


def _version(value: bool) -> None:
    if value:
        out.print(f"mcred {__version__}")
        raise typer.Exit()


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Show the version and exit."),
          debug: bool = typer.Option(False, "--debug", help="Show the traceback when mcred hits a bug.")) -> None:
    _debug["on"] = debug


@app.command()
@guarded
def credentials(
    credential: str | None = typer.Argument(None, metavar="ID|PATH|import",
                                            help="A catalog id, or a credential YAML file to show and validate; "
                                                 "or `import` followed by PAGE."),
    page: Path | None = typer.Argument(None, metavar="[PAGE]",
                                       help="With `import`: a text file holding an ELN credential page's text."),
    output: Path | None = typer.Option(None, "--output", "-o",
                                       help="With `import`: the credential file to write (default: <id>.yaml here)."),
    partial: bool = typer.Option(False, "--partial",
                                 help="With `import`: write the file even when the page leaves something out."),
) -> None:
    """List the credential catalog, or show one credential's outcomes, details, questions and rules.

    `mcred credentials import PAGE.txt` writes a credential file from the text of an ELN credential page (copied
    from the public page or the portal), stating only what the page states; `mcred init --credential FILE` uses it.
    """
    from mcred import display
    from mcred.read import catalog, load_credential
    if credential == "import":
        from mcred.importing import import_command
        if page is None:
            raise UserError.plain("`mcred credentials import` needs the page's text file",
                                  "save the credential page's text in a file, then `mcred credentials import page.txt`",
                                  code="MC107")
        raise typer.Exit(import_command(page, output, partial, out))
    if page is not None or output is not None or partial:
        raise UserError.plain("PAGE, --output and --partial go with `mcred credentials import`",
                              "run `mcred credentials import PAGE.txt`", code="MC107")
    if credential is None:
        display.catalog_table([load_credential(catalog.resolve(i)) for i in catalog.ids()], out)
    else:
        display.credential_detail(load_credential(catalog.resolve(credential, Path.cwd())), out)


@app.command()
@guarded
def init(
    folder: str = typer.Argument(..., help="The new portfolio folder (created if missing; must not hold mcred's files)."),
    credential: str = typer.Option(..., "--credential", "-c",
                                   help="A catalog id (see `mcred credentials`) or a credential YAML file."),
    name: str | None = typer.Option(None, help="Your name, as the assessor should see it."),
    role: str | None = typer.Option(None, help="Your role, e.g. Assistant Principal."),
    school: str | None = typer.Option(None, help="Your school."),
    district: str | None = typer.Option(None, help="Your district."),
) -> None:
    """Scaffold a portfolio: manifest, credential copy, drafts, evidence map and artifacts/. Never overwrites."""
    from mcred import display
    from mcred.facts import Practitioner
    from mcred.read import catalog, load_credential
    from mcred.scaffold import ensure_free, init_portfolio, new_folder
    target = new_folder(folder)
    chosen = load_credential(catalog.resolve(credential, Path.cwd()))
    ensure_free(target, chosen)   # before asking anything: a refusal should not come after four questions
    asked = {"name": name, "role": role, "school": school, "district": district}
    if _interactive():
        for key, value in asked.items():
            if value is None:
                asked[key] = typer.prompt(f"Your {key}", default="", show_default=False)
    practitioner = Practitioner(**{k: (v or "") for k, v in asked.items()})
    scaffold = init_portfolio(target, chosen, practitioner)
    display.init_done(scaffold, chosen, out)


@app.command()
@guarded
def check(
    folders: list[Path] | None = typer.Argument(None, metavar="DIR",
                                                help="The portfolio folder (the one with mcred.yaml), or several: "
                                                     "each is checked, then one summary table."),
    strict: bool = typer.Option(False, "--strict", help="Treat warnings as errors."),
    as_json: bool = typer.Option(False, "--json", help="Print the findings and the summary as one JSON object."),
    no_ocr: bool = typer.Option(False, "--no-ocr", help="Do not read pages without a text layer (scans) by OCR."),
    jobs: int | None = typer.Option(None, "--jobs", "-j", min=1, help=_JOBS_HELP),
) -> None:
    """Report everything an assessor would reject, with file, line and the fix. Exit 0 ready, 1 not, 2 unreadable.

    Given several portfolios (`mcred check cohort/*`), checks them in parallel, prints each one's report, then a
    summary table; the exit code is the worst of all.
    """
    from mcred import report
    from mcred.checks import review_portfolio
    portfolios = _portfolios(folders)
    if len(portfolios) > 1:
        work = functools.partial(report.check_one, strict=strict, ocr=not no_ocr,
                                 styling=None if as_json else report.Styling.of(out))
        outcomes = report.run_many(work, [str(p) for p in portfolios], jobs, out, err, as_json=as_json, reports=True)
        raise typer.Exit(report.worst(outcomes))
    folder = portfolios[0]
    from mcred.read.lock import portfolio_lock
    with portfolio_lock(folder, "mcred check", err), _ocr_progress(not no_ocr, as_json) as ocr:
        review = review_portfolio(folder, ocr)   # check writes the cache: one mcred at a time
    if as_json:
        print(report.review_json(review, strict=strict, base=folder))
    else:
        report.print_review(review, out, strict=strict, base=Path.cwd())  # paths as typed from here, like a linter
    raise typer.Exit(report.exit_code(review, strict=strict))


@app.command()
@guarded
def find(
    phrase: str = typer.Argument(..., help="The words to look for, compared as check compares quotes."),
    folder: Path = typer.Argument(Path("."), help="The portfolio folder (the one with mcred.yaml)."),
    as_json: bool = typer.Option(False, "--json", help="Print the pages found as one JSON object."),
    no_ocr: bool = typer.Option(False, "--no-ocr", help="Do not read pages without a text layer (scans) by OCR."),
) -> None:
    """List every artifact page where a phrase stands: artifact, page, printed label, the words around it.

    Case, spacing, punctuation, ligatures and line-break hyphens do not matter. Exit 0 found, 1 not found,
    2 unreadable. Page text is cached in `.mcred/`, so a second search is quick. Pages without a text layer
    (scans) are read by OCR where it is installed (`pip install "mcred[ocr]"`), once.
    """
    from mcred.find import find_phrase, found_json, print_found
    from mcred.read.lock import portfolio_lock
    with portfolio_lock(folder, "mcred find", err), _ocr_progress(not no_ocr, as_json) as ocr:
        found = find_phrase(folder, phrase, ocr)
    if as_json:
        print(found_json(found))
    else:
        print_found(found, out)
    raise typer.Exit(found.exit_code)


@app.command()
@guarded
def build(
    folders: list[Path] | None = typer.Argument(None, metavar="DIR",
                                                help="The portfolio folder (the one with mcred.yaml), or several: "
                                                     "each is built, then one summary table."),
    draft: bool = typer.Option(False, "--draft", help="Build even with errors; every page says DRAFT."),
    strict: bool = typer.Option(False, "--strict", help="Refuse on warnings too."),
    as_json: bool = typer.Option(False, "--json", help="Print the outcome (files built, or findings) as one JSON object."),
    watch: bool = typer.Option(False, "--watch", help="Rebuild whenever a draft, YAML file or artifact changes, "
                                                      "keeping the last good packet; Ctrl-C stops."),
    no_ocr: bool = typer.Option(False, "--no-ocr", help="Do not read pages without a text layer (scans) by OCR."),
    jobs: int | None = typer.Option(None, "--jobs", "-j", min=1, help=_JOBS_HELP),
) -> None:
    """Typeset `build/<credential>-packet.pdf` (and one PDF per part in `build/parts/`) after checking the portfolio.

    Given several portfolios, builds them in parallel, then prints a summary table; the exit code is the worst.
    """
    portfolios = _portfolios(folders)
    if len(portfolios) > 1:
        if watch:
            raise UserError.plain("`--watch` follows one portfolio", "run `mcred build --watch DIR` for each")
        from mcred import report
        work = functools.partial(report.build_one, strict=strict, draft=draft, ocr=not no_ocr,
                                 styling=None if as_json else report.Styling.of(out))
        outcomes = report.run_many(work, [str(p) for p in portfolios], jobs, out, err, as_json=as_json, reports=True,
                                   verb="Building")
        raise typer.Exit(report.worst(outcomes))
    folder = portfolios[0]
    if watch:
        if as_json:
            raise UserError.plain("`--json` does not combine with `--watch`: a watch prints as it goes, never one "
                                  "JSON object", "run `mcred build --json` for one build, or `mcred build --watch` "
                                  "to rebuild as you write")
        from mcred.watch import watch_and_build
        options = ["--draft"] * draft + ["--strict"] * strict + ["--no-ocr"] * no_ocr
        raise typer.Exit(watch_and_build(folder, options, err, debug=_debug["on"]))
    from mcred import report
    from mcred.checks import review_portfolio
    from mcred.packet import build_packet
    from mcred.read.lock import portfolio_lock
    with portfolio_lock(folder, "mcred build", err):   # from reading to the packet written: one mcred at a time
        with _ocr_progress(not no_ocr, as_json) as ocr:
            review = review_portfolio(folder, ocr)
        refusal = report.build_refusal(review, strict=strict, draft=draft)
        if refusal:
            if as_json:
                print(report.review_json(review, strict=strict, base=folder))
            else:
                report.print_refusal(review, err, strict=strict, base=Path.cwd())
            raise typer.Exit(refusal)
        if not as_json:
            report.print_check_summary(review, err, strict=strict, base=Path.cwd())
            if draft:
                report.print_draft_notice(review, err, strict=strict)
        built = build_packet(review, draft=draft, console=None if as_json else err)
    if as_json:
        print(report.built_json(built, review, strict=strict, base=folder))
    else:
        report.print_built(built, out, base=Path.cwd())


@app.command()
@guarded
def cohort(
    folder: Path = typer.Argument(Path("."), metavar="DIR",
                                  help="The folder holding the portfolios (each a folder with mcred.yaml)."),
    html: Path | None = typer.Option(None, "--html", help="Also write the summary as one self-contained HTML page "
                                                          "(sortable; no network; no draft text or student names)."),
    strict: bool = typer.Option(False, "--strict", help="Treat warnings as errors."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as one JSON object."),
    no_ocr: bool = typer.Option(False, "--no-ocr", help="Do not read pages without a text layer (scans) by OCR."),
    jobs: int | None = typer.Option(None, "--jobs", "-j", min=1, help=_JOBS_HELP),
) -> None:
    """A coach's summary of every portfolio under a folder: ready or not, words against the minimums, details
    covered, errors, warnings, privacy findings (counts only), the packet and its age. Exit: the worst of all."""
    from mcred import report
    from mcred.cohort import find_portfolios
    found = find_portfolios(folder)
    if not found:
        raise UserError.plain(f"{folder} holds no portfolio (no folder with mcred.yaml under it)",
                              "name the folder that holds your cohort's portfolio folders", Location(folder), "MC101")
    work = functools.partial(report.check_one, strict=strict, ocr=not no_ocr)
    outcomes = report.run_many(work, [str(p) for p in found], jobs, out, err, as_json=as_json, reports=False)
    if html is not None:
        from mcred.cohort.page import write_page
        written = write_page([o.row for o in outcomes], html, title=str(folder), root=folder)
        if not as_json:
            out.print(f"Wrote {written}: open it in a browser, or share it.", markup=False, highlight=False)
    raise typer.Exit(report.worst(outcomes))


@app.command()
@guarded
def clean(
    folder: Path = typer.Argument(Path("."), help="The portfolio folder (the one with mcred.yaml)."),
) -> None:
    """Delete mcred's cache (`.mcred/`: prepared artifact copies, extracted page text). Safe: it is rebuilt."""
    from mcred.read.cache import clean_cache
    from mcred.read.lock import portfolio_lock
    with portfolio_lock(folder, "mcred clean", err, make=False):   # not from under a build that is using it
        removed = clean_cache(folder)
    out.print(f"Removed {removed}." if removed else "Nothing to clean: there is no .mcred/ cache.",
              markup=False, highlight=False)


@app.command()
@guarded
def schema(
    output: Path = typer.Option(Path("schemas"), "--output", "-o",
                                help="The folder to write them in (created if missing)."),
    force: bool = typer.Option(False, "--force", help="Replace schema files that hold something else."),
) -> None:
    """Write the JSON Schemas of mcred.yaml, credential.yaml, evidence.yaml and feedback.yaml, for your editor.

    Run in a portfolio, the default `schemas/` is where `mcred init` put them and where the first line of each
    YAML file points (`# yaml-language-server: $schema=schemas/mcred.schema.json`): run it again with --force
    after updating mcred. A file holding something else is never replaced without --force.
    """
    from mcred.schema import write_schemas
    for written in write_schemas(output, force=force):
        out.print(f"{written.outcome.value.capitalize()}: {written.path}", markup=False, highlight=False)


@app.command()
@guarded
def submit(
    folder: Path = typer.Argument(Path("."), help="The portfolio folder (the one with mcred.yaml)."),
    as_json: bool = typer.Option(False, "--json", help="Print the attempt recorded, or why not, as one JSON object."),
) -> None:
    """Record the packet you hand in as `submissions/<n>/`: packet, parts, sheet, sources and their hashes.

    Run after `mcred build`, when you submit. Refuses (exit 1) a draft packet or one out of date with the drafts,
    YAML files or artifacts; never overwrites an attempt. mcred never deletes `submissions/`.
    """
    import json

    from mcred.errors import EXIT_FINDINGS
    from mcred.resubmit.submit import Refusal
    from mcred.resubmit.submit import submit as record
    done = record(folder)
    if isinstance(done, Refusal):
        if as_json:
            print(json_error("refused", EXIT_FINDINGS, message=done.message, fix=done.fix))
        else:
            err.print(f"error: {done.message}. Nothing was recorded.\n  fix: {done.fix}", markup=False, highlight=False)
        raise typer.Exit(EXIT_FINDINGS)
    shown = done.folder.relative_to(folder.resolve()) if done.folder.is_relative_to(folder.resolve()) else done.folder
    if as_json:
        print(json.dumps({"attempt": done.attempt, "folder": str(shown), "files": [str(f) for f in done.files],
                          "inputs": done.inputs}, indent=2, ensure_ascii=False))
        return
    out.print(f"Recorded submission {done.attempt} in {folder / shown}: " + ", ".join(str(f) for f in done.files)
              + f" ({done.inputs} input files hashed).", markup=False, highlight=False)
    out.print("When the assessor's results come back: `mcred feedback` writes feedback.yaml to fill in.",
              markup=False, highlight=False)


@app.command()
@guarded
def feedback(
    folder: Path = typer.Argument(Path("."), help="The portfolio folder (the one with mcred.yaml)."),
) -> None:
    """Write `feedback.yaml` to fill in with the assessor's results on the last submission (never overwrites).

    One line per outcome and detail: `result: proficient` or `not-yet`, and the assessor's comment. `mcred check`
    then holds each not-yet item against what you changed; the next packet opens with the changes.
    """
    from mcred.resubmit.feedback import write_feedback
    written = write_feedback(folder)
    out.print(f"Wrote {written.path}: {written.items} outcomes and details to fill in with the results of submission "
              f"{written.attempt}.", markup=False, highlight=False)
    if written.schema is not None:
        out.print(f"  and {written.schema}, for your editor.", markup=False, highlight=False)


@app.command()
@guarded
def diff(
    folder: Path = typer.Argument(Path("."), help="The portfolio folder (the one with mcred.yaml)."),
    as_json: bool = typer.Option(False, "--json", help="Print the changes as one JSON object."),
) -> None:
    """Show what changed since the last submission: each item marked not yet with the assessor's comment and what
    changed under it, other evidence changed, parts rewritten (words then and now), new artifacts."""
    from mcred.resubmit.diff import diff_folder, diff_json, print_diff
    found = diff_folder(folder)
    if as_json:
        print(diff_json(found))
    else:
        print_diff(found, out)


def main() -> None:
    app()
