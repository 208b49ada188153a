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
- ``一、``, ``（二）`` (or ``(二)``, as NFKC writes it): the Chinese ones (with or without a space
  after them); the text must go on
  after a label ("12." alone is no label).

A decimal number without a final dot ("3.5 million people") and a year ("1990 was") are no label.
Not recognised: the Arabic section letters and ordinals written as words ("ألف -", "ثالثا -").
"""

from __future__ import annotations

import re

LEADING_LABEL = re.compile(r"^\s*(?:(?:\(?[0-9\u0660-\u0669]+(?:\.[0-9\u0660-\u0669]+)*[.)]|[0-9\u0660-\u0669]{1,3}\s?[-–]|"
            r"[0-9]{1,3}/|\([^\W\d_]{1,3}\)|[a-zа-яё]\)|[A-Z]\.|[IVXLC]{1,6}\.)\s+"
            r"|(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])\s*)(?=\S)")
"""The label at the start of a text, with the spaces after it."""


def split_label(text: str) -> tuple[str, str]:
    """``(label as written, the rest of the text)``; ``("", text)`` when the text starts with none.
    The label keeps no surrounding space: ``split_label("12. The Council")`` is ``("12.", "The Council")``."""
    m = LEADING_LABEL.match(text)
    if m is None:
        return "", text
    return text[:m.end()].strip(), text[m.end():]
