"""Bead scores inside a band of the alignment grid, vectorised block by block.

Every signal is a similarity between a source span and a target span that is *additive over
sentence pairs*: the dot product of two span vectors is the sum of the pairwise dot products of
their sentences. So one matrix product per block of rows (sentence × sentence, ``G``) and its
integral image give the score of every bead type (1-1, 1-2, 2-1, ..., 1-4) at every cell of the
band, without encoding any concatenation.

Two kinds of normalisation:

* ``cos``: unit sentence vectors (embeddings); a span is the sum of its sentences' vectors, its
  norm comes from the dot products of neighbouring sentences; the score is the cosine.
* ``mass``: sparse bags (lexical links, anchors); the score is ``links / sqrt(mass_s * mass_t)``.

A signal may be *margin-normalised*: the mean of each sentence's k best scores with the other side
(its neighbourhood) is subtracted, as in the LASER/Vecalign margin, so scores mean the same thing
in every document and language pair; a raw cosine is never thresholded.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from hexaglot.align.band import Band
from hexaglot.align.dp import use_compiled
from hexaglot.align.length import LengthModel
from hexaglot.align.lexicon import SparseRows

Matrix = np.ndarray | SparseRows


@dataclass
class Signal:
    """One similarity signal between the sentences of the two sides."""

    name: str
    src: Matrix
    tgt: Matrix
    weight: float
    kind: str = "cos"  # "cos" | "mass"
    margin: bool = True
    src_mass: np.ndarray | None = None  # mass kind: per-sentence masses
    tgt_mass: np.ndarray | None = None
    knn: int = 4
    # margin baseline: (1 - mean_mix) × mean of the k best + mean_mix × mean over every sentence of
    # the other side in the band (Vecalign's "random pairs" normalisation)
    mean_mix: float = 0.0
    mean_mass: float = 1.0  # mass kind: mean mass of a sentence (both sides)
    background: float = 0.0  # mass kind: mean links between two sentences of the band
    # cos kind: optional unit vectors of re-encoded concatenations, spans_src[a][i] = sentences
    # [i-a, i) encoded together (NaN rows where not encoded: the averaged vector is used there)
    spans_src: dict[int, np.ndarray] = field(default_factory=dict, repr=False)
    spans_tgt: dict[int, np.ndarray] = field(default_factory=dict, repr=False)
    span_cache: dict[tuple[str, int], tuple[np.ndarray | None, np.ndarray]] = field(
        default_factory=dict, repr=False)
    # filled by BeadScorer.prepare
    blocks: list[np.ndarray] = field(default_factory=list, repr=False)
    norms_s: np.ndarray | None = field(default=None, repr=False)
    norms_t: np.ndarray | None = field(default=None, repr=False)
    knn_s: np.ndarray | None = field(default=None, repr=False)
    knn_t: np.ndarray | None = field(default=None, repr=False)


def _pair_dots(x: Matrix, s0: int, s1: int, y: Matrix, t0: int, t1: int) -> np.ndarray:
    """``x[s0:s1] @ y[t0:t1].T``. Sparse rows: the compiled sparse product
    (:func:`lexicon_jit.sparse_dots`, float64 sums) when numba is used, else (``HEXAGLOT_DP=numpy``)
    densified on the columns ``y`` uses and multiplied by BLAS in float32."""
    if isinstance(x, np.ndarray) and isinstance(y, np.ndarray):
        return x[s0:s1] @ y[t0:t1].T
    assert isinstance(x, SparseRows) and isinstance(y, SparseRows)
    if use_compiled(None):
        from hexaglot.align.lexicon_jit import sparse_dots

        return sparse_dots(x.indptr, x.idx, x.val, s0, s1, y.indptr, y.idx, y.val, t0, t1, y.dim)
    # the columns y's rows use, as a mask and a rank (x.dense(s0, s1, cols) without sorting)
    used = np.zeros(y.dim, dtype=bool)
    used[y.idx[y.indptr[t0]:y.indptr[t1]]] = True
    rank = np.cumsum(used) - 1
    return x.dense_masked(s0, s1, used, rank) @ y.dense_masked(t0, t1, used, rank).T


def _span_norms(x: Matrix, mass: np.ndarray | None, kind: str, amax: int) -> np.ndarray:
    """norms[a, i] = |sum of sentences [i-a, i)|² (cos) or their summed mass (mass); a = 0..amax."""
    n = len(x)
    out = np.ones((amax + 1, n + 1), dtype=np.float64)
    if kind == "mass":
        assert mass is not None
        cm = np.concatenate([[0.0], np.cumsum(mass, dtype=np.float64)])
        for a in range(1, amax + 1):
            out[a, a:] = cm[a:] - cm[:-a]
        return out
    assert isinstance(x, np.ndarray)
    adj = np.zeros((amax, n), dtype=np.float64)  # adj[d-1, q] = x_q . x_{q-d}
    for d in range(1, amax):
        if n > d:
            adj[d - 1, d:] = np.einsum("ij,ij->i", x[d:], x[:-d])
    sq = np.einsum("ij,ij->i", x, x).astype(np.float64)
    csq = np.concatenate([[0.0], np.cumsum(sq)])
    for a in range(1, amax + 1):
        total = np.zeros(n + 1, dtype=np.float64)
        # sentences q in [i-a, i): diagonal terms plus 2 * pairs (q, q-d) inside the span
        total[a:] = csq[a:] - csq[:-a]
        for d in range(1, a):
            cd = np.concatenate([[0.0], np.cumsum(adj[d - 1])])
            # pairs (q, q-d) with i-a+d <= q < i
            total[a:] += 2.0 * (cd[a:] - cd[d:n + 1 - a + d])
        out[a] = np.maximum(total, 1e-9)
    return out


@dataclass
class _FillParts:
    """The inputs of :func:`scoring_jit.fill_costs` that stay the same for every block of a pass,
    stacked over signals (one row per signal)."""

    A: np.ndarray  # source sentences of each bead type
    B: np.ndarray  # target sentences of each bead type
    prior: np.ndarray
    norms_s: np.ndarray  # [signal, a, i]
    norms_t: np.ndarray  # [signal, b, j]
    knn_s: np.ndarray  # [signal, i]: neighbourhood sums (0 without margin)
    kt: np.ndarray  # [signal, b, j]: the target side's margin term (scoring_jit.target_margins)
    cos_factor: np.ndarray  # [signal, type]
    mass: np.ndarray
    margin: np.ndarray
    weight: np.ndarray
    background: np.ndarray
    mean_mass: np.ndarray
    use_length: bool
    c: float
    s2: float


class BeadScorer:
    """Costs of every bead type at every cell of a band; the DP asks for them block by block."""

    def __init__(self, signals: list[Signal], src_len: np.ndarray, tgt_len: np.ndarray,
                 length: LengthModel | None, length_weight: float, types: list[tuple[int, int]],
                 prior: dict[tuple[int, int], float], skip: float) -> None:
        self.signals = [s for s in signals if s.weight != 0.0]
        self.n, self.m = len(src_len), len(tgt_len)
        self.cl_s = np.concatenate([[0.0], np.cumsum(src_len, dtype=np.float64)])
        self.cl_t = np.concatenate([[0.0], np.cumsum(tgt_len, dtype=np.float64)])
        self.length = length
        self.length_weight = length_weight
        self.types = types
        self.amax = max([a for a, _ in types] + [1])
        self.bmax = max([b for _, b in types] + [1])
        self.prior = prior
        self.skip = skip
        self.ratio = False
        self.size_power = 1.0
        self.mass_size_power: float | None = None  # for "mass" signals; None = size_power
        self._fill_cache: dict[tuple[tuple[int, int], ...], _FillParts] = {}
        self.grid: Band | None = None  # the band prepare() computed the blocks for

    @property
    def _mass_power(self) -> float:
        return self.size_power if self.mass_size_power is None else self.mass_size_power

    def prepare(self, band: Band) -> None:
        """Per block: the pairwise matrices; per sentence: span norms and neighbourhood means.

        ``band`` is the scorer's grid: the blocks, backgrounds and neighbourhoods are those of its
        cells. The DP may then search a narrower band of the same rows (the first pass's band
        around the length diagonal); each cell's costs are still those of ``band``'s blocks."""
        self._fill_cache = {}
        self.grid = band
        compiled = use_compiled(None)
        for sig in self.signals:
            sig.norms_s = _span_norms(sig.src, sig.src_mass, sig.kind, self.amax)
            sig.norms_t = _span_norms(sig.tgt, sig.tgt_mass, sig.kind, self.bmax)
            if sig.kind == "mass" and sig.src_mass is not None and sig.tgt_mass is not None:
                tot = float(sig.src_mass.sum() + sig.tgt_mass.sum())
                sig.mean_mass = tot / max(1, self.n + self.m)
            sig.blocks = []
            row_top = np.full(self.n, np.nan)
            row_mean = np.zeros(self.n)
            col_sum = np.zeros(self.m)
            col_cnt = np.zeros(self.m)
            col_best = np.full((self.m, sig.knn), -np.inf)
            for r0, r1 in band.blocks():
                s0, s1, t0, t1 = self._rect(band, r0, r1)
                g = _pair_dots(sig.src, s0, s1, sig.tgt, t0, t1)
                sig.blocks.append(g.astype(np.float32, copy=False))
                if not sig.margin or s1 <= r0 or t1 <= t0:
                    continue
                k = min(sig.knn, t1 - t0)
                kk = min(sig.knn, s1 - r0)
                if compiled and not sig.mean_mix:  # the same neighbourhoods without numpy's sorts
                    from hexaglot.align.scoring_jit import block_margins

                    # a row's k best, negated, in the first k columns of a row of the block's width:
                    # the reference's array, so numpy's mean adds them alike (even the sign of a zero)
                    best = np.empty((s1 - r0, t1 - t0))[:, :k]
                    block_margins(g, r0 - s0, sig.norms_s[1, r0 + 1:s1 + 1], sig.norms_t[1, t0 + 1:t1 + 1], k, kk,
                                  best, col_best[t0:t1])
                    row_top[r0:s1] = -best.mean(axis=1)
                    continue
                den = np.outer(sig.norms_s[1, r0 + 1:s1 + 1], sig.norms_t[1, t0 + 1:t1 + 1])
                own = g[r0 - s0:s1 - s0] / np.sqrt(np.maximum(den, 1e-9))
                row_top[r0:s1] = -np.sort(-own, axis=1)[:, :k].mean(axis=1)
                if sig.mean_mix:
                    row_mean[r0:s1] = own.mean(axis=1)
                    col_sum[t0:t1] += own.sum(axis=0)
                    col_cnt[t0:t1] += own.shape[0]
                top = -np.sort(-own, axis=0)[:kk].T
                merged = np.concatenate([col_best[t0:t1], top], axis=1)
                col_best[t0:t1] = -np.sort(-merged, axis=1)[:, :sig.knn]
            if sig.kind == "mass":
                cells = sum(g.size for g in sig.blocks)
                sig.background = float(sum(g.sum(dtype=np.float64) for g in sig.blocks)) / max(1, cells)
            if sig.margin:
                fin = np.isfinite(col_best)
                col_top = np.where(fin, col_best, 0.0).sum(axis=1) / np.maximum(fin.sum(axis=1), 1)
                if sig.mean_mix:
                    mix = sig.mean_mix
                    row_top = (1.0 - mix) * row_top + mix * row_mean
                    col_top = (1.0 - mix) * col_top + mix * col_sum / np.maximum(col_cnt, 1.0)
                # mass kind: neighbourhood means weighted by mass (empty sentences carry no weight)
                ws = sig.src_mass if sig.kind == "mass" and sig.src_mass is not None else 1.0
                wt = sig.tgt_mass if sig.kind == "mass" and sig.tgt_mass is not None else 1.0
                sig.knn_s = np.concatenate([[0.0], np.cumsum(np.nan_to_num(row_top) * ws)])
                sig.knn_t = np.concatenate([[0.0], np.cumsum(np.nan_to_num(col_top) * wt)])

    def _rect(self, band: Band, r0: int, r1: int) -> tuple[int, int, int, int]:
        c0 = int(band.lo[r0:r1].min())
        c1 = int(band.hi[r0:r1].max())
        return max(0, r0 - self.amax), min(self.n, r1), max(0, c0 - self.bmax), min(self.m, c1)

    def _full_rows(self, band: Band, r0: int, r1: int) -> bool:
        return bool((band.lo[r0:r1] == 0).all()) and bool((band.hi[r0:r1] == self.m + 1).all())

    def _grid(self, band: Band) -> Band:
        """The band the blocks were prepared for: ``band`` itself, or one that holds it (the DP
        searches a narrower band first, with the same costs)."""
        grid = self.grid if self.grid is not None else band
        if grid is not band and not (len(grid.lo) == len(band.lo) and bool((grid.lo <= band.lo).all())
                                     and bool((band.hi <= grid.hi).all())):
            raise ValueError("the DP's band is not inside the one the scorer was prepared for")
        return grid

    def costs(self, band: Band, block: int, r0: int, r1: int) -> dict[tuple[int, int], np.ndarray]:
        """``{(a, b): cost[r1-r0, W]}`` for bead types with both sides non-empty (inf = invalid)."""
        grid = self._grid(band)
        if self._full_rows(grid, r0, r1):
            out = self._costs_full(grid, block, r0, r1)
            if grid is band or self._full_rows(band, r0, r1):
                return out
            # a narrower band inside the prepared whole grid: its cells of the whole rows' costs
            js, inside = _cells(band, r0, r1)
            take = np.minimum(js, self.m)
            rows = np.arange(r1 - r0)[:, None]
            return {ab: np.where(inside, cost[rows, take], np.inf) for ab, cost in out.items()}
        return self._costs_general(band, block, r0, r1, grid)


    def fill_stack(self, band: Band, block: int, r0: int, r1: int, types: list[tuple[int, int]],
                   out: np.ndarray) -> bool:
        """:meth:`costs` compiled (:mod:`scoring_jit`), written into ``out[i - r0, code, k]`` (float32,
        a uniform band's rows; types with an empty side are left alone). False, with nothing
        written, where only the numpy path knows how (ratio margins, re-encoded spans)."""
        if self.ratio or any(sig.spans_src or sig.spans_tgt for sig in self.signals):
            return False
        from hexaglot.align.scoring_jit import fill_costs, integral_images

        grid = self._grid(band)  # the prepared blocks' rectangle and arithmetic, the DP's cells
        full = self._full_rows(grid, r0, r1)
        s0, _, t0, t1 = self._rect(grid, r0, r1)
        sigs = self.signals
        parts = self._fill_parts(types)
        # per signal, the block's 2-d prefix sums (float64, a zero row and column first)
        integ = integral_images(np.stack([sig.blocks[block] for sig in sigs])) if sigs else np.zeros((0, 2, 2))
        fill_costs(out, parts.A, parts.B, parts.prior, full, r0, band.lo, s0, t0, t1, self.m, integ,
                   parts.norms_s, parts.norms_t, parts.knn_s, parts.kt, parts.mass, parts.margin, parts.weight,
                   parts.background, parts.mean_mass, float(self._mass_power), parts.cos_factor, self.cl_s,
                   self.cl_t, parts.use_length, float(self.length_weight), parts.c, parts.s2)
        return True

    def _fill_parts(self, types: list[tuple[int, int]]) -> _FillParts:
        """The per-pass inputs of :func:`scoring_jit.fill_costs`, stacked over signals once (the
        signals are prepared; every block of the pass reads the same arrays)."""
        key = tuple(types)
        cached = self._fill_cache.get(key)
        if cached is not None:
            return cached
        from hexaglot.align.scoring_jit import target_margins

        sigs = self.signals
        k = len(sigs)
        shape_s, shape_t = (k, self.amax + 1, self.n + 1), (k, self.bmax + 1, self.m + 1)
        zs, zt = np.zeros(self.n + 1), np.zeros(self.m + 1)
        c, s2 = (self.length.c, self.length.s2) if self.length is not None else (1.0, 1.0)
        norms_t = np.stack([sig.norms_t for sig in sigs]) if sigs else np.zeros(shape_t)
        knn_t = np.stack([sig.knn_t if sig.margin else zt for sig in sigs]) if sigs else np.zeros((0, self.m + 1))
        mass = np.array([sig.kind == "mass" for sig in sigs], dtype=np.bool_)
        margin = np.array([sig.margin for sig in sigs], dtype=np.bool_)
        parts = _FillParts(
            A=np.array([a for a, _ in types], dtype=np.int64),
            B=np.array([b for _, b in types], dtype=np.int64),
            prior=np.array([self.prior.get(t, 0.0) for t in types], dtype=np.float64),
            norms_s=np.stack([sig.norms_s for sig in sigs]) if sigs else np.zeros(shape_s),
            norms_t=norms_t,
            knn_s=np.stack([sig.knn_s if sig.margin else zs for sig in sigs]) if sigs else np.zeros((0, self.n + 1)),
            kt=target_margins(knn_t, norms_t, mass, margin, self.bmax),
            cos_factor=np.array([[sig.weight * float(a + b) ** self.size_power for a, b in types] for sig in sigs],
                                dtype=np.float64).reshape(k, len(types)),
            mass=mass,
            margin=margin,
            weight=np.array([sig.weight for sig in sigs], dtype=np.float64),
            background=np.array([sig.background for sig in sigs], dtype=np.float64),
            mean_mass=np.array([max(sig.mean_mass, 1e-9) for sig in sigs], dtype=np.float64),
            use_length=self.length is not None and bool(self.length_weight),
            c=float(c),
            s2=float(s2),
        )
        self._fill_cache[key] = parts
        return parts

    def _integrals(self, block: int) -> list[np.ndarray]:
        """Per signal, the 2-d prefix sums of its block, so any rectangle sums in O(1)."""
        out = []
        for sig in self.signals:
            g = sig.blocks[block].astype(np.float64)
            integ = np.zeros((g.shape[0] + 1, g.shape[1] + 1))
            integ[1:, 1:] = g.cumsum(0).cumsum(1)
            out.append(integ)
        return out
    def _costs_general(self, band: Band, block: int, r0: int, r1: int,
                       grid: Band | None = None) -> dict[tuple[int, int], np.ndarray]:
        """:meth:`costs` for rows of any band (gathers per cell) inside the prepared ``grid``."""
        s0, _, t0, t1 = self._rect(band if grid is None else grid, r0, r1)
        rows = np.arange(r0, r1)
        js, inside = _cells(band, r0, r1)
        P = (rows - s0)[:, None]
        Q = np.minimum(js, t1) - t0
        integrals = self._integrals(block)
        out: dict[tuple[int, int], np.ndarray] = {}
        for a, b in self.types:
            if a == 0 or b == 0:
                continue
            valid = inside & (rows[:, None] >= a) & (js >= b)
            Pa = np.maximum(P - a, 0)
            Qb = np.maximum(Q - b, 0)
            ia = np.maximum(rows - a, 0)
            jb = np.clip(js - b, 0, self.m)
            jc = np.minimum(js, self.m)
            score = np.zeros(valid.shape)
            for sig, integ in zip(self.signals, integrals, strict=True):
                box = integ[P, Q] - integ[Pa, Q] - integ[P, Qb] + integ[Pa, Qb]
                if sig.kind == "mass":  # links between unrelated sentences: a × b times the background
                    box = box - (a * b) * sig.background
                norm = np.sqrt(sig.norms_s[a, rows][:, None] * sig.norms_t[b, jc])
                val = np.where(norm > 1e-9, box / np.maximum(norm, 1e-9), 0.0)
                if sig.kind == "mass":  # cross-sentence links must not make a merge look better
                    val = np.minimum(val, 1.0)
                if (a > 1 or b > 1) and (a in sig.spans_src or b in sig.spans_tgt):
                    val = self._span_cos(sig, a, b, rows, jc, t0, t1, val)
                if sig.margin:
                    if sig.kind == "mass":
                        ds = np.maximum(sig.norms_s[a, rows][:, None], 1e-9)
                        dt = np.maximum(sig.norms_t[b, jc], 1e-9)
                    else:
                        ds, dt = float(a), float(b)
                    ks = (sig.knn_s[rows] - sig.knn_s[ia])[:, None] / ds
                    kt = (sig.knn_t[jc] - sig.knn_t[jb]) / dt
                    if self.ratio:
                        val = (1.0 - 0.5 * (ks + kt)) / np.maximum(1.0 - val, 1e-3) - 1.0
                    else:
                        val = val - 0.5 * (ks + kt)
                if sig.kind == "mass":
                    # evidence counts by mass: a sentence without content words neither helps nor hurts
                    mass = sig.norms_s[a, rows][:, None] + sig.norms_t[b, jc]
                    factor = (mass / max(sig.mean_mass, 1e-9)) ** self._mass_power
                else:
                    factor = float(a + b) ** self.size_power
                score += sig.weight * factor * val
            cost = -score + self.prior.get((a, b), 0.0)
            if self.length is not None and self.length_weight:
                ls = (self.cl_s[rows] - self.cl_s[ia])[:, None]
                lt = self.cl_t[jc] - self.cl_t[jb]
                cost = cost + self.length_weight * self.length.cost(ls, lt)
            out[(a, b)] = np.where(valid, cost, np.inf)
        return out

    def _costs_full(self, band: Band, block: int, r0: int, r1: int) -> dict[tuple[int, int], np.ndarray]:
        """:meth:`costs` for rows that span the whole target side: slices instead of gathers.

        The box sums of a bead type are differences of shifted slices of the integral image (the
        row part depends on ``a`` only and is shared by every type with that ``a``); per-row and
        per-column terms broadcast. Same values as the general path.
        """
        s0, _, t0, t1 = self._rect(band, r0, r1)
        assert t0 == 0 and t1 == self.m
        m = self.m
        rows = np.arange(r0, r1)
        cols = np.arange(m + 1)
        P = rows - s0
        integrals = self._integrals(block)
        row_parts: dict[tuple[int, int], np.ndarray] = {}
        out: dict[tuple[int, int], np.ndarray] = {}
        for a, b in self.types:
            if a == 0 or b == 0:
                continue
            ia = np.maximum(rows - a, 0)
            jb = np.clip(cols - b, 0, m)
            score = np.zeros((r1 - r0, m + 1))
            for k, (sig, integ) in enumerate(zip(self.signals, integrals, strict=True)):
                diff = row_parts.get((k, a))
                if diff is None:  # rows [i-a, i) of the integral image, every column
                    diff = integ[P] - integ[np.maximum(P - a, 0)]
                    row_parts[(k, a)] = diff
                box = np.empty_like(diff)
                box[:, b:] = diff[:, b:] - diff[:, :-b]
                box[:, :b] = diff[:, :b] - diff[:, :1]
                if sig.kind == "mass":
                    box -= (a * b) * sig.background
                ns = sig.norms_s[a, rows]
                nt = sig.norms_t[b, cols]
                norm = np.sqrt(ns[:, None] * nt[None, :])
                val = np.where(norm > 1e-9, box / np.maximum(norm, 1e-9), 0.0)
                if sig.kind == "mass":
                    np.minimum(val, 1.0, out=val)
                if (a > 1 or b > 1) and (a in sig.spans_src or b in sig.spans_tgt):
                    val = self._span_cos(sig, a, b, rows, np.broadcast_to(cols, val.shape), t0, t1, val)
                if sig.margin:
                    assert sig.knn_s is not None and sig.knn_t is not None
                    if sig.kind == "mass":
                        ks = (sig.knn_s[rows] - sig.knn_s[ia]) / np.maximum(ns, 1e-9)
                        kt = (sig.knn_t[cols] - sig.knn_t[jb]) / np.maximum(nt, 1e-9)
                    else:
                        ks = (sig.knn_s[rows] - sig.knn_s[ia]) / float(a)
                        kt = (sig.knn_t[cols] - sig.knn_t[jb]) / float(b)
                    if self.ratio:
                        val = (1.0 - 0.5 * (ks[:, None] + kt[None, :])) / np.maximum(1.0 - val, 1e-3) - 1.0
                    else:
                        val -= 0.5 * ks[:, None]
                        val -= 0.5 * kt[None, :]
                if sig.kind == "mass":
                    mass = ns[:, None] + nt[None, :]
                    val *= sig.weight * (mass / max(sig.mean_mass, 1e-9)) ** self._mass_power
                else:
                    val *= sig.weight * float(a + b) ** self.size_power
                score += val
            cost = self.prior.get((a, b), 0.0) - score
            if self.length is not None and self.length_weight:
                ls = self.cl_s[rows] - self.cl_s[ia]
                lt = self.cl_t[cols] - self.cl_t[jb]
                cost += self.length_weight * self.length.cost(ls[:, None], lt[None, :])
            cost[rows < a, :] = np.inf
            cost[:, :b] = np.inf
            out[(a, b)] = cost
        return out

    def _span_cos(self, sig: Signal, a: int, b: int, rows: np.ndarray, jc: np.ndarray,
                  t0: int, t1: int, fallback: np.ndarray) -> np.ndarray:
        """Cosine of re-encoded concatenations where both spans were encoded, else ``fallback``."""
        es, ok_s = _span_table(sig, "src", a)
        et, ok_t = _span_table(sig, "tgt", b)
        if es is None or et is None:
            return fallback
        r = rows[ok_s[rows]]
        if not len(r):
            return fallback
        c0, c1 = t0, min(self.m, t1) + 1
        g = es[r] @ et[c0:c1].T
        cj = np.clip(jc - c0, 0, c1 - c0 - 1)
        cos = np.array(fallback, copy=True)
        sel = ok_s[rows]
        cos[sel] = np.where(ok_t[jc[sel]], g[np.arange(len(r))[:, None], cj[sel]], fallback[sel])
        return cos


def _cells(band: Band, r0: int, r1: int) -> tuple[np.ndarray, np.ndarray]:
    """The columns of rows ``[r0, r1)`` of ``band`` as one rectangle: ``js[r, k]`` is the ``k``-th
    column from the row's ``lo``, and ``inside`` whether it is still within the row (``< hi``)."""
    js = band.lo[r0:r1, None] + np.arange(int((band.hi[r0:r1] - band.lo[r0:r1]).max()))[None, :]
    return js, js < band.hi[r0:r1, None]


def _span_table(sig: Signal, side: str, a: int) -> tuple[np.ndarray | None, np.ndarray]:
    """Span vectors by span end (NaN → 0) and which rows are real; cached on the signal."""
    cache = sig.span_cache
    key = (side, a)
    if key not in cache:
        x = sig.src if side == "src" else sig.tgt
        assert isinstance(x, np.ndarray)
        spans = sig.spans_src if side == "src" else sig.spans_tgt
        if a == 1:
            tab = np.zeros((len(x) + 1, x.shape[1]), dtype=np.float32)
            tab[1:] = x
            ok = np.ones(len(x) + 1, dtype=bool)
            ok[0] = False
        elif a in spans:
            ok = ~np.isnan(spans[a][:, 0])
            tab = np.where(ok[:, None], spans[a], 0.0).astype(np.float32)
        else:
            tab, ok = None, np.zeros(len(x) + 1, dtype=bool)
        cache[key] = (tab, ok)
    return cache[key]
