"""The cleaning rules of one language, read from ``langs/<code>/clean.toml``.

Patterns that are the same in every language (page numbers ``3/27``, barcodes ``*2600248*``,
``GE.23-12345``) live here as defaults; each TOML file adds its own (job-number language letter,
"Please recycle", the cover's "Original:" line, signature markers, quotes, spaces, hyphenation).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from hexaglot.langs import table
from hexaglot.model import LANGS

# Language-neutral furniture: label -> patterns matched against a whole line (stripped).
NEUTRAL_FURNITURE: dict[str, list[str]] = {
    "page_number": [
        r"\d{1,4}\s*/\s*\d{1,4}",  # 3/27
        r"[-–—]\s*\d{1,4}\s*[-–—]",  # - 3 -
        r"\d{1,4}",
    ],
    "job_number": [
        r"\d{2}-\d{5}\s*(?:\([A-Z]\))?(?:\s+\d{6})?\s*\*?",  # 26-00248 (E) 160126
        r"GE\.\d{2}-\d{4,6}(?:\s*\([A-Z]\))?",
        r"\d{2}-\d{5}\s*\(\w\)(?:\s+\d{6})?\s+\*\d{7}\*",
    ],
    "barcode": [r"\*\d{6,8}\*", r"[\u2672\u267b\u267c\u267d]"],
    # a document symbol alone on a line at the top or bottom of a page: the running header
    # (a resolution's: "S/RES/1445 (2002)")
    "symbol": [r"[A-Z]{1,6}(?:/[A-Z0-9][A-Za-z0-9.\-]*)+\*?(?:\s*\(\d{4}\))?"],
    "page_header_footer": [
        r"(?:\d{0,4}\s*/\s*\d{1,4}\s+)?\d{2}-\d{5}(?:\s+\d{1,4}\s*/\s*\d{1,4})?",  # 26-00248 3/27
    ],
}
NEUTRAL_NUMBERED = [
    r"\d{1,3}\.\s",  # 1.
    r"\d{1,3}\.\d{1,3}\.?\s",  # 2.1
    r"\([a-z]{1,4}\)\s",  # (a) (iv)
    r"\(\d{1,3}\)\s",  # (1)
    r"\d{1,3}\s?[-–]\s",  # 3 - (the Arabic texts' paragraph numbers; never a footnote "3" whose text is "- ...")
    r"[A-Z]\.\s",  # A.
    r"[IVXL]{1,6}\.\s",  # IV.
    r"[•▪◦‣●\-–—]\s",  # bullets
]
NEUTRAL_FOOTNOTE_MARK = r"(?:\*{1,3}|[†‡§]|\d{1,3}|[a-z])"
# The typewritten documents of every language up to the mid-1990s wrote a note's number with a slash,
# in the text ("... Nations, 1/") and before the note ("1/ S/25045."): a mark in any language's table.
SLASH_FOOTNOTE_MARK = r"\d{1,3}/"
SENTENCE_END = ".!?:;。！？：；…»”)\"'"
# a note's call after the end of a clause or sentence: "..., 25", "Israel,21", "..., 1/" (the slash
# style), "...,**"; never the digits of a number ("1,000", "3.5")
NOTE_CALL = re.compile(r"(?<=[.;:,،؛，、。；：])(?:\s+\d{1,3}/?|(?<!\d[.,])\d{1,3}/?|\s*(?:\*{1,3}|[†‡§]))\s*\Z")


def without_note_call(text: str) -> str:
    """``text`` without the note's call that ends it ("Having examined ..., 1/" → "Having examined ...,")."""
    return NOTE_CALL.sub("", text.rstrip())


@dataclass(frozen=True, slots=True)
class Compound:
    """A compound adjective whose hyphen stays at a line end (``[hyphenation.compound]``):
    "информационно-|коммуникационные" is an adjective's stem + a linking ending (``left``) and an
    adjective (``right``), where the stem with one of ``stem`` is a word (``stem_zipf``); a left part
    in ``solid`` forms solid compounds ("полно|масштабный")."""

    left: tuple[str, ...] = ()
    stem: tuple[str, ...] = ()
    stem_zipf: float = 2.0
    right: tuple[str, ...] = ()
    solid: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.left and self.right)


@dataclass(slots=True)
class Rules:
    lang: str | None
    furniture: dict[str, list[re.Pattern[str]]] = field(default_factory=dict)
    cover_end: list[re.Pattern[str]] = field(default_factory=list)
    signature: list[re.Pattern[str]] = field(default_factory=list)
    numbered: list[re.Pattern[str]] = field(default_factory=list)
    footnote_mark: re.Pattern[str] = re.compile(rf"(?:{SLASH_FOOTNOTE_MARK}|{NEUTRAL_FOOTNOTE_MARK})")
    hyphenation: bool = True
    keep_hyphen_prefixes: frozenset[str] = frozenset()
    suspended_before: frozenset[str] = frozenset()  # "troop- and police-": a hyphen before these is real
    word_list: str | None = None  # the wordfreq list of the language's words (hexaglot.clean.dehyphenate)
    word_zipf: float = 3.0  # a form at least this frequent (Zipf scale) is a word of the language
    common_zipf: float = 3.6  # a joined form at least this frequent is written solid
    # where the joined form is no word of the list at all (Zipf 0), two halves at least this frequent
    # keep the hyphen (a noun apposition, "киприоты-|греки"); None: off
    halves_zipf: float | None = None
    compound: Compound = field(default_factory=Compound)  # compound adjectives that keep their hyphen
    line_joiner: str = " "
    sentence_end: str = SENTENCE_END
    quotes: dict[str, str] = field(default_factory=dict)
    opening_quotes: dict[str, str] = field(default_factory=dict)  # a straight quote that opens a word
    full_width: dict[str, str] = field(default_factory=dict)  # ASCII punctuation beside Chinese → full-width
    nbsp_before: str = ""
    nbsp_after: str = ""
    nbsp_char: str = "\u202f"
    keep_spaces: str = "\u00a0\u202f"
    contents_heading: list[re.Pattern[str]] = field(default_factory=list)  # "Contents", "Содержание"
    contents_page: list[re.Pattern[str]] = field(default_factory=list)  # the "Page" column heading
    month: re.Pattern[str] | None = None  # a month's name opening a text ("June 2014"; langs' parse.toml)

    def opens_with_month(self, text: str) -> bool:
        """``text`` opens with a month's name: after a day's number, "30 June 2014" is a date."""
        return bool(self.month and self.month.match(text))

    def is_numbered(self, text: str) -> bool:
        return any(p.match(text) for p in self.numbered)

    def ends_sentence(self, text: str) -> bool:
        """Whether ``text`` ends a sentence: its last character closes one, and it is no name's
        initial ("Mr. Moses M." wraps before "Garoeb")."""
        t = text.rstrip()
        return bool(t) and t[-1] in self.sentence_end and not ends_with_initial(t)


# a name's initial at the end of a line: two capitalised words ("Mr. Moses", "Kofi A."), then one
# capital letter and its dot ("see Part B." and "in annex I." end their sentences)
_UP = "A-ZÀ-ÖØ-ÞА-ЯЁ"
_INITIAL = re.compile(rf"(?:^|\s)[{_UP}][^\s]*\s+[{_UP}][^\W\d_]+\s+(?:[{_UP}]\.\s*){{1,2}}\Z")


def ends_with_initial(text: str) -> bool:
    """Whether ``text`` ends with a name's initial ("... by Mr. Moses M."): no sentence ends there."""
    return _INITIAL.search(text.rstrip()) is not None


def _compile(items: list[str]) -> list[re.Pattern[str]]:
    return [re.compile(p) for p in items]


def _full(items: list[str]) -> list[re.Pattern[str]]:
    return [re.compile(rf"(?:{p})\Z") for p in items]


def _contents(code: str | None, key: str) -> list[re.Pattern[str]]:
    """The contents words of ``code``; of all six languages when the language is unknown."""
    codes = [code] if code else list(LANGS)
    words = [w for c in codes for w in table(c, "clean").get("contents", {}).get(key, [])]
    return [re.compile(w, re.IGNORECASE) for w in dict.fromkeys(words)]


def _compound(t: dict[str, Any]) -> Compound:
    return Compound(left=tuple(t.get("left", [])), stem=tuple(t.get("stem", [])),
                    stem_zipf=float(t.get("stem_zipf", 2.0)), right=tuple(t.get("right", [])),
                    solid=frozenset(w.lower() for w in t.get("solid", [])))


@cache
def rules_for(lang: str | None) -> Rules:
    """The rules for ``lang`` (``None`` or an unknown code: language-neutral defaults only)."""
    code = lang if lang in LANGS else None
    t: dict[str, Any] = table(code, "clean") if code else {}
    furn = {k: list(v) for k, v in NEUTRAL_FURNITURE.items()}
    for label, pats in t.get("furniture", {}).items():
        furn.setdefault(label, []).extend(pats)
    hy = t.get("hyphenation", {})
    sp = t.get("spaces", {})
    return Rules(
        lang=code,
        furniture={k: _full(v) for k, v in furn.items()},
        cover_end=[re.compile(p, re.IGNORECASE) for p in t.get("cover", {}).get("end", [r"Original\s*:"])],
        signature=_compile(t.get("signature", {}).get("markers", [r"\(Signed\)"])),
        numbered=_compile(NEUTRAL_NUMBERED + t.get("reflow", {}).get("numbered", [])),
        footnote_mark=re.compile(rf"(?:{SLASH_FOOTNOTE_MARK}|{t.get('footnotes', {}).get('mark', NEUTRAL_FOOTNOTE_MARK)})"),
        hyphenation=bool(hy.get("enabled", True)),
        keep_hyphen_prefixes=frozenset(p.lower() for p in hy.get("keep_prefixes", [])),
        suspended_before=frozenset(w.lower() for w in hy.get("suspended_before", [])),
        word_list=hy.get("word_list"),
        word_zipf=float(hy.get("word_zipf", 3.0)),
        common_zipf=float(hy.get("common_zipf", 3.6)),
        halves_zipf=float(hy["halves_zipf"]) if "halves_zipf" in hy else None,
        compound=_compound(hy.get("compound", {})),
        line_joiner=t.get("reflow", {}).get("line_joiner", " "),
        sentence_end=SENTENCE_END + t.get("reflow", {}).get("sentence_end", ""),
        quotes=dict(t.get("quotes", {})),
        opening_quotes=dict(t.get("opening_quotes", {})),
        full_width=dict(t.get("full_width", {})),
        nbsp_before=sp.get("nbsp_before", ""),
        nbsp_after=sp.get("nbsp_after", ""),
        nbsp_char=sp.get("nbsp_char", "\u202f"),
        keep_spaces=sp.get("keep", "\u00a0\u202f"),
        contents_heading=_contents(code, "heading"),
        contents_page=_contents(code, "page"),
        month=_months(code),
    )


def _months(code: str | None) -> re.Pattern[str] | None:
    """A month's name of ``code`` (of all six when the language is unknown) as a whole word."""
    codes = [code] if code else list(LANGS)
    names = {str(m) for c in codes for m in table(c, "parse").get("months", {}) if not str(m).isdigit()}
    if not names:
        return None
    alt = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    # after one short word at most: "30 de junio de 2014"
    return re.compile(rf"(?:[^\W\d_]{{1,3}}\s+)?(?:{alt})(?![^\W\d_])", re.IGNORECASE)
