"""OCR bench: A/L.632 (CER of the body, metadata fields), six-language renders, speed, cache.

    OMP_THREAD_LIMIT=1 .venv/bin/python bench/ocr_bench.py [--corpus ../shared/corpus] [--no-write]

CER = Levenshtein distance / reference length, after white-space normalisation (every run of
white space → one space). A/L.632: the reference is ``A_L.632.expected.txt``; the hypothesis is
the body layer of the OCR'd document after ``fix_document`` → ``clean`` → ``parse``, from the
block holding the parsed title on (the session/agenda lines above it are cover metadata), with
typographic apostrophes folded to ``'`` (clean makes them typographic; the reference is ASCII).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hexaglot.clean import clean
from hexaglot.model import Layer
from hexaglot.parse import parse
from hexaglot.read.ocr import ocr_image, ocr_pdf_pages, vocabulary
from hexaglot.read.ocr_eval import (
    add_noise,
    cer,
    compare_text,
    pages_to_document,
    render_text,
    strip_tashkeel,
)
from hexaglot.read.ocr_fix import fix_document, fix_page, fix_text
from results import write_section

LANGS = ("en", "fr", "es", "ru", "ar", "zh")
NOTES = """\
- **CER** = Levenshtein distance / reference length after white-space normalisation (every run of
  white space, line breaks included, → one space). A/L.632 "body from title": the body layer of
  `parse(clean(fix_document(pages_to_document(..., [fix_page(p) ...]))))` from the block that holds
  the parsed title on, typographic apostrophes folded to `'` (the reference file is ASCII); "whole
  body" also counts the session/agenda lines above the title (not in the reference); the next
  column is without the apostrophe folding. Six languages: whole recognised text vs the rendered
  sentences; Chinese compared without spaces, Arabic without tashkeel (the rendered text has none).
- **Fields** (11): symbol, organ, session, agenda item, distribution, date, original language,
  job number, document type, title (case-folded), the 20 sponsors, from the lead's parser.
- **Hidden layer as 2nd opinion**: A/L.632 carries the UN's own invisible OCR layer; a doubtful
  Tesseract word (confidence < 0.7, not a known word) that overlaps one well-formed layer word (a
  known word, a number or a UN symbol) takes it. Without it, pure OCR at 300 dpi misses the job
  number (the grey scanner band under `71-19641` gives `21-1964`/`11-1964`) and reads `Distr.` as
  `istr.`/`1str,` (since fixed for `istr.` by the table word list; `1str,` is two edits away).
- **dpi**: 300 is the default. The scan is 150 dpi natively; 400 dpi upsamples too far for the
  fast LSTM models (letter-spaced `G E N E R A L` and the session line break up).
- **Speed**: "language detected" adds Tesseract's OSD (script) and, for Latin script, a first
  English pass classified by `detect_language` (reused when the page is English). Cached: the key
  is a hash of the rendered page image + language + engine and pipeline version; a hit skips the
  preprocessing and Tesseract (only hashing and layout remain).
"""
PDF = "un_scanned_pdfs/1971-09-29_A_L.632-EN.pdf"


def _fold(s: str) -> str:
    return s.replace("’", "'").replace("‘", "'")


def al632(corpus: Path, dpi: int, cache: Path, layer: bool = True) -> tuple[list[str], float]:
    pdf = corpus / PDF
    data = pdf.read_bytes()
    t = time.perf_counter()
    pages = ocr_pdf_pages(pdf, data, None, None, cache_dir=cache, dpi=dpi, use_text_layer=layer)
    secs = time.perf_counter() - t
    doc = parse(clean(fix_document(pages_to_document(pdf, data, [fix_page(p) for p in pages]))))
    md = doc.metadata
    body = [b for b in doc.blocks if b.layer == Layer.BODY]
    start = next((i for i, b in enumerate(body) if md.title and b.text[:20].lower() == md.title[:20].lower()), 0)
    hyp = "\n".join(b.text for b in body[start:])
    ref = (corpus / "un_scanned_pdfs/A_L.632.expected.txt").read_text(encoding="utf-8")
    full = "\n".join(b.text for b in body)
    gold = json.loads((corpus / "un_scanned_pdfs/A_L.632.expected_metadata.json").read_text(encoding="utf-8"))
    got = {
        "symbol": md.symbols[0].value if md.symbols else None,
        "organ": "General Assembly" if "GA" in md.organs else md.organs,
        "session": md.session,
        "agenda_item": str(md.agenda_items[0]) if md.agenda_items else None,
        "distribution": (md.distribution or "").upper(),
        "date": md.date,
        "original_language": {"en": "English"}.get(md.original_language or "", md.original_language),
        "job_number": md.job_number,
        "document_type": (md.doc_type or "").replace("_", " "),
        "title": _fold(md.title or "").lower(),
        "sponsors": getattr(md, "sponsors", None),
    }
    want = dict(gold, session=26, title=gold["title"].lower())
    ok = [k for k in want if got.get(k) == want[k]]
    bad = [f"{k}={got.get(k)!r}" for k in want if got.get(k) != want[k]]
    c = cer(_fold(hyp), ref)
    rows = [f"| {dpi} | {'yes' if layer else 'no'} | {secs:.1f} | **{c:.4f}** | {cer(_fold(full), ref):.4f} | {cer(hyp, ref):.4f} | "
            f"{len(ok)}/{len(want)} | {', '.join(bad) or '-'} |"]
    return rows, c


def six(corpus: Path) -> list[str]:
    rows = []
    for lang, size in [(lang, 40) for lang in LANGS] + [("ar", 48)]:
        lines = (corpus / "unpc_devset_6way" / f"dev.{lang}").read_text(encoding="utf-8").splitlines()
        text = " ".join(lines[20:23])
        text = strip_tashkeel(text) if lang == "ar" else text
        img = render_text(text, lang, size=size)
        cells = []
        for noise in (None, "blur", "skew", "saltpepper"):
            im = img if noise is None else add_noise(img, noise)
            page = fix_page(ocr_image(im, lang, cache_dir=None))
            hyp = fix_text(" ".join(ln.text for ln in page.lines if ln.furniture is None), lang, vocabulary(lang))
            cells.append(f"{cer(compare_text(hyp, lang), compare_text(text, lang)):.4f}")
        rows.append(f"| {lang} | {size} | {len(compare_text(text, lang))} | **{cells[0]}** | " + " | ".join(cells[1:]) + " |")
    return rows


EIGHT = (20, 40, 60, 100, 200, 300, 400, 500)


def eight(corpus: Path) -> list[str]:
    """Clean renders of eight two-sentence passages spread through the dev set, per language."""
    rows = []
    for lang in LANGS:
        lines = (corpus / "unpc_devset_6way" / f"dev.{lang}").read_text(encoding="utf-8").splitlines()
        errors = chars = 0.0
        worst = (0.0, 0)
        for start in EIGHT:
            text = " ".join(lines[start:start + 2])
            text = strip_tashkeel(text) if lang == "ar" else text
            page = fix_page(ocr_image(render_text(text, lang, size=40), lang, cache_dir=None))
            hyp = fix_text(" ".join(ln.text for ln in page.lines if ln.furniture is None), lang, vocabulary(lang))
            ref = compare_text(text, lang)
            c = cer(compare_text(hyp, lang), ref)
            errors += c * len(ref)
            chars += len(ref)
            worst = max(worst, (c, start))
        rows.append(f"| {lang} | {int(chars)} | **{errors / chars:.4f}** | {worst[0]:.4f} (lines {worst[1]}-{worst[1] + 1}) |")
    return rows


def speed(corpus: Path) -> list[str]:
    rows = []
    for lang in LANGS:
        lines = (corpus / "unpc_devset_6way" / f"dev.{lang}").read_text(encoding="utf-8").splitlines()
        text = " ".join(lines[100:130])  # about one A4 page of text
        img = render_text(strip_tashkeel(text) if lang == "ar" else text, lang)
        img = img.crop((0, 0, img.width, min(img.height, 3300)))
        with tempfile.TemporaryDirectory() as tmp:
            t = time.perf_counter()
            ocr_image(img, lang, cache_dir=Path(tmp))
            first = time.perf_counter() - t
            t = time.perf_counter()
            page = ocr_image(img, lang, cache_dir=Path(tmp))
            second = time.perf_counter() - t
            t = time.perf_counter()
            ocr_image(img, None, cache_dir=Path(tmp) / "detect")
            detect = time.perf_counter() - t
        rows.append(f"| {lang} | {img.width}x{img.height} | {len(page.text)} | {first:.2f} | {detect:.2f} | "
                    f"{second:.3f} ({'cached' if page.cached else 'NOT cached'}) |")
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "corpus")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    out = [f"OMP_THREAD_LIMIT={os.environ.get('OMP_THREAD_LIMIT', 'unset')}; tesseract models: Debian "
           "tesseract-ocr-* (fast LSTM models); cache cleared per run.", "",
           "### A/L.632 (1971 scan, hidden OCR layer used as a second opinion)", "",
           "| dpi | hidden layer as 2nd opinion | s/page (no cache) | CER body from title | CER whole body "
           "| CER without quote folding | fields right | wrong |",
           "|---|---|---|---|---|---|---|---|"]
    for dpi, layer in ((150, True), (200, True), (300, True), (400, True), (200, False), (300, False), (400, False)):
        with tempfile.TemporaryDirectory() as tmp:
            rows, _ = al632(args.corpus, dpi, Path(tmp), layer)
        out += rows
    out += ["", "### Six languages, pages rendered from UNPC dev sentences 20-22 (DejaVu Sans for "
            "Latin, Cyrillic and Arabic, AR PL UKai for Chinese; 40 px ≈ 10 pt at 300 dpi), after ocr_fix (fix_page + fix_text)", "",
            "| lang | font px | ref chars | clean | blur 1.2 px | skew 2° | salt-and-pepper 2 % |",
            "|---|---|---|---|---|---|---|"]
    out += six(args.corpus)
    out += ["", "### Six languages over eight passages (UNPC dev lines 20, 40, 60, 100, 200, 300, 400 and 500, "
            "two sentences each; clean renders, 40 px)", "",
            "| lang | ref chars | CER | worst passage |", "|---|---|---|---|"]
    out += eight(args.corpus)
    out += ["", "### Speed on one core: one full page of text (UNPC dev sentences 100-129)", "",
            "| lang | image px | chars | s/page, language given | s/page, language detected (OSD + first pass) "
            "| second run (cache) s |", "|---|---|---|---|---|---|"]
    out += speed(args.corpus)
    out += ["", f"Load average when finished: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (other jobs share "
            "the machine: the seconds are upper bounds).", "", NOTES]
    body = "\n".join(out)
    print(body)
    if not args.no_write:
        write_section("OCR", body, "OMP_THREAD_LIMIT=1 .venv/bin/python bench/ocr_bench.py")


if __name__ == "__main__":
    main()
