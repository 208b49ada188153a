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

A search ignores accents in French, Spanish and English (:data:`FOLDED`), except where an accent tells
two words apart. Their fields (``text_fr``) fold each word to ASCII (tantivy's ``ascii_fold``: é → e,
œ → oe) *before* the stemmer, in the index and in the query alike, so the stemmer reads "États" and
"Etats", "Assemblée" and "Assemblee" as the same word (folded after it, the stem of a word typed
without its accents often differs: "Assemblée" → *assembl*, "Assemblee" → *assemble*).

But Snowball's French and Spanish suffixes are written with their accents, and fed folded words the
stemmer stops joining a word's forms: "première" ends in *-ière*, which it cuts to *premi* as it cuts
"premier", but "premiere" only loses its *e* (*premier*); so "adoptées" (*adopte*) and "adopter"
(*adopt*), "había" (*habi*) and "haber" (*hab*): on the UNPC dev text 1,265 pairs of French words
Snowball joins, 856 Spanish. Folding after the stemmer instead would lose the words typed without
accents. So French and Spanish texts are indexed a second time,
in an exact field (``text_fr_exact``, :func:`exact_field`, not stored) whose words are stemmed as
written and folded after (:func:`exact_analyzer`). A query word looks in both fields, each weighing
half (:data:`EXACT_BOOST`, so that a word both read alike scores as one field did). In the exact
field it is looked for as :func:`exact_query` spells it: folded, with the accents of the endings
that can only be written one way put back (``[fold]`` ``endings`` of ``parse.toml``: "premiere" →
"première", "metodologia" → "metodología"), so that it finds the same whether typed with accents or
not.
A word typed with an accent whose unaccented spelling is another word (:func:`accent_bound`: "à" and
"a", "él" and "el", "más" and "mas") looks in the exact field only, which holds it (and the query
looks for it) with :data:`ACCENT_MARK` and its accented letters after it (:func:`marked`), a term of
its own whatever the stemmer and the folding do to its accent. English writes too few accents to need
an exact field: such a word is not looked for in English (unless English alone is searched). Russian
needs nothing: its stemmer reads ё as е. Arabic keeps its own normalisation; Chinese is cut into characters. A prefix (``word*``),
which no analyzer reads, is folded by :func:`folded` and looked up in the folded field.
"""

from __future__ import annotations

import functools
import re

import tantivy

STEMMERS: dict[str, str] = {"ar": "arabic", "ru": "russian", "fr": "french", "es": "spanish",
                            "en": "english", "de": "german"}
FOLDED = frozenset({"fr", "es", "en"})
"""The languages whose fields fold accents (before the stemmer)."""
EXACT_LANGS = frozenset({"fr", "es"})
"""The languages of :data:`FOLDED` with an exact field beside (:func:`exact_field`)."""
EXACT = "_exact"
EXACT_BOOST = 0.5
"""The weight of each of the two fields of a language of :data:`EXACT_LANGS` in a query."""
ACCENT_MARK = "\u02e3"
"""What :func:`marked` writes after a word whose accent tells it from another, before the code points
of its accented letters (ˣ, a modifier letter: one token with the word, left alone by the stemmers and
by ``ascii_fold``, and after a letter in no text the archive holds; only the exact field's terms and
queries carry it)."""
_MARKED = re.compile(ACCENT_MARK + r"\d*")
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


def exact_field(lang: str) -> str | None:
    """The field of a language of :data:`EXACT_LANGS` that stems the words as written
    (``text_fr_exact``), else None."""
    return f"text_{lang}{EXACT}" if lang in EXACT_LANGS else None


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
def exact_analyzer(lang: str) -> tantivy.TextAnalyzer:
    """The analyzer of the exact field of a language of :data:`EXACT_LANGS`: words lower-cased,
    stemmed as they are written (the stemmer reads the accents its suffixes are written with:
    "première" → *premi*), then folded to ASCII ("réalisées" → *réalis* → *realis*)."""
    return (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
            .filter(tantivy.Filter.remove_long(60)).filter(tantivy.Filter.lowercase())
            .filter(tantivy.Filter.stemmer(STEMMERS[lang])).filter(tantivy.Filter.ascii_fold()).build())


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


@functools.cache
def _fold_table(lang: str) -> dict[str, object]:
    """The ``[fold]`` table of ``lang``'s ``parse.toml`` (empty for a language without one)."""
    from hexaglot.errors import ConfigError
    from hexaglot.langs import table

    try:
        return dict(table(lang, "parse").get("fold", {}))
    except ConfigError:
        return {}


@functools.cache
def _endings(lang: str) -> tuple[tuple[str, str], ...]:
    """``(folded, accented)`` endings of ``[fold]`` ``endings``, longest first."""
    pairs = _fold_table(lang).get("endings", [])
    assert isinstance(pairs, list)
    return tuple(sorted(((str(a), str(b)) for a, b in pairs), key=lambda ab: -len(ab[0])))


@functools.cache
def _accent_distinct(lang: str) -> frozenset[str]:
    """The words of ``lang`` that an accent makes another word: its function words (``stop`` and
    ``inner`` of ``langs/<code>/terms.toml``: "a", "la", "el", "que") and the ``distinct`` words of the
    ``[fold]`` table of its ``parse.toml`` ("mas", "solo")."""
    from hexaglot.langs import function_words

    extra = _fold_table(lang).get("distinct", [])
    assert isinstance(extra, list)
    return function_words(lang) | frozenset(str(w).casefold() for w in extra)


@functools.lru_cache(maxsize=100_000)
def accent_bound(lang: str, word: str) -> bool:
    """Whether the typed ``word`` is looked for with its accents only in ``lang``'s fields (its exact
    field, :func:`exact_field`): written with an accent, and another word without it ("à" is not
    "a", "él" not "el", "más" not "mas"; :func:`_accent_distinct`).

    Every other word typed with accents is looked for in both fields, so that "États" still finds
    "ETATS" and "Etats", as a text written without accents (capitals, OCR) spells it. The choice is
    made for the words whose accent is what tells two common words apart, a closed class (function
    words, and the few others a language's ``[fold]`` table names), rather than for every accented
    word: that would give up the unaccented spellings of all the rest for a handful of words."""
    if lang not in FOLDED or word.isascii():
        return False
    low = word.lower()
    plain = "".join(_fold_analyzer().analyze(low))
    return plain != low and plain in _accent_distinct(lang)


def _bound_term(word: str) -> str:
    """The spelling of a word of :func:`accent_bound` in the exact field: the word, then
    :data:`ACCENT_MARK` and the code points of its accented letters lower-cased ("à" → "àˣ224", "À" →
    "Àˣ224", "â" → "âˣ226"), a term of its own whatever the stemmer and the folding do to the accent."""
    return word + ACCENT_MARK + "".join(str(ord(c)) for c in word.lower() if ord(c) > 127)


def unmarked(text: str) -> str:
    """``text`` without what :func:`marked` put in."""
    return _MARKED.sub("", text) if ACCENT_MARK in text else text


def marked(lang: str, text: str) -> str:
    """``text`` as the exact field of ``lang`` indexes it: each word whose accent tells it from another
    (:func:`accent_bound`) spelled by :func:`_bound_term` ("à" → "àˣ224"; "él" and "el" are both *el*
    to Spanish Snowball, and "à" and "â" both *a* once folded)."""
    if lang not in EXACT_LANGS or text.isascii():
        return text
    return _WORD.sub(lambda m: _bound_term(m.group(0)) if accent_bound(lang, m.group(0)) else m.group(0), text)


@functools.lru_cache(maxsize=100_000)
def _exact_word(lang: str, word: str) -> str:
    if accent_bound(lang, word):
        return _bound_term(word)
    if "\u02bc" in word:  # ʼ: a letter to the tokenizer, an apostrophe to ascii_fold; left to the analyzer
        return word
    plain = "".join(_fold_analyzer().analyze(word)) or word
    for bare, accented in _endings(lang):
        if plain.endswith(bare) and len(plain) > len(bare):
            return plain[:-len(bare)] + accented
    return word if plain == word.lower() else plain  # as typed when folding changes nothing


def exact_query(lang: str, text: str) -> str:
    """``text``, typed in a query, as the exact field of ``lang`` is searched for it: a word whose accent
    tells it from another as :func:`marked` indexes it ("àˣ224"); any other word folded, then given back
    the accent of an ending that only one spelling has (``[fold]`` ``endings``: "première" and
    "premiere" → "première", "metodologia" → "metodología"). So a word finds the same typed with its
    accents or without, and the forms the stemmer joins when it reads the accents of the ending."""
    if lang not in EXACT_LANGS:
        return text
    return _WORD.sub(lambda m: _exact_word(lang, m.group(0)), text)


def indexed_terms(field: str, text: str) -> list[str]:
    """The terms ``text`` becomes in a stemmed ``field`` (``text_en``: "rights" → ["right"];
    ``text_ar``: "لحقوق" → ["ل", "حقوق"]; ``text_fr_exact``: "à" → ["aˣ224"]); the words lower-cased for
    any other field."""
    lang = field.removeprefix("text_")
    if lang.endswith(EXACT) and lang.removesuffix(EXACT) in EXACT_LANGS:
        base = lang.removesuffix(EXACT)
        return list(exact_analyzer(base).analyze(marked(base, text)))
    if lang in STEMMERS:
        return list(stem_analyzer(lang).analyze(prepare(lang, text)))
    return text.lower().split()


def register(index: tantivy.Index) -> None:
    """Register the analyzers on an opened index (needed by every reader and writer)."""
    for lang in STEMMERS:
        index.register_tokenizer(f"stem_{lang}", stem_analyzer(lang))
    for lang in EXACT_LANGS:
        index.register_tokenizer(f"exact_{lang}", exact_analyzer(lang))
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
    for lang in sorted(EXACT_LANGS):
        b.add_text_field(f"text_{lang}{EXACT}", stored=False, tokenizer_name=f"exact_{lang}")
    b.add_text_field("text_zh", stored=False, tokenizer_name="grams")
    b.add_text_field("text_zh1", stored=False, tokenizer_name="grams")
    b.add_text_field("text_xx", stored=False, tokenizer_name="default")
    b.add_bytes_field("raw", stored=True, indexed=False)
    return b.build()


TEXT_FIELDS = [*(f"text_{x}" for x in STEMMERS), "text_zh", "text_xx"]
