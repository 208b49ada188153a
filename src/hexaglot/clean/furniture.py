"""Running headers and footers, page and job numbers, barcodes, "Please recycle", the cover block.

They are *demoted* to the furniture layer with their own label, never deleted. Four detectors:

1. **repetition** (paged sources): a line in the top or bottom zone of the page whose text, with
   digits masked, recurs on many pages is a running header/footer;
2. **patterns** from :mod:`hexaglot.clean.rules` and ``clean.toml`` matched against a whole line:
   page numbers, bare numbers and a lone document symbol only inside a page zone (PDF) or standing
   alone between blank lines (text), job numbers, barcodes and recycling lines anywhere;
3. **repeated table headers** (paged): the lines that open a page and repeat, word for word, lines
   of the previous two pages (Word's "repeat header row" reprints a table's head on each page);
4. **cover**: on the first page, the lines up to the "Original:" line of the UN cover block.
"""

from __future__ import annotations

import re
from collections import defaultdict

from hexaglot.clean.layout import Geometry, is_blank, is_body_line, is_rotated
from hexaglot.clean.rules import Rules
from hexaglot.model import Block, Label, Layer

_LABELS = {
    "page_number": Label.PAGE_NUMBER,
    "job_number": Label.JOB_NUMBER,
    "barcode": Label.BARCODE,
    "page_header_footer": Label.PAGE_FOOTER,
    "symbol": Label.PAGE_HEADER,
}
_ZONED = frozenset({"page_number", "symbol"})  # only furniture at a page's edge (or standing alone)
_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")
_JOB = re.compile(r"\b\d{2}-\d{5}\b")  # a UN job number, as the cover's job number line gives it
_PAGE_REST = re.compile(r"[\d/]*")  # what may stand beside it in a footer: a page number, "33/35"
MIN_REPEAT_SHARE = 0.3
COVER_LINES_TXT = 15
HEAD_ROWS = 20  # a repeated table header (cells stacked over lines) is at most this many lines
HEAD_MIN_CHARS = 20


def _demote(b: Block, label: Label) -> None:
    b.layer = Layer.FURNITURE
    b.label = label


def _key(text: str) -> str:
    return _SPACES.sub(" ", _DIGITS.sub("#", text.strip())).lower()


def _repeated(blocks: list[Block], geo: Geometry) -> None:
    by_key: dict[str, set[int]] = defaultdict(set)
    zone: list[Block] = []
    pages = {b.page for b in blocks if b.page}
    for b in blocks:
        margin = geo.in_top_zone(b) or geo.in_bottom_zone(b) or is_rotated(b)
        if is_body_line(b) and b.page and margin:
            zone.append(b)
            by_key[_key(b.text)].add(b.page)
    need = max(2, MIN_REPEAT_SHARE * len(pages))
    if len(pages) < 3:
        return
    for b in zone:
        if len(by_key[_key(b.text)]) >= need:
            top = geo.in_top_zone(b)
            only_number = not _DIGITS.sub("", b.text).strip(" /-–—")
            _demote(b, Label.PAGE_NUMBER if only_number else Label.PAGE_HEADER if top else Label.PAGE_FOOTER)


def _repeated_table_heads(blocks: list[Block]) -> None:
    """Lines opening a page that repeat lines of the previous two pages: a table's header row
    printed again on each page it runs over (Word's "repeat header row")."""
    by_page: dict[int, list[Block]] = defaultdict(list)
    for b in blocks:
        if is_body_line(b) and b.page and not is_blank(b):
            by_page[b.page].append(b)
    for page in sorted(by_page):
        earlier = {_SPACES.sub(" ", b.text.strip()) for p in (page - 1, page - 2) for b in by_page.get(p, [])}
        run: list[Block] = []
        for b in by_page[page][:HEAD_ROWS]:
            if _SPACES.sub(" ", b.text.strip()) not in earlier:
                break
            run.append(b)
        # a header row has two cells or more: one repeated line of one cell is a heading said again
        # ("Component 2: support" over the next results table), not a reprinted table head
        cells = len(run) > 1 or any(";cols=" in (b.style or "") for b in run)
        if cells and any(len(b.text.strip()) >= HEAD_MIN_CHARS for b in run):
            for b in run:
                _demote(b, Label.PAGE_HEADER)


def _match(rules: Rules, text: str) -> str | None:
    t = text.strip()
    for name, pats in rules.furniture.items():
        if any(p.match(t) for p in pats):
            return name
    return None


def _patterns(blocks: list[Block], rules: Rules, geo: Geometry) -> None:
    for i, b in enumerate(blocks):
        if not is_body_line(b) or is_blank(b):
            continue
        name = _match(rules, b.text)
        if name is None:
            continue
        if name in _ZONED:
            if geo.paged:
                ok = geo.in_top_zone(b) or geo.in_bottom_zone(b) or is_rotated(b)
            else:
                # a page's first line (a text file's form feed) stands alone above as well
                before = i == 0 or is_blank(blocks[i - 1]) or b.text.startswith("\f") or (
                    b.page is not None and blocks[i - 1].page is not None and b.page != blocks[i - 1].page)
                after = i + 1 >= len(blocks) or is_blank(blocks[i + 1])
                ok = before and after
            if not ok:
                continue
        _demote(b, _LABELS.get(name, Label.OTHER))


def _job_and_page(blocks: list[Block], geo: Geometry) -> None:
    """A footer that is the document's job number and a page number run together ("26-0097133/35",
    "/3526-00971": the vertical footer of a landscape page, read in another order), at a page's edge
    or rotated: a page number."""
    jobs = {m.group(0) for b in blocks if b.label == Label.JOB_NUMBER for m in _JOB.finditer(b.text)}
    if not jobs:
        return
    for b in blocks:
        t = b.text.strip()
        if not is_body_line(b) or not t or len(t) > 40:
            continue
        if not (geo.in_top_zone(b) or geo.in_bottom_zone(b) or is_rotated(b)):
            continue
        job = next((j for j in jobs if j in t), None)
        if job is not None and _PAGE_REST.fullmatch(_SPACES.sub("", t.replace(job, ""))):
            _demote(b, Label.PAGE_NUMBER)


def _cover(blocks: list[Block], rules: Rules, geo: Geometry) -> None:
    first_page = min((b.page for b in blocks if b.page), default=None)
    lines = [b for b in blocks if is_body_line(b) and not is_blank(b) and b.page == first_page]
    if not geo.paged:
        lines = lines[:COVER_LINES_TXT]
    end = next((b for b in lines if any(p.match(b.text.strip()) for p in rules.cover_end)), None)
    if end is None:
        return
    if geo.paged and end.bbox is not None:
        limit = end.bbox[3]
        if limit > geo.page_top + 0.35 * (geo.page_bottom - geo.page_top):
            return
        for b in lines:
            if b.bbox is not None and b.bbox[1] <= limit:
                _demote(b, Label.COVER)
        return
    for b in lines:
        _demote(b, Label.COVER)
        if b is end:
            break


def mark_furniture(blocks: list[Block], rules: Rules, geo: Geometry) -> None:
    """Demote furniture lines in place."""
    if geo.paged:
        _repeated(blocks, geo)
    _patterns(blocks, rules, geo)
    if geo.paged:
        _job_and_page(blocks, geo)
        _repeated_table_heads(blocks)
    _cover(blocks, rules, geo)
