"""Search by meaning (hexaglot.semantic): vectors in the archive, the vector index, the search modes,
related documents, ``hexaglot embed``, check and the bad inputs of issue 17.

The archive is made of the bundled UDHR cut into small line-parallel documents in three languages,
ingested without embeddings (fast), then given vectors by :meth:`Archive.embed`."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest

import hexaglot.archive
from archive_helpers import run_cli
from hexaglot.errors import InputError
from hexaglot.ingest.parallel import ParallelDoc
from hexaglot.semantic.codec import DIM
from hexaglot.store.records import Facets

LANGS = ("en", "fr", "zh")
DOCS = 6
LINES = 8


def _lines(lang: str) -> list[str]:
    from importlib import resources

    text = resources.files("hexaglot.demo").joinpath(f"udhr.{lang}.txt").read_text(encoding="utf-8")
    return [x.strip() for x in text.splitlines() if x.strip()]


def _docs(aligned: bool = True) -> list[ParallelDoc]:
    lines = {x: _lines(x) for x in LANGS}
    out = []
    for k in range(DOCS):
        texts = {x: lines[x][10 + k * LINES: 10 + (k + 1) * LINES] for x in LANGS}
        out.append(ParallelDoc(doc_id=f"udhr-{k}", texts=texts, paths={x: f"udhr-{k}.{x}" for x in LANGS},
                               shas={x: f"{k}{x}" for x in LANGS}, aligned=aligned,
                               facets=Facets(symbol=f"A/RES/{217 + k}", date=f"{1948 + k % 2}-12-10", organs=["GA"])))
    return out


@pytest.fixture(scope="module")
def archive_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("semantic") / "archive"
    with hexaglot.archive.create(path) as a:
        a.ingest_parallel(_docs(), embeddings=False)
        report = a.embed()
        assert report.documents == DOCS and report.sentences == DOCS * LINES * len(LANGS)
    return path


@pytest.fixture(scope="module")
def arch(archive_dir: Path):  # type: ignore[no-untyped-def]
    with hexaglot.archive.open(archive_dir) as a:
        yield a


# -- vectors in the archive -----------------------------------------------------------------------

def test_every_sentence_has_one_vector_of_dim_bytes_and_the_index_matches(arch) -> None:  # type: ignore[no-untyped-def]
    c = arch.store.conn
    assert c.execute("SELECT count(*), min(length(v)), max(length(v)) FROM vectors").fetchone() == (
        DOCS * LINES * len(LANGS), DIM, DIM)
    report = arch.check()
    assert report.clean, [i.message for i in report.issues]
    assert report.counts["vectors"] == report.counts["vector_index"] == DOCS * LINES * len(LANGS)


def test_embed_again_has_nothing_to_do(arch) -> None:  # type: ignore[no-untyped-def]
    assert arch.embed().sentences == 0


def test_ingest_with_embeddings_keeps_the_aligners_vectors(tmp_path: Path) -> None:
    doc = _docs(aligned=False)[0]
    doc.texts = {x: doc.texts[x][:4] for x in ("en", "fr")}
    with hexaglot.archive.create(tmp_path / "a") as a:
        a.ingest_parallel([doc], embeddings=True)
        assert a.store.conn.execute("SELECT count(*) FROM vectors").fetchone()[0] == 8
        assert a.embed().sentences == 0  # the ingest kept them all
        assert a.check().clean


def test_pre_aligned_text_gets_its_vectors_at_ingest_too(tmp_path: Path) -> None:
    """Line-parallel text (--aligned) runs no aligner, and was stored without vectors even with
    embeddings on: the search by meaning then missed it without a word."""
    doc = _docs(aligned=True)[0]
    doc.texts = {x: doc.texts[x][:4] for x in ("en", "fr")}
    with hexaglot.archive.create(tmp_path / "a") as a:
        a.ingest_parallel([doc], embeddings=True)
        assert a.store.conn.execute("SELECT count(*) FROM vectors").fetchone()[0] == 8
        assert a.statistics().vectors == {"with": 8, "without": 0}


def test_sentences_without_a_vector_are_counted_where_meaning_search_misses_them(tmp_path: Path) -> None:
    docs = _docs()[:2]
    with hexaglot.archive.create(tmp_path / "a") as a:
        a.ingest_parallel(docs[:1], embeddings=False)
        a.embed()
        a.ingest_parallel(docs[1:], embeddings=False)
        lack = LINES * len(LANGS)
        assert a.statistics().vectors == {"with": lack, "without": lack}
        res = a.search("freedom", mode="meaning", limit=100)
        assert res.unembedded == lack and len(res.hits) < 100
        assert a.search("freedom", mode="meaning", limit=1).unembedded == 0  # as many hits as asked
        assert a.search("freedom", limit=100).unembedded == 0  # words: every sentence is indexed
    r = runner_invoke(["search", "-a", str(tmp_path / "a"), "freedom", "--mode", "meaning", "-n", "100"])
    assert r.exit_code == 0 and f"{lack} sentences have no vector yet" in r.stderr
    r = runner_invoke(["stats", "-a", str(tmp_path / "a")], env={"COLUMNS": "200"})
    flat = " ".join(w for w in r.stdout.split() if w != "│")  # the table may wrap its last column
    assert f"{lack} without: run hexaglot embed" in flat, r.stdout
    r = runner_invoke(["stats", "-a", str(tmp_path / "a"), "--json"])
    assert json.loads(r.stdout)["vectors"] == {"with": lack, "without": lack}


def runner_invoke(args: list[str], env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from hexaglot.serve.cli import app

    return CliRunner().invoke(app, args, env=env)


def test_replacing_a_document_removes_its_vectors_and_marks_the_index_stale(tmp_path: Path) -> None:
    docs = _docs()[:2]
    with hexaglot.archive.create(tmp_path / "a") as a:
        a.ingest_parallel(docs, embeddings=False)
        a.embed()
        n = a.store.conn.execute("SELECT count(*) FROM vectors").fetchone()[0]
        docs[0].texts = {x: t[:3] for x, t in docs[0].texts.items()}
        docs[0].shas = {x: s + "b" for x, s in docs[0].shas.items()}
        a.ingest_parallel([docs[0]], embeddings=False)  # new sentences, no vectors: the old ones are gone
        assert a.store.conn.execute("SELECT count(*) FROM vectors").fetchone()[0] == n - LINES * len(LANGS)
        report = a.check()
        assert report.clean, [i.message for i in report.issues]  # the write rebuilt the index
        assert report.counts["vector_index"] == n - LINES * len(LANGS)


def test_check_finds_an_index_that_does_not_match_and_repair_rebuilds_it(tmp_path: Path, archive_dir: Path) -> None:
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(archive_dir, copy)
    with hexaglot.archive.open(copy) as a:
        with a.store.transaction() as c:  # a vector lost behind the generation's back
            c.execute("DELETE FROM vectors WHERE sentence_id = (SELECT min(sentence_id) FROM vectors)")
        report = a.check()
        assert not report.ok and "vector index does not match" in report.issues[0].message
        assert a.check(repair=True).ok
        assert a.check().clean
        with a.store.transaction() as c:  # a write that changed the generation: pending, not an error
            c.execute("UPDATE vector_generation SET n = n + 1")
        report = a.check()
        assert report.ok and not report.clean and "behind the database" in report.issues[0].message


def test_backup_rebuilds_the_vector_index_in_the_copy(arch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    report = arch.backup(tmp_path / "copy")
    assert report.clean and report.counts["vector_index"] == report.counts["vectors"] > 0
    with hexaglot.archive.open(tmp_path / "copy") as b:
        assert b.search("freedom of thought", mode="meaning", limit=1).hits


# -- search modes -----------------------------------------------------------------------------------

def test_meaning_finds_the_translation_in_another_language(tmp_path: Path, corpus: Path) -> None:
    base = corpus / "unpc_devset_6way"
    texts = {x: (base / f"dev.{x}").read_text(encoding="utf-8").splitlines()[:40] for x in ("en", "ru")}
    doc = ParallelDoc("unpc", texts, {x: f"dev.{x}" for x in texts}, {x: x for x in texts}, aligned=True)
    with hexaglot.archive.create(tmp_path / "a") as a:
        a.ingest_parallel([doc], embeddings=False)
        a.embed()
        good = 0
        for k, query in enumerate(texts["en"]):
            res = a.search(query, mode="meaning", lang="ru", limit=1)
            assert res.mode == "meaning" and res.hits[0].lang == "ru"
            good += res.hits[0].text == texts["ru"][k]
    assert good >= 0.9 * len(texts["en"])


def test_meaning_hits_carry_their_aligned_english_and_facets(arch) -> None:  # type: ignore[no-untyped-def]
    res = arch.search("liberté de pensée et de religion", mode="meaning", lang="zh,fr", limit=5)
    assert {h.lang for h in res.hits} <= {"zh", "fr"} and res.query_lang == "fr"
    assert all(h.aligned and h.aligned_lang == "en" for h in res.hits)
    assert set(res.facets["lang"]) <= {"zh", "fr"} and sum(res.facets["lang"].values()) == res.total


def test_filters_apply_in_every_mode(arch) -> None:  # type: ignore[no-untyped-def]
    for mode in ("words", "meaning", "both"):
        res = arch.search("freedom", mode=mode, year=1949, limit=50)
        assert res.hits and {h.doc_id for h in res.hits} <= {"udhr-1", "udhr-3", "udhr-5"}, mode
        res = arch.search(_lines("en")[10 + LINES + 2].split()[-1], mode=mode, symbol="A/RES/218", lang="en",
                          limit=50, min_similarity=0.0)  # one word of one line: the filters are tested, not the floor
        assert res.hits and {(h.doc_id, h.lang) for h in res.hits} == {("udhr-1", "en")}, mode


def test_both_fuses_the_two_rankings(arch) -> None:  # type: ignore[no-untyped-def]
    words = arch.search("religion", lang="en", limit=5)
    both = arch.search("religion", mode="both", lang="en", limit=5)
    assert words.hits and both.mode == "both"
    assert words.hits[0].sentence_id in {h.sentence_id for h in both.hits}
    assert arch.search("religion", mode="both", documents=True, limit=3).hits[0].matches >= 1


def test_a_subject_the_archive_lacks_gets_no_hit_in_meaning_mode(arch) -> None:  # type: ignore[no-untyped-def]
    """The UDHR holds nothing on football or climate finance: no hit reaches the floor, while the
    nearest sentences come back when the floor is lowered to 0, and a real subject keeps its hits."""
    for query in ("football world cup results", "climate change adaptation finance"):
        res = arch.search(query, mode="meaning", limit=5)
        assert res.hits == [] and res.total == 0 and res.floor == pytest.approx(0.40), query
        assert arch.search(query, mode="meaning", limit=5, min_similarity=0.0).hits
    res = arch.search("Everyone has the right to freedom of thought, conscience and religion", mode="meaning",
                      lang="fr", limit=3)
    assert res.floor == pytest.approx(0.50) and res.hits and all(h.score >= 0.50 for h in res.hits)


def test_both_keeps_word_matches_and_floors_the_sentences_only_close_in_meaning(arch) -> None:  # type: ignore[no-untyped-def]
    """"freedom of religion" in Chinese: the full-text matches (none: the query is English) and the
    sentences close in meaning, not every Chinese sentence of the archive."""
    res = arch.search("freedom of religion", mode="both", lang="zh", limit=100)
    close = arch.search("freedom of religion", mode="meaning", lang="zh", limit=100)
    assert res.floor == pytest.approx(0.40) and res.hits
    assert {h.sentence_id for h in res.hits} == {h.sentence_id for h in close.hits}
    assert res.total < arch.search("freedom of religion", mode="meaning", lang="zh", limit=100,
                                   min_similarity=0.0).total
    words = arch.search("religion", lang="en", limit=100)
    both = arch.search("religion", mode="both", lang="en", limit=100, min_similarity=0.99)
    assert {h.sentence_id for h in both.hits} == {h.sentence_id for h in words.hits}


def test_a_long_meaning_hit_is_cut_at_a_word_and_says_so() -> None:
    from hexaglot.semantic.search import clipped

    text = "Каждый человек имеет право на свободу мысли, совести и религии; " * 8
    cut = clipped(text)
    assert cut.endswith("…") and len(cut) <= 301 and text.startswith(cut[:-1])
    assert text[len(cut) - 1] == " "  # the cut falls between two words
    assert clipped("short sentence.") == "short sentence."
    assert clipped("人" * 400).endswith("…") and len(clipped("人" * 400)) == 301


def test_related_documents(arch) -> None:  # type: ignore[no-untyped-def]
    found = arch.related("A/RES/217", limit=3)
    assert len(found) == 3 and "udhr-0" not in {r.doc_id for r in found}
    assert found[0].score >= found[-1].score


ALPS = {"en": ["We left the hut at four in the morning, roped up on the glacier below the north face.",
               "The snow bridge over the crevasse held, and by noon we stood on the summit ridge.",
               "Fog came in from the valley, so we climbed down the couloir by the same route.",
               "The guide's old ice axe, with its wooden shaft, still hangs in the hut today."],
        "fr": ["Nous avons quitté la cabane à quatre heures du matin, encordés sur le glacier sous la face nord.",
               "Le pont de neige au-dessus de la crevasse a tenu, et à midi nous étions sur l'arête sommitale.",
               "Le brouillard est monté de la vallée, nous sommes donc redescendus par le couloir.",
               "Le vieux piolet du guide, au manche de bois, est encore accroché dans la cabane."]}


def test_related_lists_only_documents_close_in_meaning(tmp_path: Path) -> None:
    """A document on a subject no other shares has no related document (each was listed, the
    unrelated with cosines near 0.1), unless the floor is lowered; the CLI and the page say so."""
    with hexaglot.archive.create(tmp_path / "a") as a:
        alps = ParallelDoc(doc_id="alps", texts=ALPS, paths={x: f"alps.{x}" for x in ALPS},
                           shas={x: f"alps{x}" for x in ALPS}, aligned=True)
        a.ingest_parallel([*_docs(), alps], embeddings=False)
        a.embed()
        assert a.related("alps") == []
        assert "alps" not in {r.doc_id for r in a.related("udhr-0")}
        low = a.related("alps", min_similarity=0)
        assert len(low) == DOCS and max(r.score for r in low) < 0.35
    r = run_cli("related", "alps", "--archive", str(tmp_path / "a"))
    assert r.exit_code == 0 and "no other document in the archive is close in meaning to alps" in r.output
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    from hexaglot.serve.http import Settings, create_app

    with TestClient(create_app(settings=Settings(archive=tmp_path / "a", token="t", embeddings=False))) as client:
        assert client.get("/api/documents/alps/related").json()["related"] == []
        assert len(client.get("/api/documents/alps/related", params={"min_similarity": 0}).json()["related"]) == DOCS
        assert client.get("/api/documents/alps/related", params={"min_similarity": 2}).status_code == 400
        assert "No other document in the archive is close in meaning" in client.get(
            "/document", params={"symbol": "alps"}).text



def test_related_of_a_document_without_vectors_says_so(tmp_path: Path) -> None:
    """A document ingested without embeddings in an archive that has vectors: "no related document"
    would mislead; it says to run hexaglot embed (CLI exit 2, page line)."""
    with hexaglot.archive.create(tmp_path / "a") as a:
        a.ingest_parallel(_docs()[:2], embeddings=False)
        a.embed()
        late = ParallelDoc(doc_id="late", texts=ALPS, paths={x: f"late.{x}" for x in ALPS},
                           shas={x: f"late{x}" for x in ALPS}, aligned=True)
        a.ingest_parallel([late], embeddings=False)
        with pytest.raises(InputError, match="no sentence vectors yet"):
            a.related("late")
        # a catalogue record and a document of no sentence: `hexaglot embed` cannot help them
        # (it said to run it, which added nothing and left the same error)
        from hexaglot.store.records import DocumentData, Facets

        a.store.write_catalogue(DocumentData(id="A/C.3/78/L.49", kind="catalogue", facets=Facets()), "1", {})
        with pytest.raises(InputError, match="a catalogue record only: the archive holds no text of it"):
            a.related("A/C.3/78/L.49")
    r = run_cli("related", "late", "--archive", str(tmp_path / "a"))
    assert r.exit_code == 2 and "hexaglot embed" in r.output
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    from hexaglot.serve.http import Settings, create_app

    with TestClient(create_app(settings=Settings(archive=tmp_path / "a", token="t", embeddings=False))) as client:
        assert "This document has no sentence vectors yet" in client.get("/document", params={"symbol": "late"}).text


def test_a_one_word_meaning_query_says_what_works_better(arch, archive_dir: Path) -> None:  # type: ignore[no-untyped-def]
    """By meaning, a sentence that holds a single word came first for 8% of one-word queries on UN text
    (60% in the both mode): the result says so, in the library, the CLI, the API and the page."""
    from hexaglot.semantic.search import ONE_WORD_HINT

    assert arch.search("religion", mode="meaning").hint == ONE_WORD_HINT
    assert arch.search("宗教", mode="meaning").hint == ONE_WORD_HINT  # two ideographs: one word
    assert arch.search("freedom of religion", mode="meaning").hint is None
    assert arch.search("religion", mode="both").hint is None and arch.search("religion").hint is None
    r = run_cli("search", "religion", "--mode", "meaning", "--archive", str(archive_dir))
    assert r.exit_code == 0 and "note: a single word says little" in r.output and "--mode both" in r.output
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    from hexaglot.serve.http import Settings, create_app

    with TestClient(create_app(settings=Settings(archive=archive_dir, token="t", embeddings=False))) as client:
        assert client.get("/api/search", params={"q": "religion", "mode": "meaning"}).json()["hint"] == ONE_WORD_HINT
        page = client.get("/search", params={"q": "religion", "mode": "meaning", "lang": "fr"}).text
        assert "a single word says little" in page and "/search?q=religion&amp;lang=fr&amp;mode=both" in page


# -- bad input: one clear error or a result ---------------------------------------------------------

def test_empty_and_huge_queries_are_one_clear_error(arch) -> None:  # type: ignore[no-untyped-def]
    for mode in ("words", "meaning", "both"):
        with pytest.raises(InputError, match="empty"):
            arch.search("   ", mode=mode)
    for mode in ("meaning", "both"):
        with pytest.raises(InputError, match="10,000 characters long"):
            arch.search("droits " * 1428 + "abcd", mode=mode)


def test_a_query_in_a_seventh_language_finds_sentences(arch) -> None:  # type: ignore[no-untyped-def]
    res = arch.search("Jeder hat das Recht auf Gedanken-, Gewissens- und Religionsfreiheit", mode="meaning",
                      lang="en", limit=3)
    assert res.hits and "religion" in " ".join(h.text.lower() for h in res.hits)


def test_unknown_mode_is_an_input_error(arch) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match="mode"):
        arch.search("freedom", mode="vibes")


def test_an_archive_without_vectors_says_how_to_add_them(tmp_path: Path) -> None:
    with hexaglot.archive.create(tmp_path / "a") as a:
        a.ingest_parallel(_docs()[:1], embeddings=False)
        for call in (lambda: a.search("freedom", mode="meaning"), lambda: a.related("udhr-0")):
            with pytest.raises(InputError, match="hexaglot embed"):
                call()
        assert a.search("freedom", mode="words").hits  # words still work
    r = run_cli("search", "freedom", "--mode", "meaning", "--archive", str(tmp_path / "a"))
    assert r.exit_code == 2 and "hexaglot embed" in r.output and "Traceback" not in r.output


# -- front ends -------------------------------------------------------------------------------------

def test_cli_search_modes_and_related(archive_dir: Path) -> None:
    import json

    r = run_cli("search", "freedom of religion", "--mode", "both", "--lang", "fr", "--json",
                "--archive", str(archive_dir))
    assert r.exit_code == 0, r.output
    hits = [json.loads(line) for line in r.output.splitlines()]
    assert hits and all(h["lang"] == "fr" and h["aligned_lang"] == "en" for h in hits)
    r = run_cli("related", "A/RES/217", "--json", "--archive", str(archive_dir))
    assert r.exit_code == 0 and len(r.output.splitlines()) == DOCS - 1
    rows = [json.loads(line) for line in r.output.splitlines()]
    assert all("doc_type" in x for x in rows)
    # each document's type; a title column only when some document has a title (resolutions have none)
    r = run_cli("related", "A/RES/217", "--archive", str(archive_dir))
    head = next(line for line in r.output.splitlines() if "document" in line and "score" in line)
    assert "type" in head and ("title" in head) == any(x["title"] for x in rows)
    r = run_cli("embed", "--langs", "fr", "--json", "--archive", str(archive_dir))
    assert r.exit_code == 0 and json.loads(r.output)["sentences"] == 0


def test_http_search_modes_related_and_the_web_switch(archive_dir: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    from hexaglot.serve.http import Settings, create_app

    with TestClient(create_app(settings=Settings(archive=archive_dir, token="t", embeddings=False)),
                    raise_server_exceptions=False) as client:
        body = client.get("/api/search", params={"q": "liberté de religion", "mode": "meaning", "lang": "zh"}).json()
        assert body["mode"] == "meaning" and body["hits"][0]["lang"] == "zh" and body["hits"][0]["aligned"]
        assert client.get("/api/search", params={"q": "x", "mode": "vibes"}).status_code == 400
        rel = client.get("/api/documents/A/RES/217/related", params={"limit": 2}).json()
        assert len(rel["related"]) == 2
        page = client.get("/search", params={"q": "liberté de religion", "mode": "meaning"}).text
        assert 'value="meaning" checked' in page and 'class="aligned"' in page
        assert "Related in meaning" in client.get("/document", params={"symbol": "A/RES/217"}).text


def test_the_command_line_takes_the_similarity_floor(archive_dir: Path) -> None:
    """The library and the API took min_similarity; `hexaglot search` had no such option."""
    q = "freedom of thought, conscience and religion"
    none = run_cli("search", q, "--mode", "meaning", "--min-similarity", "1", "--archive", str(archive_dir))
    assert none.exit_code == 0 and "no sentence reaches similarity 1.00" in " ".join(none.output.split())
    every = run_cli("search", q, "--mode", "meaning", "--min-similarity", "0", "--json", "--archive", str(archive_dir))
    assert every.exit_code == 0 and len(every.output.splitlines()) == 20
    bad = run_cli("search", q, "--mode", "meaning", "--min-similarity", "2", "--archive", str(archive_dir))
    assert bad.exit_code == 2
