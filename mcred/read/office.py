"""Office artifacts (.docx, .pptx, .xlsx, .odt …) turned into the PDF the packet shows, by LibreOffice.

Where `soffice` is on the machine, each Office file is converted headless, once per content: the PDF is kept in
`.mcred/office/` by the file's content hash, and the artifact is from then on that PDF — its pages are the PDF's
pages, which is what a citation's `pages:` counts. Where it is not, or the conversion fails or runs past its
timeout, the artifact stays a file the packet cannot show, and check says why and how to fix it (MC416).
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from mcred.errors import UserError
from mcred.facts import Artifact, ArtifactKind, Portfolio
from mcred.read.cache import Cache, Origin, SourceChanged, file_stamp
from mcred.read.files import file_trouble

OFFICE_SUFFIXES = frozenset({".docx", ".doc", ".docm", ".dotx", ".odt", ".rtf",
                             ".pptx", ".ppt", ".odp", ".xlsx", ".xls", ".ods"})
TIMEOUT_SECONDS = 180            # a long slide deck converts in well under a minute; a hung soffice never ends
_VERSION = "office-1"
CONVERTED = "converted.pdf"      # the one file of a conversion's cache entry


class _Failed(Exception):
    """LibreOffice could not convert the file: nothing is kept but what it said."""


def is_office(path: Path | None) -> bool:
    return path is not None and path.suffix.lower() in OFFICE_SUFFIXES


def soffice() -> str | None:
    """LibreOffice's command, where it is installed (`soffice`, or `libreoffice` as some systems name it)."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def with_office_converted(portfolio: Portfolio, cache: Cache) -> Portfolio:
    """The portfolio with each Office artifact standing for its PDF (converted now, or earlier and cached); an
    artifact that could not be converted keeps its file and says why in `not_converted`."""
    if not any(is_office(a.file) and a.kind is ArtifactKind.UNSUPPORTED for a in portfolio.artifacts):
        return portfolio
    command = soffice()
    artifacts = []
    for artifact in portfolio.artifacts:
        if not (is_office(artifact.file) and artifact.kind is ArtifactKind.UNSUPPORTED):
            artifacts.append(artifact)
        elif artifact.file is None or file_trouble(artifact.file, portfolio.root) is not None:
            artifacts.append(artifact)       # missing, outside, a folder: the file's own finding says so
        else:
            artifacts.append(_converted(artifact, artifact.file, command, cache))
    return dataclasses.replace(portfolio, artifacts=artifacts)


def _converted(artifact: Artifact, source: Path, command: str | None, cache: Cache) -> Artifact:
    try:
        stamp = file_stamp(source)   # before the hash: a save while it is taken shows as a change
        digest = cache.file_hash(source)
    except OSError as exc:
        return dataclasses.replace(artifact, not_converted=f"it cannot be read ({exc.strerror or exc})")
    damaged = _not_what_it_says(source)
    if damaged:
        return dataclasses.replace(artifact, not_converted=damaged)
    origin = Origin(source, stamp)
    entry = cache.entry("office", digest, derived_by="soffice", version=_VERSION, origin=origin)
    found = entry.read_files()
    if found is not None:
        return dataclasses.replace(artifact, file=found[0] / CONVERTED, kind=ArtifactKind.PDF, converted_from=source)
    if command is None:
        return dataclasses.replace(artifact, not_converted="LibreOffice (`soffice`), which converts it to PDF, is "
                                                            "not installed")
    # a file LibreOffice failed on fails again: said from the cache, not tried on every check
    failures = cache.entry("office", digest, derived_by="soffice-failed", version=_VERSION, origin=origin)
    failed = (failures.read_json() or {}).get("error")
    target: Path | None = None
    if not failed:
        def make(folder: Path) -> dict[str, str]:
            said = _convert(command, source, folder / CONVERTED)
            if said:
                raise _Failed(said)
            return {"file": CONVERTED}

        try:
            target = entry.write_files(make)[0] / CONVERTED
        except _Failed as exc:
            failed = str(exc)
        except SourceChanged:
            raise UserError.plain(f"{source.name} changed while mcred was converting it to PDF (saved meanwhile?): "
                                  "mcred stopped rather than show a mix of its old and new contents.",
                                  "Run the command again once the file is saved.") from None
        except OSError:   # no usable cache (`cache=False`, or `.mcred` cannot be written): converted for this run
            target = _scratch() / f"{digest}.pdf"
            failed = None if target.exists() else _convert(command, source, target)
    if failed or target is None:
        if failed and target is None:
            failures.write_json({"error": failed})
        return dataclasses.replace(artifact, not_converted=f"LibreOffice could not convert it to PDF: {failed}")
    return dataclasses.replace(artifact, file=target, kind=ArtifactKind.PDF, converted_from=source)


_OOXML = {".docx": "word/", ".docm": "word/", ".dotx": "word/", ".pptx": "ppt/", ".xlsx": "xl/"}
_ODF = {".odt", ".odp", ".ods"}
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"     # .doc, .ppt, .xls


def _not_what_it_says(path: Path) -> str | None:
    """Why the file is not the Office document its name says (LibreOffice would read anything else as plain text
    and make a PDF of the bytes), or None."""
    import zipfile

    suffix = path.suffix.lower()
    damaged = f"it is not a readable {suffix} file (damaged, or another kind of file renamed)"
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
        if suffix in _OOXML or suffix in _ODF:
            with zipfile.ZipFile(path) as archive:
                names = archive.namelist()
            wanted = _OOXML.get(suffix)
            if wanted is not None and not ("[Content_Types].xml" in names and any(n.startswith(wanted) for n in names)):
                return damaged
            if wanted is None and "mimetype" not in names:
                return damaged
        elif suffix == ".rtf":
            return None if head.startswith(b"{\\rtf") else damaged
        elif head != _OLE2:
            return damaged
    except (OSError, zipfile.BadZipFile, ValueError):
        return damaged
    return None


def _convert(command: str, source: Path, target: Path) -> str | None:
    """Convert `source` to the PDF `target` (written whole, or not at all); what went wrong, or None."""
    with tempfile.TemporaryDirectory(prefix="mcred-office-") as work:
        folder = Path(work)
        # its own profile: a LibreOffice the user has open (or another conversion) would otherwise take the job
        # and return at once without writing anything
        profile = (folder / "profile").as_uri()
        arguments = [command, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--nolockcheck",
                     "--convert-to", "pdf", "--outdir", str(folder / "out"), str(source)]
        try:
            done = subprocess.run(arguments, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False,
                                  stdin=subprocess.DEVNULL, env={**os.environ, "SAL_USE_VCLPLUGIN": "svp"})
        except subprocess.TimeoutExpired:
            return f"it took longer than {TIMEOUT_SECONDS} s"
        except OSError as exc:
            return exc.strerror or str(exc)
        made = folder / "out" / (source.stem + ".pdf")
        if done.returncode != 0 or not made.is_file() or made.stat().st_size == 0:
            said = (done.stderr or done.stdout or "").strip().splitlines()
            return said[-1][:200] if said else f"soffice exited {done.returncode} without writing a PDF"
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(f".partial-{target.name}")
            shutil.copyfile(made, partial)
            os.replace(partial, target)   # whole, or not at all
        except OSError as exc:
            return f"the PDF could not be written to {target.parent} ({exc.strerror or exc})"
        return None if target.exists() else f"the PDF could not be written to {target.parent}"


_SCRATCH: list[Path] = []


def _scratch() -> Path:
    """Where converted PDFs go when there is no cache (`cache=False`): one folder for the process, removed at exit."""
    if not _SCRATCH:
        import atexit

        folder = Path(tempfile.mkdtemp(prefix="mcred-office-"))
        atexit.register(shutil.rmtree, folder, True)
        _SCRATCH.append(folder)
    return _SCRATCH[0]
