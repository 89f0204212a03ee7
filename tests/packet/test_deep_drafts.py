"""A draft nested past what the packet can typeset: `build` refuses it (MC209), and a `--draft` packet still
shows every deep word — in the narrative and in an explanation — flattened at mcred's limit."""

from __future__ import annotations

import json

from pypdf import PdfReader
from readback import packet_path, page_texts, squash
from support import prose, ready_evidence, ready_overview

from mcred.text.drafts import MAX_NESTING

DEEP_QUOTE = "> " * 50 + "quokka marmalade\n"
DEEP_LIST = "".join("  " * level + f"- rung{level}\n" for level in range(30))
DEEP_ITEMS = [f"rung{level}" for level in range(30)]


def _questions() -> list[str]:
    from mcred.read import catalog, load_credential

    return [p.text for p in load_credential(catalog.resolve("ensuring-accountability")).part("overview").prompts]


def test_a_draft_packet_shows_every_deep_word(portfolio, cli):
    overview = ready_overview(_questions()).replace(prose(260), f"{prose(260)}\n\n{DEEP_QUOTE}\n{DEEP_LIST}", 1)
    evidence = ready_evidence(["1", "2", "3", "4.1", "4.2", "4.3", "4.4"])
    evidence["evidence"]["2"][0]["explanation"] = prose(45) + "\n\n" + "> " * 40 + "wombat lantern\n"
    folder = portfolio(overview=overview, evidence=evidence)

    refused = cli("build", str(folder))
    assert refused.exit_code == 1 and not packet_path(folder).exists()
    findings = json.loads(cli("check", str(folder), "--json").stdout)["findings"]
    deep = sorted((f["file"], f["line"]) for f in findings if f["code"] == "MC209")
    assert [place for place in deep if place[0] == "overview.md"] == [
        ("overview.md", overview.splitlines().index(DEEP_QUOTE.strip()) + 1),
        ("overview.md", overview.splitlines().index("  " * MAX_NESTING + f"- rung{MAX_NESTING}") + 1)]
    assert [place[0] for place in deep if place[0] != "overview.md"] == ["evidence.yaml"]   # the explanation

    drafted = cli("build", str(folder), "--draft")
    assert drafted.exit_code == 0, drafted.output
    text = squash(" ".join(page_texts(PdfReader(packet_path(folder)))))
    for words in ["quokkamarmalade", *DEEP_ITEMS, "wombatlantern"]:
        assert words in text, words
