"""Measuring OCR: character error rate, and OCR'd pages turned into a raw :class:`Document`."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING

from hexaglot.model import Document, Origin

if TYPE_CHECKING:
    from PIL.Image import Image

    from hexaglot.read.ocr import OcrPage

_WS = re.compile(r"\s+")


def normalise_ws(text: str) -> str:
    """Every run of white space (line breaks, tabs, no-break spaces) → one space; ends stripped."""
    return _WS.sub(" ", text).strip()


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions, substitutions of single characters)."""
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def cer(hypothesis: str, reference: str) -> float:
    """Character error rate: edit distance / reference length, both white-space normalised."""
    ref = normalise_ws(reference)
    hyp = normalise_ws(hypothesis)
    return edit_distance(hyp, ref) / max(1, len(ref))


def pages_to_document(path: Path, data: bytes, pages: list[OcrPage], n_pages: int | None = None) -> Document:
    """A raw document (``Label.LINE`` blocks, stamps and debris on the furniture layer) from OCR."""
    from hexaglot.read.base import doc_id_for
    from hexaglot.read.ocr import ocr_page_blocks

    origin = Origin(path=str(path), sha256=hashlib.sha256(data).hexdigest(), format="pdf", size=len(data),
                    pages=n_pages or len(pages), needs_ocr=True)
    blocks = [b for p in pages for b in ocr_page_blocks(p)]
    lang = pages[0].lang if pages else None
    return Document(id=doc_id_for(path), origin=origin, language=lang, blocks=blocks)


def ocr_document(path: Path, data: bytes, pages: list[int] | None = None, lang: str | None = None,
                 **kwargs: object) -> Document:
    """OCR → word-level correction → raw document → line-level correction, in one call.

    The result has ``Label.LINE`` blocks like the PDF reader's, ready for ``clean``; ``kwargs`` go
    to :func:`hexaglot.read.ocr.ocr_pdf_pages` (``cache_dir``, ``progress``, ``dpi``...).
    """
    from hexaglot.read.ocr import ocr_pdf_pages
    from hexaglot.read.ocr_fix import fix_document, fix_page

    ocr_pages = ocr_pdf_pages(path, data, pages, lang, **kwargs)  # type: ignore[arg-type]
    doc = pages_to_document(path, data, [fix_page(p) for p in ocr_pages])
    return fix_document(doc)


# ---------------------------------------------------------------- synthetic pages (tests, bench)

FONTS = {
    "latin": ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "fonts-dejavu-core"),
    # DejaVu Sans has Arabic and the ASCII punctuation UN Arabic text uses; Noto Naskh Arabic draws
    # "(", ")" and "-" as empty boxes, which no OCR can read back.
    "ar": ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "fonts-dejavu-core"),
    "zh": ("/usr/share/fonts/truetype/arphic/ukai.ttc", "fonts-arphic-ukai"),
}
_TASHKEEL = re.compile("[\u064b-\u0652\u0670]")


def font_for(lang: str) -> tuple[Path, str]:
    """``(font file, Debian package)`` used to render test pages in ``lang``."""
    path, pkg = FONTS.get(lang, FONTS["latin"])
    return Path(path), pkg


def strip_tashkeel(text: str) -> str:
    """Arabic without the optional short-vowel marks (Tesseract's ``ara`` model does not write them)."""
    return _TASHKEEL.sub("", text)


def render_text(text: str, lang: str, *, size: int = 40, width: int = 1800, margin: int = 80) -> Image:
    """A white page image of ``text`` wrapped to ``width`` pixels (right-to-left for Arabic, shaped
    with libraqm; character wrapping for Chinese). At 300 dpi, ``size=40`` is about a 10-pt font."""
    from PIL import Image as PILImage
    from PIL import ImageDraw, ImageFont

    path, _ = font_for(lang)
    font = ImageFont.truetype(str(path), size)
    rtl = lang == "ar"
    kwargs = {"direction": "rtl", "language": "ar"} if rtl else {}
    units = list(text) if lang == "zh" else text.split()
    sep = "" if lang == "zh" else " "
    lines: list[str] = []
    cur = ""
    for u in units:
        trial = cur + sep + u if cur else u
        if font.getlength(trial, **kwargs) > width - 2 * margin and cur:
            lines.append(cur)
            cur = u
        else:
            cur = trial
    if cur:
        lines.append(cur)
    pitch = int(size * 1.6)
    img = PILImage.new("L", (width, 2 * margin + pitch * len(lines)), 255)
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        y = margin + i * pitch
        if rtl:
            x = width - margin - font.getlength(line, **kwargs)
            draw.text((x, y), line, font=font, fill=0, **kwargs)
        else:
            draw.text((margin, y), line, font=font, fill=0)
    return img


def add_noise(img: Image, kind: str, seed: int = 7) -> Image:
    """``blur`` (Gaussian, radius 1.2 px), ``skew`` (2° rotation) or ``saltpepper`` (2 % pixels)."""
    import numpy as np
    from PIL import Image as PILImage
    from PIL import ImageFilter

    if kind == "blur":
        return img.filter(ImageFilter.GaussianBlur(1.2))
    if kind == "skew":
        return img.rotate(2.0, resample=PILImage.Resampling.BICUBIC, expand=True, fillcolor=255)
    if kind == "saltpepper":
        a = np.array(img)
        rng = np.random.default_rng(seed)
        mask = rng.random(a.shape)
        a[mask < 0.01] = 0
        a[mask > 0.99] = 255
        return PILImage.fromarray(a)
    raise ValueError(f"unknown noise {kind!r}")


def compare_text(text: str, lang: str) -> str:
    """What the CER compares for ``lang``: white space normalised; for Chinese all spaces removed
    (OCR puts them between characters); for Arabic without tashkeel."""
    text = normalise_ws(text)
    if lang == "zh":
        text = text.replace(" ", "")
    if lang == "ar":
        text = strip_tashkeel(text)
    return text
