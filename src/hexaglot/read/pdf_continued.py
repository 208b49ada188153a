"""A PDF table that runs over pages, joined: the part that ends a page and the part that opens the
next (:func:`merge_continued`), the header printed again dropped, a part that leaves columns out
put on the grid of the part before it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

from hexaglot.model import Block, Cell, Label, Layer, Table
from hexaglot.read.pdf_rows import HEADER_ROWS, _col, table_text


@dataclass(slots=True)
class Edges:
    """What joining a table to the next page's needs: whether it opens / ends its page, and where
    its columns stand."""

    top: bool
    bottom: bool
    bounds: list[float]
    centers: list[float | None]
    closed: bool = False  # a rule across it right under its last row


def _width(table: Table) -> int:
    return max((sum(c.col_span for c in r) for r in (*table.header, *table.rows)), default=0)


def _without_repeat(rows: list[list[Cell]], head: Table) -> list[list[Cell]]:
    """``rows`` without the leading rows that print the header of ``head`` again (repeated on the
    next page, whole, in part or cut into rows another way): rows equal to the first rows of
    ``head``, or rows whose words are words of its header not yet used."""
    first = [*head.header, *head.rows]
    k = 0
    while k < min(len(rows), len(first), HEADER_ROWS + 2) and _words(rows[k]) == _words(first[k]):
        k += 1
    if k:
        return rows[k:]
    left = Counter(w for r in head.header for w in _words(r))
    k = 0
    while k < len(rows) and _words(rows[k]):
        need = Counter(_words(rows[k]))
        if need - left:
            break
        left -= need
        k += 1
    return rows[k:]


def _words(row: list[Cell]) -> list[str]:
    return " ".join(c.text for c in row).split()


def _regrid(t: Table, tail: Edges, head: Edges, width: int) -> Table | None:
    """``t`` (the part of a table on the next page, which leaves some columns out: only the labels
    and the "Total" column) on the grid of the part before it: each column goes to the column
    of the head under the middle of its text; None when two land in one or the order changes."""
    if _width(t) != len(tail.centers) or not head.bounds:
        return None
    where = [None if c is None else _col(c, head.bounds) for c in tail.centers]
    known = [w for w in where if w is not None]
    if any(b <= a for a, b in pairwise(known)) or any(w >= width for w in known):
        return None
    rows: list[list[Cell]] = []
    for row in (*t.header, *t.rows):
        slots: list[Cell | None] = [None] * width
        used = [False] * width
        k = 0
        for c in row:
            first, last = k, k + c.col_span - 1
            k += c.col_span
            if not c.text.strip():
                continue
            ends = [w for w in where[first : last + 1] if w is not None]
            if not ends or any(used[ends[0] : ends[-1] + 1]):
                return None
            slots[ends[0]] = c.model_copy(update={"col_span": ends[-1] - ends[0] + 1})
            for j in range(ends[0], ends[-1] + 1):
                used[j] = True
        out: list[Cell] = []
        j = 0
        while j < width:
            cell = slots[j]
            out.append(cell if cell is not None else Cell(text=""))
            j += cell.col_span if cell is not None else 1
        rows.append(out)
    head_n = len(t.header)
    return t.model_copy(update={"header": rows[:head_n], "rows": rows[head_n:]})


def _starts(row: list[Cell]) -> dict[int, Cell]:
    out: dict[int, Cell] = {}
    k = 0
    for c in row:
        out[k] = c
        k += c.col_span
    return out


def _rest_of_row(first: list[Cell], last: list[Cell]) -> list[Cell] | None:
    """``last`` (the last row of a part) with ``first`` (the first row of the next part) joined to
    it when ``first`` is the rest of its cells, cut at the page break: every cell with text starts
    in lower case (a sentence going on) and stands where ``last`` has a cell of its own with
    text, on the same columns; else None."""
    here, there = _starts(first), _starts(last)
    full = {k: c for k, c in here.items() if c.text.strip()}
    if not full or not all(c.text.lstrip()[:1].islower() for c in full.values()):
        return None
    if any(k not in there or there[k].col_span != c.col_span or not there[k].text.strip() for k, c in full.items()):
        return None
    return [c.model_copy(update={"text": f"{c.text} {full[k].text}", "notes": [*c.notes, *full[k].notes]})
            if k in full else c for k, c in there.items()]


def _widened(head: Table, tail: Edges, last: Edges) -> Table | None:
    """``head`` (a part that ends its page with no rule closing it) on the grid of the part that
    opens the next page under a header of its own with more columns: each column boundary of
    ``head`` is one of the next part's, so a cell of ``head`` spans the columns between them
    (a results framework's two-column indicators, then its three-column outputs: one table
    in the source). None when a boundary has no match."""
    tol = 3.0
    where = []
    for b in last.bounds:
        m = [k for k, x in enumerate(tail.bounds) if abs(x - b) <= tol]
        if not m:
            return None
        where.append(m[0])
    if _width(head) != len(last.bounds) + 1 or len(tail.bounds) <= len(last.bounds):
        return None
    first = [0, *(w + 1 for w in where)]  # per column of head: its first and last column on the new grid
    final = [*where, len(tail.bounds)]
    rows: list[list[Cell]] = []
    for row in (*head.header, *head.rows):
        out: list[Cell] = []
        k = 0
        for c in row:
            a, b = k, min(k + c.col_span - 1, len(first) - 1)
            k += c.col_span
            out.append(c.model_copy(update={"col_span": final[b] - first[a] + 1}))
        rows.append(out)
    n = len(head.header)
    return head.model_copy(update={"header": rows[:n], "rows": rows[n:]})


def merge_continued(blocks: list[Block], tables: list[Table],
                    edges: list[Edges]) -> tuple[list[Block], list[Table]]:
    """Join a table that ends a page to the one that opens the next page when they have the same
    columns, or when the columns of the second stand under columns of the first; a header
    printed again on the new page is dropped, and the rest of a row cut at the page break joins
    that row. When the part that opens the page is the header alone, the table right under it
    goes on from it. The header printed again becomes a furniture block of its page (its words are
    kept, out of the body and the table). Table indices are renumbered."""
    out: list[Block] = []
    keep: list[Table] = []
    new_index: dict[int, int] = {}
    prev: Block | None = None  # the last TABLE block kept
    header_only: int | None = None  # the page whose part, just joined, was the header printed again
    for b in blocks:
        if b.table is None:
            out.append(b)
            header_only = None
            continue
        t = tables[b.table]
        if prev is not None and prev.table is not None and b.page is not None and prev.page is not None:
            head = keep[new_index[prev.table]]
            ends = (edges[prev.table].bottom and b.page == head.pages[-1] + 1 and edges[b.table].top) \
                or header_only == b.page
            if ends and _width(head) != _width(t):
                t = _regrid(t, edges[b.table], edges[prev.table], _width(head)) or t
            if ends and _width(head) < _width(t) and t.header and not edges[prev.table].closed:
                head = _widened(head, edges[b.table], edges[prev.table]) or head
            if ends and _width(head) == _width(t):
                every = [*t.header, *t.rows]
                rows = _without_repeat(every, head)
                repeated = " ".join(w for r in every[:len(every) - len(rows)] for w in _words(r))
                if repeated:  # the header printed again: furniture, like a running header, never lost
                    out.append(Block(text=repeated, orig=repeated, label=Label.PAGE_HEADER, layer=Layer.FURNITURE,
                                     page=b.page, bbox=b.bbox, style=b.style))  # where that part of the table is
                header_only = b.page if not rows else None
                joined = _rest_of_row(rows[0], head.rows[-1]) if rows and head.rows else None
                rows = [*head.rows, *rows] if joined is None else [*head.rows[:-1], joined, *rows[1:]]
                pages = head.pages if b.page in head.pages else [*head.pages, b.page]
                keep[new_index[prev.table]] = head.model_copy(update={"rows": rows, "pages": pages})
                new_index[b.table] = new_index[prev.table]
                edges[prev.table] = edges[b.table]
                continue
        header_only = None
        new_index[b.table] = len(keep)
        keep.append(t)
        prev = b
        out.append(b)
    for b in out:
        if b.table is not None and b.label == Label.TABLE:
            b.table = new_index[b.table]
            b.text = b.orig = table_text(keep[b.table])
    return out, keep
