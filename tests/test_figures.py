"""Figures keep their caption (issue 14): "Figure I", its title and unit lines, "Map" become blocks
labelled ``caption``, in reading order, in the body (parse/figures.py)."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import pytest
from tests.test_read_pdf_tables import _page_pdf, _text

from hexaglot.model import Block, Document, Label, Layer, Origin
from hexaglot.parse import summary
from hexaglot.parse.figures import mark_figures
from hexaglot.pipeline import process

PROSE = "The Mission reduced its fleet during the period, as shown below, and closed two of its camps."


def _blocks(*items: tuple[str, Label]) -> Document:
    blocks = [Block(text=t, label=lab, layer=Layer.BODY) for t, lab in items]
    return Document(id="d", origin=Origin(path="d", sha256="0", format="docx"), language="en", blocks=blocks)


def test_caption_lines_of_a_figure_are_captions_and_sentences_about_it_are_not() -> None:
    doc = _blocks((PROSE, Label.PARAGRAPH),
                  ("Figure I", Label.PARAGRAPH),
                  ("Expenditure by category, 2020/21 to 2024/25", Label.PARAGRAPH),
                  ("(Millions of United States dollars)", Label.PARAGRAPH),
                  ("Figure I shows that expenditure fell in every year.", Label.PARAGRAPH),
                  ("Chart 2: Vacancy rates", Label.HEADING),
                  ("B. Civilian personnel", Label.HEADING),
                  ("Figure 3", Label.PARAGRAPH),
                  ("12. The fleet was reduced.", Label.PARAGRAPH),
                  ("Map", Label.HEADING),
                  ("Maps of the region were updated", Label.PARAGRAPH))
    mark_figures(doc)
    assert [b.label for b in doc.blocks] == [
        Label.PARAGRAPH, Label.CAPTION, Label.CAPTION, Label.CAPTION, Label.PARAGRAPH, Label.CAPTION,
        Label.HEADING, Label.CAPTION, Label.PARAGRAPH, Label.CAPTION, Label.PARAGRAPH]
    assert all(b.table is None for b in doc.blocks)


@pytest.mark.slow
def test_an_annex_titled_like_a_figure_keeps_its_title(corpus: Path) -> None:
    # A/80/600: "Annex / Organization charts" is the annex's heading and title (the annex record
    # holds them); the "Map" under the charts is a figure caption
    for ext in ("docx", "pdf"):
        s = summary(process(corpus / "un_reports_en" / ext / f"A_80_600.{ext}", "en"))
        (annex,) = s["annexes"]
        assert annex["title"] == "Organization charts"
        captions = [p for p, lab in zip(annex["paragraphs"], annex["labels"], strict=True) if lab == "caption"]
        assert captions == ["Map"], ext


@pytest.mark.slow
def test_real_report_map_caption_in_reading_order(corpus: Path) -> None:
    # A/80/596's annex: the organization chart's abbreviations, then the map and its caption
    for ext in ("docx", "pdf"):
        s = summary(process(corpus / "un_reports_en" / ext / f"A_80_596.{ext}", "en"))
        (annex,) = s["annexes"]
        assert annex["paragraphs"][-1] == "Map" and annex["labels"][-1] == "caption", ext
        assert any(p.startswith("Abbreviations:") for p in annex["paragraphs"][:-1])
        assert "Map" not in s["furniture"]


def _png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (40, 20), (200, 30, 30)).save(buf, format="PNG")
    return buf.getvalue()


def test_docx_figure_caption_is_a_caption_of_the_body(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    d.add_paragraph(PROSE)
    d.add_paragraph("Figure II")
    d.add_paragraph("Vehicles in service")
    d.add_picture(io.BytesIO(_png()))
    d.add_paragraph("The General Assembly is requested to take note of the present report.")
    path = tmp_path / "fig.docx"
    d.save(str(path))
    s = summary(process(path, "en"))
    k = s["body"].index("Figure II")
    assert s["body"][k : k + 3] == ["Figure II", "Vehicles in service", s["body"][k + 2]]
    assert s["body_labels"][k : k + 3] == ["caption", "caption", "paragraph"]
    assert s["tables"] == []


def test_pdf_figure_caption_is_a_caption_of_the_body(tmp_path: Path) -> None:
    content = bytearray(_text(72, 720, PROSE[:60], 10) + _text(72, 706, PROSE[60:], 10))
    content += _text(72, 680, "Figure 3", 10) + _text(72, 666, "Troop strength, 2021 to 2025", 10)
    content += b"72 500 300 150 re S\n"  # the figure: a frame with no text
    content += _text(72, 470, "The General Assembly is requested to take note of the present report.", 10)
    path = tmp_path / "fig.pdf"
    path.write_bytes(_page_pdf(bytes(content)))
    s = summary(process(path, "en"))
    captions = [t for t, lab in zip(s["body"], s["body_labels"], strict=True) if lab == "caption"]
    assert " ".join(captions) == "Figure 3 Troop strength, 2021 to 2025"
    labels = s["body_labels"]
    assert labels.index("caption") > 0 and labels[-1] == "paragraph"  # between the two paragraphs


def test_reader_draws_a_figure_caption_as_a_row_and_a_table_caption_with_its_table() -> None:
    from hexaglot.store.browse import _captions

    c = sqlite3.connect(":memory:")
    c.execute("CREATE TABLE blocks (version_id INT, idx INT, label TEXT, layer TEXT, PRIMARY KEY (version_id, idx))")
    c.execute("CREATE TABLE sentences (id INTEGER PRIMARY KEY, version_id INT, block INT)")
    labels = ["paragraph", "caption", "caption", "page_header", "table", "caption", "paragraph"]
    layers = ["body", "body", "body", "furniture", "body", "body", "body"]
    c.executemany("INSERT INTO blocks VALUES (1, ?, ?, ?)", [(i, a, b) for i, (a, b) in enumerate(zip(labels, layers,
                                                                                                      strict=True))])
    c.executemany("INSERT INTO sentences VALUES (?, 1, ?)", [(i + 10, i) for i in range(len(labels))])
    assert _captions(c, list(range(10, 17))) == {11, 12}  # the figure's caption (block 5) is a row
