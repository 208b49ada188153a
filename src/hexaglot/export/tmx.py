"""TMX 1.4b: one ``<tu>`` per aligned pair with ``symbol``, ``date`` and ``score`` properties."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from hexaglot.export.base import Exporter, register, xml_safe
from hexaglot.store.records import Pair

DTD_PATH = Path(__file__).with_name("tmx14b.dtd")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@register
class TmxExporter(Exporter):
    name = "tmx"
    description = "TMX 1.4b translation memory (CAT tools)"

    def stream(self, pairs: Iterable[Pair], src_lang: str, tgt_lang: str) -> Iterator[bytes]:
        """The TMX document in pieces: the header, one ``<tu>`` per pair, the closing tags."""
        from lxml import etree

        from hexaglot import __version__

        header = etree.Element("header", {
            "creationtool": "Hexaglot", "creationtoolversion": __version__, "segtype": "sentence",
            "o-tmf": "hexaglot", "adminlang": "en", "srclang": src_lang, "datatype": "plaintext"})
        yield (b"<?xml version='1.0' encoding='UTF-8'?>\n<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n"
               b'<tmx version="1.4">' + etree.tostring(header, encoding="UTF-8") + b"<body>")
        for p in pairs:
            yield etree.tostring(_tu(p), encoding="UTF-8") + b"\n"
        yield b"</body></tmx>\n"


def _tu(p: Pair) -> object:
    from lxml import etree

    tu = etree.Element("tu")
    for kind, value in (("symbol", p.symbol or p.doc_id), ("date", p.date), ("score", f"{p.score:.4f}")):
        if value:
            prop = etree.SubElement(tu, "prop", type=kind)
            prop.text = xml_safe(value)
    for lang, text in ((p.src_lang, p.src), (p.tgt_lang, p.tgt)):
        tuv = etree.SubElement(tu, "tuv", {XML_LANG: lang})
        seg = etree.SubElement(tuv, "seg")
        seg.text = xml_safe(text)
    return tu
