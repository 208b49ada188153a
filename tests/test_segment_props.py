"""Property tests of the splitter: nothing lost, idempotent on sentences, never inside a UN symbol."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hexaglot.segment import split, split_spans

LANGS = ("ar", "zh", "en", "fr", "ru", "es", "de")

WORDS = {
    "en": [
        "the",
        "Council",
        "Mr.",
        "No.",
        "para.",
        "e.g.",
        "George",
        "W.",
        "Bush",
        "annex",
        "I.",
        "3.5",
        "1.",
        "(a)",
    ],
    "fr": ["le", "Conseil", "M.", "Mme", "par.", "art.", "Vladimir", "V.", "Poutine", "1er", "No.", "«", "»"],
    "es": ["el", "Consejo", "Sr.", "Sra.", "núm.", "párr.", "Excmo.", "¿qué?", "¡sí!", "art."],
    "ru": ["Совет", "г.", "гг.", "т.е.", "п.", "ст.", "В.В.", "Путин", "долл.", "США", "«да»"],
    "ar": ["المجلس", "قرر", "؟", "،", "الأمين", "العام", "هل", "3", "؛"],
    "zh": ["安理会", "决定", "。", "！", "？", "；", "“好的。”", "1.5", "第1483(2003)号"],
    "de": ["der", "Rat", "Dr.", "z.B.", "d.h.", "9.", "September", "S.", "298", "Nr."],
}
PUNCT = [".", "!", "?", "...", ";", ",", ":", "。", "？", "؟"]
SYMBOLS = [
    "A/58/50/Rev.1",
    "S/RES/1483 (2003)",
    "A/C.5/69/L.23",
    "E/CN.6/2015/NGO/259",
    "A/58/50/Rev. 1",
    "A/69/1*",
]


def _squash(s: str) -> str:
    return "".join(s.split())


@st.composite
def paragraphs(draw: st.DrawFn) -> tuple[str, str]:
    lang = draw(st.sampled_from(LANGS))
    pieces = draw(
        st.lists(
            st.one_of(
                st.sampled_from(WORDS[lang]),
                st.sampled_from(PUNCT),
                st.sampled_from(SYMBOLS),
                st.text(alphabet="abcXYZ .!?。؟«»\"'()1234567890\n", min_size=1, max_size=6),
            ),
            max_size=30,
        )
    )
    sep = "" if lang == "zh" and draw(st.booleans()) else " "
    return lang, sep.join(pieces)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(paragraphs())
def test_no_character_lost(case: tuple[str, str]) -> None:
    lang, text = case
    sents = split(text, lang)
    assert _squash("".join(sents)) == _squash(text)
    assert all(s and s == s.strip() for s in sents)
    spans = split_spans(text, lang)
    assert all(a < b for a, b in spans)
    assert all(b1 <= a2 for (_, b1), (a2, _) in itertools.pairwise(spans))
    assert [text[a:b] for a, b in spans] == sents


@settings(max_examples=300, deadline=None)
@given(paragraphs())
def test_idempotent(case: tuple[str, str]) -> None:
    lang, text = case
    for s in split(text, lang):
        assert split(s, lang) == [s]


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(LANGS),
    st.sampled_from(SYMBOLS),
    st.sampled_from(["See ", "Voir le document ", "根据", "وفقا للوثيقة ", "См. документ ", ""]),
    st.sampled_from([". Next sentence.", "。下一句。", " and more. End.", ", et Corr.1. Fin.", ""]),
)
def test_never_splits_inside_a_symbol(lang: str, symbol: str, before: str, after: str) -> None:
    text = before + symbol + after
    start = len(before)
    end = start + len(symbol)
    for a, _ in split_spans(text, lang)[1:]:
        assert not (start < a < end), (text, a)


REAL_SENTENCES = [
    ("en", "The Security Council, in its resolution 1483 (2003), decided to remain seized of the matter."),
    (
        "en",
        "Mr. George W. Bush (United States) and Mr. Vladimir V. Putin met on 1 June 2003 (see A/58/50/Rev.1).",
    ),
    (
        "fr",
        "M. George W. Bush et M. Vladimir V. Poutine ont adopté le 1er juin 2003 les Déclarations (voir annexe I).",
    ),
    ("fr", "Voir le par. 3 de l’art. 5 du doc. A/58/50/Rev.1 et Corr.1, p. 12 à 14."),
    ("es", "El Excmo. Sr. Presidente señaló el párr. 3 del núm. 5 (A/58/50/Rev.1)."),
    ("ru", "В 2003 г. Генеральная Ассамблея, т.е. ГА, приняла резолюцию (см. п. 3 ст. 5)."),
    ("ar", "قرر مجلس الأمن في قراره 1483 (2003) أن يبقي المسألة قيد نظره."),
    ("zh", "安全理事会第1483(2003)号决议决定继续处理此案；大会也作出了决定。"),
    ("de", "Am 9. September 1988 kam Dr. Müller, d.h. der Arzt, nach Bern (s. « Die Alpen » 1956, S. 298)."),
]


def test_real_sentences_stay_whole() -> None:
    for lang, text in REAL_SENTENCES:
        assert split(text, lang) == [text], lang
