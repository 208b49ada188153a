"""``hexaglot check`` finds what is wrong (and ``--repair`` fixes the index); ``hexaglot backup``
makes a consistent, checked copy of a live archive."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

import hexaglot.archive
from hexaglot.errors import ArchiveError
from hexaglot.ingest.parallel import ParallelDoc, _sha
from hexaglot.serve.cli import app

runner = CliRunner()


def _doc(doc_id: str, tag: str, n: int = 6) -> ParallelDoc:
    texts = {"fr": [f"Le comité examine le point {i} {tag}." for i in range(n)],
             "en": [f"The committee considers item {i} {tag}." for i in range(n)]}
    return ParallelDoc(doc_id=doc_id, texts=texts, paths={"fr": f"m:{doc_id}:fr", "en": f"m:{doc_id}:en"},
                       shas={k: _sha(v) for k, v in texts.items()}, aligned=True)


@pytest.fixture
def arc(tmp_path: Path) -> Path:
    path = tmp_path / "arc"
    with hexaglot.archive.create(path) as a:
        a.ingest_parallel([_doc("d1", "a"), _doc("d2", "b")], embeddings=False)
    return path


def test_a_sound_archive_passes(arc: Path) -> None:
    with hexaglot.archive.create(arc) as a:
        report = a.check()
    assert report.clean and report.counts["sentences"] == 24 and report.counts["index_sentences"] == 24
    res = runner.invoke(app, ["check", "--archive", str(arc)], env={"COLUMNS": "300"})
    assert res.exit_code == 0 and ": ok" in res.output
    # the counts in words, not the report's keys (index_sentences, index_pending)
    assert "24 sentences in the search index" in res.output and "index_" not in res.output


def test_a_half_present_document_is_found(arc: Path) -> None:
    with hexaglot.archive.create(arc) as a:
        a.store.conn.execute("PRAGMA foreign_keys=OFF")
        a.store.conn.execute("DELETE FROM sentences WHERE id = (SELECT max(id) FROM sentences)")
        report = a.check()
    assert not report.ok
    assert any("half-present version d2" in i.message for i in report.issues), report.issues
    assert any("bead" in i.message and "missing" in i.message for i in report.issues)
    res = runner.invoke(app, ["check", "--archive", str(arc)])
    assert res.exit_code == 1 and "FAILED" in res.output


def test_an_index_that_differs_is_an_error_and_repair_fixes_it(arc: Path) -> None:
    with hexaglot.archive.create(arc) as a:
        a.index.writer.delete_documents_by_term("doc_id", "d1")
        a.index._dirty = True
        a.index.close()
        report = a.check()
        assert not report.ok and "'d1'" in report.issues[0].message
        assert a.search("comité", lang="fr").total == 6
    res = runner.invoke(app, ["check", "--archive", str(arc), "--repair"])
    assert res.exit_code == 0 and "repaired the index of 1 document" in res.output
    with hexaglot.archive.create(arc) as a:
        assert a.check().clean and a.search("comité", lang="fr").total == 12


def test_a_damaged_database_is_reported_not_raised(tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "archive.sqlite").write_bytes(b"SQLite format 3\0" + b"\xff" * 4000)
    res = runner.invoke(app, ["check", "--archive", str(bad)])
    assert res.exit_code in (1, 2) and "error" in res.output.lower()
    assert "Traceback" not in res.output


def test_backup_is_consistent_while_a_writer_runs(arc: Path, tmp_path: Path) -> None:
    stop = threading.Event()
    errors: list[BaseException] = []

    def write() -> None:
        try:
            with hexaglot.archive.create(arc, lock_wait=30) as w:
                k = 0
                while not stop.is_set():
                    w.ingest_parallel([_doc("d1", f"v{k}"), _doc(f"n{k % 5}", f"v{k}")], embeddings=False)
                    k += 1
        except BaseException as exc:
            errors.append(exc)

    t = threading.Thread(target=write)
    t.start()
    try:
        copies = []
        for i in range(3):
            with hexaglot.archive.create(arc) as a:
                report = a.backup(tmp_path / f"copy{i}")
            assert report.clean, report.issues
            copies.append(tmp_path / f"copy{i}")
    finally:
        stop.set()
        t.join()
    assert not errors, errors
    for c in copies:
        with hexaglot.archive.open(c, create=False) as b:
            assert b.check().clean
            tags = {h.text.rsplit(" ", 1)[1] for h in b.search("comité", lang="fr", limit=1000).hits
                    if h.doc_id == "d1"}
            assert len(tags) == 1  # one version of d1, whole
    assert not list(tmp_path.glob("*.partial-*"))


def test_backup_refuses_a_used_or_inner_destination(arc: Path, tmp_path: Path) -> None:
    used = tmp_path / "used"
    used.mkdir()
    (used / "x").write_text("keep me")
    with hexaglot.archive.create(arc) as a:
        with pytest.raises(ArchiveError, match="already exists"):
            a.backup(used)
        with pytest.raises(ArchiveError, match="inside the archive"):
            a.backup(arc / "sub")
    assert (used / "x").read_text() == "keep me"
    res = runner.invoke(app, ["backup", str(tmp_path / "fresh"), "--archive", str(arc)])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "fresh" / "archive.sqlite").exists()
    # the summary in words (it printed the check's keys: "0 index_pending, 687 index_sentences")
    said = " ".join(res.output.split())
    assert "index_pending" not in said and "documents waiting for the search index" in said, said
    # the folders above the copy are never made (a mistyped path made a tree of them)
    res = runner.invoke(app, ["backup", str(tmp_path / "no" / "such" / "copy"), "--archive", str(arc)])
    assert res.exit_code == 2 and "does not exist" in res.output and not (tmp_path / "no").exists()


def test_an_interrupt_between_the_database_and_the_index_leaves_the_document_in_the_backlog(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Ctrl-C after a document's transaction, before its rows reach the index writer: the commit
    # that follows (on the way out) must not forget it, or `check` finds the index short of it
    # with an empty backlog (seen once in tests/test_ingest_interrupt.py under load).
    from hexaglot.search.index import SearchIndex

    real = SearchIndex.replace_documents
    calls = []

    def interrupted(self, doc_ids, rows):  # type: ignore[no-untyped-def]
        calls.append(list(doc_ids))
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(self, doc_ids, rows)

    path = tmp_path / "arc"
    with hexaglot.archive.create(path) as a:
        monkeypatch.setattr(SearchIndex, "replace_documents", interrupted)
        with pytest.raises(KeyboardInterrupt):
            a.ingest_parallel([_doc("d1", "a"), _doc("d2", "b")], embeddings=False, workers=1)
        monkeypatch.setattr(SearchIndex, "replace_documents", real)
        a.index.commit()  # a commit after the interrupt (the writer was dropped: nothing to commit)
        report = a.check()
        assert report.ok, [i.message for i in report.issues]
        # Ctrl-C drops the index writer without a commit (no fsync or merge on the way out): d1,
        # whose rows had reached the writer, and d2 both wait in the backlog for the next writer
        assert report.counts["index_pending"] == 2
        assert a.search("comité", lang="fr").total == 0
    with hexaglot.archive.create(path) as a:
        a.ingest_parallel([_doc("d1", "a"), _doc("d2", "b")], embeddings=False)  # the next run completes it
        assert a.check().clean and a.search("comité", lang="fr").total == 12


def test_catalogue_records_leave_no_document_waiting_for_the_index(tmp_path: Path) -> None:
    """After a clean ingest of catalogue records, `stats` said "47 document(s) waiting: run hexaglot check
    --repair" and `check` "47 documents waiting for the search index": records without text were queued
    for the index and never taken off the queue (the repair did, but its summary still said 47)."""
    marc = tmp_path / "records.xml"
    marc.write_text(
        '<collection xmlns="http://www.loc.gov/MARC21/slim">'
        + "".join(f'<record><controlfield tag="001">{k}</controlfield>'
                  f'<datafield tag="191" ind1=" " ind2=" "><subfield code="a">A/C.3/78/L.{k}</subfield></datafield>'
                  f'<datafield tag="245" ind1=" " ind2=" "><subfield code="a">Draft resolution {k}</subfield></datafield>'
                  "</record>" for k in (1, 2))
        + "</collection>", encoding="utf-8")
    with hexaglot.archive.create(tmp_path / "arc") as a:
        assert a.ingest_catalogue(marc) == 2
        assert a.statistics().index["pending_documents"] == 0
        report = a.check()
    assert report.counts["index_pending"] == 0, report.counts


def test_check_repair_counts_the_documents_still_waiting_after_it(arc: Path) -> None:
    """`check --repair` said "repaired the index of 47 document(s)" and, in the same summary, "47
    documents waiting": the count was taken before the repair (and counted queue rows, not documents)."""
    with hexaglot.archive.open(arc) as a:
        with a.store.transaction() as c:
            c.executemany("INSERT INTO index_pending(doc_id) VALUES (?)", [("d1",), ("d1",), ("d2",)])
        assert a.check().counts["index_pending"] == 2
        report = a.check(repair=True)
    assert sorted(report.repaired) == ["d1", "d2"] and report.counts["index_pending"] == 0, report.counts
