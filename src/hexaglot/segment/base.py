"""The segmenter family: a base class owns the loop over blocks, a subclass splits one paragraph.

:class:`Segmenter` turns the body blocks of a :class:`~hexaglot.model.Document` into
:class:`~hexaglot.model.Sentence` records (running ids, block index, span inside the block's
cleaned text). A subclass writes :meth:`Segmenter.split_spans` for one paragraph;
:class:`RuleSegmenter` is the default, driven by the language tables (:mod:`hexaglot.segment.splitter`).
The loop caps every unit at :data:`hexaglot.limits.MAX_SENTENCE_CHARS` (:func:`cap_spans`): a longer
one is cut at its best break, and the document gets a warning (a :class:`LongSentenceWarning` when
blocks are segmented without a document).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Collection, Iterable, Sequence
from typing import ClassVar

from hexaglot import limits
from hexaglot.errors import ConfigError
from hexaglot.model import Block, Document, Label, Layer, Sentence, Span, Table, UnitKind
from hexaglot.segment import splitter
from hexaglot.segment.tables import load_rules
from hexaglot.units import CellPlace, cell_unit, kind_of, table_key

SINGLE_UNIT: frozenset[Label] = frozenset(
    {Label.TITLE, Label.HEADING, Label.SIGNATURE, Label.COVER, Label.TABLE, Label.CAPTION}
)
"""Labels whose block is one unit, never split (titles, headings, signature blocks, ...)."""

_BODY: frozenset[Layer] = frozenset({Layer.BODY})


class LongSentenceWarning(UserWarning):
    """Units longer than :data:`hexaglot.limits.MAX_SENTENCE_CHARS` were cut."""


_CLAUSE = re.compile(r"[,;:，；：、،؛](?=\s)|[，；：、]")
_SPACE = re.compile(r"\s+")


def _break(text: str, a: int, limit: int) -> int:
    """Where to end a piece of ``text`` starting at ``a``: after the last clause mark, else at the last
    space, in the second half of the limit; else at the limit itself."""
    lo, hi = a + limit // 2, a + limit
    for rx in (_CLAUSE, _SPACE):
        last = None
        for m in rx.finditer(text, lo, hi):
            last = m
        if last is not None:
            return last.end() if rx is _CLAUSE else last.start()
    return hi


def cap_spans(text: str, spans: list[tuple[int, int]], limit: int) -> tuple[list[tuple[int, int]], int]:
    """``spans`` with each one longer than ``limit`` cut at its best breaks; and how many were cut."""
    out: list[tuple[int, int]] = []
    cut = 0
    for a, b in spans:
        if b - a > limit:
            cut += 1
        while b - a > limit:
            end = _break(text, a, limit)
            if end <= a:
                end = a + limit
            stop = end
            while stop > a and text[stop - 1].isspace():
                stop -= 1
            if stop > a:
                out.append((a, stop))
            space = _SPACE.match(text, end, b)
            a = space.end() if space else end
        if b > a:
            out.append((a, b))
    return out, cut


class Segmenter:
    """Base of every segmenter. A subclass sets ``name`` and writes :meth:`split_spans`."""

    name: ClassVar[str] = ""

    def split_spans(self, text: str, lang: str) -> list[tuple[int, int]]:  # pragma: no cover
        """Half-open spans of the sentences of one paragraph, surrounding whitespace excluded."""
        raise NotImplementedError

    def split(self, text: str, lang: str) -> list[str]:
        """The sentences of one paragraph."""
        return [text[a:b] for a, b in self.split_spans(text, lang)]

    def segment_blocks(
        self, blocks: Iterable[Block], lang: str, *, indices: Iterable[int] | None = None,
        layers: Iterable[Layer] = (Layer.BODY,), first_id: int = 0, tables: Sequence[Table] = (),
    ) -> list[Sentence]:
        """Sentences of the blocks of ``layers`` (the body by default), ids running from ``first_id``.

        ``Sentence.block`` is the position of the block in ``blocks`` unless ``indices`` gives
        each block's own index (its position in ``Document.blocks``). Blocks of other layers
        and empty blocks give no sentence; :data:`SINGLE_UNIT` blocks give exactly one. Each
        sentence carries its block's kind (:func:`hexaglot.units.kind_of`) and, for a footnote,
        the note's mark as ``unit``.

        A ``TABLE`` block that points at one of ``tables`` is never prose: it gives one sentence of
        kind ``cell`` per non-empty cell (:func:`table_cells`), once per table (the blocks of a
        continued table point at the same record); one without a record stays one ``cell`` unit.
        """
        blocks = list(blocks)
        index = list(indices) if indices is not None else list(range(len(blocks)))
        if len(index) != len(blocks):
            raise ValueError("indices and blocks differ in length")
        out, cut = self._segment(blocks, lang, index, frozenset(layers), first_id, tables)
        if cut:
            warnings.warn(LongSentenceWarning(_cut_message(cut)), stacklevel=2)
        return out

    def _segment(self, blocks: list[Block], lang: str, index: list[int], layers: frozenset[Layer] = _BODY,
                 first_id: int = 0, tables: Sequence[Table] = (), elsewhere: Collection[str] | None = None
                 ) -> tuple[list[Sentence], int]:
        out: list[Sentence] = []
        done: set[int] = set()
        cut = 0
        if elsewhere is None:  # the texts a table's note may stand in already, as a block of its own
            elsewhere = {" ".join(b.text.split()) for b in blocks if b.label != Label.TABLE} if tables else set()
        for i, block in zip(index, blocks, strict=True):
            if block.layer not in layers:
                continue
            text = block.text
            if block.label == Label.TABLE and block.table is not None and 0 <= block.table < len(tables):
                if block.table not in done:
                    done.add(block.table)
                    out += table_cells(tables[block.table], block.table, text, i, first_id + len(out),
                                       elsewhere)
                continue
            if block.label in SINGLE_UNIT:
                start = len(text) - len(text.lstrip())
                end = len(text.rstrip())
                spans = [(start, end)] if end > start else []
            else:
                spans = self.split_spans(text, lang)
            spans, n = cap_spans(text, spans, limits.MAX_SENTENCE_CHARS)
            cut += n
            kind = kind_of(block)
            unit = (block.notes[0] if block.notes else "") if kind == UnitKind.FOOTNOTE else None
            for a, b in spans:
                out.append(Sentence(id=first_id + len(out), text=text[a:b], block=i, span=Span(start=a, end=b),
                                    kind=kind, unit=unit))
        return out, cut

    def segment_document(self, doc: Document, lang: str | None = None, *, notes: bool = False) -> list[Sentence]:
        """Sentences of the document's body blocks (main text and annexes, in document order).

        ``notes=True`` appends the sentences of its footnotes (the notes layer, kind ``footnote``),
        ids continuing after the body's: the body's ids are the same with or without them."""
        code = lang or doc.language
        if not code:
            raise ConfigError(f"document {doc.id!r} has no language; pass lang=")
        out: list[Sentence] = []
        cut = 0
        elsewhere = {" ".join(b.text.split()) for b in doc.blocks
                     if b.label != Label.TABLE and b.layer in (Layer.BODY, Layer.NOTES)} if doc.tables else set()
        for layer in (Layer.BODY, Layer.NOTES) if notes else (Layer.BODY,):
            pairs = [(i, b) for i, b in enumerate(doc.blocks) if b.layer == layer]
            got, n = self._segment([b for _, b in pairs], code, [i for i, _ in pairs], frozenset({layer}), len(out),
                                   doc.tables, elsewhere)
            out += got
            cut += n
        if cut and (message := _cut_message(cut)) not in doc.warnings:
            doc.warnings.append(message)
        return out


def _cut_message(cut: int) -> str:
    return (f"{cut} unit(s) longer than {limits.MAX_SENTENCE_CHARS} characters cut into sentences at the best "
            "break found (clause mark, space, else the limit); set HEXAGLOT_MAX_SENTENCE_CHARS to change it")


def table_cells(table: Table, index: int, block_text: str, block: int, first_id: int,
                elsewhere: Collection[str] = ()) -> list[Sentence]:
    """One ``cell`` sentence per non-empty cell of ``table`` (its whitespace collapsed), row by row,
    each with its place (:func:`hexaglot.units.cell_unit`) and, when the cell's text is found in
    the ``TABLE`` block's text in order, its span there; then one per note of the table (in the rows
    after the last), unless its text is among ``elsewhere`` (the document's other blocks)."""
    key = table_key(table.label)
    out: list[Sentence] = []
    pos = 0
    n_header = len(table.header)
    seen: set[int] = set()
    for r, row in enumerate(table.grid()):
        for slot in row:
            if slot is None or slot[0] != r or id(slot[2]) in seen:
                continue
            seen.add(id(slot[2]))
            text = " ".join(slot[2].text.split())
            if not text:
                continue
            span = None
            at = block_text.find(slot[2].text.strip(), pos)
            if at >= 0:
                pos = at + len(slot[2].text.strip())
                span = Span(start=at, end=pos)
            place = CellPlace(table=index, row=r, col=slot[1], key=key, header=r < n_header)
            out.append(Sentence(id=first_id + len(out), text=text, block=block, span=span,
                                kind=UnitKind.CELL, unit=cell_unit(place)))
    # the table's notes ("a Estimates as at 28 February 2026."): searchable like its cells, each as
    # one more row under the table's last, unless the document holds the note as a block of its own
    rows = len(table.grid())
    for k, note in enumerate(table.notes):
        text = " ".join(note.split())
        if not text or text in elsewhere:
            continue
        at = block_text.find(note.strip(), pos)
        span = None
        if at >= 0:
            pos = at + len(note.strip())
            span = Span(start=at, end=pos)
        place = CellPlace(table=index, row=rows + k, col=0, key=key)
        out.append(Sentence(id=first_id + len(out), text=text, block=block, span=span,
                            kind=UnitKind.CELL, unit=cell_unit(place)))
    return out


class RuleSegmenter(Segmenter):
    """Rules from the language tables on top of sentencex (see :mod:`hexaglot.segment.splitter`)."""

    name = "rules"

    def split_spans(self, text: str, lang: str) -> list[tuple[int, int]]:
        return splitter.split_spans(text, lang)


class SentencexSegmenter(Segmenter):
    """Plain sentencex, without the UN rules: the baseline the rules are measured against."""

    name = "sentencex"

    def split_spans(self, text: str, lang: str) -> list[tuple[int, int]]:
        import sentencex  # lazy: only the baseline needs it at run time

        code = load_rules(lang).sentencex
        spans: list[tuple[int, int]] = []
        for b in sentencex.get_sentence_boundaries(code, text):
            a, e = b["start_index"], b["end_index"]
            s = text[a:e]
            lead, trail = len(s) - len(s.lstrip()), len(s) - len(s.rstrip())
            if e - trail > a + lead:
                spans.append((a + lead, e - trail))
        return spans


SEGMENTERS: dict[str, type[Segmenter]] = {"rules": RuleSegmenter, "sentencex": SentencexSegmenter}
"""Name -> segmenter class."""
