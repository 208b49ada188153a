"""Language-aware tokens for the lexical and anchor signals.

Alignment does not need linguistics, only units that survive translation:

* Latin, Cyrillic, Greek and Arabic words are lower-cased and cut to a prefix "stem" (the first
  :data:`STEM` characters; the Arabic article ``ال`` is dropped first). Crude, but it maps
  ``Gletscher``/``Gletschers`` and ``glacier``/``glaciers`` together, as hunalign's and Bleualign's
  prefix stemming does.
* Han runs (no word boundaries) are cut into CC-CEDICT words by maximum matching
  (:mod:`hexaglot.align.hanzi`; character unigrams and bigrams without the dictionary).
* Anchors are tokens whose form survives translation: digit strings (separators removed; full-width
  ``２０１５`` and Arabic-Indic ``٢٠١٥`` digits read as ``2015``), UN document symbols (``A/RES/70/1``,
  also in full-width forms) and capitalised words in Latin script (names).
"""

from __future__ import annotations

import functools
import re
import unicodedata
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from hexaglot.align.dp import use_compiled
from hexaglot.align.hanzi import HAN, segment

STEM = 5
"""Prefix length of a word stem."""

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# the words of two letters or more, i.e. the _WORD matches longer than one (a run of one letter
# fails, the scan moves past it; a longer run matches whole from its first letter)
_WORD2 = re.compile(r"[^\W\d_]{2,}")
_WORD2_ASCII = re.compile(r"[A-Za-z]{2,}")
_HAN = HAN
_NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f ]\d{3})*(?:[.,]\d+)?")
_SYMBOL = re.compile(r"(?<![A-Za-z0-9])[A-Z]{1,6}(?:/[A-Z0-9.()\-]+)+")
# no \b: Han characters are word characters, and 见A/RES/70/1 or 的Smith must still match
# (the look-behind after the capital: the same matches as before it, but the engine tests it only
# at capitals)
_CAP = re.compile(r"[A-ZÀ-ÖØ-Þ](?<![A-Za-zÀ-ÖØ-öø-ÿ].)[a-zà-öø-ÿ]{2,}")
_AR_ARTICLE = ("وال", "بال", "فال", "كال", "لل", "ال")
_OTHER_DIGIT = re.compile(r"[^\D0-9]")  # a decimal digit of another script (\d = str.isdecimal)
_NON_DIGIT = re.compile(r"\D")
_ASCII_DIGIT = re.compile(r"[0-9]")


@functools.lru_cache(maxsize=1 << 18)
def stem(word: str) -> str:
    """Lower-case prefix stem of one word (Arabic article stripped)."""
    w = word.lower()
    if w and "\u0600" <= w[0] <= "\u06ff":
        for art in _AR_ARTICLE:
            if w.startswith(art) and len(w) > len(art) + 1:
                w = w[len(art):]
                break
    return w[:STEM]


def words(text: str) -> list[str]:
    """Word stems of a sentence; Han runs become dictionary words (:func:`hanzi.segment`)."""
    if text.isascii():  # [^\W\d_] is [A-Za-z] there, a simpler class for the regex engine
        return list(map(stem, _WORD2_ASCII.findall(text)))
    if not _HAN.search(text):  # no Han characters: one regex pass, memoised stems
        return list(map(stem, _WORD2.findall(text)))
    out: list[str] = []
    for m in _WORD.finditer(text):
        tok = m.group(0)
        if _HAN.search(tok):
            for run in _HAN.findall(tok):
                out.extend(segment(run))
            rest = _HAN.sub(" ", tok).split()
            out.extend(stem(r) for r in rest if len(r) > 1)
        elif len(tok) > 1:
            out.append(stem(tok))
    return out


def _ascii_digits(text: str, nfkc: bool = True) -> str:
    """NFKC (full-width ``０``-``９`` and letters → ASCII), then every other decimal digit as ASCII
    (``nfkc=False``: ``text`` is NFKC already)."""
    if nfkc:
        text = unicodedata.normalize("NFKC", text)
    if text.isascii():
        return text
    text = text.replace("\u066b", ".").replace("\u066c", ",")  # Arabic decimal and thousands separators
    if not _OTHER_DIGIT.search(text):  # accents but no foreign digits: nothing to convert
        return text
    return _OTHER_DIGIT.sub(lambda d: str(unicodedata.decimal(d.group(0))), text)


def numbers(text: str) -> list[str]:
    """Digit strings of a sentence with thousands/decimal separators removed (``1 234,5`` → ``12345``).

    Digits of any script count as their value (``٢٠١٥`` and ``２０１５`` → ``2015``), so numbers anchor
    Arabic and Chinese text to the others.
    """
    return _numbers(_ascii_digits(text))


def _numbers(text: str) -> list[str]:
    """:func:`numbers` of a text whose digits are ASCII already (:func:`_ascii_digits`)."""
    out: list[str] = []
    if not _ASCII_DIGIT.search(text):  # every digit is ASCII here: no digit, no number
        return out
    for digits in _NUMBER.findall(text):  # a match starts with a digit: never empty
        if not digits.isdecimal():  # separators inside (\D is "not str.isdecimal")
            digits = _NON_DIGIT.sub("", digits)
        out.append(digits.lstrip("0") or "0")
    return out


def anchors(text: str) -> list[str]:
    """Translation-invariant tokens: numbers, UN symbols and capitalised Latin-script words."""
    text = unicodedata.normalize("NFKC", text)
    out = ["#" + n for n in _numbers(_ascii_digits(text, nfkc=False))]  # numbers(text), NFKC once
    if "/" in text:  # a symbol has one at least
        out.extend("/" + s for s in _SYMBOL.findall(text))
    out.extend("^" + c.lower()[:STEM] for c in _CAP.findall(text))
    return out


def bucket(token: str, dim: int) -> int:
    """Stable hash bucket of a token (the same in every process, unlike ``hash``)."""
    return zlib.crc32(token.encode("utf-8")) % dim


_BUCKETS: dict[int, dict[str, int]] = {}
_BUCKETS_MAX = 1 << 20  # memoised tokens per dimension (then the memo starts again)
_BUCKETS_BATCH = 64  # from this many tokens on, the compiled pass


def buckets(tokens: Iterable[str], dim: int) -> list[int]:
    """:func:`bucket` of each token, memoised per token (dictionary words and their translations
    come back in every document); many tokens at once: one compiled pass
    (:func:`hexaglot.align.text_jit.buckets_many`, the same buckets)."""
    if not isinstance(tokens, (list, tuple)):
        tokens = list(tokens)
    if len(tokens) >= _BUCKETS_BATCH and use_compiled(None):
        from hexaglot.align.text_jit import buckets_many

        return buckets_many(tokens, dim).tolist()
    memo = _BUCKETS.get(dim)
    if memo is None or len(memo) > _BUCKETS_MAX:
        memo = _BUCKETS[dim] = {}
    out = []
    for tok in tokens:
        b = memo.get(tok)
        if b is None:
            b = memo[tok] = zlib.crc32(tok.encode("utf-8")) % dim
        out.append(b)
    return out


HAN_WIDTH = 2.5
"""Characters a Han character counts for in :func:`char_length`.

One Han character carries about as much as 2.5–3 Latin, Cyrillic or Arabic characters, while the
digits, Latin names and symbols inside Chinese text are as long as in the other languages; counting
both as 1 made the length ratio of a Chinese sentence depend on how many numbers it holds. UNPC dev
streams, no embeddings, mean strict F1 of the five zh pairs: 0.974 (1), 0.977 (2), 0.977 (2.5),
0.977 (3; ar-zh drops to 0.978).
"""


def char_length(text: str) -> int:
    """Length in characters without spaces (a Han character counts :data:`HAN_WIDTH`), at least 1."""
    n = len(text) - text.count(" ")
    if n and not text.isascii():
        han = sum(len(run) for run in _HAN.findall(text))
        n += round((HAN_WIDTH - 1.0) * han)
    return max(1, n)


@dataclass(frozen=True)
class Tokens:
    """The tokens of one sentence that the scorers use."""

    words: tuple[str, ...]
    anchors: tuple[str, ...]
    length: int

    @classmethod
    def of(cls, text: str) -> Tokens:
        """The tokens of ``text``; memoised per sentence (the archive aligns each language of a
        document with several others, and a sentence's tokens do not depend on the pair)."""
        tok = _MEMO.get(text)
        if tok is None:
            tok = _remember(text, Tokens(tuple(words(text)), tuple(anchors(text)), char_length(text)))
        return tok

    @classmethod
    def many(cls, texts: Sequence[str]) -> list[Tokens]:
        """:meth:`of` of each text; the tokens of the texts not memoised yet come from compiled scans
        over all of them (:mod:`hexaglot.align.text_jit`: the same tokens; ``HEXAGLOT_DP=numpy``:
        :meth:`of` for each)."""
        memo = _MEMO
        distinct = dict.fromkeys(texts)
        known = {t: tok for t in distinct if (tok := memo.get(t)) is not None} if memo else {}
        new = [t for t in distinct if t not in known] if known else list(distinct)
        if not new:
            return [known[t] for t in texts]
        if not use_compiled(None):  # HEXAGLOT_DP=numpy: the per-sentence reference
            return [cls.of(t) for t in texts]
        from hexaglot.align.text_jit import anchors_many, words_many

        stems, lengths = words_many(new, STEM, HAN_WIDTH)
        marks = anchors_many(new, STEM)
        if None in stems or None in marks:  # the texts the scans leave to Python (Han, rare letters)
            for k, text in enumerate(new):
                if stems[k] is None:
                    stems[k] = words(text)
                if marks[k] is None:
                    marks[k] = anchors(text)
        # Tokens built by C-level iteration
        toks = list(map(Tokens, map(tuple, stems), map(tuple, marks), lengths))
        known.update(zip(new, toks, strict=True))
        if len(memo) + len(new) <= _MEMO_MAX:
            memo.update(zip(new, toks, strict=True))
        else:  # the memo starts again on the way (``known`` keeps this call's tokens)
            for text, tok in zip(new, toks, strict=True):
                _remember(text, tok)
        return list(map(known.__getitem__, texts))


_MEMO: dict[str, Tokens] = {}
_MEMO_MAX = 1 << 15  # memoised sentences (then the memo starts again)


def _remember(text: str, tok: Tokens) -> Tokens:
    if len(_MEMO) >= _MEMO_MAX:
        _MEMO.clear()
    _MEMO[text] = tok
    return tok


def forget_tokens() -> None:
    """Empty the per-sentence memo of :meth:`Tokens.of` (benchmarks measure a cold start)."""
    _MEMO.clear()
