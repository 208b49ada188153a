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


@functools.lru_cache(maxsize=1)
def decimals() -> np.ndarray:
    """The decimal value of each BMP code point that ``re``'s ``\\d`` matches, -2 for the first
    letters of symbols and capitalised words (``[A-ZÀ-ÖØ-Þ]``), -1 for the others."""
    import unicodedata

    bmp = "".join(map(chr, range(0x10000)))
    dec = np.full(0x10000, -1, dtype=np.int8)
    for m in re.finditer(r"\d", bmp):
        dec[m.start()] = unicodedata.decimal(m.group(0))
    for m in re.finditer(r"[A-ZÀ-ÖØ-Þ]", bmp):
        dec[m.start()] = -2
    return dec


@njit(cache=True, nogil=True)
def _room(out: np.ndarray, o: int, need: int) -> np.ndarray:  # pragma: no cover - compiled
    """``out``, or a copy of its first ``o`` entries with room for ``need`` more."""
    if o + need <= out.shape[0]:
        return out
    grown = np.empty(2 * out.shape[0] + need, dtype=np.uint32)
    grown[:o] = out[:o]
    return grown


@njit(cache=True, nogil=True, inline="always")
def _latin_letter(c: int) -> bool:  # pragma: no cover - compiled
    """``[A-Za-zÀ-ÖØ-öø-ÿ]``"""
    return (65 <= c <= 90 or 97 <= c <= 122 or 0xC0 <= c <= 0xD6 or 0xD8 <= c <= 0xF6
            or 0xF8 <= c <= 0xFF)


@njit(cache=True, nogil=True, inline="always")
def _symbol_char(c: int) -> bool:  # pragma: no cover - compiled
    """``[A-Z0-9.()\\-]``"""
    return 65 <= c <= 90 or 48 <= c <= 57 or c == 46 or c == 40 or c == 41 or c == 45


@njit(cache=True, nogil=True)
def _number(cps: np.ndarray, k: int, b: int, dec: np.ndarray, out: np.ndarray,
            o: int) -> tuple[int, int]:  # pragma: no cover - compiled
    """The number starting at ``k`` (a digit) written to ``out[o:]`` as ``#`` and its digits
    without separators and leading zeros: (its end, the new ``o``)."""
    out[o] = 35  # '#'
    o += 1
    o1 = o
    j = k
    while j < b and dec[cps[j]] >= 0:
        out[o] = 48 + dec[cps[j]]
        o += 1
        j += 1
    while j + 3 < b:
        c = cps[j]
        if not (c == 46 or c == 44 or c == 0xA0 or c == 0x202F or c == 32 or c == 0x66B or c == 0x66C):
            break
        if dec[cps[j + 1]] < 0 or dec[cps[j + 2]] < 0 or dec[cps[j + 3]] < 0:
            break
        for q in range(1, 4):
            out[o] = 48 + dec[cps[j + q]]
            o += 1
        j += 4
    if j + 1 < b:
        c = cps[j]
        if (c == 46 or c == 44 or c == 0x66B or c == 0x66C) and dec[cps[j + 1]] >= 0:
            j += 1
            while j < b and dec[cps[j]] >= 0:
                out[o] = 48 + dec[cps[j]]
                o += 1
                j += 1
    z = o1
    while z < o - 1 and out[z] == 48:
        z += 1
    if z > o1:  # leading zeros out
        for q in range(z, o):
            out[o1 + q - z] = out[q]
        o -= z - o1
    return j, o


@njit(cache=True, nogil=True)
def scan_anchors(cps: np.ndarray, ends: np.ndarray, dec: np.ndarray,
                 stem: int) -> tuple[np.ndarray, int, np.ndarray]:  # pragma: no cover - compiled
    r""":func:`hexaglot.align.text.anchors` of the NFKC sentences ``cps[ends[s-1]:ends[s]]``, the
    regexes' matches re-enacted in one pass: code points, the anchors of a sentence separated by
    spaces and the sentences by ``0``; the used length; and a flag per sentence that Python must
    tokenise (a code point outside the BMP; its part of the output is empty then).

    Numbers: ``\d+(?:[.,\u00a0\u202f ]\d{3})*(?:[.,]\d+)?`` over the digits read as ASCII (U+066B
    and U+066C read as '.' and ','); symbols: ``(?<![A-Za-z0-9])[A-Z]{1,6}(?:/[A-Z0-9.()\-]+)+``;
    capitalised words: ``[A-ZÀ-ÖØ-Þ](?<![A-Za-zÀ-ÖØ-öø-ÿ].)[a-zà-öø-ÿ]{2,}``, lower-cased and cut.
    Each kind is matched from where its last match ended, as ``findall`` does."""
    n_sent = ends.shape[0]
    size = cps.shape[0]
    # an anchor of a kind takes at most 3 code points per code point it covers (with its prefix and
    # separator: a number of 1 digit, a capitalised word of 3 letters); ``out`` grows when needed
    out = np.empty(size + n_sent + 64, dtype=np.uint32)
    longest = 0
    a = 0
    for s in range(n_sent):
        longest = max(longest, ends[s] - a)
        a = ends[s]
    syms = np.empty(3 * longest + 1, dtype=np.uint32)  # one sentence's symbols and capitalised words
    caps = np.empty(3 * longest + 1, dtype=np.uint32)
    hard = np.zeros(n_sent, dtype=np.bool_)
    o = 0
    a = 0
    for s in range(n_sent):
        b = ends[s]
        o0 = o
        ns = 0
        nc = 0
        num_next = a
        sym_next = a
        cap_next = a
        for k in range(a, b):
            c = cps[k]
            if c >= 0x10000:
                hard[s] = True
                break
            if dec[c] == -1:  # neither a digit nor a capital (dec: -2)
                continue
            if dec[c] >= 0:
                if k >= num_next:
                    out = _room(out, o, b - k + 2)
                    if o > o0:
                        out[o] = 32
                        o += 1
                    num_next, o = _number(cps, k, b, dec, out, o)
                continue
            prev = cps[k - 1] if k > a else 0
            if c <= 0x5A and k >= sym_next and not (65 <= prev <= 90 or 97 <= prev <= 122 or 48 <= prev <= 57):
                r = k
                while r < b and 65 <= cps[r] <= 90:
                    r += 1
                if r - k <= 6 and r + 1 < b and cps[r] == 47 and _symbol_char(cps[r + 1]):
                    j = r
                    while j + 1 < b and cps[j] == 47 and _symbol_char(cps[j + 1]):
                        j += 2
                        while j < b and _symbol_char(cps[j]):
                            j += 1
                    if ns:
                        syms[ns] = 32
                        ns += 1
                    syms[ns] = 47  # '/'
                    ns += 1
                    for q in range(k, j):
                        syms[ns] = cps[q]
                        ns += 1
                    sym_next = j
            if k >= cap_next and not _latin_letter(prev):
                j = k + 1
                while j < b and (97 <= cps[j] <= 122 or 0xE0 <= cps[j] <= 0xF6 or 0xF8 <= cps[j] <= 0xFF):
                    j += 1
                if j - k >= 3:
                    if nc:
                        caps[nc] = 32
                        nc += 1
                    caps[nc] = 94  # '^'
                    nc += 1
                    caps[nc] = c + 32
                    nc += 1
                    for q in range(k + 1, min(j, k + stem)):
                        caps[nc] = cps[q]
                        nc += 1
                    cap_next = j
        if hard[s]:
            o = o0
        else:
            for buf, nb in ((syms, ns), (caps, nc)):
                if nb:
                    out = _room(out, o, nb + 1)
                    if o > o0:
                        out[o] = 32
                        o += 1
                    out[o:o + nb] = buf[:nb]
                    o += nb
        out = _room(out, o, 1)
        out[o] = 0
        o += 1
        a = b
    return out, o, hard


def anchors_many(texts: Sequence[str], stem: int) -> list[list[str] | None]:
    """:func:`~hexaglot.align.text.anchors` of each text, ``None`` for a text Python must tokenise."""
    import unicodedata

    if not texts:
        return []
    norm = [unicodedata.normalize("NFKC", t) for t in texts]
    cps = np.frombuffer("".join(norm).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    ends = np.cumsum(np.fromiter(map(len, norm), dtype=np.int64, count=len(norm)))
    out, used, hard = scan_anchors(cps, ends, decimals(), stem)
    chunks = out[:used - 1].tobytes().decode("utf-32-le").split("\x00")
    res: list[list[str] | None] = [c.split(" ") if c else [] for c in chunks]
    for s in np.flatnonzero(hard):
        res[s] = None
    return res


def _crc_table() -> np.ndarray:
    table = np.zeros(256, dtype=np.uint32)
    for n in range(256):
        c = n
        for _ in range(8):
            c = (0xEDB88320 ^ (c >> 1)) if c & 1 else c >> 1
        table[n] = c
    return table


_CRC = _crc_table()


@njit(cache=True, nogil=True)
def crc32_buckets(cps: np.ndarray, ends: np.ndarray, table: np.ndarray,
                  dim: int) -> np.ndarray:  # pragma: no cover - compiled
    """``zlib.crc32(token.encode("utf-8")) % dim`` of the tokens ``cps[ends[k-1]:ends[k]]``, the
    UTF-8 bytes made from the code points on the way."""
    out = np.empty(ends.shape[0], dtype=np.int64)
    a = 0
    for k in range(ends.shape[0]):
        crc = np.uint32(0xFFFFFFFF)
        for q in range(a, ends[k]):
            cp = cps[q]
            if cp < 0x80:
                crc = table[(crc ^ cp) & 0xFF] ^ (crc >> 8)
            elif cp < 0x800:
                crc = table[(crc ^ (0xC0 | (cp >> 6))) & 0xFF] ^ (crc >> 8)
                crc = table[(crc ^ (0x80 | (cp & 0x3F))) & 0xFF] ^ (crc >> 8)
            elif cp < 0x10000:
                crc = table[(crc ^ (0xE0 | (cp >> 12))) & 0xFF] ^ (crc >> 8)
                crc = table[(crc ^ (0x80 | ((cp >> 6) & 0x3F))) & 0xFF] ^ (crc >> 8)
                crc = table[(crc ^ (0x80 | (cp & 0x3F))) & 0xFF] ^ (crc >> 8)
            else:
                crc = table[(crc ^ (0xF0 | (cp >> 18))) & 0xFF] ^ (crc >> 8)
                crc = table[(crc ^ (0x80 | ((cp >> 12) & 0x3F))) & 0xFF] ^ (crc >> 8)
                crc = table[(crc ^ (0x80 | ((cp >> 6) & 0x3F))) & 0xFF] ^ (crc >> 8)
                crc = table[(crc ^ (0x80 | (cp & 0x3F))) & 0xFF] ^ (crc >> 8)
        out[k] = np.int64(crc ^ np.uint32(0xFFFFFFFF)) % dim
        a = ends[k]
    return out


def buckets_many(tokens: Sequence[str], dim: int) -> np.ndarray:
    """:func:`hexaglot.align.text.bucket` of each token (int64), by one compiled pass; a token
    with a lone surrogate (no UTF-8 form) raises as ``str.encode`` does."""
    joined = "".join(tokens)
    cps = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    if ((cps >= 0xD800) & (cps <= 0xDFFF)).any():
        joined.encode("utf-8")  # the error the plain bucket raises
    ends = np.cumsum(np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens)))
    return crc32_buckets(cps, ends, _CRC, dim)
