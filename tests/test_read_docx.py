"""DOCX reader: paragraphs with labels, tables, footnotes and marks, furniture, bad packages."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest

from hexaglot.errors import InputError
from hexaglot.model import Document, Label, Layer, Origin
from hexaglot.read.docx import DocxReader


def read_docx(path: Path, data: bytes | None = None) -> Document:
    data = path.read_bytes() if data is None else data
    origin = Origin(path=str(path), sha256=hashlib.sha256(data).hexdigest(), format="docx", size=len(data))
    return DocxReader().read(path, data, origin)


def make_docx(paragraphs: list[str]) -> bytes:
    import docx

    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def rewrite(data: bytes, name: str, change) -> bytes:  # type: ignore[no-untyped-def]
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info)
            dst.writestr(info.filename, change(blob) if info.filename == name else blob)
    return out.getvalue()


@pytest.fixture(scope="module")
def report(corpus: Path) -> Document:
    return read_docx(corpus / "un_reports_en" / "docx" / "A_80_590.docx")


def test_paragraphs_and_labels(report: Document) -> None:
    body = [b for b in report.blocks if b.layer == Layer.BODY]
    assert body[0].text == "Eightieth session"
    para = next(b for b in body if b.text.startswith("1.\tThe proposed budget"))
    assert para.label == Label.PARAGRAPH and para.style == "__Single Txt"
    heading = next(b for b in body if b.text.strip().endswith("Mandate performance") and b.style == "_ H _Ch")
    assert heading.label == Label.HEADING
    # automatic numbers of the table of contents (a table in the DOCX) are printed like Word does
    contents = report.tables[0]
    assert any(row[0].text.startswith("I.\t") for row in contents.rows)


def test_tables_rows(report: Document) -> None:
    """Each table is one TABLE block in reading order, pointing at its record (it was one block per row)."""
    blocks = [b for b in report.blocks if b.label == Label.TABLE]
    assert [b.table for b in blocks] == list(range(len(report.tables)))
    assert any("\nMilitary and police personnel\t37 339.0" in b.text for b in blocks)
    rows = [[c.text for c in r] for t in report.tables for r in t.rows]
    assert ["Military and police personnel", "37 339.0", "48 442.5", "(11 103.5)", "(29.7)"] in rows


def test_summary_box_is_prose(report: Document) -> None:
    """The one-column table that frames the Summary is prose with its box label, not a table."""
    box = [b for b in report.blocks if b.box == "Summary" and b.label != Label.TABLE]
    assert box[0].text.strip() == "Summary" and box[0].label == Label.HEADING
    assert any(b.text.strip().startswith("Following the adoption of Security Council resolution 2690 (2023), MINUSMA")
               and b.label == Label.PARAGRAPH for b in box)
    assert not any(t.cell_texts() and t.cell_texts()[0].startswith("Total expenditure") for t in report.tables)


def test_merged_cells_are_stored_once(report: Document) -> None:
    """A header cell merged across columns (gridSpan) is one cell with its span."""
    variance = report.tables[1]
    spanned = [c for r in variance.header for c in r if c.text == "Variance"]
    assert len(spanned) == 1 and spanned[0].col_span == 2


def test_footnotes_and_marks(report: Document) -> None:
    assert [f.mark for f in report.footnotes] == ["1"]
    assert report.footnotes[0].text.startswith("Resource variance amounts are expressed")
    notes = [b for b in report.blocks if b.layer == Layer.NOTES]
    assert len(notes) == 1 and notes[0].label == Label.FOOTNOTE and notes[0].notes == ["1"]
    linked = [b for b in report.blocks if b.layer == Layer.BODY and "1" in b.notes]
    assert any("Analysis of variances" in b.text for b in linked)


def test_headers_footers_are_furniture(report: Document) -> None:
    furniture = [b for b in report.blocks if b.layer == Layer.FURNITURE]
    text = " ".join(b.text for b in furniture)
    assert "A/80/590" in text and "Distr.: General" in text and "26-00248" in text
    assert not any("Distr.: General" in b.text for b in report.blocks if b.layer == Layer.BODY)


def test_small_docx_roundtrip(tmp_path: Path) -> None:
    doc = read_docx(tmp_path / "a.docx", make_docx(["First paragraph.", "", "Second one."]))
    assert [b.text for b in doc.blocks] == ["First paragraph.", "Second one."]
    assert all(b.label == Label.PARAGRAPH for b in doc.blocks)


def test_entities_are_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET", encoding="utf-8")

    def inject(xml: bytes) -> bytes:
        decl, rest = xml.split(b"?>", 1)
        dtd = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{secret}">]>'.encode()
        return decl + b"?>" + dtd + rest.replace(b"First paragraph.", b"&xxe;")

    data = rewrite(make_docx(["First paragraph."]), "word/document.xml", inject)
    try:
        doc = read_docx(tmp_path / "x.docx", data)
    except InputError:
        return
    assert "TOPSECRET" not in " ".join(b.text for b in doc.blocks)


def test_zip_bomb_refused(tmp_path: Path) -> None:
    data = rewrite(make_docx(["x"]), "word/document.xml", lambda xml: xml + b" " * (40 << 20))
    with pytest.raises(InputError, match="zip bomb"):
        read_docx(tmp_path / "bomb.docx", data)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"PK\x03\x04" + b"\x00" * 300, "corrupt"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "encrypted"),
        (b"this is not a zip at all", "corrupt"),
    ],
    ids=["bad-zip", "ole-encrypted", "not-zip"],
)
def test_bad_docx_raise_input_error(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "bad.docx"
    with pytest.raises(InputError) as err:
        read_docx(path, data)
    assert reason in err.value.reason and str(path) in str(err.value)


def test_zip_without_document(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hello.txt", "hi")
    with pytest.raises(InputError, match="corrupt"):
        read_docx(tmp_path / "empty.docx", buf.getvalue())


def test_broken_xml(tmp_path: Path) -> None:
    data = rewrite(make_docx(["x"]), "word/document.xml", lambda xml: xml[: len(xml) // 2])
    with pytest.raises(InputError, match="corrupt"):
        read_docx(tmp_path / "broken.docx", data)


def test_text_boxes_are_read(corpus: Path) -> None:
    """Organization charts are text boxes in the DOCX; the PDF prints their text."""
    doc = read_docx(corpus / "un_reports_en" / "docx" / "A_80_628.docx")
    body = " ".join(b.text for b in doc.blocks if b.layer == Layer.BODY)
    assert "Supply Chain Management pillar (127 posts and positions)" in body


def test_hidden_text_and_superscript_marks(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    p = d.add_paragraph("Approved")
    p.add_run("a").font.superscript = True
    p.add_run(" total")
    p.add_run(" secret").font.hidden = True
    q = d.add_paragraph()
    q.add_run("b").font.superscript = True
    q.add_run("Funded by the country team.")
    buf = io.BytesIO()
    d.save(buf)
    doc = read_docx(tmp_path / "m.docx", buf.getvalue())
    assert [(b.text, b.notes) for b in doc.blocks] == [
        ("Approved total", ["a"]),
        ("b Funded by the country team.", []),
    ]
