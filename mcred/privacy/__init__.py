"""Student privacy: find student-identifying information in drafts and artifacts, and redact it for real.

rules.py    what to look for: the roster, extra terms, built-in patterns, student ID masks
scan.py     text in, hits out (kind, offsets, masked snippet); pure, linear-time
pdfscan.py  the same over every page of a PDF, and the rectangles of each hit
redact.py   drafts' text with hits blocked out; PDF pages with hits turned into images with boxes burnt in
"""

from __future__ import annotations

from mcred.privacy.masking import mask
from mcred.privacy.rules import MaskError, PrivacyRules, RosterError, Student, compile_mask, parse_roster
from mcred.privacy.scan import Hit, HitKind, find_hits

__all__ = ["Hit", "HitKind", "MaskError", "PrivacyRules", "RosterError", "Student", "compile_mask", "find_hits",
           "mask", "parse_roster"]
