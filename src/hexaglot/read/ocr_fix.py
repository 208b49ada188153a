"""Post-correction of OCR text, per language, decided by a word list.

Two entry points: :func:`fix_page` corrects the words of an OCR'd page with Tesseract's confidences
at hand; :func:`fix_document` (or :func:`fix_blocks`) corrects raw ``LINE`` blocks before
:func:`hexaglot.clean.clean`. The rules:

1. ligatures (``ﬁ ﬂ ﬀ ﬃ ﬄ``) → letters; lone stray symbols (``~ | ¬ ^``) between words dropped;
2. letter-spaced words (``G E N E R A L``) and words cut in pieces (``NATI ONS``) joined when the
   whole is a known word; ``repre- sentation`` inside a line joined the same way;
3. each unknown word of 4+ letters: first the character confusions of ``langs/<code>/ocr.toml``
   (``rn``/``m``, ``1``/``l``/``I``, ``0``/``O``, digits inside words...), then one edit (a damaged,
   missing or extra letter, ``~`` in a word) when the word looks damaged or OCR doubted it (5+
   letters; 4-letter words only towards the table's own UN words: ``istr`` → ``Distr``), kept only
   when exactly one known word results (the document's own frequent words break ties);
4. cover-block phrases split over lines (``UNITED`` / ``NATIONS``) joined into one line.

Never touched: UN symbols (found with :func:`hexaglot.parse.symbols.find_symbol_spans`), numbers
(any token with a digit and no letter), words the document itself uses twice or more, and unknown
words that look clean and were recognised with confidence (names). The word list is Tesseract's own
dictionary for the language plus the table's extra words (:func:`hexaglot.read.ocr.vocabulary`);
``orig`` keeps the text as recognised.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from hexaglot.model import Block, Document, Label, Layer

if TYPE_CHECKING:
    from hexaglot.read.ocr import OcrPage

Known = Callable[[str], bool]

LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
STRAY = frozenset("~|¬^`¦")
MIN_FIX_LEN = 4
MIN_EDIT_LEN = 5  # a free one-letter edit only on words this long
DOUBT = 0.7  # OCR confidence under which a word may take a free one-letter edit
_ALPHABET = {
    "en": "abcdefghijklmnopqrstuvwxyz",
    "fr": "abcdefghijklmnopqrstuvwxyzéèêàâçîïôûùëœ",
    "es": "abcdefghijklmnopqrstuvwxyzáéíóúñü",
    "ru": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    "ar": "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئةى",
    "zh": "",
}
_EDGE = "()[]{}\"'“”‘’«»„.,;:!?*"
_CJK_SPACE = re.compile(
    r"(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])\s+(?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])"
)
_SPACED = re.compile(r"(?<!\S)(?:[^\W\d_] ){2,}[^\W\d_](?!\S)")


@dataclass(frozen=True, slots=True)
class FixRules:
    lang: str
    confusions: tuple[tuple[str, str], ...]
    header_phrases: tuple[str, ...]
    punctuation: tuple[tuple[str, str], ...]
    table_words: frozenset[str]
    join_cjk: bool
    alphabet: str
    rewrites: tuple[tuple[re.Pattern[str], str], ...] = ()


@cache
def rules_for(lang: str) -> FixRules:
    from hexaglot.langs import table

    fix: dict[str, Any] = table(lang, "ocr").get("fix", {})
    return FixRules(
        lang=lang,
        confusions=tuple((a, b) for a, b in fix.get("confusions", [])),
        header_phrases=tuple(fix.get("header_phrases", [])),
        punctuation=tuple((a, b) for a, b in fix.get("punctuation", [])),
        table_words=frozenset(table(lang, "ocr").get("words", {}).get("extra", [])),
        join_cjk=bool(fix.get("join_cjk", False)),
        alphabet=_ALPHABET.get(lang, ""),
        rewrites=tuple((re.compile(a), b) for a, b in fix.get("rewrites", [])),
    )


def _protected(text: str) -> list[tuple[int, int]]:
    from hexaglot.parse.symbols import find_symbol_spans

    return [(a, b) for a, b, _ in find_symbol_spans(text)]


def _case_like(model: str, word: str) -> str:
    if model.isupper() and len(model) > 1:
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def fix_word(word: str, rules: FixRules, known: Known, freq: Counter[str] | None = None,
             doubtful: bool = False) -> str:
    """The corrected form of one unknown word, or the word itself when no single fix is sure.
    A free one-letter edit is tried on damaged-looking words, or on any word OCR was unsure of."""
    if len(word) < MIN_FIX_LEN or known(word) or (freq and freq[word.lower()] >= 2):
        return word
    if word.isupper() and len(word) <= 4:
        return word  # an acronym
    found: list[str] = []
    for a, b in rules.confusions:
        if a not in word:
            continue
        for cand in {word.replace(a, b), *(word[:i] + b + word[i + len(a) :] for i in _find_all(word, a))}:
            if cand != word and known(cand) and cand not in found:
                found.append(cand)
    if len(found) == 1:
        return found[0]
    if not found and len(word) >= MIN_EDIT_LEN and (doubtful or _suspicious(word)):
        found = sorted({c for c in _edits1(word, rules.alphabet) if known(c)})
    if not found and MIN_FIX_LEN <= len(word) < MIN_EDIT_LEN and (doubtful or _suspicious(word)) and rules.table_words:
        # a short doubtful word: only the table's own UN words ("istr" → "Distr")
        forms = {w.lower(): w for w in rules.table_words}
        hits = sorted({forms[c.lower()] for c in _edits1(word, rules.alphabet, inserts=True) if c.lower() in forms})
        if len(hits) == 1:
            return hits[0].upper() if word.isupper() else hits[0]
    if not found:
        return word
    keys = {c.lower() for c in found}
    if len(keys) == 1:
        return _case_like(word, found[0])
    if freq:
        ranked = sorted(keys, key=lambda k: -freq[k])
        if freq[ranked[0]] > freq[ranked[1]]:
            return _case_like(word, ranked[0])
    return word


def _suspicious(word: str) -> bool:
    """A token OCR damaged for sure: a digit or symbol among letters, or a capital after a small
    letter ("gMportant"). An unknown but clean-looking word may be a name: it is left alone."""
    if any(not ch.isalpha() for ch in word):
        return True
    return any(a.islower() and b.isupper() for a, b in pairwise(word))


def _find_all(s: str, sub: str) -> Iterable[int]:
    i = s.find(sub)
    while i >= 0:
        yield i
        i = s.find(sub, i + 1)


def _edits1(word: str, alphabet: str, inserts: bool = False) -> set[str]:
    low = word.lower()
    out: set[str] = set()
    for i in range(len(low)):
        out.add(low[:i] + low[i + 1 :])
        for ch in alphabet:
            out.add(low[:i] + ch + low[i + 1 :])
    if inserts or len(low) >= 5:
        for i in range(len(low) + 1):
            for ch in alphabet:
                out.add(low[:i] + ch + low[i:])
    for i in range(len(low) - 1):
        out.add(low[:i] + low[i + 1] + low[i] + low[i + 2 :])
    out.discard(low)
    return {_case_like(word, c) for c in out if c}


def _fix_token(tok: str, rules: FixRules, known: Known, freq: Counter[str] | None, doubtful: bool = False) -> str:
    start = len(tok) - len(tok.lstrip(_EDGE))
    end = len(tok.rstrip(_EDGE))
    head, core, tail = tok[:start], tok[start:end], tok[end:]
    if not core or not any(ch.isalpha() for ch in core):
        return tok  # a number, a date, a paragraph mark
    if "/" in core or (core.isupper() and any(ch.isdigit() for ch in core)):
        return tok  # symbol-like
    parts = re.split(r"([-‐])", core)
    fixed = [p if p in "-‐" else fix_word(p, rules, known, freq, doubtful) for p in parts]
    return head + "".join(fixed) + tail


def _join_pieces(text: str, known: Known) -> str:
    """``G E N E R A L`` → ``GENERAL``; ``NATI ONS`` → ``NATIONS``; ``repre- sentation`` →
    ``representation``, each only when the joined word is known and a piece is not."""
    text = _SPACED.sub(
        lambda m: m.group(0).replace(" ", "") if known(m.group(0).replace(" ", "")) else m.group(0), text
    )
    toks = text.split(" ")
    out: list[str] = []
    i = 0
    while i < len(toks):
        a = toks[i]
        if i + 1 < len(toks):
            b = toks[i + 1]
            a_core, b_core = a.strip(_EDGE), b.strip(_EDGE)
            hyph = a_core.endswith("-") and len(a_core) > 2
            joined = (a_core[:-1] if hyph else a_core) + b_core
            pieces_bad = not known(a_core.rstrip("-")) or not known(b_core)
            if (
                a_core.replace("-", "").isalpha()
                and b_core.isalpha()
                and len(joined) >= MIN_FIX_LEN
                and pieces_bad
                and known(joined)
                and (hyph or a == a_core)
            ):
                lead = a[: len(a) - len(a.lstrip(_EDGE))]
                out.append(lead + joined + b[len(b.rstrip(_EDGE)) :])
                i += 2
                continue
        out.append(a)
        i += 1
    return " ".join(out)


def fix_text(text: str, lang: str, known: Known, freq: Counter[str] | None = None) -> str:
    """Correct one line or paragraph of OCR text (symbols and numbers are left as they are)."""
    rules = rules_for(lang)
    text = unicodedata.normalize("NFC", "".join(LIGATURES.get(ch, ch) for ch in text))
    if rules.join_cjk:
        text = _CJK_SPACE.sub("", text)
    for a, b in rules.punctuation:  # Latin marks read after a letter of the script: "2012," → "2012،"
        text = re.sub(rf"(?<=[^\W_]){re.escape(a)}(?=\s|$)", b, text)
    protected = _protected(text)
    out: list[str] = []
    pos = 0
    for m in re.finditer(r"\S+", text):
        out.append(text[pos : m.start()])
        pos = m.end()
        tok = m.group(0)
        if any(a < m.end() and m.start() < b for a, b in protected):
            out.append(tok)
        elif all(ch in STRAY for ch in tok):
            out.append("")
        else:
            out.append(_fix_token(tok.strip("~"), rules, known, freq) if tok.strip("~") else tok)
    out.append(text[pos:])
    fixed = re.sub(r" {2,}", " ", "".join(out)).strip()
    fixed = _join_pieces(fixed, known) if rules.alphabet else fixed
    for rx, repl in rules.rewrites:  # whole-phrase conventions of the language (ocr.toml [fix] rewrites)
        fixed = rx.sub(repl, fixed)
    return fixed


def word_counts(texts: Iterable[str]) -> Counter[str]:
    """How often the document uses each (lower-cased) word: its own vocabulary."""
    c: Counter[str] = Counter()
    for t in texts:
        c.update(w.lower() for w in re.findall(r"[^\W\d_]+", t))
    return c


def join_header_lines(blocks: list[Block], phrases: Iterable[str], min_ratio: float = 0.85) -> list[Block]:
    """Consecutive short capitalised lines that together read as a cover phrase become one line."""
    table = [(p, p.replace(" ", "").upper()) for p in phrases]
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        k, phrase = _phrase_at(blocks, i, table, min_ratio)
        if k == 0 or (k == 1 and blocks[i].text == phrase):
            out.append(blocks[i])
            i += 1
            continue
        run = blocks[i:i + k]
        boxes = [b.bbox for b in run if b.bbox]
        box = (min(x[0] for x in boxes), min(x[1] for x in boxes), max(x[2] for x in boxes),
               max(x[3] for x in boxes)) if boxes else None
        orig = "\n".join(b.orig or b.text for b in run)
        out.append(run[0].model_copy(update={"text": phrase, "orig": orig, "bbox": box}))
        i += k
    return out


def _phrase_at(blocks: list[Block], i: int, table: list[tuple[str, str]], min_ratio: float) -> tuple[int, str]:
    """``(lines, phrase)`` of the longest run of 1-3 lines from ``i`` that reads as a phrase."""
    for k in (3, 2, 1):
        run = blocks[i:i + k]
        if len(run) < k or not _header_run(run):
            continue
        joined = "".join(b.text for b in run).replace(" ", "").upper()
        for phrase, key in table:
            if abs(len(joined) - len(key)) <= 3 and difflib.SequenceMatcher(None, joined, key).ratio() >= min_ratio:
                return k, phrase
    return 0, ""


def _header_run(run: list[Block]) -> bool:
    if any(b.label != Label.LINE or b.layer != Layer.BODY or b.page != run[0].page for b in run):
        return False
    text = " ".join(b.text for b in run)
    letters = [ch for ch in text if ch.isalpha()]
    return len(text) <= 45 and bool(letters) and sum(ch.isupper() for ch in letters) >= 0.8 * len(letters)


def fix_blocks(blocks: list[Block], lang: str, known: Known | None = None) -> list[Block]:
    """Corrected copies of the body ``LINE`` blocks (``orig`` keeps the text as recognised)."""
    if known is None:
        from hexaglot.read.ocr import vocabulary

        known = vocabulary(lang)
    rules = rules_for(lang)
    freq = word_counts(b.text for b in blocks if b.layer == Layer.BODY)
    out = [
        b.model_copy(update={"text": fix_text(b.text, lang, known, freq), "orig": b.orig or b.text})
        if b.label == Label.LINE and b.layer == Layer.BODY
        else b
        for b in blocks
    ]
    return join_header_lines(out, rules.header_phrases)


def fix_page(page: OcrPage, known: Known | None = None) -> OcrPage:
    """Word-level correction of one OCR'd page, using Tesseract's confidences: a word recognised
    with confidence under :data:`DOUBT` may take a one-letter edit ("Tywenty" → "Twenty").
    Corrected words keep what was recognised in ``raw`` (it becomes the blocks' ``orig``)."""
    from dataclasses import replace

    from hexaglot.read.ocr import vocabulary

    known = known or vocabulary(page.lang)
    rules = rules_for(page.lang)
    freq = word_counts(w.text for w in page.words)
    lines = []
    for ln in page.lines:
        words = []
        for w in ln.words:
            text = w.text
            if w.source == "ocr" and not _protected(text):
                text = unicodedata.normalize("NFC", "".join(LIGATURES.get(ch, ch) for ch in text))
                core = text.strip("~") or text
                text = "" if all(ch in STRAY for ch in text) else _fix_token(core, rules, known, freq, w.conf < DOUBT)
            words.append(replace(w, text=text, raw=w.raw or w.text) if text != w.text else w)
        words = [w for w in words if w.text]
        if words:
            lines.append(replace(ln, words=words))
    return replace(page, lines=lines)


def fix_document(doc: Document, known: Known | None = None) -> Document:
    """A copy of an OCR'd document with its lines corrected, ready for :func:`hexaglot.clean.clean`."""
    lang = doc.language or "en"
    return doc.model_copy(update={"blocks": fix_blocks(doc.blocks, lang, known)})
