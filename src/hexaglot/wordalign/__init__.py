"""Word alignment inside aligned sentence pairs: which words of the translation render which.

    from hexaglot.wordalign import WordAligner, load_model
    model = load_model(archive, "en", "fr")            # trained model, or dictionaries only
    model.align_pair(["human", "rights"], ["droits", "de", "l'", "homme"])  # [(0, 3), (1, 0)]

:mod:`~hexaglot.wordalign.model` (the aligner, EM in :mod:`~hexaglot.wordalign.em`),
:mod:`~hexaglot.wordalign.symmetrize`, :mod:`~hexaglot.wordalign.evaluate` (AER, gold readers),
:mod:`~hexaglot.wordalign.persist` (the ``word_models`` table), :mod:`~hexaglot.wordalign.marks`
(concordance marks), :mod:`~hexaglot.wordalign.train` (training over an archive).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hexaglot.wordalign.model import Config, WordAligner
from hexaglot.wordalign.tokens import Token, tokenize

if TYPE_CHECKING:
    from hexaglot.archive import Archive

__all__ = ["Config", "Token", "WordAligner", "load_model", "tokenize"]


def load_model(archive: Archive, src: str, tgt: str) -> WordAligner:
    """The archive's word model for ``src``→``tgt`` (``.trained`` False: none stored, dictionaries only)."""
    return archive.word_aligner(src, tgt)
