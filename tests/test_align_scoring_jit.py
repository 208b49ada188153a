"""The compiled bead costs (numba, ``scoring_jit``) against the numpy reference (``BeadScorer.costs``)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hexaglot.align import dp
from hexaglot.align.aligner import DEFAULT_TYPES
from hexaglot.align.band import Band
from hexaglot.align.length import LengthModel
from hexaglot.align.lexicon import _Flat, _max_rows, train_ibm1, train_ibm1_flat
from hexaglot.align.scoring import BeadScorer, Signal

pytestmark = pytest.mark.skipif(not dp.compiled_available(), reason="numba is not installed")

TYPES = [t for t in DEFAULT_TYPES if t != (0, 1)]
PRIOR = {(1, 2): 0.15, (2, 1): 0.15, (2, 2): 0.6, (1, 3): 0.4, (3, 1): 0.4}


def _unit(rng: np.random.Generator, n: int) -> np.ndarray:
    x = rng.normal(size=(n, 8))
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def _bag(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    x = (rng.random((n, 6)) * (rng.random((n, 6)) < 0.4)).astype(np.float32)
    x[rng.random(n) < 0.2] = 0.0  # sentences without content words: mass 0
    return x, x.sum(axis=1) * 1.3


def _scorer(seed: int, n: int, m: int, power: float, length: bool, narrow: bool,
            ) -> tuple[BeadScorer, Band]:
    rng = np.random.default_rng(seed)
    xs, ms = _bag(rng, n)
    xt, mt = _bag(rng, m)
    ys, ns_ = _bag(rng, n)
    yt, nt_ = _bag(rng, m)
    signals = [Signal("embed", _unit(rng, n), _unit(rng, m), 1.0, "cos", True, knn=3),
               Signal("lex", xs, xt, 0.5, "mass", True, ms, mt),
               Signal("anchor", ys, yt, 0.05, "mass", False, ns_, nt_)]
    ls = rng.integers(1, 200, n).astype(np.float64)
    lt = rng.integers(1, 200, m).astype(np.float64)
    model = LengthModel.from_totals(ls, lt) if length else None
    block = int(rng.integers(1, 9))
    if narrow:
        k = int(rng.integers(1, 4))
        pts = [(0, 0), *zip(sorted(rng.integers(0, n + 1, k)), sorted(rng.integers(0, m + 1, k)), strict=True),
               (n, m)]
        band = Band.around(pts, n, m, radius=int(rng.integers(1, 6)), block=block).uniform(m)
    else:
        band = Band.full(n, m, block)
    scorer = BeadScorer(signals, ls, lt, model, 0.02, TYPES, PRIOR, 0.4)
    scorer.size_power = 0.5
    scorer.mass_size_power = power
    scorer.prepare(band)
    return scorer, band


@settings(max_examples=80, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 30), m=st.integers(1, 30),
       power=st.sampled_from([0.5, 0.5, 0.6, 1.0]), length=st.booleans(), narrow=st.booleans())
def test_compiled_costs_equal_numpy_reference(seed: int, n: int, m: int, power: float, length: bool,
                                              narrow: bool) -> None:
    scorer, band = _scorer(seed, n, m, power, length, narrow)
    w = band.width
    for block, (r0, r1) in enumerate(band.blocks()):
        out = np.full((r1 - r0, len(TYPES), w), np.nan, dtype=np.float32)
        assert scorer.fill_stack(band, block, r0, r1, TYPES, out)
        ref = scorer.costs(band, block, r0, r1)
        for code, (a, b) in enumerate(TYPES):
            got = out[:, code, :]
            if b == 0:  # left to the DP (skip costs)
                assert np.isnan(got).all()
                continue
            want = ref[(a, b)][:, :w].astype(np.float32)
            assert (np.isinf(got) == np.isinf(want)).all()
            fin = np.isfinite(want)
            # the same operations in the same order; libm's log (and pow) may differ from numpy's
            # SIMD ones in the last bit of a float64, i.e. at most one float32 step after rounding
            np.testing.assert_array_max_ulp(got[fin], want[fin], maxulp=1)


def test_fill_declines_what_only_numpy_knows() -> None:
    scorer, band = _scorer(3, 12, 10, 0.5, True, False)
    out = np.zeros((band.n + 1, len(TYPES), band.width), dtype=np.float32)
    scorer.ratio = True
    assert not scorer.fill_stack(band, 0, 0, band.n + 1, TYPES, out)
    assert not out.any()  # nothing written: the DP asks the numpy path


_WORDS = st.lists(st.sampled_from([f"w{k}" for k in range(12)]), max_size=9)


@settings(max_examples=80, deadline=None)
@given(pairs=st.lists(st.tuples(_WORDS, _WORDS), max_size=25), iterations=st.integers(0, 6))
def test_compiled_ibm1_equals_numpy_reference(pairs: list[tuple[list[str], list[str]]], iterations: int) -> None:
    fast = train_ibm1(pairs, iterations=iterations, compiled=True).links
    ref = train_ibm1(pairs, iterations=iterations, compiled=False).links
    # the same links, weights bit for bit, in the same order (the order feeds the hashed bags)
    assert [(w, list(d.items())) for w, d in fast.items()] == [(w, list(d.items())) for w, d in ref.items()]


@settings(max_examples=80, deadline=None)
@given(src=st.lists(_WORDS, min_size=1, max_size=12), tgt=st.lists(_WORDS, min_size=1, max_size=12),
       picks=st.lists(st.tuples(st.integers(0, 11), st.integers(0, 11)), max_size=30),
       iterations=st.integers(0, 6), max_pairs=st.sampled_from([3, 4000]))
def test_ibm1_from_token_ids_equals_numpy_reference(src: list[list[str]], tgt: list[list[str]],
                                                    picks: list[tuple[int, int]], iterations: int,
                                                    max_pairs: int) -> None:
    pairs = [(p % len(src), q % len(tgt)) for p, q in picks]  # repeats and empty sentences included
    fast = train_ibm1_flat(_Flat.of(src), _Flat.of(tgt), pairs, iterations=iterations, max_pairs=max_pairs).links
    ref = train_ibm1([(src[p], tgt[q]) for p, q in pairs], iterations=iterations, max_pairs=max_pairs,
                     compiled=False).links
    assert [(w, list(d.items())) for w, d in fast.items()] == [(w, list(d.items())) for w, d in ref.items()]


@settings(max_examples=80, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 20), entries=st.integers(1, 200),
       dim=st.sampled_from([4, 64, 8192]), ties=st.booleans())
def test_compiled_max_rows_equal_numpy_reference(seed: int, n: int, entries: int, dim: int, ties: bool) -> None:
    rng = np.random.default_rng(seed)
    rows = rng.integers(0, n, entries)
    cols = rng.integers(0, dim, entries)
    vals = rng.integers(0, 3, entries).astype(np.float64) if ties else rng.random(entries) * 5
    fast = _max_rows(rows, cols, vals, n, dim, compiled=True)
    ref = _max_rows(rows, cols, vals, n, dim, compiled=False)
    for x, y in ((fast.indptr, ref.indptr), (fast.idx, ref.idx), (fast.val, ref.val)):
        assert x.dtype == y.dtype and x.tobytes() == y.tobytes()


@settings(max_examples=80, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(0, 300), n_w=st.integers(1, 30), n_v=st.integers(1, 70))
def test_unique_pairs_every_path_equals_np_unique(seed: int, n: int, n_w: int, n_v: int) -> None:
    from hexaglot.align.lexicon_jit import (
        unique_pairs,
        unique_pairs_bitmap,
        unique_pairs_sorted,
    )

    rng = np.random.default_rng(seed)
    w, v = rng.integers(0, n_w, n), rng.integers(0, n_v, n)
    keys, inverse = np.unique(w * n_v + v, return_inverse=True)
    for fn in (unique_pairs, unique_pairs_bitmap, unique_pairs_sorted):
        got_keys, got_inverse = fn(w, v, n_w, n_v)
        assert got_keys.tolist() == keys.tolist() and got_inverse.tolist() == inverse.reshape(-1).tolist()


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), k=st.integers(1, 3), h=st.integers(0, 40), w=st.integers(0, 40))
def test_integral_images_equal_numpy_cumsums(seed: int, k: int, h: int, w: int) -> None:
    from hexaglot.align.scoring_jit import integral_images

    rng = np.random.default_rng(seed)
    blocks = (rng.normal(size=(k, h, w)) * (rng.random((k, h, w)) < 0.5)).astype(np.float32)
    got = integral_images(blocks)
    want = np.zeros((k, h + 1, w + 1))
    for g in range(k):
        want[g, 1:, 1:] = blocks[g].astype(np.float64).cumsum(0).cumsum(1)
    assert got.tobytes() == want.tobytes()


def test_vectorised_log_is_within_one_ulp_of_libm() -> None:
    import math

    from hexaglot.align.scoring_jit import log_inplace

    rng = np.random.default_rng(11)
    x = 1.0 / (1.0 + 0.5 * np.abs(rng.normal(size=20_000)) * rng.choice([1e-6, 0.01, 1, 30, 1e4], 20_000))
    x = np.concatenate([x, [1.0, 0.5, 2.0, math.sqrt(0.5), math.sqrt(2.0), 1e-300, 1e300, 3.0, 7.5e-5]])
    got = x.copy()
    log_inplace(got)
    want = np.array([math.log(v) for v in x])
    assert (np.abs(got - want) <= np.spacing(np.abs(want))).all()
    assert got[-9:-7].tolist() == [0.0, math.log(0.5)]
    odd = np.array([0.5, 0.0, 1.0])  # zero (or inf, nan, subnormals): libm's log for the array
    log_inplace(odd)
    assert odd.tolist() == [math.log(0.5), -math.inf, 0.0]


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 12), m=st.integers(1, 12), dim=st.sampled_from([5, 64, 8192]))
def test_sparse_dots_sum_exact_products_in_entry_order(seed: int, n: int, m: int, dim: int) -> None:
    from hexaglot.align.lexicon import SparseRows
    from hexaglot.align.lexicon_jit import sparse_dots

    rng = np.random.default_rng(seed)

    def rows(k: int) -> SparseRows:
        return SparseRows.build([{int(c): float(rng.random() * 3) for c in rng.integers(0, dim, rng.integers(0, 9))}
                                 for _ in range(k)], dim)

    x, y = rows(n), rows(m)
    s0, s1 = int(rng.integers(0, n)), n
    t0, t1 = int(rng.integers(0, m)), m
    got = sparse_dots(x.indptr, x.idx, x.val, s0, s1, y.indptr, y.idx, y.val, t0, t1, dim)
    want = np.zeros((s1 - s0, t1 - t0), dtype=np.float32)
    for i in range(s0, s1):
        for j in range(t0, t1):
            ys = dict(zip(y.idx[y.indptr[j]:y.indptr[j + 1]].tolist(), y.val[y.indptr[j]:y.indptr[j + 1]].tolist(),
                          strict=True))
            acc = 0.0
            for c, v in zip(x.idx[x.indptr[i]:x.indptr[i + 1]].tolist(), x.val[x.indptr[i]:x.indptr[i + 1]].tolist(),
                            strict=True):
                acc += v * ys.get(c, 0.0)
            want[i - s0, j - t0] = acc
    assert got.dtype == np.float32 and got.tobytes() == want.tobytes()
    dense = x.dense(s0, s1) @ y.dense(t0, t1).T  # BLAS float32: within float32 rounding
    assert np.allclose(got, dense, rtol=1e-5, atol=1e-6)


@settings(max_examples=100, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), rows=st.integers(1, 30), cols=st.integers(1, 30), off=st.integers(0, 4),
       knn=st.integers(1, 9), ties=st.booleans(), blocks=st.integers(1, 3))
def test_block_margins_equal_numpy_sorts(seed: int, rows: int, cols: int, off: int, knn: int, ties: bool,
                                         blocks: int) -> None:
    """The compiled neighbourhoods of ``BeadScorer.prepare`` against its numpy lines, over a few
    blocks that share the columns' running best (as the blocks of a band do)."""
    from hexaglot.align.scoring_jit import block_margins

    rng = np.random.default_rng(seed)
    col_ref = np.full((cols, knn), -np.inf)
    col_got = col_ref.copy()
    for _ in range(blocks):
        g = (rng.integers(0, 3, (rows + off, cols)) if ties else rng.random((rows + off, cols)) * 4).astype(np.float32)
        ns = rng.random(rows) * (rng.random(rows) < 0.9)  # zero norms: the floor
        nt = rng.random(cols) * 3
        k, kk = min(knn, cols), min(knn, rows)
        den = np.outer(ns, nt)
        own = g[off:] / np.sqrt(np.maximum(den, 1e-9))
        row_ref = -np.sort(-own, axis=1)[:, :k].mean(axis=1)
        top = -np.sort(-own, axis=0)[:kk].T
        col_ref = -np.sort(-np.concatenate([col_ref, top], axis=1), axis=1)[:, :knn]
        best = np.empty((rows, cols))[:, :k]  # as prepare lays it out
        block_margins(g, off, ns, nt, k, kk, best, col_got)
        assert (-best.mean(axis=1)).tobytes() == row_ref.tobytes()
        assert col_got.tobytes() == col_ref.tobytes()


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 25), m=st.integers(1, 25), narrow=st.booleans())
def test_prepare_neighbourhoods_compiled_equal_numpy(seed: int, n: int, m: int, narrow: bool) -> None:
    """``prepare``'s margins through :func:`scoring_jit.block_margins` and through numpy's sorts
    (``HEXAGLOT_DP=numpy``; dense signals, so the pairwise products are the same BLAS ones)."""
    import os

    got, _ = _scorer(seed, n, m, 0.5, True, narrow)
    old = os.environ.get("HEXAGLOT_DP")
    os.environ["HEXAGLOT_DP"] = "numpy"
    try:
        want, _ = _scorer(seed, n, m, 0.5, True, narrow)
    finally:
        if old is None:
            del os.environ["HEXAGLOT_DP"]
        else:
            os.environ["HEXAGLOT_DP"] = old
    for a, b in zip(got.signals, want.signals, strict=True):
        for x, y in ((a.knn_s, b.knn_s), (a.knn_t, b.knn_t)):
            assert (x is None) == (y is None)
            if x is not None:
                assert x.tobytes() == y.tobytes()
