"""Training a word model over an archive's aligned pairs and keeping it in the archive."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from hexaglot.errors import InputError
from hexaglot.wordalign import persist
from hexaglot.wordalign.model import Config, WordAligner
from hexaglot.wordalign.tokens import tokenize

if TYPE_CHECKING:
    from hexaglot.archive import Archive

MAX_TOKENS = 100
"""Pairs with more tokens on either side (long multi-sentence beads) are left out of training."""


def confident_pairs(archive: Archive, src: str, tgt: str, min_score: float) -> Iterator[tuple[list[str], list[str]]]:
    """Token lists of the archive's prose pairs scored at least ``min_score``."""
    for p in archive.pairs(src, tgt, min_score=min_score, units="prose"):
        s = [t.text for t in tokenize(p.src)]
        t = [t.text for t in tokenize(p.tgt)]
        if s and t and len(s) <= MAX_TOKENS and len(t) <= MAX_TOKENS:
            yield s, t


def train_from_pairs(archive: Archive, src: str, tgt: str, min_score: float | None, max_pairs: int | None,
                     progress: Callable[[str], None] | None = None, config: Config | None = None
                     ) -> persist.WordModelInfo:
    from hexaglot import limits

    score = limits.LOW_SCORE if min_score is None else min_score
    t0 = time.perf_counter()
    pairs = []
    for k, pair in enumerate(confident_pairs(archive, src, tgt, score)):
        if max_pairs is not None and k >= max_pairs:
            break
        pairs.append(pair)
    if not pairs:
        raise InputError(f"{src}-{tgt}", f"the archive holds no aligned {src}-{tgt} pairs scored ≥ {score:g} "
                         "to train a word model on")
    if progress:
        progress(f"{len(pairs)} {src}-{tgt} pairs read; training")
    model = WordAligner.train(src, tgt, pairs, config or Config())
    seconds = time.perf_counter() - t0
    with archive.store.transaction() as c:
        return persist.save(c, model, datetime.now(UTC).isoformat(timespec="seconds"), seconds, score)
