"""The compiled DP (numba, ``dp_jit``) gives the numpy reference's beads, costs and margins."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dp_helpers import grid_cost_fn
from hexaglot.align import dp
from hexaglot.align.band import Band

pytestmark = pytest.mark.skipif(not dp.compiled_available(), reason="numba is not installed")

TYPES = [(1, 1), (1, 0), (0, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1), (1, 4), (4, 1), (2, 3), (3, 2)]


def _case(seed: int, n: int, m: int, kind: int, ntypes: int, ties: bool, holes: float,
          ) -> tuple[Band, list[tuple[int, int]], dp.CostFn, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    types = TYPES[:ntypes]
    table = {}
    for t in types:
        c = rng.integers(0, 4, (n + 1, m + 1)).astype(np.float32) if ties else \
            (rng.random((n + 1, m + 1)) * 3).astype(np.float32)
        c[rng.random((n + 1, m + 1)) < holes] = np.inf  # forbidden beads: the DP must route around
        table[t] = c
    ss = np.round(rng.random(n) * 2 + 0.25, 1) if ties else rng.random(n) + 0.5
    sk = np.round(rng.random(m) * 2 + 0.25, 1) if ties else rng.random(m) + 0.5
    block = int(rng.integers(1, 9))
    if kind == 0:
        band = Band.full(n, m, block)
    else:
        k = int(rng.integers(1, 5))
        pts = [(0, 0), *zip(sorted(rng.integers(0, n + 1, k)), sorted(rng.integers(0, m + 1, k)), strict=True),
               (n, m)]
        band = Band.around(pts, n, m, radius=int(rng.integers(1, 6)), block=block).uniform(m)
    return band, types, grid_cost_fn(table, m), ss, sk


@settings(max_examples=150, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(0, 40), m=st.integers(0, 40), kind=st.integers(0, 1),
       ntypes=st.integers(3, len(TYPES)), ties=st.booleans(), holes=st.sampled_from([0.0, 0.0, 0.2, 0.6]))
def test_compiled_dp_equals_numpy_reference(seed: int, n: int, m: int, kind: int, ntypes: int, ties: bool,
                                            holes: float) -> None:
    band, types, costs, ss, sk = _case(seed, n, m, kind, ntypes, ties, holes)
    assert band.uniform_width
    results = []
    for compiled in (False, True):
        margins: list[float] = []
        try:
            path = dp.solve(band, m, types, costs, ss, sk, margins, compiled=compiled)
        except RuntimeError as exc:  # holes can cut every path: both must say so
            results.append(("error", str(exc)))
            continue
        results.append((path, margins))
    ref, fast = results
    assert fast[0] == ref[0]
    if ref[0] == "error":
        return
    assert [np.float32(x).tobytes() for x in fast[1]] == [np.float32(x).tobytes() for x in ref[1]]
    path = fast[0]
    # monotone and complete: every sentence of both sides exactly once, in order
    assert sum(a for a, _, _ in path) == n and sum(b for _, b, _ in path) == m
    assert all((a, b) in types or (a, b) == (0, 1) for a, b, _ in path)
    assert all(math.isfinite(c) for _, _, c in path)


def test_switch_selects_the_numpy_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HEXAGLOT_DP", "numpy")
    assert not dp.use_compiled(None)
    assert dp.use_compiled(True)
    monkeypatch.delenv("HEXAGLOT_DP")
    assert dp.use_compiled(None)


_VOCAB = ["the", "committee", "report", "session", "Assembly", "resolution", "le", "comité", "rapport",
          "séance", "Assemblée", "résolution", "A/70/1", "2015", "12", "Secretary-General", "de", "of"]


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 45), m=st.integers(1, 45))
def test_compiled_aligner_equals_numpy_reference(seed: int, n: int, m: int) -> None:
    """End to end without embeddings (compiled DP, bead costs, IBM-1 and bags against every numpy
    reference): the same beads, scores and raw scores."""
    from hexaglot.align import AlignConfig, Aligner

    rng = np.random.default_rng(seed)

    def doc(k: int) -> list[str]:
        return [" ".join(rng.choice(_VOCAB, int(rng.integers(1, 12)))) + "." for _ in range(k)]

    src, tgt = doc(n), doc(m)
    got = []
    for compiled in (False, True):
        beads = Aligner(AlignConfig(compiled_dp=compiled)).align(src, tgt, "en", "fr", embeddings=False)
        got.append([(b.src, b.tgt, b.score, b.raw) for b in beads])
    assert got[0] == got[1]
    assert [i for b in got[1] for i in b[0]] == list(range(n))
    assert [j for b in got[1] for j in b[1]] == list(range(m))
    assert all(0.0 <= b[2] <= 1.0 for b in got[1])


@settings(max_examples=150, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(0, 30), m=st.integers(0, 30), kind=st.integers(0, 1),
       ntypes=st.integers(3, len(TYPES)), ties=st.booleans(), holes=st.sampled_from([0.0, 0.2, 0.6]),
       odd=st.sampled_from([0.0, 0.0, 0.05, 0.3]))
def test_row_kernel_equals_scalar_kernel(seed: int, n: int, m: int, kind: int, ntypes: int, ties: bool,
                                         holes: float, odd: float) -> None:
    """``dp_jit.uniform_rows`` (bead types one at a time over a row) against the cell-by-cell
    ``uniform_rows_scalar``, also with NaN and -inf costs (the rows the scalar kernel redoes):
    the same path, costs and margins, bit for bit."""
    from hexaglot.align import dp_jit

    band, types, costs, ss, sk = _case(seed, n, m, kind, ntypes, ties, holes)
    rng = np.random.default_rng(seed + 1)

    def odd_costs(band: Band, block: int, r0: int, r1: int) -> dict[tuple[int, int], np.ndarray]:
        out = costs(band, block, r0, r1)
        for c in out.values():
            c[rng.random(c.shape) < odd] = rng.choice([np.nan, -np.inf, np.inf, -0.0])
        return out

    results = []
    assert dp.compiled_available()
    for kernel in (dp_jit.uniform_rows_scalar, dp_jit.uniform_rows):
        saved, dp._kernel = dp._kernel, kernel
        rng = np.random.default_rng(seed + 1)
        margins: list[float] = []
        try:
            path = dp.solve(band, m, types, odd_costs, ss, sk, margins, compiled=True)
        except RuntimeError as exc:
            results.append(("error", str(exc)))
            continue
        finally:
            dp._kernel = saved
        results.append(([(a, b, np.float64(c).tobytes()) for a, b, c in path],
                        [np.float32(x).tobytes() for x in margins]))
    assert results[0] == results[1]
