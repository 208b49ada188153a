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
                     B: np.ndarray, skip_tgt: np.ndarray, inv_t: float, m: int, clo: np.ndarray,
                     cspan: np.ndarray, coff: np.ndarray) -> tuple[np.ndarray, np.ndarray]:  # pragma: no cover
    """Sums over the cells of the window ``clo[i] <= j < clo[i] + cspan[i]`` (inside the lattice's
    rows); ``fw``/``bw`` of cell (i, j) at ``coff[i] + j - clo[i]``."""
    n = lo.shape[0] - 1
    nt = A.shape[0]
    cells = coff[n + 1]
    fw = np.full(cells, -np.inf)
    bw = np.full(cells, -np.inf)
    for i in range(n + 1):
        for k in range(cspan[i]):
            j = clo[i] + k
            if i == 0 and j == 0:
                fw[coff[0] + k] = 0.0
                continue
            mx = -np.inf
            s = 0.0
            base = nt * off[i] + j - lo[i]
            for t in range(nt):
                pi = i - A[t]
                pj = j - B[t]
                if pi < 0 or pj < 0:
                    continue
                pk = pj - clo[pi]
                if pk < 0 or pk >= cspan[pi]:
                    continue
                c = costs[base + t * span[i]]
                if not c < np.inf:  # inf or NaN: no such bead
                    continue
                mx, s = _add(mx, s, fw[coff[pi] + pk] - c * inv_t)
            if k > 0:
                mx, s = _add(mx, s, fw[coff[i] + k - 1] - skip_tgt[j - 1] * inv_t)
            if s > 0.0:
                fw[coff[i] + k] = mx + np.log(s)
    for i in range(n, -1, -1):
        w = cspan[i]
        for k in range(w - 1, -1, -1):
            j = clo[i] + k
            if i == n and j == m:
                bw[coff[i] + k] = 0.0
                continue
            mx = -np.inf
            s = 0.0
            for t in range(nt):
                ni = i + A[t]
                if ni > n:
                    continue
                nj = j + B[t]
                nk = nj - clo[ni]
                if nk < 0 or nk >= cspan[ni]:
                    continue
                c = costs[nt * off[ni] + t * span[ni] + nj - lo[ni]]
                if not c < np.inf:
                    continue
                mx, s = _add(mx, s, bw[coff[ni] + nk] - c * inv_t)
            if k + 1 < w:
                mx, s = _add(mx, s, bw[coff[i] + k + 1] - skip_tgt[j] * inv_t)
            if s > 0.0:
                bw[coff[i] + k] = mx + np.log(s)
    return fw, bw


@njit(cache=True, nogil=True)
def corridor(lo: np.ndarray, span: np.ndarray, pa: np.ndarray, pb: np.ndarray, radius: int,
             ) -> tuple[np.ndarray, np.ndarray]:  # pragma: no cover - compiled
    """Per row, the lattice's columns within ``radius`` of the path (beads ``pa``/``pb`` from (0, 0)):
    (first column, number of columns)."""
    n = lo.shape[0] - 1
    jmin = np.full(n + 1, np.iinfo(np.int64).max)
    jmax = np.full(n + 1, -1)
    i = 0
    j = 0
    jmin[0] = 0
    jmax[0] = 0
    for q in range(pa.shape[0]):
        ni = i + pa[q]
        nj = j + pb[q]
        for r in range(i, ni + 1):  # the rows a bead spans see both of its ends
            jmin[r] = min(jmin[r], j)
            jmax[r] = max(jmax[r], nj)
        i = ni
        j = nj
    clo = np.empty(n + 1, dtype=np.int64)
    cspan = np.empty(n + 1, dtype=np.int64)
    for r in range(n + 1):
        a = max(lo[r], jmin[max(0, r - radius)] - radius)
        b = min(lo[r] + span[r], jmax[min(n, r + radius)] + radius + 1)
        clo[r] = a
        cspan[r] = max(0, b - a)
    return clo, cspan


@njit(cache=True, nogil=True)
def path_posteriors(fw: np.ndarray, bw: np.ndarray, costs: np.ndarray, off: np.ndarray, lo: np.ndarray,
                    span: np.ndarray, A: np.ndarray, B: np.ndarray, skip_tgt: np.ndarray, inv_t: float,
                    m: int, pa: np.ndarray, pb: np.ndarray, clo: np.ndarray,
                    coff: np.ndarray) -> np.ndarray:  # pragma: no cover - compiled
    """Rows: bead posterior, start-cell posterior, end-cell posterior, per bead of the path."""
    n = lo.shape[0] - 1
    nt = A.shape[0]
    z = fw[coff[n] + m - clo[n]]
    out = np.zeros((3, pa.shape[0]))
    i = 0
    j = 0
    for q in range(pa.shape[0]):
        a = pa[q]
        b = pb[q]
        s_cell = coff[i] + j - clo[i]
        ni = i + a
        nj = j + b
        e_cell = coff[ni] + nj - clo[ni]
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
