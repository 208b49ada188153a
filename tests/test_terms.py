"""Bilingual terminology (hexaglot.terms): candidate patterns per language, variant grouping,
association ranking on a small synthetic bitext, TBX-Basic validity, the CSV round trip, and the
API, CLI and HTTP front ends with their bad input."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from archive_helpers import run_cli
from hexaglot.errors import InputError
from hexaglot.store.records import Pair
from hexaglot.terms import build, lookup, read_csv, term_list, write_csv, write_tbx
from hexaglot.terms.extract import candidates, key_of, term_lang
from hexaglot.terms.records import Equivalent, Example, TermEntry
from hexaglot.terms.tbx import TBX_NS

# -- patterns per language -------------------------------------------------------------------------


def _surfaces(text: str, lang: str) -> set[str]:
    return {c.surface for c in candidates(text, term_lang(lang))}


def test_english_noun_phrases_keep_inner_prepositions_and_never_end_on_a_closed_class_word() -> None:
    got = _surfaces("The maintenance of peace and security, and peacekeeping operations of the 7439th meeting.", "en")
    assert {"maintenance of peace and security", "peace and security", "peacekeeping operations"} <= got
    assert not any(s.split()[0].lower() in {"the", "and", "of"} or s.split()[-1].lower() in {"the", "and", "of"}
                   for s in got)
    assert "security, and peacekeeping" not in got  # never across punctuation
    assert "th meeting" not in got and "meeting" in got  # "7439th" is a number, not a word


def test_french_elided_articles_are_words_of_their_own() -> None:
    got = _surfaces("La Commission des droits de l'homme et les opérations de maintien de la paix.", "fr")
    assert {"Commission des droits de l'homme", "droits de l'homme", "opérations de maintien de la paix"} <= got
    assert "l'homme" not in got and "La Commission" not in got


def test_spanish_russian_arabic_and_chinese_patterns() -> None:
    assert "operaciones de mantenimiento de la paz" in _surfaces("las operaciones de mantenimiento de la paz", "es")
    assert "поддержанию мира и безопасности" in _surfaces("по поддержанию мира и безопасности", "ru")
    ar = _surfaces("حفظ السلم والأمن الدوليين في المنطقة", "ar")
    assert "حفظ السلم والأمن الدوليين" in ar and not any(s.endswith("في") for s in ar)
    # "ولما كان" (whereas) opens every preamble paragraph: "ولما" was the top equivalent of "права человека"
    whereas = _surfaces("ولما كان الاعتراف بحقوق الإنسان", "ar")
    assert "حقوق الإنسان" in " ".join(whereas) and not any(s.split()[0] in ("ولما", "لما") for s in whereas)
    zh = _surfaces("维持和平行动和人权理事会的工作", "zh")
    assert "人权理事会" in zh and "维持和平" in zh
    assert "和人权" not in zh and "理事会的" not in zh and "人权理事会的工作" in zh  # 的, 和: inside only


def test_a_language_without_term_data_still_gets_word_runs() -> None:
    assert "Friedenssicherung" in _surfaces("Die Friedenssicherung.", "de")


# -- grouping of variants -------------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "a", "b"), [
    ("en", "peacekeeping operations", "Peacekeeping Operation"),
    ("en", "activities", "activity"),
    ("fr", "Opérations de maintien de la paix", "OPERATION DE MAINTIEN DE LA PAIX"),
    ("fr", "droits de l’homme", "DROITS DE L'HOMME"),
    ("es", "Naciones Unidas", "nación unida"),
    ("ru", "Южной Африки", "Южная Африка"),
    ("ru", "развивающихся странах", "Развивающиеся страны"),
    ("ar", "والعلاقات الدولية", "العلاقات الدولية"),
    ("ar", "بالأمم المتحدة", "الأمم المتحدة"),
    ("ar", "لحقوق الإنسان", "حقوق الإنسان"),  # li- and bi- before a word without the article
    ("ar", "وبحقوق الإنسان", "حقوق الإنسان"),
    ("ar", "للجنة", "اللجنة"),  # ل + ال before a noun whose ل is its own
])
def test_inflected_variants_share_a_key(lang: str, a: str, b: str) -> None:
    assert key_of(a, term_lang(lang)) == key_of(b, term_lang(lang))


@pytest.mark.parametrize(("lang", "a", "b"), [
    ("en", "process", "proces"), ("ru", "Китай", "Кита"), ("fr", "droit", "droite"), ("ar", "بلد", "لد"),
    ("ar", "لجنة", "جنة"), ("ar", "ليبيا", "يبيا"), ("ar", "بلدان", "لدان"),
])
def test_different_words_keep_different_keys(lang: str, a: str, b: str) -> None:
    # "й" keeps its breve; ب is no proclitic before a word without the article
    assert key_of(a, term_lang(lang)) != key_of(b, term_lang(lang))


# -- association ranking on a synthetic bitext ----------------------------------------------------

def _pairs(rows: list[tuple[str, str, str]]) -> list[Pair]:
    return [Pair(doc_id=f"d{i}", symbol=f"S/{i}", date=date, src_lang="en", tgt_lang="fr", src=s, tgt=t, score=1.0,
                 src_ids=[2 * i], tgt_ids=[2 * i + 1]) for i, (s, t, date) in enumerate(rows)]


BITEXT = [
    ("Peacekeeping operations need support.", "Les opérations de maintien de la paix ont besoin d'appui.", "2010"),
    ("The peacekeeping operations were reviewed.", "Les opérations de maintien de la paix ont été examinées.", "2011"),
    ("Budget of peacekeeping operations.", "Budget des opérations de maintien de la paix.", "2015"),
    ("Peacekeeping operation in Mali.", "Opération de maintien de la paix au Mali.", "2015"),
    ("Peacekeeping operations and climate change.", "Les missions de paix et les changements climatiques.", "2016"),
    ("The maintenance of peace is essential.", "Le maintien de la paix est essentiel.", "2010"),
    ("Peace in the region.", "La paix dans la région.", "2011"),
    ("Support for the operations.", "Appui aux opérations.", "2012"),
    ("Climate change is a threat.", "Les changements climatiques sont une menace.", "2012"),
    ("Climate change affects everyone.", "Les changements climatiques touchent tout le monde.", "2013"),
    ("The climate of the region is dry.", "Le climat de la région est sec.", "2013"),
    ("A report on the climate.", "Un rapport sur le climat.", "2014"),
]


def test_the_exact_phrase_wins_over_its_parts_and_its_truncations() -> None:
    res = lookup(build(_pairs(BITEXT), "en", "fr"), "peacekeeping operations")
    assert res.occurrences == 5
    assert res.equivalents[0].term == "opérations de maintien de la paix"
    assert "opérations de maintien" not in [e.term for e in res.equivalents]  # only ever inside the full term
    assert res.equivalents[0].variants[:2] == ["opérations de maintien de la paix", "Opération de maintien de la paix"]


def test_an_arabic_term_is_counted_with_its_li_and_bi_forms() -> None:
    """"حقوق الإنسان" was counted in 3 UDHR beads of 5: not after لـ or بـ (لحقوق الإنسان, بحقوق الإنسان)."""
    rows = [("ولما كان تناسي حقوق الإنسان قد أفضى إلى أعمال همجية.", "Disregard for human rights led to barbarous acts."),
            ("الإعلان العالمي لحقوق الإنسان.", "The Universal Declaration of Human Rights."),
            ("إيمانها بحقوق الإنسان الأساسية.", "Their faith in fundamental human rights."),
            ("ولحقوق الإنسان أهمية كبرى.", "Human rights are of the greatest importance."),
            ("لجنة حقوق الطفل.", "The Committee on the Rights of the Child.")]
    pairs = [Pair(doc_id=f"d{i}", symbol=None, date="2015", src_lang="ar", tgt_lang="en", src=s, tgt=t, score=1.0,
                  src_ids=[2 * i], tgt_ids=[2 * i + 1]) for i, (s, t) in enumerate(rows)]
    res = lookup(build(pairs, "ar", "en"), "حقوق الإنسان")
    assert res.occurrences == 4
    assert res.renderings[0].term.lower() == "human rights" and res.renderings[0].total == 4


def test_renderings_are_counted_per_year() -> None:
    res = lookup(build(_pairs(BITEXT), "en", "fr"), "Peacekeeping Operations")
    first = res.renderings[0]
    assert first.term == "opérations de maintien de la paix"
    assert first.by_year == {2010: 1, 2011: 1, 2015: 2} and first.total == 4
    assert sum(r.total for r in res.renderings) == res.occurrences == 5
    assert res.years == [2010, 2011, 2015, 2016] and res.undated == 0


def test_undated_renderings_are_counted_apart_never_as_year_0() -> None:
    """Beads of documents without a date were counted under year 0, which JSON readers took for a year."""
    rows = [(s, t, "" if k % 2 else d) for k, (s, t, d) in enumerate(BITEXT)]
    res = lookup(build(_pairs(rows), "en", "fr"), "peacekeeping operations")
    assert 0 not in res.years and res.years == sorted(res.years) and res.undated > 0
    assert all(0 not in r.by_year for r in res.renderings)
    assert sum(r.undated for r in res.renderings) == res.undated
    assert all(sum(r.by_year.values()) + r.undated == r.total for r in res.renderings)
    assert all(0 not in r["by_year"] and "0" not in r["by_year"] for r in res.to_dict()["renderings"])


def test_a_rendering_inside_a_longer_chinese_unit_is_counted_as_itself() -> None:
    """"Security Council" → 安全理事会: where the Chinese text has 安全理事会主席 or 安全理事会第…号决议 as one
    unit, the bead was counted as 决议 ("resolution"), or as "(no candidate found)"."""
    rows = [("The Security Council met today.", "安全理事会今天举行会议。"),
            ("The Security Council adopted the text.", "安全理事会通过了案文。"),
            ("The Security Council decided to act.", "安全理事会决定采取行动。"),
            ("The President of the Security Council spoke.", "安全理事会主席发言。"),
            ("Security Council resolution 2139 was recalled.", "回顾了安全理事会第2139号决议。"),
            ("Security Council resolution 2254 was recalled.", "回顾了安全理事会第2254号决议。"),
            ("The resolution was adopted.", "决议获得通过。"),
            ("The resolution was recalled.", "回顾了决议。")] * 3
    pairs = [Pair(doc_id=f"d{i}", symbol=None, date="2015", src_lang="en", tgt_lang="zh", src=s, tgt=t, score=1.0,
                  src_ids=[2 * i], tgt_ids=[2 * i + 1]) for i, (s, t) in enumerate(rows)]
    res = lookup(build(pairs, "en", "zh"), "Security Council")
    assert res.occurrences == 18 and res.equivalents[0].term == "安全理事会"
    assert [(r.term, r.total) for r in res.renderings] == [("安全理事会", 18)]
    # in French words are spaced: "droit" is never found inside "droits"
    from hexaglot.terms.lookup import _forms

    bt = build(_pairs(BITEXT), "en", "fr")
    pattern = _forms(bt, next(k for k in bt.tgt_stats if bt.tgt_stats[k].display == "paix"))
    assert pattern is not None and pattern.search("la paix") and not pattern.search("la paixx")


def test_a_candidate_that_renders_a_longer_source_term_is_demoted() -> None:
    # "changements climatiques" goes with "climate change", not with "climate" alone
    res = lookup(build(_pairs(BITEXT), "en", "fr"), "climate")
    assert res.equivalents[0].term == "climat"


def test_a_word_alignment_feature_can_reorder_the_candidates() -> None:
    bt = build(_pairs(BITEXT), "en", "fr")
    plain = lookup(bt, "peacekeeping operations")

    def prefers_maintien(pair: Pair, s: tuple[int, int], t: tuple[int, int]) -> float:
        return 1.0 if pair.tgt[t[0]:t[1]].startswith("maintien") else 0.0

    linked = lookup(bt, "peacekeeping operations", link=prefers_maintien)
    assert plain.equivalents[0].term != "maintien de la paix"
    assert linked.equivalents[0].term == "maintien de la paix"


def test_the_term_list_puts_multi_word_units_first_with_years_and_documents() -> None:
    entries = term_list(build(_pairs(BITEXT), "en", "fr"), min_freq=2)
    assert entries[0].term.lower() in {"peacekeeping operations", "climate change"}
    pk = next(e for e in entries if e.key == "peacekeeping operation")
    assert (pk.frequency, pk.documents, pk.first_year, pk.last_year) == (5, 5, 2010, 2016)
    assert pk.equivalents[0].term == "opérations de maintien de la paix" and pk.examples
    words = [len(e.key.split()) > 1 for e in entries]
    assert words == sorted(words, reverse=True)


def test_a_term_only_ever_inside_a_longer_one_is_not_listed_apart() -> None:
    """On the UDHR alone the list held "freedoms set forth" beside "rights and freedoms set forth"
    (three beads each): only the words just inside either end were checked, not a run in the middle."""
    rows = [(f"The rights and freedoms set forth in article {k} apply.",
             f"Les droits et libertés énoncés à l'article {k} s'appliquent.", "2010") for k in range(3)]
    rows += [("Rights matter.", "Les droits comptent.", "2011")]
    bt = build(_pairs(rows), "en", "fr")
    keys = {e.key for e in term_list(bt, min_freq=3)}
    assert "right and freedom set forth" in keys and {"freedom set forth", "freedom set"} <= bt.src_stats.keys()
    assert not keys & {"freedom set forth", "freedom set", "set forth", "freedom"}, keys


def test_year_filters_keep_only_the_beads_of_those_years() -> None:
    bt = build(_pairs(BITEXT), "en", "fr", year_from=2015, year_to=2015)
    assert {b.year for b in bt.beads} == {2015}


# -- TBX-Basic and CSV ----------------------------------------------------------------------------

def test_tbx_is_tbx_basic_with_every_required_element(tmp_path: Path) -> None:
    entries = term_list(build(_pairs(BITEXT), "en", "fr"), min_freq=2)
    out = tmp_path / "t.tbx"
    assert write_tbx(entries, out, "en", "fr") == len(entries) > 0
    tree = etree.parse(str(out))
    ns = {"t": TBX_NS}
    root = tree.getroot()
    assert root.tag == f"{{{TBX_NS}}}tbx" and root.get("type") == "TBX-Basic" and root.get("style") == "dca"
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    assert root.get(xml_lang) == "en"
    assert tree.xpath("/t:tbx/t:tbxHeader/t:fileDesc/t:sourceDesc/t:p/text()", namespaces=ns)
    assert [e.tag for e in root] == [f"{{{TBX_NS}}}tbxHeader", f"{{{TBX_NS}}}text"]
    concepts = tree.xpath("/t:tbx/t:text/t:body/t:conceptEntry", namespaces=ns)
    assert len(concepts) == len(entries)
    ids = [c.get("id") for c in concepts]
    assert len(set(ids)) == len(ids) and all(i[0].isalpha() for i in ids)  # xsd:ID
    for c in concepts:
        secs = c.xpath("t:langSec", namespaces=ns)
        assert [s.get(xml_lang) for s in secs] == ["en", "fr"]
        for s in secs:
            terms = s.xpath("t:termSec", namespaces=ns)
            assert terms
            for ts in terms:
                children = [etree.QName(x).localname for x in ts]
                assert children[0] == "term" and ts[0].text.strip()
                assert set(children[1:]) <= {"termNote", "descrip", "admin", "note"}
                assert all(x.get("type") == "context" for x in ts.xpath("t:descrip", namespaces=ns))
                assert all(x.get("type") == "source" for x in ts.xpath("t:admin", namespaces=ns))
    pi = tree.getroot().getprevious()
    assert pi is not None and pi.target == "xml-model" and "TBX-Basic" in pi.text


_word = st.text(alphabet="abcdéfghïjklmnoœpqrstuvwxyzÀ'’-çДжя中文", min_size=1, max_size=8)
_phrase = st.lists(_word, min_size=1, max_size=4).map(" ".join)
_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"), max_size=40)
_equiv = st.builds(Equivalent, term=_phrase, key=_phrase, variants=st.lists(_phrase, max_size=3),
                   cooccurrences=st.integers(0, 99), frequency=st.integers(0, 99),
                   dice=st.floats(0, 1).map(lambda x: round(x, 4)), llr=st.floats(0, 999).map(lambda x: round(x, 2)),
                   score=st.floats(0, 1).map(lambda x: round(x, 4)))
_example = st.builds(Example, doc_id=_phrase, symbol=st.none() | _phrase, date=st.none() | st.just("2015-03-01"),
                     src=_text, tgt=_text)
_entry = st.builds(TermEntry, src_lang=st.just("en"), tgt_lang=st.just("fr"), term=_phrase, key=_phrase,
                   variants=st.lists(_phrase, max_size=3), frequency=st.integers(0, 999),
                   documents=st.integers(0, 99), first_year=st.none() | st.integers(1946, 2030),
                   last_year=st.none() | st.integers(1946, 2030), equivalents=st.lists(_equiv, max_size=3),
                   examples=st.lists(_example, max_size=1))


@settings(max_examples=60, deadline=None)
@given(st.lists(_entry, max_size=4))
def test_csv_round_trip(entries: list[TermEntry]) -> None:
    buf = io.StringIO()
    assert write_csv(entries, buf) == len(entries)
    buf.seek(0)
    assert read_csv(buf) == entries


def test_a_csv_that_is_no_term_list_is_one_clear_error(tmp_path: Path) -> None:
    f = tmp_path / "other.csv"
    f.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"other\.csv: not a Hexaglot term list"):
        read_csv(f)


# -- the archive, the CLI and HTTP ----------------------------------------------------------------

@pytest.fixture(scope="module")
def term_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import hexaglot
    from hexaglot.ingest.parallel import ParallelDoc
    from hexaglot.store.records import Facets

    path = tmp_path_factory.mktemp("terms") / "archive"
    docs = [ParallelDoc(doc_id=f"doc{i}", texts={"en": [s], "fr": [t]}, paths={"en": f"en{i}", "fr": f"fr{i}"},
                        shas={"en": f"e{i}", "fr": f"f{i}"}, facets=Facets(symbol=f"S/{i}", date=d, organs=["SC"]),
                        aligned=True) for i, (s, t, d) in enumerate(BITEXT)]
    docs.append(ParallelDoc(doc_id="ru-only", texts={"en": ["Peace."], "ru": ["Мир."]}, paths={"en": "x", "ru": "y"},
                            shas={"en": "x", "ru": "y"}, aligned=True))
    with hexaglot.create(path) as a:
        a.ingest_parallel(docs, embeddings=False)
    return path


def test_archive_term_and_terms(term_archive: Path) -> None:
    import hexaglot

    with hexaglot.open(term_archive) as a:
        res = a.term("peacekeeping operations", src="en", tgt="fr")
        assert res.renderings[0].term == "opérations de maintien de la paix"
        assert a.term("peacekeeping operations", src="en", tgt="fr", year_from=2015).occurrences == 3  # 2015, 2016
        assert a.term("peacekeeping operations", src="en", tgt="fr", year_to=2010).occurrences == 1
        assert a.term("unheard of", src="en", tgt="fr").occurrences == 0
        assert any(e.key == "peacekeeping operation" for e in a.terms(src="en", tgt="fr", min_freq=2))
        assert a.term("人", src="en", tgt="fr").occurrences == 0  # one Chinese character is a word


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"query": "x"}, "term: 'x' is a single character"),
    ({"query": " ,; "}, "holds no word"),
    ({"query": "peace", "tgt": "de"}, "tgt: no versions in 'de'"),
    ({"query": "peace", "tgt": "ru", "src": "fr"}, "no aligned fr-ru sentences"),
    ({"query": "peace", "year_from": 2030}, r"no aligned en-fr sentences .*\(years 2030-\.\.\.\)"),
])
def test_bad_term_queries_are_one_clear_error(term_archive: Path, kwargs: dict, message: str) -> None:
    import hexaglot

    args = {"src": "en", "tgt": "fr", **kwargs}
    with hexaglot.open(term_archive) as a, pytest.raises(InputError, match=message):
        a.term(args.pop("query"), **args)


def test_an_empty_archive_is_one_clear_error(tmp_path: Path) -> None:
    import hexaglot

    with hexaglot.create(tmp_path / "empty") as a, pytest.raises(InputError, match="src: no versions in 'en'"):
        a.terms(src="en", tgt="fr")


def test_cli_term_and_terms(term_archive: Path, tmp_path: Path) -> None:
    r = run_cli("term", "peacekeeping operations", "--src", "en", "--tgt", "fr", "-a", str(term_archive))
    assert r.exit_code == 0, r.output
    assert "opérations de maintien de la paix" in r.output and "2015" in r.output
    r = run_cli("term", "peacekeeping operations", "--src", "en", "--tgt", "fr", "--word-links", "--json",
                "-a", str(term_archive))  # no model trained: the dictionaries' links
    assert r.exit_code == 0 and '"opérations de maintien de la paix"' in r.output, r.output
    r = run_cli("terms", "--src", "en", "--tgt", "fr", "--min-freq", "2", "-o", str(tmp_path / "t.tbx"),
                "-a", str(term_archive))
    assert r.exit_code == 0, r.output
    etree.parse(str(tmp_path / "t.tbx"))
    r = run_cli("terms", "--src", "en", "--tgt", "fr", "--min-freq", "2", "-o", str(tmp_path / "t.csv"),
                "-a", str(term_archive))
    assert r.exit_code == 0 and read_csv(tmp_path / "t.csv")
    for args, message in ((("term", "x"), "single character"), (("terms", "-o", "t.txt"), "ending in .tbx or .csv"),
                          (("term", "peace", "--tgt", "ru", "--src", "fr"), "no aligned fr-ru")):
        r = run_cli(*args, *(() if "--src" in args else ("--src", "en", "--tgt", "fr")), "-a", str(term_archive))
        assert r.exit_code == 2 and message in r.output and "Traceback" not in r.output


def test_http_term_terms_and_the_web_page(term_archive: Path) -> None:
    from fastapi.testclient import TestClient

    from hexaglot.serve.http import Settings, create_app

    s = Settings(archive=term_archive, token="t", embeddings=False)
    with TestClient(create_app(settings=s), raise_server_exceptions=False) as c:
        r = c.get("/api/term", params={"q": "peacekeeping operations", "src": "en", "tgt": "fr"})
        assert r.status_code == 200 and r.json()["renderings"][0]["by_year"] == {"2010": 1, "2011": 1, "2015": 2}
        r = c.get("/api/terms", params={"src": "en", "tgt": "fr", "min_freq": 2, "format": "tbx"})
        assert r.status_code == 200 and b"TBX-Basic" in r.content
        assert c.get("/api/terms", params={"src": "en", "tgt": "fr", "min_freq": 2}).json()["terms"]
        r = c.get("/api/term", params={"q": "peacekeeping operations", "src": "en", "tgt": "fr", "word_links": "true"})
        assert r.status_code == 200 and r.json()["equivalents"][0]["term"] == "opérations de maintien de la paix"
        r = c.get("/api/term", params={"q": "x", "src": "en", "tgt": "fr"})
        assert r.status_code == 400 and "single character" in r.json()["error"]["message"]
        page = c.get("/terms", params={"q": "peacekeeping operations", "src": "en", "tgt": "fr"})
        assert page.status_code == 200 and "opérations de maintien de la paix" in page.text
        assert 'href="/terms"' in page.text
        bad = c.get("/terms", params={"q": "x", "src": "en", "tgt": "fr"})
        assert bad.status_code == 400 and "single character" in bad.text
        # the empty box shows a term of the source language (it said "peacekeeping operations" for Chinese)
        assert 'placeholder="A term in the source language: 维持和平行动"' in c.get("/terms", params={"src": "zh"}).text


def test_a_longer_rendering_holding_a_shorter_one_goes_first_on_a_near_tie() -> None:
    # UDHR en-fr: "human rights" gave "homme" (Dice 0.92) before "droits de l'homme" (0.91)
    from hexaglot.terms.rank import Scored, _nested_near_ties

    short = Scored("homme", 6, 7, 0.92, 33.3, 0.92, length_gap=0.9)
    long = Scored("droit de l' homme", 5, 5, 0.91, 29.0, 0.91, length_gap=0.1)
    other = Scored("nation", 4, 6, 0.67, 14.3, 0.67, length_gap=0.5)
    assert [s.key for s in _nested_near_ties([short, long, other])] == ["droit de l' homme", "homme", "nation"]
    far = Scored("droit de l' homme", 2, 9, 0.5, 5.0, 0.5, length_gap=0.1)  # not a near tie: order kept
    assert [s.key for s in _nested_near_ties([short, far])] == ["homme", "droit de l' homme"]


def test_a_russian_genitive_in_aya_keys_with_its_nominative_where_the_nominative_is_seen() -> None:
    from hexaglot.terms.extract import sibling_keys

    ru = term_lang("ru")
    forms = sibling_keys(["Делегация Китая.", "Китай и Индия.", "Новая программа."], ru)
    assert forms == {"китая": key_of("Китай", ru)}  # "Новая": no "новай", an adjective's "-ая" as before
    assert sibling_keys(["Делегация Китая."], ru) == {}  # "Китай" unseen: nothing decided
    rows = [("China spoke.", "Китай выступил."), ("The delegation of China.", "Делегация Китая."),
            ("With China.", "С Китаем."), ("China again.", "Китай снова."), ("Peace.", "Мир."),
            ("The peace talks.", "Мирные переговоры."), ("India spoke.", "Индия выступила."), ("Now.", "Сейчас.")]
    bt = build([Pair(doc_id=f"d{i}", symbol=None, date=None, src_lang="en", tgt_lang="ru", src=s, tgt=t, score=1.0,
                     src_ids=[i], tgt_ids=[i]) for i, (s, t) in enumerate(rows)], "en", "ru")
    top = lookup(bt, "China").equivalents[0]
    assert top.key == key_of("Китай", ru) and top.cooccurrences == 4
    assert set(top.variants) == {"Китай", "Китая", "Китаем"}


class _StubAligner:
    """Posteriors that link source word i to target word LINKS[i] (the rest to NULL)."""

    def __init__(self, links: dict[int, list[int]]) -> None:
        self.links = links

    def directional(self, src: list[str], tgt: list[str]):  # type: ignore[no-untyped-def]
        import numpy as np

        fwd = np.zeros((len(tgt), len(src) + 1))
        bwd = np.zeros((len(src), len(tgt) + 1))
        fwd[:, -1] = 1.0
        bwd[:, -1] = 1.0
        for i, js in self.links.items():
            for j in js:
                fwd[j, i], fwd[j, -1] = 1.0, 0.0
                bwd[i, j], bwd[i, -1] = 1.0 / len(js), 0.0
        return fwd, bwd


def test_word_links_measure_how_much_of_the_term_a_candidate_renders() -> None:
    from hexaglot.terms.links import AlignmentLinks

    src, tgt = "International humanitarian law applies.", "Нормы международного гуманитарного права применяются."
    pair = Pair(doc_id="d", symbol=None, date=None, src_lang="en", tgt_lang="ru", src=src, tgt=tgt, score=1.0,
                src_ids=[0], tgt_ids=[1])
    link = AlignmentLinks(_StubAligner({0: [1], 1: [2], 2: [3], 3: [4]}))  # type: ignore[arg-type]
    term = (0, len("International humanitarian law"))

    def span(words: str) -> tuple[int, int]:
        return tgt.index(words), tgt.index(words) + len(words)

    assert link(pair, term, span("международного гуманитарного права")) == pytest.approx(1.0)
    assert link(pair, term, span("гуманитарного права")) == pytest.approx(0.8)  # two of three words: P 1, R 2/3
    assert link(pair, term, span("Нормы международного гуманитарного права")) == pytest.approx(1.0)  # "Нормы": NULL
    assert link(pair, term, span("применяются")) == 0.0


def test_archive_term_takes_the_trained_word_aligner_as_evidence(term_archive: Path, tmp_path: Path) -> None:
    import shutil

    import hexaglot

    path = tmp_path / "archive"
    shutil.copytree(term_archive, path)
    with hexaglot.open(path) as a:
        plain = a.term("peacekeeping operations", src="en", tgt="fr")
        a.train_word_aligner("en", "fr", min_score=0.0)
        linked = a.term("peacekeeping operations", src="en", tgt="fr", word_links=True)
        assert linked.equivalents[0].term == plain.equivalents[0].term == "opérations de maintien de la paix"
        assert [e.dice for e in linked.equivalents] != [e.score for e in linked.equivalents]  # links mixed in
        assert a.terms(src="en", tgt="fr", min_freq=2, word_links=True)


@pytest.mark.parametrize(("query", "plural"), [
    ("centres", True), ("women", True), ("United States", True), ("process", False), ("statistics", False),
    ("sex", False), ("abortion", False),
])
def test_the_number_of_a_typed_term(query: str, plural: bool) -> None:
    from hexaglot.terms.extract import is_plural

    assert is_plural(query, term_lang("en")) is plural
    assert is_plural(query, term_lang("de")) is False  # no [number] data: singular


def test_russian_equivalents_are_named_by_their_nominative() -> None:
    from hexaglot.terms.extract import citation_rank

    ru = term_lang("ru")

    def best(forms: list[str], plural: bool) -> str:
        key = key_of(forms[0], ru)
        assert all(key_of(f, ru) == key for f in forms)
        return min(forms, key=lambda f: citation_rank(f, key, ru, plural))

    assert best(["Соединенных Штатов", "Соединенными Штатами", "Соединенные Штаты"], True) == "Соединенные Штаты"
    assert best(["Южной Африки", "Южной Африке", "Южная Африка"], False) == "Южная Африка"
    assert best(["климата", "климатом", "климат"], False) == "климат"
    assert best(["образования", "образование"], False) == "образование"
    assert best(["демократии", "демократия"], False) == "демократия"
    assert best(["женщин", "женщинам", "женщины"], True) == "женщины"
    assert citation_rank("maintien de la paix", "maintien de la paix", term_lang("fr"), False) == 0  # no list
    rows = [("The United States spoke.", "Соединенные Штаты выступили."),
            ("The delegation of the United States.", "Делегация Соединенных Штатов."),
            ("Letter of the United States.", "Письмо Соединенных Штатов."), ("Peace.", "Мир."),
            ("The peace talks.", "Мирные переговоры."), ("India spoke.", "Индия выступила.")]
    bt = build([Pair(doc_id=f"d{i}", symbol=None, date=None, src_lang="en", tgt_lang="ru", src=s, tgt=t, score=1.0,
                     src_ids=[i], tgt_ids=[i]) for i, (s, t) in enumerate(rows)], "en", "ru")
    top = lookup(bt, "United States").equivalents[0]
    assert top.term == "Соединенные Штаты" and top.variants[0] == "Соединенных Штатов"  # the commoner form


def test_chinese_candidates_do_not_open_with_a_pronoun_of_quantity_or_a_modal() -> None:
    """A review found "人人有权" ("everyone has the right") among the UDHR's Chinese term candidates."""
    from hexaglot.terms.extract import candidates, term_lang

    lang = term_lang("zh")
    found = [c.surface for c in candidates("人人有权享有生命、自由和人身安全。", lang)]
    assert "人身安全" in found and "生命" in found
    assert not any(c.startswith(("人人", "有权")) for c in found), found
    found = [c.surface for c in candidates("所有缔约国均应采取措施。", lang)]
    assert "缔约国" in found and not any("均" in c or "所有" in c for c in found), found
