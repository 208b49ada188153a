"""TMX 1.4b: one ``<tu>`` per aligned pair with ``x-symbol``, ``x-date``, ``x-score`` and ``x-kind``
(the kind of text: prose, title, footnote, cell) properties.

TMX 1.4b reserves ``<prop type>`` values for the spec and requires user-defined ones to start
with ``x-``. Languages are written as the archive's codes (``fr``) unless ``locales``
(``{"fr": "fr-CA"}`` or ``"fr=fr-CA,en=en-US"``) or ``region_tags`` (``fr-FR``, from
``langs/<code>/export.toml``) ask for locale tags (see :mod:`hexaglot.export.locales`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from hexaglot.export.base import XML_LANG, register, xml_safe
from hexaglot.export.locales import TaggedExporter
from hexaglot.store.records import Pair

DTD_PATH = Path(__file__).with_name("tmx14b.dtd")


@register
class TmxExporter(TaggedExporter):
    name = "tmx"
    description = "TMX 1.4b translation memory (CAT tools)"
    extensions = (".tmx",)

    def stream(self, pairs: Iterable[Pair], src_lang: str, tgt_lang: str) -> Iterator[bytes]:
        """The TMX document in pieces: the header, one ``<tu>`` per pair, the closing tags."""
        from lxml import etree

        from hexaglot import __version__

        tags = self.tags(src_lang, tgt_lang)
        header = etree.Element("header", {
            "creationtool": "Hexaglot", "creationtoolversion": __version__, "segtype": "sentence",
            "o-tmf": "hexaglot", "adminlang": "en", "srclang": tags[src_lang], "datatype": "plaintext"})
        yield (b"<?xml version='1.0' encoding='UTF-8'?>\n<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n"
               b'<tmx version="1.4">' + etree.tostring(header, encoding="UTF-8") + b"<body>")
        for p in pairs:
            yield etree.tostring(_tu(p, tags, self.props(p) if self.props else []), encoding="UTF-8") + b"\n"
        yield b"</body></tmx>\n"


def _tu(p: Pair, tags: dict[str, str], extra: list[tuple[str, str]]) -> object:
    from lxml import etree

    tu = etree.Element("tu")
    for kind, value in (("x-symbol", p.symbol or p.doc_id), ("x-date", p.date), ("x-score", f"{p.score:.4f}"),
                        ("x-kind", p.kind), *extra):
        if value:
            prop = etree.SubElement(tu, "prop", type=kind)
            prop.text = xml_safe(value)
    for lang, text in ((p.src_lang, p.src), (p.tgt_lang, p.tgt)):
        tuv = etree.SubElement(tu, "tuv", {XML_LANG: tags.get(lang, lang)})
        seg = etree.SubElement(tuv, "seg")
        seg.text = xml_safe(text)
    return tu
