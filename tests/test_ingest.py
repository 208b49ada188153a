"""Ingest of real files: grouping, idempotent and incremental re-ingest, pre-segmented parallel text."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import hexaglot.archive
from archive_helpers import LANGS6, parallel_archive  # noqa: F401
from hexaglot.errors import InputError
from hexaglot.ingest import plan


def _real_files(corpus: Path) -> list[Path]:
    texts = sorted((corpus / "unsc_resolutions_en" / "texts").glob("*.txt"))[:6]
    reports = corpus / "un_reports_en"
    return [*texts, reports / "docx" / "A_80_596.docx", reports / "pdf" / "A_80_596.pdf", corpus / "seed"]


def test_real_files_ingest_and_a_second_run_writes_nothing(corpus: Path, tmp_path: Path) -> None:
    a = hexaglot.archive.create(tmp_path / "arc")
    first = a.ingest(_real_files(corpus), workers=1, embeddings=False)
    assert not first.errors
    assert first.documents_written == 8  # 6 resolutions, A/80/596 (docx and pdf), the seed letter
    counts = a.stats()
    assert counts["sentences"] > 300
    doc = a.document("A/80/596")
    assert doc.versions["en"].format == "docx"  # the Word original wins over the PDF
    assert a.document("letter-2003-06-04").versions["fr"].sentences
    assert a.document("S/RES/1 (1946)").organs == ["SC"]
    second = a.ingest(_real_files(corpus), workers=1, embeddings=False)
    assert second.files_unchanged == second.files_seen == first.files_seen
    assert second.files_processed == second.documents_written == second.sentences_written == 0
    assert a.stats() == counts
    a.close()


def _write_pair(folder: Path, fr: str, en: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "note.fr.txt").write_text(fr, encoding="utf-8")
    (folder / "note.en.txt").write_text(en, encoding="utf-8")


FR = ("Le Conseil de sécurité a examiné la situation au Moyen-Orient. Il a demandé un cessez-le-feu "
      "immédiat. Les parties ont accepté la proposition.\n")
EN = ("The Security Council considered the situation in the Middle East. It called for an immediate "
      "ceasefire. The parties accepted the proposal.\n")


def test_language_versions_are_grouped_by_stem_and_aligned(tmp_path: Path) -> None:
    _write_pair(tmp_path / "in", FR, EN)
    a = hexaglot.archive.create(tmp_path / "arc")
    report = a.ingest([tmp_path / "in"], workers=1, embeddings=False)
    assert report.documents_written == 1 and report.alignments_written == 1
    doc = a.document("note")
    assert set(doc.versions) == {"fr", "en"}
    pairs = list(a.pairs("fr", "en"))
    assert len(pairs) == 3 and pairs[1].tgt == "It called for an immediate ceasefire."
    a.close()


def test_a_changed_file_reingests_only_that_file(tmp_path: Path, corpus: Path) -> None:
    _write_pair(tmp_path / "in", FR, EN)
    shutil.copy(corpus / "seed" / "letter-2003-06-04.fr.txt", tmp_path / "in" / "letter-2003-06-04.fr.txt")
    a = hexaglot.archive.create(tmp_path / "arc")
    a.ingest([tmp_path / "in"], workers=1, embeddings=False)
    en_version = a.store.conn.execute("SELECT id FROM versions WHERE doc_id = 'note' AND lang = 'en'").fetchone()
    old_fr = a.document("note").versions["fr"].sha256
    (tmp_path / "in" / "note.fr.txt").touch()  # a touch alone changes nothing
    assert a.ingest([tmp_path / "in"], workers=1, embeddings=False).files_processed == 0
    (tmp_path / "in" / "note.fr.txt").write_text(FR.replace("immédiat", "sans délai"), encoding="utf-8")
    report = a.ingest([tmp_path / "in"], workers=1, embeddings=False)
    assert (report.files_processed, report.files_unchanged, report.documents_written) == (1, 2, 1)
    doc = a.document("note")
    assert doc.versions["fr"].sha256 != old_fr
    assert "Il a demandé un cessez-le-feu sans délai." in doc.versions["fr"].sentences
    assert a.store.conn.execute("SELECT id FROM versions WHERE doc_id = 'note' AND lang = 'en'").fetchone() == en_version
    assert [p.tgt for p in a.pairs("fr", "en")][1] == "It called for an immediate ceasefire."
    assert a.search('"sans délai"', lang="fr").total == 1
    assert a.search("immédiat", lang="fr", doc_ids=["note"]).total == 0  # the old version left the index
    a.close()


def test_manifest_groups_files_explicitly(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(FR, encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text(EN, encoding="utf-8")
    (tmp_path / "m.tsv").write_text("doc-1\tfr\tin/a.txt\ndoc-1\ten\tin/b.txt\n", encoding="utf-8")
    a = hexaglot.archive.create(tmp_path / "arc")
    a.ingest([tmp_path / "in"], manifest=tmp_path / "m.tsv", workers=1, embeddings=False)
    assert set(a.document("doc-1").versions) == {"fr", "en"}
    a.close()


@pytest.mark.parametrize(("line", "said"), [
    # the missing file named first (a review read "m.tsv: no such file" as the manifest missing)
    ("doc-1\tfr\tin/missing.txt\n", "m.tsv, line 2: in/missing.txt: no such file; paths are relative to the "
                                    "manifest's folder; nothing was ingested"),
    ("doc-1\tfr\tin/missing.txt\ndoc-1\tes\tin/gone.txt\n",
     "m.tsv, line 2: in/missing.txt: no such file (also line 3: in/gone.txt); paths are relative"),
    ("doc-1\txx\tin/b.txt\n", "m.tsv, line 2: unknown language code 'xx' (the UN languages are ar, zh, en, fr, ru, es); "
                             "nothing was ingested"),
    ("\tfr\tin/b.txt\n", "m.tsv, line 2: expected doc_id<TAB>lang<TAB>path (the document id or path is empty); "
                         "nothing was ingested"),
    # a language code that is no UN language: the en version was stored, then "unknown language 'de'"
    ("doc-1\tde\tin/b.txt\n", "m.tsv, line 2: 'de' is no UN language: documents are read in ar, zh, en, fr, ru, "
                            "es (pre-segmented text of other languages: --pair); nothing was ingested"),
    # a file outside the folder ingested: the walk never met it, and the line was left out with no word
    ("doc-1\tfr\tout/c.txt\n", "m.tsv, line 2: "),
])
def test_a_manifest_line_that_names_no_file_is_an_error_before_anything_is_stored(
        tmp_path: Path, line: str, said: str) -> None:
    """A line naming a missing file was passed over in silence, the document stored without that version."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(FR, encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text(EN, encoding="utf-8")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "c.txt").write_text(EN, encoding="utf-8")
    (tmp_path / "m.tsv").write_text("doc-1\ten\tin/a.txt\n" + line, encoding="utf-8")
    a = hexaglot.archive.create(tmp_path / "arc")
    with pytest.raises(InputError) as err:
        a.ingest([tmp_path / "in"], manifest=tmp_path / "m.tsv", workers=1, embeddings=False)
    assert said in str(err.value) and "Traceback" not in str(err.value), str(err.value)
    if "out/" in line:
        assert "out/c.txt is not under the paths given" in str(err.value)
    assert a.stats()["documents"] == 0
    a.close()


def test_corpus_plan_recognises_every_kind_of_input(corpus: Path) -> None:
    p = plan([corpus])
    assert any(f.name == "session_78_committee_3_drafts.odd_records.xml" for f in p.catalogues)
    assert [d.name for d in p.unpc] == ["unpc_devset_6way"]
    assert set(p.presegmented["dev/dev"]) == {"de", "fr"}  # Text+Berg dev
    assert set(p.presegmented["dev/001"]) == {"zh", "en"}  # MAC, zh/ and en/ folders
    udhr = [f for f in p.documents if f.path.name.startswith("udhr.")]
    assert sorted(f.lang for f in udhr) == sorted(LANGS6) and len({f.group for f in udhr}) == 1


def test_unpc_and_udhr_are_six_way_parallel_documents(parallel_archive) -> None:  # noqa: F811
    a = parallel_archive
    n_unpc = a.store.conn.execute("SELECT count(*) FROM documents WHERE id LIKE 'UNPC:%'").fetchone()[0]
    assert n_unpc == 366
    per_doc = a.store.conn.execute(
        "SELECT count(DISTINCT lang) FROM versions WHERE doc_id LIKE 'UNPC:%' GROUP BY doc_id").fetchall()
    assert {n for (n,) in per_doc} == {6}
    n_align = a.store.conn.execute("SELECT count(*) FROM alignments WHERE doc_id = 'udhr'").fetchone()[0]
    assert n_align == 15
    doc = a.document("A/68/908")
    assert doc.id == "UNPC:2015/a/68/908" and len(doc.versions["zh"].sentences) == 9


def test_parallel_reingest_is_idempotent_and_de_is_allowed(parallel_archive, corpus: Path) -> None:  # noqa: F811
    tb = corpus / "textberg_de_fr" / "dev"
    report = parallel_archive.ingest_pairs({"de": tb / "dev.de", "fr": tb / "dev.fr"}, doc_id="textberg-dev",
                                           embeddings=False)
    assert report.documents_written == 0 and report.files_unchanged == 2
    assert len(parallel_archive.document("textberg-dev").versions["de"].sentences) == 468


def test_bad_inputs_are_typed_errors(tmp_path: Path) -> None:
    a = hexaglot.archive.create(tmp_path / "arc")
    with pytest.raises(InputError, match="no such file"):
        a.ingest([tmp_path / "missing"], workers=1)
    with pytest.raises(InputError, match="at least two"):
        a.ingest_pairs({"de": tmp_path / "x"})
    (tmp_path / "empty.txt").write_bytes(b"")
    report = a.ingest([tmp_path / "empty.txt"], workers=1, embeddings=False)
    assert len(report.errors) == 1 and "empty.txt" in report.errors[0]
    a.close()


def test_catalogue_records_attach_and_join_the_reference_graph(corpus: Path, tmp_path: Path) -> None:
    marc = corpus / "undl_marc" / "session_78_committee_3_drafts.odd_records.xml"
    expected = [json.loads(x) for x in (corpus / "undl_marc" / "records_summary.odd_records.jsonl").read_text().splitlines()]
    a = hexaglot.archive.create(tmp_path / "arc")
    assert a.ingest_catalogue(marc) == 47
    doc = a.document("A/C.3/78/L.49/Rev.1")
    assert doc.kind == "catalogue" and doc.date == "2023-11-08" and doc.session == 78
    by_symbol = {e["symbol"]: e for e in expected}
    for sym in ("A/C.3/78/L.49/Rev.1", "A/C.3/78/L.1"):
        assert a.document(sym).catalogue["sponsors"] == by_symbol[sym]["sponsors"]  # mojibake repaired
    assert ("A/C.3/78/L.49/Rev.1", "resolution") in a.refs("A/RES/78/213").cited_by
    non_ascii = [s for e in expected for s in e["sponsors"] if not s.isascii()]
    stored = [s for (r,) in a.store.conn.execute("SELECT record FROM catalogue") for s in json.loads(r)["sponsors"]]
    assert non_ascii and all(s in stored for s in non_ascii)
    a.close()


TMX = ('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en"/><body><tu>'
       '<tuv xml:lang="en"><seg>Hello</seg></tuv><tuv xml:lang="fr"><seg>Bonjour</seg></tuv></tu></body></tmx>\n')


def test_a_catalogue_without_marc_records_is_an_error_and_writes_nothing(corpus: Path, tmp_path: Path) -> None:
    """A review found a TMX given as --catalogue accepted: "catalogue records 0 ... errors 0", exit 0."""
    tmx = tmp_path / "out.tmx"
    tmx.write_text(TMX, encoding="utf-8")
    empty = tmp_path / "empty.xml"
    empty.write_text('<collection xmlns="http://www.loc.gov/MARC21/slim"/>\n', encoding="utf-8")
    a = hexaglot.archive.create(tmp_path / "arc")
    a.ingest([corpus / "seed"], workers=1, embeddings=False)
    before = a.stats()
    with pytest.raises(InputError, match=r"out\.tmx: no MARC21 records \(root element <tmx>\)"):
        a.ingest_catalogue(tmx)
    with pytest.raises(InputError, match=r"empty\.xml: no MARC21 records \(root element <collection>\)"):
        a.ingest_catalogue(empty)
    assert a.stats() == before
    a.close()


def test_marc_records_without_the_marc_namespace_are_read(corpus: Path, tmp_path: Path) -> None:
    from hexaglot.ingest.catalogue import parse_marc

    marc = corpus / "undl_marc" / "session_78_committee_3_drafts.odd_records.xml"
    plain = tmp_path / "plain.xml"
    text = marc.read_text(encoding="utf-8")
    plain.write_text(text.replace(' xmlns="http://www.loc.gov/MARC21/slim"', "")
                     .replace(' xmlns:ns0="http://www.loc.gov/MARC21/slim"', "").replace("ns0:", ""), encoding="utf-8")
    assert "MARC21" not in plain.read_text(encoding="utf-8")
    assert parse_marc(plain) == parse_marc(marc) and len(parse_marc(plain)) == 47


def test_an_empty_marc_collection_in_a_folder_is_that_files_error(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "records.xml").write_text('<collection xmlns="http://www.loc.gov/MARC21/slim"/>\n', encoding="utf-8")
    (folder / "note.fr.txt").write_text("Le Conseil de sécurité a examiné la situation. Il a décidé d'agir.\n",
                                        encoding="utf-8")
    a = hexaglot.archive.create(tmp_path / "arc")
    report = a.ingest([folder], workers=1, embeddings=False)
    assert report.documents_written == 1 and report.files_failed == 1
    assert len(report.errors) == 1 and "records.xml: no MARC21 records" in report.errors[0]
    a.close()


@pytest.mark.slow
def test_the_whole_corpus_ingests_with_a_pool(corpus: Path, tmp_path: Path) -> None:
    a = hexaglot.archive.create(tmp_path / "arc")
    report = a.ingest([corpus], workers=2, embeddings=False)
    assert report.documents_written > 600 and report.catalogue_records == 47
    again = a.ingest([corpus], workers=2, embeddings=False)
    assert again.documents_written == 0 and again.files_processed == 0
    a.close()


def test_a_file_whose_new_content_belongs_to_another_document_moves(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    f = tmp_path / "in" / "x.txt"
    f.write_text("Resolution 1 (1946)\nof 25 January 1946\n\nThe Security Council decides to act promptly.\n",
                 encoding="utf-8")
    a = hexaglot.archive.create(tmp_path / "arc")
    a.ingest([tmp_path / "in"], workers=1, embeddings=False)
    first = {r[0] for r in a.store.conn.execute("SELECT doc_id FROM versions")}
    f.write_text("Resolution 2 (1946)\nof 26 January 1946\n\nThe Security Council decides to wait patiently.\n",
                 encoding="utf-8")
    a.ingest([tmp_path / "in"], workers=1, embeddings=False)
    second = {r[0] for r in a.store.conn.execute("SELECT doc_id FROM versions")}
    assert len(first) == len(second) == 1 and first != second, (first, second)
    assert a.search("promptly", lang="en").total == 0 and a.search("patiently", lang="en").total == 1
    a.close()


def test_named_files_are_read_failures_retried_and_copies_named(tmp_path: Path) -> None:
    """A file named itself is read whatever its name; a file that failed fails again on the next
    run (not "unchanged"); the bytes of a stored file under another name are a named duplicate."""
    import hexaglot.archive
    from hexaglot.demo import demo_dir

    (tmp_path / "note").write_text("The Council met today. It adopted a resolution.\n", encoding="utf-8")
    (tmp_path / "lettre.fr").write_text("Le Conseil s'est réuni. Il a adopté une résolution.\n", encoding="utf-8")
    (tmp_path / "junk.bin").write_bytes(b"\x00\x01\x02\x03 binary")
    letter = demo_dir() / "letter-2003-06-04.fr.txt"
    (tmp_path / "copy.fr.txt").write_bytes(letter.read_bytes())
    named = [tmp_path / "note", tmp_path / "lettre.fr", tmp_path / "junk.bin"]
    with hexaglot.archive.open(tmp_path / "arc", create=True) as a:
        first = a.ingest([letter, *named], workers=1, embeddings=False)
        assert first.files_skipped == 0 and first.files_failed == 1 and "junk.bin" in first.errors[0]
        assert first.documents_written == 3
        again = a.ingest([*named, tmp_path / "copy.fr.txt"], workers=1, embeddings=False)
        assert again.files_failed == 1 and again.files_unchanged == 2 and again.errors
        assert again.files_duplicate == 1 and again.documents_written == 0
        assert "stored already as the fr version of letter-2003-06-04" in again.duplicates[0]
        ids = {r[0] for r in a.store.conn.execute("SELECT id FROM documents")}
    assert ids == {"letter-2003-06-04", "note", "lettre"}


def test_a_marc_export_without_its_namespace_is_found_in_a_folder(corpus: Path, tmp_path: Path) -> None:
    """The catalogue reads MARC21 XML that leaves the namespace out; the folder walk only knew it by
    its namespace, so such a file in a folder was read as a document."""
    text = (corpus / "undl_marc" / "session_78_committee_3_drafts.odd_records.xml").read_text(encoding="utf-8")
    bare = text.replace(' xmlns="http://www.loc.gov/MARC21/slim"', "").replace(
        ' xmlns:ns0="http://www.loc.gov/MARC21/slim"', "").replace("ns0:", "")
    assert "MARC21/slim" not in bare
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "records.xml").write_text(bare, encoding="utf-8")
    (tmp_path / "in" / "page.xml").write_text("<html><body><p>A record of the meeting.</p></body></html>",
                                              encoding="utf-8")
    p = plan([tmp_path / "in"])
    assert [f.name for f in p.catalogues] == ["records.xml"]


def test_pre_segmented_text_never_takes_a_stored_version_or_drops_an_alignment(tmp_path: Path) -> None:
    """`--pair` wrote over what the archive held, with exit 0: a file stored as the fr version of udhr
    (read with its folder) was moved into a new document beside an empty en file; under the id udhr it
    replaced the en and fr versions and the en-ru and fr-ru alignments were gone; and re-ingesting a
    pre-segmented document with one language changed and another left out dropped that language's
    alignments."""
    from hexaglot.demo import demo_dir

    folder = tmp_path / "u"
    folder.mkdir()
    for x in ("en", "fr", "ru"):
        shutil.copy(demo_dir() / f"udhr.{x}.txt", folder)
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    with hexaglot.archive.open(tmp_path / "arc", create=True) as a:
        a.ingest([folder], workers=1, embeddings=False)
        before = a.stats()

        with pytest.raises(InputError, match=r"empty\.txt: no text"):
            a.ingest_pairs({"en": tmp_path / "empty.txt", "fr": folder / "udhr.fr.txt"}, embeddings=False)
        same_id = a.ingest_pairs({"en": folder / "udhr.en.txt", "fr": folder / "udhr.fr.txt"}, embeddings=False)
        assert same_id.documents_written == 0 and "udhr: this id names a document read from its files" in same_id.errors[0]
        moved = a.ingest_pairs({"en": folder / "udhr.en.txt", "fr": folder / "udhr.fr.txt"}, doc_id="other",
                               embeddings=False)
        assert moved.documents_written == 0 and "stored already as part of document udhr" in moved.errors[0]
        assert a.stats() == before

        lines = {x: [s for s in a.document("udhr").versions[x].sentences] for x in ("en", "fr", "ru")}
        for x, sents in lines.items():
            (tmp_path / f"lines.{x}").write_text("\n".join(sents) + "\n", encoding="utf-8")
        a.ingest_pairs({x: tmp_path / f"lines.{x}" for x in lines}, doc_id="X", embeddings=False)
        # the same lines under another id (README: a folder ingest names test0.de and test0.fr test/test0,
        # then `--pair de:test0.de fr:test0.fr` names them test0): unchanged, said, nothing written
        same = a.ingest_pairs({x: tmp_path / f"lines.{x}" for x in lines}, doc_id="Y", embeddings=False)
        assert not same.errors and same.documents_written == 0 and same.files_unchanged == 3
        assert "stored already, unchanged, as document X" in same.warnings[0]
        lines["en"][4] = "A sentence changed in the English lines."
        (tmp_path / "lines.en").write_text("\n".join(lines["en"]) + "\n", encoding="utf-8")
        again = a.ingest_pairs({x: tmp_path / f"lines.{x}" for x in ("en", "fr")}, doc_id="X", embeddings=False)
        assert not again.errors and again.documents_written == 1
        pairs = {(r[0], r[1]) for r in a.store.conn.execute(
            "SELECT sv.lang, tv.lang FROM alignments al JOIN versions sv ON sv.id = al.src_version "
            "JOIN versions tv ON tv.id = al.tgt_version WHERE sv.doc_id = 'X'")}
        assert {frozenset(p) for p in pairs} == {frozenset(p) for p in (("en", "fr"), ("en", "ru"), ("fr", "ru"))}
        assert "A sentence changed in the English lines." in a.document("X").versions["en"].sentences


def test_ingest_says_when_a_file_name_gives_a_language_the_text_is_not_in(tmp_path: Path) -> None:
    """French text named decl.en.txt was stored as the en version and aligned en-ru with no word
    ("warnings": []), though `parse` tells the text is French."""
    from hexaglot.demo import demo_dir

    (tmp_path / "in").mkdir()
    shutil.copy(demo_dir() / "udhr.fr.txt", tmp_path / "in" / "decl.en.txt")
    shutil.copy(demo_dir() / "udhr.ru.txt", tmp_path / "in" / "decl.ru.txt")
    with hexaglot.archive.open(tmp_path / "arc", create=True) as a:
        report = a.ingest([tmp_path / "in"], workers=1, embeddings=False)
    said = [w for w in report.warnings if "decl.en.txt" in w]
    assert said and "looks French (fr); kept en" in said[0], report.warnings


def test_catalogue_records_are_found_by_type_agenda_item_and_organ_as_typed(corpus: Path, tmp_path: Path) -> None:
    """`documents --type "draft resolution"` found none of the 47 draft resolutions: their type was the
    catalogue's "Documents and Publications / Draft Resolutions and Decisions"; `--agenda 71` found none
    (stored "71b", "71b[21]"); and `--organ ga` found nothing where GA found them."""
    from hexaglot.ingest.catalogue import catalogue_type, parse_marc

    marc = corpus / "undl_marc" / "session_78_committee_3_drafts.odd_records.xml"
    records = parse_marc(marc)
    types = {r.symbol: catalogue_type(r) for r in records}
    assert sum(t == "draft_resolution" for t in types.values()) >= 43, types
    with hexaglot.archive.open(tmp_path / "arc", create=True) as a:
        a.ingest_catalogue(marc)
        typed = a.documents(doc_type="draft resolution", size=100)
        assert typed.total == sum(t == "draft_resolution" for t in types.values())
        sub = a.documents(agenda="71b", size=100).total
        assert 0 < sub == a.documents(agenda="71 (b)", size=100).total < a.documents(agenda="71", size=100).total
        assert a.documents(agenda="7", size=100).total < a.documents(agenda="71", size=100).total  # not 71's
        assert a.documents(organ="ga", size=100).total == a.documents(organ="GA", size=100).total > 0
        stored = {x for (r,) in a.store.conn.execute("SELECT agenda FROM documents") for x in json.loads(r)}
        assert "71 (b)" in stored and not any("[" in x or x[-1:].isalpha() for x in stored), stored


@pytest.mark.parametrize(("typed", "matches", "not_matches"), [
    ("71", ["71", "71 (b)", "71b", "71b[21]"], ["710", "7", "17"]),
    ("71b", ["71 (b)", "71b", "71b[21]"], ["71", "71 (a)", "71bb"]),
    ("156 (a)", ["156 (a)", "156a"], ["156", "156 (b)"]),
])
def test_an_agenda_filter_matches_both_spellings_of_an_item(typed: str, matches: list[str],
                                                            not_matches: list[str]) -> None:
    import fnmatch
    import re

    from hexaglot.store.read import agenda_forms

    globs, regex = agenda_forms(typed)
    for value in matches:
        assert re.fullmatch(regex, value) and any(fnmatch.fnmatchcase(value, g) for g in globs), value
    for value in not_matches:
        assert not re.fullmatch(regex, value) and not any(fnmatch.fnmatchcase(value, g) for g in globs), value


def test_a_run_that_reads_one_version_again_keeps_the_documents_english_title(tmp_path: Path) -> None:
    """The UDHR's title became "Déclaration universelle des droits de l’homme" when only its French file
    changed: the facets were taken from the files of the run alone, not from the versions kept."""
    from hexaglot.demo import demo_dir, demo_files
    from hexaglot.ingest.work import facets_from_metadata, facets_of
    from hexaglot.pipeline import process

    for f in demo_files()[:4]:  # the stored metadata gives the facets that reading the file gave
        doc = process(f)
        assert facets_from_metadata(doc.metadata.model_dump(mode="json")) == facets_of(doc), f
    (tmp_path / "u").mkdir()
    for x in ("en", "fr"):
        shutil.copy(demo_dir() / f"udhr.{x}.txt", tmp_path / "u")
    with hexaglot.archive.open(tmp_path / "arc", create=True) as a:
        a.ingest([tmp_path / "u"], workers=1, embeddings=False)
        assert a.document("udhr").title == "Universal Declaration of Human Rights"
        with (tmp_path / "u" / "udhr.fr.txt").open("a", encoding="utf-8") as fh:
            fh.write("Une phrase de plus.\n")
        a.ingest([tmp_path / "u"], workers=1, embeddings=False)
        assert a.document("udhr").title == "Universal Declaration of Human Rights"


def test_a_file_in_no_un_language_is_an_error_of_its_own(tmp_path: Path) -> None:
    """A German text in a folder stopped the whole ingest with "error: document 'erklaerung' has no
    language; pass lang=" (the segmenter's error escaped process_one, which never raises): nothing of
    the folder was stored, and the message named no file."""
    from hexaglot.demo import demo_dir

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "erklaerung.txt").write_text(
        "Alle Menschen sind frei und gleich an Würde und Rechten geboren. Sie sind mit Vernunft und Gewissen "
        "begabt und sollen einander im Geist der Brüderlichkeit begegnen.\n", encoding="utf-8")
    shutil.copy(demo_dir() / "udhr.en.txt", tmp_path / "in")
    with hexaglot.archive.open(tmp_path / "arc", create=True) as a:
        report = a.ingest([tmp_path / "in"], workers=1, embeddings=False)
    assert report.documents_written == 1 and report.files_failed == 1
    assert "erklaerung.txt: its language is not known (it looks like German" in report.errors[0]
