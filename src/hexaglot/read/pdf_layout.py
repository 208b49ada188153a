"""Page geometry for the PDF reader's tables: text fragments, visual rows and ruling lines.

A *fragment* is a run of characters of one printed line with no wide gap inside (a table cell's
line, or a whole prose line); the PDF reader cuts them (:func:`hexaglot.read.pdf._fragments`).
Ruling lines come from the page's path objects: Word draws a table border as one short filled
rectangle per cell, so collinear pieces are joined into one rule here.
"""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass, field
from typing import Any

RULE_THICK = 2.0  # a path thinner than this (points) is a rule, not a shape
RULE_MIN = 12.0  # a rule shorter than this is a tick or a joint between cell borders
MAX_PATHS = 20_000  # a page drawn with more path objects than this is a drawing: no rules are read

_NUMERIC = re.compile(r"[\s(\[]*[-–—+$€£%]?[\d\s.,:/%()$–—-]*\d[\d\s.,%)]*[a-z]?[)\]]*\Z")


@dataclass(slots=True)
class Frag:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    notes: list[str] = field(default_factory=list)
    gaps: list[tuple[float, float, int]] = field(default_factory=list)  # wide spaces: x0, x1, offset
    spaces: list[tuple[float, float, int]] = field(default_factory=list)  # narrower ones (a gap at a column edge)

    @property
    def numeric(self) -> bool:
        t = self.text.strip()
        return t in "–—-" or bool(_NUMERIC.match(t))


@dataclass(slots=True)
class PageLine:
    """One printed line of a page with its fragments; ``index`` is its place in the page's lines."""

    index: int
    frags: list[Frag]
    top: float
    bottom: float
    size: float
    rot: bool = False

    @property
    def x0(self) -> float:
        return min(f.x0 for f in self.frags)

    @property
    def x1(self) -> float:
        return max(f.x1 for f in self.frags)


@dataclass(slots=True)
class Rule:
    """A ruling line, in top-down page coordinates: horizontal (``y0 == y1``) or vertical."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def horizontal(self) -> bool:
        return self.x1 - self.x0 >= self.y1 - self.y0


@dataclass(slots=True)
class VRow:
    """A visual row: the lines of a page that share a baseline band, left to right."""

    lines: list[PageLine]
    top: float
    bottom: float
    size: float
    cells: list[Frag] | None = None  # the fragments as table cells (set by the table finder)
    tab: bool | None = None  # the table finder's verdict: a tabular row
    span: bool = False  # a one-fragment row across a table's columns (a section or note row)

    @property
    def frags(self) -> list[Frag]:
        return sorted((f for ln in self.lines for f in ln.frags), key=lambda f: f.x0)


def visual_rows(lines: list[PageLine]) -> list[VRow]:
    """Group lines whose vertical extents overlap by more than half the smaller line."""
    rows: list[VRow] = []
    for ln in sorted(lines, key=lambda ln: (ln.top, ln.x0)):
        for r in reversed(rows[-4:]):
            overlap = min(r.bottom, ln.bottom) - max(r.top, ln.top)
            if overlap > 0.5 * min(r.bottom - r.top, ln.bottom - ln.top):
                r.lines.append(ln)
                r.top, r.bottom = min(r.top, ln.top), max(r.bottom, ln.bottom)
                r.size = max(r.size, ln.size)
                break
        else:
            rows.append(VRow([ln], ln.top, ln.bottom, ln.size))
    rows.sort(key=lambda r: r.top)
    return rows


def page_rules(raw: Any, page: Any, height: float) -> list[Rule]:
    """The page's ruling lines: thin path objects, collinear pieces joined; a stroked or filled
    rectangle larger than a rule gives its four edges (a box frame)."""
    hp = page.raw
    n = raw.FPDFPage_CountObjects(hp)
    if n > MAX_PATHS:
        return []
    pieces: list[tuple[float, float, float, float]] = []
    a, b, c, d = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    pa, pb, pc, pd = ctypes.byref(a), ctypes.byref(b), ctypes.byref(c), ctypes.byref(d)
    path = raw.FPDF_PAGEOBJ_PATH
    for k in range(n):
        obj = raw.FPDFPage_GetObject(hp, k)
        if raw.FPDFPageObj_GetType(obj) != path or not raw.FPDFPageObj_GetBounds(obj, pa, pb, pc, pd):
            continue
        x0, x1, top, bottom = a.value, c.value, height - d.value, height - b.value
        w, h = x1 - x0, bottom - top
        if w <= RULE_THICK or h <= RULE_THICK:
            pieces.append((x0, top, x1, bottom))
        elif w > RULE_MIN and h > RULE_MIN and raw.FPDFPath_CountSegments(obj) <= 6:  # a rectangle
            pieces += [(x0, top, x1, top), (x0, bottom, x1, bottom), (x0, top, x0, bottom), (x1, top, x1, bottom)]
    return _join(pieces)


def _join(pieces: list[tuple[float, float, float, float]]) -> list[Rule]:
    hs = sorted(((round((t + b) / 2, 0), x0, x1) for x0, t, x1, b in pieces if x1 - x0 >= b - t), key=lambda p: p)
    vs = sorted(((round((x0 + x1) / 2, 0), t, b) for x0, t, x1, b in pieces if x1 - x0 < b - t))
    out: list[Rule] = []
    for group, horizontal in ((hs, True), (vs, False)):
        cur: list[float] | None = None
        for pos, s, e in group:
            if cur is not None and cur[0] == pos and s <= cur[2] + 1.0:
                cur[2] = max(cur[2], e)
                continue
            if cur is not None and cur[2] - cur[1] >= RULE_MIN:
                out.append(_rule(cur, horizontal))
            cur = [pos, s, e]
        if cur is not None and cur[2] - cur[1] >= RULE_MIN:
            out.append(_rule(cur, horizontal))
    return out


def _rule(r: list[float], horizontal: bool) -> Rule:
    pos, s, e = r
    return Rule(s, pos, e, pos) if horizontal else Rule(pos, s, pos, e)
