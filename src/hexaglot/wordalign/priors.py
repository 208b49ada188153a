"""Prior evidence for word pairs before any training: bilingual dictionaries and identical forms.

The dictionaries are those the sentence aligner already reads (:func:`hexaglot.align.lexicon.
load_pivot_dictionary`: FreeDict, CC-CEDICT), composed through English where a pair has none of its own
(:func:`~hexaglot.align.lexicon.composed_dictionary`: fr–es, ru–ar, ...), keyed by
prefix stems (:func:`hexaglot.align.text.stem`). A pair of words is *vouched for* when the child's
stem is among the dictionary's translations of the parent's stem, or when both are spelt the same
(numbers, names, symbols, punctuation).
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from hexaglot.align.lexicon import composed_dictionary, load_pivot_dictionary
from hexaglot.align.text import stem


@functools.lru_cache(maxsize=16)
def dictionary(parent_lang: str, child_lang: str) -> dict[str, dict[str, None]]:
    return load_pivot_dictionary(parent_lang, child_lang) or composed_dictionary(parent_lang, child_lang)


def _stem(word: str) -> str:
    return stem(word) if word[:1].isalpha() else word


def vouched(parent: str, child: str, dic: dict[str, dict[str, None]]) -> int:
    """2 when the forms are identical, 1 when the dictionary links them, else 0."""
    if parent == child:
        return 2
    trans = dic.get(_stem(parent))
    return 1 if trans is not None and _stem(child) in trans else 0


def prior_keys(parent_vocab: Sequence[str], child_vocab: Sequence[str], dic: dict[str, dict[str, None]]
               ) -> tuple[np.ndarray, np.ndarray]:
    """``(keys, kind)``: every vouched pair as ``parent * len(child_vocab) + child`` (sorted) and its
    kind (1 dictionary, 2 identical). Index 0 of each vocabulary is NULL and never vouched for."""
    n_child = len(child_vocab)
    by_stem: dict[str, list[int]] = defaultdict(list)
    by_form: dict[str, int] = {}
    for c, w in enumerate(child_vocab):
        if c:
            by_stem[_stem(w)].append(c)
            by_form[w] = c
    out: dict[int, int] = {}
    for p, w in enumerate(parent_vocab):
        if not p:
            continue
        for ts in dic.get(_stem(w), ()):
            for c in by_stem.get(ts, ()):
                out[p * n_child + c] = 1
        c_same = by_form.get(w)
        if c_same is not None:
            out[p * n_child + c_same] = 2
    keys = np.array(sorted(out), dtype=np.int64)
    return keys, np.array([out[int(k)] for k in keys], dtype=np.int8)
