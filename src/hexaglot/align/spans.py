"""Span evidence where the DP hesitates over a merge, and cheaper skips for lone sentences.

The bead costs of the DP read one vector per sentence: a merge's similarity is that of the summed
(averaged) sentence vectors, which cannot see that two sentences together say what one sentence of
the other side says. After the first pass, the merges the DP hesitated over are re-encoded:

* every multi-sentence bead of the first pass (against its splits, e.g. 1-2 vs 1-1 + 0-1), and
* every pair of neighbouring beads whose union is an allowed bead type (2-2 vs two 1-1s, 2-3 vs
  1-1 + 1-2, 1-2 vs 1-1 + 0-1, ...),

taken in order of the first pass's decision margin (least sure first) until a budget of encoded
sentences is spent (``budget`` × the sentences of both sides). The joined texts go through the same
encoder (and its cache). In the second pass those merge cells get a cost correction: the cosine of
the encoded spans replaces the cosine of the averaged vectors, less ``delta`` (a concatenation is
longer, and long texts have higher cosines whether or not they translate each other), times the
bead's size factor and ``weight``. The splits keep their single-sentence evidence, so merges and
their alternatives compete on that evidence in the second, banded DP pass.

Lone sentences: a sentence whose best cosine with any sentence of the other side (in the band)
falls well below the document's typical best has probably no counterpart; its 1-0/0-1 bead is made
cheaper (:func:`lone_skips`), so it is left out rather than merged into a neighbour.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from hexaglot.align.band import Band

CostFn = Callable[[Band, int, int, int], dict[tuple[int, int], np.ndarray]]
Encode = Callable[[list[str]], np.ndarray]


@dataclass(frozen=True)
class Candidate:
    """A merge bead ``[i-a, i) × [j-b, j)`` to re-encode; ``margin`` = the first pass's doubt."""

    a: int
    b: int
    i: int
    j: int
    margin: float


@dataclass
class SpanEvidence:
    """Cost corrections per bead type: ``cells[(a, b)] = (i, j, delta)`` arrays, and what they cost."""

    cells: dict[tuple[int, int], tuple[np.ndarray, np.ndarray, np.ndarray]] = field(default_factory=dict)
    encoded: int = 0  # sentences inside the texts encoded (a span of k sentences counts k)
    budget: int = 0
    candidates: list[Candidate] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.cells)


def candidates(path: Sequence[tuple[int, int, float]], margins: Sequence[float],
               types: Sequence[tuple[int, int]], max_margin: float = np.inf) -> list[Candidate]:
    """Merges the DP hesitated over along ``path`` (beads (a, b, cost) with their ``margins``),
    least sure first: the path's own multi-sentence beads and the unions of neighbouring beads,
    whose margin is at most ``max_margin``."""
    allowed = {t for t in types if t[0] >= 1 and t[1] >= 1 and t[0] + t[1] >= 3}
    ends = []
    i = j = 0
    for a, b, _ in path:
        i += a
        j += b
        ends.append((i, j))
    found: dict[tuple[int, int, int, int], float] = {}

    def add(a: int, b: int, i: int, j: int, margin: float) -> None:
        if (a, b) in allowed and margin <= max_margin:
            key = (a, b, i, j)
            found[key] = min(margin, found.get(key, np.inf))

    for k, (a, b, _) in enumerate(path):
        mk = float(margins[k]) if k < len(margins) else np.inf
        add(a, b, ends[k][0], ends[k][1], mk)
        if k + 1 < len(path):
            a2, b2, _ = path[k + 1]
            m2 = float(margins[k + 1]) if k + 1 < len(margins) else np.inf
            add(a + a2, b + b2, ends[k + 1][0], ends[k + 1][1], min(mk, m2))
    out = [Candidate(a, b, i, j, mg) for (a, b, i, j), mg in found.items()]
    out.sort(key=lambda c: (c.margin, c.i, c.j))
    return out


def _span_cost(a: int, i: int, done: set[tuple[int, int]]) -> int:
    return a if a >= 2 and (a, i) not in done else 0


def within_budget(cands: Sequence[Candidate], budget: int) -> list[Candidate]:
    """The first candidates whose new spans (source and target, ≥ 2 sentences) fit in ``budget``
    encoded sentences; a span needed by several candidates is counted once."""
    done_s: set[tuple[int, int]] = set()
    done_t: set[tuple[int, int]] = set()
    used = 0
    out = []
    for c in cands:
        cost = _span_cost(c.a, c.i, done_s) + _span_cost(c.b, c.j, done_t)
        if used + cost > budget:
            continue
        used += cost
        if c.a >= 2:
            done_s.add((c.a, c.i))
        if c.b >= 2:
            done_t.add((c.b, c.j))
        out.append(c)
    return out


def _joined(texts: Sequence[str], lang: str, a: int, i: int) -> str:
    sep = "" if lang in ("zh", "ja") else " "
    return sep.join(texts[i - a:i])


def _unit(x: np.ndarray) -> np.ndarray:
    return x / max(float(np.linalg.norm(x)), 1e-9)


def gather(cands: Sequence[Candidate], src: Sequence[str], tgt: Sequence[str], src_lang: str, tgt_lang: str,
           vs: np.ndarray, vt: np.ndarray, encode: Encode, *, weight: float, delta: float,
           size_power: float, budget: int, best_part: bool = False,
           diagonal: bool = False, against: float = 1.0) -> SpanEvidence:
    """Encode the candidates' joined spans (one call) and turn them into cost corrections.

    The correction of a merge is ``-weight × (a+b)^size_power × (cos(encoded spans) - cos(averaged
    sentence vectors) - delta)``: the averaged cosine is what the DP's cost already holds. With
    ``best_part`` the reference is also the merge's best sentence pair (a merge must beat a lone
    pair inside it), or, with ``diagonal``, for a square merge (2-2) the mean cosine of its
    diagonal pairs: the split a 2-2 competes with is two 1-1 beads, whose evidence is both pairs.
    A negative difference (the joined text matches worse than the reference: a sentence that does
    not belong was added) is multiplied by ``against``.
    """
    keys_s = sorted({(c.a, c.i) for c in cands if c.a >= 2})
    keys_t = sorted({(c.b, c.j) for c in cands if c.b >= 2})
    texts = [_joined(src, src_lang, a, i) for a, i in keys_s] + [_joined(tgt, tgt_lang, b, j) for b, j in keys_t]
    vecs = encode(texts) if texts else np.zeros((0, vs.shape[1]), dtype=np.float32)
    enc_s = {k: vecs[n] for n, k in enumerate(keys_s)}
    enc_t = {k: vecs[len(keys_s) + n] for n, k in enumerate(keys_t)}
    by_type: dict[tuple[int, int], list[tuple[int, int, float]]] = {}
    for c in cands:
        es = enc_s[(c.a, c.i)] if c.a >= 2 else vs[c.i - 1]
        et = enc_t[(c.b, c.j)] if c.b >= 2 else vt[c.j - 1]
        cos_enc = float(_unit(es) @ _unit(et))
        ps, pt = vs[c.i - c.a:c.i], vt[c.j - c.b:c.j]
        ref = float(_unit(ps.sum(axis=0)) @ _unit(pt.sum(axis=0)))
        if best_part and diagonal and c.a == c.b:  # 2-2 against two 1-1s: both their pairs
            ref = max(ref, float(np.trace(ps @ pt.T)) / c.a)
        elif best_part:  # the merge must also beat its best sentence pair (a lone sentence inside)
            ref = max(ref, float((ps @ pt.T).max()))
        gain = cos_enc - ref - delta
        corr = -weight * float(c.a + c.b) ** size_power * (gain if gain >= 0 else against * gain)
        by_type.setdefault((c.a, c.b), []).append((c.i, c.j, corr))
    ev = SpanEvidence(encoded=sum(a for a, _ in keys_s) + sum(b for b, _ in keys_t), budget=budget,
                      candidates=list(cands))
    for t, rows in by_type.items():
        arr = np.array(rows, dtype=np.float64)
        ev.cells[t] = (arr[:, 0].astype(np.int64), arr[:, 1].astype(np.int64), arr[:, 2])
    return ev


def adjusted(costs: CostFn, evidence: SpanEvidence) -> CostFn:
    """``costs`` with the span corrections added at their cells (cells outside the band are ignored).

    A block's cost arrays are indexed ``[i - r0, j - lo[i]]`` for every bead type."""
    if not evidence:
        return costs

    def fn(band: Band, block: int, r0: int, r1: int) -> dict[tuple[int, int], np.ndarray]:
        out = costs(band, block, r0, r1)
        for t, (ii, jj, dd) in evidence.cells.items():
            arr = out.get(t)
            if arr is None:
                continue
            sel = (ii >= r0) & (ii < r1)
            if not sel.any():
                continue
            i, j, d = ii[sel], jj[sel], dd[sel]
            k = j - band.lo[i]
            ok = (k >= 0) & (k < arr.shape[1]) & (j < band.hi[i])
            if ok.any():
                arr = np.array(arr, copy=True)
                np.add.at(arr, (i[ok] - r0, k[ok]), d[ok])
                out[t] = arr
        return out

    return fn


def lone_skips(vs: np.ndarray, vt: np.ndarray, skip: float, weight: float, start: float = 0.2,
               scale: float = 0.1, band: Band | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Per-sentence skip costs: ``skip`` less ``weight × skip × clip((gap - start) / scale, 0, 1)``,
    where ``gap`` is how far a sentence's best cosine with the other side (inside ``band``, if
    given) falls below the median best of its side. A sentence within ``start`` of the median
    keeps the full ``skip``."""
    n, m = len(vs), len(vt)
    skip_s = np.full(n, skip)
    skip_t = np.full(m, skip)
    if not weight or n == 0 or m == 0:
        return skip_s, skip_t
    best_s = np.full(n, -1.0)
    best_t = np.full(m, -1.0)
    step = 256
    for r0 in range(0, n, step):
        r1 = min(n, r0 + step)
        if band is None:
            c0, c1 = 0, m
        else:  # bead rows i-1..i touch target sentences lo[i]-bmax .. hi[i]; a few columns to spare
            c0 = max(0, int(band.lo[r0:r1 + 1].min()) - 4)
            c1 = min(m, int(band.hi[r0:r1 + 1].max()) + 4)
        if c1 <= c0:
            continue
        g = vs[r0:r1] @ vt[c0:c1].T
        best_s[r0:r1] = np.maximum(best_s[r0:r1], g.max(axis=1))
        best_t[c0:c1] = np.maximum(best_t[c0:c1], g.max(axis=0))
    for best, out in ((best_s, skip_s), (best_t, skip_t)):
        gap = np.median(best) - best
        out -= weight * skip * np.clip((gap - start) / scale, 0.0, 1.0)
    return skip_s, skip_t
