"""OCR of scanned PDF pages with Tesseract: page images → lines with boxes, ready to be blocks.

:func:`ocr_pdf_pages` is the entry point the PDF reader calls for the pages whose text layer is
unusable. Per page it

1. renders the page with pypdfium2 at :data:`DEFAULT_DPI` (grey), and flattens the background
   (divides by a closing of the image), which removes the grey gradients of old scans;
2. picks the Tesseract language: the given ``lang``, else Tesseract's script detection (Arabic, Han,
   Cyrillic decide alone) or, for Latin script, a first English pass whose text
   :func:`hexaglot.read.langid.detect_language` classifies; decided once, on the first page with text;
3. recognises the words (boxes and confidences), cached by the hash of the page image + language +
   engine version in ``cache_dir`` (default ``$HEXAGLOT_OCR_CACHE`` or ``~/.cache/hexaglot/ocr``);
4. builds lines, uses the hidden text layer of the scan (if any) as a second opinion for doubtful
   words, flags stamps and marginal debris as furniture and orders two-column bands
   (:mod:`hexaglot.read.ocr_layout`).

Nothing runs at import time; Tesseract is found (or a clear :class:`InputError` naming the Debian
packages raised) on first use.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hexaglot.model import Block, Label, Layer
from hexaglot.read import ocr_engine
from hexaglot.read.ocr_layout import (
    OcrLine,
    OcrWord,
    build_lines,
    flag_furniture,
    merge_text_layer,
    order_columns,
    split_points,
)
from hexaglot.read.ocr_pdf import page_needs_ocr, pages_needing_ocr, render_page, text_layer_words
from hexaglot.wording import counted

if TYPE_CHECKING:
    from PIL.Image import Image

__all__ = [
    "DEFAULT_DPI",
    "OcrLine",
    "OcrPage",
    "OcrWord",
    "default_cache_dir",
    "document_splits",
    "ocr_image",
    "ocr_page_blocks",
    "ocr_pdf_pages",
    "page_needs_ocr",
    "pages_needing_ocr",
    "render_page",
    "text_layer_words",
]

DEFAULT_DPI = 300
PIPELINE_VERSION = "3"  # bump when rendering or preprocessing changes what Tesseract sees
MIN_DETECT_CHARS = 40
Progress = Callable[[int, int], None]


@dataclass(slots=True)
class OcrPage:
    page: int  # 1-based
    width: float  # points
    height: float
    lang: str  # UN language code of the model used (``en``...)
    lines: list[OcrLine] = field(default_factory=list)  # in reading order
    dpi: int = DEFAULT_DPI
    engine: str = ""
    cached: bool = False
    notes: list[str] = field(default_factory=list)  # what the layout steps did, for the reasons

    @property
    def words(self) -> list[OcrWord]:
        return [w for ln in self.lines for w in ln.words]

    @property
    def text(self) -> str:
        return "\n".join(ln.text for ln in self.lines)


def default_cache_dir() -> Path:
    env = os.environ.get("HEXAGLOT_OCR_CACHE")
    return Path(env).expanduser() if env else Path.home() / ".cache" / "hexaglot" / "ocr"


@cache
def _ocr_table(lang: str) -> dict[str, Any]:
    from hexaglot.langs import table

    return table(lang, "ocr")


def _patterns(lang: str, key: str) -> list[re.Pattern[str]]:
    return [re.compile(p) for p in _ocr_table(lang).get("layout", {}).get(key, [])]


# ---------------------------------------------------------------- images

def flatten_background(img: Image) -> Image:
    """Divide by the page's background (a grey closing at quarter size): gradients and the dark
    edges of old scans become white, the ink stays."""
    import numpy as np
    from PIL import Image as PILImage
    from PIL import ImageFilter

    small = img.resize((max(1, img.width // 4), max(1, img.height // 4)), PILImage.Resampling.BOX)
    bg = small.filter(ImageFilter.MaxFilter(9)).filter(ImageFilter.MinFilter(9))
    bg = bg.resize(img.size, PILImage.Resampling.BILINEAR)
    a = np.asarray(img, dtype=np.float32)
    b = np.maximum(np.asarray(bg, dtype=np.float32), 1.0)
    return PILImage.fromarray(np.clip(a / b * 255.0, 0, 255).astype(np.uint8))


def deskew(img: Image, limit: float = 3.0, step: float = 0.25) -> tuple[Image, float]:
    """Straighten a page turned by up to ``limit`` degrees: the angle whose rotation gives the
    sharpest row profile of ink (measured at a small scale) wins; under 0.2° nothing is done."""
    import numpy as np
    from PIL import Image as PILImage

    scale = min(1.0, 800 / max(img.width, 1))
    small = img.resize((max(1, int(img.width * scale)), max(1, int(img.height * scale))))
    ink = small.point(lambda v: 255 if v < 160 else 0)
    best, best_score = 0.0, -1.0
    n = int(limit / step)
    for k in range(-n, n + 1):
        a = k * step
        rows = np.asarray(ink.rotate(a, resample=PILImage.Resampling.NEAREST), dtype=np.float32).sum(axis=1)
        score = float(np.var(rows))
        if score > best_score * 1.0001:
            best, best_score = a, score
    if abs(best) < 0.2:
        return img, 0.0
    return img.rotate(best, resample=PILImage.Resampling.BICUBIC, fillcolor=255), best


# ---------------------------------------------------------------- cache

class _PageImage:
    """A page image, hashed once; flattened and deskewed only when Tesseract must see it (a cache
    hit needs neither)."""

    def __init__(self, img: Image, flatten: bool) -> None:
        self.raw = img.convert("L")
        self.flatten = flatten
        self.angle = 0.0
        self._prepared: Image | None = None
        h = hashlib.sha256(f"{self.raw.size}|{flatten}".encode())
        h.update(self.raw.tobytes())
        self.digest = h.hexdigest()

    def prepared(self) -> Image:
        if self._prepared is None:
            gray = flatten_background(self.raw) if self.flatten else self.raw
            self._prepared, self.angle = deskew(gray)
        return self._prepared


def _entry(page: _PageImage, what: str, cache_dir: Path | None) -> Path | None:
    if cache_dir is None:
        return None
    key = hashlib.sha256(f"{PIPELINE_VERSION}|{ocr_engine.engine_version()}|{what}|{page.digest}".encode())
    k = key.hexdigest()
    return cache_dir / k[:2] / f"{k}.json"


def _cache_read(path: Path | None) -> dict[str, Any] | None:
    if path is None or not path.is_file():
        return None
    try:
        obj = json.loads(path.read_text(encoding="utf-8"))
        return obj if isinstance(obj, dict) else None
    except (OSError, ValueError):
        return None  # a damaged entry is recomputed


def _cache_write(path: Path | None, obj: object) -> None:
    """Write one cache entry atomically; a cache that cannot be written is skipped, not an error."""
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass


def _recognise_cached(page: _PageImage, tess_lang: str, cache_dir: Path | None
                      ) -> tuple[list[ocr_engine.PixWord], bool]:
    path = _entry(page, f"{tess_lang}|psm3", cache_dir)
    hit = _cache_read(path)
    if hit is not None:
        try:
            page.angle = float(hit.get("angle", 0.0))
            return [ocr_engine.PixWord(r[0], *r[1:5], r[5], tuple(r[6])) for r in hit["words"]], True
        except (KeyError, IndexError, TypeError, ValueError):
            pass
    words = ocr_engine.recognise_all_rows(page.prepared(), tess_lang)
    rows = [[w.text, w.x0, w.top, w.x1, w.bottom, w.conf, list(w.line)] for w in words]
    _cache_write(path, {"lang": tess_lang, "angle": page.angle, "words": rows})
    return words, False


# ---------------------------------------------------------------- language

def _script_cached(page: _PageImage, cache_dir: Path | None) -> str | None:
    path = _entry(page, "osd", cache_dir)
    hit = _cache_read(path)
    if hit is not None and "script" in hit:
        return hit["script"] if isinstance(hit["script"], str) else None
    script = ocr_engine.detect_script(page.prepared())
    _cache_write(path, {"script": script})
    return script


def choose_language(page: _PageImage, cache_dir: Path | None
                    ) -> tuple[str, list[ocr_engine.PixWord] | None, bool]:
    """``(un_lang, words, cached)``: the page's language and, when the first pass already used the
    right model, its words (so the page is not recognised twice)."""
    from hexaglot.read.langid import detect_language

    script = _script_cached(page, cache_dir)
    if script in ("ar", "zh", "ru"):
        return script, None, False
    words, cached = _recognise_cached(page, "eng", cache_dir)
    text = " ".join(w.text for w in words if w.conf > 0.5)
    found = detect_language(text) if len(text) >= MIN_DETECT_CHARS else None
    if found is None:
        found = "en"
    return found, (words if found == "en" else None), cached


# ---------------------------------------------------------------- pages

def ocr_image(img: Image, lang: str | None = None, *, page: int = 1, dpi: int = DEFAULT_DPI,
              cache_dir: Path | None = None, flatten: bool = True,
              layer: list[OcrWord] | None = None) -> OcrPage:
    """OCR one page image (``dpi`` relates its pixels to PDF points)."""
    engine = ocr_engine.engine_version()
    pimg = _PageImage(img, flatten)
    words, cached = None, False
    if lang is None:
        lang, words, cached = choose_language(pimg, cache_dir)
    tess = ocr_engine.TESS_LANG[lang]
    if words is None:
        words, cached = _recognise_cached(pimg, tess, cache_dir)
    scale = 72.0 / dpi
    groups: dict[tuple[int, int, int], list[OcrWord]] = {}
    for w in words:
        box = (w.x0 * scale, w.top * scale, w.x1 * scale, w.bottom * scale)
        groups.setdefault(w.line, []).append(OcrWord(w.text, tuple(round(v, 2) for v in box), w.conf))  # type: ignore[arg-type]
    width, height = pimg.raw.width * scale, pimg.raw.height * scale
    lines = build_lines(groups.values(), rtl=lang == "ar")
    out = OcrPage(page, round(width, 2), round(height, 2), lang, lines, dpi, engine, cached)
    if pimg.angle:
        out.notes.append(f"deskewed by {pimg.angle:.2f} degrees")
    known = vocabulary(lang)
    if layer:
        stats = merge_text_layer(lines, layer, known)
        if stats.replaced or stats.added:
            out.notes.append(f"text layer: {counted(len(stats.replaced), 'word')} replaced, {len(stats.added)} added")
    flag_furniture(lines, width, height, _patterns(lang, "stamps"), known)
    out.lines = order_columns(lines, width)
    return out


def ocr_pdf_pages(
    path: Path, data: bytes, pages: list[int] | None, lang: str | None, *,
    cache_dir: Path | None = None, progress: Progress | None = None,
    dpi: int = DEFAULT_DPI, use_text_layer: bool = True, use_cache: bool = True,
) -> list[OcrPage]:
    """OCR the 1-based ``pages`` of a PDF (all when None) in language ``lang`` (detected when None).

    ``progress(done, total)`` is called after each page. Results are cached (see module doc);
    ``use_cache=False`` neither reads nor writes the cache.
    """
    from hexaglot.errors import InputError
    from hexaglot.langs import check_lang
    from hexaglot.read.pdf import _open

    ocr_engine.engine_version()  # fail fast, with the Debian package names
    if lang is not None:
        lang = check_lang(lang)
        ocr_engine.check_language(ocr_engine.TESS_LANG[lang])
    cdir = (cache_dir or default_cache_dir()) if use_cache else None
    pdf = _open(data, path)
    try:
        todo = pages if pages is not None else list(range(1, len(pdf) + 1))
        bad = [p for p in todo if not 1 <= p <= len(pdf)]
        if bad:
            raise InputError(str(path), f"no page {bad[0]} (the PDF has {len(pdf)} pages)")
        out: list[OcrPage] = []
        for n, page_no in enumerate(todo, 1):
            img = render_page(pdf, page_no - 1, dpi)
            layer = text_layer_words(pdf, page_no - 1) if use_text_layer else None
            page = ocr_image(img, lang, page=page_no, dpi=dpi, cache_dir=cdir, layer=layer)
            if lang is None and len(page.text) >= MIN_DETECT_CHARS:
                lang = page.lang  # decided once, on the first page with text
            out.append(page)
            if progress is not None:
                progress(n, len(todo))
        return out
    finally:
        pdf.close()


@cache
def _vocab_set(lang: str) -> frozenset[str]:
    words = ocr_engine.word_list(ocr_engine.TESS_LANG[lang], default_cache_dir())
    extra = _ocr_table(lang).get("words", {}).get("extra", [])
    return words | frozenset(extra)


def vocabulary(lang: str) -> Callable[[str], bool]:
    """``known(word)``: in Tesseract's own dictionary for ``lang`` or the table's extra words.
    The list is extracted once from the installed model into the default cache directory."""
    words = _vocab_set(lang)

    def known(w: str) -> bool:
        return w in words or w.lower() in words or w.capitalize() in words

    return known


# ---------------------------------------------------------------- blocks and decisions

def ocr_page_blocks(page: OcrPage) -> list[Block]:
    """``Label.LINE`` blocks of one OCR'd page; stamps and debris on the furniture layer.

    A line's box runs from the median top to the median bottom of its words (an underline or one
    tall glyph does not stretch it); ``size=`` in the style is the page's usual line height unless
    the line is clearly taller (a heading), so the clean stage sees one body size per page.
    """
    import statistics

    heights = [_line_box(ln)[3] - _line_box(ln)[1] for ln in page.lines if ln.furniture is None and ln.words]
    usual = statistics.median(heights) if heights else 10.0
    out: list[Block] = []
    for ln in page.lines:
        text = ln.text.strip()
        if not text:
            continue
        x0, top, x1, bottom = _line_box(ln)
        h = bottom - top
        size = round(h, 0) if h > 1.35 * usual else round(usual, 0)
        style = f"size={size:.1f};ocr;conf={ln.conf:.2f}" + (f";col={ln.column}" if ln.column else "")
        if ln.furniture:
            style += f";furniture={ln.furniture}"
        out.append(Block(
            text=text, orig=ln.raw.strip() or text, label=Label.LINE,
            layer=Layer.FURNITURE if ln.furniture else Layer.BODY, page=page.page,
            bbox=(round(x0, 2), round(top, 2), round(x1, 2), round(bottom, 2)), style=style,
        ))
    return out


def _line_box(ln: OcrLine) -> tuple[float, float, float, float]:
    import statistics

    tops = [w.bbox[1] for w in ln.words]
    bottoms = [w.bbox[3] for w in ln.words]
    x0, _, x1, _ = ln.bbox
    return x0, statistics.median(tops), x1, statistics.median(bottoms)


def document_splits(page: OcrPage) -> list[int]:
    """Indices into ``page.lines`` where a new document starts (several resolutions on one page)."""
    return split_points(page.lines, _patterns(page.lang, "document_start"))
