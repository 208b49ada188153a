"""Calibrated bead scores: the shipped calibration, the DP margins it reads, old archives recalibrated."""

from __future__ import annotations

import itertools
import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dp_helpers import grid_cost_fn
from hexaglot.align import AlignConfig, Aligner, dp
from hexaglot.align.band import Band
from hexaglot.align.calibrate import (
    MARK,
    MODELS,
    Calibration,
    Evidence,
    calibrate,
    ece,
    fit_monotone,
    shipped,
)
from hexaglot.align.evaluate import read_gold
from hexaglot.align.posterior import Posteriors

TYPES = [(1, 1), (1, 0), (0, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1)]
_type = st.sampled_from(TYPES)
_raw = st.floats(0.0, 1.0, allow_nan=False)
_margin = st.one_of(st.floats(0.0, 5.0, allow_nan=False), st.just(float("inf")), st.just(1e30))


def _lines(p: Path) -> list[str]:
    return p.read_text(encoding="utf-8").rstrip("\n").split("\n")


def test_the_shipped_calibration_loads_with_every_model() -> None:
    cal = shipped()
    assert set(cal.weights) == set(MODELS)
    assert all(np.isfinite(w).all() for w in cal.weights.values())
    assert Calibration.from_json(cal.to_json()).weights.keys() == cal.weights.keys()


def test_a_calibration_file_for_other_features_is_refused() -> None:
    body = json.loads(shipped().to_json())
    body["features"] = body["features"][:-1]
    with pytest.raises(ValueError, match="other features"):
        Calibration.from_json(json.dumps(body))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_type, _raw, _margin, st.booleans()), min_size=1, max_size=40), st.booleans(),
       st.booleans())
def test_scores_stay_probabilities(beads: list, embeddings: bool, with_evidence: bool) -> None:
    types = [t for t, _, _, _ in beads]
    raw = [r for _, r, _, _ in beads]
    ev = Evidence([m for _, _, m, _ in beads], [a for _, _, _, a in beads]) if with_evidence else None
    p = calibrate(types, raw, embeddings=embeddings, evidence=ev)
    assert len(p) == len(beads)
    assert all(0.0 <= x <= 1.0 for x in p)


@pytest.mark.parametrize("embeddings", [True, False])
@pytest.mark.parametrize("full", [True, False])
def test_a_bead_scores_higher_when_its_raw_score_rises(embeddings: bool, full: bool) -> None:
    """Everything else fixed, p never falls as the bead's own raw score rises, whatever its type."""
    rng = np.random.default_rng(1)
    grid = np.linspace(0.0, 1.0, 201)
    for t in TYPES:
        types = [(1, 1)] * 5 + [t] + [(1, 1)] * 5
        raw = list(rng.uniform(0.4, 0.6, 11))
        ev = Evidence(list(rng.uniform(0, 1, 11)), [True] * 11) if full else None
        ps = []
        for r in grid:
            raw[5] = float(r)
            ps.append(calibrate(types, raw, embeddings=embeddings, evidence=ev)[5])
        assert all(b >= a - 1e-4 for a, b in itertools.pairwise(ps)), t  # 4-decimal rounding


@pytest.mark.parametrize("embeddings", [True, False])
def test_a_bead_scores_higher_when_its_posterior_rises(embeddings: bool) -> None:
    """Everything else fixed, p never falls as the bead's posterior (or its boundaries') rises."""
    rng = np.random.default_rng(2)
    grid = np.concatenate([[0.0], np.geomspace(1e-5, 1.0, 200)])
    for t in TYPES:
        types = [(1, 1)] * 5 + [t] + [(1, 1)] * 5
        raw = list(rng.uniform(0.4, 0.6, 11))
        bead, start, end = (list(rng.uniform(0.5, 1.0, 11)) for _ in range(3))
        for part in ("bead", "end"):
            ps = []
            for v in grid:
                post = Posteriors(list(bead), list(start), list(end))
                getattr(post, part)[5] = float(v)
                ev = Evidence([0.5] * 11, [True] * 11, post)
                ps.append(calibrate(types, raw, embeddings=embeddings, evidence=ev)[5])
            assert all(b >= a - 1e-4 for a, b in itertools.pairwise(ps)), (t, part)


@pytest.mark.parametrize("embeddings", [True, False])
def test_a_bead_scores_lower_when_its_lengths_drift_from_the_document_ratio(embeddings: bool) -> None:
    types = [(1, 1)] * 11
    raw = [0.5] * 11
    post = Posteriors([0.9] * 11, [0.95] * 11, [0.95] * 11)
    ps = []
    for d in np.linspace(0.0, 20.0, 101):
        length = [0.5] * 11
        length[5] = float(d)
        ps.append(calibrate(types, raw, embeddings=embeddings, evidence=Evidence([0.5] * 11, [True] * 11, post, length))[5])
    assert all(b <= a + 1e-4 for a, b in itertools.pairwise(ps))


def test_length_deltas_follow_the_gale_church_model() -> None:
    from hexaglot.align.calibrate import length_deltas

    rng = np.random.default_rng(4)
    ls = rng.integers(20, 200, 60).astype(float)
    lt = np.round(1.2 * ls + rng.normal(0, 3, 60))
    types = [(1, 1)] * 30 + [(0, 1)] + [(1, 1)] * 29 + [(1, 0)]
    lt = np.concatenate([lt[:30], [50.0], lt[30:]])
    ls = np.concatenate([ls, [40.0]])
    d = length_deltas(types, ls, lt)
    assert len(d) == len(types) and d[30] == 0.0 and d[-1] == 0.0
    assert max(d) < 3.0  # every 1-1 bead is a translation of typical length
    lt[3] = 5 * ls[3]  # a bead far off the ratio
    assert length_deltas(types, ls, lt)[3] > 10.0


def test_the_shipped_calibration_names_a_posterior_temperature_per_mode() -> None:
    for emb in (True, False):
        assert 0.0 < shipped().temperature(embeddings=emb) < 10.0


def test_monotone_fit_holds_the_cost_slopes() -> None:
    from hexaglot.align.calibrate import FEATURES, SEGMENTS, features

    rng = np.random.default_rng(0)
    raw = rng.uniform(0.2, 0.8, 2000)
    y = (rng.random(2000) < 0.9 - 0.5 * np.abs(raw - 0.5)).astype(float)  # not monotone in raw
    x = features([(1, 1)] * 2000, raw)
    w = fit_monotone(x, y)
    assert all(w[FEATURES.index(f)] <= 0 for f in SEGMENTS)


def test_ece_of_perfect_and_of_overconfident_predictions() -> None:
    y = np.array([1, 0] * 750, dtype=float)  # 15 bins of 100 beads, half of each right
    assert ece(np.full(1500, 0.5), y) == pytest.approx(0.0)
    assert ece(np.full(1500, 0.9), y) == pytest.approx(0.4)


def test_median_of_others() -> None:
    from hexaglot.align.calibrate import _median_of_others

    rng = np.random.default_rng(0)
    for n in range(12):
        v = rng.random(n)
        assert np.allclose(_median_of_others(v), [np.median(np.delete(v, i)) if n > 1 else 0.0 for i in range(n)])


def _grid_costs(rng: np.random.Generator, n: int, m: int) -> dict[tuple[int, int], np.ndarray]:
    return {t: (rng.random((n + 1, m + 1)) * 3).astype(np.float32) for t in TYPES if t not in ((1, 0), (0, 1))}


@pytest.mark.parametrize("seed", range(20))
def test_dp_margins_are_the_same_in_both_solvers_and_leave_the_path_alone(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(1, 25)), int(rng.integers(1, 25))
    table = _grid_costs(rng, n, m)
    ss, st_ = rng.random(n) + 0.5, rng.random(m) + 0.5
    band = Band.full(n, m, int(rng.integers(1, 9)))
    types = [t for t in TYPES if t != (0, 1)]
    plain = dp._solve_uniform(band, m, types, grid_cost_fn(table, m), ss, st_)
    mu: list[float] = []
    mr: list[float] = []
    fast = dp._solve_uniform(band, m, types, grid_cost_fn(table, m), ss, st_, mu)
    slow = dp._solve_ragged(band, m, [*types, (0, 1)], grid_cost_fn(table, m), ss, st_, mr)
    assert fast == plain == slow
    assert len(mu) == len(fast) and np.allclose(mu, mr, rtol=1e-5, atol=1e-5)
    assert min(mu) >= 0.0


def test_dp_margin_is_small_where_two_paths_cost_the_same() -> None:
    """A 2-1 bead that costs what a 1-1 + 1-0 costs: the margin at its end cell is 0."""
    n, m = 2, 1
    table = {(1, 1): np.full((3, 2), 0.3, dtype=np.float32), (2, 1): np.full((3, 2), 0.7, dtype=np.float32)}
    band = Band.full(n, m, 4)
    margins: list[float] = []
    path = dp._solve_ragged(band, m, [(1, 1), (2, 1), (1, 0), (0, 1)], grid_cost_fn(table, m),
                            np.full(2, 0.4), np.full(1, 0.4), margins)
    assert sum(a for a, _, _ in path) == 2
    assert margins[-1] == pytest.approx(0.0, abs=1e-6)


@pytest.fixture(scope="module")
def aligner() -> Aligner:
    return Aligner()


def test_exact_udhr_fr_es_pairs_are_not_low(corpus: Path, aligner: Aligner) -> None:
    """The shipped screenshots marked exact UDHR fr–es pairs "low" (raw scores 0.42–0.47)."""
    u = corpus / "un_parallel_docs" / "udhr"
    fr, es = _lines(u / "text/udhr.fr.txt"), _lines(u / "text/udhr.es.txt")
    to_fr = {s: t for s, t in read_gold(u / "gold/udhr.en-fr.align") if len(s) == 1 and len(t) == 1}
    to_es = {s: t for s, t in read_gold(u / "gold/udhr.en-es.align") if len(s) == 1 and len(t) == 1}
    exact = {(to_fr[s], to_es[s]) for s in to_fr.keys() & to_es.keys()}
    beads = aligner.align(fr, es, "fr", "es")
    hits = [b for b in beads if (tuple(b.src), tuple(b.tgt)) in exact]
    assert len(hits) >= 0.9 * len(exact)
    assert all(0.0 <= b.score <= 1.0 and b.raw is not None for b in beads)
    low = [b for b in hits if b.score < 0.5]
    assert len(low) <= 0.02 * len(hits), [(b.src, b.tgt, b.score, b.raw) for b in low]
    assert float(np.median([b.score for b in hits])) >= 0.9


def test_reindex_recalibrates_an_archive_of_raw_scores(tmp_path: Path) -> None:
    import hexaglot
    from hexaglot.store.rescore import recalibrate

    de = ["Der Rat tagte am Montag.", "Er beschloss drei Resolutionen.", "Die Sitzung endete um 18 Uhr.",
          "Der Präsident dankte allen Mitgliedern.", "Die nächste Sitzung ist im Mai."]
    fr = ["Le Conseil s'est réuni lundi.", "Il a adopté trois résolutions.", "La séance a pris fin à 18 heures.",
          "Le Président a remercié tous les membres.", "La prochaine séance aura lieu en mai."]
    (tmp_path / "a.de").write_text("\n".join(de) + "\n", encoding="utf-8")
    (tmp_path / "a.fr").write_text("\n".join(fr) + "\n", encoding="utf-8")
    arch = hexaglot.create(tmp_path / "arch")
    arch.ingest_pairs({"de": tmp_path / "a.de", "fr": tmp_path / "a.fr"}, doc_id="a", embeddings=False)
    raw = Aligner(replace(AlignConfig(), calibrate=False)).align(de, fr, "de", "fr", embeddings=False)
    db = tmp_path / "arch" / "archive.sqlite"
    with sqlite3.connect(db) as c:
        (method,) = c.execute("SELECT method FROM alignments").fetchone()
        assert method == "length+lexicon" + MARK
        before = [r[0] for r in c.execute("SELECT score FROM beads ORDER BY k")]
        # what an older Hexaglot stored: the raw scores and the method without the mark
        c.execute("UPDATE alignments SET method = 'length+lexicon'")
        for k, b in enumerate(raw):
            c.execute("UPDATE beads SET score = ? WHERE k = ?", (b.raw, k))
    assert arch.reindex() > 0
    arch.close()
    with sqlite3.connect(db) as c:
        (method,) = c.execute("SELECT method FROM alignments").fetchone()
        after = [r[0] for r in c.execute("SELECT score FROM beads ORDER BY k")]
    assert method == "length+lexicon" + MARK
    types = [(len(b.src), len(b.tgt)) for b in raw]
    assert after == calibrate(types, [b.raw for b in raw], embeddings=False)  # the stored-features model
    assert after != [b.raw for b in raw]
    assert np.allclose(after, before, atol=0.1)  # close to what the full model gave at ingest
    with hexaglot.open(tmp_path / "arch") as again:  # nothing left to do the second time
        rep = recalibrate(again.store)
        assert (rep.alignments, rep.beads) == (0, 0)
        assert rep.message() == "bead scores: already calibrated probabilities"


def test_reindex_command_says_what_it_recalibrated(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    import hexaglot
    from hexaglot.serve.cli import app

    (tmp_path / "a.en").write_text("One sentence here.\nAnd another one.\n", encoding="utf-8")
    (tmp_path / "a.fr").write_text("Une phrase ici.\nEt une autre.\n", encoding="utf-8")
    with hexaglot.create(tmp_path / "arch") as arch:
        arch.ingest_pairs({"en": tmp_path / "a.en", "fr": tmp_path / "a.fr"}, doc_id="a", embeddings=False)
    with sqlite3.connect(tmp_path / "arch" / "archive.sqlite") as c:
        c.execute("UPDATE alignments SET method = 'multiway/length+lexicon'")
    res = CliRunner().invoke(app, ["reindex", "--archive", str(tmp_path / "arch")])
    assert res.exit_code == 0, res.output
    assert "recalibrated" in res.output and "approximately" in res.output


def test_null_runs_and_merges_against_the_ratio_are_stored_features() -> None:
    from hexaglot.align.calibrate import FEATURES, features

    types = [(0, 1), (0, 1), (1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (1, 1)]
    x = features(types, [0.5] * len(types))
    # a 0-1 next to a 0-1 is a run (one event); a 1-0 next to a 0-1 is not
    assert list(x[:, FEATURES.index("null_run")]) == [1, 1, 0, 0, 0, 0, 0, 0]
    # 8 source and 9 target sentences: the 2-1 merge goes against the ratio, the 1-2 with it
    assert list(x[:, FEATURES.index("merge_against")]) == [0, 0, 0, 0, 0, 1, 0, 0]
    flipped = features([(b, a) for a, b in types], [0.5] * len(types))
    assert list(flipped[:, FEATURES.index("merge_against")]) == [0, 0, 0, 0, 0, 1, 0, 0]


def test_full_models_hold_the_stored_only_weights_at_zero() -> None:
    from hexaglot.align.calibrate import EVIDENCE, FEATURES, STORED_ONLY

    rng = np.random.default_rng(3)
    x = np.column_stack([np.ones(3000), rng.normal(size=(3000, len(FEATURES) + len(EVIDENCE) - 1))])
    k = FEATURES.index(STORED_ONLY[0])
    y = (rng.random(3000) < 1.0 / (1.0 + np.exp(-3.0 * x[:, k]))).astype(float)  # it is all that matters
    assert fit_monotone(x, y)[k] == 0.0
    assert fit_monotone(x[:, :len(FEATURES)], y)[k] > 1.0  # a stored-features model keeps it
    for mode in ("embeddings", "no-embeddings"):
        for name in STORED_ONLY:
            assert shipped().weights[f"{mode}/full"][FEATURES.index(name)] == 0.0


def test_merge_doc_is_a_merges_own_slope_on_the_documents_typical_cost() -> None:
    from hexaglot.align.calibrate import FEATURES, features

    types = [(1, 1), (2, 1), (1, 1), (0, 1), (1, 3), (1, 1)]
    x = features(types, [0.7, 0.4, 0.6, 0.5, 0.3, 0.8])
    col = x[:, FEATURES.index("merge_doc")]
    merge = np.array([max(a, b) > 1 and min(a, b) > 0 for a, b in types])
    assert np.allclose(col[merge], x[merge, FEATURES.index("doc_cost")])
    assert not col[~merge].any()  # 1-1 and null beads: 0
    # it reads the 1-1 beads only, never the merge's own cost: p stays monotone in the raw score
    y = features(types, [0.7, 0.9, 0.6, 0.5, 0.1, 0.8])
    assert np.allclose(y[:, FEATURES.index("merge_doc")], col)


@pytest.mark.parametrize("embeddings", [True, False])
def test_a_bead_the_lexical_dp_did_not_pick_scores_no_higher(embeddings: bool) -> None:
    rng = np.random.default_rng(4)
    for t in TYPES:
        types = [(1, 1)] * 5 + [t] + [(1, 1)] * 5
        raw = list(rng.uniform(0.4, 0.6, 11))
        post = Posteriors(*(list(rng.uniform(0.5, 1.0, 11)) for _ in range(3)))
        ps = []
        for agree in (True, False):
            lexical = [True] * 11
            lexical[5] = agree
            ev = Evidence([0.5] * 11, [True] * 11, post, [0.5] * 11, lexical)
            ps.append(calibrate(types, raw, embeddings=embeddings, evidence=ev)[5])
        assert ps[1] <= ps[0] + 1e-4, t
    assert shipped().weights["embeddings/full"][-1] < 0  # the fit found it worth something


class _WordEncoder:
    """Bag-of-words vectors (hashed): deterministic and fast."""

    name = "words"
    dim = 64

    def encode(self, texts: list[str]) -> np.ndarray:
        import hashlib

        out = np.full((len(texts), self.dim), 0.01, dtype=np.float32)
        for i, t in enumerate(texts):
            for w in t.lower().split():
                out[i, int.from_bytes(hashlib.md5(w.encode()).digest()[:4], "little") % self.dim] += 1.0
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def test_the_dp_without_embeddings_is_evidence_of_embeddings_alignments_only() -> None:
    words = ["council", "decides", "requests", "report", "peace", "states", "annex", "welcomes", "members"]
    rng = np.random.default_rng(5)
    src = [" ".join(rng.choice(words, 6)) + f" {k}" for k in range(30)]
    tgt = [*src[:10], src[10] + " " + src[11], *src[12:]]
    aligner = Aligner(encoder=_WordEncoder())
    beads, ev = aligner.align_scored(src, tgt, "en", "en", embeddings=True)
    assert ev.lexical is not None and len(ev.lexical) == len(beads)
    assert sum(ev.lexical) >= 0.9 * len(beads)  # a clean text: both DPs agree almost everywhere
    assert aligner.align_scored(src, tgt, "en", "en", embeddings=False)[1].lexical is None
