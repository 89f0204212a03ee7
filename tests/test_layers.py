"""The layers the README's layout section describes are the ones import-linter enforces (pyproject.toml)."""

from __future__ import annotations

import re
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parent.parent


def _contract_layers() -> list[set[str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    layers = next(c for c in config["contracts"] if c["type"] == "layers")["layers"]
    return [{name.strip() for name in layer.split("|")} for layer in layers]


def _readme_layers() -> list[set[str]]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Layout of the code"):readme.index("## Speed")]
    rows = [re.split(r"(?<!\\)\|", line) for line in section.splitlines() if re.match(r"\| \d+ \|", line)]
    layers = []
    for row in rows:
        modules = {m.removesuffix(".py").rstrip("/") for m in re.findall(r"`([\w/.]+)`", row[2])}
        layers.append(modules)
    return layers


def test_readme_lists_the_contracts_layers_in_order():
    contract = _contract_layers()
    readme = _readme_layers()
    assert contract[0] == {"__main__"}
    assert readme[0] == {"cli", "__main__"}   # one row: __main__ only starts cli
    assert readme[1:] == contract[2:] and len(readme) == len(contract) - 1


def test_every_module_of_mcred_is_in_a_layer():
    named = set().union(*_contract_layers())
    modules = {p.stem if p.is_file() else p.name for p in (ROOT / "mcred").iterdir()
               if (p.suffix == ".py" and p.stem != "__init__") or (p.is_dir() and (p / "__init__.py").exists())}
    assert modules - {"data"} == named
