"""Span evidence (align/spans.py): re-encoded merges within a budget, cheaper skips for lone sentences."""

from __future__ import annotations

import hashlib
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dp_helpers import grid_cost_fn
from hexaglot.align import AlignConfig, Aligner
from hexaglot.align.band import Band
from hexaglot.align.spans import (
    Candidate,
    SpanEvidence,
    adjusted,
    candidates,
    gather,
    lone_skips,
    within_budget,
)


def _vec(key: str, dim: int = 64) -> np.ndarray:
    rng = np.random.default_rng(int.from_bytes(hashlib.sha1(key.encode()).digest()[:8], "little"))
    v = rng.normal(size=dim)
    return (v / np.linalg.norm(v)).astype(np.float32)


class ConceptEncoder:
    """A text's vector is its concept's: ``"<concept> <words>"`` on either side share a concept, so
    translations match; the four sentences of the crossing 2-2 carry no concept of their own, but
    their joined texts (source "x1 x2", target "y1 y2") both mean ``cross``. Counts what it encodes."""

    name = "concept"
    dim = 64

    def __init__(self) -> None:
        self.sentences = 0  # sentences inside the texts encoded (a joined text of k counts k)

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for k, t in enumerate(texts):
            self.sentences += t.count("|")
            parts = [p.strip() for p in t.split("|") if p.strip()]
            heads = [p.split()[0] for p in parts]
            if heads in (["x1", "x2"], ["y1", "y2"]):
                out[k] = _vec("cross")
            elif len(heads) == 1 and ":" in heads[0]:
                out[k] = _vec(heads[0].split(":")[1])
            else:  # any other joined text, or one of the crossing sentences alone: its own meaning
                out[k] = _vec(t)
        return out


def crossing_doc(n: int = 30, at: int = 12) -> tuple[list[str], list[str]]:
    """n 1-1 pairs with a crossing 2-2 at ``at``; source words a*, target words b* (no shared words)."""
    src, tgt = [], []
    for k in range(n):
        if k == at:
            src += ["x1 a1 a2 a3 a4 a5 |", "x2 a6 a7 a8 a9 a10 |"]
            tgt += ["y1 b1 b2 b3 b4 |", "y2 b5 b6 b7 b8 b9 b10 |"]
        words = " ".join(f"a{k}w{q}" for q in range(5 + k % 4))
        src.append(f"s:c{k} {words} |")
        tgt.append(f"t:c{k} {words.replace('a', 'b')} |")
    return src, tgt


def test_span_evidence_finds_a_crossing_2_2() -> None:
    src, tgt = crossing_doc()
    want = ([12, 13], [12, 13])
    # pass 1 pairs the four sentences as two costly 1-1 beads, each sure of itself (DP margin
    # 0.5-0.8): the margin filter is opened so that they are candidates
    cfg = AlignConfig(calibrate=False, span_max_margin=2.0)
    found = Aligner(cfg, encoder=ConceptEncoder()).align(src, tgt, "en", "fr")
    assert want in [(b.src, b.tgt) for b in found]
    # without span evidence the four sentences look unrelated and the 2-2 is missed
    off = Aligner(replace(cfg, span_weight=0.0), encoder=ConceptEncoder()).align(src, tgt, "en", "fr")
    assert want not in [(b.src, b.tgt) for b in off]


@pytest.mark.parametrize("budget", [0.0, 0.02, 0.2])
def test_span_evidence_stays_within_its_budget(budget: float) -> None:
    src, tgt = crossing_doc(40)
    enc = ConceptEncoder()
    al = Aligner(AlignConfig(span_budget=budget), encoder=enc)
    al.align(src, tgt, "en", "fr")
    single = len(src) + len(tgt)  # the sentences themselves, encoded once
    limit = int(budget * (len(src) + len(tgt)))
    assert al.last_spans is not None
    assert al.last_spans.encoded <= limit
    assert enc.sentences - single == al.last_spans.encoded
    if budget == 0.0:
        assert not al.last_spans


def test_compiled_and_numpy_dp_agree_with_span_evidence() -> None:
    src, tgt = crossing_doc()
    runs = []
    for compiled in (False, True):
        al = Aligner(AlignConfig(compiled_dp=compiled), encoder=ConceptEncoder())
        runs.append([(b.src, b.tgt, b.score, b.raw) for b in al.align(src, tgt, "en", "fr")])
    assert runs[0] == runs[1]


WORDS = ["the", "council", "resolution", "decides", "1998", "peace", "report", "annex", "12", "members"]
sentence = st.lists(st.sampled_from(WORDS), min_size=1, max_size=10).map(lambda w: " ".join(w) + " |")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(src=st.lists(sentence, max_size=20), tgt=st.lists(sentence, max_size=20))
def test_monotone_complete_and_scores_in_range_with_strong_span_evidence(src: list[str], tgt: list[str]) -> None:
    al = Aligner(AlignConfig(span_weight=3.0, span_budget=1.0, span_max_margin=10.0, lone_weight=1.0),
                 encoder=ConceptEncoder())
    beads = al.align(src, tgt, "en", "fr")
    assert [i for b in beads for i in b.src] == list(range(len(src)))
    assert [j for b in beads for j in b.tgt] == list(range(len(tgt)))
    assert all(b.src or b.tgt for b in beads)
    assert all(0.0 <= b.score <= 1.0 for b in beads)
    assert all(b.raw is None or 0.0 <= b.raw <= 1.0 for b in beads)


def test_candidates_are_own_merges_and_unions_of_neighbours_least_sure_first() -> None:
    path = [(1, 1, 0.0), (1, 1, 0.0), (1, 2, 0.0), (1, 0, 0.0), (1, 1, 0.0)]
    margins = [0.5, 0.1, 0.3, 0.2, 0.9]
    types = [(1, 1), (1, 0), (0, 1), (1, 2), (2, 1), (2, 2), (2, 3), (3, 2)]
    got = candidates(path, margins, types)
    assert [(c.a, c.b, c.i, c.j) for c in got] == [(2, 2, 2, 2), (2, 3, 3, 4), (2, 2, 4, 4), (2, 1, 5, 5),
                                                   (1, 2, 3, 4)]
    assert [c.margin for c in got] == [0.1, 0.1, 0.2, 0.2, 0.3]
    assert candidates(path, margins, types, max_margin=0.15) == got[:2]
    # a span two candidates share is paid once: (2,2,2,2) costs 4, (2,3,3,4) 2 + 3
    assert within_budget(got, 4) == got[:1]
    assert within_budget(got, 9) == got[:2]


def test_adjusted_costs_land_on_their_cells_in_any_band() -> None:
    n, m = 6, 7
    table = {(1, 1): np.zeros((n + 1, m + 1)), (2, 2): np.ones((n + 1, m + 1))}
    ev = SpanEvidence(cells={(2, 2): (np.array([3, 5]), np.array([4, 0])), (1, 1): (np.array([2]), np.array([2]))})
    ev.cells = {t: (i, j, np.full(len(i), -0.5)) for t, (i, j) in ev.cells.items()}  # type: ignore[misc]
    for band in (Band.full(n, m, block=4), Band.around([(k, k) for k in range(n + 1)], n, m, radius=1, block=4)):
        fn = adjusted(grid_cost_fn(table, m), ev)
        for block, (r0, r1) in enumerate(band.blocks()):
            got, base = fn(band, block, r0, r1), grid_cost_fn(table, m)(band, block, r0, r1)
            for t in table:
                diff = got[t] - np.where(np.isfinite(base[t]), base[t], 0.0)
                diff = np.where(np.isfinite(base[t]), diff, 0.0)
                for r in range(r1 - r0):
                    for k in range(diff.shape[1]):
                        i, j = r0 + r, int(band.lo[r0 + r]) + k
                        hit = any(t2 == t and (i, j) in zip(ii.tolist(), jj.tolist(), strict=True)
                                  for t2, (ii, jj, _) in ev.cells.items()) and j < band.hi[i]
                        assert diff[r, k] == pytest.approx(-0.5 if hit else 0.0)
    assert adjusted(grid_cost_fn(table, m), SpanEvidence()) is not None


def test_a_sentence_without_counterpart_skips_cheaper() -> None:
    rng = np.random.default_rng(3)
    vt = rng.normal(size=(20, 64))
    vt /= np.linalg.norm(vt, axis=1, keepdims=True)
    vs = vt + 0.05 * rng.normal(size=vt.shape)
    vs[7] = rng.normal(size=64)  # source 7 translates nothing, so target 7 has no counterpart either
    vs /= np.linalg.norm(vs, axis=1, keepdims=True)
    skip_s, skip_t = lone_skips(vs.astype(np.float32), vt.astype(np.float32), 0.4, 1.0, 0.35, 0.1)
    assert skip_s[7] < 0.4
    assert np.delete(skip_s, 7) == pytest.approx(0.4)
    assert skip_t[7] < 0.4
    assert np.delete(skip_t, 7) == pytest.approx(0.4)
    assert (skip_s >= 0).all()
    off_s, _ = lone_skips(vs, vt, 0.4, 0.0)
    assert off_s == pytest.approx(0.4)


def test_candidate_is_a_frozen_record() -> None:
    c = Candidate(2, 2, 4, 4, 0.1)
    with pytest.raises(AttributeError):
        c.a = 3  # type: ignore[misc]


def test_a_2_2_merge_is_held_to_its_diagonal_pairs_not_its_best_pair() -> None:
    """A 2-2 competes with two 1-1 beads: its reference is their mean cosine, so one strong pair
    inside it (with a weak one beside) does not cancel the joined text's evidence."""
    vs = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    vt = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])  # pair 0 strong (1.0), pair 1 weak (0.0)
    joined = np.array([[0.0, 0.0, 1.0], [0.0, 0.0, 1.0]])  # the two joined texts agree fully

    def encode(texts: list[str]) -> np.ndarray:
        return joined[:len(texts)]

    cand = [Candidate(2, 2, 2, 2, 0.0)]
    kw = dict(weight=1.0, delta=0.0, size_power=0.5, budget=4, best_part=True)
    best = gather(cand, ["a", "b"], ["x", "y"], "en", "fr", vs, vt, encode, **kw)  # type: ignore[arg-type]
    diag = gather(cand, ["a", "b"], ["x", "y"], "en", "fr", vs, vt, encode, diagonal=True, **kw)  # type: ignore[arg-type]
    # best pair: cos 1.0 - ref 1.0 = 0, no correction; diagonal: 1.0 - mean(1.0, 0.0) = 0.5, times 4^0.5
    assert best.cells[(2, 2)][2][0] == pytest.approx(0.0)
    assert diag.cells[(2, 2)][2][0] == pytest.approx(-1.0)
    # a 1-2 still answers to its best pair (a lone sentence must not merge for free)
    c12 = [Candidate(1, 2, 1, 2, 0.0)]
    one = gather(c12, ["a"], ["x", "y"], "en", "fr", vs[:1], vt, encode, diagonal=True, **kw)  # type: ignore[arg-type]
    assert one.cells[(1, 2)][2][0] > 0.0  # joined (0,0,1) vs sentence (1,0,0): below the best pair


def test_the_default_holds_2_2_merges_to_their_diagonal() -> None:
    assert AlignConfig().span_diagonal is True


def test_evidence_against_a_merge_weighs_more_than_evidence_for_it() -> None:
    """A 2-1 whose joined text matches its target worse than its best sentence does (the other
    sentence does not belong) costs ``against`` times what the same gap would earn a good merge."""
    vs = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    vt = np.array([[1.0, 0.0, 0.0]])
    cand = [Candidate(2, 1, 2, 1, 0.0)]
    kw = dict(weight=1.0, delta=0.0, size_power=0.5, budget=4, best_part=True)
    worse = np.array([[0.8, 0.6, 0.0]])  # joined: cos 0.8 with the target, below the best pair's 1.0
    for against, cost in ((1.0, 0.2 * 3 ** 0.5), (3.0, 0.6 * 3 ** 0.5)):
        ev = gather(cand, ["a", "b"], ["x"], "en", "fr", vs, vt, lambda t: worse[:len(t)],  # type: ignore[arg-type]
                    against=against, **kw)  # type: ignore[arg-type]
        assert ev.cells[(2, 1)][2][0] == pytest.approx(cost)
    vt2 = np.array([[0.6, 0.8, 0.0]])  # the target holds both sentences: the joined text is a gain
    ev = gather(cand, ["a", "b"], ["x"], "en", "fr", vs, vt2, lambda t: vt2[:len(t)], against=3.0,  # type: ignore[arg-type]
                **kw)  # type: ignore[arg-type]
    # a gain (cos 1.0 over the averaged vectors' 1.4 / sqrt 2) is not multiplied
    assert ev.cells[(2, 1)][2][0] == pytest.approx(-(1.0 - 1.4 / 2 ** 0.5) * 3 ** 0.5, abs=1e-6)
    assert AlignConfig().span_against > 1.0
