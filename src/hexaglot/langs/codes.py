"""Language codes as a person gives them (``--lang EN``, ``src=fr&tgt=fr``, ``langs=fr,en``): one
check for every front end.

A code is case-insensitive. It must be an ISO 639 code (two or three letters) that Babel knows;
codes such as ``zxx`` (no linguistic content) are excluded. The archive must hold versions in it,
and the languages of one request must differ. Each failure is one :class:`InputError` that names
the option: ``lang: no versions in 'de' (German) in this archive, which holds ar, en, fr``.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from functools import cache

from hexaglot.errors import InputError
from hexaglot.model import LANGS

_CODE = re.compile(r"[a-z]{2,3}")
_NOT_LANGUAGES = frozenset({"und", "zxx", "mul", "mis"})


@cache
def _names() -> dict[str, str]:
    from babel import Locale

    return {k: v for k, v in Locale("en").languages.items() if _CODE.fullmatch(k) and k not in _NOT_LANGUAGES}


def language_name(code: str) -> str:
    """The English name of a language code (the code itself when Babel does not know it)."""
    return _names().get(code, code)


def language_code(code: str, what: str = "lang") -> str:
    """``code`` lower-cased, or :class:`InputError` naming ``what`` when it is no language code."""
    c = (code or "").strip().lower()
    if not _CODE.fullmatch(c):
        raise InputError(what, f"{code!r} is not a language code such as {', '.join(LANGS)}")
    if c not in _names() and c not in LANGS:
        raise InputError(what, f"unknown language code {code!r} (the UN languages are {', '.join(LANGS)})")
    return c


def check_langs(given: Mapping[str, str], held: Collection[str]) -> list[str]:
    """The codes of ``given`` (option name → code, or a comma-separated list such as ``"fr,en"``),
    checked and lower-cased, in order. Raises :class:`InputError` for a malformed or unknown code,
    a language given twice, or one in which ``held`` (the archive's languages) has no version."""
    out: list[tuple[str, str]] = []
    for what, value in given.items():
        parts = value.split(",") if "," in value else [value]
        out += [(what, language_code(p, what)) for p in parts]
    seen: dict[str, str] = {}
    for what, c in out:
        if c in seen:
            if seen[c] == what:
                raise InputError(what, f"{c!r} is given twice: give different languages")
            raise InputError(f"{seen[c]} and {what}", f"both are {c!r}: give two different languages")
        seen[c] = what
    for what, c in out:
        if c not in held:
            have = f"which holds {', '.join(sorted(held))}" if held else "which holds no versions yet"
            raise InputError(what, f"no versions in {c!r} ({language_name(c)}) in this archive, {have}")
    return [c for _, c in out]
