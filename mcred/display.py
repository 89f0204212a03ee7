"""Catalog and init output for the terminal: tables where people compare, a panel with next steps."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from mcred.facts import Credential, PartKind
from mcred.scaffold import Scaffold
from mcred.schema import SCHEMA_FOLDER


def _minimums(credential: Credential) -> str:
    return " / ".join(f"{p.min_words:,}" for p in credential.narrative_parts if p.min_words)


def catalog_table(credentials: list[Credential], console: Console) -> None:
    table = Table(title="mcred credential catalog", title_justify="left")
    table.add_column("credential")
    table.add_column("outcomes", no_wrap=True)
    table.add_column("questions", justify="right", no_wrap=True)
    table.add_column("min. words", no_wrap=True)
    for credential in credentials:
        questions = sum(len(p.prompts) for p in credential.narrative_parts if not p.address_outcomes)
        details = sum(len(o.details) for o in credential.outcomes)
        table.add_row(Text.assemble((credential.id, "bold"), "\n", (credential.title, "dim")),
                      f"{len(credential.outcomes)} ({details} details)", str(questions), _minimums(credential))
    console.print(table)
    console.print(Text("min. words: each narrative part's minimum, in order (Part 1 / Part 3).", style="dim"))
    console.print(Text("Show one with `mcred credentials ID`; start a portfolio with "
                       "`mcred init FOLDER --credential ID`.", style="dim"))


def credential_detail(credential: Credential, console: Console) -> None:
    header = Text()
    header.append(credential.title, style="bold")
    header.append(f"  ({credential.id})\n", style="dim")
    header.append(credential.program)
    if credential.domain:
        header.append(f" · {credential.domain} domain")
    if credential.path:
        header.append(f"\n{credential.path}", style="dim")
    console.print(Panel(header, expand=False))

    outcomes = Table(title=f"Essential outcomes ({len(credential.outcomes)})", title_justify="left", show_lines=True)
    outcomes.add_column("id", style="bold", no_wrap=True)
    outcomes.add_column("outcome and its details")
    for outcome in credential.outcomes:
        lines = [Text(outcome.text)]
        for detail in outcome.details:
            line = Text(f"  {detail.id}  {detail.text}")
            if detail.source:
                line.append(f"  (from the {detail.source})", style="dim")
            lines.append(line)
        if not outcome.has_portal_details:
            lines.append(Text("  portal details not pasted in yet — evidence is mapped at this level"
                              if not outcome.details else "  paste the portal's details to replace these", style="dim italic"))
        outcomes.add_row(outcome.id, Group(*lines))
    console.print(outcomes)

    for part in credential.parts:
        rules = []
        if part.min_words:
            rules.append(f"at least {part.min_words:,} words")
        if part.kind is PartKind.EVIDENCE:
            rules.append("every detail (or outcome) cited with a location and an explanation")
            if part.min_explanation_words:
                rules.append(f"explanations of {part.min_explanation_words}+ words")
        if part.address_outcomes:
            rules.append("a section for every outcome")
        console.print(Text.assemble((f"{part.title}", "bold"), f" ({part.id}, {part.kind.value}): ", "; ".join(rules)))
        for index, prompt in enumerate(part.prompts, 1):
            console.print(f"  {index}. {prompt.text}")
    console.print(Text(f"{len(credential.outcomes)} outcomes · "
                       f"{sum(len(p.prompts) for p in credential.narrative_parts if not p.address_outcomes)} questions",
                       style="dim"))


def init_done(scaffold: Scaffold, credential: Credential, console: Console) -> None:
    folder = scaffold.folder
    listing = Text()
    schemas = folder / SCHEMA_FOLDER
    for path in scaffold.written:
        if path.parent != schemas:
            listing.append(f"  {path.relative_to(folder)}\n")
    listing.append("  artifacts/\n")
    if any(p.parent == schemas for p in scaffold.written):   # three JSON files the user never opens: one line
        listing.append(f"  {SCHEMA_FOLDER}/")
        listing.append("  for your editor: it completes and checks the YAML as you type\n", style="dim")
    steps = Text()
    steps.append(f"1. Paste the portal's outcome details into {folder / 'credential.yaml'}\n")
    steps.append("2. Put your artifacts in artifacts/ and list them in evidence.yaml\n")
    steps.append("3. Replace every [TODO: …] in the drafts and evidence.yaml\n")
    steps.append(f"4. cd {folder} && mcred check — then mcred build")
    console.print(Panel(Group(Text(f"Wrote your {credential.title} portfolio in {folder}:", style="bold"), listing,
                              Text("Next steps", style="bold"), steps),
                        title="mcred init", expand=False))
