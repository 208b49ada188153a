"""The candidates of every aligned bead of one language pair, counted once per bead.

:class:`Bitext` reads the archive's pairs (prose beads with a confident score) once and keeps, per
bead, the set of source and target candidate keys; per key, its bead count, documents, first and
last year and the surface forms seen (the variants grouped under the key). Both the term list and
the look-up of one term rank from these counts (:mod:`hexaglot.terms.rank`).

It holds the candidate sets of every bead in memory: fine for archives of some hundred thousand
beads; a larger archive would narrow the beads with the full-text index first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from hexaglot.store.records import Pair
from hexaglot.terms.extract import (
    Candidate,
    TermLang,
    candidates,
    key_of,
    keys_line,
    sibling_keys,
    term_lang,
    tokenize,
)


@dataclass
class KeyStats:
    """One candidate key on one side: beads it occurs in, documents, years, surface forms."""

    beads: list[int] = field(default_factory=list)
    docs: set[str] = field(default_factory=set)
    years: set[int] = field(default_factory=set)
    surfaces: Counter[str] = field(default_factory=Counter)
    words: int = 1

    @property
    def freq(self) -> int:
        return sum(self.surfaces.values())

    @property
    def display(self) -> str:
        """The most frequent surface form (ties: the lower-cased one, then alphabetical)."""
        return min(self.surfaces.items(), key=lambda kv: (-kv[1], kv[0] != kv[0].lower(), kv[0]))[0]


@dataclass
class Bead:
    pair: Pair
    year: int | None
    src_keys: frozenset[str]
    tgt_keys: frozenset[str]
    src_line: str  # every word's key, for typed terms that are no candidate


@dataclass
class Bitext:
    src: str
    tgt: str
    beads: list[Bead] = field(default_factory=list)
    src_stats: dict[str, KeyStats] = field(default_factory=dict)
    tgt_stats: dict[str, KeyStats] = field(default_factory=dict)
    src_chars: int = 0
    tgt_chars: int = 0
    tgt_forms: dict[str, str] = field(default_factory=dict)  # keys the target text decides (sibling_keys)

    @property
    def src_lang(self) -> TermLang:
        return term_lang(self.src)

    @property
    def tgt_lang(self) -> TermLang:
        return term_lang(self.tgt)

    def tgt_candidates(self, text: str) -> list[Candidate]:
        """The term candidates of a target text, keyed as the bitext keys them."""
        tl = self.tgt_lang
        return candidates(text, tl, tokenize(text, tl, self.tgt_forms))

    @property
    def length_ratio(self) -> float:
        """Target characters per source character over the whole bitext."""
        return self.tgt_chars / self.src_chars if self.src_chars and self.tgt_chars else 1.0

    def beads_with(self, text: str) -> tuple[str, list[int]]:
        """``(key, bead numbers)`` of the beads whose source side holds the typed term ``text``."""
        lang = self.src_lang
        key = key_of(text, lang)
        if not key:
            return key, []
        if key in self.src_stats:
            return key, self.src_stats[key].beads
        needle = f" {key} "
        return key, [i for i, b in enumerate(self.beads) if needle in f" {b.src_line} "]


def _year(date: str | None) -> int | None:
    return int(date[:4]) if date and date[:4].isdigit() else None


def _add(stats: dict[str, KeyStats], cands: Iterable, bead: int, doc: str, year: int | None) -> frozenset[str]:
    keys: set[str] = set()
    for c in cands:
        st = stats.get(c.key)
        if st is None:
            st = stats[c.key] = KeyStats(words=c.end - c.start)
        st.surfaces[c.surface] += 1
        if c.key not in keys:
            keys.add(c.key)
            st.beads.append(bead)
            st.docs.add(doc)
            if year is not None:
                st.years.add(year)
    return frozenset(keys)


def build(pairs: Iterable[Pair], src: str, tgt: str, *, year_from: int | None = None,
          year_to: int | None = None) -> Bitext:
    """The bitext of ``pairs`` (optionally only the beads of documents dated within the years)."""
    bt = Bitext(src, tgt)
    sl, tl = term_lang(src), term_lang(tgt)
    if tl.siblings:
        pairs = list(pairs)
        bt.tgt_forms = sibling_keys((p.tgt for p in pairs), tl)
    for p in pairs:
        year = _year(p.date)
        if (year_from is not None or year_to is not None) and year is None:
            continue
        if year_from is not None and year is not None and year < year_from:
            continue
        if year_to is not None and year is not None and year > year_to:
            continue
        n = len(bt.beads)
        clauses = tokenize(p.src, sl)
        sk = _add(bt.src_stats, candidates(p.src, sl, clauses), n, p.doc_id, year)
        tk = _add(bt.tgt_stats, bt.tgt_candidates(p.tgt), n, p.doc_id, year)
        bt.beads.append(Bead(p, year, sk, tk, keys_line(p.src, sl, clauses)))
        bt.src_chars += len(p.src)
        bt.tgt_chars += len(p.tgt)
    return bt


def surfaces_in(bt: Bitext, key: str, beads: Iterable[int]) -> Counter[str]:
    """The surface forms of the target key in the given beads (how it is written there)."""
    out: Counter[str] = Counter()
    for i in beads:
        for c in bt.tgt_candidates(bt.beads[i].pair.tgt):
            if c.key == key:
                out[c.surface] += 1
    return out


def cooccurrence(bt: Bitext, beads: Iterable[int]) -> tuple[int, Counter[str]]:
    """``(beads, counts)``: how many of the given beads there are and, per target key, in how many
    of them it occurs."""
    co: Counter[str] = Counter()
    n = 0
    for i in beads:
        n += 1
        co.update(bt.beads[i].tgt_keys)
    return n, co

