"""The first stage of a meaning search, compiled with numba: Hamming distances between the query's
sign code and every stored code (one pass, the CPU's popcount), keeping the ``cap`` nearest.

A code is the signs of a stored vector's first :data:`~hexaglot.semantic.codec.CODE_BITS` components
(the principal ones) packed in :data:`WORDS` 32-bit words (16 bytes). One pass over 1 M codes takes ~2 ms on one core
(bench/RESULTS.md, "Semantic search"). numba is imported by this module only; ``cache=True`` keeps
the machine code on disk, so the compile is paid once per machine.
"""

from __future__ import annotations

import numpy as np
from numba import njit
from numba.extending import intrinsic

from hexaglot.semantic.codec import CODE_BITS, DIM

WORDS = CODE_BITS // 32  # 32-bit words per code
BITS = WORDS * 32


@intrinsic
def _popcount(typingctx, x):  # type: ignore[no-untyped-def]
    """llvm.ctpop: one instruction on any x86-64 or ARM64 CPU numba targets."""
    def codegen(context, builder, signature, args):  # type: ignore[no-untyped-def]
        (v,) = args
        fn = builder.module.declare_intrinsic("llvm.ctpop", [v.type])
        return builder.call(fn, [v])
    return x(x), codegen


@njit(cache=True, nogil=True)
def nearest_codes(codes: np.ndarray, q: np.ndarray, docs: np.ndarray, allowed: np.ndarray, cap: int
                  ) -> tuple[np.ndarray, np.ndarray]:
    """``(rows, distances)`` of the at most ``cap`` codes nearest ``q`` among the rows whose
    document number ``docs[row]`` is ``allowed`` (``allowed[-1]`` stands for ``docs == -1``, a
    removed row, and is False); unordered. ``codes``: (n, WORDS) uint32; ``q``: (WORDS,) uint32."""
    n = codes.shape[0]
    dist = np.empty(n, np.int32)
    hist = np.zeros(BITS + 1, np.int64)
    for i in range(n):
        if allowed[docs[i]]:
            s = 0
            for j in range(WORDS):
                s += _popcount(codes[i, j] ^ q[j])
            dist[i] = s
            hist[s] += 1
        else:
            dist[i] = BITS + 1
    # every row nearer than t, then rows at exactly t until cap
    t = 0
    below = 0
    while t <= BITS and below + hist[t] <= cap:
        below += hist[t]
        t += 1
    size = min(cap, below + (hist[t] if t <= BITS else 0))
    rows = np.empty(size, np.int64)
    out = np.empty(size, np.int32)
    k = 0
    at_t = size - below
    for i in range(n):
        d = dist[i]
        if d < t or (d == t and at_t > 0):
            if d == t:
                at_t -= 1
            rows[k] = i
            out[k] = d
            k += 1
    return rows[:k], out[:k]


def pack(stored: np.ndarray) -> np.ndarray:
    """Sign codes (n × :data:`WORDS` uint32) of stored int8 vectors (n × DIM)."""
    x = np.asarray(stored, dtype=np.int8).reshape(-1, DIM)[:, :BITS]
    return np.ascontiguousarray(np.packbits(x > 0, axis=1)).view(np.uint32)
