"""Tables of contents are furniture: the "Contents" heading and its entries never reach the body,
never start an annex, a heading or a sentence (issue 13, item 2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hexaglot.clean.contents import mark_contents
from hexaglot.clean.rules import rules_for
from hexaglot.model import Block, Document, Label, Layer
from hexaglot.pipeline import process
from hexaglot.segment import segment_document

REPORTS = ["A_80_590", "A_80_596", "A_80_600", "A_80_604_Add.1", "A_80_604_Add.3", "A_80_628"]
# The annex each report really has, as its own heading page prints it (the contents list it too).
ANNEXES = {"A_80_596": "Organization chart", "A_80_600": "Organization charts", "A_80_628": "Organization charts"}
WITH_CONTENTS = {"A_80_590", "A_80_596", "A_80_600", "A_80_628"}


def _contents(doc: Document) -> list[Block]:
    return [b for b in doc.blocks if b.label == Label.CONTENTS]


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize("doc_id", REPORTS)
def test_reports_keep_their_body_out_of_the_annex(corpus: Path, doc_id: str, fmt: str) -> None:
    doc = process(corpus / "un_reports_en" / fmt / f"{doc_id}.{fmt}")
    assert len(doc.paragraphs(None)) > 30, "the report is its body, not annex 1"
    want = [("1", "Annex", ANNEXES[doc_id])] if doc_id in ANNEXES else []
    assert [(a.label, a.heading, a.title) for a in doc.annexes] == want
    toc = _contents(doc)
    assert bool(toc) == (doc_id in WITH_CONTENTS)
    assert all(b.layer == Layer.FURNITURE for b in toc)
    if toc:
        assert toc[0].text == "Contents"
        assert len(toc) >= 15
        assert all(b.annex is None for b in toc)
        # the body starts after the contents: "Summary" is its first heading
        after = doc.blocks[doc.blocks.index(toc[-1]) + 1:]
        assert next(b for b in after if b.layer == Layer.BODY).text == "Summary"
    sentences = segment_document(doc)
    assert sentences
    assert not [s for s in sentences if doc.blocks[s.block or 0].label == Label.CONTENTS]


def test_a_80_590_pdf_wrapped_entries(corpus: Path) -> None:
    """Entries over several lines, their page number on a line of its own, across a page break."""
    doc = process(corpus / "un_reports_en" / "pdf" / "A_80_590.pdf")
    toc = [b.text for b in _contents(doc)]
    assert "in Mali as at 30 June 2025" in toc and "23" in toc
    assert any(t.startswith("VII. Summary of follow-up") for t in toc)
    assert toc[-1] == "B. Advisory Committee on Administrative and Budgetary Questions 25"
    assert doc.metadata.organs[:1] == ["GA"]


FRENCH = """Nations Unies

Rapport du Secrétaire général sur l'exécution du budget

Table des matières
                                                                    Pages
I.   Introduction ....................................................  3
II.  Exécution du mandat .............................................  4
     A.  Vue d'ensemble ..............................................  4
III. Mesures que l'Assemblée générale est appelée à prendre,
     y compris celles relatives au financement ....................... 12
Annexe
     Organigramme .................................................... 14

I. Introduction

1. Le présent rapport rend compte de l'exécution du budget de la Mission pour l'exercice allant du 1er juillet 2024 au 30 juin 2025.

2. La Mission a poursuivi ses activités conformément au mandat que lui a confié le Conseil de sécurité.

Annexe

Organigramme

Le Bureau du Chef de mission comprend trois sections.
"""


def test_french_text_table_des_matieres(tmp_path: Path) -> None:
    path = tmp_path / "rapport.fr.txt"
    path.write_text(FRENCH, encoding="utf-8")
    doc = process(path)
    assert doc.language == "fr"
    toc = [b.text for b in _contents(doc)]
    assert toc[:2] == ["Table des matières", "Pages"]
    assert toc[-2:] == ["Annexe", "Organigramme 14"]
    assert len(toc) == 9
    assert [(a.heading, a.title) for a in doc.annexes] == [("Annexe", "Organigramme")]
    assert [b.text[:2] for b in doc.paragraphs(None)] == ["1.", "2."]
    headings = [b.text for b in doc.body_blocks(None) if b.label == Label.HEADING]
    assert "I. Introduction" in headings and not any("Exécution" in h for h in headings)


def _docx(tmp_path: Path, rows: list[tuple[str, str, str]], after: list[tuple[str, str]]) -> Path:
    import docx

    d = docx.Document()
    d.add_paragraph("Содержание", style="Heading 1")
    table = d.add_table(rows=0, cols=3)
    for cells in rows:
        row = table.add_row().cells
        for cell, text in zip(row, cells, strict=True):
            cell.text = text
    for text, style in after:
        d.add_paragraph(text, style=style)
    path = tmp_path / "doklad.ru.docx"
    d.save(str(path))
    return path


def test_russian_docx_soderzhanie(tmp_path: Path) -> None:
    rows = [("", "", "Стр."), ("I.", "Введение", "3"), ("II.", "Выполнение мандата", "4"),
            ("Приложение", "", ""), ("", "Организационная структура", "9")]
    after = [("I. Введение", "Heading 2"),
             ("1. В настоящем докладе содержится информация об исполнении бюджета Миссии за период "
              "с 1 июля 2024 года по 30 июня 2025 года.", "Normal"),
             ("Приложение", "Heading 1"), ("Организационная структура", "Heading 2"),
             ("Канцелярия руководителя Миссии состоит из трех секций.", "Normal")]
    doc = process(_docx(tmp_path, rows, after))
    assert doc.language == "ru"
    toc = _contents(doc)
    assert [" ".join(b.text.split()) for b in toc][:2] == ["Содержание", "Стр."]
    assert len(toc) == 1 + len(rows)
    assert [(a.heading, a.title) for a in doc.annexes] == [("Приложение", "Организационная структура")]
    assert len(doc.paragraphs(None)) == 1


def _lines(*texts: str) -> list[Block]:
    return [Block(text=t, orig=t, label=Label.LINE) for t in texts]


def test_a_section_called_contents_is_not_a_table_of_contents() -> None:
    blocks = _lines("Contents", "The contents of the report are set out below in 12 sections.",
                    "Each section ends with recommendations.")
    assert mark_contents(blocks, rules_for("en")) == 0
    assert all(b.layer == Layer.BODY for b in blocks)


def test_the_run_stops_at_the_body() -> None:
    blocks = _lines("Contents", "I. Introduction ........ 3", "II. Findings\t5", "",
                    "I. Introduction", "1. The Secretary-General reports on 14 missions.",
                    "The figures are for 2025  2026")
    assert mark_contents(blocks, rules_for("en")) == 3
    assert [b.layer for b in blocks[3:]] == [Layer.BODY] * 4


def test_page_numbers_that_go_down_end_the_contents() -> None:
    blocks = _lines("Contents", "I. Introduction ........ 3", "II. Findings ........ 5",
                    "Table 1  12", "Table 2  4")
    assert mark_contents(blocks, rules_for("en")) == 5 - 1
    assert blocks[-1].layer == Layer.BODY


@pytest.mark.parametrize(("lang", "heading"), [("en", "Contents"), ("fr", "Table des matières"),
                                               ("es", "Índice"), ("ru", "Содержание"),
                                               ("ar", "المحتويات"), ("zh", "目录")])
def test_the_contents_heading_in_six_languages(lang: str, heading: str) -> None:
    blocks = _lines(heading, "I. .......... 3", "II. .......... 7")
    assert mark_contents(blocks, rules_for(lang)) == 3
    assert mark_contents(_lines(heading, "I. .......... 3", "II. .......... 7"), rules_for(None)) == 3
