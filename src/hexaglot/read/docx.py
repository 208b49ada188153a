"""DOCX reader: the Word original, already in paragraphs.

python-docx opens the package (its XML parser does not resolve entities); the paragraphs, tables,
headers, footers and footnotes are then walked directly in the WordprocessingML tree, because the
UN templates put text where ``Paragraph.text`` does not look (fields, content controls, tables
inside headers). Before anything is parsed the ZIP directory is checked: encrypted members, a
total uncompressed size over :data:`MAX_UNCOMPRESSED` or an absurd compression ratio is refused.

* body paragraphs → one block each; label from the style (title, heading by outline level, list);
  style name in ``Block.style``;
* tables → :class:`~hexaglot.model.Table` records and one ``TABLE`` block each; tables used as
  frames around prose (the "Summary" box) → prose blocks with ``box`` set
  (:mod:`hexaglot.read.docx_tables`); text boxes and shapes (``w:txbxContent``) are read once,
  never from the ``mc:Fallback`` copy, as prose with ``box`` set;
* footnotes → :class:`Footnote` records plus ``NOTES`` blocks; reference marks (numbered in order
  of appearance, or the custom mark) go to the referring block's ``notes``; superscript runs that
  are not footnote references (table notes ``a``, ``b``) are treated as marks too;
* headers and footers → ``FURNITURE`` blocks.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hexaglot import limits
from hexaglot.errors import InputError
from hexaglot.model import Block, Document, Footnote, Label, Layer, Origin
from hexaglot.read.base import Reader, doc_id_for, register
from hexaglot.read.docx_tables import TableSink, table_blocks, text_boxes

MAX_UNCOMPRESSED = limits.MAX_DOCX_UNCOMPRESSED_BYTES  # for importers; limits.* is what is enforced
MAX_RATIO = limits.MAX_DOCX_RATIO  # uncompressed / compressed, per member larger than 1 MiB
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_SKIP_TAGS = frozenset({W + "delText", W + "instrText", W + "rPr", W + "pPr", MC + "Fallback", W + "del"})
_MARK_CHARS = frozenset("*†‡§¶#")
TEXT_BOX = "text box"
"""``Block.box`` of the prose of a text box or shape that sits in no other box."""


def check_zip(data: bytes, path: Path) -> None:
    """Refuse what is not a sound, unencrypted, reasonably sized OOXML package."""
    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise InputError(str(path), "encrypted (password-protected) or legacy binary Word file, not a .docx")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise InputError(str(path), f"corrupt .docx: not a readable ZIP package ({exc})") from exc
    with zf:
        total = 0
        names = set()
        members = zf.infolist()
        if len(members) > limits.MAX_DOCX_MEMBERS:
            raise InputError(str(path), f"refused: {len(members)} ZIP members (limit {limits.MAX_DOCX_MEMBERS})")
        for info in members:
            names.add(info.filename)
            if info.flag_bits & 0x1:
                raise InputError(str(path), "encrypted .docx: a ZIP member is password-protected")
            total += info.file_size
            if info.file_size > 1 << 20 and info.file_size > limits.MAX_DOCX_RATIO * max(info.compress_size, 1):
                raise InputError(
                    str(path), f"refused: {info.filename} expands {info.file_size} bytes from "
                    f"{info.compress_size} (compression ratio over {limits.MAX_DOCX_RATIO}: zip bomb?)"
                )
        if total > limits.MAX_DOCX_UNCOMPRESSED_BYTES:
            raise InputError(str(path), f"refused: {total} bytes uncompressed "
                             f"(limit {limits.MAX_DOCX_UNCOMPRESSED_BYTES}: zip bomb?)")
        if "word/document.xml" not in names and "[Content_Types].xml" not in names:
            raise InputError(str(path), "corrupt .docx: no word/document.xml in the package")


class _Styles:
    """styleId → (name, outline level) with ``basedOn`` inheritance resolved lazily."""

    def __init__(self, root: Any) -> None:
        self._raw: dict[str, tuple[str, str | None, int | None]] = {}
        if root is None:
            return
        for st in root.iter(W + "style"):
            sid = st.get(W + "styleId") or ""
            name_el, based, lvl = (
                st.find(W + "name"),
                st.find(W + "basedOn"),
                st.find(f"{W}pPr/{W}outlineLvl"),
            )
            self._raw[sid] = (
                name_el.get(W + "val") if name_el is not None else sid,
                based.get(W + "val") if based is not None else None,
                int(lvl.get(W + "val") or 9) if lvl is not None else None,
            )

    def name(self, sid: str) -> str:
        return self._raw.get(sid, (sid, None, None))[0]

    def outline(self, sid: str) -> int | None:
        seen: set[str] = set()
        while sid and sid not in seen:
            seen.add(sid)
            _, based, lvl = self._raw.get(sid, ("", None, None))
            if lvl is not None:
                return lvl
            sid = based or ""
        return None


_ROMAN_VALUES = (1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1)
_ROMAN = tuple(
    zip(_ROMAN_VALUES, ("M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"), strict=True)
)


def _roman(n: int) -> str:
    out = ""
    for value, sym in _ROMAN:
        while n >= value:
            out, n = out + sym, n - value
    return out


def _letters(n: int) -> str:
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


_FORMATS = {
    "upperRoman": _roman,
    "lowerRoman": lambda n: _roman(n).lower(),
    "upperLetter": _letters,
    "lowerLetter": lambda n: _letters(n).lower(),
}


class _Numbering:
    """Renders automatic list numbers ("I.", "A.", "(a)") the way Word prints them; no bullets."""

    def __init__(self, root: Any) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.num_to_abs: dict[str, str] = {}
        self.counters: dict[str, list[int]] = {}
        if root is None:
            return
        for an in root.iter(W + "abstractNum"):
            lv: dict[int, tuple[str, str, int]] = {}
            for lvl in an.iter(W + "lvl"):
                fmt, txt, start = lvl.find(W + "numFmt"), lvl.find(W + "lvlText"), lvl.find(W + "start")
                lv[int(lvl.get(W + "ilvl") or 0)] = (
                    fmt.get(W + "val") if fmt is not None else "decimal",
                    txt.get(W + "val") if txt is not None else "",
                    int(start.get(W + "val") or 1) if start is not None else 1,
                )
            self.levels[an.get(W + "abstractNumId") or ""] = lv
        for num in root.iter(W + "num"):
            ref = num.find(W + "abstractNumId")
            if ref is not None:
                self.num_to_abs[num.get(W + "numId") or ""] = ref.get(W + "val") or ""

    def label(self, num_id: str, ilvl: int) -> str:
        aid = self.num_to_abs.get(num_id)
        levels = self.levels.get(aid or "", {})
        if aid is None or ilvl not in levels:
            return ""
        fmt, text, _ = levels[ilvl]
        if fmt in ("bullet", "none"):
            return ""
        counters = self.counters.setdefault(aid, [0] * 10)
        counters[ilvl] += 1
        if counters[ilvl] == 1:
            counters[ilvl] = levels[ilvl][2]
        for deeper in range(ilvl + 1, 10):
            counters[deeper] = 0
        for k in range(ilvl + 1):
            value = counters[k] or levels.get(k, ("", "", 1))[2]
            render = _FORMATS.get(levels.get(k, ("decimal", "", 1))[0], str)
            text = text.replace(f"%{k + 1}", render(value))
        return text


class _Walker:
    """Turns WordprocessingML elements into text, collecting footnote and superscript marks."""

    def __init__(self, numbering: _Numbering | None = None) -> None:
        self.numbering = numbering or _Numbering(None)
        self.next_note = 1
        self.note_marks: dict[str, str] = {}  # footnote w:id → printed mark

    def text(self, el: Any) -> tuple[str, list[str]]:
        parts: list[str] = []
        marks: list[str] = []
        custom_pending = ""
        for node, sup in self._iter(el, False):
            tag = node.tag
            if tag == W + "t":
                t = node.text or ""
                if custom_pending:
                    self.note_marks[custom_pending] = t.strip() or "*"
                    marks.append(self.note_marks[custom_pending])
                    custom_pending = ""
                elif sup and t.strip() and (len(t.strip()) <= 3 or set(t.strip()) <= _MARK_CHARS):
                    if "".join(parts).strip():
                        marks.append(t.strip())
                    else:  # a mark opening the paragraph is the note's own mark: "a Conversion."
                        parts.append(t.strip() + " ")
                else:
                    parts.append(t)
            elif tag == W + "tab" or tag == W + "ptab":
                parts.append("\t")
            elif tag in (W + "br", W + "cr"):
                if node.get(W + "type") not in ("page", "column"):
                    parts.append("\n")
            elif tag == W + "noBreakHyphen":
                parts.append("-")
            elif tag == W + "footnoteReference":
                fid = node.get(W + "id") or ""
                if node.get(W + "customMarkFollows") in ("1", "true", "on"):
                    custom_pending = fid
                else:
                    mark = self.note_marks.setdefault(fid, str(self.next_note))
                    if mark == str(self.next_note):
                        self.next_note += 1
                    marks.append(mark)
        return "".join(parts), marks

    def _iter(self, el: Any, sup: bool) -> Iterator[tuple[Any, bool]]:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP_TAGS or tag == W + "txbxContent":
                continue
            if tag == W + "r":
                if child.find(f"{W}rPr/{W}vanish") is not None:
                    continue  # hidden text is not printed
                va = child.find(f"{W}rPr/{W}vertAlign")
                yield from self._iter(child, va is not None and va.get(W + "val") == "superscript")
            elif len(child):
                yield from self._iter(child, sup)
            else:
                yield child, sup


def _blocks(el: Any, walker: _Walker, styles: _Styles, layer: Layer, default: Label,
            sink: TableSink | None = None) -> Iterator[Block]:
    """Blocks of a body, header, footer or cell container, in document order."""
    if sink is None:
        sink = _sink(walker, styles)
    for child in el:
        tag = child.tag
        if tag == W + "p":
            blk = _paragraph(child, walker, styles, layer, default)
            if blk is not None:
                yield blk
            for box in text_boxes(child):
                for inner in _blocks(box, walker, styles, layer, default, sink):
                    if inner.box is None and layer == Layer.BODY:
                        inner.box = TEXT_BOX
                    yield inner
        elif tag == W + "tbl":
            yield from table_blocks(child, sink, layer)
        elif tag in (W + "sdt", W + "sdtContent", W + "customXml", W + "smartTag"):
            inner = child.find(W + "sdtContent") if tag == W + "sdt" else child
            if inner is not None:
                yield from _blocks(inner, walker, styles, layer, default, sink)


def _sink(walker: _Walker, styles: _Styles) -> TableSink:
    sink = TableSink(blocks=lambda el, layer, default: _blocks(el, walker, styles, layer, default, sink),
                     paragraph=lambda p, layer: _paragraph(p, walker, styles, layer, Label.PARAGRAPH))
    return sink


def _paragraph(p: Any, walker: _Walker, styles: _Styles, layer: Layer, default: Label) -> Block | None:
    text, marks = walker.text(p)
    if not text.strip():
        return None
    num = p.find(f"{W}pPr/{W}numPr")
    if num is not None:
        nid, lvl_el = num.find(W + "numId"), num.find(W + "ilvl")
        if nid is not None:
            ilvl = int(lvl_el.get(W + "val") or 0) if lvl_el is not None else 0
            number = walker.numbering.label(nid.get(W + "val") or "", ilvl)
            text = f"{number}\t{text}" if number else text
    ps = p.find(f"{W}pPr/{W}pStyle")
    sid = ps.get(W + "val") if ps is not None else "Normal"
    name = styles.name(sid) if sid else "Normal"
    label = default
    if layer == Layer.BODY:
        lvl_el = p.find(f"{W}pPr/{W}outlineLvl")
        lvl = int(lvl_el.get(W + "val") or 9) if lvl_el is not None else styles.outline(sid)
        low = name.lower()
        if low.startswith("title") or low == "subtitle":
            label = Label.TITLE
        elif low.startswith("heading") or (lvl is not None and lvl < 9):
            label = Label.HEADING
        elif "list" in low or "bullet" in low or p.find(f"{W}pPr/{W}numPr") is not None:
            label = Label.LIST_ITEM
    return Block(text=text, orig=text, label=label, layer=layer, style=name, notes=marks)


def _footnotes(part: Any, walker: _Walker) -> list[tuple[str, str]]:
    """``(footnote id, text)`` for the real footnotes of the footnotes part (no separators)."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    root = etree.fromstring(part.blob, parser)
    out = []
    for fn in root.iter(W + "footnote"):
        if fn.get(W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        paras = [walker.text(p)[0].strip() for p in fn.iter(W + "p")]
        text = " ".join(t for t in paras if t)
        if text:
            out.append((fn.get(W + "id") or "", text))
    return out


@register
class DocxReader(Reader):
    format = "docx"
    suffixes = (".docx", ".docm", ".dotx")

    def read(self, path: Path, data: bytes, origin: Origin) -> Document:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
        from lxml.etree import XMLSyntaxError

        check_zip(data, path)
        try:
            wd = docx.Document(io.BytesIO(data))
        except (PackageNotFoundError, KeyError, ValueError, XMLSyntaxError, zipfile.BadZipFile, zlib.error,
                EOFError, NotImplementedError) as exc:
            raise InputError(str(path), f"corrupt .docx: {exc.__class__.__name__}: {exc}") from exc
        part = wd.part
        try:
            styles = _Styles(part.styles.element)
        except (KeyError, ValueError, NotImplementedError):
            styles = _Styles(None)
        try:
            numbering = _Numbering(part.numbering_part.element)
        except (KeyError, NotImplementedError):
            numbering = _Numbering(None)
        walker = _Walker(numbering)
        heads: list[Block] = []
        feet: list[Block] = []
        notes_part = None
        for rel in part.rels.values():
            if rel.is_external:
                continue
            if rel.reltype == _RT + "footnotes":
                notes_part = rel.target_part
            elif rel.reltype in (_RT + "header", _RT + "footer"):
                is_head = rel.reltype.endswith("header")
                root = _part_root(rel.target_part)
                if root is None:
                    continue
                label = Label.PAGE_HEADER if is_head else Label.PAGE_FOOTER
                for blk in _blocks(root, _Walker(), styles, Layer.FURNITURE, label):
                    blk.label = label
                    (heads if is_head else feet).append(blk)
        sink = _sink(walker, styles)
        body = list(_blocks(wd.element.body, walker, styles, Layer.BODY, Label.PARAGRAPH, sink))
        footnotes: list[Footnote] = []
        note_blocks: list[Block] = []
        if notes_part is not None:
            try:
                raw_notes = _footnotes(notes_part, _Walker())
            except XMLSyntaxError as exc:
                raise InputError(str(path), f"corrupt .docx: footnotes part is not XML ({exc})") from exc
            for fid, text in raw_notes:
                mark = walker.note_marks.get(fid, fid)
                footnotes.append(Footnote(mark=mark, text=text.strip()))
                note_blocks.append(
                    Block(text=text.strip(), orig=text, label=Label.FOOTNOTE, layer=Layer.NOTES, notes=[mark])
                )
        doc = Document(id=doc_id_for(path), origin=origin, blocks=heads + body + feet + note_blocks)
        doc.footnotes = footnotes
        doc.tables = sink.tables
        return doc


def _part_root(part: Any) -> Any:
    el = getattr(part, "element", None)
    if el is not None:
        return el
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        return etree.fromstring(part.blob, parser)
    except etree.XMLSyntaxError:
        return None
