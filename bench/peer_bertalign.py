"""The Bertalign algorithm (Liu & Zhu 2022), reimplemented for the peer bench with any sentence encoder.

The PyPI package ``bertalign`` loads LaBSE when it is imported, and LaBSE cannot be downloaded here,
so this module reimplements its published two-pass algorithm (with its default settings) instead of
importing it; the encoder is Hexaglot's bundled one, through the same embedding cache:

1. first pass: for every source sentence, the top-k (k = 3) target sentences by cosine; a DP over
   1-1 / 1-0 / 0-1 moves within a wide window (max(250, 6% of the longer side) around the diagonal)
   keeps the best-scoring chain of 1-1 anchors (a 1-1 move scores its cosine when the target is one of
   the k neighbours, 0 otherwise);
2. second pass: between consecutive anchors, widened by ``win`` (5) sentences, a DP over every bead type
   n-m with n + m <= 5 (plus 1-0 and 0-1 at a fixed ``skip`` = -0.1) on overlap embeddings (each span of
   up to 4 consecutive sentences joined by a space and encoded); a bead's score is the cosine minus the
   mean cosine with the neighbouring sentences on each side (margin), times the length penalty
   log2(1 + min/max) of the character lengths (target lengths scaled by the document's character ratio).

The two DPs are compiled with numba (as Bertalign does); faiss is replaced by an exact numpy top-k.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numba as nb
import numpy as np

BeadTuple = tuple[tuple[int, ...], tuple[int, ...]]


def overlaps(lines: Sequence[str], n: int) -> list[list[str]]:
    """``out[k][i]``: sentences i-k..i joined by a space ("PAD" where the span would start before 0)."""
    lines = [x.strip() or "BLANK_LINE" for x in lines]
    out = []
    for k in range(1, n + 1):
        layer = ["PAD"] * min(k - 1, len(lines))
        layer += [" ".join(lines[i:i + k]) for i in range(len(lines) - k + 1)]
        out.append(layer)
    return out


def alignment_types(max_align: int) -> np.ndarray:
    types = [[0, 1], [1, 0]]
    types += [[x, y] for x in range(1, max_align) for y in range(1, max_align) if x + y <= max_align]
    return np.array(types, dtype=np.int64)


def first_search_path(n: int, m: int, min_win: int = 250, percent: float = 0.06) -> tuple[int, np.ndarray]:
    win = max(min_win, int(max(n, m) * percent))
    ratio = m / n
    path = np.array([[max(0, int(ratio * i) - win), min(int(ratio * i) + win, m)] for i in range(n + 1)],
                    dtype=np.int64)
    return 2 * win + 1, path


@nb.njit(cache=True)
def _first_pass(n: int, width: int, path: np.ndarray, types: np.ndarray, dist: np.ndarray,
                index: np.ndarray) -> np.ndarray:
    cost = np.zeros((n + 1, width))
    ptr = np.zeros((n + 1, width), dtype=np.int64)
    k_top = index.shape[1]
    for i in range(n + 1):
        for j in range(path[i, 0], path[i, 1] + 1):
            if i + j == 0:
                continue
            best = -np.inf
            best_a = -1
            for a in range(types.shape[0]):
                pi = i - types[a, 0]
                pj = j - types[a, 1]
                if pi < 0 or pj < 0 or pj < path[pi, 0] or pj > path[pi, 1]:
                    continue
                s = cost[pi, pj - path[pi, 0]]
                if types[a, 0] > 0 and types[a, 1] > 0:
                    for k in range(k_top):
                        if index[i - 1, k] == j - 1:
                            s += dist[i - 1, k]
                if s > best:
                    best = s
                    best_a = a
            cost[i, j - path[i, 0]] = best
            ptr[i, j - path[i, 0]] = best_a
    return ptr


@nb.njit(cache=True)
def _dot(a: np.ndarray, b: np.ndarray) -> float:
    s = 0.0
    for k in range(a.shape[0]):
        s += a[k] * b[k]
    return s


@nb.njit(cache=True)
def _neighbour_sim(v: np.ndarray, overlap: int, idx: int, length: int, db: np.ndarray) -> float:
    left = idx - overlap
    right = idx + 1
    r = _dot(v, db[0, right - 1]) if right <= length else 0.0
    lft = _dot(v, db[0, left - 1]) if left > 0 else 0.0
    if right > length or left < 1:
        return lft + r
    return (lft + r) / 2


@nb.njit(cache=True)
def _second_pass(sv: np.ndarray, tv: np.ndarray, sl: np.ndarray, tl: np.ndarray, width: int,
                 path: np.ndarray, types: np.ndarray, char_ratio: float, skip: float) -> np.ndarray:
    n = sv.shape[1]
    m = tv.shape[1]
    cost = np.zeros((n + 1, width))
    ptr = np.zeros((n + 1, width), dtype=np.int64)
    for i in range(n + 1):
        for j in range(path[i, 0], path[i, 1] + 1):
            if i + j == 0:
                continue
            best = -np.inf
            best_a = -1
            for a in range(types.shape[0]):
                a1 = types[a, 0]
                a2 = types[a, 1]
                pi = i - a1
                pj = j - a2
                if pi < 0 or pj < 0 or pj < path[pi, 0] or pj > path[pi, 1]:
                    continue
                s = cost[pi, pj - path[pi, 0]]
                if a1 == 0 or a2 == 0:
                    s += skip
                else:
                    v1 = sv[a1 - 1, i - 1]
                    v2 = tv[a2 - 1, j - 1]
                    sim = _dot(v1, v2)
                    sim -= (_neighbour_sim(v1, a2, j, m, tv) + _neighbour_sim(v2, a1, i, n, sv)) / 2
                    x = sl[a1 - 1, i - 1]
                    y = tl[a2 - 1, j - 1] * char_ratio
                    sim *= np.log2(1.0 + min(x, y) / max(max(x, y), 1e-9))
                    s += sim
                if s > best:
                    best = s
                    best_a = a
            cost[i, j - path[i, 0]] = best
            ptr[i, j - path[i, 0]] = best_a
    return ptr


def _first_anchors(n: int, m: int, ptr: np.ndarray, path: np.ndarray, types: np.ndarray) -> list[tuple[int, int]]:
    out = []
    i, j = n, m
    while i > 0 or j > 0:
        a = ptr[i, j - path[i, 0]]
        if types[a, 0] == 1 and types[a, 1] == 1:
            out.append((i, j))
        i, j = i - types[a, 0], j - types[a, 1]
    return out[::-1]


def second_search_path(anchors: list[tuple[int, int]], w: int, n: int, m: int) -> tuple[int, np.ndarray]:
    align = list(anchors) or [(n, m)]
    if align[-1][0] != n:
        if align[-1][1] == m:
            align.pop()
        align.append((n, m))
    elif align[-1][1] != m:
        align.pop()
        align.append((n, m))
    prev_s = prev_t = 0
    path: list[tuple[int, int]] = []
    max_w = -1
    for s, t in align:
        lo, hi = max(0, prev_t - w), min(m, t + w)
        path.extend([(lo, hi)] * (s - prev_s))
        prev_s, prev_t = s, t
        max_w = max(max_w, hi - lo)
    path = [path[0], *path]
    return max_w + 1, np.array(path, dtype=np.int64)


def _second_beads(n: int, m: int, ptr: np.ndarray, path: np.ndarray, types: np.ndarray) -> list[BeadTuple]:
    out = []
    i, j = n, m
    while i > 0 or j > 0:
        a = ptr[i, j - path[i, 0]]
        s, t = int(types[a, 0]), int(types[a, 1])
        out.append((tuple(range(i - s, i)), tuple(range(j - t, j))))
        i, j = i - s, j - t
    return out[::-1]


def bertalign(src: Sequence[str], tgt: Sequence[str], embed: Callable[[list[str]], np.ndarray], *,
              max_align: int = 5, top_k: int = 3, win: int = 5, skip: float = -0.1) -> list[BeadTuple]:
    """Beads of ``src``/``tgt`` by the Bertalign algorithm; ``embed`` maps texts to unit vectors."""
    n, m = len(src), len(tgt)
    if n == 0 or m == 0:
        return [((i,), ()) for i in range(n)] + [((), (j,)) for j in range(m)]
    k_over = max_align - 1
    so, to = overlaps(src, k_over), overlaps(tgt, k_over)
    texts = list(dict.fromkeys(x for layer in so + to for x in layer))
    vecs = embed(texts)
    row = {x: r for r, x in enumerate(texts)}
    sv = np.stack([vecs[[row[x] for x in layer]] for layer in so]).astype(np.float32)
    tv = np.stack([vecs[[row[x] for x in layer]] for layer in to]).astype(np.float32)
    sl = np.array([[len(x) for x in layer] for layer in so], dtype=np.float64)
    tl = np.array([[len(x) for x in layer] for layer in to], dtype=np.float64)
    char_ratio = float(sl[0].sum() / max(tl[0].sum(), 1.0))
    # first pass: top-k neighbours (exact inner product, as faiss IndexFlatIP), 1-1 anchors
    k = min(top_k, m)
    sims = sv[0] @ tv[0].T
    index = np.argsort(-sims, axis=1, kind="stable")[:, :k].astype(np.int64)
    dist = np.take_along_axis(sims, index, axis=1).astype(np.float64)
    types1 = np.array([[0, 1], [1, 0], [1, 1]], dtype=np.int64)
    width, path = first_search_path(n, m)
    ptr = _first_pass(n, width, path, types1, dist, index)
    anchors = _first_anchors(n, m, ptr, path, types1)
    # second pass: all bead types within a window around the anchors, overlap embeddings
    types2 = alignment_types(max_align)
    width2, path2 = second_search_path(anchors, win, n, m)
    ptr2 = _second_pass(sv, tv, sl, tl, width2, path2, types2, char_ratio, skip)
    return _second_beads(n, m, ptr2, path2, types2)
