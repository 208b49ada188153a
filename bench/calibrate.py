"""Fit the bead-score calibration on dev gold, write src/hexaglot/align/calibration.json, report ECE.

    .venv/bin/python bench/calibrate.py collect [--no-embeddings] --cache-dir /tmp/hx/cache
    .venv/bin/python bench/calibrate.py fit [--record] [--plots docs/calibration]

``collect`` aligns every gold set once with raw scores and saves, per bead, its type, raw score and
label (1 = the bead is exactly a gold bead) to ``--features`` (default /tmp/hexaglot-calib), one
file per mode. ``fit`` reads both files, fits one logistic regression per mode on the dev data —
UNPC dev streams of the even-numbered documents ("unpc-fit"), Text+Berg dev, MAC dev — and
evaluates on the UNPC streams of the odd-numbered documents ("unpc-eval"), Text+Berg test, MAC dev
(leave-one-chapter-out: each chapter is scored by a fit without it) and UDHR. ECE over 15
equal-mass bins. ``--record`` appends the table and the command to bench/RESULTS.md (## Alignment).
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import itertools
import json
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from align_eval import CORPUS, REPO, Doc, load_set, record
from hexaglot.align import AlignConfig, Aligner
from hexaglot.align.calibrate import (
    EVIDENCE,
    FEATURES,
    Calibration,
    Evidence,
    ece,
    features,
    fit_monotone,
    full_features,
    load,
    logistic,
    monotone_signs,
    reliability,
)
from hexaglot.align.evaluate import as_tuples
from hexaglot.align.fragments import join_posteriors
from hexaglot.align.posterior import Posteriors, posteriors
from unpc_bench import LANGS, corrupt

OUT = REPO / "src" / "hexaglot" / "align" / "calibration.json"
FIT_SETS = ("unpc-fit", "textberg-dev", "mac")
EVAL_SETS = ("unpc-eval", "textberg", "mac", "udhr")
LOW = 0.5
#: bead posteriors are collected at these temperatures; ``fit`` picks one per mode
TEMPERATURES = (0.02, 0.04, 0.08, 0.16, 0.32)
POST_PARTS = ("bead", "start", "end")


def unpc_halves(corpus: Path = CORPUS) -> dict[str, dict[str, list[str]]]:
    """Two sets of six-language streams: even-numbered documents (fit) and odd-numbered (eval)."""
    base = corpus / "unpc_devset_6way"
    lines = {x: (base / f"dev.{x}").read_text(encoding="utf-8").rstrip("\n").split("\n") for x in LANGS}
    orders: dict[str, list[int]] = {"unpc-fit": [], "unpc-eval": []}
    rows = [r for r in (base / "dev.docs.jsonl").read_text(encoding="utf-8").splitlines() if r.strip()]
    for k, row in enumerate(rows):
        orders["unpc-fit" if k % 2 == 0 else "unpc-eval"].extend(json.loads(row)["lines_in_en_order"])
    return {h: {x: [lines[x][i] for i in order] for x in LANGS} for h, order in orders.items()}


def unpc_docs(streams: dict[str, list[str]], seed: int = 13) -> list[Doc]:
    docs = []
    for k, (s, t) in enumerate(itertools.combinations(LANGS, 2)):
        tgt, gold = corrupt(streams[t], t, seed + k)
        docs.append(Doc(f"{s}-{t}", streams[s], tgt, s, t, gold))
    return docs


def gold_sets() -> dict[str, list[Doc]]:
    """Every gold set the calibration is fitted and scored on, by name."""
    sets: dict[str, list[Doc]] = {h: unpc_docs(st) for h, st in unpc_halves().items()}
    for name in ("textberg-dev", "textberg", "mac", "udhr"):
        sets[name] = load_set(name)
    return sets


def collect(args: argparse.Namespace) -> None:
    mode = "no-embeddings" if args.no_embeddings else "embeddings"
    aligner = Aligner(replace(AlignConfig(), calibrate=False), cache_dir=args.cache_dir)
    aligner.keep_lattice = True  # posteriors at every temperature from the final lattice
    sets = gold_sets()
    cols: dict[str, list] = {k: [] for k in ("a", "b", "raw", "margin", "agree", "label", "alignment", "set",
                                             "doc", "length", "lexical", *(f"{part}@{t}" for t in TEMPERATURES for part in POST_PARTS))}
    k = 0
    t0 = time.perf_counter()
    for name, docs in sets.items():
        for d in docs:
            beads, ev = aligner.align_scored(d.src, d.tgt, d.src_lang, d.tgt_lang,
                                             embeddings=not args.no_embeddings)
            gold = set(as_tuples(d.gold))
            cols["margin"].extend(ev.margin)
            cols["agree"].extend(ev.agree)
            cols["length"].extend(ev.length or [0.0] * len(beads))
            cols["lexical"].extend(ev.lexical if ev.lexical is not None else [True] * len(beads))
            lattice = aligner.last_lattice
            assert lattice is not None
            for temp in TEMPERATURES:  # on the DP's beads; clause fragments joined after it as the aligner does
                post = posteriors(lattice, ev.dp_types or [(len(b.src), len(b.tgt)) for b in beads], temp)
                post = join_posteriors(post, ev.joins) if ev.joins else post
                for part in POST_PARTS:
                    cols[f"{part}@{temp}"].extend(getattr(post, part))
            for b in beads:
                cols["a"].append(len(b.src))
                cols["b"].append(len(b.tgt))
                cols["raw"].append(b.raw)
                cols["label"].append(int((tuple(b.src), tuple(b.tgt)) in gold))
                cols["alignment"].append(k)
                cols["set"].append(name)
                cols["doc"].append(d.name)
            k += 1
            print(f"{mode} {name} {d.name}: {len(beads)} beads, {time.perf_counter() - t0:.0f} s", flush=True)
    path = Path(args.features)
    path.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path / f"{mode}.npz", **{c: np.asarray(v) for c, v in cols.items()})
    print(f"wrote {path / f'{mode}.npz'}")


def _matrix(data: dict[str, np.ndarray], kind: str, temperature: float | None = None) -> np.ndarray:
    """Features per bead (``kind`` full or stored), computed per alignment (they use its other beads);
    the full kind with the bead posteriors collected at ``temperature``."""
    width = len(FEATURES) + (len(EVIDENCE) if kind == "full" else 0)
    x = np.zeros((len(data["set"]), width))
    al = data["alignment"]
    for k in np.unique(al):
        rows = np.flatnonzero(al == k)
        types = list(zip(data["a"][rows], data["b"][rows], strict=True))
        if kind == "full":
            post = Posteriors(*(list(data[f"{part}@{temperature}"][rows]) for part in POST_PARTS))
            ev = Evidence(list(data["margin"][rows]), list(data["agree"][rows]), post, list(data["length"][rows]),
                          list(data["lexical"][rows]))
            x[rows] = full_features(types, data["raw"][rows], ev)
        else:
            x[rows] = features(types, data["raw"][rows])
    return x


def _weights(data: dict[str, np.ndarray], fit: np.ndarray) -> np.ndarray:
    """Each fit set weighs as much as the others together would if they were the same size:
    UNPC (15 streams) would otherwise drown Text+Berg and MAC, whose errors are the interesting ones."""
    w = np.ones(int(fit.sum()))
    sets = data["set"][fit]
    for name in np.unique(sets):
        w[sets == name] = 1.0 / (sets == name).sum()
    return w


def _temperature(data: dict[str, np.ndarray], l2: float) -> tuple[float, dict[float, float]]:
    """The posterior temperature of the full model: least (set-weighted) log loss on the dev sets."""
    fit = np.isin(data["set"], FIT_SETS)
    y = data["label"][fit].astype(np.float64)
    sw = _weights(data, fit)
    loss = {}
    for temp in TEMPERATURES:
        x = _matrix(data, "full", temp)[fit]
        p = np.clip(logistic(x @ fit_monotone(x, y, sw, l2=l2)), 1e-6, 1 - 1e-6)
        loss[temp] = float(-(sw * (y * np.log(p) + (1 - y) * np.log(1 - p))).sum() / sw.sum())
    return min(loss, key=loss.__getitem__), loss


def _fit_mode(data: dict[str, np.ndarray], l2: float, kind: str, temperature: float | None = None,
              ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Weights fitted on the dev sets, and out-of-fit probabilities per evaluation set."""
    fit = np.isin(data["set"], FIT_SETS)
    x_all = _matrix(data, kind, temperature)
    y = data["label"].astype(np.float64)
    w = fit_monotone(x_all[fit], y[fit], _weights(data, fit), l2=l2)
    probs: dict[str, np.ndarray] = {}
    for name in EVAL_SETS:
        sel = data["set"] == name
        if name != "mac":
            probs[name] = logistic(x_all[sel] @ w)
            continue
        p = np.zeros(int(sel.sum()))
        docs = data["doc"][sel]
        for d in np.unique(docs):  # leave one chapter out
            train = fit & ~(sel & (data["doc"] == d))
            wd = fit_monotone(x_all[train], y[train], _weights({"set": data["set"][train]}, np.ones(
                int(train.sum()), dtype=bool)), l2=l2)
            p[docs == d] = logistic(x_all[sel][docs == d] @ wd)
        probs[name] = p
    return w, probs


def _monotone(w: np.ndarray) -> bool:
    """dp/d(raw) >= 0 and dp/d(posterior) >= 0: every weight keeps its sign (:func:`monotone_signs`)."""
    return all(sg * w[k] >= -1e-12 for k, sg in monotone_signs(len(w)).items())


def _plot(name: str, mode: str, p: np.ndarray, y: np.ndarray, raw: np.ndarray, out: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(4.2, 4.2), dpi=110)
    ax.plot([0, 1], [0, 1], color="#999", lw=1, ls="--", label="perfect")
    for vals, lab, col in ((raw, f"raw score (ECE {ece(raw, y):.3f})", "#d08c2c"),
                           (p, f"calibrated (ECE {ece(p, y):.3f})", "#1f5fa8")):
        pts = reliability(vals, y)
        ax.plot([q[0] for q in pts], [q[1] for q in pts], marker="o", ms=4, color=col, label=lab)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("predicted probability (15 equal-mass bins)")
    ax.set_ylabel("share of beads exactly right")
    ax.set_title(f"{name}, {mode} ({len(y)} beads)", fontsize=10)
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{name}-{mode}.png"
    fig.savefig(path)
    plt.close(fig)
    return path


def _apply(data: dict[str, np.ndarray], w: np.ndarray, kind: str, temperature: float | None = None,
           ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Probabilities of given weights on every evaluation set (no fit, no leave-one-out)."""
    x_all = _matrix(data, kind, temperature)
    return w, {name: logistic(x_all[data["set"] == name] @ w)
               for name in EVAL_SETS}


def fit(args: argparse.Namespace) -> None:
    weights: dict[str, np.ndarray] = {}
    given = load(args.model) if args.model else None
    if given is not None:
        args.dry_run = True
    cmd = "`.venv/bin/python bench/calibrate.py " + " ".join(sys.argv[1:]) + "`"
    lines = [f"### calibrate ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())})", "", cmd, "",
             "Bead score = calibrated probability that the bead is exactly a gold bead (logistic regression, "
             f"fitted on {', '.join(FIT_SETS)}; "
             + (f"the model of {args.model}, not refitted: MAC in-sample" if given is not None
                else "MAC scored leave-one-chapter-out") + "). ECE over 15 equal-mass bins. "
             f"low = p < {LOW}: *wrong among low* = share of low beads that are wrong (target ≥ 0.50), "
             "*low among wrong* = share of wrong beads marked low (target ≥ 0.70).", "",
             "*ECE if calibrated* = the ECE a perfectly calibrated model would still show on a set of this size "
             "(labels drawn from the model's own p, median and 90th percentile of 200 draws).", "",
             "| mode | set | beads | exactly right | ECE raw | ECE calibrated | ECE if calibrated | low "
             "| wrong among low | low among wrong |", "|---|---|---|---|---|---|---|---|---|---|"]
    counts = {}
    temps: dict[str, float] = {}
    best_recall: dict[str, str] = {}
    stored_rows: list[str] = []
    for mode in args.modes:
        f = Path(args.features) / f"{mode}.npz"
        if not f.exists():
            raise SystemExit(f"{f}: no features; run `bench/calibrate.py collect` first")
        data = dict(np.load(f))
        if f"bead@{TEMPERATURES[0]}" not in data or "length" not in data or "lexical" not in data:
            raise SystemExit(f"{f}: features without bead posteriors, length deltas or lexical agreement; "
                             "re-run `bench/calibrate.py collect`")
        if given is not None:  # score an existing model (MAC in-sample: the file was fitted on it)
            temperature = given.temperature(embeddings=mode == "embeddings")
            if temperature not in TEMPERATURES:
                raise SystemExit(f"{args.model}: temperature {temperature} was not collected")
            temps[mode] = temperature
            w_stored, probs_stored = _apply(data, given.weights[f"{mode}/stored"], "stored")
            w, probs = _apply(data, given.weights[f"{mode}/full"], "full", temperature)
        else:
            temperature, losses = _temperature(data, args.l2)
            temps[mode] = temperature
            print(f"{mode}: posterior temperature {temperature} (dev log loss "
                  + ", ".join(f"{t}: {v:.4f}" for t, v in losses.items()) + ")", flush=True)
            w_stored, probs_stored = _fit_mode(data, args.l2, "stored")
            w, probs = _fit_mode(data, args.l2, "full", temperature)
        best_recall[mode] = _best_recall(probs, data)
        for kind, ww in (("full", w), ("stored", w_stored)):
            if not _monotone(ww):
                print(f"warning: {mode}/{kind}: the fitted model is not monotone in the raw score", file=sys.stderr)
        weights[f"{mode}/full"] = w
        weights[f"{mode}/stored"] = w_stored
        for name, p in probs_stored.items():
            y = data["label"][data["set"] == name].astype(float)
            floor = _noise_floor(p)
            stored_rows.append(f"| {mode} | {name} | {ece(p, y):.3f} | {floor[0]:.3f} / {floor[1]:.3f} |")
        all_low = all_wrong = low_wrong = 0
        for name, p in probs.items():
            sel = data["set"] == name
            y = data["label"][sel].astype(float)
            raw = data["raw"][sel]
            low = p < LOW
            wrong = y == 0
            all_low += int(low.sum())
            all_wrong += int(wrong.sum())
            low_wrong += int((low & wrong).sum())
            counts[(mode, name)] = (ece(p, y), int(low.sum()), int(wrong.sum()))
            floor = _noise_floor(p)
            row = (f"| {mode} | {name} | {len(y)} | {y.mean():.3f} | {ece(raw, y):.3f} | {ece(p, y):.3f} | "
                   f"{floor[0]:.3f} / {floor[1]:.3f} | {int(low.sum())} | {_share(low & wrong, low)} | "
                   f"{_share(low & wrong, wrong)} |")
            print(row, flush=True)
            lines.append(row)
            if args.plots:
                _plot(name, mode, p, y, raw, Path(args.plots))
        row = (f"| {mode} | all four | | | | | | {all_low} | {low_wrong / max(1, all_low):.3f} | "
               f"{low_wrong / max(1, all_wrong):.3f} |")
        print(row)
        lines.append(row)
    extra = ["", "Bead posteriors at temperature " + ", ".join(f"{t} ({m})" for m, t in temps.items())
             + (" (the model's own)" if given is not None else " (the least set-weighted log loss on the dev sets among "
                + ", ".join(map(str, TEMPERATURES)) + ")") + ". Best share of wrong beads flagged at any threshold that keeps ≥ 50% of the flagged beads "
             "wrong (all four sets pooled): " + "; ".join(f"{m} {v}" for m, v in best_recall.items()) + ".",
             "", "Recalibrating an archive built before (`hexaglot reindex`) uses the model of stored "
             "features only (bead types and raw scores, no DP margins, pass agreement or posteriors); its ECE:", "",
             "| mode | set | ECE (stored features) | ECE if calibrated |", "|---|---|---|---|", *stored_rows]
    print("\n".join(extra))
    lines += extra
    meta: dict[str, object] = {"fitted_on": list(FIT_SETS), "method": "logistic regression (numpy IRLS)",
                               "l2": args.l2, "temperature": temps}
    if OUT.exists() and "gate" in (shipped_meta := load(str(OUT)).meta):  # bench/translation_gate.py's, kept
        meta["gate"] = shipped_meta["gate"]
    cal = Calibration(weights, meta)
    if not args.dry_run and len(weights) == 4:
        OUT.write_text(cal.to_json(), encoding="utf-8")
        print(f"wrote {OUT}")
    if args.record:
        record(lines)


def _best_recall(probs: dict[str, np.ndarray], data: dict[str, np.ndarray]) -> str:
    """The largest share of wrong beads below a threshold on p while ≥ 50% of the beads below it
    are wrong (the evaluation sets pooled), with that threshold and precision."""
    p = np.concatenate([probs[name] for name in EVAL_SETS])
    wrong = np.concatenate([data["label"][data["set"] == name] == 0 for name in EVAL_SETS])
    order = np.argsort(p, kind="stable")
    hits = np.cumsum(wrong[order])
    flagged = np.arange(1, len(p) + 1)
    ok = np.flatnonzero(hits / flagged >= 0.5)
    if not len(ok) or not wrong.any():
        return "none"
    k = ok[np.argmax(hits[ok])]
    return (f"{hits[k] / wrong.sum():.3f} of wrong beads (p < {p[order][k] + 1e-4:.3f}, "
            f"{hits[k] / flagged[k]:.3f} of flagged wrong)")


def _noise_floor(p: np.ndarray, draws: int = 200) -> tuple[float, float]:
    """Median and 90th percentile of the ECE of ``p`` against labels drawn from ``p`` itself."""
    rng = np.random.default_rng(0)
    vals = [ece(p, (rng.random(len(p)) < p).astype(np.float64)) for _ in range(draws)]
    return float(np.median(vals)), float(np.quantile(vals, 0.9))


def _share(num: np.ndarray, den: np.ndarray) -> str:
    return f"{num.sum() / den.sum():.3f}" if den.sum() else "—"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("collect", help="align every gold set once, save raw scores and labels")
    c.add_argument("--no-embeddings", action="store_true")
    c.add_argument("--cache-dir", default=None, help="embedding cache (re-runs cost no model time)")
    f = sub.add_parser("fit", help="fit, write calibration.json, print the ECE table")
    f.add_argument("--l2", type=float, default=1e-2)
    f.add_argument("--plots", default=None, help="folder for reliability diagrams (PNG), e.g. docs/calibration")
    f.add_argument("--record", action="store_true", help="append the table to bench/RESULTS.md")
    f.add_argument("--dry-run", action="store_true", help="do not rewrite calibration.json")
    f.add_argument("--model", default=None, help="score this calibration file (e.g. the shipped "
                   "src/hexaglot/align/calibration.json) on the features instead of fitting; implies --dry-run")
    f.add_argument("--modes", nargs="+", default=["embeddings", "no-embeddings"],
                   choices=["embeddings", "no-embeddings"], help="(both are needed to write the file)")
    for p in (c, f):
        p.add_argument("--features", default="/tmp/hexaglot-calib", help="folder of the saved features")
    args = ap.parse_args(argv)
    collect(args) if args.cmd == "collect" else fit(args)


if __name__ == "__main__":
    main()
