"""Word alignment against human gold links: Hexaglot's aligner and eflomal side by side.

    PYTHONPATH=src HEXAGLOT_CORPUS=/work/shared/corpus python bench/wordalign_bench.py [--sets hansards,en-es,en-ru]
        [--split test|dev] [--no-eflomal] [--no-unpc] [--no-priors] [--max-train N] [--concordance] [--speed]
        [--set name=value]

Training text per set (never a gold link): the gold set's own sentences, unsupervised (Hansards: test and
dev pairs; XL-WA: the dev pairs), plus the shared UNPC 6-way dev sentences of the pair (2,033, tokenised
by :func:`hexaglot.wordalign.tokens.tokenize`), plus the UDHR of ``un_parallel_docs`` when both
languages have a line-aligned text there. Hexaglot trains with eflomal when it is installed (a
dependency; ``--set trainer=em`` for its own EM) and aligns with the tables read off eflomal's links;
"eflomal" rows are eflomal's own links of the same lower-cased token lines, its two directions
symmetrised by the same symmetrisations.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from hexaglot.wordalign.evaluate import GoldPair, Scores, read_hansards, read_xlwa, score
from hexaglot.wordalign.model import Config, WordAligner
from hexaglot.wordalign.symmetrize import METHODS
from hexaglot.wordalign.tokens import norm, tokenize

CORPUS = Path(os.environ.get("HEXAGLOT_CORPUS", "../shared/corpus"))
WA = CORPUS / "word_alignment_dev"
SYMS = ("grow-diag-final-and", "grow-diag", "intersection")


def unpc(src: str, tgt: str) -> list[tuple[list[str], list[str]]]:
    d = CORPUS / "unpc_devset_6way"
    a = d.joinpath(f"dev.{src}").read_text(encoding="utf-8").splitlines()
    b = d.joinpath(f"dev.{tgt}").read_text(encoding="utf-8").splitlines()
    return [([t.text for t in tokenize(x)], [t.text for t in tokenize(y)]) for x, y in zip(a, b, strict=True)]


def gold_set(name: str, split: str) -> tuple[str, str, list[GoldPair], list[GoldPair]]:
    """(src, tgt, evaluated pairs, extra unsupervised pairs of the same set)."""
    if name == "hansards":
        other = "dev" if split == "test" else "test"
        return "en", "fr", read_hansards(WA / "hansards_en_fr", split), read_hansards(WA / "hansards_en_fr", other)
    src, tgt = name.split("-")
    return src, tgt, read_xlwa(WA / "xlwa" / f"{name}.dev.tsv"), []


def run_eflomal(train: list[tuple[list[str], list[str]]], n_eval: int
                ) -> list[tuple[set[tuple[int, int]], set[tuple[int, int]]]]:
    """eflomal's forward and reverse links of the first ``n_eval`` pairs."""
    from eflomal import Aligner

    src = [" ".join(norm(w) for w in s) for s, _ in train]
    tgt = [" ".join(norm(w) for w in t) for _, t in train]
    with tempfile.TemporaryDirectory() as d:
        fwd, rev = Path(d, "fwd"), Path(d, "rev")
        Aligner().align(src, tgt, links_filename_fwd=str(fwd), links_filename_rev=str(rev), quiet=True)
        f_lines = fwd.read_text().splitlines()[:n_eval]
        r_lines = rev.read_text().splitlines()[:n_eval]

    def links(line: str) -> set[tuple[int, int]]:
        return {(int(i), int(j)) for i, j in (x.split("-") for x in line.split())}

    return [(links(f), links(r)) for f, r in zip(f_lines, r_lines, strict=True)]


def cpu() -> float:
    """CPU seconds of this process and its finished children (eflomal runs as a child process)."""
    ch = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + ch.ru_utime + ch.ru_stime


def fmt(s: Scores) -> str:
    return (f"P {s.precision:.3f}  R {s.recall:.3f}  F1 {s.f1:.3f}  sure-P {s.sure_precision:.3f}  "
            f"F1(sure only) {s.sure_f1:.3f}  AER {s.aer:.3f}")


def concordance_speed(queries: tuple[str, ...] = ("human rights", "Security Council", "development", "the",
                                                    "sustainable development goals", "peace")) -> None:
    """An archive of the UNPC dev en-fr pairs: train its model, then the extra time that marking adds
    to a 50-line concordance (best of 5 runs per query), and the model's size in the database."""
    import statistics

    import hexaglot

    with tempfile.TemporaryDirectory() as d:
        u = CORPUS / "unpc_devset_6way"
        a = hexaglot.create(Path(d, "archive"))
        a.ingest_pairs({"en": u / "dev.en", "fr": u / "dev.fr"}, doc_id="unpc-dev", aligned=True, embeddings=False)
        c0 = cpu()
        info = a.train_word_aligner("en", "fr")
        print(f"archive model en-fr ({info.trainer}): {info.sentences} pairs, trained in {info.seconds:.1f} s "
              f"wall, {cpu() - c0:.1f} s CPU, "
              f"{info.bytes / 1e3:.0f} kB in word_models", flush=True)
        extra: list[float] = []
        extra_cpu: list[float] = []
        for q in queries:
            a.concordance(q, src="en", tgt="fr", limit=50)  # warm: model loaded, numba compiled
            plain, marked, cpus = [], [], []
            for _ in range(5):
                t0 = time.perf_counter()
                lines = a.concordance(q, src="en", tgt="fr", limit=50, marks=False)
                plain.append(time.perf_counter() - t0)
                t0, c0 = time.perf_counter(), time.process_time()
                a.mark_concordance(lines)
                marked.append(time.perf_counter() - t0)
                cpus.append(time.process_time() - c0)
            extra.append(min(marked) * 1000)
            extra_cpu.append(min(cpus) * 1000)
            print(f"  {q!r}: {len(lines)} lines, concordance {min(plain) * 1000:.0f} ms, marks +{min(marked) * 1000:.0f} ms "
                  f"(CPU {min(cpus) * 1000:.0f} ms)", flush=True)
        print(f"marks: median +{statistics.median(extra):.0f} ms, max +{max(extra):.0f} ms per 50-line page (CPU: median "
              f"{statistics.median(extra_cpu):.0f} ms, max {max(extra_cpu):.0f} ms); load average "
              f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)
        a.close()


def training_speed(config: Config, repeats: tuple[int, ...] = (4, 16)) -> None:
    """Training time on the UNPC dev en-fr pairs repeated (8,132 and 32,528 pairs), CPU included eflomal's."""
    u = unpc("en", "fr")
    for rep in repeats:
        t0, c0 = time.perf_counter(), cpu()
        model = WordAligner.train("en", "fr", u * rep, config)
        print(f"training speed ({model.trainer}): {len(u) * rep} pairs, {time.perf_counter() - t0:.1f} s wall, "
              f"{cpu() - c0:.1f} s CPU", flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sets", default="hansards,en-es,en-ru")
    ap.add_argument("--split", default="test")
    ap.add_argument("--no-eflomal", action="store_true")
    ap.add_argument("--no-unpc", action="store_true")
    ap.add_argument("--no-priors", action="store_true")
    ap.add_argument("--max-train", type=int, help="Train on the first N pairs only (the evaluated set's first).")
    ap.add_argument("--set", action="append", default=[], help="Config override, e.g. tension=6")
    ap.add_argument("--concordance", action="store_true", help="Also time the marks of a 50-line concordance.")
    ap.add_argument("--speed", action="store_true", help="Also time training on 8,132 and 32,528 UNPC pairs.")
    args = ap.parse_args(argv)
    overrides = {k: type(getattr(Config(), k))(v) for k, v in (x.split("=") for x in args.set)}
    config = Config(**overrides)
    for name in args.sets.split(","):
        src, tgt, gold, extra = gold_set(name, args.split)
        train = [(g.src, g.tgt) for g in gold + extra]
        texts = [f"{len(gold) + len(extra)} {name} pairs"]
        if not args.no_unpc:
            u = unpc(src, tgt)
            train += u
            texts.append(f"{len(u)} UNPC dev pairs")
        if args.max_train:
            train = train[:args.max_train]
            texts.append(f"the first {len(train)} only")
        print(f"== {name} ({args.split}, {len(gold)} pairs; training: {' + '.join(texts)})", flush=True)
        t0, c0 = time.perf_counter(), cpu()
        model = WordAligner.train(src, tgt, train, config, priors=not args.no_priors)
        print(f"hexaglot ({model.trainer}) trained in {time.perf_counter() - t0:.1f} s wall, {cpu() - c0:.1f} s CPU, "
              f"blob {len(model.to_bytes()) / 1e6:.2f} MB", flush=True)
        base = WordAligner.untrained(src, tgt, config)
        for sym in SYMS:
            model.config = base.config = replace(config, symmetrize=sym)
            hyp = [model.align_pair(g.src, g.tgt) for g in gold]
            print(f"hexaglot  {sym:20} {fmt(score(hyp, gold))}", flush=True)
            hyp = [base.align_pair(g.src, g.tgt) for g in gold]
            print(f"dict only {sym:20} {fmt(score(hyp, gold))}", flush=True)
        if not args.no_eflomal:
            t0, c0 = time.perf_counter(), cpu()
            links = run_eflomal(train, len(gold))
            print(f"eflomal ran in {time.perf_counter() - t0:.1f} s wall, {cpu() - c0:.1f} s CPU", flush=True)
            for sym in SYMS:
                hyp = [METHODS[sym](f, r) for f, r in links]
                print(f"eflomal   {sym:20} {fmt(score(hyp, gold))}", flush=True)
    if args.speed:
        training_speed(config)
    if args.concordance:
        concordance_speed()
    return 0


if __name__ == "__main__":
    sys.exit(main())
