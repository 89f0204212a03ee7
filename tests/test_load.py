"""The loader: YAML in, model out; every schema problem names file:line and the fix."""

from __future__ import annotations

import yaml

from mcred.read.manifest import load_portfolio


def _codes(loaded):
    return [(f.code, f.where.display(loaded.portfolio.root if loaded.portfolio else None) if f.where else None)
            for f in loaded.findings]


def test_ready_portfolio_loads_without_findings(portfolio):
    loaded = load_portfolio(portfolio())
    assert loaded.findings == []
    assert loaded.portfolio.practitioner.school == "Lincoln Middle School"
    assert loaded.portfolio.date.isoformat() == "2026-11-20"
    assert loaded.portfolio.artifact("A1").kind.value == "pdf"
    assert loaded.portfolio.artifact("A2").kind.value == "video"


def test_misspelled_manifest_key(portfolio):
    root = portfolio()
    text = (root / "mcred.yaml").read_text().replace("practitioner:", "practioner:")
    (root / "mcred.yaml").write_text(text)
    loaded = load_portfolio(root)
    messages = [f.message for f in loaded.findings]
    assert any("`practioner` is not a field of the manifest — did you mean `practitioner`?" in m for m in messages)
    assert all(f.unreadable for f in loaded.findings)


def test_citation_keeps_its_lines(portfolio):
    root = portfolio(evidence="""\
        artifacts:
          - id: A1
            title: Handbook
            file: artifacts/handbook.pdf
        evidence:
          "1":
            - artifact: A1
              pages: "3-4"
              explanaton: typo here
        """)
    loaded = load_portfolio(root)
    [finding] = loaded.findings
    assert finding.code == "MC103"
    assert (finding.where.line, finding.where.column) == (9, 7)
    assert "did you mean `explanation`?" in finding.message
    [citation] = loaded.portfolio.citations
    assert citation.fields["pages"].line == 8


def test_duplicate_keys_and_ids(portfolio):
    root = portfolio(evidence="""\
        artifacts:
          - id: A1
            title: Handbook
            file: artifacts/handbook.pdf
          - id: A1
            title: Again
            file: artifacts/handbook.pdf
        evidence:
          "1":
            - artifact: A1
              pages: 3
              pages: 4
        """)
    loaded = load_portfolio(root)
    found = {(f.code, f.where.line) for f in loaded.findings}
    assert ("MC104", 5) in found       # artifact id used twice
    assert ("MC104", 12) in found      # `pages` twice


def test_missing_manifest_is_unusable(tmp_path):
    loaded = load_portfolio(tmp_path)
    assert loaded.portfolio is None
    assert "has no mcred.yaml" in loaded.findings[0].message
    assert "mcred init" in loaded.findings[0].fix


def test_portfolio_with_its_own_credential_copy(portfolio, tmp_path):
    from mcred.read import catalog
    root = portfolio()
    (root / "credential.yaml").write_text(catalog.resolve("leading-vision-and-mission").read_text())
    manifest = yaml.safe_load((root / "mcred.yaml").read_text())
    manifest["credential"] = "credential.yaml"
    (root / "mcred.yaml").write_text(yaml.safe_dump(manifest))
    loaded = load_portfolio(root)
    assert loaded.portfolio.credential.id == "leading-vision-and-mission"
    assert loaded.portfolio.credential.path == root / "credential.yaml"
