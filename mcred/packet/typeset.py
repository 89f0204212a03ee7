"""The one place that runs Typst: the packet template, the document as data, bundled fonts only.

A packet of 2,000 artifact pages is mostly two big typesettings — the packet, and Part 2's own file — that embed
every artifact page. What makes them as cheap as they can be:
- No artifact page asks Typst where it landed (a `context` on each costs a second a file: every page is laid out
  again once the pages before it settle): its number is the first artifact page's plus its place among them,
  which Python knows. The first artifact page is found by laying out the pages before the artifacts on their own
  and counting them; that, and the parts without artifacts, run on a thread beside Python, which meanwhile
  prepares the artifacts (Typst lets go of Python while it works).
- The big files are typeset one after the other, and what Typst memoised for one is let go as the next begins:
  two at once would need twice the memory. The counts are let go too, before the first big file: kept, they
  held a quarter of a build's peak (measured at 2,000 pages: 634 MB with them, 482 MB without, no slower).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Literal

from mcred.errors import UserError
from mcred.packet.document import Document
from mcred.packet.finish import Finished, finish
from mcred.resources import templates_dir

ALL = "all"  # the `part` input that asks for the whole packet
Standard = Literal["ua-1"]
UA_1: Standard = "ua-1"  # PDF/UA-1: the accessible standard the parts without embedded artifact pages are exported to
# The small work runs on one thread beside the main one, in order: the first big file's count first (that file
# is typeset as soon as it is known, and Python prepares the artifacts meanwhile), then the rest. Two threads busy
# at once: the machines mcred is measured on have two cores.
SIDE_THREADS = 1
FIRST_GUESS = 10         # where the artifacts are guessed to start, to count the pages before them (see below)
# typst-py keeps what Typst memoised for ten compilations (it evicts older entries after each): the pages of one big
# file would stay in memory while the next is typeset. This many empty compilations age them out (on the side
# thread: letting go of a big file's pages takes a few tenths of a second).
FORGET_AFTER = 11

Job = tuple[str, tuple[Standard, ...]]   # a part id (or ALL) and the PDF standards its file meets


def template_source() -> bytes:
    return (templates_dir() / "packet" / "packet.typ").read_bytes()


class Typesetter:
    """Typesets the packet and its part files from one document.

    `start(jobs)` sets the small work going at once (the files without artifact pages, and the counting of the
    pages before the artifacts); `Started.complete()` typesets the big files. Between the two, Python is free: the
    build prepares the artifacts then (`complete(document)` takes the document with them). Until then the document
    given here need only be complete up to the artifact pages.
    """

    def __init__(self, document: Document | Mapping[str, Any], *, root: Path, draft: bool, timestamp: int) -> None:
        import typst  # heavy: only when building

        self._typst = typst
        self._root = root
        try:
            self._source = template_source()
        except OSError:
            raise UserError.plain("mcred's packet template (templates/packet/packet.typ) is missing.",
                             "Reinstall mcred: `pip install --force-reinstall mcred`.") from None
        self._data = _json(document)
        self._draft = "true" if draft else "false"
        self._timestamp = timestamp
        evidence = {part["id"] for part in document.get("parts", []) if part["kind"] == "evidence"}
        self._big_parts = evidence | {ALL} if document.get("artifacts") else set()

    def pdf(self, part: str = ALL, *, standards: tuple[Standard, ...] = ()) -> bytes:
        """The packet (part="all") or one part's own PDF, as bytes."""
        return self.typeset(part, standards=standards).pdf

    def typeset(self, part: str = ALL, *, standards: tuple[Standard, ...] = ()) -> Finished:
        """The packet (part="all") or one part's own PDF, meeting the PDF `standards` given (e.g. UA_1), opening
        with its bookmarks shown, and how many pages it has."""
        return self.start([(part, standards)]).complete()[0]

    def start(self, jobs: Sequence[Job]) -> Started:
        return Started(self, jobs)

    def _typeset(self, job: Job, first: int | None, data: str | None = None) -> Finished:
        part, standards = job
        compiler = self._compiler()
        inputs = {"data": data or self._data, "part": part, "draft": self._draft}
        for _ in range(3):
            if first is not None:
                inputs["first"] = str(first)
            try:
                return finish(self._compile(compiler, inputs, standards))
            except _Moved as moved:   # the pages before the artifacts came out otherwise than counted
                first = moved.first
        raise UserError.plain("Typst could not settle where the artifacts start in the packet.", _fix(None))

    def _first_artifact_page(self, part: str) -> int:
        """The page `part`'s artifacts start on: one more than the pages before them, typeset on their own.

        Those pages name artifact pages ("packet pp. 18–27"), whose numbers follow from the one sought: they are
        laid out with a guess. The numbers are set in tabular figures, and the contents' page numbers in a column
        of their own, so a number's width seldom moves a line (measured: the count came out the same for guesses
        of 10, 99 and 999, from 6 to 4,000 artifact pages); should one still, the file's first artifact page says
        so and the file is typeset again (`_Moved`).
        """
        inputs = {"data": self._data, "part": part, "draft": self._draft, "front": "true", "first": str(FIRST_GUESS)}
        # Laid out, not exported: in this mode every page of the template says its number (`<front-page>`).
        compiler = self._typst.Compiler(input=self._source, root=str(self._root), ignore_system_fonts=True,
                                        sys_inputs=inputs)
        found = self._guarded(lambda: compiler.query("<front-page>", field="value", format="json"))
        return max(json.loads(found), default=0) + 1

    def _compiler(self) -> Any:
        # One per typesetting: a compiler is not to be shared between threads.
        # Typst reads only inside root: the portfolio (and any folder its artifacts live in).
        return self._typst.Compiler(root=str(self._root), ignore_system_fonts=True)

    def _forget(self) -> None:
        compiler = self._typst.Compiler(ignore_system_fonts=True)
        for _ in range(FORGET_AFTER):
            compiler.compile(input=b"", format="pdf")

    def _compile(self, compiler: Any, inputs: dict[str, str], standards: tuple[Standard, ...]) -> bytes:
        result = self._guarded(lambda: compiler.compile(input=self._source, format="pdf", sys_inputs=inputs,
                                                        timestamp=self._timestamp, pdf_standards=list(standards)))
        assert isinstance(result, bytes)
        return result

    def _guarded(self, run: Callable[[], Any]) -> Any:
        """What Typst returns; its failures in the user's terms (a UserError), or `_Moved`."""
        try:
            return run()
        except self._typst.TypstError as exc:
            moved = _MOVED.search(exc.message)
            if moved:
                raise _Moved(int(moved.group(1))) from None
            raise UserError.plain(f"Typst could not typeset the packet: {exc.message}", _fix(exc)) from None
        except RuntimeError as exc:  # the binding's other failures (e.g. a file it cannot read)
            raise UserError.plain(f"Typst could not typeset the packet: {exc}", _fix(None)) from None
        except BaseException as exc:
            # A crash inside Typst reaches Python as pyo3's PanicException, which is no Exception.
            if type(exc).__name__ != "PanicException":
                raise
            raise UserError.plain(f"Typst stopped while typesetting the packet: {exc}", _fix(None)) from None


class Started:
    """Typesetting under way: the small work runs in threads from the moment it is created."""

    def __init__(self, typesetter: Typesetter, jobs: Sequence[Job]) -> None:
        self._typesetter = typesetter
        self._jobs = list(jobs)
        # Part 2's own file first: the pages before its artifacts are fewer, so they are counted sooner.
        self._big = sorted((job for job in jobs if job[0] in typesetter._big_parts), key=lambda job: job[0] == ALL)
        small = [job for job in jobs if job[0] not in typesetter._big_parts]
        self._pool = ThreadPoolExecutor(max_workers=SIDE_THREADS)
        # The counts and the small files, while Python prepares the artifacts; the big files wait for both counts
        # (what the counts laid out is let go first).
        self._counting = [self._pool.submit(typesetter._first_artifact_page, part) for part, _standards in self._big[:1]]
        self._small = {job: self._pool.submit(typesetter._typeset, job, None) for job in small}
        self._counting += [self._pool.submit(typesetter._first_artifact_page, part) for part, _standards in self._big[1:]]

    def complete(self, document: Document | None = None) -> list[Finished]:
        """Every file, in the order of the jobs; the big ones from `document` (else the typesetter's own), one after
        the other, with what Typst memoised for the counts, and then for each, let go before the next."""
        data = _json(document) if document is not None else None
        done: dict[Job, Finished] = {}
        with self:
            if [first.result() for first in self._counting]:
                self._typesetter._forget()   # what the counts laid out is not needed again
            for number, (job, first) in enumerate(zip(self._big, self._counting, strict=True)):
                if number:   # let go of the previous big file's pages while the next one begins
                    self._pool.submit(self._typesetter._forget)
                done[job] = self._typesetter._typeset(job, first.result(), data)
            done.update((job, future.result()) for job, future in self._small.items())
        return [done[job] for job in self._jobs]

    def __enter__(self) -> Started:
        return self

    def __exit__(self, *exc_info: object) -> None:
        # On the way out, by success or failure: what has not started is not started; what runs, runs out.
        self._pool.shutdown(wait=True, cancel_futures=True)


def _json(document: Document | Mapping[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


_MOVED = re.compile(r"mcred: the artifacts start on page (\d+)")


class _Moved(Exception):
    def __init__(self, first: int) -> None:
        super().__init__(first)
        self.first = first


def _fix(exc: Any) -> str:
    hints = "; ".join(getattr(exc, "hints", None) or [])
    advice = ("If it names one of your artifacts, open that file and save or print it to PDF again, then run "
              "`mcred build` again. Otherwise this is a bug in mcred: please report it with this message.")
    return f"{hints[:1].upper()}{hints[1:]}. {advice}" if hints else advice
