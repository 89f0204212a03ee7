"""Word documents for tests, written as the OOXML zip Word writes (no package needed): headings in Word's Heading
styles, paragraphs with bold and italic runs, bulleted and numbered lists, tables, tracked changes, comments."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml"
 ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/numbering.xml"
 ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>
<Override PartName="/word/comments.xml"
 ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>
</Types>"""

_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
 Target="word/document.xml"/>
</Relationships>"""

_DOCUMENT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
 Target="numbering.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
 Target="comments.xml"/>
</Relationships>"""

_STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles {_W}>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/><w:basedOn w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/></w:style>
</w:styles>"""

_NUMBERING = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering {_W}>
<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
</w:numbering>"""


def _runs(text: str) -> str:
    """`**bold**` and `*italic*` in the text as Word runs; the rest plain."""
    out = []
    for piece in re.split(r"(\*\*[^*]+\*\*|\*[^*]+\*)", text):
        if not piece:
            continue
        props = ""
        if piece.startswith("**"):
            piece, props = piece[2:-2], "<w:rPr><w:b/></w:rPr>"
        elif piece.startswith("*"):
            piece, props = piece[1:-1], "<w:rPr><w:i/></w:rPr>"
        out.append(f'<w:r>{props}<w:t xml:space="preserve">{escape(piece)}</w:t></w:r>')
    return "".join(out)


def _paragraph(text: str, style: str | None = None, numbering: int | None = None) -> str:
    props = ""
    if style or numbering:
        inner = f'<w:pStyle w:val="{style}"/>' if style else ""
        if numbering:
            inner += f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{numbering}"/></w:numPr>'
        props = f"<w:pPr>{inner}</w:pPr>"
    return f"<w:p>{props}{_runs(text)}</w:p>"


def body_from_markdown(markdown: str) -> list[str]:
    """The Word paragraphs of simple Markdown: `#`/`##`/`###` headings, `- ` and `1. ` list items, `| … |` tables
    (the delimiter row skipped), the rest paragraphs. Lines of one paragraph are joined by a space."""
    body: list[str] = []
    table: list[list[str]] = []
    for block in re.split(r"\n\s*\n", markdown.strip()):
        lines = block.splitlines()
        if lines[0].startswith("|"):
            table = [[c.strip() for c in line.strip("|").split("|")] for line in lines if not re.match(r"^\|[\s:|-]+\|$", line)]
            cells = "".join("<w:tr>" + "".join(f"<w:tc>{_paragraph(c)}</w:tc>" for c in row) + "</w:tr>" for row in table)
            body.append(f"<w:tbl>{cells}</w:tbl>")
            continue
        heading = re.match(r"^(#{1,3}) (.*)", block)
        if heading:
            body.append(_paragraph(heading.group(2), f"Heading{len(heading.group(1))}"))
        elif all(re.match(r"^(- |\d+\. )", line) for line in lines):
            for line in lines:
                ordered = not line.startswith("- ")
                body.append(_paragraph(re.sub(r"^(- |\d+\. )", "", line), "ListParagraph", 2 if ordered else 1))
        else:
            body.append(_paragraph(" ".join(lines)))
    return body


def make_docx(path: Path, markdown: str, *, tracked: bool = False, comment: bool = False,
              extra: list[str] | None = None) -> Path:
    """A .docx holding `markdown`'s content (see body_from_markdown); `tracked` adds an insertion and a deletion
    by a reviewer, `comment` a comment on the first paragraph; `extra` appends raw body XML."""
    body = body_from_markdown(markdown) + list(extra or [])
    if tracked:
        body.append('<w:p><w:ins w:id="1" w:author="Reviewer" w:date="2026-11-01T00:00:00Z"><w:r><w:t>Inserted '
                    'words.</w:t></w:r></w:ins><w:del w:id="2" w:author="Reviewer" w:date="2026-11-01T00:00:00Z">'
                    '<w:r><w:delText>Deleted words.</w:delText></w:r></w:del></w:p>')
    comments = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments {_W}>'
    if comment:
        body[0] = body[0].replace("<w:r>", '<w:commentRangeStart w:id="0"/><w:r>', 1)
        body.append('<w:p><w:r><w:commentReference w:id="0"/></w:r></w:p>')
        comments += ('<w:comment w:id="0" w:author="Reviewer" w:date="2026-11-01T00:00:00Z"><w:p><w:r><w:t>Say more '
                     'here.</w:t></w:r></w:p></w:comment>')
    comments += "</w:comments>"
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {_W}><w:body>'
                + "".join(body) + "<w:sectPr/></w:body></w:document>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("word/_rels/document.xml.rels", _DOCUMENT_RELS)
        archive.writestr("word/document.xml", document)
        archive.writestr("word/styles.xml", _STYLES)
        archive.writestr("word/numbering.xml", _NUMBERING)
        archive.writestr("word/comments.xml", comments)
    return path
