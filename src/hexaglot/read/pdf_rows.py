"""A PDF table's rows and cells, from its visual rows and column boundaries (:func:`_rows`,
:func:`_cells`), and the row-level facts the table finder (:mod:`hexaglot.read.pdf_tables`) reads:
a row's cells with a leading paragraph or item number joined to its text (:func:`_frags`,
:func:`_items`), the narrower spaces at a column edge other rows share that part two cells
(:func:`_edge_spaces`), whether it is tabular, the column of an x position, a rule between two heights.

A row starts at text in the first column after a gap wider than a wrapped line's, at a horizontal
rule, when a figure (or a numbered item) would land in a column the row already fills, or at a
new paragraph beside an empty first cell; lines without first-column text continue the row (a
multi-line cell of a second column), and a figure or paragraph beside the next line of a wrapped
first cell opens a row the first cell goes on over (a cell merged over rows in the source); so
does each later figure or paragraph the rows opened so beside it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from hexaglot.model import Cell, Table
from hexaglot.read.pdf_layout import Frag, Rule, VRow

TIGHT = 0.45  # a vertical gap under this (in font sizes) joins wrapped lines of one cell
MAX_GAP = 2.6  # a vertical gap over this (in font sizes) ends a table
HEADER_ROWS = 4  # a header is at most this many rows above the first rule across the table

_MARKER = re.compile(r"\(?(?:\d{1,3}|[ivxlcdm]{1,5}|[IVXLCDM]{1,5}|[a-zA-Z])[.)]\Z")
_ITEM = re.compile(r"\d{1,2}(?:\.\d{1,2}){1,3}\Z")  # an item number of a results framework: 2.1, 3.1.6
_ITEM_LED = re.compile(r"\d{1,2}(?:\.\d{1,2}){1,3} \S")  # a fragment led by its item number
ITEM_GAP = 2.0  # an item number stands this close (in font sizes) to its text
ITEM_WRAP = 3  # visual rows looked at under an item for its text's wrapped line
EDGE_ROWS = 2  # a narrower space is a cell gap at a column edge this many other rows share ...
EDGE_TOL = 0.1  # ... within this (in font sizes)
_BULLETS = "•◦▪‣"  # a bulleted paragraph opens with one of these
_LEADERS = re.compile(r"(?:\.\s?){5,}|…{2,}|[_\u2014\u2015\u2500\u2501-]{8,}")  # dot leaders, a separator


@dataclass(slots=True)
class _Row:
    vrows: list[VRow]
    frags: list[tuple[Frag, int, int]]  # fragment, first column, last column

    def cols(self) -> set[int]:
        return {c for _, a, b in self.frags for c in range(a, b + 1)}


def _frags(v: VRow) -> list[Frag]:
    """The row's fragments left to right, a leading paragraph number joined to its text."""
    if v.cells is None:
        v.cells = _join_marker(v.frags)
    return v.cells


def _items(vrows: list[VRow]) -> None:
    """Item numbers ("2.1.1⇥Agreement and compliance ...") joined to their text, like a leading
    paragraph number, in every row of the page where a number stands at the left edge of a
    column of numbered items: one whose text's wrapped line starts under the number and runs
    under the text (no column boundary between them), which a figure with a label beside it
    never has."""
    found: list[tuple[VRow, int]] = []  # row, index of the number among its fragments
    edges: list[float] = []  # left edges of numbers with such a wrapped line
    for k, v in enumerate(vrows):
        fs = _frags(v)
        for j in range(len(fs) - 1):
            f, g = fs[j], fs[j + 1]
            if not (_ITEM.match(f.text.strip()) and g.text.strip()[:1].isalpha()
                    and g.x0 - f.x1 <= ITEM_GAP * f.size):
                continue
            found.append((v, j))
            tol = 0.5 * f.size
            prev = v
            for w in vrows[k + 1 : k + 1 + ITEM_WRAP]:
                if w.top - prev.bottom > TIGHT * f.size:
                    break
                if any(abs(h.x0 - f.x0) <= tol and h.x1 > g.x0 + f.size for h in w.frags):
                    edges.append(f.x0)
                    break
                prev = w
    done: set[int] = set()
    for v, j in reversed(found):  # right to left within a row: the indices stay true
        fs = _frags(v)
        f = fs[j]
        if id(f) in done or not any(abs(f.x0 - x) <= 0.5 * f.size for x in edges):
            continue
        g = fs[j + 1]
        joined = Frag(f"{f.text} {g.text}", f.x0, g.x1, min(f.top, g.top), max(f.bottom, g.bottom),
                      max(f.size, g.size), f.notes + g.notes)
        done.add(id(joined))
        v.cells = [*fs[:j], joined, *fs[j + 2 :]]
        v.tab = None


def _edge_spaces(vrows: list[VRow]) -> None:
    """A narrower space inside a fragment (:attr:`Frag.spaces`) becomes a gap where cells may be
    cut (:attr:`Frag.gaps`) when it stands at a column edge that other rows share: the text before
    it ends where cells of :data:`EDGE_ROWS` other rows end (a dash meaning zero, right-aligned
    like the figures under it, printed close to the next column's figure), or the text after it
    starts where their cells start (a left-aligned column of document symbols printed close to
    the labels before it). A word space of running text lines up with no such edges."""
    ends: list[tuple[float, int]] = []  # x, row
    starts: list[tuple[float, int]] = []
    for k, v in enumerate(vrows):
        for f in v.frags:
            ends += [(f.x1, k), *((g[0], k) for g in f.gaps)]
            starts += [(f.x0, k), *((g[1], k) for g in f.gaps)]
    ends.sort()
    starts.sort()

    def shared(edges: list[tuple[float, int]], x: float, tol: float, k: int) -> bool:
        lo = bisect_left(edges, (x - tol, -1))
        rows: set[int] = set()
        for y, j in edges[lo:]:
            if y > x + tol:
                break
            if j != k:
                rows.add(j)
                if len(rows) >= EDGE_ROWS:
                    return True
        return False

    for k, v in enumerate(vrows):
        for f in v.frags:
            if not f.spaces:
                continue
            tol = EDGE_TOL * f.size
            found = [g for g in f.spaces if shared(ends, g[0], tol, k) or shared(starts, g[1], tol, k)]
            if found:
                f.gaps = sorted([*f.gaps, *found], key=lambda g: g[2])
                f.spaces = [g for g in f.spaces if g not in found]


def _join_marker(fs: list[Frag]) -> list[Frag]:
    if len(fs) >= 2 and _MARKER.match(fs[0].text.strip()):
        a, b = fs[0], fs[1]
        joined = Frag(f"{a.text} {b.text}", a.x0, b.x1, min(a.top, b.top), max(a.bottom, b.bottom),
                      max(a.size, b.size), a.notes + b.notes)
        fs = [joined, *fs[2:]]
    return fs


def _tabular(v: VRow) -> bool:
    if v.tab is None:
        fs = _frags(v)
        v.tab = len(fs) >= 2 and not any(_LEADERS.search(f.text) for f in fs)
    return v.tab


def _col(x: float, bounds: list[float]) -> int:
    return sum(1 for b in bounds if x > b)


def _rule_between(hrules: list[Rule], y0: float, y1: float, x0: float, x1: float, share: float,
                  pieces: bool = False) -> bool:
    """A horizontal rule between ``y0`` and ``y1`` covers ``share`` of ``[x0, x1]``; with ``pieces``
    the pieces of one printed rule (Word draws a border cell by cell) count together."""
    width = max(x1 - x0, 1.0)
    cover: dict[float, float] = {}
    for r in hrules:
        if y0 - 0.5 < r.y0 < y1 + 0.5:
            y = round(r.y0) if pieces else id(r)
            cover[y] = cover.get(y, 0.0) + max(0.0, min(r.x1, x1) - max(r.x0, x0))
    return any(c >= share * width for c in cover.values())


def _rows(region: list[VRow], bounds: list[float], size: float, hrules: list[Rule],
          x0: float, x1: float) -> list[_Row]:
    rows: list[_Row] = []
    tol = 0.3 * size
    beside: dict[int, _Row] = {}  # a row opened beside a first cell going on: id -> the row owning that cell
    for v in region:
        frags = [part for f in _frags(v) for part in _split_at(f, bounds, tol)]
        placed = [(f, _col(f.x0 + tol, bounds), _col(f.x1 - tol, bounds)) for f in frags]
        placed = [(f, a, max(a, b)) for f, a, b in placed]
        has0 = any(a == 0 for _, a, _ in placed)
        cur = rows[-1] if rows else None
        if cur is None or _rule_between(hrules, cur.vrows[-1].bottom, v.top, x0, x1, 0.15):
            rows.append(_Row([v], placed))
            continue
        filled = {a for f, a, _ in cur.frags if f.numeric}
        clash = any(f.numeric and a in filled for f, a, _ in placed)
        items = {a for f, a, _ in cur.frags if _ITEM_LED.match(f.text)}  # a second numbered item
        clash = clash or any(a in items and _ITEM_LED.match(f.text) for f, a, _ in placed)
        cur0 = [f for f, a, _ in cur.frags if a == 0]
        owner = beside.get(id(cur))
        if has0 and owner is not None and v.top - max(f.bottom for f, a, _ in owner.frags if a == 0) <= TIGHT * size:
            owner.vrows.append(v)  # the first cell, merged over the rows beside it, goes on
            owner.frags.extend(t for t in placed if t[1] == 0)
            rest = [t for t in placed if t[1] != 0]
            if rest and (clash or _new_paragraph(cur, rest, size)):
                rows.append(_Row([v], rest))
                beside[id(rows[-1])] = owner
            elif rest:
                cur.vrows.append(v)
                cur.frags.extend(rest)
            continue
        if has0:  # text in the first column: a new row unless it wraps the cell above
            ref = max(f.bottom for f in cur0) if cur0 else cur.vrows[-1].bottom
            wraps = any(a == 0 and f.text[:1].islower() for f, a, _ in placed)  # a sentence goes on
            join = v.top - ref <= TIGHT * size and (not clash or (bool(cur0) and wraps))
            if join and bool(cur0) and wraps and (clash or _new_paragraph(cur, placed, size)) \
                    and not _rule_between(hrules, cur.vrows[0].top, v.top, x0, x1, 0.15):
                # a figure under the row's figure beside the first cell's next line: the first cell
                # spans rows (merged in the source) and the figure opens a row of its own
                cur.vrows.append(v)
                cur.frags.extend(t for t in placed if t[1] == 0)
                rows.append(_Row([v], [t for t in placed if t[1] != 0]))
                beside[id(rows[-1])] = cur
                continue
        else:
            gap = v.top - cur.vrows[-1].bottom
            full = {a for f, a, _ in cur.frags if f.text.strip()}
            # a new paragraph (after a paragraph's space, in capitals) under cells the row has
            # filled, its first cell empty: a row of its own, as Word prints a cell's second
            # paragraph set in a row of its own
            para = gap > TIGHT * size and all(a in full and (f.text.lstrip()[:1].isupper() or f.text.lstrip()[:1] in _BULLETS)
                                              for f, a, _ in placed)
            join = not clash and not para and gap <= MAX_GAP * size
        if join:
            cur.vrows.append(v)
            cur.frags.extend(placed)
        else:
            rows.append(_Row([v], placed))
            if not has0 and owner is not None:  # the next figure beside the same merged first cell
                beside[id(rows[-1])] = owner
    return rows


def _new_paragraph(cur: _Row, placed: list[tuple[Frag, int, int]], size: float) -> bool:
    """A fragment beside the first column opens a new paragraph of its column: in capitals (or a
    bullet), after a paragraph's space under the row's text in that column."""
    for f, a, _ in placed:
        above = [g.bottom for g, b, _ in cur.frags if b == a and a > 0]
        start = f.text.lstrip()[:1]
        if above and f.top - max(above) > TIGHT * size and (start.isupper() or start in _BULLETS):
            return True
    return False


def _pieces(f: Frag, first: bool = False) -> list[Frag]:
    """The fragment cut at each of its wide word spaces (for finding columns only); in the first
    fragment of a row, the space after a paragraph number ("II.⇥Government-provided personnel")
    parts no cells."""
    gaps = [g for g in f.gaps if not (first and _MARKER.match(f.text[: g[2]].strip()))]
    if not gaps:
        return [f]
    edges = [f.x0, *(x for g in gaps for x in g[:2]), f.x1]
    return [Frag("", a, b, f.top, f.bottom, f.size) for a, b in zip(edges[::2], edges[1::2], strict=True)]


def _split_at(f: Frag, bounds: list[float], tol: float) -> list[Frag]:
    """A fragment across a column boundary that falls in one of its wide word spaces is two cells
    printed close together ("Amount Percentage" over two columns): cut it there."""
    for b in bounds:
        if not f.x0 + tol < b < f.x1 - tol:
            continue
        near = [g for g in f.gaps if g[0] - tol <= b <= g[1] + tol]
        if near:
            x0, x1, k = min(near, key=lambda g: abs((g[0] + g[1]) / 2 - b))
            shift = len(f.text[: k + 1]) - len(f.text[: k + 1].lstrip())
            left = Frag(f.text[:k].rstrip(), f.x0, x0, f.top, f.bottom, f.size, [],
                        [g for g in f.gaps if g[2] < k])
            right = Frag(f.text[k + 1 :].lstrip(), x1, f.x1, f.top, f.bottom, f.size, list(f.notes),
                         [(g0, g1, o - k - 1 - shift) for g0, g1, o in f.gaps if o > k])
            return [*_split_at(left, bounds, tol), *_split_at(right, bounds, tol)]
    return [f]


def _split_by_rule(row: _Row, hrules: list[Rule]) -> list[_Row]:
    """A header row crossed by a short rule under a heading that spans columns ("Actual" over
    three years, beside multi-line headings of single columns) is two rows: the fragments under
    the rule in its columns, and each other column's cell whose first line starts under the rule,
    make the second. Every such rule of the row counts ("Variance" over two pairs of columns,
    each with its rule)."""
    top, bottom = row.vrows[0].top, row.vrows[-1].bottom
    inside: list[tuple[Frag, int, int]] = []  # the fragments within a short rule's span
    below: list[tuple[Frag, int, int]] = []  # ... and under it
    ys: list[float] = []
    for r in hrules:
        if not top < r.y0 < bottom:
            continue
        within = [t for t in row.frags if t[0].x0 >= r.x0 - 1 and t[0].x1 <= r.x1 + 1]
        above = [t for t in within if t[0].bottom <= r.y0 + 1]
        under = [t for t in within if t[0].top >= r.y0 - 1]
        if not above or len({a for _, a, _ in under}) < 2:
            continue
        inside += within
        below += under
        ys.append(r.y0)
    if not ys:
        return [row]
    ids = {id(t[0]) for t in inside}
    first: dict[int, float] = {}  # per column outside the rules: where its cell starts
    for f, a, _ in row.frags:
        if id(f) not in ids:
            first[a] = min(first.get(a, f.top), f.top)
    under_ids = {id(t[0]) for t in below}
    under_ids |= {id(f) for f, a, _ in row.frags if id(f) not in ids and first[a] >= min(ys) - 1}
    return [_Row(row.vrows, [t for t in row.frags if id(t[0]) not in under_ids]),
            _Row(row.vrows, [t for t in row.frags if id(t[0]) in under_ids])]


def _split_subheads(row: _Row) -> list[_Row]:
    """A header row holding a heading that spans columns and, under it, two or more sub-headings
    within those columns ("Variance" over "Amount" and "Percentage") is two rows: the sub-headings
    (and what is under them in those columns) make the second, as in the source table."""
    for f, a, b in row.frags:
        if b <= a:
            continue
        under = [(g, x, y) for g, x, y in row.frags if a <= x and y <= b and y - x < b - a and g.top >= f.bottom]
        if len({x for _, x, _ in under}) >= 2:
            ids = {id(g) for g, _, _ in under}
            top = [t for t in row.frags if id(t[0]) not in ids]
            return [_Row(row.vrows, top), _Row(row.vrows, under)]
    return [row]


def _header_count(rows: list[_Row], hrules: list[Rule], x0: float, x1: float) -> int:
    for k in range(min(HEADER_ROWS, len(rows) - 1)):
        if _rule_between(hrules, rows[k].vrows[-1].bottom, rows[k + 1].vrows[0].top, x0, x1, 0.6):
            return k + 1
    return 0


def _cells(row: _Row, ncols: int) -> list[Cell]:
    """The row's cells; fragments starting inside a spanning cell join it (no text is lost)."""
    by_start: dict[int, list[tuple[Frag, int]]] = {}
    for f, a, b in row.frags:
        by_start.setdefault(min(a, ncols - 1), []).append((f, b))
    cells: list[Cell] = []
    c = 0
    while c < ncols:
        if c not in by_start:
            cells.append(Cell(text=""))
            c += 1
            continue
        parts = list(by_start[c])
        end = max(b for _, b in parts)
        k = c + 1
        while k <= min(end, ncols - 1):
            parts += by_start.get(k, [])
            end = max([end, *(b for _, b in by_start.get(k, []))])
            k += 1
        end = min(end, ncols - 1)
        parts.sort(key=lambda p: (round(p[0].top), p[0].x0))
        text = " ".join(f.text.strip() for f, _ in parts if f.text.strip())
        notes = [n for f, _ in parts for n in f.notes]
        cells.append(Cell(text=text, col_span=end - c + 1, notes=notes))
        c = end + 1
    return cells


def table_text(table: Table) -> str:
    """Cells joined by a tab, rows by a newline."""
    return "\n".join("\t".join(c.text for c in row) for row in (*table.header, *table.rows))
