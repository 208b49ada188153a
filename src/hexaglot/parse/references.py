"""References: the UN documents a text cites, as canonical symbols.

Two sources, merged in order of appearance and deduplicated:

1. every document symbol in the text (:func:`hexaglot.parse.symbols.find_symbol_spans`);
2. citations written in words, read with the phrases of ``langs/<code>/references.toml``:
   "resolution 350 (1974)", "Security Council resolutions 2811 (2025) and 2790 (2025)",
   "General Assembly resolution 78/213", "decision 78/541", "第1483(2003)号决议", "القرار 1483 (2003)".

The number decides the form, the organ named next to the citation refines it:

============================  ==========================  ===============================
written                       default                     with the organ nearby
============================  ==========================  ===============================
``1483 (2003)``               ``S/RES/1483 (2003)``       (always the Security Council)
``78/213`` (session/number)   ``A/RES/78/213``            HRC → ``A/HRC/RES/52/1``
``2015/1`` (year/number)      ``E/RES/2015/1``            (ECOSOC)
``217 A (III)`` (roman)       ``A/RES/217 (III) A``       ECOSOC → ``E/RES/...``
decision ``78/541``           ``A/DEC/78/541``            HRC → ``A/HRC/DEC/...``; year → ``E/DEC/...``
============================  ==========================  ===============================
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from hexaglot.langs import check_lang, table
from hexaglot.parse.symbols import find_symbol_spans, fold_text, original_offset

_YEAR = r"(?:19[4-9]\d|20\d\d)"
_ITEM = rf"""
  (?P<sc>\d{{1,4}})\ ?\((?P<scy>{_YEAR})\)
| (?P<rn>\d{{1,4}})(?:\ ?(?P<rp1>[A-H]))?\ ?\((?P<roman>[IVXL]{{1,7}}|(?:ES|S)-[IVX]{{1,5}})\)
  (?:\ ?(?P<rp2>[A-H])(?![^\W\d_]))?
| (?P<yy>{_YEAR})/(?P<yn>\d{{1,4}})(?![\d/])
| (?P<ss>\d{{1,2}}|(?:ES|S)-\d{{1,2}})/(?P<sn>\d{{1,4}})(?![\d/])(?:\ ?(?P<sp>[A-H])(?![^\W\d_]))?
"""
_SENTENCE_END = re.compile(r"[.;。；!?！？]\s|\n\s*\n")
_ORGAN_PREFIX = {"GA": "A", "SC": "S", "ECOSOC": "E", "HRC": "A/HRC"}


@dataclass(frozen=True)
class _Lang:
    anchor: re.Pattern[str]  # the literal core of every word: a fast first scan
    trigger: re.Pattern[str]  # the word (+ an organ name between word and numbers)
    item: re.Pattern[str]  # one number, with the language's prefix/suffix (第…号)
    sep: re.Pattern[str]  # between two numbers
    date_tail: re.Pattern[str] | None  # "of 22 May 2003"
    organs: list[tuple[re.Pattern[str], str]]
    organ_after: re.Pattern[str]  # "... du Conseil de sécurité" right after the numbers
    words_after: bool


def _word(w: str) -> str:
    """A table word as a regex: ``*`` = up to four letters, blanks = any blank run, letter boundaries."""
    body = r"\s+".join(re.escape(p).replace(r"\*", r"[^\W\d_]{0,4}") for p in w.split())
    first, last = w.lstrip("*")[:1], w.rstrip("*")[-1:]
    pre = r"(?<![^\W\d_])" if (first.isalpha() and ord(first) < 0x2E80) or w.startswith("*") else ""
    post = r"(?![^\W\d_])" if (last.isalpha() and ord(last) < 0x2E80) or w.endswith("*") else ""
    return pre + body + post


def _alts(words: list[str]) -> str:
    return "(?:" + "|".join(_word(w) for w in sorted(words, key=len, reverse=True)) + ")" if words else "(?!)"


@cache
def _lang(code: str) -> _Lang:
    t: dict[str, Any] = table(code, "references")
    flags = re.IGNORECASE | re.VERBOSE
    organ_words = [w for ws in t.get("organs", {}).values() for w in ws]
    organ_any = _alts(organ_words)
    kinds = "|".join(f"(?P<{k}>{_alts(t.get(k, []))})" for k in ("resolution", "decision"))
    kinds_any = _alts([*t.get("resolution", []), *t.get("decision", [])])
    infix = rf"(?:\s+{organ_any})?" if t.get("word_position", "before") == "before" else ""
    trigger = re.compile(rf"(?:{kinds}){infix}\s*", flags)
    cores = {max(re.split(r"[*\s]+", w), key=len) for k in ("resolution", "decision") for w in t.get(k, [])}
    # "resolution" covers "resolutions"
    cores = {c for c in cores if not any(o != c and o in c for o in cores)}
    anchor = re.compile("|".join(re.escape(c) for c in sorted(cores, key=len, reverse=True)) or "(?!)", re.I)
    prefix = _alts(t.get("number_prefix", [])) + "?" if t.get("number_prefix") else ""
    suffix = _alts(t.get("number_suffix", [])) + "?" if t.get("number_suffix") else ""
    item = re.compile(rf"{prefix}(?:{_ITEM}){suffix}", flags & ~re.IGNORECASE)
    conj = _alts(t.get("list_conjunctions", []))
    sep = re.compile(rf"\s*(?:[,;、،]\s*(?:{conj}\s*)?|{conj}\s*)", flags)
    tails = t.get("date_tails", [])
    date_tail = None
    if t.get("date_links"):
        date_tail = re.compile(
            rf"\s*,?\s+{_alts(t['date_links'])}\s+[^,;()\n]{{0,40}}?(?<!\d){_YEAR}(?!\d)"
            + (rf"(?:\s*{_alts(tails)})?" if tails else ""),
            flags,
        )
    organs = [(re.compile(_word(w), re.IGNORECASE), k) for k, ws in t.get("organs", {}).items() for w in ws]
    organ_after = re.compile(
        rf"\s*(?:(?!{kinds_any}|{conj})[^\s\d,;.()]+\s+){{0,2}}?(?:[^\W\d_]['’])?(?P<o>{organ_any})", re.I
    )
    return _Lang(
        anchor, trigger, item, sep, date_tail, organs, organ_after, t.get("word_position") == "after"
    )


def _organ_at(lg: _Lang, text: str) -> str | None:
    """The organ whose name ends last in ``text`` (the closest one before a citation)."""
    best: tuple[int, str] | None = None
    for rx, organ in lg.organs:
        for m in rx.finditer(text):
            if best is None or m.end() > best[0]:
                best = (m.end(), organ)
    return best[1] if best else None


def _organ_named(lg: _Lang, name: str) -> str | None:
    for rx, organ in lg.organs:
        if rx.fullmatch(name):
            return organ
    return None


def _symbol(m: re.Match[str], decision: bool, organ: str | None) -> str | None:
    """The canonical symbol of one cited number."""
    if m["sc"]:
        return None if decision else f"S/RES/{int(m['sc'])} ({m['scy']})"
    kind = "DEC" if decision else "RES"
    if m["roman"]:
        if decision:
            return None
        part = m["rp1"] or m["rp2"]
        body = "E" if organ == "ECOSOC" else "A"
        return f"{body}/RES/{int(m['rn'])} ({m['roman']})" + (f" {part}" if part else "")
    if m["yy"]:
        body = _ORGAN_PREFIX.get(organ or "", "E") if organ in ("ECOSOC", "HRC") else "E"
        return f"{body}/{kind}/{m['yy']}/{int(m['yn'])}"
    body = "A/HRC" if organ == "HRC" else "A"
    sess = m["ss"] if "-" in m["ss"] else str(int(m["ss"]))
    return f"{body}/{kind}/{sess}/{int(m['sn'])}" + (f" {m['sp']}" if m["sp"] else "")


def _read_list(lg: _Lang, t: str, pos: int) -> tuple[list[re.Match[str]], int]:
    """Numbers from ``pos`` joined by commas and conjunctions; returns them and where the list ends."""
    items: list[re.Match[str]] = []
    while m := lg.item.match(t, pos):
        items.append(m)
        pos = m.end()
        if lg.date_tail and (d := lg.date_tail.match(t, pos)):
            pos = d.end()
        s = lg.sep.match(t, pos)
        if not s or not s.group().strip() or not lg.item.match(t, s.end()):
            break
        pos = s.end()
    return items, pos


def _word_citations(t: str, lg: _Lang) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    done = prev_end = 0
    prev_organ: str | None = None
    for hit in lg.anchor.finditer(t):
        if hit.start() < done:
            continue
        trig = lg.trigger.search(t, max(done, hit.start() - 8))
        if not trig or trig.start() > hit.start():
            continue
        decision = bool(trig["decision"])
        if lg.words_after:  # 第1483(2003)号和第1511(2003)号决议: find the list that ends at the word
            for cand in lg.item.finditer(t, max(done, trig.start() - 300), trig.start()):
                items, end = _read_list(lg, t, cand.start())
                if items and not t[end : trig.start()].strip():
                    break
            else:
                continue
            infix, before_at, done = None, items[0].start(), trig.end()
        else:
            items, end = _read_list(lg, t, trig.end())
            if not items:
                continue
            infix = t[trig.end(trig.lastindex or 0) : trig.end()].strip()
            before_at, done = trig.start(), end
        organ = _organ_named(lg, infix) if infix else None
        if a := lg.organ_after.match(t, end):
            organ = organ or _organ_named(lg, a["o"])
            window_from = a.end()
        else:
            window_from = done
        if organ is None:
            window = t[max(0, before_at - 80, prev_end) : before_at]
            organ = _organ_at(lg, _SENTENCE_END.split(window)[-1])
            if organ is None and prev_end and before_at - prev_end < 40 and not _SENTENCE_END.search(window):
                organ = prev_organ  # "Human Rights Council resolution 52/1 and decision 52/101"
        prev_end, prev_organ = window_from, organ
        for m in items:
            sym = _symbol(m, decision, organ)
            if sym:
                out.append((m.start(), sym))
    return out


def reference_spans(text: str, lang: str) -> list[tuple[int, str]]:
    """``(offset, symbol)`` for every citation in ``text``, in order, duplicates kept."""
    lg = _lang(check_lang(lang))
    found = [(a, s.value) for a, _, s in find_symbol_spans(text)]
    t, removed = fold_text(text)
    found += [(original_offset(a, removed), s) for a, s in _word_citations(t, lg)]
    found.sort(key=lambda x: x[0])
    return found


def extract_references(text: str, lang: str) -> list[str]:
    """Every UN document cited in ``text`` (a text in ``lang``), normalised, deduplicated, in order."""
    seen: dict[str, None] = {}
    for _, sym in reference_spans(text, lang):
        seen.setdefault(sym, None)
    return list(seen)
