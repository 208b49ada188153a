"""The PDF side of OCR: which pages need it (on the measures of :mod:`hexaglot.read.quality`),
page images, and the words of an existing (hidden) text layer with their boxes."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from hexaglot.read.ocr_layout import OcrWord

if TYPE_CHECKING:
    from PIL.Image import Image


def page_needs_ocr(page_text: str, page_area: float, image_cover: float = 0.0,
                   invisible_share: float = 0.0) -> bool:
    """Per-page decision, with the colleague's measures from :mod:`hexaglot.read.quality`.

    A page needs OCR when it has (almost) no text, when it is a scan whose text is drawn invisible
    over the image (an unproofread OCR layer: it becomes a second opinion, see
    :func:`merge_text_layer`), or when its text scores under the quality threshold.
    """
    from hexaglot.read.quality import OCR_THRESHOLD, SCAN_IMAGE_COVER, SPARSE_CHARS, PageStats, assess

    chars = len("".join(page_text.split()))
    if chars < SPARSE_CHARS * max(page_area, 1.0) / (612 * 792):
        return image_cover >= SCAN_IMAGE_COVER or chars == 0
    if image_cover >= SCAN_IMAGE_COVER and invisible_share > 0.5:
        return True
    q = assess([PageStats(text=page_text, area=page_area, image_cover=0.0)])
    return q.score < OCR_THRESHOLD


def pages_needing_ocr(path: Path, data: bytes) -> list[int]:
    """1-based numbers of the pages that :func:`page_needs_ocr` sends to OCR (``--ocr auto``)."""
    import pypdfium2.raw as raw

    from hexaglot.read.pdf import _open

    pdf = _open(data, path)
    out: list[int] = []
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            width, height = page.get_size()
            cover = 0.0
            for obj in page.get_objects():
                if obj.type == raw.FPDF_PAGEOBJ_IMAGE:
                    x0, y0, x1, y1 = obj.get_bounds()
                    cover = max(cover, max(0.0, x1 - x0) * max(0.0, y1 - y0) / max(width * height, 1.0))
            tp = page.get_textpage()
            n = tp.count_chars()
            text = tp.get_text_range() if n > 0 else ""
            invisible = sampled = 0
            if cover >= 0.5 and n:
                for k in range(0, n, max(1, n // 40)):
                    obj = raw.FPDFText_GetTextObject(tp.raw, k)
                    if obj:
                        sampled += 1
                        invisible += raw.FPDFTextObj_GetTextRenderMode(obj) == raw.FPDF_TEXTRENDERMODE_INVISIBLE
            tp.close()
            page.close()
            share = invisible / sampled if sampled else 0.0
            if page_needs_ocr(text, width * height, cover, share):
                out.append(i + 1)
    finally:
        pdf.close()
    return out


def render_page(pdf: Any, index: int, dpi: int) -> Image:
    """A grey image of page ``index`` (0-based) at ``dpi``."""
    page = pdf[index]
    try:
        return page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    finally:
        page.close()


def text_layer_words(pdf: Any, index: int) -> list[OcrWord]:
    """Words of a page's existing text layer with their boxes (top from the page top)."""
    page = pdf[index]
    try:
        height = page.get_height()
        tp = page.get_textpage()
        n = tp.count_chars()
        text = tp.get_text_range() if n > 0 else ""
        words: list[OcrWord] = []
        cur, boxes = "", []
        for i, ch in enumerate(text[:n]):
            if ch.isspace() or ch == "\x00":
                if cur:
                    words.append(_layer_word(cur, boxes, height))
                cur, boxes = "", []
                continue
            cur += ch
            boxes.append(tp.get_charbox(i, loose=False))
        if cur:
            words.append(_layer_word(cur, boxes, height))
        tp.close()
        return words
    finally:
        page.close()


def _layer_word(text: str, boxes: list[tuple[float, float, float, float]], height: float) -> OcrWord:
    x0 = min(b[0] for b in boxes)
    x1 = max(b[2] for b in boxes)
    top = height - max(b[3] for b in boxes)
    bottom = height - min(b[1] for b in boxes)
    return OcrWord(text, (round(x0, 2), round(top, 2), round(x1, 2), round(bottom, 2)), 0.5, "layer")
