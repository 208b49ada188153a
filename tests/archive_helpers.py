"""Shared builders for the archive tests: small real archives built once per test session.

Test modules import the fixtures they need (``from archive_helpers import parallel_archive``).
Alignment runs without embeddings here (fast on CPU); the embedding path is the aligner's own tests.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

LANGS6 = ("ar", "zh", "en", "fr", "ru", "es")
_CJK = re.compile(r"[\u4e00-\u9fff]{4,}")
_WORD = re.compile(r"[^\W\d_]{4,}")


def read_gold(path: Path) -> list[tuple[list[int], list[int]]]:
    """Beads of a vecalign/bertalign gold file: ``[0, 1]:[2]`` per line."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        left, right = line.split(":")
        parse = lambda s: [int(x) for x in s.strip().strip("[]").split(",") if x.strip()]  # noqa: E731
        out.append((parse(left), parse(right)))
    return out


def phrase_of(sentence: str, lang: str) -> str | None:
    """A quoted phrase from the middle of a sentence, to find that sentence by search."""
    if lang == "zh":
        runs = _CJK.findall(sentence)
        if not runs:
            return None
        run = max(runs, key=len)
        mid = len(run) // 2
        return run[max(0, mid - 3): mid + 3]
    words = [w for w in (re.sub(r"[^\w-]", " ", x).strip() for x in sentence.split()) if w and " " not in w]
    if len(words) < 6:
        return None
    # the three consecutive words with the most letters: distinctive, so the sentence is found
    start = max(range(len(words) - 2), key=lambda i: sum(len(w) for w in words[i:i + 3]))
    chunk = words[start:start + 3]
    if not any(_WORD.search(w) for w in chunk):
        return None
    return '"' + " ".join(chunk) + '"'


_BUILT: dict[str, Path] = {}


def _build_parallel(corpus: Path, path: Path) -> None:
    import hexaglot.archive
    from hexaglot.ingest import unpc_documents

    with hexaglot.archive.create(path) as a:
        a.ingest_parallel(unpc_documents(corpus / "unpc_devset_6way"), embeddings=False)
        udhr = corpus / "un_parallel_docs" / "udhr" / "text"
        a.ingest_pairs({x: udhr / f"udhr.{x}.txt" for x in LANGS6}, doc_id="udhr", embeddings=False)
        tb = corpus / "textberg_de_fr" / "dev"
        a.ingest_pairs({"de": tb / "dev.de", "fr": tb / "dev.fr"}, doc_id="textberg-dev", embeddings=False)
        mac = corpus / "mac_zh_en" / "dev"
        a.ingest_pairs({"zh": mac / "zh" / "001.zh", "en": mac / "en" / "001.en"}, doc_id="mac-001",
                       embeddings=False)


@pytest.fixture(scope="module")
def parallel_archive(corpus: Path, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """UNPC dev (366 six-way documents), UDHR (six-way), Text+Berg dev (de-fr), MAC 001 (zh-en).

    Built once per test session (the path is cached here), opened afresh by each test module.
    """
    import hexaglot.archive

    if "parallel" not in _BUILT:
        path = tmp_path_factory.mktemp("parallel") / "archive"
        _build_parallel(corpus, path)
        _BUILT["parallel"] = path
    a = hexaglot.archive.open(_BUILT["parallel"], create=False)
    yield a
    a.close()


# One document in the ways an apostrophe is typed (' ’ ʼ), beside the bundled demo set: the query tests.
APOSTROPHE_DOC = {
    "fr": ["La Côte d'Ivoire a présenté le rapport aujourd'hui.",
           "La Côte d’Ivoire a voté pour la résolution 1325 (2000).",
           "La Côte dʼIvoire a signé le document A/80/596.",
           "Le rapport du Secrétaire général sur les droits de l'homme a été publié."],
    "en": ["Côte d'Ivoire presented the report today.",
           "Côte d’Ivoire voted for resolution 1325 (2000).",
           "Côte dʼIvoire signed document A/80/596.",
           "The Secretary-General's report on human rights was published."],
}


def build_demo_archive(path: Path) -> Path:
    """The demo set bundled in the package (UDHR six-way, a French letter, three SC resolutions)
    and :data:`APOSTROPHE_DOC` (fr-en); a few seconds, no corpus needed."""
    import hexaglot.archive
    from hexaglot.demo import demo_files

    files = {}
    for lang, lines in APOSTROPHE_DOC.items():
        files[lang] = path.parent / f"apostrophes.{lang}.txt"
        files[lang].write_text("\n".join(lines) + "\n", encoding="utf-8")
    with hexaglot.archive.create(path) as a:
        report = a.ingest(demo_files(), embeddings=False, workers=1)
        assert not report.errors, report.errors
        a.ingest_pairs(files, doc_id="apostrophes", aligned=True, embeddings=False)
    return path


# The bundled demo set as an archive, with the Python API, an HTTP test client and the CLI on it: the
# query and language-code tests (module-scoped: import these fixtures into the test module).


@pytest.fixture(scope="module", name="archive_dir")
def demo_archive_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo_archive(tmp_path_factory.mktemp("demo") / "archive")


@pytest.fixture(scope="module", name="arch")
def demo_arch(archive_dir: Path):  # type: ignore[no-untyped-def]
    import hexaglot.archive

    with hexaglot.archive.open(archive_dir, create=False) as a:
        yield a


@pytest.fixture(scope="module", name="client")
def demo_client(archive_dir: Path):  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from hexaglot.serve.http import Settings, create_app

    s = Settings(archive=archive_dir, token="demo-test-token", embeddings=False)
    with TestClient(create_app(settings=s), raise_server_exceptions=False) as c:
        yield c


def run_cli(*args: str):  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from hexaglot.serve.cli import app

    return CliRunner().invoke(app, list(args))


@contextlib.contextmanager
def serving(app: object) -> Iterator[str]:
    """``app`` served by uvicorn on a free loopback port in a thread; yields its base URL."""
    import socket
    import threading
    import time

    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))  # type: ignore[arg-type]
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    assert srv.started, "the server did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


def sqlite_at_version(path: Path, version: int):  # type: ignore[no-untyped-def]
    """A bare ``archive.sqlite`` at ``path`` with the first ``version`` schema migrations applied, as
    an older Hexaglot left it (autocommit connection; the caller fills it and closes it)."""
    import sqlite3

    from hexaglot.store.schema import MIGRATIONS, _statements

    conn = sqlite3.connect(path, isolation_level=None)
    for script in MIGRATIONS[:version]:
        for stmt in _statements(script):
            conn.execute(stmt)
    conn.execute(f"PRAGMA user_version = {version}")
    return conn
