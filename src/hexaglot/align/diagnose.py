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

:func:`hexaglot.align.align` issues each as an :class:`AlignWarning` (``warnings.warn``); the
``hexaglot align`` command prints them on stderr.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence

from hexaglot.model import Bead

#: Below this median bead score the texts are taken as unrelated (aligned with embeddings)...
LOW_MEDIAN = 0.39
#: ... and aligned on length, anchors and lexicon only.
LOW_MEDIAN_LEXICAL = 0.42
#: Above this share of running words found in the other text, both texts are taken as one language.
SAME_WORDS = 0.6
#: Fewer beads than this say too little to warn about.
MIN_BEADS = 5

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


def alignment_warnings(src: Sequence[str], tgt: Sequence[str], src_lang: str, tgt_lang: str,
                       beads: Sequence[Bead], *, embeddings: bool = True) -> list[str]:
    """What looks wrong about aligning ``src`` with ``tgt`` into ``beads`` (empty when nothing does)."""
    out: list[str] = []
    if src_lang == tgt_lang:
        out.append(f"both texts are in {src_lang}: align pairs a text with its translation, and scores "
                   f"between two {src_lang} texts mean little")
    else:
        share = shared_words(src, tgt)
        if share >= SAME_WORDS:
            out.append(f"the two texts share {share:.0%} of their words: they look like one language, "
                       f"not {src_lang} and {tgt_lang} (translations share at most about 30%)")
    if len(beads) >= MIN_BEADS:
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
