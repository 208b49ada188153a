"""The DP's row recurrence compiled with numba: one loop over the cells of a block of rows.

The same programme as :func:`hexaglot.align.dp._solve_uniform` (the numpy reference), cell by
cell: the best bead type into the cell (numpy's ``argmin``: first minimum, NaN first), the 0-1
bead as a running minimum along the row, and the decision margin (the reference's ``_gap``).
Results are bit-identical to the reference; ``tests/test_align_dp_jit.py`` checks it.

numba is imported by this module only, which :mod:`hexaglot.align.dp` imports on the first DP;
``cache=True`` keeps the machine code on disk, so the compile (~1 s) is paid once per machine.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True, nogil=True)
def uniform_rows_scalar(table: np.ndarray, bp: np.ndarray, chosen: np.ndarray, gaps: np.ndarray,
                 stack: np.ndarray, r0: int, r1: int, lo: np.ndarray, A: np.ndarray, Bt: np.ndarray,
                 amax: int, bmax: int, cum_skip_t: np.ndarray, skip_tgt: np.ndarray, has_m: bool,
                 want_gaps: bool) -> None:  # pragma: no cover - compiled
    """:func:`uniform_rows` one cell at a time, every bead type inside the cell's loop (the kernel
    before the bead types were taken one at a time over the row; kept as the test's reference)."""
    nt = A.shape[0]
    w = bp.shape[1]
    skip_code = nt
    inf = np.inf
    for i in range(r0, r1):
        row = i + amax
        lo_i = lo[i]
        base = cum_skip_t[lo_i + 1]
        running = 0.0
        prev_run = inf
        for k in range(w):
            best = inf
            bi = 0
            seen_nan = False
            m1 = inf
            m2 = inf
            finite_count = 0
            for t in range(nt):
                a = A[t]
                prev_lo = lo[i - a] if i >= a else 0
                col = bmax - Bt[t] + k + lo_i - prev_lo
                if col > w + bmax:
                    col = w + bmax
                v = table[row - a, col] + np.float64(stack[i - r0, t, k])
                if v != v:
                    if not seen_nan:
                        seen_nan = True
                        bi = t
                        best = v
                    continue
                finite_count += 1
                if v < m1:
                    m2 = m1
                    m1 = v
                elif v < m2:
                    m2 = v
                if not seen_nan and v < best:
                    best = v
                    bi = t
            x = best
            if i == 0 and k == 0:
                x = 0.0
            cs = cum_skip_t[lo_i + k + 1] - base
            r = x - cs
            if k == 0:
                running = r
            elif running != running or r != r:
                running = np.nan
            elif r < running:
                running = r
            run = running + cs
            via = run < x - 1e-12
            if via:
                table[row, bmax + k] = run
                bp[i, k] = skip_code
            else:
                table[row, bmax + k] = x
                bp[i, k] = bi
            chosen[i, k] = stack[i - r0, bi, k]
            if want_gaps:
                if via:
                    g = x - run
                else:
                    second = (m2 if finite_count >= 2 else np.nan) if nt > 1 else inf
                    sk = 0.0
                    if has_m:
                        j1 = lo_i + k - 1
                        sk = skip_tgt[j1 if j1 > 0 else 0]
                    alt = prev_run + sk
                    lo_alt = np.nan if (second != second or alt != alt) else min(second, alt)
                    g = lo_alt - x
                if g != g or g > 1e30:
                    g = 1e30
                gaps[i, k] = np.float32(g)
            prev_run = run


@njit(cache=True, nogil=True)
def uniform_rows(table: np.ndarray, bp: np.ndarray, chosen: np.ndarray, gaps: np.ndarray,
                 stack: np.ndarray, r0: int, r1: int, lo: np.ndarray, A: np.ndarray, Bt: np.ndarray,
                 amax: int, bmax: int, cum_skip_t: np.ndarray, skip_tgt: np.ndarray, has_m: bool,
                 want_gaps: bool) -> None:  # pragma: no cover - compiled
    """Rows ``r0 <= i < r1`` of the uniform-band table (``stack[i - r0]``: bead costs of row i).

    Per row, the bead types one at a time over the whole row (each reads a contiguous run of its
    predecessor row, so the loop vectorises, without a branch per cell and type): the least
    candidate per cell, the first type that reaches it, and the second least. Without NaN
    candidates these are exactly the scalar kernel's (:func:`uniform_rows_scalar`: numpy's
    ``argmin`` keeps the first minimum; its ``best`` and least non-NaN value ``m1`` are then the
    same number); a row with a NaN candidate is redone by the scalar kernel. Then the 0-1 bead's
    running minimum along the row, as there.
    """
    nt = A.shape[0]
    w = bp.shape[1]
    skip_code = nt
    inf = np.inf
    lim = w + bmax
    m1 = np.empty(w)
    m2 = np.empty(w)
    bi = np.empty(w, dtype=np.int64)
    for i in range(r0, r1):
        row = i + amax
        lo_i = lo[i]
        m1[:] = inf
        m2[:] = inf
        bi[:] = 0
        nan = False
        for t in range(nt):
            a = A[t]
            prev_lo = lo[i - a] if i >= a else 0
            c0 = bmax - Bt[t] + lo_i - prev_lo  # the predecessor's column of cell k: c0 + k, at most lim
            src = table[row - a]
            cost = stack[i - r0, t]
            kcut = min(max(lim - c0 + 1, 0), w)
            for k in range(kcut):
                v = src[c0 + k] + np.float64(cost[k])
                nan |= v != v
                lt1 = v < m1[k]
                m2[k] = m1[k] if lt1 else (v if v < m2[k] else m2[k])
                m1[k] = v if lt1 else m1[k]
                bi[k] = t if lt1 else bi[k]
            pad = src[lim]
            for k in range(kcut, w):
                v = pad + np.float64(cost[k])
                nan |= v != v
                lt1 = v < m1[k]
                m2[k] = m1[k] if lt1 else (v if v < m2[k] else m2[k])
                m1[k] = v if lt1 else m1[k]
                bi[k] = t if lt1 else bi[k]
        if nan:
            uniform_rows_scalar(table, bp, chosen, gaps, stack[i - r0:i - r0 + 1], i, i + 1, lo, A, Bt, amax, bmax, cum_skip_t,
                                skip_tgt, has_m, want_gaps)
            continue
        base = cum_skip_t[lo_i + 1]
        running = 0.0
        prev_run = inf
        for k in range(w):
            x = m1[k]
            b_k = bi[k]
            if i == 0 and k == 0:
                x = 0.0
            cs = cum_skip_t[lo_i + k + 1] - base
            r = x - cs
            if k == 0:
                running = r
            elif running != running or r != r:
                running = np.nan
            elif r < running:
                running = r
            run = running + cs
            via = run < x - 1e-12
            if via:
                table[row, bmax + k] = run
                bp[i, k] = skip_code
            else:
                table[row, bmax + k] = x
                bp[i, k] = b_k
            chosen[i, k] = stack[i - r0, b_k, k]
            if want_gaps:
                if via:
                    g = x - run
                else:
                    second = m2[k] if nt > 1 else inf
                    sk = 0.0
                    if has_m:
                        j1 = lo_i + k - 1
                        sk = skip_tgt[j1 if j1 > 0 else 0]
                    alt = prev_run + sk
                    lo_alt = np.nan if (second != second or alt != alt) else min(second, alt)
                    g = lo_alt - x
                if g != g or g > 1e30:
                    g = 1e30
                gaps[i, k] = np.float32(g)
            prev_run = run


@njit(cache=True, nogil=True)
def backtrack(bp: np.ndarray, lo: np.ndarray, A: np.ndarray, Bt: np.ndarray, n: int, m: int,
              skip_code: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # pragma: no cover - compiled
    """The path's end cells from (n, m) back to (0, 0) through the back-pointers ``bp`` of a
    uniform band (row ``i``, column ``k`` = j - lo[i]) and each one's bead code: the loop of
    :func:`hexaglot.align.dp._solve_uniform` without a numpy scalar read per bead."""
    cap = n + m + 1
    rows = np.empty(cap, dtype=np.int64)
    cols = np.empty(cap, dtype=np.int64)
    codes = np.empty(cap, dtype=np.int64)
    q = 0
    i = n
    j = m
    while i > 0 or j > 0:
        k = j - lo[i]
        code = np.int64(bp[i, k])
        rows[q] = i
        cols[q] = k
        codes[q] = code
        q += 1
        if code == skip_code:
            j -= 1
        else:
            i -= A[code]
            j -= Bt[code]
    return rows[:q], cols[:q], codes[:q]
