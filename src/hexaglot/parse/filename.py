"""The last step of the cascade: what a file name says (symbol, date, language)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from hexaglot.model import LANGS, Symbol
from hexaglot.parse.symbols import find_symbols

_SC_RES = re.compile(r"S_RES_0*(\d{1,4})_(\d{4})", re.IGNORECASE)
_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_LANG = re.compile(r"[._-](" + "|".join(LANGS) + r")(?=\.[a-z0-9]+$|$)", re.IGNORECASE)


@dataclass
class FilenameInfo:
    symbols: list[Symbol] = field(default_factory=list)
    date: str | None = None
    lang: str | None = None


def from_filename(name: str) -> FilenameInfo:
    info = FilenameInfo()
    stem = re.sub(r"\.(txt|pdf|docx|html?|text)$", "", name, flags=re.IGNORECASE)
    m = _SC_RES.search(stem)
    if m:
        info.symbols = [Symbol(value=f"S/RES/{int(m.group(1))} ({m.group(2)})", raw=m.group(0))]
    d = _ISO.search(stem)
    if d:
        try:
            info.date = dt.date(int(d.group(1)), int(d.group(2)), int(d.group(3))).isoformat()
        except ValueError:
            info.date = None
        stem_wo_date = stem[: d.start()] + " " + stem[d.end():]
    else:
        stem_wo_date = stem
    lm = _LANG.search(stem_wo_date)
    if lm:
        info.lang = lm.group(1).lower()
        stem_wo_date = stem_wo_date[: lm.start()]
    if not info.symbols:
        candidate = re.sub(r"_", "/", stem_wo_date.strip(" _-"))
        syms = [s for s in find_symbols(candidate) if s.value.count("/") >= 1]
        info.symbols = syms[:2]
    return info
