"""The part of the (n+1) × (m+1) alignment grid that the dynamic programme explores.

Row ``i`` (``i`` source sentences consumed) covers columns ``lo[i] <= j < hi[i]``; both bounds are
non-decreasing, ``lo[0] == 0`` and ``hi[n] == m + 1``, so a monotone path from (0, 0) to (n, m)
exists. A full band is the whole grid; a narrow band follows a coarse path (coarse-to-fine search),
which keeps memory linear in the document length.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np


@dataclass
class Band:
    lo: np.ndarray  # int64, n+1
    hi: np.ndarray  # int64, n+1 (exclusive)
    block: int = 256

    @property
    def n(self) -> int:
        return len(self.lo) - 1

    @property
    def width(self) -> int:
        return int((self.hi - self.lo).max()) if len(self.lo) else 0

    @property
    def cells(self) -> int:
        return int((self.hi - self.lo).sum())

    @classmethod
    def full(cls, n: int, m: int, block: int = 256) -> Band:
        return cls(np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m + 1, dtype=np.int64), block)

    @classmethod
    def around(cls, points: Sequence[tuple[int, int]], n: int, m: int, radius: int,
               block: int = 256) -> Band:
        """A band of ``radius`` cells either side of a monotone path given as (i, j) points."""
        pts = np.asarray(points, dtype=np.int64).reshape(-1, 2)
        if len(pts) and radius >= 0 and int(pts[:, 0].min()) >= 0 and int(pts[:, 0].max()) <= n:
            lo, hi = _windows(pts[:, 0], pts[:, 1], n, m, radius)
        else:
            lo, hi = _windows_loop(points, n, m, radius)
        lo[0] = 0
        hi[n] = m + 1
        # monotone bounds: lo non-decreasing (suffix minimum), hi non-decreasing (prefix maximum)
        lo = np.minimum.accumulate(lo[::-1])[::-1]
        hi = np.maximum.accumulate(hi)
        hi = np.maximum(hi, lo + 1)
        return cls(lo, hi, block)

    @property
    def uniform_width(self) -> bool:
        """Every row spans the same number of columns (the DP's fast path)."""
        span = self.hi - self.lo
        return bool(len(span)) and bool((span == span[0]).all())

    def uniform(self, m: int) -> Band:
        """The smallest band of constant width that contains this one (grid of m + 1 columns)."""
        w = self.width
        lo = np.minimum(self.lo, m + 1 - w)
        return Band(lo, lo + w, self.block)

    def within(self, other: Band) -> Band:
        """This uniform band's rows moved inside ``other``'s (uniform, at least as wide): each row
        starts at ``max(lo, other.lo)``, and ends at or before ``other.hi``. The bounds stay
        non-decreasing (both limits are)."""
        w = self.width
        lo = np.minimum(np.maximum(self.lo, other.lo), other.hi - w)
        return Band(lo, lo + w, self.block)

    def blocks(self) -> Iterator[tuple[int, int]]:
        for r0 in range(0, self.n + 1, self.block):
            yield r0, min(self.n + 1, r0 + self.block)


def _windows_loop(points: Sequence[tuple[int, int]], n: int, m: int,
                  radius: int) -> tuple[np.ndarray, np.ndarray]:
    """Each row's least ``j - radius`` (at least 0) and greatest ``j + radius + 1`` (at most m + 1)
    over the points ``radius`` rows or less away; ``m + 1`` and 0 where there is none (the
    reference: one update per point)."""
    lo = np.full(n + 1, m + 1, dtype=np.int64)
    hi = np.zeros(n + 1, dtype=np.int64)
    for i, j in points:
        r0, r1 = max(0, i - radius), min(n, i + radius)
        lo[r0:r1 + 1] = np.minimum(lo[r0:r1 + 1], max(0, j - radius))
        hi[r0:r1 + 1] = np.maximum(hi[r0:r1 + 1], min(m + 1, j + radius + 1))
    return lo, hi


def _windows(i: np.ndarray, j: np.ndarray, n: int, m: int, radius: int) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_windows_loop` for points with rows in [0, n] (``radius`` >= 0), vectorised: each row's
    own least and greatest bound, then a sliding minimum and maximum over ``2 radius + 1`` rows."""
    at_lo = np.full(n + 1, m + 1, dtype=np.int64)
    np.minimum.at(at_lo, i, np.maximum(0, j - radius))
    at_hi = np.zeros(n + 1, dtype=np.int64)
    np.maximum.at(at_hi, i, np.minimum(m + 1, j + radius + 1))
    r = min(radius, n)  # a wider window covers every row already
    view = np.lib.stride_tricks.sliding_window_view
    lo = view(np.concatenate([np.full(r, m + 1, dtype=np.int64), at_lo, np.full(r, m + 1, dtype=np.int64)]),
              2 * r + 1).min(axis=1)
    hi = view(np.concatenate([np.zeros(r, dtype=np.int64), at_hi, np.zeros(r, dtype=np.int64)]),
              2 * r + 1).max(axis=1)
    return lo, hi


def path_points(beads: Sequence[tuple[Sequence[int], Sequence[int]]]) -> list[tuple[int, int]]:
    """Grid points (i, j) visited by a bead path, starting at (0, 0)."""
    pts = [(0, 0)]
    i = j = 0
    for s, t in beads:
        i += len(s)
        j += len(t)
        pts.append((i, j))
    return pts


def refine(points: Sequence[tuple[int, int]], factor: int, n: int, m: int) -> list[tuple[int, int]]:
    """Project a coarse path (blocks of ``factor`` sentences) onto the fine grid, interpolating."""
    out: list[tuple[int, int]] = []
    for (i0, j0), (i1, j1) in itertools.pairwise(points):
        a0, b0 = min(n, i0 * factor), min(m, j0 * factor)
        a1, b1 = min(n, i1 * factor), min(m, j1 * factor)
        steps = max(a1 - a0, b1 - b0, 1)
        for k in range(steps + 1):
            out.append((a0 + (a1 - a0) * k // steps, b0 + (b1 - b0) * k // steps))
    out.append((n, m))
    return out


def diagonal_band(src_len: np.ndarray, tgt_len: np.ndarray, radius: int, block: int = 256) -> Band:
    """``radius`` columns either side of the length diagonal: row ``i``'s centre is the first column
    whose share of the target side's total length reaches the share of the first ``i`` source
    sentences in theirs (the count diagonal where a side has no length). Every row starts at or
    before the column where the row above ends, so a path from (0, 0) to (n, m) exists."""
    n, m = len(src_len), len(tgt_len)
    cs = np.concatenate([[0.0], np.cumsum(src_len, dtype=np.float64)])
    ct = np.concatenate([[0.0], np.cumsum(tgt_len, dtype=np.float64)])
    if cs[-1] > 0 and ct[-1] > 0:
        centre = np.searchsorted(ct, cs / cs[-1] * ct[-1], side="left").astype(np.int64)
    else:
        centre = (np.arange(n + 1, dtype=np.int64) * m) // max(n, 1)
    centre = np.clip(centre, 0, m)
    lo = np.maximum(centre - radius, 0)
    hi = np.minimum(centre + radius + 1, m + 1)
    lo[0] = 0
    hi[n] = m + 1
    hi = np.maximum.accumulate(hi)
    lo = np.minimum(lo, np.concatenate([[0], hi[:-1] - 1]))  # reachable from the row above
    lo = np.minimum.accumulate(lo[::-1])[::-1]
    return Band(lo, np.maximum(hi, lo + 1), block)


def near_edge(beads: Sequence[tuple[int, int, float]], band: Band, m: int, guard: int,
              outer: Band | None = None) -> bool:
    """Whether a bead path ends a bead within ``guard`` cells of one of ``band``'s edges that is not
    the grid's own (column 0 on the left, column ``m`` on the right) or ``outer``'s."""
    if not beads:
        return False
    steps = np.array([(a, b) for a, b, _ in beads], dtype=np.int64)
    i = np.concatenate([[0], np.cumsum(steps[:, 0])])
    j = np.concatenate([[0], np.cumsum(steps[:, 1])])
    lo, hi = band.lo[i], band.hi[i]
    lo_out, hi_out = (0, m + 1) if outer is None else (outer.lo[i], outer.hi[i])
    left = (lo > lo_out) & (j - lo < guard)
    right = (hi < hi_out) & (hi - 1 - j < guard)
    return bool((left | right).any())
