"""A complete portfolio is ready: check exits 0, says so, and writes nothing but its cache."""

from __future__ import annotations

import json

from check_material import snapshot


def test_a_ready_portfolio_passes(portfolio, cli):
    folder = portfolio()
    before = snapshot(folder)
    result = cli("check", str(folder))
    assert result.exit_code == 0, result.output
    assert "Ready to submit" in result.output
    assert snapshot(folder) == before
    assert (folder / ".mcred" / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"


def test_json_summary_and_coverage(portfolio, cli):
    result = cli("check", str(portfolio()), "--json")
    document = json.loads(result.stdout)
    assert document["summary"]["ready"] is True
    assert document["coverage"]["4.1"] == ["A1"]
    assert document["words"]["overview"]["words"] >= 1000
