"""Term candidates in one sentence: words, noun-phrase patterns and the grouping key.

The patterns are language data (``langs/<code>/terms.toml``): a candidate is a run of
1..``max_words`` words inside one clause (only spaces, or an elided article's apostrophe, between
them) that neither starts nor ends with a closed-class word of ``stop``, and whose inner words, when
closed-class, are in ``inner`` ("maintenance of peace and security", "droits de l'homme"). Chinese
is cut into CC-CEDICT words first (:mod:`hexaglot.align.hanzi`).

Inflected variants share a key: each word case- and accent-folded (NFKD, combining marks dropped,
the language's ``[fold]`` map), a proclitic taken off by the language's rule (Arabic لحقوق, بحقوق,
للحقوق, والحقوق: ``[clitics]`` of ``parse.toml``, :mod:`hexaglot.langs.clitics`, as the search
index takes it off), then what ``strip_prefix`` matches (the Arabic article), then one ending replaced (``[stem] first``, e.g. a Russian reflexive "-ся"), then one ending
(``suffixes``, longest first), then one ``final`` ending, each leaving at least ``min_stem`` letters.
``keep_marks``: combining marks that are letters in that language (Russian "й" keeps its breve).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from hexaglot.langs.wordforms import TermLang, fold, stem, term_lang

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*['’]?", re.UNICODE)
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class Token:
    text: str  # as written
    key: str  # folded and stemmed
    fold: str  # folded, not stemmed (for the closed-class lists)
    start: int
    end: int


@dataclass(frozen=True)
class Candidate:
    key: str
    surface: str
    start: int  # token positions
    end: int
    cstart: int = 0  # character offsets in the text
    cend: int = 0


def tokenize(text: str, lang: TermLang, forms: Mapping[str, str] | None = None) -> list[list[Token]]:
    """The words of ``text`` in clauses: a new clause wherever anything but spaces (or the
    apostrophe of an elided word) stands between two words. ``forms``: keys of folded words that
    the text around decides (:func:`sibling_keys`), before the word's own."""
    clauses: list[list[Token]] = []
    cur: list[Token] = []
    last = 0
    for start, end, word in _words(text, lang):
        gap = text[last:start]
        if cur and gap.strip():
            clauses.append(cur)
            cur = []
        f, key = _word_key(word, lang.code)
        if forms:
            key = forms.get(f, key)
        cur.append(Token(word, key, f, start, end))
        last = end
    if cur:
        clauses.append(cur)
    return clauses


def is_plural(text: str, lang: TermLang) -> bool:
    """Whether a typed term's last word is plural by the language's ``[number]`` data ("centres",
    "women"; not "process", "status", "analysis"); False where the language has none."""
    words = [fold(w, lang) for _, _, w in _words(text, lang)]
    if not words:
        return False
    w = words[-1]
    return w in lang.plural_words or (any(w.endswith(e) for e in lang.plural_endings)
                                      and not any(w.endswith(e) for e in lang.singular_endings))


def citation_rank(surface: str, key: str, lang: TermLang, plural: bool) -> int:
    """How near a variant of ``key`` is to the citation form a thesaurus gives (lower is nearer):
    the place of its first word's ending (the word less the key's stem) in the language's
    ``[citation]`` list for the number, the list's length when not in it; 0 for every variant where
    the language has no list. Russian: "Соединенные Штаты" before "Соединенных Штатов", "климат"
    before "климата", and for a plural source term "женщины" before "женщин"."""
    order = lang.citation.get(plural, ())
    if not order:
        return 0
    words = [fold(w, lang) for _, _, w in _words(surface, lang)]
    if not words:
        return len(order)
    w, k = words[0].split("-")[0], key.split(" ")[0].split("-")[0]
    end = w[len(k):] if w.startswith(k) else None
    return order.index(end) if end in order else len(order)


def sibling_keys(texts: Iterable[str], lang: TermLang) -> dict[str, str]:
    """Keys decided by the other forms seen in ``texts``: a folded word ending in one of the
    language's ``[stem] siblings`` endings whose sibling form (that ending replaced) is seen too takes
    the sibling's key. Russian "Китая" strips like an adjective's "-ая" to "кит", but where "Китай"
    is seen it is that noun's genitive and keys as "кита" with "Китай", "Китаю" and "Китаем"."""
    if not lang.siblings:
        return {}
    seen: set[str] = set()
    for text in texts:
        seen.update(fold(w, lang) for _, _, w in _words(text, lang))
    out: dict[str, str] = {}
    for w in seen:
        for end, other in lang.siblings:
            if w.endswith(end) and len(w) - len(end) >= lang.min_stem:
                sib = w[: len(w) - len(end)] + other
                if sib in seen:
                    out[w] = _word_key(sib, lang.code)[1]
                    break
    return out


@lru_cache(maxsize=1 << 18)
def _word_key(word: str, code: str) -> tuple[str, str]:
    """``(folded, key)`` of one word (a closed-class word is its own key)."""
    lang = term_lang(code)
    f = fold(word, lang)
    if f in lang.stop:
        return f, f
    return f, "-".join(stem(part, lang) if part else part for part in f.split("-"))  # Гвинее-Бисау


def _words(text: str, lang: TermLang) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    for m in _WORD.finditer(text):
        w, s = m.group(), m.start()
        if (s and text[s - 1].isdigit()) or (m.end() < len(text) and text[m.end()].isdigit()):
            continue  # "7439th", "A4": part of a number or a code, and a clause break
        if lang.segment and _HAN.search(w):
            out.extend(_han_words(w, s))
            continue
        if lang.elision:
            w, s = _elide(w, s, lang, out)
        if w:
            out.append((s, s + len(w), w))
    return out


def _elide(w: str, s: int, lang: TermLang, out: list[tuple[int, int, str]]) -> tuple[str, int]:
    """Split elided words off the front: "l'homme" is "l'" then "homme"."""
    while True:
        m = re.match(r"([^\W\d_]+)['’]", w)
        if not m or fold(m.group(1), lang) not in lang.elision or m.end() == len(w):
            return w, s
        out.append((s, s + m.end(), w[: m.end()]))
        s += m.end()
        w = w[m.end():]


def _han_words(run: str, start: int) -> list[tuple[int, int, str]]:
    from hexaglot.align.hanzi import segment

    out: list[tuple[int, int, str]] = []
    i = 0
    for m in re.finditer(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+", run):
        if _HAN.match(m.group()):
            for w in segment(m.group()):
                out.append((start + m.start() + i, start + m.start() + i + len(w), w))
                i += len(w)
            i = 0
        else:
            out.append((start + m.start(), start + m.end(), m.group()))
    return out


def candidates(text: str, lang: TermLang, clauses: list[list[Token]] | None = None) -> list[Candidate]:
    """Every term candidate of ``text``: runs of words by the language's noun-phrase pattern
    (``clauses``: the words of ``text`` when :func:`tokenize` already ran)."""
    out: list[Candidate] = []
    stop, inner = lang.stop, lang.inner
    for clause in tokenize(text, lang) if clauses is None else clauses:
        for i, first in enumerate(clause):
            if first.fold in stop:
                continue
            key = ""
            for j in range(i, min(len(clause), i + lang.max_words)):
                tok = clause[j]
                key = f"{key} {tok.key}" if key else tok.key
                if tok.fold in stop:
                    if tok.fold in inner:
                        continue
                    break
                out.append(Candidate(key=key, surface=text[first.start:tok.end], start=i, end=j + 1,
                                     cstart=first.start, cend=tok.end))
    return out


def key_of(text: str, lang: TermLang) -> str:
    """The grouping key of a typed term (every word, stop words included)."""
    return " ".join(t.key for clause in tokenize(text, lang) for t in clause)


def keys_line(text: str, lang: TermLang, clauses: list[list[Token]] | None = None) -> str:
    """The keys of every word of ``text``, clauses separated by `` | `` (for finding a typed term)."""
    return " | ".join(" ".join(t.key for t in clause) for clause in (tokenize(text, lang) if clauses is None
                                                                      else clauses))
