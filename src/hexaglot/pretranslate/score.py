"""Fuzzy-match scores as CAT tools compute them: a word-level edit distance on normalised text.

A segment is cut into tokens: UN symbols (``A/RES/70/1``), numbers (``1,000.5``), words, single CJK
characters and single punctuation marks. The distance runs over normalised tokens (NFKC, lower case,
one apostrophe and one dash) in which every symbol and number is a *placeable*: its class stands for
it, so ``resolution 1325 (2000)`` and ``resolution 1820 (2008)`` cost nothing in the distance, and
each placeable whose value differs costs :data:`PLACEABLE_PENALTY` points instead, as a translator
only has to copy it. Differences of case or spacing alone cost :data:`FORMAT_PENALTY`; only
identical text scores 100.

``score = 100 × (1 − distance / longer length) − penalties``, in [0, 100].

The distance is rapidfuzz's Levenshtein over token lists (C++); :func:`levenshtein_numpy` is a
hand-written word-level version (one vectorised row at a time) kept to check it against and to
compare speed (``bench/pretranslate_bench.py``).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

import numpy as np
from rapidfuzz.distance import Levenshtein

from hexaglot.search.analyzers import CJK

PLACEABLE_PENALTY = 1.0  # points per number or symbol that differs
FORMAT_PENALTY = 1.0  # points when only case, spacing or quote style differ
_SYMBOL = r"[A-Z]{1,9}(?:/[A-Za-z0-9.()\-]+)+"
_NUMBER = r"\d+(?:[.,\u202f\u00a0]\d{3})*(?:[.,]\d+)?"
_TOKEN = re.compile(rf"(?P<sym>{_SYMBOL})|(?P<num>{_NUMBER})|(?P<cjk>[{CJK}])|(?P<word>[^\W\d_]+(?:['’ʼ][^\W\d_]+)*"
                    rf"|[^\W_]+)|(?P<punct>[^\w\s])")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "“": '"', "”": '"', "«": '"', "»": '"', "–": "-", "—": "-",
                         "\u00a0": " ", "\u202f": " "})
SYM, NUM = "\x00sym", "\x00num"


@dataclass(frozen=True)
class Tokens:
    """A segment cut for matching: ``norm`` (placeables as their class), the placeables' values,
    the pieces of the original text (each token with the spacing after it) and the word count."""

    text: str
    norm: tuple[str, ...]
    placeables: tuple[str, ...]
    pieces: tuple[str, ...]
    words: int


def tokens(text: str) -> Tokens:
    t = unicodedata.normalize("NFKC", text)
    norm: list[str] = []
    places: list[str] = []
    starts: list[int] = []
    words = 0
    for m in _TOKEN.finditer(t):
        kind = m.lastgroup
        starts.append(m.start())
        if kind == "sym":
            norm.append(SYM)
            places.append(m.group(0))
        elif kind == "num":
            norm.append(NUM)
            places.append(re.sub(r"[\u202f\u00a0 ]", "", m.group(0)))
        else:
            norm.append(m.group(0).translate(_QUOTES).casefold())
        words += kind != "punct"
    pieces = tuple(t[s:e] for s, e in zip(starts, [*starts[1:], len(t)], strict=True))
    return Tokens(text=text, norm=tuple(norm), placeables=tuple(places), pieces=pieces, words=words)


def word_count(text: str) -> int:
    """Words as the analysis counts them (a CJK character, a number and a symbol are one each)."""
    return tokens(text).words


def squash(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def score(a: Tokens, b: Tokens) -> float:
    """The match score of ``b`` (an archived source) for ``a`` (a draft segment), 0–100."""
    if squash(a.text) == squash(b.text):
        return 100.0
    n = max(len(a.norm), len(b.norm))
    if n == 0:
        return 0.0
    d = Levenshtein.distance(a.norm, b.norm)
    s = 100.0 * (1.0 - d / n)
    pa, pb = Counter(a.placeables), Counter(b.placeables)
    s -= PLACEABLE_PENALTY * max(sum((pa - pb).values()), sum((pb - pa).values()))
    if d == 0 and pa == pb:
        s -= FORMAT_PENALTY
    return max(0.0, min(99.0, round(s, 1)))


def levenshtein_numpy(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    """Word-level Levenshtein distance, one numpy row at a time: the insertion chain of a row is a
    running minimum (``min(cur[j-1] + 1, ...)`` = ``minimum.accumulate(x - j) + j``)."""
    if not a or not b:
        return max(len(a), len(b))
    ids: dict[str, int] = {}
    va = np.array([ids.setdefault(w, len(ids)) for w in a])
    vb = np.array([ids.setdefault(w, len(ids)) for w in b])
    j = np.arange(len(vb) + 1)
    prev = j.copy()
    for i, x in enumerate(va, 1):
        cur = np.empty_like(prev)
        cur[0] = i
        cur[1:] = np.minimum(prev[1:] + 1, prev[:-1] + (vb != x))
        cur = np.minimum.accumulate(cur - j) + j
        prev = cur
    return int(prev[-1])


@dataclass(frozen=True)
class Change:
    """One piece of the difference between an archived source (``old``) and the draft (``new``):
    ``op`` is ``equal``, ``replace``, ``delete`` (only in the archive) or ``insert`` (only in the draft)."""

    op: str
    old: str
    new: str


def differences(draft: Tokens, archived: Tokens) -> list[Change]:
    """What changed from the archived source to the draft, token by token (case kept)."""
    sm = difflib.SequenceMatcher(a=[p.strip() for p in archived.pieces], b=[p.strip() for p in draft.pieces],
                                 autojunk=False)
    out: list[Change] = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        out.append(Change(op, "".join(archived.pieces[i1:i2]), "".join(draft.pieces[j1:j2])))
    return out


def marked(changes: list[Change]) -> str:
    """The differences as plain text: ``[-old-]{+new+}`` around what changed (wdiff style)."""
    parts: list[str] = []
    for c in changes:
        if c.op == "equal":
            parts.append(c.new)
            continue
        if c.old.strip():
            parts.append(f"[-{c.old.strip()}-]")
        if c.new.strip():
            parts.append(f"{{+{c.new.strip()}+}}")
        tail = (c.new or c.old)[len((c.new or c.old).rstrip()):]
        parts.append(tail)
    return "".join(parts).strip()
