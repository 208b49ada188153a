"""The word stems of many sentences in one compiled pass over their code points.

:func:`words_many` gives, sentence for sentence, exactly :func:`hexaglot.align.text.words`: the runs
of two letters or more (``[^\\W\\d_]{2,}``, the letter class of Python's ``re``), lower-cased, the
Arabic article dropped, cut to :data:`~hexaglot.align.text.STEM` characters. The scanner reads the
sentences as one UTF-32 array and classifies code points by two tables built once per process from
Python's own ``re`` and ``str.lower`` over the Basic Multilingual Plane. Sentences it does not
handle exactly go back to :func:`~hexaglot.align.text.words`: Han characters (dictionary
segmentation), code points outside the BMP, and letters whose lower case is not one code point or
depends on the context (``İ``, ``Σ``). ``tests/test_align_text_jit.py`` checks every BMP letter.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

import numpy as np
from numba import njit

LETTER = 1
"""Class bit: a letter for ``re``'s ``[^\\W\\d_]``."""
HARD = 2
"""Class bit: a sentence holding it goes back to Python (Han, multi-code-point or context lower case)."""
HAN_BIT = 4
"""Class bit: a Han character (:data:`hexaglot.align.hanzi.HAN`), for the character length."""

_AR_ARTICLES = ("وال", "بال", "فال", "كال", "لل", "ال")  # text._AR_ARTICLE, in its order


@functools.lru_cache(maxsize=1)
def tables() -> tuple[np.ndarray, np.ndarray]:
    """(class bits, lower case) of each BMP code point."""
    from hexaglot.align.hanzi import HAN as han_runs

    bmp = "".join(map(chr, range(0x10000)))
    cls = np.zeros(0x10000, dtype=np.uint8)
    for m in re.finditer(r"[^\W\d_]+", bmp):
        cls[m.start():m.end()] |= LETTER
    for m in han_runs.finditer(bmp):
        cls[m.start():m.end()] |= HARD | HAN_BIT
    low = np.arange(0x10000, dtype=np.uint32)
    for k in np.flatnonzero(cls & LETTER):
        c = bmp[k]
        lo = c.lower()
        if c == "\u03a3" or len(lo) != 1 or lo.isspace() or ord(lo) >= 0x10000:
            cls[k] |= HARD
        else:
            low[k] = ord(lo)
    return cls, low


def _articles() -> np.ndarray:
    """The articles as rows of code points (0-padded) with their length in the last column."""
    out = np.zeros((len(_AR_ARTICLES), 4), dtype=np.uint32)
    for r, art in enumerate(_AR_ARTICLES):
        out[r, :len(art)] = [ord(c) for c in art]
        out[r, 3] = len(art)
    return out


_ARTICLES = _articles()


@njit(cache=True, nogil=True)
def scan(cps: np.ndarray, ends: np.ndarray, cls: np.ndarray, low: np.ndarray, arts: np.ndarray,
         stem: int) -> tuple[np.ndarray, int, np.ndarray, np.ndarray, np.ndarray]:  # pragma: no cover
    """Stems of the sentences ``cps[ends[s-1]:ends[s]]``: code points, the stems of a sentence
    separated by spaces and the sentences by ``0``; the used length; a flag per sentence that
    Python must tokenise (its part of the output is empty then); and per sentence its code points
    that are not a space and its Han characters."""
    n_sent = ends.shape[0]
    chars = np.zeros(n_sent, dtype=np.int64)
    han = np.zeros(n_sent, dtype=np.int64)
    a = 0
    for s in range(n_sent):
        b = ends[s]
        for k in range(a, b):
            c = cps[k]
            if c != 32:
                chars[s] += 1
                if c < 0x10000 and cls[c] & 4:
                    han[s] += 1
        a = b
    out = np.empty(cps.shape[0] + n_sent, dtype=np.uint32)
    hard = np.zeros(n_sent, dtype=np.bool_)
    buf = np.empty(stem + 3, dtype=np.uint32)
    o = 0
    a = 0
    for s in range(n_sent):
        b = ends[s]
        o0 = o
        k = a
        while k < b:
            c = cps[k]
            if c >= 0x10000 or cls[c] & 2:
                hard[s] = True
                break
            if not cls[c] & 1:
                k += 1
                continue
            e = k + 1  # the run of letters [k, e)
            bad = False
            while e < b:
                d = cps[e]
                if d >= 0x10000 or cls[d] & 2:
                    bad = True
                    break
                if not cls[d] & 1:
                    break
                e += 1
            if bad:
                hard[s] = True
                break
            n = e - k
            if n > 1:
                # the first stem + 3 lower-case code points decide the article and the stem
                w = min(n, stem + 3)
                for q in range(w):
                    buf[q] = low[cps[k + q]]
                skip = 0
                if 0x600 <= buf[0] <= 0x6FF:
                    for r in range(arts.shape[0]):
                        ln = arts[r, 3]
                        if n > ln + 1:
                            same = True
                            for q in range(ln):
                                if buf[q] != arts[r, q]:
                                    same = False
                                    break
                            if same:
                                skip = ln
                                break
                if o > o0:
                    out[o] = 32
                    o += 1
                for q in range(skip, min(n, skip + stem)):
                    out[o] = buf[q]
                    o += 1
            k = e
        if hard[s]:
            o = o0
        out[o] = 0
        o += 1
        a = b
    return out, o, hard, chars, han


def words_many(texts: Sequence[str], stem: int, han_width: float) -> tuple[list[list[str] | None], list[int]]:
    """The stems of each text (as :func:`~hexaglot.align.text.words`), ``None`` for a text Python
    must tokenise; and its :func:`~hexaglot.align.text.char_length` (``han_width``: its
    ``HAN_WIDTH``)."""
    if not texts:
        return [], []
    cls, low = tables()
    joined = "".join(texts)
    cps = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    ends = np.cumsum(np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)))
    out, used, hard, chars, han = scan(cps, ends, cls, low, _ARTICLES, stem)
    # n + round((HAN_WIDTH - 1) * han): numpy rounds half to even as Python's round does
    lengths = np.maximum(1, chars + np.round((han_width - 1.0) * han).astype(np.int64)).tolist()
    chunks = out[:used - 1].tobytes().decode("utf-32-le").split("\x00")
    res: list[list[str] | None] = [c.split(" ") if c else [] for c in chunks]
    for s in np.flatnonzero(hard):
        res[s] = None
    return res, lengths
