"""Word-alignment scores against gold links, and readers of the gold sets.

Precision and recall follow Och & Ney (2003): with sure links ``S`` and possible links ``P`` (``S ⊆ P``)
and hypothesis ``A``, precision = |A ∩ P| / |A|, recall = |A ∩ S| / |S| and
AER = 1 − (|A ∩ S| + |A ∩ P|) / (|A| + |S|); ``f1`` is their harmonic mean (a link is right when it is
possible, and recall counts the sure links). ``sure_f1`` is the stricter F1 on sure links only
(|A ∩ S| / |A| and |A ∩ S| / |S|). Counts are summed over the corpus, then divided.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

Links = set[tuple[int, int]]


@dataclass(frozen=True)
class GoldPair:
    src: list[str]
    tgt: list[str]
    sure: Links
    possible: Links  # includes the sure links


@dataclass(frozen=True)
class Scores:
    precision: float  # |A ∩ P| / |A|
    recall: float  # |A ∩ S| / |S|
    aer: float
    f1: float  # of precision and recall
    sure_precision: float  # |A ∩ S| / |A|
    sure_f1: float  # F1 of sure_precision and recall
    links: int  # |A|


def score(hyp: Sequence[Iterable[tuple[int, int]]], gold: Sequence[GoldPair]) -> Scores:
    a = s = p = a_s = a_p = 0
    for h, g in zip(hyp, gold, strict=True):
        hs = set(h)
        a += len(hs)
        s += len(g.sure)
        p += len(g.possible)
        a_s += len(hs & g.sure)
        a_p += len(hs & g.possible)
    prec = a_p / a if a else 0.0
    rec = a_s / s if s else 0.0
    sprec = a_s / a if a else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    sf1 = 2 * sprec * rec / (sprec + rec) if sprec + rec else 0.0
    aer = 1.0 - (a_s + a_p) / (a + s) if a + s else 0.0
    return Scores(prec, rec, aer, f1, sprec, sf1, a)


def _links(field: str) -> tuple[Links, Links]:
    sure: Links = set()
    possible: Links = set()
    for x in field.split():
        if "p" in x:
            i, j = x.split("p")
            possible.add((int(i), int(j)))
        else:
            i, j = x.split("-")
            sure.add((int(i), int(j)))
    return sure, possible | sure


def read_hansards(folder: str | Path, split: str = "test") -> list[GoldPair]:
    """``{split}.en``, ``{split}.fr`` and ``{split}.en-fr.align`` (``i-j`` sure, ``ipj`` possible)."""
    d = Path(folder)
    en = d.joinpath(f"{split}.en").read_text(encoding="utf-8").splitlines()
    fr = d.joinpath(f"{split}.fr").read_text(encoding="utf-8").splitlines()
    al = d.joinpath(f"{split}.en-fr.align").read_text(encoding="utf-8").splitlines()
    out = []
    for e, f, a in zip(en, fr, al, strict=True):
        sure, possible = _links(a)
        out.append(GoldPair(e.split(), f.split(), sure, possible))
    return out


def read_xlwa(path: str | Path) -> list[GoldPair]:
    """XL-WA TSV: source tokens, target tokens, links ``i-j`` (all sure)."""
    out = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        src, tgt, links = [*line.split("\t"), "", ""][:3]
        sure, possible = _links(links)
        out.append(GoldPair(src.split(), tgt.split(), sure, possible))
    return out
