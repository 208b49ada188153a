"""The segmentation data of one language: ``langs/<code>/segment.toml`` as a typed, frozen record.

Besides the six UN languages, segmentation accepts a few evaluation languages (German, for the
Text+Berg gold); their tables live beside the others in ``langs/<code>/segment.toml`` and are read
here directly, because :func:`hexaglot.langs.table` only admits the six UN languages.

Tables are read lazily, once per language (nothing happens at import time).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from hexaglot.errors import ConfigError
from hexaglot.langs import table
from hexaglot.model import LANGS

EXTRA_LANGS: tuple[str, ...] = ("de",)
"""Languages segmentation supports beyond the six UN languages (for evaluation)."""

_KEYS = frozenset(
    {
        "sentencex",
        "number_label",
        "terminators",
        "weak_terminators",
        "cased",
        "no_space",
        "closers",
        "spaced_closers",
        "openers",
        "abbreviations",
        "before_number",
        "label_words",
        "ordinal_words",
        "number_words",
        "ordinal_after",
        "preamble_words",
        "section_letters",
        "section_label",
        "chapter_numbers",
        "chapter_label",
    }
)


@dataclass(frozen=True, slots=True)
class SegmentRules:
    """What the splitter needs to know about one language."""

    lang: str
    sentencex: str  # language code passed to sentencex
    terminators: str  # marks that end a sentence ("." "!" "?" "…" "。" "؟" ...)
    weak_terminators: str  # marks that end a sentence only when followed by whitespace (ASCII in CJK)
    cased: bool  # a next word in lower case vetoes a boundary
    no_space: bool  # sentences follow each other without a space (Chinese)
    closers: str  # closing quotes and brackets that stay with the sentence they close
    spaced_closers: str  # closers that may stand after a space ("bien. »")
    openers: str  # opening quotes and brackets, stripped off a token before lookup
    abbreviations: frozenset[str]  # never end a sentence ("M", "Mr", "т.е", "Sra")
    before_number: frozenset[str]  # never end a sentence before a number (casefolded: "no", "para")
    label_words: frozenset[str]  # "annex I." -- a capital after these is a label, not an initial
    ordinal_words: frozenset[str]  # "9. September" -- a number dot before these is an ordinal
    number_words: frozenset[str]  # "paragraph 4." -- a number after these can end a sentence
    ordinal_after: frozenset[str]  # "im 10. Grad" -- a number dot after these is an ordinal
    preamble_words: frozenset[str]  # ", Recognizing ..." -- a preambular paragraph starts (as written)
    number_label: str = "{n}."  # how a paragraph number is written ("{n} -" in Arabic)
    # the letters of a document's sections in order ("A", "B", ...; Arabic "ألف", "باء", ...) and how
    # such a label is written ("{l}."; "{l} -" in Arabic): labels (hexaglot.segment.labels) that
    # pre-translation writes in the target language's form
    section_letters: tuple[str, ...] = ()
    section_label: str = "{l}."
    # the numbers of a document's chapters in order ("I", "II", ...; Arabic "أولا", "ثانيا", ...), each
    # as its spellings (the first is how it is written: Arabic "أولا", also read "أولاً"), and how such a
    # label is written ("{c}."; "{c} -" in Arabic): labels that pre-translation writes as section letters
    chapter_numbers: tuple[tuple[str, ...], ...] = ()
    chapter_label: str = "{c}."


def _strings(data: dict[str, Any], key: str, lang: str) -> list[str]:
    val = data.get(key, [])
    if isinstance(val, str):
        return [val]
    if not isinstance(val, list) or not all(isinstance(x, str) for x in val):
        raise ConfigError(f"langs/{lang}/segment.toml: {key!r} must be a list of strings")
    return val


def _with_capitals(words: list[str]) -> frozenset[str]:
    """The words as given plus their capitalised form (an abbreviation may start a sentence)."""
    out = set(words)
    out.update(w[:1].upper() + w[1:] for w in words if w)
    return frozenset(out)


def _load(lang: str) -> dict[str, Any]:
    if lang in LANGS:
        return table(lang, "segment")
    if lang in EXTRA_LANGS:
        res = resources.files("hexaglot.langs").joinpath(lang, "segment.toml")
        if not res.is_file():
            return {}
        with res.open("rb") as fh:
            return tomllib.load(fh)
    raise ConfigError(
        f"unknown language {lang!r} for segmentation: expected one of {', '.join(LANGS + EXTRA_LANGS)}"
    )


@cache
def load_rules(lang: str) -> SegmentRules:
    """The :class:`SegmentRules` of ``lang`` (one of the UN languages or :data:`EXTRA_LANGS`)."""
    code = (lang or "").strip().lower()
    data = _load(code)
    unknown = set(data) - _KEYS
    if unknown:
        raise ConfigError(f"langs/{code}/segment.toml: unknown keys {sorted(unknown)}")
    return SegmentRules(
        lang=code,
        sentencex=str(data.get("sentencex", code)),
        terminators=str(data.get("terminators", ".!?…")),
        weak_terminators=str(data.get("weak_terminators", "")),
        cased=bool(data.get("cased", True)),
        no_space=bool(data.get("no_space", False)),
        closers=str(data.get("closers", "\"')]”’»")),
        spaced_closers=str(data.get("spaced_closers", "")),
        openers=str(data.get("openers", "\"'([“‘«")),
        abbreviations=_with_capitals(_strings(data, "abbreviations", code)),
        before_number=frozenset(w.casefold() for w in _strings(data, "before_number", code)),
        label_words=frozenset(w.casefold() for w in _strings(data, "label_words", code)),
        ordinal_words=frozenset(w.casefold() for w in _strings(data, "ordinal_words", code)),
        number_words=frozenset(w.casefold() for w in _strings(data, "number_words", code)),
        ordinal_after=frozenset(w.casefold() for w in _strings(data, "ordinal_after", code)),
        preamble_words=frozenset(_strings(data, "preamble_words", code)),
        number_label=str(data.get("number_label", "{n}.")),
        section_letters=tuple(_strings(data, "section_letters", code)),
        section_label=_label_format(data, code, "section_label", "{l}"),
        chapter_numbers=_spellings(data, "chapter_numbers", code),
        chapter_label=_label_format(data, code, "chapter_label", "{c}"),
    )


def _label_format(data: dict[str, Any], lang: str, key: str, slot: str) -> str:
    """A label's format (``section_label``, ``chapter_label``): ``slot`` once, and a mark."""
    fmt = str(data.get(key, f"{slot}."))
    if fmt.count(slot) != 1 or not fmt.replace(slot, "").strip():
        raise ConfigError(f"langs/{lang}/segment.toml: {key!r} must hold {slot} once, and a mark")
    return fmt


def _spellings(data: dict[str, Any], key: str, lang: str) -> tuple[tuple[str, ...], ...]:
    """A list whose items are a word or the list of a word's spellings, as tuples of spellings."""
    val = data.get(key, [])
    items = [x if isinstance(x, list) else [x] for x in val] if isinstance(val, list) else None
    if items is None or not all(x and all(isinstance(w, str) and w for w in x) for x in items):
        raise ConfigError(f"langs/{lang}/segment.toml: {key!r} must list strings or lists of strings")
    return tuple(tuple(x) for x in items)
