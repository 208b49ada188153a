"""clean(): the seed letter's paragraphs and footnote, furniture out of the PDF body, languages."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

import pytest

from hexaglot.clean import clean
from hexaglot.model import Block, Document, Label, Layer, Origin, Span
from hexaglot.read.docx import DocxReader
from hexaglot.read.pdf import PdfReader

REPORTS = ["A_80_590", "A_80_596", "A_80_600", "A_80_604_Add.1", "A_80_604_Add.3", "A_80_628"]


def text_doc(text: str, lang: str | None) -> Document:
    """What the TXT reader produces: one LINE block per line, blank lines kept as empty blocks."""
    blocks, start = [], 0
    for line in text.split("\n"):
        blocks.append(
            Block(text=line, orig=line, label=Label.LINE, span=Span(start=start, end=start + len(line)))
        )
        start += len(line) + 1
    origin = Origin(path="x.txt", sha256="0", format="txt")
    return Document(id="x", origin=origin, language=lang, blocks=blocks)


@cache
def cleaned(path: Path) -> Document:
    """Read and clean a corpus file once per test session (treat the result as read-only)."""
    return clean(read(path))


def read(path: Path, lang: str = "en") -> Document:
    data = path.read_bytes()
    fmt = path.suffix.lstrip(".")
    origin = Origin(path=str(path), sha256=hashlib.sha256(data).hexdigest(), format=fmt, size=len(data))
    reader = PdfReader() if fmt == "pdf" else DocxReader()
    doc = reader.read(path, data, origin)
    doc.language = lang
    return doc


@pytest.fixture(scope="module")
def seed(corpus: Path) -> Document:
    raw = (corpus / "seed" / "letter-2003-06-04.fr.txt").read_text(encoding="utf-8")
    return clean(text_doc(raw, "fr"))


def test_seed_paragraph_split(seed: Document) -> None:
    body = [b for b in seed.blocks if b.layer == Layer.BODY]
    labels = [b.label for b in body]
    P, H, S = Label.PARAGRAPH, Label.HEADING, Label.SIGNATURE
    assert labels == [Label.OTHER, P, P] + [S] * 8 + [H, H] + [P] * 5 + [H, H] + [P] * 2
    assert body[0].text == "des Nations Unies"
    assert body[1].text.startswith("Nous avons l’honneur") and body[1].text.endswith("(voir annexe II).")
    assert body[11].text.startswith("Annexe I à la lettre datée du 4 juin 2003")
    assert body[13].text.startswith("Le 24 mai 2002, nous nous sommes engagés")
    assert body[18].text.startswith("Annexe II à la lettre")
    assert [b.text for b in body if b.label == S][3] == "(Signé) John Negroponte"


def test_seed_footnote(seed: Document) -> None:
    assert [(f.mark, f.text) for f in seed.footnotes] == [("*", "A/58/50/Rev.1 et Corr.1.")]
    assert not any("A/58/50/Rev.1" in b.text for b in seed.blocks if b.layer == Layer.BODY)
    note = next(b for b in seed.blocks if b.layer == Layer.NOTES)
    assert note.label == Label.FOOTNOTE and "* A/58/50/Rev.1" in note.orig


def test_seed_keeps_orig_and_real_hyphens(seed: Document) -> None:
    body = " ".join(b.text for b in seed.blocks if b.layer == Layer.BODY)
    assert "Saint-Pétersbourg" in body and "ci-joint" in body and "américano-russe" in body
    assert all(b.orig for b in seed.blocks)


@pytest.mark.parametrize("name", REPORTS)
def test_no_furniture_left_in_pdf_body(corpus: Path, name: str) -> None:
    import re

    doc = cleaned(corpus / "un_reports_en" / "pdf" / f"{name}.pdf")
    numbers = re.compile(
        r"\b\d{2}-\d{5}\b(?:\s*\([A-Z]\))?|(?<![\d/])\d{1,3}\s*/\s*\d{1,3}(?![\d/])|\*\d{7}\*"
    )
    symbol = "A/80/" + name[5:].replace("_", "/")
    for b in doc.blocks:
        if b.layer != Layer.BODY:
            continue
        for line in b.orig.splitlines():
            s = line.strip()
            assert s != symbol, (b.page, s)
            # a short printed line holding a page/job number or barcode and no words is furniture
            if len(s) < 30 and numbers.search(s):
                assert re.search(r"[^\W\d_]{2,}", numbers.sub("", s)), (b.page, s)
    labels = {b.label for b in doc.blocks if b.layer == Layer.FURNITURE}
    assert {Label.PAGE_HEADER, Label.PAGE_NUMBER, Label.JOB_NUMBER, Label.BARCODE, Label.COVER} <= labels


def test_pdf_footnotes_match_docx(corpus: Path) -> None:
    pdf = cleaned(corpus / "un_reports_en" / "pdf" / "A_80_590.pdf")
    docx = cleaned(corpus / "un_reports_en" / "docx" / "A_80_590.docx")
    assert [(f.mark, f.text) for f in pdf.footnotes] == [(f.mark, f.text) for f in docx.footnotes]
    assert pdf.footnotes[0].page == 21
    titles = [[b.text for b in d.blocks if b.label == Label.TITLE] for d in (pdf, docx)]
    assert titles[0] == titles[1] and titles[0][1] == "Report of the Secretary-General"
    body = [b for b in pdf.blocks if b.layer == Layer.BODY]
    assert any(b.notes == ["1"] and b.text == "IV. Analysis of variances" for b in body)
    assert not any(b.text.startswith("Resource variance amounts") for b in body)


@pytest.mark.parametrize("name", REPORTS)
def test_pdf_footnotes_equal_docx_footnotes(corpus: Path, name: str) -> None:
    """Same marks, same texts (whitespace aside), including a note whose mark Word printed on its
    second paragraph (A/80/596, A/80/600)."""
    import re

    pdf = cleaned(corpus / "un_reports_en" / "pdf" / f"{name}.pdf")
    docx = cleaned(corpus / "un_reports_en" / "docx" / f"{name}.docx")

    def norm(doc: Document) -> list[tuple[str, str]]:
        return [(f.mark, re.sub(r"\s+", " ", f.text)) for f in doc.footnotes]

    assert norm(pdf) == norm(docx)


def test_pdf_paragraphs(corpus: Path) -> None:
    doc = cleaned(corpus / "un_reports_en" / "pdf" / "A_80_590.pdf")
    paras = [b.text for b in doc.paragraphs()]
    first = next(p for p in paras if p.startswith("1. The proposed budget"))
    assert first.endswith("for surge capacity.")
    # a paragraph running over a page break is joined; the running header between stays furniture
    ninth = next(p for p in paras if p.startswith("9. In response to the overall deterioration"))
    assert "capabilities of the Guard Unit and the security service contractor" in ninth
    assert any(
        p.startswith("10. The Mission maintained") and "Assistant Secretary-General" in p for p in paras
    )
    assert next(b for b in doc.blocks if b.text == "II. Mandate performance").label == Label.HEADING


def test_docx_is_only_normalised(corpus: Path) -> None:
    raw = read(corpus / "un_reports_en" / "docx" / "A_80_604_Add.1.docx")
    done = clean(raw)
    assert len(done.blocks) == len(raw.blocks)
    assert [b.label for b in done.blocks] == [b.label for b in raw.blocks]
    assert all("\t" not in b.text and "  " not in b.text for b in done.blocks)
    assert [b.orig for b in done.blocks] == [b.text for b in raw.blocks]
    assert raw.blocks[0].text == raw.blocks[0].orig  # the input document is not modified


def test_txt_without_language_and_empty() -> None:
    assert clean(text_doc("", None)).blocks == []
    doc = clean(text_doc("Some words\nmore words.\n\n12\n\nLast line.", None))
    body = [b.text for b in doc.blocks if b.layer == Layer.BODY]
    assert body == ["Some words more words.", "Last line."]
    assert [b.label for b in doc.blocks if b.layer == Layer.FURNITURE] == [Label.PAGE_NUMBER]


def test_txt_job_number_and_recycle_are_furniture() -> None:
    doc = clean(text_doc("Le texte suit ici.\n03-39191 (F)    100603\n*0339191*\nMerci de recycler ♲", "fr"))
    assert [b.text for b in doc.blocks if b.layer == Layer.BODY] == ["Le texte suit ici."]
    assert [b.label for b in doc.blocks if b.layer == Layer.FURNITURE] == [
        Label.JOB_NUMBER,
        Label.BARCODE,
        Label.OTHER,
    ]


def test_resolution_footnotes(corpus: Path) -> None:
    path = corpus / "unsc_resolutions_en" / "texts" / "S_RES_0089_1950_EN_GOLD.txt"
    doc = clean(text_doc(path.read_text(encoding="utf-8"), "en"))
    assert [f.mark for f in doc.footnotes] == ["16", "17", "18"]
    assert doc.footnotes[1].text == "Ibid., Fourth Year, Special Supplement No. 1."
    linked = [b for b in doc.blocks if "17" in b.notes and b.layer == Layer.BODY]
    assert linked and "Agreement, 17 the" not in linked[0].text


def _page_lines(lines: list[tuple[str, float, float]]) -> Document:
    """PDF-like LINE blocks on one page: (text, left x, top y), 8 pt type, 8 pt high."""
    blocks = [Block(text=t, orig=t, label=Label.LINE, page=1, bbox=(x, y, 500.0, y + 8.0), style="size=8.0")
              for t, x, y in lines]
    return Document(id="p", origin=Origin(path="p.pdf", sha256="0", format="pdf"), language="en", blocks=blocks)


def test_double_spaced_paragraph_is_one_block() -> None:
    """A/L.632: the sponsors are single-spaced (4 pt gaps), the operative paragraph double-spaced
    (10.5 pt): its lines were three blocks, hence three broken "sentences" (issue 13, item 8)."""
    sponsors = [(w, 120.0, 300.0 + 12.0 * i) for i, w in
                enumerate(["Australia, Colombia,", "Costa Rica, Dominican Republic,", "El Salvador, Fiji,",
                           "Gambia, Guatemala, Haiti,", "Honduras, Japan, Lesotho,", "Liberia, New Zealand,",
                           "Nicaragua, Philippines,", "Swaziland, Thailand,", "United States of America",
                           "and Uruguay: draft resolution"])]
    body = [("Recalling the provisions of the Charter of the United Nations,", 63.0, 425.0),
            ("Decides that any proposal in the General Assembly which would result in", 63.0, 443.5),
            ("depriving the Republic of China of representation in the United Nations is an", 33.5, 462.0),
            ("important question under Article 18 of the Charter.", 33.5, 480.5),
            ("Requests the Secretary-General to report to the Assembly", 63.0, 499.0),
            ("Notes with appreciation the work of the Committee.", 63.0, 517.5)]
    doc = clean(_page_lines(sponsors + body))
    texts = [b.text for b in doc.blocks if b.layer == Layer.BODY]
    assert texts[0].endswith("and Uruguay: draft resolution")
    assert texts[1:] == [
        "Recalling the provisions of the Charter of the United Nations,",
        "Decides that any proposal in the General Assembly which would result in depriving the Republic "
        "of China of representation in the United Nations is an important question under Article 18 of "
        "the Charter.",
        # an unfinished line followed by a capital over the wide gap is still a new block
        "Requests the Secretary-General to report to the Assembly",
        "Notes with appreciation the work of the Committee.",
    ]


@pytest.mark.parametrize(("line", "initial"), [
    ("Having considered the statement by Mr. Moses M.", True), ("Le Président, M. Jean P.", True),
    ("in annex I.", False), ("see Part B.", False), ("George W.", False), ("the end.", False)])
def test_a_line_ending_with_a_names_initial_does_not_end_a_sentence(line: str, initial: bool) -> None:
    from hexaglot.clean.rules import ends_with_initial

    assert ends_with_initial(line) is initial


def test_a_name_wrapped_after_its_initial_stays_one_sentence(corpus: Path) -> None:
    """S/RES/385 (1976) wraps "Mr. Moses M." / "Garoeb, ...": one paragraph, one sentence."""
    from hexaglot.pipeline import process_one

    res = process_one(corpus / "unsc_resolutions_en" / "texts" / "S_RES_0385_1976_EN_GOLD.txt", "en", segment=True)
    assert res.sentences is not None
    assert any("Mr. Moses M. Garoeb, Administrative Secretary" in s.text for s in res.sentences)


def test_a_cells_wrapped_hyphen_is_decided_as_at_a_line_end() -> None:
    from hexaglot.clean.dehyphenate import Vocabulary, rejoin_wrapped
    from hexaglot.clean.rules import rules_for

    vocab = Vocabulary(["International staff and Government-provided personnel."])
    rules = rules_for("en")
    assert rejoin_wrapped("Inter- national staff", vocab, rules) == "International staff"  # "inter" is a listed prefix
    assert rejoin_wrapped("Government- provided personnel", vocab, rules) == "Government-provided personnel"
    assert rejoin_wrapped("troop- and police-contributing", vocab, rules) == "troop- and police-contributing"
    assert rejoin_wrapped("2024- 2025", vocab, rules) == "2024- 2025"


def test_no_cell_of_the_report_pdfs_keeps_a_wrapped_hyphen(corpus: Path) -> None:
    """ "Inter- national", "Government- provided": 25 in the cells of the six report PDFs before."""
    import re

    from hexaglot.pipeline import process

    for path in sorted((corpus / "un_reports_en" / "pdf").glob("*.pdf")):
        doc = process(path)
        cells = [c.text for t in doc.tables for row in (*t.header, *t.rows) for c in row]
        left = [m.group(0) for c in cells for m in re.finditer(r"\b[^\W\d_]+- ([a-z]+)\b", c)
                if m.group(1) not in ("and", "or", "to")]
        assert not left, (path.name, left)
