"""EM for one direction of the word aligner, compiled with numba.

A direction explains each *child* token (the side being generated) by one *parent* token of the other
side or by NULL (parent id 0). The lexical table ``t(child | parent)`` is kept only for the pairs that
co-occur in a training sentence: ``keys`` holds them sorted as ``parent * n_child + child`` and ``t``
is parallel to it. Two models share the kernels:

* IBM Model 1 (``diag=False``): every parent position equally likely;
* the fast_align reparameterisation of Model 2 (Dyer, Chahuneau & Smith 2013, ``diag=True``): NULL with
  probability ``p0``, otherwise position ``i`` of ``m`` for child ``j`` of ``n`` in proportion to
  ``exp(-tension * |i/m - j/n|)``.

The M-step is variational Bayes with a symmetric Dirichlet (``alpha``), which keeps rare parents from
becoming "garbage collectors", plus fixed pseudo-counts (``prior``) for the pairs a bilingual
dictionary or identical spelling vouches for. Everything is deterministic: no sampling, sentences in
order, sums in order.
"""

from __future__ import annotations

import math

import numba
import numpy as np

NULL = 0


@numba.njit(cache=True)
def _digamma(x: float) -> float:
    r = 0.0
    while x < 6.0:
        r -= 1.0 / x
        x += 1.0
    f = 1.0 / (x * x)
    return r + math.log(x) - 0.5 / x - f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (
        1.0 / 240 - f / 132))))


@numba.njit(cache=True)
def _find_in(keys: np.ndarray, lo: int, hi: int, key: np.int64) -> int:
    """Binary search of ``key`` in ``keys[lo:hi]`` (one parent's children): its index, or -1."""
    while lo < hi:
        mid = (lo + hi) >> 1
        if keys[mid] < key:
            lo = mid + 1
        else:
            hi = mid
    return lo if lo < len(keys) and keys[lo] == key else -1


def parent_starts(keys: np.ndarray, n_child: int, n_parent: int) -> np.ndarray:
    """``starts[p]:starts[p + 1]``: the range of ``keys`` whose parent is ``p``."""
    return np.searchsorted(keys, np.arange(n_parent + 1, dtype=np.int64) * n_child).astype(np.int64)


def unique_sorted(a: np.ndarray) -> np.ndarray:
    a = np.sort(a)
    return a[np.concatenate([[True], a[1:] != a[:-1]])] if len(a) else a


@numba.njit(cache=True)
def pair_keys(p_tok: np.ndarray, p_off: np.ndarray, c_tok: np.ndarray, c_off: np.ndarray, n_child: int,
              lo: int, hi: int) -> np.ndarray:
    """Unique ``parent * n_child + child`` keys of sentences ``lo..hi`` (NULL included)."""
    total = 0
    for s in range(lo, hi):
        total += (p_off[s + 1] - p_off[s] + 1) * (c_off[s + 1] - c_off[s])
    out = np.empty(total, np.int64)
    n = 0
    for s in range(lo, hi):
        for j in range(c_off[s], c_off[s + 1]):
            c = c_tok[j]
            out[n] = NULL * n_child + c
            n += 1
            for i in range(p_off[s], p_off[s + 1]):
                out[n] = np.int64(p_tok[i]) * n_child + c
                n += 1
    out = np.sort(out[:n])
    keep = np.ones(n, np.bool_)
    for k in range(1, n):
        keep[k] = out[k] != out[k - 1]
    return out[keep]


@numba.njit(cache=True)
def _position_weights(m: int, n: int, j: int, tension: float, p0: float, diag: bool, out: np.ndarray) -> None:
    """``out[0]`` the NULL prior, ``out[1 + i]`` that of parent position ``i`` for child ``j``."""
    if not diag:
        for i in range(m + 1):
            out[i] = 1.0 / (m + 1)
        return
    z = 0.0
    for i in range(m):
        out[i + 1] = math.exp(-tension * abs((i + 0.5) / m - (j + 0.5) / n))
        z += out[i + 1]
    out[0] = p0
    for i in range(m):
        out[i + 1] = (1.0 - p0) * out[i + 1] / z


@numba.njit(cache=True)
def e_step(p_tok: np.ndarray, p_off: np.ndarray, c_tok: np.ndarray, c_off: np.ndarray, n_child: int,
           keys: np.ndarray, starts: np.ndarray, t: np.ndarray, diag: bool, tension: float, p0: float,
           counts: np.ndarray, occ: np.ndarray) -> float:
    """Add the expected link counts of every sentence to ``counts``; returns the log-likelihood.

    ``occ``: the key index of every (child, NULL + parents) occurrence in order (:func:`occurrences`),
    or empty to search the keys each time (a corpus too large to hold them)."""
    ll = 0.0
    o = 0
    have_occ = len(occ) > 0
    for s in range(len(p_off) - 1):
        ps, m = p_off[s], p_off[s + 1] - p_off[s]
        cs, n = c_off[s], c_off[s + 1] - c_off[s]
        if n == 0:
            continue
        w = np.empty(m + 1)
        idx = np.empty(m + 1, np.int64)
        pr = np.empty(m + 1)
        for j in range(n):
            c = c_tok[cs + j]
            _position_weights(m, n, j, tension, p0, diag, w)
            z = 0.0
            for i in range(m + 1):
                if have_occ:
                    k = np.int64(occ[o])
                    o += 1
                else:
                    parent = NULL if i == 0 else p_tok[ps + i - 1]
                    k = _find_in(keys, starts[parent], starts[parent + 1], np.int64(parent) * n_child + c)
                idx[i] = k
                pr[i] = (t[k] if k >= 0 else 1e-9) * w[i]
                z += pr[i]
            if z <= 0.0:
                continue
            ll += math.log(z)
            for i in range(m + 1):
                if idx[i] >= 0:
                    counts[idx[i]] += pr[i] / z
    return ll


@numba.njit(cache=True)
def occurrences(p_tok: np.ndarray, p_off: np.ndarray, c_tok: np.ndarray, c_off: np.ndarray, n_child: int,
                keys: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """The key index of each (child, NULL + parents) occurrence, in the order :func:`e_step` visits."""
    total = 0
    for s in range(len(p_off) - 1):
        total += (p_off[s + 1] - p_off[s] + 1) * (c_off[s + 1] - c_off[s])
    out = np.empty(total, np.int32)
    o = 0
    for s in range(len(p_off) - 1):
        for j in range(c_off[s], c_off[s + 1]):
            c = c_tok[j]
            for i in range(p_off[s] - 1, p_off[s + 1]):
                parent = NULL if i < p_off[s] else p_tok[i]
                out[o] = _find_in(keys, starts[parent], starts[parent + 1], np.int64(parent) * n_child + c)
                o += 1
    return out


@numba.njit(cache=True)
def m_step(keys: np.ndarray, counts: np.ndarray, prior: np.ndarray, n_child: int, alpha: float,
           t: np.ndarray) -> None:
    """``t`` from the expected counts plus the prior pseudo-counts, per parent (variational Bayes)."""
    n = len(keys)
    a = 0
    while a < n:
        parent = keys[a] // n_child
        b = a
        total = 0.0
        while b < n and keys[b] // n_child == parent:
            total += counts[b] + prior[b] + alpha
            b += 1
        norm = math.exp(_digamma(total))
        for k in range(a, b):
            t[k] = math.exp(_digamma(counts[k] + prior[k] + alpha)) / norm
        a = b


@numba.njit(cache=True)
def posteriors(p_tok: np.ndarray, c_tok: np.ndarray, tvals: np.ndarray, diag: bool, tension: float,
               p0: float) -> np.ndarray:
    """``post[j, i]``: the probability that child ``j`` comes from parent ``i`` (column ``m``: NULL).

    ``tvals[i, j]`` is ``t(child j | parent i)`` with row ``m`` for NULL, already looked up."""
    m, n = len(p_tok), len(c_tok)
    post = np.zeros((n, m + 1))
    w = np.empty(m + 1)
    for j in range(n):
        _position_weights(m, n, j, tension, p0, diag, w)
        z = 0.0
        for i in range(m):
            post[j, i] = tvals[i, j] * w[i + 1]
            z += post[j, i]
        post[j, m] = tvals[m, j] * w[0]
        z += post[j, m]
        if z > 0.0:
            for i in range(m + 1):
                post[j, i] /= z
    return post


# -- the HMM model (Vogel, Ney & Tillmann 1996; NULL states as in Och & Ney 2003) -------------------
# States 0..m-1 are the parent positions; state m + i is NULL "after" position i (it keeps the position
# the next jump starts from). Jumps i - i' are bucketed to -JUMP..JUMP; from any state the next is the
# NULL of the same position with probability p0, else position i with (1 - p0) * jump(i - i') / Z(i'),
# the weight of a far bucket (|i - i'| ≥ JUMP) shared among the positions it covers.

JUMP = 7


@numba.njit(cache=True)
def _bucket(d: int) -> int:
    return min(max(d, -JUMP), JUMP) + JUMP


@numba.njit(cache=True)
def forward_backward(emit: np.ndarray, jump: np.ndarray, p0: float, jcounts: np.ndarray, count_jumps: bool
                     ) -> tuple[np.ndarray, float]:
    """``(post, log-likelihood)`` of one sentence: ``emit[j, i]`` is t(child j | parent i), column ``m``
    the NULL word; ``post[j, i]`` the posterior of child ``j`` at parent ``i`` (column ``m``: all NULL
    states). With ``count_jumps``, expected jump counts are added to ``jcounts``."""
    n, m1 = emit.shape
    m = m1 - 1
    trans = np.empty((m, m))
    share = np.zeros(len(jump))
    for ip in range(m):
        share[:] = 0.0  # the far buckets cover several positions: each gets its share of the bucket
        for i in range(m):
            share[_bucket(i - ip)] += 1.0
        z = 0.0
        for i in range(m):
            b = _bucket(i - ip)
            trans[ip, i] = jump[b] / share[b]
            z += trans[ip, i]
        for i in range(m):
            trans[ip, i] = (1.0 - p0) * trans[ip, i] / z
    alpha = np.zeros((n, 2 * m))
    scale = np.zeros(n)
    for i in range(m):
        alpha[0, i] = (1.0 - p0) / m * emit[0, i]
        alpha[0, m + i] = p0 / m * emit[0, m]
    scale[0] = alpha[0].sum()
    alpha[0] /= scale[0] if scale[0] > 0 else 1.0
    for j in range(1, n):
        for i in range(m):
            acc = 0.0
            for ip in range(m):
                acc += (alpha[j - 1, ip] + alpha[j - 1, m + ip]) * trans[ip, i]
            alpha[j, i] = acc * emit[j, i]
            alpha[j, m + i] = (alpha[j - 1, i] + alpha[j - 1, m + i]) * p0 * emit[j, m]
        scale[j] = alpha[j].sum()
        alpha[j] /= scale[j] if scale[j] > 0 else 1.0
    beta = np.ones((n, 2 * m))
    for j in range(n - 2, -1, -1):
        sc = scale[j + 1] if scale[j + 1] > 0 else 1.0
        for ip in range(m):
            acc = 0.0
            for i in range(m):
                acc += trans[ip, i] * emit[j + 1, i] * beta[j + 1, i]
            acc += p0 * emit[j + 1, m] * beta[j + 1, m + ip]
            beta[j, ip] = acc / sc
            beta[j, m + ip] = acc / sc
    post = np.zeros((n, m + 1))
    for j in range(n):
        z = 0.0
        for s in range(2 * m):
            z += alpha[j, s] * beta[j, s]
        if z <= 0.0:
            continue
        for i in range(m):
            post[j, i] = alpha[j, i] * beta[j, i] / z
            post[j, m] += alpha[j, m + i] * beta[j, m + i] / z
    if count_jumps:
        for j in range(1, n):
            sc = scale[j] if scale[j] > 0 else 1.0
            for ip in range(m):
                a = alpha[j - 1, ip] + alpha[j - 1, m + ip]
                for i in range(m):
                    jcounts[_bucket(i - ip)] += a * trans[ip, i] * emit[j, i] * beta[j, i] / sc
    ll = 0.0
    for j in range(n):
        ll += math.log(scale[j]) if scale[j] > 0 else -700.0
    return post, ll


@numba.njit(cache=True)
def hmm_e_step(p_off: np.ndarray, c_off: np.ndarray, t: np.ndarray, occ: np.ndarray, jump: np.ndarray, p0: float,
               counts: np.ndarray, jcounts: np.ndarray) -> float:
    """The HMM's expected link and jump counts over every sentence (``occ`` as :func:`occurrences`)."""
    ll = 0.0
    o = 0
    for s in range(len(p_off) - 1):
        m, n = p_off[s + 1] - p_off[s], c_off[s + 1] - c_off[s]
        if n == 0:
            continue
        idx = np.empty((n, m + 1), np.int64)
        emit = np.empty((n, m + 1))
        for j in range(n):
            idx[j, m] = occ[o]
            for i in range(m):
                idx[j, i] = occ[o + 1 + i]
            o += m + 1
            for i in range(m + 1):
                emit[j, i] = t[idx[j, i]] if idx[j, i] >= 0 else 1e-9
        if m == 0:
            continue
        post, sll = forward_backward(emit, jump, p0, jcounts, True)
        ll += sll
        for j in range(n):
            for i in range(m + 1):
                if idx[j, i] >= 0:
                    counts[idx[j, i]] += post[j, i]
    return ll
