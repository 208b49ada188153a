"""PDF reader: lines with boxes and font hints, superscript marks, text quality, bad files."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from hexaglot.errors import InputError
from hexaglot.model import Document, Label, Layer, Origin
from hexaglot.read.pdf import PdfReader
from hexaglot.read.quality import PageStats, assess


def read_pdf(path: Path, data: bytes | None = None) -> Document:
    data = path.read_bytes() if data is None else data
    origin = Origin(path=str(path), sha256=hashlib.sha256(data).hexdigest(), format="pdf", size=len(data))
    return PdfReader().read(path, data, origin)


def build_pdf(objects: list[bytes], trailer_extra: bytes = b"") -> bytes:
    """A minimal PDF with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R " % (len(objects) + 1) + trailer_extra
    out += b">>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
ONE_PAGE = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"


@pytest.fixture(scope="module")
def report(corpus: Path) -> Document:
    return read_pdf(corpus / "un_reports_en" / "pdf" / "A_80_590.pdf")


def test_lines_with_geometry(report: Document) -> None:
    assert report.origin.pages == 27
    # lines and tables; and a table's header printed again on its next page, furniture already
    assert all((b.label in (Label.LINE, Label.TABLE) and b.layer == Layer.BODY)
               or (b.label == Label.PAGE_HEADER and b.layer == Layer.FURNITURE) for b in report.blocks)
    assert all((b.table is not None) == (b.label == Label.TABLE) for b in report.blocks)
    first = [b for b in report.blocks if b.page == 1]
    assert first[0].text == "United Nations A/80/590"
    for b in report.blocks:
        assert b.bbox is not None and b.bbox[0] < b.bbox[2] and b.bbox[1] < b.bbox[3] <= 792
        assert b.style and b.style.startswith("size=")
        assert 1 <= (b.page or 0) <= 27
    heading = next(b for b in first if b.text == "Report of the Secretary-General")
    assert "bold" in (heading.style or "") and "size=12.0" in (heading.style or "")


def test_superscript_marks_leave_text(report: Document) -> None:
    line = next(b for b in report.blocks if b.text == "IV. Analysis of variances")
    assert line.notes == ["1"] and line.orig.endswith("1")
    note = next(b for b in report.blocks if b.page == line.page and b.text.startswith("1 Resource variance"))
    assert note.notes == []


def test_born_digital_quality(report: Document) -> None:
    assert report.origin.text_quality is not None and report.origin.text_quality > 0.9
    assert report.origin.needs_ocr is False


def test_scanned_hidden_ocr_layer_needs_ocr(corpus: Path) -> None:
    doc = read_pdf(corpus / "un_scanned_pdfs" / "1971-09-29_A_L.632-EN.pdf")
    assert doc.origin.needs_ocr is True
    assert doc.origin.text_quality is not None and doc.origin.text_quality < 0.75
    assert any("invisible OCR layer" in w for w in doc.warnings)


def test_quality_scores_garbage_low() -> None:
    good = assess([PageStats(text="The General Assembly decides to appropriate the amount. " * 20)])
    bad = assess([PageStats(text="~9 ,i·/ 1.w ¬¬ |||| ^^ ~~x " * 20)])
    assert good.score > 0.95 and not good.needs_ocr
    assert bad.score < 0.5 and bad.needs_ocr
    assert assess([PageStats(text="", image_cover=1.0)]).needs_ocr


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"%PDF-1.4\n" + b"garbage " * 200, "corrupt"),
        (build_pdf([CATALOG, b"<< /Type /Pages /Kids [] /Count 0 >>"]), "no pages"),
        (build_pdf([CATALOG, b"<< /Type /Pages /Kids [9 0 R] /Count 1 >>"]), "corrupt"),
        (
            build_pdf(
                [
                    CATALOG,
                    ONE_PAGE,
                    PAGE,
                    b"<< /Filter /Standard /V 1 /R 2 /O <"
                    + b"11" * 32
                    + b"> /U <"
                    + b"22" * 32
                    + b"> /P -4 >>",
                ],
                b"/Encrypt 4 0 R /ID [<" + b"33" * 16 + b"> <" + b"33" * 16 + b">] ",
            ),
            "password",
        ),
    ],
    ids=["corrupt", "zero-pages", "broken-page-tree", "encrypted"],
)
def test_bad_pdfs_raise_input_error(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "bad.pdf"
    with pytest.raises(InputError) as err:
        read_pdf(path, data)
    assert reason in err.value.reason and str(path) in str(err.value)


def test_truncated_pdf(corpus: Path, tmp_path: Path) -> None:
    data = (corpus / "un_reports_en" / "pdf" / "A_80_590.pdf").read_bytes()
    with pytest.raises(InputError, match="truncated"):
        read_pdf(tmp_path / "half.pdf", data[: len(data) // 2])


def test_blank_page_is_not_an_error() -> None:
    doc = read_pdf(Path("blank.pdf"), build_pdf([CATALOG, ONE_PAGE, PAGE]))
    assert doc.origin.pages == 1 and doc.blocks == [] and doc.origin.needs_ocr


def test_a_list_of_superscript_marks_leaves_the_text(corpus: Path) -> None:
    """ "2025/26ᵃ,ᵇ": both marks are the cell's notes, its text is "2025/26" (it read "2025/26a,b")."""
    from hexaglot.read.pdf import _is_mark

    assert _is_mark("a,b") and _is_mark("3, 4") and _is_mark("12") and not _is_mark("abcd") and not _is_mark("a,")
    doc = read_pdf(corpus / "un_reports_en" / "pdf" / "A_80_604_Add.1.pdf")
    cells = [c for t in doc.tables for row in t.rows for c in row]
    cell = next(c for c in cells if c.text.startswith("Projected expenditure for"))
    assert cell.text == "Projected expenditure for 2025/26" and cell.notes == ["a", "b"]
