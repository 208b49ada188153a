"""XLIFF 1.2: the ``xliff`` export, and the pieces every XLIFF Hexaglot writes shares (the namespace,
the element builder, the tool header, the check against ``xliff12.rng``), which the
pre-translation's XLIFF (:mod:`hexaglot.pretranslate.output`) imports from here.

The export is a bilingual file CAT tools (Trados, memoQ, OmegaT, Okapi, translate-toolkit) load as
a translation memory or as reference material: one ``<file>`` per document (``original``: its
symbol, or its id when it has none), one ``<trans-unit>`` per aligned pair with its ``<source>`` and
``<target state="translated">``. ``translated`` and not ``final`` or ``signed-off``: the target is the
published human translation, but its pairing with the source is the aligner's, which nobody
reviewed (the score is the probability that it is exactly right); ``approved`` is left out for the
same reason. Each unit's ``<context-group name="hexaglot" purpose="information">`` carries what the
TMX export puts in ``<prop>``: ``x-symbol``, ``x-date``, ``x-score`` and ``x-kind`` (and ``x-count``
for a unit that ``--clean`` kept for several identical ones); XLIFF 1.2 strict has no
``<prop-group>``, and user-defined ``context-type`` values start with ``x-``. Language tags follow
``locales`` and ``region_tags`` as in TMX (:mod:`hexaglot.export.locales`). An export of no pair is
one empty ``<file>`` (XLIFF needs at least one), so the file stays valid.

It is streamed: one unit is built and written at a time (``lxml.etree.xmlfile``), so memory does not
grow with the export.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from itertools import chain, groupby
from pathlib import Path
from typing import Any

from hexaglot.export.base import child, register, xml_safe
from hexaglot.export.locales import TaggedExporter
from hexaglot.store.records import Pair

XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
SCHEMA_PATH = Path(__file__).with_name("xliff12.rng")
TOOL_ID = "hexaglot"
EMPTY_ORIGINAL = "hexaglot-export"  # the one empty <file> of an export without pairs


def q(tag: str) -> str:
    """An XLIFF 1.2 element name: ``{urn:oasis:...:1.2}tag``."""
    return f"{{{XLIFF_NS}}}{tag}"


def attributes(attrs: Mapping[str, str]) -> dict[str, str]:
    """Keyword attributes as XLIFF spells them: ``source_language`` → ``source-language``."""
    return {k.replace("_", "-"): v for k, v in attrs.items()}


def xliff_child(parent: Any, tag: str, text: str | None = None, **attrs: str) -> Any:
    """A new XLIFF element ``tag`` under ``parent`` (:func:`hexaglot.export.base.child`), its
    attributes given as keywords with ``_`` for ``-``."""
    return child(parent, q(tag), text, attributes(attrs))


def tool_attributes() -> dict[str, str]:
    """The ``<tool>`` of a file's header: Hexaglot and its version (``tool-id`` is what ``<file>``
    and ``<alt-trans>`` name in their own ``tool-id``)."""
    from hexaglot import __version__

    return {"tool-id": TOOL_ID, "tool-name": "Hexaglot", "tool-version": __version__}


def xliff_errors(data: bytes) -> list[str]:
    """What keeps an XLIFF document from the XLIFF 1.2 strict content model of ``xliff12.rng`` (empty: valid).

    The schema covers the elements Hexaglot writes (see its header comment)."""
    from lxml import etree

    schema = etree.RelaxNG(etree.parse(str(SCHEMA_PATH)))
    try:
        doc = etree.fromstring(data)
    except etree.XMLSyntaxError as e:
        return [f"not well-formed XML: {e}"]
    if schema.validate(doc):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]


class _Chunks:
    """What an ``xmlfile`` writes, kept until it is taken (the pieces of the stream)."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> None:
        self.parts.append(data)

    def take(self) -> bytes:
        out = b"".join(self.parts)
        self.parts.clear()
        return out


@register
class XliffExporter(TaggedExporter):
    name = "xliff"
    description = "XLIFF 1.2 (CAT tools): one <file> per document, one <trans-unit> per pair"
    extensions = (".xlf", ".xliff")

    def stream(self, pairs: Iterable[Pair], src_lang: str, tgt_lang: str) -> Iterator[bytes]:
        """The XLIFF document in pieces: the declaration and root, then each unit as it is written."""
        from lxml import etree

        tags = self.tags(src_lang, tgt_lang)
        sink = _Chunks()
        with etree.xmlfile(sink, encoding="UTF-8") as xf:
            xf.write_declaration()
            with xf.element(q("xliff"), nsmap={None: XLIFF_NS}, version="1.2"):
                written = False
                for _, group in groupby(pairs, key=lambda p: p.doc_id):
                    first = next(group)
                    with self._file(xf, first.symbol or first.doc_id, tags[src_lang], tags[tgt_lang],
                                    _header_note(first, src_lang, tgt_lang)), xf.element(q("body")):
                        for k, p in enumerate(chain([first], group), 1):
                            self._unit(xf, k, p)
                            xf.write("\n")  # one unit a line, as the TMX export writes them
                            xf.flush()
                            yield sink.take()
                    written = True
                if not written:
                    with self._file(xf, EMPTY_ORIGINAL, tags[src_lang], tags[tgt_lang],
                                    f"No {src_lang}-{tgt_lang} pair was exported."), xf.element(q("body")):
                        pass
        yield sink.take() + b"\n"

    @contextmanager
    def _file(self, xf: Any, original: str, src_tag: str, tgt_tag: str, note: str) -> Iterator[None]:
        """A ``<file>`` with its header written; the caller writes the body inside it."""
        with xf.element(q("file"), attributes({
                "original": xml_safe(original), "source_language": src_tag, "target_language": tgt_tag,
                "datatype": "plaintext", "tool_id": TOOL_ID})):
            with xf.element(q("header")):
                with xf.element(q("tool"), tool_attributes()):
                    pass
                _leaf(xf, "note", note)
            xf.write("\n")
            yield

    def _unit(self, xf: Any, k: int, p: Pair) -> None:
        with xf.element(q("trans-unit"), id=str(k)):
            _leaf(xf, "source", p.src)
            _leaf(xf, "target", p.tgt, state="translated")
            context = [(kind, value) for kind, value in (
                ("x-symbol", p.symbol or p.doc_id), ("x-date", p.date), ("x-score", f"{p.score:.4f}"),
                ("x-kind", p.kind), *(self.props(p) if self.props else [])) if value]
            with xf.element(q("context-group"), name=TOOL_ID, purpose="information"):
                for kind, value in context:
                    _leaf(xf, "context", value, context_type=kind)


def _leaf(xf: Any, tag: str, text: str, **attrs: str) -> None:
    with xf.element(q(tag), attributes(attrs)):
        xf.write(xml_safe(text))


def _header_note(p: Pair, src_lang: str, tgt_lang: str) -> str:
    name = p.symbol or p.doc_id
    doc = f"{name} (document {p.doc_id})" if p.symbol and p.symbol != p.doc_id else name
    return (f"{doc}{', ' + p.date if p.date else ''}: its {src_lang}-{tgt_lang} sentence pairs, aligned by "
            "Hexaglot; x-score is the probability that a pair is exactly right.")
