"""DOCX tables: the header rows typed again inside a table's body are furniture, not data.

Where a table runs over a page and Word does not repeat its header by itself (a table nested in a
box), authors copy the header rows into the body; the PDF prints the header once per page and its
reader keeps the copy as furniture. The DOCX reader does the same: the whole header block again,
cell for cell, leaves the table's rows for a ``PAGE_HEADER`` block of the furniture layer.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections import Counter
from pathlib import Path

from hexaglot.model import Cell, Document, Label, Layer, Origin
from hexaglot.read.docx import DocxReader
from hexaglot.read.docx_tables import without_repeated_header

HEADER = [["Category", "2024/25 apportionment", "Variance"], ["", "", "Amount"]]


def _read(tmp_path: Path, data: bytes) -> Document:
    path = tmp_path / "t.docx"
    origin = Origin(path=str(path), sha256=hashlib.sha256(data).hexdigest(), format="docx", size=len(data))
    return DocxReader().read(path, data, origin)


def _docx(rows: list[tuple[list[str], bool]]) -> bytes:
    """A one-table document; each row is its cells' texts and whether it is marked ``w:tblHeader``."""
    import docx
    from docx.oxml import OxmlElement

    d = docx.Document()
    d.add_paragraph("Before the table.")
    table = d.add_table(rows=len(rows), cols=len(rows[0][0]))
    for tr, (cells, marked) in zip(table.rows, rows, strict=True):
        for cell, text in zip(tr.cells, cells, strict=True):
            cell.text = text
        if marked:
            tr._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    d.add_paragraph("After the table.")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _texts(rows: list[list[Cell]]) -> list[list[str]]:
    return [[c.text for c in r] for r in rows]


def _words(doc: Document) -> Counter[str]:
    """Every word the reader gives: blocks other than TABLE blocks, plus the table cells."""
    text = [b.text for b in doc.blocks if b.label != Label.TABLE]
    text += [c.text for t in doc.tables for r in (*t.header, *t.rows) for c in r]
    return Counter(re.findall(r"\w+", " ".join(text).casefold()))


def test_marked_header_copied_into_the_body_is_furniture(tmp_path: Path) -> None:
    rows = [(HEADER[0], True), (HEADER[1], True),
            (["Military personnel", "41 945.0", "558.7"], False),
            (["Gross requirements", "68 743.8", "871.6"], False),
            (HEADER[0], True), (HEADER[1], True),  # the copy where the table runs over a page
            (["Staff assessment income", "1 638.2", "(338.9)"], False)]
    doc = _read(tmp_path, _docx(rows))
    [table] = doc.tables
    assert _texts(table.header) == HEADER
    assert [r[0].text for r in table.rows] == ["Military personnel", "Gross requirements", "Staff assessment income"]
    block = next(b for b in doc.blocks if b.label == Label.TABLE)
    assert "Category" not in block.text.split("\n", 2)[2]  # the header once, at the top
    again = [b for b in doc.blocks if b.layer == Layer.FURNITURE]
    assert [(b.label, b.text) for b in again] == [
        (Label.PAGE_HEADER, "Category\t2024/25 apportionment\tVariance\n\t\tAmount")]
    assert [b.label for b in doc.blocks] == [Label.PARAGRAPH, Label.TABLE, Label.PAGE_HEADER, Label.PARAGRAPH]
    # no word lost: the words the copy held are all in the furniture block
    full = Counter(re.findall(r"\w+", " ".join(" ".join(c) for c, _ in rows).casefold()))
    full.update(["before", "the", "table", "after", "the", "table"])
    assert _words(doc) == full


def test_unmarked_copy_is_furniture_too(tmp_path: Path) -> None:
    """The words decide, not the mark: a copy typed without "repeat as header row" goes as well."""
    rows = [(HEADER[0], True), (HEADER[1], True), (["Civilian personnel", "15 528.8", "(976.0)"], False),
            (HEADER[0], False), (HEADER[1], False), (["Operational costs", "11 270.0", "1 288.9"], False)]
    doc = _read(tmp_path, _docx(rows))
    assert [r[0].text for r in doc.tables[0].rows] == ["Civilian personnel", "Operational costs"]
    assert sum(b.layer == Layer.FURNITURE for b in doc.blocks) == 1


def test_rows_that_only_resemble_the_header_stay(tmp_path: Path) -> None:
    """Part of the header block again, or a marked sub-header of its own, is data (A/80/600 marks
    "III. Civilian staff | USG–ASG | …" halfway down a table)."""
    rows = [(HEADER[0], True), (HEADER[1], True),
            (["Military personnel", "41 945.0", "558.7"], False),
            (HEADER[0], True),  # the first header row alone: not the whole block
            (["Civilian personnel", "15 528.8", "(976.0)"], False),
            (["III. Civilian staff", "USG–ASG", "Amount"], True),  # a marked header of its own
            (["Total", "68 743.8", "871.6"], False)]
    doc = _read(tmp_path, _docx(rows))
    [table] = doc.tables
    assert len(table.rows) == 5 and _texts(table.header) == HEADER
    assert not [b for b in doc.blocks if b.layer == Layer.FURNITURE]


def test_one_cell_header_is_never_looked_for() -> None:
    """A header of one non-empty cell again is no proof (a section row, a "Total" row)."""
    header = [[Cell(text="Total"), Cell(text="")]]
    rows = [[Cell(text="A"), Cell(text="1")], [Cell(text="Total"), Cell(text="")], [Cell(text="B"), Cell(text="2")]]
    assert without_repeated_header(header, rows) == (rows, [])


def test_spans_must_agree() -> None:
    """A copy whose cell runs down into the next row (a vertical merge) is part of the data."""
    header = [[Cell(text="Category"), Cell(text="Amount")]]
    rows = [[Cell(text="A"), Cell(text="1")], [Cell(text="Category", row_span=2), Cell(text="Amount")]]
    assert without_repeated_header(header, rows) == (rows, [])
    ok = [[Cell(text="A"), Cell(text="1")], [Cell(text=" Category "), Cell(text="Amount")]]
    assert without_repeated_header(header, ok) == (ok[:1], [ok[1:]])


def test_a_80_596_table_1_has_its_header_once(corpus: Path) -> None:
    """A/80/596: the resource table in the Summary box repeats its two header rows between "Gross
    requirements" and "Staff assessment income" (marked w:tblHeader, after a page break)."""
    from hexaglot.parse.summary import summary
    from hexaglot.pipeline import process

    doc = process(corpus / "un_reports_en" / "docx" / "A_80_596.docx")
    table = next(t for t in doc.tables if t.header and t.header[0][0].text == "Category"
                 and any(r[0].text == "Gross requirements" for r in t.rows))
    firsts = [r[0].text for r in table.rows]
    assert "Category" not in firsts and "" not in firsts
    assert firsts[firsts.index("Gross requirements") + 1] == "Staff assessment income"
    assert len(table.header) == 2 and len(table.rows) == 8
    s = summary(doc)
    again = [f for f in s["furniture"] if f.startswith("Category") and "Unencumbered balance" in f]
    assert len(again) == 1
