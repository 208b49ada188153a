"""Proclitics: prepositions and conjunctions written onto the next word (Arabic لحقوق "for the
rights", بحقوق, وللجنة), taken off one word by the rule of the language's ``[clitics]`` table
(``langs/<code>/parse.toml``), the same rule for the search index, the query and the term keys.

:meth:`Proclitics.split` cuts a word in two, ``(proclitic, rest)``, in this order:

1. a ``proclitic`` before the ``article``: ``و|الحقوق``, ``وب|الأمم``, ``ك|الحقوق`` (the article
   then belongs to the rest, for the stemmer or the term key to take off), unless the word is one
   of ``root_initial`` (``وكالات``: the و and ك are the noun's);
2. an ``article_contraction`` (``لل`` is ل + ال): ``لل|حقوق``; but ``ل|لجنة`` when the word after
   the first ل is one of ``root_initial`` (``للجنة`` is "to the committee", its ل is the noun's);
3. a proclitic of ``bare`` before any other word, when at least ``min_rest`` letters are left,
   the word, from any letter of the proclitic on, starts none of ``root_initial``, and the word list
   reads it so (:meth:`Proclitics._frequent_rest`: the rest nearly as common as the whole, and the
   whole no common word of its own): ``ل|حقوق``, ``ول|تعزيز``, ``ب|حقوق``; not ``لجنة``, ``ليبيا``,
   ``بلد`` (too short), ``وطن`` (و alone is not in ``bare``), ``بناء`` (ناء is rare), ``بعده``
   ("after it", five times as common as عده "counting").

A word that no rule cuts is ``("", word)``. The comparisons ignore marks and the spelling variants
of :data:`_PLAIN` (a folded term key writes ة as ه), so the table is written once, as printed.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

_PLAIN = str.maketrans({"ة": "ه", "ى": "ي", "ـ": ""})


def _plain(text: str) -> str:
    s = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in s if not unicodedata.combining(ch)).translate(_PLAIN)


@dataclass(frozen=True)
class Proclitics:
    """One language's proclitic rule (see the module's text); empty for a language without one."""

    proclitics: tuple[str, ...] = ()  # longest first
    article: str = ""
    contractions: tuple[str, ...] = ()  # longest first
    bare: tuple[str, ...] = ()  # longest first
    min_rest: int = 3
    root_initial: tuple[str, ...] = ()  # plain forms
    # a bare proclitic comes off only when the rest is a word of this word list (wordfreq's) at most
    # rest_margin rarer than the whole word (بناء: ناء is rare, the word common; لحقوق: حقوق is commoner)
    word_list: str = ""
    rest_margin: float | None = None
    # ... and stays on a common word of its own: a whole word at least common_word (Zipf) and more than
    # common_margin commoner than its rest (بعده 4.65 "after it", عده 3.74 "counting"; بشأن, بموجب)
    common_word: float | None = None
    common_margin: float = 0.0

    def __bool__(self) -> bool:
        return bool(self.proclitics or self.contractions)

    def _rooted(self, word: str, p: str) -> bool:
        """Whether ``word`` from any letter of its proclitic ``p`` on starts one of ``root_initial``."""
        if not self.root_initial:
            return False
        plain = _plain(word)
        return any(plain[i:].startswith(self.root_initial) for i in range(len(p)))

    def _frequent_rest(self, word: str, rest: str) -> bool:
        """Whether ``rest`` is a word of the list nearly as frequent as ``word``, and ``word`` is not a
        common word of its own, much commoner than ``rest`` (True without a list).

        A proclitic is one reading of a word's first letter; the list's frequencies of the written
        forms (wordfreq counts لحقوق as a word) weigh it. If the whole word is common and several times
        as common as the rest, the rest does not account for it: the whole is a word of its own (بعده,
        بشأن "concerning", بموجب "under"), which a search for the rest should not find. Among rare
        words a gap says less (the list's figures for them are coarse), so ``rest_margin`` is wider."""
        if not self.word_list or self.rest_margin is None:
            return True
        z, whole = _zipf(self.word_list, rest), _zipf(self.word_list, word)
        if self.common_word is not None and whole >= self.common_word and whole - z > self.common_margin:
            return False
        return z > 0 and z >= whole - self.rest_margin

    def split(self, word: str) -> tuple[str, str]:
        """``(proclitic, rest)`` of one word; ``("", word)`` when it has none by the rule."""
        if not self:
            return "", word
        art = self.article
        if art:
            for p in self.proclitics:
                if (word.startswith(p + art) and len(_plain(word)) - len(p) - len(art) >= 2
                        and not self._rooted(word, p)):
                    return p, word[len(p):]
            for c in self.contractions:
                rest = word[len(c):]
                if word.startswith(c) and len(_plain(rest)) >= 2:
                    return (c[:-1], word[len(c) - 1:]) if self._rooted(c[-1] + rest, "ل") else (c, rest)
        for p in self.bare:
            rest = word[len(p):]
            if (word.startswith(p) and len(_plain(rest)) >= self.min_rest and not (art and rest.startswith(art))
                    and not self._rooted(word, p) and self._frequent_rest(word, rest)):
                return p, rest
        return "", word


@lru_cache(maxsize=200_000)
def _zipf(code: str, word: str) -> float:
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, code))


@cache
def proclitics(code: str) -> Proclitics:
    """The proclitic rule of ``code`` (its ``parse.toml`` ``[clitics]``); empty for other languages."""
    from hexaglot.errors import ConfigError
    from hexaglot.langs import table

    try:
        t = table(code, "parse").get("clitics", {})
    except ConfigError:
        return Proclitics()

    def longest(key: str) -> tuple[str, ...]:
        return tuple(sorted(t.get(key, []), key=len, reverse=True))

    return Proclitics(proclitics=longest("proclitics"), article=t.get("article", ""),
                      contractions=longest("article_contractions"), bare=longest("bare"),
                      min_rest=int(t.get("min_rest", 3)),
                      root_initial=tuple(_plain(w) for w in t.get("root_initial", [])),
                      word_list=t.get("word_list", ""),
                      rest_margin=float(t["rest_margin"]) if "rest_margin" in t else None,
                      common_word=float(t["common_word"]) if "common_word" in t else None,
                      common_margin=float(t.get("common_margin", 0.0)))
