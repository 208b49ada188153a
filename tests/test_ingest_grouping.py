"""Which files make one document: stems group inside a folder, conflicts are reported by name,
the summary counts every file, ``--exclude`` and the files that are not documents."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import hexaglot.archive
from hexaglot.ingest import plan

FR = ("Le Conseil de sécurité a examiné la situation au Moyen-Orient. Il a demandé un cessez-le-feu "
      "immédiat. Les parties ont accepté la proposition.\n")
EN = ("The Security Council considered the situation in the Middle East. It called for an immediate "
      "ceasefire. The parties accepted the proposal.\n")
FR_OTHER = "Le Comité a adopté son rapport. La séance est levée à midi.\n"
CLI = "from hexaglot.serve.cli import main; main()"


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _two_folders(root: Path) -> None:
    _write(root / "a" / "note.fr.txt", FR_OTHER)
    _write(root / "b" / "note.fr.txt", FR)
    _write(root / "b" / "note.en.txt", EN)


def _doc_of(a: hexaglot.archive.Archive, path: Path) -> str | None:
    row = a.store.conn.execute("SELECT doc_id FROM versions WHERE path = ?", (str(path),)).fetchone()
    return row[0] if row else None


def test_same_stem_in_two_folders_makes_two_documents(tmp_path: Path) -> None:
    _two_folders(tmp_path / "in")
    with hexaglot.archive.open(tmp_path / "arc", create=True) as a:
        report = a.ingest([tmp_path / "in"], workers=1, embeddings=False)
        assert report.documents_written == 2 and not report.conflicts and not report.errors
        assert (report.files_new, report.files_duplicate) == (3, 0)
        doc_a = _doc_of(a, tmp_path / "in" / "a" / "note.fr.txt")
        doc_b = _doc_of(a, tmp_path / "in" / "b" / "note.fr.txt")
        assert doc_a and doc_b and doc_a != doc_b
        assert _doc_of(a, tmp_path / "in" / "b" / "note.en.txt") == doc_b
        assert set(a.document(doc_a).versions) == {"fr"}
        assert set(a.document(doc_b).versions) == {"fr", "en"}
        assert [p.tgt for p in a.pairs("fr", "en")][1] == "It called for an immediate ceasefire."
        assert a.document(doc_b).versions["fr"].sentences[0].startswith("Le Conseil de sécurité")


def test_a_folder_ingested_later_does_not_join_a_stored_document_of_another_folder(tmp_path: Path) -> None:
    _two_folders(tmp_path / "in")
    with hexaglot.archive.open(tmp_path / "arc", create=True) as a:
        a.ingest([tmp_path / "in" / "a"], workers=1, embeddings=False)
        report = a.ingest([tmp_path / "in" / "b"], workers=1, embeddings=False)
        assert not report.conflicts and report.files_new == 2
        doc_a = _doc_of(a, tmp_path / "in" / "a" / "note.fr.txt")
        doc_b = _doc_of(a, tmp_path / "in" / "b" / "note.fr.txt")
        assert doc_a and doc_b and doc_a != doc_b
        assert set(a.document(doc_a).versions) == {"fr"}
        # both folders together later: nothing moves, nothing is processed again
        again = a.ingest([tmp_path / "in"], workers=1, embeddings=False)
        assert again.files_unchanged == 3 and again.documents_written == 0
        # a new English file in a/ joins a/'s document, not b/'s
        _write(tmp_path / "in" / "a" / "note.en.txt", "The Committee adopted its report. The meeting rose at noon.\n")
        a.ingest([tmp_path / "in"], workers=1, embeddings=False)
        assert _doc_of(a, tmp_path / "in" / "a" / "note.en.txt") == doc_a
        assert set(a.document(doc_a).versions) == {"fr", "en"}


SYMBOL_FR = ("Nations Unies\nS/RES/1 (1946)\n\nRésolution 1 (1946)\n\nLe Conseil de sécurité décide d'agir. "
             "Il prie le Secrétaire général de faire rapport.\n")


def test_two_files_claiming_one_document_and_language_are_a_reported_conflict(tmp_path: Path) -> None:
    first = _write(tmp_path / "in" / "x" / "res1.txt", SYMBOL_FR)
    second = _write(tmp_path / "in" / "y" / "copy.txt", SYMBOL_FR.replace("d'agir", "d'attendre"))
    with hexaglot.archive.open(tmp_path / "arc", create=True) as a:
        report = a.ingest([tmp_path / "in"], workers=1, embeddings=False)
        assert report.files_conflict == 1 and len(report.conflicts) == 1
        assert str(first) in report.conflicts[0] and str(second) in report.conflicts[0]
        assert "fr" in report.conflicts[0]
        status = dict(a.store.conn.execute("SELECT path, status FROM files").fetchall())
        assert status[str(second)] == "conflict" and status[str(first)] == "version"


def test_a_later_file_that_replaces_a_stored_version_says_so(corpus: Path, tmp_path: Path) -> None:
    """The Word original ingested after its PDF replaces the stored version (Word is preferred);
    the upload said nothing ("warnings: []"), and the reader found another text."""
    reports = corpus / "un_reports_en"
    docx, pdf = reports / "docx" / "A_80_596.docx", reports / "pdf" / "A_80_596.pdf"
    with hexaglot.archive.open(tmp_path / "arc", create=True) as a:
        assert not a.ingest([pdf], workers=1, embeddings=False).warnings
        report = a.ingest([docx], workers=1, embeddings=False)
        assert report.warnings == [f"{docx}: replaces the en version of A/80/596 read from {pdf}"]
        assert not a.ingest([docx], workers=1, embeddings=False).warnings  # unchanged: nothing to say


@pytest.mark.parametrize("name", ["A_80_596", "A_80_590"])
def test_the_same_document_in_two_formats_is_a_counted_duplicate(corpus: Path, tmp_path: Path, name: str) -> None:
    """The PDF and the Word file of one report are one version (their texts share 99.7% of their
    words or more), never a conflict."""
    reports = corpus / "un_reports_en"
    docx, pdf = reports / "docx" / f"{name}.docx", reports / "pdf" / f"{name}.pdf"
    symbol = name.replace("_", "/")
    with hexaglot.archive.open(tmp_path / "arc", create=True) as a:
        report = a.ingest([docx, pdf], workers=1, embeddings=False)
        assert (report.files_new, report.files_duplicate, report.files_conflict) == (1, 1, 0)
        assert report.duplicates == [f"{pdf}: another copy of the en version of {symbol} (kept {docx})"]
        assert not report.conflicts and not report.errors


UNRELATED_HTML = "<html><body><p>Le chat dort sur le canapé depuis ce matin.</p></body></html>\n"


def _letter_and_page(corpus: Path, folder: Path) -> tuple[Path, Path]:
    """The 4-page French letter and an unrelated one-sentence page under the same file name."""
    letter = folder / "note.fr.txt"
    folder.mkdir(parents=True, exist_ok=True)
    letter.write_bytes((corpus / "seed" / "letter-2003-06-04.fr.txt").read_bytes())
    return letter, _write(folder / "note.fr.html", UNRELATED_HTML)


def test_another_format_with_other_text_is_a_conflict_not_a_copy(corpus: Path, tmp_path: Path) -> None:
    """A review found the letter dropped as "another copy" of a one-sentence HTML page of the same name."""
    letter, page = _letter_and_page(corpus, tmp_path / "cf")
    _write(tmp_path / "cf" / "other.fr.txt", FR)
    with hexaglot.archive.open(tmp_path / "arc", create=True) as a:
        report = a.ingest([tmp_path / "cf"], workers=1, embeddings=False)
        assert (report.files_conflict, report.files_duplicate, report.files_new) == (1, 0, 2)
        assert not report.duplicates and len(report.conflicts) == 1
        message = report.conflicts[0]
        assert str(letter) in message and str(page) in message and "texts differ" in message
        assert "not stored" in message
        assert a.document("other").versions["fr"].sentences[0].startswith("Le Conseil de sécurité")
        status = dict(a.store.conn.execute("SELECT path, status FROM files").fetchall())
        assert status[str(letter)] == "conflict"


def test_the_cli_names_a_conflict_as_an_error_and_exits_2(corpus: Path, tmp_path: Path) -> None:
    letter, page = _letter_and_page(corpus, tmp_path / "cf")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    r = subprocess.run([sys.executable, "-c", CLI, "ingest", "-a", str(tmp_path / "arc"), "--no-embeddings",
                        "-j", "1", str(tmp_path / "cf")], capture_output=True, text=True, env=env, timeout=300)
    assert r.returncode == 2, r.stderr
    lines = [x for x in r.stderr.splitlines() if x.startswith("error:")]
    assert len(lines) == 1 and "texts differ" in lines[0], r.stderr
    assert str(letter) in lines[0] and str(page) in lines[0]
    assert "duplicate:" not in r.stderr and "another copy" not in r.stderr


def test_licence_readme_and_provenance_are_not_documents_unless_named(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _write(folder / "note.fr.txt", FR)
    for name in ("LICENSE", "LICENSE.upstream.txt", "README.md", "README.txt", "PROVENANCE.md", "data.csv"):
        _write(folder / name, "The Security Council considered the situation.\n")
    p = plan([folder])
    assert [i.path.name for i in p.documents] == ["note.fr.txt"]
    assert sorted(x.name for x in p.skipped) == sorted(["LICENSE", "LICENSE.upstream.txt", "README.md",
                                                         "README.txt", "PROVENANCE.md", "data.csv"])
    named = plan([folder / "README.txt"])
    assert [i.path.name for i in named.documents] == ["README.txt"]


def test_exclude_globs_leave_files_out(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _two_folders(folder)
    _write(folder / "drafts" / "old.fr.txt", FR)
    p = plan([folder], exclude=["drafts", "*.en.txt"])
    assert sorted(str(i.path.relative_to(folder)) for i in p.documents) == ["a/note.fr.txt", "b/note.fr.txt"]
    p = plan([folder], exclude=["a/*"])
    assert sorted(str(i.path.relative_to(folder)) for i in p.documents) == [
        "b/note.en.txt", "b/note.fr.txt", "drafts/old.fr.txt"]


def test_the_cli_summary_counts_every_kind_of_file(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _two_folders(folder)
    _write(folder / "README.md", "# about these files\n")
    _write(folder / "b" / "empty.en.txt", "")
    _write(folder / "c" / "skip.fr.txt", FR)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    cmd = [sys.executable, "-c", CLI, "ingest", "-a", str(tmp_path / "arc"), "--no-embeddings", "-j", "1",
           "--exclude", "c", str(folder)]
    r = subprocess.run([*cmd, "--json"], capture_output=True, text=True, env=env, timeout=300)
    assert r.returncode == 2, r.stderr  # the empty file is an error
    summary = json.loads(r.stdout)
    assert {k: summary[k] for k in ("files_seen", "files_new", "files_unchanged", "files_duplicate",
                                    "files_conflict", "files_skipped", "files_failed")} == {
        "files_seen": 4, "files_new": 3, "files_unchanged": 0, "files_duplicate": 0, "files_conflict": 0,
        "files_skipped": 1, "files_failed": 1}
    assert "empty.en.txt" in r.stderr
    r = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
    # a re-run reads only the file that failed again: it fails again, named, and the exit code says so
    assert r.returncode == 2 and "empty.en.txt" in r.stderr, r.stderr
    for label, value in (("new or changed", 0), ("unchanged", 3), ("duplicates", 0), ("conflicts", 0),
                         ("skipped (not a document)", 1), ("failed", 1)):
        assert any(label in line and line.rstrip(" │").endswith(f" {value}") for line in r.stdout.splitlines()), \
            (label, r.stdout)


def test_batch_names_documents_as_ingest_does(tmp_path: Path) -> None:
    from hexaglot.batch.core import FileTask, discover, doc_key, name_tasks, parse_task

    _two_folders(tmp_path / "in")
    tasks = discover([str(tmp_path / "in")])
    ids = {Path(t.path).relative_to((tmp_path / "in").resolve()).as_posix():
           doc_key(t.group, [parse_task(t)]) for t in tasks}
    assert ids == {"a/note.fr.txt": "a/note", "b/note.en.txt": "b/note", "b/note.fr.txt": "b/note"}
    remote = name_tasks([FileTask("hdfs://h/x/a/note.fr.txt", "fr", "stem:hdfs://h/x/a/note"),
                         FileTask("hdfs://h/x/b/note.fr.txt", "fr", "stem:hdfs://h/x/b/note")])
    assert [t.name for t in remote] == ["a/note", "b/note"]


def test_a_file_of_a_later_run_that_conflicts_with_a_stored_version_is_not_stored(tmp_path: Path) -> None:
    """A review found the stored version silently replaced by another file claiming it in a later run
    (a warning only), and a conflict reported once: the next run counted the unstored file as unchanged."""
    first = _write(tmp_path / "in" / "x" / "res1.txt", SYMBOL_FR)
    second = _write(tmp_path / "later" / "copy.txt", SYMBOL_FR.replace("d'agir", "d'attendre"))
    with hexaglot.archive.open(tmp_path / "arc", create=True) as a:
        a.ingest([tmp_path / "in"], workers=1, embeddings=False)
        for _ in range(2):  # said again by every run until one of the files is renamed or removed
            report = a.ingest([tmp_path / "later"], workers=1, embeddings=False)
            assert (report.files_conflict, report.files_new, report.files_unchanged) == (1, 0, 0)
            assert len(report.conflicts) == 1 and str(first) in report.conflicts[0]
            assert str(second) in report.conflicts[0] and "not stored" in report.conflicts[0]
            assert "agir" in " ".join(a.document("S/RES/1 (1946)").versions["fr"].sentences)
            assert not report.warnings
        status = dict(a.store.conn.execute("SELECT path, status FROM files").fetchall())
        assert status[str(second)] == "conflict" and status[str(first)] == "version"
        # the same bytes under a third name are not "stored already" as the conflict's document
        _write(tmp_path / "third" / "again.txt", second.read_text(encoding="utf-8"))
        assert a.ingest([tmp_path / "third"], workers=1, embeddings=False).files_conflict == 1
        # the stored file removed: the other one replaces it, and the warning says why
        first.unlink()
        report = a.ingest([tmp_path / "later"], workers=1, embeddings=False)
        assert report.files_new == 1 and not report.conflicts
        assert report.warnings == [f"{second}: replaces the fr version of S/RES/1 (1946) read from {first}, "
                                   "which is no longer there"]
        assert "attendre" in " ".join(a.document("S/RES/1 (1946)").versions["fr"].sentences)


def test_a_copy_of_a_stored_version_in_a_worse_format_is_a_duplicate(corpus: Path, tmp_path: Path) -> None:
    """The PDF after its Word original: a counted copy, the Word text kept (it used to replace it)."""
    reports = corpus / "un_reports_en"
    docx, pdf = reports / "docx" / "A_80_596.docx", reports / "pdf" / "A_80_596.pdf"
    with hexaglot.archive.open(tmp_path / "arc", create=True) as a:
        a.ingest([docx], workers=1, embeddings=False)
        report = a.ingest([pdf], workers=1, embeddings=False)
        assert (report.files_new, report.files_duplicate, report.files_conflict) == (0, 1, 0)
        assert report.duplicates == [f"{pdf}: another copy of the en version of A/80/596 (kept {docx})"]
        assert not report.warnings
        assert a.store.version_files("A/80/596") == {"en": str(docx)}
