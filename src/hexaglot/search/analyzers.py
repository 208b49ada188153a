"""Per-language analyzers and the index schema.

Stemmed fields (Snowball via tantivy) for ar, ru, fr, es, en (and de for Text+Berg); Chinese is cut
in Python into character bigrams (field ``text_zh``) and unigrams (``text_zh1``), so a two-character
word is one bigram term and a longer word a phrase of bigrams. Other languages use ``text_xx``.

Arabic writes prepositions and conjunctions onto the word (لحقوق, وللجنة). Before the stemmer sees
a text (indexed or queried), :func:`prepare` cuts each word's proclitic off by the language's rule
(:mod:`hexaglot.langs.clitics`) with a zero-width joiner (U+200D, which the cleaning drops from every
text, so it is never the document's): the tokenizer splits there, the letters stay joined on screen,
and the stored sentence is the document's once :func:`shown` takes the joiners out again. Snowball's
own Arabic prefixes (ب، و، ف، ال، لل, by length only) then apply to the rest.

A search ignores accents in French, Spanish and English (:data:`FOLDED`): their fields fold each word
to ASCII (tantivy's ``ascii_fold``: é → e, œ → oe) *before* the stemmer, in the index and in the
query alike, so the stemmer reads "États" and "Etats" as the same word. Folded after it, the stem
of a word typed without its accents often differs ("Assemblée" → *assembl*, "Assemblee" →
*assemble*; on the UNPC dev set 548 French words, 16% of the accented tokens, among them
"sécurité", "égalité", "accès"). Russian needs nothing: its stemmer reads ё as е. Arabic keeps its own
normalisation; Chinese is cut into characters. A prefix (``word*``), which no analyzer reads, is
folded by :func:`folded`.
"""

from __future__ import annotations

import functools
import re

import tantivy

STEMMERS: dict[str, str] = {"ar": "arabic", "ru": "russian", "fr": "french", "es": "spanish",
                            "en": "english", "de": "german"}
FOLDED = frozenset({"fr", "es", "en"})
"""The languages whose fields fold accents (before the stemmer)."""
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
_CJK_RUN = re.compile(f"[{CJK}]+")
_TOKEN = re.compile(f"[{CJK}]+|[^\\W_{CJK}]+(?:[./-][^\\W_{CJK}]+)*", re.UNICODE)
FACET_FIELDS = ("organ", "session", "year", "type", "lang", "country", "kind")
CUT = "\u200d"
"""What :func:`prepare` puts between a proclitic and its word."""
_WORD = re.compile(r"[^\W\d_]+")


def text_field(lang: str) -> str:
    """The indexed field of a language."""
    if lang == "zh":
        return "text_zh"
    return f"text_{lang}" if lang in STEMMERS else "text_xx"


def stored_field(lang: str) -> str:
    """The stored field holding the original sentence of a language."""
    return "raw" if text_field(lang) in ("text_zh", "text_xx") else text_field(lang)


def cjk_grams(text: str) -> tuple[str, str]:
    """``(bigrams, unigrams)`` of a Chinese text, space-separated; non-CJK words are kept whole."""
    bi: list[str] = []
    uni: list[str] = []
    for m in _TOKEN.finditer(text):
        tok = m.group(0)
        if _CJK_RUN.fullmatch(tok):
            uni.extend(tok)
            bi.extend(tok if len(tok) == 1 else [tok[i:i + 2] for i in range(len(tok) - 1)])
        else:
            bi.append(tok.lower())
            uni.append(tok.lower())
    return " ".join(bi), " ".join(uni)


def cjk_query(run: str) -> str:
    """The query clause for one run of CJK characters."""
    if len(run) == 1:
        return f"text_zh1:{run}"
    grams = [run[i:i + 2] for i in range(len(run) - 1)]
    return f"text_zh:{grams[0]}" if len(grams) == 1 else f'text_zh:"{" ".join(grams)}"'


def prepare(lang: str, text: str, keep: bool = True) -> str:
    """``text`` as its language's field indexes it: each word's proclitic cut off by :data:`CUT`
    (Arabic ``لحقوق`` → ``ل‍حقوق``; :mod:`hexaglot.langs.clitics`), or left out (``keep=False``,
    a query: ``لحقوق`` looks for ``حقوق`` with or without a proclitic); unchanged in another language."""
    from hexaglot.langs.clitics import proclitics

    rule = proclitics(lang) if lang in STEMMERS else None
    if not rule:
        return text

    def cut(m: re.Match[str]) -> str:
        p, rest = rule.split(m.group(0))
        return f"{p}{CUT}{rest}" if p and keep else rest

    return _WORD.sub(cut, text)


def prepare_query(text: str, langs: list[str]) -> str:
    """A query for the fields of ``langs`` (every language when empty): a word without the proclitic
    :func:`prepare` cuts off, so that it finds the word with any proclitic or none; but inside a
    quoted phrase every word after the first keeps it, cut off as in the index (the proclitic stands
    between the words there: "العالمي لحقوق الإنسان" is the phrase *عالمي ل حقوق انسان*)."""
    parts = text.split('"')  # the odd parts are quoted (an unclosed quote runs to the end)
    for i, part in enumerate(parts):
        for lang in langs or STEMMERS:
            if i % 2 and (m := _WORD.search(part)):
                part = part[:m.end()] + prepare(lang, part[m.end():])
                part = prepare(lang, part[:m.end()], keep=False) + part[m.end():]
            else:
                part = prepare(lang, part, keep=False)
        parts[i] = part
    return '"'.join(parts)


def shown(text: str) -> str:
    """A stored text as the document writes it (without what :func:`prepare` put in)."""
    return text.replace(CUT, "")


@functools.cache
def stem_analyzer(lang: str) -> tantivy.TextAnalyzer:
    """The analyzer of a stemmed field (:data:`STEMMERS`): words lower-cased, folded to ASCII in the
    languages of :data:`FOLDED`, stemmed."""
    b = (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
         .filter(tantivy.Filter.remove_long(60)).filter(tantivy.Filter.lowercase()))
    if lang in FOLDED:
        b = b.filter(tantivy.Filter.ascii_fold())
    return b.filter(tantivy.Filter.stemmer(STEMMERS[lang])).build()


@functools.cache
def _fold_analyzer() -> tantivy.TextAnalyzer:
    return (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
            .filter(tantivy.Filter.lowercase()).filter(tantivy.Filter.ascii_fold()).build())


def folded(field: str, word: str) -> str:
    """A lower-cased word as ``field`` spells it before its stemmer: without accents in a field of
    :data:`FOLDED` ("états" → "etats"), ё as е in Russian (as its stemmer reads it), else as it is.
    What a prefix (``word*``, a regular expression on the terms) is looked up as."""
    lang = field.removeprefix("text_")
    if lang in FOLDED:
        return "".join(_fold_analyzer().analyze(word)) or word
    return word.replace("ё", "е") if lang == "ru" else word


def indexed_terms(field: str, text: str) -> list[str]:
    """The terms ``text`` becomes in a stemmed ``field`` (``text_en``: "rights" → ["right"];
    ``text_ar``: "لحقوق" → ["ل", "حقوق"]); the words lower-cased for any other field."""
    lang = field.removeprefix("text_")
    if lang in STEMMERS:
        return list(stem_analyzer(lang).analyze(prepare(lang, text)))
    return text.lower().split()


def register(index: tantivy.Index) -> None:
    """Register the analyzers on an opened index (needed by every reader and writer)."""
    for lang in STEMMERS:
        index.register_tokenizer(f"stem_{lang}", stem_analyzer(lang))
    ws = (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace())
          .filter(tantivy.Filter.lowercase()).build())
    index.register_tokenizer("grams", ws)


def build_schema() -> tantivy.Schema:
    b = tantivy.SchemaBuilder()
    b.add_unsigned_field("sentence_id", stored=True, indexed=True, fast=True)
    for name in ("doc_id", "symbol", "lang", "sha256", "date", "organ", "type", "country", "agenda", "kind"):
        b.add_text_field(name, stored=name in ("doc_id", "symbol", "lang", "sha256", "date", "kind"),
                         tokenizer_name="raw", fast=name in ("organ", "type", "country", "lang", "doc_id", "kind"))
    b.add_unsigned_field("year", stored=False, indexed=True, fast=True)
    b.add_unsigned_field("session", stored=False, indexed=True, fast=True)
    for lang in STEMMERS:
        b.add_text_field(f"text_{lang}", stored=True, tokenizer_name=f"stem_{lang}")
    b.add_text_field("text_zh", stored=False, tokenizer_name="grams")
    b.add_text_field("text_zh1", stored=False, tokenizer_name="grams")
    b.add_text_field("text_xx", stored=False, tokenizer_name="default")
    b.add_bytes_field("raw", stored=True, indexed=False)
    return b.build()


TEXT_FIELDS = [*(f"text_{x}" for x in STEMMERS), "text_zh", "text_xx"]
