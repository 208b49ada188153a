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
def _names(lang: str) -> tuple[tuple[str, str], ...]:
    """``(name as written, ISO code)`` for every country name known in ``lang``: CLDR's, then the
    UN's formal names from ``countries.toml``."""
    from babel import Locale

    pairs = [(name, code) for code, name in Locale.parse(lang).territories.items()
             if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES]
    for code, words in table(lang, "countries").get("names", {}).items():
        pairs.extend((w, code) for w in words)
    return tuple(pairs)


@cache
def _matcher(lang: str) -> tuple[re.Pattern[str], dict[str, str]]:
    from hexaglot.parse.tables import _with_clitics

    names = {_norm(name).lower(): code for name, code in _names(lang)}
    clitics = table(lang, "parse").get("clitics", {})
    alt = "|".join(_with_clitics(n, clitics) for n in sorted(names, key=len, reverse=True))
    if table(lang, "countries").get("word_boundaries", True):
        alt = rf"(?<!\w)(?:{alt})(?!\w)"
    return re.compile(alt, re.IGNORECASE), names


def country_names(lang: str) -> list[str]:
    """Every name the matcher knows in ``lang``, as written in the tables (for capitalisation)."""
    return [name for name, _ in _names(lang)]


def find_countries(text: str, lang: str) -> list[CountryMatch]:
    """Country names in ``text`` (longest match first: "Equatorial Guinea" is not "Guinea")."""
    rx, names = _matcher(lang)
    norm = _norm(text)
    out = []
    for m in rx.finditer(norm):
        code = _lookup(m.group(0).lower(), names, lang)
        if code:
            out.append(CountryMatch(code, text[m.start():m.end()], m.start(), m.end()))
    return out


def _lookup(found: str, names: dict[str, str], lang: str) -> str | None:
    """The code of a matched name, taking off what the language attaches to the word: a proclitic
    (و، ب، ل ...), or an article contraction (لل → ال), from the ``[clitics]`` table."""
    if found in names:
        return names[found]
    clitics = table(lang, "parse").get("clitics", {})
    article: str = clitics.get("article", "")
    for c in sorted(clitics.get("article_contractions", []), key=len, reverse=True):
        if found.startswith(c) and (article + found[len(c):]) in names:
            return names[article + found[len(c):]]
    for p in sorted(clitics.get("proclitics", []), key=len, reverse=True):
        if found.startswith(p) and found[len(p):] in names:
            return names[found[len(p):]]
    return None


def country_codes(text: str, lang: str) -> list[str]:
    out: list[str] = []
    for m in find_countries(text, lang):
        if m.code not in out:
            out.append(m.code)
    return out


@cache
def _english_names() -> dict[str, str]:
    """ISO code → English name: CLDR's (Babel) when the UN's table (``langs/en/countries.toml``) lists
    it among the country's names, else the table's first, UN formal name ("Russian Federation", not
    CLDR's "Russia"), else CLDR's."""
    from babel import Locale

    names = {code: name for code, name in Locale("en").territories.items()
             if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES}
    for code, listed in table("en", "countries").get("names", {}).items():
        if listed and names.get(code, "").replace("\u2019", "'") not in listed:
            names[code] = listed[0]
    return names


def country_name(code: str | None) -> str:
    """A country code as a page shows it: "RU" is "Russian Federation"; an unknown code stays."""
    return _english_names().get((code or "").upper(), code or "")
