"""Ranking the target candidates of a source term by association over bead co-occurrence.

For a source term ``s`` found in ``n_s`` of the bitext's ``N`` beads and a target candidate ``t``
found in ``n_t`` beads, ``k`` of them with ``s``: the Dice coefficient ``2k / (n_s + n_t)`` ranks
(it prefers the target phrase that occurs exactly where the term does, so "opérations de maintien
de la paix" beats both "maintien de la paix", more frequent, and "opérations", far more frequent),
and the log-likelihood ratio G² filters chance (``k`` must reach ``min_cooc`` and G² ``min_llr``). Between two candidates still tied, one nested in the other, the one whose length
is nearer the pair's usual length ratio wins.

Word alignments add evidence beyond co-occurrence: ``link(pair, src_span, tgt_span) -> p`` gives, for
one bead, how strongly the source term's characters ``src_span`` are linked to the target
candidate's ``tgt_span`` (0..1; :class:`hexaglot.terms.links.AlignmentLinks` reads the archive's word
aligner); for the :data:`LINK_HEAD` best candidates its mean over the co-occurring beads is mixed
into the score with weight :data:`LINK_WEIGHT`, before the truncations and near ties are settled.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from hexaglot.store.records import Pair
from hexaglot.terms.bitext import Bitext, cooccurrence
from hexaglot.terms.extract import tokenize

LinkScorer = Callable[[Pair, tuple[int, int], tuple[int, int]], float]
"""``(pair, source span, target span) -> link strength in 0..1`` (character offsets)."""


@dataclass
class Scored:
    key: str
    cooc: int
    freq: int  # beads holding the target candidate
    dice: float
    llr: float
    score: float
    length_gap: float = 0.0


def _order(s: Scored) -> tuple[float, float, float]:
    """Best first: the score, then (a tie, as between nested candidates) the length nearer the
    pair's usual ratio, then G²."""
    return (-round(s.score, 9), s.length_gap, -s.llr)


def dice(k: int, n_s: int, n_t: int) -> float:
    return 2.0 * k / (n_s + n_t) if n_s + n_t else 0.0


def llr(k: int, n_s: int, n_t: int, n: int) -> float:
    """Dunning's G² for the 2×2 table of bead co-occurrence (0 when ``k`` is below chance)."""
    cells = (k, n_s - k, n_t - k, n - n_s - n_t + k)
    rows, cols = (n_s, n - n_s), (n_t, n - n_t)
    if n <= 0 or k * n <= n_s * n_t:
        return 0.0
    g = 0.0
    for idx, o in enumerate(cells):
        e = rows[idx // 2] * cols[idx % 2] / n
        if o > 0 and e > 0:
            g += o * math.log(o / e)
    return 2.0 * g


def rank(bt: Bitext, beads: Sequence[int], *, src_chars: int, limit: int = 10, min_cooc: int = 2,
         min_llr: float = 3.84, link: LinkScorer | None = None, link_weight: float | None = None,
         src_key: str | None = None) -> list[Scored]:
    """The target candidates of the source term found in ``beads``, best first."""
    n_s, co = cooccurrence(bt, beads)
    if not n_s:
        return []
    n = len(bt.beads)
    need = min(min_cooc, n_s)
    ratio = bt.length_ratio
    out: list[Scored] = []
    for key, k in co.items():
        if k < need:
            continue
        st = bt.tgt_stats[key]
        n_t = len(st.beads)
        g = llr(k, n_s, n_t, n)
        if g < min_llr and n_s >= need * 2:
            continue
        d = dice(k, n_s, n_t)
        gap = abs(math.log((len(st.display) + 1) / (src_chars * ratio + 1)))
        out.append(Scored(key, k, n_t, d, g, d, gap))
    out.sort(key=_order)
    if src_key is not None:
        out = _longer_terms(bt, beads, src_key, out)
    if link is not None and src_key is not None:
        w = LINK_WEIGHT if link_weight is None else link_weight
        head = out[: max(limit, LINK_HEAD)]
        means = _mean_links(bt, beads, src_key, [s.key for s in head], link)
        for s in head:
            s.score = (1 - w) * s.score + w * means[s.key]
        head.sort(key=_order)
        out = head + out[len(head):]
    out = _truncations(out)
    out = _nested_near_ties(out)
    return out[:limit]


LINK_HEAD = 20  # candidates (best by association) whose word links are read
LINK_WEIGHT = 0.25  # the mean link's share of the score (terms_bench, UNBIS dev concepts: 0.5 is one concept
# lower in es and ru, one higher in ar)


NEAR_TIE = 0.05  # Dice points within which a longer candidate holding a shorter one goes first


def _nested_near_ties(scored: list[Scored], head: int = 10) -> list[Scored]:
    """A longer candidate that holds a shorter one ("droits de l'homme" holding "homme"), scores
    within :data:`NEAR_TIE` of it and has the length nearer the pair's usual ratio goes before it:
    the short one is mostly a part of the rendering, not the rendering."""
    out = list(scored)
    for i in range(min(head, len(out))):
        a = out[i]
        for j in range(i + 1, min(head, len(out))):
            b = out[j]
            if (b.score >= a.score - NEAR_TIE and b.length_gap < a.length_gap
                    and f" {a.key} " in f" {b.key} "):
                out.insert(i, out.pop(j))
                break
    return out


def _truncations(scored: list[Scored]) -> list[Scored]:
    """Drop a candidate that only ever occurs inside a longer one with the same counts ("opérations
    de maintien" inside "opérations de maintien de la paix"): a truncation, not a term of its own."""
    groups: dict[tuple[int, int], list[Scored]] = {}
    for s in scored:
        groups.setdefault((s.cooc, s.freq), []).append(s)
    drop: set[str] = set()
    for group in groups.values():
        if len(group) < 2:
            continue
        for a in group:
            for b in group:
                if (a is not b and len(b.key) > len(a.key) and b.score >= a.score
                        and f" {a.key} " in f" {b.key} "):
                    drop.add(a.key)
                    break
    return [s for s in scored if s.key not in drop]


def _longer_terms(bt: Bitext, beads: Sequence[int], src_key: str, ranked: list[Scored], head: int = 15
                  ) -> list[Scored]:
    """Count again, for a target candidate that goes better with a longer source term holding this
    one ("changements climatiques" with "climate change" rather than "climate"), only the beads
    where this term also stands outside that longer term: a rendering of the longer term is no
    rendering of its part."""
    needle = f" {src_key} "
    top = ranked[:head]
    for s in top:
        co: dict[str, int] = {}
        for i in beads:
            b = bt.beads[i]
            if s.key not in b.tgt_keys:
                continue
            for k in b.src_keys:
                if k != src_key and needle in f" {k} ":
                    co[k] = co.get(k, 0) + 1
        if not co:
            continue
        longer, best = max(((k, dice(k2, len(bt.src_stats[k].beads), s.freq)) for k, k2 in co.items()),
                           key=lambda kv: kv[1])
        if best <= s.dice:
            continue
        free = 0
        for i in beads:
            b = bt.beads[i]
            if s.key in b.tgt_keys and f" {b.src_line} ".count(needle) > f" {b.src_line} ".count(f" {longer} "):
                free += 1
        s.score = dice(free, len(beads), s.freq)
    top.sort(key=_order)
    return top + ranked[head:]


def _mean_links(bt: Bitext, beads: Sequence[int], src_key: str, keys: Sequence[str], link: LinkScorer
                ) -> dict[str, float]:
    """Per target key, the mean over the beads holding it of its strongest link to the source term
    (any occurrence of either in the bead)."""
    want = set(keys)
    total = dict.fromkeys(keys, 0.0)
    n = dict.fromkeys(keys, 0)
    for i in beads:
        b = bt.beads[i]
        here = want & b.tgt_keys
        if not here:
            continue
        s_spans = _spans(b.pair.src, src_key, bt.src_lang)
        t_spans: dict[str, list[tuple[int, int]]] = {}
        for c in bt.tgt_candidates(b.pair.tgt):
            if c.key in here:
                t_spans.setdefault(c.key, []).append((c.cstart, c.cend))
        for key, spans in t_spans.items():
            n[key] += 1
            if s_spans:
                total[key] += max(link(b.pair, s, t) for s in s_spans for t in spans)
    return {k: total[k] / n[k] if n[k] else 0.0 for k in keys}


def _spans(text: str, key: str, lang: object) -> list[tuple[int, int]]:
    """Character spans of the runs of words whose keys are ``key``."""
    want = key.split(" ")
    out = []
    for clause in tokenize(text, lang):  # type: ignore[arg-type]
        keys = [t.key for t in clause]
        for i in range(len(keys) - len(want) + 1):
            if keys[i:i + len(want)] == want:
                out.append((clause[i].start, clause[i + len(want) - 1].end))
    return out
