"""The compiled word scanner (align/text_jit.py) against :func:`hexaglot.align.text.words`."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from hexaglot.align import text as T
from hexaglot.align.text_jit import HAN_BIT, HARD, LETTER, anchors_many, decimals, tables, words_many


def _ref(texts: list[str]) -> tuple[list[list[str]], list[int]]:
    return [T.words(t) for t in texts], [T.char_length(t) for t in texts]


def _check(texts: list[str], with_anchors: bool = True) -> None:
    if with_anchors:
        for g, r in zip(anchors_many(texts, T.STEM), [T.anchors(t) for t in texts], strict=True):
            assert g is None or g == r
    got, lengths = words_many(texts, T.STEM, T.HAN_WIDTH)
    ref_words, ref_lengths = _ref(texts)
    assert lengths == ref_lengths
    for g, r in zip(got, ref_words, strict=True):
        assert g is None or g == r


def test_every_bmp_letter_alone_doubled_and_after_an_article() -> None:
    cls, _ = tables()
    letters = [chr(k) for k in range(0x10000) if cls[k] & LETTER and not cls[k] & HAN_BIT]  # Han: Python's
    texts = []
    for c in letters:
        texts += [c, c + c, f"x{c}y {c}", "ال" + c * 3, c.upper() * 7, f"{c}Σ{c}"]
    got, _ = words_many(texts, T.STEM, T.HAN_WIDTH)
    doubled = got[1::6]  # c + c goes back to Python only for a Han letter or a special lower case
    assert [g is None for g in doubled] == [bool(cls[ord(c)] & HARD) for c in letters]
    special = [c for c in letters if cls[ord(c)] & HARD and not cls[ord(c)] & HAN_BIT]
    assert "İ" in special and "Σ" in special and len(special) < 50
    _check(texts, with_anchors=False)


def test_every_bmp_digit_and_latin_capital() -> None:
    dec = decimals()
    digits = [chr(k) for k in range(0x10000) if dec[k] >= 0]
    assert len(digits) > 300 and (dec < -2).sum() == 0 and (dec == -2).sum() == 26 + 30 and "٢" in digits
    texts = [f"{d}{d}.{d}{d}{d},{d} x {d}٬{d}{d}{d}٫{d}" for d in digits]
    caps = [chr(k) for k in range(0x41, 0x100) if chr(k).isupper()]
    texts += [f"{c}ab {c}{c}/R {c}bcdef a{c}bc" for c in caps]
    _check(texts)
    assert all(g is not None for g in anchors_many(texts, T.STEM))


def test_empty_and_edge_inputs() -> None:
    assert words_many([], T.STEM, T.HAN_WIDTH) == ([], [])
    assert anchors_many([], T.STEM) == []
    dense = ["1,2345" * 50 + " A/1" * 30 + " Abc" * 30, "0 " * 99, "A/1 " * 40]  # anchors longer than the text
    assert [len(" ".join(a or [])) > len(t) for a, t in zip(anchors_many(dense, T.STEM), dense, strict=True)] == [True] * 3
    _check(dense)
    _check(["", " ", "\x00", "ab\x00cd", "a", "\ud800ab", "ab\U0001f600cd", "人权 ab", "İstanbul", "ΣΟΦΙΑΣ",
            "   ", "ab" * 40, "والسلام وال ال لل للا"])


_PIECES = st.sampled_from([
    " ", "  ", ".", ",", "/", "-", "\x00", "\u00a0", "0", "2015", "٢٠١٥", "A/RES/70/1", "Smith", "Éric", "élan",
    "Über", "the", "Gletscher", "والسلام", "وال", "ال", "لل", "للام", "حقوق", "人权", "见A", "Ⅻ", "²", "_", "Ab",
    "İstanbul", "ß", "ǅemal", "ΣΟΦΙΑΣ", "σοφία", "Москва", "ﬁ", "𝐀𝐁", "\U0001f600", "x", "ʼ", "ǈ", "ᾈ", "Ǳ",
    "1 234,5", "１２", "007", "0", "00", "1.000.000", "3,14", "12 345 678", "\u202f", "\u066b", "\u066c", "٠٠٣",
    "S/2015/101", "Ａ/RES/1", "ABCDEFG/1", "UN", "/", "(", ")", "A/", "/R", "x/Y", "Smith", "ÀÉclair", "Þorn",
    "Ö", "ö", "×", "ab", "\U000104a1",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_PIECES, max_size=12).map("".join), min_size=1, max_size=6))
def test_words_many_equals_words(texts: list[str]) -> None:
    _check(texts)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(_PIECES, max_size=12).map("".join), min_size=1, max_size=6))
def test_tokens_many_equals_tokens_of(texts: list[str]) -> None:
    T.forget_tokens()
    many = T.Tokens.many(texts)
    T.forget_tokens()
    assert many == [T.Tokens(tuple(T.words(t)), tuple(T.anchors(t)), T.char_length(t)) for t in texts]
    assert T.Tokens.many(texts) == [T.Tokens.of(t) for t in texts]


def test_numpy_mode_uses_the_per_sentence_reference(monkeypatch) -> None:
    texts = ["Item 12 of A/RES/70/1: the Report.", "Point 12 du Rapport."]
    T.forget_tokens()
    fast = T.Tokens.many(texts)
    monkeypatch.setenv("HEXAGLOT_DP", "numpy")
    T.forget_tokens()
    assert T.Tokens.many(texts) == fast == [T.Tokens.of(t) for t in texts]


def test_tokens_many_when_the_memo_starts_again(monkeypatch) -> None:
    texts = [f"Sentence {k} of the Report." for k in range(10)]
    T.forget_tokens()
    T.Tokens.many(texts[:3])  # memoised before the call
    monkeypatch.setattr(T, "_MEMO_MAX", 4)
    got = T.Tokens.many(texts + texts[:2])
    assert got == [T.Tokens(tuple(T.words(t)), tuple(T.anchors(t)), T.char_length(t)) for t in texts + texts[:2]]
    assert len(T._MEMO) <= 4
