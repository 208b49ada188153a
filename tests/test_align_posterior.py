"""Bead posteriors (forward-backward over the DP's lattice) against enumerating every path."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dp_helpers import grid_cost_fn
from hexaglot.align import dp
from hexaglot.align.band import Band
from hexaglot.align.posterior import Lattice, posteriors

pytestmark = pytest.mark.skipif(not dp.compiled_available(), reason="numba is not installed")

TYPES = [(1, 1), (1, 0), (0, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1)]


def _paths(n: int, m: int, ok) -> list[list[tuple[int, int, int, int]]]:
    """Every monotone path from (0, 0) to (n, m) as (i, j, a, b) beads ending at (i, j)."""
    out: list[list[tuple[int, int, int, int]]] = []

    def walk(i: int, j: int, acc: list[tuple[int, int, int, int]]) -> None:
        if (i, j) == (n, m):
            out.append(list(acc))
            return
        for a, b in TYPES:
            if i + a <= n and j + b <= m and ok(i + a, j + b):
                acc.append((i + a, j + b, a, b))
                walk(i + a, j + b, acc)
                acc.pop()

    walk(0, 0, [])
    return out


def _case(seed: int, n: int, m: int, narrow: bool):
    rng = np.random.default_rng(seed)
    table = {t: (rng.random((n + 1, m + 1)) * 2).astype(np.float32) for t in TYPES if 0 not in t}
    ss, sk = rng.random(n) + 0.3, rng.random(m) + 0.3
    band = Band.full(n, m, int(rng.integers(1, 5)))
    if narrow:
        band = Band.around([(0, 0), (n, m)], n, m, radius=2, block=band.block).uniform(m)
    return band, table, ss, sk


def _bead_cost(table, ss, sk, i: int, j: int, a: int, b: int) -> float:
    if (a, b) == (1, 0):
        return float(ss[i - 1])
    if (a, b) == (0, 1):
        return float(sk[j - 1])
    return float(table[(a, b)][i, j])


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 5), m=st.integers(1, 5), narrow=st.booleans(),
       compiled=st.booleans(), temperature=st.sampled_from([0.05, 0.3, 1.0]),
       corridor=st.sampled_from([None, 0, 1, 6]))
def test_posteriors_equal_enumeration(seed: int, n: int, m: int, narrow: bool, compiled: bool,
                                      temperature: float, corridor: int | None) -> None:
    """Every path (inside the band, and within ``corridor`` cells of the DP's path) enumerated."""
    from hexaglot.align.posterior_jit import corridor as window

    band, table, ss, sk = _case(seed, n, m, narrow)
    types = [t for t in TYPES if t != (0, 1)]
    lattice = Lattice()
    if compiled:
        path = dp.solve(band, m, types, grid_cost_fn(table, m), ss, sk, compiled=True, lattice=lattice)
    else:
        path = dp._solve_ragged(band, m, TYPES, grid_cost_fn(table, m), ss, sk, lattice=lattice)
    pa = np.array([a for a, _, _ in path], dtype=np.int64)
    pb = np.array([b for _, b, _ in path], dtype=np.int64)
    clo, cspan = (lattice.lo, lattice.span) if corridor is None else window(lattice.lo, lattice.span, pa, pb,
                                                                             corridor)
    every = _paths(n, m, lambda i, j: band.lo[i] <= j < band.hi[i] and clo[i] <= j < clo[i] + cspan[i])
    costs = [sum(_bead_cost(table, ss, sk, *bead) for bead in p) for p in every]
    low = min(costs)
    assert sum(c for _, _, c in path) == pytest.approx(low, abs=1e-4)  # the DP's path is in the window
    weights = np.exp(-(np.array(costs) - low) / temperature)
    z = weights.sum()
    post = posteriors(lattice, [(a, b) for a, b, _ in path], temperature, corridor)
    i = j = 0
    for q, (a, b, _) in enumerate(path):
        bead = (i + a, j + b, a, b)
        exact = sum(w for w, p in zip(weights, every, strict=True) if bead in p) / z
        start = sum(w for w, p in zip(weights, every, strict=True)
                    if (i, j) == (0, 0) or any(x[:2] == (i, j) for x in p)) / z
        end = sum(w for w, p in zip(weights, every, strict=True) if any(x[:2] == (i + a, j + b) for x in p)) / z
        assert post.bead[q] == pytest.approx(exact, rel=1e-4, abs=1e-6)
        assert post.start[q] == pytest.approx(start, rel=1e-4, abs=1e-6)
        assert post.end[q] == pytest.approx(end, rel=1e-4, abs=1e-6)
        i, j = i + a, j + b


def test_both_solvers_fill_the_same_lattice_posteriors() -> None:
    rng = np.random.default_rng(3)
    n, m = 30, 27
    table = {t: (rng.random((n + 1, m + 1)) * 2).astype(np.float32) for t in TYPES if 0 not in t}
    ss, sk = rng.random(n) + 0.3, rng.random(m) + 0.3
    band = Band.full(n, m, 8)
    types = [t for t in TYPES if t != (0, 1)]
    out = []
    for compiled in (False, True):
        lat = Lattice()
        path = dp.solve(band, m, types, grid_cost_fn(table, m), ss, sk, compiled=compiled, lattice=lat)
        out.append((path, posteriors(lat, [(a, b) for a, b, _ in path], 0.1)))
    lat = Lattice()
    path = dp._solve_ragged(band, m, TYPES, grid_cost_fn(table, m), ss, sk, lattice=lat)
    out.append((path, posteriors(lat, [(a, b) for a, b, _ in path], 0.1)))
    assert out[0][0] == out[1][0] == out[2][0]
    for _, p in out[1:]:
        assert np.allclose(p.bead, out[0][1].bead) and np.allclose(p.end, out[0][1].end)


def test_the_corridor_holds_the_path_and_narrows_the_lattice() -> None:
    from hexaglot.align.posterior_jit import corridor

    n, m = 40, 40
    lo = np.zeros(n + 1, dtype=np.int64)
    span = np.full(n + 1, m + 1, dtype=np.int64)
    path = [(1, 1)] * 10 + [(2, 1)] * 5 + [(0, 1)] * 5 + [(1, 1)] * 20
    pa = np.array([a for a, _ in path], dtype=np.int64)
    pb = np.array([b for _, b in path], dtype=np.int64)
    clo, cspan = corridor(lo, span, pa, pb, 3)
    i = j = 0
    for a, b in path:
        i, j = i + a, j + b
        assert clo[i] <= j < clo[i] + cspan[i]
    assert int(cspan.sum()) < 0.5 * (n + 1) * (m + 1)


def test_a_bead_every_cheap_path_shares_has_posterior_near_one() -> None:
    """A diagonal of cheap 1-1 beads in a grid of costly ones: every bead's posterior is ~1, and
    where two ways cost the same (a 2-1 vs 1-1 + 1-0) each gets about half."""
    n = m = 6
    table = {t: np.full((n + 1, m + 1), 5.0, dtype=np.float32) for t in TYPES if 0 not in t}
    for k in range(1, n + 1):
        table[(1, 1)][k, k] = -1.0
    ss, sk = np.full(n, 3.0), np.full(m, 3.0)
    lat = Lattice()
    path = dp.solve(Band.full(n, m, 4), m, [t for t in TYPES if t != (0, 1)], grid_cost_fn(table, m), ss, sk,
                    lattice=lat)
    post = posteriors(lat, [(a, b) for a, b, _ in path], 0.1)
    assert [(a, b) for a, b, _ in path] == [(1, 1)] * n
    assert min(post.bead) > 0.999
    assert all(math.isclose(x, 1.0, rel_tol=1e-6) for x in post.start)


def test_the_aligner_gives_the_same_posteriors_and_scores_with_either_dp() -> None:
    """Bead posteriors feed the calibrated score: the numpy and the compiled DP agree on both."""
    from dataclasses import replace

    from hexaglot.align import AlignConfig, Aligner

    rng = np.random.default_rng(5)
    words = ["council", "meeting", "resolution", "member", "session", "report", "state", "peace"]
    src = [" ".join(rng.choice(words, int(rng.integers(3, 12)))) + "." for _ in range(40)]
    tgt = [s.upper() for s in src]
    del tgt[7]
    tgt[20] = tgt[20] + " " + tgt.pop(21)
    out = []
    for compiled in (False, True):
        al = Aligner(replace(AlignConfig(), compiled_dp=compiled))
        beads, ev = al.align_scored(src, tgt, "en", "en", embeddings=False)
        assert ev.posterior is not None and len(ev.posterior.bead) == len(beads)
        assert all(0.0 <= p <= 1.0 for p in ev.posterior.bead + ev.posterior.start + ev.posterior.end)
        out.append(([(b.src, b.tgt, b.score, b.raw) for b in beads], ev.posterior.bead))
    assert out[0][0] == out[1][0]
    assert np.allclose(out[0][1], out[1][1], rtol=1e-6, atol=1e-9)
