"""Would a neighbour-join signal tell the wrong 1-1 beads from the right ones? (issue 15, "low among wrong")

For each 1-1 bead of Text+Berg test, MAC dev and Text+Berg dev aligned with embeddings: the largest gain in
cosine when its source or its target sentence is joined with a neighbour (the joined vector taken as the
sum of the two sentence vectors, no re-encoding), against whether the bead is exactly right. Prints the
AUC of the gain and of the calibrated score for telling wrong beads, and how many of the beads at p >= 0.5
above each gain threshold are wrong.

Run: ``PYTHONPATH=src:bench .venv/bin/python bench/align_neighbour_gain.py [--cache-dir C]``
"""

from __future__ import annotations

import argparse
import sys

import numpy as np

from align_eval import load_set
from hexaglot.align import Aligner
from hexaglot.align.evaluate import as_tuples


def _auc(score: np.ndarray, positive: np.ndarray) -> float:
    order = np.argsort(score)
    rank = np.empty(len(order))
    rank[order] = np.arange(len(order))
    n1 = positive.sum()
    n0 = len(positive) - n1
    return float((rank[positive == 1].sum() - n1 * (n1 - 1) / 2) / (n1 * n0))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache-dir", default=None, help="embedding cache")
    args = ap.parse_args()
    aligner = Aligner(cache_dir=args.cache_dir)
    rows: list[tuple[bool, float, float]] = []
    for name in ("textberg", "mac", "textberg-dev"):
        for d in load_set(name):
            beads, _ = aligner.align_scored(d.src, d.tgt, d.src_lang, d.tgt_lang, embeddings=True)
            s, t = aligner.cache.get(list(d.src)), aligner.cache.get(list(d.tgt))
            s = s / np.linalg.norm(s, axis=1, keepdims=True)
            t = t / np.linalg.norm(t, axis=1, keepdims=True)
            exact = set(as_tuples(d.gold))

            def cos(a: np.ndarray, b: np.ndarray) -> float:
                return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))

            for b in beads:
                if len(b.src) != 1 or len(b.tgt) != 1:
                    continue
                i, j = b.src[0], b.tgt[0]
                base = float(s[i] @ t[j])
                gains = [cos(s[i], t[j] + t[k]) - base for k in (j - 1, j + 1) if 0 <= k < len(t)]
                gains += [cos(s[i] + s[k], t[j]) - base for k in (i - 1, i + 1) if 0 <= k < len(s)]
                rows.append(((tuple(b.src), tuple(b.tgt)) in exact, b.score, max(gains)))
    right = np.array([r[0] for r in rows], dtype=float)
    p = np.array([r[1] for r in rows])
    gain = np.array([r[2] for r in rows])
    wrong = 1 - right
    likely = p >= 0.5
    print(f"1-1 beads {len(rows)}, wrong {int(wrong.sum())}, wrong at p >= 0.5 {int((wrong * likely).sum())}")
    print(f"AUC for the wrong beads: neighbour gain {_auc(gain, wrong):.2f}, calibrated 1 - p {_auc(-p, wrong):.2f}")
    for q in (0.0, 0.02, 0.05, 0.08, 0.1):
        sel = likely & (gain > q)
        print(f"p >= 0.5 and gain > {q}: {int(sel.sum())} beads, {int(wrong[sel].sum())} wrong")
    return 0


if __name__ == "__main__":
    sys.exit(main())
