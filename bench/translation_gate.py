"""Fit the translation gate: the probability that two texts are translations of each other at all.

    .venv/bin/python bench/translation_gate.py [--cache-dir /tmp/hx/cache] [--dry-run] [--record]

The bead calibration (bench/calibrate.py) is fitted on gold alignments, every one of which pairs a
text with its translation; its features are mostly relative to the document (a bead's cost against
the document's typical cost, the two passes' agreement, the bead posteriors), so two unrelated texts
aligned with embeddings still got bead probabilities of 0.6-0.9 (median of a document). The gate is
one logistic regression per document on the share of its aligned source sentences whose bead holds
one of their closest target sentences in meaning (:func:`hexaglot.align.diagnose.matched_beads`), fitted on
documents that are translations (label 1) and on the same documents' source paired with the target
of another document (label 0), both weighted equally; every bead probability is multiplied by it.

Fit: chunks of 12, 40 and 120 sentences of the UNPC dev streams of the even-numbered documents (the
15 language pairs), each against its own target (label 1), against the target 300 sentences further
on (label 0) and, for 40 and 120, against its own target with the second half replaced by that
unrelated one (label 1: a damaged translation keeps the beads of its intact half);
Text+Berg dev (its halves crossed for the unrelated pair); MAC dev chapters (each against the next
chapter). Evaluation: the same chunks of the odd-numbered UNPC documents, Text+Berg test (each
document against the next), UDHR (translations only). Without embeddings there is no gate: the
lexical signal cannot tell (bench/RESULTS.md). The gate is written into
src/hexaglot/align/calibration.json (``gate``), unless ``--dry-run``.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import itertools
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from align_eval import load_set, record
from calibrate import OUT, gold_sets, unpc_halves
from hexaglot.align import AlignConfig, Aligner, diagnose
from hexaglot.align.calibrate import Calibration, fit_logistic, logistic, shipped
from hexaglot.align.diagnose import MATCH_SHARE
from unpc_bench import LANGS

SIZES = (12, 40, 120)
OFFSET = 300  # the unrelated target: this many sentences further on in the stream
MIN_BEADS = diagnose.MIN_BEADS  # fewer aligned sentences than this: no gate (the share says too little)


@dataclass
class Pair:
    set: str
    name: str
    src: list[str]
    tgt: list[str]
    src_lang: str
    tgt_lang: str
    label: int  # 1 = translations


def unpc_pairs(streams: dict[str, list[str]], name: str) -> list[Pair]:
    out = []
    for s, t in itertools.combinations(LANGS, 2):
        for size in SIZES:
            for k in range(0, len(streams[s]) - OFFSET - size, 450):
                src = streams[s][k:k + size]
                out.append(Pair(name, f"{s}-{t}@{k}/{size}", src, streams[t][k:k + size], s, t, 1))
                out.append(Pair(name, f"{s}-{t}@{k}/{size}x", src, streams[t][k + OFFSET:k + OFFSET + size], s, t, 0))
                if size >= 40:  # a translation whose second half was replaced by unrelated text
                    q = size // 2
                    part = streams[t][k:k + q] + streams[t][k + OFFSET + q:k + OFFSET + size]
                    out.append(Pair(name, f"{s}-{t}@{k}/{size}p", src, part, s, t, 1))
    return out


def gold_pairs(name: str) -> list[Pair]:
    docs = load_set(name)
    out = [Pair(name, d.name, d.src, d.tgt, d.src_lang, d.tgt_lang, 1) for d in docs]
    if name == "textberg-dev":  # one document: its first half against the second half's target
        d = docs[0]
        h = len(d.src) // 2
        out.append(Pair(name, "dev-x", d.src[:h], d.tgt[len(d.tgt) - h:], d.src_lang, d.tgt_lang, 0))
    elif name in ("mac", "textberg"):
        for k, d in enumerate(docs):
            other = docs[(k + 1) % len(docs)]
            out.append(Pair(name, f"{d.name}x{other.name}", d.src, other.tgt, d.src_lang, d.tgt_lang, 0))
    return out


def measure(pairs: list[Pair], aligner: Aligner) -> tuple[np.ndarray, np.ndarray]:
    """(matched, paired) source sentences per pair, and the median bead probability of its alignment without a
    gate (the shipped bead calibration)."""
    out = np.zeros((len(pairs), 2), dtype=np.int64)
    median = np.zeros(len(pairs))
    cal = shipped()
    t0 = time.perf_counter()
    for k, p in enumerate(pairs):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            beads, ev = aligner.align_scored(p.src, p.tgt, p.src_lang, p.tgt_lang, embeddings=True)
        assert ev.matched is not None
        out[k] = ev.matched
        types = [(len(b.src), len(b.tgt)) for b in beads]
        median[k] = np.median(cal.probabilities(types, [b.raw for b in beads], embeddings=True,
                                                evidence=replace(ev, matched=None)))
        if k % 50 == 49:
            print(f"  {k + 1}/{len(pairs)} pairs, {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
    return out, median


def lexical_shares(pairs: list[Pair], aligner: Aligner) -> dict[str, tuple[list[float], list[float]]]:
    """Per language pair: the matched shares of its translations and of its unrelated pairs, measured
    on the lexical bags (cosine of :func:`hexaglot.align.lexicon.lexical_bags` rows) of a
    no-embeddings alignment, over the 1-1 beads whose source sentence has a lexical link at all."""
    from hexaglot.align.lexicon import lexical_bags
    from hexaglot.align.text import Tokens

    out: dict[str, tuple[list[float], list[float]]] = {}
    for q in pairs:
        if q.name.endswith("p"):
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            beads = aligner.align(q.src, q.tgt, q.src_lang, q.tgt_lang, embeddings=False)
        xs, xt, ms, mt = lexical_bags([t.words for t in Tokens.many(q.src)], [t.words for t in Tokens.many(q.tgt)],
                                      aligner.dictionary(q.src_lang, q.tgt_lang), aligner.config.lex_dim)
        sim = (xs.dense(0, len(q.src)).astype(np.float64) @ xt.dense(0, len(q.tgt)).astype(np.float64).T
               / np.sqrt(np.maximum(np.outer(ms, mt), 1e-9)))
        ones = [(b.src[0], b.tgt[0]) for b in beads if len(b.src) == 1 and len(b.tgt) == 1]
        linked = [(i, j) for i, j in ones if sim[i].max() > 0]
        if len(linked) < MIN_BEADS:
            continue
        share = float(np.mean([(sim[i] > sim[i, j] + 1e-9).sum() <= MATCH_SHARE * len(q.tgt) for i, j in linked]))
        out.setdefault(f"{q.src_lang}-{q.tgt_lang}", ([], []))[q.label == 0].append(share)
    return out


def _cell(share: np.ndarray, p: np.ndarray, mask: np.ndarray, fn: Callable[[np.ndarray], float]) -> str:
    return f"{fn(share[mask]):.2f} | {fn(p[mask]):.4f}" if mask.any() else "— | —"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cache-dir", default=None, help="embedding cache (re-runs cost no model time)")
    ap.add_argument("--l2", type=float, default=1e-2)
    ap.add_argument("--dry-run", action="store_true", help="do not write the gate into calibration.json")
    ap.add_argument("--record", action="store_true", help="append the table to bench/RESULTS.md")
    args = ap.parse_args(argv)
    halves = unpc_halves()
    fit_pairs = unpc_pairs(halves["unpc-fit"], "unpc-fit") + gold_pairs("textberg-dev") + gold_pairs("mac")
    eval_pairs = unpc_pairs(halves["unpc-eval"], "unpc-eval") + gold_pairs("textberg") + gold_pairs("udhr")
    aligner = Aligner(replace(AlignConfig(), calibrate=False), cache_dir=args.cache_dir)
    measured = {"fit": measure(fit_pairs, aligner), "eval": measure(eval_pairs, aligner)}
    counts = {part: m[0] for part, m in measured.items()}
    pairs = {"fit": fit_pairs, "eval": eval_pairs}

    def usable(part: str) -> tuple[np.ndarray, np.ndarray, list[Pair]]:
        c = counts[part]
        keep = c[:, 1] >= MIN_BEADS
        share = c[keep, 0] / c[keep, 1]
        return share, np.array([p.label for p, k in zip(pairs[part], keep, strict=True) if k]), \
            [p for p, k in zip(pairs[part], keep, strict=True) if k]

    share, y, _ = usable("fit")
    x = np.column_stack([np.ones(len(share)), share])
    sw = np.where(y == 1, 1.0 / max(1, (y == 1).sum()), 1.0 / max(1, (y == 0).sum()))  # classes weigh alike
    w = fit_logistic(x, y.astype(np.float64), sw, l2=args.l2)
    cmd = "`.venv/bin/python bench/translation_gate.py " + " ".join(sys.argv[1:]) + "`"
    lines = [f"### translation gate ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())})", "", cmd, "",
             f"P(translations) = logistic({w[0]:.2f} + {w[1]:.2f} × matched share), matched = the aligned source "
             f"sentences (in beads with both sides) with at most {MATCH_SHARE:.0%} of the target side closer in "
             f"meaning than the best target of their bead; documents with ≥ {MIN_BEADS} aligned sentences "
             f"(the others: no gate). Translations should get ≈ 1, unrelated texts ≈ 0.", "",
             "| part | set | translations | matched share (min) | P (min) | half replaced | matched share (min) "
             "| P (min) | unrelated | matched share (max) | P (max) |", "|---|---|---|---|---|---|---|---|---|---|---|"]
    for part in ("fit", "eval"):
        share, y, kept = usable(part)
        p = logistic(w[0] + w[1] * share)
        for name in dict.fromkeys(q.set for q in kept):
            sel = np.array([q.set == name for q in kept])
            half = np.array([q.name.endswith("p") for q in kept])
            pos, damaged, neg = sel & (y == 1) & ~half, sel & half, sel & (y == 0)
            lines.append(f"| {part} | {name} | {int(pos.sum())} | {_cell(share, p, pos, np.min)} | "
                         f"{int(damaged.sum())} | {_cell(share, p, damaged, np.min)} | {int(neg.sum())} | "
                         f"{_cell(share, p, neg, np.max)} |")
    c, before = measured["eval"]
    gated = c[:, 1] >= MIN_BEADS
    gate = np.where(gated, logistic(w[0] + w[1] * c[:, 0] / np.maximum(c[:, 1], 1)), 1.0)
    for label, kind in ((0, "unrelated"), (1, "translations")):
        sel = np.array([q.label == label and not q.name.endswith("p") for q in eval_pairs])
        lines += ["", f"Evaluation pairs, {kind} ({int(sel.sum())}): median bead probability of a pair without the "
                  f"gate {np.median(before[sel]):.2f} (highest {before[sel].max():.2f}), with it "
                  f"{np.median((before * gate)[sel]):.2f} (highest {(before * gate)[sel].max():.2f}); pairs whose "
                  f"median is 0.5 or more: {int((before[sel] >= 0.5).sum())} without, "
                  f"{int(((before * gate)[sel] >= 0.5).sum())} with it."]
    plain = Aligner()  # without embeddings there is no gate: what the calibrated beads say there
    sel = [q for q in eval_pairs if q.label == 0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        med = np.array([np.median([b.score for b in plain.align(q.src, q.tgt, q.src_lang, q.tgt_lang,
                                                                  embeddings=False)]) for q in sel])
    lines += ["", f"Without embeddings (no gate), the unrelated evaluation pairs: median bead probability "
              f"{np.median(med):.2f} (highest {med.max():.2f}); {int((med >= 0.5).sum())} of {len(sel)} pairs have "
              f"a median of 0.5 or more."]
    lines += ["", "Why there is no gate without embeddings: the same share from the lexical signal (the word bags "
              "translated by the pair's dictionaries, before pass 2's IBM-1 links; source sentences with no lexical link to any target left out), on the "
              "evaluation pairs of each UNPC language pair:", "",
              "| pair | translations (min – max) | unrelated (min – max) |", "|---|---|---|"]
    for lp, (pos, neg) in lexical_shares([q for q in eval_pairs if q.set == "unpc-eval"], plain).items():
        lines.append(f"| {lp} | {min(pos):.2f} – {max(pos):.2f} | {min(neg):.2f} – {max(neg):.2f} |")
    lines += ["", "The gate on the bead calibration's own gold documents (bench/calibrate.py's sets, whole documents): "
              "the lowest gate per set (a bead's probability moves by at most 1 minus it, so the ECE table of "
              "bench/calibrate.py stands):", "", "| set | documents | lowest matched share | lowest P |", "|---|---|---|---|"]
    for name, docs in gold_sets().items():
        c = measure([Pair(name, d.name, d.src, d.tgt, d.src_lang, d.tgt_lang, 1) for d in docs], aligner)[0]
        share = c[:, 0] / np.maximum(c[:, 1], 1)
        lines.append(f"| {name} | {len(docs)} | {share.min():.3f} | {logistic(w[0] + w[1] * share).min():.6f} |")
    skipped = {part: int((counts[part][:, 1] < MIN_BEADS).sum()) for part in counts}
    lines += ["", f"Pairs with fewer than {MIN_BEADS} aligned sentences (no gate): fit {skipped['fit']}, "
              f"eval {skipped['eval']}."]
    print("\n".join(lines))
    if not args.dry_run:
        cal = Calibration.from_json(OUT.read_text(encoding="utf-8"))
        gate = dict(cal.meta.get("gate") or {})  # type: ignore[call-overload]
        gate["embeddings"] = {"weights": [round(float(v), 4) for v in w], "min_beads": MIN_BEADS,
                              "share": MATCH_SHARE}
        cal.meta["gate"] = gate
        OUT.write_text(cal.to_json(), encoding="utf-8")
        print(f"wrote the gate into {OUT}")
    if args.record:
        record(lines)


if __name__ == "__main__":
    main()
