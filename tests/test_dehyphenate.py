"""End-of-line hyphens decided with the language's word list (hexaglot.clean.dehyphenate, steps 6-8),
on the real files the reviewer named and as properties."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hexaglot.clean.dehyphenate import Vocabulary, join_lines, lexicon, rejoin_wrapped
from hexaglot.clean.rules import rules_for
from hexaglot.model import Layer

EN, FR, ZH = rules_for("en"), rules_for("fr"), rules_for("zh")


def test_english_has_a_word_list_and_chinese_none() -> None:
    assert EN.word_list == "en" and lexicon(EN.word_list) is not None
    assert lexicon(ZH.word_list) is None
    words = lexicon("en")
    assert words is not None and words.zipf("themselves") > EN.common_zipf > words.zipf("weatherrelated")


@pytest.mark.parametrize(("left", "right", "joined"), [
    ("the people them-", "selves without", "the people themselves without"),  # a common word
    ("the obligations under-", "taken in this regard", "the obligations undertaken in this regard"),
    ("was sub-", "sequently adopted", "was subsequently adopted"),  # "sub" is a listed prefix
    ("the Eight-", "eenth Session", "the Eighteenth Session"),  # "eenth" is no word
    ("deploy stand-", "alone solar streetlights", "deploy stand-alone solar streetlights"),
    ("rusting and weather-", "related deterioration", "rusting and weather-related deterioration"),
    ("equipment self-", "sustainment", "equipment self-sustainment"),  # a prefix, "selfsustainment" no word
    ("social co-", "hesion", "social cohesion"),  # a prefix, but "hesion" is no word and "cohesion" one
    ("the Council, empha-", "sizing that", "the Council, emphasizing that"),
])
def test_the_word_list_decides_where_the_document_is_silent(left: str, right: str, joined: str) -> None:
    assert join_lines(left, right, Vocabulary(), EN) == joined



@pytest.mark.parametrize(("lang", "left", "right", "seen", "joined"), [
    ("fr", "les auto-", "rités locales", "", "les autorités locales"),  # "auto" is a kept prefix
    ("fr", "l'inter-", "action entre", "", "l'interaction entre"),
    ("fr", "deux entités sud-", "coréennes", "", "deux entités sud-coréennes"),
    ("es", "se aplica general-", "mente a", "el Secretario General", "se aplica generalmente a"),
    ("ru", "государство-", "участник", "", "государство-участник"),
    ("ru", "из-", "под контроля", "", "из-под контроля"),
    ("ru", "много-", "летний план", "", "многолетний план"),
])
def test_french_spanish_and_russian_have_word_lists(lang: str, left: str, right: str, seen: str,
                                                     joined: str) -> None:
    """Each decided by its language's word list where the document is silent (before: French and
    Russian hyphenated compounds were joined and Spanish adverbs kept their syllable hyphen)."""
    rules = rules_for(lang)
    assert rules.word_list == lang
    assert join_lines(left, right, Vocabulary([seen]), rules) == joined


@pytest.mark.parametrize(("left", "right", "joined"), [
    # compound adjectives keep their hyphen (before: joined, their second half being rare inflected forms)
    ("средства информационно-", "коммуникационные технологии", "средства информационно-коммуникационные технологии"),
    ("киприотов-греков и кипрско-", "турецкой общины", "киприотов-греков и кипрско-турецкой общины"),
    ("через контрольно-", "пропускных пунктов", "через контрольно-пропускных пунктов"),
    # and what is written solid stays solid: a common joined form, a solid first part, a word cut mid-way
    ("сельско-", "хозяйственных культур", "сельскохозяйственных культур"),
    ("равно-", "значными партнёрами", "равнозначными партнёрами"),
    ("скоре-", "йшему решению", "скорейшему решению"),
])
def test_russian_compound_adjectives_keep_their_hyphen(left: str, right: str, joined: str) -> None:
    assert join_lines(left, right, Vocabulary(), rules_for("ru")) == joined


@pytest.mark.parametrize(("lang", "left", "right", "joined"), [
    # noun appositions: two words of the list, the joined form none (before: "киприотыгреки")
    ("ru", "общины киприотов-", "греков и турок", "общины киприотов-греков и турок"),
    ("ru", "с компаниями-", "перевозчиками", "с компаниями-перевозчиками"),
    ("ru", "бандиты-", "империалисты", "бандиты-империалисты"),
    # a word cut mid-way whose halves are no words, or whose joined form is a word, is joined as before
    ("ru", "осуществле-", "ния программы", "осуществления программы"),
    ("fr", "les organi-", "sations régionales", "les organisations régionales"),
])
def test_two_words_whose_joined_form_is_none_keep_the_hyphen(lang: str, left: str, right: str, joined: str) -> None:
    assert join_lines(left, right, Vocabulary(), rules_for(lang)) == joined


def test_the_documents_own_spelling_comes_before_the_word_list() -> None:
    """A 1994 resolution that writes "peace-keeping" keeps it at a line end, and one that writes
    "co-operation" too, though today's lists have "peacekeeping" and "cooperation"."""
    vocab = Vocabulary(["United Nations peace-keeping operations and international co-operation"])
    assert join_lines("the peace-", "keeping force", vocab, EN) == "the peace-keeping force"
    assert join_lines("in co-", "operation with", vocab, EN) == "in co-operation with"
    assert join_lines("their stand-", "alone plan", Vocabulary(["a standalone plan"]), EN) == "their standalone plan"


def test_a_wrapped_cell_loses_its_space_before_a_capital() -> None:
    vocab = Vocabulary()
    assert rejoin_wrapped("Under-Secretary- General", vocab, EN) == "Under-Secretary-General"
    assert rejoin_wrapped("the Secretary- General and", vocab, EN) == "the Secretary-General and"
    assert rejoin_wrapped("English- and French-speaking", vocab, EN) == "English- and French-speaking"
    assert rejoin_wrapped("Secretary- General", vocab, ZH) == "Secretary- General"


# -- the files the reviewer named -----------------------------------------------------------------------


def _body(path: Path) -> str:
    from hexaglot.pipeline import process

    doc = process(path, "en")
    return " ".join(b.text for b in doc.blocks if b.layer == Layer.BODY)


def test_the_acabq_report_keeps_stand_alone_and_weather_related(corpus: Path) -> None:
    """A/80/604/Add.3: its Word file writes "stand-alone" and "weather-related"; both were joined."""
    text = _body(corpus / "un_reports_en" / "pdf" / "A_80_604_Add.3.pdf")
    assert "stand-alone solar streetlights" in text and "weather-related deterioration" in text
    assert "standalone" not in text and "weatherrelated" not in text


@pytest.mark.parametrize(("name", "word"), [
    ("S_RES_0161_1961_EN_GOLD.txt", "themselves"),
    ("S_RES_0637_1989_EN_GOLD.txt", "subsequently"),
    ("S_RES_0021_1947_EN_GOLD.txt", "undertaken"),
])
def test_resolutions_lose_a_line_break_hyphen_inside_a_common_word(corpus: Path, name: str, word: str) -> None:
    text = _body(corpus / "unsc_resolutions_en" / "texts" / name)
    assert re.search(rf"\b{word}\b", text), word
    assert not re.search(r"\b(?:them-selves|sub-sequently|under-taken)\b", text)


@pytest.mark.parametrize(("name", "count"), [("A_80_590.pdf", 3), ("A_80_628.pdf", 1)])
def test_no_cell_keeps_a_space_after_a_wrapped_hyphen(corpus: Path, name: str, count: int) -> None:
    """ "Secretary- General" in the cells of two report PDFs (3 and 1) became "Secretary-General"."""
    from hexaglot.pipeline import process

    doc = process(corpus / "un_reports_en" / "pdf" / name, "en")
    cells = [c.text for t in doc.tables for row in (*t.header, *t.rows) for c in row]
    assert not [c for c in cells if re.search(r"[^\W\d_]- [A-Z]", c)]
    assert sum(c.count("Secretary-General") for c in cells) >= count


# -- properties -----------------------------------------------------------------------------------------

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=9)


@settings(max_examples=150, deadline=None)
@given(WORD, WORD, st.sampled_from([EN, FR]))
def test_the_document_decides_first(pre: str, post: str, rules) -> None:  # type: ignore[no-untyped-def]
    """Whatever the word list says: a compound the document writes keeps its hyphen, and a joined
    word it writes (and no hyphenated one) is joined."""
    kept = join_lines(f"a {pre}-", f"{post} b", Vocabulary([f"the {pre}-{post} here"]), rules)
    assert kept == f"a {pre}-{post} b"
    joined = join_lines(f"a {pre}-", f"{post} b", Vocabulary([f"the {pre}{post} here"]), rules)
    assert joined == f"a {pre}{post} b"


@settings(max_examples=150, deadline=None)
@given(WORD, WORD, st.sampled_from([EN, FR, ZH]))
def test_a_wrapped_cell_never_keeps_the_readers_space(pre: str, post: str, rules) -> None:  # type: ignore[no-untyped-def]
    """A cell's "X- Y" becomes "XY" or "X-Y" (upper-case Y too), save before a conjunction or where
    the language does not hyphenate; no letter is lost."""
    for right in (post, post.capitalize()):
        out = rejoin_wrapped(f"{pre}- {right}", Vocabulary(), rules)
        if not rules.hyphenation or right.lower() in rules.suspended_before:
            assert out == f"{pre}- {right}"
        else:
            assert out in (f"{pre}{right}", f"{pre}-{right}")
