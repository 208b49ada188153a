"""Compile the per-language parse tables (``langs/<code>/parse.toml``) into regexes, once.

The TOML files hold words and regex fragments with placeholders; this module expands
``{date}``, ``{month}``, ``{ordinal}``, ``{num}``, ``{items}`` and builds the lookup maps.
No language appears in this code: every difference between languages lives in the data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from hexaglot.langs import table

# Characters OCR mistakes for digits, accepted only where the table asks for {ocrnum}.
OCR_DIGITS = str.maketrans("Iil]|OoS", "11111005")
OCR_NUM = r"(?=[\dIil\]|OoS]*\d[\dIil\]|OoS]*\d)[\dIil\]|OoS]{2,5}"
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹０１２３４５６７８９", "0123456789" * 3)


@dataclass(frozen=True)
class LangTables:
    lang: str
    months: dict[str, int]
    date_res: list[re.Pattern[str]]
    ordinals: dict[str, int]
    ordinal_stems: bool
    session_res: list[re.Pattern[str]]
    meeting_res: list[re.Pattern[str]]
    organs: list[tuple[re.Pattern[str], str]]
    circulation_res: list[re.Pattern[str]]
    agenda_res: list[re.Pattern[str]]
    agenda_item_re: re.Pattern[str]
    agenda_lists: list[tuple[re.Pattern[str], str]]
    distribution_res: list[re.Pattern[str]]
    distribution_values: dict[str, str]
    original_language_res: list[re.Pattern[str]]
    original_language_values: dict[str, str]
    letter_res: list[re.Pattern[str]]
    letter_types: list[tuple[re.Pattern[str], str]]
    addressees: list[tuple[re.Pattern[str], str]]
    annex_re: re.Pattern[str] | None
    annex_labels: dict[str, str]
    signed_res: list[re.Pattern[str]]
    roles: list[str]
    person_titles: list[str]
    doc_types: list[tuple[re.Pattern[str], str]]
    resolution_res: list[re.Pattern[str]]
    openings: list[tuple[re.Pattern[str], str]]
    cover_stops: list[re.Pattern[str]]
    cover_skip: list[re.Pattern[str]]
    numerals: dict[str, int] = field(default_factory=dict)
    sponsor_res: list[re.Pattern[str]] = field(default_factory=list)
    sponsor_split: re.Pattern[str] | None = None
    proper_names: list[str] = field(default_factory=list)
    # the words that open a preambular paragraph ("Recalling", "Rappelant", "إذ", "回顾"), from
    # ``segment.toml`` (the splitter's own list); matched as the first word, or the first characters
    # where words are not spaced (``word_boundaries = false``)
    preamble_words: tuple[str, ...] = ()
    word_boundaries: bool = True

    def to_int(self, s: str) -> int | None:
        """An integer from ASCII, Arabic-Indic, full-width or (per table) CJK numerals."""
        t = s.strip().translate(_DIGITS)
        if t.isdigit():
            return int(t)
        if self.numerals and all(ch in self.numerals for ch in t):
            return _cjk_number(t, self.numerals)
        return self.ordinals.get(t.lower()) or _stem_lookup(t.lower(), self.ordinals, self.ordinal_stems)


def _cjk_number(t: str, numerals: dict[str, int]) -> int | None:
    total, current = 0, 0
    for ch in t:
        v = numerals[ch]
        if v in (10, 100, 1000):
            total += (current or 1) * v
            current = 0
        else:
            current = current * 10 + v if current and v < 10 else v
    value = total + current
    return value or None


def _stem_lookup(word: str, ordinals: dict[str, int], stems: bool) -> int | None:
    if not stems:
        return None
    best = None
    for key, value in ordinals.items():
        if word.startswith(key) and (best is None or len(key) > len(best[0])):
            best = (key, value)
    return best[1] if best else None


def _escape(word: str) -> str:
    """A table word as a regex: "/" tolerates spaces around it, "*" stands for any word ending."""
    return re.escape(word).replace("/", r"\s*/\s*").replace(r"\ ", r"\s+").replace(r"\*", r"\w*")


def _alternation(words: list[str]) -> str:
    return "|".join(_escape(w) for w in sorted(set(words), key=len, reverse=True) if w)


def _build_ordinals(spec: dict[str, Any]) -> dict[str, int]:
    units: dict[str, int] = spec.get("units", {})
    teens: dict[str, int] = spec.get("teens", {})
    tens: dict[str, int] = spec.get("tens", {})
    ctens: dict[str, int] = spec.get("compound_tens", {})
    cunits: dict[str, int] = {**units, **spec.get("compound_units", {})}
    extra: dict[str, int] = spec.get("extra", {})
    max_unit: dict[str, int] = spec.get("compound_max_unit", {})
    joiners: list[str] = spec.get("joiners", ["-", " "])
    tens_first = spec.get("order", "tens_first") == "tens_first"
    out: dict[str, int] = {}
    for d in (units, teens, tens, extra):
        out.update({k.lower(): v for k, v in d.items()})
    for tw, tv in ctens.items():
        limit = max_unit.get(tw, 9)
        for uw, uv in {**cunits, **teens}.items():
            if uv > limit or (uv == 10 and limit == 9):
                continue
            for j in joiners:
                phrase = f"{tw}{j}{uw}" if tens_first else f"{uw}{j}{tw}"
                out.setdefault(phrase.lower(), tv + uv)
    return out


def _compile(patterns: list[str], subs: dict[str, str], flags: int = re.IGNORECASE | re.MULTILINE) -> list[re.Pattern[str]]:
    out = []
    for p in patterns:
        for key, val in subs.items():
            p = p.replace("{" + key + "}", val)
        out.append(re.compile(p, flags))
    return out


def _value_map(d: dict[str, list[str]]) -> dict[str, str]:
    return {w.lower(): k for k, words in d.items() for w in words}


def _phrase_list(d: dict[str, list[str]], bounded: bool = True, clitics: dict[str, Any] | None = None,
                 flags: int = re.IGNORECASE) -> list[tuple[re.Pattern[str], str]]:
    pairs = [(w, k) for k, words in d.items() for w in words]
    pairs.sort(key=lambda kv: len(kv[0]), reverse=True)
    left, right = (r"(?<!\w)", r"(?!\w)") if bounded else ("", "")
    return [(re.compile(left + _with_clitics(w, clitics or {}) + right, flags), k) for w, k in pairs]


def _with_clitics(word: str, clitics: dict[str, Any]) -> str:
    """Arabic attaches prepositions and conjunctions to the word: و+ب+ل+ك+ف, and ل+ال → لل."""
    body = _escape(word)
    pro: list[str] = clitics.get("proclitics", [])
    article: str = clitics.get("article", "")
    if not pro and not article:
        return body
    alts = [f"(?:{'|'.join(map(re.escape, pro))})?{body}"] if pro else [body]
    if article and word.startswith(article):
        rest = _escape(word[len(article):])
        alts += [re.escape(c) + rest for c in clitics.get("article_contractions", [])]
    return "(?:" + "|".join(alts) + ")"


@cache
def tables(lang: str) -> LangTables:
    t = table(lang, "parse")
    bounded = bool(t.get("word_boundaries", True))
    clitics = t.get("clitics", {})
    months = {k.lower(): int(v) for k, v in t.get("months", {}).items()}
    month_alt = _alternation(list(months)) or r"(?!x)x"
    date_frag = "|".join(f"(?:{p})" for p in t.get("dates", {}).get("patterns", []))
    numerals = {k: int(v) for k, v in t.get("numerals", {}).items()}
    num_class = "0-9٠-٩۰-۹０-９" + "".join(re.escape(c) for c in numerals)
    num = f"[{num_class}]{{1,6}}"
    # A date inside a larger pattern is one group without named sub-groups.
    date_inner = re.sub(r"\(\?P<\w+>", "(?:", date_frag).replace("{month}", f"(?:{month_alt})").replace("{num}", num)
    date_sub = {"month": f"(?:{month_alt})", "num": num}
    date_res = _compile([r"(?<![0-9٠-٩])" + p for p in t.get("dates", {}).get("patterns", [])], date_sub)
    ospec = t.get("ordinals", {})
    ordinals = _build_ordinals(ospec)
    stems = bool(ospec.get("stems", False))
    ord_words = _alternation(list(ordinals))
    stem_tail = r"\w*" if stems else ""
    ordinal_frag = f"(?P<ordinal>(?:{ord_words}){stem_tail})" if ord_words else "(?P<ordinal>(?!x)x)"
    if ospec.get("numeric"):
        ordinal_frag = f"(?:{ordinal_frag}|{ospec['numeric']})"
    agenda = t.get("agenda", {})
    items = agenda.get("items", r"\d{1,3}(?:\s*\([a-z]{1,3}\))?")
    joiners = agenda.get("joiners", [","])
    joiner_alt = "|".join(re.escape(j) for j in joiners)
    items_frag = f"{items}(?:\\s*(?:{joiner_alt})\\s*{items})*"
    subs = {"ocrnum": OCR_NUM, "date": f"(?P<date>{date_inner})", "month": f"(?:{month_alt})", "ordinal": ordinal_frag,
            "num": f"(?P<num>{num})", "items": items_frag}
    subs_nodate = {**subs, "date": f"(?:{date_inner})"}
    letter = t.get("letter", {})
    sig = t.get("signature", {})
    res = t.get("resolution", {})
    cover = t.get("cover", {})
    dist = t.get("distribution", {})
    orig = t.get("original_language", {})
    return LangTables(
        lang=lang,
        months=months,
        date_res=date_res,
        ordinals=ordinals,
        ordinal_stems=stems,
        session_res=_compile(t.get("session", {}).get("patterns", []), subs_nodate),
        meeting_res=_compile(t.get("meeting", {}).get("patterns", []), subs_nodate),
        organs=_phrase_list(t.get("organs", {}), bounded, clitics),
        circulation_res=_compile(t.get("circulation", {}).get("patterns", []), subs_nodate),
        agenda_res=_compile(agenda.get("patterns", []), subs_nodate),
        agenda_item_re=re.compile(items, re.IGNORECASE),
        agenda_lists=_phrase_list(agenda.get("lists", {}), bounded),
        distribution_res=_compile(dist.get("patterns", []), subs_nodate),
        distribution_values=_value_map(dist.get("values", {})),
        original_language_res=_compile(orig.get("patterns", []), subs_nodate),
        original_language_values=_value_map(orig.get("values", {})),
        letter_res=_compile(letter.get("patterns", []), subs, re.IGNORECASE | re.DOTALL),
        letter_types=_phrase_list(letter.get("types", {}), bounded),
        addressees=_phrase_list(letter.get("addressees", {}), bounded),
        annex_re=re.compile(t["annex"]["heading"], re.IGNORECASE) if t.get("annex", {}).get("heading") else None,
        annex_labels=dict(t.get("annex", {}).get("labels", {})),
        signed_res=_compile(sig.get("signed", []), subs_nodate, re.MULTILINE),
        roles=sorted(sig.get("roles", []), key=len, reverse=True),
        person_titles=sorted(t.get("persons", {}).get("titles", []), key=len, reverse=True),
        doc_types=[(rx, k) for k, pats in t.get("doc_types", {}).items() for rx in _compile(pats, subs_nodate)],
        resolution_res=_compile(res.get("patterns", []), subs),
        openings=[(rx, k) for k, pats in res.get("openings", {}).items() for rx in _compile(pats, subs_nodate)],
        cover_stops=_compile(cover.get("stops", []), subs_nodate),
        cover_skip=_compile(cover.get("skip", []), subs_nodate),
        numerals=numerals,
        sponsor_res=_compile(t.get("sponsors", {}).get("patterns", []), subs_nodate, re.IGNORECASE | re.MULTILINE),
        sponsor_split=re.compile("|".join(
            r"\s*" + re.escape(j.strip()) + (r"\s+" if j.startswith(" ") and j.endswith(" ") else r"\s*")
            for j in t.get("sponsors", {}).get("joiners", [","])), re.IGNORECASE),
        proper_names=sorted(t.get("names", {}).get("proper", []), key=len, reverse=True),
        preamble_words=tuple(sorted(table(lang, "segment").get("preamble_words", []), key=len, reverse=True)),
        word_boundaries=bounded,
    )
