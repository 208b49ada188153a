"""OCR layout and post-correction without Tesseract: synthetic word boxes and a small word list."""

from __future__ import annotations

import re

from hexaglot.model import Block, Label
from hexaglot.read.ocr_eval import cer, edit_distance
from hexaglot.read.ocr_fix import fix_text, fix_word, join_header_lines, rules_for
from hexaglot.read.ocr_layout import (
    OcrLine,
    OcrWord,
    build_lines,
    flag_furniture,
    merge_text_layer,
    order_columns,
    split_points,
)

WORDS = {"the", "general", "assembly", "important", "nicaragua", "council", "modern", "united", "nations",
         "question", "article", "charter", "of", "under", "distr", "limited"}


def known(w: str) -> bool:
    return w.lower() in WORDS


def _line(text: str, x0: float, top: float, conf: float = 0.95, h: float = 10.0) -> OcrLine:
    words, x = [], x0
    for t in text.split():
        words.append(OcrWord(t, (x, top, x + 6 * len(t), top + h), conf))
        x += 6 * len(t) + 6
    return OcrLine(words)


def test_cer_counts_edits_over_reference_length() -> None:
    assert edit_distance("kitten", "sitting") == 3
    assert cer("a  b\nc", "a b c") == 0.0
    assert cer("abcd", "abce") == 0.25


def test_two_columns_read_column_by_column() -> None:
    lines = [_line("Title across the page", 50, 20)]
    lines[0].words[-1] = OcrWord("page", (400, 20, 560, 30), 0.95)
    for i in range(4):
        lines.append(_line(f"left{i} text", 50, 60 + 15 * i))
        lines.append(_line(f"right{i} text", 330, 60 + 15 * i))
    ordered = order_columns(lines, 612)
    texts = [ln.text for ln in ordered]
    assert texts[0].startswith("Title")
    assert texts[1:5] == [f"left{i} text" for i in range(4)]
    assert texts[5:9] == [f"right{i} text" for i in range(4)]
    assert {ln.column for ln in ordered[1:5]} == {1}


def test_single_column_keeps_order() -> None:
    lines = [_line(f"line {i} of a single column of text that runs on", 50, 20 + 15 * i) for i in range(5)]
    assert [ln.text for ln in order_columns(lines, 612)] == [ln.text for ln in lines]


def test_wide_gap_cuts_a_tesseract_line() -> None:
    words = [OcrWord("GENERAL", (30, 140, 130, 160), 0.9), OcrWord("A/L.632", (420, 145, 460, 155), 0.9)]
    assert [ln.text for ln in build_lines([words])] == ["GENERAL", "A/L.632"]


def test_stamps_margins_and_debris_are_furniture() -> None:
    stamps = [re.compile(p) for p in (r"(?i)\bLIBRARY\b",)]
    lines = [_line("UN LIBRARY", 200, 40), _line("~. ,i", 250, 300, conf=0.2),
             _line("x", 5, 400, conf=0.5), _line("The General Assembly", 100, 500)]
    flag_furniture(lines, 612, 792, stamps, known)
    assert [ln.furniture for ln in lines] == ["stamp", "low-confidence", "noise", None]


def test_split_points_on_a_page_of_several_resolutions() -> None:
    starts = [re.compile(r"^\d{2,4}\s*\([IVXLC]+\)\.?\s")]
    lines = [_line("2758 (XXVI). Restoration of the lawful rights", 50, 40)]
    lines += [_line(f"body line {i} of the first resolution text", 50, 55 + 12 * i) for i in range(5)]
    lines += [_line("2759 (XXVI). Another question on the agenda", 50, 150)]
    lines += [_line(f"body line {i} of the second one", 50, 165 + 12 * i) for i in range(3)]
    lines += [_line("1234 (XXVI) cited inside a paragraph", 50, 201)]  # no white space above it
    assert split_points(lines, starts) == [0, 6]


def test_text_layer_replaces_doubtful_words_only() -> None:
    lines = [OcrLine([OcrWord("bs", (418, 160, 437, 170), 0.3), OcrWord("ie", (443, 141, 461, 176), 0.3)]),
             OcrLine([OcrWord("LIMITED", (418, 137, 460, 145), 0.96)])]
    layer = [OcrWord("A/L.632", (418, 160, 460, 168), 0.5, "layer"), OcrWord("LIMTED", (418, 137, 460, 145), 0.5),
             OcrWord("71-19641", (30, 740, 80, 750), 0.5)]
    stats = merge_text_layer(lines, layer, known)
    assert [ln.text for ln in lines] == ["A/L.632", "LIMITED", "71-19641"]
    assert stats.added == ["71-19641"]


def test_fix_word_rules() -> None:
    rules = rules_for("en")
    assert fix_word("rnodern", rules, known) == "modern"
    assert fix_word("Counci1", rules, known) == "Council"
    assert fix_word("Nicar~gua", rules, known) == "Nicaragua"
    assert fix_word("gMportant", rules, known) == "important"
    assert fix_word("Lesotho", rules, known) == "Lesotho"  # unknown but clean: a name, left alone


def test_fix_text_protects_symbols_and_numbers() -> None:
    text = "ﬁrst A/L.632 and S/RES/1483 (2003) rnodern 71-19641 l0 G E N E R A L"
    out = fix_text(text, "en", known)
    assert "A/L.632" in out and "S/RES/1483 (2003)" in out and "71-19641" in out and "l0" in out
    assert out.startswith("first") and "modern" in out and out.endswith("GENERAL")


def test_broken_hyphenation_inside_a_line() -> None:
    assert fix_text("an impor- tant question", "en", known) == "an important question"


def test_header_words_split_one_per_line_are_joined() -> None:
    blocks = [Block(text=t, label=Label.LINE, page=1) for t in ("UNITED", "NATIONS", "GENERA L", "ASSEMBLY", "Distr.")]
    out = join_header_lines(blocks, rules_for("en").header_phrases)
    assert [b.text for b in out] == ["UNITED NATIONS", "GENERAL ASSEMBLY", "Distr."]
    assert out[0].orig == "UNITED\nNATIONS"


def test_fix_page_uses_confidence_and_keeps_the_raw_text() -> None:
    from hexaglot.read.ocr import OcrPage, ocr_page_blocks
    from hexaglot.read.ocr_fix import fix_page

    words = {"twenty-sixth", "twenty", "sixth", "session", "assembly"}

    def kn(w: str) -> bool:
        return w.lower() in words

    line = OcrLine([OcrWord("Tywenty-sixth", (30, 230, 100, 245), 0.47), OcrWord("session", (110, 230, 150, 245), 0.96),
                    OcrWord("Assernbly", (160, 230, 210, 245), 0.96), OcrWord("A/L.632", (220, 230, 260, 245), 0.3)])
    sure = OcrLine([OcrWord("Sessiom", (30, 260, 100, 275), 0.95)])
    page = fix_page(OcrPage(1, 612, 792, "en", [line, sure]), kn)
    assert page.lines[0].text == "Twenty-sixth session Assembly A/L.632"
    assert page.lines[1].text == "Sessiom"  # recognised with confidence: no free edit
    block = ocr_page_blocks(page)[0]
    assert block.text == "Twenty-sixth session Assembly A/L.632"
    assert block.orig == "Tywenty-sixth session Assernbly A/L.632"


def test_pieces_of_one_row_read_left_to_right() -> None:
    """Tesseract cut a row in three; the right-hand piece's top is a pixel higher than the others."""
    from hexaglot.read.ocr_layout import OcrLine, OcrWord, reading_order

    def line(text: str, x0: float, top: float, x1: float, bottom: float) -> OcrLine:
        return OcrLine([OcrWord(text, (x0, top, x1, bottom), 0.9)])

    pieces = [line("(第2.1条)。", 135.6, 34.08, 183.6, 45.6), line("本奖", 113.28, 34.8, 136.32, 47.52),
              line("工作人员均无资格获得", 19.92, 35.76, 113.52, 44.64), line("首行", 19.7, 18.2, 408.0, 30.2)]
    assert [ln.text for ln in reading_order(pieces)] == ["首行", "工作人员均无资格获得", "本奖", "(第2.1条)。"]
    rtl = [line("ب", 10, 0, 50, 10), line("أ", 60, 1, 100, 11)]
    assert [ln.text for ln in reading_order(rtl, rtl=True)] == ["أ", "ب"]
