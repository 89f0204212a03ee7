"""The artifacts' files: missing, a folder, corrupt, encrypted, not what their name says, a kind the packet cannot
show, too large to upload — and the ones that are fine (PDF, PNG, MP4)."""

from __future__ import annotations

import shutil

from check_material import check_json, cite, evidence_map, line_of, place, write_mp4, write_png
from support import corrupt_pdf, encrypt_pdf, make_pdf

EXTRA = {"id": "A2", "title": "Walkthrough notes", "file": "artifacts/notes.pdf"}


def _with(portfolio, artifact: dict, where: dict | None = None):
    """A ready portfolio that also cites `artifact` (as A2) for outcome 1: at `where` (default: page 5)."""
    citation = {"artifact": "A2", **({"pages": 5} if where is None else where), "explanation": cite()["explanation"]}
    text = evidence_map({"1": [cite(), citation]}, artifacts=[artifact])
    return portfolio(evidence=text), text


def test_a_missing_file(portfolio, cli):
    folder, text = _with(portfolio, EXTRA)
    report = check_json(cli, folder)
    finding = report.only("MC401")
    assert finding["message"] == "artifact A2 (artifacts/notes.pdf) does not exist"
    assert finding["fix"] == "put the file at artifacts/notes.pdf, or fix `file:`"
    assert place(finding) == f"evidence.yaml:{line_of(text, 'id: A2')}"
    assert report.codes == {"MC308", "MC401"}, "its citation adds nothing"
    assert report.exit_code == 1


def test_a_folder_where_a_file_should_be(portfolio, cli):
    folder, _ = _with(portfolio, EXTRA)
    (folder / "artifacts" / "notes.pdf").mkdir()
    report = check_json(cli, folder)
    assert report.only("MC401")["message"] == "artifact A2 (artifacts/notes.pdf) is a folder, not a file"
    assert report.exit_code == 1


def test_a_corrupt_pdf(portfolio, cli):
    folder, text = _with(portfolio, EXTRA)
    corrupt_pdf(folder / "artifacts" / "notes.pdf")
    report = check_json(cli, folder)
    finding = report.only("MC402")
    assert finding["message"].startswith("artifact A2 (artifacts/notes.pdf) cannot be read: it is corrupt")
    assert finding["fix"] == "open it and save or export it again as PDF"
    assert finding["line"] == line_of(text, "id: A2")
    assert report.exit_code == 1


def test_a_file_that_is_not_a_pdf_at_all(portfolio, cli):
    folder, _ = _with(portfolio, EXTRA)
    (folder / "artifacts" / "notes.pdf").write_text("Meeting notes, typed in a text editor.\n")
    report = check_json(cli, folder)
    assert report.only("MC402")["message"] == "artifact A2 (artifacts/notes.pdf) cannot be read: it is not a PDF"


def test_an_empty_pdf_file(portfolio, cli):
    folder, _ = _with(portfolio, EXTRA)
    (folder / "artifacts" / "notes.pdf").write_bytes(b"")
    report = check_json(cli, folder)
    assert report.only("MC402")["severity"] == "error"
    assert report.exit_code == 1


def test_an_image_that_is_not_one(portfolio, cli):
    folder, _ = _with(portfolio, {"id": "A2", "title": "Data wall", "file": "artifacts/wall.png"}, {})
    (folder / "artifacts" / "wall.png").write_bytes(b"GIF89a not really a png")
    report = check_json(cli, folder)
    finding = report.only("MC402")
    assert finding["message"] == "artifact A2 (artifacts/wall.png) is not a readable .png image"
    assert finding["fix"] == "export it again as PNG or JPEG"


def test_a_truncated_png_is_found_by_check_not_by_a_failed_build(portfolio, cli):
    folder, _ = _with(portfolio, {"id": "A2", "title": "Data wall", "file": "artifacts/wall.png"}, {})
    write_png(folder / "artifacts" / "whole.png")
    (folder / "artifacts" / "wall.png").write_bytes((folder / "artifacts" / "whole.png").read_bytes()[:40])
    report = check_json(cli, folder)
    finding = report.only("MC402")
    assert finding["message"].startswith("artifact A2 (artifacts/wall.png) is not a readable .png image: "
                                         "it cannot be decoded")
    assert report.exit_code == 1


def test_a_path_with_a_backslash(portfolio, cli):
    folder, _ = _with(portfolio, {"id": "A2", "title": "Plan", "file": "artifacts\\plan.pdf"}, {})
    make_pdf(folder / "artifacts\\plan.pdf", ["A plan."])
    report = check_json(cli, folder)
    assert "has a backslash in its path" in report.only("MC402")["message"]


def test_a_real_png_takes_no_pages(portfolio, cli):
    picture = {"id": "A2", "title": "Data wall", "file": "artifacts/wall.png"}
    text = evidence_map({"1": [cite(), {"artifact": "A2", "explanation": cite()["explanation"]}]}, artifacts=[picture])
    folder = portfolio(evidence=text)
    write_png(folder / "artifacts" / "wall.png")
    report = check_json(cli, folder)
    assert report.codes == {"MC308"} and report.exit_code == 0
    assert report.document["coverage"]["1"] == ["A1", "A2"]


def test_an_encrypted_pdf(portfolio, cli):
    folder, _ = _with(portfolio, EXTRA)
    encrypt_pdf(folder / "artifacts" / "handbook.pdf", folder / "artifacts" / "notes.pdf")
    report = check_json(cli, folder)
    finding = report.only("MC403")
    assert finding["message"] == "artifact A2 (artifacts/notes.pdf) is password-protected: the packet cannot show it"
    assert finding["fix"].startswith("save an unprotected copy")
    assert report.exit_code == 1


def test_a_pdf_protected_only_against_editing_opens(portfolio, cli):
    from pypdf import PdfReader, PdfWriter

    folder, _ = _with(portfolio, EXTRA)
    writer = PdfWriter(clone_from=PdfReader(folder / "artifacts" / "handbook.pdf"))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    with (folder / "artifacts" / "notes.pdf").open("wb") as handle:
        writer.write(handle)
    report = check_json(cli, folder)
    assert report.codes == {"MC308"} and report.exit_code == 0


def test_a_kind_the_packet_cannot_show(portfolio, cli):
    folder, text = _with(portfolio, {"id": "A2", "title": "Goals", "file": "artifacts/goals.pages"})
    (folder / "artifacts" / "goals.pages").write_bytes(b"PK\x03\x04 an Apple Pages file")
    report = check_json(cli, folder)
    finding = report.only("MC404")
    assert finding["message"] == "artifact A2 (artifacts/goals.pages) is a .pages file, which the packet cannot show"
    assert finding["fix"] == "export it to PDF (or PNG/JPEG for a picture) and cite that"
    assert finding["line"] == line_of(text, "id: A2")
    assert report.exit_code == 1


def test_a_file_over_the_upload_limit(portfolio, cli):
    folder = portfolio(evidence=evidence_map())
    size = (folder / "artifacts" / "handbook.pdf").stat().st_size
    limit = round(size / 2 / 1024 / 1024, 6)
    (folder / "mcred.yaml").write_text((folder / "mcred.yaml").read_text()
                                       + f"settings:\n  upload_limit_mb: {limit}\n", encoding="utf-8")
    report = check_json(cli, folder)
    finding = report.only("MC405")
    assert finding["severity"] == "warning"
    assert finding["message"].startswith(f"artifact A1 (artifacts/handbook.pdf) is 0.0 MB, over the {limit:g} MB")
    assert "upload_limit_mb" in finding["fix"]
    assert "MC406" in report.codes           # and so is the packet
    assert report.exit_code == 0
    assert check_json(cli, folder, "--strict").exit_code == 1


def test_a_packet_over_the_upload_limit(portfolio, cli):
    """Each file fits; together they do not."""
    folder, _ = _with(portfolio, EXTRA)
    shutil.copy(folder / "artifacts" / "handbook.pdf", folder / "artifacts" / "notes.pdf")
    size = (folder / "artifacts" / "handbook.pdf").stat().st_size
    limit = round(size * 1.5 / 1024 / 1024, 6)
    (folder / "mcred.yaml").write_text((folder / "mcred.yaml").read_text()
                                       + f"settings:\n  upload_limit_mb: {limit}\n", encoding="utf-8")
    report = check_json(cli, folder)
    finding = report.only("MC406")
    assert finding["message"].startswith("the packet will be about 0 MB, over the")
    assert finding["file"] == "evidence.yaml" and finding["severity"] == "warning"
    assert "MC405" not in report.codes
    assert report.exit_code == 0


def test_the_default_limit_is_25_mb(portfolio, cli):
    folder, _ = _with(portfolio, {"id": "A2", "title": "Scan", "file": "artifacts/scan.png"}, {})
    write_png(folder / "artifacts" / "scan.png")
    with (folder / "artifacts" / "scan.png").open("ab") as handle:
        handle.truncate(26 * 1024 * 1024)   # a PNG whose trailing bytes make it 26 MB
    report = check_json(cli, folder)
    assert "is 26.0 MB, over the 25 MB upload limit" in report.only("MC405")["message"]
    assert report.codes == {"MC308", "MC405", "MC406"}


def test_a_large_local_video_is_not_part_of_the_packet(portfolio, cli):
    video = {"id": "A2", "title": "PLC", "url": "https://example.org/plc", "file": "artifacts/plc.mp4"}
    folder, _ = _with(portfolio, video, {"time": "1:00"})
    write_mp4(folder / "artifacts" / "plc.mp4", 600)
    with (folder / "artifacts" / "plc.mp4").open("ab") as handle:
        handle.truncate(30 * 1024 * 1024)
    report = check_json(cli, folder)
    assert report.codes == {"MC308"}, report.findings


def test_a_local_video_without_an_address(portfolio, cli):
    video = {"id": "A2", "title": "PLC", "file": "artifacts/plc.mp4"}
    folder, _text = _with(portfolio, video, {"time": "1:00"})
    write_mp4(folder / "artifacts" / "plc.mp4", 600)
    report = check_json(cli, folder)
    finding = report.only("MC409")
    assert finding["severity"] == "error" and "add `url:`" in finding["fix"]
    assert report.exit_code == 1
