"""Student privacy: find student-identifying information in drafts and artifacts, and redact it for real.

rules.py    what to look for: the roster, extra terms, built-in patterns, student ID masks
scan.py     text in, hits out (kind, offsets, masked snippet); pure, linear-time
pdfscan.py  the same over every page of a PDF, and the rectangles of each hit
redact.py   drafts' text with hits blocked out; PDF pages with hits turned into images with boxes burnt in
"""

from __future__ import annotations

import importlib
from typing import Any

# Names load on first use: importing `mcred.privacy.rules` for a type must not compile the scanner's patterns.
_WHERE = {"mask": "masking", "MaskError": "rules", "PrivacyRules": "rules", "RosterError": "rules", "Student": "rules",
          "compile_mask": "rules", "parse_roster": "rules", "Hit": "scan", "HitKind": "scan", "find_hits": "scan"}
__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
