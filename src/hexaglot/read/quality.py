"""How usable is a PDF's text layer? A 0..1 score and a "needs OCR" decision, measured.

Three measurements, each explained in the returned reasons:

* **word shape** — the share of tokens that look like words, numbers or UN symbols (letters with at
  most inner hyphens/apostrophes, digits with separators, ``A/L.632``); OCR debris such as
  ``~9``, ``,i·/`` or ``1.w`` fails it;
* **character classes** — the share of characters that are letters, digits, spaces or ordinary
  punctuation (stray ``~ · | ^ ¬`` and control/private-use characters count against);
* **layout** — pages covered by one big image with little text (a scan without a text layer), or
  whose text is drawn *invisible* over the image (the hidden OCR layer of a scanned page: text that
  a person never proofread). Those pages are discounted.

``text_quality = word_shape × char_classes × layout``; ``needs_ocr`` when the score is under
:data:`OCR_THRESHOLD` or most pages are image-only.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

OCR_THRESHOLD = 0.75
SCAN_IMAGE_COVER = 0.5  # an image covering this share of the page makes it look like a scan
SPARSE_CHARS = 80  # fewer characters than this on a scanned-looking page: no usable text layer
HIDDEN_LAYER_WEIGHT = 0.5  # how much an invisible OCR layer over a scan lowers the page's weight

_EDGE = "()[]{}\"'“”‘’«»„‚.,;:!?*…–—-"
_WORD = re.compile(r"^[^\W\d_]+(?:[-'’.][^\W\d_]+)*$")
_NUMBER = re.compile(r"^[$€£¥%+\-–]?\d[\d.,/:%\u00a0\u202f\-–]*[a-z]{0,2}$")
_SYMBOL = re.compile(r"^[A-Z0-9]+(?:[/.\-][A-Za-z0-9]+)+$")
_SPACE = re.compile(r"\s")
_ODD = re.compile(r"[^\w\s.,;:!?()\[\]{}\"'“”‘’«»„‚\-–—/%$€£&*+=§@#…]|_")
_OK_PUNCT = set(".,;:!?()[]{}\"'“”‘’«»„‚-–—/%$€£&*+=§@#…")


@dataclass(slots=True)
class PageStats:
    text: str
    area: float = 1.0
    image_cover: float = 0.0  # largest image's share of the page area
    invisible_share: float = 0.0  # share of sampled characters drawn in invisible render mode


@dataclass(slots=True)
class Quality:
    score: float
    needs_ocr: bool
    reasons: list[str] = field(default_factory=list)


def word_shape(text: str) -> tuple[int, int]:
    """``(good, total)`` tokens; a token is good when it looks like a word, number or symbol."""
    good = total = 0
    for raw in text.split():
        tok = raw.strip(_EDGE)
        if not tok:
            continue
        total += 1
        if (
            _WORD.match(tok)
            or _NUMBER.match(tok)
            or _SYMBOL.match(tok)
            or all(_cjk(ch) or ch in _OK_PUNCT for ch in tok)
        ):
            good += 1
    return good, total


def _cjk(ch: str) -> bool:
    return unicodedata.category(ch) in ("Lo", "Lm", "Nd")


def char_classes(text: str) -> tuple[int, int]:
    """``(ordinary, total)`` non-space characters."""
    total = len(text) - len(_SPACE.findall(text))
    odd = _ODD.findall(text)
    return total - len(odd), total


def assess(pages: list[PageStats]) -> Quality:
    """Score a whole document from its pages' text and layout."""
    reasons: list[str] = []
    if not pages:
        return Quality(0.0, True, ["no pages"])
    good = tokens = ok = chars = 0
    weight_sum = 0.0
    scanned = hidden = 0
    for p in pages:
        g, t = word_shape(p.text)
        o, c = char_classes(p.text)
        good, tokens, ok, chars = good + g, tokens + t, ok + o, chars + c
        weight = 1.0
        if p.image_cover >= SCAN_IMAGE_COVER:
            if c < SPARSE_CHARS:
                scanned += 1
                weight = 0.0
            elif p.invisible_share > 0.5:
                hidden += 1
                weight = 1.0 - HIDDEN_LAYER_WEIGHT
        weight_sum += weight
    words = good / tokens if tokens else 0.0
    classes = ok / chars if chars else 0.0
    layout = weight_sum / len(pages)
    score = round(words * classes * layout, 3)
    reasons.append(
        f"text quality {score:.3f}: word shape {words:.3f}, character classes {classes:.3f}, layout {layout:.3f}"
    )
    if scanned:
        reasons.append(f"{scanned} of {len(pages)} pages are images with no text layer")
    if hidden:
        reasons.append(f"{hidden} of {len(pages)} pages carry an invisible OCR layer over a scanned image")
    needs = score < OCR_THRESHOLD or scanned * 2 > len(pages) or not tokens
    if needs:
        reasons.append("the text layer is not usable as is: OCR recommended")
    return Quality(score, needs, reasons)
