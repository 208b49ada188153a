"""Normalise the text of every block: NFC, whitespace, dot leaders, quotes, no-break spaces.

* Unicode NFC; soft hyphens, zero-width and control characters removed; PDFium's U+FFFE line-end hyphen
  becomes ``-``.
* Tabs, line breaks and exotic spaces become one space; runs collapse; the spaces the language
  keeps (``spaces.keep`` in ``clean.toml``: no-break U+00A0 and narrow no-break U+202F in French)
  are left where they are.
* Dot leaders of a table of contents (``Introduction ........ 6``) become one space.
* Quotes are unified with the language's ``[quotes]`` table, after ``[opening_quotes]`` has turned a
  straight quote that opens a word into an opening one (``'single'`` → ``‘single’``, not ``’single’``);
  a plain space before ``; : ! ? »`` or after ``«`` becomes the language's no-break space where ``clean.toml`` says so.
* ASCII punctuation written beside Chinese characters becomes the full-width mark of the language's
  ``[full_width]`` table (Chinese: "的承认,乃是" → "的承认，乃是", "(一)" → "（一）"), and the space typed
  after it goes; beside Latin letters or digits it stays ("1,000", "(III)").
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from hexaglot.clean.rules import Rules
from hexaglot.model import Block
from hexaglot.read.encoding import is_control

#: control characters (the reader's, :func:`~hexaglot.read.encoding.is_control`, but NEL, a line break
#: here): no text holds them, and XML cannot (TMX, XLIFF), so every export would treat them its own way
_CONTROLS = dict.fromkeys((o for o in range(0xA0) if is_control(chr(o)) and o != 0x85), None)
_DROP = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None) | {0xFFFE: "-"} | _CONTROLS
#: where a straight quote opens a quotation (before a letter or digit): at the start, after a space, a bracket or a dash
_OPENS = "(?:^|(?<=[\\s(\\[{\u2013\u2014/-]))"
_LEADER = re.compile(r"(?:[ \t]*[.…·][ \t]*){5,}")
#: Chinese characters and the CJK punctuation and full-width forms that stand beside them
_HAN = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_ALL_SPACES = "\t\n\r\f\v \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"


def _space_pattern(keep: str) -> re.Pattern[str]:
    chars = "".join(c for c in _ALL_SPACES if c not in keep)
    return re.compile(f"[{re.escape(chars)}]+")


def drop_controls(text: str) -> str:
    """``text`` without control characters (see :data:`_CONTROLS`); line breaks and tabs stay."""
    return text.translate(_CONTROLS)


@cache
def _full_width(table: tuple[tuple[str, str], ...]) -> tuple[tuple[re.Pattern[str], str], ...]:
    """Per mark of a ``[full_width]`` table, the pattern of its ASCII form written beside Chinese:
    an opening bracket before a Chinese character, a closing one after one; any other mark after
    one, when a Chinese character or the end follows (the space typed after it goes with it)."""
    out = []
    for old, new in table:
        if old in "([{":
            out.append((re.compile(f"{re.escape(old)}(?=[{_HAN}])"), new))
        elif old in ")]}":
            out.append((re.compile(f"(?<=[{_HAN}]){re.escape(old)}"), new))
        else:
            out.append((re.compile(f"(?<=[{_HAN}]){re.escape(old)}(?: *(?=[{_HAN}])| *$)"), new))
    return tuple(out)


def normalize_text(text: str, rules: Rules) -> str:
    t = unicodedata.normalize("NFC", text).translate(_DROP)
    t = _LEADER.sub(" ", t)
    for old, new in rules.opening_quotes.items():
        t = re.sub(f"{_OPENS}{re.escape(old)}(?=\\w)", new, t)
    for old, new in rules.quotes.items():
        t = t.replace(old, new)
    for pattern, new in _full_width(tuple(rules.full_width.items())):
        t = pattern.sub(new, t)
    t = _space_pattern(rules.keep_spaces).sub(" ", t)
    if rules.nbsp_before:
        t = re.sub(f" (?=[{re.escape(rules.nbsp_before)}])", rules.nbsp_char, t)
    if rules.nbsp_after:
        t = re.sub(f"(?<=[{re.escape(rules.nbsp_after)}]) ", rules.nbsp_char, t)
    return t.strip()


def normalize(blocks: list[Block], rules: Rules) -> None:
    """Normalise ``text`` in place; ``orig`` is set to the text as read if it was empty."""
    for b in blocks:
        if not b.orig:
            b.orig = b.text
        b.text = normalize_text(b.text, rules)
