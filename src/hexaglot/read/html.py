"""HTML reader: block elements → blocks, page chrome → furniture, scripts and styles dropped.

Safety: the document is decoded to text here (BOM → ``<meta charset>`` → detection by
:mod:`hexaglot.read.encoding`), DOCTYPE internal subsets are cut out before parsing so no entity can
be declared (no billion laughs, no XXE), and lxml's HTML parser runs with ``no_network=True`` and its
default size limits. Only the predefined HTML entities (``&eacute;``) are resolved.

Spans index into the text :func:`raw_text` rebuilds: the blocks' ``orig`` joined by ``\\n``.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

from hexaglot.errors import InputError
from hexaglot.model import Block, Cell, Document, Label, Layer, Origin, Span, Table
from hexaglot.read.base import Reader, doc_id_for, register
from hexaglot.read.docx_tables import table_text
from hexaglot.read.encoding import decode, decode_warnings, repair_mojibake

_DROP = frozenset({"script", "style", "noscript", "template", "head", "iframe", "object", "embed", "svg",
                   "math", "canvas", "select", "button", "form", "input", "textarea"})
_FURNITURE = {"nav": Label.OTHER, "header": Label.PAGE_HEADER, "footer": Label.PAGE_FOOTER,
              "aside": Label.OTHER, "menu": Label.OTHER}
_BLOCKS = frozenset({"p", "div", "section", "article", "main", "body", "html", "blockquote", "pre",
                     "address", "li", "dt", "dd", "dl", "ul", "ol", "table", "tbody", "thead", "tfoot",
                     "caption", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
                     "center", "fieldset", "legend", "details", "summary", "td", "th"})
_LABELS = {"p": Label.PARAGRAPH, "li": Label.LIST_ITEM, "dt": Label.LIST_ITEM, "dd": Label.LIST_ITEM,
           "caption": Label.CAPTION, "figcaption": Label.CAPTION, "legend": Label.CAPTION,
           "h2": Label.HEADING, "h3": Label.HEADING, "h4": Label.HEADING, "h5": Label.HEADING,
           "h6": Label.HEADING}

_INTERNAL_SUBSET = re.compile(rb"<!DOCTYPE[^>\[]*\[.*?\]\s*>", re.IGNORECASE | re.DOTALL)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""",
    re.IGNORECASE,
)
_SUPERSETS = {"iso8859-1": "cp1252", "ascii": "cp1252", "gb2312": "gb18030", "gbk": "gb18030"}
_SPACES = re.compile(r"[ \t\f\v\u00a0\u200b]+")


def declared_charset(data: bytes) -> str | None:
    """The charset a ``<meta>`` tag or XML declaration names in the first 4 KB, as a Python codec."""
    m = _META_CHARSET.search(data[:4096])
    if not m:
        return None
    try:
        name = codecs.lookup((m.group(1) or m.group(2)).decode("ascii")).name
    except LookupError:
        return None
    # What browsers do (WHATWG encoding standard): Latin-1 and ASCII mean cp1252, GB2312/GBK mean GB18030.
    return _SUPERSETS.get(name, name)


def decode_html(data: bytes, path: str | Path) -> tuple[str, str, bool]:
    """Decode an HTML file: BOM, then the declared charset when it decodes cleanly, then detection."""
    if not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) and b"\x00" not in data[:4096]:
        declared = declared_charset(data)
        if declared and declared not in ("utf-16", "utf-16-le", "utf-16-be", "utf-32"):
            try:
                text = data.decode(declared)
            except UnicodeDecodeError:
                pass
            else:
                if declared.startswith("utf"):
                    fixed, repaired = repair_mojibake(text)
                    return fixed, declared, repaired
                return text, declared, False
    return decode(data, path)


def _clean(text: str) -> str:
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _tag(el: etree._Element) -> str | None:
    return el.tag.lower() if isinstance(el.tag, str) else None


def _text_of(el: etree._Element) -> str:
    """All text under ``el``, skipping scripts, styles and comments; ``<br>`` and blocks end lines."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        tag = _tag(node)
        if tag is not None and tag not in _DROP:
            if tag == "br" or tag in _BLOCKS:
                parts.append("\n")
            parts.append(node.text or "")
            for child in node:
                walk(child)
        if node is not el:
            parts.append(node.tail or "")

    walk(el)
    return "".join(parts)


def _rows(table: etree._Element) -> list[etree._Element]:
    """The rows of a table (through thead, tbody and tfoot), not those of tables nested in it."""
    out = []
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            out.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            out += [r for r in child if _tag(r) == "tr"]
    return out


def _cells(tr: etree._Element) -> list[etree._Element]:
    return [c for c in tr if _tag(c) in ("td", "th")]


def _is_box(table: etree._Element) -> bool:
    """Every row has at most one non-empty cell: a frame around prose, not a table of data."""
    return all(sum(1 for c in _cells(tr) if _clean(_text_of(c))) <= 1 for tr in _rows(table))


def _span(el: etree._Element, name: str) -> int:
    try:
        return min(max(1, int((el.get(name) or "1").strip())), 1000)
    except ValueError:
        return 1


def _table(el: etree._Element) -> Table:
    """A ``<table>`` as a record: ``rowspan``/``colspan`` kept, ``<thead>`` rows (or leading rows of
    ``<th>`` only) as the header, ``<caption>`` as the caption."""
    caption = next((_clean(_text_of(c)).replace("\n", " ") for c in el if _tag(c) == "caption"), None)
    rows: list[list[Cell]] = []
    header = 0
    in_header = True
    for tr in _rows(el):
        row = [Cell(text=_clean(_text_of(c)), row_span=_span(c, "rowspan"), col_span=_span(c, "colspan"))
               for c in _cells(tr)]
        parent = tr.getparent()
        head = (parent is not None and _tag(parent) == "thead") or (
            bool(row) and all(_tag(c) == "th" for c in _cells(tr)))
        if in_header and head:
            header += 1
        else:
            in_header = False
        if row:
            rows.append(row)
    header = min(header, max(len(rows) - 1, 0))
    return Table(caption=caption or None, header=rows[:header], rows=rows[header:])


class _Collector:
    """Walks the tree, gathering inline text into the innermost enclosing block."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.buf: list[str] = []
        self.label = Label.PARAGRAPH
        self.layer = Layer.BODY
        self.box: str | None = None  # inside a table used as a frame around prose
        self.title_seen = False
        self.tables: list[Table] = []

    def flush(self) -> None:
        text = _clean("".join(self.buf))
        self.buf.clear()
        if text:
            self.emit(text, self.label, self.layer)

    def emit(self, text: str, label: Label, layer: Layer) -> None:
        self.blocks.append(Block(text=text, orig=text, label=label, layer=layer, box=self.box))

    def visit(self, el: etree._Element) -> None:
        tag = _tag(el)
        if tag is None or tag in _DROP:
            return
        if tag == "br":
            self.buf.append("\n")
            return
        if tag == "table" and self.layer == Layer.BODY and not _is_box(el):
            self.flush()
            table = _table(el)
            if table.rows or table.header:
                self.tables.append(table)
                text = table_text(table)
                self.blocks.append(Block(text=text, orig=text, label=Label.TABLE, layer=self.layer,
                                         table=len(self.tables) - 1))
            return
        if tag == "tr" and self.box is None:  # a row of a table outside the body (page chrome)
            self.flush()
            cells = [_clean(_text_of(c)).replace("\n", " ") for c in el if _tag(c) in ("td", "th")]
            if any(cells):
                self.emit("\t".join(cells), Label.TABLE if self.layer == Layer.BODY else self.label, self.layer)
            return
        if tag in _FURNITURE or tag in _BLOCKS:
            self._visit_block(el, tag)
            return
        self._visit_children(el)

    def _visit_block(self, el: etree._Element, tag: str) -> None:
        self.flush()
        saved = (self.label, self.layer, self.box)
        if tag == "table" and self.layer == Layer.BODY and self.box is None:
            self.box = "box"
        if tag in _FURNITURE:
            self.label, self.layer = _FURNITURE[tag], Layer.FURNITURE
        elif tag == "h1":
            self.label = Label.HEADING if self.title_seen else Label.TITLE
            self.title_seen = True
        elif tag in _LABELS and self.layer == Layer.BODY:
            keep = tag == "p" and self.label in (Label.LIST_ITEM, Label.CAPTION)  # <li><p>…</p></li>
            self.label = self.label if keep else _LABELS[tag]
        # any other container (div, section, td) inherits its parent's label and layer
        self._visit_children(el)
        self.flush()
        self.label, self.layer, self.box = saved

    def _visit_children(self, el: etree._Element) -> None:
        if el.text:
            self.buf.append(el.text)
        for child in el:
            self.visit(child)
            if child.tail:
                self.buf.append(child.tail)


def html_blocks(text: str, on_error: Callable[[str], None] | None = None) -> list[Block]:
    """Blocks of an HTML document given as text (see the module docstring for the rules)."""
    return html_content(text, on_error)[0]


def html_content(text: str, on_error: Callable[[str], None] | None = None) -> tuple[list[Block], list[Table]]:
    """Blocks and tables of an HTML document given as text; a TABLE block points at its table."""
    text = _XML_DECL.sub("", text, count=1)
    parser = lxml_html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, huge_tree=False)
    try:
        root = lxml_html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        if on_error:
            on_error(str(exc))
        return [], []
    collector = _Collector()
    body = root.find("body")
    collector.visit(body if body is not None else root)
    collector.flush()
    start = 0
    for block in collector.blocks:
        block.span = Span(start=start, end=start + len(block.orig))
        start = block.span.end + 1
    return collector.blocks, collector.tables


def raw_text(doc: Document) -> str:
    """The text an HTML document's block spans index into."""
    return "\n".join(b.orig for b in doc.blocks)


@register
class HtmlReader(Reader):
    """HTML and XHTML pages (UN press releases, ODS HTML renditions, saved web pages)."""

    format = "html"
    suffixes = (".html", ".htm", ".xhtml")

    def read(self, path: Path, data: bytes, origin: Origin) -> Document:
        data = _INTERNAL_SUBSET.sub(b"", data, count=1)
        text, encoding, repaired = decode_html(data, path)
        warnings: list[str] = []
        blocks, found = html_content(text, on_error=lambda msg: warnings.append(f"HTML parser: {msg}"))
        if not blocks and warnings:
            raise InputError(str(path), f"unreadable HTML ({warnings[0]})")
        origin = origin.model_copy(update={"encoding": encoding, "repaired_mojibake": repaired})
        warnings.extend(decode_warnings(text, data, encoding, repaired))
        return Document(id=doc_id_for(path), origin=origin, blocks=blocks, tables=found, warnings=warnings)
