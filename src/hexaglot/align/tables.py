"""Table cells of two versions, aligned by structure: tables, then rows, then cells.

The cells of a version (sentences of kind ``cell``) say where they stand
(:func:`hexaglot.units.parse_cell_unit`: table, row, column, the table's label key). Their
alignment never goes through the prose aligner:

1. **tables** are paired by label and order: the tables' label keys (``"3"`` for "Table 3" and
   "Tableau 3", ``"II-1"`` for "Annex II, table 1"): a key each version has once pairs its tables;
   the others are matched in order (longest matching subsequence), and unlabelled tables, and
   tables whose label one version missed, are paired in order inside each gap, where shapes
   (rows × columns) agree first;
2. **rows** of two paired tables: row i ↔ row i when the tables have as many rows; otherwise the
   rows' number signatures (the digits of each cell, which translation leaves alone) are matched in
   order, header rows with header rows, and the gaps paired in order;
3. **cells** of two paired rows: by grid column.

Each pair of cells is a 1-1 bead; a cell without a partner is a 1-0 or 0-1 bead. A bead's score says
how sure the pairing is: 1.0 when both cells hold the same digits, 0.8 for two cells without digits
(their place is the only evidence), 0.3 when the digits differ or only one side has any. Cells whose
unit names no place (an older archive) are aligned with the prose aligner, among themselves.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from hexaglot.model import Bead
from hexaglot.units import CellPlace, parse_cell_unit

_DIGITS = re.compile(r"\d")

SAME_DIGITS, NO_DIGITS, OTHER = 1.0, 0.8, 0.3


@dataclass
class _Table:
    index: int
    key: str
    rows: dict[int, dict[int, int]] = field(default_factory=dict)  # row → column → local index
    header: set[int] = field(default_factory=set)

    def shape(self) -> tuple[int, int]:
        return len(self.rows), max((len(r) for r in self.rows.values()), default=0)


def _tables(places: Sequence[CellPlace | None]) -> tuple[list[_Table], list[int]]:
    """The tables of one side (in order of first cell) and the local indices without a place."""
    out: dict[int, _Table] = {}
    loose: list[int] = []
    for i, p in enumerate(places):
        if p is None:
            loose.append(i)
            continue
        t = out.setdefault(p.table, _Table(p.table, p.key))
        t.rows.setdefault(p.row, {}).setdefault(p.col, i)
        if p.header:
            t.header.add(p.row)
    return list(out.values()), loose


def _pairs_in_order(a: Sequence[object], b: Sequence[object]) -> list[tuple[int | None, int | None]]:
    """Items of ``a`` and ``b`` paired where equal (in order), the gaps paired position by position."""
    out: list[tuple[int | None, int | None]] = []
    for op, a0, a1, b0, b1 in SequenceMatcher(None, list(a), list(b), autojunk=False).get_opcodes():
        if op == "equal":
            out += [(a0 + k, b0 + k) for k in range(a1 - a0)]
            continue
        k = min(a1 - a0, b1 - b0)
        out += [(a0 + j, b0 + j) for j in range(k)]
        out += [(i, None) for i in range(a0 + k, a1)] + [(None, j) for j in range(b0 + k, b1)]
    return out


def pair_tables(src: Sequence[_Table], tgt: Sequence[_Table]) -> list[tuple[int | None, int | None]]:
    """Table pairs (positions in ``src``/``tgt``): a label key each side has once pairs its two tables
    wherever they stand; the other tables by key in order, then in each gap by shape and order."""
    once_s = Counter(t.key for t in src if t.key)
    once_t = Counter(t.key for t in tgt if t.key)
    unique = {k for k in once_s if once_s[k] == 1 and once_t.get(k) == 1}
    by_key = {t.key: j for j, t in enumerate(tgt) if t.key in unique}
    out: list[tuple[int | None, int | None]] = [(i, by_key[t.key]) for i, t in enumerate(src) if t.key in unique]
    rest_s = [i for i, t in enumerate(src) if t.key not in unique]
    rest_t = [j for j, t in enumerate(tgt) if t.key not in unique]
    ks = [src[i].key or f"\x00s{i}" for i in rest_s]
    kt = [tgt[j].key or f"\x00t{j}" for j in rest_t]
    for op, a0, a1, b0, b1 in SequenceMatcher(None, ks, kt, autojunk=False).get_opcodes():
        if op == "equal":
            out += [(rest_s[a0 + k], rest_t[b0 + k]) for k in range(a1 - a0)]
            continue
        for i, j in _pairs_in_order([src[x].shape() for x in rest_s[a0:a1]],
                                    [tgt[x].shape() for x in rest_t[b0:b1]]):
            out.append((None if i is None else rest_s[a0 + i], None if j is None else rest_t[b0 + j]))
    return sorted(out, key=lambda p: (p[0] if p[0] is not None else -1, p[1] if p[1] is not None else -1))


def _digits(text: str) -> str:
    return "".join(_DIGITS.findall(text))


def _row_signature(t: _Table, row: int, texts: Sequence[str]) -> tuple[bool, str]:
    return row in t.header, "|".join(_digits(texts[i]) for _, i in sorted(t.rows[row].items()))


def pair_rows(s: _Table, t: _Table, st: Sequence[str], tt: Sequence[str]) -> list[tuple[int | None, int | None]]:
    """Row pairs (row numbers) of two paired tables."""
    rs, rt = sorted(s.rows), sorted(t.rows)
    if len(rs) == len(rt):
        return list(zip(rs, rt, strict=True))
    pairs = _pairs_in_order([_row_signature(s, r, st) for r in rs], [_row_signature(t, r, tt) for r in rt])
    return [(None if i is None else rs[i], None if j is None else rt[j]) for i, j in pairs]


def _cells_of(t: _Table) -> list[int]:
    return [i for r in sorted(t.rows) for _, i in sorted(t.rows[r].items())]


def cell_score(a: str, b: str) -> float:
    da, db = _digits(a), _digits(b)
    if da and db:
        return SAME_DIGITS if da == db else OTHER
    return NO_DIGITS if not da and not db else OTHER


def align_cells(src: Sequence[str], tgt: Sequence[str], src_units: Sequence[str | None],
                tgt_units: Sequence[str | None],
                aligner: Callable[[Sequence[str], Sequence[str]], list[Bead]] | None = None) -> list[Bead]:
    """Beads (local indices) of the cells of two versions, table by table, row by row."""
    ts, loose_s = _tables([parse_cell_unit(u) for u in src_units])
    tt, loose_t = _tables([parse_cell_unit(u) for u in tgt_units])
    out: list[Bead] = []
    for a, b in pair_tables(ts, tt):
        if a is None or b is None:
            if a is not None:
                out += [Bead(src=[i], tgt=[], score=0.0) for i in _cells_of(ts[a])]
            if b is not None:
                out += [Bead(src=[], tgt=[j], score=0.0) for j in _cells_of(tt[b])]
            continue
        s, t = ts[a], tt[b]
        for ra, rb in pair_rows(s, t, src, tgt):
            cs = s.rows.get(ra, {}) if ra is not None else {}
            ct = t.rows.get(rb, {}) if rb is not None else {}
            for col in sorted({*cs, *ct}):
                i, j = cs.get(col), ct.get(col)
                if i is not None and j is not None:
                    out.append(Bead(src=[i], tgt=[j], score=cell_score(src[i], tgt[j])))
                elif i is not None:
                    out.append(Bead(src=[i], tgt=[], score=0.0))
                elif j is not None:
                    out.append(Bead(src=[], tgt=[j], score=0.0))
    if loose_s and loose_t and aligner is not None:
        for bead in aligner([src[i] for i in loose_s], [tgt[j] for j in loose_t]):
            out.append(Bead(src=[loose_s[i] for i in bead.src], tgt=[loose_t[j] for j in bead.tgt], score=bead.score))
    else:
        out += [Bead(src=[i], tgt=[], score=0.0) for i in loose_s] + [Bead(src=[], tgt=[j], score=0.0)
                                                                      for j in loose_t]
    return out
