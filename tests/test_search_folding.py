"""Accents and proclitics in word search, on real UN text (UNPC dev set, UDHR).

French and Spanish searches ignore accents, but not where an accent tells two words apart ("à" is
not "a", "él" not "el"), and the stemmer reads the accents its rules are written for ("première" is
"premier"); an Arabic ب stays on a common word of its own (بعده "after it" is not ب + عده).
"""

from __future__ import annotations

import re

import pytest

from archive_helpers import parallel_archive  # noqa: F401
from hexaglot.search.analyzers import indexed_terms


def _holding(a, lang: str, pattern: str) -> set[int]:  # type: ignore[no-untyped-def]
    rx = re.compile(pattern, re.IGNORECASE)
    rows = a.store.conn.execute(
        "SELECT s.id, s.text FROM sentences s JOIN versions v ON v.id = s.version_id WHERE v.lang = ?", (lang,))
    return {sid for sid, t in rows if rx.search(t)}


def _found(a, query: str, lang: str | None) -> set[int]:  # type: ignore[no-untyped-def]
    return {h.sentence_id for h in a.search(query, lang=lang, limit=5000, facets=False).hits}


def _word(w: str) -> str:
    return rf"(?<!\w){w}(?!\w)"


@pytest.mark.parametrize(("lang", "accented", "plain"), [("fr", "à", "a"), ("fr", "où", "ou"), ("fr", "dès", "des"),
                                                         ("es", "él", "el"), ("es", "qué", "que"), ("es", "sí", "si")])
def test_an_accented_function_word_does_not_find_its_unaccented_twin(parallel_archive, lang: str, accented: str,  # noqa: F811
                                                                     plain: str) -> None:
    """Folding made "à" find every "a" (has) and "él" every "el": 1,144 hits for "à" in the UNPC French,
    187 of them without it; 1,188 for "él", 9 with it. Typed without its accent, the word finds both."""
    a = parallel_archive
    holding = _holding(a, lang, _word(accented))
    assert holding and _found(a, accented, lang) == holding
    assert _found(a, plain, lang) >= holding | _holding(a, lang, _word(plain)) > holding  # (and its stem's forms)


def test_an_accented_function_word_in_a_phrase_and_in_every_language(parallel_archive) -> None:  # noqa: F811
    a = parallel_archive
    phrase = _found(a, '"droit à la vie"', "fr")
    assert phrase and phrase == _holding(a, "fr", r"droit à la vie")
    everywhere = a.search("à", limit=5000, facets=False)  # no English or Spanish "a" either
    assert everywhere.total == len(everywhere.hits) and all(re.search(_word("à"), h.text, re.I) for h in everywhere.hits)
    assert all("<b>à</b>" in h.snippet or "<b>À</b>" in h.snippet for h in everywhere.hits[:20])


@pytest.mark.parametrize(("lang", "word"), [("fr", "développement"), ("fr", "sécurité"), ("fr", "États"),
                                            ("es", "educación"), ("es", "también")])
def test_a_word_typed_without_its_accents_still_finds_it(parallel_archive, lang: str, word: str) -> None:  # noqa: F811
    import unicodedata

    plain = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
    typed = _found(parallel_archive, word, lang)
    assert typed and _found(parallel_archive, plain, lang) == typed >= _holding(parallel_archive, lang, _word(word))


def test_which_accented_words_are_looked_for_with_their_accent_only() -> None:
    """The function words of terms.toml and the [fold] distinct words of parse.toml, unaccented."""
    from hexaglot.search.analyzers import accent_bound, marked

    assert all(accent_bound("fr", w) for w in ("à", "À", "où", "là", "dès", "sûr", "mûr"))
    assert all(accent_bound("es", w) for w in ("él", "más", "sí", "qué", "está", "aún", "sólo"))
    assert not any(accent_bound("fr", w) for w in ("a", "États", "première", "été", "même", "également"))
    assert not any(accent_bound("es", w) for w in ("el", "según", "educación", "término"))
    assert indexed_terms("text_es_exact", marked("es", "él")) != indexed_terms("text_es_exact", "el")


@pytest.mark.parametrize(("lang", "query", "form"), [
    ("fr", "premier", "première"), ("fr", "première", "premier"), ("fr", "adopter", "adoptées"),
    ("fr", "adoptées", "adopter"), ("fr", "considéré", "considérée"), ("fr", "considérée", "considéré"),
    ("es", "intereses", "interés"), ("es", "haber", "había"), ("es", "debe", "debería"),
])
def test_the_forms_snowball_joins_find_each_other(parallel_archive, lang: str, query: str, form: str) -> None:  # noqa: F811
    """Folded before the stemmer, "première" was *premier* and "premier" *premi*: neither found the other
    (Snowball cuts *-ière* and *-er*, not *-iere*); so for "adoptées" (*adopte*) and "adopter" (*adopt*),
    "había" (*habi*) and "haber" (*hab*). Typed with or without accents, a word finds the same."""
    a = parallel_archive
    holding = _holding(a, lang, _word(form))
    assert holding and holding <= _found(a, query, lang)
    plain = query.replace("è", "e").replace("é", "e").replace("í", "i")
    assert _found(a, plain, lang) == _found(a, query, lang)


def test_a_bare_ba_stays_on_a_common_word_of_its_own(parallel_archive) -> None:  # noqa: F811
    """بعده ("after it", Zipf 4.65) was cut to ب + عده ("counting", 3.74): a search for عده found it."""
    from hexaglot.langs.clitics import proclitics

    rule = proclitics("ar")
    assert rule.split("بعده") == ("", "بعده") and rule.split("بشأن") == ("", "بشأن")
    assert rule.split("لحقوق") == ("ل", "حقوق") and rule.split("بسبب") == ("ب", "سبب")  # the rest commoner, or near
    assert "عده" not in indexed_terms("text_ar", "بعده")
    a = parallel_archive
    assert _holding(a, "ar", _word("بعده")) and not any("بعده" in h.text for h in a.search(
        "عده", lang="ar", limit=1000, facets=False).hits)
