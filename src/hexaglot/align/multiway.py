"""Multi-way alignment: every version aligned to a pivot, beads merged into clusters.

Each non-pivot version is aligned to the pivot (English by default: the UN's most frequent
original, and the language whose pairs the lexical resources cover best). Sentences linked through
any bead are put in one cluster (union–find), so a 2-1 merge in one language and a 1-2 split in
another end up in the same cluster. Clusters come in the pivot's reading order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from hexaglot.align.aligner import Aligner, AlignError
from hexaglot.model import LANGS


@dataclass
class Cluster:
    """Sentence indices per language that translate one another (a language may be absent)."""

    members: dict[str, list[int]] = field(default_factory=dict)
    score: float = 1.0


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


def align_many(versions: Mapping[str, Sequence[str]], *, pivot: str | None = None,
               embeddings: bool = True, aligner: Aligner | None = None) -> list[Cluster]:
    """Align up to six versions ``{lang: sentences}``; returns clusters in the pivot's order."""
    if not versions:
        return []
    langs = list(versions)
    if pivot is None:
        pivot = "en" if "en" in versions else langs[0]
    if pivot not in versions:
        raise AlignError(f"pivot {pivot!r} is not one of the versions {langs}")
    al = aligner or Aligner()
    uf = _UnionFind()
    key: dict[tuple[str, int], tuple[float, int, int]] = {}
    score: dict[tuple[str, int], float] = {}
    for i in range(len(versions[pivot])):
        node = (pivot, i)
        uf.find(node)
        key[node] = (float(i), 0, 0)
    order = sorted((x for x in langs if x != pivot), key=lambda x: LANGS.index(x) if x in LANGS else 99)
    for rank, lang in enumerate(order, start=1):
        beads = al.align(versions[pivot], versions[lang], pivot, lang, embeddings=embeddings)
        next_pivot = 0
        for k, bead in enumerate(beads):
            if bead.src:
                next_pivot = bead.src[0]
            nodes = [(pivot, i) for i in bead.src] + [(lang, j) for j in bead.tgt]
            for nd in nodes:
                uf.find(nd)
                key.setdefault(nd, (next_pivot - (0.5 if not bead.src else 0.0), rank, k))
                score[nd] = min(score.get(nd, 1.0), bead.score)
            for nd in nodes[1:]:
                uf.union(nodes[0], nd)
            if bead.src:
                next_pivot = bead.src[-1] + 1
    groups: dict[tuple[str, int], list[tuple[str, int]]] = {}
    for nd in key:
        groups.setdefault(uf.find(nd), []).append(nd)
    clusters = []
    for nodes in sorted(groups.values(), key=lambda ns: min(key[n] for n in ns)):
        members: dict[str, list[int]] = {}
        for lang, idx in sorted(nodes, key=lambda n: (langs.index(n[0]), n[1])):
            members.setdefault(lang, []).append(idx)
        clusters.append(Cluster(members, min(score.get(n, 1.0) for n in nodes)))
    return clusters
