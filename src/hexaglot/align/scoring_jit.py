"""Bead costs of a block of rows compiled with numba, written straight into the DP's cost stack.

The same arithmetic as :meth:`hexaglot.align.scoring.BeadScorer._costs_full` and
``_costs_general`` (the numpy reference), cell by cell and in the same order of operations, so the
float32 costs the DP reads are the reference's (the one libm call, ``log`` in the length model,
may differ from numpy's SIMD ``log`` in the last bit of a float64, far below the float32 the costs
are stored in; ``tests/test_align_scoring_jit.py`` and ``bench/align_beads_dump.py`` check it).
Inputs are the numpy-prepared parts of :class:`~hexaglot.align.scoring.Signal` (integral images,
span norms, neighbourhood sums), stacked over signals.

numba is imported by this module only (loaded with the DP kernel, on the first alignment).
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit


@njit(cache=True, nogil=True, error_model="numpy")
def _signal_row(score: np.ndarray, ip: np.ndarray, ipa: np.ndarray, nt: np.ndarray, kt_b: np.ndarray,
                q0: int, j0: int, ns: float, ks: float, bg: float,
                mm: float, wg: float, cf: float, mass: bool, mg: bool, full: bool, power: float,
                b: int, fb: np.ndarray) -> None:  # pragma: no cover - compiled
    """One signal's term of the score along a row, for the cells ``k`` whose bead is valid: the
    box sum from the integral rows ``ip``/``ipa`` at Q = q0 + k and Q - b, the span norm and the
    target side's margin term (``kt_b``, :func:`target_margins`) at j = j0 + k, the size factor. Branches are
    outside the loops and indices unsigned (no wraparound checks), so each loop vectorises."""
    n = score.shape[0]
    ub = np.uintp(b)
    uq = np.uintp(q0)
    uj = np.uintp(j0)
    if mass:
        # the size factor ((mass_s + mass_t) / mean mass) ** power first: a pow call inside the main
        # loop would stop it from vectorising
        for k0 in range(n):
            k = np.uintp(k0)
            fb[k] = (ns + nt[uj + k]) / mm
        if power == 0.5:
            for k in range(n):
                fb[k] = math.sqrt(fb[k])
        elif power != 1.0:
            for k in range(n):
                fb[k] = fb[k] ** power
        for k0 in range(n):
            k = np.uintp(k0)
            ip_k = ip[uq + k]
            ipa_k = ipa[uq + k]
            ipb_k = ip[uq + k - ub]
            ipab_k = ipa[uq + k - ub]
            # _costs_full: a difference of row differences; _costs_general: four corners, left to right
            box = ((ip_k - ipa_k) - (ipb_k - ipab_k)) if full else (ip_k - ipa_k - ipb_k + ipab_k)
            box = box - bg
            ntt = nt[uj + k]
            norm = math.sqrt(ns * ntt)
            val = box / (norm if norm > 1e-9 else 1e-9)
            val = val if norm > 1e-9 else 0.0
            val = 1.0 if val > 1.0 else val
            if mg:
                kt = kt_b[uj + k]
                if full:
                    val = val - 0.5 * ks
                    val = val - 0.5 * kt
                else:
                    val = val - 0.5 * (ks + kt)
            score[k] = score[k] + val * (wg * fb[k])
    else:
        for k0 in range(n):
            k = np.uintp(k0)
            ip_k = ip[uq + k]
            ipa_k = ipa[uq + k]
            ipb_k = ip[uq + k - ub]
            ipab_k = ipa[uq + k - ub]
            # _costs_full: a difference of row differences; _costs_general: four corners, left to right
            box = ((ip_k - ipa_k) - (ipb_k - ipab_k)) if full else (ip_k - ipa_k - ipb_k + ipab_k)
            norm = math.sqrt(ns * nt[uj + k])
            val = box / (norm if norm > 1e-9 else 1e-9)
            val = val if norm > 1e-9 else 0.0
            if mg:
                kt = kt_b[uj + k]
                if full:
                    val = val - 0.5 * ks
                    val = val - 0.5 * kt
                else:
                    val = val - 0.5 * (ks + kt)
            score[k] = score[k] + val * cf


@njit(cache=True, nogil=True, error_model="numpy")
def _length_row(out: np.ndarray, score: np.ndarray, pr: float, lt1: np.ndarray, lt0: np.ndarray,
                ls: float, c: float, s2: float, lw: float, tb: np.ndarray,
                pb: np.ndarray) -> None:  # pragma: no cover - compiled
    """``out[k]`` = float32 of ``pr - score[k]`` plus the weighted length cost (length.py's arithmetic)."""
    n = score.shape[0]
    sqrt2 = math.sqrt(2.0)
    for k in range(n):
        lt = lt1[k] - lt0[k]
        mean = (ls + lt / c) / 2.0
        delta = abs(lt - c * ls) / math.sqrt(s2 * (mean if mean > 1.0 else 1.0))
        x = delta / sqrt2
        t = 1.0 / (1.0 + 0.5 * x)
        tb[k] = t
        pb[k] = -x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (
            -0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (
                -0.82215223 + t * 0.17087277))))))))
    log_inplace(tb)
    for k in range(n):
        out[k] = np.float32((pr - score[k]) + lw * -(tb[k] + pb[k]))


# fdlibm's log (e_log.c): x = 2^e (1 + f), log(1 + f) = f - s (f - R(s²)) with s = f / (2 + f)
_LG1 = 6.666666666666735130e-01
_LG2 = 3.999999999940941908e-01
_LG3 = 2.857142874366239149e-01
_LG4 = 2.222219843214978396e-01
_LG5 = 1.818357216161805012e-01
_LG6 = 1.531383769920937332e-01
_LG7 = 1.479819860511658591e-01
_LN2_HI = 6.93147180369123816490e-01
_LN2_LO = 1.90821492927058770002e-10
_DBL_MIN = 2.2250738585072014e-308
_DBL_MAX = 1.7976931348623157e308


@njit(cache=True, nogil=True, error_model="numpy")
def log_inplace(x: np.ndarray) -> None:  # pragma: no cover - compiled
    """``x[:] = log(x)``, vectorised: fdlibm's algorithm with both of its branches computed and one
    selected, so LLVM can run it in SIMD lanes (libm's ``log`` is one call per element, ~60% of
    the length cost's time). Within one unit in the last place of libm's and numpy's ``log``
    (each of which differs from the other as often); arrays holding anything but positive normal
    numbers take libm's ``log``."""
    n = x.shape[0]
    normal = True
    for k in range(n):
        v = x[k]
        normal &= (v >= _DBL_MIN) & (v <= _DBL_MAX)
    if not normal:
        for k in range(n):
            x[k] = math.log(x[k])
        return
    bits = x.view(np.int64)
    for k in range(n):
        word = bits[k]
        hx = word >> 32
        e = (hx >> 20) - 1023
        hx = hx & 0x000FFFFF
        i = (hx + 0x95F64) & 0x100000
        bits[k] = ((hx | (i ^ 0x3FF00000)) << 32) | (word & 0xFFFFFFFF)  # the mantissa, in [√2/2, √2)
        e = e + (i >> 20)
        f = x[k] - 1.0
        s = f / (2.0 + f)
        dk = float(e)
        z = s * s
        w = z * z
        t1 = w * (_LG2 + w * (_LG4 + w * _LG6))
        t2 = z * (_LG1 + w * (_LG3 + w * (_LG5 + w * _LG7)))
        r = t2 + t1
        hfsq = 0.5 * f * f
        wide = dk * _LN2_HI - ((hfsq - (s * (hfsq + r) + dk * _LN2_LO)) - f)
        near = dk * _LN2_HI - ((s * (f - r) - dk * _LN2_LO) - f)
        x[k] = wide if ((hx - 0x6147A) | (0x6B851 - hx)) > 0 else near


@njit(cache=True, nogil=True, error_model="numpy")
def fill_costs(out: np.ndarray, A: np.ndarray, B: np.ndarray, prior: np.ndarray, full: bool,
               r0: int, lo: np.ndarray, s0: int, t0: int, t1: int, m: int,
               integ: np.ndarray, norms_s: np.ndarray, norms_t: np.ndarray, knn_s: np.ndarray,
               kt_tab: np.ndarray, is_mass: np.ndarray, margin: np.ndarray, weight: np.ndarray,
               background: np.ndarray, mean_mass: np.ndarray, power: float, cos_factor: np.ndarray,
               cl_s: np.ndarray, cl_t: np.ndarray, use_length: bool, length_weight: float, c: float,
               s2: float) -> None:  # pragma: no cover - compiled
    """``out[i - r0, t, k]`` = cost of bead type ``(A[t], B[t])`` ending at cell (i, lo[i] + k), inf
    where it cannot end (types with an empty side are left untouched).

    ``full``: the rows span the whole target side (the reference's ``_costs_full``: box sums as
    differences of row differences); else ``_costs_general``'s four-corner sums. The rows of a
    uniform band end at or before column m, so inside a row the valid cells are k >= b - lo[i],
    and every array is read at a constant offset from k.
    """
    rows, nt, w = out.shape
    nsig = integ.shape[0]
    score = np.empty(w)
    tb = np.empty(w)
    pb = np.empty(w)
    fb = np.empty(w)
    inf32 = np.float32(np.inf)
    for r in range(rows):
        i = r0 + r
        lo_i = lo[i]
        if lo_i + w - 1 > m:
            raise ValueError("band row past the last column")
        for t in range(nt):
            a = A[t]
            b = B[t]
            if a == 0 or b == 0:
                continue
            k0 = b - lo_i if b > lo_i else 0
            if i < a or k0 >= w:
                for k in range(w):
                    out[r, t, k] = inf32
                continue
            for k in range(k0):
                out[r, t, k] = inf32
            n = w - k0
            j0 = lo_i + k0  # first valid column: Q = j - t0, Qb = Q - b, jc = j, jb = j - b
            q0 = j0 - t0
            P = i - s0
            Pa = P - a if P - a > 0 else 0
            ia = i - a if i - a > 0 else 0
            sc = score[:n]
            sc[:] = 0.0
            for g in range(nsig):
                ns = norms_s[g, a, i]
                mass = is_mass[g]
                ds = (ns if ns > 1e-9 else 1e-9) if mass else float(a)
                ks = (knn_s[g, i] - knn_s[g, ia]) / ds
                _signal_row(sc, integ[g, P], integ[g, Pa], norms_t[g, b], kt_tab[g, b], q0, j0, ns, ks, (a * b) * background[g], mean_mass[g], weight[g], cos_factor[g, t],
                            mass, margin[g], full, power, b, fb[:n])
            if use_length:
                _length_row(out[r, t, k0:], sc, prior[t], cl_t[j0:j0 + n], cl_t[j0 - b:j0 - b + n],
                            cl_s[i] - cl_s[ia], c, s2, length_weight, tb[:n], pb[:n])
            else:
                for k in range(n):
                    out[r, t, k0 + k] = np.float32(prior[t] - sc[k])


@njit(cache=True, nogil=True)
def integral_images(blocks: np.ndarray) -> np.ndarray:  # pragma: no cover - compiled
    """``out[g, 1:, 1:] = blocks[g].astype(float64).cumsum(0).cumsum(1)``, zeros in row and column
    0: the additions of numpy's two cumulative sums, in the same order (bit for bit)."""
    k, h, w = blocks.shape
    out = np.zeros((k, h + 1, w + 1))
    if h == 0:
        return out
    for g in range(k):
        for j in range(w):  # down the columns first (the first row copied: -0.0 stays -0.0)
            out[g, 1, j + 1] = np.float64(blocks[g, 0, j])
        for i in range(1, h):
            for j in range(w):
                out[g, i + 1, j + 1] = out[g, i, j + 1] + np.float64(blocks[g, i, j])
        for i in range(h):  # then along the rows
            for j in range(1, w):
                out[g, i + 1, j + 1] = out[g, i + 1, j] + out[g, i + 1, j + 1]
    return out


@njit(cache=True, nogil=True, error_model="numpy")
def target_margins(knn_t: np.ndarray, norms_t: np.ndarray, is_mass: np.ndarray, margin: np.ndarray,
                   bmax: int) -> np.ndarray:  # pragma: no cover - compiled
    """``out[g, b, j]``: the target side's neighbourhood mean of a ``b``-sentence span ending at
    ``j`` for signal ``g`` (0 where j < b or the signal has no margin), the division the cost of
    every row would repeat: (knn_t[j] - knn_t[j - b]) / span mass (mass kind) or / b."""
    k, _, m1 = norms_t.shape
    out = np.zeros((k, bmax + 1, m1))
    for g in range(k):
        if not margin[g]:
            continue
        for b in range(1, bmax + 1):
            for j in range(b, m1):
                if is_mass[g]:
                    ntt = norms_t[g, b, j]
                    out[g, b, j] = (knn_t[g, j] - knn_t[g, j - b]) / (ntt if ntt > 1e-9 else 1e-9)
                else:
                    out[g, b, j] = (knn_t[g, j] - knn_t[g, j - b]) / float(b)
    return out


@njit(cache=True, nogil=True)
def _keep_largest(buf: np.ndarray, filled: int, v: float) -> int:  # pragma: no cover - compiled
    """Insert ``v`` into ``buf[:filled]``, kept in descending order and at most ``len(buf)`` long
    (the smallest falls off; a tie goes after its equals); the new fill."""
    k = buf.shape[0]
    if filled < k:
        q = filled
        filled += 1
    elif v > buf[k - 1]:
        q = k - 1
    else:
        return filled
    while q > 0 and buf[q - 1] < v:
        buf[q] = buf[q - 1]
        q -= 1
    buf[q] = v
    return filled


@njit(cache=True, nogil=True)
def block_margins(g: np.ndarray, row0: int, ns: np.ndarray, nt: np.ndarray, k_row: int, k_col: int,
                  row_best: np.ndarray, col_best: np.ndarray) -> None:  # pragma: no cover - compiled
    """The neighbourhoods of :meth:`hexaglot.align.scoring.BeadScorer.prepare` for one block,
    without its sorts: the scores ``own[i, j] = g[row0 + i, j] / sqrt(max(ns[i] * nt[j], 1e-9))``
    (float64, the reference's operations), each row's ``k_row`` largest, negated, into
    ``row_best[i]`` (ascending: the reference's ``np.sort(-own)``; the caller averages them with
    numpy and negates the mean, as the reference does), and each column's
    ``k_col`` largest merged into its ``col_best[j]`` (descending, ``-inf`` where empty), which
    keeps its ``col_best.shape[1]`` largest. Only values are kept, so the order of equal values
    does not matter; scores are never NaN (the norms are floored)."""
    rows = ns.shape[0]
    cols = nt.shape[0]
    knn = col_best.shape[1]
    own = np.empty((rows, cols))
    for i in range(rows):
        for j in range(cols):
            den = ns[i] * nt[j]
            own[i, j] = np.float64(g[row0 + i, j]) / math.sqrt(den if den > 1e-9 else 1e-9)
    best = np.empty(k_row)
    for i in range(rows):
        filled = 0
        for j in range(cols):
            filled = _keep_largest(best, filled, own[i, j])
        for q in range(k_row):
            row_best[i, q] = -best[q]
    top = np.empty(k_col)
    merged = np.empty(knn + k_col)
    for j in range(cols):
        filled = 0
        for i in range(rows):
            filled = _keep_largest(top, filled, own[i, j])
        # both runs descending: merge them, keep the knn largest
        a = 0
        b = 0
        cb = col_best[j]
        for q in range(knn + k_col):
            if b >= k_col or (a < knn and cb[a] >= top[b]):
                merged[q] = cb[a]
                a += 1
            else:
                merged[q] = top[b]
                b += 1
        for q in range(knn):
            cb[q] = merged[q]
