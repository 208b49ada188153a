"""Tables and boxes: every word of a shared report in the JSON, table context, bad tables, ``hexaglot tables``."""

from __future__ import annotations

import io
import re
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hexaglot.model import Block, Cell, Document, Label, Layer, Origin, Table
from hexaglot.parse.coverage import CONTENT, coverage, docx_reference, summary_text, tokens
from hexaglot.parse.summary import summary, table_json
from hexaglot.parse.table_context import mark_tables
from hexaglot.pipeline import process, process_one

REPORTS = ["A_80_590", "A_80_596", "A_80_600", "A_80_604_Add.1", "A_80_604_Add.3", "A_80_628"]
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@pytest.mark.parametrize("doc_id", REPORTS)
def test_every_word_of_a_report_is_in_the_json(corpus: Path, doc_id: str) -> None:
    path = corpus / "un_reports_en" / "docx" / f"{doc_id}.docx"
    ref = docx_reference(path.read_bytes())
    s = summary(process(path))
    assert coverage(ref, summary_text(s)).recall >= 0.99
    content = coverage(ref, summary_text(s, CONTENT))
    assert content.recall >= 0.90
    assert content.excess_rate <= 0.01  # no word twice: body, annexes and tables do not overlap


def test_summary_box_of_a_report_is_in_the_body(corpus: Path) -> None:
    s = summary(process(corpus / "un_reports_en" / "docx" / "A_80_590.docx"))
    body = " ".join(s["body"])
    assert "Following the adoption of Security Council resolution 2690 (2023), MINUSMA focused on" in body
    box = next(b for b in s["boxes"] if b["label"] == "Summary")
    assert any("Total expenditure for the United Nations" in p for p in s["body"][box["start"]:box["end"]])
    fin = next(t for t in s["tables"] if (t["caption"] or "").startswith("Performance of financial resources"))
    assert fin["rows"][0][:4] == ["Military and police personnel", "37 339.0", "48 442.5", "(11 103.5)"]
    assert not any("37 339.0" in p for p in s["body"])  # table debris is not prose


# --- synthetic documents ---------------------------------------------------------------------------


def docx_with_body(body_xml: str) -> bytes:
    """A valid DOCX (python-docx's template) whose body is ``body_xml``."""
    import docx

    buf = io.BytesIO()
    docx.Document().save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info)
            if info.filename == "word/document.xml":
                text = blob.decode("utf-8")
                text = re.sub(r"<w:body>.*</w:body>", lambda _: f"<w:body>{body_xml}</w:body>", text, flags=re.S)
                for ns in ("xmlns:mc=", "xmlns:wps=", "xmlns:v="):  # the template declares them
                    assert ns in text
                blob = text.encode("utf-8")
            dst.writestr(info, blob)
    return out.getvalue()


def p(text: str) -> str:
    return f"<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"


def tc(inner: str, props: str = "") -> str:
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{inner}</w:tc>"


def _run(tmp_path: Path, name: str, body: str) -> tuple[Document | None, str | None, float]:
    path = tmp_path / name
    path.write_bytes(docx_with_body(body))
    t0 = time.perf_counter()
    res = process_one(path, "en")
    return res.document, res.error, time.perf_counter() - t0


def test_table_with_10000_rows(tmp_path: Path) -> None:
    rows = "".join(f"<w:tr>{tc(p(f'Item {i}'))}{tc(p(str(i * 3)))}</w:tr>" for i in range(10_000))
    doc, error, seconds = _run(tmp_path, "rows.docx", p("Before.") + f"<w:tbl>{rows}</w:tbl>" + p("After."))
    assert error is None or ("rows.docx" in error and "\n" not in error)
    if doc is not None:
        (table,) = doc.tables
        assert len(table.rows) == 10_000 and table.rows[-1][1].text == "29997"
        assert [b.label for b in doc.blocks].count(Label.TABLE) == 1
    assert seconds < 30


def test_one_cell_table_nested_50_deep(tmp_path: Path) -> None:
    inner = p("The innermost words.")
    for _ in range(50):
        inner = f"<w:tbl><w:tr>{tc(inner)}</w:tr></w:tbl>"
    doc, error, _ = _run(tmp_path, "deep.docx", inner + p("After the box."))
    assert error is None or ("deep.docx" in error and "\n" not in error)
    if doc is not None:
        texts = [b.text for b in doc.blocks if b.layer == Layer.BODY]
        assert texts == ["The innermost words.", "After the box."]
        assert doc.tables == [] and doc.blocks[0].box is not None


def test_text_box_repeated_through_alternate_content_is_read_once(tmp_path: Path) -> None:
    box = p("Text box words.")
    shape = ("<w:p><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wps:txbx><w:txbxContent>"
             f"{box}</w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox>"
             f"<w:txbxContent>{box}</w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent>"
             "</w:r></w:p>")
    doc, error, _ = _run(tmp_path, "box.docx", p("Prose.") + shape)
    assert error is None and doc is not None
    body = [b for b in doc.blocks if b.layer == Layer.BODY]
    assert [b.text for b in body] == ["Prose.", "Text box words."]
    assert body[1].box == "text box"
    assert tokens(summary_text(summary(doc)))["box"] == 1


def test_merged_cells_header_rows_and_cell_notes(tmp_path: Path) -> None:
    header = "<w:trPr><w:tblHeader/></w:trPr>"
    restart, cont, span2 = '<w:vMerge w:val="restart"/>', "<w:vMerge/>", '<w:gridSpan w:val="2"/>'
    body = (
        "<w:tbl>"
        f"<w:tr>{header}{tc(p('Category'), restart)}"
        f"{tc(p('Variance'), span2)}</w:tr>"
        f"<w:tr>{header}{tc('<w:p/>', cont)}{tc(p('Amount'))}{tc(p('Per cent'))}</w:tr>"
        f"<w:tr><w:sdt><w:sdtContent>{tc(p('Fuel'))}</w:sdtContent></w:sdt>{tc(p('1.5'))}{tc(p('2'))}</w:tr>"
        "</w:tbl>" + p("Source: the mission.")
    )
    doc, error, _ = _run(tmp_path, "merged.docx", body)
    assert error is None and doc is not None
    (table,) = doc.tables
    assert [[(c.text, c.row_span, c.col_span) for c in r] for r in table.header] == [
        [("Category", 2, 1), ("Variance", 1, 2)], [("Amount", 1, 1), ("Per cent", 1, 1)]]
    assert [[c.text for c in r] for r in table.rows] == [["Fuel", "1.5", "2"]]
    assert table.notes == ["Source: the mission."]
    js = table_json(table)
    assert js["header"] == [["Category", "Variance", ""], ["", "Amount", "Per cent"]]
    assert js["spans"] == [[0, 0, 2, 1], [0, 1, 1, 2]]


def test_grid_column_made_only_by_spans_is_dropped(tmp_path: Path) -> None:
    # A/80/590's first table: "Variance" spans grid columns 4-5, "Amount" under it spans 3-4, so
    # grid column 3 holds no text of its own (an empty cell above, a spanning cell below); it prints
    # as nothing, and the PDF shows 4 columns.
    span2 = '<w:gridSpan w:val="2"/>'
    body = ("<w:tbl>"
            f"<w:tr>{tc('<w:p/>')}{tc('<w:p/>')}{tc(p('Variance'), span2)}</w:tr>"
            f"<w:tr>{tc(p('Category'))}{tc(p('Amount'), span2)}{tc(p('Percentage'))}</w:tr>"
            f"<w:tr>{tc(p('Fuel'))}{tc(p('(11 103.5)'), span2)}{tc(p('(29.7)'))}</w:tr>"
            "</w:tbl>")
    doc, error, _ = _run(tmp_path, "gap.docx", body)
    assert error is None and doc is not None
    (table,) = doc.tables
    grid = table.grid()
    assert len(grid[0]) == 3
    assert [[(c.text, c.col_span) for c in r] for r in (*table.header, *table.rows)] == [
        [("", 1), ("Variance", 2)], [("Category", 1), ("Amount", 1), ("Percentage", 1)],
        [("Fuel", 1), ("(11 103.5)", 1), ("(29.7)", 1)]]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.lists(st.tuples(st.integers(1, 3), st.booleans()), min_size=1, max_size=4),
                min_size=1, max_size=5))
def test_dropping_empty_columns_keeps_every_text_cell(shape: list[list[tuple[int, bool]]]) -> None:
    from hexaglot.read.docx_tables import drop_empty_columns

    table = Table(rows=[[Cell(text=f"{r}.{c}" if full else "", col_span=cs) for c, (cs, full) in enumerate(row)]
                        for r, row in enumerate(shape)])
    out = drop_empty_columns(table)
    assert out.cell_texts() == table.cell_texts()
    grid = out.grid()
    width = len(grid[0]) if grid else 0
    assert width <= len(table.grid()[0])
    if width > 1:  # every column kept has text in it
        assert all(any(s is not None and s[2].text for s in (row[k] for row in grid)) for k in range(width))


def _doc(blocks: list[Block], tables: list[Table]) -> Document:
    return Document(id="x", origin=Origin(path="x", sha256="0", format="pdf"), language="en",
                    blocks=blocks, tables=tables)


def _t(*rows: list[str], header: int = 0) -> Table:
    cells = [[Cell(text=c) for c in r] for r in rows]
    return Table(header=cells[:header], rows=cells[header:])


def test_label_caption_notes_and_continuation() -> None:
    tb = Label.TABLE
    doc = _doc([
        Block(text="3. The costs rose.", page=1),
        Block(text="Table 3", page=1),
        Block(text="Fuel costs", page=1),
        Block(text="(Thousands of United States dollars)", page=1),
        Block(text="Item\tCost\nFuel\t3", label=tb, table=0, page=1),
        Block(text="A/80/1", label=Label.PAGE_HEADER, layer=Layer.FURNITURE, page=2),
        Block(text="Table 3 (continued)", page=2),
        Block(text="Item\tCost\nOil\t4", label=tb, table=1, page=2),
        Block(text="a Estimate.", page=2),
        Block(text="Source: the mission.", page=2),
        Block(text="4. The next paragraph says more about it.", page=2),
    ], [_t(["Item", "Cost"], ["Fuel", "3"], header=1), _t(["Item", "Cost"], ["Oil", "4"], header=1)])
    mark_tables(doc)
    (table,) = doc.tables
    assert table.label == "Table 3" and table.caption == "Fuel costs (Thousands of United States dollars)"
    assert [[c.text for c in r] for r in table.rows] == [["Fuel", "3"], ["Oil", "4"]]
    assert table.notes == ["a Estimate.", "Source: the mission."] and table.pages == [1, 2]
    s = summary(doc)
    assert s["body"] == ["3. The costs rose.", "4. The next paragraph says more about it."]
    assert s["tables"][0]["position"] == 1


def test_a_section_heading_is_not_a_caption_and_contents_are_not_a_table() -> None:
    doc = _doc([
        Block(text="Contents", label=Label.HEADING),
        Block(text="I.\tIntroduction\t3", label=Label.TABLE, table=0),
        Block(text="III. Analysis of variances", label=Label.HEADING),
        Block(text="Variance\n$1.0\t2%", label=Label.TABLE, table=1),
    ], [_t(["I.", "Introduction", "3"], ["II.", "Mandate", "6"]), _t(["Variance"], ["$1.0", "2%"])])
    mark_tables(doc)
    assert len(doc.tables) == 1 and doc.tables[0].caption is None
    assert [b.label for b in doc.blocks] == [Label.CONTENTS, Label.CONTENTS, Label.CONTENTS, Label.HEADING,
                                             Label.TABLE]
    assert [b.layer for b in doc.blocks][:3] == [Layer.FURNITURE] * 3  # out of the body, never a sentence
    assert doc.blocks[-1].table == 0


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.tuples(st.integers(1, 3), st.integers(1, 3)), min_size=1, max_size=4),
                min_size=1, max_size=5))
def test_grid_holds_each_cell_once(shape: list[list[tuple[int, int]]]) -> None:
    table = Table(rows=[[Cell(text=f"{r}.{c}", row_span=rs, col_span=cs) for c, (rs, cs) in enumerate(row)]
                        for r, row in enumerate(shape)])
    js = table_json(table)
    flat = [x for row in js["rows"] for x in row if x]
    assert sorted(flat) == sorted(c.text for row in table.rows for c in row)
    assert len({len(r) for r in js["rows"]}) == 1


def test_tables_command_writes_csv(corpus: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from hexaglot.serve.cli import app

    path = corpus / "un_reports_en" / "docx" / "A_80_604_Add.1.docx"
    result = CliRunner().invoke(app, ["tables", str(path), "--csv", str(tmp_path / "csv")])
    assert result.exit_code == 0, result.output
    files = sorted((tmp_path / "csv").glob("*.csv"))
    assert len(files) == len(summary(process(path))["tables"]) >= 5
    assert "Military and police personnel,41 945.0" in "".join(f.read_text(encoding="utf-8") for f in files)
    bad = CliRunner().invoke(app, ["tables", str(tmp_path / "missing.docx")])
    assert bad.exit_code == 2


def test_segment_prints_the_kinds_asked(corpus: Path) -> None:
    """``segment`` of a report listed each table cell as a sentence, with no way to leave them out."""
    from typer.testing import CliRunner

    from hexaglot.serve.cli import app

    path = str(corpus / "un_reports_en" / "docx" / "A_80_604_Add.1.docx")

    def lines(*extra: str) -> list[str]:
        res = CliRunner().invoke(app, ["segment", path, *extra])
        assert res.exit_code == 0, res.output
        return res.stdout.splitlines()

    every, prose, cells, notes = lines(), lines("--kind", "prose"), lines("--kind", "cells"), lines("--kind", "footnotes")
    assert prose and cells and notes and len(prose) + len(cells) < len(every)  # titles are the rest
    assert "Military and police personnel" in cells and "Military and police personnel" not in prose
    assert lines("--kind", "all") == every + notes
    assert CliRunner().invoke(app, ["segment", path, "--kind", "tables"]).exit_code == 2


def test_tables_of_a_file_without_any_says_so(tmp_path: Path) -> None:
    """``hexaglot tables udhr.en.txt`` printed nothing at all."""
    from typer.testing import CliRunner

    from hexaglot.serve.cli import app

    path = tmp_path / "note.en.txt"
    path.write_text("The Security Council met on 4 June 2003.\n\nIt adopted the resolution.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["tables", str(path)])
    assert result.exit_code == 0 and "note.en.txt: no tables" in result.stderr and not result.stdout.strip()


def test_tables_csv_files_list_in_document_order(corpus: Path, tmp_path: Path) -> None:
    """With 10 tables or more the number is zero-padded: ``table-02`` sorts before ``table-10``."""
    from hexaglot.export.table_csv import write_tables_csv

    tables = summary(process(corpus / "un_reports_en" / "docx" / "A_80_596.docx"))["tables"]
    assert len(tables) >= 10
    written = write_tables_csv("A_80_596", tables, tmp_path)
    assert sorted(p.name for p in written) == [p.name for p in written]
    assert written[1].name.startswith("A_80_596.table-02")
