"""IBM Model 1 (:func:`hexaglot.align.lexicon.train_ibm1`) and the lexical bags compiled with numba.

IBM-1: the word ids from the token ids (:func:`ibm1_ids`), the distinct word pairs
(:func:`ibm1_pair_keys`) and the EM iterations (:func:`ibm1_em_pairs`): the same sums as the
numpy reference's ``bincount`` calls, accumulated in the same order (input order), so the learned
table is bit-identical; ``tests/test_align_scoring_jit.py`` checks it. The bags: :func:`max_rows`,
:func:`sparse_dots`.
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


@njit(cache=True, nogil=True, error_model="numpy")
def ibm1_em_pairs(u: np.ndarray, ns: np.ndarray, nt: np.ndarray, uw: np.ndarray, sources: int,
                  iterations: int, t: np.ndarray) -> np.ndarray:  # pragma: no cover - compiled
    """``t`` (one entry per distinct (source, target) word pair) after ``iterations`` EM steps.

    ``u``: the word pair of each (sentence pair, source word, target word) triple, in
    :func:`ibm1_triples`' order, so the normalisation groups (target tokens) need no array: pair
    ``p`` holds ``nt[p]`` groups of ``ns[p]`` triples each; ``uw``: the source word of each word
    pair. The same sums in the same order as the reference's ``bincount`` calls, and the same
    divisions.

    Word pairs are read as ``np.uint64(u[k])``: an unsigned index skips numba's wraparound of
    negative indices (a shift, a mask and an add per access; ``u`` holds no negative index). A
    copy of ``u`` as uint32 would halve its bytes, but its new pages cost more than it saves."""
    k_pairs = t.shape[0]
    t = t.copy()
    count = np.zeros(k_pairs)  # the M step zeroes it again as it reads it
    total = np.empty(sources)
    # the word pairs by source word: uw ascends (the keys do), so each source word's pairs are one
    # run, its total is summed along the run and its division by it runs over contiguous entries
    runs = True
    for k in range(1, k_pairs):
        runs &= uw[k] >= uw[k - 1]
    big = 0
    for p in range(ns.shape[0]):
        big = max(big, ns[p])
    # one group's t values, then their shares: dividing a contiguous buffer by zg is a loop LLVM
    # vectorises (the same divisions, four at a time)
    buf = np.empty(big)
    # the reference starts from a uniform table: then zg and each triple's share depend on the
    # group's size only (zg: size additions of the same c, in the same order), so the first E step
    # adds share[size] = c / zg, the same value as every t[u[k]] / zg, without reading t. Only a
    # positive finite c: equal to it means the same bits
    uniform = k_pairs > 0 and t[0] > 0.0 and t[0] < np.inf
    for k in range(1, k_pairs):
        uniform &= t[k] == t[0]
    for it in range(iterations):
        a = 0
        if it == 0 and uniform:
            c = t[0]
            share = np.empty(big + 1)
            share[0] = 0.0
            zg = 0.0
            for size in range(1, big + 1):
                zg += c
                share[size] = c / zg
            for p in range(ns.shape[0]):
                q = share[ns[p]]
                for k in range(a, a + ns[p] * nt[p]):
                    count[np.uint64(u[k])] += q
                a += ns[p] * nt[p]
        else:
            for p in range(ns.shape[0]):
                size = ns[p]
                for _g in range(nt[p]):
                    zg = 0.0
                    for i in range(size):
                        x = t[np.uint64(u[a + i])]
                        buf[i] = x
                        zg += x
                    for i in range(size):
                        buf[i] = buf[i] / zg
                    for i in range(size):
                        count[np.uint64(u[a + i])] += buf[i]
                    a += size
        if runs:
            a = 0
            while a < k_pairs:
                x = uw[a]
                b = a
                d = 0.0
                while b < k_pairs and uw[b] == x:
                    d += count[b]
                    b += 1
                d = d if d > 1e-12 else 1e-12
                for k in range(a, b):
                    t[k] = count[k] / d
                    count[k] = 0.0
                a = b
            continue
        total[:] = 0.0
        for k in range(k_pairs):
            total[uw[k]] += count[k]
        for k in range(k_pairs):
            d = total[uw[k]]
            t[k] = count[k] / (d if d > 1e-12 else 1e-12)
            count[k] = 0.0
    return t


@njit(cache=True, nogil=True)
def ibm1_pair_keys(s_ids: np.ndarray, t_ids: np.ndarray, ns: np.ndarray, nt: np.ndarray, n_w: int,
                   n_v: int) -> tuple[np.ndarray, np.ndarray]:  # pragma: no cover - compiled
    """:func:`unique_pairs` of the (source word, target word) of every triple of
    :func:`ibm1_triples`, without building the triples when the keys fit :data:`BITMAP_PAIRS`
    (the bitmap of :func:`unique_pairs_bitmap`, read pair by pair, target-major)."""
    if n_w * n_v > BITMAP_PAIRS:
        w, v, _ = ibm1_triples(s_ids, t_ids, ns, nt)
        return unique_pairs_sorted(w, v, n_w, n_v)
    n_words = (n_w * n_v + 63) >> 6
    bits = np.zeros(n_words, dtype=np.uint64)
    one = np.uint64(1)
    total = 0
    s0 = 0
    t0 = 0
    for p in range(ns.shape[0]):
        for tp in range(nt[p]):
            row = t_ids[t0 + tp]
            for sp in range(ns[p]):
                key = s_ids[s0 + sp] * n_v + row
                bits[key >> 6] |= one << np.uint64(key & 63)
        total += ns[p] * nt[p]
        s0 += ns[p]
        t0 += nt[p]
    before, keys = _bitmap_keys(bits)
    inverse = np.empty(total, dtype=np.int64)
    k = 0
    s0 = 0
    t0 = 0
    for p in range(ns.shape[0]):
        for tp in range(nt[p]):
            row = t_ids[t0 + tp]
            for sp in range(ns[p]):
                key = s_ids[s0 + sp] * n_v + row
                x = key >> 6
                inverse[k] = before[x] + _popcount(bits[x] & ((one << np.uint64(key & 63)) - one))
                k += 1
        s0 += ns[p]
        t0 += nt[p]
    return keys, inverse


@njit(cache=True, nogil=True, inline="always")
def _renumber(word: np.ndarray, lo: int, hi: int, stamp: int, seen: np.ndarray, new: np.ndarray,
              back: np.ndarray, n_words: int, ids: np.ndarray, pos: int) -> tuple[int, int]:  # pragma: no cover
    """Write the compact ids of ``word[lo:hi]`` to ``ids`` from ``pos``, each word once per
    ``stamp`` (a word seen for the first time gets the next id, and ``back`` maps it home); the
    next free ``pos`` and the new number of words."""
    for p in range(lo, hi):
        x = word[p]
        if seen[x] != stamp:
            seen[x] = stamp
            if new[x] < 0:
                new[x] = n_words
                back[n_words] = x
                n_words += 1
            ids[pos] = new[x]
            pos += 1
    return pos, n_words


@njit(cache=True, nogil=True)
def ibm1_ids(s_word: np.ndarray, s_ptr: np.ndarray, t_word: np.ndarray, t_ptr: np.ndarray,
             src: np.ndarray, tgt: np.ndarray, s_vocab: int,
             t_vocab: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray,
                                    np.ndarray]:  # pragma: no cover - compiled
    """The word ids :func:`hexaglot.align.lexicon.train_ibm1` builds from strings, from the token
    ids of two document sides (``s_word[s_ptr[i]:s_ptr[i + 1]]``: sentence i's) and the sentence
    pairs ``(src[k], tgt[k])``: each pair's distinct words in order of first occurrence, pairs
    without target words left out, both vocabularies renumbered in order of first occurrence over
    the kept pairs (the NULL source word, id 0, first in every pair). Returns the source and
    target id sequences, words per pair (NULL included on the source side), and each new id's
    token id (``-1`` for NULL)."""
    n_pairs = src.shape[0]
    s_new = np.full(s_vocab, -1, dtype=np.int64)
    t_new = np.full(t_vocab, -1, dtype=np.int64)
    s_seen = np.zeros(s_vocab, dtype=np.int64)  # the last pair (+1) that met the word
    t_seen = np.zeros(t_vocab, dtype=np.int64)
    s_size = n_pairs
    t_size = 0
    for k in range(n_pairs):
        s_size += s_ptr[src[k] + 1] - s_ptr[src[k]]
        t_size += t_ptr[tgt[k] + 1] - t_ptr[tgt[k]]
    s_ids = np.empty(s_size, dtype=np.int64)
    t_ids = np.empty(t_size, dtype=np.int64)
    ns = np.empty(n_pairs, dtype=np.int64)
    nt = np.empty(n_pairs, dtype=np.int64)
    s_back = np.empty(s_vocab + 1, dtype=np.int64)
    t_back = np.empty(t_vocab, dtype=np.int64)
    s_back[0] = -1
    n_s_words = 1
    n_t_words = 0
    a = 0
    b = 0
    kept = 0
    for k in range(n_pairs):
        stamp = k + 1
        b0 = b
        b, n_t_words = _renumber(t_word, t_ptr[tgt[k]], t_ptr[tgt[k] + 1], stamp, t_seen, t_new, t_back,
                                 n_t_words, t_ids, b)
        if b == b0:
            continue
        a0 = a
        s_ids[a] = 0
        a += 1
        a, n_s_words = _renumber(s_word, s_ptr[src[k]], s_ptr[src[k] + 1], stamp, s_seen, s_new, s_back,
                                 n_s_words, s_ids, a)
        ns[kept] = a - a0
        nt[kept] = b - b0
        kept += 1
    return (s_ids[:a].copy(), t_ids[:b].copy(), ns[:kept].copy(), nt[:kept].copy(),
            s_back[:n_s_words].copy(), t_back[:n_t_words].copy())


BITMAP_PAIRS = 1 << 26
"""Up to this many combinations (8 MB of bits), :func:`unique_pairs` marks them in a bitmap."""


@njit(cache=True, nogil=True)
def _popcount(x: np.uint64) -> np.int64:  # pragma: no cover - compiled
    """Set bits of a 64-bit word (the SWAR sum: pairs, nibbles, bytes, then one multiply)."""
    x = x - ((x >> np.uint64(1)) & np.uint64(0x5555555555555555))
    x = (x & np.uint64(0x3333333333333333)) + ((x >> np.uint64(2)) & np.uint64(0x3333333333333333))
    x = (x + (x >> np.uint64(4))) & np.uint64(0x0F0F0F0F0F0F0F0F)
    return np.int64((x * np.uint64(0x0101010101010101)) >> np.uint64(56))


@njit(cache=True, nogil=True)
def _bitmap_keys(bits: np.ndarray) -> tuple[np.ndarray, np.ndarray]:  # pragma: no cover - compiled
    """For a bitmap of keys: the number of set bits before each 64-bit word, and the set keys in
    ascending order."""
    n_words = bits.shape[0]
    one = np.uint64(1)
    before = np.empty(n_words, dtype=np.int64)
    total = 0
    for x in range(n_words):
        before[x] = total
        if bits[x]:
            total += _popcount(bits[x])
    keys = np.empty(total, dtype=np.int64)
    q = 0
    for x in range(n_words):
        word = bits[x]
        while word:
            low = word & (~word + one)  # the lowest set bit
            keys[q] = (x << 6) + _popcount(low - one)
            q += 1
            word ^= low
    return before, keys


@njit(cache=True, nogil=True)
def unique_pairs_bitmap(w: np.ndarray, v: np.ndarray, n_w: int,
                        n_v: int) -> tuple[np.ndarray, np.ndarray]:  # pragma: no cover - compiled
    """:func:`unique_pairs` through a bitmap of the ``n_w`` × ``n_v`` keys (one bit each, so it
    stays in cache, where a table of one integer per key would not): mark the keys,
    count the set bits before each 64-bit word, then a key's number is that count plus the set
    bits below it in its word."""
    n = w.shape[0]
    n_words = (n_w * n_v + 63) >> 6
    bits = np.zeros(n_words, dtype=np.uint64)
    one = np.uint64(1)
    for k in range(n):
        key = w[k] * n_v + v[k]
        bits[key >> 6] |= one << np.uint64(key & 63)
    before, keys = _bitmap_keys(bits)
    inverse = np.empty(n, dtype=np.int64)
    for k in range(n):
        key = w[k] * n_v + v[k]
        x = key >> 6
        inverse[k] = before[x] + _popcount(bits[x] & ((one << np.uint64(key & 63)) - one))
    return keys, inverse


@njit(cache=True, nogil=True)
def unique_pairs(w: np.ndarray, v: np.ndarray, n_w: int,
                 n_v: int) -> tuple[np.ndarray, np.ndarray]:  # pragma: no cover - compiled
    """``np.unique(w * n_v + v, return_inverse=True)`` in linear time: the distinct keys in
    ascending order and the index of each triple's key among them (through a bitmap of the keys,
    or for large vocabularies a counting sort by ``w``, then the distinct ``v`` of each source
    word, sorted)."""
    if n_w * n_v <= BITMAP_PAIRS:
        return unique_pairs_bitmap(w, v, n_w, n_v)
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
    total = y_ptr[t1] - base
    rows = np.empty(total, dtype=np.int64)
    for j in range(t0, t1):
        for p in range(y_ptr[j], y_ptr[j + 1]):
            rows[p - base] = j - t0
    # y's rows and values in column order, so the products read them one after the other
    by_row = np.empty(total, dtype=np.int64)
    by_val = np.empty(total)
    for q in range(total):
        e = order[q]
        by_row[q] = rows[e]
        by_val[q] = np.float64(y_val[base + e])
    out = np.zeros((s1 - s0, t1 - t0), dtype=np.float32)
    acc = np.zeros(t1 - t0)
    for i in range(s0, s1):
        for p in range(x_ptr[i], x_ptr[i + 1]):
            c = x_idx[p]
            xv = np.float64(x_val[p])
            for q in range(start[c], start[c + 1]):
                acc[by_row[q]] += xv * by_val[q]
        for j in range(t1 - t0):
            out[i - s0, j] = np.float32(acc[j])
            acc[j] = 0.0
    return out
