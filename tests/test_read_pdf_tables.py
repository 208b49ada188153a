"""PDF tables: from the column geometry of the text and the ruling lines; bad pages."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from tests.test_read_pdf import CATALOG, ONE_PAGE, build_pdf, read_pdf

from hexaglot.model import Document, Label
from hexaglot.read.pdf_layout import Frag, PageLine, Rule
from hexaglot.read.pdf_tables import find_tables


def _page_pdf(content: bytes, height: int = 792) -> bytes:
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 %d] /Contents 4 0 R " % height
    page += b"/Resources << /Font << /F1 5 0 R >> >> >>"
    stream = b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    return build_pdf([CATALOG, ONE_PAGE, page, stream, font])


def _text(x: float, y: float, s: str, size: float = 9) -> bytes:
    return b"BT /F1 %.1f Tf %.1f %.1f Td (%s) Tj ET\n" % (size, x, y, s.encode())


def _table_pdf(rows: list[tuple[str, str, str]], top: float = 700, pitch: float = 14, height: int = 792) -> bytes:
    out = bytearray(_text(72, top + 40, "A paragraph of prose that stands before the table on this page.", 10))
    out += b"72 %.1f 400 0.5 re f\n" % (top + 14)  # the rule above the header
    y = top
    for k, (a, b, c) in enumerate(rows):
        out += _text(72, y, a) + _text(300, y, b) + _text(420, y, c)
        if k == 0:
            out += b"72 %.1f 400 0.5 re f\n" % (y - 5)  # the rule under the header
        y -= pitch
    out += _text(72, y - 30, "A paragraph of prose after the table, set across the whole width.", 10)
    return _page_pdf(bytes(out), height)


def _table(doc: Document) -> int:
    blocks = [b for b in doc.blocks if b.label == Label.TABLE]
    assert len(blocks) == 1 and blocks[0].table == 0 and len(doc.tables) == 1
    return 0


def test_table_without_vertical_rules(tmp_path: Path) -> None:
    rows = [("Category", "Apportionment", "Expenditure"), ("Military personnel", "37 339.0", "48 442.5"),
            ("Civilian personnel", "68 552.0", "50 969.8"), ("Total", "105 891.0", "99 412.3")]
    doc = read_pdf(tmp_path / "t.pdf", _table_pdf(rows))
    t = doc.tables[_table(doc)]
    assert [[c.text for c in r] for r in t.header] == [list(rows[0])]
    assert [[c.text for c in r] for r in t.rows] == [list(r) for r in rows[1:]]
    assert t.pages == [1]
    texts = [b.text for b in doc.blocks if b.label == Label.LINE]
    assert texts[0].startswith("A paragraph of prose that") and texts[-1].startswith("A paragraph of prose after")
    order = [b.label for b in doc.blocks]
    assert order == [Label.LINE, Label.TABLE, Label.LINE]  # reading order kept


def test_page_of_rules_only(tmp_path: Path) -> None:
    rules = b"".join(b"72 %d 400 0.5 re f\n72 %d 0.5 300 re f\n" % (100 + 5 * k, 100 + k) for k in range(120))
    doc = read_pdf(tmp_path / "r.pdf", _page_pdf(rules))
    assert doc.tables == [] and doc.origin.pages == 1


def test_table_of_thousands_of_rows(tmp_path: Path) -> None:
    """3,000 rows on one tall page: a result in bounded time, every row kept."""
    n = 3000
    rows = [("Item", "Amount", "Share")] + [(f"Item {k}", f"{k}.5", f"{k % 100}.0") for k in range(n)]
    data = _table_pdf(rows, top=n * 14 + 100, height=n * 14 + 200)
    t0 = time.process_time()
    doc = read_pdf(tmp_path / "big.pdf", data)
    assert time.process_time() - t0 < 30
    t = doc.tables[_table(doc)]
    assert len(t.rows) == n and all(len(r) == 3 for r in t.rows)


@pytest.fixture(scope="module")
def report(corpus: Path) -> Document:
    return read_pdf(corpus / "un_reports_en" / "pdf" / "A_80_590.pdf")


def test_report_financial_table(report: Document) -> None:
    """The 'Performance of financial resources' table of the summary of A/80/590 (page 3): a header
    of two rows ('Variance' over two columns), eight rows of five columns, as in the DOCX."""
    t = next(t for t in report.tables if t.pages == [3])
    assert len(t.header) == 2 and len(t.rows) == 8
    assert [c.text for c in t.header[1]] == ["Category", "Apportionment", "Expenditure", "Amount", "Percentage"]
    assert t.header[0][-1].text == "Variance" and t.header[0][-1].col_span == 2
    assert [c.text for c in t.rows[-1]] == ["Total requirements", "202 783.5", "164 805.9", "37 977.6", "18.7"]


def test_report_running_headers_never_in_tables(report: Document) -> None:
    for t in report.tables:
        for text in t.cell_texts():
            assert "A/80/590" not in text and "26-00248" not in text


# --- the table finder on page geometry (read/pdf_tables.find_tables) --------------------------------


def _line(k: int, top: float, *frags: tuple[float, float, str], size: float = 9.0) -> PageLine:
    return PageLine(k, [Frag(t, x0, x1, top, top + size, size) for x0, x1, t in frags], top, top + size, size)


def _rule(y: float, x0: float = 60, x1: float = 550) -> Rule:
    return Rule(x0, y, x1, y)


_LEFT = ["Reaffirms the importance of the cleanup", "activities, and requests the Secretary-",
         "General to provide information on these", "activities in the next performance report."]
_RIGHT = ["Information on cleanup and remediation is", "provided in the sections on environmental",
          "management above, and the lessons learned", "section related to good practices in missions."]


def _prose_pair(rule: bool) -> tuple[list[PageLine], list[Rule]]:
    lines = [_line(0, 200, (60, 112, "Decision/request"), (313, 446, "Action taken to implement"))]
    pairs = enumerate(zip(_LEFT, _RIGHT, strict=True))
    lines += [_line(k + 1, 220 + 12 * k, (60, 300, a), (312, 546, b)) for k, (a, b) in pairs]
    return lines, [_rule(214)] if rule else []


def test_columns_of_prose_under_a_rule_are_a_table() -> None:
    # A/80/590's "Decision/request | Action taken to implement" tables were read as two-column prose
    lines, rules = _prose_pair(rule=True)
    (found,) = find_tables(lines, rules, 792)
    assert found.table is not None
    assert [[c.text for c in r] for r in found.table.header] == [["Decision/request", "Action taken to implement"]]
    assert len(found.table.rows) == 1 and found.table.rows[0][0].text.startswith("Reaffirms")
    lines, rules = _prose_pair(rule=False)  # the same columns with no rule: prose, read column by column
    (found,) = find_tables(lines, rules, 792)
    assert found.table is None and found.prose[0].text == "Decision/request"


def test_sub_headings_under_a_spanning_heading_are_their_own_header_row() -> None:
    # A/80/604/Add.1: "Variance" spans "Amount" and "Percentage"; the headers are bottom-aligned,
    # so the sub-headings share a printed line with "Category"
    lines = [_line(0, 116, (440, 468, "Cost"), (498, 525, "Variance")),
             _line(1, 126, (224, 269, "Apportionment"), (375, 429, "Expenditure"), (440, 468, "estimates")),
             _line(2, 134, (123, 151, "Category"), (239, 269, "(2024/25)"), (373, 429, "28 February"),
                   (438, 468, "(2026/27)"), (485, 509, "Amount"), (517, 551, "Percentage")),
             _line(3, 155, (123, 194, "Military personnel"), (238, 269, "41 945.0"), (397, 428, "21 543.0"),
                   (436, 467, "36 680.1"), (475, 508, "(6 442.2)"), (530, 551, "(14.9)")),
             _line(4, 170, (123, 191, "Civilian personnel"), (238, 269, "15 528.8"), (397, 428, "9 412.6"),
                   (436, 467, "15 322.7"), (482, 508, "(521.9)"), (534, 551, "(3.3)"))]
    (found,) = find_tables(lines, [_rule(112, 120, 552), _rule(148, 120, 552)], 792)
    t = found.table
    assert t is not None and len(t.header) == 2 and len(t.rows) == 2
    assert [c.text for c in t.header[1] if c.text] == ["Amount", "Percentage"]
    assert "Variance" in [c.text for c in t.header[0]]


def test_the_row_that_numbers_the_columns_is_a_header_row(corpus: Path) -> None:
    """ "Category | (1) | (2) | (3)=(1)-(2) ...": the last row of a UN budget table's header, not its
    first data row (10 tables of the six report PDFs had it as data; one table with no header rule
    at all is left)."""
    data_first = 0
    for path in sorted((corpus / "un_reports_en" / "pdf").glob("*.pdf")):
        doc = read_pdf(path)
        for t in doc.tables:
            if t.rows and any(c.text.strip() == "Category" for c in t.rows[0]):
                data_first += 1
            if t.rows:
                numbers = [c.text.strip() for c in t.rows[0][1:] if c.text.strip()]
                assert numbers[:2] != ["(1)", "(2)"], (path.name, [c.text for c in t.rows[0]])
    assert data_first <= 1


# --- narrow spaces at column edges (read/pdf_rows._edge_spaces) --------------------------------------


def _texts(row: list) -> list[str]:
    return [c.text for c in row]


def test_a_dash_printed_close_to_the_next_figure_is_a_cell_of_its_own(corpus: Path) -> None:
    """A/80/628, page 4: the staffing table's "Government-provided personnel" column holds a dash
    (zero) printed less than a wide space before the "Total" figure; it ends where the figures of
    that column end, so it is a cell and the figure is the Total's, as in the DOCX."""
    doc = read_pdf(corpus / "un_reports_en" / "pdf" / "A_80_628.pdf")
    t = next(t for t in doc.tables if any("provided personnel" in c.text for r in t.header for c in r))
    rows = {_texts(r)[0]: _texts(r) for r in t.rows[1:5]}  # under the section row "Military"
    assert rows["Approved 2024/25"][-2:] == ["–", "10 636"]
    assert rows["Actual 2024/25"][-2:] == ["–", "12 449"]
    assert all(r[-1] and "–" not in r[-1] for r in rows.values())  # every Total a figure alone


def test_a_column_printed_close_to_the_labels_keeps_its_cells(corpus: Path) -> None:
    """A/80/596, page 5, "Legislative history": the document symbols of the "Report" column start
    less than a wide space after the longest labels, at the left edge the column's other cells and
    heading share; they are cells of their own, not words of the labels."""
    doc = read_pdf(corpus / "un_reports_en" / "pdf" / "A_80_596.pdf")
    t = next(t for t in doc.tables if any(c.text == "A/79/761" for r in t.rows for c in r))
    assert _texts(t.header[-1]) == ["", "Report", "Date", "Amount", "Report", "Date", "Amount"]
    assert [_texts(r)[:2] for r in t.rows[:3]] == [
        ["Proposed budget – Secretary-General", "A/78/720"],
        ["Recommendation – Advisory Committee on Administrative and Budgetary Questions", "A/78/744/Add.1"],
        ["Appropriation – General Assembly", "A/RES/78/304"]]


def test_each_spanning_heading_over_its_own_rule_splits_the_header(corpus: Path) -> None:
    """A/80/596, pages 3-4: "Variance" is printed twice over a short rule of its own (over
    "Unencumbered balance | Percentage" and over "Amount | Percentage"); both sub-heading pairs
    go to the header's second row, so "Amount" heads its column alone, as in the DOCX."""
    doc = read_pdf(corpus / "un_reports_en" / "pdf" / "A_80_596.pdf")
    t = next(t for t in doc.tables if t.pages[:1] == [3] and len(t.header) == 2)
    top, sub = (_texts(r) for r in t.header)
    assert top.count("Variance") == 2 and "Variance Amount" not in top
    assert sub[-2:] == ["Amount", "Percentage"] and sub[3:5] == ["Unencumbered balance", "Percentage"]


def test_a_first_cell_merged_over_rows_goes_on_past_each_figure_beside_it(corpus: Path) -> None:
    """A/80/590, page 15: a first cell of eight lines ("Management of supply and storage of 3.76
    million litres ... Bamako and Gao") stands beside four figures, each a row of its own in the
    DOCX; the lines beside the third and fourth figures are still the first cell's, not the
    start of the third figure's row."""
    doc = read_pdf(corpus / "un_reports_en" / "pdf" / "A_80_590.pdf")
    t = next(t for t in doc.tables if any(c.text == "Million litres of fuel" for r in t.rows for c in r))
    k = next(k for k, r in enumerate(t.rows) if r[-1].text == "Million litres of fuel")
    first = t.rows[k][0].text
    assert first.startswith("Management of supply") and first.endswith("in 2 locations: Bamako and Gao")
    assert "2.6 million litres for generators and other facilities)" in first
    assert [_texts(r)[:2] for r in t.rows[k + 1 : k + 4]] == [["", "0.23"], ["", "0.12"], ["", "1.2"]]


def test_a_heading_wider_than_its_figures_does_not_move_the_column_boundary(corpus: Path) -> None:
    """A/80/596, page 9: under "National staff" (a heading across three columns), "NGS" and the
    wider "Subtotal" heading are two columns; of the two spots only that heading crosses, the
    boundary goes where the NGS figures end and the Subtotal heading starts, not inside the
    Subtotal heading beside its figures."""
    doc = read_pdf(corpus / "un_reports_en" / "pdf" / "A_80_596.pdf")
    t = next(t for t in doc.tables if t.pages == [9] and any("NGS" in c.text for r in t.header for c in r))
    sub = _texts(t.header[-1])
    assert sub[7:10] == ["NPO", "NGS", "Subtotal"] and "NGS Subtotal" not in sub


@pytest.mark.parametrize("name", ["A_80_596.pdf", "A_80_600.pdf", "A_80_628.pdf"])
def test_a_header_printed_again_on_the_next_page_is_kept_as_furniture(corpus: Path, name: str) -> None:
    """A table's header printed again where the table goes on over a page was dropped, words and all
    (1.0–1.6% of these reports' words): it is furniture now, so every word of the page is somewhere."""
    import re

    import pdfplumber

    from hexaglot.model import Layer

    path = corpus / "un_reports_en" / "pdf" / name
    doc = read_pdf(path)
    repeated = [b for b in doc.blocks if b.layer == Layer.FURNITURE and b.page and b.text.split()
                and any(b.text.split() == " ".join(c.text for c in t.header[0]).split()[:len(b.text.split())]
                        for t in doc.tables if t.header)]
    assert repeated, "no header printed again was kept"
    with pdfplumber.open(path) as pdf:
        for b in repeated:
            letters = re.sub(r"\W", "", pdf.pages[b.page - 1].extract_text() or "")  # "positionsa": a note mark glued
            assert all(w in letters for w in re.findall(r"\w+", b.text)), (b.page, b.text)


def test_the_part_of_a_table_on_the_next_page_is_cut_on_the_columns_of_the_part_before(corpus: Path) -> None:
    """A/80/600, pages 10-11: the staffing table goes on under its header printed again with three
    rows and a two-row "Estimated amount" block. Cut on its own few rows, that part split the
    "National" column and missed the boundary before "Total" ("Approved 2025/26 ... '–', '', '–',
    '– 24'"); on the columns of the part before it, each figure stands in its column, as in the DOCX."""
    doc = read_pdf(corpus / "un_reports_en" / "pdf" / "A_80_600.pdf")
    t = next(t for t in doc.tables if t.pages == [10, 11])
    k = next(k for k, r in enumerate(t.rows) if r[0].text.startswith("Estimated amount"))
    rows = {_texts(r)[0]: _texts(r) for r in t.rows[k - 3 : k]}
    assert rows["Approved 2025/26"][-4:] == ["–", "–", "–", "24"]
    assert rows["Proposed 2026/27"][-4:] == ["–", "–", "–", "22"]
    assert rows["Net change"][-4:] == ["–", "–", "–", "(2)"]
    assert {sum(c.col_span for c in r) for r in [*t.header, *t.rows]} == {14}


def test_words_over_rows_of_figures_with_no_rule_between_are_a_header(corpus: Path) -> None:
    """The variance tables of budget reports ("| 2024/25 variance | | 2026/27 variance" over
    "Military contingents | $558.7 | 1.3% | ...") have no rule under their header: the first row
    was read as data (60 tables of the six PDFs; the DOCX marks it as the header)."""
    found = 0
    for path in sorted((corpus / "un_reports_en" / "pdf").glob("*.pdf")):
        for t in read_pdf(path).tables:
            first = [*t.header, *t.rows][0]
            if len([*t.header, *t.rows]) == 2 and any(c.text.strip() in ("Variance", "2024/25 variance") for c in first):
                found += 1
                assert len(t.header) == 1 and t.rows[0][0].text.strip(), (path.name, _texts(t.rows[0]))
    assert found >= 40
    # a section row ("Military personnel", no figures) under the header is no reason to doubt it
    t = next(t for t in read_pdf(corpus / "un_reports_en" / "pdf" / "A_80_604_Add.1.pdf").tables
             if "Budgeted 2024/25" in _texts([*t.header, *t.rows][0]) and len(t.rows) + len(t.header) == 3)
    assert len(t.header) == 1 and _texts(t.rows[0])[0] == "Military personnel"
