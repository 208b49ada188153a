"""The word aligner: two directional models, trained by eflomal or EM, symmetrised.

    model = WordAligner.train("en", "fr", pairs)          # pairs: (source tokens, target tokens)
    model.align_pair(["the", "house"], ["la", "maison"])  # [(0, 0), (1, 1)]
    blob = model.to_bytes(); WordAligner.from_bytes(blob)

eflomal trains by default (:mod:`hexaglot.wordalign.sampler`: tables and HMM jumps read off its links).
Without it (or with ``Config(trainer="em")``) EM runs IBM Model 1 then the fast_align diagonal model
(:mod:`hexaglot.wordalign.em`) in each direction. Both take dictionary and identical-form pairs as
pseudo-counts (:mod:`hexaglot.wordalign.priors`). Alignment takes, in each direction, the most
probable parent of every child (NULL allowed; HMM posteriors when the model has jump weights), then
symmetrises (:mod:`hexaglot.wordalign.symmetrize`). :meth:`WordAligner.untrained` aligns with the
priors alone: what the concordance uses when no model has been trained for a pair.
"""

from __future__ import annotations

import io
import json
import logging
import subprocess
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field

import numpy as np

from hexaglot.wordalign import em, sampler
from hexaglot.wordalign.priors import dictionary, prior_keys, vouched
from hexaglot.wordalign.symmetrize import METHODS
from hexaglot.wordalign.tokens import norm

log = logging.getLogger(__name__)

FORMAT = 1
MAX_OCCURRENCES = 200_000_000
"""Word-pair occurrences held in memory (4 bytes each) to spare EM the table look-ups; above, it searches."""


@dataclass(frozen=True)
class Config:
    """Training and decoding settings (tuned on the Hansards dev pairs, see bench/wordalign_bench.py)."""

    trainer: str = "eflomal"  # "eflomal" (:mod:`~hexaglot.wordalign.sampler`; EM when it is not installed) or "em"
    model: str = "diag"  # EM, after IBM 1: "diag" (fast_align's diagonal) or "hmm" (jumps between positions;
    # on the Hansards dev pairs no better, 0.191 AER with p0=0.2, and three times slower)
    ibm1_iterations: int = 5
    diag_iterations: int = 5  # "diag" only
    hmm_iterations: int = 5  # "hmm" only
    tension: float = 4.0  # fast_align's diagonal tension
    p0: float = 0.08  # probability of NULL
    alpha: float = 0.01  # Dirichlet concentration of the VB M-step
    dict_prior: float = 3.0  # pseudo-count of a dictionary pair (dev AER: 0.3 → 0.214, 1 → 0.204, 3 → 0.192)
    same_prior: float = 5.0  # pseudo-count of identically spelt words
    prefix: int = 0  # words counted by their first ``prefix`` characters (0: whole words)
    # "auto": intersection for eflomal-trained tables (Hansards dev AER 0.066 against grow-diag 0.078; test
    # recall 0.885 against 0.928), grow-diag for EM-trained or untrained ones (dev AER 0.192 against 0.183,
    # kept for the recall a rendering of several words needs: 0.83 against 0.74); "soft": mean posterior ≥ threshold
    symmetrize: str = "auto"
    threshold: float = 0.5
    prune: float = 1e-3  # entries of t below this are not stored
    unseen: float = 1e-6  # t of a pair never seen together
    unseen_vouched: float = 0.05  # ... that a dictionary or identical spelling vouches for
    oov: float = 1e-3  # t when either word is out of the vocabulary


@dataclass
class Direction:
    """``t(child | parent)`` over sorted keys ``parent * n_child + child``."""

    keys: np.ndarray
    t: np.ndarray
    n_child: int
    jump: np.ndarray | None = None  # the HMM's jump weights, -JUMP..JUMP (None: the diagonal model)

    def lookup(self, parents: np.ndarray, children: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(t, found)`` for every parent (rows, NULL last) × child (columns)."""
        rows = np.concatenate([parents, [em.NULL]]).astype(np.int64)
        q = rows[:, None] * self.n_child + children[None, :].astype(np.int64)
        if len(self.keys) == 0:
            return np.zeros(q.shape), np.zeros(q.shape, dtype=bool)
        pos = np.minimum(np.searchsorted(self.keys, q), len(self.keys) - 1)
        found = self.keys[pos] == q
        return np.where(found, self.t[pos], 0.0), found


@dataclass
class TrainingReport:
    sentences: int
    tokens: tuple[int, int]
    seconds: float
    log_likelihood: list[float] = field(default_factory=list)


class WordAligner:
    """A word aligner for one language pair (``src_lang`` → ``tgt_lang``)."""

    def __init__(self, src_lang: str, tgt_lang: str, src_vocab: list[str], tgt_vocab: list[str],
                 fwd: Direction | None, bwd: Direction | None, config: Config = Config(),
                 sentences: int = 0, trainer: str = "") -> None:
        self.src_lang, self.tgt_lang = src_lang, tgt_lang
        self.src_vocab, self.tgt_vocab = src_vocab, tgt_vocab
        self.src_ids = {w: i for i, w in enumerate(src_vocab)}
        self.tgt_ids = {w: i for i, w in enumerate(tgt_vocab)}
        self.fwd, self.bwd = fwd, bwd  # fwd: t(tgt | src); bwd: t(src | tgt)
        self.config = config
        self.sentences = sentences
        self.trainer = trainer  # what trained it: "em", "eflomal 2.0.0"; "" untrained
        self.report: TrainingReport | None = None

    @property
    def trained(self) -> bool:
        return self.fwd is not None

    @property
    def source(self) -> str:
        """What the alignments rest on: ``"model"`` or ``"dictionary"`` (priors only)."""
        return "model" if self.trained else "dictionary"

    def reversed(self) -> WordAligner:
        """The same model for ``tgt_lang`` → ``src_lang`` (links come out as (its source, its target))."""
        return WordAligner(self.tgt_lang, self.src_lang, self.tgt_vocab, self.src_vocab, self.bwd, self.fwd,
                           self.config, self.sentences, self.trainer)

    # -- training -------------------------------------------------------------------------------

    @classmethod
    def untrained(cls, src_lang: str, tgt_lang: str, config: Config = Config()) -> WordAligner:
        """Dictionaries and identical forms only, no training text."""
        return cls(src_lang, tgt_lang, [""], [""], None, None, config)

    @classmethod
    def train(cls, src_lang: str, tgt_lang: str, pairs: Iterable[tuple[Sequence[str], Sequence[str]]],
              config: Config = Config(), *, priors: bool = True) -> WordAligner:
        """Train on token sequences (raw tokens: they are normalised here). With ``config.trainer``
        "eflomal" and eflomal installed, its sampler trains (not bit-reproducible: it seeds itself);
        otherwise EM (deterministic)."""
        t0 = time.perf_counter()
        src_ids: dict[str, int] = {"": 0}
        tgt_ids: dict[str, int] = {"": 0}
        s_tok: list[int] = []
        t_tok: list[int] = []
        s_off, t_off = [0], [0]
        for src, tgt in pairs:
            if not src or not tgt:
                continue
            s_tok.extend(src_ids.setdefault(form(w, config.prefix), len(src_ids)) for w in src)
            t_tok.extend(tgt_ids.setdefault(form(w, config.prefix), len(tgt_ids)) for w in tgt)
            s_off.append(len(s_tok))
            t_off.append(len(t_tok))
        s_vocab, t_vocab = list(src_ids), list(tgt_ids)
        arr = (np.array(s_tok, np.int32), np.array(s_off, np.int64), np.array(t_tok, np.int32),
               np.array(t_off, np.int64))
        lls: list[float] = []
        dic_f = dictionary(src_lang, tgt_lang) if priors else {}
        dic_b = dictionary(tgt_lang, src_lang) if priors else {}
        if config.trainer not in ("eflomal", "em"):
            raise ValueError(f"word aligner trainer {config.trainer!r}: expected 'eflomal' or 'em'")
        trainer = (sampler.available() if config.trainer == "eflomal" and len(s_off) > 1 else None) or "em"
        dirs = None
        if trainer != "em":
            try:
                dirs = _sample(arr, s_vocab, t_vocab, dic_f, config)
            except (OSError, RuntimeError, subprocess.SubprocessError) as e:
                log.warning("eflomal failed (%s): EM trains the %s-%s word model instead", e, src_lang, tgt_lang)
                trainer = "em"
        if dirs is None:
            dirs = (_train_direction(arr[0], arr[1], arr[2], arr[3], s_vocab, t_vocab, dic_f, config, lls),
                    _train_direction(arr[2], arr[3], arr[0], arr[1], t_vocab, s_vocab, dic_b, config, lls))
        fwd, bwd = dirs
        model = cls(src_lang, tgt_lang, s_vocab, t_vocab, fwd, bwd, config, len(s_off) - 1, trainer)
        model.report = TrainingReport(len(s_off) - 1, (len(s_tok), len(t_tok)), time.perf_counter() - t0, lls)
        return model

    # -- alignment ------------------------------------------------------------------------------

    def _tvals(self, d: Direction | None, parents: list[str], children: list[str], p_ids: dict[str, int],
               c_ids: dict[str, int], dic: dict[str, dict[str, None]]) -> np.ndarray:
        c = self.config
        pi = np.array([p_ids.get(w, -1) for w in parents], np.int64)
        ci = np.array([c_ids.get(w, -1) for w in children], np.int64)
        if d is not None:
            t, found = d.lookup(np.maximum(pi, 0), np.maximum(ci, 0))
        else:
            t = np.zeros((len(parents) + 1, len(children)))
            found = np.zeros(t.shape, dtype=bool)
        known = np.concatenate([pi >= 0, [True]])[:, None] & (ci >= 0)[None, :]
        fill = np.where(known, c.unseen, c.oov)
        for i, p in enumerate(parents if dic else ()):
            for j, ch in enumerate(children):
                if not found[i, j] and vouched(p, ch, dic):
                    fill[i, j] = c.unseen_vouched
        return np.where(found, np.maximum(t, c.unseen), fill)

    def directional(self, src_tokens: Sequence[str], tgt_tokens: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """``(fwd, bwd)`` posteriors: ``fwd[j, i]`` = P(target j from source i), column ``len(src)``
        NULL; ``bwd[i, j]`` = P(source i from target j), column ``len(tgt)`` NULL."""
        c = self.config
        s = [form(w, c.prefix) for w in src_tokens]
        t = [form(w, c.prefix) for w in tgt_tokens]
        dic_f = {} if self.trained else dictionary(self.src_lang, self.tgt_lang)
        dic_b = {} if self.trained else dictionary(self.tgt_lang, self.src_lang)
        tv_f = self._tvals(self.fwd, s, t, self.src_ids, self.tgt_ids, dic_f)
        tv_b = self._tvals(self.bwd, t, s, self.tgt_ids, self.src_ids, dic_b)
        return _posteriors(self.fwd, tv_f, c), _posteriors(self.bwd, tv_b, c)

    def align_pair(self, src_tokens: Sequence[str], tgt_tokens: Sequence[str]) -> list[tuple[int, int]]:
        """Links ``(source index, target index)``, sorted, of one sentence pair of tokens."""
        if not src_tokens or not tgt_tokens:
            return []
        fwd, bwd = self.directional(src_tokens, tgt_tokens)
        m, n = len(src_tokens), len(tgt_tokens)
        if self.config.symmetrize == "soft":
            mean = (fwd[:, :m].T + bwd[:, :n]) / 2  # [i, j]
            return [(int(i), int(j)) for i, j in zip(*np.nonzero(mean >= self.config.threshold), strict=True)]
        s2t = {(int(i), j) for j, i in enumerate(fwd.argmax(axis=1)) if i < m}
        t2s = {(i, int(j)) for i, j in enumerate(bwd.argmax(axis=1)) if j < n}
        return sorted(METHODS[self.symmetrization](s2t, t2s))

    @property
    def symmetrization(self) -> str:
        """The symmetrisation ``align_pair`` uses: ``config.symmetrize``, "auto" resolved by the trainer."""
        if self.config.symmetrize != "auto":
            return self.config.symmetrize
        return "intersection" if self.trainer.startswith("eflomal") else "grow-diag"

    # -- storage --------------------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        """A compact blob: vocabularies and the pruned tables (float16), compressed."""
        meta = {"format": FORMAT, "src_lang": self.src_lang, "tgt_lang": self.tgt_lang,
                "sentences": self.sentences, "trainer": self.trainer, "config": asdict(self.config)}
        arrays: dict[str, np.ndarray] = {
            "meta": np.frombuffer(json.dumps(meta).encode(), np.uint8),
            "src_vocab": np.frombuffer("\n".join(self.src_vocab).encode(), np.uint8),
            "tgt_vocab": np.frombuffer("\n".join(self.tgt_vocab).encode(), np.uint8)}
        for name, d in (("fwd", self.fwd), ("bwd", self.bwd)):
            if d is None:
                continue
            keep = (d.t >= self.config.prune) | (d.keys < d.n_child)  # NULL row (parent 0) kept whole
            keys = d.keys[keep]
            arrays[f"{name}_parent"] = (keys // d.n_child).astype(np.int32)
            arrays[f"{name}_child"] = (keys % d.n_child).astype(np.int32)
            arrays[f"{name}_t"] = d.t[keep].astype(np.float16)
            if d.jump is not None:
                arrays[f"{name}_jump"] = d.jump
        buf = io.BytesIO()
        np.savez_compressed(buf, **arrays)
        return buf.getvalue()

    @classmethod
    def from_bytes(cls, blob: bytes) -> WordAligner:
        with np.load(io.BytesIO(blob)) as z:
            meta = json.loads(z["meta"].tobytes())
            if meta.get("format") != FORMAT:
                raise ValueError(f"word model format {meta.get('format')} (this Hexaglot reads {FORMAT})")
            src_vocab = z["src_vocab"].tobytes().decode().split("\n")
            tgt_vocab = z["tgt_vocab"].tobytes().decode().split("\n")
            dirs: dict[str, Direction | None] = {}
            for name, n_child in (("fwd", len(tgt_vocab)), ("bwd", len(src_vocab))):
                if f"{name}_t" not in z:
                    dirs[name] = None
                    continue
                keys = z[f"{name}_parent"].astype(np.int64) * n_child + z[f"{name}_child"]
                jump = z.get(f"{name}_jump", None)
                dirs[name] = Direction(keys, z[f"{name}_t"].astype(np.float64), n_child, jump)
        config = Config(**meta["config"])
        return cls(meta["src_lang"], meta["tgt_lang"], src_vocab, tgt_vocab, dirs["fwd"], dirs["bwd"], config,
                   meta["sentences"], meta.get("trainer", "em"))


def form(word: str, prefix: int) -> str:
    """The form a word is counted under: normalised (:func:`norm`), cut to ``prefix`` characters."""
    w = norm(word)
    return w[:prefix] if prefix else w


def _train_direction(p_tok: np.ndarray, p_off: np.ndarray, c_tok: np.ndarray, c_off: np.ndarray,
                     p_vocab: list[str], c_vocab: list[str], dic: dict[str, dict[str, None]], config: Config,
                     lls: list[float]) -> Direction:
    n_child = len(c_vocab)
    n_sent = len(p_off) - 1
    chunks = [em.pair_keys(p_tok, p_off, c_tok, c_off, n_child, lo, min(lo + 20000, n_sent))
              for lo in range(0, n_sent, 20000)]
    keys = em.unique_sorted(np.concatenate(chunks)) if chunks else np.zeros(0, np.int64)
    starts = em.parent_starts(keys, n_child, len(p_vocab))
    n_occ = int(((np.diff(p_off) + 1) * np.diff(c_off)).sum())
    occ = (em.occurrences(p_tok, p_off, c_tok, c_off, n_child, keys, starts) if n_occ <= MAX_OCCURRENCES
           else np.zeros(0, np.int32))
    prior = np.zeros(len(keys))
    pk, kind = prior_keys(p_vocab, c_vocab, dic)
    if len(pk) and len(keys):
        pos = np.minimum(np.searchsorted(keys, pk), len(keys) - 1)
        hit = keys[pos] == pk
        prior[pos[hit]] = np.where(kind[hit] == 2, config.same_prior, config.dict_prior)
    # start: uniform over the children each parent meets, tilted towards the vouched pairs
    t = np.ones(len(keys)) + prior
    counts = np.zeros(len(keys))
    em.m_step(keys, counts, t - 1.0, n_child, 1.0, t)
    hmm = config.model == "hmm" and len(occ) > 0  # a corpus too large to hold its occurrences: diagonal
    second = config.hmm_iterations if hmm else config.diag_iterations
    jump = np.exp(-np.abs(np.arange(-em.JUMP, em.JUMP + 1) - 1.0))  # start: mostly the next position
    for it in range(config.ibm1_iterations + second):
        counts[:] = 0.0
        if hmm and it >= config.ibm1_iterations:
            jcounts = np.zeros(len(jump))
            lls.append(em.hmm_e_step(p_off, c_off, t, occ, jump, config.p0, counts, jcounts))
            jump = (jcounts + 1.0) / (jcounts.sum() + len(jcounts))
        else:
            diag = it >= config.ibm1_iterations
            lls.append(em.e_step(p_tok, p_off, c_tok, c_off, n_child, keys, starts, t, diag, config.tension,
                                 config.p0, counts, occ))
        em.m_step(keys, counts, prior, n_child, config.alpha, t)
    return Direction(keys, t, n_child, jump if hmm else None)


def _sample(arr: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray], s_vocab: list[str], t_vocab: list[str],
            dic: dict[str, dict[str, None]], config: Config) -> tuple[Direction, Direction]:
    """Both directions read off eflomal's links (:mod:`~hexaglot.wordalign.sampler`), the dictionary
    and identical-form pairs given to it as lexical priors."""
    pk, kind = prior_keys(s_vocab, t_vocab, dic)
    alpha = np.where(kind == 2, config.same_prior, config.dict_prior)
    priors = [(int(k // len(t_vocab)), int(k % len(t_vocab)), float(a)) for k, a in zip(pk, alpha, strict=True) if a > 0]
    f_links, r_links = sampler.align(*arr, priors)
    s_tok, s_off, t_tok, t_off = arr
    fk, ft, fj = sampler.tables(s_tok, s_off, t_tok, t_off, len(s_vocab), len(t_vocab), f_links)
    bk, bt, bj = sampler.tables(t_tok, t_off, s_tok, s_off, len(t_vocab), len(s_vocab), r_links)
    return Direction(fk, ft, len(t_vocab), fj), Direction(bk, bt, len(s_vocab), bj)


def _posteriors(d: Direction | None, tvals: np.ndarray, c: Config) -> np.ndarray:
    """``post[child, parent]`` (last column NULL) from ``tvals[parent, child]`` (last row NULL)."""
    m, n = tvals.shape[0] - 1, tvals.shape[1]
    if d is not None and d.jump is not None and m > 0 and n > 0:
        post, _ = em.forward_backward(np.ascontiguousarray(tvals.T), d.jump, c.p0, np.zeros(len(d.jump)), False)
        return post
    return em.posteriors(np.arange(m), np.arange(n), tvals, True, c.tension, c.p0)
