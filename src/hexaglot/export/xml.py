"""XML in the style of the UN Parallel Corpus: one file per document and language, with paragraphs
and sentences carrying ids, and one link file per document and language pair::

    OUT/<src>/<doc>.xml   OUT/<tgt>/<doc>.xml   OUT/links/<src>-<tgt>/<doc>.lnk

Each bead becomes a paragraph ``<p id="k" type="prose">`` (its kind: prose, title, footnote,
cell) holding its sentences ``<s id="k:i">``; a link
``<link type="n-m" xtargets="k:1 k:2;k:1" certainty="score"/>`` joins the two sides.
:func:`read_pairs` reads them back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import groupby
from pathlib import Path

from hexaglot.errors import InputError
from hexaglot.export.base import Exporter, register, xml_safe
from hexaglot.store.records import Pair


def doc_file(doc_id: str) -> str:
    return re.sub(r"[^\w.\-]+", "_", doc_id).strip("_") or "document"


@register
class XmlExporter(Exporter):
    name = "xml"
    description = "UN Parallel Corpus style XML documents plus link files (OUT is a folder)"
    folder = True

    def check_out(self, out: Path) -> None:
        """``out`` is the folder of the corpus: one that is a file, or a name ending in ``.xml`` (a
        file was meant: ``out.xml`` would become a folder of that name), is refused."""
        layout = "OUT/<lang>/<doc>.xml and OUT/links/<src>-<tgt>/<doc>.lnk"
        if out.suffix.lower() == ".xml" and not out.is_dir():
            raise InputError(str(out), f"xml writes a folder ({layout}), not one .xml file: give a folder name "
                                       f"such as {out.with_suffix('').name or 'corpus'}/ (a TMX or XLIFF file: "
                                       "name it .tmx or .xlf)")
        if out.exists() and not out.is_dir():
            raise InputError(str(out), f"is a file; xml writes a folder ({layout}): give a folder name")

    def write(self, pairs: Iterable[Pair], out: Path, src_lang: str, tgt_lang: str) -> int:
        n = 0
        link_dir = out / "links" / f"{src_lang}-{tgt_lang}"
        for d in (out / src_lang, out / tgt_lang, link_dir):
            d.mkdir(parents=True, exist_ok=True)
        for doc_id, group in groupby(pairs, key=lambda p: p.doc_id):
            beads = list(group)  # one document at a time
            name = doc_file(doc_id)
            _write_doc(out / src_lang / f"{name}.xml", beads, src_lang, source=True)
            _write_doc(out / tgt_lang / f"{name}.xml", beads, tgt_lang, source=False)
            _write_links(link_dir / f"{name}.lnk", beads, name, src_lang, tgt_lang)
            n += len(beads)
        return n


def _parts(p: Pair, source: bool) -> list[str]:
    parts = p.src_parts if source else p.tgt_parts
    return parts or [p.src if source else p.tgt]


def _write_doc(path: Path, beads: list[Pair], lang: str, source: bool) -> None:
    from lxml import etree

    first = beads[0]
    with etree.xmlfile(str(path), encoding="UTF-8") as xf:
        xf.write_declaration()
        with xf.element("TEI.2", id=first.doc_id, lang=lang):
            header = etree.Element("teiHeader")
            pub = etree.SubElement(etree.SubElement(header, "fileDesc"), "publicationStmt")
            if first.symbol:
                etree.SubElement(pub, "idno", type="symbol").text = first.symbol
            if first.date:
                etree.SubElement(pub, "date").text = first.date
            xf.write(header)
            with xf.element("text"), xf.element("body"):
                for k, p in enumerate(beads, 1):
                    para = etree.Element("p", id=str(k), type=p.kind)
                    for i, text in enumerate(_parts(p, source), 1):
                        etree.SubElement(para, "s", id=f"{k}:{i}", lang=lang).text = xml_safe(text)
                    xf.write(para)


def _write_links(path: Path, beads: list[Pair], name: str, src_lang: str, tgt_lang: str) -> None:
    from lxml import etree

    with etree.xmlfile(str(path), encoding="UTF-8") as xf:
        xf.write_declaration()
        with xf.element("linkGrp", targType="s", fromDoc=f"{src_lang}/{name}.xml", toDoc=f"{tgt_lang}/{name}.xml"):
            for k, p in enumerate(beads, 1):
                s = [f"{k}:{i}" for i in range(1, len(_parts(p, True)) + 1)]
                t = [f"{k}:{i}" for i in range(1, len(_parts(p, False)) + 1)]
                xf.write(etree.Element("link", type=f"{len(s)}-{len(t)}", xtargets=f"{' '.join(s)};{' '.join(t)}",
                                       certainty=f"{p.score:.4f}"))


def read_pairs(out: Path, src_lang: str, tgt_lang: str) -> Iterator[tuple[str, str, str, float]]:
    """``(doc_id, source text, target text, score)`` for every link, read back from the files."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    for lnk in sorted((out / "links" / f"{src_lang}-{tgt_lang}").glob("*.lnk")):
        grp = etree.parse(str(lnk), parser).getroot()
        docs = {}
        for side in ("fromDoc", "toDoc"):
            root = etree.parse(str(out / grp.get(side)), parser).getroot()
            docs[side] = (root.get("id"), {s.get("id"): s.text or "" for s in root.iter("s")})
        doc_id, src = docs["fromDoc"]
        _, tgt = docs["toDoc"]
        for link in grp.iter("link"):
            s_ids, t_ids = (x.split() for x in link.get("xtargets").split(";"))
            yield (doc_id, " ".join(src[i] for i in s_ids), " ".join(tgt[i] for i in t_ids),
                   float(link.get("certainty")))
