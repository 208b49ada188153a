"""DOCX tables: real tables become :class:`~hexaglot.model.Table` records, layout tables become boxes.

A ``w:tbl`` is one of two things:

* a **box** (the "Summary" box that opens UN reports, a sidebar, a one-cell frame): every row holds
  at most one non-empty cell. Its paragraphs are ordinary blocks in reading order, with
  ``Block.box`` set to the box's label (its first short line, e.g. "Summary", else ``"box"``);
  tables nested in the box are read as tables in their turn;
* a **table**: its cells are read once each (a cell merged through ``w:gridSpan`` or ``w:vMerge`` is
  stored once, with its spans), rows marked ``w:tblHeader`` at the top are header rows (else a first
  row set entirely in bold), a table nested in a cell becomes text of that cell. One ``TABLE``
  block stands where the table stands: cells joined by a tab, rows by a newline, ``Block.table``
  pointing at the record in ``Document.tables``. The header rows printed again further down (a
  copy the author typed where the table runs over a page, e.g. in a table nested in a box, which
  Word does not repeat by itself) are page furniture, not data (:func:`without_repeated_header`):
  each copy is a ``PAGE_HEADER`` block of the furniture layer right after the ``TABLE`` block, as
  the PDF reader keeps the header printed again on a new page.

Rows and cells wrapped in content controls (``w:sdt``) or custom XML are unwrapped. Tables in
headers and footers are furniture: one block per row, no record.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from hexaglot.model import Block, Cell, Label, Layer, Table

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_WRAPPERS = (W + "sdt", W + "customXml", W + "smartTag")
_OFF = ("0", "false", "off")
MAX_SPAN = 1000
BOX_LABEL_MAX = 60
"""A box's first line is its label ("Summary") when it is at most this long and unpunctuated."""


@dataclass
class TableSink:
    """Where the reader collects the tables of the body, and how it reads a container's blocks."""

    blocks: Callable[[Any, Layer, Label], Iterator[Block]]
    paragraph: Callable[[Any, Layer], Block | None]
    tables: list[Table] = field(default_factory=list)


def unwrap(el: Any, tag: str) -> Iterator[Any]:
    """Children of ``el`` with tag ``tag``, looking through content controls and custom XML."""
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            inner = child.find(W + "sdtContent") if child.tag == W + "sdt" else child
            if inner is not None:
                yield from unwrap(inner, tag)


def text_boxes(p: Any) -> Iterator[Any]:
    """Outermost text boxes anchored in a paragraph (drawings, shapes); the ``mc:Fallback`` copy of a
    shape (the same text box again, for older readers) is skipped."""
    for box in p.iter(W + "txbxContent"):
        anc = box.getparent()
        nested = False
        while anc is not None and anc is not p:
            if anc.tag in (W + "txbxContent", MC + "Fallback"):
                nested = True
                break
            anc = anc.getparent()
        if not nested:
            yield box


def _val(el: Any, path: str) -> str | None:
    found = el.find(path)
    if found is None:
        return None
    return found.get(W + "val") or ""


def _plain(el: Any) -> str:
    """Cheap text of an element (for classifying a table before it is read)."""
    return "".join(t.text or "" for t in el.iter(W + "t"))


def is_box(tbl: Any) -> bool:
    """Every row has at most one non-empty cell: a frame around prose, not a table of data."""
    for tr in unwrap(tbl, W + "tr"):
        if sum(1 for tc in unwrap(tr, W + "tc") if _plain(tc).strip()) > 1:
            return False
    return True


def table_blocks(tbl: Any, sink: TableSink, layer: Layer) -> Iterator[Block]:
    """The blocks a ``w:tbl`` gives in reading order (see the module docstring)."""
    if layer != Layer.BODY:
        yield from _furniture_rows(tbl, sink, layer)
    elif is_box(tbl):
        yield from _box(tbl, sink, layer)
    else:
        yield from _table(tbl, sink)


def _box(tbl: Any, sink: TableSink, layer: Layer) -> Iterator[Block]:
    label: str | None = None
    for tr in unwrap(tbl, W + "tr"):
        for tc in unwrap(tr, W + "tc"):
            for blk in sink.blocks(tc, layer, Label.PARAGRAPH):
                if label is None:
                    first = blk.text.strip()
                    short = 0 < len(first) <= BOX_LABEL_MAX and not first.endswith((".", ";", ":", ","))
                    label = first if short and blk.table is None and blk.box is None else "box"
                    if label == first and blk.label in (Label.PARAGRAPH, Label.LIST_ITEM):
                        blk.label = Label.HEADING
                if blk.box is None:
                    blk.box = label
                yield blk


def _furniture_rows(tbl: Any, sink: TableSink, layer: Layer) -> Iterator[Block]:
    for tr in unwrap(tbl, W + "tr"):
        cells = [list(sink.blocks(tc, layer, Label.PAGE_HEADER)) for tc in unwrap(tr, W + "tc")]
        row = "\t".join(" ".join(b.text.strip() for b in cell) for cell in cells)
        if row.strip():
            yield Block(text=row, orig=row, label=Label.PAGE_HEADER, layer=layer, style="table")


def cell_text(el: Any, sink: TableSink) -> tuple[str, list[str]]:
    """Text of a cell: its paragraphs one per line, nested tables row by row, and the marks."""
    lines: list[str] = []
    marks: list[str] = []
    for child in el:
        tag = child.tag
        if tag == W + "p":
            blk = sink.paragraph(child, Layer.BODY)
            if blk is not None:
                lines.append(blk.text.strip())
                marks += blk.notes
            for box in text_boxes(child):
                text, more = cell_text(box, sink)
                if text:
                    lines.append(text)
                marks += more
        elif tag == W + "tbl":
            for tr in unwrap(child, W + "tr"):
                row = []
                for tc in unwrap(tr, W + "tc"):
                    text, more = cell_text(tc, sink)
                    marks += more
                    if text:
                        row.append(text.replace("\n", " "))
                if row:
                    lines.append(" ".join(row))
        elif tag in _WRAPPERS:
            inner = child.find(W + "sdtContent") if tag == W + "sdt" else child
            if inner is not None:
                text, more = cell_text(inner, sink)
                if text:
                    lines.append(text)
                marks += more
    return "\n".join(t for t in lines if t), marks


def _int(value: str | None, default: int = 1) -> int:
    try:
        return int(value or default)
    except ValueError:
        return default


def _is_header_row(tr: Any) -> bool:
    val = _val(tr, f"{W}trPr/{W}tblHeader")
    return val is not None and val.lower() not in _OFF


def _all_bold(tr: Any) -> bool:
    runs = [r for r in tr.iter(W + "r") if "".join(t.text or "" for t in r.iter(W + "t")).strip()]
    if not runs:
        return False
    for r in runs:
        b = _val(r, f"{W}rPr/{W}b")
        if b is None or b.lower() in _OFF:
            return False
    return True


def _table(tbl: Any, sink: TableSink) -> Iterator[Block]:
    rows: list[list[Cell]] = []
    header_rows = 0
    in_header = True
    above: dict[int, Cell] = {}  # grid column → the cell a w:vMerge continuation extends
    for tr in unwrap(tbl, W + "tr"):
        row: list[Cell] = []
        col = _int(_val(tr, f"{W}trPr/{W}gridBefore"), 0)
        covered: dict[int, Cell] = {}
        merged = False
        for tc in unwrap(tr, W + "tc"):
            span = min(max(1, _int(_val(tc, f"{W}tcPr/{W}gridSpan"))), MAX_SPAN)
            merge = _val(tc, f"{W}tcPr/{W}vMerge")
            merged = merged or merge is not None
            text, marks = cell_text(tc, sink)
            origin = above.get(col)
            if merge is not None and merge != "restart" and origin is not None:
                origin.row_span += 1
                if text:  # Word does not print it, but a word is never dropped
                    origin.text = f"{origin.text}\n{text}" if origin.text else text
                origin.notes += marks
                covered[col] = origin
            else:
                cell = Cell(text=text, col_span=span, notes=marks)
                row.append(cell)
                covered[col] = cell
            col += span
        above = covered
        if not merged and not any(c.text for c in row):
            continue  # a spacer row
        if in_header and _is_header_row(tr) and row:
            header_rows += 1
        else:
            in_header = False
        rows.append(row)
    if header_rows == 0 and len(rows) > 1:
        trs = list(unwrap(tbl, W + "tr"))
        header_rows = 1 if trs and _all_bold(trs[0]) else 0
    header_rows = min(header_rows, max(len(rows) - 1, 0))
    body, repeats = without_repeated_header(rows[:header_rows], rows[header_rows:])
    kept = rows[:header_rows] + body
    table = drop_empty_columns(Table(header=rows[:header_rows], rows=body))
    sink.tables.append(table)
    text = table_text(table)
    yield Block(text=text, orig=text, label=Label.TABLE, layer=Layer.BODY, style="table",
                table=len(sink.tables) - 1, notes=[m for r in kept for c in r for m in c.notes])
    for copy in repeats:  # the header printed again: furniture, like a running header, never lost
        again = "\n".join("\t".join(c.text.replace("\n", " ") for c in r) for r in copy)
        yield Block(text=again, orig=again, label=Label.PAGE_HEADER, layer=Layer.FURNITURE, style="table",
                    notes=[m for r in copy for c in r for m in c.notes])


def _row_key(row: list[Cell]) -> tuple[tuple[str, int, int], ...]:
    return tuple((" ".join(c.text.split()), c.col_span, c.row_span) for c in row)


def without_repeated_header(header: list[list[Cell]], rows: list[list[Cell]]
                            ) -> tuple[list[list[Cell]], list[list[list[Cell]]]]:
    """``rows`` without the copies of ``header`` printed again among them, and those copies.

    A copy is the whole header block again, row for row in the same order, each row's cells equal
    in text (spaces aside), column span and row span; spacer rows are already gone. Whether the copy
    is marked ``w:tblHeader`` does not matter: Word ignores the mark below the top, and a marked row
    in the middle may be a header of its own (A/80/600 marks "III. Civilian staff | USG–ASG | …"
    halfway down a table whose top is unmarked), so only the repeated words decide. A header with
    fewer than two non-empty cells is never looked for: one cell again (a section row, a "Total"
    row) is no proof."""
    if not header or sum(1 for r in header for c in r if c.text.strip()) < 2:
        return rows, []
    want = [_row_key(r) for r in header]
    n = len(header)
    body: list[list[Cell]] = []
    repeats: list[list[list[Cell]]] = []
    i = 0
    while i < len(rows):
        if [_row_key(r) for r in rows[i:i + n]] == want:
            repeats.append(rows[i:i + n])
            i += n
        else:
            body.append(rows[i])
            i += 1
    return body, repeats


def drop_empty_columns(table: Table) -> Table:
    """The table without the grid columns that hold no text of their own: a column where every
    slot is empty, or covered by a cell that also covers a column kept. Word makes such columns
    when the cells of two rows span different grid columns (a "Variance" header offset by a
    narrow gap from the "Amount" under it); they print as nothing. Spans shrink accordingly; a
    cell is dropped only when it is empty and all its columns go, so no text is lost."""
    grid = table.grid()
    width = len(grid[0]) if grid else 0
    left: dict[int, int] = {}  # id(cell) → columns of it still kept
    cells: dict[int, Cell] = {}
    for row in grid:
        for slot in row:
            if slot is not None:
                left[id(slot[2])] = slot[2].col_span
                cells[id(slot[2])] = slot[2]
    drop: set[int] = set()
    for c in range(width):
        col = {id(s[2]) for row in grid if (s := row[c]) is not None}
        if all(not cells[k].text.strip() or left[k] > 1 for k in col) and len(drop) < width - 1:
            drop.add(c)
            for k in col:
                left[k] -= 1
    if not drop:
        return table
    gone = {k for k, n in left.items() if n <= 0}
    fixed = [[c.model_copy(update={"col_span": max(left[id(c)], 1)}) for c in r if id(c) not in gone]
             for r in (*table.header, *table.rows)]
    head = len(table.header)
    return table.model_copy(update={"header": fixed[:head], "rows": fixed[head:]})


def table_text(table: Table) -> str:
    """The text of a TABLE block: each row's cells joined by a tab, rows by a newline."""
    return "\n".join("\t".join(c.text.replace("\n", " ") for c in row) for row in (*table.header, *table.rows))
