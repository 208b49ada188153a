"""The CAT-style fuzzy score and the differences (hexaglot.pretranslate.score); no archive needed."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Levenshtein

from hexaglot.pretranslate.records import band_of
from hexaglot.pretranslate.score import differences, levenshtein_numpy, marked, relabel, score, tokens

S = "The Security Council decided to remain actively seized of the matter."


def test_identical_text_scores_100_and_spacing_alone_does_not_count() -> None:
    assert score(tokens(S), tokens(S)) == 100
    assert score(tokens(S), tokens("The  Security Council decided to remain actively seized of the matter. ")) == 100


def test_one_word_in_eleven_costs_its_share() -> None:
    edited = S.replace("actively", "firmly")
    assert score(tokens(edited), tokens(S)) == round(100 * (1 - 1 / 12), 1)  # 11 words and a full stop


def test_numbers_and_symbols_are_placeables_with_a_light_penalty() -> None:
    a = tokens("Recalling its resolution 1325 (2000) and document S/2000/1044,")
    b = tokens("Recalling its resolution 1820 (2008) and document S/2008/1044,")
    assert 95 <= score(a, b) < 100  # three placeables differ: 3 points, not three words' worth
    assert score(a, tokens("Recalling its decision 1325 (2000) and document S/2000/1044,")) < score(a, b)


def test_a_leading_paragraph_number_is_a_placeable_of_one_point() -> None:
    for label in ("3.", "103.", "(a)", "(iii)", "1/", "A.", "II.", "3.2.", "12 -"):
        assert score(tokens(f"{label} {S}"), tokens(S)) == 99, label
        assert score(tokens(S), tokens(f"{label} {S}")) == 99, label
    assert score(tokens(f"12. {S}"), tokens(f"13. {S}")) == 99
    assert score(tokens(f"12. {S}"), tokens(f"12.  {S}")) == 100  # the same text: exact
    assert score(tokens(f"3. {S.upper()}"), tokens(S)) == 98  # another label and case
    assert tokens(f"12. {S}").words == tokens(S).words + 1  # the analysis still counts it as a word
    # a decimal number or a year is text, not a label
    assert score(tokens("3.5 million people were displaced."), tokens("million people were displaced.")) < 90
    assert score(tokens("1990 was a year of change."), tokens("was a year of change.")) < 90


def test_the_target_gets_the_drafts_paragraph_number() -> None:
    en, fr = "The Council decided.", "Le Conseil a décidé."
    assert relabel(fr, tokens(f"3. {en}"), tokens(en)) == f"3. {fr}"
    assert relabel(f"103. {fr}", tokens(en), tokens(f"103. {en}")) == fr
    assert relabel(f"103. {fr}", tokens(f"7. {en}"), tokens(f"103. {en}")) == f"7. {fr}"
    assert relabel("١٠٣ - قرر المجلس.", tokens(f"7. {en}"), tokens(f"103. {en}")) == "٧ - قرر المجلس."
    assert relabel(f"b) {fr}", tokens(f"(c) {en}"), tokens(f"(b) {en}")) == f"c) {fr}"
    assert relabel(f"103. {fr}", tokens(f"(c) {en}"), tokens(f"103. {en}")) == f"(c) {fr}"  # another form
    assert relabel("（二）安理会决定。", tokens("（三）安理会决定。"), tokens("（二）安理会决定。")) == "（三）安理会决定。"
    assert relabel(f"A. {fr}", tokens(en), tokens(en)) == f"A. {fr}"  # a target's own text is kept


def test_a_drafts_paragraph_number_is_written_as_the_target_language_writes_it() -> None:
    """"3." of an English draft went into an Arabic target as "3.", where Arabic UN documents write "3 -"
    (and an Arabic draft's "3 -" into a French target as "3 -")."""
    en, ar, fr = "The Council decided.", "قرر المجلس.", "Le Conseil a décidé."
    assert relabel(ar, tokens(f"3. {en}"), tokens(en), "ar") == f"3 - {ar}"
    assert relabel(fr, tokens(f"3 - {ar}"), tokens(ar), "fr") == f"3. {fr}"
    assert relabel(f"103 - {ar}", tokens(f"(c) {en}"), tokens(f"103. {en}"), "ar") == f"(c) {ar}"  # not a number
    assert relabel(fr, tokens(f"3. {en}"), tokens(en), "fr") == f"3. {fr}"


def test_case_only_differences_are_not_an_exact_match() -> None:
    assert score(tokens(S), tokens(S.upper())) == 99


def test_the_differences_mark_what_changed_from_the_archive_to_the_draft() -> None:
    draft = tokens(S.replace("actively", "firmly"))
    changes = differences(draft, tokens(S))
    assert [c.op for c in changes if c.op != "equal"] == ["replace"]
    assert marked(changes) == "The Security Council decided to remain [-actively-]{+firmly+} seized of the matter."


def test_cjk_is_scored_character_by_character() -> None:
    a, b = tokens("安全理事会决定继续积极处理此案。"), tokens("安全理事会决定继续处理此案。")
    assert a.words == 15 and 85 < score(a, b) < 100


def test_bands() -> None:
    assert [band_of(x) for x in (101, 100, 99.5, 95, 94.9, 85, 80, 74.9, 50, 49.9, None)] == [
        "101% (context)", "100%", "95–99%", "95–99%", "85–94%", "85–94%", "75–84%", "50–74%", "50–74%", "no match",
        "no match"]


words = st.lists(st.sampled_from(["a", "b", "c", "d", "the", "1", "x"]), max_size=14).map(tuple)


@settings(max_examples=300, deadline=None)
@given(words, words)
def test_numpy_levenshtein_equals_rapidfuzz(a: tuple[str, ...], b: tuple[str, ...]) -> None:
    assert levenshtein_numpy(a, b) == Levenshtein.distance(a, b)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60), st.text(max_size=60))
def test_score_is_bounded_and_100_only_for_the_same_text(a: str, b: str) -> None:
    s = score(tokens(a), tokens(b))
    assert 0 <= s <= 100
    if s == 100:
        assert " ".join(a.split()) == " ".join(b.split()) or tokens(a).text.split() == tokens(b).text.split()
