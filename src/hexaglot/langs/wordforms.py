"""The word-form rules of each language (``langs/<code>/terms.toml``): folding (case, accents, the
language's own foldings) and a light stemmer (a proclitic and the article off, one ending replaced,
then one more). The term lists group inflected forms by them (:mod:`hexaglot.terms`); the word
aligner's dictionary priors key Russian words by them (:mod:`hexaglot.wordalign.priors`).
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from hexaglot.langs.clitics import Proclitics, proclitics

_APOS = str.maketrans({"’": "'", "ʼ": "'", "‘": "'"})


@dataclass
class TermLang:
    """One language's term patterns (from ``langs/<code>/terms.toml``; defaults for any other code)."""

    code: str
    max_words: int = 5
    stop: frozenset[str] = frozenset()
    inner: frozenset[str] = frozenset()
    elision: frozenset[str] = frozenset()
    fold_map: dict[int, str] = field(default_factory=dict)
    clitics: Proclitics = field(default_factory=Proclitics)
    strip_prefix: re.Pattern[str] | None = None
    suffixes: tuple[tuple[str, str], ...] = ()
    final: tuple[tuple[str, str], ...] = ()
    keep: tuple[str, ...] = ()
    min_stem: int = 3
    first: tuple[tuple[str, str], ...] = ()
    keep_marks: frozenset[str] = frozenset()
    segment: str | None = None
    siblings: tuple[tuple[str, str], ...] = ()
    citation: dict[bool, tuple[str, ...]] = field(default_factory=dict)  # plural? -> first-word endings
    plural_endings: tuple[str, ...] = ()
    singular_endings: tuple[str, ...] = ()
    plural_words: frozenset[str] = frozenset()
    example: str = ""  # a term of the language, for a search box's placeholder

    @property
    def joiner(self) -> str:
        """What joins the words of a term: nothing between Chinese words, a space elsewhere."""
        return "" if self.segment else " "


def _load(code: str) -> dict[str, Any]:
    try:
        res = resources.files("hexaglot.langs").joinpath(code, "terms.toml")
    except (ModuleNotFoundError, ValueError):
        return {}
    if not re.fullmatch(r"[a-z]{2,3}", code) or not res.is_file():
        return {}
    with res.open("rb") as fh:
        return tomllib.load(fh)


@cache
def term_lang(code: str) -> TermLang:
    """The term patterns of ``code``; a language without ``terms.toml`` gets words only, no stop list."""
    t = _load(code)
    stem, cit, num = t.get("stem", {}), t.get("citation", {}), t.get("number", {})
    lang = TermLang(code=code, max_words=int(t.get("max_words", 5)), segment=t.get("segment"), example=t.get("example", ""),
                    min_stem=int(stem.get("min_stem", 3)),
                    suffixes=tuple(sorted(((a, b) for a, b in stem.get("suffixes", [])), key=lambda s: -len(s[0]))),
                    final=tuple((a, b) for a, b in stem.get("final", [])), keep=tuple(stem.get("keep", [])),
                    first=tuple((a, b) for a, b in stem.get("first", [])),
                    siblings=tuple((a, b) for a, b in stem.get("siblings", [])),
                    citation={False: tuple(cit.get("singular", [])), True: tuple(cit.get("plural", []))},
                    plural_endings=tuple(num.get("plural_endings", [])),
                    singular_endings=tuple(num.get("singular_endings", [])),
                    plural_words=frozenset(num.get("plural_words", [])),
                    keep_marks=frozenset(t.get("keep_marks", [])),
                    fold_map={ord(k): v for k, v in t.get("fold", {}).items()}, clitics=proclitics(code),
                    strip_prefix=re.compile(stem["strip_prefix"]) if stem.get("strip_prefix") else None)
    lang.elision = frozenset(fold(x, lang) for x in t.get("elision", []))
    lang.stop = frozenset(fold(x, lang) for x in t.get("stop", []))
    lang.inner = frozenset(fold(x, lang) for x in t.get("inner", []))
    return lang


def fold(text: str, lang: TermLang) -> str:
    """Case and accents folded, apostrophes unified, the language's own foldings applied."""
    s = unicodedata.normalize("NFKD", text.translate(_APOS).casefold())
    s = "".join(ch for ch in s if not unicodedata.combining(ch) or ch in lang.keep_marks)
    return unicodedata.normalize("NFC", s.translate(lang.fold_map) if lang.fold_map else s)


def stem(word: str, lang: TermLang) -> str:
    """The key of one folded word: proclitic and article stripped, one ending replaced, then one
    ``final`` ending."""
    w = lang.clitics.split(word)[1]
    if lang.strip_prefix is not None:
        m = lang.strip_prefix.match(w)
        if m and len(w) - m.end() >= lang.min_stem:
            w = w[m.end():]
    w = _strip(w, lang.first, lang.min_stem)
    if not any(w.endswith(k) for k in lang.keep):
        w = _strip(w, lang.suffixes, lang.min_stem)
    return _strip(w, lang.final, lang.min_stem)


def _strip(w: str, rules: tuple[tuple[str, str], ...], min_stem: int) -> str:
    for suf, rep in rules:
        if w.endswith(suf) and len(w) - len(suf) >= min_stem:
            return w[: len(w) - len(suf)] + rep
    return w
