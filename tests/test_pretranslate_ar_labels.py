"""Arabic section letters ("ألف -", "باء -", … : A, B, …) are labels, as "A." and "12 -" are: a
draft's "باء - ..." is matched with its label set apart (a placeable of one point) and the candidate's
target gets the label in the target language's form ("B." in English). The letters are data:
``section_letters`` and ``section_label`` of ``langs/<code>/segment.toml``."""

from __future__ import annotations

from pathlib import Path

import pytest

from hexaglot.pretranslate.score import relabel, score, tokens
from hexaglot.segment.labels import split_label
from hexaglot.segment.tables import load_rules

AR = "الجهود المبذولة لتحقيق أهداف التنمية المستدامة في المنطقة"
EN = "Efforts made to achieve the Sustainable Development Goals in the region"
FR = "Efforts faits pour atteindre les objectifs de développement durable dans la région"


def test_the_arabic_section_letters_are_data() -> None:
    r = load_rules("ar")
    assert r.section_letters[:10] == ("ألف", "باء", "جيم", "دال", "هاء", "واو", "زاي", "حاء", "طاء", "ياء")
    assert r.section_label == "{l} -"
    assert load_rules("en").section_letters[:3] == ("A", "B", "C") and load_rules("en").section_label == "{l}."


@pytest.mark.parametrize(("text", "label"), [
    (f"باء - {AR}", "باء -"),
    (f"دال- {AR}", "دال-"),  # printed without the space before the dash (UNPC dev: "دال- الوقاية")
    (f"ياء – {AR}", "ياء –"),
    (f"ألفت - {AR}", ""),  # a word that only starts like a letter's name
    ("باء -", ""),  # the text must go on after a label
])
def test_an_arabic_section_letter_is_a_label(text: str, label: str) -> None:
    assert split_label(text)[0] == label


def test_an_arabic_section_letter_is_a_placeable_of_one_point() -> None:
    assert score(tokens(f"باء - {AR}"), tokens(f"ألف - {AR}")) == 99
    assert score(tokens(f"باء - {AR}"), tokens(AR)) == 99
    assert score(tokens(f"باء - {AR}"), tokens(f"باء -  {AR}")) == 100  # the same text, spaced otherwise
    assert score(tokens(f"باء - {AR}"), tokens(f"باء- {AR}")) == 99  # the same label, printed otherwise


def test_the_target_gets_the_section_letter_in_its_own_form() -> None:
    assert relabel(f"A. {EN}", tokens(f"باء - {AR}"), tokens(f"ألف - {AR}"), "en") == f"B. {EN}"
    assert relabel(EN, tokens(f"جيم - {AR}"), tokens(AR), "en") == f"C. {EN}"
    assert relabel(FR, tokens(f"طاء- {AR}"), tokens(AR), "fr") == f"I. {FR}"
    # and the other way: an English draft's "B." is "باء -" in Arabic
    assert relabel(f"ألف - {AR}", tokens(f"B. {EN}"), tokens(f"A. {EN}"), "ar") == f"باء - {AR}"
    assert relabel(AR, tokens(f"B. {EN}"), tokens(EN), "ar") == f"باء - {AR}"
    # "I." may be chapter I: a letter only where the target's own label is a section letter
    assert relabel(AR, tokens(f"I. {EN}"), tokens(EN), "ar") == f"I. {AR}"
    assert relabel(f"حاء - {AR}", tokens(f"I. {EN}"), tokens(f"H. {EN}"), "ar") == f"طاء - {AR}"
    # a sub-paragraph letter is no section letter
    assert relabel(f"103 - {AR}", tokens(f"(c) {EN}"), tokens(f"103. {EN}"), "ar") == f"(c) {AR}"


@pytest.mark.parametrize(("first", "second", "back"), [
    (("ألف -", "A."), ("باء -", "B."), ("B.", "باء -")),  # section letters
    (("أولا -", "I."), ("ثانيا -", "II."), ("III.", "ثالثا -")),  # chapter numbers
], ids=["sections", "chapters"])
def test_an_arabic_draft_label_is_matched_and_written_as_the_target_writes_it(
        tmp_path: Path, first: tuple[str, str], second: tuple[str, str], back: tuple[str, str]) -> None:
    import hexaglot
    from hexaglot.pretranslate import pretranslate_segments

    files = {}
    for lang, line in (("ar", f"{first[0]} {AR}"), ("en", f"{first[1]} {EN}"), ("fr", f"{first[1]} {FR}")):
        files[lang] = tmp_path / f"labels.{lang}.txt"
        files[lang].write_text(line + "\n", encoding="utf-8")
    with hexaglot.create(tmp_path / "archive") as a:
        a.ingest_pairs(files, doc_id="labels", aligned=True, embeddings=False)
        en, fr = pretranslate_segments(a, [f"{second[0]} {AR}", f"{first[0]} {AR}"], src="ar", tgt=["en", "fr"])
        [there] = pretranslate_segments(a, [f"{back[0]} {EN}"], src="en", tgt="ar")
    assert [s.candidates[0].score for s in en.segments] == [99, 100]
    assert [s.candidates[0].target for s in en.segments] == [f"{second[1]} {EN}", f"{first[1]} {EN}"]
    assert fr.segments[0].candidates[0].target == f"{second[1]} {FR}"
    assert there.segments[0].candidates[0].score == 99
    assert there.segments[0].candidates[0].target == f"{back[1]} {AR}"
