"""Language identification for the six UN languages.

A cascade per text:

1. **script** — Arabic letters → ``ar``, Han → ``zh``, Cyrillic → ``ru``. These scripts belong to exactly
   one UN language each, so counting letters is certain and costs nothing;
2. **lingua** — text in Latin script is one of ``en``, ``fr``, ``es``: lingua-language-detector,
   restricted to those three, gives confidences, to which a vote of distinctive words (function words,
   months, UN document words, country names) and UN typography ("1,000" / "1 000" / "1.000", a space
   before ":" in French) is added — decisive for headings, where n-grams say little. The detector is
   built lazily, once, on first use (nothing at import time);
3. nothing — no letters at all (a symbol, a page number): ``None``.

:func:`detect_document_language` looks at the first ~2000 characters of body text, skipping
furniture-like lines (symbols, numbers, dates). :func:`not_text_reason` says when that sample is not
language at all ("aaaa…"), :func:`clear_mismatch` when a language the caller gave is clearly wrong.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache
from typing import TYPE_CHECKING

from hexaglot.model import Document, Label, Layer
from hexaglot.read.encoding import script_name

if TYPE_CHECKING:
    from lingua import ConfidenceValue, LanguageDetector

DOC_SAMPLE_CHARS = 2000
MAX_CHARS = 10000  # longer texts are judged by their beginning
MIN_FIRST_PAGE_CHARS = 200
FEW_WORDS = 5  # a document of fewer words in Latin script gets a language with a warning ("hello": es?)
SHORT_WORDS = 12  # texts up to this many words (titles, headings, table cells) lean on the word list
MIN_LINE_LETTERS = 4  # lines with fewer letters (page numbers, symbols) are skipped for documents
# not language: judged on samples of at least MIN_JUDGED_LETTERS letters
MIN_JUDGED_LETTERS = 50
MIN_DISTINCT_LETTERS = 5
MAX_LETTER_SHARE = 0.5
MAX_MEDIAN_WORD = 30
# a given language that clearly disagrees with the text (distinctive-word counts, see clear_mismatch)
MISMATCH_MIN_HITS = 15
MISMATCH_RATIO = 4

_LATIN_LANGS = ("en", "fr", "es")
_detector: LanguageDetector | None = None
_lock = threading.Lock()

_FURNITURE_LABELS = {Label.PAGE_HEADER, Label.PAGE_FOOTER, Label.PAGE_NUMBER, Label.JOB_NUMBER, Label.BARCODE}
# A line that is only a document symbol, a job number or digits: "A/58/50/Rev.1", "03-39489 (F)".
_MAX_SYMBOLISH_CHARS = 200
_SYMBOLISH = re.compile(r"^[\s\d\W]*(?:[A-Z]{1,6}[/.][\w/.\-()*]*)?[\s\d\W]*$")


def _get_detector() -> LanguageDetector:
    """The lingua detector for English, French and Spanish, built on first use."""
    global _detector
    if _detector is None:
        with _lock:
            if _detector is None:
                from lingua import IsoCode639_1, LanguageDetectorBuilder

                codes = [getattr(IsoCode639_1, code.upper()) for code in _LATIN_LANGS]
                builder = LanguageDetectorBuilder.from_iso_codes_639_1(*codes)
                _detector = builder.with_preloaded_language_models().build()
    return _detector


def script_counts(text: str) -> tuple[int, int, int, int]:
    """Letters in ``text``: ``(latin, arabic, han, cyrillic)``."""
    latin = arabic = han = cyrillic = 0
    for ch in text:
        o = ord(ch)
        if o < 0x250:
            latin += ch.isalpha()
        elif 0x400 <= o <= 0x52F:
            cyrillic += 1
        elif 0x600 <= o <= 0x6FF or 0x750 <= o <= 0x77F or 0xFB50 <= o <= 0xFDFF or 0xFE70 <= o <= 0xFEFF:
            arabic += ch.isalpha()
        elif 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF:
            han += 1
    return latin, arabic, han, cyrillic


def _by_script(text: str) -> str | None:
    """``ar``/``zh``/``ru`` when their script has a real share of the letters, ``"latin"``, or None.

    English, French and Spanish text never contains Arabic, Han or Cyrillic words, while Chinese, Arabic
    and Russian text often quotes English names and titles; so a non-Latin script wins as soon as it
    has a fifth of the letters (a Han character, worth a short word, weighs three Latin letters).
    """
    latin, arabic, han, cyrillic = script_counts(text)
    others = {"ar": arabic, "zh": 3 * han, "ru": cyrillic}
    best = max(others, key=lambda k: others[k])
    total = latin + sum(others.values())
    if total == 0:
        return None
    if others[best] >= 0.2 * total:
        return best
    return "latin"


def detect_language(text: str) -> str | None:
    """The UN language of ``text`` (``ar zh en fr ru es``), or None when it has no letters.

    Only the first :data:`MAX_CHARS` characters are looked at.
    """
    text = text[:MAX_CHARS]
    verdict = _by_script(text)
    if verdict != "latin":
        return verdict
    return _lingua_one(text)


def _lingua_one(text: str) -> str | None:
    return _decide(text, _get_detector().compute_language_confidence_values(text))


def detect_many(texts: Sequence[str]) -> list[str | None]:
    """:func:`detect_language` for many texts; Latin-script texts go to lingua in one parallel batch."""
    out: list[str | None] = [None] * len(texts)
    latin_idx: list[int] = []
    for i, text in enumerate(texts):
        verdict = _by_script(text[:MAX_CHARS])
        if verdict == "latin":
            latin_idx.append(i)
        else:
            out[i] = verdict
    if latin_idx:
        batch = [texts[i][:MAX_CHARS] for i in latin_idx]
        values = _get_detector().compute_language_confidence_values_in_parallel(batch)
        for i, text, conf in zip(latin_idx, batch, values, strict=True):
            out[i] = _decide(text, conf)
    return out


def _decide(text: str, confidences: Iterable[ConfidenceValue]) -> str | None:
    """Lingua's confidences, plus a vote of distinctive words that matters most for short texts.

    Lingua's n-gram models cannot tell "Agenda item 51" or "Point 8" apart; a handful of function and
    UN-structure words can. Remaining ties go to the more frequent UN working language (en, fr, es).
    """
    scores = {c.language.iso_code_639_1.name.lower(): c.value for c in confidences}
    if not scores or max(scores.values()) == 0:
        return None
    hits, n_words = _lexicon_hits(text)
    total = sum(hits.values())
    weight = 1.5 if n_words <= SHORT_WORDS else 0.5  # in headings, one distinctive word beats n-grams
    for lang in _LATIN_LANGS:
        prior = _PRIOR[lang]
        vote = weight * hits[lang] / total if total else 0.0
        scores[lang] = scores.get(lang, 0.0) + vote + prior
    return max(scores, key=lambda k: scores[k])


_PRIOR = {"en": 0.02, "fr": 0.01, "es": 0.0}
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")  # "Wa'il" is one word, not "wa" + "il"
_ELISION = re.compile(r"^(?:l|d|qu|n|s|j|c|jusqu|lorsqu|puisqu)['’]\w")  # l'État, d'informations


# UN editorial typography: "1,000" in English, "1 000" and a space before ":;?!" and «» in French,
# "1.000" in Spanish.
_TYPOGRAPHY = {
    "en": re.compile(r"\d,\d{3}\b"),
    "fr": re.compile(r"\w[ \u00a0\u202f][:;?!]|\d[ \u00a0\u202f]\d{3}\b|<<|«[ \u00a0\u202f]"),
    "es": re.compile(r"\d\.\d{3}\b|[¿¡]"),
}


def _lexicon_hits(text: str) -> tuple[dict[str, int], int]:
    """Distinctive words and typographic habits found in ``text`` per language, and its word count."""
    words = _WORD.findall(text.lower())
    hits = _word_hits(words)
    for lang, pattern in _TYPOGRAPHY.items():
        hits[lang] += 2 * len(pattern.findall(text))
    return hits, len(words)


def _word_hits(words: Sequence[str]) -> dict[str, int]:
    """Distinctive English, French and Spanish words among ``words`` (lower-cased) per language."""
    lex = _lexicon()
    hits = {lang: sum(1 for w in words if w in lex[lang]) for lang in _LATIN_LANGS}
    hits["fr"] += sum(1 for w in words if _ELISION.match(w))
    return hits


@cache
def _lexicon() -> dict[str, frozenset[str]]:
    """Words that belong to one of the three languages only (function words, months, UN words).

    The built-in lists below are extended by ``words = [...]`` in ``langs/<code>/langid.toml`` when
    that table exists (the lists are meant to move there).
    """
    from hexaglot.langs import table

    out = {}
    for lang in _LATIN_LANGS:
        extra = [w.lower() for w in table(lang, "langid").get("words", [])]
        out[lang] = frozenset([*_LEXICON[lang].split(), *_COUNTRIES[lang].split(), *extra])
    return out


_LEXICON = {
    "en": "the of and to in on for with by from is are was were be been has have had this that which "
    "at its it as an or not mr mrs ms item items agenda table annex addendum corrigendum chapter "
    "paragraph report draft meeting assembly council united january february march april may june "
    "july august september october november december ambassador joint unit permanent representative "
    "secretary should would shall will",
    "fr": "les des du et est sont une dans pour par sur au aux avec qui ce cette ces il elle ont été "
    "être pas ne m mme point tableau annexe additif rectificatif chapitre rapport projet séance "
    "conseil assemblée générale janvier février mars avril mai juin juillet août septembre octobre "
    "novembre décembre ambassadeur ordre jour nations unies représentant permanent secrétaire doit "
    "sera",
    "es": "el los las del es son una con por para lo al su sus como más sr sra tema cuadro anexo "
    "adición corrección capítulo informe proyecto sesión consejo asamblea enero febrero marzo abril "
    "mayo junio julio agosto septiembre octubre noviembre diciembre embajador además naciones unidas "
    "representante permanente secretario debe será",
}

# Country and place names whose spelling differs between the three languages (single words only).
_COUNTRIES = {
    "en": "algeria austria belgium brazil cameroon croatia cyprus czechia denmark egypt ethiopia "
    "finland germany greece hungary iceland ireland italy japan jordan lebanon libya lithuania "
    "malaysia mauritania mexico morocco netherlands norway peru poland romania russia spain sweden "
    "switzerland syria thailand tunisia turkey ukraine aleppo",
    "fr": "algérie autriche belgique brésil cameroun croatie chypre tchéquie danemark égypte éthiopie "
    "finlande allemagne grèce hongrie islande irlande italie japon jordanie liban libye lituanie "
    "malaisie mauritanie mexique maroc norvège pérou pologne roumanie russie espagne suède suisse "
    "syrie thaïlande tunisie turquie argentine chili colombie alep afrique amérique",
    "es": "argelia bélgica brasil camerún croacia chipre chequia dinamarca egipto etiopía finlandia "
    "alemania grecia hungría islandia irlanda italia japón jordania líbano libia lituania malasia "
    "méxico marruecos noruega perú polonia rumania rusia españa suecia suiza siria tailandia túnez "
    "turquía alepo",
}


def is_furniture_like(line: str) -> bool:
    """Lines that say nothing about the language: symbols, numbers, dates in digits, too few letters."""
    letters = sum(1 for ch in line if ch.isalpha())
    if letters < MIN_LINE_LETTERS:
        return True
    # A symbol line is short; the pattern backtracks badly on long lines of punctuation (fuzzing).
    return len(line) <= _MAX_SYMBOLISH_CHARS and bool(_SYMBOLISH.match(line))


def sample_text(lines: Iterable[str], limit: int = DOC_SAMPLE_CHARS) -> str:
    """Join language-bearing lines until about ``limit`` characters."""
    picked: list[str] = []
    size = 0
    for line in lines:
        line = line.strip()
        if not line or is_furniture_like(line):
            continue
        picked.append(line)
        size += len(line) + 1
        if size >= limit:
            break
    return "\n".join(picked)[: limit + 200]


def _document_lines(doc: Document, first_page: bool) -> list[str]:
    blocks = [b for b in doc.blocks if b.layer == Layer.BODY and b.label not in _FURNITURE_LABELS]
    if first_page:
        blocks = [b for b in blocks if b.page in (None, 1)]
    return [line for b in blocks for line in (b.text or b.orig).splitlines()]


def document_sample(doc: Document) -> str:
    """The ~2000 characters of body text a document's language is judged by.

    The first page when it has at least :data:`MIN_FIRST_PAGE_CHARS` of language-bearing text;
    otherwise the sample runs on into the following pages.
    """
    text = sample_text(_document_lines(doc, first_page=True))
    if len(text) < MIN_FIRST_PAGE_CHARS:
        text = sample_text(_document_lines(doc, first_page=False))
    return text


def detect_document_language(doc: Document) -> str | None:
    """The language of a document from the first ~2000 characters of its body text."""
    text = document_sample(doc)
    return detect_language(text) if text.strip() else None


def not_text_reason(sample: str) -> str | None:
    """Why ``sample`` is not language (None when it reads as text, or is too short to judge).

    Language uses many letters, none of them taking half the text, and (in scripts written with
    spaces) words of ordinary length: a file of "aaaa…" or of one endless token has neither.
    """
    letters = [c.lower() for c in sample if c.isalpha()]
    if len(letters) < MIN_JUDGED_LETTERS:
        return None
    counts = Counter(letters)
    top, n = counts.most_common(1)[0]
    if len(counts) < MIN_DISTINCT_LETTERS or n > MAX_LETTER_SHARE * len(letters):
        return f"{len(counts)} distinct letter{'s' if len(counts) > 1 else ''}, {n / len(letters):.0%} of them {top!r}"
    latin, arabic, _, cyrillic = script_counts(sample)
    if latin + arabic + cyrillic >= 0.5 * len(letters):  # scripts that separate words with spaces
        sizes = sorted(len(w) for w in _WORD.findall(sample))
        median = sizes[len(sizes) // 2]
        if median > MAX_MEDIAN_WORD:
            return f"no word structure (median word of {median} letters)"
    return None


#: letters of a script of none of the six languages, or kana, that make a text another language
MIN_SCRIPT_LETTERS = 10
FOREIGN_SCRIPT_SHARE = 0.5
KANA_SHARE = 0.25  # Japanese text is a third to a half kana; Chinese has none but a name in katakana
#: among 100 words or more, fewer than this share of English, French or Spanish distinctive words: none
#: of the three (UNPC dev documents: 0.092 at the least, Spanish; the shared reports and resolutions 0.17;
#: German prose of Text+Berg mostly 0.015-0.05, the UDHR in Italian 0.024 and Portuguese 0.013)
MIN_LATIN_WORDS = 100
MIN_LATIN_WORD_SHARE = 0.06
_SIX_SCRIPTS = frozenset({"LATIN", "ARABIC", "CJK", "CYRILLIC"})


def foreign_language(sample: str) -> str | None:
    """The language or script ``sample`` is written in when it is clearly none of the six languages'
    (``"Japanese"``, ``"Korean"``, ``"Greek script"``, ``"German"``), else None. Kana mark Japanese
    even among kanji, which :func:`detect_language` would read as Chinese; Latin-script text is
    judged by :func:`other_latin_language`."""
    counts: Counter[str] = Counter()
    for ch in sample[:MAX_CHARS]:
        if ch.isalpha():
            counts[script_name(ch)] += 1
    total = sum(counts.values())
    if total < MIN_SCRIPT_LETTERS:
        return None
    kana = counts["HIRAGANA"] + counts["KATAKANA"]
    if kana >= KANA_SHARE * total:
        return "Japanese"
    if counts["HANGUL"] >= FOREIGN_SCRIPT_SHARE * total:
        return "Korean"
    others = {k: v for k, v in counts.items() if k not in _SIX_SCRIPTS}
    if sum(others.values()) >= FOREIGN_SCRIPT_SHARE * total:
        return f"{max(others, key=others.__getitem__).title()} script"
    if counts["LATIN"] >= FOREIGN_SCRIPT_SHARE * total:
        return other_latin_language(sample)
    return None


#: a Latin-script text of at least this many words is another language's (German, Italian, Portuguese,
#: Dutch: ``langs/others.toml``) when that language's frequent words are at least :data:`OTHER_MIN_HITS`,
#: :data:`OTHER_MIN_SHARE` of its words and :data:`OTHER_RATIO` times the distinctive English, French or
#: Spanish words of the best of the three (``bench/langid.py --others``)
OTHER_MIN_WORDS = 8
OTHER_MIN_HITS = 3
OTHER_MIN_SHARE = 0.15
OTHER_RATIO = 2.0


@cache
def _other_words() -> dict[str, frozenset[str]]:
    from hexaglot.langs import other_languages

    return {v["name"]: frozenset(w.lower() for w in v["words"]) for v in other_languages().values()}


def other_latin_language(sample: str) -> str | None:
    """The name of the Latin-script language of ``langs/others.toml`` that ``sample`` is clearly
    written in (see :data:`OTHER_MIN_WORDS`), else None."""
    text = sample[:MAX_CHARS]
    words = _WORD.findall(text.lower())
    if len(words) < OTHER_MIN_WORDS:
        return None
    hits = {name: sum(1 for w in words if w in lex) for name, lex in _other_words().items()}
    name = max(hits, key=hits.__getitem__)
    own = max(_word_hits(words).values())  # words only: German and Swiss typography is French-like («, " :")
    h = hits[name]
    if h >= OTHER_MIN_HITS and h >= OTHER_MIN_SHARE * len(words) and h >= OTHER_RATIO * own:
        return name
    return None


def latin_word_share(sample: str) -> tuple[float, int] | None:
    """``(share, words)``: the share of the words of a Latin-script ``sample`` that are distinctive
    English, French or Spanish words (of the best of the three), when it is below
    :data:`MIN_LATIN_WORD_SHARE` over at least :data:`MIN_LATIN_WORDS` words; else None. German or
    Italian, read by a detector that knows only the three, would otherwise pass for one of them."""
    hits, n = _lexicon_hits(sample[:MAX_CHARS])
    if n < MIN_LATIN_WORDS:
        return None
    share = max(hits.values()) / n
    return (share, n) if share < MIN_LATIN_WORD_SHARE else None


def clear_mismatch(sample: str, given: str) -> str | None:
    """The language ``sample`` clearly is when that is not ``given`` (None when it agrees or is unsure).

    Clear means: another script (Arabic, Han, Cyrillic, Latin) than the given language's; or, among
    English, French and Spanish, at least :data:`MISMATCH_MIN_HITS` distinctive words of another
    language and :data:`MISMATCH_RATIO` times as many as of the given one. No model is loaded.
    """
    if len(sample) < MIN_FIRST_PAGE_CHARS:
        return None
    verdict = _by_script(sample)
    if verdict is None or verdict == given:
        return None
    if verdict != "latin":
        return verdict
    hits, _ = _lexicon_hits(sample)
    best = max(_LATIN_LANGS, key=lambda k: hits[k])
    if best == given or hits[best] < MISMATCH_MIN_HITS:
        return None
    if given in _LATIN_LANGS and hits[best] < MISMATCH_RATIO * max(1, hits[given]):
        return None
    return best
