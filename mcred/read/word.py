"""Drafts written in Word (`overview.docx`): read through mammoth into the Markdown the draft parser reads, so a
.docx and its Markdown twin give the same sections, word counts and findings.

mammoth turns the document into HTML of a small, fixed vocabulary (paragraphs, headings by their Word styles,
lists, bold and italic, links, tables, pictures, footnotes); `_Markdown` writes that vocabulary as Markdown,
escaping only what Markdown would otherwise read as markup, so the text reads as it was typed (the submission
sheet copies it). Tables become pipe tables: their words count, as a Markdown table's do.

mammoth shows the text as if every tracked change were accepted and leaves comments out; this module counts
both from the document's XML (read with zipfile) so that check can say the packet shows the accepted text.
"""

from __future__ import annotations

import io
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

from mcred.facts import Problem, Trouble
from mcred.read.files import TroubleError, read_bytes
from mcred.text.drafts import WordSource

WORD_SUFFIXES = frozenset({".docx"})
OTHER_WORD_PROCESSORS = frozenset({".doc", ".odt", ".pages", ".rtf", ".wpd"})   # a finding: save as .docx
MAX_WORD_BYTES = 50 * 1024 * 1024          # a Word draft with its pictures; a narrative is a few hundred KB
MAX_XML_BYTES = 20 * 1024 * 1024           # document.xml unpacked: a zip bomb stops here
_TRACKED = re.compile(rb"<w:(?:ins|del|moveFrom|moveTo)[\s>]")
_COMMENT = re.compile(rb"<w:comment[\s>]")
_STYLE_MESSAGE = re.compile(r"^Unrecognised (?:paragraph|run|table|character) style", re.IGNORECASE)


def is_word(path: Path) -> bool:
    """A draft read as a word processor's file: a .docx, or another such format (which gets its finding)."""
    return path.suffix.lower() in WORD_SUFFIXES | OTHER_WORD_PROCESSORS


def read_word_draft(path: Path, root: Path | None = None) -> tuple[str, WordSource]:
    """The draft's text as Markdown and what the conversion could not carry; raises TroubleError."""
    import mammoth

    if path.suffix.lower() in OTHER_WORD_PROCESSORS:
        raise TroubleError(Trouble(Problem.NOT_A_DRAFT, f"a {path.suffix.lower()} file; mcred reads .docx and Markdown"))
    data = read_bytes(path, root, MAX_WORD_BYTES)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            document = _member(archive, "word/document.xml")
            if document is None:
                raise TroubleError(Trouble(Problem.CORRUPT, "it is not a Word document (.docx)"))
            comments = _member(archive, "word/comments.xml") or b""
    except zipfile.BadZipFile:
        raise TroubleError(Trouble(Problem.CORRUPT, "it is not a Word document (.docx)")) from None
    tracked = len(_TRACKED.findall(document))
    noted = len(_COMMENT.findall(comments))
    pictures = iter(range(1, 10_000))

    def picture(image: object) -> dict[str, str]:
        return {"src": f"picture-{next(pictures)}", "alt": str(getattr(image, "alt_text", "") or "")}

    try:
        result = mammoth.convert_to_html(io.BytesIO(data), convert_image=mammoth.images.img_element(picture))
    except Exception as exc:  # mammoth raises what its XML and zip readers raise on a damaged document
        raise TroubleError(Trouble(Problem.CORRUPT, f"mammoth could not read it: {exc}".rstrip("."))) from None
    unread = tuple(dict.fromkeys(m.message for m in result.messages
                                 if m.type != "info" and not _STYLE_MESSAGE.match(m.message)))
    writer = _Markdown()
    writer.feed(result.value)
    writer.close()
    return writer.markdown(), WordSource(tracked, noted, unread)


def _member(archive: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_XML_BYTES:
        raise TroubleError(Trouble(Problem.TOO_LARGE, f"{name} unpacks to over {MAX_XML_BYTES // (1024 * 1024)} MB"))
    with archive.open(info) as member:
        return member.read(MAX_XML_BYTES + 1)


# --- mammoth's HTML as Markdown ---------------------------------------------------------------------------------

# What Markdown reads as markup anywhere in a line: emphasis, code, tables, a tag, `~~`, an entity, and a `]` that
# would close a link (`[TODO: …]` reads as typed); at the start of a line, what opens a heading, quote, list, rule
# or setext underline. Everything else is left as typed: the submission sheet copies this text.
_INLINE_MARKUP = re.compile(r"([\\`*_|]|<(?=[A-Za-z/!?])|\](?=[(\[:])|~(?=~))|&(?=#?\w+;)")
_LINE_START = re.compile(r"^([ \t]*(?:\d{1,9}(?=[.)]))?)([#>+=.)-])", re.MULTILINE)
_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th"}


def _escape(text: str) -> str:
    return _INLINE_MARKUP.sub(lambda m: "\\" + (m.group(1) or "&"), text)


class _Markdown(HTMLParser):
    """mammoth's HTML vocabulary written as Markdown: one block a paragraph, lists indented, tables as pipe tables."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._out: list[str] = []            # finished blocks
        self._item_last = False              # the last block is a list item: the next one joins it (a tight list)
        self._text: list[str] = []           # the inline text of the block being written
        self._pending: list[str] = []        # emphasis opened, written with the first text inside it
        self._block: str | None = None
        self._lists: list[list[int]] = []    # one counter per open list; [-1] for a bulleted one
        self._rows: list[list[str]] | None = None
        self._row: list[str] | None = None
        self._links: list[str] = []

    def markdown(self) -> str:
        return "\n\n".join(self._out) + "\n"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag in ("ul", "ol"):
            self._finish()
            self._lists.append([-1] if tag == "ul" else [0])
        elif tag in _BLOCKS:
            if tag == "p" and (self._block == "li" or self._row is not None):   # a paragraph inside an item or a
                self._text.append(" ")                                           # cell continues it
                return
            if tag not in ("td", "th"):
                self._finish()
            self._block = tag
        elif tag == "table":
            self._finish()
            self._rows = []
        elif tag == "tr":
            self._row = []
        elif tag in _EMPHASIS:
            self._pending.append(_EMPHASIS[tag])
        elif tag == "br":
            self._write("\\\n")
        elif tag == "a":
            href = found.get("href") or ""
            self._links.append(href)
            if href and not href.startswith("#"):
                self._write("[")
        elif tag == "img":
            self._write(f"![{_escape(found.get('alt') or '')}]({found.get('src') or 'picture'})")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ul", "ol"):
            self._finish()
            if self._lists:
                self._lists.pop()
            if not self._lists:
                self._item_last = False
        elif tag in ("td", "th"):
            if self._row is not None:
                self._row.append(self._take().replace("\\\n", " ").strip())
            self._block = None
        elif tag in _BLOCKS:
            if tag == "p" and (self._block == "li" or self._row is not None):
                return
            self._finish()
        elif tag == "tr":
            if self._rows is not None and self._row is not None:
                self._rows.append(self._row)
            self._row = None
        elif tag == "table":
            self._finish_table()
        elif tag in _EMPHASIS:
            self._close_emphasis(_EMPHASIS[tag])
        elif tag == "a":
            href = self._links.pop() if self._links else ""
            if href and not href.startswith("#"):
                self._write(f"]({href.replace(' ', '%20').replace(')', '%29')})")

    def handle_data(self, data: str) -> None:
        self._write(_escape(data.replace("\n", " ")))

    def _write(self, text: str) -> None:
        if self._pending and text.strip():   # emphasis opens on its first visible character, not on a space
            stripped = text.lstrip()
            self._text.append(text[:len(text) - len(stripped)] + "".join(self._pending))
            self._pending = []
            text = stripped
        self._text.append(text)

    def _close_emphasis(self, marker: str) -> None:
        if marker in self._pending:          # nothing visible inside: no markers at all
            self._pending.remove(marker)
            return
        written = "".join(self._text)
        stripped = written.rstrip()          # emphasis closes on its last visible character
        self._text = [stripped, marker, written[len(stripped):]]

    def _take(self) -> str:
        text = "".join(self._text)
        self._text, self._pending = [], []
        return text

    def _finish(self) -> None:
        text = self._take().strip()
        block, self._block = self._block, None
        if not text:
            return
        text = re.sub(r"(?m)^[ \t]+", "", text)   # four spaces would open a code block
        if not (block and block[0] == "h" and block[1:].isdigit()):
            text = _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)
        if block and block[0] == "h" and block[1:].isdigit():
            self._add("#" * int(block[1:]) + " " + text.replace("\\\n", " "))
        elif block == "li" and self._lists:
            counter = self._lists[-1]
            if counter[0] >= 0:
                counter[0] += 1
            marker = f"{counter[0]}." if counter[0] >= 0 else "-"
            indent = "    " * (len(self._lists) - 1)
            item = indent + marker + " " + ("\n" + indent + " " * (len(marker) + 1)).join(text.split("\n"))
            if self._item_last:
                self._out[-1] += "\n" + item
            else:
                self._out.append(item)
            self._item_last = True
        else:
            self._add(text)

    def _add(self, block: str) -> None:
        self._out.append(block)
        self._item_last = False

    def _finish_table(self) -> None:
        rows, self._rows = self._rows or [], None
        rows = [row for row in rows if any(row)]
        if not rows:
            return
        width = max(len(row) for row in rows)
        lines = ["| " + " | ".join(row + [""] * (width - len(row))) + " |" for row in rows]
        lines.insert(1, "|" + " --- |" * width)
        self._add("\n".join(lines))

    def close(self) -> None:
        super().close()
        self._finish()


_EMPHASIS = {"strong": "**", "b": "**", "em": "*", "i": "*", "s": "~~"}
