"""Arabic chapter numbers ("أولا -", "ثانيا -", … and "ثانياً -": I, II, …) are labels, as "II." and
"باء -" are: a draft's "ثانيا - ..." is matched with its label set apart and the candidate's target
gets the chapter number in the target language's form ("II." in English, "二." in Chinese). The
numbers are data: ``chapter_numbers`` and ``chapter_label`` of ``langs/<code>/segment.toml``."""

from __future__ import annotations

import pytest

from hexaglot.pretranslate.score import number_label, relabel, score, tokens
from hexaglot.segment.labels import chapter_label, chapter_number, split_label
from hexaglot.segment.tables import load_rules

AR = "الجهود المبذولة لتحقيق أهداف التنمية المستدامة في المنطقة"
EN = "Efforts made to achieve the Sustainable Development Goals in the region"
FR = "Efforts faits pour atteindre les objectifs de développement durable dans la région"


def test_the_chapter_numbers_are_data() -> None:
    r = load_rules("ar")
    assert [x[0] for x in r.chapter_numbers] == [
        "أولا", "ثانيا", "ثالثا", "رابعا", "خامسا", "سادسا", "سابعا", "ثامنا", "تاسعا", "عاشرا"]
    assert "ثالثاً" in r.chapter_numbers[2]  # also written with tanwin (UNPC dev: "ثالثاً- أنشطة")
    assert r.chapter_label == "{c} -"
    en = load_rules("en")
    assert en.chapter_numbers[:4] == (("I",), ("II",), ("III",), ("IV",)) and en.chapter_label == "{c}."
    assert en.chapter_numbers[19] == ("XX",)


@pytest.mark.parametrize(("text", "label"), [
    (f"ثانيا - {AR}", "ثانيا -"),
    (f"ثالثاً- {AR}", "ثالثاً-"),  # UNPC dev: "ثالثاً- أنشطة اللجنة التنسيقية"
    (f"عاشراً - {AR}", "عاشراً -"),
    (f"ثانيا– {AR}", "ثانيا–"),
    (f"أولا، {AR}", ""),  # "firstly," in running text: no dash, no label
    ("ثانيا -", ""),  # the text must go on after a label
    ("二. 核不扩散", "二."),  # the Chinese chapter number (UNPC dev: "二. 核不扩散" = "II. Nuclear …")
])
def test_an_arabic_chapter_number_is_a_label(text: str, label: str) -> None:
    assert split_label(text)[0] == label
    if label:
        assert split_label(text)[1] == text[len(label):].lstrip()


def test_chapter_places() -> None:
    assert chapter_number("ثانيا -") == 1 and chapter_number("ثانياً-", "ar") == 1
    assert chapter_number("XIV.") == 13 and chapter_number("XIV.", "ar") is None
    assert chapter_number("باء -") is None and chapter_number("B.") is None
    assert chapter_label(1, "ar") == "ثانيا -" and chapter_label(1, "en") == "II." and chapter_label(1, "zh") == "二."
    assert chapter_label(30, "en") is None


def test_an_arabic_chapter_number_is_a_placeable_of_one_point() -> None:
    assert score(tokens(f"ثانيا - {AR}"), tokens(f"أولا - {AR}")) == 99
    assert score(tokens(f"ثانيا - {AR}"), tokens(AR)) == 99
    assert score(tokens(f"ثانيا - {AR}"), tokens(f"ثانيا -  {AR}")) == 100


def test_the_target_gets_the_chapter_number_in_its_own_form() -> None:
    assert relabel(f"I. {EN}", tokens(f"ثانيا - {AR}"), tokens(f"أولا - {AR}"), "en") == f"II. {EN}"
    assert relabel(EN, tokens(f"ثالثاً- {AR}"), tokens(AR), "en") == f"III. {EN}"
    assert relabel(FR, tokens(f"أولا - {AR}"), tokens(AR), "fr") == f"I. {FR}"
    # and the other way: an English draft's "II." is "ثانيا -" in Arabic
    assert relabel(f"أولا - {AR}", tokens(f"II. {EN}"), tokens(f"I. {EN}"), "ar") == f"ثانيا - {AR}"
    assert relabel(AR, tokens(f"IV. {EN}"), tokens(EN), "ar") == f"رابعا - {AR}"
    # "I." / "V." may be section letters: a chapter only where the target's own label is a chapter number
    assert relabel(AR, tokens(f"I. {EN}"), tokens(EN), "ar") == f"I. {AR}"
    assert relabel(f"ثالثا - {AR}", tokens(f"V. {EN}"), tokens(f"III. {EN}"), "ar") == f"خامسا - {AR}"
    assert relabel(f"حاء - {AR}", tokens(f"I. {EN}"), tokens(f"H. {EN}"), "ar") == f"طاء - {AR}"
    # beyond the Arabic list the label stays as written
    assert number_label("XV.", "ar") == "XV."
    assert number_label("ثانيا -", "zh") == "二."
