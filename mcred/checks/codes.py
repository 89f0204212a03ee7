"""Every finding code, declared once: severity, title, and the documentation docs/findings.md shows.

A new check is one `Code` here plus its logic. docs/findings.md and the README's table of codes are generated
from this table (`python -m mcred.checks.codes --write`), and a test keeps both equal to it.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from mcred.findings import Severity


@dataclass(frozen=True)
class Code:
    code: str
    title: str
    severity: Severity
    doc: str                    # when it is reported, an example as printed, and the fix (Markdown)
    exit2: bool = False         # input that cannot be read: the command exits 2
    shown: str = ""             # the severity as the docs state it, where it varies ("warning or note")
    only: str = ""              # where it applies, e.g. "`init` only"

    @property
    def heading(self) -> str:
        severity = self.shown or self.severity.value
        return f"{self.title} — {severity}{', exit 2' if self.exit2 else ''}{f' ({self.only})' if self.only else ''}"


@dataclass(frozen=True)
class Family:
    prefix: str
    title: str
    intro: str
    codes: tuple[Code, ...]


E, W, N = Severity.ERROR, Severity.WARNING, Severity.NOTE

PREAMBLE = """\
# What `mcred check` finds

Every finding has a stable **code**, a **severity**, a **place** (`file:line:column` where there is one), a
**message** and the **fix**. The terminal shows one finding a line, like a linter, with the fix indented under
it; findings are grouped by file, errors first:

```
MC321 evidence.yaml:16:12 error 2 cites A1: page 14 is beyond the last page (6)
  → cite pages 1-6 (its printed labels: i, ii, 1, 2, 3, 4), or replace the file
```

`mcred check --json` prints the same findings as objects (`code`, `severity`, `file`, `line`, `column`,
`message`, `fix`) after a `summary` (`ready`, `exit_code`, `strict`, `errors`, `warnings`, `notes`), with the
word counts (`words`: per part, and per question or outcome under `sections`) and the coverage (`coverage`:
each detail or outcome → the artifacts cited for it).

| severity | means | blocks `check` / `build`? |
|---|---|---|
| error | an assessor would reject it, or the packet cannot be built | yes |
| warning | probably a problem; look at it | only with `--strict` |
| note | for your information (what check assumed) | never |

**Exit codes:** `0` ready (no errors; no warnings either under `--strict`), `1` not ready, `2` input that
cannot be read — the findings marked *exit 2* below. When the manifest, the credential or the evidence map
cannot be read, check says so and stops there rather than report what follows from it.
"""

FAMILIES: tuple[Family, ...] = (
    Family('MC1xx', "the portfolio's YAML", """\
`mcred.yaml`, `credential.yaml` (or the catalog credential it names) and `evidence.yaml`. All of these are
errors with exit code 2: nothing else can be trusted until the YAML reads.
""", (
        Code('MC100', 'a command that cannot finish', E, """\
**When:** not the portfolio's files but what a command needs around them: `build` cannot write `build/` (a file
named `build`, a full disk, no permission, a link leading outside the portfolio), the typesetter fails on an
artifact, `SOURCE_DATE_EPOCH` is not a whole number of seconds, an artifact was saved while mcred read or built
from it (`artifacts/plan.pdf changed while mcred was building the packet`), or another mcred has held the
portfolio's lock for more than 300 s.

```
MC100 error SOURCE_DATE_EPOCH=1.5e9 is not a date: it counts whole seconds since 1970.
  → Set it in seconds, e.g. SOURCE_DATE_EPOCH=$(date +%s), or unset it to use mcred.yaml's date.
```
**Fix:** as the arrow says; the previous packet is left as it was.
""", exit2=True),
        Code('MC101', 'a file or folder that cannot be read', E, """\
**When:** the folder does not exist or is a file; it has no `mcred.yaml`; a YAML file does not parse, is not
UTF-8, is empty, is a folder, or does not exist (e.g. `evidence: part2.yaml` naming a missing file).

```
MC101 mcred.yaml:4:1 error The manifest mcred.yaml is not valid YAML: expected ',' or ']', but got '<stream end>'
  → check the indentation and quoting on that line (text with ': ' or '#' needs quotes)
MC101 evidence.yaml:3 error The evidence map evidence.yaml is not UTF-8 text (byte 66, line 3)
  → save it as UTF-8 in your editor
```
**Fix:** as the arrow says. The line and column point where the parser gave up — often the line *after* the
mistake (an unclosed `[` or quote). Text holding `: ` or ` #` must be quoted. Run `mcred init` to start a
portfolio in a folder without `mcred.yaml`.
""", exit2=True),
        Code('MC102', 'a value of the wrong kind, or a required key missing', E, """\
**When:** a value is a list where text is expected (or the other way round), a required key is missing (an
artifact's `id` or `title`, a citation's `artifact`, the manifest's `credential` or `practitioner`), an
artifact has neither `file` nor `url`, a `date:` is not a date, a credential part's `kind` is not
`narrative`/`evidence`.

```
MC102 evidence.yaml:2:5 error an artifact is missing `title`
  → add a `title:` line to an artifact
MC102 mcred.yaml:2:7 error date `next Friday` is not a date
  → write it as YYYY-MM-DD, e.g. 2026-11-20
```
**Fix:** write the value in the shape the message names; see the README for both files' layout.
""", exit2=True),
        Code('MC103', 'an unknown key (usually a typo)', E, """\
**When:** a key that is not a field of that mapping. The nearest valid key is suggested.

```
MC103 evidence.yaml:9:5 error `explanaton` is not a field of a citation for 1 — did you mean `explanation`?
  → remove it or check its spelling (did you mean `explanation`?)
```
**Fix:** correct the spelling, or remove the key. (An unknown key is an error rather than ignored: a
misspelled `explanation:` would otherwise silently leave the citation unexplained.)
""", exit2=True),
        Code('MC104', 'the same key or id twice', E, """\
**When:** a key appears twice in one mapping (YAML would silently keep the last one); two artifacts, outcomes,
details or parts share an id; the same detail is listed twice under `evidence:`.

```
MC104 evidence.yaml:5:3 error artifact id `A1` is used twice
  → give each artifact its own id
```
**Fix:** rename one, or merge the two entries (for evidence, put all citations of a detail in one list).
""", exit2=True),
        Code('MC105', 'a credential that cannot be found', E, """\
**When:** `credential:` in `mcred.yaml` names an id the catalog lacks, or a credential file that does not exist.

```
MC105 mcred.yaml:1:13 error the catalog has no credential `ensuring-acountability`
  → did you mean `ensuring-accountability`? Available: ensuring-accountability, leading-vision-and-mission
```
**Fix:** use a catalog id (`mcred credentials` lists them) or the path of your `credential.yaml`.
""", exit2=True),
        Code('MC106', '`mcred init` will not write here', E, """\
**When:** the folder `init` was given is a file, already holds a file `init` would write, or cannot be written.

```
MC106 my-portfolio error my-portfolio already has mcred.yaml, overview.md, reflection.md, evidence.yaml; init writes nothing over existing files
  → choose an empty folder, or move those files aside first
```
**Fix:** choose a new folder; `init` never overwrites anything.
""", exit2=True, only='`init` only'),
        Code('MC107', 'a credential page that cannot be imported', E, """\
**When:** `mcred credentials import PAGE.txt` is given a file that does not exist, is a folder or a pipe, is not
text (a PDF or Word file), is over 1 MB, or the credential file it would write exists already.

```
MC107 error cannot import page.pdf: page.pdf is not UTF-8 text (byte 11, line 2)
  → save the page's text as plain UTF-8 text (in a PDF or Word file, copy the text out)
```
**Fix:** copy the credential page's text (select all on the ELN page, copy) into a plain text file and import that;
name another output with `-o`. What the page does not state is not an error of this kind: import names it and
exits 1 (write it anyway with `--partial`).
""", exit2=True),
        Code('MC108', 'a privacy roster that cannot be used', E, """\
**When:** `privacy: roster:` in `mcred.yaml` names a file that does not exist, is outside the portfolio folder or
is not text; or a CSV roster has no column mcred recognises as the students' names.

```
MC108 students.csv error the roster students.csv: no column holds the students' names (columns found: id, grade)
  → give the CSV a `name` column (or `first` and `last`), or list one student a line
```
**Fix:** as the arrow says. The roster stays in the portfolio: it is never copied into the packet, the part files or
the submission sheet, and findings show names masked ("J••• A•••••z").
""", exit2=True),
    )),
    Family('MC2xx', 'the drafts (Parts 1 and 3)', """\
Words are counted like a word processor: the words of body text — paragraphs, lists, block quotes, tables and
code — and not headings, HTML (including `<!-- comments -->`) or YAML front matter. A word is a run of
characters between spaces holding at least one letter or digit: `grade-level`, `don't`, `2025-26`, `3.5%` and
a URL are one word each; a dash standing alone between spaces is none (so `planned — and` is two words, and
`planned—and` one). Text still holding `init`'s `[TODO …]` guidance does not count.

Questions and outcomes are found by their headings (`#` or `##`), in any order: a heading answers a question
when it holds most of the question's words ("2. Support and accountability: what examples can you
provide…"), or else when it carries its number ("Question 3", "Q3", "3."). In Part 3, "Outcome 2", "EO 2" or
a bare "2" answer outcome 2; a heading that says "Question" never answers an outcome.
""", (
        Code('MC201', 'a draft that cannot be read', E, """\
**When:** the draft (`overview.md`, `reflection.md`, or the file named under `drafts:`) does not exist, is a
folder, or is not UTF-8 text; a Word draft (`.docx`) that is damaged; a draft in another word processor's format
(`.doc`, `.odt`, `.pages`, `.rtf`).

```
MC201 reflection.md error The Reflection & Application draft reflection.md does not exist
  → create reflection.md, or fix the path that names it — `mcred init` writes a draft to start from
MC201 overview.md:5 error The Overview Questions draft overview.md is not UTF-8 text (byte 116, line 5)
  → save it as UTF-8 in your editor
```
**Fix:** create the draft (or fix `drafts:` in `mcred.yaml`); save it as UTF-8 ("UTF-8" in your editor's
Save As or encoding menu); save another format as `.docx` or Markdown. Its part then counts 0 words. Exit code 1, not 2: the rest of the portfolio is
still checked.
"""),
        Code('MC202', 'a part under its word minimum', E, """\
**When:** Part 1 or Part 3 has fewer body words than the credential's `min_words` (1,000 and 500 for the
catalog credentials). The per-question counts are in the Words table and in `--json`.

```
MC202 overview.md error Overview Questions has 600 words; it needs at least 1,000 (400 more)
  → add specific examples until the part reaches its minimum (headings do not count)
```
**Fix:** write more — specific examples from your school. Headings, comments and guidance do not count.
"""),
        Code('MC203', 'a question (or prompt) without its own heading', E, """\
**When:** no heading in the draft matches one of the part's questions (Part 1) or prompts (Part 3).

```
MC203 overview.md error Overview Questions: question 3 has no heading of its own in overview.md: “Articulate the process used to collaboratively establish clear organizational…”
  → add a heading `## 3. Articulate the process used to collaboratively establish…` and answer the question under it
```
**Fix:** give the question its own `##` heading — its number and (some of) its words — and answer under it.
"""),
        Code('MC204', 'a heading with no answer', E, """\
**When:** a question's heading or an outcome's section in Part 3 has no body text under it.

```
MC204 overview.md:15 error Overview Questions: question 3 has a heading but no answer
  → write the answer under the heading
```
**Fix:** write the answer under the heading (guidance left there is reported as MC206 instead).
"""),
        Code('MC205', 'Part 3 without a section for an outcome', E, """\
**When:** the reflection has no heading for one of the credential's essential outcomes.

```
MC205 reflection.md error Reflection & Application has no section for outcome 3: “Ensure and articulate accountability for achieving performance goals.”
  → add `## Outcome 3: Ensure and articulate accountability for achieving…` with specific examples of how you applied it
```
**Fix:** add `## Outcome N: …` and give specific examples of how you applied that outcome.
"""),
        Code('MC206', "`init`'s guidance left in a draft", E, """\
**When:** a paragraph still holds the `[TODO …]` text `mcred init` wrote as guidance.

```
MC206 overview.md:17 error guidance from `mcred init` is still in the draft
  → replace the [TODO …] text with your own words
```
**Fix:** replace the whole `[TODO: …]` paragraph with your own words.
"""),
        Code('MC207', 'a picture inside a draft', W, """\
**When:** a draft holds a Markdown image (`![caption](photo.png)`). The packet shows artifacts' pages, not
pictures inside the narrative, so the picture would appear as a placeholder.

```
MC207 overview.md:12 warning the picture `data-wall.png` in the draft is not shown in the packet
  → add the picture as an artifact (PNG or JPEG) in evidence.yaml and refer to it by its id
```
**Fix:** list the picture as an artifact and cite it; in the draft, refer to it ("see A4").
"""),
        Code('MC208', "an outcome's reflection too short to hold an example", W, """\
**When:** Part 3 has a section for an outcome with fewer than 40 words. The issuer asks for specific examples
for every outcome; a sentence or two cannot give one.

```
MC208 reflection.md:9 warning Reflection & Application: the section for outcome 2 has only 3 words
  → give a specific example of how you applied it (at least 40 words)
```
**Fix:** describe what you did for that outcome: who, when, what changed.
"""),
        Code('MC209', 'Markdown nested too deeply', E, """\
**When:** block quotes and lists in a draft nest more than 12 levels deep (`> > > …`, or a list inside a list
inside a list …), or emphasis and links inside each other more than 12 deep. The packet cannot typeset such
depth; nothing is lost meanwhile: the deeper text still counts and a `--draft` packet shows it at level 12.

```
MC209 overview.md:14 error the Markdown nests more than 12 levels deep here (quotes, lists or emphasis)
  → flatten the quotes/lists to at most 12 levels; until then the packet shows the deeper text at level 12
```
**Fix:** remove the extra `>` markers or list indentation (one finding for each block that nests too deep).
"""),
        Code('MC210', 'a Word draft with tracked changes or comments', W, """\
**When:** a draft written in Word (`overview.docx`) still holds tracked changes (insertions, deletions, moves)
or comments. The packet shows the text as if every change were accepted, and no comment: what you see in Word
with its markup is not what the assessor gets.

```
MC210 overview.docx warning overview.docx has 3 tracked changes and 1 comment: the packet shows the text as if every change were accepted, without the comments
  → in Word, Review → Accept (or Reject) all changes and delete the comments, then save
```
**Fix:** in Word, *Review → Accept → Accept All Changes* (or reject them) and *Review → Delete → Delete All
Comments*, then save.
"""),
        Code('MC211', 'content of a Word draft that cannot be read', W, """\
**When:** the Word converter (mammoth) met content it cannot carry into the packet — an equation, an embedded
object, a chart — and left it out. Its words are not counted either.

```
MC211 reflection.docx warning reflection.docx holds content mcred cannot read, which the packet leaves out: An unrecognised element was ignored: m:oMathPara
  → write it as text in the draft (a picture or an equation as an artifact), or save the draft as Markdown
```
**Fix:** write it as text, or put it in an artifact and cite it.
"""),
    )),
    Family('MC3xx', 'the evidence map (Part 2)', """\
Every *target* — each detail of each outcome, or the outcome itself where it has no details — needs at least
one citation: an artifact, where in it to look, and an explanation. Locators:

- `pages:` a page `4`, a range `"4-6"`, a list `"4, 9-10"`, or a printed page label `"iv"`, `"A-3"`. A number is
  the page's **position** (what a PDF viewer shows, from 1); where the PDF prints other labels, you may cite a
  label instead.
- `time:` `"12:30"`, `"1:02:03"`, a range `"12:30-14:05"`, or several separated by commas. The video's length
  is read from a local MP4/MOV/M4V file's movie header, or from `duration:`.
- `quote:` (optional) a phrase that must appear on the cited pages. It is compared by letters and digits only,
  so line breaks, hyphenation at a line end, ligatures (ﬁ), smart quotes and case do not matter.

Only the cited pages are read (each PDF is opened once), so checking a 2,000-page portfolio takes about a second.
""", (
        Code('MC301', 'a detail (or outcome) without evidence', E, """\
```
MC301 evidence.yaml error detail 4.2 has no evidence: “Implementation timelines in the plan.”
  → add `"4.2":` under `evidence:` with an artifact, where to look, and an explanation
```
**Fix:** add the detail's id under `evidence:` with at least one citation. The Coverage table marks it ✗.
"""),
        Code('MC302', 'a citation of an artifact that is not listed', E, """\
```
MC302 evidence.yaml:11:15 error 1 cites artifact `A7`, which is not listed under `artifacts:`
  → use one of: A1, A2
```
**Fix:** correct the id (a close one is suggested), or list the artifact under `artifacts:`.
"""),
        Code('MC303', 'an artifact no detail cites', W, """\
```
MC303 evidence.yaml:5:3 warning artifact A2 (Goal-setting PLC meeting) is not cited by any detail
  → cite it where it is evidence, or remove it from `artifacts:`
```
**Fix:** cite it, or remove it: the assessor would page through evidence that proves nothing.
"""),
        Code('MC304', 'a citation without an explanation', E, """\
**When:** `explanation:` is missing or empty.

```
MC304 evidence.yaml:15:5 error 2: the citation of A1 has no explanation
  → explain how this evidence shows proficiency in the detail
```
**Fix:** explain what the assessor will see there and how it shows proficiency in the detail.
"""),
        Code('MC305', "an explanation shorter than the credential's minimum", W, """\
**When:** fewer words than the evidence part's `min_explanation_words` (40 unless the credential says
otherwise).

```
MC305 evidence.yaml:21:18 warning 3: the explanation of A1 has 25 words; a convincing one has at least 40
  → say what the assessor will see there and how it shows proficiency
```
**Fix:** say what is on the cited page or at the time stamp, and how it demonstrates the detail.
"""),
        Code('MC306', "`init`'s guidance left in an explanation or an artifact title", E, """\
```
MC306 evidence.yaml:25:18 error 4.1: the explanation is still `init`'s guidance
  → replace it with how this evidence shows proficiency
MC306 evidence.yaml:7:5 error artifact A1's title is still `init`'s guidance
  → give the artifact the title the assessor should see
```
**Fix:** replace the `[TODO: …]` text.
"""),
        Code('MC307', 'evidence keyed by something that is not a target', E, """\
**When:** a key under `evidence:` is neither a detail nor a detail-less outcome of the credential — a typo, or
an outcome that has details (the assessor looks for each detail).

```
MC307 evidence.yaml:35:5 error evidence is keyed by outcome 4, which has details: the assessor looks for each detail
  → key the evidence by its details (4.1, 4.2, 4.3, 4.4) instead
```
**Fix:** key the citations by detail id (`mcred credentials ID` lists them).
"""),
        Code('MC308', "outcomes without the portal's details", N, """\
**When:** some outcomes have no details pasted from the ELN portal (the catalog ships none, or only details
taken from the outcome's own wording), so evidence is checked at the outcome level.

```
MC308 credential.yaml note outcomes 3, 4 have no details from the ELN portal: evidence is checked at the outcome (or outcome-wording) level
  → paste the portal's details into the credential file, then key the evidence by detail id
```
When `mcred.yaml` names a catalog id instead of a file, the note points at `mcred.yaml` and says to copy the
credential into the portfolio first (the catalog's files are mcred's own).

**Fix:** paste the details from the portal into your `credential.yaml` (and point `credential:` at it), then
cite each detail.
"""),
        Code('MC309', 'a citation that does not say where', E, """\
**When:** a PDF is cited without `pages:`, or a video (an artifact with a `duration:` or a local video file)
without `time:`.

```
MC309 evidence.yaml:10:5 error 1 cites A1 without saying where
  → add `pages:` (e.g. 4 or "4-6")
```
**Fix:** add the page(s) or time stamp where the evidence is. (A web link without `time:` is fine.)
"""),
        Code('MC310', 'a locator of the wrong kind', E, """\
**When:** a PDF or an image cited by `time:`, a video or web link cited by `pages:`.

```
MC310 evidence.yaml:14:11 error 2 cites A1 by time, but it is a PDF
  → cite `pages:` instead of `time:`
```
**Fix:** use `pages:` for PDFs, `time:` for videos; an image needs neither.
"""),
        Code('MC311', 'pages cited on an image', W, """\
```
MC311 evidence.yaml:21:12 warning 3 cites A3 at pages `2`, but an image has no pages
  → remove `pages:`
```
**Fix:** remove `pages:` — an image is one page of the packet (`pages: 1` is accepted).
"""),
        Code('MC320', 'a page locator that cannot be read', E, """\
**When:** a range that runs backwards (`"6-4"`), an empty item (`"4,,5"`, `"4-"`), or something that is not a
page number where the PDF has no printed labels.

```
MC320 evidence.yaml:12:12 error 1 cites A1: the range `6-4` runs backwards
  → write it from the first page to the last
```
**Fix:** write `4`, `"4-6"`, `"4, 9-10"` or a printed label.
"""),
        Code('MC321', 'a page the artifact does not have', E, """\
**When:** a page beyond the last, page 0, or a printed label the PDF does not have.

```
MC321 evidence.yaml:16:12 error 2 cites A1: page 14 is beyond the last page (6)
  → cite pages 1-6 (its printed labels: i, ii, 1, 2, 3, 4), or replace the file
MC321 evidence.yaml:24:12 error 4.1 cites A1: no page is labelled `v`
  → cite a position 1-6 or a printed label (its printed labels: i, ii, 1, 2, 3, 4)
```
**Fix:** cite a page the file has — or, if the file is an older version, replace it.
"""),
        Code('MC322', 'a number read as a position, not as a printed label', N, """\
**When:** the number you cited is a page position and also the printed label of a *different* page (a report
whose page numbering starts after a title page and a preface). Check takes the position.

```
MC322 evidence.yaml:20:12 note 3 cites A1: `3` was read as the 3rd page (printed label `1`), not the page printed `3` (the 5th)
  → if you meant the printed page, cite its position instead (the number a PDF viewer shows)
```
**Fix:** nothing, if you meant the position. If you meant the page printed `3`, cite its position (`5`).
"""),
        Code('MC323', 'a time stamp that cannot be read', E, """\
**When:** not `m:ss` or `h:mm:ss`, minutes or seconds of 60 or more, or a range that ends before it starts.

```
MC323 evidence.yaml:31:11 error 4.2 cites A2: `12:75` is not a time stamp: minutes and seconds run 00-59
  → write m:ss or h:mm:ss, e.g. 12:30 or 1:02:03
```
**Fix:** write `"12:30"`, `"1:02:03"` or `"12:30-14:05"` — quoted, so YAML keeps it as written.
"""),
        Code('MC324', "a time stamp past the video's end", E, """\
**When:** the video's length is known (from a local MP4/MOV/M4V or `duration:`) and the time stamp is later.

```
MC324 evidence.yaml:38:11 error 4.3 cites A2 at 17:00–19:10, past the video's end (18:42)
  → check the time stamp against the video
```
**Fix:** check the time stamp against the video (or `duration:` against the video, if that is what is wrong).
"""),
        Code('MC325', 'a quote not found on the cited pages', W, """\
**When:** the quote's letters and digits (case, spacing, punctuation, ligatures and line-break hyphens aside) are
not on the cited pages, or the quote has no letters or digits at all. Check then looks for it on the artifact's
other pages, then in the other PDFs, and says where it is.

```
MC325 evidence.yaml:43:12 warning 4.4: the quote is not on A1 page 5
  → found on p. 7 (printed 5) of A1 — cite 7
MC325 evidence.yaml:20:12 warning 1: the quote is not on A1 page 3
  → the quote is on the page printed `3` (position 5): add `numbering: printed` to the citation
```
**Fix:** as the arrow says; where the quote is nowhere, copy it exactly from the page (`mcred find "a few words"`
lists the pages a phrase stands on).
"""),
        Code('MC326', 'a quote that cannot be verified', W, """\
**When (warning):** the cited PDF pages have no extractable text — a scan or a picture of text — and OCR read
nothing there (or is not installed, or is turned off with `--no-ocr`).
**When (note):** the quote is on something that is not a PDF page (a video, a link, an image).

```
MC326 evidence.yaml:9:12 warning 1: the cited pages of A1 have no extractable text, so the quote cannot be verified
  → export the artifact with text (not as a scan), or check the quote by eye
MC326 evidence.yaml:15:12 note 1: a quote can only be verified on PDF pages
  → remove `quote:` or cite a PDF page
```
**Fix:** export the document to PDF from its application (or run OCR on the scan); or check the quote yourself.
""", shown="warning or note"),
        Code('MC328', 'a quote verified by OCR', N, """\
**When:** a quote was found on a cited page that has no text layer (a scan or a photo of a document), in the
text OCR read there. The quote is verified and highlighted like any other; the note says how.

```
MC328 evidence.yaml:21:12 note 3: the quote was found on the scanned page 2 of A6, read by OCR
  → look at the page once: OCR reads print well, but a misread word would hide a wrong page
```
**Fix:** none needed; look at the highlighted page in the packet once.
"""),
        Code('MC327', 'a video whose length is unknown', W, """\
**When:** a video or link is cited by time, but there is no `duration:` and no local file whose length can be
read.

```
MC327 evidence.yaml:5:3 warning video A2 has neither a local file nor a stated duration, so its time stamps cannot be checked
  → add `duration: "18:42"` (or `file:` with a local copy)
```
**Fix:** add `duration:` as the video player shows it, or `file:` with a local MP4/MOV/M4V copy.
"""),
    )),
    Family('MC4xx', "the artifacts' files", """\
Findings about the files under `artifacts:`; each points at the artifact's entry in `evidence.yaml`. A file
that cannot be read has only its MC4xx finding — its citations are not checked further.
""", (
        Code('MC401', 'an artifact file that does not exist', E, """\
**When:** `file:` names nothing, or a folder.

```
MC401 evidence.yaml:5 error artifact A2 (artifacts/notes.pdf) does not exist
  → put the file at artifacts/notes.pdf, or fix `file:`
```
**Fix:** copy the file there, or correct `file:` (paths are relative to the portfolio folder).
"""),
        Code('MC402', 'an artifact file that cannot be read', E, """\
**When:** a PDF that is damaged or empty, a file named `.pdf` that is not a PDF, an image file that is not the
image its extension says or that the typesetter cannot decode (a truncated PNG, a broken SVG), a path with a
backslash (the typesetter reads only forward slashes), a file the system refuses to open.

```
MC402 evidence.yaml:11 error artifact A4 (artifacts/broken.pdf) cannot be read: corrupt: Stream has ended unexpectedly
  → open it and save or export it again as PDF
MC402 evidence.yaml:5 error artifact A2 (artifacts/wall.png) is not a readable .png image
  → export it again as PNG or JPEG
```
**Fix:** open it in the application that made it and export it again.
"""),
        Code('MC403', 'a password-protected PDF', E, """\
```
MC403 evidence.yaml:8 error artifact A3 (artifacts/locked.pdf) is password-protected: the packet cannot show it
  → save an unprotected copy (Print → Save as PDF) and cite that
```
**Fix:** save an unprotected copy. (A PDF protected only against editing, which opens without a password, is fine.)
"""),
        Code('MC404', 'a kind of file the packet cannot show', E, """\
**When:** anything but PDF, images (PNG, JPEG, GIF, SVG, WebP), videos (MP4, MOV, M4V — shown by link) and Office
files (see MC414): `.pages`, `.key`, `.numbers`, `.zip` …

```
MC404 evidence.yaml:14 error artifact A5 (artifacts/goals.pages) is a .pages file, which the packet cannot show
  → export it to PDF (or PNG/JPEG for a picture) and cite that
```
**Fix:** export it to PDF from its application (File → Export / Save as PDF) and point `file:` at the PDF.
"""),
        Code('MC405', 'a file over the upload limit', W, """\
**When:** a PDF or image is larger than `settings: upload_limit_mb` in `mcred.yaml` (25 MB unless set). Local
videos are not counted: the assessor opens them by link.

```
MC405 evidence.yaml:2 warning artifact A1 (artifacts/scan.pdf) is 31.4 MB, over the 25 MB upload limit
  → compress it (e.g. reduce image resolution) or split it; the limit is `settings: upload_limit_mb` in mcred.yaml
```
**Fix:** compress it (a scan at 150 dpi is plenty), or split it and cite the parts.
"""),
        Code('MC406', 'a packet likely over the upload limit', W, """\
**When:** the PDFs and images together (plus a margin for the typeset parts) come to more than the limit.

```
MC406 evidence.yaml warning the packet will be about 38 MB, over the 25 MB upload limit
  → cite fewer or smaller artifacts, or upload the parts from build/parts/ one by one
```
**Fix:** compress the largest artifacts, drop ones no detail needs, or upload the per-part PDFs.
"""),
        Code('MC408', 'a `duration:` that is not a time', E, """\
```
MC408 evidence.yaml:17 error A6's duration: `18.42` is not a time stamp
  → write m:ss or h:mm:ss, e.g. 12:30 or 1:02:03
```
**Fix:** write it as the video player shows it, quoted: `duration: "18:42"`.
"""),
        Code('MC409', 'a local video with no address to watch it', E, """\
**When:** a video artifact has a local `file:` (MP4, MOV, M4V) but no `url:`. The packet can hold pages, not
video, so the assessor could not watch it.

```
MC409 evidence.yaml:9 error video A2 (artifacts/plc.mp4) has no `url:`: a packet cannot hold a video, so the assessor would have no way to watch it
  → upload it where the assessor can open it (unlisted, or shared by link), add `url:`, and keep `file:` so its length is checked
```
**Fix:** upload the video, add its `url:`, and keep `file:` for the length check.
"""),
        Code('MC410', 'an annotation or form field the packet cannot show', W, """\
**When:** a PDF page carries an annotation a viewer draws although it has no appearance of its own (a FreeText
comment, a shape or ink mark without an appearance stream), or a filled form field whose look mcred cannot make.
The packet embeds each page as the viewer shows it — annotations and filled fields with an appearance are
flattened in — but these would vanish.

```
MC410 evidence.yaml:4 warning A3 p. 2: a FreeText annotation the packet cannot show
  → print the file to PDF (or flatten it in your PDF editor), then cite the new file
```
**Fix:** print the file to PDF ("Microsoft Print to PDF", macOS "Save as PDF"), which draws every comment into
the page, and cite that copy.
"""),
        Code('MC411', 'an XFA form', E, """\
**When:** the PDF is an XFA form (a "dynamic" form made in Adobe LiveCycle or AEM). Only Acrobat lays these out;
every other program — and the packet — shows a placeholder page or nothing.

```
MC411 evidence.yaml:4 error artifact A3 (artifacts/goal-form.pdf) is an XFA form, which only Acrobat can show
  → open it in Acrobat and print it to PDF, then cite that copy
```
**Fix:** open it in Adobe Acrobat or Reader, fill it, and print it to PDF; cite the printed copy.
"""),
        Code('MC412', 'content a script would make', W, """\
**When:** the PDF runs JavaScript (on opening, or to format or calculate a field). The packet shows the page as
stored; what the script would change or compute is not there.

```
MC412 evidence.yaml:4 warning A3 p. 1: JavaScript (a field formats its value with a script) — the packet shows the page as stored
  → print the file to PDF from a viewer that runs its scripts, then cite the new file
```
**Fix:** open the file in Acrobat or Reader (which runs the script), print it to PDF, and cite that copy; or
check the page in the packet by eye.
"""),
        Code('MC413', 'a blank page', W, """\
**When:** a page of an artifact draws nothing at all: no text, no image, no drawing. It shows as an empty page in
the packet, and in any viewer.

```
MC413 evidence.yaml:4 warning p. 4 of A3 is blank
  → remove the page from the file, or check it was exported whole
```
**Fix:** re-export the document; an empty page often means a page failed to export.
"""),
        Code('MC414', 'a PDF or page too large to read safely', E, """\
**When:** a page, or the whole file, is past one of the limits mcred holds every artifact PDF to before any
program reads its pages (see the README, "Limits"): a page whose content inflates past 64 MB, is drawn with
more than a million operators or shows more than 200,000 characters, a page with more than 2,000 annotations,
forms drawn within forms more than 32 deep; a file of more than 20,000 pages, a page tree that contains itself. No honest document comes near them:
such a file is damaged, or made to exhaust a reader's memory. A page past a limit is never read (no text, no
quote check, no privacy scan) and the packet shows a page saying so in its place; a file past a whole-file
limit is not read at all. The rest of the portfolio is checked as usual.

```
MC414 evidence.yaml:7 error p. 1 of A4 is too large to show safely: its content inflates to more than 64 MB
  → print it to PDF again (or save only the pages you cite as a new PDF), then cite the new file; mcred's limits are in the README
MC414 evidence.yaml:7 error artifact A5 (artifacts/export.pdf) is too large to read safely: its page tree contains itself
```
**Fix:** open the file in a viewer and print it to PDF (or save the pages you cite as a new PDF): the copy
holds what the viewer shows, without what made it too large.
"""),
        Code('MC415', 'scanned pages, and no OCR to read them', N, """\
**When:** pages that check read (cited pages, and every page when the privacy scan is on) have no text layer —
scans or photos of documents — and OCR is not installed. Quotes on them cannot be verified (MC326), `mcred find`
does not see them, and the privacy scan cannot read them (MC507). `--no-ocr` turns OCR off without this note.

```
MC415 evidence.yaml note pages without a text layer (scans or photos) in A6 (3), and OCR is not installed: quotes on them cannot be verified, `mcred find` does not see them and the privacy scan cannot read them
  → install OCR with `pip install "mcred[ocr]"` (Tesseract, offline), then check again
```
**Fix:** `pip install "mcred[ocr]"`.
"""),
        Code('MC416', 'an Office file that cannot be converted', E, """\
**When:** an artifact is a Word, PowerPoint, Excel or OpenDocument file (`.docx`, `.pptx`, `.xlsx`, `.odt` …)
and LibreOffice is not installed to convert it to PDF, or the conversion failed or took longer than 3 minutes.
Where LibreOffice is installed (`soffice` on the PATH), mcred converts such a file headless, keeps the PDF in
`.mcred/office/` by the file's content, and the packet shows that PDF: **the pages you cite are the PDF's pages**,
which may differ from what Word or PowerPoint shows on screen.

```
MC416 evidence.yaml:8 error artifact A5 (artifacts/goals.docx) is an Office file the packet cannot show as it is: LibreOffice (`soffice`), which converts it to PDF, is not installed
  → export it as PDF from Word (File → Save as → PDF) and cite the PDF, or install LibreOffice so mcred converts it (its pages are then the PDF's pages)
```
**Fix:** export it as PDF from its program and point `file:` at the PDF (its pages are then exactly what you
see), or install LibreOffice.
"""),
    )),
    Family('MC5xx', 'student privacy and blind review', """\
MC501-MC507 only with a `privacy:` section in `mcred.yaml`, MC508 only with `blind: true` (see the README: what is
scanned, what is not, and how redaction works). Every page of every artifact PDF is scanned, not only the cited
ones, and what each PDF carries beyond its pages (comments, form fields, links, bookmarks, document properties,
XMP, attachments), and the drafts and the evidence map too. Findings show what was found masked — first and last letter of each word, digits never. They are warnings:
`--strict` makes them block. With `redact: true` the packet removes each one for real.
""", (
        Code('MC501', "a student's name from the roster", W, """\
**When:** a name from `privacy: roster:` appears as "First Last", "Last, First", "F. Last" or "First M. Last" —
whatever the case, accents or line breaks.

```
MC501 evidence.yaml:7 warning A2 p. 3: 2 student names (J••• A•••••z, M***a L**)
  → remove it from the file (or cite a redacted copy), or set `privacy: redact: true` in mcred.yaml so the packet blacks it out
```
**Fix:** as the arrow says.
"""),
        Code('MC502', 'a term from `privacy: terms:`', W, """\
**When:** one of the words or phrases listed under `privacy: terms:` (a room, a program, a nickname).

```
MC502 overview.md:14 warning overview.md line 14: 1 listed term (R**m 1**)
  → remove it from the file (or cite a redacted copy), or set `privacy: redact: true` in mcred.yaml so the packet blacks it out
```
**Fix:** as the arrow says.
"""),
        Code('MC503', 'an email address', W, """\
**When:** an email address (on by default; `privacy: find:` lists the patterns to look for).

```
MC503 evidence.yaml:4 warning A1 p. 2: 1 email address (j****a@e*****e.o*g)
  → remove it from the file (or cite a redacted copy), or set `privacy: redact: true` in mcred.yaml so the packet blacks it out
```
**Fix:** as the arrow says.
"""),
        Code('MC504', 'a phone number', W, """\
**When:** a North American phone number, with `phone` in `privacy: find:`.

```
MC504 evidence.yaml:4 warning A1 p. 2: 1 phone number (••• •••-••••)
  → remove it from the file (or cite a redacted copy), or set `privacy: redact: true` in mcred.yaml so the packet blacks it out
```
**Fix:** as the arrow says.
"""),
        Code('MC505', 'a date of birth', W, """\
**When:** a date right after "DOB", "date of birth", "birthday" or "born", with `dob` in `privacy: find:`.

```
MC505 evidence.yaml:4 warning A4 p. 1: 1 date of birth (••/••/••••)
  → remove it from the file (or cite a redacted copy), or set `privacy: redact: true` in mcred.yaml so the packet blacks it out
```
**Fix:** as the arrow says.
"""),
        Code('MC506', 'a student ID number', W, """\
**When:** a number of the shape given by `privacy: student_id:` — a mask where `#` is a digit and `?` a letter,
such as `S#######` (a mask, not a regular expression, so no pattern can make a check hang).

```
MC506 evidence.yaml:4 warning A3 p. 2: 1 student ID (S•••••••)
  → remove it from the file (or cite a redacted copy), or set `privacy: redact: true` in mcred.yaml so the packet blacks it out
```
**Fix:** as the arrow says.
"""),
        Code('MC507', 'what the privacy scan could not read', N, """\
**When:** an image artifact, or PDF pages without a text layer (scans, photos of documents) where OCR read nothing
(or OCR is not installed, or turned off with `--no-ocr`). Their text cannot be scanned, so silence there is not
safety.

```
MC507 evidence.yaml:9 note artifact A5 has 2 pages without text (p. 3, p. 4), not scanned for student information: scans or pictures of text
  → look at those pages yourself before you submit
```
**Fix:** look at them yourself; blur or crop what must not leave the school, then cite the new file.
"""),
        Code('MC508', 'what identifies you, in a blind portfolio', W, """\
**When:** `blind: true` is set and your name (as "First Last", "Last, First", "F. Last" …, as a roster name is
found), your school, your district (each also without "Middle School", "School District" and the like: "Cedar
Ridge") or a word under `identity:` stands in a draft, an explanation, a quote, a title, an artifact's file name,
any page of an artifact, or what an artifact PDF carries beyond its pages: a comment, a form field, a link, a
bookmark, its document properties or XMP metadata, an attachment. Blind review means the assessor must not learn
who you are.

```
MC508 evidence.yaml:7 warning A2 p. 3: 2 mentions of you, your school or district (A••••a W•••••d, C•••r R•••e)
  → write it without your name, school or district ("my school", "the district"), cite a redacted copy, or set `privacy: redact: true` in mcred.yaml so the packet blacks it out
MC508 evidence.yaml:9 warning A4 (document properties: Author): 1 mention of you, your school or district (A••••a W•••••d)
  → the packet leaves this out, but the file itself carries it: remove it there (the PDF's properties, bookmarks or attachments) before you upload the file on its own
```
**Fix:** as the arrow says. With `privacy: redact: true` the packet blacks each one out, as it does student
names; the warning stays, so `--strict` still asks you to look.
"""),
        Code('MC509', 'no `blind:` in mcred.yaml', N, """\
**When:** `mcred.yaml` does not say `blind: true` or `blind: false`. Without it the packet names you on its cover,
in every page's footer, in its bookmarks' titles and in its properties, as before `blind:` existed.

```
MC509 mcred.yaml note mcred.yaml does not say whether the packet is for blind review: it names you on its cover, in every page's footer and in its properties
  → add `blind: true` to mcred.yaml if your assessors review blind (ELN does), or `blind: false` to keep your name on the packet
```
**Fix:** add the key; `mcred init` writes `blind: true` for ELN credentials.
"""),
    )),
    Family('MC6xx', 'resubmission', """\
Only in a resubmission: a portfolio with attempts recorded by `mcred submit` in `submissions/`, and the assessor's
results in `feedback.yaml` (`mcred feedback` writes one to fill in). Check compares the evidence with the last
attempt, outcome by outcome and detail by detail.
""", (
        Code('MC601', 'feedback for an outcome or detail the credential does not have', E, """\
**When:** a key under `results:` in `feedback.yaml` is no outcome or detail id of the credential — usually a typo.

```
MC601 feedback.yaml:5 error feedback.yaml gives a result for `1.22`, which is no outcome or detail of Ensuring Accountability
  → did you mean `1.2`? Use the ids `mcred credentials` shows
```
**Fix:** correct the id; `mcred feedback` in a new folder shows every id the credential has.
"""),
        Code('MC602', 'an outcome or detail marked not yet, unchanged since the last submission', W, """\
**When:** `feedback.yaml` marks an outcome or detail `not-yet`, and its citations, quotes and explanations (and
the files it cites) are the same as in the last submission: the assessor will see the same evidence again.

```
MC602 feedback.yaml:4 warning 1.2 was not yet proficient in submission 1, and its evidence is unchanged: “The handbook shows expectations, not how they were set together.”
  → revise the evidence for 1.2 as the comment asks: cite other pages or artifacts, or rewrite the explanation
```
**Fix:** revise that evidence. `--strict` makes this an error, so a resubmission cannot be built past it.
"""),
        Code('MC603', 'evidence the assessor accepted, changed', N, """\
**When:** an outcome or detail `feedback.yaml` marks `proficient` has different evidence than in the last
submission.

```
MC603 feedback.yaml:9 note 2 was proficient in submission 1 and its evidence changed (1 citation added)
  → you changed evidence the assessor already accepted: make sure that is what you meant
```
**Fix:** none needed if it was deliberate; otherwise put it back as it was.
"""),
        Code('MC604', 'an outcome or detail marked not yet, revised', N, """\
**When:** an outcome or detail `feedback.yaml` marks `not-yet` has changed since the last submission: what
changed, for you to compare with the comment. The packet's "Changes since submission n" shows the same.

```
MC604 feedback.yaml:4 note 1.2 (not yet in submission 1) revised: 1 citation added, 1 explanation rewritten
  → `mcred diff` shows the changes in full
```
**Fix:** none: a record of what was revised.
"""),
        Code('MC605', 'feedback on another submission', W, """\
**When:** `attempt:` in `feedback.yaml` is not the last submission recorded in `submissions/` (or nothing was
submitted yet), so the results may not be about the evidence check compares against.

```
MC605 feedback.yaml:1 warning feedback.yaml is about submission 1, but the last submission is 2
  → after a new submission, move the old feedback.yaml aside and run `mcred feedback` for the new one
```
**Fix:** keep `feedback.yaml` for the last submission.
"""),
        Code('MC606', 'the last submission cannot be compared', W, """\
**When:** the sources `mcred submit` kept in `submissions/<n>/sources/` are missing or cannot be read, so nothing
can be compared with the last submission.

```
MC606 submissions/1 warning submissions/1/sources/ is missing: what changed since submission 1 is unknown
  → leave submissions/ as `mcred submit` wrote it (restore it from your backup)
```
**Fix:** restore the folder; mcred never changes or deletes `submissions/`.
"""),
    )),
)

CODES: dict[str, Code] = {code.code: code for family in FAMILIES for code in family.codes}


def get(code: str) -> Code:
    """The declaration of a code; a code nobody declared is a bug in mcred, caught by the tests."""
    return CODES[code]


def _anchor(family: Family) -> str:
    return "#" + re.sub(r"[^\w\- ]", "", f"{family.prefix} — {family.title}".lower()).replace(" ", "-")


def findings_markdown() -> str:
    """docs/findings.md: the preamble, a contents list, then every family and code in order."""
    lines = [PREAMBLE.rstrip("\n"), ""]
    lines += [f"- [{f.prefix} — {f.title}]({_anchor(f)})" for f in FAMILIES]
    for family in FAMILIES:
        lines += ["", "---", "", f"## {family.prefix} — {family.title}", "", family.intro.rstrip("\n")]
        for code in family.codes:
            lines += ["", f"### {code.code} — {code.heading}", code.doc.rstrip("\n")]
    return "\n".join(lines) + "\n"


def readme_table() -> str:
    """The README's table of codes: one row a code, severity as the docs state it."""
    rows = ["| code | what | severity |", "|---|---|---|"]
    for code in CODES.values():
        severity = code.heading.removeprefix(f"{code.title} — ")
        rows.append(f"| {code.code} | {code.title} | {severity} |")
    return "\n".join(rows) + "\n"


_README_TABLE = re.compile(r"\| code \| what \| severity \|\n\|---\|---\|---\|\n(?:\|.*\|\n)+")


def _write(root: Path) -> None:
    (root / "docs" / "findings.md").write_text(findings_markdown(), encoding="utf-8")
    readme = root / "README.md"
    text = readme.read_text(encoding="utf-8")
    readme.write_text(_README_TABLE.sub(lambda _match: readme_table(), text, count=1), encoding="utf-8")


if __name__ == "__main__":   # python -m mcred.checks.codes --write: regenerate the docs from this table
    if sys.argv[1:] == ["--write"]:
        _write(Path(__file__).resolve().parents[2])
    else:
        sys.stdout.write(findings_markdown())
