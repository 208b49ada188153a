"""Tables of a PDF page from the geometry of its text, with ruling lines as row boundaries.

UN documents print most tables with horizontal rules only (above and below the header, above a
total), so columns come from the characters: the x-positions that (almost) no text fragment
crosses. The steps, per page (:func:`find_tables`):

1. *visual rows*: lines sharing a baseline band; a row is **tabular** when it holds two or more
   fragments (a leading paragraph number such as ``1.`` or ``(a)`` is joined to its text first),
   and not a table-of-contents line with dot leaders. The top and bottom margins (running
   headers and footers) never take part.
2. *regions*: runs of tabular rows, with the one-fragment rows between and around them that fit
   the table (inside one column, or right of the first column: a spanning header such as
   "Variance"), no wider font than the table's and no rule spanning the table crossed upwards.
3. *columns*: boundaries where fragment coverage is lowest and at most a few fragments (a header
   spanning two columns) cross; a fragment over several columns is one cell with ``col_span``.
4. *rows*: a row starts at text in the first column after a gap wider than a wrapped line's, or at
   a horizontal rule, or when a number would land in a column the row already fills; lines without
   first-column text continue the row (a multi-line cell of a second column). Rows and cells are
   made in :mod:`hexaglot.read.pdf_rows`.
5. *header*: the rows above the first rule crossing the table, when within the first four rows.

A region whose columns are all prose (long lines of words) is not a table but multi-column text:
:func:`find_tables` returns it with the order in which its fragments are read (column by column).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise

from hexaglot.model import Cell, Table
from hexaglot.read.pdf_layout import Frag, PageLine, Rule, VRow, visual_rows
from hexaglot.read.pdf_rows import (
    _LEADERS,
    MAX_GAP,
    TIGHT,
    _cells,
    _col,
    _edge_spaces,
    _frags,
    _header_count,
    _items,
    _pieces,
    _rows,
    _rule_between,
    _split_by_rule,
    _split_subheads,
    _tabular,
)

MARGIN = 0.08  # share of the page height at top and bottom that belongs to headers and footers
MARGIN_MAX = 72.0  # ... but no more than an inch on a very tall page
FOOT_GAP = 1.0  # a line in the bottom margin this close (in font sizes) under the text goes on from it
HEAD_GAP = 1.7  # a header line above the first tabular row is at most this far above it
SIZE_SLACK = 0.6  # a line in a larger font than the table's by more than this is not in it
SPAN_SHARE = 0.12  # a column boundary may be crossed by this share of the region's rows
SECTION_LINES = 3  # printed lines of a section row (heading, unit line) inside a table
NOTE_LINES = 6  # printed lines of a note row across the table, above its closing rule
HEADER_LINES = 6  # printed lines of a header (a row of up to four lines under a spanning one)
SECTION_SHARE = 0.5  # a section label over a table's first columns ends in its left half
PROSE_CHARS = 30  # mean fragment length of a column of running text
MAX_ROWS = 5_000  # visual rows of one page looked at (a bad page of thousands of tiny lines)

_SEPARATOR = re.compile(r"_{8,}")  # the line over a page's footnotes


@dataclass(slots=True)
class Found:
    """What :func:`find_tables` found: the page lines it covers and either a table or, for
    multi-column prose, the fragments in reading order."""

    lines: set[int]
    bbox: tuple[float, float, float, float]
    table: Table | None = None
    prose: list[Frag] = field(default_factory=list)
    at_top: bool = False  # no text of the page above it (below the running header)
    at_bottom: bool = False  # no text of the page below it (above the running footer)
    closed: bool = False  # a rule across it right under its last row
    bounds: list[float] = field(default_factory=list)  # the table's column boundaries (x)
    centers: list[float | None] = field(default_factory=list)  # per column: the middle of its text


@dataclass
class Carry:
    """The table that ends the page before, open (no rule under its last row): its column boundaries
    and its header's words. A table that opens the next page under the same header printed again is
    its rest, and is cut on its columns (:func:`find_tables`)."""

    bounds: list[float]
    header: list[str]


def find_tables(lines: list[PageLine], rules: list[Rule], height: float, carry: Carry | None = None) -> list[Found]:
    """Tables and multi-column prose regions of one page. A region that opens the page under the
    header of ``carry`` printed again takes its columns: its own, cut from a few rows, may
    split a column or miss a boundary that a wide figure crosses."""
    margin = min(MARGIN * height, MARGIN_MAX)
    usable = _usable(lines, margin, height)
    if not any(len(ln.frags) > 1 for ln in usable):
        return []
    vrows = visual_rows(usable)[:MAX_ROWS]
    _edge_spaces(vrows)
    _items(vrows)
    hrules = [r for r in rules if r.horizontal]
    vrules = [r for r in rules if not r.horizontal]
    out: list[Found] = []
    taken: set[int] = set()
    i = 0
    while i < len(vrows):
        if i in taken or not _tabular(vrows[i]):
            i += 1
            continue
        first, last = _region(vrows, i, taken, hrules)
        region = vrows[first : last + 1]
        grid = carry.bounds if carry is not None and first == 0 and _repeats(region, carry.header) else None
        found = _build(region, hrules, vrules, grid)
        if found is not None:
            found.at_top, found.at_bottom = first == 0, last == len(vrows) - 1 or _notes_from(vrows, last + 1)
            end = vrows[last].bottom
            found.closed = _rule_between(hrules, end, end + MAX_GAP * vrows[last].size, found.bbox[0], found.bbox[2],
                                         0.8, pieces=True)
            taken.update(range(first, last + 1))
            out.append(found)
        i = last + 1  # a region that is no table is not searched again (no quadratic retries)
    return out


def _repeats(region: list[VRow], header: list[str]) -> bool:
    """The rows that open ``region``, down to its first row of figures, print ``header`` again:
    most of its words, and no word it does not have."""
    words: Counter[str] = Counter()
    for v in region:
        fs = _frags(v)
        if any(f.numeric for f in fs[1:]):
            break
        words.update(w for f in fs for w in f.text.split())
    have = Counter(header)
    return bool(words) and not words - have and words.total() >= 0.5 * have.total()


def _notes_from(vrows: list[VRow], k: int) -> bool:
    """Row ``k`` is the short rule of underscores over the page's footnotes: only notes follow."""
    fs = vrows[k].frags if k < len(vrows) else []
    return len(fs) == 1 and bool(_SEPARATOR.fullmatch(fs[0].text.strip()))


def _usable(lines: list[PageLine], margin: float, height: float) -> list[PageLine]:
    """The lines between the top and bottom margins, and the lines in the bottom margin that go
    on from them at a line's spacing (a table's last row printed low on the page); a running
    footer stands further off."""
    lines = [ln for ln in lines if not ln.rot and ln.frags and ln.top > margin]
    out = [ln for ln in lines if ln.bottom < height - margin]
    if not out:
        return out
    reach = max(ln.bottom for ln in out)
    for ln in sorted((ln for ln in lines if ln.bottom >= height - margin), key=lambda ln: ln.top):
        if ln.top - reach > FOOT_GAP * ln.size:
            break
        out.append(ln)
        reach = max(reach, ln.bottom)
    return out


def _size(region: list[VRow]) -> float:
    """The table's font size: the largest of its tabular rows (headers are often smaller)."""
    return max((v.size for v in region if _tabular(v)), default=region[0].size)


def _region(vrows: list[VRow], start: int, taken: set[int], hrules: list[Rule]) -> tuple[int, int]:
    """``(first, last)`` visual-row indices of the table around tabular row ``start``."""
    last = start
    k = start + 1
    size = vrows[start].size
    while k < len(vrows) and k not in taken:
        v, prev = vrows[k], vrows[last]
        if v.top - prev.bottom > MAX_GAP * max(size, v.size):
            break
        if not _tabular(v):
            if _first_under_header(vrows, start, last, k, hrules, size):
                size = max(size, v.size)
                last = k
                k += 1
                continue
            nxt = vrows[k + 1] if k + 1 < len(vrows) else None
            larger = nxt is None or not _tabular(nxt) or nxt.size < v.size - SIZE_SLACK
            if v.size > size + SIZE_SLACK and larger \
                    and not _section_under_header(vrows, start, last, k, hrules, size):
                if not (_labelled(vrows, start, last, size) and _note_above_rule(vrows, start, last, k, hrules, size)):
                    break  # a heading after the table, not a section row or the note under a label
                size = v.size  # the note's type: its next lines are no headings
            follows = _tabular_follows(vrows, k, size)
            if ((not follows or _opens_next(vrows, start, last, k, hrules)) and _closed(vrows, start, last, v, hrules)
                    and not _note_above_rule(vrows, start, last, k, hrules, size)):
                break  # under the rule that closes the table, only a section row goes on
            bounds = _bounds(vrows[start : last + 1])
            fits = (_fits(v, bounds, size) or _header_line(vrows, start, last, k, hrules, size)
                    or (follows and _clear(v, vrows[start : last + 1], bounds, size)))
            if not fits:
                if not (_section_under_header(vrows, start, last, k, hrules, size)
                        or _note_above_rule(vrows, start, last, k, hrules, size)
                        or (follows and _section_label(v, vrows[start : last + 1], size))):
                    break
                v.span = True  # a row across the columns: it sets no column boundary
        else:
            size = max(size, v.size)
        last = k
        k += 1
    # trailing one-fragment rows belong to the table only when a tabular row follows them,
    # or when they sit inside a column (a wrapped cell); both are ensured by _fits above.
    first = start
    size = _size(vrows[start : last + 1])
    bounds = _bounds(vrows[start : last + 1])
    x0 = min(f.x0 for v in vrows[start : last + 1] for f in v.frags)
    x1 = max(f.x1 for v in vrows[start : last + 1] for f in v.frags)
    k = start - 1
    while k >= 0 and k not in taken:
        v, nxt = vrows[k], vrows[first]
        if _tabular(v):  # a header row above the header rule
            if nxt.top - v.bottom > MAX_GAP * size:
                break
        elif (nxt.top - v.bottom > HEAD_GAP * size or v.size > size + SIZE_SLACK
              or _rule_between(hrules, v.bottom, nxt.top, x0, x1, 0.8)
              or not _fits(v, bounds, size, header=True)):
            break
        first = k
        k -= 1
    return first, last


def _clear(v: VRow, region: list[VRow], bounds: list[float], size: float) -> bool:
    """The one fragment of ``v`` runs over a column boundary but over no text of another column
    (a section label longer than the column's widest line)."""
    f, tol = _frags(v)[0], 0.3 * size
    col = _col(f.x0 + tol, bounds)
    return not any(min(g.x1, f.x1) - max(g.x0, f.x0) > -tol and _col(g.x0 + tol, bounds) != col
                   for w in region if not w.span for g in _frags(w))


def _section_label(v: VRow, region: list[VRow], size: float) -> bool:
    """The one fragment of ``v`` is a short section label over a table's first columns
    ("Provision of logistical support" under the header of a staffing table): it starts at the
    table's left edge and ends in the table's left half."""
    f, tol = _frags(v)[0], 0.3 * size
    x0 = min(g.x0 for w in region for g in w.frags)
    x1 = max(g.x1 for w in region for g in w.frags)
    return abs(f.x0 - x0) <= tol and f.x1 - x0 <= SECTION_SHARE * (x1 - x0)


def _header_line(vrows: list[VRow], start: int, last: int, k: int, hrules: list[Rule], size: float) -> bool:
    """Row ``k`` (one fragment) is a line of a multi-line header: the table so far is a few lines
    with no rule across it, the row follows at a line's spacing and a tabular row follows it."""
    if last - start + 1 > HEADER_LINES or k + 1 >= len(vrows) or not _tabular(vrows[k + 1]):
        return False
    v, prev, nxt = vrows[k], vrows[last], vrows[k + 1]
    if v.top - prev.bottom > TIGHT * size or nxt.top - v.bottom > TIGHT * size:
        return False
    x0 = min(f.x0 for w in vrows[start : k + 2] for f in w.frags)
    x1 = max(f.x1 for w in vrows[start : k + 2] for f in w.frags)
    return not _rule_between(hrules, vrows[start].top, v.top, x0, x1, 0.6)


def _section_under_header(vrows: list[VRow], start: int, last: int, k: int, hrules: list[Rule],
                          size: float) -> bool:
    """Row ``k`` (one fragment, wider than the header's first column) is one of the section rows
    (up to :data:`SECTION_LINES`: a pillar, then its unit) that open the table whose header ends
    above them: a rule across the table lies between the header and the first of them, each
    starts at the rule's left end and ends before the last column, and a tabular row in their
    type follows them at once. The rows above them are all header: no rule across the table
    runs between them."""
    head = last
    while head > start and vrows[head].span:  # the section rows already taken
        head -= 1
    if head - start + 1 > HEADER_LINES or k - head > SECTION_LINES:
        return False
    v = vrows[k]
    j = k + 1
    while j < len(vrows) and not _tabular(vrows[j]) and j - head <= SECTION_LINES:
        j += 1
    if j >= len(vrows) or not _tabular(vrows[j]) or vrows[j].size < v.size - SIZE_SLACK:
        return False
    x0 = min(f.x0 for w in vrows[start : head + 1] for f in w.frags)
    x1 = max(f.x1 for w in vrows[start : head + 1] for f in w.frags)
    width = max(x1 - x0, 1.0)
    tol = 0.5 * max(size, v.size)
    if _rule_between(hrules, vrows[start].top, vrows[head].bottom, x0, x1, 0.6, pieces=True):
        return False
    lines = vrows[head + 1 : j]
    gap = HEAD_GAP * max(size, v.size)
    bounds = _bounds(vrows[start : head + 1])
    if any(len(_frags(w)) != 1 or (bounds and _frags(w)[0].x1 > bounds[-1]) for w in lines) \
            or any(b.top - a.bottom > gap for a, b in pairwise([*lines, vrows[j]])):
        return False
    return any(vrows[head].bottom - 0.5 < r.y0 < lines[0].top + 0.5 and min(r.x1, x1) - max(r.x0, x0) >= 0.6 * width
               and all(_frags(w)[0].x0 <= r.x0 + tol for w in lines) for r in hrules)


def _first_under_header(vrows: list[VRow], start: int, last: int, k: int, hrules: list[Rule], size: float) -> bool:
    """Row ``k`` (one fragment) is the first line of the body under a header alone (a header
    printed again at the top of a page, over a cell of many lines in one column): the rows so far
    are a few lines with no rule across them, a rule across lies right under them, and the line
    sits inside one column, starting where that column's heading starts."""
    region = vrows[start : last + 1]
    fs = _frags(vrows[k])
    if last - start + 1 > HEADER_LINES or len(fs) != 1 or not _tabular(region[-1]):
        return False
    x0 = min(f.x0 for w in region for f in w.frags)
    x1 = max(f.x1 for w in region for f in w.frags)
    if _rule_between(hrules, region[0].top, region[-1].bottom, x0, x1, 0.6, pieces=True) \
            or not _rule_between(hrules, region[-1].bottom, vrows[k].top, x0, x1, 0.8, pieces=True):
        return False
    f, tol = fs[0], 0.5 * max(size, vrows[k].size)
    return _fits(vrows[k], _bounds(region), size) and any(abs(g.x0 - f.x0) <= tol for w in region for g in _frags(w))


def _tabular_follows(vrows: list[VRow], k: int, size: float) -> bool:
    """A tabular row comes within the few rows after row ``k``, with no wide gap on the way."""
    for j in range(k + 1, min(k + 1 + SECTION_LINES, len(vrows))):
        if vrows[j].top - vrows[j - 1].bottom > MAX_GAP * size:
            return False
        if _tabular(vrows[j]):
            return True
    return False


def _closed(vrows: list[VRow], start: int, last: int, v: VRow, hrules: list[Rule]) -> bool:
    """A rule across the whole table lies between its last row and ``v``."""
    x0 = min(f.x0 for w in vrows[start : last + 1] for f in w.frags)
    x1 = max(f.x1 for w in vrows[start : last + 1] for f in w.frags)
    return _rule_between(hrules, vrows[last].bottom, v.top, x0, x1, 0.8, pieces=True)


def _opens_next(vrows: list[VRow], start: int, last: int, k: int, hrules: list[Rule]) -> bool:
    """Row ``k`` has a rule across the table right under it: the caption of the next table
    ("Component 3: support" over the next framework's header), not a section row of this one."""
    if k + 1 >= len(vrows):
        return False
    x0 = min(f.x0 for w in vrows[start : last + 1] for f in w.frags)
    x1 = max(f.x1 for w in vrows[start : last + 1] for f in w.frags)
    return _rule_between(hrules, vrows[k].bottom, vrows[k + 1].top, x0, x1, 0.8, pieces=True)


def _labelled(vrows: list[VRow], start: int, last: int, size: float) -> bool:
    """The table's last row is a label over the note to come ("External factors"): one
    fragment in the table's type, starting at its left edge, after a table row."""
    if last <= start or _tabular(vrows[last]) or len(_frags(vrows[last])) != 1 or vrows[last].size > size + SIZE_SLACK:
        return False
    x0 = min(f.x0 for w in vrows[start:last] for f in w.frags)
    return abs(_frags(vrows[last])[0].x0 - x0) <= 0.5 * size


def _note_above_rule(vrows: list[VRow], start: int, last: int, k: int, hrules: list[Rule],
                     size: float) -> bool:
    """Row ``k`` (one fragment across columns) is a note row inside the table: it and the few
    one-fragment rows after it lie within the table's width, above a rule that closes the table
    (as wide as the table, within a couple of font sizes at either end). The last line above
    the rule may hold figures too: a label wrapped over the table's empty columns ("2026/27
    estimated efficiencies as a / percentage of ... / 2025/26   7.3") ends there. The table's
    width may also be that of its own rules, from the one over its header down to row ``k``
    (rules that run past its text: a header alone over a note across the page)."""
    x0 = min(f.x0 for w in vrows[start : last + 1] for f in w.frags)
    x1 = max(f.x1 for w in vrows[start : last + 1] for f in w.frags)
    tol = 2.0 * size
    spans = [(x0, x1), *((r.x0, r.x1) for r in hrules
                         if vrows[start].top - HEAD_GAP * size < r.y0 < vrows[k].top + 0.5
                         and min(r.x1, x1) - max(r.x0, x0) >= 0.8 * (x1 - x0))]
    x0, x1 = min(a for a, _ in spans), max(b for _, b in spans)
    prev = vrows[last]
    for j in range(k, min(k + NOTE_LINES, len(vrows))):
        w = vrows[j]
        fs = _frags(w)
        figures = len(fs) != 1  # the label's last line, beside its figures
        if (figures and (j == k or abs(fs[0].x0 - _frags(vrows[k])[0].x0) > tol)) \
                or w.top - prev.bottom > MAX_GAP * size or fs[0].x0 < x0 - tol or fs[-1].x1 > x1 + tol:
            return False
        after = vrows[j + 1] if j + 1 < len(vrows) else None
        below = after.top if after is not None else float("inf")
        rule = next((r for r in hrules if w.bottom - 0.5 < r.y0 < below and r.y0 - w.bottom < MAX_GAP * size
                     and any(abs(r.x0 - a) <= tol and abs(r.x1 - b) <= tol for a, b in spans)), None)
        if rule is not None:  # it closes this table, unless it opens the next one (a caption above it)
            return after is None or not _tabular(after) or after.top - rule.y0 > HEAD_GAP * size
        if figures:
            return False
        prev = w
    return False


def _fits(v: VRow, bounds: list[float], size: float, header: bool = False) -> bool:
    """A one-fragment row belongs to a table: it crosses no column boundary, or (a header
    spanning columns) it starts right of the first column."""
    if not bounds:
        return False
    fs = _frags(v)
    f = fs[0] if len(fs) == 1 else None
    if f is None:
        return False
    if _LEADERS.search(f.text):
        return False
    tol = 0.3 * size
    if header and f.x0 > bounds[0] - tol:
        return True
    return not any(f.x0 + tol < b < f.x1 - tol for b in bounds)


def _bounds(region: list[VRow]) -> list[float]:
    """Column boundaries (x positions) of a region: in each stretch that few fragments cover,
    the middle of its least covered part; of several parts as little covered, the one most
    column edges line up with (a heading wider than its column of figures crosses the white
    beside the figures, not the white between two columns' edges), then the widest."""
    frags = [p for v in region if not v.span for k, f in enumerate(_frags(v)) for p in _pieces(f, k == 0)]
    if len(frags) < 2:
        return []
    allow = max(1, round(SPAN_SHARE * sum(1 for v in region if _tabular(v))))
    size = _size(region)
    delta: dict[float, int] = {}
    for f in frags:  # a sweep over the fragment edges: coverage between consecutive edges
        a, b = round(f.x0, 1), round(f.x1, 1)
        if b > a:
            delta[a] = delta.get(a, 0) + 1
            delta[b] = delta.get(b, 0) - 1
    xs = sorted(delta)
    cover = []
    running = 0
    for a, b in pairwise(xs):
        running += delta[a]
        cover.append((a, b, running))
    cands: list[tuple[float, float, int, int]] = []  # a, b, fragments crossing, edges aligned
    k = 0
    while k < len(cover):
        if cover[k][2] > allow:
            k += 1
            continue
        j = k
        while j + 1 < len(cover) and cover[j + 1][2] <= allow:
            j += 1
        zeros = [(a, b) for a, b, c in cover[k : j + 1] if c == 0]
        if zeros:  # white space no fragment crosses: a boundary in each
            cands += [(a, b, 0, _aligned(frags, a, b, size)) for a, b in _runs(zeros)]
        elif k > 0 and j < len(cover) - 1:  # a low stretch between two covered ones
            low = min(c for _, _, c in cover[k : j + 1])
            parts = [(a, b) for a, b, c in cover[k : j + 1] if c == low]
            a, b = max(parts, key=lambda p: (_aligned(frags, p[0], p[1], size), p[1] - p[0]))
            edges = _aligned(frags, a, b, size)
            if edges >= 2 * low:
                cands.append((a, b, low, edges))
        k = j + 1
    # two candidates with no fragment between them are one gap (a header wider than its
    # column splits it): keep the better
    kept: list[tuple[float, float, int, int]] = []
    for c in cands:
        if kept and not any(f.x0 >= kept[-1][1] - 0.5 and f.x1 <= c[0] + 0.5 for f in frags):
            if (c[2], -c[3]) < (kept[-1][2], -kept[-1][3]):
                kept[-1] = c
            continue
        kept.append(c)
    return [(a + b) / 2 for a, b, _, _ in kept]


def _runs(parts: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Touching intervals joined."""
    out: list[tuple[float, float]] = []
    for a, b in parts:
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def _aligned(frags: list[Frag], a: float, b: float, size: float) -> int:
    """Fragments ending right at ``a`` or starting right at ``b``: the edges of two columns
    (right-aligned numbers end together, left-aligned labels start together)."""
    ends = sum(1 for f in frags if a - 0.6 * size <= f.x1 <= a + 0.3 * size)
    starts = sum(1 for f in frags if b - 0.3 * size <= f.x0 <= b + 0.6 * size)
    return ends + starts


_COLUMN_NUMBER = re.compile(r"\((\d{1,2})\)(?:\s*=\s*\S.*)?")


def _column_numbers(row: list[Cell]) -> bool:
    """A row that numbers the columns ("(1)", "(3)=(1)-(2)"), its first cell aside: a header row."""
    texts = [c.text.strip() for c in row[1:] if c.text.strip()]
    found = [_COLUMN_NUMBER.fullmatch(t) for t in texts]
    if len(texts) < 2 or not all(found):
        return False
    numbers = [int(m.group(1)) for m in found if m]
    return numbers[0] == 1 and numbers == sorted(numbers)  # (1), (2), (3): not the negatives "(5) (12)"


_LETTER = re.compile(r"[^\W\d_]")
_DIGIT = re.compile(r"\d")


def _figure(text: str) -> bool:
    """A figure cell: digits and no letter ("$558.7", "(5.1%)", "1 023"), or the dash of a nil."""
    t = text.strip()
    return t in ("–", "-", "—") or (bool(_DIGIT.search(t)) and not _LETTER.search(t))


def _words_over_figures(cells: list[list[Cell]]) -> bool:
    """A header with no rule under it: a first row of words only (no figure), over rows that hold
    figures (two in three or more, section rows aside). The variance tables of budget reports print
    "| 2024/25 variance | | 2026/27 variance" over "Military contingents | $558.7 | 1.3% | ..." with
    no rule at all."""
    first, rest = cells[0], cells[1:]
    texts = [c.text for c in first if c.text.strip()]
    if not rest or not texts or any(_figure(t) for t in texts) or (len(texts) < 2 and first[0].text.strip()):
        return False
    filled = [r for r in rest if any(c.text.strip() for c in r[1:])]  # section rows ("Military personnel") aside
    with_figures = sum(any(_figure(c.text) for c in r[1:]) for r in filled)
    return bool(filled) and 3 * with_figures >= 2 * len(filled)


def _build(region: list[VRow], hrules: list[Rule], vrules: list[Rule] | None = None,
           grid: list[float] | None = None) -> Found | None:
    tabular = [v for v in region if _tabular(v)]
    if not tabular:
        return None
    bounds = list(grid) if grid else _bounds(region)
    size = _size(region)
    numeric = any(f.numeric for v in tabular for f in _frags(v)[1:])
    x0 = min(f.x0 for v in region for f in v.frags)
    x1 = max(f.x1 for v in region for f in v.frags)
    # a header over rows of one cell each (a header printed again over the table's note row)
    headed = len(region) >= 2 and tabular[0] is region[0] \
        and _rule_between(hrules, region[0].bottom, region[1].top, x0, x1, 0.8, pieces=True)
    if not bounds or (len(tabular) < 2 and not ((numeric or headed) and len(region) >= 2)):
        return None
    lines = {ln.index for v in region for ln in v.lines}
    bbox = (round(x0, 2), round(region[0].top, 2), round(x1, 2), round(region[-1].bottom, 2))
    prose = _prose_columns(region, bounds)
    # columns of running text under a rule across them are a table of prose (a "Decision/request |
    # Action taken" table); multi-column prose has no rules
    if prose is not None and not _rule_between(hrules, region[0].top, region[-1].bottom, x0, x1, 0.6):
        return Found(lines=lines, bbox=bbox, prose=prose)
    if vrules and _boxed(region, bounds, vrules, size):  # a chart of boxes: read box by box
        return Found(lines=lines, bbox=bbox, prose=_by_column(region, bounds))
    rows = _rows(region, bounds, size, hrules, x0, x1)
    ncols = len(bounds) + 1
    if len(rows) < 2 or ncols < 2:
        return None
    head = _header_count(rows, hrules, x0, x1)
    n = max(head, 1)  # the header rows, or the first row of a table without a header rule
    split = [part for r in rows[:n] for cut in _split_by_rule(r, hrules) for part in _split_subheads(cut)]
    if len(split) > n:
        rows, head = split + rows[n:], len(split)
    cells = [_cells(r, ncols) for r in rows]
    while head < len(cells) - 1 and _column_numbers(cells[head]):
        head += 1  # "Category | (1) | (2) | (3)=(1)-(2)": the header's last row, under its rule
    if head == 0 and _words_over_figures(cells):
        head = 1
    table = Table(header=cells[:head], rows=cells[head:])
    spread: dict[int, tuple[float, float]] = {}
    for r in rows:
        for f, a, b in r.frags:
            if a == b:
                lo, hi = spread.get(a, (f.x0, f.x1))
                spread[a] = (min(lo, f.x0), max(hi, f.x1))
    centers = [(spread[k][0] + spread[k][1]) / 2 if k in spread else None for k in range(ncols)]
    return Found(lines=lines, bbox=bbox, table=table, bounds=bounds, centers=centers)


def _columns_of(region: list[VRow], bounds: list[float]) -> list[list[Frag]]:
    cols: list[list[Frag]] = [[] for _ in range(len(bounds) + 1)]
    for v in region:
        for f in v.frags:
            cols[_col((f.x0 + f.x1) / 2, bounds)].append(f)
    return cols


def _by_column(region: list[VRow], bounds: list[float]) -> list[Frag]:
    """The fragments column by column, each column top to bottom."""
    return [f for c in _columns_of(region, bounds) for f in sorted(c, key=lambda f: (round(f.top), f.x0))]


def _prose_columns(region: list[VRow], bounds: list[float]) -> list[Frag] | None:
    """Fragments in reading order when every column is running text, else None."""
    for c in _columns_of(region, bounds):
        if len(c) < 3 or sum(len(f.text) for f in c) / len(c) < PROSE_CHARS:
            return None
        if sum(1 for f in c if f.numeric) > len(c) // 4:
            return None
    return _by_column(region, bounds)


def _boxed(region: list[VRow], bounds: list[float], vrules: list[Rule], size: float) -> bool:
    """Every column stands in boxes of its own (an organization chart): in the white space between
    two columns, two vertical rules a type size or more apart (the right side of a box and the
    left side of the next) run along most of the height where both columns hold text; a table's
    vertical border is one rule. Note marks ("a", "b") make no column here."""
    cols = [c for c in ([f for f in col if len(f.text.strip()) > 1] for col in _columns_of(region, bounds)) if c]
    if len(cols) < 2:
        return False
    for left, right in pairwise(cols):
        a, b = max(f.x1 for f in left), min(f.x0 for f in right)
        top = max(min(f.top for f in left), min(f.top for f in right))
        bottom = min(max(f.bottom for f in left), max(f.bottom for f in right))
        if bottom <= top:
            return False
        sides: list[list[float]] = []  # x, height covered (collinear pieces within a point together)
        for r in sorted((r for r in vrules if a - 0.5 < r.x0 < b + 0.5), key=lambda r: r.x0):
            cover = max(0.0, min(r.y1, bottom) - max(r.y0, top))
            if sides and r.x0 - sides[-1][0] <= 1.5:
                sides[-1][1] += cover
            else:
                sides.append([r.x0, cover])
        xs = [x for x, c in sides if c >= 0.6 * (bottom - top)]
        if len(xs) < 2 or xs[-1] - xs[0] < size:
            return False
    return True


