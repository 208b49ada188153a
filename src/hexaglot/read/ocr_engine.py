"""Tesseract behind one small interface: check it is there, recognise an image, extract word lists.

Everything here talks to the Debian ``tesseract-ocr`` binary through ``pytesseract`` (imported
lazily). The records produced are :class:`OcrWord` rows in *pixel* coordinates of the image given;
:mod:`hexaglot.read.ocr` turns them into PDF points.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from hexaglot.errors import InputError

if TYPE_CHECKING:
    import numpy as np
    from PIL.Image import Image

TESS_LANG = {"ar": "ara", "zh": "chi_sim", "en": "eng", "fr": "fra", "ru": "rus", "es": "spa"}
UN_LANG = {v: k for k, v in TESS_LANG.items()}
DEBIAN_PACKAGE = {code: "tesseract-ocr-" + tess.replace("_", "-") for code, tess in TESS_LANG.items()}
INSTALL_HINT = "apt-get install tesseract-ocr " + " ".join(DEBIAN_PACKAGE.values())
OSD_SCRIPT = {"Latin": None, "Arabic": "ar", "Han": "zh", "Cyrillic": "ru", "HanS": "zh", "HanT": "zh"}


@dataclass(frozen=True, slots=True)
class PixWord:
    """One recognised word in image pixels; ``line`` identifies Tesseract's line."""

    text: str
    x0: int
    top: int
    x1: int
    bottom: int
    conf: float  # 0..1
    line: tuple[int, int, int]


def _missing(reason: str) -> InputError:
    return InputError("tesseract", f"{reason}; install it with `{INSTALL_HINT}`")


@cache
def engine_version() -> str:
    """``tesseract 5.3.0`` (raises :class:`InputError` naming the Debian packages when absent)."""
    try:
        import pytesseract
    except ImportError as exc:  # pragma: no cover - pinned dependency
        raise _missing("the Python package pytesseract is not installed (pip install pytesseract)") from exc
    if shutil.which(pytesseract.pytesseract.tesseract_cmd) is None:
        raise _missing("the tesseract OCR engine is not installed")
    try:
        return f"tesseract {pytesseract.get_tesseract_version()}"
    except (pytesseract.TesseractNotFoundError, OSError) as exc:
        raise _missing("the tesseract OCR engine cannot be run") from exc


@cache
def installed_languages() -> frozenset[str]:
    import pytesseract

    engine_version()
    return frozenset(pytesseract.get_languages(config=""))


def check_language(tess_lang: str) -> None:
    """Raise :class:`InputError` naming the Debian package of any missing language model."""
    have = installed_languages()
    for part in tess_lang.split("+"):
        if part not in have:
            code = UN_LANG.get(part, part)
            pkg = DEBIAN_PACKAGE.get(code, "tesseract-ocr-" + part.replace("_", "-"))
            raise _missing(f"the Tesseract language model {part!r} is not installed (Debian package {pkg})")


def available() -> bool:
    """True when tesseract and the six language models are installed."""
    try:
        return all(t in installed_languages() for t in TESS_LANG.values())
    except InputError:
        return False


def recognise(image: Image, tess_lang: str, psm: int = 3) -> list[PixWord]:
    """Words of ``image`` with their boxes and confidences (Tesseract's LSTM engine)."""
    import pytesseract

    check_language(tess_lang)
    config = f"--oem 1 --psm {psm} -c preserve_interword_spaces=0"
    data = pytesseract.image_to_data(image, lang=tess_lang, config=config, output_type=pytesseract.Output.DICT)
    out: list[PixWord] = []
    for i, text in enumerate(data["text"]):
        text = (text or "").strip()
        if data["level"][i] != 5 or not text:
            continue
        x, y, w, h = data["left"][i], data["top"][i], data["width"][i], data["height"][i]
        conf = max(0.0, float(data["conf"][i])) / 100.0
        key = (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))
        out.append(PixWord(text, x, y, x + w, y + h, round(conf, 3), key))
    return out


RETRY_SCALES = (1.5, 0.75)  # Tesseract's line finder is sensitive to text height: try others


def ink_mask(image: Image) -> np.ndarray:
    """Dark pixels of the page (grey value under 128), as a boolean array indexed [y, x]."""
    import numpy as np

    return np.asarray(image.convert("L")) < 128


def ink_bands(ink: np.ndarray, min_share: float = 0.002) -> list[tuple[int, int]]:
    """Horizontal bands of the page that hold ink (text rows), from the row projection profile."""
    w = ink.shape[1]
    rows = ink.sum(axis=1).tolist()
    bands: list[tuple[int, int]] = []
    start = None
    for y, n in enumerate([*rows, 0]):
        if n > min_share * w and start is None:
            start = y
        elif n <= min_share * w and start is not None:
            bands.append((start, y))
            start = None
    if not bands:
        return []
    tallest = max(b - a for a, b in bands)
    return [(a, b) for a, b in bands if b - a >= 0.3 * tallest]  # specks and rules are not rows


def _covered(words: list[PixWord], bands: list[tuple[int, int]]) -> int:
    return sum(any(w.top < b and a < w.bottom for w in words) for a, b in bands)


def recognise_all_rows(image: Image, tess_lang: str) -> list[PixWord]:
    """:func:`recognise`, retried at other scales when whole text rows come back empty (Tesseract
    sometimes drops lines at one text height and reads them at another); the reading that covers
    the most rows wins. Boxes stay in the coordinates of ``image``."""
    words = recognise(image, tess_lang)
    ink = ink_mask(image)
    bands = ink_bands(ink)
    best, best_cov = words, _covered(words, bands)
    for scale in RETRY_SCALES:
        if best_cov >= len(bands):
            break
        w, h = image.size
        scaled = image.resize((max(1, round(w * scale)), max(1, round(h * scale))))
        again = [PixWord(x.text, round(x.x0 / scale), round(x.top / scale), round(x.x1 / scale),
                         round(x.bottom / scale), x.conf, x.line) for x in recognise(scaled, tess_lang)]
        cov = _covered(again, bands)
        if cov > best_cov:
            best, best_cov = again, cov
    return best + fill_gaps(image, ink, best, bands, tess_lang)


GAP_MISSING_CHARS = 1.0  # a Chinese row this many characters short of its ink width is re-read
GAP_MIN_WIDTH = 1.2  # uncovered ink at least this many row heights wide is read again
GAP_MIN_CONF = 0.6  # words read in a gap are kept from this confidence


def fill_gaps(image: Image, ink: np.ndarray, words: list[PixWord], bands: list[tuple[int, int]],
              tess_lang: str) -> list[PixWord]:
    """Words for stretches of a Chinese text row that hold ink but no recognised word: Tesseract
    sometimes cuts a line in two and loses the characters between the pieces.

    Chinese is set on a square grid, so a row's ink width tells how many characters it holds; a row
    that came back more than :data:`GAP_MISSING_CHARS` short (against the page's own width per
    character) has its uncovered stretches of ink read again, each as one line (``--psm 7``), and
    the confident words are kept. (Tesseract's boxes for Chinese words are sometimes far too
    narrow, so uncovered ink alone is no proof of a lost character; the count is.)"""
    import numpy as np

    if not tess_lang.startswith("chi") or not words or not bands:
        return []
    rows = []
    for a, b in bands:
        row = [w for w in words if w.top < b and a < w.bottom]
        cols = np.flatnonzero(ink[a:b].any(axis=0))
        if row and cols.size:
            rows.append((a, b, row, (cols[-1] - cols[0]) / (b - a), sum(_char_units(w.text) for w in row)))
    full = [span / n for _, _, _, span, n in rows if n >= 10]
    if not full:
        return []
    # Row heights of ink per character on this page: the fullest row's (a row that lost characters
    # has a larger ratio; a page may have only two or three rows).
    per_char = min(full)
    found: list[PixWord] = []
    for k, (a, b, row, span, n) in enumerate(rows):
        if span / per_char - n < GAP_MISSING_CHARS:
            continue
        h = b - a
        cols = ink[a:b].any(axis=0)
        covered = np.zeros_like(cols)
        pad = max(1, h // 4)
        for w in row:
            covered[max(0, w.x0 - pad):w.x1 + pad] = True
        for x0, x1 in _runs(cols & ~covered, join=int(0.6 * h)):
            if x1 - x0 < GAP_MIN_WIDTH * h:
                continue
            m = max(2, h // 3)
            box = (max(0, x0 - m), max(0, a - m), min(ink.shape[1], x1 + m), min(ink.shape[0], b + m))
            crop = image.crop(box)
            for psm in (7, 8):  # as one line, then as one word: small crops trip either now and then
                kept = [w for w in recognise(crop, tess_lang, psm=psm)
                        if w.conf >= GAP_MIN_CONF and w.text.strip("|-_")]
                if kept:
                    found += [PixWord(w.text.strip("|-_"), w.x0 + box[0], w.top + box[1], w.x1 + box[0],
                                      w.bottom + box[1], w.conf, (-1, k, x0)) for w in kept]
                    break
    return found


_CJK_CHAR = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def _char_units(text: str) -> float:
    """Width of ``text`` in Chinese character cells: an ideograph or full-width mark is one, a
    Latin letter or a digit about half."""
    wide = len(_CJK_CHAR.findall(text))
    return wide + 0.55 * (len(text) - wide)


def _runs(mask: object, join: int) -> list[tuple[int, int]]:
    """``[start, end)`` runs of True in a 1-d boolean array, runs closer than ``join`` merged."""
    import numpy as np

    m = np.asarray(mask, dtype=np.int8)
    edges = np.flatnonzero(np.diff(np.concatenate(([0], m, [0]))))
    runs: list[tuple[int, int]] = []
    for x0, x1 in zip(edges[::2], edges[1::2], strict=True):
        if runs and x0 - runs[-1][1] < join:
            runs[-1] = (runs[-1][0], int(x1))
        else:
            runs.append((int(x0), int(x1)))
    return runs


def detect_script(image: Image) -> str | None:
    """``ar``/``zh``/``ru`` from Tesseract's orientation-and-script pass, ``"latin"``, or None."""
    import pytesseract

    if "osd" not in installed_languages():
        return None
    try:
        osd = pytesseract.image_to_osd(image, config="--psm 0", output_type=pytesseract.Output.DICT)
    except pytesseract.TesseractError:  # too few characters to decide
        return None
    script = str(osd.get("script", ""))
    if float(osd.get("script_conf", 0.0)) < 1.0:
        return None
    if script == "Latin":
        return "latin"
    return OSD_SCRIPT.get(script)


def word_list(tess_lang: str, cache_dir: Path) -> frozenset[str]:
    """The dictionary inside Tesseract's own language model (its LSTM word DAWG), as a set.

    Extracted once with ``combine_tessdata`` and ``dawg2wordlist`` (both in Debian ``tesseract-ocr``)
    and kept in ``cache_dir``; an empty set when the tools or the model are missing.
    """
    out = cache_dir / f"words-{tess_lang}-{_model_stamp(tess_lang)}.txt"
    if not out.is_file():
        text = _extract_words(tess_lang)
        if text is None:
            return frozenset()
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            tmp = out.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, out)
        except OSError:  # a read-only cache: use the list without keeping it
            return frozenset(text.split())
    return frozenset(out.read_text(encoding="utf-8").split())


def _tessdata_dir() -> Path | None:
    env = os.environ.get("TESSDATA_PREFIX")
    candidates = [Path(env)] if env else []
    candidates += [Path("/usr/share/tesseract-ocr/5/tessdata"), Path("/usr/share/tesseract-ocr/4.00/tessdata")]
    return next((c for c in candidates if (c / "eng.traineddata").is_file() or c.is_dir()), None)


def _model_stamp(tess_lang: str) -> str:
    d = _tessdata_dir()
    f = d / f"{tess_lang}.traineddata" if d else None
    return f"{f.stat().st_size}" if f and f.is_file() else "none"


def _extract_words(tess_lang: str) -> str | None:
    d = _tessdata_dir()
    combine, dawg = shutil.which("combine_tessdata"), shutil.which("dawg2wordlist")
    if d is None or combine is None or dawg is None or not (d / f"{tess_lang}.traineddata").is_file():
        return None
    with tempfile.TemporaryDirectory(prefix="hexaglot-words-") as tmp:
        prefix = str(Path(tmp) / f"{tess_lang}.")
        run = subprocess.run  # argv lists, no shell
        run([combine, "-u", str(d / f"{tess_lang}.traineddata"), prefix], capture_output=True, check=False)
        uni, words = Path(prefix + "lstm-unicharset"), Path(prefix + "lstm-word-dawg")
        if not (uni.is_file() and words.is_file()):
            return None
        target = Path(tmp) / "words.txt"
        run([dawg, str(uni), str(words), str(target)], capture_output=True, check=False)
        return target.read_text(encoding="utf-8", errors="replace") if target.is_file() else None
