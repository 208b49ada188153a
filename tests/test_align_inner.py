"""Inner bands (a pass's DP searching a narrower band inside the one its scorer was prepared for),
pass 2's bags from pass 1's and IBM-1's links, and the anchor bags built with numpy."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hexaglot.align import dp
from hexaglot.align.aligner import DEFAULT_TYPES, _anchor_bags
from hexaglot.align.band import Band, diagonal_band, near_edge
from hexaglot.align.length import LengthModel
from hexaglot.align.lexicon import SparseRows, TranslationTable, _Flat, lexical_bags, train_ibm1_links
from hexaglot.align.scoring import BeadScorer, Signal
from hexaglot.align.text import Tokens, buckets

pytestmark = pytest.mark.skipif(not dp.compiled_available(), reason="numba is not installed")

TYPES = [t for t in DEFAULT_TYPES if t != (0, 1)]
PRIOR = {(1, 2): 0.15, (2, 1): 0.15, (2, 2): 0.6, (1, 3): 0.4, (3, 1): 0.4}


def _bag(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    x = (rng.random((n, 6)) * (rng.random((n, 6)) < 0.4)).astype(np.float32)
    x[rng.random(n) < 0.2] = 0.0
    return x, x.sum(axis=1) * 1.3


def _scorer(rng: np.random.Generator, n: int, m: int) -> BeadScorer:
    xs, ms = _bag(rng, n)
    xt, mt = _bag(rng, m)
    ys, ns_ = _bag(rng, n)
    yt, nt_ = _bag(rng, m)
    signals = [Signal("lex", xs, xt, 0.5, "mass", True, ms, mt),
               Signal("anchor", ys, yt, 0.05, "mass", False, ns_, nt_)]
    ls = rng.integers(1, 200, n).astype(np.float64)
    lt = rng.integers(1, 200, m).astype(np.float64)
    scorer = BeadScorer(signals, ls, lt, LengthModel.from_totals(ls, lt), 0.02, TYPES, PRIOR, 0.4)
    scorer.size_power = 0.5
    return scorer


def _costs(scorer: BeadScorer, band: Band, compiled: bool) -> dict[tuple[int, int], np.ndarray]:
    """Each bead type's float32 costs over the grid, ``band``'s cells filled (NaN elsewhere)."""
    out = {t: np.full((scorer.n + 1, scorer.m + 1), np.nan, dtype=np.float32) for t in TYPES if t[1]}
    w = band.width
    for block, (r0, r1) in enumerate(band.blocks()):
        if compiled:
            stack = np.full((r1 - r0, len(TYPES), w), np.nan, dtype=np.float32)
            assert scorer.fill_stack(band, block, r0, r1, TYPES, stack)
            rows = {t: stack[:, code, :] for code, t in enumerate(TYPES) if t[1]}
        else:
            ref = scorer.costs(band, block, r0, r1)
            rows = {t: ref[t][:, :w].astype(np.float32) for t in out}
        for t, c in rows.items():
            for i in range(r0, r1):
                span = int(band.hi[i] - band.lo[i])
                out[t][i, band.lo[i]:band.hi[i]] = c[i - r0, :span]
    return out


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(2, 40), m=st.integers(2, 40), full=st.booleans(),
       radius=st.integers(0, 8))
def test_inner_band_costs_are_the_grids(seed: int, n: int, m: int, full: bool, radius: int) -> None:
    """A band inside the prepared one gets, cell for cell, the costs the prepared band has there
    (bit for bit, compiled and numpy alike): whole grid or a band around a path."""
    rng = np.random.default_rng(seed)
    scorer = _scorer(rng, n, m)
    block = int(rng.integers(1, 9))
    if full:
        grid = Band.full(n, m, block)
    else:
        pts = [(0, 0), *zip(sorted(rng.integers(0, n + 1, 3)), sorted(rng.integers(0, m + 1, 3)), strict=True), (n, m)]
        grid = Band.around(pts, n, m, radius=radius + 4, block=block).uniform(m)
    inner = diagonal_band(scorer.cl_s[1:] - scorer.cl_s[:-1], scorer.cl_t[1:] - scorer.cl_t[:-1], radius,
                          block).uniform(m).within(grid)
    assert (inner.lo >= grid.lo).all() and (inner.hi <= grid.hi).all() and inner.uniform_width
    for compiled in (True, False):
        scorer.prepare(grid)
        whole = _costs(scorer, grid, compiled)
        part = _costs(scorer, inner, compiled)
        for t in whole:
            seen = ~np.isnan(part[t])
            assert whole[t][seen].tobytes() == part[t][seen].tobytes()


def test_a_band_outside_the_prepared_one_is_refused() -> None:
    scorer = _scorer(np.random.default_rng(1), 20, 20)
    grid = Band.around([(0, 0), (20, 20)], 20, 20, radius=2).uniform(20)
    scorer.prepare(grid)
    with pytest.raises(ValueError):
        scorer.costs(Band.full(20, 20), 0, 0, 21)


@settings(max_examples=100, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(0, 60), m=st.integers(0, 60), radius=st.integers(0, 20),
       empty=st.booleans())
def test_diagonal_band_holds_a_path(seed: int, n: int, m: int, radius: int, empty: bool) -> None:
    rng = np.random.default_rng(seed)
    ls = np.zeros(n) if empty else rng.integers(0, 300, n).astype(np.float64)
    lt = rng.integers(0, 300, m).astype(np.float64)
    band = diagonal_band(ls, lt, radius)
    assert band.lo[0] == 0 and band.hi[n] == m + 1
    assert (np.diff(band.lo) >= 0).all() and (np.diff(band.hi) >= 0).all() and (band.hi > band.lo).all()
    assert (band.lo[1:] <= band.hi[:-1] - 1).all()  # each row reachable from the one above
    u = band.uniform(m)
    # the DP finds a path from (0, 0) to (n, m) inside the band (unit costs)
    table = {t: np.ones((n + 1, m + 1), dtype=np.float32) for t in TYPES if t[1]}

    def costs(b: Band, block: int, r0: int, r1: int) -> dict[tuple[int, int], np.ndarray]:
        js = b.lo[r0:r1, None] + np.arange(b.width)[None, :]
        return {t: c[np.arange(r0, r1)[:, None], np.minimum(js, m)] for t, c in table.items()}

    path = dp.solve(u, m, list(DEFAULT_TYPES), costs, np.ones(n), np.ones(m))
    assert sum(a for a, _, _ in path) == n and sum(b for _, b, _ in path) == m


def test_near_edge_ignores_the_grids_own_edges() -> None:
    band = Band(np.array([0, 0, 1, 2, 3]), np.array([5, 7, 9, 11, 11]))
    assert not near_edge([(1, 1, 0.0)] * 4 + [(0, 6, 0.0)], band, 10, 1)  # column 0 and m: the grid's
    path = [(1, 0, 0.0), (1, 1, 0.0), (1, 2, 0.0), (1, 7, 0.0)]  # (2, 1): on the left edge of row 2
    assert near_edge(path, band, 10, 1)
    assert not near_edge(path, band, 10, 0)
    outer = Band(np.array([0, 0, 1, 2, 3]), np.full(5, 11))
    assert not near_edge(path, band, 10, 1, outer)  # that edge is the outer band's too


_WORDS = st.lists(st.sampled_from(["a", *(f"w{k}" for k in range(10)), *(f"v{k}" for k in range(10))]),
                  max_size=9)


@settings(max_examples=80, deadline=None)
@given(src=st.lists(_WORDS, min_size=1, max_size=14), tgt=st.lists(_WORDS, min_size=1, max_size=14),
       picks=st.lists(st.tuples(st.integers(0, 13), st.integers(0, 13)), max_size=30),
       seed=st.integers(0, 2**32 - 1), compiled=st.booleans())
def test_bags_with_learned_links_equal_the_merged_tables(src: list[list[str]], tgt: list[list[str]],
                                                         picks: list[tuple[int, int]], seed: int,
                                                         compiled: bool) -> None:
    """Pass 2's source bags from pass 1's and IBM-1's links over the token ids are the bags of the
    merged table of words, CSR arrays byte for byte."""
    rng = np.random.default_rng(seed)
    vocab = ["a", *(f"w{k}" for k in range(10)), *(f"v{k}" for k in range(10))]
    table = TranslationTable({w: {str(v): 1.0 for v in rng.choice(vocab, int(rng.integers(1, 4)))}
                              for w in vocab if rng.random() < 0.5})
    pairs = [(p % len(src), q % len(tgt)) for p, q in picks]
    links = train_ibm1_links(_Flat.of(src), _Flat.of(tgt), pairs)
    memo: dict[str, object] = {}
    first = lexical_bags(src, tgt, table, 64, memo=memo, compiled=compiled)
    got = lexical_bags(src, tgt, table, 64, memo=memo, compiled=compiled, learned=links)
    fs, ft = memo["flat"]  # type: ignore[misc]
    want = lexical_bags(src, tgt, table.merged(links.table(fs.vocab, ft.vocab)), 64, compiled=compiled)
    _same(got, want)
    assert first[1] is got[1]  # the target side is the memo's
    # without pass 1's bags of this very table in the memo: the merged table's own bags
    _same(lexical_bags(src, tgt, TranslationTable(dict(table.links)), 64, memo=memo, compiled=compiled,
                       learned=links), want)


def _same(got: tuple[object, ...], want: tuple[object, ...]) -> None:
    for x, y in zip(got, want, strict=True):
        if isinstance(x, SparseRows):
            assert isinstance(y, SparseRows)
            for a, b in ((x.indptr, y.indptr), (x.idx, y.idx), (x.val, y.val)):
                assert a.dtype == b.dtype and a.tobytes() == b.tobytes()
        else:
            assert isinstance(x, np.ndarray) and isinstance(y, np.ndarray)
            assert x.dtype == y.dtype and x.tobytes() == y.tobytes()


def _anchor_bags_reference(side: list[Tokens], dim: int) -> tuple[SparseRows, np.ndarray]:
    distinct = list(dict.fromkeys(itertools.chain.from_iterable(tk.anchors for tk in side)))
    hashed = dict(zip(distinct, buckets(distinct, dim), strict=True))
    rows = []
    for tk in side:
        bag: dict[int, float] = {}
        for b in map(hashed.__getitem__, tk.anchors):
            bag[b] = bag.get(b, 0.0) + 1.0
        rows.append(bag)
    return SparseRows.build(rows, dim), np.array([len(tk.anchors) for tk in side], dtype=np.float32)


@settings(max_examples=80, deadline=None)
@given(sides=st.lists(st.lists(st.lists(st.sampled_from(["#1", "#22", "/a/1", "^un", "^geneva", "#7"]),
                                        max_size=6), max_size=12), min_size=2, max_size=2),
       dim=st.sampled_from([2, 7, 8192]))
def test_anchor_bags_equal_counting_dicts(sides: list[list[list[str]]], dim: int) -> None:
    s, t = ([Tokens((), tuple(a), 1) for a in side] for side in sides)
    xs, xt, ms, mt = _anchor_bags(s, t, dim)
    for (x, mass), (y, want) in zip(((xs, ms), (xt, mt)), (_anchor_bags_reference(s, dim),
                                                           _anchor_bags_reference(t, dim)), strict=True):
        for a, b in ((x.indptr, y.indptr), (x.idx, y.idx), (x.val, y.val), (mass, want)):
            assert a.dtype == b.dtype and a.tobytes() == b.tobytes()


def test_without_embeddings_the_dp_leaves_out_the_types_it_never_picks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without embeddings the 2-3 and 3-2 beads never win at their prior (the same F1 on every gold
    set without them) and cost a fifth of the bead costs: the DP leaves them out
    (``AlignConfig.lexical_skip_types``), and keeps them when the config empties that list."""
    from dataclasses import replace

    from hexaglot.align import AlignConfig, Aligner
    from hexaglot.align import aligner as mod

    seen: list[list[tuple[int, int]]] = []
    real = mod.Aligner._solve

    def spy(self, signals, ls, lt, length, band, types, *a, **k):  # type: ignore[no-untyped-def]
        seen.append(list(types))
        return real(self, signals, ls, lt, length, band, types, *a, **k)

    monkeypatch.setattr(mod.Aligner, "_solve", spy)
    src = [f"The committee met on {k} May and adopted report {k} on the budget." for k in range(30)]
    tgt = [f"Le comité s'est réuni le {k} mai et a adopté le rapport {k} sur le budget." for k in range(30)]
    beads = Aligner().align(src, tgt, "en", "fr", embeddings=False)
    assert [(b.src, b.tgt) for b in beads] == [([k], [k]) for k in range(30)]
    assert seen and all((2, 3) not in t and (3, 2) not in t and (2, 2) in t for t in seen)
    seen.clear()
    Aligner(replace(AlignConfig(), lexical_skip_types=())).align(src, tgt, "en", "fr", embeddings=False)
    assert seen and any((2, 3) in t and (3, 2) in t for t in seen)
