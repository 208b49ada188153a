"""Lexical translation evidence: bilingual dictionaries plus a translation table learned on the fly.

Two sources, both optional and both measured in ``bench/align_eval.py``:

* FreeDict dictionaries in dictd format (Debian ``dict-freedict-deu-fra``, ``-eng-fra``, ...), read
  from ``/usr/share/dictd`` (or ``$HEXAGLOT_DICTD``). Missing files simply switch the signal off.
* An IBM Model 1 table (EM over word co-occurrence, with a NULL word) trained on the confident 1-1
  beads of a first alignment pass; the second pass re-aligns with it (the hunalign recipe).

Both give, for a source word stem, a few target word stems. Sentences then become sparse bags over
the target vocabulary (:class:`SparseRows`); the number of translation links between two sentences is
a dot product, additive over the sentences of a bead.
"""

from __future__ import annotations

import functools
import gzip
import itertools
import os
import re
from collections import ChainMap, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from hexaglot.align.dp import use_compiled
from hexaglot.align.hanzi import MAX_WORD, cedict_path
from hexaglot.align.text import buckets, words

ISO3 = {"ar": "ara", "zh": "zho", "en": "eng", "fr": "fra", "ru": "rus", "es": "spa", "de": "deu"}
DICTD_DIRS = ("/usr/share/dictd",)
_HAN_ONLY = re.compile(r"[\u3400-\u9fff]+")
PIVOT = "en"
PIVOT_SENSES = 2  # pivot dictionaries: English senses followed per source word (1: 0.970, 3: 0.970, 2: 0.973)


def dictd_dirs() -> list[Path]:
    env = os.environ.get("HEXAGLOT_DICTD")
    return [Path(p) for p in ([env] if env else list(DICTD_DIRS))]


_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def _b64(x: str) -> int:
    n = 0
    for ch in x:
        n = n * 64 + _B64.index(ch)
    return n


def _read_dictd(path: Path) -> Iterable[tuple[str, list[str]]]:
    """(headword, translations) of a FreeDict dictd file (``.dict.dz`` + ``.index``).

    Each entry is a headword line (``word /pron/ <pos>``) then translation lines (``1. mot``);
    glosses and other long lines are skipped.
    """
    with gzip.open(path, "rb") as fh:
        data = fh.read()
    index = path.with_name(path.name.replace(".dict.dz", ".index"))
    if index.is_file():
        spans = []
        for row in index.read_text(encoding="utf-8", errors="replace").splitlines():
            parts = row.split("\t")
            if len(parts) >= 3 and not parts[0].startswith("00database"):
                spans.append((_b64(parts[1]), _b64(parts[2])))
        entries = (data[o:o + n].decode("utf-8", "replace") for o, n in spans)
    else:
        entries = iter(data.decode("utf-8", "replace").split("\n\n"))
    for entry in entries:
        lines = [ln.strip() for ln in entry.strip().split("\n") if ln.strip()]
        if len(lines) < 2 or lines[0].startswith("00-database"):
            continue
        head = lines[0].split(" /")[0].split(" <")[0].strip()
        trans = []
        for ln in lines[1:]:
            ln = ln.lstrip("0123456789. ").strip()
            if ln and len(ln.split()) <= 3 and not ln.lower().startswith(("see", "note", "syn")):
                trans.append(ln)
        if head and trans:
            yield head, trans


def _read_cedict(path: Path) -> Iterable[tuple[str, list[str]]]:
    """(simplified headword, English senses) of CC-CEDICT entries of up to :data:`MAX_WORD` characters
    (the words :func:`hanzi.segment` cuts text into)."""
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            head, _, rest = line.partition(" [")
            parts = head.split(" ")
            if len(parts) < 2 or not 1 <= len(parts[1]) <= MAX_WORD:
                continue
            senses = [re.sub(r"\([^)]*\)", "", x).strip() for x in rest.split("/")[1:-1]]
            senses = [x for x in senses if x and not x.startswith(("CL:", "variant of", "surname", "see "))]
            if senses:
                yield parts[1], senses


@functools.lru_cache(maxsize=1)
def cedict_senses() -> dict[str, str]:
    """Simplified headword → its first English sense in CC-CEDICT (``{}`` when it is not installed)."""
    path = cedict_path()
    out: dict[str, str] = {}
    if path is not None:
        for head, senses in _read_cedict(path):
            out.setdefault(head, senses[0])
    return out


def load_dictionary(src_lang: str, tgt_lang: str) -> dict[str, dict[str, None]]:
    """Stem → translation stems; read once per process (see :func:`_load_dictionary`)."""
    return _load_dictionary(src_lang, tgt_lang, tuple(str(d) for d in dictd_dirs()), str(cedict_path()))


def load_pivot_dictionary(src_lang: str, tgt_lang: str) -> dict[str, dict[str, None]]:
    """The pair's dictionary, or where there is none, one composed through English.

    zh–fr, zh–ru, zh–es and ar–zh have no dictionary of their own; CC-CEDICT (zh → en) followed by
    FreeDict (en → fr, ...) gives, for each source word, the translations of its first
    :data:`PIVOT_SENSES` English senses (three each). Noisy, but the learned IBM-1 table starts from
    far fewer links without it: on the UNPC dev streams without embeddings, zh-fr 0.954 → 0.971,
    zh-ru 0.949 → 0.959 strict F1 (bench/RESULTS.md, "Chinese").
    """
    direct = load_dictionary(src_lang, tgt_lang)
    if direct or PIVOT in (src_lang, tgt_lang) or "zh" not in (src_lang, tgt_lang):
        return direct
    return compose(load_dictionary(src_lang, PIVOT), load_dictionary(PIVOT, tgt_lang))


def composed_dictionary(src_lang: str, tgt_lang: str) -> dict[str, dict[str, None]]:
    """The pair's dictionary composed through English (:data:`PIVOT`), whatever the pair; ``{}`` for a
    pair with English in it. The sentence aligner composes only for Chinese pairs
    (:func:`load_pivot_dictionary`); the word aligner's priors take it for every pair without a
    dictionary of its own (fr–es, ru–ar, ...)."""
    if PIVOT in (src_lang, tgt_lang):
        return {}
    return compose(load_dictionary(src_lang, PIVOT), load_dictionary(PIVOT, tgt_lang))


def compose(ab: dict[str, dict[str, None]], bc: dict[str, dict[str, None]],
            senses: int = PIVOT_SENSES, per_sense: int = 3) -> dict[str, dict[str, None]]:
    """a → c through b: each word's translations of its first ``senses`` b-words, ``per_sense`` each."""
    out: dict[str, dict[str, None]] = {}
    for w, mids in ab.items():
        tr: dict[str, None] = {}
        for mid in list(mids)[:senses]:
            tr.update(dict.fromkeys(list(bc.get(mid, {}))[:per_sense]))
        if tr:
            out[w] = tr
    return out


@functools.lru_cache(maxsize=16)
def _load_dictionary(src_lang: str, tgt_lang: str, dirs: tuple[str, ...], cedict: str,
                     ) -> dict[str, dict[str, None]]:
    """Stem → translation stems (ordered) from every dictionary for the pair, either direction.

    FreeDict (dictd) files for the European/Arabic/Russian pairs, CC-CEDICT for zh–en; ``{}`` if
    none is installed (the lexical signal then learns from the text alone).
    """
    return keyed_dictionary(src_lang, tgt_lang, dirs, cedict, words, words)


def keyed_dictionary(src_lang: str, tgt_lang: str, dirs: tuple[str, ...], cedict: str,
                     src_keys: Callable[[str], list[str]], tgt_keys: Callable[[str], list[str]],
                     ) -> dict[str, dict[str, None]]:
    """:func:`_load_dictionary` with each side's words made keys by a function of one's own (a
    headword of one word; the first three words of each of its first six translations)."""
    s3, t3 = ISO3.get(src_lang), ISO3.get(tgt_lang)
    table: dict[str, dict[str, None]] = defaultdict(dict)
    if not s3 or not t3:
        return {}
    sources: list[tuple[Iterable[tuple[str, list[str]]], bool]] = []
    for d in map(Path, dirs):
        for a, b, flip in ((s3, t3, False), (t3, s3, True)):
            path = d / f"freedict-{a}-{b}.dict.dz"
            if path.is_file():
                sources.append((_read_dictd(path), flip))
    if {src_lang, tgt_lang} == {"zh", "en"} and cedict != "None":
        sources.append((_read_cedict(Path(cedict)), src_lang != "zh"))
    for entries, flip in sources:
        head_keys, tr_keys = (tgt_keys, src_keys) if flip else (src_keys, tgt_keys)
        for head, trans in entries:
            hw = head_keys(head) if not _HAN_ONLY.fullmatch(head) else [head]
            if len(hw) != 1:
                continue
            for tr in trans[:6]:
                for tw in tr_keys(tr)[:3]:
                    if flip:
                        table[tw][hw[0]] = None
                    else:
                        table[hw[0]][tw] = None
    return dict(table)


@dataclass
class TranslationTable:
    """Source stem → {target stem: weight}; merges a dictionary and a learned IBM-1 table."""

    links: dict[str, dict[str, float]] = field(default_factory=dict)
    _memo: dict[tuple[int, bool], _Expansions] = field(
        default_factory=dict, repr=False, compare=False)
    _base: TranslationTable | None = field(default=None, repr=False, compare=False)
    links_changed: frozenset[str] = field(default_factory=frozenset, repr=False, compare=False)
    _own_links: dict[str, dict[str, float]] | None = field(default=None, repr=False, compare=False)

    @classmethod
    def from_dictionary(cls, dic: dict[str, dict[str, None]], max_senses: int = 12) -> TranslationTable:
        links = {w: dict.fromkeys(list(ts)[:max_senses], 1.0) for w, ts in dic.items()}
        return cls(links)

    def merged(self, other: TranslationTable) -> TranslationTable:
        """Both tables' links (the larger weight wins); ``self`` is not copied, only layered under."""
        own: dict[str, dict[str, float]] = {}
        for w, d in other.links.items():
            tgt = own[w] = dict(self.links.get(w, {}))
            for v, p in d.items():
                tgt[v] = max(tgt.get(v, 0.0), p)
        table = TranslationTable(ChainMap(own, self.links))  # type: ignore[arg-type]
        table._base, table.links_changed = self, frozenset(other.links)  # shares the memo of the rest
        table._own_links = own  # the changed words' links, read without the ChainMap's lookup
        return table

    def __len__(self) -> int:
        return len(self.links)

    def _store(self, dim: int, identity: bool) -> _Expansions:
        store = self._memo.get((dim, identity))
        if store is None:
            store = self._memo[(dim, identity)] = _Expansions()
        return store

    def _own_expansions(self, vocab: Sequence[str], dim: int, identity: bool,
                        ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """:meth:`expansions` from this table's own links (no layering), memoised per word."""
        store = self._store(dim, identity)
        known = store.ids
        missing = list(itertools.filterfalse(known.__contains__, vocab))
        if missing:
            keys: list[str] = []
            prs: list[float] = []
            counts: list[int] = []
            # a merged table is asked for its changed words only: every one of them is in _own_links
            links = self.links if self._own_links is None else self._own_links
            new = list(dict.fromkeys(missing))
            known.update(zip(new, range(len(known), len(known) + len(new)), strict=True))
            get, add_key, add_keys, add_pr, add_prs, count = (links.get, keys.append, keys.extend, prs.append,
                                                              prs.extend, counts.append)
            for w in new:
                targets = get(w)
                if identity and len(w) > 1:  # the word itself, weight 1 (last unless it is a link)
                    if targets is None:
                        add_key(w)
                        add_pr(1.0)
                        count(1)
                        continue
                    if w in targets:
                        targets = dict(targets)
                        targets[w] = 1.0
                    else:
                        add_keys(targets)
                        add_prs(targets.values())
                        add_key(w)
                        add_pr(1.0)
                        count(len(targets) + 1)
                        continue
                elif targets is None:
                    count(0)
                    continue
                add_keys(targets)
                add_prs(targets.values())
                count(len(targets))
            store.add(np.array(buckets(keys, dim), dtype=np.int64), np.array(prs, dtype=np.float64),
                      np.array(counts, dtype=np.int64))
        ids = np.fromiter(map(known.__getitem__, vocab), dtype=np.int64, count=len(vocab))
        cnt = store.count[ids]
        ptr = np.zeros(len(vocab) + 1, dtype=np.int64)
        np.cumsum(cnt, out=ptr[1:])
        at = np.repeat(store.start[ids] - ptr[:-1], cnt) + np.arange(int(ptr[-1]))
        return ptr, store.bk[at], store.pr[at]

    def expansions(self, vocab: Sequence[str], dim: int, identity: bool = True,
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Hashed translations of each word of ``vocab`` as CSR arrays (pointers, buckets, weights).

        A word maps to its table entries plus itself (weight 1, ``identity``: names, numbers and
        cognates link across languages); entries are memoised on the table, so a dictionary loaded
        once serves every document. A merged table asks its base for every word, then replaces the
        rows of the words its own links changed.
        """
        if self._base is None:
            return self._own_expansions(vocab, dim, identity)
        ptr, bk, pr = self._base.expansions(vocab, dim, identity)
        changed = self.links_changed
        rows = [k for k, w in enumerate(vocab) if w in changed]
        if not rows:
            return ptr, bk, pr
        optr, obk, opr = self._own_expansions([vocab[k] for k in rows], dim, identity)
        at_rows = np.array(rows, dtype=np.int64)
        cnt = np.diff(ptr)
        cnt[at_rows] = np.diff(optr)
        starts = ptr[:-1].copy()
        starts[at_rows] = len(bk) + optr[:-1]
        out = np.zeros(len(vocab) + 1, dtype=np.int64)
        np.cumsum(cnt, out=out[1:])
        at = np.repeat(starts - out[:-1], cnt) + np.arange(int(out[-1]))
        return out, np.concatenate([bk, obk])[at], np.concatenate([pr, opr])[at]


class _Expansions:
    """The hashed expansions a table has computed, one row per word (``ids``), as flat arrays."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.start = np.zeros(0, dtype=np.int64)
        self.count = np.zeros(0, dtype=np.int64)
        self.bk = np.zeros(0, dtype=np.int64)
        self.pr = np.zeros(0, dtype=np.float64)

    def add(self, bk: np.ndarray, pr: np.ndarray, count: np.ndarray) -> None:
        """Rows for the next ``len(count)`` ids."""
        starts = len(self.bk) + np.concatenate([[0], np.cumsum(count)[:-1]]).astype(np.int64)
        self.start = np.concatenate([self.start, starts])
        self.count = np.concatenate([self.count, count])
        self.bk = np.concatenate([self.bk, bk])
        self.pr = np.concatenate([self.pr, pr])


def train_ibm1(pairs: Sequence[tuple[Sequence[str], Sequence[str]]], iterations: int = 5,
               threshold: float = 0.15, top: int = 3, max_pairs: int = 4000,
               compiled: bool | None = None) -> TranslationTable:
    """IBM Model 1 t(v|w) by EM over sentence pairs (with a NULL source word); keeps strong links.

    Vectorised: every (pair, source word, target word) triple is one entry of flat arrays, and the
    E and M steps are ``bincount`` sums over them. ``compiled``: the EM steps in numba
    (:mod:`lexicon_jit`, the same table bit for bit); None = as the DP (:func:`dp.use_compiled`).
    """
    null = "\x00"
    # each pair's distinct words (first occurrences), pairs without target words left out; the
    # vocabularies number words in order of first occurrence, the NULL source word first
    kept = [(list(dict.fromkeys(sw)), tt) for sw, tv in list(pairs)[:max_pairs] if (tt := list(dict.fromkeys(tv)))]
    if not kept:
        return TranslationTable()
    chain = itertools.chain.from_iterable
    src_seq = list(chain([null, *ss] for ss, _ in kept))
    tgt_seq = list(chain(tt for _, tt in kept))
    src_ix = dict(zip(dict.fromkeys(src_seq), itertools.count(), strict=False))
    tgt_ix = dict(zip(dict.fromkeys(tgt_seq), itertools.count(), strict=False))
    s_ids = np.asarray(list(map(src_ix.__getitem__, src_seq)), dtype=np.int64)
    t_ids = np.asarray(list(map(tgt_ix.__getitem__, tgt_seq)), dtype=np.int64)
    n_s = np.array([len(ss) + 1 for ss, _ in kept], dtype=np.int64)
    n_t = np.array([len(tt) for _, tt in kept], dtype=np.int64)
    return _ibm1_table(s_ids, t_ids, n_s, n_t, list(src_ix), list(tgt_ix), iterations, threshold, top,
                       use_compiled(compiled))


@dataclass
class LearnedLinks:
    """An IBM-1 table over two document sides' token ids (:class:`_Flat`): link ``k`` goes from
    source vocabulary word ``src[k]`` to target vocabulary word ``tgt[k]`` with weight ``prob[k]``,
    in the order of :func:`train_ibm1`'s table (by source word, strongest first)."""

    src: np.ndarray  # int64, ids into the source side's vocabulary
    tgt: np.ndarray  # int64, ids into the target side's vocabulary
    prob: np.ndarray  # float64

    def table(self, src_vocab: Sequence[str], tgt_vocab: Sequence[str]) -> TranslationTable:
        """The same links as a :class:`TranslationTable` of words."""
        out: dict[str, dict[str, float]] = {}
        for w, v, p in zip(self.src.tolist(), self.tgt.tolist(), self.prob.tolist(), strict=True):
            out.setdefault(src_vocab[w], {})[tgt_vocab[v]] = p
        return TranslationTable(out)


def train_ibm1_flat(fs: _Flat, ft: _Flat, pairs: Sequence[tuple[int, int]], iterations: int = 5,
                    threshold: float = 0.15, top: int = 3, max_pairs: int = 4000) -> TranslationTable:
    """:func:`train_ibm1` (compiled) of the sentence pairs ``(p, q)`` of two document sides given as
    their token ids (:class:`_Flat`, as :func:`lexical_bags` keeps them): the word ids are built
    from the token ids by :func:`lexicon_jit.ibm1_ids`, not from the strings, and the table is the
    one :func:`train_ibm1` learns from ``(words of p, words of q)`` (the tests compare them)."""
    return train_ibm1_links(fs, ft, pairs, iterations, threshold, top, max_pairs).table(fs.vocab, ft.vocab)


def train_ibm1_links(fs: _Flat, ft: _Flat, pairs: Sequence[tuple[int, int]], iterations: int = 5,
                     threshold: float = 0.15, top: int = 3, max_pairs: int = 4000) -> LearnedLinks:
    """:func:`train_ibm1_flat`'s links in token-id space, without building the table's strings."""
    from hexaglot.align.lexicon_jit import ibm1_ids

    cut = list(pairs)[:max_pairs]
    src = np.array([p for p, _ in cut], dtype=np.int64)
    tgt = np.array([q for _, q in cut], dtype=np.int64)
    s_ids, t_ids, n_s, n_t, s_back, t_back = ibm1_ids(fs.word, fs.ptr, ft.word, ft.ptr, src, tgt,
                                                      len(fs.vocab), len(ft.vocab))
    if not len(n_s):
        empty = np.zeros(0, dtype=np.int64)
        return LearnedLinks(empty, empty.copy(), np.zeros(0, dtype=np.float64))
    w, v, p = _ibm1_links(s_ids, t_ids, n_s, n_t, len(s_back), len(t_back), iterations, threshold, top, True)
    return LearnedLinks(s_back[w], t_back[v], p)


def _ibm1_table(s_ids: np.ndarray, t_ids: np.ndarray, n_s: np.ndarray, n_t: np.ndarray,
                src_words: list[str], tgt_words: list[str], iterations: int, threshold: float, top: int,
                fast: bool) -> TranslationTable:
    """EM over the pairs' word ids (``n_s[p]`` source ids, NULL first, and ``n_t[p]`` target ids
    per pair, one after the other) and the strongest links by source word."""
    w, v, p = _ibm1_links(s_ids, t_ids, n_s, n_t, len(src_words), len(tgt_words), iterations, threshold, top,
                          fast)
    return LearnedLinks(w, v, p).table(src_words, tgt_words)


def _ibm1_links(s_ids: np.ndarray, t_ids: np.ndarray, n_s: np.ndarray, n_t: np.ndarray, n_src: int,
                n_tgt: int, iterations: int, threshold: float, top: int,
                fast: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`_ibm1_table`'s links as (source id, target id, weight) arrays: by source word, the
    ``top`` strongest at or above ``threshold``, strongest first (ties in key order)."""
    if fast:
        from hexaglot.align.lexicon_jit import ibm1_em_pairs, ibm1_pair_keys

        uniq, u = ibm1_pair_keys(s_ids, t_ids, n_s, n_t, n_src, n_tgt)
    else:
        # every (pair, source word, target word) triple, built with index arithmetic
        s_start = np.concatenate([[0], np.cumsum(n_s)[:-1]])
        t_start = np.concatenate([[0], np.cumsum(n_t)[:-1]])
        size = n_s * n_t
        pair = np.repeat(np.arange(len(n_s)), size)
        off = np.arange(int(size.sum())) - np.repeat(np.concatenate([[0], np.cumsum(size)[:-1]]), size)
        sp, tp = off % n_s[pair], off // n_s[pair]
        w = s_ids[s_start[pair] + sp]
        v = t_ids[t_start[pair] + tp]
        g = t_start[pair] + tp  # one normalisation group per target token
        uniq, u = np.unique(w * n_tgt + v, return_inverse=True)
    group = int(n_t.sum())
    uw = uniq // n_tgt
    t = np.full(len(uniq), 1.0 / max(1, n_tgt))
    if fast:
        t = ibm1_em_pairs(u, n_s, n_t, uw, n_src, iterations, t)
        iterations = 0
    for _ in range(iterations):
        p = t[u]
        z = np.bincount(g, weights=p, minlength=group)
        c = p / z[g]
        count = np.bincount(u, weights=c, minlength=len(uniq))
        total = np.bincount(uw, weights=count, minlength=n_src)
        t = count / np.maximum(total[uw], 1e-12)
    keep = np.nonzero((t >= threshold) & (uw != 0))[0]
    keep = keep[np.lexsort((-t[keep], uw[keep]))]  # by source word, strongest first
    w = uw[keep]
    first = np.concatenate([[True], w[1:] != w[:-1]]) if len(w) else np.zeros(0, dtype=bool)
    starts = np.flatnonzero(first)
    rank = np.arange(len(w)) - np.repeat(starts, np.diff(np.append(starts, len(w))))
    keep = keep[rank < top]
    return uw[keep], uniq[keep] % n_tgt, t[keep]


@dataclass
class SparseRows:
    """Rows of a sparse matrix (CSR): one bag of hashed tokens per sentence."""

    indptr: np.ndarray
    idx: np.ndarray
    val: np.ndarray
    dim: int

    @classmethod
    def build(cls, bags: Sequence[Mapping[int, float]], dim: int) -> SparseRows:
        indptr = np.zeros(len(bags) + 1, dtype=np.int64)
        indptr[1:] = np.cumsum([len(b) for b in bags])
        chain = itertools.chain.from_iterable
        idx = np.fromiter(chain(bags), dtype=np.int64, count=int(indptr[-1]))
        val = np.fromiter(chain(b.values() for b in bags), dtype=np.float32, count=int(indptr[-1]))
        return cls(indptr, idx, val, dim)

    def __len__(self) -> int:
        return len(self.indptr) - 1

    def dense(self, r0: int, r1: int, cols: np.ndarray | None = None) -> np.ndarray:
        """Rows r0..r1 as a dense array, over all columns or only the sorted ``cols``."""
        a, b = self.indptr[r0], self.indptr[r1]
        rows = np.repeat(np.arange(r1 - r0), np.diff(self.indptr[r0:r1 + 1]))
        idx, val = self.idx[a:b], self.val[a:b]
        if cols is not None:
            pos = np.clip(np.searchsorted(cols, idx), 0, max(0, len(cols) - 1))
            keep = (cols[pos] == idx) if len(cols) else np.zeros(len(idx), dtype=bool)
            rows, idx, val = rows[keep], pos[keep], val[keep]
        out = np.zeros((r1 - r0, self.dim if cols is None else len(cols)), dtype=np.float32)
        out[rows, idx] = val  # indices are unique within a row
        return out

    def dense_masked(self, r0: int, r1: int, used: np.ndarray, rank: np.ndarray) -> np.ndarray:
        """:meth:`dense` over the columns ``cols = flatnonzero(used)`` (``rank`` = ``cumsum(used) - 1``,
        a column's position among them), without searching ``cols``: the same array."""
        a, b = self.indptr[r0], self.indptr[r1]
        idx, val = self.idx[a:b], self.val[a:b]
        keep = used[idx]
        rows = np.repeat(np.arange(r1 - r0), np.diff(self.indptr[r0:r1 + 1]))[keep]
        out = np.zeros((r1 - r0, int(rank[-1]) + 1 if len(rank) else 0), dtype=np.float32)
        out[rows, rank[idx[keep]]] = val[keep]
        return out


def idf(sentences: Sequence[Sequence[str]]) -> dict[str, float]:
    """Inverse sentence frequency inside one document side (function words get ~0)."""
    df: dict[str, int] = defaultdict(int)
    for toks in sentences:
        for w in set(toks):
            df[w] += 1
    n = len(sentences)
    return {w: float(np.log((n + 1) / (c + 0.5))) for w, c in df.items()}


_DENSE_KEYS = 1 << 24


def _distinct(keys: np.ndarray, size: int) -> np.ndarray:
    """``np.unique(keys)`` for keys in [0, size): marked in a boolean table when it is small
    (no sort), else sorted."""
    if size > _DENSE_KEYS:
        return np.unique(keys)
    seen = np.zeros(size, dtype=bool)
    seen[keys] = True
    return np.flatnonzero(seen).astype(keys.dtype, copy=False)


def first_ids(flat: list[str]) -> tuple[list[str], np.ndarray]:
    """The distinct tokens of ``flat`` in order of first occurrence, and each token's index among
    them (int64), by one C-level dict pass: ``setdefault`` gives each token its word's first
    position, and the first positions, ranked, are the ids."""
    first: dict[str, int] = {}
    pos = np.fromiter(map(first.setdefault, flat, itertools.count()), dtype=np.int64, count=len(flat))
    is_first = np.zeros(len(flat), dtype=np.int64)
    is_first[pos] = 1
    return list(first), (np.cumsum(is_first) - 1)[pos]


@dataclass
class _Flat:
    """The tokens of one document side as flat arrays: sentence of each token, vocabulary id."""

    vocab: list[str]
    sent: np.ndarray  # int64, one per token
    word: np.ndarray  # int64, one per token
    idf: np.ndarray  # float64, one per vocabulary word
    ptr: np.ndarray  # int64, one per sentence and one more: sentence i's tokens are [ptr[i], ptr[i + 1])

    @classmethod
    def of(cls, sentences: Sequence[Sequence[str]]) -> _Flat:
        vocab, word = first_ids(list(itertools.chain.from_iterable(sentences)))
        sizes = [len(t) for t in sentences]
        sent = np.repeat(np.arange(len(sentences), dtype=np.int64), sizes)
        ptr = np.zeros(len(sentences) + 1, dtype=np.int64)
        np.cumsum(np.asarray(sizes, dtype=np.int64), out=ptr[1:])
        # document frequency: distinct (sentence, word) pairs per word
        key = _distinct(sent * max(1, len(vocab)) + word, len(sentences) * max(1, len(vocab)))
        df = np.bincount(key % max(1, len(vocab)), minlength=len(vocab)).astype(np.float64)
        idf_w = np.log((len(sentences) + 1) / (df + 0.5))
        return cls(vocab, sent, word, idf_w, ptr)

    def mass(self, n: int, keep: np.ndarray) -> np.ndarray:
        """Summed IDF of the kept tokens of each sentence (every occurrence counts)."""
        return np.bincount(self.sent[keep], weights=self.idf[self.word[keep]], minlength=n).astype(np.float32)


def _max_rows(rows: np.ndarray, cols: np.ndarray, vals: np.ndarray, n: int, dim: int,
              compiled: bool | None = None) -> SparseRows:
    """CSR rows with the largest value of each (row, column) entry (duplicates reduced by max);
    ``compiled``: :func:`lexicon_jit.max_rows` (the same rows), None = as the DP."""
    if not len(rows):
        return SparseRows(np.zeros(n + 1, dtype=np.int64), np.zeros(0, dtype=np.int64),
                          np.zeros(0, dtype=np.float32), dim)
    if use_compiled(compiled):
        from hexaglot.align.lexicon_jit import max_rows

        return SparseRows(*max_rows(np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64),
                                    np.asarray(vals, dtype=np.float64), n, dim), dim)
    key = rows * dim + cols
    order = np.lexsort((-vals, key))  # by key, largest value first
    key, vals = key[order], vals[order]
    first = np.concatenate([[True], key[1:] != key[:-1]])
    key, vals = key[first], vals[first]
    indptr = np.zeros(n + 1, dtype=np.int64)
    indptr[1:] = np.cumsum(np.bincount(key // dim, minlength=n))
    return SparseRows(indptr, key % dim, vals.astype(np.float32), dim)


def lexical_bags(src_words: Sequence[Sequence[str]], tgt_words: Sequence[Sequence[str]],
                 table: TranslationTable | None, dim: int, identity: bool = True,
                 memo: dict[str, object] | None = None, compiled: bool | None = None,
                 learned: LearnedLinks | None = None,
                 ) -> tuple[SparseRows, SparseRows, np.ndarray, np.ndarray]:
    """Translated source bags and target bags over hashed target stems, plus per-sentence masses.

    The dot product of source row i and target row j counts translation links between sentence i and
    sentence j, each weighted by the geometric mean of the two words' IDF; the masses are the summed
    IDF of each sentence, so ``links / sqrt(mass_s * mass_t)`` is a Dice-like coverage in [0, ~1].
    Vectorised: Python touches each distinct word of the document once, numpy does the rest. A
    ``memo`` dict kept by the caller between passes over the same two texts saves the parts that do
    not depend on the table (token arrays, target bags). ``compiled``: see :func:`_max_rows`.

    ``learned``: the bags of ``table`` merged with these links (``table.merged(learned.table(...))``,
    over the memo's token ids). When the memo holds ``table``'s own source bags, they are merged
    with the links' entries (:func:`_with_links`), not rebuilt from every word's expansions.
    """
    table = table if table is not None else TranslationTable()
    memo = {} if memo is None else memo
    if "flat" not in memo:
        memo["flat"] = (_Flat.of(src_words), _Flat.of(tgt_words))
    fs, ft = memo["flat"]  # type: ignore[misc]
    assert isinstance(fs, _Flat) and isinstance(ft, _Flat)
    ns, nt = len(src_words), len(tgt_words)
    if learned is not None:
        own = memo.get(f"bags{dim}")
        if own is None or own[0] is not table or not identity:  # type: ignore[index]
            return lexical_bags(src_words, tgt_words, table.merged(learned.table(fs.vocab, ft.vocab)), dim,
                                identity, memo, compiled)
        xs0, xt, ms, mt, (ps, pw, root_idf), tb = own[1:]  # type: ignore[index,misc]
        return _with_links(xs0, ps, pw, root_idf, learned, tb, ns, dim, compiled), xt, ms, mt
    keep_t = ft.idf[ft.word] > 0.2
    if "src" not in memo:  # the kept (sentence, word) pairs of the source side and its masses
        keep_s = fs.idf[fs.word] > 0.2
        pairs = _distinct(fs.sent[keep_s] * max(1, len(fs.vocab)) + fs.word[keep_s], ns * max(1, len(fs.vocab)))
        ps, pw = pairs // max(1, len(fs.vocab)), pairs % max(1, len(fs.vocab))
        memo["src"] = (ps, pw, np.sqrt(fs.idf[pw]), fs.mass(ns, keep_s))
    ps, pw, root_idf, ms = memo["src"]  # type: ignore[misc]
    # source: every kept (sentence, word) expands to the word's translations (hashed), value
    # sqrt(idf) * p, reduced by max per (sentence, bucket)
    ptr, bk, pr = table.expansions(fs.vocab, dim, identity)
    rows, start, weight = _expand(ptr, ps, pw, root_idf)
    xs = _max_rows(rows, bk[start], weight * pr[start], ns, dim, compiled)
    key = f"tgt{dim}"
    if key not in memo:
        tb = np.array(buckets(ft.vocab, dim), dtype=np.int64)
        memo[key] = (_max_rows(ft.sent[keep_t], tb[ft.word[keep_t]], np.sqrt(ft.idf[ft.word[keep_t]]), nt, dim,
                               compiled),
                     ft.mass(nt, keep_t), tb)
    xt, mt, tb = memo[key]  # type: ignore[misc]
    memo[f"bags{dim}"] = (table, xs, xt, ms, mt, (ps, pw, root_idf), tb)  # for learned links (see above)
    return xs, xt, ms, mt


def _with_links(xs: SparseRows, ps: np.ndarray, pw: np.ndarray, root_idf: np.ndarray, learned: LearnedLinks,
                tgt_buckets: np.ndarray, n: int, dim: int, compiled: bool | None) -> SparseRows:
    """The source bags of a table merged with ``learned``, from that table's bags ``xs``.

    A merged table's word keeps its links at the larger of the two weights (the identity link at 1,
    which no IBM-1 weight exceeds), and a bag keeps the largest value of each (sentence, bucket);
    ``sqrt(idf) × weight`` grows with the weight, and rounding to float32 keeps the order. So each
    bag of the merged table is the entrywise maximum of ``xs`` (already reduced, float32) and the
    links' own entries: each kept (sentence ``ps``, word ``pw``) pair times its word's links."""
    order = np.argsort(learned.src, kind="stable")
    words = 1 + max(int(pw.max(initial=-1)), int(learned.src.max(initial=-1)))
    ptr = np.zeros(words + 1, dtype=np.int64)
    np.cumsum(np.bincount(learned.src, minlength=words), out=ptr[1:])
    rows, start, weight = _expand(ptr, ps, pw, root_idf)
    link = order[start]
    rows = np.concatenate([np.repeat(np.arange(n, dtype=np.int64), np.diff(xs.indptr)), rows])
    cols = np.concatenate([xs.idx, tgt_buckets[learned.tgt[link]]])
    vals = np.concatenate([xs.val.astype(np.float64), weight * learned.prob[link]])
    return _max_rows(rows, cols, vals, n, dim, compiled)


def _expand(ptr: np.ndarray, ps: np.ndarray, pw: np.ndarray, root_idf: np.ndarray
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each kept (sentence ``ps``, word ``pw``) pair once per entry of its word in a table whose word
    ``w`` holds the entries ``[ptr[w], ptr[w + 1])``: per expanded entry its sentence, the entry's index
    and the pair's ``sqrt(idf)`` (``root_idf``)."""
    cnt = ptr[pw + 1] - ptr[pw]
    start = np.repeat(ptr[pw] - np.concatenate([[0], np.cumsum(cnt)[:-1]]), cnt) + np.arange(int(cnt.sum()))
    return np.repeat(ps, cnt), start, np.repeat(root_idf, cnt)


# -- an external table layered over the dictionaries: the archive's lexicon ----------------------
# (hexaglot.store.lexicon installs it in a process before aligning for an archive; the aligner
# merges it into each pair's dictionary table, and the per-document IBM-1 table still adds to it)

_EXTERNAL: dict[str, object] = {"stamp": None, "tables": {}}


def use_external_tables(tables: dict[tuple[str, str], TranslationTable] | None, stamp: object = None) -> None:
    """Install ``{(src_lang, tgt_lang): table}`` for this process (``None``: none); ``stamp`` names
    the tables (the aligner's dictionary cache is keyed by it)."""
    _EXTERNAL["tables"] = dict(tables or {})
    _EXTERNAL["stamp"] = stamp if tables else None


def external_stamp() -> object:
    return _EXTERNAL["stamp"]


def external_table(src_lang: str, tgt_lang: str) -> TranslationTable | None:
    tables = _EXTERNAL["tables"]
    assert isinstance(tables, dict)
    return tables.get((src_lang, tgt_lang))
