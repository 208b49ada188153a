"""The store: schema and migrations, one transaction per document, replacement of versions."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from hexaglot.errors import ArchiveError
from hexaglot.store import (
    SCHEMA_VERSION,
    AlignmentData,
    BeadData,
    DocumentData,
    Facets,
    SentenceData,
    Store,
    VersionData,
)
from hexaglot.store.read import document_view, iter_pairs, refs
from hexaglot.store.schema import migrate


def _doc(doc_id: str = "A/58/1", fr: tuple[str, ...] = ("Bonjour.", "Au revoir."), sha: str = "f1") -> DocumentData:
    en = ("Hello.", "Goodbye.")
    return DocumentData(
        id=doc_id, kind="text", facets=Facets(symbol=doc_id, date="2003-06-04", organs=["GA"], session=58),
        versions=[VersionData("fr", sha, f"/x/{doc_id}.fr.txt", "txt", [SentenceData(t) for t in fr]),
                  VersionData("en", "e1", f"/x/{doc_id}.en.txt", "txt", [SentenceData(t) for t in en])],
        alignments=[AlignmentData("fr", "en", [BeadData([0], [0], 0.9), BeadData([1], [1], 0.8)])],
        refs=[("S/RES/1483 (2003)", "cites")])


def test_schema_is_versioned_and_migrations_are_idempotent(tmp_path: Path) -> None:
    s = Store(tmp_path / "a.sqlite")
    assert s.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert migrate(s.conn) == SCHEMA_VERSION  # nothing left to do
    s.close()


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "a.sqlite")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(ArchiveError, match="newer"):
        Store(tmp_path / "a.sqlite")


def test_write_read_and_pairs(tmp_path: Path) -> None:
    s = Store(tmp_path / "a.sqlite")
    assert s.write_document(_doc()) == 4
    with s.snapshot() as c:
        view = document_view(c, "A/58/1")
        assert view.versions["fr"].sentences == ["Bonjour.", "Au revoir."]
        pairs = list(iter_pairs(c, "en", "fr"))
        assert [(p.src, p.tgt, p.score) for p in pairs] == [("Hello.", "Bonjour.", 0.9), ("Goodbye.", "Au revoir.", 0.8)]
        assert refs(c, "S/RES/1483 (2003)").cited_by == [("A/58/1", "cites")]
        assert next(iter(iter_pairs(c, "fr", "en", min_score=0.85))).src == "Bonjour."


def test_replacing_a_version_never_reuses_sentence_ids(tmp_path: Path) -> None:
    s = Store(tmp_path / "a.sqlite")
    s.write_document(_doc())
    before = {i for (i,) in s.conn.execute("SELECT id FROM sentences")}
    new = _doc(fr=("Salut.", "Adieu."), sha="f2")
    new.versions = new.versions[:1]  # only French changed
    new.alignments = [AlignmentData("fr", "en", [BeadData([0], [0], 0.7), BeadData([1], [1], 0.7)])]
    s.write_document(new)
    fr_ids = {i for (i,) in s.conn.execute(
        "SELECT s.id FROM sentences s JOIN versions v ON v.id = s.version_id WHERE v.lang = 'fr'")}
    assert not fr_ids & before
    with s.snapshot() as c:
        assert [p.tgt for p in iter_pairs(c, "en", "fr")] == ["Salut.", "Adieu."]
    assert s.counts()["beads"] == 2  # the old alignment went with the old version


def test_a_failed_write_leaves_nothing_half_written(tmp_path: Path) -> None:
    s = Store(tmp_path / "a.sqlite")
    s.write_document(_doc())
    bad = _doc(fr=("Salut.",), sha="f3")
    bad.alignments = [AlignmentData("fr", "de", [BeadData([0], [0], 1.0)])]  # no German version
    with pytest.raises(ArchiveError):
        s.write_document(bad)
    with s.snapshot() as c:
        assert document_view(c, "A/58/1").versions["fr"].sentences == ["Bonjour.", "Au revoir."]
    assert s.counts()["beads"] == 2
