"""Kill -9 during ``hexaglot embed`` and during an ingest that keeps vectors: the archive passes
``check``, every document has all its vectors or none (a search sees whole documents), and the next
run completes. Slow: each run loads the sentence encoder in a fresh process."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from importlib import resources
from pathlib import Path

import pytest

import hexaglot.archive
from hexaglot.ingest.parallel import ParallelDoc

CLI = "from hexaglot.serve.cli import main; main()"
pytestmark = pytest.mark.slow


def _lines(lang: str) -> list[str]:
    text = resources.files("hexaglot.demo").joinpath(f"udhr.{lang}.txt").read_text(encoding="utf-8")
    return [x.strip() for x in text.splitlines() if len(x.strip()) > 20]


def _count(path: Path, sql: str) -> int:
    try:
        conn = sqlite3.connect(f"file:{path / 'archive.sqlite'}?mode=ro", uri=True, timeout=5)
        try:
            return int(conn.execute(sql).fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def _kill_when(p: subprocess.Popen[bytes], path: Path, sql: str, timeout: float = 240.0) -> bool:
    """SIGKILL ``p`` as soon as ``sql`` counts something; False when it finished first."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        if p.poll() is not None:
            return False
        if _count(path, sql) > 0:
            os.kill(p.pid, signal.SIGKILL)
            p.communicate(timeout=30)
            return True
        time.sleep(0.02)
    p.kill()
    raise AssertionError("the process wrote nothing in time")


def _run(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-c", CLI, *args], capture_output=True, timeout=600)


def _whole(path: Path) -> None:
    """Every version has a vector for all its (non-cell) sentences, or for none."""
    with hexaglot.archive.open(path) as a:
        report = a.check()
        assert report.ok, [i.message for i in report.issues]
        rows = a.store.conn.execute(
            "SELECT v.doc_id, v.lang, count(s.id), count(x.sentence_id) FROM versions v "
            "JOIN sentences s ON s.version_id = v.id LEFT JOIN vectors x ON x.sentence_id = s.id "
            "WHERE s.kind != 'cell' GROUP BY v.id").fetchall()
    assert all(vecs in (0, n) for _, _, n, vecs in rows), rows


def test_kill_9_during_embed_then_embed_completes(tmp_path: Path) -> None:
    path = tmp_path / "a"
    en, fr = _lines("en"), _lines("fr")
    docs = [ParallelDoc(f"d{k}", {"en": en[k * 6:(k + 1) * 6], "fr": fr[k * 6:(k + 1) * 6]},
                        {"en": f"d{k}.en", "fr": f"d{k}.fr"}, {"en": f"{k}e", "fr": f"{k}f"}, aligned=True)
            for k in range(12)]
    with hexaglot.archive.create(path) as a:
        a.ingest_parallel(docs, embeddings=False)
    p = subprocess.Popen([sys.executable, "-c", CLI, "embed", "--archive", str(path), "--json"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    killed = _kill_when(p, path, "SELECT count(*) FROM vectors")
    _whole(path)
    total = _count(path, "SELECT count(*) FROM sentences")
    if killed:
        assert _count(path, "SELECT count(*) FROM vectors") < total
    done = _run("embed", "--archive", str(path), "--json")
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    _whole(path)
    assert _count(path, "SELECT count(*) FROM vectors") == total > 100
    with hexaglot.archive.open(path) as a:
        assert a.check().clean
        assert a.search(en[7], mode="meaning", lang="fr", limit=1).hits


def test_kill_9_during_an_ingest_that_keeps_vectors_then_ingest_completes(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    en, fr = _lines("en"), _lines("fr")
    for k in range(8):
        (src / f"note{k}.en.txt").write_text("\n\n".join(en[k * 5:(k + 1) * 5]) + "\n", encoding="utf-8")
        (src / f"note{k}.fr.txt").write_text("\n\n".join(fr[k * 5:(k + 1) * 5]) + "\n", encoding="utf-8")
    path = tmp_path / "a"
    p = subprocess.Popen([sys.executable, "-c", CLI, "ingest", str(src), "--archive", str(path), "-j", "1", "--json"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _kill_when(p, path, "SELECT count(*) FROM vectors")
    _whole(path)
    done = _run("ingest", str(src), "--archive", str(path), "-j", "1", "--json")
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    _whole(path)
    with hexaglot.archive.open(path) as a:
        assert a.check().clean
        n = a.store.conn.execute("SELECT count(*) FROM sentences WHERE kind != 'cell'").fetchone()[0]
        assert a.store.conn.execute("SELECT count(*) FROM vectors").fetchone()[0] == n > 0
        assert a.embed().sentences == 0
