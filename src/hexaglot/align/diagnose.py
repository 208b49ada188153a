"""Warnings about an alignment that cannot mean what the caller expects.

Two cases, found after aligning, at no extra cost:

- **one language on both sides**: the same code given for both texts, or texts that share most of
  their words (a translation shares few: at most 26% of its running words with its source between
  es and fr, de and fr in the corpus; two texts in one language share 36-75%);
- **texts that are not translations of each other**: the median bead score is below
  :data:`LOW_MEDIAN` (:data:`LOW_MEDIAN_LEXICAL` when aligned without embeddings). Measured on the
  corpus (UDHR and UNPC dev, en against fr, zh, ar, ru, es, 15-150 sentences), translations have
  medians of 0.61-0.77 with embeddings and 0.45-0.56 without; unrelated texts 0.29-0.35 with
  embeddings and 0.37-0.46 without. Loose literary translations score lower: the MAC zh-en
  chapters 0.43-0.58 with embeddings (0.40-0.46 without), the Text+Berg de-fr documents 0.58-0.64
  (0.46-0.48), while the same chapters and documents paired with the wrong one score 0.27-0.32
  (0.33-0.39). With embeddings the cut sits between the two groups; without, the signals overlap,
  so the cut is set below every UN translation and catches only the clearer cases (two MAC chapters
  fall under it).

With embeddings a sharper test decides instead (:func:`matched_beads`): of the source sentences in
beads with both sides, how many have one of their closest sentences in meaning on the other side
(the top :data:`MATCH_SHARE` of them) in their bead. Translations give 72-100% (the MAC dev chapters
72% and more; every Text+Berg, UDHR and UNPC dev document or chunk of 12-120 sentences 86% and more);
a text aligned with an unrelated one 0-42%; a translation half of whose counterpart is replaced
51-100%. The calibration turns that share into the probability that the two texts are translations
at all (:meth:`hexaglot.align.calibrate.Calibration.translation_probability`, fitted by
``bench/translation_gate.py``; figures in bench/RESULTS.md), every bead's probability is multiplied
by it, and below 0.5 the texts are reported as unrelated.

:func:`hexaglot.align.align` issues each as an :class:`AlignWarning` (``warnings.warn``); the
``hexaglot align`` command prints them on stderr.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence

import numpy as np

from hexaglot.align.calibrate import shipped
from hexaglot.model import Bead

#: Below this median bead score the texts are taken as unrelated (aligned with embeddings)...
LOW_MEDIAN = 0.39
#: ... and aligned on length, anchors and lexicon only.
LOW_MEDIAN_LEXICAL = 0.42
#: Above this share of running words found in the other text, both texts are taken as one language.
SAME_WORDS = 0.6
#: Fewer beads than this say too little to warn about.
MIN_BEADS = 5
#: An aligned source sentence is *matched* when at most this share of the other side's sentences are
#: closer to it in meaning than the best target sentence of its bead (0 in a document of fewer than 50).
MATCH_SHARE = 0.02
#: Targets a source sentence is compared with at most (an even sample of a longer side).
MATCH_SAMPLE = 2048

_WORD = re.compile(r"[^\W\d_]{2,}")


class AlignWarning(UserWarning):
    """An alignment was made but its input looks wrong (one language, or unrelated texts)."""


def shared_words(src: Sequence[str], tgt: Sequence[str]) -> float:
    """The smaller of the two shares of running words (2+ letters, case-folded) that also occur in
    the other text."""
    a = [w.casefold() for s in src for w in _WORD.findall(s)]
    b = [w.casefold() for s in tgt for w in _WORD.findall(s)]
    if not a or not b:
        return 0.0
    va, vb = set(a), set(b)
    return min(sum(w in vb for w in a) / len(a), sum(w in va for w in b) / len(b))


def matched_beads(src_vectors: np.ndarray, tgt_vectors: np.ndarray,
                  path: Sequence[tuple[int, int]]) -> tuple[int, int]:
    """``(matched, paired)``: of the source sentences in beads with both sides (bead sizes
    ``(a, b)`` of ``path`` in order), how many have one of their closest target sentences by cosine
    (:data:`MATCH_SHARE`) in their bead, and how many there are. A side longer than
    :data:`MATCH_SAMPLE` is compared through an even sample of its sentences."""
    rows: list[int] = []
    cols: list[int] = []
    owner: list[int] = []  # per (row, col) pair: its row's position in ``rows``
    i = j = 0
    for a, b in path:
        if a and b:
            for r in range(i, i + a):
                rows.append(r)
                cols.extend(range(j, j + b))
                owner.extend([len(rows) - 1] * b)
        i += a
        j += b
    if not rows:
        return 0, 0
    src = np.asarray(src_vectors, dtype=np.float32)
    tgt = np.asarray(tgt_vectors, dtype=np.float32)
    src = src / np.maximum(np.linalg.norm(src, axis=1, keepdims=True), 1e-9)
    tgt = tgt / np.maximum(np.linalg.norm(tgt, axis=1, keepdims=True), 1e-9)
    sample = tgt if len(tgt) <= MATCH_SAMPLE else tgt[np.linspace(0, len(tgt) - 1, MATCH_SAMPLE).astype(np.int64)]
    allowed = MATCH_SHARE * len(sample)
    r = np.array(rows, dtype=np.int64)
    who = np.array(owner, dtype=np.int64)
    own = np.full(len(r), -np.inf, dtype=np.float32)  # each sentence's best target inside its bead
    np.maximum.at(own, who, np.einsum("ij,ij->i", src[r[who]], tgt[np.array(cols, dtype=np.int64)]))
    matched = 0
    for k in range(0, len(r), 1024):  # 1024 rows of similarities at a time
        closer = ((src[r[k:k + 1024]] @ sample.T) > own[k:k + 1024, None] + 1e-5).sum(axis=1)  # 1e-5: rounding
        matched += int((closer <= allowed).sum())
    return matched, len(r)


def alignment_warnings(src: Sequence[str], tgt: Sequence[str], src_lang: str, tgt_lang: str,
                       beads: Sequence[Bead], *, embeddings: bool = True,
                       matched: tuple[int, int] | None = None) -> list[str]:
    """What looks wrong about aligning ``src`` with ``tgt`` into ``beads`` (empty when nothing does);
    ``matched``: the alignment's :func:`matched_beads` (with embeddings), which decides whether the
    texts are translations when it counts :data:`MIN_BEADS` sentences or more."""
    out: list[str] = []
    if src_lang == tgt_lang:
        out.append(f"both texts are in {src_lang}: align pairs a text with its translation, and scores "
                   f"between two {src_lang} texts mean little")
    else:
        share = shared_words(src, tgt)
        if share >= SAME_WORDS:
            out.append(f"the two texts share {share:.0%} of their words: they look like one language, "
                       f"not {src_lang} and {tgt_lang} (translations share at most about 30%)")
    if matched is not None and matched[1] >= MIN_BEADS:
        p = shipped().translation_probability(*matched, embeddings=embeddings)
        if p < 0.5:
            out.append(f"the texts do not look like translations of each other: {matched[0]} of {matched[1]} "
                       f"aligned sentences are paired with one of their closest in meaning (translations: "
                       f"70% or more); every bead's score is multiplied by the probability that the "
                       f"texts are translations, {p:.2f}")
    elif len(beads) >= MIN_BEADS:
        # the cuts were measured on the scorer's raw confidence; calibrated probabilities keep it in ``raw``
        raw = [b.score if b.raw is None else b.raw for b in beads]
        median = statistics.median(raw)
        cut = LOW_MEDIAN if embeddings else LOW_MEDIAN_LEXICAL
        if median < cut:
            low = sum(x < 0.3 for x in raw) / len(beads)
            out.append(f"the texts do not look like translations of each other: median raw bead score "
                       f"{median:.2f} (translations score {cut} or more), {low:.0%} of "
                       f"{len(beads)} beads below 0.3")
    return out
