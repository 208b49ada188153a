"""The EM iterations of IBM Model 1 (:func:`hexaglot.align.lexicon.train_ibm1`) compiled with numba.

The same sums as the numpy reference's ``bincount`` calls, accumulated in the same order (input
order), so the learned table is bit-identical; ``tests/test_align_scoring_jit.py`` checks it.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True, nogil=True)
def bucket_order(keys: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:  # pragma: no cover - compiled
    """A stable counting sort of ``keys`` (integers in [0, n)): ``start`` (n + 1 offsets) and
    ``order``, the indices of the keys grouped by key, key ``x``'s at ``order[start[x]:start[x + 1]]``."""
    m = keys.shape[0]
    start = np.zeros(n + 1, dtype=np.int64)
    for k in range(m):
        start[keys[k] + 1] += 1
    for x in range(n):
        start[x + 1] += start[x]
    fill = start[:-1].copy()
    order = np.empty(m, dtype=np.int64)
    for k in range(m):
        order[fill[keys[k]]] = k
        fill[keys[k]] += 1
    return start, order


@njit(cache=True, nogil=True, error_model="numpy")
def ibm1_em(u: np.ndarray, g: np.ndarray, uw: np.ndarray, groups: int, sources: int, iterations: int,
            t: np.ndarray) -> np.ndarray:  # pragma: no cover - compiled
    """``t`` (one entry per distinct (source, target) word pair) after ``iterations`` EM steps.

    ``u``: the pair of each (sentence pair, source word, target word) triple; ``g``: its target
    token (the normalisation group); ``uw``: the source word of each pair.
    """
    n = u.shape[0]
    k_pairs = t.shape[0]
    t = t.copy()
    runs = True  # the triples of a group one after the other (ibm1_triples' order)
    for k in range(1, n):
        runs &= g[k] >= g[k - 1]
    for _ in range(iterations):
        count = np.zeros(k_pairs)
        if runs:  # one group at a time: its normaliser in a register, the same sums in the same order
            a = 0
            while a < n:
                b = a
                zg = 0.0
                while b < n and g[b] == g[a]:
                    zg += t[u[b]]
                    b += 1
                for k in range(a, b):
                    count[u[k]] += t[u[k]] / zg
                a = b
        else:
            z = np.zeros(groups)
            for k in range(n):
                z[g[k]] += t[u[k]]
            for k in range(n):
                count[u[k]] += t[u[k]] / z[g[k]]
        total = np.zeros(sources)
        for k in range(k_pairs):
            total[uw[k]] += count[k]
        for k in range(k_pairs):
            d = total[uw[k]]
            t[k] = count[k] / (d if d > 1e-12 else 1e-12)
    return t


@njit(cache=True, nogil=True)
def ibm1_triples(s_ids: np.ndarray, t_ids: np.ndarray, ns: np.ndarray,
                 nt: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # pragma: no cover - compiled
    """Source word, target word and target token of every (pair, source word, target word) triple,
    pair by pair, target-major (the reference's index arithmetic, in the same order)."""
    total = 0
    for p in range(ns.shape[0]):
        total += ns[p] * nt[p]
    w = np.empty(total, dtype=np.int64)
    v = np.empty(total, dtype=np.int64)
    g = np.empty(total, dtype=np.int64)
    k = 0
    s0 = 0
    t0 = 0
    for p in range(ns.shape[0]):
        for tp in range(nt[p]):
            for sp in range(ns[p]):
                w[k] = s_ids[s0 + sp]
                v[k] = t_ids[t0 + tp]
                g[k] = t0 + tp
                k += 1
        s0 += ns[p]
        t0 += nt[p]
    return w, v, g


DENSE_PAIRS = 1 << 22
"""Up to this many (source word, target word) combinations, :func:`unique_pairs` marks them in a
dense table (4 bytes each) instead of sorting per source word."""


@njit(cache=True, nogil=True)
def unique_pairs_dense(w: np.ndarray, v: np.ndarray, n_w: int,
                        n_v: int) -> tuple[np.ndarray, np.ndarray]:  # pragma: no cover - compiled
    """:func:`unique_pairs` through an ``n_w`` × ``n_v`` table: mark the pairs, number the marked
    cells in ascending key order, read each triple's number back."""
    n = w.shape[0]
    slot = np.zeros(n_w * n_v, dtype=np.int32)
    for k in range(n):
        slot[w[k] * n_v + v[k]] = 1
    n_uniq = 0
    for key in range(n_w * n_v):
        if slot[key]:
            n_uniq += 1
    keys = np.empty(n_uniq, dtype=np.int64)
    q = 0
    for key in range(n_w * n_v):
        if slot[key]:
            keys[q] = key
            slot[key] = q
            q += 1
    inverse = np.empty(n, dtype=np.int64)
    for k in range(n):
        inverse[k] = slot[w[k] * n_v + v[k]]
    return keys, inverse


@njit(cache=True, nogil=True)
def unique_pairs(w: np.ndarray, v: np.ndarray, n_w: int,
                 n_v: int) -> tuple[np.ndarray, np.ndarray]:  # pragma: no cover - compiled
    """``np.unique(w * n_v + v, return_inverse=True)`` in linear time: the distinct keys in
    ascending order and the index of each triple's key among them (a counting sort by ``w``, then
    the distinct ``v`` of each source word, sorted)."""
    if n_w * n_v <= DENSE_PAIRS:
        return unique_pairs_dense(w, v, n_w, n_v)
    return unique_pairs_sorted(w, v, n_w, n_v)


@njit(cache=True, nogil=True)
def unique_pairs_sorted(w: np.ndarray, v: np.ndarray, n_w: int,
                        n_v: int) -> tuple[np.ndarray, np.ndarray]:  # pragma: no cover - compiled
    """:func:`unique_pairs` for any vocabulary sizes (memory linear in the triples)."""
    n = w.shape[0]
    start, by_w = bucket_order(w, n_w)
    slot = np.full(n_v, -1, dtype=np.int64)
    keys = np.empty(n, dtype=np.int64)
    inverse = np.empty(n, dtype=np.int64)
    n_uniq = 0
    for x in range(n_w):
        a, b = start[x], start[x + 1]
        if a == b:
            continue
        first = n_uniq
        for p in range(a, b):
            y = v[by_w[p]]
            if slot[y] < 0:
                slot[y] = 0
                keys[n_uniq] = y
                n_uniq += 1
        keys[first:n_uniq] = np.sort(keys[first:n_uniq])
        for q in range(first, n_uniq):
            slot[keys[q]] = q
        for p in range(a, b):
            k = by_w[p]
            inverse[k] = slot[v[k]]
        for q in range(first, n_uniq):
            slot[keys[q]] = -1
            keys[q] += x * n_v
    return keys[:n_uniq].copy(), inverse


@njit(cache=True, nogil=True)
def max_rows(rows: np.ndarray, cols: np.ndarray, vals: np.ndarray, n: int,
             dim: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # pragma: no cover - compiled
    """CSR (indptr, columns ascending, float32 values) of the largest value of each (row, column)
    entry: :func:`hexaglot.align.lexicon._max_rows` without its sort of every entry (two stable
    counting sorts, by column then by row, put each (row, column)'s entries next to each other in
    input order; the first of equal largest values is kept, NaN never wins, as there)."""
    m = rows.shape[0]
    _, by_col = bucket_order(cols, dim)
    start = np.zeros(n + 1, dtype=np.int64)
    for k in range(m):
        start[rows[k] + 1] += 1
    for x in range(n):
        start[x + 1] += start[x]
    fill = start[:-1].copy()
    order = np.empty(m, dtype=np.int64)
    for p in range(m):
        k = by_col[p]
        order[fill[rows[k]]] = k
        fill[rows[k]] += 1
    indptr = np.zeros(n + 1, dtype=np.int64)
    idx = np.empty(m, dtype=np.int64)
    val = np.empty(m, dtype=np.float32)
    out = 0
    for x in range(n):
        prev = -1
        best = -np.inf
        for p in range(start[x], start[x + 1]):
            k = order[p]
            c = cols[k]
            if c != prev:
                if prev >= 0:
                    val[out - 1] = np.float32(best)
                idx[out] = c
                out += 1
                prev = c
                best = -np.inf
            if vals[k] > best:
                best = vals[k]
        if prev >= 0:
            val[out - 1] = np.float32(best)
        indptr[x + 1] = out
    return indptr, idx[:out].copy(), val[:out].copy()


@njit(cache=True, nogil=True)
def sparse_dots(x_ptr: np.ndarray, x_idx: np.ndarray, x_val: np.ndarray, s0: int, s1: int,
                y_ptr: np.ndarray, y_idx: np.ndarray, y_val: np.ndarray, t0: int, t1: int,
                dim: int) -> np.ndarray:  # pragma: no cover - compiled
    """``x[s0:s1] @ y[t0:t1].T`` of two CSR matrices (float32 values, columns unique within a row),
    as float32: each product is exact in float64, summed in float64 in the order of x's entries,
    rounded once (BLAS's float32 product of the densified rows rounds at every step: the two
    differ by about one float32 unit in the last place)."""
    start, order = bucket_order(y_idx[y_ptr[t0]:y_ptr[t1]], dim)  # y's entries by column
    base = y_ptr[t0]
    rows = np.empty(y_ptr[t1] - base, dtype=np.int64)
    for j in range(t0, t1):
        for p in range(y_ptr[j], y_ptr[j + 1]):
            rows[p - base] = j - t0
    out = np.zeros((s1 - s0, t1 - t0), dtype=np.float32)
    acc = np.zeros(t1 - t0)
    for i in range(s0, s1):
        for p in range(x_ptr[i], x_ptr[i + 1]):
            c = x_idx[p]
            xv = np.float64(x_val[p])
            for q in range(start[c], start[c + 1]):
                e = order[q]
                acc[rows[e]] += xv * np.float64(y_val[base + e])
        for j in range(t1 - t0):
            out[i - s0, j] = np.float32(acc[j])
            acc[j] = 0.0
    return out
