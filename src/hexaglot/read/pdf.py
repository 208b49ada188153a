"""PDF reader: one ``Label.LINE`` block per printed line, with its box, font size and boldness.

Built on pypdfium2 (PDFium). A page's characters come in content-stream order, which for the
born-digital UN documents is reading order; a new line starts when the baseline moves by more
than about half a font size or the pen goes back to the left. Superscripts (raised, smaller
characters: footnote reference marks) are kept in ``orig`` but taken out of ``text`` and listed
in ``Block.notes``; a superscript that *opens* a line is the mark of a footnote and stays.

Text quality and the "needs OCR" decision are measured by :mod:`hexaglot.read.quality`.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from hexaglot import limits
from hexaglot.errors import InputError
from hexaglot.model import Block, Document, Label, Layer, Origin, Table
from hexaglot.read.base import Reader, doc_id_for, register
from hexaglot.read.pdf_continued import Edges, merge_continued
from hexaglot.read.pdf_layout import Frag, PageLine, page_rules
from hexaglot.read.pdf_rows import table_text
from hexaglot.read.pdf_tables import Carry, Found, find_tables
from hexaglot.read.quality import PageStats, assess

MAX_PAGES = limits.MAX_PDF_PAGES  # for importers; limits.MAX_PDF_PAGES is what is enforced
HYPHEN_MARK = "\ufffe"  # PDFium's stand-in for a hyphen that ends a line
_SKIP = frozenset("\r\n\x00")
_BOLD_WEIGHT = 600
SIZE_EVERY = 8
MIN_SIZE = 2.0  # a font size under this is a scaled font: the real size comes from the glyph box
LOOSE_TO_SIZE = 1.2  # loose glyph box height / font size
TIGHT_GAP = 0.2  # a generated space between glyphs closer than this (in font sizes) is dropped
COLUMN_GAP = 2.2  # distance between two character origins, in font sizes, that separates cells
NEAR_GAP = 1.2  # origins closer than this (in font sizes) are never in two cells
CELL_GAP = 0.9  # white space between two glyphs, in font sizes, that separates table cells
SPLIT_GAP = 0.5  # a word space this wide (in font sizes) inside a fragment may part two cells
EDGE_GAP = 0.4  # ... and one this wide (wider than a word space) where other rows' cells start or end
NUM_GAP = 0.7  # ... between the end of a number and the start of the next (a bold figure column)
_NUM_END = frozenset("0123456789)%")
_NUM_START = frozenset("0123456789(–-")


@dataclass(slots=True)
class _Char:
    ch: str
    x: float
    y: float  # baseline, PDF space (y up)
    size: float
    index: int
    rot: bool = False  # drawn at an angle (a margin header on a landscape page)


@dataclass(slots=True)
class _Line:
    chars: list[_Char] = field(default_factory=list)
    base: float = 0.0
    size: float = 0.0
    rot: bool = False

    def add(self, c: _Char) -> None:
        if c.ch != " " and (not self.chars or c.size > self.size + 0.1):
            self.size, self.base = c.size, c.y
        self.chars.append(c)


def _has_text(doc: Document, n_pages: int) -> bool:
    """Every page has some text in its text layer (a page with none is an image: OCR it)."""
    pages = {b.page for b in doc.blocks if b.text.strip()}
    return all(p in pages for p in range(1, n_pages + 1))


def _open(data: bytes, path: Path) -> Any:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        # PDFium's last-error code can be stale (an empty page tree sets none), so the bytes decide.
        msg = str(exc).lower()
        if b"/Encrypt" in data and ("password" in msg or "security" in msg):
            raise InputError(str(path), "encrypted PDF: a password is required to open it") from exc
        if b"%%EOF" not in data[-2048:]:
            raise InputError(str(path), "truncated or corrupt PDF: no %EOF marker at the end") from exc
        raise InputError(
            str(path), "corrupt PDF: PDFium cannot open it (damaged structure, no pages or not a PDF)"
        ) from exc
    n = len(pdf)
    if n == 0:
        raise InputError(str(path), "PDF has no pages")
    if n > limits.MAX_PDF_PAGES:
        pdf.close()
        raise InputError(str(path), f"PDF has {n} pages (the limit is {limits.MAX_PDF_PAGES})")
    limits.extend_budget(n * limits.PDF_PAGE_BUDGET_S)
    return pdf


def _page_chars(raw: Any, tp: Any) -> list[_Char]:
    h = tp.raw
    n = tp.count_chars()
    if n <= 0:
        return []
    text = tp.get_text_range()
    if len(text) != n:  # characters outside the BMP: fall back to one code unit per index
        text = "".join(chr(raw.FPDFText_GetUnicode(h, i) or 32) for i in range(n))
    x, y = ctypes.c_double(), ctypes.c_double()
    px, py = ctypes.byref(x), ctypes.byref(y)
    get_origin, get_size = raw.FPDFText_GetCharOrigin, raw.FPDFText_GetFontSize
    out: list[_Char] = []
    append = out.append
    last_y, size, since = -1e9, 0.0, 0
    line_start, rot = True, False
    for i, ch in enumerate(text):
        if ch in _SKIP:
            if ch == "\n":
                line_start = True
                if rot:  # rotated text: PDFium's own line breaks are the only reliable ones
                    append(_Char("\n", 0.0, last_y, 0.0, i, True))
            continue
        if line_start and ch != " ":
            # one angle query per PDFium line: rotated lines are grouped by PDFium's breaks
            angle = raw.FPDFText_GetCharAngle(h, i)
            rot, line_start = 0.05 < angle < 6.23, False
        if ch == " ":
            if out and _spurious_space(raw, h, text, i, size):
                continue
            append(_Char(" ", out[-1].x if out else 0.0, last_y, 0.0, i))
            continue
        get_origin(h, i, px, py)
        yv = y.value
        since += 1
        # The font size only changes where the baseline moves (superscripts, new lines) or at a
        # new text run; asking at every baseline change and every SIZE_EVERY characters is enough.
        if yv != last_y or since >= SIZE_EVERY:
            size, last_y, since = get_size(h, i), yv, 0
            if size < MIN_SIZE:  # a scaled 1-pt font (OCR layers): measure the glyph box instead
                box = _loose_box(raw, h, i)
                size = max(size, (box[1] - box[3]) / LOOSE_TO_SIZE)
        append(_Char("-" if ch == HYPHEN_MARK else ch, x.value, yv, size, i, rot))
    return out


def _spurious_space(raw: Any, h: Any, text: str, i: int, size: float) -> bool:
    """A space PDFium *generated* inside a word of justified text ("implementatio n"): the
    glyphs on either side nearly touch."""
    if not (0 < i < len(text) - 1 and _wordish(text[i - 1]) and _wordish(text[i + 1])):
        return False
    if not raw.FPDFText_IsGenerated(h, i):
        return False
    left, right = _char_box(raw, h, i - 1), _char_box(raw, h, i + 1)
    return right[0] - left[1] < TIGHT_GAP * max(size, 1.0)


def _wordish(ch: str) -> bool:
    return ch.isalnum() or ch in "-\u2010\u2011"


def _char_box(raw: Any, h: Any, index: int) -> tuple[float, float]:
    x0, x1, y0, y1 = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
    raw.FPDFText_GetCharBox(h, index, ctypes.byref(x0), ctypes.byref(x1), ctypes.byref(y0), ctypes.byref(y1))
    return x0.value, x1.value


def _group_lines(chars: list[_Char]) -> list[_Line]:
    lines: list[_Line] = []
    cur = _Line()
    prev: _Char | None = None
    for c in chars:
        if c.ch == " ":
            if cur.chars:
                cur.chars.append(c)
            continue
        if c.rot or cur.rot:
            if cur.chars and (c.ch == "\n" or not c.rot or not cur.rot):
                lines.append(cur)
                cur = _Line()
            if c.ch != "\n":
                cur.rot = c.rot
                cur.add(c)
                prev = c
            continue
        if prev is not None and cur.chars:
            size = max(c.size, cur.size, 1.0)
            same = abs(c.y - cur.base) < 0.6 * size and c.x >= prev.x - 0.5 * size
            if not same:
                lines.append(cur)
                cur = _Line()
        if not cur.chars or c.size > cur.size + 0.1:  # the line's size and baseline: its largest
            cur.size, cur.base = c.size, c.y
        cur.chars.append(c)
        prev = c
    if cur.chars:
        lines.append(cur)
    return lines


def _split_text(line: _Line) -> tuple[str, str, list[str]]:
    """``(text, orig, marks)``: superscript marks leave the text unless they open the line."""
    small = 0.85 * line.size
    if line.rot or all(c.size >= small or c.ch == " " for c in line.chars):  # no superscript
        orig = "".join(c.ch for c in line.chars)
        return orig.strip(), orig.rstrip(), []
    orig_parts: list[str] = []
    text_parts: list[str] = []
    marks: list[str] = []
    mark = ""
    seen_body = False
    prev = ""
    for c in line.chars:
        orig_parts.append(c.ch)
        sup = (
            not line.rot and c.ch != " " and c.size < 0.85 * line.size and c.y > line.base + 0.15 * line.size
        )
        if sup:
            mark += c.ch
            continue
        if mark:
            if not _is_mark(mark):
                text_parts.append(mark)
            elif seen_body:
                marks.extend(_marks_of(mark))
                if prev.isalnum() and c.ch.isalnum():  # "km2area": a mark never sits inside a word
                    text_parts.append(" ")
            else:
                text_parts.append(mark + ("" if c.ch == " " else " "))
            mark = ""
        if c.ch != " ":
            seen_body = True
        text_parts.append(c.ch)
        prev = c.ch
    if mark:
        if seen_body and _is_mark(mark):
            marks.extend(_marks_of(mark))
        else:
            text_parts.append(mark)
    return "".join(text_parts).strip(), "".join(orig_parts).rstrip(), marks


def _is_mark(s: str) -> bool:
    """A footnote/table-note reference: up to three digits or letters, or ``*``/``†``-style signs,
    or a list of them ("a,b", "3, 4")."""
    return all(len(p) <= 3 and p and (p.isalnum() or all(ch in "*†‡§¶#" for ch in p)) for p in _marks_of(s))


def _marks_of(s: str) -> list[str]:
    return [p.strip() for p in s.split(",")] if "," in s.strip(",") else [s]


def _line_block(raw: Any, tp: Any, line: _Line, page_no: int, height: float) -> Block | None:
    text, orig, marks = _split_text(line)
    if not text:
        return None
    body = [c for c in line.chars if c.ch != " "]
    first, last = body[0], body[-1]
    box = _loose_box(raw, tp.raw, first.index)
    end = _loose_box(raw, tp.raw, last.index)
    x0, x1 = min(box[0], end[0]), max(end[2], box[2])
    top = height - max(box[1], end[1])
    bottom = height - min(box[3], end[3])
    if not line.rot:
        top = min(top, height - (line.base + 0.75 * line.size))
        bottom = max(bottom, height - (line.base - 0.2 * line.size))
    weight = raw.FPDFText_GetFontWeight(tp.raw, first.index)
    style = f"size={line.size:.1f}" + (";bold" if weight >= _BOLD_WEIGHT else "")
    cols = 1 if line.rot else _columns(body, line.size)
    if cols > 1:
        style += f";cols={cols}"
    if line.rot:
        style += ";rot"
    return Block(
        text=text,
        orig=orig,
        label=Label.LINE,
        layer=Layer.BODY,
        page=page_no,
        bbox=(round(x0, 2), round(top, 2), round(x1, 2), round(bottom, 2)),
        style=style,
        notes=marks,
    )


def _columns(body: list[_Char], size: float) -> int:
    """Table cells on one line: 1 + the wide gaps between characters, the gap after a leading
    paragraph number ("1.⇥The ...") not counted."""
    steps = sorted(b.x - a.x for a, b in pairwise(body))
    if not steps:
        return 1
    # OCR layers often draw tiny glyphs far apart: measure against the line's own pitch as well
    wide = max(COLUMN_GAP * size, 4.0 * steps[len(steps) // 2])
    gaps = 0
    word = 0  # words seen so far; a gap after the first word may be a number's tab
    for a, b in pairwise(body):
        step = b.x - a.x
        if step > wide:
            if word > 0:
                gaps += 1
            word += 1
        elif step > 0.45 * size:
            word += 1
    return gaps + 1


def _page_line(raw: Any, tp: Any, line: _Line, blk: Block, index: int) -> PageLine:
    """The line cut into fragments at gaps wider than a cell gap (table cells, columns)."""
    assert blk.bbox is not None
    x0, top, x1, bottom = blk.bbox
    body = [c for c in line.chars if c.ch != " "]
    cuts = [k for k in range(1, len(body)) if _cut(raw, tp.raw, body[k - 1], body[k], line.size)]
    if line.rot or not cuts:
        gaps, spaces = ([], []) if line.rot else _gaps(raw, tp.raw, line, blk.text, bool(blk.notes))
        frags = [Frag(blk.text, x0, x1, top, bottom, line.size, list(blk.notes), gaps, spaces)]
        return PageLine(index, frags, top, bottom, line.size, line.rot)
    frags = []
    for a, b in zip([0, *cuts], [*cuts, len(body)], strict=True):
        first, last = body[a], body[b - 1]
        part = _Line([c for c in line.chars if first.index <= c.index <= last.index], line.base, line.size)
        text, _orig, marks = _split_text(part)
        if text:
            fx0 = _char_box(raw, tp.raw, first.index)[0] if a else x0
            fx1 = _char_box(raw, tp.raw, last.index)[1] if b < len(body) else x1
            gaps, spaces = _gaps(raw, tp.raw, part, text, bool(marks))
            frags.append(Frag(text, fx0, fx1, top, bottom, line.size, marks, gaps, spaces))
    return PageLine(index, frags, top, bottom, line.size, line.rot)


def _gaps(raw: Any, h: Any, line: _Line, text: str,
          marks: bool) -> tuple[list[tuple[float, float, int]], list[tuple[float, float, int]]]:
    """The wide word spaces of a fragment: ``(x where the white starts, x where it ends, offset of
    the space in text)``, where the table finder may cut two cells printed close together; and
    the narrower ones (wider than a word space, from :data:`EDGE_GAP`, not between two digits),
    which part two cells only at a column edge other rows share. With ``marks``, the superscript note marks that left the
    text are not counted in the offsets."""
    out: list[tuple[float, float, int]] = []
    narrow: list[tuple[float, float, int]] = []
    chars, size = line.chars, line.size
    split, edge = SPLIT_GAP * size, EDGE_GAP * size
    solid = [i for i, ch in enumerate(text) if ch != " "]  # text offsets of the non-space characters
    seen = 0  # characters of the text passed so far
    body = False
    for k in range(len(chars) - 1):
        c = chars[k]
        if c.ch != " ":
            sup = marks and c.size < 0.85 * size and c.y > line.base + 0.15 * size
            seen += not (sup and body)  # a mark after the first word left the text
            body = body or not sup
            continue
        a, b = chars[k - 1] if k else c, chars[k + 1]
        if not seen or a.ch == " " or b.ch == " " or b.x - a.x < edge or seen >= len(solid):
            continue
        end = _char_box(raw, h, a.index)[1]
        at = solid[seen - 1] + 1
        if b.x - end >= split and text[at] == " ":
            out.append((end, b.x, at))
        elif b.x - end >= edge and text[at] == " " and not (a.ch.isdigit() and b.ch.isdigit()):
            narrow.append((end, b.x, at))  # not the thousands space of a figure ("10 636")
    return out, narrow


def _cut(raw: Any, h: Any, a: _Char, b: _Char, size: float) -> bool:
    """A cell gap between two characters of a line: their origins are far apart, or (for closer
    ones, measured on the glyph box) the white space between them is wider than a word space."""
    step = b.x - a.x
    if step > COLUMN_GAP * size or step < 0:
        return True
    if step < NEAR_GAP * size:
        return False
    gap = CELL_GAP if not (a.ch in _NUM_END and b.ch in _NUM_START) else NUM_GAP
    return b.x - _char_box(raw, h, a.index)[1] > gap * size


def _page_tables(raw: Any, page: Any, lines: list[PageLine], blocks: list[Block], height: float,
                 tables: list[Table], edges: list[Edges]) -> list[Block]:
    """The page's blocks with each table found replaced by one TABLE block (the table goes to
    ``tables``) and multi-column prose put in reading order, column by column."""
    if not any(len(ln.frags) > 1 for ln in lines):
        return blocks
    page_no = blocks[0].page if blocks else None
    carry = None
    if tables and edges[-1].bottom and not edges[-1].closed and page_no and tables[-1].pages == [page_no - 1]:
        carry = Carry(edges[-1].bounds, [w for row in tables[-1].header for c in row for w in c.text.split()])
    found = find_tables(lines, page_rules(raw, page, height), height, carry)
    if not found:
        return blocks
    first = {min(f.lines): f for f in found}
    inside = {i for f in found for i in f.lines}
    out: list[Block] = []
    for i, blk in enumerate(blocks):
        if i in first:
            out.extend(_found_blocks(first[i], blk, tables, edges))
        elif i not in inside:
            out.append(blk)
    return out


def _found_blocks(f: Found, blk: Block, tables: list[Table], edges: list[Edges]) -> list[Block]:
    style = f"size={blk.style.split(';')[0].split('=')[1]}" if blk.style else None
    if f.table is None:  # multi-column prose: one line block per fragment, column by column
        return [Block(text=fr.text, orig=fr.text, label=Label.LINE, layer=Layer.BODY, page=blk.page,
                      bbox=(round(fr.x0, 2), fr.top, round(fr.x1, 2), fr.bottom), style=style,
                      notes=list(fr.notes)) for fr in f.prose]
    table = f.table.model_copy(update={"pages": [blk.page] if blk.page else []})
    tables.append(table)
    edges.append(Edges(f.at_top, f.at_bottom, f.bounds, f.centers, f.closed))
    text = table_text(table)
    marks = [n for row in (*table.header, *table.rows) for c in row for n in c.notes]
    return [Block(text=text, orig=text, label=Label.TABLE, layer=Layer.BODY, page=blk.page, bbox=f.bbox,
                  style=style, table=len(tables) - 1, notes=marks)]


def _loose_box(raw: Any, h: Any, index: int) -> tuple[float, float, float, float]:
    rect = raw.FS_RECTF()
    if raw.FPDFText_GetLooseCharBox(h, index, ctypes.byref(rect)):
        return rect.left, rect.top, rect.right, rect.bottom
    return 0.0, 0.0, 0.0, 0.0


def _page_stats(raw: Any, page: Any, tp: Any, chars: list[_Char], width: float, height: float) -> PageStats:
    """Text of the page plus the layout facts that tell a scan with a hidden OCR layer."""
    text = "".join(c.ch for c in chars)
    image_cover = 0.0
    hp = page.raw
    for k in range(raw.FPDFPage_CountObjects(hp)):
        obj = raw.FPDFPage_GetObject(hp, k)
        if raw.FPDFPageObj_GetType(obj) != raw.FPDF_PAGEOBJ_IMAGE:
            continue
        x0, y0, x1, y1 = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
        if raw.FPDFPageObj_GetBounds(
            obj, ctypes.byref(x0), ctypes.byref(y0), ctypes.byref(x1), ctypes.byref(y1)
        ):
            area = max(0.0, x1.value - x0.value) * max(0.0, y1.value - y0.value)
            image_cover = max(image_cover, area / max(width * height, 1.0))
    invisible = 0
    sample = [c for c in chars if c.ch != " "][:: max(1, len(chars) // 40)]
    if image_cover > 0.5 and sample:
        for c in sample:
            obj = raw.FPDFText_GetTextObject(tp.raw, c.index)
            if obj and raw.FPDFTextObj_GetTextRenderMode(obj) == raw.FPDF_TEXTRENDERMODE_INVISIBLE:
                invisible += 1
    return PageStats(
        text=text,
        area=width * height,
        image_cover=image_cover,
        invisible_share=invisible / len(sample) if sample else 0.0,
    )


@register
class PdfReader(Reader):
    format = "pdf"
    suffixes = (".pdf",)

    def read(self, path: Path, data: bytes, origin: Origin) -> Document:
        import pypdfium2 as pdfium
        import pypdfium2.raw as raw

        pdf = _open(data, path)
        blocks: list[Block] = []
        tables: list[Table] = []
        edges: list[Edges] = []  # per table: nothing above it / below it on its page
        stats: list[PageStats] = []
        try:
            for page_no in range(1, len(pdf) + 1):
                page = pdf[page_no - 1]
                width, height = page.get_size()
                tp = page.get_textpage()
                chars = _page_chars(raw, tp)
                page_lines: list[PageLine] = []
                page_blocks: list[Block] = []
                for line in _group_lines(chars):
                    blk = _line_block(raw, tp, line, page_no, height)
                    if blk is not None:
                        page_lines.append(_page_line(raw, tp, line, blk, len(page_blocks)))
                        page_blocks.append(blk)
                blocks.extend(_page_tables(raw, page, page_lines, page_blocks, height, tables, edges))
                stats.append(_page_stats(raw, page, tp, chars, width, height))
                tp.close()
                page.close()
        except (pdfium.PdfiumError, OSError, ValueError) as exc:  # a broken page tree
            raise InputError(str(path), f"corrupt PDF: a page cannot be read ({exc})") from exc
        finally:
            pdf.close()
        quality = assess(stats)
        origin = origin.model_copy(
            update={"pages": len(stats), "text_quality": quality.score, "needs_ocr": quality.needs_ocr}
        )
        blocks, tables = merge_continued(blocks, tables, edges)
        doc = Document(id=doc_id_for(path), origin=origin, blocks=blocks, tables=tables)
        if len(quality.reasons) > 1:  # a problem besides the score (kept in Origin.text_quality)
            doc.warnings.extend(quality.reasons)
        return self._ocr(path, data, doc, len(stats))

    def _ocr(self, path: Path, data: bytes, doc: Document, n_pages: int) -> Document:
        """Replace the text layer of the pages that need it by OCR (``--ocr auto|always|never``)."""
        mode = self.options.ocr
        if mode == "never" or (mode == "auto" and not doc.origin.needs_ocr and _has_text(doc, n_pages)):
            return doc
        from hexaglot.read.ocr_pdf import pages_needing_ocr

        pages = list(range(1, n_pages + 1)) if mode == "always" else pages_needing_ocr(path, data)
        if not pages:
            return doc
        limits.extend_budget(len(pages) * limits.OCR_PAGE_BUDGET_S)
        from hexaglot.parse.filename import from_filename
        from hexaglot.read.ocr import ocr_page_blocks, ocr_pdf_pages
        from hexaglot.read.ocr_fix import fix_document, fix_page

        lang = self.options.lang or from_filename(path.name).lang
        ocr_pages = ocr_pdf_pages(path, data, pages, lang, progress=self.options.progress)
        done = {p.page for p in ocr_pages}
        by_page: dict[int, list[Block]] = {p.page: ocr_page_blocks(fix_page(p)) for p in ocr_pages}
        blocks: list[Block] = []
        for page_no in range(1, n_pages + 1):
            if page_no in done:
                blocks.extend(by_page[page_no])
            else:
                blocks.extend(b for b in doc.blocks if b.page == page_no)
        doc.blocks = blocks
        doc.tables = _kept_tables(blocks, doc.tables)  # tables of OCR'd pages went with their text layer
        good_layer = mode == "always" and not doc.origin.needs_ocr
        doc.origin.needs_ocr = True
        for p in ocr_pages:
            doc.warnings.extend(f"page {p.page}: {note}" for note in p.notes)
        doc.warnings.append(f"OCR applied to page(s) {', '.join(map(str, sorted(done)))}")
        if good_layer:  # --ocr always on a born-digital file: the reading is worse, and the user should know
            doc.warnings.append(f"the text layer was good (quality {doc.origin.text_quality or 0:.2f}) and OCR "
                                "reads such pages worse than it: --ocr auto keeps the text layer")
        if ocr_pages and doc.language is None and self.options.lang is None:
            doc.language = ocr_pages[0].lang
        return fix_document(doc)


def _kept_tables(blocks: list[Block], tables: list[Table]) -> list[Table]:
    """The tables still named by a block, renumbered in order."""
    index: dict[int, int] = {}
    for b in blocks:
        if b.table is not None:
            b.table = index.setdefault(b.table, len(index))
    return [tables[old] for old, _ in sorted(index.items(), key=lambda kv: kv[1])]
