"""Would a non-linear calibrator flag more wrong beads? Gradient-boosted trees against the shipped logistic.

Issue 15 asks that, of the wrong beads, 70% be marked low (p < 0.5) while half of the low ones are
wrong. The shipped model is a monotone logistic regression over the features of
``hexaglot.align.calibrate``. This bench fits scikit-learn's ``HistGradientBoostingClassifier`` on the
same features (plus the bead's raw sides, score, margin and length delta, which trees can cut where
a line cannot), on the same fit sets and weights, MAC scored leave-one-chapter-out as in
``bench/calibrate.py fit``, and prints for each: beads marked low, wrong among low, low among wrong,
the best share of wrong beads any threshold flags with half of the flagged wrong, and the ECE per set.

scikit-learn is not a dependency of hexaglot:
``pip install --target /tmp/skl scikit-learn==1.6.1 scipy joblib threadpoolctl``, then
``PYTHONPATH=/tmp/skl:src:bench .venv/bin/python bench/calibrate_gbm.py --features F`` on the features
``bench/calibrate.py collect`` saved.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np

import calibrate as cal
from hexaglot.align.calibrate import DEFAULT_TEMPERATURE, ece, fit_monotone, logistic

Model = Callable[[np.ndarray], np.ndarray]


def _logit(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> Model:
    weights = fit_monotone(x, y.astype(np.float64), w, l2=1e-2)
    return lambda z: logistic(z @ weights)


def _trees(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> Model:
    from sklearn.ensemble import HistGradientBoostingClassifier

    m = HistGradientBoostingClassifier(max_iter=200, learning_rate=0.05, max_leaf_nodes=15, min_samples_leaf=40,
                                       l2_regularization=1.0, random_state=0)
    m.fit(x, y, sample_weight=w * len(w))
    return lambda z: m.predict_proba(z)[:, 1]


def scored(data: dict[str, np.ndarray], x: np.ndarray, train: Callable[..., Model]) -> dict[str, np.ndarray]:
    """Out-of-fit probabilities per evaluation set (MAC: leave one chapter out)."""
    y, sets = data["label"], data["set"]
    fit = np.isin(sets, cal.FIT_SETS)

    def model(sel: np.ndarray) -> Model:
        return train(x[sel], y[sel], cal._weights({"set": sets[sel]}, np.ones(int(sel.sum()), dtype=bool)))

    whole = model(fit)
    probs: dict[str, np.ndarray] = {}
    for name in cal.EVAL_SETS:
        sel = sets == name
        if name != "mac":
            probs[name] = whole(x[sel])
            continue
        p, docs = np.zeros(int(sel.sum())), data["doc"][sel]
        for d in np.unique(docs):
            p[docs == d] = model(fit & ~(sel & (data["doc"] == d)))(x[sel][docs == d])
        probs[name] = p
    return probs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--features", required=True, help="folder of bench/calibrate.py collect's features")
    args = ap.parse_args()
    try:
        import sklearn  # noqa: F401
    except ImportError:
        sys.exit("bench/calibrate_gbm.py compares a package hexaglot does not need: install scikit-learn first "
                 "(see the module's doc)")
    print("| mode | model | low | wrong among low | low among wrong | best share flagged (threshold) | "
          "ECE unpc-eval / textberg / mac / udhr |")
    print("|---|---|---|---|---|---|---|")
    for mode in ("embeddings", "no-embeddings"):
        data = dict(np.load(Path(args.features) / f"{mode}.npz"))
        x = cal._matrix(data, "full", DEFAULT_TEMPERATURE)
        extra = np.column_stack([data["a"], data["b"], data["raw"], np.clip(data["margin"], 0, 2), data["length"]])
        for name, feats, train in (("logistic (shipped form)", x, _logit), ("boosted trees", np.hstack([x, extra]),
                                                                            _trees)):
            probs = scored(data, feats, train)
            p = np.concatenate([probs[s] for s in cal.EVAL_SETS])
            wrong = np.concatenate([data["label"][data["set"] == s] == 0 for s in cal.EVAL_SETS])
            low = p < 0.5
            eces = " / ".join(f"{ece(probs[s], data['label'][data['set'] == s].astype(np.float64)):.3f}"
                              for s in cal.EVAL_SETS)
            print(f"| {mode} | {name} | {low.sum()} | {wrong[low].mean():.3f} | {low[wrong].mean():.3f} | "
                  f"{cal._best_recall(probs, data)} | {eces} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
