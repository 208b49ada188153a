"""The dynamic programme over bead types, inside a band, one row at a time.

``D[i, j]`` is the least cost of aligning the first ``i`` source and first ``j`` target sentences.
Bead types with a source side read rows ``i-a`` (``a >= 1``) and are vectorised over the row; the
0-1 bead (skip a target sentence) depends on the same row and is solved with a running minimum:
``D[j] = C[j] + min_{k<=j}(X[k] - C[k])`` where ``C`` is the cumulative skip cost. Memory is linear in the band's cells
(ragged rows: 8 bytes of cost, 4 of bead cost and 1 of back-pointer per cell).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import numpy as np

from hexaglot.align.band import Band
from hexaglot.align.posterior import Lattice

CostFn = Callable[[Band, int, int, int], dict[tuple[int, int], np.ndarray]]
# fills the float32 cost stack of a block of rows of a uniform band in place (compiled bead costs,
# BeadScorer.fill_stack); returns False when it cannot, and the DP then asks the CostFn
FillFn = Callable[[Band, int, int, int, list[tuple[int, int]], np.ndarray], bool]

_kernel: Any = None  # hexaglot.align.dp_jit.uniform_rows once loaded; False when numba is missing


def compiled_available() -> bool:
    """Whether the numba kernel can be used (imports numba on the first call, not before)."""
    global _kernel
    if _kernel is None:
        try:
            from hexaglot.align.dp_jit import uniform_rows
            _kernel = uniform_rows
        except ImportError:  # pragma: no cover - numba is a dependency; keep the numpy path working
            _kernel = False
    return _kernel is not False


def use_compiled(compiled: bool | None) -> bool:
    """``compiled`` None = the default: compiled unless ``HEXAGLOT_DP=numpy`` is set."""
    if compiled is None:
        compiled = os.environ.get("HEXAGLOT_DP", "").strip().lower() != "numpy"
    return compiled and compiled_available()


def solve(band: Band, m: int, types: list[tuple[int, int]], costs: CostFn,
          skip_src: np.ndarray, skip_tgt: np.ndarray, margins: list[float] | None = None,
          compiled: bool | None = None, fill: FillFn | None = None,
          lattice: Lattice | None = None) -> list[tuple[int, int, float]]:
    """Least-cost monotone path from (0, 0) to (n, m); returns (a, b, cost) beads in order.

    ``margins``, when given, receives per bead the decision margin at its end cell: how much more
    the best path into that cell would cost with any other last bead (inf when there is none).
    ``compiled``: run the rows of a uniform band with the numba kernel (:mod:`dp_jit`; same
    results as numpy); None = yes unless the environment says ``HEXAGLOT_DP=numpy``. ``fill``: the
    compiled bead costs of a uniform band (used with the compiled DP only). ``lattice``, when
    given, receives every bead cost the DP read (for bead posteriors, :mod:`posterior`).
    """
    if band.uniform_width and int(band.hi[-1]) <= m + 1:
        fast = use_compiled(compiled)
        return _solve_uniform(band, m, [t for t in types if t != (0, 1)], costs, skip_src, skip_tgt, margins,
                              compiled=fast, fill=fill if fast else None, lattice=lattice)
    return _solve_ragged(band, m, types, costs, skip_src, skip_tgt, margins, lattice)


def _gap(cand: np.ndarray, x: np.ndarray, run: np.ndarray, via_skip: np.ndarray, skip: np.ndarray) -> np.ndarray:
    """Per cell of a row: second-best minus best way into the cell, among the bead types ending
    there (``cand``, best ``x``) and the 0-1 bead from the cell on its left (``skip``: its cost)."""
    alt_skip = np.concatenate([[np.inf], run[:-1]]) + skip  # run = the row's D values
    second = np.partition(cand, 1, axis=0)[1] if cand.shape[0] > 1 else np.full(len(x), np.inf)
    with np.errstate(invalid="ignore", over="ignore"):
        gap = np.where(via_skip, x - run, np.minimum(second, alt_skip) - x)
        return np.nan_to_num(np.minimum(gap, 1e30), nan=1e30).astype(np.float32)


def _solve_ragged(band: Band, m: int, types: list[tuple[int, int]], costs: CostFn,
                  skip_src: np.ndarray, skip_tgt: np.ndarray, margins: list[float] | None = None,
                  lattice: Lattice | None = None) -> list[tuple[int, int, float]]:
    """Rows of any width, stored one after the other (the reference implementation)."""
    n = band.n
    types = [t for t in types if t != (0, 1)]
    skip_code = len(types)  # back-pointer value of the 0-1 bead
    lo, hi = band.lo, band.hi
    span = hi - lo
    off = np.concatenate([[0], np.cumsum(span)])  # ragged rows: memory = cells of the band
    D = np.full(int(off[-1]), np.inf, dtype=np.float64)
    bp = np.full(int(off[-1]), -1, dtype=np.int8)
    bead_cost = np.zeros(int(off[-1]), dtype=np.float32)
    gaps = np.zeros(int(off[-1]) if margins is not None else 0, dtype=np.float32)
    cum_skip_t = np.concatenate([[0.0, 0.0], np.cumsum(skip_tgt, dtype=np.float64)])  # index j+1
    A = np.array([a for a, _ in types], dtype=np.int64)
    Bt = np.array([b for _, b in types], dtype=np.int64)
    kept: list[np.ndarray] = []  # the lattice's rows
    for block, (r0, r1) in enumerate(band.blocks()):
        block_costs = costs(band, block, r0, r1)
        width = int(span[r0:r1].max())
        cols = np.arange(width)
        stack = np.empty((len(types), r1 - r0, width), dtype=np.float32)
        for code, (a, b) in enumerate(types):
            if b == 0:
                stack[code] = np.concatenate([[np.inf], skip_src])[np.arange(r0, r1)][:, None]
            else:
                stack[code] = block_costs[(a, b)]
        if lattice is not None:
            kept.extend(stack[:, i - r0, :int(span[i])].reshape(-1) for i in range(r0, r1))
        for i in range(r0, r1):
            w = int(span[i])
            js = lo[i] + cols[:w]
            prow = np.maximum(i - A, 0)
            pj = js[None, :] - Bt[:, None]
            ps = pj - lo[prow][:, None]
            ok = (i >= A)[:, None] & (pj >= 0) & (ps >= 0) & (ps < span[prow][:, None])
            c = stack[:, i - r0, :w]
            prev = D[off[prow][:, None] + np.clip(ps, 0, span[prow][:, None] - 1)]
            cand = np.where(ok, prev + c, np.inf)
            B = np.argmin(cand, axis=0)
            X = cand[B, cols[:w]]
            C = c[B, cols[:w]]
            if i == 0 and lo[0] == 0:
                X[0] = 0.0
            # 0-1 beads: D[j] = min(X[j], D[j-1] + skip_tgt[j-1]) along the row
            cs = cum_skip_t[js + 1] - cum_skip_t[js[0] + 1]
            run = np.minimum.accumulate(X - cs) + cs
            via_skip = run < X - 1e-12
            D[off[i]:off[i] + w] = np.where(via_skip, run, X)
            bp[off[i]:off[i] + w] = np.where(via_skip, skip_code, B)
            bead_cost[off[i]:off[i] + w] = np.where(via_skip, skip_tgt[np.maximum(js - 1, 0)] if m else 0.0, C)
            if margins is not None:
                gaps[off[i]:off[i] + w] = _gap(cand, X, run, via_skip,
                                               skip_tgt[np.maximum(js - 1, 0)] if m else np.zeros(w))
    if not np.isfinite(D[off[n] + m - lo[n]]):
        raise RuntimeError("no alignment path inside the band")
    if lattice is not None:
        lattice.set(types, lo, span, np.concatenate(kept), skip_tgt, m)
    out: list[tuple[int, int, float]] = []
    i, j = n, m
    while i > 0 or j > 0:
        code = int(bp[off[i] + j - lo[i]])
        a, b = (0, 1) if code == skip_code else types[code]
        out.append((a, b, float(bead_cost[off[i] + j - lo[i]])))
        if margins is not None:
            margins.append(float(gaps[off[i] + j - lo[i]]))
        i -= a
        j -= b
    out.reverse()
    if margins is not None:
        margins.reverse()
    return out


def _solve_uniform(band: Band, m: int, types: list[tuple[int, int]], costs: CostFn,
                   skip_src: np.ndarray, skip_tgt: np.ndarray, margins: list[float] | None = None,
                   compiled: bool = False, fill: FillFn | None = None, lattice: Lattice | None = None,
                   ) -> list[tuple[int, int, float]]:
    """The same programme on a band whose rows all have the same width (the whole grid included).

    ``D[i, j]`` lives at ``table[i + amax, bmax + j - lo[i]]``; rows above 0, columns left of the
    band and one column right of it are padding (``inf``), so the predecessor of every bead type
    at every cell of a row is one ``take`` from the flat table: a row costs about fifteen numpy
    calls whatever the number of bead types. Same results as the ragged path. ``compiled``: each
    block of rows runs in the numba kernel instead (same results, no per-row numpy calls).
    """
    n = band.n
    nt = len(types)
    skip_code = nt
    lo = band.lo
    w = int(band.hi[0] - lo[0])
    A = np.array([a for a, _ in types], dtype=np.int64)
    Bt = np.array([b for _, b in types], dtype=np.int64)
    amax, bmax = int(A.max()), int(Bt.max())
    stride = w + bmax + 1
    table = np.full((n + 1 + amax, stride), np.inf, dtype=np.float64)
    flat = table.reshape(-1)
    lo_pad = np.concatenate([np.zeros(amax, dtype=np.int64), lo])  # lo_pad[i + amax] = lo[i]
    bp = np.empty((n + 1, w), dtype=np.int8)
    chosen = np.empty((n + 1, w), dtype=np.float32)  # cost of the bead chosen at each cell
    gaps = np.empty((n + 1 if margins is not None else 0, w), dtype=np.float32)
    cols = np.arange(w)
    col_base = (bmax - Bt)[:, None] + cols[None, :]
    row_base = (amax - A) * stride
    cum_skip_t = np.concatenate([[0.0, 0.0], np.cumsum(skip_tgt, dtype=np.float64)])
    skip_rows = np.concatenate([[np.inf], skip_src])
    cand = np.empty((nt, w), dtype=np.float64)
    idx = np.empty((nt, w), dtype=np.int64)
    run = np.empty(w, dtype=np.float64)
    stack = np.empty((0, nt, w), dtype=np.float32)
    blocks = iter(enumerate(band.blocks()))
    kept: list[np.ndarray] = []  # the lattice's rows: the stacks laid end to end
    r0 = r1 = 0
    for i in range(n + 1):
        if i >= r1:  # the next block of rows: bead costs from the scorer
            block, (r0, r1) = next(blocks)
            stack = np.empty((r1 - r0, nt, w), dtype=np.float32)
            if fill is not None and fill(band, block, r0, r1, types, stack):
                for code, (_, b) in enumerate(types):
                    if b == 0:
                        stack[:, code, :] = skip_rows[r0:r1, None]
            else:
                block_costs = costs(band, block, r0, r1)
                for code, (a, b) in enumerate(types):
                    stack[:, code, :] = skip_rows[r0:r1, None] if b == 0 else block_costs[(a, b)][:, :w]
            if lattice is not None:
                kept.append(stack)
            if compiled:
                _kernel(table, bp, chosen, gaps, stack, r0, r1, lo, A, Bt, amax, bmax, cum_skip_t,
                        np.asarray(skip_tgt, dtype=np.float64), bool(m), margins is not None)
        if compiled:
            continue
        shift = lo[i] - lo_pad[i + amax - A]  # how far row i-a starts left of row i
        np.add(col_base, shift[:, None], out=idx)
        np.minimum(idx, w + bmax, out=idx)  # right of row i-a's band: the padding column
        idx += (row_base + i * stride)[:, None]
        np.take(flat, idx, out=cand)
        c = stack[i - r0]
        cand += c
        B = cand.argmin(axis=0)
        X = cand[B, cols]
        if i == 0:
            X[0] = 0.0
        # 0-1 beads: D[j] = min(X[j], D[j-1] + skip_tgt[j-1]) along the row
        js = lo[i] + cols
        cs = cum_skip_t[js + 1] - cum_skip_t[js[0] + 1]
        np.subtract(X, cs, out=run)
        np.minimum.accumulate(run, out=run)
        run += cs
        via_skip = run < X - 1e-12
        table[i + amax, bmax:bmax + w] = np.where(via_skip, run, X)
        bp[i] = np.where(via_skip, skip_code, B)
        chosen[i] = c[B, cols]
        if margins is not None:
            gaps[i] = _gap(cand, X, run, via_skip, skip_tgt[np.maximum(js - 1, 0)] if m else np.zeros(w))
    if not (lo[n] <= m < lo[n] + w) or not np.isfinite(table[n + amax, bmax + m - lo[n]]):
        raise RuntimeError("no alignment path inside the band")
    if lattice is not None:
        lattice.set(types, lo, np.full(n + 1, w, dtype=np.int64), np.concatenate(kept).reshape(-1),
                    skip_tgt, m)
    if compiled:
        return _backtrack_compiled(bp, chosen, gaps, lo, A, Bt, types, skip_tgt, n, m, skip_code, margins)
    out: list[tuple[int, int, float]] = []
    i, j = n, m
    while i > 0 or j > 0:
        k = j - int(lo[i])
        code = int(bp[i, k])
        if margins is not None:
            margins.append(float(gaps[i, k]))
        if code == skip_code:
            out.append((0, 1, float(np.float32(skip_tgt[j - 1]))))
            j -= 1
            continue
        a, b = types[code]
        out.append((a, b, float(chosen[i, k])))
        i -= a
        j -= b
    out.reverse()
    if margins is not None:
        margins.reverse()
    return out


def _backtrack_compiled(bp: np.ndarray, chosen: np.ndarray, gaps: np.ndarray, lo: np.ndarray, A: np.ndarray,
                        Bt: np.ndarray, types: list[tuple[int, int]], skip_tgt: np.ndarray, n: int, m: int,
                        skip_code: int, margins: list[float] | None) -> list[tuple[int, int, float]]:
    """:func:`_solve_uniform`'s walk back along the path, the cells found by the compiled
    :func:`dp_jit.backtrack`, the costs and margins read for all of them at once (the same
    numbers: float32 values as Python floats)."""
    from hexaglot.align.dp_jit import backtrack

    rows, cols, codes = backtrack(bp, lo, A, Bt, n, m, skip_code)
    skip = codes == skip_code
    cost = chosen[rows, cols]
    if skip.any():
        js = lo[rows] + cols
        cost = np.where(skip, np.asarray(skip_tgt, dtype=np.float64)[np.maximum(js - 1, 0)].astype(np.float32), cost)
    if margins is not None:
        margins.extend(gaps[rows, cols].tolist())
        margins.reverse()
    beads = [(0, 1) if c == skip_code else types[c] for c in codes.tolist()]
    out = [(a, b, c) for (a, b), c in zip(beads, cost.tolist(), strict=True)]
    out.reverse()
    return out
