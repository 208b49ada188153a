"""The alignment engine: invariants (property tests), identity, bad input, multi-way."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hexaglot.align import AlignConfig, Aligner, AlignError, align_many
from hexaglot.errors import HexaglotError
from hexaglot.model import Bead


class FakeEncoder:
    """Deterministic bag-of-words vectors: fast, and identical texts get identical vectors."""

    name = "fake"
    dim = 64

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in t.lower().split():
                h = int.from_bytes(hashlib.md5(w.encode()).digest()[:4], "little")
                out[i, h % self.dim] += 1.0
            out[i, 0] += 0.01
        return out / np.linalg.norm(out, axis=1, keepdims=True)


@pytest.fixture(scope="module")
def aligner() -> Aligner:
    return Aligner(encoder=FakeEncoder())


def check_cover(beads: list[Bead], n: int, m: int) -> None:
    src = [i for b in beads for i in b.src]
    tgt = [j for b in beads for j in b.tgt]
    assert src == list(range(n)), "every source sentence exactly once, in order"
    assert tgt == list(range(m)), "every target sentence exactly once, in order"
    assert all(b.src or b.tgt for b in beads), "no empty bead"
    assert all(0.0 <= b.score <= 1.0 for b in beads)


WORDS = ["the", "council", "resolution", "decides", "1998", "A/RES/52/1", "peace", "report", "paragraph",
         "Secretary-General", "requests", "states", "members", "of", "and", "12", "annex", "welcomes"]
sentence = st.lists(st.sampled_from(WORDS), min_size=1, max_size=12).map(" ".join)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(src=st.lists(sentence, max_size=25), tgt=st.lists(sentence, max_size=25), emb=st.booleans())
def test_monotone_cover_property(aligner: Aligner, src: list[str], tgt: list[str], emb: bool) -> None:
    beads = aligner.align(src, tgt, "en", "fr", embeddings=emb)
    check_cover(beads, len(src), len(tgt))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(src=st.lists(sentence, min_size=1, max_size=40), seed=st.integers(0, 1000))
def test_cover_with_banded_search(src: list[str], seed: int) -> None:
    """A tiny max_cells forces the coarse-to-fine (banded) search on small inputs."""
    rnd = np.random.default_rng(seed)
    tgt = [s for s in src if rnd.random() > 0.2] or src[:1]
    al = Aligner(AlignConfig(max_cells=50, coarse_size=6), encoder=FakeEncoder())
    check_cover(al.align(src, tgt, "en", "en"), len(src), len(tgt))


def test_identity_is_all_one_to_one(aligner: Aligner) -> None:
    text = [f"Paragraph {k}: the {WORDS[k % len(WORDS)]} of {WORDS[(3 * k) % len(WORDS)]} number {k * 7}."
            for k in range(60)]
    for emb in (True, False):
        beads = aligner.align(text, text, "en", "en", embeddings=emb)
        assert [(b.src, b.tgt) for b in beads] == [([k], [k]) for k in range(60)]


def test_identity_large_uses_band() -> None:
    text = [f"Sentence number {k} about item {k % 13} and {WORDS[k % len(WORDS)]}." for k in range(700)]
    al = Aligner(AlignConfig(max_cells=10_000), encoder=FakeEncoder())
    beads = al.align(text, text, "en", "en")
    assert all(b.src == b.tgt and len(b.src) == 1 for b in beads)


@pytest.mark.parametrize(("n", "m"), [(0, 0), (0, 3), (4, 0), (1, 1), (1, 5), (5, 1)])
def test_small_and_empty_inputs(aligner: Aligner, n: int, m: int) -> None:
    src = [f"Sentence {k} of the report." for k in range(n)]
    tgt = [f"Phrase {k} du rapport." for k in range(m)]
    beads = aligner.align(src, tgt, "en", "fr")
    check_cover(beads, n, m)


def test_hundredfold_length_mismatch(aligner: Aligner) -> None:
    src = ["The General Assembly adopted the resolution."]
    tgt = [f"Line {k} of a very long text that has nothing to do with the source." for k in range(100)]
    beads = aligner.align(src, tgt, "en", "fr")
    check_cover(beads, 1, 100)
    beads = aligner.align(tgt, src, "fr", "en", embeddings=False)
    check_cover(beads, 100, 1)


def test_empty_strings_are_sentences(aligner: Aligner) -> None:
    beads = aligner.align(["", "A.", ""], ["", "", "B."], "en", "fr")
    check_cover(beads, 3, 3)


@pytest.mark.parametrize("bad", ["a string", None, [1, 2], [["nested"]]])
def test_bad_input_raises_typed_error(aligner: Aligner, bad: object) -> None:
    with pytest.raises(AlignError) as err:
        aligner.align(bad, ["x"], "en", "fr")  # type: ignore[arg-type]
    assert isinstance(err.value, HexaglotError)


def test_align_many_clusters(aligner: Aligner) -> None:
    en = ["The Council met.", "It adopted resolution 2231.", "The meeting rose at 5 p.m."]
    fr = ["The Council met. It adopted resolution 2231.", "The meeting rose at 5 p.m."]
    es = ["The Council met.", "It adopted resolution 2231.", "Extra sentence.", "The meeting rose at 5 p.m."]
    clusters = align_many({"en": en, "fr": fr, "es": es}, aligner=aligner)
    pivot = [i for c in clusters for i in c.members.get("en", [])]
    assert pivot == [0, 1, 2]
    for lang, sents in (("fr", fr), ("es", es)):
        assert sorted(i for c in clusters for i in c.members.get(lang, [])) == list(range(len(sents)))
    first = next(c for c in clusters if 0 in c.members.get("en", []))
    assert first.members["fr"] == [0] and 1 in first.members["en"]


def test_no_model_loaded_at_construction() -> None:
    al = Aligner()
    assert al._cache is None  # the encoder starts on first use only


def test_disk_cache_makes_realignment_free(tmp_path) -> None:
    src = ["The Council met on 3 May.", "It adopted resolution 2231.", "The meeting rose."]
    tgt = ["Le Conseil s'est réuni le 3 mai.", "Il a adopté la résolution 2231.", "La séance est levée."]
    first = Aligner(encoder=FakeEncoder(), cache_dir=tmp_path)
    beads = first.align(src, tgt, "en", "fr")
    assert first.cache.encoded >= 6
    again = Aligner(encoder=FakeEncoder(), cache_dir=tmp_path)
    assert again.align(src, tgt, "en", "fr") == beads
    assert again.cache.encoded == 0


def test_a_language_missing_a_sentence_lowers_only_its_own_pairs() -> None:
    """The en-fr beads of a three-way document score as en-fr aligned alone, whatever es leaves out."""
    from hexaglot.align import align
    from hexaglot.pipeline import align_document

    en = ["The Council met on 3 May 2024.", "It adopted resolution 2231 by 13 votes.",
          "The President made a statement on the situation.", "The meeting rose at 5 p.m."]
    fr = ["Le Conseil s'est réuni le 3 mai 2024.", "Il a adopté la résolution 2231 par 13 voix.",
          "Le Président a fait une déclaration sur la situation.", "La séance est levée à 17 heures."]
    es = ["El Consejo se reunió el 3 de mayo de 2024.", "La sesión se levantó a las 17.00 horas."]
    alone = {(tuple(b.src), tuple(b.tgt)): b.score for b in align(en, fr, "en", "fr", embeddings=False)}
    done = {f"{a.src_lang}-{a.tgt_lang}": a for a in
            align_document({"en": en, "fr": fr, "es": es}, ["en", "fr", "es"], embeddings=False)}
    pair = done.get("en-fr") or done["fr-en"]
    same = [(b, alone[(tuple(b.src), tuple(b.tgt))]) for b in pair.beads if (tuple(b.src), tuple(b.tgt)) in alone]
    assert len(same) == 4
    assert all(b.score == pytest.approx(s) for b, s in same)
    es_pair = done.get("en-es") or done["es-en"]
    assert min(b.score for b in es_pair.beads) < min(s for _, s in same)
