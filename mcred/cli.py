"""The commands: parse options, call one function, print the result — no logic here."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from mcred import __version__
from mcred.findings import InputError

app = typer.Typer(
    help="Check and build NASSP Ed Leaders Network micro-credential portfolios.\n\n"
         "Start with `mcred init`, write your drafts and evidence map, run `mcred check` until it is ready, "
         "then `mcred build` for the submission packet.",
    no_args_is_help=True, add_completion=False, rich_markup_mode="markdown",
    context_settings={"help_option_names": ["-h", "--help"]},
)

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)

EXIT_UNUSABLE = 2   # input that cannot be used; 0 and 1 come from report.exit_code


def _fail(error: InputError, base: Path | None = None) -> typer.Exit:
    from mcred.report import print_findings
    print_findings(error.findings, err, base)
    return typer.Exit(EXIT_UNUSABLE)


def _interactive() -> bool:
    """Ask for missing details only when a person is at the terminal, never in scripts or CI."""
    return sys.stdin.isatty()


def _version(value: bool) -> None:
    if value:
        out.print(f"mcred {__version__}")
        raise typer.Exit()


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Show the version and exit.")) -> None:
    pass


@app.command()
def credentials(
    credential: Optional[str] = typer.Argument(None, metavar="ID|PATH",
                                               help="A catalog id, or a credential YAML file to show and validate."),
) -> None:
    """List the credential catalog, or show one credential's outcomes, details, questions and rules."""
    from mcred import catalog, display
    from mcred.read.manifest import load_credential
    try:
        if credential is None:
            display.catalog_table([load_credential(catalog.resolve(i)) for i in catalog.ids()], out)
        else:
            display.credential_detail(load_credential(catalog.resolve(credential, Path.cwd())), out)
    except InputError as exc:
        raise _fail(exc)


@app.command()
def init(
    folder: Path = typer.Argument(..., help="The new portfolio folder (created if missing; must not hold mcred's files)."),
    credential: str = typer.Option(..., "--credential", "-c", help="A catalog id (see `mcred credentials`) or a credential YAML file."),
    name: Optional[str] = typer.Option(None, help="Your name, as the assessor should see it."),
    role: Optional[str] = typer.Option(None, help="Your role, e.g. Assistant Principal."),
    school: Optional[str] = typer.Option(None, help="Your school."),
    district: Optional[str] = typer.Option(None, help="Your district."),
) -> None:
    """Scaffold a portfolio: manifest, credential copy, drafts, evidence map and artifacts/. Never overwrites."""
    from mcred import catalog, display
    from mcred.read.manifest import load_credential
    from mcred.facts import Practitioner
    from mcred.scaffold import ensure_free, init_portfolio
    try:
        chosen = load_credential(catalog.resolve(credential, Path.cwd()))
        ensure_free(folder, chosen)   # before asking anything: a refusal should not come after four questions
        asked = {"name": name, "role": role, "school": school, "district": district}
        if _interactive():
            for key, value in asked.items():
                if value is None:
                    asked[key] = typer.prompt(f"Your {key}", default="", show_default=False)
        practitioner = Practitioner(**{k: (v or "") for k, v in asked.items()})
        scaffold = init_portfolio(folder, chosen, practitioner)
    except InputError as exc:
        raise _fail(exc)
    display.init_done(scaffold, chosen, out)


@app.command()
def check(
    folder: Path = typer.Argument(Path("."), help="The portfolio folder (the one with mcred.yaml)."),
    strict: bool = typer.Option(False, "--strict", help="Treat warnings as errors."),
    as_json: bool = typer.Option(False, "--json", help="Print the findings and the summary as JSON."),
) -> None:
    """Report everything an assessor would reject, with file, line and the fix. Exit 0 ready, 1 not, 2 unreadable."""
    from mcred import report
    from mcred.checks import review_portfolio
    review = review_portfolio(folder)
    if as_json:
        print(report.review_json(review, strict=strict, base=folder))
    else:
        report.print_review(review, out, strict=strict, base=Path.cwd())  # paths as typed from here, like a linter
    raise typer.Exit(report.exit_code(review, strict=strict))


@app.command()
def build(
    folder: Path = typer.Argument(Path("."), help="The portfolio folder (the one with mcred.yaml)."),
    draft: bool = typer.Option(False, "--draft", help="Build even with errors; every page says DRAFT."),
    strict: bool = typer.Option(False, "--strict", help="Refuse on warnings too."),
) -> None:
    """Typeset `build/<credential>-packet.pdf` (and one PDF per part in `build/parts/`) after checking the portfolio."""
    from mcred import report
    from mcred.checks import review_portfolio
    from mcred.packet import BuildError, build_packet
    review = review_portfolio(folder)
    refusal = report.build_refusal(review, strict=strict, draft=draft)
    if refusal:
        report.print_refusal(review, err, strict=strict, base=Path.cwd())
        raise typer.Exit(refusal)
    if draft:
        report.print_draft_notice(review, err, strict=strict)
    try:
        built = build_packet(review, draft=draft, console=err)
    except BuildError as exc:
        report.print_build_error(exc, err)
        raise typer.Exit(EXIT_UNUSABLE)
    report.print_built(built, out, base=Path.cwd())


def main() -> None:
    app()
