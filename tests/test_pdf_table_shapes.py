"""PDF tables with the rows and columns of the DOCX they were printed from (issue 14, shape agreement).

Each test rebuilds, as page geometry, a case the shared UN reports print (the page is named), where
the PDF table finder gave other rows or columns than the DOCX table.
"""

from __future__ import annotations

from pathlib import Path

from tests.test_read_pdf import read_pdf
from tests.test_read_pdf_tables import _line, _page_pdf, _rule, _text

from hexaglot.clean import clean
from hexaglot.model import Block, Cell, Document, Label, Layer, Origin, Table
from hexaglot.parse.table_context import mark_tables
from hexaglot.read.pdf_continued import Edges, merge_continued
from hexaglot.read.pdf_layout import Frag, PageLine, Rule
from hexaglot.read.pdf_tables import find_tables


def _texts(t: Table) -> list[list[str]]:
    return [[c.text for c in r] for r in (*t.header, *t.rows)]


def _one(found: list) -> Table:  # type: ignore[type-arg]
    tables = [f.table for f in found if f.table is not None]
    assert len(tables) == 1, [_texts(t) for t in tables]
    return tables[0]


def test_section_row_under_a_header_in_smaller_type_keeps_the_header() -> None:
    # A/80/590 p. 19: a header of three 7-pt lines, its rule, then "Military and police personnel"
    # (8.5 pt), longer than the header's "Category": the header was a table of its own
    lines = [_line(0, 154.7, (445, 472, "Variance"), size=7.0),
             _line(1, 171.3, (315, 361, "Apportionment"), (375, 412, "Expenditure"), (435, 458, "Amount"),
                   (469, 503, "Percentage"), size=7.0),
             _line(2, 187.9, (123, 151, "Category"), (353, 360, "(1)"), (404, 411, "(2)"),
                   (424, 458, "(3)=(1)-(2)"), (468, 503, "(4)=(3)÷(1)"), size=7.0),
             _line(3, 208.2, (123, 239, "Military and police personnel"), size=8.5),
             _line(4, 222.5, (138, 205, "Military observers"), (356, 361, "–"), (408, 412, "–"), (454, 458, "–"),
                   (499, 503, "–"), size=8.5),
             _line(5, 236.6, (138, 212, "Military contingents"), (329, 360, "28 587.8"), (380, 412, "42 703.7"),
                   (421, 458, "(14 115.9)"), (482, 503, "(49.4)"), size=8.5)]
    rules = [_rule(149, 123, 505), _rule(166, 414, 505), _rule(182, 312, 505), _rule(199, 123, 505)]
    t = _one(find_tables(lines, rules, 792))
    assert len(t.header) == 3 and len(t.rows) == 3
    assert _texts(t)[3][0] == "Military and police personnel"
    assert _texts(t)[5] == ["Military contingents", "28 587.8", "42 703.7", "(14 115.9)", "(49.4)"]


def _framework(note_rule: float, after: list[PageLine]) -> tuple[list[PageLine], list]:  # type: ignore[type-arg]
    lines = [_line(0, 104.6, (60, 139, "Expected accomplishment"), (313, 393, "Indicators of achievement"),
                   size=7.0),
             _line(1, 124.7, (60, 72, "1.1"), (83, 282, "The parties act in accordance with"), (313, 333, "1.1.1"),
                   (344, 545, "Maintenance of the separation of forces"), size=10),
             _line(2, 136.0, (60, 295, "the Agreement on Disengagement"), (313, 521, "and areas of limitation"),
                   size=10),
             _line(3, 155.0, (60, 72, "1.2"), (83, 300, "Reduced threat of mines"), (313, 333, "1.2.1"),
                   (344, 524, "No personnel injured by mines"), size=10),
             _line(4, 172.6, (60, 109, "External factors"), size=7.0),
             _line(5, 189.6, (74, 540, "Security situation will remain stable and the parties will fully"),
                   size=10),
             _line(6, 200.9, (74, 110, "mandate"), size=10)]
    return lines + after, [_rule(99), _rule(116), _rule(166), _rule(note_rule, 59, 553)]


def test_note_row_across_the_table_above_its_closing_rule_is_a_row() -> None:
    # A/80/596 p. 11: "External factors" and its note across both columns, closed by the table's
    # last rule; the heading after that rule stays out of the table
    lines, rules = _framework(218, [_line(7, 232.6, (123, 215, "Evaluation activities"), size=10)])
    t = _one(find_tables(lines, rules, 792))
    rows = _texts(t)
    assert len(rows) == 5 and rows[3][0] == "External factors"
    assert rows[4][0].startswith("Security situation") and rows[4][0].endswith("mandate")
    assert t.rows[-1][0].col_span == 2
    assert "Evaluation activities" not in " ".join(t.cell_texts())


def test_caption_of_the_next_table_is_not_a_note_row() -> None:
    # A/80/590 p. 25: under a table's closing rule, the caption of the next table, then its rule
    # and header: two tables, the caption in neither
    first = [_line(0, 80.5, (60, 137, "Request/recommendation"), (313, 471, "Action taken to implement"),
                   size=7.0),
             _line(1, 101.3, (66, 272, "The Advisory Committee trusts that"), (312, 531, "On the basis of lessons"),
                   size=10),
             _line(2, 113.3, (66, 277, "learned on the processing of claims"), (312, 544, "learnt, the policy"),
                   size=10)]
    caption = [_line(3, 140.0, (60, 367, "Budget performance for the period from 1 July 2023"), size=10),
               _line(4, 158.0, (60, 108, "(A/79/817)"), size=10)]
    second = [_line(5, 186.0, (60, 137, "Request/recommendation"), (313, 471, "Action taken to implement"),
                    size=7.0),
              _line(6, 206.6, (66, 273, "The Advisory Committee trusts"), (312, 543, "As at the date of"), size=10),
              _line(7, 218.6, (66, 282, "related to staff who were"), (312, 548, "separation costs for 16"), size=10)]
    rules = [_rule(75, 60, 553), _rule(92, 60, 553), _rule(128, 60, 306), _rule(128, 308, 553),
             _rule(180, 60, 553), _rule(197, 60, 553)]
    found = [f.table for f in find_tables(first + caption + second, rules, 792) if f.table is not None]
    assert len(found) == 2
    assert all("Budget performance" not in " ".join(t.cell_texts()) for t in found)


def test_header_row_cut_by_a_short_rule_is_two_header_rows() -> None:
    # A/80/596 p. 17: "Actual" over three years (a short rule under it) beside headings of one
    # column on three lines: two header rows in the DOCX
    lines = [_line(0, 340.9, (308, 328, "Actual"), (417, 454, "Actual as at"), size=7.0),
             _line(1, 349.6, (382, 406, "2025/26"), (413, 454, "31 December"), size=7.0),
             _line(2, 357.5, (123, 151, "Category"), (274, 298, "2022/23"), (309, 333, "2023/24"), (344, 368, "2024/25"),
                   (378, 406, "approved"), (439, 454, "2025"), size=7.0),
             _line(3, 377.9, (123, 239, "Military and police personnel"), size=8.5),
             _line(4, 391.8, (138, 212, "Military contingents"), (288, 298, "9.8"), (322, 333, "7.7"),
                   (357, 368, "6.0"), (395, 406, "6.2"), (438, 453, "24.2"), size=8.5),
             _line(5, 405.9, (138, 212, "International staff"), (288, 298, "9.4"), (322, 333, "9.4"),
                   (353, 368, "13.5"), (395, 406, "9.4"), (439, 453, "15.7"), size=8.5)]
    rules = [_rule(335, 123, 554), _rule(352, 267, 371), _rule(369, 123, 554)]
    t = _one(find_tables(lines, rules, 792))
    assert len(t.header) == 2
    assert [c.text for c in t.header[0] if c.text] == ["Actual", "2025/26 approved", "Actual as at 31 December 2025"]
    assert [c.text for c in t.header[1] if c.text] == ["Category", "2022/23", "2023/24", "2024/25"]


def test_one_fragment_line_inside_a_header_keeps_the_header_whole() -> None:
    # A/80/600 p. 24: "(2022/23 to" under "Average" runs over a column boundary of the lines
    # above; the header was cut there into a table of its own
    lines = [_line(0, 464.5, (200, 309, "Flight hour utilization (percentage)"), (430, 468, "Flight hours"),
                   size=7.0),
             _line(1, 481.1, (223, 244, "Actual"), (312, 337, "Average"), (369, 399, "Approved"), size=7.0),
             _line(2, 489.7, (302, 337, "(2022/23 to"), size=7.0),
             _line(3, 497.7, (186, 210, "2022/23"), (228, 252, "2023/24"), (270, 295, "2024/25"), (310, 337, "2024/25)"),
                   (355, 379, "2024/25"), (397, 422, "2025/26"), size=7.0),
             _line(4, 514.3, (123, 162, "Aircraft type"), (202, 210, "(1)"), (244, 252, "(2)"), (287, 294, "(3)"),
                   (329, 337, "(4)"), (371, 379, "(5)"), (414, 421, "(6)"), size=7.0),
             _line(5, 534.0, (123, 160, "Fixed-wing"), (188, 210, "118.7"), (230, 252, "109.0"), (273, 294, "127.5"),
                   (315, 337, "118.4"), (360, 379, "1 008"), (402, 421, "1 220"), size=8.5),
             _line(6, 548.0, (123, 160, "Helicopters"), (192, 210, "24.9"), (234, 252, "58.0"), (277, 294, "56.7"),
                   (319, 337, "46.5"), (360, 379, "2 115"), (402, 421, "1 422"), size=8.5)]
    rules = [_rule(476, 171, 339), _rule(476, 345, 554), _rule(509, 171, 554), _rule(526, 123, 554)]
    t = _one(find_tables(lines, rules, 792))
    assert _texts(t)[-1][0] == "Helicopters" and any("Flight hours" in c for c in _texts(t)[0])


def test_section_row_longer_than_the_first_column_joins_the_table() -> None:
    # A/80/600 p. 13: after the rule closing the staffing rows, "Estimated amount (civilian
    # personnel)" runs past the first column's boundary but over no text of another column
    lines = [_line(0, 78.9, (74, 143, "Approved 2025/26"), (230, 234, "1"), (310, 317, "14"), (536, 545, "24"),
                   size=8.5),
             _line(1, 93.4, (74, 140, "Proposed 2026/27"), (230, 234, "1"), (310, 317, "11"), (536, 545, "22"),
                   size=8.5),
             _line(2, 112.5, (74, 117, "Net change"), (230, 234, "–"), (308, 317, "(3)"), (536, 545, "(2)"), size=8.5),
             _line(3, 131.6, (60, 209, "Estimated amount (civilian personnel)"), size=8.5),
             _line(4, 147.2, (60, 172, "(Thousands of United States dollars)"), size=7.0),
             _line(5, 160.6, (74, 143, "Approved 2025/26"), (530, 550, "502.5"), size=8.5),
             _line(6, 175.1, (74, 140, "Proposed 2026/27"), (530, 550, "493.3"), size=8.5)]
    rules = [_rule(107, 60, 553), _rule(125, 60, 553), _rule(186, 59, 553)]
    t = _one(find_tables(lines, rules, 792))
    assert len(_texts(t)) == 7 and _texts(t)[-1][-1] == "493.3"


def test_table_row_in_the_bottom_margin_is_read() -> None:
    # A/80/596 p. 10: the table's last row prints at 721-729 pt on a 792-pt page, inside the band
    # kept for running footers; the footer itself stands further down
    rows = [_line(k, 600 + 14 * k, (60, 75, "Post"), (265, 296, "National"), (349, 359, "(1)"), (369, 386, "NGS"),
                  size=8.5) for k in range(10)]
    footer = _line(10, 748.9, (60, 79, "10/24"), (525, 552, "26-00883"), size=8.5)
    t = _one(find_tables([*rows, footer], [], 792))
    assert len(_texts(t)) == 10 and "10/24" not in " ".join(t.cell_texts())


def _frag_with_gap(text: str, x0: float, x1: float, top: float, cut: int, gap: tuple[float, float]) -> Frag:
    return Frag(text, x0, x1, top, top + 7, 7.0, [], [(gap[0], gap[1], cut)])


def test_two_cells_printed_close_together_are_cut_at_their_wide_space() -> None:
    # A/80/596 p. 13: "Amount Percentage" and "(6) (7)=(6)-(5)" are one fragment each (their
    # white space, 0.66 and 0.73 of the type size, is narrower than a cell gap)
    head = PageLine(0, [Frag("Category", 60, 86, 198, 205, 7.0), Frag("(5)", 427, 434, 198, 205, 7.0),
                        _frag_with_gap("(6) (7)=(6)-(5)", 465, 513, 198, 3, (472.0, 478.0)),
                        _frag_with_gap("Amount Percentage", 533, 592, 198, 6, (551.0, 556.0))],
                    198, 205, 7.0)
    body = [_line(k + 1, 215 + 13 * k, (60, 150, f"Military item {k}"), (414, 434, "221.4"), (453, 472, "217.1"),
                  (496, 513, "(4.3)"), (533, 550, f"(1.{k})"), (570, 592, "12.0")) for k in range(5)]
    t = _one(find_tables([head, *body], [_rule(210, 60, 592)], 792))
    assert _texts(t)[0] == ["Category", "(5)", "(6)", "(7)=(6)-(5)", "Amount", "Percentage"]


def test_continued_part_without_some_columns_is_joined_on_the_grid_of_the_first() -> None:
    # A/80/600 pp. 11-12 (and A/80/628 pp. 13-14): the staffing table goes on with "Total (I–III)"
    # whose rows fill only the label and "Total" columns; the page of the first part ends with
    # its footnotes (under the rule of underscores)
    head = Table(header=[[Cell(text=t) for t in ("Category", "P-4", "P-3", "Total")]],
                 rows=[[Cell(text=t) for t in ("Approved 2024/25", "1", "2", "3")]], pages=[11])
    tail = Table(rows=[[Cell(text="Total (I–III)"), Cell(text="")],
                       [Cell(text="Approved 2024/25"), Cell(text="26")]], pages=[12])
    blocks = [Block(text="a", label=Label.TABLE, page=11, table=0), Block(text="b", label=Label.TABLE, page=12, table=1)]
    edges = [Edges(False, True, [200.0, 300.0, 400.0], [100.0, 250.0, 350.0, 480.0]),
             Edges(True, False, [300.0], [100.0, 480.0])]
    out, tables = merge_continued(blocks, [head, tail], edges)
    (t,) = tables
    assert len(out) == 1 and t.pages == [11, 12]
    assert _texts(t)[-1] == ["Approved 2024/25", "", "", "26"]


def test_header_printed_again_cut_into_rows_another_way_is_dropped() -> None:
    # A/80/604/Add.1 pp. 9-10: the header's row of column numbers was the first body row of the
    # first part and came back on the next page as a body row
    cells = lambda *ts: [Cell(text=t) for t in ts]  # noqa: E731
    head = Table(header=[cells("", "Apportionment", "Variance"), cells("", "", "Amount")],
                 rows=[cells("Category", "(1)", "(2)"), cells("Medical", "299.9", "–")], pages=[9])
    tail = Table(header=[cells("", "Apportionment", "Variance"), cells("", "", "Amount")],
                 rows=[cells("Category", "(1)", "(2)"), cells("Total", "11 270.0", "(997.2)")], pages=[10])
    blocks = [Block(text="a", label=Label.TABLE, page=9, table=0), Block(text="b", label=Label.TABLE, page=10, table=1)]
    edges = [Edges(False, True, [], []), Edges(True, False, [], [])]
    _, (t,) = merge_continued(blocks, [head, tail], edges)
    assert [r[0].text for r in t.rows] == ["Category", "Medical", "Total"]


def test_footnotes_under_a_table_leave_it_at_the_page_end() -> None:
    rows = [_line(k, 600 + 14 * k, (74, 140, f"Approved {k}"), (540, 553, "588"), size=8.5) for k in range(4)]
    notes = [_line(4, 680.8, (100, 172, "__________________"), size=8.0),
             _line(5, 694.5, (123, 486, "Note: The following abbreviations are used in the table."), size=8.5)]
    (found,) = find_tables([*rows, *notes], [], 792)
    assert found.at_bottom


def _docx(blocks: list[Block], tables: list[Table]) -> Document:
    return Document(id="x", origin=Origin(path="x", sha256="0", format="docx"), language="en",
                    blocks=blocks, tables=tables)


def test_docx_table_cut_in_two_under_its_repeated_header_is_one_table() -> None:
    # A/80/590 and A/80/600: the staffing table is two w:tbl, one under the other, the second
    # opening with the header of the first (a table broken by hand where it runs over a page)
    def part(*rows: str) -> Table:
        return Table(header=[[Cell(text="Category"), Cell(text="Approved")]],
                     rows=[[Cell(text=r), Cell(text="1")] for r in rows])

    doc = _docx([Block(text="Category Approved", label=Label.TABLE, table=0),
                 Block(text="Category Approved", label=Label.TABLE, table=1)],
                [part("Military contingents", "Police"), part("United Nations Volunteers")])
    mark_tables(doc)
    (t,) = doc.tables
    assert [r[0].text for r in t.rows] == ["Military contingents", "Police", "United Nations Volunteers"]
    # no word lost: the header printed again is furniture
    assert [b.text for b in doc.blocks if b.layer == Layer.FURNITURE] == ["Category\tApproved"]
    two = _docx([Block(text="Category Approved", label=Label.TABLE, table=0),
                 Block(text="Other revenue", label=Label.PARAGRAPH),
                 Block(text="Category Approved", label=Label.TABLE, table=1)],
                [part("Military"), part("Police")])
    mark_tables(two)
    assert len(two.tables) == 2  # prose between them: two tables


def test_a_heading_said_again_at_the_top_of_a_page_stays_in_the_body() -> None:
    # A/80/596 p. 12: "Component 2: support", a heading of p. 10, opens p. 12 over the next results
    # table; it was taken for a reprinted table header and left the body
    def page(p: int, top: float, *texts: str) -> list[Block]:
        return [Block(text=t, orig=t, label=Label.LINE, page=p, bbox=(60.0, top + 12 * k, 300.0, top + 8 + 12 * k),
                      style="size=10.0") for k, t in enumerate(texts)]

    body = [f"Line {k} of the running text of the report, set in the body type." for k in range(20)]
    blocks = page(1, 100, *body[:10], "Component 2: support", "The staffing of the component is as follows.")
    blocks += page(2, 100, *body)
    blocks += page(3, 100, "Component 2: support", "Expected accomplishments of the support component.", *body[:8])
    doc = clean(Document(id="p", origin=Origin(path="p.pdf", sha256="0", format="pdf"), language="en",
                         blocks=blocks))
    kept = [b.text for b in doc.blocks if b.layer == Layer.BODY and b.page == 3]
    assert any(t.startswith("Component 2: support") for t in kept)


def test_figures_a_narrow_space_apart_are_two_cells(tmp_path: Path) -> None:
    # A/80/600 p. 19: bold total rows print "35 618.0" and "32 024.4" 0.8 of the type size apart
    # (a cell gap elsewhere is wider): they were one cell, and the column was lost
    content = bytearray()
    content += b"72 714 400 0.5 re f\n"
    y = 700.0
    for k in range(4):
        content += _text(72, y, f"Row {k}") + _text(250, y, "35 618.0")
        content += _text(250 + 35.0 + 7.2, y, "32 024.4") + _text(420, y, "12.5")
        y -= 14
    content += b"72 %.1f 400 0.5 re f\n" % (y + 8)
    doc = read_pdf(tmp_path / "n.pdf", _page_pdf(bytes(content)))
    (t,) = doc.tables
    assert all(len([c for c in r if c.text]) == 4 for r in (*t.header, *t.rows))


def test_header_line_alone_on_its_baseline_keeps_its_wide_spaces(tmp_path: Path) -> None:
    # A/80/600 p. 13: "national National Subtotal Total" is a printed line of its own (no cell
    # gap in it), so its wide word spaces were not kept and the header stayed one cell
    content = bytearray(b"72 714 400 0.5 re f\n")
    content += b"BT /F1 9.0 Tf 4.0 Tw 300.0 704.0 Td (Amount Percentage) Tj 0 Tw ET\n"  # one run
    y = 688.0
    for k in range(4):
        content += _text(72, y, f"Item {k}") + _text(300, y, "221.4") + _text(346, y, "12.0")
        y -= 14
    content += b"72 %.1f 400 0.5 re f\n" % (y + 8)
    doc = read_pdf(tmp_path / "h.pdf", _page_pdf(bytes(content)))
    (t,) = doc.tables
    assert [c.text for c in (*t.header, *t.rows)[0]] == ["", "Amount", "Percentage"]


def test_space_after_a_paragraph_number_parts_no_columns() -> None:
    # A/80/600 p. 12: "II.⇥Government-provided personnel", a section row with a wide space after its
    # number: the space made a column of its own once one-fragment lines kept their wide spaces
    rows = [_line(0, 100, (60, 100, "Category"), (500, 520, "Total"), size=7.0)]
    for k in range(6):
        top = 120 + 30 * k
        section = Frag(f"{'I' * (k + 1)}. Section {k}", 60, 180, top, top + 8.5, 8.5, [], [(69.0 + 2 * k, 80.0, k + 2)])
        rows.append(PageLine(2 * k + 1, [section], top, top + 8.5, 8.5))
        rows.append(_line(2 * k + 2, top + 14, (74, 140, "Approved 2024/25"), (508, 520, f"{k + 10}"), size=8.5))
    t = _one(find_tables(rows, [_rule(112, 60, 520)], 792))
    assert all(len(r) == 2 for r in (*t.header, *t.rows))


def test_a_column_crossed_by_a_few_spanning_figures_is_kept() -> None:
    # A/80/600 p. 13: the last two columns ("Subtotal", "Total") of a 15-row staffing table share
    # their figures' rows with two estimate rows whose amount is printed across both
    rows = [_line(0, 100, (60, 100, "Category"), (300, 330, "Subtotal"), (340, 360, "Total"), size=7.0)]
    for k in range(13):
        rows.append(_line(k + 1, 115 + 14 * k, (74, 140, f"Approved {k}"), (250, 258, "1"), (322, 330, "17"),
                          (347, 360, "238"), size=8.5))
    rows += [_line(14, 310, (74, 140, "Approved 2025/26"), (318, 360, "20 716.7"), size=8.5),
             _line(15, 324, (74, 140, "Proposed 2026/27"), (319, 360, "19 084.1"), size=8.5)]
    t = _one(find_tables(rows, [_rule(95, 60, 362), _rule(110, 60, 362)], 792))
    assert [c.text for c in t.header[0]] == ["Category", "", "Subtotal", "Total"]
    assert t.rows[-1][-1].col_span == 2


def test_last_label_wrapped_over_empty_columns_above_the_closing_rule_is_a_row() -> None:
    # A/80/600 p. 21: "2026/27 estimated efficiencies as a / percentage of the approved budget for /
    # 2025/26" runs over the empty description column, its figure on its last line, above the
    # table's closing rule: the row was lost to a table of its own
    rows = [_line(0, 145, (60, 98, "Budget class"), (139, 166, "initiative"), (243, 252, "(1)"), (481, 489, "(6)"),
                  (500, 550, "(7)=(4)+(5)+(6)"), size=7.0)]
    for k in range(4):
        rows.append(_line(k + 1, 166 + 14 * k, (60, 110, f"Facilities {k}"), (139, 204, "Transfer of assets"),
                          (248, 252, "–"), (474, 489, "92.9"), (535, 550, "92.9"), size=8.5))
    rows += [_line(5, 230, (74, 94, "Total"), (232, 252, "253.0"), (463, 489, "5 147.4"), (523, 550, "5 704.9"),
                   size=8.5),
             _line(6, 248, (60, 169, "Approved budget for 2025/26"), (458, 489, "70 694.1"), size=8.5),
             _line(7, 262.5, (60, 189, "2026/27 estimated efficiencies as a"), size=8.5),
             _line(8, 273, (60, 200, "percentage of the approved budget for"), size=8.5),
             _line(9, 283.5, (60, 89, "2025/26"), (479, 490, "7.3"), size=8.5),
             _line(10, 303.5, (60, 441, "Abbreviation: MINUSMA, United Nations Multidimensional Integrated"),
                   size=8.5)]
    rules = [_rule(140, 60, 552), _rule(157, 60, 552), _rule(225, 60, 552), _rule(243, 60, 552),
             _rule(295, 59, 552)]
    t = _one(find_tables(rows, rules, 792))
    last = _texts(t)[-1]
    assert last[0] == "2026/27 estimated efficiencies as a percentage of the approved budget for 2025/26"
    assert [c for c in last if c][1:] == ["7.3"] and t.rows[-1][0].col_span == 2
    assert len(t.header) + len(t.rows) == 8 and sum(c.col_span for c in t.rows[-1]) == 5
    assert "Abbreviation" not in " ".join(t.cell_texts())


def test_short_section_label_over_the_first_columns_keeps_the_table_whole() -> None:
    # A/80/628 p. 4: "Provision of logistical support" runs under the header "Military observers"
    # and up to that column's dashes: the table was cut in two there
    def figures(k: int, top: float, label: str) -> PageLine:
        return _line(k, top, (82.6, 148, label), (174.3, 178.7, "–"), (206.8, 214.4, "10"), (338, 350.6, "368"),
                     (537.1, 550.1, "588"), size=8.5)

    rows = [_line(0, 416.3, (157, 178.7, "Military"), (193.9, 214.7, "military"), (329.4, 351.2, "national"),
                  size=6.0),
            _line(1, 423.1, (153.1, 178.6, "observers"), (184.2, 214.6, "contingents"), (339.9, 352.3, "staff"),
                  (536.8, 550.1, "Total"), size=6.0),
            _line(2, 442.7, (68.2, 99.4, "Military"), size=8.5),
            *[figures(3 + k, 456.8 + 14 * k, f"Approved 202{k}") for k in range(4)],
            _line(7, 512.7, (68.2, 111.6, "Component"), size=8.5),
            _line(8, 526.7, (68.2, 174.7, "Provision of logistical support"), size=8.5),
            *[figures(9 + k, 540.8 + 14 * k, f"Proposed 202{k}") for k in range(4)]]
    t = _one(find_tables(rows, [_rule(397, 68.2, 552.5), _rule(434, 68.2, 552.5), _rule(600, 68.2, 552.5)], 792))
    texts = [r[0] for r in _texts(t)]
    assert "Provision of logistical support" in texts and texts[-1] == "Proposed 2023"
    assert len(t.header) == 1 and len(t.rows) == 11


def _staffing_row(k: int, top: float, label: str, number: str, title: str, action: str) -> PageLine:
    return _line(k, top, *([(60, 60 + 5 * len(label), label)] if label else []), (203, 250, "International"),
                 (277, 305, number), (320, 441, title), (469, 516, action), size=8.5)


def test_two_section_rows_under_a_header_in_smaller_type_keep_the_header() -> None:
    # A/80/600 p. 14, A/80/628 p. 16: a 7-pt header, its rule, then two 8.5-pt section rows (a
    # pillar, then its office, the second past the table's middle): the header was a table of
    # its own, the body another
    lines = [_line(0, 422.5, (60, 152, "Component/office/section/unit"), (204, 217, "Type"),
                   (263, 310, "Number Level"), (320, 368, "Functional title"), (468, 503, "Post action"),
                   (522, 547, "From/to"), size=7.0),
             _line(1, 443.3, (60, 205, "Executive direction and management"), size=8.5),
             _line(2, 459.8, (60, 381, "Office of the Special Representative of the Secretary-General"), size=8.5),
             _staffing_row(3, 474.2, "Temporary position", "1 P-4", "Programme Management Officer", "Continuation"),
             _line(4, 493.4, (74, 117, "Net change"), (283, 287, "–"), size=8.5),
             _line(5, 512.5, (60, 160, "Tindouf Liaison Office"), size=8.5),
             _staffing_row(6, 527.0, "Post", "(1) P-3", "Political Affairs Officer", "Abolishment")]
    rules = [_rule(417, 60, 552), _rule(434, 60, 552), _rule(487, 60, 552), _rule(506, 60, 552)]
    t = _one(find_tables(lines, rules, 792))
    assert len(t.header) == 1 and _texts(t)[0][0] == "Component/office/section/unit"
    assert [r[0] for r in _texts(t)[1:3]] == ["Executive direction and management",
                                              "Office of the Special Representative of the Secretary-General"]
    assert _texts(t)[-1][0] == "Post" and len(t.rows) == 6


def test_heading_in_larger_type_under_a_small_table_is_still_no_section_row() -> None:
    # the counterpart: a table of a header and two rows in 7 pt, its closing rule, then a heading
    # and a unit line in 10 pt over a table of its own
    lines = [_line(0, 100, (60, 152, "Category"), (300, 330, "Amount"), size=7.0),
             _line(1, 118, (60, 152, "Military observers"), (300, 330, "12.5"), size=7.0),
             _line(2, 132, (60, 152, "Military contingents"), (300, 330, "40.1"), size=7.0),
             _line(3, 150, (60, 260, "Civilian personnel by category"), size=10.0),
             _line(4, 164, (60, 230, "(Thousands of dollars)"), size=10.0),
             _line(5, 180, (60, 152, "International staff"), (300, 330, "9.4"), size=10.0),
             _line(6, 194, (60, 152, "National staff"), (300, 330, "7.2"), size=10.0)]
    rules = [_rule(112, 60, 552), _rule(144, 60, 552)]
    found = [f.table for f in find_tables(lines, rules, 792) if f.table is not None]
    assert len(found) == 2 and "Civilian personnel by category" not in " ".join(found[0].cell_texts())


def test_total_row_wrapped_above_a_rule_as_wide_as_the_tables_rules_is_a_row() -> None:
    # A/80/628 p. 17: "Total, Operations and Resource / Management pillar" with its figure "(11)"
    # on a baseline of its own, between two rules that run past the table's text (by 20 pt, over
    # two type sizes): the table was cut under the first rule
    lines = [_staffing_row(0, 411.9, "Posts", "(1) FS", "Human Resources Officer", "Conversion"),
             _line(1, 426.4, (203, 250, "National"), (277, 305, "1 NPO"), (320, 441, "Human Resources Assistant"),
                   (469, 511, "Conversion"), (525, 545, "To national"), size=8.5),
             _line(2, 445.5, (74, 116, "Net change"), (295, 305, "(1)"), size=8.5),
             _line(3, 464.6, (74, 191, "Total, Operations and Resource"), size=8.5),
             _line(4, 469.8, (291, 305, "(11)"), size=8.5),
             _line(5, 475.0, (74, 144, "Management pillar"), size=8.5),
             _line(6, 494.1, (60, 191, "Supply Chain Management pillar"), size=8.5),
             _line(7, 508.6, (60, 180, "Acquisition Management Section"), size=8.5),
             _staffing_row(8, 523.1, "Posts", "(1) FS", "Logistics Assistant", "Abolishment"),
             _staffing_row(9, 537.6, "", "(1) NGS", "Administrative Assistant", "Conversion")]
    rules = [_rule(439, 60, 565), _rule(458, 60, 565), _rule(488, 60, 565)]
    t = _one(find_tables(lines, rules, 792))
    assert _texts(t)[0][0] == "Posts" and "Administrative Assistant" in _texts(t)[-1][3]
    assert any(r[0] == "Supply Chain Management pillar" for r in _texts(t))


def _cells(*ts: str) -> list[Cell]:
    return [Cell(text=t) for t in ts]


def test_header_printed_again_alone_then_the_rows_under_it_go_on_from_the_table() -> None:
    # A/80/628 pp. 23-25: the efficiency-gains table prints its seven-line header again at the
    # top of each page; under the header's rule the page opens with the rest of a cell cut at the
    # page break ("recycled wastewater for ..."), so the header was read as a part of its own and
    # the rows as a new table; the rest of the cut cell joins its row
    header = [_cells("Budget class", "Description", "Estimated", "Realized")]
    head = Table(header=header, rows=[_cells("Facilities", "Suspension of water", "–", "155.0")], pages=[23])
    again = Table(header=header, rows=[], pages=[24])
    body = Table(rows=[_cells("", "recycled wastewater", "", ""), _cells("Air operations", "Termination", "–", "985.4")],
                 pages=[24])
    blocks = [Block(text="a", label=Label.TABLE, page=23, table=0), Block(text="24/44", label=Label.LINE, page=24),
              Block(text="b", label=Label.TABLE, page=24, table=1), Block(text="c", label=Label.TABLE, page=24, table=2),
              Block(text="prose", label=Label.LINE, page=24)]
    edges = [Edges(False, True, [], []), Edges(True, False, [], []), Edges(False, False, [], [])]
    out, tables = merge_continued(blocks, [head, again, body], edges)
    (t,) = tables
    assert t.pages == [23, 24] and len([b for b in out if b.label == Label.TABLE]) == 1
    assert _texts(t)[1:] == [["Facilities", "Suspension of water recycled wastewater", "–", "155.0"],
                             ["Air operations", "Termination", "–", "985.4"]]


def test_rows_without_a_first_cell_at_a_page_top_stay_rows() -> None:
    # the counterpart: a staffing table's part that opens with posts of the unit above (no
    # first-column label, figures in their columns) and a table that starts after prose
    head = Table(header=[_cells("Unit", "Type", "Number", "Title")],
                 rows=[_cells("Posts", "International", "(1)", "Logistics officer")], pages=[16])
    tail = Table(rows=[_cells("", "international", "(1)", "logistics assistant")], pages=[17])
    other = Table(header=[_cells("Unit", "Type", "Number", "Title")], rows=[_cells("Posts", "National", "1", "Driver")],
                  pages=[17])
    blocks = [Block(text="a", label=Label.TABLE, page=16, table=0), Block(text="b", label=Label.TABLE, page=17, table=1),
              Block(text="prose", label=Label.LINE, page=17), Block(text="c", label=Label.TABLE, page=17, table=2)]
    edges = [Edges(False, True, [], []), Edges(True, False, [], []), Edges(False, False, [], [])]
    _, tables = merge_continued(blocks, [head, tail, other], edges)
    assert len(tables) == 2 and len(tables[0].rows) == 2


_FRAMEWORK_HEAD = ((60, 139, "Expected accomplishment"), (313, 393, "Indicators of achievement"))


def test_item_numbers_stay_with_their_text_and_each_item_is_a_row() -> None:
    # A/80/600 p. 17: "2.1.1⇥Agreement ..." with its wrapped line under the number ("a
    # cessation of hostilities"): the numbers were columns of their own (4 columns for 2), the
    # wrapped line cut the table, and the next framework's caption ("Component 3: support",
    # under the closing rule, over the next table's rule) must not join the first
    lines = [_line(0, 104.5, *_FRAMEWORK_HEAD, size=7.0),
             _line(1, 124.6, (60, 72, "2.1"), (83, 180, "Cessation of hostilities"), (314, 334, "2.1.1"),
                   (344, 542, "Agreement and compliance of the parties with"), size=10),
             _line(2, 135.7, (313, 417, "a cessation of hostilities"), size=10),
             _line(3, 153.7, (313, 334, "2.1.2"), (344, 543, "No serious violations of ceasefire and military"),
                   size=10),
             _line(4, 164.9, (313, 522, "agreements (2022/23: 0; 2023/24: 0; 2024/25: 0;"), size=10),
             _line(5, 176.0, (313, 415, "2025/26: 0; 2026/27: 0)"), size=10),
             _line(6, 196.8, (60, 109, "External factors"), size=7.0),
             _line(7, 212.6, (74, 539, "Willingness of the parties to facilitate and maintain the freedom"), size=10),
             _line(8, 223.8, (74, 367, "capabilities and a change in the tempo"), size=10),
             _line(9, 265.2, (123, 225, "Component 3: support"), size=10),
             _line(10, 292.8, *_FRAMEWORK_HEAD, size=7.0),
             _line(11, 312.9, (60, 72, "3.1"), (83, 297, "Rapid, effective, efficient and responsible support"),
                   (313, 334, "3.1.1"), (344, 505, "Average annual percentage of women"), size=10),
             _line(12, 324.1, (60, 163, "services for the Mission"),
                   (313, 531, "international civilian staff (2022/23: 27.0 per cent;"), size=10),
             _line(13, 342.5, (313, 334, "3.1.2"), (344, 491, "Average number of days for roster"), size=10),
             _line(14, 353.7, (313, 520, "recruitments, from posting of the job opening"), size=10)]
    rules = [_rule(99, 60, 553), _rule(116, 60, 553), _rule(191, 60, 553), _rule(250, 60, 553),
             _rule(287, 60, 553), _rule(304, 60, 553), _rule(370, 60, 553)]
    first, second = [f.table for f in find_tables(lines, rules, 792) if f.table is not None]
    rows = _texts(first)
    assert [len(r) for r in rows[:3]] == [2, 2, 2] and len(rows) == 5
    assert rows[1] == ["2.1 Cessation of hostilities",
                       "2.1.1 Agreement and compliance of the parties with a cessation of hostilities"]
    assert rows[2][1].startswith("2.1.2 No serious") and rows[3][0] == "External factors"
    assert "Component 3" not in " ".join(first.cell_texts() + second.cell_texts())
    assert [r[1][:5] for r in _texts(second)[1:]] == ["3.1.1", "3.1.2"]
    assert _texts(second)[1][0] == "3.1 Rapid, effective, efficient and responsible support services for the Mission"


def test_a_figure_beside_a_label_is_no_item_number() -> None:
    # the counterpart: "12.5" a word space from "Flight hours", with no line of its cell starting
    # under it: two cells
    lines = [_line(0, 100, (60, 140, "Planned outputs"), (265, 300, "Completed"), (309, 350, "Remarks"), size=7.0),
             _line(1, 120, (60, 250, "Provision of 352 flight hours (292 for"), (265, 283, "12.5"),
                   (293, 340, "Flight hours"), size=10),
             _line(2, 131, (60, 250, "the fleet, plus 60 proposed for the"), (265, 270, "3"), (293, 330, "Aircraft"),
                   size=10),
             _line(3, 150, (60, 250, "Oversight of aviation safety"), (265, 270, "4"), (293, 330, "Airfields"), size=10)]
    t = _one(find_tables(lines, [_rule(95, 60, 553), _rule(112, 60, 553)], 792))
    cells = [c.text for r in (*t.header, *t.rows) for c in r]
    assert "12.5" in cells and "Flight hours" in cells


def test_header_printed_again_over_a_cell_of_many_lines_keeps_its_rows() -> None:
    # A/80/628 p. 20: the framework's header again at the page top, its rule, then the rest of
    # the indicators, lines of one column in a larger type: the header was dropped as a table
    # of its own and the rows read as two columns of prose
    def lines_of(k: int, top: float, texts: list[str]) -> list[PageLine]:
        return [_line(k + j, top + 12 * j, (311, 311 + 5 * len(t), t), size=10) for j, t in enumerate(texts)]

    lines = [_line(0, 80.6, (60, 142, "Expected accomplishments"), (311, 391, "Indicators of achievement"),
                   size=7.0),
             *lines_of(1, 101.3, ["1.1.3 Average number of calendar days", "specific recruitments, from posting",
                                  "to candidate selection, for P-3"]),
             *lines_of(4, 149.3, ["1.1.4 Overall score on the property", "management index based on 20"]),
             _line(6, 185.3, (60, 262, "1.2 Provision of rapid, effective,"),
                   (311, 529, "1.2.1 Average number of calendar days"), size=10),
             _line(7, 197.3, (60, 275, "responsive administrative, technical"),
                   (311, 518, "recruitments, from posting of the job"), size=10),
             *lines_of(8, 209.3, ["candidate selection, for P-3 and FS-7", "not applicable)"]),
             *lines_of(10, 240.3, ["1.2.2 Average number of calendar days", "specific recruitments, from posting"])]
    rules = [_rule(75, 60, 552), _rule(92, 60, 552), _rule(180, 60, 552)]
    t = _one(find_tables(lines, rules, 792))
    assert [r[1][:5] for r in _texts(t)] == ["Indic", "1.1.3", "1.1.4", "1.2.1", "1.2.2"]


def test_header_printed_again_over_the_note_row_is_a_table() -> None:
    # A/80/628 p. 21: the framework ends on a new page: its header again, its rule, "External
    # factors" (7 pt) and the note across the page (10 pt) above the closing rule; the header
    # was left a one-cell table of its own and the note prose
    lines = [_line(0, 80.6, (60, 142, "Expected accomplishments"), (311, 391, "Indicators of achievement"),
                   size=7.0),
             _line(1, 103.6, (60, 109, "External factors"), size=7.0),
             _line(2, 121.3, (74, 541, "Changes in the political, security and operational environment"), size=10),
             _line(3, 133.3, (74, 530, "the planning assumptions; delays in the status-of-forces"), size=10),
             _line(4, 145.3, (74, 300, "selected civilian staff capacity"), size=10),
             _line(5, 175.0, (123, 215, "Evaluation activities"), size=10)]
    rules = [_rule(75, 60, 552), _rule(92, 60, 552), _rule(162, 60, 552)]
    t = _one(find_tables(lines, rules, 792))
    rows = _texts(t)
    assert len(t.header) == 1 and rows[1][0] == "External factors"
    assert rows[2][0].startswith("Changes in the political") and rows[2][0].endswith("staff capacity")
    assert "Evaluation activities" not in " ".join(t.cell_texts())


def _chart_lines() -> list[PageLine]:
    texts = [("Safety and Security", "Legal Affairs Unit"), ("(54 posts)", "(4 posts)"),
             ("1 P-5, 1 P-4, 3 P-3", "1 P-5, 1 P-3, 2 NPO"), ("Information Support", "Human Rights Due"),
             ("(6 posts)", "(13 posts)"), ("1 P-5, 1 P-4, 2 P-3", "1 P-5, 1 P-4, 2 P-3")]
    return [_line(k, 290 + 12 * k + (12 if k >= 3 else 0), (185, 272, a), (346, 424, b), size=8.5)
            for k, (a, b) in enumerate(texts)]


def _vrule(x: float, top: float, bottom: float) -> Rule:
    return Rule(x, top, x, bottom)


def test_text_in_boxes_of_an_organization_chart_is_no_table() -> None:
    # A/80/628 pp. 39-44: the annex's organization charts print each unit in a box of its own,
    # side by side: they were read as tables (five, which the DOCX does not hold)
    boxes = [(167, 291, 282, 326), (323, 447, 282, 326), (167, 291, 332, 378), (323, 447, 332, 378)]
    rules = [r for x0, x1, top, bottom in boxes
             for r in (_rule(top, x0, x1), _rule(bottom, x0, x1), _vrule(x0, top, bottom), _vrule(x1, top, bottom))]
    found = find_tables(_chart_lines(), rules, 792)
    assert found and all(f.table is None for f in found)
    texts = [fr.text for f in found for fr in f.prose]
    assert texts[:3] == ["Safety and Security", "(54 posts)", "1 P-5, 1 P-4, 3 P-3"]


def test_a_table_with_vertical_borders_stays_a_table() -> None:
    # the counterpart: one vertical rule between the columns (a bordered table's grid)
    rules = [_rule(282, 167, 447), _rule(378, 167, 447), _vrule(167, 282, 378), _vrule(300, 282, 378),
             _vrule(447, 282, 378)]
    t = _one(find_tables(_chart_lines(), rules, 792))
    assert _texts(t)[0][0].startswith("Safety and Security") and _texts(t)[0][1].startswith("Legal Affairs Unit")


def _framework_then_outputs(closed: bool) -> list[Table]:
    head = Table(header=[_cells("Expected accomplishment", "Actual indicators of achievement")],
                 rows=[_cells("1.1.7 Percentage of incidents resolved", "Achieved")], pages=[13])
    tail = Table(header=[_cells("Planned outputs", "Completed", "Remarks")],
                 rows=[_cells("Implementation of pending audit", "1", "Board of Auditors")], pages=[14])
    blocks = [Block(text="a", label=Label.TABLE, page=13, table=0), Block(text="b", label=Label.TABLE, page=14, table=1)]
    edges = [Edges(False, True, [257.0], [150.0, 400.0], closed), Edges(True, False, [257.0, 303.0], [150.0, 280.0, 420.0])]
    return merge_continued(blocks, [head, tail], edges)[1]


def test_part_ending_a_page_unclosed_goes_on_under_a_header_with_more_columns() -> None:
    # A/80/590 pp. 13-14: the framework's indicators (two columns) end page 13 with no rule
    # under them; page 14 opens with its outputs under a header of three columns whose first
    # boundary is the indicators' one: one table in the DOCX (its cells spanning two columns)
    (t,) = _framework_then_outputs(closed=False)
    assert [c.col_span for c in t.header[0]] == [1, 2] and t.pages == [13, 14]
    assert _texts(t)[2] == ["Planned outputs", "Completed", "Remarks"] and _texts(t)[-1][2] == "Board of Auditors"


def test_part_closed_by_its_rule_is_not_joined_to_a_table_with_a_header_of_its_own() -> None:
    assert len(_framework_then_outputs(closed=True)) == 2


def test_a_table_knows_whether_a_rule_closes_it() -> None:
    rows = [_line(k, 600 + 14 * k, (74, 140, f"Approved {k}"), (540, 553, "588"), size=8.5) for k in range(3)]
    (open_,) = find_tables(rows, [], 792)
    (shut,) = find_tables(rows, [_rule(640, 74, 553)], 792)
    assert not open_.closed and shut.closed


def test_second_paragraph_of_a_cell_beside_an_empty_first_cell_is_a_row() -> None:
    # A/80/628 p. 38, A/80/590 p. 25: "Vacant posts have been managed ..." after a paragraph's
    # space under the action taken, nothing beside it: a row of its own in the DOCX (it was
    # joined to the row above); a cell's wrapped lines and a sentence going on stay in it
    def two(k: int, top: float, left: str, right: str) -> PageLine:
        frags = ([(60, 60 + 5 * len(left), left)] if left else []) + [(313, 313 + 5 * len(right), right)]
        return _line(k, top, *frags, size=10)

    lines = [_line(0, 100, (60, 140, "Request/recommendation"), (313, 460, "Action taken to implement"), size=7.0),
             two(1, 120, "The Advisory Committee trusts that", "The number of vacant posts and"),
             two(2, 132, "information on the status of vacant", "positions is taken into account"),
             two(3, 150, "", "Vacant posts have been managed"),
             two(4, 162, "", "strategically and deliberately."),
             two(5, 180, "", "and with priority given to functions"),
             two(6, 198, "The Advisory Committee trusts that", "The solicitation process, coordinated"),
             two(7, 210, "additional information on the timeline", "with the Logistics Division, is under")]
    t = _one(find_tables(lines, [_rule(95, 60, 553), _rule(112, 60, 553), _rule(225, 60, 553)], 792))
    rows = _texts(t)
    assert len(rows) == 4 and rows[2][0] == ""
    assert rows[2][1] == ("Vacant posts have been managed strategically and deliberately. "
                          "and with priority given to functions")
    assert rows[1][1].endswith("taken into account") and rows[3][0].startswith("The Advisory")


def test_rest_of_both_cells_cut_at_the_page_break_joins_the_row() -> None:
    # A/80/628 pp. 37-38: the row runs over the page break in both columns ("matter of
    # principle, ..." and "intended to inform ..."): it was a row of its own
    head = Table(header=[_cells("Request/recommendation", "Action taken")],
                 rows=[_cells("The Committee considers that, as a", "The outcomes of this process are")], pages=[37])
    tail = Table(header=[_cells("Request/recommendation", "Action taken")],
                 rows=[_cells("matter of principle, the Secretary-General", "intended to inform future budgets"),
                       _cells("The Advisory Committee trusts", "The number of vacant posts")], pages=[38])
    blocks = [Block(text="a", label=Label.TABLE, page=37, table=0), Block(text="b", label=Label.TABLE, page=38, table=1)]
    edges = [Edges(False, True, [300.0], []), Edges(True, False, [300.0], [])]
    (t,) = merge_continued(blocks, [head, tail], edges)[1]
    assert _texts(t)[1] == ["The Committee considers that, as a matter of principle, the Secretary-General",
                            "The outcomes of this process are intended to inform future budgets"]
    assert len(t.rows) == 2


def test_bulleted_paragraph_beside_an_empty_first_cell_is_a_row() -> None:
    # A/80/590 p. 26: "• Contingent-owned equipment ..." and the next bullet, each a row in the DOCX
    lines = [_line(0, 100, (60, 140, "Request/recommendation"), (313, 460, "Action taken to implement"), size=7.0),
             _line(1, 120, (60, 230, "The Advisory Committee trusts that"), (313, 480, "On the basis of lessons learnt:"),
                   size=10),
             _line(2, 132, (60, 230, "any lessons learned will be shared"), (313, 470, "policy changes were made"),
                   size=10),
             _line(3, 150, (313, 480, "• Contingent-owned equipment that is"), size=10),
             _line(4, 162, (323, 470, "beyond economic repair"), size=10),
             _line(5, 180, (313, 480, "• Forced abandonment policy may be"), size=10)]
    t = _one(find_tables(lines, [_rule(95, 60, 553), _rule(112, 60, 553), _rule(195, 60, 553)], 792))
    assert [r[1][:3] for r in _texts(t)[2:]] == ["• C", "• F"]


def test_a_figure_under_the_rows_figure_beside_a_wrapped_first_cell_opens_a_row() -> None:
    # A/80/590 p. 14: "Implementation of pending audit / recommendations, as accepted by /
    # management" spans three rows of figures and remarks in the DOCX (a merged first cell); the
    # second "1" prints beside "management" and was joined to the first row ("1 1"); likewise a
    # new paragraph of a column beside the first cell's next line ("The underutilization ...")
    lines = [_line(0, 100, (60, 140, "Planned outputs"), (263, 300, "Completed"), (309, 350, "Remarks"), size=7.0),
             _line(1, 120, (60, 230, "Implementation of pending audit"), (263, 268, "1"),
                   (309, 540, "Board of Auditors recommendation overtaken"), size=10),
             _line(2, 132, (60, 235, "recommendations, as accepted by"), size=10),
             _line(3, 144, (60, 120, "management"), (263, 268, "1"), (309, 520, "Board of Auditors recommendation"),
                   size=10),
             _line(4, 162, (263, 278, "164"), (309, 530, "Office of Internal Oversight Services"), size=10),
             _line(5, 182, (60, 240, "Provision of 352 flight hours (292"), (263, 285, "81.46"),
                   (309, 360, "Flight hours"), size=10),
             _line(6, 194, (60, 240, "for the fleet, plus 60 proposed for"), size=10),
             _line(7, 206, (60, 240, "the standby aircraft charter"), (309, 540, "The underutilization is attributable"),
                   size=10),
             _line(8, 218, (60, 240, "(2022/23: 84 per cent)"), (309, 400, "to the closure of the camp"), size=10)]
    t = _one(find_tables(lines, [_rule(95, 60, 553), _rule(112, 60, 553)], 792))
    rows = _texts(t)
    assert rows[1][:2] == ["Implementation of pending audit recommendations, as accepted by management", "1"]
    assert rows[2] == ["", "1", "Board of Auditors recommendation"] and rows[3][1] == "164"
    assert rows[4][0].endswith("charter (2022/23: 84 per cent)") and rows[4][2] == "Flight hours"
    assert rows[5] == ["", "", "The underutilization is attributable to the closure of the camp"]
