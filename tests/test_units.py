"""Text-unit kinds (prose, title, footnote, cell) from segmentation to search, concordance and export.

Footnotes are translated text: they are segmented apart from the body (kind ``footnote``), aligned
with the footnotes of the other version (by mark, then sentence by sentence), searchable with a
``kind`` facet, and exported on request (``units="footnotes"``), never by default.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest
import typer
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from archive_helpers import sqlite_at_version
from hexaglot.align.streams import align_grouped, align_streams
from hexaglot.errors import InputError
from hexaglot.model import Bead, Block, Label, Layer
from hexaglot.store.records import SentenceData
from hexaglot.units import KINDS, bead_kind, kind_of, parse_kinds

FR = """Lettre datée du 4 juin 2003, adressée au Secrétaire général

J'ai l'honneur de vous faire tenir ci-joint le texte de la déclaration conjointe sur la coopération \
spatiale.* Les deux pays sont déterminés à poursuivre cette coopération.

La Station spatiale internationale reste au centre de nos efforts communs. Nous confirmons notre \
volonté mutuelle d'assurer la poursuite de son assemblage.

Je vous serais obligé de bien vouloir faire distribuer le texte de la présente lettre comme document \
de l'Assemblée générale.

* A/58/50/Rev.1 et Corr.1.
"""

EN = """Letter dated 4 June 2003 addressed to the Secretary-General

I have the honour to transmit herewith the text of the joint statement on space cooperation.* The two \
countries are determined to pursue this cooperation.

The International Space Station remains at the centre of our common efforts. We confirm our mutual \
resolve to continue its assembly.

I should be grateful if you would have the text of the present letter circulated as a document of the \
General Assembly.

* A/58/50/Rev.1 and Corr.1.
"""


# -- kinds and selections ---------------------------------------------------------------------------


def test_kind_of_block() -> None:
    assert kind_of(Block(text="x")) == "prose"
    assert kind_of(Block(text="x", label=Label.LIST_ITEM)) == "prose"
    assert kind_of(Block(text="x", label=Label.HEADING)) == "title"
    assert kind_of(Block(text="x", label=Label.TITLE)) == "title"
    assert kind_of(Block(text="x", label=Label.FOOTNOTE, layer=Layer.NOTES)) == "footnote"
    assert kind_of(Block(text="x", label=Label.TABLE)) == "cell"


def test_parse_kinds() -> None:
    assert parse_kinds(None) == {"prose"}
    assert parse_kinds("") == {"prose"}
    assert parse_kinds("footnotes") == {"footnote"}
    assert parse_kinds("Prose, Footnote") == {"prose", "footnote"}
    assert parse_kinds(["cells", "titles"]) == {"cell", "title"}
    assert parse_kinds("all") == set(KINDS)
    with pytest.raises(InputError, match="unknown kind 'footnots'"):
        parse_kinds("prose,footnots")


@given(st.lists(st.sampled_from(KINDS), min_size=1))
def test_bead_kind_is_the_first_kind_present(kinds: list[str]) -> None:
    assert bead_kind(kinds) == min(kinds, key=KINDS.index)


# -- segmentation -----------------------------------------------------------------------------------


def test_seed_letter_footnote_is_a_footnote_sentence(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from hexaglot import limits
    from hexaglot.pipeline import process
    from hexaglot.segment import segment_document

    monkeypatch.setattr(limits, "DOC_TIME_BUDGET_S", 120.0)  # what is tested here is not speed on a busy CI

    doc = process(corpus / "seed" / "letter-2003-06-04.fr.txt")
    body = segment_document(doc)
    both = segment_document(doc, notes=True)
    assert both[: len(body)] == body  # the body's ids do not move
    notes = both[len(body):]
    assert [(s.kind, s.unit, s.text) for s in notes] == [("footnote", "*", "A/58/50/Rev.1 et Corr.1.")]
    assert all(s.kind in ("prose", "title") for s in body)
    assert {s.kind for s in body} == {"prose", "title"}
    assert notes[0].id == len(body) and doc.blocks[notes[0].block].layer == Layer.NOTES


# -- alignment by stream ----------------------------------------------------------------------------


def _diagonal(calls: list[tuple[list[str], list[str]]]):  # type: ignore[no-untyped-def]
    """A stand-in aligner: i ↔ i, the rest unpaired; records what it was asked to align."""

    def aligner(src, tgt):  # type: ignore[no-untyped-def]
        calls.append((list(src), list(tgt)))
        k = min(len(src), len(tgt))
        return ([Bead(src=[i], tgt=[i], score=0.9) for i in range(k)]
                + [Bead(src=[i], tgt=[]) for i in range(k, len(src))]
                + [Bead(src=[], tgt=[j]) for j in range(k, len(tgt))])

    return aligner


def _note(text: str, mark: str | None) -> SentenceData:
    return SentenceData(text, kind="footnote", unit=mark)


def test_footnotes_pair_by_mark_when_a_version_lacks_one() -> None:
    src = [_note("one", "1"), _note("two a", "2"), _note("two b", "2"), _note("three", "3")]
    tgt = [_note("un", "1"), _note("trois", "3")]
    calls: list[tuple[list[str], list[str]]] = []
    beads = align_grouped(src, tgt, _diagonal(calls))
    pairs = sorted((tuple(b.src), tuple(b.tgt)) for b in beads)
    assert pairs == [((0,), (0,)), ((1,), ()), ((2,), ()), ((3,), (1,))]
    # once over the whole stream (for context); its bead "two a" ↔ "trois" crossed from the gap of
    # note 2 into the pair of notes 3, so that pair was aligned again on its own
    assert calls == [(["one", "two a", "two b", "three"], ["un", "trois"]), (["three"], ["trois"])]


def test_unmarked_notes_meet_only_in_the_gap_between_marked_ones() -> None:
    src = [_note("one", "1"), _note("x", None), _note("two", "2")]
    tgt = [_note("un", "1"), _note("y", ""), _note("deux", "2")]
    beads = align_grouped(src, tgt, _diagonal([]))
    assert sorted((tuple(b.src), tuple(b.tgt)) for b in beads) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]


def test_footnotes_never_displace_a_prose_bead() -> None:
    src = [SentenceData("A."), SentenceData("Title", kind="title"), SentenceData("B."),
           _note("Note one.", "1"), SentenceData("C.")]
    tgt = [SentenceData("a."), SentenceData("title", kind="title"), _note("note one.", "1"),
           SentenceData("b."), SentenceData("c.")]
    calls: list[tuple[list[str], list[str]]] = []
    beads = align_streams(src, tgt, _diagonal(calls))
    assert calls[0] == (["A.", "Title", "B.", "C."], ["a.", "title", "b.", "c."])  # the body, whole
    assert calls[1] == (["Note one."], ["note one."])
    got = [(b.src, b.tgt) for b in beads]
    assert got == [([0], [0]), ([1], [1]), ([2], [3]), ([4], [4]), ([3], [2])]
    assert sorted(i for b in beads for i in b.src) == list(range(5))


def test_line_parallel_streams_need_no_aligner_and_others_do() -> None:
    src = [SentenceData("A."), _note("Note.", "1")]
    tgt = [SentenceData("a."), _note("note.", "1")]
    beads = align_streams(src, tgt, None, parallel=True)
    assert sorted((b.src, b.tgt) for b in beads) == [([0], [0]), ([1], [1])]
    with pytest.raises(ValueError, match="needs an aligner"):
        align_streams(src, tgt, None)


# -- the archive, end to end ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def notes_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import hexaglot.archive
    from hexaglot import limits

    root = tmp_path_factory.mktemp("notes")
    (root / "in").mkdir()
    (root / "in" / "note.fr.txt").write_text(FR, encoding="utf-8")
    (root / "in" / "note.en.txt").write_text(EN, encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp, hexaglot.archive.create(root / "archive") as a:
        mp.setattr(limits, "DOC_TIME_BUDGET_S", 120.0)  # not a speed test: a busy machine must not fail it
        report = a.ingest([root / "in"], workers=1, embeddings=False)
        assert not report.errors, report.errors
    return root / "archive"


def test_footnote_is_found_with_its_kind(notes_archive: Path) -> None:
    import hexaglot.archive

    with hexaglot.archive.open(notes_archive) as a:
        res = a.search("Corr", lang="en")
        assert [(h.kind, h.text) for h in res.hits] == [("footnote", "A/58/50/Rev.1 and Corr.1.")]
        assert res.facets["kind"] == {"footnote": 1}
        assert a.search("Corr", kind="prose").hits == []
        assert len(a.search("Corr", kind="footnotes").hits) == 2  # en and fr
        everything = a.search("Station OR Corr", lang="fr")
        assert everything.facets["kind"] == {"prose": 1, "footnote": 1}
        assert a.search("Station OR Corr", lang="fr", kind="footnote").total == 1


def test_concordance_is_prose_unless_asked(notes_archive: Path) -> None:
    import hexaglot.archive

    with hexaglot.archive.open(notes_archive) as a:
        assert a.concordance("Corr", src="fr", tgt="en") == []
        lines = a.concordance("Corr", src="fr", tgt="en", kind="footnotes")
        assert [(x.kind, x.source, x.target) for x in lines] == [
            ("footnote", "A/58/50/Rev.1 et Corr.1.", "A/58/50/Rev.1 and Corr.1.")]
        prose = a.concordance("Station", src="fr", tgt="en", kind="prose,footnotes")
        assert [x.kind for x in prose] == ["prose"] and "Space Station" in prose[0].target


def test_aligned_footnote_pair_is_exported_on_request_only(notes_archive: Path, tmp_path: Path) -> None:
    from lxml import etree

    import hexaglot.archive

    with hexaglot.archive.open(notes_archive) as a:
        n = a.export(tmp_path / "default.tmx", src="fr", tgt="en")
        default = (tmp_path / "default.tmx").read_text(encoding="utf-8")
        assert n >= 4 and "Corr.1" not in default and "Lettre datée" not in default  # prose only
        assert a.export(tmp_path / "notes.tmx", src="fr", tgt="en", units="footnotes") == 1
        tu = etree.parse(str(tmp_path / "notes.tmx")).getroot().find("body/tu")
        props = {p.get("type"): p.text for p in tu.findall("prop")}
        segs = [s.text for s in tu.iter("seg")]
        assert props["x-kind"] == "footnote" and segs == ["A/58/50/Rev.1 et Corr.1.", "A/58/50/Rev.1 and Corr.1."]
        assert a.export(tmp_path / "all.jsonl", src="fr", tgt="en", format="jsonl", units="all") == n + 2
        kinds = [json.loads(x)["kind"] for x in (tmp_path / "all.jsonl").read_text().splitlines()]
        assert kinds.count("footnote") == 1 and kinds.count("title") == 1
        # Moses: one kind, the usual two files; several kinds, one file pair per kind
        assert a.export(tmp_path / "m", src="fr", tgt="en", format="moses") == n
        assert "Corr.1" not in (tmp_path / "m.fr").read_text(encoding="utf-8")
        a.export(tmp_path / "k", src="fr", tgt="en", format="moses", units="prose,footnotes")
        assert (tmp_path / "k.footnote.en").read_text(encoding="utf-8") == "A/58/50/Rev.1 and Corr.1.\n"
        assert (tmp_path / "k.prose.fr").read_text(encoding="utf-8") == (tmp_path / "m.fr").read_text(encoding="utf-8")
        assert not (tmp_path / "k.fr").exists()
        # the side-by-side reading shows everything: prose, the title, the footnote last
        assert [p.kind for p in a.aligned("note", "fr", "en")][-1] == "footnote"


def test_cli_kind_and_units(notes_archive: Path, tmp_path: Path) -> None:
    from hexaglot.serve.cli_archive import register

    app = typer.Typer(pretty_exceptions_enable=False)
    register(app)
    runner = CliRunner()
    arc = str(notes_archive)
    res = runner.invoke(app, ["search", "-a", arc, "Corr", "--kind", "footnote", "--json"])
    assert res.exit_code == 0, res.output
    assert {json.loads(x)["kind"] for x in res.stdout.splitlines()} == {"footnote"}
    res = runner.invoke(app, ["concordance", "-a", arc, "Corr", "--src", "fr", "--tgt", "en", "--json"])
    assert res.exit_code == 0 and res.stdout == ""
    res = runner.invoke(app, ["export", "-a", arc, str(tmp_path / "o.jsonl"), "--src", "fr", "--tgt", "en",
                              "-f", "jsonl", "--units", "footnotes"])
    assert res.exit_code == 0, res.output
    assert [json.loads(x)["kind"] for x in (tmp_path / "o.jsonl").read_text().splitlines()] == ["footnote"]
    res = runner.invoke(app, ["export", "-a", arc, str(tmp_path / "x.tmx"), "--src", "fr", "--tgt", "en",
                              "--units", "notes"])
    assert res.exit_code == 2 and "units: unknown kind 'notes'" in res.output
    res = runner.invoke(app, ["search", "-a", arc, "Corr", "--kind", "notes"])
    assert res.exit_code == 2 and "kind: unknown kind 'notes'" in res.output  # the option given


def test_http_kind_and_units(notes_archive: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    from hexaglot.serve.http import Settings, create_app

    with TestClient(create_app(settings=Settings(archive=notes_archive, embeddings=False)),
                    raise_server_exceptions=False) as c:
        r = c.get("/api/search", params={"q": "Corr", "kind": "footnote"})
        assert r.status_code == 200 and {h["kind"] for h in r.json()["hits"]} == {"footnote"}
        assert r.json()["facets"]["kind"] == {"footnote": 2}
        r = c.get("/api/concordance", params={"q": "Corr", "src": "fr", "tgt": "en"})
        assert r.status_code == 200 and r.json()["lines"] == []
        r = c.get("/api/concordance", params={"q": "Corr", "src": "fr", "tgt": "en", "kind": "footnotes"})
        assert [x["kind"] for x in r.json()["lines"]] == ["footnote"]
        r = c.get("/api/export", params={"src": "fr", "tgt": "en", "format": "jsonl", "units": "footnotes"})
        assert r.status_code == 200 and [json.loads(x)["kind"] for x in r.text.splitlines()] == ["footnote"]
        r = c.get("/api/export", params={"src": "fr", "tgt": "en", "format": "jsonl"})
        assert "footnote" not in {json.loads(x)["kind"] for x in r.text.splitlines()}
        assert c.get("/api/search", params={"q": "Corr", "kind": "nope"}).status_code == 400


# -- an archive written before kinds existed ----------------------------------------------------------


def test_older_archive_migrates_kinds_and_queues_reprocessing(tmp_path: Path) -> None:
    from hexaglot.store.db import Store

    path = tmp_path / "archive.sqlite"
    conn = sqlite_at_version(path, 2)
    conn.execute("INSERT INTO documents(id, kind, updated) VALUES ('d', 'text', 'now')")
    conn.execute("INSERT INTO versions(doc_id, lang, sha256, path, format, ingested) "
                 "VALUES ('d', 'fr', 'abc', '/x/d.fr.txt', 'txt', 'now')")
    conn.executemany("INSERT INTO blocks(version_id, idx, label, layer, text) VALUES (1, ?, ?, 'body', 't')",
                     [(0, "title"), (1, "paragraph"), (2, "heading"), (3, "table")])
    conn.executemany("INSERT INTO sentences(version_id, idx, block, text) VALUES (1, ?, ?, 't')",
                     [(0, 0), (1, 1), (2, 1), (3, 2), (4, 3)])
    conn.execute("INSERT INTO files(path, sha256, doc_id, lang, status) VALUES ('/x/d.fr.txt', 'abc', 'd', 'fr', "
                 "'version')")
    conn.close()
    store = Store(path)
    kinds = [k for (k,) in store.conn.execute("SELECT kind FROM sentences ORDER BY idx")]
    assert kinds == ["title", "prose", "prose", "title", "cell"]
    assert store.file_status("/x/d.fr.txt") == ("", "d")  # the next ingest processes it again
    assert store.pending_index()[1] == ["d"]  # and the index is rebuilt with the kind field
    store.close()
