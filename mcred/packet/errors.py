"""A build that could not finish, said in the practitioner's terms: what happened, and what to do."""

from __future__ import annotations


class BuildError(Exception):
    def __init__(self, message: str, fix: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix
