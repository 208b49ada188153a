"""Forward-backward over the DP's lattice (:class:`hexaglot.align.posterior.Lattice`), in numba.

``fw[cell]`` = log of the summed weight ``exp(-cost / T)`` of every path from (0, 0) to the cell,
``bw[cell]`` = the same from the cell to (n, m); log-sum-exp throughout, so no path weight under-
or overflows. Imported on first use only (numba compiles once per machine, ``cache=True``).
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True, nogil=True, inline="always")
def _add(mx: float, s: float, v: float) -> tuple[float, float]:  # pragma: no cover - compiled
    """One more term ``v`` (a log weight) into a running log-sum-exp kept as (max, scaled sum)."""
    if v == -np.inf:
        return mx, s
    if v > mx:
        return v, s * np.exp(mx - v) + 1.0
    return mx, s + np.exp(v - mx)


@njit(cache=True, nogil=True)
def forward_backward(costs: np.ndarray, off: np.ndarray, lo: np.ndarray, span: np.ndarray, A: np.ndarray,
                     B: np.ndarray, skip_tgt: np.ndarray, inv_t: float, m: int,
                     ) -> tuple[np.ndarray, np.ndarray]:  # pragma: no cover - compiled
    n = lo.shape[0] - 1
    nt = A.shape[0]
    cells = off[n + 1]
    fw = np.full(cells, -np.inf)
    bw = np.full(cells, -np.inf)
    for i in range(n + 1):
        w = span[i]
        base = nt * off[i]
        for k in range(w):
            j = lo[i] + k
            if i == 0 and j == 0:
                fw[off[0] + k] = 0.0
                continue
            mx = -np.inf
            s = 0.0
            for t in range(nt):
                pi = i - A[t]
                pj = j - B[t]
                if pi < 0 or pj < 0:
                    continue
                pk = pj - lo[pi]
                if pk < 0 or pk >= span[pi]:
                    continue
                c = costs[base + t * w + k]
                if not c < np.inf:  # inf or NaN: no such bead
                    continue
                mx, s = _add(mx, s, fw[off[pi] + pk] - c * inv_t)
            if k > 0:
                mx, s = _add(mx, s, fw[off[i] + k - 1] - skip_tgt[j - 1] * inv_t)
            if s > 0.0:
                fw[off[i] + k] = mx + np.log(s)
    for i in range(n, -1, -1):
        w = span[i]
        for k in range(w - 1, -1, -1):
            j = lo[i] + k
            if i == n and j == m:
                bw[off[i] + k] = 0.0
                continue
            mx = -np.inf
            s = 0.0
            for t in range(nt):
                ni = i + A[t]
                if ni > n:
                    continue
                nk = j + B[t] - lo[ni]
                if nk < 0 or nk >= span[ni]:
                    continue
                c = costs[nt * off[ni] + t * span[ni] + nk]
                if not c < np.inf:
                    continue
                mx, s = _add(mx, s, bw[off[ni] + nk] - c * inv_t)
            if k + 1 < w:
                mx, s = _add(mx, s, bw[off[i] + k + 1] - skip_tgt[j] * inv_t)
            if s > 0.0:
                bw[off[i] + k] = mx + np.log(s)
    return fw, bw


@njit(cache=True, nogil=True)
def path_posteriors(fw: np.ndarray, bw: np.ndarray, costs: np.ndarray, off: np.ndarray, lo: np.ndarray,
                    span: np.ndarray, A: np.ndarray, B: np.ndarray, skip_tgt: np.ndarray, inv_t: float,
                    m: int, pa: np.ndarray, pb: np.ndarray) -> np.ndarray:  # pragma: no cover - compiled
    """Rows: bead posterior, start-cell posterior, end-cell posterior, per bead of the path."""
    n = lo.shape[0] - 1
    nt = A.shape[0]
    z = fw[off[n] + m - lo[n]]
    out = np.zeros((3, pa.shape[0]))
    i = 0
    j = 0
    for q in range(pa.shape[0]):
        a = pa[q]
        b = pb[q]
        s_cell = off[i] + j - lo[i]
        ni = i + a
        nj = j + b
        e_cell = off[ni] + nj - lo[ni]
        if a == 0 and b == 1:
            c = skip_tgt[nj - 1]
        else:
            c = np.inf
            for t in range(nt):
                if A[t] == a and B[t] == b:
                    c = costs[nt * off[ni] + t * span[ni] + nj - lo[ni]]
        v = fw[s_cell] - c * inv_t + bw[e_cell] - z
        out[0, q] = min(1.0, np.exp(v)) if c < np.inf else 0.0
        out[1, q] = min(1.0, np.exp(fw[s_cell] + bw[s_cell] - z))
        out[2, q] = min(1.0, np.exp(fw[e_cell] + bw[e_cell] - z))
        i = ni
        j = nj
    return out
