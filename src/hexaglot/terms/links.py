"""Word alignments as evidence for an equivalent: how much of a bead's source term its words render.

:class:`AlignmentLinks` is a :data:`~hexaglot.terms.rank.LinkScorer` over a word aligner
(:mod:`hexaglot.wordalign`, the model the concordance marks with, through its public
:meth:`~hexaglot.wordalign.model.WordAligner.directional` posteriors). In one bead, with ``Q`` the
source term's words and ``C`` the target candidate's words: precision is how much of the
probability that ``C``'s words come from a source word (not from NULL) goes to ``Q``; recall is how
much of the probability that ``Q``'s words come from a target word goes to ``C``; the strength is
their harmonic mean. A word the aligner leaves to NULL (often an article or a preposition: "de",
"l'") weighs little on either side. So "гуманитарного права" renders about two thirds of
"international humanitarian law" where "международного гуманитарного права" renders all of it.

Each bead is aligned once (the posteriors of the last :data:`CACHE` beads are kept).
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING

import numpy as np

from hexaglot.store.records import Pair
from hexaglot.wordalign.tokens import Token, tokenize

if TYPE_CHECKING:
    from hexaglot.wordalign.model import WordAligner

CACHE = 2_000
"""Beads whose posteriors are kept (float32; ~35 kB for a bead of 30 words a side, so ≤ ~70 MB an archive
handle, and the HTTP server holds one handle per worker thread)."""
MAX_TOKENS = 300
"""Tokens aligned per side (as the concordance marks: a longer bead is cut there)."""

_Aligned = tuple[list[Token], list[Token], np.ndarray, np.ndarray]


class AlignmentLinks:
    """``(pair, source span, target span) -> 0..1`` from the word-alignment posteriors of the pair."""

    def __init__(self, aligner: WordAligner) -> None:
        self.aligner = aligner
        self._cache: OrderedDict[tuple[str, str], _Aligned | None] = OrderedDict()

    def _aligned(self, pair: Pair) -> _Aligned | None:
        key = (pair.src, pair.tgt)
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        s = [t for t in tokenize(pair.src) if t.text[:1].isalnum()][:MAX_TOKENS]
        t = [t for t in tokenize(pair.tgt) if t.text[:1].isalnum()][:MAX_TOKENS]
        hit = None
        if s and t:
            fwd, bwd = self.aligner.directional([x.text for x in s], [x.text for x in t])
            hit = (s, t, np.asarray(fwd, np.float32), np.asarray(bwd, np.float32))
        self._cache[key] = hit
        if len(self._cache) > CACHE:
            self._cache.popitem(last=False)
        return hit

    def __call__(self, pair: Pair, src_span: tuple[int, int], tgt_span: tuple[int, int]) -> float:
        hit = self._aligned(pair)
        if hit is None:
            return 0.0
        s, t, fwd, bwd = hit  # fwd[j, i]: P(target j from source i), bwd[i, j]: P(source i from target j)
        q = [i for i, x in enumerate(s) if x.start < src_span[1] and x.end > src_span[0]]
        c = [j for j, x in enumerate(t) if x.start < tgt_span[1] and x.end > tgt_span[0]]
        if not q or not c:
            return 0.0
        p_in, p_all = float(fwd[np.ix_(c, q)].sum()), float((1 - fwd[c, -1]).sum())
        r_in, r_all = float(bwd[np.ix_(q, c)].sum()), float((1 - bwd[q, -1]).sum())
        if p_in <= 0 or r_in <= 0 or p_all <= 0 or r_all <= 0:
            return 0.0
        p, r = min(1.0, p_in / p_all), min(1.0, r_in / r_all)
        return 2 * p * r / (p + r)
