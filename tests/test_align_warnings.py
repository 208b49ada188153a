"""align warns when both texts are in one language or are not translations of each other."""

from __future__ import annotations

import itertools
import warnings
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from hexaglot.align import AlignWarning, align, alignment_warnings, default_aligner, diagnose
from hexaglot.align.calibrate import Calibration, shipped
from hexaglot.align.diagnose import matched_beads
from hexaglot.model import Bead

DEMO = Path(__file__).resolve().parents[1] / "src" / "hexaglot" / "demo"


def _lines(name: str) -> list[str]:
    return [x for x in (DEMO / name).read_text(encoding="utf-8").splitlines() if x.strip()]


def _warned(src: str, tgt: str, sl: str, tl: str, embeddings: bool = False) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        align(_lines(src), _lines(tgt), sl, tl, embeddings=embeddings)
    return [str(w.message) for w in caught if issubclass(w.category, AlignWarning)]


@pytest.mark.parametrize(("src", "tgt", "sl", "tl"), [
    ("udhr.en.txt", "udhr.fr.txt", "en", "fr"), ("udhr.es.txt", "udhr.fr.txt", "es", "fr"),
    ("udhr.en.txt", "udhr.ru.txt", "en", "ru"), ("udhr.zh.txt", "udhr.ar.txt", "zh", "ar"),
])
def test_translations_give_no_warning(src: str, tgt: str, sl: str, tl: str) -> None:
    assert _warned(src, tgt, sl, tl) == []


def test_one_language_on_both_sides() -> None:
    assert any("both texts are in en" in w for w in _warned("udhr.en.txt", "S_RES_0241_1967_EN_GOLD.txt", "en", "en"))
    said = _warned("udhr.en.txt", "udhr.en.txt", "en", "fr")  # wrong code: the words give it away
    assert any("look like one language" in w for w in said), said


@pytest.mark.parametrize(("src", "tgt", "sl", "tl"), [
    ("S_RES_0241_1967_EN_GOLD.txt", "udhr.fr.txt", "en", "fr"), ("letter-2003-06-04.fr.txt", "udhr.en.txt", "fr", "en"),
    ("S_RES_0241_1967_EN_GOLD.txt", "udhr.zh.txt", "en", "zh"),
])
def test_unrelated_texts(src: str, tgt: str, sl: str, tl: str) -> None:
    said = _warned(src, tgt, sl, tl)
    assert any("do not look like translations" in w for w in said), said


def test_rules_on_made_up_beads() -> None:
    good = [Bead(src=[i], tgt=[i], score=0.7) for i in range(10)]
    bad = [Bead(src=[i], tgt=[i], score=0.2) for i in range(10)]
    assert alignment_warnings(["Le chat."], ["The cat."], "fr", "en", good) == []
    assert alignment_warnings(["Le chat."], ["The cat."], "fr", "en", bad[:3]) == []  # too few to judge
    assert "median raw bead score 0.20" in alignment_warnings(["Le chat."], ["The cat."], "fr", "en", bad)[0]


def test_the_align_command_warns_on_stderr() -> None:
    from hexaglot.serve.cli import app

    res = CliRunner().invoke(app, ["align", str(DEMO / "S_RES_0241_1967_EN_GOLD.txt"), str(DEMO / "udhr.fr.txt"),
                                   "--presegmented", "--no-embeddings", "--src-lang", "en", "--tgt-lang", "fr"])
    assert res.exit_code == 0
    assert "warning:" in res.stderr and "do not look like translations" in res.stderr
    assert "warning" not in res.stdout and res.stdout.count("\n") > 10
    res = CliRunner().invoke(app, ["align", str(DEMO / "udhr.en.txt"), str(DEMO / "udhr.fr.txt"), "--presegmented",
                                   "--no-embeddings"])
    assert res.exit_code == 0 and "warning" not in res.stderr


def test_calibrated_beads_are_judged_on_their_raw_score() -> None:
    # a calibrated probability can be high where the raw confidence is low: the cut reads ``raw``
    beads = [Bead(src=[i], tgt=[i], score=0.9, raw=0.2) for i in range(10)]
    assert "median raw bead score 0.20" in alignment_warnings(["Le chat."], ["The cat."], "fr", "en", beads)[0]


def test_ingest_names_the_document_and_pair_of_a_warning(tmp_path: Path) -> None:
    """An ingest reports the aligner's doubts as lines naming the document and the pair, not as
    Python warnings pointing into the package's source."""
    from hexaglot.serve.cli import app

    en, fr = tmp_path / "en.txt", tmp_path / "fr.txt"
    en.write_text("\n".join(_lines("S_RES_0241_1967_EN_GOLD.txt")), encoding="utf-8")
    fr.write_text("\n".join(_lines("udhr.fr.txt")), encoding="utf-8")
    res = CliRunner().invoke(app, ["ingest", "--archive", str(tmp_path / "a"), "--pair", f"en:{en}", "--pair",
                                   f"fr:{fr}", "--doc-id", "mixed", "--no-embeddings"])
    assert res.exit_code == 0, res.output
    lines = [x for x in res.stderr.splitlines() if "do not look like translations" in x]
    assert len(lines) == 1 and lines[0].startswith("warning: document mixed: en-fr: "), res.stderr
    assert "AlignWarning" not in res.stderr and ".py:" not in res.stderr


def test_loose_literary_translations_are_not_taken_as_unrelated(corpus: Path) -> None:
    """MAC's zh-en chapters are free translations (median raw bead score 0.43 with embeddings, under
    the 0.45 cut of before); the same chapters paired with the wrong one still warn."""
    mac = corpus / "mac_zh_en" / "dev"
    zh = [(mac / "zh" / f"00{k}.zh").read_text(encoding="utf-8").splitlines() for k in (2, 3)]
    en = [(mac / "en" / f"00{k}.en").read_text(encoding="utf-8").splitlines() for k in (2, 3)]
    for k in (0, 1):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            align(zh[k], en[k], "zh", "en", embeddings=True)
        assert not [w for w in caught if issubclass(w.category, AlignWarning)], [str(w.message) for w in caught]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        align(zh[0], en[1], "zh", "en", embeddings=True)
    assert any("do not look like translations" in str(w.message) for w in caught)


def _vectors(n: int, dim: int = 24, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).normal(size=(n, dim)).astype(np.float32)


def test_matched_beads_counts_pairs_of_closest_sentences(monkeypatch: pytest.MonkeyPatch) -> None:
    src = _vectors(40)
    tgt = src + 0.05 * _vectors(40, seed=1)  # each target is its source's closest
    ones = [(1, 1)] * 40
    assert matched_beads(src, tgt, ones) == (40, 40)
    shifted = [(1, 0), *ones[:39], (0, 1)]  # sentence i against target i - 1: its own is closer
    assert matched_beads(src, tgt, shifted) == (0, 39)
    assert matched_beads(src, tgt, [(2, 2)] * 20) == (40, 40)  # in a merge, the closest is in the bead
    assert matched_beads(src, tgt, [(1, 0)] * 40 + [(0, 1)] * 40) == (0, 0)  # no bead with both sides
    # a longer side through a sample of it: the same answer on these vectors
    monkeypatch.setattr(diagnose, "MATCH_SAMPLE", 16)
    assert matched_beads(src, tgt, ones)[0] >= 38 and matched_beads(src, tgt, shifted)[0] <= 2


def test_the_translation_gate_of_the_calibration_file() -> None:
    cal = shipped()
    p = [cal.translation_probability(k, 40, embeddings=True) for k in range(41)]
    assert all(b >= a for a, b in itertools.pairwise(p)) and p[0] < 0.01 and p[-1] > 0.999
    assert cal.translation_probability(0, 4, embeddings=True) == 1.0  # too few aligned sentences to judge
    assert cal.translation_probability(0, 40, embeddings=False) == 1.0  # no gate without embeddings
    again = Calibration.from_json(cal.to_json())
    assert again.translation_probability(10, 40, embeddings=True) == cal.translation_probability(10, 40,
                                                                                                embeddings=True)
    plain = Calibration(cal.weights, {k: v for k, v in cal.meta.items() if k != "gate"})  # a file without one
    assert plain.translation_probability(0, 40, embeddings=True) == 1.0


def test_unrelated_texts_get_no_confidence_with_embeddings() -> None:
    """Two unrelated texts aligned with embeddings: before the gate, the beads' median probability was
    0.59 here (0.6-0.9 on UN texts of 40 sentences); a translation keeps its probabilities."""
    en = [x for x in _lines("udhr.en.txt") if len(x) > 30][:14]
    letter = [x for x in _lines("letter-2003-06-04.fr.txt") if len(x) > 30][:14]
    fr = [x for x in _lines("udhr.fr.txt") if len(x) > 30][:14]
    aligner = default_aligner()
    beads, ev = aligner.align_scored(en, letter, "en", "fr", embeddings=True)
    assert ev.matched is not None and ev.matched[1] >= 5
    assert max(b.score for b in beads) < 0.01
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        align(en, letter, "en", "fr", embeddings=True)
    said = [str(w.message) for w in caught if issubclass(w.category, AlignWarning)]
    assert len(said) == 1 and "aligned sentences are paired with one of their closest in meaning" in said[0]
    beads, ev = aligner.align_scored(en, fr, "en", "fr", embeddings=True)
    assert ev.matched is not None and ev.matched[0] == ev.matched[1]
    ungated = shipped().probabilities([(len(b.src), len(b.tgt)) for b in beads], [b.raw for b in beads],
                                      embeddings=True, evidence=replace(ev, matched=None))
    assert max(abs(b.score - p) for b, p in zip(beads, ungated, strict=True)) <= 1e-3
