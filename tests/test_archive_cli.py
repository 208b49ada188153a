"""The archive commands (``cli_archive.register``) on a small real archive; every command has help."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

COMMANDS = ("ingest", "search", "concordance", "show", "refs", "export", "reindex", "documents", "stats")


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    from hexaglot.serve.cli import app

    return app


def test_every_command_has_help(app: typer.Typer) -> None:
    runner = CliRunner()
    for cmd in COMMANDS:
        res = runner.invoke(app, [cmd, "--help"])
        assert res.exit_code == 0 and "Usage" in res.output, cmd


def test_cli_round_trip(app: typer.Typer, corpus: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    arc = str(tmp_path / "arc")
    udhr = corpus / "un_parallel_docs" / "udhr" / "text"
    res = runner.invoke(app, ["ingest", "-a", arc, "--no-embeddings", "--doc-id", "udhr",
                              "--pair", f"fr:{udhr / 'udhr.fr.txt'}", f"en:{udhr / 'udhr.en.txt'}",
                              "--catalogue", str(corpus / "undl_marc" / "session_78_committee_3_drafts.odd_records.xml"),
                              str(corpus / "seed")])
    assert res.exit_code == 0, res.output
    assert "documents written" in res.output
    again = runner.invoke(app, ["ingest", "-a", arc, "--no-embeddings", "--json", str(corpus / "seed")])
    assert json.loads(again.stdout)["documents_written"] == 0
    res = runner.invoke(app, ["search", "-a", arc, "relation stratégique", "--lang", "fr", "--json"])
    assert res.exit_code == 0 and json.loads(res.stdout.splitlines()[0])["doc_id"] == "letter-2003-06-04"
    res = runner.invoke(app, ["search", "-a", arc, "dignité", "--documents"])
    assert res.exit_code == 0 and "udhr" in res.output
    res = runner.invoke(app, ["concordance", "-a", arc, "dignité", "--src", "fr", "--tgt", "en", "--json"])
    lines = [json.loads(x) for x in res.stdout.splitlines()]
    assert lines and all("dignity" in x["target"].lower() for x in lines[:2])
    assert runner.invoke(app, ["show", "-a", arc, "udhr", "--langs", "fr,en"]).exit_code == 0
    res = runner.invoke(app, ["refs", "-a", arc, "A/RES/78/213", "--json"])
    assert ["A/C.3/78/L.49/Rev.1", "resolution"] in json.loads(res.stdout)["cited_by"]
    # each cited or citing document says whether the archive holds it (its title), and a catalogue's
    # relations are named; a "kind" column that only ever said "cites" is gone
    assert json.loads(res.stdout)["titles"]["A/C.3/78/L.49/Rev.1"].startswith("Promotion and protection")
    res = runner.invoke(app, ["refs", "-a", arc, "A/RES/78/213"], env={"COLUMNS": "200"})
    assert "in the archive" in res.output and "relation" in res.output and "Promotion and protection" in res.output
    res = runner.invoke(app, ["refs", "-a", arc, "letter-2003-06-04"], env={"COLUMNS": "200"})
    assert res.exit_code == 0 and "relation" not in res.output and "│ no " in res.output
    res = runner.invoke(app, ["export", "-a", arc, "--src", "fr", "--tgt", "en", "-f", "tmx", str(tmp_path / "x.tmx")])
    assert res.exit_code == 0 and (tmp_path / "x.tmx").stat().st_size > 1000
    res = runner.invoke(app, ["export", "-a", arc, "--src", "fr", "--tgt", "en", "--region-tags",
                              "--locale", "en=en-US", str(tmp_path / "r.tmx")])
    assert res.exit_code == 0, res.output
    tmx = (tmp_path / "r.tmx").read_text(encoding="utf-8")
    assert 'srclang="fr-FR"' in tmx and 'xml:lang="en-US"' in tmx and 'type="x-score"' in tmx
    res = runner.invoke(app, ["export", "-a", arc, "--src", "fr", "--tgt", "en", "--locale", "en", str(tmp_path / "b.tmx")])
    assert res.exit_code == 2 and "expected LANG=TAG" in res.output and "Traceback" not in res.output
    # --symbol: the document as `documents` lists it (udhr has an id, no symbol); one it lacks is an error
    res = runner.invoke(app, ["export", "-a", arc, "--src", "fr", "--tgt", "en", "--symbol", "udhr",
                              "-f", "jsonl", str(tmp_path / "u.jsonl")])
    assert res.exit_code == 0 and len((tmp_path / "u.jsonl").read_text(encoding="utf-8").splitlines()) > 50
    res = runner.invoke(app, ["export", "-a", arc, "--src", "fr", "--tgt", "en", "--symbol", "A/99/999",
                              str(tmp_path / "n.tmx")])
    assert res.exit_code == 2 and "A/99/999: no such document" in res.output and not (tmp_path / "n.tmx").exists()
    assert runner.invoke(app, ["reindex", "-a", arc]).exit_code == 0


def test_cli_errors_are_one_line(app: typer.Typer, tmp_path: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(app, ["search", "-a", str(tmp_path / "none"), "x"])
    assert res.exit_code == 2 and "no archive" in res.output and "Traceback" not in res.output
    res = runner.invoke(app, ["ingest", "-a", str(tmp_path / "arc")])
    assert res.exit_code == 2 and "nothing to ingest" in res.output


def test_demo_archive_from_the_bundled_sample(tmp_path: Path) -> None:
    import hexaglot.archive

    with hexaglot.archive.build_demo(tmp_path / "demo", corpus=tmp_path / "absent", embeddings=False) as a:
        assert {"udhr", "letter-2003-06-04"} <= {r[0] for r in a.store.conn.execute("SELECT id FROM documents")}
        assert a.concordance("dignité", src="fr", tgt="en", limit=1)
        assert a.search("relation stratégique", lang="fr").hits[0].doc_id == "letter-2003-06-04"


def test_a_catalogue_that_is_not_marc_is_refused_before_an_archive_is_made(app: typer.Typer, tmp_path: Path) -> None:
    tmx = tmp_path / "out.tmx"
    tmx.write_text('<?xml version="1.0"?>\n<tmx version="1.4"><header/><body/></tmx>\n', encoding="utf-8")
    res = CliRunner().invoke(app, ["ingest", "--catalogue", str(tmx), "-a", str(tmp_path / "arc")])
    assert res.exit_code == 2, res.output
    assert f"error: {tmx}: no MARC21 records (root element <tmx>)" in " ".join(res.output.split())
    assert not (tmp_path / "arc").exists()


def test_a_language_given_twice_to_pair_is_named(app: typer.Typer, tmp_path: Path) -> None:
    """`--pair en:a en:b` said "give at least two languages": the second en file replaced the first."""
    from hexaglot.demo import demo_dir

    a, b = demo_dir() / "udhr.en.txt", demo_dir() / "udhr.fr.txt"
    res = CliRunner().invoke(app, ["ingest", "-a", str(tmp_path / "arc"), "--no-embeddings", "--pair", f"en:{a}",
                                   f"en:{b}"])
    assert res.exit_code == 2 and "the en file is given twice" in res.output, res.output


def test_a_bad_manifest_is_refused_before_an_archive_is_made(app: typer.Typer, tmp_path: Path) -> None:
    from hexaglot.demo import demo_dir

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_bytes((demo_dir() / "udhr.en.txt").read_bytes())
    (tmp_path / "m.tsv").write_text("doc\tde\tin/a.txt\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["ingest", "-a", str(tmp_path / "arc"), "--no-embeddings", str(tmp_path / "in"),
                                   "--manifest", str(tmp_path / "m.tsv")])
    assert res.exit_code == 2 and "line 1: 'de' is no UN language" in " ".join(res.output.split()), res.output
    assert not (tmp_path / "arc").exists()


def test_show_prints_what_a_catalogue_record_holds(app: typer.Typer, corpus: Path, tmp_path: Path) -> None:
    """`show A/C.3/78/L.49` printed its title, date and "versions: none (catalogue only)": the stored
    sponsors, subjects, agenda and the PDF of each language were nowhere (text or --json)."""
    arc = str(tmp_path / "arc")
    marc = corpus / "undl_marc" / "session_78_committee_3_drafts.odd_records.xml"
    assert CliRunner().invoke(app, ["ingest", "-a", arc, "--catalogue", str(marc)]).exit_code == 0
    res = CliRunner().invoke(app, ["show", "-a", arc, "A/C.3/78/L.49"])
    text = " ".join(res.output.split())
    assert res.exit_code == 0 and "sponsors: Czechia; Maldives" in text and "A_C.3_78_L.49-FR.pdf" in text, text
    assert "agenda: A/78/251 71b Human rights questions" in text
    js = json.loads(CliRunner().invoke(app, ["show", "-a", arc, "A/C.3/78/L.49", "--json"]).output)
    assert js["catalogue"]["sponsors"][0] == "Czechia"
