"""Paragraph and item numbers at the start of a sentence: the one definition that ``export --clean``
strips (:mod:`hexaglot.export.clean`) and pre-translation treats as a placeable
(:mod:`hexaglot.pretranslate.score`).

The segmenter keeps a number such as "12." with the sentence it numbers (a "sentence" that is only
a list marker is vetoed, :data:`hexaglot.segment.splitter.LIST_MARKER`), so a sentence of a numbered
paragraph starts with its label. Labels as they appear in UN texts, followed by a space:

- ``12.``, ``3.2.``, ``12)``, ``(3)``, and with Arabic-Indic digits ``١٢.``;
- ``12 -``, ``12- ``, ``١٢ -``: the Arabic texts' paragraph numbers (the most frequent form in the
  UNPC dev set's Arabic side: 259 + 159 lines);
- ``1/``: the older documents' footnote and item numbers;
- ``(a)``, ``(iii)``, ``a)``, and in any script ``(а)``, ``б)``, ``(أ)``;
- ``A.``, ``IV.``: section letters and Roman numerals;
- the section letters of every language as it writes them (``section_letters`` and
  ``section_label`` of ``langs/<code>/segment.toml``): the Arabic texts' letter names ``ألف -``,
  ``باء -``, ``جيم -`` (A, B, C), also ``باء-``;
- the chapter numbers of every language as it writes them (``chapter_numbers`` and
  ``chapter_label``): the Arabic texts' ordinal words ``ثانيا -``, ``ثالثاً -`` (II, III), the Chinese
  ones' ``二.``;
- ``一、``, ``（二）`` (or ``(二)``, as NFKC writes it): the Chinese ones (with or without a space
  after them); the text must go on
  after a label ("12." alone is no label).

A decimal number without a final dot ("3.5 million people") and a year ("1990 was") are no label.

The expression is built from the language tables on first use (importing this module reads none).
"""

from __future__ import annotations

import re
from functools import cache

from hexaglot.model import LANGS
from hexaglot.segment.tables import load_rules

_NUMBERS = (r"\(?[0-9\u0660-\u0669]+(?:\.[0-9\u0660-\u0669]+)*[.)]|[0-9\u0660-\u0669]{1,3}\s?[-–]|"
            r"[0-9]{1,3}/|\([^\W\d_]{1,3}\)|[a-zа-яё]\)|[A-Z]\.|[IVXLC]{1,6}\.")
_CJK = r"[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]"

ROMAN = re.compile(r"[IVXLC]{1,6}")
"""A Roman numeral as a label writes it ("IV." above): a section letter "I", "V", "X", "L" or "C"
reads as one too."""


_KINDS = ("section", "chapter")


def _series(lang: str, kind: str) -> tuple[str, tuple[tuple[str, ...], ...]]:
    """The format and the words (each as its spellings) of ``lang``'s ``kind`` of label: section
    letters ("{l} -", (("ألف",), ("باء",), …)) or chapter numbers ("{c} -", (("أولا", "أولاً"), …))."""
    r = load_rules(lang)
    if kind == "section":
        return r.section_label, tuple((x,) for x in r.section_letters)
    return r.chapter_label, r.chapter_numbers


def _form(fmt: str, words: str) -> str:
    """The expression of a label format ("{l} -"): its space optional, its dash any dash."""
    head, tail = re.split(r"\{\w\}", fmt, maxsplit=1)
    lit = {" ": r"\s?", "-": "[-–]", "–": "[-–]"}
    return "".join(lit.get(c, re.escape(c)) for c in head) + f"(?:{words})" + \
        "".join(lit.get(c, re.escape(c)) for c in tail)


def _alternation(words: tuple[tuple[str, ...], ...]) -> str:
    spellings = {w for x in words for w in x}
    return "|".join(re.escape(x) for x in sorted(spellings, key=len, reverse=True))


@cache
def label_forms(kind: str) -> tuple[str, ...]:
    """The ``kind`` ("section" or "chapter") labels of every UN language, as expressions."""
    forms = (_form(fmt, _alternation(words)) for fmt, words in (_series(c, kind) for c in LANGS) if words)
    return tuple(dict.fromkeys(forms))


@cache
def leading_label() -> re.Pattern[str]:
    """The label at the start of a text, with the spaces after it."""
    alts = "|".join((_NUMBERS, *(f for kind in _KINDS for f in label_forms(kind))))
    return re.compile(rf"^\s*(?:(?:{alts})\s+|(?:{_CJK})\s*)(?=\S)")


def split_label(text: str) -> tuple[str, str]:
    """``(label as written, the rest of the text)``; ``("", text)`` when the text starts with none.
    The label keeps no surrounding space: ``split_label("12. The Council")`` is ``("12.", "The Council")``."""
    m = leading_label().match(text)
    if m is None:
        return "", text
    return text[:m.end()].strip(), text[m.end():]


@cache
def _place_re(lang: str, kind: str) -> re.Pattern[str] | None:
    fmt, words = _series(lang, kind)
    return re.compile(_form(fmt, f"(?P<word>{_alternation(words)})")) if words else None


def _place(label: str, lang: str | None, kind: str) -> int | None:
    for code in LANGS if lang is None else (lang,):
        rx = _place_re(code, kind)
        m = rx.fullmatch(label.strip()) if rx is not None else None
        if m is not None:
            return next(i for i, x in enumerate(_series(code, kind)[1]) if m.group("word") in x)
    return None


def _label(place: int, lang: str, kind: str) -> str | None:
    fmt, words = _series(lang, kind)
    if not 0 <= place < len(words):
        return None
    return re.sub(r"\{\w\}", lambda _: words[place][0], fmt, count=1)


def section_letter(label: str, lang: str | None = None) -> int | None:
    """The place of a section-letter label as a language writes it ("B." or "باء -": 1; 0 for "A.");
    of ``lang``'s labels only when ``lang`` is given, else of any language's. ``None`` for any other
    label ("(b)", "3.", "II.")."""
    return _place(label, lang, "section")


def section_label(place: int, lang: str) -> str | None:
    """Section letter ``place`` (0 for A) as ``lang`` writes it ("B." in English, "باء -" in Arabic);
    ``None`` when ``lang`` has no such letter."""
    return _label(place, lang, "section")


def chapter_number(label: str, lang: str | None = None) -> int | None:
    """The place of a chapter-number label as a language writes it ("II.", "ثانيا -", "ثانياً-" or
    "二.": 1; 0 for "I."), of ``lang``'s labels only when ``lang`` is given; ``None`` for any other
    label ("B.", "3."). "I.", "V.", "X." read as section letters too (:func:`section_letter`)."""
    return _place(label, lang, "chapter")


def chapter_label(place: int, lang: str) -> str | None:
    """Chapter ``place`` (0 for I) as ``lang`` writes it ("II." in English, "ثانيا -" in Arabic);
    ``None`` when ``lang`` has no such number."""
    return _label(place, lang, "chapter")
