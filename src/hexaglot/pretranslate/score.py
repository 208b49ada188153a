"""Fuzzy-match scores as CAT tools compute them: a word-level edit distance on normalised text.

A segment is cut into tokens: UN symbols (``A/RES/70/1``), numbers (``1,000.5``), words, single CJK
characters and single punctuation marks. The distance runs over normalised tokens (NFKC, lower case,
one apostrophe and one dash) in which every symbol and number is a *placeable*: its class stands for
it, so ``resolution 1325 (2000)`` and ``resolution 1820 (2008)`` cost nothing in the distance, and
each placeable whose value differs costs :data:`PLACEABLE_PENALTY` points instead, as a translator
only has to copy it. Differences of case alone cost :data:`FORMAT_PENALTY`; only identical text (spacing, quote
and dash styles aside) scores 100.

``score = 100 × (1 − distance / longer length) − penalties``, in [0, 100].

The distance is rapidfuzz's Levenshtein over token lists (C++); :func:`levenshtein_numpy` is a
hand-written word-level version (one vectorised row at a time) kept to check it against and to
compare speed (``bench/pretranslate_bench.py``).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import numpy as np
from rapidfuzz.distance import Levenshtein

from hexaglot.search.analyzers import CJK

PLACEABLE_PENALTY = 1.0  # points per number or symbol that differs
FORMAT_PENALTY = 1.0  # points when only case differs
_SYMBOL = r"[A-Z]{1,9}(?:/[A-Za-z0-9.()\-]+)+"
_NUMBER = r"\d+(?:[.,\u202f\u00a0]\d{3})*(?:[.,]\d+)?"
_TOKEN = re.compile(rf"({_SYMBOL})|({_NUMBER})|([{CJK}])|([^\W\d_]+(?:['’ʼ][^\W\d_]+)*|[^\W_]+)|([^\w\s])")
_PUNCT = re.compile(r"[^\w\s]")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "“": '"', "”": '"', "«": '"', "»": '"', "–": "-", "—": "-",
                         "\u00a0": " ", "\u202f": " "})
SYM, NUM = "\x00sym", "\x00num"


class Norm(NamedTuple):
    """What the score reads of a text: normalised tokens (placeables as their class), the
    placeables' values, and the text with its spacing squashed (for the exact test)."""

    norm: tuple[str, ...]
    placeables: tuple[str, ...]
    squashed: str


@dataclass(frozen=True)
class Tokens:
    """A draft segment cut for matching: its :class:`Norm`, the pieces of the text (each token with
    the spacing after it, for the differences) and the word count."""

    text: str
    norm: tuple[str, ...]
    placeables: tuple[str, ...]
    squashed: str
    pieces: tuple[str, ...]
    words: int


def _place(sym: str, num: str) -> str:
    return sym or num.replace("\u202f", "").replace("\u00a0", "").replace(" ", "")


@lru_cache(maxsize=65536)
def normalised(text: str) -> Norm:
    """The :class:`Norm` of a text, cached: an archived sentence comes back for many segments."""
    t = unicodedata.normalize("NFKC", text)
    found = _TOKEN.findall(t)
    norm = tuple(SYM if sym else NUM if num else (cjk or word.translate(_QUOTES).casefold() or punct.translate(_QUOTES))
                 for sym, num, cjk, word, punct in found)
    places = tuple(_place(sym, num) for sym, num, _, _, _ in found if sym or num)
    return Norm(norm, places, " ".join(t.translate(_QUOTES).split()))


def tokens(text: str) -> Tokens:
    n = normalised(text)
    t = unicodedata.normalize("NFKC", text)
    starts = [m.start() for m in _TOKEN.finditer(t)]
    ends = [*starts[1:], len(t)] if starts else []
    pieces = tuple(t[s:e] for s, e in zip(starts, ends, strict=True))
    words = sum(1 for x in n.norm if x in (SYM, NUM) or not _PUNCT.fullmatch(x))
    return Tokens(text=text, norm=n.norm, placeables=n.placeables, squashed=n.squashed, pieces=pieces, words=words)


def word_count(text: str) -> int:
    """Words as the analysis counts them (a CJK character, a number and a symbol are one each)."""
    return tokens(text).words


def squash(text: str) -> str:
    """The text as the exact test compares it: NFKC, one apostrophe, one dash, spacing squashed."""
    return " ".join(unicodedata.normalize("NFKC", text).translate(_QUOTES).split())


def ceiling(a: Tokens | Norm, words_b: int) -> float:
    """The highest score a text of at least ``words_b`` tokens can reach against ``a``: the
    distance is at least the difference of lengths. ``str.split()`` counts give a cheap lower
    bound of a text's tokens, so the index hits too long to reach the floor are never cut up."""
    na = len(a.norm)
    return 100.0 if words_b <= na else 100.0 * na / words_b


def score(a: Tokens | Norm, b: Tokens | Norm) -> float:
    """The match score of ``b`` (an archived source) for ``a`` (a draft segment), 0–100."""
    if a.squashed == b.squashed:
        return 100.0
    n = max(len(a.norm), len(b.norm))
    if n == 0:
        return 0.0
    d = Levenshtein.distance(a.norm, b.norm)
    s = 100.0 * (1.0 - d / n)
    if a.placeables != b.placeables:
        s -= PLACEABLE_PENALTY * _placeables_apart(a.placeables, b.placeables)
    if d == 0 and a.placeables == b.placeables:
        s -= FORMAT_PENALTY
    return max(0.0, min(99.0, round(s, 1)))


def _placeables_apart(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    """How many placeables differ (the larger side of the multiset difference); a handful at most."""
    rest = list(b)
    missing = 0
    for x in a:
        if x in rest:
            rest.remove(x)
        else:
            missing += 1
    return max(missing, len(rest))


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
