"""The symbol filter of search, concordance, export and the listings (``store.read.resolve_symbol``):
a document as the listing names it, every document of a shared symbol, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

import hexaglot.archive
from hexaglot.errors import NotFoundError
from hexaglot.ingest.parallel import ParallelDoc
from hexaglot.store.records import Facets

EN = ["The Security Council decides to extend the mandate of the mission.",
      "It requests the Secretary-General to report on the situation."]
FR = ["Le Conseil de sécurité décide de proroger le mandat de la mission.",
      "Il prie le Secrétaire général de faire rapport sur la situation."]


def _doc(doc_id: str, symbol: str | None, k: int) -> ParallelDoc:
    texts = {"en": [f"{x} ({k})" for x in EN], "fr": [f"{x} ({k})" for x in FR]}
    return ParallelDoc(doc_id=doc_id, texts=texts, paths={x: f"{doc_id}.{x}" for x in texts},
                       shas={x: f"{doc_id}{x}" for x in texts}, aligned=True,
                       facets=Facets(symbol=symbol, date="1995-01-01", organs=["SC"]))


@pytest.fixture(scope="module")
def arch(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("symbols") / "archive"
    with hexaglot.archive.create(path) as a:
        a.ingest_parallel([_doc("UNPC:1995/s_res_1000", "S/RES/1000 (1995)", 1),
                           _doc("S/RES/1000 (1995)", "S/RES/1000 (1995)", 2),
                           _doc("udhr", None, 3)], embeddings=False)
    with hexaglot.archive.open(path) as a:
        yield a


def test_every_document_of_a_shared_symbol(arch) -> None:  # type: ignore[no-untyped-def]
    """A UNPC document and the same document read from its file share a symbol: both are found (the
    filter kept one arbitrary document of the two)."""
    for spelling in ("S/RES/1000 (1995)", "s/res/1000(1995)", " S/RES/1000 (1995) "):
        assert {p.doc_id for p in arch.pairs("en", "fr", symbol=spelling)} == {
            "UNPC:1995/s_res_1000", "S/RES/1000 (1995)"}, spelling
        assert arch.documents(symbol=spelling).total == 2
    assert len(arch.search("mandate", lang="en", symbol="S/RES/1000 (1995)").hits) == 2
    both = arch.check_filters({"symbol": "S/RES/1000 (1995)", "doc_ids": ["UNPC:1995/s_res_1000", "udhr"]})
    assert both.doc_ids == ["UNPC:1995/s_res_1000"] and both.symbol is None


def test_a_document_by_its_id_in_any_case_and_unknown_symbols(arch) -> None:  # type: ignore[no-untyped-def]
    for spelling in ("udhr", "UDHR", " udhr"):
        assert {p.doc_id for p in arch.pairs("en", "fr", symbol=spelling)} == {"udhr"}, spelling
    with pytest.raises(NotFoundError, match="A/99/999"):
        arch.pairs("en", "fr", symbol="A/99/999")
    assert arch.documents(symbol="A/99/999").total == 0  # a listing: empty, no error
    assert arch.search("mandate", lang="en", symbol="S/RES/10*").total == 2  # a glob, as before


def test_show_prefers_the_exact_id(arch) -> None:  # type: ignore[no-untyped-def]
    assert arch.document("S/RES/1000 (1995)").id == "S/RES/1000 (1995)"
    assert arch.document("UNPC:1995/s_res_1000").id == "UNPC:1995/s_res_1000"


def test_the_cli_exports_a_document_named_in_another_case(arch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from archive_helpers import run_cli

    r = run_cli("export", "--src", "en", "--tgt", "fr", "--symbol", "UDHR", "-f", "jsonl",
                "-a", str(arch.path), str(tmp_path / "u.jsonl"))
    assert r.exit_code == 0 and len((tmp_path / "u.jsonl").read_text(encoding="utf-8").splitlines()) == 2
