"""Tokens of a sentence with their character offsets, and the form the aligner counts them under.

Words (an elided article keeps its apostrophe: ``l'``, ``d’``), numbers (``1,234.5``) and single
punctuation marks are tokens; runs of Han characters are cut into CC-CEDICT words
(:func:`hexaglot.align.hanzi.segment`). The aligner sees the lower-cased form, so offsets always point
back into the original text.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from hexaglot.align.hanzi import HAN, segment

_TOKEN = re.compile(r"[^\W\d_]+['’](?=[^\W\d_])|\d+(?:[.,]\d+)*|[^\W_]+|[^\w\s]", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    """The tokens of ``text`` in order, each with ``text[start:end] == token.text``."""
    if not HAN.search(text):
        return [Token(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    out: list[Token] = []
    for m in _TOKEN.finditer(text):
        tok, start = m.group(0), m.start()
        if not HAN.search(tok):
            out.append(Token(tok, start, m.end()))
            continue
        for piece in re.finditer(HAN.pattern + r"|[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+", tok):
            if HAN.fullmatch(piece.group(0)):
                p = piece.start()
                for word in segment(piece.group(0)):
                    out.append(Token(word, start + p, start + p + len(word)))
                    p += len(word)
            else:
                out.append(Token(piece.group(0), start + piece.start(), start + piece.end()))
    return out


@functools.lru_cache(maxsize=1 << 17)
def norm(token: str) -> str:
    """The form counted: lower-cased, NFC, the typographic apostrophe as ``'``."""
    return unicodedata.normalize("NFC", token.lower()).replace("’", "'")
