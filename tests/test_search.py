"""Search in the six languages on real UN text (UNPC dev set, UDHR): analyzers, query syntax, facets."""

from __future__ import annotations

import re
import shutil

import pytest

from archive_helpers import parallel_archive  # noqa: F401
from hexaglot.errors import ArchiveError, InputError
from hexaglot.search.analyzers import cjk_grams, indexed_terms


def _count_like(a, lang: str, pattern: str) -> int:  # type: ignore[no-untyped-def]
    rx = re.compile(pattern)
    rows = a.store.conn.execute(
        "SELECT s.text FROM sentences s JOIN versions v ON v.id = s.version_id WHERE v.lang = ?", (lang,))
    return sum(1 for (t,) in rows if rx.search(t))


def test_cjk_grams() -> None:
    assert cjk_grams("世界人权宣言 A/69/767") == ("世界 界人 人权 权宣 宣言 a/69/767", "世 界 人 权 宣 言 a/69/767")


def test_chinese_two_character_word(parallel_archive) -> None:  # noqa: F811
    res = parallel_archive.search("人权", lang="zh", limit=500, facets=False)
    assert res.total == _count_like(parallel_archive, "zh", "人权") > 10
    assert all("人权" in h.text and "<b>人权</b>" in h.snippet for h in res.hits)
    longer = parallel_archive.search("安全理事会", lang="zh", limit=500, facets=False)  # a phrase of bigrams
    assert longer.total == _count_like(parallel_archive, "zh", "安全理事会") > 5
    single = parallel_archive.search("宣", lang="zh", limit=500, facets=False)
    assert single.total == _count_like(parallel_archive, "zh", "宣")


def test_arabic_word_with_and_without_its_article(parallel_archive) -> None:  # noqa: F811
    with_article = parallel_archive.search("الأمم", lang="ar", limit=1000, facets=False)
    without = parallel_archive.search("أمم", lang="ar", limit=1000, facets=False)
    assert with_article.total == without.total > 50
    assert any("الأمم" in h.text for h in without.hits)
    assert "<b>" in without.hits[0].snippet


def test_arabic_proclitics_are_cut_off_unless_the_letter_is_the_words_own() -> None:
    """Snowball takes ب off but not ل: "لحقوق" was another term than "حقوق", "للجنة" than "اللجنة"."""
    def term(word: str) -> str:
        return indexed_terms("text_ar", word)[-1]  # a proclitic cut off is a term before its word's

    assert term("لحقوق") == term("بحقوق") == term("ولحقوق") == term("للحقوق") == term("حقوق")
    assert term("للجنة") == term("وللجنة") == term("لجنة") == term("اللجنة") != term("جنة")
    assert term("للاجئين") == term("اللاجئين")
    assert term("ليبيا") != term("يبيا") and term("بلد") != term("لد")  # the first letter is the root's
    assert indexed_terms("text_ar", "لجنة") == [term("لجنة")]  # one term: nothing cut off


@pytest.mark.parametrize("word", ["لاحقة", "لقطات", "لاعبا", "لوركا", "لاقت"])
def test_an_arabic_word_whose_lam_is_its_own_is_one_term(word: str) -> None:
    """A bare ل comes off only before a word nearly as frequent as the whole (wordfreq's list): "لاحقة"
    (subsequent) was cut to "احقة", "لوركا" (Lorca) to "وركا". (Snowball takes a ب off by length itself.)"""
    assert len(indexed_terms("text_ar", word)) == 1  # one term: nothing cut off


@pytest.mark.parametrize(("word", "whole"), [("بناء", True), ("بلوغ", True), ("بيساو", True), ("بطاقة", True),
                                             ("لحقوق", False), ("بحقوق", False), ("لتعزيز", False), ("بسبب", False)])
def test_the_term_key_of_an_arabic_word_keeps_a_ba_of_its_own(word: str, whole: bool) -> None:
    from hexaglot.langs.clitics import proclitics

    assert (proclitics("ar").split(word) == ("", word)) is whole


def test_arabic_li_and_bi_forms_are_found_like_the_bare_word(parallel_archive) -> None:  # noqa: F811
    """The UDHR's title "الإعلان العالمي لحقوق الإنسان" was not found by "حقوق الإنسان"."""
    def found(q: str) -> set[int]:
        return {h.sentence_id for h in parallel_archive.search(q, lang="ar", limit=1000, facets=False).hits}

    assert found("حقوق") == found("لحقوق") == found("بحقوق")
    res = parallel_archive.search("حقوق الإنسان", lang="ar", limit=1000, facets=False)
    title = [h for h in res.hits if h.text == "الإعلان العالمي لحقوق الإنسان"]
    assert title and "<b>لحقوق</b> <b>الإنسان</b>" in title[0].snippet  # the word marked whole
    assert res.total >= _count_like(parallel_archive, "ar", r"(?<!\w)[وف]?[بل]?حقوق الإنسان(?!\w)") > 10
    assert any("لحقوق الإنسان" in h.text for h in res.hits) and any("بحقوق الإنسان" in h.text for h in res.hits)
    assert found('"لحقوق الإنسان"') == {h.sentence_id for h in res.hits}
    # a quoted phrase that types an inner word bare finds it with its proclitic too (it found nothing)
    assert found('"العالمي حقوق الإنسان"') >= found('"العالمي لحقوق الإنسان"') and found('"العالمي لحقوق الإنسان"')
    assert found('"حقوق الإنسان"') >= found('"لحقوق الإنسان"')
    committee = found("لجنة")  # its ل is the noun's: found with the article, with li- + the article
    assert committee == found("للجنة") == found("اللجنة") and len(committee) > 5
    texts = [h.text for h in parallel_archive.search("لجنة", lang="ar", limit=1000, facets=False).hits]
    assert any("للجنة" in t for t in texts) and any("اللجنة" in t for t in texts)


def test_an_index_of_an_older_analysis_is_emptied_and_the_search_says_to_reindex(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """An index built before the Arabic proclitics were cut off would not find "لحقوق" by "حقوق"."""
    import hexaglot.archive

    files = {"ar": tmp_path / "t.ar.txt", "en": tmp_path / "t.en.txt"}
    files["ar"].write_text("الإعلان العالمي لحقوق الإنسان\n", encoding="utf-8")
    files["en"].write_text("Universal Declaration of Human Rights\n", encoding="utf-8")
    with hexaglot.archive.create(tmp_path / "a") as a:
        a.ingest_pairs(files, doc_id="udhr", aligned=True, embeddings=False)
    (tmp_path / "a" / "index" / "HEXAGLOT_INDEX_VERSION").write_text("2")  # the layout before
    with hexaglot.archive.open(tmp_path / "a", create=False) as a, \
            pytest.MonkeyPatch.context() as mp:  # an archive too large to rebuild in a search's time
        mp.setattr(hexaglot.archive, "AUTO_REBUILD_SENTENCES", 1)
        with pytest.raises(ArchiveError, match="hexaglot reindex"):
            a.search("حقوق", lang="ar", facets=False)
        a.reindex()
        assert a.search("حقوق", lang="ar", facets=False).total == 1
    with hexaglot.archive.open(tmp_path / "a", create=False) as a:  # rebuilt once, not at every opening
        assert a.search("حقوق الإنسان", lang="ar", facets=False).total == 1
    # a small archive is rebuilt by its first search after the upgrade, and by its first concordance
    for first in ("search", "concordance"):
        (tmp_path / "a" / "index" / "HEXAGLOT_INDEX_VERSION").write_text("2")
        with hexaglot.archive.open(tmp_path / "a", create=False) as a:
            assert a.index.emptied_for_layout
            if first == "search":
                assert a.search("حقوق", lang="ar", facets=False).total == 1
            else:
                assert len(a.concordance("حقوق", src="ar", tgt="en")) == 1
            assert not a.index.emptied_for_layout


def test_an_index_whose_layout_its_marker_does_not_name_is_emptied_and_rebuilt(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A server of the older version, still running while a newer one emptied the index for its new
    layout, wrote to it in the old layout under the new marker: every search, `reindex` and `check`
    then failed ("An index exists but the schema does not match") and nothing could mend it."""
    import tantivy

    import hexaglot.archive
    from hexaglot.search.index import INDEX_VERSION

    files = {"fr": tmp_path / "t.fr.txt", "en": tmp_path / "t.en.txt"}
    files["fr"].write_text("Déclaration universelle des droits de l'homme\n", encoding="utf-8")
    files["en"].write_text("Universal Declaration of Human Rights\n", encoding="utf-8")
    with hexaglot.archive.create(tmp_path / "a") as a:
        a.ingest_pairs(files, doc_id="udhr", aligned=True, embeddings=False)
    index = tmp_path / "a" / "index"
    shutil.rmtree(index)
    index.mkdir()
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("text", stored=True)
    old = tantivy.Index(builder.build(), path=str(index))  # another layout
    writer = old.writer(heap_size=15_000_000, num_threads=1)
    writer.add_document(tantivy.Document(text="an old entry"))
    writer.commit()
    (index / "HEXAGLOT_INDEX_VERSION").write_text(INDEX_VERSION)
    with hexaglot.archive.open(tmp_path / "a", create=False) as a:
        assert a.index.emptied_for_layout
        assert a.search("droits", lang="fr", facets=False).total == 1


def test_russian_inflected_forms_found_by_their_stem(parallel_archive) -> None:  # noqa: F811
    nominative = parallel_archive.search("безопасность", lang="ru", limit=1000, facets=False)
    texts = [h.text.lower() for h in nominative.hits]
    assert any("безопасности" in t for t in texts) and any("безопасность" in t for t in texts)
    assert nominative.total == parallel_archive.search("безопасности", lang="ru", facets=False).total


def test_french_inflected_forms_found_by_their_stem(parallel_archive) -> None:  # noqa: F811
    res = parallel_archive.search("négociation", lang="fr", limit=500, facets=False)
    texts = [h.text.lower() for h in res.hits]
    assert any("négociations" in t for t in texts) and any(re.search(r"négociation\b", t) for t in texts)


def test_spanish_and_english_stems(parallel_archive) -> None:  # noqa: F811
    es = parallel_archive.search("derecho", lang="es", limit=500, facets=False)
    assert any("derechos" in h.text.lower() for h in es.hits)
    en = parallel_archive.search("resolution", lang="en", limit=500, facets=False)
    assert any("resolutions" in h.text.lower() for h in en.hits)


def test_query_syntax_phrase_boolean_prefix(parallel_archive) -> None:  # noqa: F811
    a = parallel_archive
    phrase = a.search('"Security Council"', lang="en", limit=1000, facets=False)
    assert phrase.total and all(re.search(r"Security Council", h.text, re.I) for h in phrase.hits)
    both = a.search("security AND council AND NOT general", lang="en", limit=1000, facets=False)
    assert both.total and all("general" not in h.text.lower() for h in both.hits)
    prefix = a.search("negoti*", lang="en", limit=1000, facets=False)
    assert prefix.total and all("negoti" in h.text.lower() for h in prefix.hits)
    with pytest.raises(InputError):
        a.search("   ")


@pytest.mark.parametrize(("word", "lang"), [("rights", "en"), ("resolutions", "en"), ("nations", "en"),
                                             ("droits", "fr"), ("derechos", "es"), ("Объединенных", "ru")])
def test_a_whole_word_with_a_star_finds_at_least_the_word(parallel_archive, word: str, lang: str) -> None:  # noqa: F811
    """``rights*`` found nothing while ``rights`` found 46 sentences: the index holds the stem "right",
    which the typed prefix "rights" does not start. And the hits of a prefix carried no mark."""
    a = parallel_archive
    plain = a.search(word, lang=lang, limit=1000, facets=False)
    star = a.search(word + "*", lang=lang, limit=1000, facets=False)
    assert plain.total and star.total >= plain.total, (plain.total, star.total)
    assert {h.sentence_id for h in plain.hits} <= {h.sentence_id for h in star.hits}
    marked = [h for h in star.hits if "<b>" in h.snippet]
    assert len(marked) >= 0.9 * len(star.hits), (len(marked), len(star.hits))
    first = re.findall(r"<b>(.*?)</b>", marked[0].snippet)
    assert first and all(m.lower().startswith(word.lower()[:3]) for m in first), marked[0].snippet
    # every hit holds a word that starts with the prefix as typed or has its stem: правительства
    # (government, stem правительств) is no word of права* (stem прав)
    from hexaglot.search.analyzers import indexed_terms, text_field

    field = text_field(lang)
    own = indexed_terms(field, word.lower())[0]
    for h in star.hits:
        words = re.findall(r"[^\W_]+", h.text.lower())
        assert any(w.startswith(word.lower()) or indexed_terms(field, w)[:1] == [own] for w in words), h.text


def test_a_prefix_takes_the_stem_of_its_word_whole() -> None:
    from hexaglot.search.syntax import to_tantivy

    assert to_tantivy("national*", ["text_en"]) == "(text_en:/national.*/ OR text_en:/nation/)"
    assert to_tantivy("peacek*", ["text_en"]) == "(text_en:/peacek.*/)"


def test_a_phrase_marks_the_phrase_not_its_words_elsewhere(parallel_archive) -> None:  # noqa: F811
    """"human rights" in quotes marked the lone "human" of "human personality" too."""
    from hexaglot.search.query import phrase_marks
    from hexaglot.search.syntax import phrase_words

    assert phrase_words('"human rights"') == 2 and phrase_words('"droits de l\'homme" -"paix"') == 4
    assert phrase_words("human rights") is None and phrase_words('"human rights" OR peace') is None
    assert phrase_words('"安全理事会"') is None and phrase_words('"human"') is None
    snip = "the <b>human</b> personality and respect for <b>human</b> <b>rights</b>"
    assert phrase_marks(snip, 2) == "the human personality and respect for <b>human</b> <b>rights</b>"
    signs = "report <b>A</b>/<b>58</b>/<b>50</b> on <b>human</b> <b>rights</b>, <b>Now</b>, <b>therefore</b>"
    assert phrase_marks(signs, 2) == signs  # a phrase with signs inside is one run
    hits = parallel_archive.search('"Security Council"', lang="en", limit=200, facets=False).hits
    from hexaglot.search.query import _runs

    whole = 0
    for h in hits:  # a lone word is marked only where the fragment cut the phrase and shows no whole one
        sizes = [len(r) for r in _runs(h.snippet)]
        whole += 2 in sizes
        assert all(n == 2 for n in sizes) or sizes in ([1],), h.snippet
    assert whole >= 0.9 * len(hits)


def test_facets_and_filters(parallel_archive) -> None:  # noqa: F811
    a = parallel_archive
    res = a.search("development", limit=5)
    assert sum(res.facets["lang"].values()) == res.total and res.facets["lang"]["en"] > 0.9 * res.total
    assert set(res.facets["organ"]) >= {"GA"} and res.facets["year"].get("2015")
    ga = a.search("development", lang="en", organ="GA", limit=1000, facets=False)
    assert 0 < ga.total < res.total and all(h.doc_id.startswith("UNPC:2015/a/") for h in ga.hits)
    by_symbol = a.search("development", lang="en", symbol="A/69/*", limit=1000, facets=False)
    assert by_symbol.total and all((h.symbol or "").startswith("A/69/") for h in by_symbol.hits)
    assert a.search("development", lang="en", year=1999, facets=False).total == 0
    with pytest.raises(InputError, match="unknown filter"):
        a.search("development", colour="red")


def test_results_as_documents(parallel_archive) -> None:  # noqa: F811
    res = parallel_archive.search("peace", lang="en", documents=True, limit=5, facets=False)
    assert len(res.hits) == 5 and len({h.doc_id for h in res.hits}) == 5
    assert sum(h.matches for h in res.hits) >= 5


def test_a_documents_matches_do_not_depend_on_how_many_are_shown(parallel_archive) -> None:  # noqa: F811
    """Each document's match count was what the first 20 × limit sentence hits held: "droits" gave the UDHR
    17, 34 then 50 matches for limits 1, 2 and 5."""
    every = parallel_archive.search("development", lang="en", limit=5000, facets=False)
    per_doc: dict[str, int] = {}
    for h in every.hits:
        per_doc[h.doc_id] = per_doc.get(h.doc_id, 0) + 1
    assert every.total == len(every.hits)
    for limit in (1, 2, 5):
        res = parallel_archive.search("development", lang="en", documents=True, limit=limit, facets=False)
        assert {h.doc_id: h.matches for h in res.hits} == {h.doc_id: per_doc[h.doc_id] for h in res.hits}


def test_reindex_rebuilds_the_same_index(parallel_archive) -> None:  # noqa: F811
    before = parallel_archive.search("人权", lang="zh", facets=False).total
    n = parallel_archive.reindex()
    assert n == parallel_archive.stats()["sentences"]
    assert parallel_archive.search("人权", lang="zh", facets=False).total == before


def test_index_opened_by_many_threads_at_once_stays_whole(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Regression: a reader saw the version marker half-written and wiped the index."""
    import threading

    from hexaglot.search.index import SearchIndex

    first = SearchIndex(tmp_path / "index")
    first.replace_documents([], [{"sentence_id": 1, "text": "strategic relationship", "lang": "en", "sha256": "x",
                                  "doc_id": "d", "symbol": "", "date": "", "year": None, "organs": [],
                                  "session": None, "doc_type": "", "agenda": [], "countries": []}])
    first.close()
    errors: list[BaseException] = []

    def open_and_count() -> None:
        try:
            for _ in range(5):
                idx = SearchIndex(tmp_path / "index")
                assert idx.searcher().num_docs == 1
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=open_and_count) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[:3]


def test_snippets_keep_the_closing_punctuation_and_say_where_they_cut(parallel_archive) -> None:  # noqa: F811
    """A snippet ended at its last word: "(A/80/596, para. 35" for "(A/80/596, para. 35).", so every
    sentence read as cut off; a real cut said nothing."""
    from hexaglot.search.query import framed

    res = parallel_archive.search("sécurité", lang="fr", limit=200, facets=False)
    short = [h for h in res.hits if len(h.text) < 200 and h.text.rstrip()[-1:] in ".;,)"]
    assert short
    for h in short:
        plain = re.sub(r"</?b>", "", h.snippet)
        assert plain.endswith(h.text.rstrip()[-1]) and "…" not in plain, (h.text, h.snippet)
    long = [h for h in res.hits if len(h.text) > 400]
    assert long and all("…" in h.snippet for h in long)
    sentence = "Included in the proposed budget for 2026/27 (A/80/596, para. 35)."
    snippet = "budget for 2026/27 (<b>A</b>/<b>80</b>/<b>596</b>, para. 35"
    assert framed(snippet, sentence) == "…budget for 2026/27 (<b>A/80/596</b>, para. 35)."
    assert framed("not in it", sentence) == "not in it"
    # the series letter a French stop word list leaves unindexed (A, S) belongs to the mark of the symbol
    assert framed("A/<b>58</b>/<b>50</b>/<b>Rev</b>.<b>1</b> et Corr.1", "A/58/50/Rev.1 et Corr.1.") \
        == "<b>A/58/50/Rev.1</b> et Corr.1."
    assert framed("voir S/<b>RES</b>/<b>1483</b>", "voir S/RES/1483.") == "voir <b>S/RES/1483</b>."
    assert framed("and/<b>or</b> A/<b>b</b>", "and/or A/b") == "and/<b>or</b> A/<b>b</b>"  # no symbol: as it was
