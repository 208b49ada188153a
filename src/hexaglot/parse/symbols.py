"""The grammar of United Nations document symbols.

A symbol is a slash-separated chain of components: an organ prefix (``A``, ``S``, ``E``, ``ST``,
``UNEP``, ``CEDAW``...), optional subsidiary-body parts (``C.3``, ``HRC``, ``CN.6``, ``AC.182``), a
session (``78``, ``ES-10``) or a year (``2003``), series markers (``RES``, ``PRST``, ``L.49``, ``CRP.1``,
``NGO``, ``WP.2``), a number, and modifiers (``Add.n``, ``Corr.n``, ``Rev.n``, ``Amend.n``). Resolutions may
carry a parenthesised year or roman session and a part letter: ``S/RES/1483 (2003)``,
``A/RES/217 (III) A``. A trailing ``*`` marks a reissue.

In running text the grammar also reads the shorthand UN editors use after a full symbol:
``A/58/50/Rev.1 et Corr.1`` (two documents), ``A/80/604/Add.1 and 2``, ``Add.1-3``; the conjunctions come
from the ``symbol_conjunctions`` of every ``langs/<code>/references.toml``. Joint symbols
``A/58/123–S/2003/456`` give both documents. Dates, fractions, URLs and file paths are not symbols.

Canonical form: components joined by ``/`` with no spaces, modifiers spelt ``Add``/``Corr``/``Rev``/
``Amend``, everything else upper case, one space before a resolution's parenthesis and before its part
letter. :func:`normalize_symbol` is idempotent.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache, cached_property, lru_cache

from hexaglot.langs import all_tables
from hexaglot.model import Symbol

# Length-preserving character repairs applied before matching (offsets stay valid).
_FOLD = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹／（）＊，\u00a0\u202f\u2009‐‑", "0123456789" * 2 + "/()*,   --")
_HAS_DIGIT = re.compile(r"\d")
_NEEDS_FOLD = re.compile("[" + re.escape("".join(chr(c) for c in _FOLD)) + "]")
# Directional marks are removed (with an offset map back into the original text).
_BIDI = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\u200b\ufeff]")

MODIFIERS: dict[str, str] = {"ADD": "Add", "CORR": "Corr", "REV": "Rev", "AMEND": "Amend"}
_MIXED_CASE: dict[str, str] = {**MODIFIERS, "SUB": "Sub", "AGENDA": "Agenda", "SUMMARY": "Summary"}
SERIES: frozenset[str] = frozenset(
    {"RES", "DEC", "PRST", "PV", "SR", "L", "CRP", "INF", "NGO", "WP", "MISC", "R", "Agenda", "BUR"}
)
# Organ prefixes in use (a symbol with another prefix still parses; ``known_body`` flags it).
KNOWN_BODIES: frozenset[str] = frozenset(
    {
        "A",
        "S",
        "E",
        "T",
        "ST",
        "DP",
        "UNEP",
        "CEDAW",
        "CCPR",
        "CERD",
        "CAT",
        "CRC",
        "CRPD",
        "CMW",
        "CED",
        "NPT",
        "ISBA",
        "TD",
        "UNW",
        "GA",
        "SC",
        "SG",
        "ECE",
        "ESCAP",
        "ECLAC",
        "ECA",
        "ESCWA",
        "FCCC",
        "ICCD",
        "UNCTAD",
        "UNIDO",
        "IDB",
        "WFP",
        "ICEF",
        "HRI",
        "CD",
        "UNDP",
        "UNFPA",
        "UNHCR",
        "UNICEF",
        "UNITAR",
        "UNRWA",
        "UNU",
        "CTBT",
        "ITLOS",
        "SPLOS",
        "LOS",
        "OPCW",
        "IAEA",
        "GOV",
        "MRE",
        "APLC",
        "BWC",
        "CCW",
        "UNAT",
        "UNDT",
        "JIU",
        "DC",
        "TRADE",
        "ESA",
        "SER",
        "PBC",
        "CP",
    }
)

_ROMAN = r"(?:[IVXL]{1,7}|(?:ES|S)-[IVX]{1,5})"
_MOD = r"(?:Add|Corr|Rev|Amend|ADD|CORR|REV|AMEND)"
_CORE = rf"""
(?<![A-Za-z0-9_/\\@&=%])(?<![A-Za-z0-9]\.)
(?P<core>
  [A-Z]{{1,10}}(?:\.\d{{1,4}})?                      # organ prefix: A, S, ST, UNEP, IDB.48
  (?:/(?:
      {_MOD}\.\ ?\d{{1,3}}                           # Add.1, Rev. 2
    | \d{{1,6}}                                      # session, year or number
    | (?:ES|S)-\d{{1,3}}                             # special session
    | [A-Z][A-Za-z]{{0,11}}(?:\.[A-Za-z0-9]{{1,6}}){{0,2}}  # C.3, HRC, CN.6, L.49, CONF.2015, PC.III
  )){{1,12}}
)
(?![A-Za-z0-9_/\\]|\.[A-Za-z0-9])
"""
_RES_TAIL = rf"""
(?:\ ?(?P<pl1>[A-H])(?=\ ?\())?                      # 217 A (III)
\ ?\((?P<paren>(?:19[4-9]\d|20\d\d)|{_ROMAN})\)
(?:\ ?(?P<pl2>[A-H])(?![A-Za-z0-9/])(?!\s*[a-z]))?    # 217 (III) A
"""
_PART = r"\ (?P<pl>[A-H])(?![A-Za-z0-9/*])(?!\s*[a-zа-я])"


@dataclass(frozen=True)
class ParsedSymbol:
    """The parts of one symbol. ``value`` is the canonical string (without the reissue asterisk)."""

    components: tuple[str, ...]  # canonical components: ("A", "C.3", "78", "L.49", "Rev.1")
    body: str  # organ and subsidiary body: "A", "A/C.3", "E/CN.6", "UNEP/EA.1"
    series: tuple[str, ...] = ()  # markers: "RES", "PRST", "L", "CRP", "NGO", "WP", ...
    session: str | None = None  # "78", "ES-10"; for old resolutions the roman session "III"
    year: int | None = None  # "S/2003/456", "E/RES/2015/1", "S/RES/1483 (2003)"
    number: str | None = None  # "50", "49" (of L.49), "1483"
    modifiers: tuple[tuple[str, int], ...] = ()  # (("Rev", 1), ("Corr", 1))
    paren: str | None = None  # "2003" or "III" as printed after a resolution number
    part: str | None = None  # resolution part letter: "A" of "A/RES/78/183 A"
    reissued: bool = False

    @property
    def organ(self) -> str:
        return self.components[0]

    @cached_property
    def value(self) -> str:
        s = "/".join(self.components)
        if self.paren:
            s += f" ({self.paren})"
        if self.part:
            s += f" {self.part}"
        return s

    @property
    def base(self) -> str:
        """The symbol without its Add/Corr/Rev/Amend modifiers."""
        return "/".join(self.components[: len(self.components) - len(self.modifiers)])

    @property
    def is_resolution(self) -> bool:
        return "RES" in self.series

    @property
    def known_body(self) -> bool:
        """False for an organ prefix no UN body uses (a typo such as ``AA/78/481``)."""
        return self.organ.split(".")[0] in KNOWN_BODIES


@cache
def _table_words(key: str, default: str) -> str:
    """A regex alternation of ``key`` words from every language's references table."""
    words: set[str] = set()
    for t in all_tables("references").values():
        words.update(w for w in t.get(key, []) if w)
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or default


@cache
def _rx() -> tuple[re.Pattern[str], ...]:
    x = re.VERBOSE
    conj = _table_words("symbol_conjunctions", "and")
    upto = rf"(?:\ ?(?P<dash>[-–—])\ ?|\s*(?:{_table_words('symbol_range_words', '(?!)')})\s*)"
    core = re.compile(_CORE, x)
    full = re.compile(r"(?P<core>[^\s(*]+)(?P<rest>[^*]*?)(?P<star>\*?)")
    res_tail = re.compile(_RES_TAIL, x)
    part = re.compile(_PART, x)
    rng = re.compile(rf"{upto}(?P<hi>\d{{1,3}})(?![\d/]|\.\d)", x)
    # after a symbol: ", Add.2", " and Corr.1", " et 2", "和Corr.1", " و Add.3-5"
    tail = re.compile(
        rf"""(?:\s*,\s*(?:(?:{conj})\s*)?|\s*(?:{conj})\s*|\s*[、،]\s*)
        (?:(?P<mod>{_MOD}\.\ ?\d{{1,3}}(?:/{_MOD}\.\d{{1,3}})*)|(?P<num>\d{{1,3}}))
        (?:{upto}(?P<hi>\d{{1,3}}))?(?P<star>\*(?!\*))?
        (?![A-Za-z0-9_/]|\.\d)""",
        x | re.IGNORECASE,
    )
    bare_end = re.compile(rf"(?!\s*[(/]|\s+(?!(?:{conj})\b)[A-Za-zА-яЁё\u0600-\u06ff])", re.IGNORECASE)
    url = re.compile(r"(?:https?|ftp)://\S+|www\.\S+", re.IGNORECASE)
    return core, full, res_tail, part, rng, tail, bare_end, url


def _canon_component(c: str) -> str:
    c = c.replace(" ", "")
    head, dot, rest = c.partition(".")
    mixed = _MIXED_CASE.get(head.upper())
    if mixed:
        return mixed + dot + rest.upper()
    return c.upper()


def _classify(comps: list[str]) -> ParsedSymbol:
    body = [comps[0]]
    i = 1
    while i < len(comps) and not comps[i][0].isdigit() and "-" not in comps[i]:
        head = comps[i].split(".")[0]
        if head in SERIES or head in MODIFIERS.values():
            break
        body.append(comps[i])
        i += 1
    series: list[str] = []
    nums: list[str] = []
    mods: list[tuple[str, int]] = []
    number: str | None = None
    for c in comps[i:]:
        head, _, tail = c.partition(".")
        if head in MODIFIERS.values():
            mods.append((head, int(tail)))
        elif c[0].isdigit() or "-" in c:
            nums.append(c)
        else:
            series.append(head)
            if tail.isdigit():
                number = tail
    session: str | None = None
    year: int | None = None
    if number is None and nums:
        number = nums.pop()
    for n in nums:
        if len(n) == 4 and 1946 <= int(n) <= 2099:
            year = int(n)
        elif session is None:
            session = n
    return ParsedSymbol(tuple(comps), "/".join(body), tuple(series), session, year, number, tuple(mods))


@lru_cache(maxsize=8192)
def _build(core: str, paren: str | None = None, part: str | None = None, star: bool = False) -> ParsedSymbol:
    comps = [_canon_component(c) for c in core.split("/")]
    p = _classify(comps)
    session, year = p.session, p.year
    if paren:
        paren = paren.upper()
        if paren.isdigit():
            year = int(paren)
        else:
            session = paren
    return replace(
        p, session=session, year=year, paren=paren, part=part.upper() if part else None, reissued=star
    )


def _weak(core: str) -> bool:
    """Two parts need a known organ: "S/39", "CD/1147" are symbols, "II/3" and "COVID/19" are not."""
    return core.count("/") == 1 and core.split("/")[0].split(".")[0] not in KNOWN_BODIES


def parse_symbol(s: str) -> ParsedSymbol:
    """Parse one symbol (surrounding blanks, RTL marks and full-width slashes allowed).

    Raises :class:`ValueError` when ``s`` is not a UN document symbol.
    """
    core_rx, full, res_tail, *_ = _rx()
    t = re.sub(
        r"(?i)\b(Add|Corr|Rev|Amend)\.\s+(?=\d)", r"\1.", _BIDI.sub("", s or "").translate(_FOLD).strip()
    )
    m = full.fullmatch(t)
    if not m:
        raise ValueError(f"not a UN document symbol: {s!r}")
    core = m["core"]
    head = core.split("/")[0]
    if head != head.upper() and core != core.lower():  # "src/A/58/50" is a path; "a/58/50" is lenient input
        raise ValueError(f"not a UN document symbol: {s!r}")
    # the core must itself be a well-formed symbol (case-insensitive for lenient input)
    canon = "/".join(_canon_component(c) for c in core.split("/"))
    cm = core_rx.fullmatch(canon)
    if not cm or not _HAS_DIGIT.search(canon) or _weak(canon):
        raise ValueError(f"not a UN document symbol: {s!r}")
    rest, paren, part = m["rest"].strip(), None, None
    if rest:  # only resolutions carry "(2003)", "(III)" or a part letter
        rm = res_tail.fullmatch(" " + rest) or re.fullmatch(r"(?P<pl1>[A-H])(?P<paren>)(?P<pl2>)", rest)
        if "RES" not in canon.split("/") or not rm:
            raise ValueError(f"bad suffix {rest!r} in {s!r}")
        paren, part = rm["paren"] or None, rm["pl1"] or rm["pl2"]
    return _build(canon, paren, part, bool(m["star"]))


def normalize_symbol(s: str) -> str | None:
    """The canonical form of a symbol (without reissue asterisk), or ``None`` if ``s`` is not one."""
    try:
        return parse_symbol(s).value
    except ValueError:
        return None


def fold_text(text: str) -> tuple[str, list[int]]:
    """Fold the text for matching; return it and the sorted stripped-positions of removed marks."""
    removed: list[int] = []
    if _BIDI.search(text):
        out: list[str] = []
        last = 0
        for m in _BIDI.finditer(text):
            out.append(text[last : m.start()])
            removed.append(m.start() - len(removed))
            last = m.end()
        out.append(text[last:])
        text = "".join(out)
    return _NEEDS_FOLD.sub(lambda m: m.group().translate(_FOLD), text), removed


def original_offset(i: int, removed: list[int], end: bool = False) -> int:
    """Map a position in the prepared text back to the original text."""
    if not removed:
        return i
    return i + (bisect_right(removed, i - 1) if end else bisect_right(removed, i))


def _apply(p: ParsedSymbol, mod: str) -> list[str]:
    """Attach ``Corr.1`` to ``A/58/50/Rev.1``: a modifier of the same kind as the last one replaces it."""
    comps = list(p.components)
    for piece in mod.split("/"):
        head = piece.split(".")[0]
        if comps and comps[-1].split(".")[0] == head and len(comps) > 1:
            comps[-1] = piece
        else:
            comps.append(piece)
    return comps


def _expand_range(p: ParsedSymbol, hi: int) -> list[ParsedSymbol]:
    kind, lo = p.modifiers[-1]
    if not lo < hi <= lo + 60:
        return []
    return [_build("/".join([*p.components[:-1], f"{kind}.{n}"])) for n in range(lo + 1, hi + 1)]


def find_symbol_spans(text: str) -> Iterator[tuple[int, int, Symbol]]:
    """Every symbol in ``text`` as ``(start, end, Symbol)``, offsets into the original ``text``."""
    core_rx, _full, res_tail, part_rx, rng, tail, bare_end, url = _rx()
    t, removed = fold_text(text)
    blocked = [(m.start(), m.end()) for m in url.finditer(t)] if ("://" in t or "www." in t) else []

    def emit(a: int, b: int, p: ParsedSymbol) -> tuple[int, int, Symbol]:
        oa, ob = original_offset(a, removed), original_offset(b, removed, end=True)
        # the values are built by the grammar: skip pydantic's validation (hot loop)
        return oa, ob, Symbol.model_construct(value=p.value, reissued=p.reissued, raw=text[oa:ob])

    pos = 0
    while True:
        m = core_rx.search(t, pos)
        if not m:
            return
        start, end = m.span()
        pos = end
        core = m["core"]
        if not _HAS_DIGIT.search(core) or (blocked and any(a <= start < b for a, b in blocked)):
            continue
        if _weak(core):
            continue
        paren = part = None
        if "/RES/" in core or core.startswith("RES/"):
            rm = res_tail.match(t, end)
            if rm:
                paren, part, end = rm["paren"], rm["pl1"] or rm["pl2"], rm.end()
            elif pm := part_rx.match(t, end):
                part, end = pm["pl"], pm.end()
        star = t.startswith("*", end) and not t.startswith("**", end)
        p = _build(core, paren, part, star)
        hi = None
        r = rng.match(t, end) if p.modifiers and not paren else None
        if r and (r["dash"] or bare_end.match(t, r.end())):
            hi, end = int(r["hi"]), r.end()
        sym_end = end + 1 if star else end
        yield emit(start, sym_end if hi is None else end, p)
        if hi is not None:
            for q in _expand_range(p, hi):
                yield emit(m.start("core"), end, q)
        end = sym_end if hi is None else end
        last = p
        while tm := tail.match(t, end):
            if tm["mod"]:  # "S/21919 and Corr.1 and Add.1-3": every modifier hangs on the written symbol
                q = _build("/".join(_apply(p, _canon_component(tm["mod"]))), star=bool(tm["star"]))
            elif last.modifiers and bare_end.match(t, tm.end()):
                kind = last.modifiers[-1][0]
                q = _build("/".join(_apply(last, f"{kind}.{tm['num']}")), star=bool(tm["star"]))
            else:
                break
            a = tm.start("mod") if tm["mod"] else tm.start("num")
            yield emit(a, tm.end(), q)
            if tm["hi"] and q.modifiers and (tm["dash"] or bare_end.match(t, tm.end())):
                for r2 in _expand_range(q, int(tm["hi"])):
                    yield emit(a, tm.end(), r2)
            last, end = q, tm.end()
        pos = end


def find_symbols(text: str) -> list[Symbol]:
    """Every UN document symbol in ``text``, in order of appearance (duplicates kept), with raw text."""
    return [s for _, _, s in find_symbol_spans(text)]
