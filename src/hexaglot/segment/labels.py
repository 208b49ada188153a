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
- ``一、``, ``（二）`` (or ``(二)``, as NFKC writes it): the Chinese ones (with or without a space
  after them); the text must go on
  after a label ("12." alone is no label).

A decimal number without a final dot ("3.5 million people") and a year ("1990 was") are no label.
Not recognised: the Arabic ordinals written as words ("ثالثا -").

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


def _form(fmt: str, letters: str) -> str:
    """The expression of a ``section_label`` format ("{l} -"): its space optional, its dash any dash."""
    head, _, tail = fmt.partition("{l}")
    lit = {" ": r"\s?", "-": "[-–]", "–": "[-–]"}
    return "".join(lit.get(c, re.escape(c)) for c in head) + f"(?:{letters})" + \
        "".join(lit.get(c, re.escape(c)) for c in tail)


def _alternation(letters: tuple[str, ...]) -> str:
    return "|".join(re.escape(x) for x in sorted(set(letters), key=len, reverse=True))


@cache
def section_forms() -> tuple[str, ...]:
    """The section-letter labels of every UN language, as expressions (Arabic: ``(?:ألف|باء|…)\\s?[-–]``)."""
    forms = (_form(r.section_label, _alternation(r.section_letters))
             for r in map(load_rules, LANGS) if r.section_letters)
    return tuple(dict.fromkeys(forms))


@cache
def leading_label() -> re.Pattern[str]:
    """The label at the start of a text, with the spaces after it."""
    alts = "|".join((_NUMBERS, *section_forms()))
    return re.compile(rf"^\s*(?:(?:{alts})\s+|(?:{_CJK})\s*)(?=\S)")


def split_label(text: str) -> tuple[str, str]:
    """``(label as written, the rest of the text)``; ``("", text)`` when the text starts with none.
    The label keeps no surrounding space: ``split_label("12. The Council")`` is ``("12.", "The Council")``."""
    m = leading_label().match(text)
    if m is None:
        return "", text
    return text[:m.end()].strip(), text[m.end():]


@cache
def _section_re(lang: str) -> re.Pattern[str] | None:
    r = load_rules(lang)
    if not r.section_letters:
        return None
    return re.compile(_form(r.section_label, f"(?P<letter>{_alternation(r.section_letters)})"))


def section_letter(label: str, lang: str | None = None) -> int | None:
    """The place of a section-letter label as a language writes it ("B." or "باء -": 1; 0 for "A.");
    of ``lang``'s labels only when ``lang`` is given, else of any language's. ``None`` for any other
    label ("(b)", "3.", "II.")."""
    for code in LANGS if lang is None else (lang,):
        rx = _section_re(code)
        m = rx.fullmatch(label.strip()) if rx is not None else None
        if m is not None:
            return load_rules(code).section_letters.index(m.group("letter"))
    return None


def section_label(place: int, lang: str) -> str | None:
    """Section letter ``place`` (0 for A) as ``lang`` writes it ("B." in English, "باء -" in Arabic);
    ``None`` when ``lang`` has no such letter."""
    r = load_rules(lang)
    if not 0 <= place < len(r.section_letters):
        return None
    return r.section_label.format(l=r.section_letters[place])
