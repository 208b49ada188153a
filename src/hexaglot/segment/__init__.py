"""segment: sentence splitting for the six UN languages.

>>> from hexaglot.segment import split
>>> split("M. George W. Bush a parlé. Voir A/58/50/Rev.1, par. 3. Fin.", "fr")
['M. George W. Bush a parlé.', 'Voir A/58/50/Rev.1, par. 3.', 'Fin.']

The rules are data: ``langs/<code>/segment.toml`` (abbreviations, label and number words,
terminators, quotes); :mod:`.splitter` holds the algorithm, :mod:`.base` the
:class:`Segmenter` family, :mod:`.evaluate` the boundary scores against gold sentence files.
"""

from __future__ import annotations

from collections.abc import Iterable

from hexaglot.model import Block, Document, Sentence
from hexaglot.segment.base import SEGMENTERS, SINGLE_UNIT, RuleSegmenter, Segmenter, SentencexSegmenter
from hexaglot.segment.splitter import split, split_spans
from hexaglot.segment.tables import EXTRA_LANGS, SegmentRules, load_rules

__all__ = [
    "EXTRA_LANGS",
    "SEGMENTERS",
    "SINGLE_UNIT",
    "RuleSegmenter",
    "SegmentRules",
    "Segmenter",
    "SentencexSegmenter",
    "load_rules",
    "segment_blocks",
    "segment_document",
    "split",
    "split_spans",
]

_DEFAULT = RuleSegmenter()


def segment_blocks(blocks: Iterable[Block], lang: str) -> list[Sentence]:
    """Sentences of the body-layer blocks with the default :class:`RuleSegmenter`."""
    return _DEFAULT.segment_blocks(blocks, lang)


def segment_document(doc: Document, *, notes: bool = False) -> list[Sentence]:
    """Sentences of the body blocks of ``doc`` (in its language) with the default segmenter;
    ``notes=True`` appends its footnotes' sentences (kind ``footnote``) after them."""
    return _DEFAULT.segment_document(doc, notes=notes)
