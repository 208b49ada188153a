"""Bead posteriors: how much of the probability mass of all alignment paths goes through a bead.

The DP keeps one path, the cheapest. Turning every path's cost into a probability,
``P(path) ∝ exp(-cost(path) / T)``, the forward-backward algorithm over the same lattice (the band
the DP searched, every bead type at every cell) gives each bead of the chosen path its *posterior
marginal*: the share of all paths that use exactly that bead. A bead whose nearby alternatives cost
almost as much (a 2-1 against a 1-1 + 1-0, a boundary one sentence off) gets a low posterior even
when the DP margin at its own end cell is large; a bead that every cheap path shares gets about 1.
The calibration (:mod:`calibrate`) reads it beside the raw score; the temperature ``T`` is fitted
with the calibration on dev gold (``bench/calibrate.py``) and shipped in ``calibration.json``.

The DP fills a :class:`Lattice` (its bead costs, row by row, in the band's own layout) when asked;
the forward and backward sums run in numba (:mod:`posterior_jit`, imported on first use).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

#: paths further than this many cells from the DP's path (in rows or columns) are left out of the
#: sums: their weight is negligible at the fitted temperatures, and the sums cost a third
CORRIDOR = 6


@dataclass
class Lattice:
    """The costs the DP read: row ``i`` covers columns ``lo[i] <= j < lo[i] + span[i]``; its costs
    sit at ``costs[nt * off[i] + t * span[i] + k]`` for bead type ``t`` (``types``, without 0-1)
    at column ``lo[i] + k`` (inf = no such bead). 0-1 beads cost ``skip_tgt[j - 1]``."""

    types: list[tuple[int, int]] = field(default_factory=list)
    lo: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    span: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    costs: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float32))
    skip_tgt: np.ndarray = field(default_factory=lambda: np.zeros(0))
    m: int = 0

    @property
    def filled(self) -> bool:
        return len(self.lo) > 0

    def set(self, types: Sequence[tuple[int, int]], lo: np.ndarray, span: np.ndarray, costs: np.ndarray,
            skip_tgt: np.ndarray, m: int) -> None:
        self.types = list(types)
        self.lo = np.ascontiguousarray(lo, dtype=np.int64)
        self.span = np.ascontiguousarray(span, dtype=np.int64)
        self.costs = np.ascontiguousarray(costs, dtype=np.float32).reshape(-1)
        self.skip_tgt = np.ascontiguousarray(skip_tgt, dtype=np.float64)
        self.m = m


@dataclass
class Posteriors:
    """Per bead of a path: its posterior marginal, and the posteriors of the cells it starts and
    ends at (the share of paths through the bead's boundaries)."""

    bead: list[float]
    start: list[float]
    end: list[float]


def posteriors(lattice: Lattice, path: Sequence[tuple[int, int]], temperature: float,
               corridor: int | None = CORRIDOR) -> Posteriors:
    """Posteriors of the beads ``path`` (bead types (a, b) in order, from (0, 0) to (n, m)) under
    ``P(path) ∝ exp(-cost / temperature)`` over every path in ``lattice`` that stays within
    ``corridor`` cells of ``path`` (None = anywhere in the lattice)."""
    if not path:
        return Posteriors([], [], [])
    if not lattice.filled or temperature <= 0:
        raise ValueError("posteriors need a filled lattice and a positive temperature")
    from hexaglot.align import posterior_jit as jit

    off = np.concatenate([[0], np.cumsum(lattice.span)]).astype(np.int64)
    a = np.array([t[0] for t in lattice.types], dtype=np.int64)
    b = np.array([t[1] for t in lattice.types], dtype=np.int64)
    pa = np.array([p[0] for p in path], dtype=np.int64)
    pb = np.array([p[1] for p in path], dtype=np.int64)
    clo, cspan = (lattice.lo, lattice.span) if corridor is None else jit.corridor(lattice.lo, lattice.span, pa, pb,
                                                                                   corridor)
    coff = np.concatenate([[0], np.cumsum(cspan)]).astype(np.int64)
    inv_t = 1.0 / temperature
    fw, bw = jit.forward_backward(lattice.costs, off, lattice.lo, lattice.span, a, b, lattice.skip_tgt, inv_t,
                                  lattice.m, clo, cspan, coff)
    out = jit.path_posteriors(fw, bw, lattice.costs, off, lattice.lo, lattice.span, a, b, lattice.skip_tgt,
                              inv_t, lattice.m, pa, pb, clo, coff)
    return Posteriors(out[0].tolist(), out[1].tolist(), out[2].tolist())
