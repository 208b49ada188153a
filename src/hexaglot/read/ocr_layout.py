"""Layout of an OCR'd page from its word boxes: lines, columns, furniture, documents on one page.

All boxes are ``(x0, top, x1, bottom)`` in PDF points, ``top`` measured from the page top, like
:attr:`hexaglot.model.Block.bbox`.

* :func:`build_lines` — Tesseract's lines, cut where a gap wider than a few line heights separates
  two runs of words (the two halves of a cover block: ``GENERAL`` … ``A/L.632``);
* :func:`order_columns` — finds a vertical gutter with lines side by side across it and reads each
  band of the page column by column; full-width lines (titles, rules) close a band;
* :func:`flag_furniture` — library stamps (patterns from ``langs/<code>/ocr.toml``), marginal
  fragments and low-confidence debris get a reason in :attr:`OcrLine.furniture`;
* :func:`split_points` — where a new document starts on a page holding several (old resolution
  volumes), from heading patterns and the white space above them;
* :func:`merge_text_layer` — a scan's hidden text layer as a second opinion for doubtful words.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import pairwise

Box = tuple[float, float, float, float]

SPLIT_GAP = 2.5  # a gap wider than this many line heights cuts a Tesseract line in two
LOW_CONF = 0.45  # mean word confidence under which a line of debris is furniture
MARGIN = 0.07  # share of the page width/height that counts as the margin
MIN_PAIRS = 2  # lines side by side across a gutter needed to call a band two-column


@dataclass(slots=True)
class OcrWord:
    text: str
    bbox: Box
    conf: float  # 0..1
    source: str = "ocr"  # "ocr", or "layer" when taken from the PDF's hidden text layer
    raw: str | None = None  # the text as recognised, when post-correction changed it


@dataclass(slots=True)
class OcrLine:
    words: list[OcrWord]
    column: int = 0  # 0 = spans the page (or single column), 1 = left, 2 = right
    furniture: str | None = None  # why the line belongs to the furniture layer, if it does

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def raw(self) -> str:
        """The line as recognised, before post-correction."""
        return " ".join(w.raw or w.text for w in self.words)

    @property
    def bbox(self) -> Box:
        return _union(w.bbox for w in self.words)

    @property
    def conf(self) -> float:
        n = sum(len(w.text) for w in self.words)
        return round(sum(w.conf * len(w.text) for w in self.words) / n, 3) if n else 0.0


def _union(boxes: Iterable[Box]) -> Box:
    bs = list(boxes)
    return (min(b[0] for b in bs), min(b[1] for b in bs), max(b[2] for b in bs), max(b[3] for b in bs))


def _height(b: Box) -> float:
    return b[3] - b[1]


def build_lines(groups: Iterable[list[OcrWord]], rtl: bool = False) -> list[OcrLine]:
    """One :class:`OcrLine` per run of words; Tesseract's lines are cut at very wide gaps.
    In ``rtl`` scripts (Arabic) Tesseract's own word order, the reading order, is kept."""
    out: list[OcrLine] = []
    for words in groups:
        words = list(words) if rtl else sorted(words, key=lambda w: w.bbox[0])
        if not words:
            continue
        h = statistics.median(_height(w.bbox) for w in words)
        cur = [words[0]]
        for w in words[1:]:
            gap = cur[-1].bbox[0] - w.bbox[2] if rtl else w.bbox[0] - cur[-1].bbox[2]
            if gap > SPLIT_GAP * max(h, 1.0):
                out.append(OcrLine(cur))
                cur = []
            cur.append(w)
        out.append(OcrLine(cur))
    return reading_order(out, rtl) if rtl else _join_fragments(out)


def _join_fragments(lines: list[OcrLine]) -> list[OcrLine]:
    """Tesseract sometimes puts the last letters of a word into another line ("GENERA" + "L")."""
    out: list[OcrLine] = []
    for ln in sorted(lines, key=lambda ln: ln.bbox[0]):
        b = ln.bbox
        for prev in out:
            p = prev.bbox
            h = max(_height(p), _height(b))
            if _overlap_y(p, b) and 0 <= b[0] - p[2] < 0.6 * h and len(ln.words) == 1:
                prev.words.extend(ln.words)
                break
        else:
            out.append(ln)
    return reading_order(out)


def reading_order(lines: list[OcrLine], rtl: bool = False) -> list[OcrLine]:
    """Top to bottom, and pieces of one row (a line Tesseract cut in two, whose tops differ by a
    pixel or two) left to right (right to left in ``rtl`` scripts), not by their tops alone."""
    rows: list[list[OcrLine]] = []
    for ln in sorted(lines, key=lambda ln: (ln.bbox[1], ln.bbox[0])):
        row = rows[-1] if rows else None
        if row is not None and all(_same_row(other.bbox, ln.bbox) for other in row):
            row.append(ln)
        else:
            rows.append([ln])
    return [ln for row in rows for ln in sorted(row, key=lambda ln: -ln.bbox[2] if rtl else ln.bbox[0])]


def _same_row(a: Box, b: Box) -> bool:
    """Most of the shorter box's height is shared, and the boxes (nearly) do not overlap sideways."""
    h = min(_height(a), _height(b))
    shared = min(a[3], b[3]) - max(a[1], b[1])
    side_by_side = min(a[2], b[2]) - max(a[0], b[0]) <= 0.3 * h
    return side_by_side and shared > 0.6 * h


def _overlap_y(a: Box, b: Box) -> bool:
    return min(a[3], b[3]) - max(a[1], b[1]) > 0.3 * min(_height(a), _height(b))


def find_gutter(lines: list[OcrLine], width: float) -> float | None:
    """The x of a vertical gutter with at least :data:`MIN_PAIRS` lines side by side across it."""
    boxes = [ln.bbox for ln in lines if ln.furniture is None]
    best, best_pairs = None, 0
    x = 0.2 * width
    while x <= 0.8 * width:
        left = [b for b in boxes if b[2] <= x]
        right = [b for b in boxes if b[0] >= x]
        pairs = sum(1 for a in left if any(_overlap_y(a, b) for b in right))
        if pairs > best_pairs:
            best, best_pairs = x, pairs
        x += 2.0
    if best is None or best_pairs < MIN_PAIRS:
        return None
    # centre the gutter in the empty run around the best position
    lo = max((b[2] for b in boxes if b[2] <= best), default=best)
    hi = min((b[0] for b in boxes if b[0] >= best), default=best)
    return (lo + hi) / 2


def order_columns(lines: list[OcrLine], width: float) -> list[OcrLine]:
    """Reading order: full-width lines in place, each two-column band left column first."""
    gutter = find_gutter(lines, width)
    lines = reading_order(lines)
    if gutter is None:
        return lines
    out: list[OcrLine] = []
    band: list[OcrLine] = []
    for ln in lines:
        x0, _, x1, _ = ln.bbox
        if x0 < gutter < x1:
            out.extend(_read_band(band, gutter))
            band = []
            ln.column = 0
            out.append(ln)
        else:
            band.append(ln)
    out.extend(_read_band(band, gutter))
    return out


def _read_band(band: list[OcrLine], gutter: float) -> list[OcrLine]:
    left = [ln for ln in band if ln.bbox[2] <= gutter]
    right = [ln for ln in band if ln.bbox[0] >= gutter]
    pairs = sum(1 for a in left if any(_overlap_y(a.bbox, b.bbox) for b in right))
    if pairs < MIN_PAIRS:
        return band
    core = [ln for ln in band if ln.furniture is None] or band
    pitch = statistics.median(_height(ln.bbox) for ln in core)
    # where one column has ended, the rest of the band is single-column text again
    end = min(max(ln.bbox[3] for ln in left), max(ln.bbox[3] for ln in right)) + pitch
    head = [ln for ln in band if ln.bbox[1] <= end]
    tail = [ln for ln in band if ln.bbox[1] > end]
    for ln in head:
        ln.column = 1 if ln.bbox[2] <= gutter else 2
    ordered = [ln for ln in head if ln.column == 1] + [ln for ln in head if ln.column == 2]
    return ordered + _read_band(tail, gutter)


_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
_CJK = re.compile(r"[\u3400-\u9fff]")


def flag_furniture(
    lines: list[OcrLine], width: float, height: float, stamps: list[re.Pattern[str]],
    known: Callable[[str], bool] | None = None,
) -> None:
    """Set :attr:`OcrLine.furniture` for stamps, margin fragments and low-confidence debris."""
    for ln in lines:
        text = ln.text
        letters = len(_LETTER.findall(text)) + len(_CJK.findall(text))  # an ideograph weighs as a short word
        good = sum(1 for w in ln.words if _looks_good(w.text, known))
        if any(p.search(text) for p in stamps):
            ln.furniture = "stamp"
        elif ln.conf < LOW_CONF and good * 2 <= len(ln.words) and _debris(text):
            ln.furniture = "low-confidence"
        elif len(ln.words) <= 2 and letters <= 3 and ln.conf < 0.7 and not any(ch.isdigit() for ch in text):
            ln.furniture = "noise"
        elif _in_margin(ln.bbox, width, height, text):
            ln.furniture = "margin"
    stamped = [ln.bbox for ln in lines if ln.furniture == "stamp"]
    for ln in lines:  # the unreadable rest of a stamp: doubtful lines right beside a stamp line
        b = ln.bbox
        if ln.furniture is None and ln.conf < 0.8 and any(
            min(b[2], s[2]) > max(b[0], s[0]) and abs(b[1] - s[1]) < 2.0 * _height(s) for s in stamped
        ):
            ln.furniture = "stamp"


def _debris(text: str) -> bool:
    """Few letters among the characters, or only scraps of words: not a word OCR merely doubted."""
    chars = [ch for ch in text if not ch.isspace()]
    letters = len(_LETTER.findall(text))
    return letters < 0.7 * len(chars) or all(len(_LETTER.findall(t)) <= 3 for t in text.split())


def _in_margin(b: Box, width: float, height: float, text: str) -> bool:
    side = (b[2] < MARGIN * width or b[0] > (1 - MARGIN) * width) and len(text) <= 12
    edge = b[3] < 0.5 * MARGIN * height or b[1] > (1 - 0.5 * MARGIN) * height
    return (side and not _is_number(text)) or (edge and len(text) <= 12 and not _is_number(text))


def _is_number(text: str) -> bool:
    return bool(re.fullmatch(r"[\d\s\-–/().]+", text))


def _looks_good(tok: str, known: Callable[[str], bool] | None) -> bool:
    """A known word (every part of a hyphenated one), a number or a UN symbol."""
    from hexaglot.read.quality import word_shape

    core = tok.strip("()[]{}\"'“”‘’«».,;:!?*")
    if not core:
        return False
    good, total = word_shape(core)
    if not total or good != total:
        return False
    if known is None or any(ch.isdigit() for ch in core) or "/" in core:
        return True
    parts = [p for p in re.split(r"[-'’]", core) if p]
    return all(known(p) or len(p) <= 1 for p in parts)


def split_points(lines: list[OcrLine], starts: list[re.Pattern[str]], gap: float = 1.5) -> list[int]:
    """Indices of the lines that open a new document: a heading matching one of ``starts`` with
    white space above it of at least ``gap`` times the usual line pitch (or the first line)."""
    body = [ln for ln in lines if ln.furniture is None]
    if not body:
        return []
    steps = [b.bbox[1] - a.bbox[1] for a, b in pairwise(body) if b.bbox[1] > a.bbox[1]]
    pitch = statistics.median(steps) if steps else 0.0
    out: list[int] = []
    prev_bottom: float | None = None
    for i, ln in enumerate(lines):
        if ln.furniture is not None:
            continue
        text = ln.text.strip()
        if any(p.search(text) for p in starts):
            space = None if prev_bottom is None else ln.bbox[1] - prev_bottom
            if space is None or pitch == 0 or space >= gap * pitch - _height(ln.bbox):
                out.append(i)
        prev_bottom = ln.bbox[3]
    return out


@dataclass(slots=True)
class MergeStats:
    replaced: list[tuple[str, str]] = field(default_factory=list)
    added: list[str] = field(default_factory=list)


def _iou(a: Box, b: Box) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def merge_text_layer(
    lines: list[OcrLine], layer: list[OcrWord], known: Callable[[str], bool], doubt: float = 0.7
) -> MergeStats:
    """Use a scan's hidden text layer as a second opinion, in place.

    For each well-formed layer word (a known word, a number, a UN symbol): the OCR words it covers,
    when all are doubtful (confidence under ``doubt``) and not all known words, are replaced by it;
    when it covers none and has 3+ characters, it is added as a line of its own (Tesseract dropped
    it). Everything else in the layer (its own OCR debris) is ignored.
    """
    stats = MergeStats()
    for lw in layer:
        if not _looks_good(lw.text, known) or not any(c.isalnum() for c in lw.text):
            continue
        group = [(ln, w) for ln in lines for w in ln.words if _covers(lw.bbox, w.bbox)]
        if not group:
            if len(lw.text) >= 3:
                stats.added.append(lw.text)
                lines.append(OcrLine([OcrWord(lw.text, lw.bbox, doubt, "layer")]))
            continue
        words = [w for _, w in group]
        if any(w.conf >= doubt or (len(w.text) >= 4 and known(w.text)) for w in words):
            continue
        if " ".join(w.text for w in words) == lw.text:
            continue
        stats.replaced.append((" ".join(w.text for w in words), lw.text))
        first_line, first = group[0]
        box = _union([lw.bbox, *(w.bbox for w in words)])
        first_line.words[first_line.words.index(first)] = OcrWord(lw.text, box, doubt, "layer")
        for ln, w in group[1:]:
            ln.words.remove(w)
    lines[:] = [ln for ln in lines if ln.words]
    return stats


def _covers(a: Box, b: Box) -> bool:
    return _iou(a, b) > 0.1 or _inside(b, a) or _inside(a, b)


def _inside(a: Box, b: Box) -> bool:
    cx, cy = (a[0] + a[2]) / 2, (a[1] + a[3]) / 2
    return b[0] <= cx <= b[2] and b[1] <= cy <= b[3]
