"""Calibrated bead scores: the estimated probability that a bead is exactly right.

The dynamic programme gives every bead a cost; :func:`raw_score` maps it to [0, 1] (a logistic of
the cost per sentence), which orders beads but is no probability (exact UDHR fr–es pairs scored
0.42–0.47). A small logistic regression turns it into one, fitted on gold alignments (UNPC dev
streams, Text+Berg dev, MAC dev; ``bench/calibrate.py``), separately with and without embeddings.

Its stored features come from the list of beads of one alignment only: per bead its type and raw
score, the raw scores and types of its neighbours (a null bead in a run of null beads on the same
side; a merge against the document's sentence-count ratio) and the alignment's typical 1-1 cost (with
its own weight for merges: a merge in a document that aligns poorly is judged apart from its 1-1 beads).
The aligner adds its evidence (:class:`Evidence`: DP margins, pass agreement, bead posteriors,
length deltas and, with embeddings, agreement with a DP without them). The stored ones are exactly what an
archive stores (bead sides and score), so an archive built before calibration is recalibrated from
its stored raw scores (``hexaglot reindex``), with no re-alignment.

Why logistic regression and not isotonic: isotonic (pool-adjacent-violators) calibrates one
signal; the probability that a bead is right also depends on its type and on its neighbours (an
error in a DP path rarely comes alone) and on how well the whole document aligns (a cost that is
good in a literary text is poor in a UN resolution). A regression over a few piecewise-linear
features in numpy keeps that, is monotone in the raw score by construction (non-negative slopes on
the cost hinges, checked at fit time) and ships as a dozen numbers in ``calibration.json``.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from hexaglot.align.length import LengthModel
from hexaglot.align.posterior import Posteriors

#: The bumped version marks stored scores as calibrated (see :func:`calibrated_method`).
VERSION = 1
MARK = f"+p{VERSION}"
#: cost-per-sentence hinges of the piecewise-linear basis
KNOTS: tuple[float, ...] = (-0.2, -0.05, 0.05, 0.2)
#: the cost enters as one ramp per segment between knots, so the slope on each segment is one
#: weight: the model is monotone in the raw score exactly when those weights are <= 0
SEGMENTS: tuple[str, ...] = tuple(f"cost[{lo},{hi}]" for lo, hi in zip(("-", *KNOTS), (*KNOTS, "+"), strict=True))
FEATURES: tuple[str, ...] = (
    "bias", *SEGMENTS, "null", "merge", "big",
    "doc_cost", "doc_null", "doc_merge", "nb_cost", "nb_null", "nb_merge", "null_run", "merge_against",
    "merge_doc",
)
#: stored features held at weight 0 in the full model: the bead posteriors already see a run of null
#: beads, and there ``null_run`` flagged the lone (right) 1-0 beads of UNPC (fit set: 33 low, 5 wrong);
#: ``merge_doc`` (a merge's own slope on the document's typical cost) helps the stored model, whose only
#: view of a merge is its cost; free in the full models it bought nothing (Text+Berg ECE 0.016 -> 0.025
#: with embeddings, 0.031 -> 0.033 without; wrong among low 0.59 -> 0.51 with embeddings; bench/RESULTS.md)
STORED_ONLY: tuple[str, ...] = ("null_run", "merge_doc")
#: features of the aligner's evidence (not stored in an archive): first/second pass agreement, DP margins
#: bead-posterior knots: the log posterior enters as one ramp per segment between them, like the
#: cost, so the model is monotone (p rises with the posterior) exactly when those weights are >= 0
POST_KNOTS: tuple[float, ...] = (0.5, 0.9, 0.99)
_POST_EPS = 1e-4
POST_SEGMENTS: tuple[str, ...] = tuple(f"post[{lo},{hi}]" for lo, hi in zip((_POST_EPS, *POST_KNOTS),
                                                                          (*POST_KNOTS, 1), strict=True))
EVIDENCE: tuple[str, ...] = ("agree", "nb_disagree", "margin_end", "margin_start", "log_margin",
                             *POST_SEGMENTS, "log_node", "nb_log_post", "log_length_delta", "lex_disagree")
_RAW_EPS = 1e-4
DEFAULT_TEMPERATURE = 0.08
_MARGIN_CAP = 2.0
MODELS = ("embeddings/full", "embeddings/stored", "no-embeddings/full", "no-embeddings/stored")


@dataclass
class Evidence:
    """Per bead of one alignment: the DP's decision margin at the bead's end cell (how much more
    any other last bead would cost there), whether the first pass had the same bead, and the bead's
    posteriors over every path of the final DP (:mod:`posterior`; None = not computed), how far
    its lengths are from the document's ratio (None = not computed) and, with embeddings, whether a
    DP without them (lexicon, anchors, length) picks the same bead (None = not run)."""

    margin: list[float]
    agree: list[bool]
    posterior: Posteriors | None = None
    length: list[float] | None = None  # per bead, |Gale–Church delta| (:func:`length_deltas`)
    lexical: list[bool] | None = None  # per bead, whether the DP without embeddings has it (None = not run)
    # of the alignment, with embeddings: (matched, paired) source sentences (:func:`diagnose.matched_beads`)
    matched: tuple[int, int] | None = None
    # clause fragments joined after the DP (:mod:`fragments`): the DP's own bead types, and the positions
    # among them of the beads joined with the next (empty: none joined, the beads are the DP's)
    dp_types: list[tuple[int, int]] | None = None
    joins: list[int] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.margin)


def raw_score(cost: float, size: int) -> float:
    """The uncalibrated score of a bead of ``size`` sentences and DP ``cost``: a logistic of
    the cost per sentence (the score every bead carried before calibration)."""
    per = cost / max(1, size)
    return round(1.0 / (1.0 + math.exp(min(50.0, max(-50.0, 4.0 * per)))), 4)


def _cost_of(raw: np.ndarray) -> np.ndarray:
    """Back from raw score to cost per sentence (exact up to the 4-decimal rounding)."""
    r = np.clip(np.asarray(raw, dtype=np.float64), _RAW_EPS, 1.0 - _RAW_EPS)
    return np.log((1.0 - r) / r) / 4.0


def features(types: Sequence[tuple[int, int]], raw: Sequence[float]) -> np.ndarray:
    """Feature matrix (beads × :data:`FEATURES`) of one alignment: bead types (a, b) and raw scores."""
    n = len(types)
    x = np.zeros((n, len(FEATURES)))
    if n == 0:
        return x
    ab = np.asarray(types, dtype=np.int64).reshape(n, 2)
    c = np.clip(_cost_of(np.asarray(raw)), -2.0, 2.0)
    null = (ab.min(axis=1) == 0).astype(float)
    one = ((ab[:, 0] == 1) & (ab[:, 1] == 1))
    merge = ((ab.min(axis=1) == 1) & (ab.max(axis=1) == 2)).astype(float)
    big = 1.0 - null - merge - one.astype(float)
    doc_cost = np.full(n, float(np.median(c[one])) if one.any() else 0.0)
    doc_cost[one] = _median_of_others(c[one])  # a bead's own cost stays out: p is monotone in it
    cn = np.where(null > 0, np.nan, c)  # neighbours' costs: null beads carry a constant, skip them
    prev = np.concatenate([[np.nan], cn[:-1]])
    nxt = np.concatenate([cn[1:], [np.nan]])
    nb = np.fmax(prev, nxt)
    nb = np.where(np.isnan(nb), doc_cost, nb)
    pad_null = np.concatenate([[0.0], null, [0.0]])
    pad_merge = np.concatenate([[0.0], merge + big, [0.0]])
    edges = (-np.inf, *KNOTS, np.inf)
    ramps = [np.clip(c, lo, hi) - (lo if np.isfinite(lo) else 0.0) for lo, hi in itertools.pairwise(edges)]
    # a merge against the document's sentence-count ratio (2-1 where the target has more sentences)
    against = np.sign(ab[:, 0] - ab[:, 1]) * np.sign(ab[:, 0].sum() - ab[:, 1].sum()) < 0
    cols = [np.ones(n), *ramps, null, merge, big,
            doc_cost, np.full(n, null.mean()), np.full(n, (merge + big).mean()),
            nb - doc_cost, pad_null[:-2] + pad_null[2:], pad_merge[:-2] + pad_merge[2:],
            _same_side_nulls(ab), (merge + big) * against, (merge + big) * doc_cost]
    for k, col in enumerate(cols):
        x[:, k] = col
    return x


def _same_side_nulls(ab: np.ndarray) -> np.ndarray:
    """Per bead, how many of its two neighbours are null beads on the same side as it: 0-1 next to
    0-1 is a run of sentences without translation (one event, often right), unlike a 0-1 next to a
    1-0 (a pair the DP failed to match); non-null beads have none."""
    src_only = ((ab[:, 0] > 0) & (ab[:, 1] == 0)).astype(float)
    tgt_only = ((ab[:, 0] == 0) & (ab[:, 1] > 0)).astype(float)
    ps = np.concatenate([[0.0], src_only, [0.0]])
    pt = np.concatenate([[0.0], tgt_only, [0.0]])
    return src_only * (ps[:-2] + ps[2:]) + tgt_only * (pt[:-2] + pt[2:])


def _median_of_others(v: np.ndarray) -> np.ndarray:
    """Per element, the median of the other elements (0 when there is none)."""
    n = len(v)
    if n < 2:
        return np.zeros(n)
    order = np.argsort(v, kind="stable")
    s = v[order]
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    out = np.where(rank <= (n - 2) // 2, np.median(s[1:]), np.median(s[:-1]))
    if n % 2:  # the median itself: the mean of its two neighbours
        mid = (n - 1) // 2
        out[rank == mid] = 0.5 * (s[mid - 1] + s[mid + 1])
    return out


def evidence_features(ev: Evidence) -> np.ndarray:
    """Feature matrix (beads × :data:`EVIDENCE`) of one alignment's evidence."""
    n = len(ev)
    g = np.minimum(np.nan_to_num(np.asarray(ev.margin, dtype=np.float64), posinf=_MARGIN_CAP), _MARGIN_CAP)
    g = np.maximum(g, 0.0)
    start = np.concatenate([[_MARGIN_CAP], g[:-1]])  # the previous bead's end cell is this one's start
    dis = 1.0 - np.asarray(ev.agree, dtype=np.float64)
    pad = np.concatenate([[0.0], dis, [0.0]])
    x = np.zeros((n, len(EVIDENCE)))
    if n:
        x[:, 0] = 1.0 - dis
        x[:, 1] = pad[:-2] + pad[2:]
        x[:, 2] = g
        x[:, 3] = start
        x[:, 4] = np.log(0.01 + np.minimum(g, start))
        x[:, 5:-2] = _posterior_features(ev.posterior, n)
        if ev.length is not None and len(ev.length) == n:
            x[:, -2] = np.log1p(np.maximum(np.nan_to_num(np.asarray(ev.length, dtype=np.float64)), 0.0))
        if ev.lexical is not None and len(ev.lexical) == n:
            x[:, -1] = 1.0 - np.asarray(ev.lexical, dtype=np.float64)
    return x


def length_deltas(types: Sequence[tuple[int, int]], src_len: np.ndarray, tgt_len: np.ndarray) -> list[float]:
    """Per bead, ``|delta|`` of the Gale–Church length model (:class:`LengthModel`) refitted on the
    alignment's own 1-1 beads (0 for a bead with an empty side): the DP weighs length lightly
    (``w_length``), but a bead far off its document's ratio is more often wrong."""
    cs = np.concatenate([[0.0], np.cumsum(np.asarray(src_len, dtype=np.float64))])
    ct = np.concatenate([[0.0], np.cumsum(np.asarray(tgt_len, dtype=np.float64))])
    ab = np.asarray(types, dtype=np.int64).reshape(-1, 2)
    ends_s, ends_t = np.cumsum(ab[:, 0]), np.cumsum(ab[:, 1])
    ls, lt = cs[ends_s] - cs[ends_s - ab[:, 0]], ct[ends_t] - ct[ends_t - ab[:, 1]]
    one = (ab[:, 0] == 1) & (ab[:, 1] == 1)
    model = LengthModel.from_totals(np.asarray(src_len, dtype=np.float64), np.asarray(tgt_len, dtype=np.float64))
    model = model.refit(ls[one], lt[one])
    mean = (ls + lt / model.c) / 2.0
    delta = np.abs(lt - model.c * ls) / np.sqrt(model.s2 * np.maximum(mean, 1.0))
    return [float(v) for v in np.where(ab.min(axis=1) == 0, 0.0, delta)]


def _posterior_features(post: Posteriors | None, n: int) -> np.ndarray:
    """The log bead posterior as ramps between :data:`POST_KNOTS` (each 0 at its segment's top),
    the log posterior of the bead's less sure boundary cell and the lower log posterior of its
    neighbours (all 0 = sure, which is what a missing posterior reads as)."""
    seg = len(POST_SEGMENTS)
    x = np.zeros((n, seg + 2))
    if post is None or len(post.bead) != n:
        return x
    lp = np.log(np.clip(np.asarray(post.bead, dtype=np.float64), _POST_EPS, 1.0))
    node = np.minimum(np.asarray(post.start, dtype=np.float64), np.asarray(post.end, dtype=np.float64))
    edges = [math.log(v) for v in (_POST_EPS, *POST_KNOTS, 1.0)]
    for k, (lo, hi) in enumerate(itertools.pairwise(edges)):
        x[:, k] = np.clip(lp, lo, hi) - hi
    x[:, seg] = np.log(np.clip(node, _POST_EPS, 1.0))
    pad = np.concatenate([[0.0], lp, [0.0]])
    x[:, seg + 1] = np.minimum(pad[:-2], pad[2:])
    return x


def full_features(types: Sequence[tuple[int, int]], raw: Sequence[float], ev: Evidence) -> np.ndarray:
    return np.hstack([features(types, raw), evidence_features(ev)])


@dataclass
class Calibration:
    """Logistic-regression weights per model (:data:`MODELS`): per mode (embeddings or not) a
    ``full`` model (stored features + the aligner's :class:`Evidence`, for new alignments) and a
    ``stored`` one (what an archive stores, for recalibrating old archives)."""

    weights: dict[str, np.ndarray]
    meta: dict[str, object]

    def probabilities(self, types: Sequence[tuple[int, int]], raw: Sequence[float], *,
                      embeddings: bool, evidence: Evidence | None = None) -> list[float]:
        """Calibrated probabilities for the beads of one alignment, in [0, 1], 4 decimals."""
        if not len(types):
            return []
        mode = "embeddings" if embeddings else "no-embeddings"
        if evidence is not None and len(evidence) == len(types):
            z = full_features(types, raw, evidence) @ self.weights[f"{mode}/full"]
        else:
            z = features(types, raw) @ self.weights[f"{mode}/stored"]
        p = logistic(z)
        if evidence is not None and evidence.matched is not None:
            p = p * self.translation_probability(*evidence.matched, embeddings=embeddings)
        return [round(float(v), 4) for v in p]

    def translation_probability(self, matched: int, paired: int, *, embeddings: bool) -> float:
        """The probability that the two texts of an alignment are translations of each other at all,
        from the share of its aligned source sentences whose bead holds one of their closest target
        sentences in meaning (:func:`hexaglot.align.diagnose.matched_beads`): a logistic in that
        share (the ``gate`` of the calibration file, fitted by ``bench/translation_gate.py``). 1 when
        the file has no gate for the mode or fewer sentences than the gate's ``min_beads`` count."""
        gates = self.meta.get("gate", {})
        gate = gates.get("embeddings" if embeddings else "no-embeddings") if isinstance(gates, dict) else None
        if not isinstance(gate, dict) or paired < int(gate.get("min_beads", 1)) or paired <= 0:
            return 1.0
        w0, w1 = (float(v) for v in gate["weights"])
        return float(logistic(np.asarray(w0 + w1 * matched / paired)))

    def temperature(self, *, embeddings: bool) -> float:
        """The temperature of the bead posteriors the ``full`` model of the mode was fitted with."""
        temps = self.meta.get("temperature", {})
        mode = "embeddings" if embeddings else "no-embeddings"
        return float(temps.get(mode, DEFAULT_TEMPERATURE)) if isinstance(temps, dict) else DEFAULT_TEMPERATURE

    def to_json(self) -> str:
        body = {"version": VERSION, "features": list(FEATURES), "evidence": list(EVIDENCE), "knots": list(KNOTS),
                **self.meta, "weights": {k: [round(float(v), 6) for v in w] for k, w in self.weights.items()}}
        return json.dumps(body, indent=1, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Calibration:
        d = json.loads(text)
        if (d.get("features") != list(FEATURES) or d.get("knots") != list(KNOTS)
                or d.get("evidence") != list(EVIDENCE)):
            raise ValueError("calibration file was written for other features; re-run bench/calibrate.py")
        weights = {k: np.asarray(v, dtype=np.float64) for k, v in d.pop("weights").items()}
        if set(weights) != set(MODELS):
            raise ValueError(f"calibration file needs weights for {', '.join(MODELS)}")
        for k, w in weights.items():
            if len(w) != len(FEATURES) + (len(EVIDENCE) if k.endswith("/full") else 0):
                raise ValueError(f"calibration file: {k} has {len(w)} weights")
        return cls(weights, {k: v for k, v in d.items() if k not in ("features", "knots", "evidence")})


@lru_cache(maxsize=1)
def shipped() -> Calibration:
    """The calibration shipped with the package (``hexaglot/align/calibration.json``)."""
    text = resources.files("hexaglot.align").joinpath("calibration.json").read_text(encoding="utf-8")
    return Calibration.from_json(text)


def calibrate(types: Sequence[tuple[int, int]], raw: Sequence[float], *, embeddings: bool,
              evidence: Evidence | None = None) -> list[float]:
    """Calibrated probabilities of one alignment's beads with the shipped calibration (the full
    model with the aligner's ``evidence``, else the model of stored features)."""
    return shipped().probabilities(types, raw, embeddings=embeddings, evidence=evidence)


def calibrated_method(method: str) -> bool:
    """Whether an alignment's stored ``method`` says its scores are calibrated probabilities."""
    return method.endswith(MARK) or method == "parallel-lines"


def mode_of(method: str) -> bool | None:
    """``embeddings`` flag of a stored alignment method, or None when scores are not the aligner's."""
    base = method.removeprefix("multiway/").removesuffix(MARK)
    if base == "embeddings":
        return True
    if base == "length+lexicon":
        return False
    return None


# -- fitting (bench/calibrate.py) -------------------------------------------------------------------

def monotone_signs(width: int) -> dict[int, float]:
    """Column -> the sign its weight must keep in a model of ``width`` columns: cost segments <= 0
    (p never falls as the raw score rises); with evidence, posterior segments and the boundary
    posterior >= 0 (p never falls as a posterior rises), the length delta and the disagreement of
    the DP without embeddings <= 0."""
    signs = {FEATURES.index(f): -1.0 for f in SEGMENTS}
    if width == len(FEATURES) + len(EVIDENCE):
        for f in (*POST_SEGMENTS, "log_node"):
            signs[len(FEATURES) + EVIDENCE.index(f)] = 1.0
        signs[len(FEATURES) + EVIDENCE.index("log_length_delta")] = -1.0
        signs[len(FEATURES) + EVIDENCE.index("lex_disagree")] = -1.0
    return signs


def fit_monotone(x: np.ndarray, y: np.ndarray, sample_weight: np.ndarray | None = None,
                 l2: float = 1e-2) -> np.ndarray:
    """:func:`fit_logistic` with the signs of :func:`monotone_signs` held (active set: a weight
    whose sign comes out wrong is fixed at 0 and the rest refitted), so p never falls as the raw
    score or a posterior rises; in a full model (stored features + evidence) the weights of
    :data:`STORED_ONLY` stay 0."""
    signs = monotone_signs(x.shape[1])
    free = np.ones(x.shape[1], dtype=bool)
    if x.shape[1] == len(FEATURES) + len(EVIDENCE):
        free[[FEATURES.index(f) for f in STORED_ONLY]] = False
    while True:
        w = np.zeros(x.shape[1])
        w[free] = fit_logistic(x[:, free], y, sample_weight, l2=l2)
        bad = [k for k, sg in signs.items() if free[k] and sg * w[k] < 0]
        if not bad:
            return w
        free[max(bad, key=lambda k: -signs[k] * w[k])] = False


def logistic(z: np.ndarray) -> np.ndarray:
    """``1 / (1 + exp(-z))``, ``z`` clipped to ±50 (no overflow; the probabilities of the clipped
    values differ from 0 or 1 by less than 1e-21)."""
    return 1.0 / (1.0 + np.exp(-np.clip(z, -50.0, 50.0)))


def fit_logistic(x: np.ndarray, y: np.ndarray, sample_weight: np.ndarray | None = None,
                 l2: float = 1e-2, iters: int = 50) -> np.ndarray:
    """L2-regularised logistic regression by Newton's method (IRLS); the bias is not penalised."""
    n, d = x.shape
    sw = np.ones(n) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    sw = sw * (n / sw.sum())
    w = np.zeros(d)
    pen = np.full(d, l2 * n / 1000.0)
    pen[0] = 0.0
    for _ in range(iters):
        p = logistic(x @ w)
        g = x.T @ (sw * (p - y)) + pen * w
        h = (x * (sw * np.maximum(p * (1 - p), 1e-9))[:, None]).T @ x + np.diag(pen + 1e-9)
        step = np.linalg.solve(h, g)
        w -= step
        if float(np.abs(step).max()) < 1e-8:
            break
    return w


def ece(p: np.ndarray, y: np.ndarray, bins: int = 15) -> float:
    """Expected calibration error over ``bins`` equal-mass bins (sorted by p; ties kept together
    only as far as equal mass allows): sum over bins of share × |mean p − accuracy|."""
    p = np.asarray(p, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if not len(p):
        return 0.0
    order = np.argsort(p, kind="stable")
    total = 0.0
    for part in np.array_split(order, min(bins, len(p))):
        total += len(part) * abs(float(p[part].mean()) - float(y[part].mean()))
    return total / len(p)


def reliability(p: np.ndarray, y: np.ndarray, bins: int = 15) -> list[tuple[float, float, int]]:
    """(mean p, accuracy, count) per equal-mass bin, for reliability diagrams."""
    order = np.argsort(np.asarray(p), kind="stable")
    return [(float(np.asarray(p)[g].mean()), float(np.asarray(y)[g].mean()), len(g))
            for g in np.array_split(order, min(bins, len(p))) if len(g)]


def load(path: str | Path) -> Calibration:
    return Calibration.from_json(Path(path).read_text(encoding="utf-8"))
