"""A target word the dictionary gives for another word of the sentence is not the query's rendering,
unless it is the word the query lacks beside its other renderings (``wordalign.marks._explained``).

The UDHR's "if man is not to be compelled ... that human rights should be protected" marked only
"права" of "права человека" en→ru: FreeDict's English-Russian has no "human", its "man" is "человек",
so "человека" counted as the rendering of "man" and cut the page's run short.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hexaglot.align.lexicon import load_dictionary
from marks_helpers import page_marked

QUERY = "human rights"


@pytest.fixture
def en_ru() -> None:
    if not load_dictionary("en", "ru"):
        pytest.skip("no FreeDict en-ru dictionary installed (scripts/install adds them)")


# from the UDHR in English and Russian (preamble, article 26; the OHCHR texts of
# ../shared/corpus/un_parallel_docs/udhr, cut after the clause that holds the query)
PREAMBLE = [
    ("Whereas disregard and contempt for human rights have resulted in barbarous acts which have outraged the "
     "conscience of mankind,",
     "принимая во внимание, что пренебрежение и презрение к правам человека привели к варварским актам, которые "
     "возмущают совесть человечества,"),
    ("Whereas it is essential, if man is not to be compelled to have recourse, as a last resort, to rebellion "
     "against tyranny and oppression, that human rights should be protected by the rule of law,",
     "принимая во внимание, что необходимо, чтобы права человека охранялись властью закона в целях обеспечения "
     "того, чтобы человек не был вынужден прибегать, в качестве последнего средства, к восстанию против тирании "
     "и угнетения;"),
    ("Whereas the peoples of the United Nations have in the Charter reaffirmed their faith in fundamental human "
     "rights,",
     "принимая во внимание, что народы Объединенных Наций подтвердили в Уставе свою веру в основные права "
     "человека,"),
    ("Education shall be directed to the full development of the human personality and to the strengthening of "
     "respect for human rights and fundamental freedoms.",
     "Образование должно быть направлено к полному развитию человеческой личности и к увеличению уважения к "
     "правам человека и основным свободам."),
]


def test_a_word_the_query_lacks_is_marked_though_another_word_has_it_too(en_ru: None) -> None:
    """"человека" beside "права" is the "human" the dictionary does not know; "man" keeps "человек"."""
    assert page_marked("en", "ru", QUERY, PREAMBLE) == [
        "правам человека", "права человека", "права человека", "правам человека"]


def test_a_word_that_is_another_words_alone_stays_out_of_the_mark(en_ru: None) -> None:
    """The rule's first purpose holds: "семья" beside "права" renders "family", which has no other
    rendering in the line, so it is no part of "права человека" though it recurs in every line."""
    pairs = [("The family and human rights were discussed.", "Семья и права человека обсуждались."),
             ("They spoke of the family and human rights.", "Они говорили о семье и правах человека."),
             ("A report on the family and human rights.", "Доклад о семье и правах человека."),
             ("The family and human rights go together.", "Семья и права человека идут вместе.")]
    assert page_marked("en", "ru", QUERY, pairs) == [
        "права человека", "правах человека", "правах человека", "права человека"]


def _udhr_pairs(udhr: Path, tgt: str) -> list[tuple[str, str]]:
    """The UDHR's English and ``tgt`` units aligned one to one (gold/udhr.en-<tgt>.align)."""
    en = (udhr / "text" / "udhr.en.txt").read_text(encoding="utf-8").splitlines()
    other = (udhr / "text" / f"udhr.{tgt}.txt").read_text(encoding="utf-8").splitlines()
    out = []
    for bead in (udhr / "gold" / f"udhr.en-{tgt}.align").read_text(encoding="utf-8").split():
        s_ids, t_ids = (re.findall(r"\d+", side) for side in bead.split(":"))
        if len(s_ids) == 1 and len(t_ids) == 1:
            out.append((en[int(s_ids[0])], other[int(t_ids[0])]))
    return out


def test_the_udhr_concordance_of_human_rights_in_russian(corpus: Path, en_ru: None) -> None:
    """The concordance page "human rights" en→ru over the UDHR (read from ../shared): every line's
    "права человека" whole, the "if man is not to be compelled" line's too."""
    udhr = corpus / "un_parallel_docs" / "udhr"
    if not (udhr / "gold" / "udhr.en-ru.align").is_file():
        pytest.skip(f"the UDHR in six languages is not at {udhr}")
    pairs = [(s, t) for s, t in _udhr_pairs(udhr, "ru") if QUERY in s]
    assert any("if man is not to be compelled" in s for s, _ in pairs)
    marked = page_marked("en", "ru", QUERY, pairs)
    by_source = dict(zip((s for s, _ in pairs), marked, strict=True))
    assert next(m for s, m in by_source.items() if "if man is not to be compelled" in s) == "права человека"
    assert all(re.fullmatch(r"(?i)прав\w* человека", m) for m in marked), marked
