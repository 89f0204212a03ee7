from pypdf import PdfReader
from support import encrypt_pdf, make_pdf, prose


def test_fixture_pdfs_are_real(tmp_path):
    pdf = make_pdf(tmp_path / "a.pdf", ["one", "two", "three"], front_matter=2)
    reader = PdfReader(pdf)
    assert reader.page_labels == ["i", "ii", "1"]
    assert "two" in reader.pages[1].extract_text()
    assert PdfReader(encrypt_pdf(pdf, tmp_path / "e.pdf")).is_encrypted
    assert len(prose(50).split()) == 50
