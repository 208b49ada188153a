"""Languages are data.

Each UN language has a folder ``langs/<code>/`` holding one TOML file per stage that needs
language knowledge (``parse.toml``, ``clean.toml``, ``segment.toml``, ...). Code holds the
algorithms; adding a month name, an abbreviation or a "Letter dated ..." phrase never touches code.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

from hexaglot.errors import ConfigError
from hexaglot.model import LANGS


def check_lang(code: str) -> str:
    """Return the code if it is one of the six UN languages, else raise :class:`ConfigError`."""
    c = (code or "").strip().lower()
    if c not in LANGS:
        raise ConfigError(f"unknown language {code!r}: expected one of {', '.join(LANGS)}")
    return c


@cache
def table(code: str, stage: str) -> dict[str, Any]:
    """The data table ``langs/<code>/<stage>.toml`` as a dict (empty if the file does not exist)."""
    c = check_lang(code)
    res = resources.files("hexaglot.langs").joinpath(c, f"{stage}.toml")
    if not res.is_file():
        return {}
    with res.open("rb") as fh:
        return tomllib.load(fh)


def all_tables(stage: str) -> dict[str, dict[str, Any]]:
    """``{lang: table(lang, stage)}`` for the six languages."""
    return {c: table(c, stage) for c in LANGS}


@cache
def function_words(code: str) -> frozenset[str]:
    """The articles, pronouns, prepositions and conjunctions of a language (``stop`` and ``inner``
    of ``langs/<code>/terms.toml``), case-folded, an elided form without its apostrophe (``l'`` →
    ``l``); empty for a language outside the six. A match on one of them alone says little."""
    try:
        t = table(code, "terms")
    except ConfigError:
        return frozenset()
    return frozenset(w.casefold().rstrip("'’") for w in [*t.get("stop", []), *t.get("inner", [])])


@cache
def other_languages() -> dict[str, dict[str, Any]]:
    """``{code: {"name": ..., "words": [...]}}`` of ``langs/others.toml``: Latin-script languages that
    are none of the six, described only so far as to recognise a text written in one of them."""
    with resources.files("hexaglot.langs").joinpath("others.toml").open("rb") as fh:
        return tomllib.load(fh)
