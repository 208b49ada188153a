"""Field extractors: each takes a text and the language tables and returns a value or None.

They know nothing of where the text comes from; :mod:`hexaglot.parse.cascade` decides the order
in which the cover block, the first page, the rest of the text and the file name are asked.
"""

from __future__ import annotations

import re

from hexaglot.parse.dates import find_dates
from hexaglot.parse.tables import OCR_DIGITS, LangTables

# UN job numbers: "03-39191 (F)", "26-00248 (E)", "26-05268* (E)", "GE.23-12345", "N0339191"
JOB_RE = re.compile(
    r"(?<![\w/.-])(?:(?P<ge>GE\.\d{2}-\d{4,6})|(?P<num>\d{2}-\d{5})(?P<star>\*)?(?=\s*\(\s*[AEFRSCX]\s*\))|(?P<plain>\d{2}-\d{5})(?P<star2>\*)?(?=\s+\d{6}\b))"
)
# Old documents: "71-19641" alone on a line
JOB_LINE_RE = re.compile(r"^\s*(?P<num>\d{2}-\d{5})(?P<star>\*)?\s*$", re.MULTILINE)
DATE_LINE_MAX = 40


def job_number(text: str) -> str | None:
    m = JOB_RE.search(text)
    if m:
        if m.group("ge"):
            return m.group("ge")
        if m.group("num"):
            return m.group("num") + (m.group("star") or "")
        return m.group("plain") + (m.group("star2") or "")
    m = JOB_LINE_RE.search(text)
    return m.group("num") + (m.group("star") or "") if m else None


def date_line(lines: list[str], t: LangTables) -> str | None:
    """The date printed alone on a line (the cover block's distribution date)."""
    for line in lines:
        s = line.strip()
        if not s or len(s) > DATE_LINE_MAX:
            continue
        found = find_dates(s, t)
        if found and found[0].start <= 2 and len(s) - found[0].end <= 2:
            return found[0].iso
    return None


def distribution_date(lines: list[str], t: LangTables) -> str | None:
    """The date printed on the distribution line ("Distr.: General 7 April 2026 Original: English")."""
    for line in lines:
        if any(rx.search(line) for rx in t.distribution_res) and (found := find_dates(line, t)):
            return found[0].iso
    return None


def date_beside_symbol(lines: list[str], t: LangTables) -> str | None:
    """A short cover line holding the symbol and the date ("A/L.632 29 September 1971")."""
    from hexaglot.parse.symbols import find_symbol_spans

    for line in lines:
        if len(line) > 80 or not (found := find_dates(line, t)):
            continue
        rest = line[: found[0].start] + " " + line[found[0].end:]
        for s, e, _ in sorted(find_symbol_spans(rest), key=lambda x: -x[0]):
            rest = rest[:s] + rest[e:]
        if len(rest.split()) <= 1:
            return found[0].iso
    return None


def is_cover_line(line: str, t: LangTables) -> bool:
    """Distribution, original-language and bare distribution-value lines of a cover block."""
    s = line.strip()
    return (any(rx.search(s) for rx in t.distribution_res + t.original_language_res)
            or s.lower().strip(".: ") in t.distribution_values)


def _map_value(value: str, mapping: dict[str, str]) -> str | None:
    v = value.strip().lower()
    if v in mapping:
        return mapping[v]
    for key, out in mapping.items():
        if v.startswith(key):
            return out
    return None


def distribution(text: str, t: LangTables) -> str | None:
    for rx in t.distribution_res:
        m = rx.search(text)
        if m and (v := _map_value(m.group("value"), t.distribution_values)):
            return v
    return None


def original_language(text: str, t: LangTables) -> str | None:
    for rx in t.original_language_res:
        m = rx.search(text)
        if m:
            first = re.split(r"\s*(?:/|,|\s)\s*", m.group("value").strip())[0]
            if v := _map_value(first, t.original_language_values):
                return v
    return None


def session(text: str, t: LangTables) -> int | None:
    for rx in t.session_res:
        for m in rx.finditer(text):
            g = m.groupdict()
            raw = g.get("num") or g.get("ordinal")
            if raw and (v := t.to_int(raw)) and 0 < v < 200:
                return v
    return None


def meeting(text: str, t: LangTables, *, last: bool = True) -> int | None:
    """Meeting number; by default the last mention (the adoption line closes a resolution)."""
    for rx in t.meeting_res:
        hits = [m for m in rx.finditer(text) if m.group("num")]
        if hits:
            m = hits[-1] if last else hits[0]
            return t.to_int("".join(m.group("num").split()).translate(OCR_DIGITS))  # "283 3rd": 2833
    return None


def normalize_item(raw: str) -> int | str:
    """An agenda item as the archive stores it: ``155``, ``"156 (a)"``. The catalogue's spelling
    ``71b`` (and ``71b[21]``, a topic under the item) is ``"71 (b)"``."""
    s = re.sub(r"\s+", "", raw)
    m = re.fullmatch(r"(\d+)(?:\(([a-z]+)\)|([a-z]))?(?:\[\d+\])?", s, re.IGNORECASE)
    if not m:
        return raw.strip()
    sub = m.group(2) or m.group(3)
    if sub:
        return f"{m.group(1)} ({sub.lower()})"
    return int(m.group(1))


def agenda(text: str, t: LangTables) -> tuple[list[int | str], str | None]:
    """Agenda items and, when the text says so, which list they belong to."""
    for rx in t.agenda_res:
        m = rx.search(text)
        if not m:
            continue
        items: list[int | str] = []
        for im in t.agenda_item_re.finditer(m.group("items")):
            item = normalize_item(im.group(0))
            if item not in items:
                items.append(item)
        which = None
        lst = m.groupdict().get("list")
        if lst:
            for prx, name in t.agenda_lists:
                if prx.search(lst):
                    which = name
                    break
        if items:
            return items, which
    return [], None


def organs_in(text: str, t: LangTables) -> list[str]:
    """Organs named in ``text``, in order of appearance."""
    hits: list[tuple[int, str]] = []
    for rx, code in t.organs:
        m = rx.search(text)
        if m:
            hits.append((m.start(), code))
    out: list[str] = []
    for _, code in sorted(hits):
        if code not in out:
            out.append(code)
    return out


def circulation_organs(text: str, t: LangTables) -> list[str]:
    """Organs of "circulate this letter as a document of the GA ... and of the SC"."""
    for rx in t.circulation_res:
        m = rx.search(text)
        if m:
            found = organs_in(m.group("span"), t)
            if found:
                return found
    return []


def doc_type(lines: list[str], t: LangTables) -> str | None:
    for rx, name in t.doc_types:
        for line in lines:
            if rx.search(line.strip()):
                return name
    return None
