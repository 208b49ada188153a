"""Tables of contents: the "Contents" heading and the entry lines under it, kept out of the body.

A contents block is *demoted* (label ``CONTENTS``, layer ``furniture``), never deleted: it keeps its
text, but it never reaches segmentation, never starts an annex ("Annex ..... 23" in the contents is
not the annex), a heading or a sentence, and never feeds the cover or the title.

A block starts at a heading from ``[contents] heading`` in ``clean.toml`` ("Contents", "Table des
matières", "Содержание", ...). Under it, the run goes on while blocks are

* an **entry**: text ending in a page number after a dot leader, a tab, two spaces or a table cell
  (``I. Introduction ........ 6``, ``A.\\tMandate\\t6``), the page numbers never going down;
* the **page column heading** (``[contents] page``: "Page", "Стр.");
* a **bare page number** (a wrapped entry's number on a line of its own);
* **wrapped entry text**: at most :data:`MAX_WRAP` short unfinished lines followed by an entry
  ("V. Summary of follow-up action ... of the" / "General Assembly ..... 21"; "Annex" / "Organization
  chart ..... 23").

Running headers, page numbers and footnotes in between are passed over; a blank line is passed over
too (a text file's contents can be double-spaced). A heading with fewer than :data:`MIN_ENTRIES`
entries under it is left alone: it is a section called "Contents", not a table of contents.
It runs on raw lines (PDF, text, before reflow joins them) and on paragraphs (DOCX, HTML) alike; a
contents *table* (a ``TABLE`` block with its ``Table`` record) is left to
:mod:`hexaglot.parse.table_context`, which demotes it the same way.
"""

from __future__ import annotations

import re

from hexaglot.clean.layout import columns_of, is_blank
from hexaglot.clean.rules import Rules
from hexaglot.model import Block, Label, Layer

MAX_WRAP = 5  # lines (or paragraphs) of one entry before the line with its page number
MIN_ENTRIES = 2
MAX_ENTRY_CHARS = 400
MAX_PAGE = 3000

_PAGE = r"(?P<page>\d{1,4}|[ivxlc]{1,7})"
# a dot leader, a tab, two spaces (or a no-break or ideographic space) before the page number
_ENTRY = re.compile(rf"\S.*?(?:(?:[ \t]*[.…·・][ \t]*){{3,}}|[ \t]*\t[ \t]*|[ \u00a0\u3000]{{2,}})\s*{_PAGE}\s*\Z",
                    re.DOTALL)
_CELL_ENTRY = re.compile(rf"\S.*?\s{_PAGE}\s*\Z", re.DOTALL)  # a page number in a cell of its own
_OPEN_LEADER = re.compile(r"(?:[ \t]*[.…·・][ \t]*){3,}\Z")  # the page number is on the next line
_BARE = re.compile(rf"\s*{_PAGE}\s*\Z")
_UNFINISHED = tuple(".!?;。！？；")
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


def _page_value(raw: str) -> tuple[int, int]:
    """(kind, value): arabic pages after roman ones, so front matter (i, ii) may come first."""
    if raw.isdigit():
        return 1, int(raw)
    total = 0
    for a, b in zip(raw, [*raw[1:], ""], strict=True):
        v = _ROMAN[a]
        total += -v if b and _ROMAN[b] > v else v
    return 0, total


def _is_heading(b: Block, rules: Rules) -> bool:
    text = " ".join(b.text.split()).rstrip(" :：")
    return 0 < len(text) <= 60 and any(p.fullmatch(text) for p in rules.contents_heading)


def _entry_page(b: Block) -> str | None:
    """The page number an entry ends with, or None if the block is not a contents entry."""
    raw = b.orig or b.text
    if len(raw) > MAX_ENTRY_CHARS:
        return None
    m = _ENTRY.match(raw.strip())
    if m is None and (b.label == Label.TABLE or columns_of(b) > 1):
        m = _CELL_ENTRY.match(b.text.strip())
    return m.group("page") if m else None


def _skippable(b: Block) -> bool:
    return b.layer != Layer.BODY or is_blank(b)


def _demote(b: Block) -> None:
    b.layer = Layer.FURNITURE
    b.label = Label.CONTENTS


def _run(blocks: list[Block], start: int, rules: Rules) -> list[int]:
    """Indices of the contents lines under the heading at ``start`` (the heading not included)."""
    taken: list[int] = []
    entries = 0
    last = (0, 0)
    wrap: list[int] = []  # entry text waiting for the line with its page number
    i = start + 1
    while i < len(blocks):
        b = blocks[i]
        i += 1
        if b.table is not None:
            break  # a table record (DOCX, HTML): hexaglot.parse.table_context judges it
        if _skippable(b):
            continue
        text = " ".join(b.text.split())
        if not taken and not wrap and any(p.fullmatch(text) for p in rules.contents_page):
            taken.append(i - 1)
            continue
        page = _entry_page(b)
        bare = _BARE.match(text)
        if page is None and bare and (wrap or entries):
            page = bare.group("page")
        if page is not None:
            value = _page_value(page)
            if value < last or value[1] > MAX_PAGE:
                break
            last = value
            taken.extend(wrap)
            taken.append(i - 1)
            wrap = []
            entries += 1
            continue
        unfinished = not text.endswith(_UNFINISHED) or _OPEN_LEADER.search(text)
        if len(wrap) < MAX_WRAP and len(text) <= MAX_ENTRY_CHARS and unfinished and not _is_heading(b, rules):
            wrap.append(i - 1)
            continue
        break
    return taken if entries >= MIN_ENTRIES else []


def mark_contents(blocks: list[Block], rules: Rules) -> int:
    """Demote every table of contents (heading and lines) in place; the number of blocks demoted."""
    if not rules.contents_heading:
        return 0
    demoted = 0
    for i, b in enumerate(blocks):
        if b.layer != Layer.BODY or not _is_heading(b, rules):
            continue
        run = _run(blocks, i, rules)
        if not run:
            continue
        for j in (i, *run):
            _demote(blocks[j])
        demoted += 1 + len(run)
    return demoted
