"""Fuzzy-match scores as CAT tools compute them: a word-level edit distance on normalised text.

A segment is cut into tokens: UN symbols (``A/RES/70/1``), numbers (``1,000.5``), words, single CJK
characters and single punctuation marks. The distance runs over normalised tokens (NFKC, lower case,
one apostrophe and one dash) in which every symbol and number is a *placeable*: its class stands for
it, so ``resolution 1325 (2000)`` and ``resolution 1820 (2008)`` cost nothing in the distance, and
each placeable whose value differs costs :data:`PLACEABLE_PENALTY` points instead, as a translator
only has to copy it. Differences of case alone cost :data:`FORMAT_PENALTY`; only identical text (spacing, quote
and dash styles aside) scores 100.

A leading paragraph or item number ("3.", "(a)", "IV.", "12 -", "باء -": :mod:`hexaglot.segment.labels`, the
labels ``export --clean`` strips) is a placeable too, kept out of the distance (its tokens still
count in the length, so a sentence numbered alike on both sides scores what it did): a label on one
side only, or another label, costs :data:`LABEL_PENALTY` (one point, as another number inside the
sentence does), not a word, so "3. All human beings are born free…" scores 99 against the unnumbered archived
sentence (it scored 85.7, as much as two words added). :func:`relabel` then gives the candidate's
target the draft's label, as CAT tools fill in a placeable from the source.

Inline markup (HTML/XML tags, ``<sup>1</sup>`` footnote calls, Markdown ``**``/``_`` emphasis:
:mod:`hexaglot.pretranslate.markup`) is kept out of the distance, the length and the word count, as
CAT tools keep inline codes out: a draft sentence that differs from the archived one only by its
markup costs :data:`TAG_PENALTY` (one point, as memoQ's and Trados's tag penalties), so
"<i>Recalling</i> its resolution 1325 (2000)," scores 99 against the archived "Recalling its
resolution 1325 (2000)," (it scored 53.3 when ``<``, ``i``, ``>``, ``/``… counted as tokens).
Identical markup on both sides is no difference.

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

from hexaglot.pretranslate.markup import Tag, strip_markup
from hexaglot.search.analyzers import CJK
from hexaglot.segment.labels import (
    ROMAN,
    chapter_label,
    chapter_number,
    leading_label,
    section_label,
    section_letter,
    split_label,
)
from hexaglot.segment.tables import load_rules

PLACEABLE_PENALTY = 1.0  # points per number or symbol that differs
FORMAT_PENALTY = 1.0  # points when only case differs
LABEL_PENALTY = 1.0  # points when the leading paragraph numbers differ (one side only, or another value)
TAG_PENALTY = 1.0  # points when the inline markup differs (tags on one side only, or other tags)
LABEL_TOKENS = 4  # the most tokens a leading label is cut into ("(iii)" 3, "1.2.3." 4)
_SYMBOL = r"[A-Z]{1,9}(?:/[A-Za-z0-9.()\-]+)+"
_NUMBER = r"\d+(?:[.,\u202f\u00a0]\d{3})*(?:[.,]\d+)?"
_TOKEN = re.compile(rf"({_SYMBOL})|({_NUMBER})|([{CJK}])|([^\W\d_]+(?:['’ʼ][^\W\d_]+)*|[^\W_]+)|([^\w\s])")
_PUNCT = re.compile(r"[^\w\s]")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "“": '"', "”": '"', "«": '"', "»": '"', "–": "-", "—": "-",
                         "\u00a0": " ", "\u202f": " "})
SYM, NUM = "\x00sym", "\x00num"


class Norm(NamedTuple):
    """What the score reads of a text: normalised tokens (placeables as their class), the
    placeables' values, the text with its spacing squashed (for the exact test), its leading
    paragraph number squashed ("" when none; kept out of ``norm`` and ``placeables``), the rest
    of the text squashed, how many tokens the label is cut into (they count in the length), the
    NFKC text after the label as it is spaced, and the inline markup's codes in order (``("<i>",
    "</i>")``). All but ``squashed`` and ``tags`` read the text without its markup."""

    norm: tuple[str, ...]
    placeables: tuple[str, ...]
    squashed: str
    label: str = ""
    body: str = ""
    label_len: int = 0
    rest: str = ""
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Tokens:
    """A draft segment cut for matching: its :class:`Norm`, the pieces of the text (each token with
    the spacing after it, for the differences; the label's among them), the word count (a label is
    one word), the label as written and the text after it (what the index is asked about), the
    codes of its inline markup, and the text without it with each tag's place (``plain``, ``markup``:
    :func:`hexaglot.pretranslate.markup.strip_markup`)."""

    text: str
    norm: tuple[str, ...]
    placeables: tuple[str, ...]
    squashed: str
    pieces: tuple[str, ...]
    words: int
    label: str = ""
    body: str = ""
    label_len: int = 0
    label_text: str = ""
    rest: str = ""
    tags: tuple[str, ...] = ()
    plain: str = ""
    markup: tuple[Tag, ...] = ()


def _place(sym: str, num: str) -> str:
    return sym or num.replace("\u202f", "").replace("\u00a0", "").replace(" ", "")


@lru_cache(maxsize=65536)
def normalised(text: str) -> Norm:
    """The :class:`Norm` of a text, cached: an archived sentence comes back for many segments."""
    m = strip_markup(text)
    if m.tags:
        return _normalised(m.text)._replace(squashed=squash(text), tags=tuple(x.code for x in m.tags))
    return _normalised(text)


def _normalised(text: str) -> Norm:
    t = unicodedata.normalize("NFKC", text)
    label, rest = split_label(t)
    found = _TOKEN.findall(rest)
    norm = tuple(SYM if sym else NUM if num else (cjk or word.translate(_QUOTES).casefold() or punct.translate(_QUOTES))
                 for sym, num, cjk, word, punct in found)
    places = tuple(_place(sym, num) for sym, num, _, _, _ in found if sym or num)
    return Norm(norm, places, " ".join(t.translate(_QUOTES).split()), "".join(label.translate(_QUOTES).split()),
                " ".join(rest.translate(_QUOTES).split()), len(_TOKEN.findall(label)), rest)


def tokens(text: str) -> Tokens:
    n = normalised(text)
    m = strip_markup(text)
    plain = m.text
    t = unicodedata.normalize("NFKC", plain)
    starts = [m.start() for m in _TOKEN.finditer(t)]
    ends = [*starts[1:], len(t)] if starts else []
    pieces = tuple(t[s:e] for s, e in zip(starts, ends, strict=True))
    words = sum(1 for x in n.norm if x in (SYM, NUM) or not _PUNCT.fullmatch(x)) + bool(n.label)
    label = t[:len(t) - len(n.rest)].strip()  # the label normalised() found, NFKC
    if plain != t:  # as written ("（二）"), unless only NFKC shows it ("３.")
        label = split_label(plain)[0] or label
    return Tokens(text=text, norm=n.norm, placeables=n.placeables, squashed=n.squashed, pieces=pieces, words=words,
                  label=n.label, body=n.body, label_len=n.label_len, label_text=label, rest=n.rest, tags=n.tags,
                  plain=plain, markup=m.tags)


def word_count(text: str) -> int:
    """Words as the analysis counts them (a CJK character, a number and a symbol are one each)."""
    return tokens(text).words


def squash(text: str) -> str:
    """The text as the exact test compares it: NFKC, one apostrophe, one dash, spacing squashed."""
    return " ".join(unicodedata.normalize("NFKC", text).translate(_QUOTES).split())


def ceiling(a: Tokens | Norm, words_b: int) -> float:
    """The highest score a text of at least ``words_b`` tokens can reach against ``a``: the
    distance is at least the difference of lengths. ``str.split()`` counts give a cheap lower
    bound of a text's tokens (a leading label of up to :data:`LABEL_TOKENS` tokens, kept out of the
    distance, loosens it), so the index hits too long to reach the floor are never cut up."""
    na = len(a.norm) + a.label_len + LABEL_TOKENS
    return 100.0 if words_b <= na else 100.0 * na / words_b


def score(a: Tokens | Norm, b: Tokens | Norm) -> float:
    """The match score of ``b`` (an archived source) for ``a`` (a draft segment), 0–100."""
    if a.squashed == b.squashed:
        return 100.0
    n = max(len(a.norm) + a.label_len, len(b.norm) + b.label_len)
    if n == 0:
        return 0.0
    d = Levenshtein.distance(a.norm, b.norm)
    s = 100.0 * (1.0 - d / n)
    if a.placeables != b.placeables:
        s -= PLACEABLE_PENALTY * _placeables_apart(a.placeables, b.placeables)
    if a.label != b.label:
        s -= LABEL_PENALTY
    if a.tags != b.tags:
        s -= TAG_PENALTY
    if d == 0 and a.placeables == b.placeables and a.body != b.body:
        s -= FORMAT_PENALTY
    return max(0.0, min(99.0, round(s, 1)))


_LABEL_MARKS = " ()（）.-–/、"
_ARABIC_DIGITS = str.maketrans("0123456789", "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669")


_PLAIN_NUMBER = re.compile(r"^([0-9]+)\s?(?:\.|[-–])$")


def number_label(label: str, lang: str | None, *, letters: bool = False, chapters: bool = False) -> str:
    """A paragraph number, a section letter or a chapter number written as ``lang`` writes it
    (``number_label``, ``section_letters``/``section_label`` and ``chapter_numbers``/``chapter_label``
    of ``langs/<lang>/segment.toml``: "3 -", "باء -" and "ثانيا -" in Arabic, "3.", "B." and "II."
    elsewhere); any other label as it is. A letter that reads as a Roman numeral too ("I.", "V.", "C.":
    chapter I or section I?) is written anew as a letter only when ``letters`` says the document
    labels its sections with letters, as a chapter number only when ``chapters`` says it numbers its
    chapters so; else it stays as written. "II." is a chapter number."""
    if lang is None:
        return label
    m = _PLAIN_NUMBER.match(label)
    if m is not None:
        return load_rules(lang).number_label.format(n=m.group(1))
    letter, chapter = section_letter(label), chapter_number(label)
    if letter is not None and (letters or not ROMAN.fullmatch(label.strip(_LABEL_MARKS))):
        return section_label(letter, lang) or label
    if chapter is not None and (chapters or letter is None):
        return chapter_label(chapter, lang) or label
    return label


def relabel(target: str, draft: Tokens, source: Tokens, tgt_lang: str | None = None) -> str:
    """The archived ``target`` with the draft's leading paragraph number in place of its own: the
    archived source's label replaced (its value put into the target's label, so "103 -" becomes "3 -"
    in Arabic for "3." → "103."; the draft's label as written when the forms differ), added when
    only the draft has one, dropped when only the archived source has one. A target with a label
    its source lacks keeps it (it is text, not the source's number). A paragraph number the target
    does not hold in its own form is written as ``tgt_lang`` writes it (:func:`number_label`: "3." of
    an English draft is "3 -" in Arabic), and so is a section letter ("باء -" of an Arabic draft is
    "B." in English; "I." is a letter when the target's own label is one), and a chapter number ("II."
    is "ثانيا -" in Arabic; "I." is chapter I when the target's own label is a chapter number)."""
    if draft.label == source.label:
        return target
    m = leading_label().match(target) if source.label else None
    own = target[:m.end()] if m else ""
    rest = target[len(own):]
    if not draft.label_text:
        return rest
    letters = bool(own) and tgt_lang is not None and section_letter(own, tgt_lang) is not None
    chapters = bool(own) and tgt_lang is not None and chapter_number(own, tgt_lang) is not None
    new = number_label(draft.label_text, tgt_lang, letters=letters, chapters=chapters)
    old_v, new_v = source.label_text.strip(_LABEL_MARKS), draft.label_text.strip(_LABEL_MARKS)
    if own and old_v and source.label_text.replace(old_v, "#", 1) == draft.label_text.replace(new_v, "#", 1):
        for a, b in ((old_v, new_v), (old_v.translate(_ARABIC_DIGITS), new_v.translate(_ARABIC_DIGITS))):
            if a in own.strip():
                new = own.strip().replace(a, b, 1)
                break
    space = own[len(own.rstrip()):] if own else ("" if new[-1] in "、）" else " ")
    return new + space + rest.lstrip()


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
    """What changed from the archived source to the draft, token by token (case kept; the texts
    without their inline markup: the candidate's ``markup_note`` says what became of the tags)."""
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
