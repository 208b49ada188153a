"""The token ids of :class:`hexaglot.align.lexicon._Flat` against a plain first-occurrence numbering."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from hexaglot.align.lexicon import _Flat


def _reference(sentences: list[tuple[str, ...]]) -> tuple[list[str], list[int], list[float]]:
    """Vocabulary in order of first occurrence, each token's id, and each word's IDF, by dicts."""
    ids: dict[str, int] = {}
    word = []
    for s in sentences:
        for w in s:
            if w not in ids:
                ids[w] = len(ids)
            word.append(ids[w])
    df = [0] * len(ids)
    for s in sentences:
        for w in set(s):
            df[ids[w]] += 1
    idf = np.log((len(sentences) + 1) / (np.array(df, dtype=np.float64) + 0.5)).tolist()
    return list(ids), word, idf


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["a", "b", "ab", "the", "é", "ال", "人权", "", "x" * 5]), max_size=8)
                .map(tuple), max_size=10))
def test_flat_ids_in_order_of_first_occurrence(sentences: list[tuple[str, ...]]) -> None:
    flat = _Flat.of(sentences)
    vocab, word, idf = _reference(sentences)
    assert flat.vocab == vocab
    assert flat.word.tolist() == word and flat.word.dtype == np.int64
    assert flat.sent.tolist() == [k for k, s in enumerate(sentences) for _ in s]
    assert flat.ptr.tolist() == [0, *np.cumsum([len(s) for s in sentences]).tolist()]
    assert flat.idf.tolist() == idf
