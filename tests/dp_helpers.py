"""Shared by the DP tests: a bead-cost function over a whole precomputed grid of costs."""

from __future__ import annotations

import numpy as np

from hexaglot.align import dp
from hexaglot.align.band import Band


def grid_cost_fn(table: dict[tuple[int, int], np.ndarray], m: int) -> dp.CostFn:
    """The costs of each bead type inside a band, read from ``table[type][i, j]`` (inf outside it)."""
    def costs(band: Band, block: int, r0: int, r1: int) -> dict[tuple[int, int], np.ndarray]:
        js = band.lo[r0:r1, None] + np.arange(band.width)[None, :]
        rows = np.arange(r0, r1)[:, None]
        inside = js < band.hi[r0:r1, None]
        return {t: np.where(inside, c[rows, np.minimum(js, m)], np.inf) for t, c in table.items()}
    return costs
