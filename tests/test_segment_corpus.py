"""Segmentation on real files: the seed letter (2 + 9 + 6 sentences) and quality floors on the gold sets.

The floors are the figures of bench/RESULTS.md ("## Segmentation") rounded down; never lower one
silently. "punct" F1 counts only gold boundaries after sentence-final punctuation
(see hexaglot.segment.evaluate for why).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hexaglot.segment import split
from hexaglot.segment.evaluate import mac, score, textberg, udhr, unpc

SEED = "seed/letter-2003-06-04.fr.txt"

# (first words, last words) of each body paragraph, by part of the letter
SEED_PARAGRAPHS: dict[str, list[tuple[str, str]]] = {
    "body": [
        ("Nous avons l’honneur", "annexe II)."),
        ("Nous vous serions reconnaissants", "sécurité."),
    ],
    "annex I": [
        ("Le 24 mai 2002", "respect mutuel."),
        ("Nous nous sommes rencontrés", "XXIe siècle."),
        ("Après l’achèvement", "pays."),
        ("Nous intensifierons", "monde entier."),
        ("À ce propos", "la Russie."),
    ],
    "annex II": [
        ("La perte de la navette", "navette spatiale."),
        ("Nous confirmons", "applications."),
    ],
}


def reflow(lines: list[str], first: str, last: str) -> str:
    """The paragraph whose first line starts with ``first``: its lines up to the one ending with ``last``."""
    start = next(i for i, ln in enumerate(lines) if ln.strip().startswith(first))
    parts: list[str] = []
    for ln in lines[start:]:
        parts.append(ln.strip())
        if ln.strip().endswith(last):
            return " ".join(parts)
    raise AssertionError(f"paragraph {first!r} has no end {last!r}")


def test_seed_letter_sentences(corpus: Path) -> None:
    lines = (corpus / SEED).read_text(encoding="utf-8").splitlines()
    counts: dict[str, int] = {}
    for part, paras in SEED_PARAGRAPHS.items():
        sents = [s for first, last in paras for s in split(reflow(lines, first, last), "fr")]
        counts[part] = len(sents)
        if part == "annex I":
            assert sents[0] == (
                "Le 24 mai 2002, nous nous sommes engagés à construire une nouvelle relation "
                "stratégique entre les États-Unis d’Amérique et la Fédération de Russie."
            )
    assert counts == {"body": 2, "annex I": 9, "annex II": 6}
    first = split(reflow(lines, "Nous avons l’honneur", "annexe II)."), "fr")[0]
    assert "George W. Bush" in first and "Vladimir V. Poutine" in first


def test_seed_titles_are_one_unit(corpus: Path) -> None:
    lines = (corpus / SEED).read_text(encoding="utf-8").splitlines()
    title = reflow(lines, "Déclaration commune du Président George W. Bush", "relation stratégique")
    assert split(title, "fr") == [title]


UNPC_PUNCT_FLOOR = 0.98
UNPC_F1_FLOOR = {"ar": 0.84, "zh": 0.86, "en": 0.88, "fr": 0.87, "ru": 0.85, "es": 0.88}


@pytest.mark.parametrize("lang", ["ar", "zh", "en", "fr", "ru", "es"])
def test_unpc_floor(corpus: Path, lang: str) -> None:
    sc = score(split, unpc(corpus, lang), lang)
    assert sc.punct.f1 >= UNPC_PUNCT_FLOOR, (lang, sc.punct.f1)
    assert sc.all.f1 >= UNPC_F1_FLOOR[lang], (lang, sc.all.f1)
    assert sc.all.precision >= 0.99, (lang, sc.all.precision)


@pytest.mark.parametrize(("lang", "punct_floor"), [("zh", 0.98), ("en", 0.98)])
def test_mac_floor(corpus: Path, lang: str, punct_floor: float) -> None:
    sc = score(split, mac(corpus, lang), lang)
    assert sc.punct.f1 >= punct_floor, (lang, sc.punct.f1)
    assert sc.all.f1 >= 0.98, (lang, sc.all.f1)


@pytest.mark.parametrize("lang", ["de", "fr"])
def test_textberg_floor(corpus: Path, lang: str) -> None:
    sc = score(split, textberg(corpus, lang, "test"), lang)
    assert sc.punct.f1 >= 0.97, (lang, sc.punct.f1)
    assert sc.all.f1 >= 0.88, (lang, sc.all.f1)


@pytest.mark.parametrize("lang", ["ar", "zh", "en", "fr", "ru", "es"])
def test_udhr_recall(corpus: Path, lang: str) -> None:
    # UDHR lines are paragraphs: every line end after a final mark must be found
    sc = score(split, udhr(corpus, lang), lang)
    assert sc.punct.recall == 1.0, (lang, sc.punct.recall)
