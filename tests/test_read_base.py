"""The reader registry, format sniffing and read() (hexaglot.read.base)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hexaglot.errors import InputError
from hexaglot.model import Document
from hexaglot.read.base import doc_id_for, read, registry, sniff_format


@pytest.mark.parametrize(
    ("name", "data", "fmt"),
    [
        ("report.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "pdf"),
        ("report", b"%PDF-1.4\n", "pdf"),
        ("page.txt", b"<!DOCTYPE html><html><body>x</body></html>", "html"),
        ("page.txt", b"\xef\xbb\xbf  <html><body>x</body></html>", "html"),
        ("page.htm", b"<p>no doctype</p>", "html"),
        ("letter.txt", b"Plain text", "txt"),
        ("letter.doc.txt", b"Plain text", "txt"),
        ("letter.txt", b"PK\x03\x04" + b"\x00" * 30 + b"word/document.xml", "docx"),
    ],
)
def test_sniff_by_content_first(name: str, data: bytes, fmt: str) -> None:
    assert sniff_format(Path(name), data) == fmt


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("a.pdf", b"just text", "not a PDF file"),
        ("a.docx", b"just text", "not a Word .docx file"),
        ("a.txt", b"PK\x03\x04\x00\x00 plain zip", "ZIP archive"),
        ("a.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy binary Word"),
    ],
)
def test_sniff_rejects_mislabelled(name: str, data: bytes, reason: str) -> None:
    with pytest.raises(InputError, match=reason):
        sniff_format(Path(name), data)


def test_registry_has_the_text_readers() -> None:
    readers = registry()
    assert {"txt", "html"} <= set(readers)
    for fmt, cls in readers.items():
        assert cls.format == fmt


@pytest.mark.parametrize(
    ("name", "expected"),
    [("letter-2003-06-04.fr.txt", "letter-2003-06-04"), ("A_80_590.pdf", "A_80_590"), ("dev.en", "dev"),
     ("S_2003_456.en.txt", "S_2003_456"), ("README", "README")],
)
def test_doc_id(name: str, expected: str) -> None:
    assert doc_id_for(Path(name)) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [("A_58_50_Rev.1.fr.txt", "A_58_50_Rev.1"), ("A_C.3_78_L.49_Rev.1-EN.pdf", "A_C.3_78_L.49_Rev.1-EN")],
)
def test_doc_id_keeps_revision_numbers(name: str, expected: str) -> None:
    assert doc_id_for(Path(name)) == expected


def test_read_errors_are_one_line(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="is a directory"):
        read(tmp_path)
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(InputError, match="empty file") as err:
        read(tmp_path / "empty.txt")
    assert "\n" not in str(err.value)


def test_language_given_or_detected(tmp_path: Path) -> None:
    p = tmp_path / "x.txt"
    p.write_text("Le Comité note que l'État partie n'a pas fourni d'informations.", encoding="utf-8")
    assert read(p).language == "fr"
    assert read(p, "es").language == "es"  # an explicit language wins, no detection
    calls: list[Document] = []
    assert read(p, detect=lambda d: calls.append(d) or "ru").language == "ru"
    assert len(calls) == 1


def test_pdf_named_txt_is_read_as_pdf(corpus: Path, tmp_path: Path) -> None:
    pdfs = sorted((corpus / "un_reports_en" / "pdf").glob("*.pdf"))
    if not pdfs or "pdf" not in registry():
        pytest.skip("no PDF reader or no PDF in the corpus")
    target = tmp_path / "report.txt"
    shutil.copy(pdfs[0], target)
    doc = read(target, "en")
    assert doc.origin.format == "pdf"
    assert doc.blocks


@pytest.mark.parametrize(
    "data",
    [
        b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html><html><body>x</body></html>',
        b"<!-- saved from the web -->\n<html><body>x</body></html>",
        "<html><body>x</body></html>".encode("utf-16"),
    ],
)
def test_sniff_html_after_declaration_comment_or_bom(data: bytes) -> None:
    assert sniff_format(Path("page"), data) == "html"


def test_ocr_always_on_a_file_that_is_no_pdf_says_it_is_ignored(tmp_path: Path) -> None:
    """``parse --ocr always draft.docx`` did nothing, silently."""
    from hexaglot.read.base import read

    path = tmp_path / "note.en.txt"
    path.write_text("The Security Council met on 4 June 2003 and adopted the resolution.\n", encoding="utf-8")
    assert [w for w in read(path, ocr="always").warnings if "--ocr always ignored" in w]
    assert not [w for w in read(path).warnings if "OCR" in w]
