"""Tables in their context: label, caption and notes from the text around them, annex, continuations.

Readers set ``Document.tables`` and one ``TABLE`` block per table in reading order (see
:mod:`hexaglot.read.docx_tables`); :func:`mark_tables` then works for every format:

* a table right after a "Contents" heading is a table of contents: the heading and its rows become
  ``CONTENTS`` blocks of the furniture layer and the record goes;
* caption: the lines just before the table — a label line ("Table 3", "Annex II, table 1",
  possibly followed by a title), and/or a unit line in parentheses ("(Thousands of United States
  dollars)") with the title line above it. They become ``CAPTION`` blocks pointing at the table;
  a section heading with neither a label nor a unit line under it is not a caption;
* notes: the lines just after the table that open with a note word ("Source:", "Note:") or a
  note mark ("a ...", "* ...") move to the notes layer, pointing at the table, and into
  ``Table.notes``;
* ``Table.annex`` from the block's annex, ``Table.pages`` from its page;
* continuations: a table whose caption says "(continued)", or which repeats the header of the table
  just before it on a later page, is merged into that table;
* ``TABLE`` blocks a reader left without a record (rows of a hard-wrapped text) are gathered into
  records, so no cell goes unaccounted for.

The words (table, annex, continued, notes, contents) come from ``langs/<code>/tabular.toml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from hexaglot.langs import table as lang_table
from hexaglot.model import Block, Cell, Document, Label, Layer, Table

CAPTION_MAX = 250
NOTE_MAX = 600
_MARK = re.compile(r"^(?:[a-z]|\*{1,3}|[†‡§¶])(?:\s+|\)\s*)\S")
_UNITS = re.compile(r"^\(.*\)$", re.DOTALL)


@dataclass(frozen=True)
class TableWords:
    label: re.Pattern[str]
    continued: re.Pattern[str]
    note: re.Pattern[str]
    contents: re.Pattern[str]


def _alt(words: list[str]) -> str:
    return "|".join(words) or r"(?!)"


@cache
def words(lang: str) -> TableWords:
    """The compiled table words of a language (``langs/<lang>/tabular.toml``)."""
    data = lang_table(lang, "tabular")
    num = r"(?:\d+|[IVXLC]+|[A-Z])(?:[.\-]\d+)?"
    label = re.compile(
        rf"^(?:(?:{_alt(data.get('annex', []))})\s*(?:{num})\s*[,.:،，]?\s*)?(?:{_alt(data.get('label', []))})"
        rf"\s*{num}(?!\w)", re.IGNORECASE)
    continued = re.compile(rf"[(（]\s*(?:{_alt(data.get('continued', []))})\s*[)）]", re.IGNORECASE)
    note = re.compile(rf"^(?:{_alt(data.get('notes', []))})\s*[:：]", re.IGNORECASE)
    contents = re.compile(rf"^(?:{_alt(data.get('contents', []))})\s*[:：]?$", re.IGNORECASE)
    return TableWords(label, continued, note, contents)


def mark_tables(doc: Document) -> None:
    """Label, caption, notes, annex and continuations of ``doc.tables`` (in place)."""
    w = words(doc.language or "en")
    _adopt_orphan_rows(doc)
    _contents(doc, w)
    for pos, blk in enumerate(doc.blocks):
        if blk.label != Label.TABLE or blk.table is None or blk.layer != Layer.BODY:
            continue
        if not 0 <= blk.table < len(doc.tables):
            blk.table = None
            continue
        t = doc.tables[blk.table]
        t.annex = blk.annex
        if blk.page is not None and blk.page not in t.pages:
            t.pages.append(blk.page)
        _note_rows(t, w)
        _caption(doc.blocks, pos, t, blk.table, w)
        _notes(doc.blocks, pos, t, blk.table, w)
    _merge_continuations(doc, w)


def _neighbours(blocks: list[Block], pos: int, step: int) -> list[int]:
    """Indices of the body blocks next to ``pos`` (furniture between them skipped), nearest first."""
    out: list[int] = []
    i = pos + step
    while 0 <= i < len(blocks) and len(out) < 4:
        if blocks[i].layer == Layer.BODY:
            out.append(i)
        elif blocks[i].layer == Layer.NOTES and blocks[i].table is None:
            break
        i += step
    return out


def _free(b: Block, box: str | None) -> bool:
    return b.table is None and b.label != Label.TABLE and b.box == box and len(b.text) <= CAPTION_MAX


def _caption(blocks: list[Block], pos: int, t: Table, index: int, w: TableWords) -> None:
    box = blocks[pos].box
    before = [i for i in _neighbours(blocks, pos, -1)]
    chosen: list[int] = []
    k = 0
    if k < len(before) and _free(blocks[before[k]], box) and _UNITS.match(blocks[before[k]].text.strip()):
        chosen.append(before[k])
        k += 1
    if k < len(before) and _free(blocks[before[k]], box):
        text = blocks[before[k]].text.strip()
        if w.label.match(text):
            chosen.append(before[k])
        elif chosen and not text.endswith((".", ";", ":", ",")) and not _UNITS.match(text):
            chosen.append(before[k])
            k += 1
            if k < len(before) and _free(blocks[before[k]], box) and w.label.match(blocks[before[k]].text.strip()):
                chosen.append(before[k])
    if not chosen:
        return
    chosen.reverse()
    texts = [" ".join(blocks[i].text.split()) for i in chosen]
    m = w.label.match(texts[0])
    if m:
        t.label = m.group(0).strip()
        rest = texts[0][m.end():].strip(" .:-–—")
        texts = ([rest] if rest else []) + texts[1:]
    t.caption = " ".join(texts) or t.caption
    for i in chosen:
        blocks[i].label, blocks[i].table = Label.CAPTION, index


def _notes(blocks: list[Block], pos: int, t: Table, index: int, w: TableWords) -> None:
    box = blocks[pos].box
    for i in _neighbours(blocks, pos, 1):
        b = blocks[i]
        text = b.text.strip()
        if b.table is not None or b.label == Label.TABLE or b.box != box or len(text) > NOTE_MAX:
            return
        if not (w.note.match(text) or _MARK.match(text)):
            return
        t.notes.append(text)
        b.layer, b.label, b.table = Layer.NOTES, Label.FOOTNOTE, index


def _note_rows(t: Table, w: TableWords) -> None:
    """Trailing rows holding one note ("a Estimates as at ...", "Source: ...") are notes, not data."""
    while len(t.rows) > 1:
        filled = [c for c in t.rows[-1] if c.text.strip()]
        if len(filled) != 1 or not (w.note.match(filled[0].text.strip()) or _MARK.match(filled[0].text.strip())):
            return
        t.notes[:0] = [ln.strip() for ln in filled[0].text.split("\n") if ln.strip()]
        t.rows.pop()


def _contents(doc: Document, w: TableWords) -> None:
    """A table under a "Contents" heading is a table of contents: CONTENTS lines, not a table."""
    drop: set[int] = set()
    out: list[Block] = []
    last_body: Block | None = None
    for b in doc.blocks:
        if (b.label == Label.TABLE and b.table is not None and b.layer == Layer.BODY and last_body is not None
                and w.contents.match(last_body.text.strip())):
            drop.add(b.table)
            # the heading and the rows leave the body (like the contents hexaglot.clean.contents finds
            # in lines): never a heading, an annex or a sentence; parse --json lists them in furniture
            last_body.label, last_body.layer = Label.CONTENTS, Layer.FURNITURE
            t = doc.tables[b.table]
            for row in (*t.header, *t.rows):
                text = "\t".join(c.text.replace("\n", " ") for c in row)
                if text.strip():
                    out.append(b.model_copy(update={"text": text, "orig": text, "label": Label.CONTENTS,
                                                    "layer": Layer.FURNITURE, "table": None, "style": b.style,
                                                    "notes": []}))
            continue
        if b.layer == Layer.BODY:
            last_body = b
        out.append(b)
    doc.blocks = out
    if drop:
        _renumber(doc, {i: None for i in drop})


def _renumber(doc: Document, gone: dict[int, int | None]) -> None:
    """Remove tables ``gone`` (old index → the index they were merged into, or None) and renumber."""
    new_index: dict[int, int] = {}
    kept: list[Table] = []
    for i, t in enumerate(doc.tables):
        if i not in gone:
            new_index[i] = len(kept)
            kept.append(t)
    for i, into in gone.items():
        if into is not None:
            new_index[i] = new_index[into]
    doc.tables = kept
    for b in doc.blocks:
        if b.table is not None:
            b.table = new_index.get(b.table)


def _plain_header(t: Table) -> list[list[str]]:
    return [[" ".join(c.text.split()) for c in row] for row in t.header]


def _merge_continuations(doc: Document, w: TableWords) -> None:
    """One table from its parts: "Table 3 (continued)", or the same header again on the next page.

    Only a table that follows the previous one with nothing but its caption (and furniture) between
    them is a candidate."""
    gone: dict[int, int | None] = {}
    prev: int | None = None
    for b in doc.blocks:
        if b.layer != Layer.BODY:
            continue
        if b.table is None:
            prev = None
            continue
        if b.label != Label.TABLE:
            continue
        cur = gone.get(b.table, b.table)
        assert cur is not None
        if prev is not None and cur != prev:
            head, tail = doc.tables[prev], doc.tables[cur]
            said = any(w.continued.search(x.text) for x in doc.blocks
                       if x.table == cur and x.label == Label.CAPTION)
            same_label = tail.label is None or head.label is None or _base(tail.label) == _base(head.label)
            # the same header again: on a later page of a PDF; in a DOCX (no pages), right under the
            # table it repeats (a table the author cut in two where it runs over a page)
            later = set(tail.pages) != set(head.pages) or not (tail.pages or head.pages)
            repeated = bool(tail.header) and _plain_header(tail) == _plain_header(head) \
                and later and tail.caption is None
            if (said and same_label) or repeated:
                if repeated and not said:  # the header printed again is kept, as furniture
                    text = "\n".join("\t".join(c.text for c in r) for r in tail.header)
                    b.text = b.orig = text
                    b.layer, b.label, b.table = Layer.FURNITURE, Label.PAGE_HEADER, None
                head.rows += tail.rows
                head.notes += tail.notes
                head.pages += [p for p in tail.pages if p not in head.pages]
                gone[cur] = prev
                cur = prev
        prev = cur
    for b in doc.blocks:
        if b.table in gone:
            b.table = gone[b.table]
    if gone:
        _renumber(doc, gone)


def _base(label: str) -> str:
    return " ".join(label.lower().split())


_SPLIT = re.compile(r"\t| {2,}")


def _adopt_orphan_rows(doc: Document) -> None:
    """Consecutive TABLE blocks with no record (rows a reader found in running text) → one record."""
    run: list[Block] = []

    def close() -> None:
        if not run:
            return
        rows = [[Cell(text=c.strip()) for c in _SPLIT.split(b.text) if c.strip()] for b in run]
        doc.tables.append(Table(rows=[r for r in rows if r],
                                pages=sorted({b.page for b in run if b.page is not None})))
        for b in run:
            b.table = len(doc.tables) - 1
        run.clear()

    for b in doc.blocks:
        if b.layer != Layer.BODY:
            continue
        if b.label == Label.TABLE and b.table is None:
            run.append(b)
        else:
            close()
    close()
