"""Country names → ISO 3166 alpha-2, in the six UN languages.

Names come from the CLDR territory names shipped with Babel, completed by the UN's formal names
(``langs/<code>/countries.toml``: "Fédération de Russie", "Российская Федерация", ...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from hexaglot.langs import table

# CLDR territory codes that are not countries (regions, the UN itself, unknown).
_NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ", "AQ"}
_APOS = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'"})


def _norm(s: str) -> str:
    return s.translate(_APOS)


@dataclass(frozen=True)
class CountryMatch:
    code: str
    name: str
    start: int
    end: int


@cache
def _matcher(lang: str) -> tuple[re.Pattern[str], dict[str, str]]:
    from babel import Locale

    names: dict[str, str] = {}
    for code, name in Locale.parse(lang).territories.items():
        if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES:
            names[_norm(name).lower()] = code
    for code, words in table(lang, "countries").get("names", {}).items():
        for w in words:
            names[_norm(w).lower()] = code
    from hexaglot.parse.tables import _with_clitics

    clitics = table(lang, "parse").get("clitics", {})
    alt = "|".join(_with_clitics(n, clitics) for n in sorted(names, key=len, reverse=True))
    if table(lang, "countries").get("word_boundaries", True):
        alt = rf"(?<!\w)(?:{alt})(?!\w)"
    return re.compile(alt, re.IGNORECASE), names


def country_names(lang: str) -> list[str]:
    """Every name the matcher knows in ``lang``, as written in the tables (for capitalisation)."""
    from babel import Locale

    out = [n for c, n in Locale.parse(lang).territories.items() if len(c) == 2 and c not in _NOT_COUNTRIES]
    for words in table(lang, "countries").get("names", {}).values():
        out.extend(words)
    return out


def find_countries(text: str, lang: str) -> list[CountryMatch]:
    """Country names in ``text`` (longest match first: "Equatorial Guinea" is not "Guinea")."""
    rx, names = _matcher(lang)
    norm = _norm(text)
    out = []
    for m in rx.finditer(norm):
        code = _lookup(m.group(0).lower(), names)
        if code:
            out.append(CountryMatch(code, text[m.start():m.end()], m.start(), m.end()))
    return out


def _lookup(found: str, names: dict[str, str]) -> str | None:
    """The code of a matched name, allowing for attached clitics (للاتحاد الروسي)."""
    if found in names:
        return names[found]
    for i in range(1, 4):
        if found[i:] in names:
            return names[found[i:]]
        if "ال" + found[i:] in names:
            return names["ال" + found[i:]]
    return None


def country_codes(text: str, lang: str) -> list[str]:
    out: list[str] = []
    for m in find_countries(text, lang):
        if m.code not in out:
            out.append(m.code)
    return out
