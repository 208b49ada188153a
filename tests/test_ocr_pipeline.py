"""OCR through the whole pipeline (read → clean → parse) and the --ocr modes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from hexaglot.pipeline import process
from hexaglot.read.ocr_eval import cer
from hexaglot.segment import segment_document

needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None,
                                     reason="tesseract-ocr is not installed (apt-get install tesseract-ocr ...)")
SCAN = "un_scanned_pdfs/1971-09-29_A_L.632-EN.pdf"


@needs_tesseract
def test_a_l_632_every_field_and_body_cer(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HEXAGLOT_OCR_CACHE", str(tmp_path / "cache"))  # cold cache: really OCR it
    doc = process(corpus / SCAN)
    md = doc.metadata
    want = json.loads((corpus / "un_scanned_pdfs/A_L.632.expected_metadata.json").read_text(encoding="utf-8"))
    assert doc.origin.needs_ocr and any("OCR applied" in w for w in doc.warnings)
    assert [s.value for s in md.symbols] == [want["symbol"]]
    assert md.organs[:1] == ["GA"]
    assert md.session == 26 and want["session"] == "Twenty-sixth session"
    assert md.agenda_items == [int(want["agenda_item"])]
    assert md.distribution == want["distribution"].lower()
    assert md.date == want["date"]
    assert md.original_language == "en" and want["original_language"] == "English"
    assert md.job_number == want["job_number"]
    assert md.doc_type == want["document_type"].replace(" ", "_")
    assert (md.title or "").replace("’", "'") == want["title"]
    assert md.sponsors == want["sponsors"]
    ref = (corpus / "un_scanned_pdfs/A_L.632.expected.txt").read_text(encoding="utf-8")
    body = [b.text for b in doc.blocks if b.layer == "body"]
    start = next(i for i, t in enumerate(body) if t.upper().startswith("RESTORATION"))
    assert cer("\n".join(body[start:]).replace("’", "'"), ref) <= 0.02
    # one block per paragraph: the double-spaced operative paragraph is reflowed (issue 13, item 8)
    assert len(body[start:]) == len([p for p in ref.split("\n\n") if p.strip()])
    last = segment_document(doc)[-1].text
    assert last.startswith("Decides that any proposal") and last.endswith("Article 18 of the Charter.")


def test_ocr_never_keeps_the_text_layer_and_flags_it(corpus: Path) -> None:
    doc = process(corpus / SCAN, ocr="never")
    assert doc.origin.needs_ocr
    assert not any("OCR applied" in w for w in doc.warnings)


def test_good_text_layer_is_never_ocrd_under_auto(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import hexaglot.read.ocr as ocr

    def boom(*args: object, **kwargs: object) -> None:
        raise AssertionError("a born-digital PDF was sent to OCR")

    monkeypatch.setattr(ocr, "ocr_pdf_pages", boom)
    doc = process(corpus / "un_reports_en/pdf/A_80_604_Add.1.pdf", ocr="auto")
    assert not doc.origin.needs_ocr and doc.metadata.symbols


def test_ocr_always_on_a_good_text_layer_says_so_and_names_the_pages(corpus: Path, monkeypatch: pytest.MonkeyPatch
                                                                    ) -> None:
    """--ocr always on a born-digital report: 18 warnings "text layer: 1 words replaced, 0 added" named
    no page, nothing said the text layer had been good, and the summary said "(needs OCR)" after OCR."""
    import hexaglot.read.ocr as ocr
    from hexaglot.serve import cli

    def fake(path: Path, data: bytes, pages: list[int], lang: str | None, **kw: object) -> list[ocr.OcrPage]:
        return [ocr.OcrPage(p, 595.0, 842.0, "en", notes=["text layer: 1 word replaced, 0 added"]) for p in pages[:2]]

    monkeypatch.setattr(ocr, "ocr_pdf_pages", fake)
    doc = process(corpus / "un_reports_en/pdf/A_80_604_Add.1.pdf", ocr="always")
    assert "page 2: text layer: 1 word replaced, 0 added" in doc.warnings
    assert any(w.startswith("the text layer was good (quality") and "--ocr auto keeps" in w for w in doc.warnings)
    shown: list[str] = []
    monkeypatch.setattr(cli.out, "print", lambda table, **k: shown.extend(  # the table's rows (its title apart)
        f"{a} {b}" for a, b in zip(table.columns[0].cells, table.columns[1].cells, strict=True))
        if hasattr(table, "columns") else None)
    from hexaglot.parse import summary

    s = summary(doc)
    s["sponsors"] = ["Albania", "Algeria"]  # the readable summary left the sponsors out (the JSON had them)
    cli._print_summary(s)
    quality = next(x for x in shown if x.startswith("text quality"))
    assert "(OCR applied to page(s) 1, 2)" in quality and "needs OCR" not in quality
    assert "sponsors Albania, Algeria" in shown


@needs_tesseract
def test_page_without_text_layer_is_ocrd_under_auto(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from PIL import Image, ImageDraw, ImageFont

    from hexaglot.read.ocr_eval import font_for

    monkeypatch.setenv("HEXAGLOT_OCR_CACHE", str(tmp_path / "cache"))
    font = ImageFont.truetype(str(font_for("en")[0]), 36)
    img = Image.new("L", (1700, 2200), 255)
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(["The Security Council,", "Decides to remain seized of the matter."]):
        draw.text((150, 200 + 70 * i), line, font=font, fill=0)
    path = tmp_path / "scan.pdf"
    img.save(path, "PDF", resolution=200.0)
    doc = process(path, "en")
    assert any("OCR applied" in w for w in doc.warnings)
    assert "remain seized" in doc.body_text()
