"""The one place that runs Typst: the packet template, the document as data, bundled fonts only."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mcred.errors import UserError
from mcred.resources import templates_dir

ALL = "all"  # the `part` input that asks for the whole packet


def template_source() -> bytes:
    return (templates_dir() / "packet" / "packet.typ").read_bytes()


class Typesetter:
    """Typesets the packet and its part files from one document, sharing Typst's caches between them."""

    def __init__(self, document: dict[str, Any], *, root: Path, draft: bool, timestamp: int) -> None:
        import typst  # heavy: only when building

        self._typst = typst
        # Typst reads only inside root: the portfolio (and any folder its artifacts live in).
        self._compiler = typst.Compiler(root=str(root), ignore_system_fonts=True)
        try:
            self._source = template_source()
        except OSError:
            raise UserError.plain("mcred's packet template (templates/packet/packet.typ) is missing.",
                             "Reinstall mcred: `pip install --force-reinstall mcred`.") from None
        self._data = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
        self._draft = "true" if draft else "false"
        self._timestamp = timestamp

    def pdf(self, part: str = ALL) -> bytes:
        """The packet (part="all") or one part's own PDF, as bytes."""
        inputs = {"data": self._data, "part": part, "draft": self._draft}
        try:
            result = self._compiler.compile(input=self._source, format="pdf", sys_inputs=inputs,
                                            timestamp=self._timestamp)
        except self._typst.TypstError as exc:
            raise UserError.plain(f"Typst could not typeset the packet: {exc.message}", _fix(exc)) from None
        except RuntimeError as exc:  # the binding's other failures (e.g. a file it cannot read)
            raise UserError.plain(f"Typst could not typeset the packet: {exc}", _fix(None)) from None
        except BaseException as exc:
            # A crash inside Typst reaches Python as pyo3's PanicException, which is no Exception.
            if type(exc).__name__ != "PanicException":
                raise
            raise UserError.plain(f"Typst stopped while typesetting the packet: {exc}", _fix(None)) from None
        assert isinstance(result, bytes)
        return result


def _fix(exc: Any) -> str:
    hints = "; ".join(getattr(exc, "hints", None) or [])
    advice = ("If it names one of your artifacts, open that file and save or print it to PDF again, then run "
              "`mcred build` again. Otherwise this is a bug in mcred: please report it with this message.")
    return f"{hints[:1].upper()}{hints[1:]}. {advice}" if hints else advice
