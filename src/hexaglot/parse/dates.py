"""Dates in running text, in any of the six languages, as ISO 8601 strings."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from hexaglot.parse.tables import LangTables


@dataclass(frozen=True)
class FoundDate:
    iso: str
    start: int
    end: int


def _month(t: LangTables, s: str) -> int | None:
    key = re.sub(r"\s*/\s*", "/", " ".join(s.split()).lower().rstrip("."))
    return t.months.get(key) or t.to_int(key)


def _iso(t: LangTables, day: str | None, month: str, year: str) -> str | None:
    y, m = t.to_int(year), _month(t, month)
    d = t.to_int(day) if day else 1
    if y is None or m is None or d is None or not 1900 <= y <= 2100:
        return None
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def find_dates(text: str, t: LangTables) -> list[FoundDate]:
    """Every well-formed date in ``text``, in order of appearance, without overlaps."""
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    for rx in t.date_res:
        for m in rx.finditer(text):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            g = m.groupdict()
            iso = _iso(t, g.get("day"), g.get("month") or "", g.get("year") or "")
            if iso:
                found.append(FoundDate(iso, s, e))
                taken.append((s, e))
                if g.get("day2") and (end := _iso(t, g["day2"], g.get("month") or "", g.get("year") or "")):
                    found.append(FoundDate(end, s, e))  # a range "17-25 February 2015": both ends
    found.sort(key=lambda f: f.start)
    return found


def first_date(text: str, t: LangTables) -> str | None:
    dates = find_dates(text, t)
    return dates[0].iso if dates else None
