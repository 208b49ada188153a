"""The vectorised DP and cost paths give the same answers as the general (ragged) ones."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from dp_helpers import grid_cost_fn
from hexaglot.align import dp
from hexaglot.align.band import Band
from hexaglot.align.length import LengthModel
from hexaglot.align.lexicon import SparseRows, TranslationTable, lexical_bags, train_ibm1
from hexaglot.align.scoring import BeadScorer, Signal

TYPES = [(1, 1), (1, 0), (0, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1), (1, 4), (4, 1)]


def _grid_costs(rng: np.random.Generator, n: int, m: int) -> dict[tuple[int, int], np.ndarray]:
    return {t: (rng.random((n + 1, m + 1)) * 3).astype(np.float32) for t in TYPES}


@pytest.mark.parametrize("seed", range(40))
def test_uniform_dp_equals_ragged_dp(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(1, 30)), int(rng.integers(1, 30))
    table = _grid_costs(rng, n, m)
    ss, st = rng.random(n) + 0.5, rng.random(m) + 0.5
    if seed % 2:
        band = Band.full(n, m, int(rng.integers(1, 9)))
    else:
        pts = [(0, 0), *zip(sorted(rng.integers(0, n + 1, 4)), sorted(rng.integers(0, m + 1, 4)), strict=True),
               (n, m)]
        band = Band.around(pts, n, m, radius=int(rng.integers(1, 5)), block=int(rng.integers(1, 9))).uniform(m)
    assert band.uniform_width
    fast = dp._solve_uniform(band, m, [t for t in TYPES if t != (0, 1)], grid_cost_fn(table, m), ss, st)
    slow = dp._solve_ragged(band, m, TYPES, grid_cost_fn(table, m), ss, st)
    assert fast == slow
    assert sum(a for a, _, _ in fast) == n and sum(b for _, b, _ in fast) == m


def test_uniform_band_contains_the_band() -> None:
    band = Band.around([(0, 0), (3, 1), (6, 9), (10, 10)], 10, 10, radius=2)
    u = band.uniform(10)
    assert u.uniform_width
    assert (u.lo <= band.lo).all() and (u.hi >= band.hi).all()
    assert (np.diff(u.lo) >= 0).all() and u.lo[0] == 0 and u.hi[-1] == 11


def test_full_grid_costs_equal_general_costs() -> None:
    rng = np.random.default_rng(3)
    n, m = 23, 19
    x = rng.normal(size=(n, 8)).astype(np.float32)
    y = rng.normal(size=(m, 8)).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    y /= np.linalg.norm(y, axis=1, keepdims=True)
    xs, xt, ms, mt = lexical_bags([["a", "b"], ["c"], ["d", "e", "f"]] * 7 + [["g"], []],
                                  [["a", "x"], ["c", "d"], ["e"]] * 6 + [["z"]], None, 64)
    types = [t for t in TYPES if t != (0, 1) and t != (1, 0)]

    def scorer() -> BeadScorer:
        emb = Signal("embed", x, y, 1.0, "cos", True)
        # re-encoded 2-sentence spans for some span ends (NaN rows: the averaged vector is used)
        span_s = np.full((n + 1, 8), np.nan, dtype=np.float32)
        span_t = np.full((m + 1, 8), np.nan, dtype=np.float32)
        span_s[2::3] = x[1::3][: len(span_s[2::3])]
        span_t[3::2] = y[2::2][: len(span_t[3::2])]
        emb.spans_src, emb.spans_tgt = {2: span_s}, {2: span_t}
        sigs = [emb, Signal("lex", xs, xt, 0.5, "mass", True, ms, mt)]
        lengths_s, lengths_t = rng.integers(5, 50, n).astype(float), rng.integers(5, 50, m).astype(float)
        sc = BeadScorer(sigs, lengths_s, lengths_t, LengthModel(1.1, 5.0), 0.02, types, {(1, 2): 0.2}, 0.4)
        sc.size_power = 0.6
        return sc

    band = Band.full(n, m, 7)
    state = rng.bit_generator.state
    a = scorer()
    a.prepare(band)
    rng.bit_generator.state = state
    b = scorer()
    b.prepare(band)
    for k, (r0, r1) in enumerate(band.blocks()):
        fast = a.costs(band, k, r0, r1)
        slow = b._costs_general(band, k, r0, r1)
        for t in types:
            assert np.allclose(fast[t], slow[t], rtol=1e-6, atol=1e-6, equal_nan=True), t


def test_lexical_bags_keep_the_largest_link_and_count_every_occurrence() -> None:
    table = TranslationTable({"haus": {"maison": 0.5, "domicile": 0.25}})
    xs, xt, ms, _mt = lexical_bags([["haus", "haus", "rot"], ["blau"]], [["maison", "rouge"], ["bleu"]],
                                  table, 1 << 12)
    assert isinstance(xs, SparseRows) and len(xs) == 2 and len(xt) == 2
    # every occurrence adds its IDF to the mass, a row holds each bucket once
    assert ms[0] > 0 and np.diff(xs.indptr).tolist()[0] == len(set(xs.idx[:xs.indptr[1]].tolist()))
    dense = xs.dense(0, 2)
    assert (dense >= 0).all() and dense[0].max() > 0


def test_merged_table_layers_without_copying() -> None:
    base = TranslationTable({"aa": {"xx": 1.0}, "bb": {"yy": 1.0}})
    base.expansions(["bb"], 1 << 10)  # memoised on the base, reused by the merged table
    learned = TranslationTable({"aa": {"zz": 0.4}})
    both = base.merged(learned)
    assert both.links["aa"] == {"xx": 1.0, "zz": 0.4}
    assert both.links["bb"] == {"yy": 1.0}
    assert base.links["aa"] == {"xx": 1.0}  # the base is untouched
    ptr, _bk, pr = both.expansions(["aa", "bb", "c"], 1 << 10)
    assert np.diff(ptr).tolist() == [3, 2, 0]  # aa: xx, zz, itself; bb: yy, itself; c: one letter
    assert sorted(pr[:3].tolist()) == [0.4, 1.0, 1.0]


def test_ibm1_top_links_are_ordered() -> None:
    pairs = [(["chat", "noir"], ["black", "cat"]), (["chat", "blanc"], ["white", "cat"]),
             (["chien", "noir"], ["black", "dog"])] * 4
    table = train_ibm1(pairs, iterations=10, threshold=0.2, top=2)
    assert next(iter(table.links["chat"])) == "cat"
    assert all(len(v) <= 2 for v in table.links.values())


def test_coarse_level_follows_the_diagonal_for_long_texts(corpus: Path) -> None:
    # 600 UNPC sentences (10 % of target sentences merged, 3 % dropped) in blocks of 40 at the
    # coarse level: a skipped block must cost what skipping its sentences costs, and a block's
    # length cost must not grow with the block, or the coarse path degenerates to "skip
    # everything" and the fine band misses the answer (strict F1 0.38 before the fix, 0.97 after)
    from hexaglot.align import AlignConfig, Aligner
    from hexaglot.align.evaluate import score

    base = corpus / "unpc_devset_6way"
    if not (base / "dev.en").is_file():
        pytest.skip("UNPC dev set not available")
    en = (base / "dev.en").read_text(encoding="utf-8").splitlines()[:600]
    fr = (base / "dev.fr").read_text(encoding="utf-8").splitlines()[:600]
    tgt, gold = [], []
    rng = np.random.default_rng(3)
    i = 0
    while i < len(fr):
        r = rng.random()
        if r < 0.03:
            gold.append(((i,), ()))
            i += 1
        elif r < 0.13 and i + 1 < len(fr):
            gold.append(((i, i + 1), (len(tgt),)))
            tgt.append(fr[i] + " " + fr[i + 1])
            i += 2
        else:
            gold.append(((i,), (len(tgt),)))
            tgt.append(fr[i])
            i += 1
    al = Aligner(AlignConfig(max_cells=10_000, coarse_size=15, second_pass=False))
    beads = al.align(en, tgt, "en", "fr", embeddings=False)
    assert score(beads, gold).scores()["f1"] >= 0.9


def _plain_expansions(table: TranslationTable, vocab: list[str], dim: int) -> list[list[tuple[int, float]]]:
    from hexaglot.align.text import bucket

    out = []
    for w in vocab:
        targets = dict(table.links.get(w, {}))
        if len(w) > 1:
            targets[w] = 1.0
        out.append([(bucket(v, dim), p) for v, p in targets.items()])
    return out


@pytest.mark.parametrize("seed", range(12))
def test_expansions_of_layered_tables_equal_the_plain_lookup(seed: int) -> None:
    rng = np.random.default_rng(seed)
    words = [f"w{k}" for k in range(30)] + ["x"]

    def table() -> TranslationTable:
        return TranslationTable({str(w): {str(v): float(rng.random()) for v in rng.choice(words, rng.integers(1, 4))}
                                 for w in rng.choice(words, 12, replace=False)})

    base = table()
    layered = [base, base.merged(table())]
    layered.append(layered[1].merged(table()))
    for _ in range(3):  # memoised rows are reused, new words added, in any order
        vocab = [str(w) for w in rng.choice(words, rng.integers(0, 25), replace=False)]
        for tab in layered:
            ptr, bk, pr = tab.expansions(vocab, 64)
            assert ptr.dtype == bk.dtype == np.int64 and pr.dtype == np.float64
            got = [list(zip(bk[a:b].tolist(), pr[a:b].tolist(), strict=True)) for a, b in itertools.pairwise(ptr)]
            assert got == _plain_expansions(tab, vocab, 64)


@pytest.mark.parametrize("n", [0, 1, 7, 500])
def test_distinct_keys_equal_np_unique(n: int) -> None:
    from hexaglot.align.lexicon import _distinct

    keys = np.random.default_rng(n).integers(0, 300, n).astype(np.int64)
    got, want = _distinct(keys, 300), np.unique(keys)
    assert got.dtype == want.dtype and got.tobytes() == want.tobytes()


@pytest.mark.parametrize("raw", [0.25, None])
def test_fast_bead_equals_model_construct_and_validation(raw: float | None) -> None:
    from hexaglot.align.aligner import _bead
    from hexaglot.model import Bead

    got = _bead([3, 4], [5], 0.5, raw)
    for want in (Bead.model_construct(src=[3, 4], tgt=[5], score=0.5, raw=raw),
                 Bead(src=[3, 4], tgt=[5], score=0.5, raw=raw)):
        assert got == want and repr(got) == repr(want)
        assert got.model_dump() == want.model_dump() and got.model_dump_json() == want.model_dump_json()
        assert got.model_fields_set == want.model_fields_set
    got.score = 0.75  # assignment still works and stays per instance
    assert got.score == 0.75 and _bead([3, 4], [5], 0.5, raw).score == 0.5


@pytest.mark.parametrize("seed", range(60))
def test_band_windows_equal_the_per_point_loop(seed: int) -> None:
    """``Band.around``'s vectorised windows against the reference loop (one update per point),
    points anywhere in the rows (not only monotone paths), columns beyond both ends."""
    from hexaglot.align.band import _windows, _windows_loop

    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(0, 40)), int(rng.integers(0, 40))
    k = int(rng.integers(1, 30))
    i = rng.integers(0, n + 1, k)
    j = rng.integers(-3, m + 4, k)
    radius = int(rng.integers(0, n + 4))
    lo, hi = _windows(i, j, n, m, radius)
    lo_ref, hi_ref = _windows_loop(list(zip(i.tolist(), j.tolist(), strict=True)), n, m, radius)
    assert lo.tolist() == lo_ref.tolist() and hi.tolist() == hi_ref.tolist()


@pytest.mark.parametrize("seed", range(30))
@pytest.mark.parametrize("identity", [True, False])
def test_expansions_equal_a_plain_reading_of_the_links(seed: int, identity: bool) -> None:
    """Each word's hashed links, then itself at weight 1 (in place when it is one of its links;
    not for one-letter words), word by word, memoised across calls and through a merged table."""
    from hexaglot.align.text import buckets

    rng = np.random.default_rng(seed)
    words = ["a", "b", *(f"w{k}" for k in range(12))]
    links = {w: {v: float(rng.random()) for v in rng.choice(words, int(rng.integers(1, 4)), replace=False).tolist()}
             for w in words if rng.random() < 0.5}
    base = TranslationTable(links)
    learned = TranslationTable({w: {v: 0.9} for w in words[:5] if rng.random() < 0.5 for v in [words[-1]]})
    for table in (base, base.merged(learned)):
        for _ in range(2):  # the second call reads the memo
            vocab = rng.choice(words, int(rng.integers(1, 20))).tolist()
            ptr, bk, pr = table.expansions(vocab, 64, identity)
            for k, w in enumerate(vocab):
                want = dict(table.links.get(w, {}))
                if identity and len(w) > 1:
                    want[w] = 1.0
                assert bk[ptr[k]:ptr[k + 1]].tolist() == buckets(list(want), 64)
                assert pr[ptr[k]:ptr[k + 1]].tolist() == list(want.values())
