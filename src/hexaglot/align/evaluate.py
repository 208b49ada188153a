"""Alignment evaluation: strict and lax bead precision/recall/F1 (the Vecalign/Bleualign measure).

* strict: a bead is correct when the same bead (same source and target index sets) is in the gold;
* lax: an incorrect bead still counts when it shares at least one source and one target sentence
  with a single bead of the other alignment;
* beads with an empty side (1-0, 0-1) are left out on both sides before counting.

Counts are summed over documents before precision and recall are computed (micro average).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from hexaglot.model import Bead

BeadTuple = tuple[tuple[int, ...], tuple[int, ...]]
_LINE = re.compile(r"^\s*\[([\d,\s]*)\]\s*:\s*\[([\d,\s]*)\]")


def parse_beads(lines: Iterable[str]) -> list[BeadTuple]:
    """Beads of the ``[1, 2]:[3]`` format, one per line (blank lines ignored)."""
    out = []
    for line in lines:
        m = _LINE.match(line)
        if not m:
            continue
        s = tuple(int(x) for x in m.group(1).replace(",", " ").split())
        t = tuple(int(x) for x in m.group(2).replace(",", " ").split())
        out.append((s, t))
    return out


def read_gold(path: str | Path) -> list[BeadTuple]:
    return parse_beads(Path(path).read_text(encoding="utf-8").splitlines())


def as_tuples(beads: Sequence[Bead] | Sequence[BeadTuple]) -> list[BeadTuple]:
    out = []
    for b in beads:
        if isinstance(b, Bead):
            out.append((tuple(b.src), tuple(b.tgt)))
        else:
            out.append((tuple(b[0]), tuple(b[1])))
    return out


@dataclass
class Counts:
    """True/false positives of test beads (precision) and of gold beads (recall)."""

    tp_strict: int = 0
    fp_strict: int = 0
    tp_lax: int = 0
    fp_lax: int = 0
    hit_strict: int = 0
    miss_strict: int = 0
    hit_lax: int = 0
    miss_lax: int = 0

    def __add__(self, o: Counts) -> Counts:
        return Counts(*(a + b for a, b in zip(self.astuple(), o.astuple(), strict=True)))

    def astuple(self) -> tuple[int, ...]:
        return (self.tp_strict, self.fp_strict, self.tp_lax, self.fp_lax,
                self.hit_strict, self.miss_strict, self.hit_lax, self.miss_lax)

    def scores(self) -> dict[str, float]:
        def prf(tp: int, fp: int, hit: int, miss: int) -> tuple[float, float, float]:
            p = tp / (tp + fp) if tp + fp else 0.0
            r = hit / (hit + miss) if hit + miss else 0.0
            return p, r, (2 * p * r / (p + r) if p + r else 0.0)

        ps, rs, fs = prf(self.tp_strict, self.fp_strict, self.hit_strict, self.miss_strict)
        pl, rl, fl = prf(self.tp_lax, self.fp_lax, self.hit_lax, self.miss_lax)
        return {"p": ps, "r": rs, "f1": fs, "lax_p": pl, "lax_r": rl, "lax_f1": fl}


def _match(test: list[BeadTuple], gold: list[BeadTuple]) -> tuple[int, int, int, int]:
    gold_set = set(gold)
    src_of: dict[int, int] = {}
    tgt_of: dict[int, int] = {}
    for k, (s, t) in enumerate(gold):
        for i in s:
            src_of[i] = k
        for j in t:
            tgt_of[j] = k
    tp = fp = tpl = fpl = 0
    for s, t in test:
        if (s, t) in gold_set:
            tp += 1
            tpl += 1
            continue
        fp += 1
        ks = {src_of[i] for i in s if i in src_of}
        kt = {tgt_of[j] for j in t if j in tgt_of}
        if ks & kt:
            tpl += 1
        else:
            fpl += 1
    return tp, fp, tpl, fpl


def score(test: Sequence[Bead] | Sequence[BeadTuple], gold: Sequence[Bead] | Sequence[BeadTuple]) -> Counts:
    """Counts for one document; add the Counts of several documents, then call ``scores()``."""
    t = [b for b in as_tuples(test) if b[0] and b[1]]
    g = [b for b in as_tuples(gold) if b[0] and b[1]]
    tp, fp, tpl, fpl = _match(t, g)
    hit, miss, hitl, missl = _match(g, t)
    return Counts(tp, fp, tpl, fpl, hit, miss, hitl, missl)


def by_type(test: Sequence[Bead] | Sequence[BeadTuple], gold: Sequence[Bead] | Sequence[BeadTuple],
            into: dict[tuple[int, int], list[int]] | None = None) -> dict[tuple[int, int], list[int]]:
    """Per bead type (a, b): [predicted, gold, predicted and in the gold] (strict; 1-0/0-1 included).
    Pass ``into`` to add a document's counts to a running table."""
    out: dict[tuple[int, int], list[int]] = {} if into is None else into
    t, g = as_tuples(test), as_tuples(gold)
    gs = set(g)
    for b in t:
        row = out.setdefault((len(b[0]), len(b[1])), [0, 0, 0])
        row[0] += 1
        row[2] += b in gs
    for b in g:
        out.setdefault((len(b[0]), len(b[1])), [0, 0, 0])[1] += 1
    return out
