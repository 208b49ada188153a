"""align: sentence alignment of two (or up to six) language versions.

    from hexaglot.align import align, align_many, Aligner
    beads = align(src_sentences, tgt_sentences, "en", "fr")      # list[hexaglot.model.Bead]
    aligner = Aligner(cache_dir="~/.cache/hexaglot")             # keeps models and caches
    beads = aligner.align(src, tgt, "en", "zh", embeddings=False)

Beads are monotone, cover every sentence of both sides exactly once, use 0-based indices and carry
a score in [0, 1]. Nothing is loaded at import time: the encoder starts on first use.

:func:`align` warns (:class:`AlignWarning`, through :mod:`warnings`) when both texts are in one
language or do not look like translations of each other (:mod:`hexaglot.align.diagnose`).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

from hexaglot.align.aligner import AlignConfig, Aligner, AlignError
from hexaglot.align.diagnose import AlignWarning, alignment_warnings
from hexaglot.align.multiway import Cluster, align_many
from hexaglot.model import Bead

__all__ = ["AlignConfig", "AlignError", "AlignWarning", "Aligner", "Cluster", "align", "align_many",
           "alignment_warnings", "default_aligner"]

_DEFAULT: list[Aligner] = []


def default_aligner() -> Aligner:
    """The process-wide aligner behind :func:`align` (created on first call, not at import)."""
    if not _DEFAULT:
        _DEFAULT.append(Aligner())
    return _DEFAULT[0]


def align(src: Sequence[str], tgt: Sequence[str], src_lang: str, tgt_lang: str, *,
          embeddings: bool = True, aligner: Aligner | None = None, prefix: str = "") -> list[Bead]:
    """Align two sentence lists; see :meth:`Aligner.align`. Issues an :class:`AlignWarning` for each
    of :func:`alignment_warnings` (one language on both sides, texts that are not translations),
    its message after ``prefix`` (an ingest names the pair: ``"en-fr: "``)."""
    beads, evidence = (aligner or default_aligner()).align_scored(src, tgt, src_lang, tgt_lang, embeddings=embeddings)
    for message in alignment_warnings(src, tgt, src_lang, tgt_lang, beads, embeddings=embeddings,
                                      matched=evidence.matched):
        warnings.warn(prefix + message, AlignWarning, stacklevel=2)
    return beads
