"""Language tags for CAT tools: ``fr`` as written, or ``fr-FR``-style locale tags.

Translation-memory tools (Trados, memoQ, ...) match a TMX by its locale. By default an export
keeps the archive's codes (``fr``, ``en``); ``region_tags`` takes each language's tag from
``langs/<code>/export.toml`` (``tmx_locale``: en-GB, fr-FR, es-ES, ru-RU, zh-CN, ar-SA), and an
explicit mapping (``--locale fr=fr-CA,en=en-US``) overrides both, language by language.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from hexaglot.errors import ConfigError
from hexaglot.export.base import Exporter
from hexaglot.store.records import Pair

#: A BCP 47 tag as TMX and CAT tools use it: language, then optional script/region/variant subtags.
_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def parse_locales(spec: str | Mapping[str, str] | None) -> dict[str, str]:
    """``"fr=fr-FR,en=en-GB"`` (or a mapping) as ``{"fr": "fr-FR", "en": "en-GB"}``; a code
    or tag that is not well formed raises :class:`ConfigError` naming it."""
    if spec is None:
        return {}
    items: list[tuple[str, str]]
    if isinstance(spec, Mapping):
        items = list(spec.items())
    else:
        items = []
        for part in (p.strip() for p in spec.split(",")):
            if not part:
                continue
            if "=" not in part:
                raise ConfigError(f"locale {part!r}: expected LANG=TAG, e.g. fr=fr-FR")
            code, tag = part.split("=", 1)
            items.append((code, tag))
    out: dict[str, str] = {}
    for code, tag in items:
        code, tag = code.strip().lower(), tag.strip()
        if not re.fullmatch(r"[a-z]{2,3}", code):
            raise ConfigError(f"locale {code}={tag}: {code!r} is not a language code such as fr")
        if not _TAG.match(tag):
            raise ConfigError(f"locale {code}={tag}: {tag!r} is not a language tag such as fr-FR")
        if tag.split("-")[0].lower() != code:  # fr=xx would label the French side as another language
            raise ConfigError(f"locale {code}={tag}: the tag of {code} starts with {code} ({code}-XX)")
        out[code] = tag
    return out


def region_tag(code: str) -> str:
    """The language's locale tag from ``langs/<code>/export.toml``, or the code itself when it has none."""
    from hexaglot.langs import table
    from hexaglot.model import LANGS

    if code not in LANGS:
        return code
    return str(table(code, "export").get("tmx_locale") or code)


def language_tags(langs: list[str], locales: str | Mapping[str, str] | None = None,
                  region_tags: bool = False) -> dict[str, str]:
    """The tag each of ``langs`` is written with: the explicit locale, else the region tag (when
    asked for), else the code."""
    explicit = parse_locales(locales)
    return {lang: explicit.get(lang) or (region_tag(lang) if region_tags else lang) for lang in langs}


class TaggedExporter(Exporter):
    """An exporter that names the languages by tags CAT tools match on (TMX, XLIFF): the codes, or
    ``locales`` / ``region_tags`` (:func:`language_tags`); ``props`` adds properties to each unit
    (``export --clean``: the count of identical units it stands for)."""

    def __init__(self, *, locales: str | Mapping[str, str] | None = None, region_tags: bool = False) -> None:
        self.locales = parse_locales(locales)  # a bad tag fails here, before anything is written
        self.region_tags = region_tags
        self.props: Callable[[Pair], list[tuple[str, str]]] | None = None

    def tags(self, src_lang: str, tgt_lang: str) -> dict[str, str]:
        return language_tags([src_lang, tgt_lang], self.locales, self.region_tags)
