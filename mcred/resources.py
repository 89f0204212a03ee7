"""Where the shipped catalog and templates are: inside the installed package, or at the top of a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    installed = _PACKAGE / "data" / name  # a wheel carries them here (see pyproject.toml)
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name  # a checkout or an editable install


def catalog_dir() -> Path:
    return _shipped("credentials")


def templates_dir() -> Path:
    return _shipped("templates")
