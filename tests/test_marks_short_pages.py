"""A concordance page of two lines marks what both lines hold (``wordalign.marks.page_marks``).

A rare term, what terminologists look up most, has one or two lines in the concordance, and a page
of fewer than three lines used to keep the dictionaries' marks alone: "development" en→es, which
FreeDict's English-Spanish lacks, marked the position links' "informe". Two lines agree on far less
than a page of 25 does, so in two lines a run inside a longer one both hold is not absorbed by it:
"изменения климата" recurs in two lines on climate change as often as "климата" does.
``bench/marks_bench.py --page-lines 2`` measures it on real pairs of concordance lines.
"""

from __future__ import annotations

import pytest

from hexaglot.align.lexicon import load_dictionary
from marks_helpers import page_marked


def _needs(src: str, tgt: str) -> None:
    if not load_dictionary(src, tgt):
        pytest.skip(f"no FreeDict {src}-{tgt} dictionary installed (scripts/install adds them)")


def test_two_lines_mark_the_word_both_hold() -> None:
    """The dictionary alone marked "informe" in the second line (it has no "development")."""
    _needs("en", "es")
    pairs = [("Sustainable development is the goal of the agenda.", "El desarrollo sostenible es el objetivo de la agenda."),
             ("The report on development was adopted.", "Se aprobó el informe sobre el desarrollo.")]
    assert page_marked("en", "es", "development", pairs) == ["desarrollo", "desarrollo"]


def test_two_lines_on_climate_change_mark_climate_not_change() -> None:
    """Each line alone marked "cambio", where the position links put "climate"; both lines hold
    "climático", and "cambio", the dictionary's for "change", is no part of it."""
    _needs("en", "es")
    pairs = [("Adaptation to climate change is costly for small island developing States.",
              "La adaptación al cambio climático es costosa para los pequeños Estados insulares en desarrollo."),
             ("The Panel on climate change met in Geneva in March.",
              "El Grupo sobre el cambio climático se reunió en Ginebra en marzo.")]
    assert page_marked("en", "es", "climate", pairs) == ["climático", "climático"]


def test_in_two_lines_a_collocate_is_no_part_of_the_rendering() -> None:
    """Both lines hold "изменению климата" as often as "климата": two lines cannot tell the query's
    word from its neighbour's, so the run the size of the query is marked (absorbing the shorter run
    into the longer one, as a page of three lines or more does, marked "изменению климата")."""
    _needs("en", "ru")
    pairs = [("Adaptation to climate change is costly for small island developing States.",
              "Адаптация к изменению климата обходится дорого для малых островных развивающихся государств."),
             ("The Panel on climate change met in Geneva in March.",
              "Группа по изменению климата собралась в Женеве в марте.")]
    assert page_marked("en", "ru", "climate", pairs) == ["климата", "климата"]


def test_three_lines_still_take_a_run_into_the_longer_one() -> None:
    """From three lines on, a run inside a longer one that recurs as often is part of it: "نزع السلاح"
    ("disarmament"), not "نزع"."""
    _needs("en", "ar")
    pairs = [("The nuclear disarmament remains a priority.", "لا يزال نزع السلاح النووي أولوية."),
             ("The Conference on disarmament met in Geneva.", "اجتمع مؤتمر نزع السلاح في جنيف."),
             ("Progress in disarmament was slow.", "كان التقدم في نزع السلاح بطيئا.")]
    assert page_marked("en", "ar", "disarmament", pairs) == ["نزع السلاح"] * 3
