"""The tokeniser's fast paths (align/text.py) against the plain implementation they replace."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from hexaglot.align.text import STEM, anchors, numbers, words
from hexaglot.align.text import stem as stem_of

_NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f ]\d{3})*(?:[.,]\d+)?")
_SYMBOL = re.compile(r"(?<![A-Za-z0-9])[A-Z]{1,6}(?:/[A-Z0-9.()\-]+)+")
_CAP = re.compile(r"(?<![A-Za-zÀ-ÖØ-öø-ÿ])[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]{2,}")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def _ref_numbers(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\u066b", ".").replace("\u066c", ",")
    text = re.sub(r"(?![0-9])\d", lambda d: str(unicodedata.decimal(d.group(0))), text)
    out = []
    for m in _NUMBER.finditer(text):
        digits = re.sub(r"\D", "", m.group(0))
        if digits:
            out.append(digits.lstrip("0") or "0")
    return out


def _ref_anchors(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text)
    out = ["#" + n for n in _ref_numbers(text)]
    out.extend("/" + s for s in _SYMBOL.findall(text))
    out.extend("^" + c.lower()[:STEM] for c in _CAP.findall(text))
    return out


_PIECES = st.sampled_from([
    " ", "  ", ".", ",", "/", "-", "(", ")", "\u00a0", "\u202f", "\u066b", "\u066c", "0", "1", "2015", "007",
    "1 234,5", "٢٠١٥", "２０１５", "A/RES/70/1", "Ａ/RES/1", "S/2015/101", "UN", "Smith", "Éric", "élan", "Über",
    "oÜber", "xSmith", "the", "Gletscher", "والسلام", "حقوق", "人权", "见A/RES/70/1", "的Smith", "Ⅻ", "²", "_",
    "Ab", "ABC", "İstanbul", "ß", "ǅemal",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=14).map("".join))
def test_anchors_and_numbers_equal_the_plain_implementation(text: str) -> None:
    assert numbers(text) == _ref_numbers(text)
    assert anchors(text) == _ref_anchors(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, max_size=14).map("".join))
def test_words_without_han_equal_one_regex_pass(text: str) -> None:
    if not _HAN.search(text):
        assert words(text) == [stem_of(t) for t in _WORD.findall(text) if len(t) > 1]


@settings(max_examples=50, deadline=None)
@given(st.lists(_PIECES, max_size=20), st.sampled_from([7, 8192]))
def test_memoised_buckets_equal_bucket(tokens: list[str], dim: int) -> None:
    from hexaglot.align.text import bucket, buckets

    assert buckets(tokens, dim) == [bucket(t, dim) for t in tokens]
    assert buckets(tokens, dim) == [bucket(t, dim) for t in tokens]  # from the memo
    many = tokens * 70 + ["\U0001f600", "\x00", ""]  # the compiled pass
    assert buckets(many, dim) == [bucket(t, dim) for t in many]
    assert buckets(iter(many), dim) == [bucket(t, dim) for t in many]
