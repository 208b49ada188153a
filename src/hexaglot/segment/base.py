"""The segmenter family: a base class owns the loop over blocks, a subclass splits one paragraph.

:class:`Segmenter` turns the body blocks of a :class:`~hexaglot.model.Document` into
:class:`~hexaglot.model.Sentence` records (running ids, block index, span inside the block's
cleaned text). A subclass writes :meth:`Segmenter.split_spans` for one paragraph;
:class:`RuleSegmenter` is the default, driven by the language tables (:mod:`hexaglot.segment.splitter`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from hexaglot.errors import ConfigError
from hexaglot.model import Block, Document, Label, Layer, Sentence, Span
from hexaglot.segment import splitter
from hexaglot.segment.tables import load_rules

SINGLE_UNIT: frozenset[Label] = frozenset(
    {Label.TITLE, Label.HEADING, Label.SIGNATURE, Label.COVER, Label.TABLE, Label.CAPTION}
)
"""Labels whose block is one unit, never split (titles, headings, signature blocks, ...)."""


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
        self, blocks: Iterable[Block], lang: str, *, indices: Iterable[int] | None = None
    ) -> list[Sentence]:
        """Sentences of the body-layer blocks, ids running from 0.

        ``Sentence.block`` is the position of the block in ``blocks`` unless ``indices`` gives
        each block's own index (its position in ``Document.blocks``). Blocks of other layers
        and empty blocks give no sentence; :data:`SINGLE_UNIT` blocks give exactly one.
        """
        blocks = list(blocks)
        index = list(indices) if indices is not None else list(range(len(blocks)))
        if len(index) != len(blocks):
            raise ValueError("indices and blocks differ in length")
        out: list[Sentence] = []
        for i, block in zip(index, blocks, strict=True):
            if block.layer != Layer.BODY:
                continue
            text = block.text
            if block.label in SINGLE_UNIT:
                start = len(text) - len(text.lstrip())
                end = len(text.rstrip())
                spans = [(start, end)] if end > start else []
            else:
                spans = self.split_spans(text, lang)
            for a, b in spans:
                out.append(Sentence(id=len(out), text=text[a:b], block=i, span=Span(start=a, end=b)))
        return out

    def segment_document(self, doc: Document, lang: str | None = None) -> list[Sentence]:
        """Sentences of the document's body blocks (main text and annexes, in document order)."""
        code = lang or doc.language
        if not code:
            raise ConfigError(f"document {doc.id!r} has no language; pass lang=")
        pairs = [(i, b) for i, b in enumerate(doc.blocks) if b.layer == Layer.BODY]
        return self.segment_blocks([b for _, b in pairs], code, indices=[i for i, _ in pairs])


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
