"""Multi-way alignment: every version aligned to a pivot, beads merged into clusters.

Each non-pivot version is aligned to the pivot (English by default: the UN's most frequent
original, and the language whose pairs the lexical resources cover best). Sentences linked through
any bead are put in one cluster (union–find), so a 2-1 merge in one language and a 1-2 split in
another end up in the same cluster. Clusters come in the pivot's reading order.

A document's pairs (:func:`pair_beads`) come from the same alignments to the pivot: a pair with the
pivot keeps its own beads and scores; two other languages are joined through the pivot from their two
alignments only. A language that leaves a sentence out or merges two therefore changes its own pairs,
never the others'. ``Cluster.score`` is the lowest over all languages of the cluster.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from hexaglot.align.aligner import Aligner, AlignError
from hexaglot.model import LANGS, Bead


@dataclass
class Cluster:
    """Sentence indices per language that translate one another (a language may be absent)."""

    members: dict[str, list[int]] = field(default_factory=dict)
    score: float = 1.0
    #: per non-pivot language: the lowest score of its beads with the pivot in this cluster
    scores: dict[str, float] = field(default_factory=dict)
    pivot: str = ""

    def pair_score(self, a: str, b: str) -> float:
        """The cluster's score as a bead of the pair ``a``–``b``: the score of the pair's own beads
        when one of them is the pivot, else the weaker of the two languages' beads with the pivot."""
        vals = [self.scores[x] for x in (a, b) if x != self.pivot and x in self.scores]
        return min(vals) if vals else self.score


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(self, x: tuple[str, int]) -> tuple[str, int]:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: tuple[str, int], b: tuple[str, int]) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


def align_to_pivot(versions: Mapping[str, Sequence[str]], *, pivot: str | None = None,
                   embeddings: bool = True, aligner: Aligner | None = None) -> tuple[str, dict[str, list[Bead]]]:
    """The pivot (English when present, else the first version) and every other version's beads
    with it (source: the pivot)."""
    langs = list(versions)
    if pivot is None:
        pivot = "en" if "en" in versions else langs[0]
    if pivot not in versions:
        raise AlignError(f"pivot {pivot!r} is not one of the versions {langs}")
    al = aligner or Aligner()
    order = sorted((x for x in langs if x != pivot), key=lambda x: LANGS.index(x) if x in LANGS else 99)
    return pivot, {lang: al.align(versions[pivot], versions[lang], pivot, lang, embeddings=embeddings)
                   for lang in order}


def clusters_of(pivot: str, n_pivot: int, beads: Mapping[str, Sequence[Bead]]) -> list[Cluster]:
    """The clusters of the pivot's ``n_pivot`` sentences and each language's ``beads`` with it."""
    uf = _UnionFind()
    key: dict[tuple[str, int], tuple[float, int, int]] = {}
    by_lang: dict[str, dict[tuple[str, int], float]] = {}
    for i in range(n_pivot):
        node = (pivot, i)
        uf.find(node)
        key[node] = (float(i), 0, 0)
    for rank, (lang, lang_beads) in enumerate(beads.items(), start=1):
        next_pivot = 0
        mine = by_lang.setdefault(lang, {})
        for k, bead in enumerate(lang_beads):
            if bead.src:
                next_pivot = bead.src[0]
            nodes = [(pivot, i) for i in bead.src] + [(lang, j) for j in bead.tgt]
            for nd in nodes:
                uf.find(nd)
                key.setdefault(nd, (next_pivot - (0.5 if not bead.src else 0.0), rank, k))
                mine[nd] = min(mine.get(nd, 1.0), bead.score)
            for nd in nodes[1:]:
                uf.union(nodes[0], nd)
            if bead.src:
                next_pivot = bead.src[-1] + 1
    groups: dict[tuple[str, int], list[tuple[str, int]]] = {}
    for nd in key:
        groups.setdefault(uf.find(nd), []).append(nd)
    rank_of = {pivot: 0} | {lang: r for r, lang in enumerate(beads, start=1)}
    clusters = []
    for nodes in sorted(groups.values(), key=lambda ns: min(key[n] for n in ns)):
        members: dict[str, list[int]] = {}
        for lang, idx in sorted(nodes, key=lambda n: (rank_of[n[0]], n[1])):
            members.setdefault(lang, []).append(idx)
        scores = {lang: min(got[n] for n in nodes if n in got) for lang, got in by_lang.items()
                  if any(n in got for n in nodes)}
        clusters.append(Cluster(members, min(scores.values(), default=1.0), scores, pivot))
    return clusters


def pair_beads(pivot: str, n_pivot: int, beads: Mapping[str, Sequence[Bead]], a: str, b: str) -> list[Bead]:
    """The beads of the pair ``a``–``b`` (source ``a``) from each language's beads with the pivot: a
    pair with the pivot keeps its own beads; two other languages are joined through the pivot, from
    their two alignments only (a third language's merges never widen their beads)."""
    if a == pivot:
        return [Bead(src=list(x.src), tgt=list(x.tgt), score=x.score) for x in beads[b]]
    if b == pivot:
        return [Bead(src=list(x.tgt), tgt=list(x.src), score=x.score) for x in beads[a]]
    return [Bead(src=list(c.members.get(a, [])), tgt=list(c.members.get(b, [])), score=c.pair_score(a, b))
            for c in clusters_of(pivot, n_pivot, {a: beads[a], b: beads[b]})
            if c.members.get(a) or c.members.get(b)]


def align_many(versions: Mapping[str, Sequence[str]], *, pivot: str | None = None,
               embeddings: bool = True, aligner: Aligner | None = None) -> list[Cluster]:
    """Align up to six versions ``{lang: sentences}``; returns clusters in the pivot's order."""
    if not versions:
        return []
    pivot, beads = align_to_pivot(versions, pivot=pivot, embeddings=embeddings, aligner=aligner)
    clusters = clusters_of(pivot, len(versions[pivot]), beads)
    langs = list(versions)
    for c in clusters:  # members in the caller's order of the versions
        c.members = {lang: c.members[lang] for lang in langs if lang in c.members}
    return clusters
