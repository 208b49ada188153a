"""Table cells downstream: segmented as their own units, aligned table by table apart from the
prose, searchable and exportable on request, and kept by the archive for the web pages."""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from archive_helpers import sqlite_at_version
from hexaglot.align.tables import align_cells
from hexaglot.model import Block, Cell, Document, Label, Origin, Table
from hexaglot.segment import segment_document
from hexaglot.store.records import SentenceData
from hexaglot.units import CellPlace, cell_unit, parse_cell_unit, table_key

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

PAGE = """<html lang="{lang}"><body>
<h1>{title}</h1>
<p>{p1}</p>
{table}
<p>{p2}</p>
</body></html>
"""

EN = dict(lang="en", title="Report of the Secretary-General",
          p1="The Mission continued its work during the period under review. The budget was fully implemented "
             "and the liquidation of the Mission was completed on schedule.",
          p2="The General Assembly is requested to take note of the present report. It is also requested to decide "
             "on the treatment of the unencumbered balance of the peacekeeping budget.")
FR = dict(lang="fr", title="Rapport du Secrétaire général",
          p1="La Mission a poursuivi ses travaux pendant la période considérée. Le budget a été pleinement exécuté "
             "et la liquidation de la Mission a été achevée dans les délais.",
          p2="L'Assemblée générale est priée de prendre note du présent rapport. Elle est également priée de se "
             "prononcer sur l'utilisation du solde inutilisé du budget de maintien de la paix.")
EN_TABLE = """<p>Table 1</p>
<p>(Thousands of United States dollars)</p>
<table>
<thead><tr><th>Category</th><th>Apportionment</th><th>Expenditure</th></tr></thead>
<tbody>
<tr><td>Military and police personnel</td><td>37 339.0</td><td>48 442.5</td></tr>
<tr><td>Civilian personnel</td><td>68 552.0</td><td>50 969.8</td></tr>
<tr><td colspan="2">30 September 2024 Peacekeeping Reserve Fund</td><td>11.7</td></tr>
</tbody></table>"""
FR_TABLE = """<p>Tableau 1</p>
<p>(En milliers de dollars des États-Unis)</p>
<table>
<thead><tr><th>Catégorie</th><th>Montant alloué</th><th>Dépenses</th></tr></thead>
<tbody>
<tr><td>Militaires et personnel de police</td><td>37 339,0</td><td>48 442,5</td></tr>
<tr><td>Personnel civil</td><td>68 552,0</td><td>50 969,8</td></tr>
<tr><td colspan="2">30 septembre 2024 Fonds de réserve pour le maintien de la paix</td><td>11,7</td></tr>
</tbody></table>"""


def _write(folder: Path, tables: bool) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for stem, fields, table in (("en", EN, EN_TABLE), ("fr", FR, FR_TABLE)):
        (folder / f"report.{stem}.html").write_text(PAGE.format(**fields, table=table if tables else ""),
                                                    encoding="utf-8")
    return folder


# -- where a cell stands ----------------------------------------------------------------------------


@given(st.integers(0, 999), st.integers(0, 9999), st.integers(0, 99),
       st.sampled_from(["", "3", "II-1", "12-4"]), st.booleans())
def test_cell_unit_round_trip(table: int, row: int, col: int, key: str, header: bool) -> None:
    place = CellPlace(table, row, col, key, header)
    assert parse_cell_unit(cell_unit(place)) == place


def test_table_key_is_language_neutral() -> None:
    assert table_key("Table 3") == table_key("Tableau 3") == table_key("Cuadro 3") == table_key("表 3") == "3"
    assert table_key("Annex II, table 1") == table_key("Annexe II, tableau 1") == "II-1"
    assert table_key(None) == table_key("Summary") == ""
    assert parse_cell_unit(None) is None and parse_cell_unit("1") is None


# -- segmentation -----------------------------------------------------------------------------------


def _doc(tables: list[Table], blocks: list[Block]) -> Document:
    return Document(id="d", origin=Origin(path="d", sha256="0", format="docx"), language="en",
                    blocks=blocks, tables=tables)


def test_a_table_block_gives_one_cell_unit_per_non_empty_cell() -> None:
    t = Table(label="Table 2", header=[[Cell(text="Item"), Cell(text="Amount", col_span=2)]],
              rows=[[Cell(text="Posts\nand positions", row_span=2), Cell(text="1.0"), Cell(text="")],
                    [Cell(text="2.5"), Cell(text="3")]])
    doc = _doc([t], [Block(text="Intro. More text."), Block(text="Item\tAmount\nPosts and positions\t1.0",
                                                              label=Label.TABLE, table=0),
                     Block(text="Table continued", label=Label.TABLE, table=0), Block(text="End.")])
    s = segment_document(doc)
    assert [(x.kind, x.text) for x in s] == [
        ("prose", "Intro."), ("prose", "More text."), ("cell", "Item"), ("cell", "Amount"),
        ("cell", "Posts and positions"), ("cell", "1.0"), ("cell", "2.5"), ("cell", "3"), ("prose", "End.")]
    assert [x.id for x in s] == list(range(9))
    places = [parse_cell_unit(x.unit) for x in s if x.kind == "cell"]
    assert [(p.row, p.col, p.header, p.key) for p in places if p] == [
        (0, 0, True, "2"), (0, 1, True, "2"), (1, 0, False, "2"), (1, 1, False, "2"), (2, 1, False, "2"),
        (2, 2, False, "2")]
    assert all(x.block == 1 for x in s if x.kind == "cell")  # the continuation's block adds nothing
    assert s[2].span is not None and doc.blocks[1].text[s[2].span.start:s[2].span.end] == "Item"


def test_a_table_block_without_a_record_stays_one_cell_unit() -> None:
    s = segment_document(_doc([], [Block(text="a  b  c", label=Label.TABLE)]))
    assert [(x.kind, x.unit) for x in s] == [("cell", None)]


@pytest.fixture(scope="module")
def reports(corpus: Path) -> list[Path]:
    paths = sorted((corpus / "un_reports_en" / "docx").glob("*.docx")) + sorted(
        (corpus / "un_reports_en" / "pdf").glob("*.pdf"))
    assert len(paths) == 12
    return paths


def test_no_table_row_is_a_prose_sentence_in_the_shared_reports(reports: list[Path]) -> None:
    from cells_bench import leaks, probes
    from hexaglot.pipeline import process

    for path in reports:
        doc = process(path)
        sents = segment_document(doc, notes=True)
        prose = [x.text for x in sents if x.kind == "prose"]
        assert not any(doc.blocks[x.block].label == Label.TABLE for x in sents if x.kind != "cell"), path.name
        assert leaks(doc, prose) == [], path.name
        cells = sum(1 for t in doc.tables for row in (*t.header, *t.rows) for c in row if c.text.strip())
        # and each table note the document holds nowhere else ("a Estimates as at 28 February 2026.")
        elsewhere = {" ".join(b.text.split()) for b in doc.blocks if b.label != Label.TABLE}
        notes = sum(1 for t in doc.tables for n in t.notes if n.strip() and " ".join(n.split()) not in elsewhere)
        assert sum(1 for x in sents if x.kind == "cell") == cells + notes, path.name
        kept = " ".join(" ".join(x.text for x in sents).split())  # every note is read: as a cell, or in its own block's sentences
        assert all(" ".join(n.split()) in kept for t in doc.tables for n in t.notes if n.strip()), path.name
        if path.suffix == ".docx":
            assert len(probes(doc)) > 40, path.name  # the check has rows to look for


# -- alignment --------------------------------------------------------------------------------------


def _cells(rows: list[list[str]], table: int = 0, key: str = "") -> list[SentenceData]:
    return [SentenceData(text, kind="cell", unit=cell_unit(CellPlace(table, r, c, key, r == 0)))
            for r, row in enumerate(rows) for c, text in enumerate(row) if text]


def test_tables_pair_by_label_then_rows_then_cells() -> None:
    src = _cells([["Item", "Cost"], ["Fuel", "12.5"], ["Rations", "3.0"]], 0, "1") + _cells(
        [["Post", "Number"], ["P-4", "2"]], 1, "2")
    tgt = _cells([["Poste", "Nombre"], ["P-4", "2"]], 0, "2") + _cells(
        [["Rubrique", "Coût"], ["Carburant", "12,5"], ["Rations", "3,0"]], 1, "1")
    beads = align_cells([x.text for x in src], [x.text for x in tgt], [x.unit for x in src], [x.unit for x in tgt])
    got = {(src[b.src[0]].text, tgt[b.tgt[0]].text, b.score) for b in beads}
    assert got == {("Item", "Rubrique", 0.8), ("Cost", "Coût", 0.8), ("Fuel", "Carburant", 0.8),
                   ("12.5", "12,5", 1.0), ("Rations", "Rations", 0.8), ("3.0", "3,0", 1.0),
                   ("Post", "Poste", 0.8), ("Number", "Nombre", 0.8), ("P-4", "P-4", 1.0), ("2", "2", 1.0)}


def test_an_extra_row_is_left_alone_and_the_others_pair_by_their_numbers() -> None:
    src = _cells([["Item", "Cost"], ["Fuel", "12.5"], ["Total", "15.5"]])
    tgt = _cells([["Rubrique", "Coût"], ["Carburant", "12,5"], ["Eau", "0,4"], ["Total", "15,5"]])
    beads = align_cells([x.text for x in src], [x.text for x in tgt], [x.unit for x in src], [x.unit for x in tgt])
    pairs = {(src[b.src[0]].text if b.src else None, tgt[b.tgt[0]].text if b.tgt else None) for b in beads}
    assert ("Total", "Total") in pairs and ("15.5", "15,5") in pairs and (None, "Eau") in pairs
    assert sorted(i for b in beads for i in b.src) == list(range(len(src)))
    assert sorted(j for b in beads for j in b.tgt) == list(range(len(tgt)))


def _versions(folder: Path) -> dict[str, list[SentenceData]]:
    from hexaglot.pipeline import process

    out = {}
    for lang in ("en", "fr"):
        doc = process(folder / f"report.{lang}.html")
        out[lang] = [SentenceData(s.text, kind=str(s.kind), unit=s.unit) for s in segment_document(doc, notes=True)]
    return out


def test_cells_align_row_by_row_and_prose_beads_do_not_move(tmp_path: Path) -> None:
    from hexaglot.ingest.work import align_versions

    def beads(texts: dict[str, list[SentenceData]]) -> list[tuple[tuple[str, ...], tuple[str, ...], str]]:
        (a,) = align_versions(texts, ["en", "fr"], embeddings=False)
        en, fr = texts["en"], texts["fr"]
        return [(tuple(en[i].text for i in b.src), tuple(fr[j].text for j in b.tgt),
                 (en + fr)[(b.src or [len(en) + b.tgt[0]])[0]].kind) for b in a.beads]

    plain = beads(_versions(_write(tmp_path / "plain", tables=False)))
    tabled = beads(_versions(_write(tmp_path / "tabled", tables=True)))
    assert [b for b in tabled if b[2] == "prose"] == [b for b in plain if b[2] == "prose"]
    assert len([b for b in plain if b[2] == "prose"]) == 4  # the prose pairs, 1-1, unmoved by the table
    assert [b for b in tabled if b[2] == "title"] == [b for b in plain if b[2] == "title"] + [
        (("Table 1",), ("Tableau 1",), "title"),
        (("(Thousands of United States dollars)",), ("(En milliers de dollars des États-Unis)",), "title")]
    cells = [b for b in tabled if b[2] == "cell"]
    assert cells == [
        (("Category",), ("Catégorie",), "cell"), (("Apportionment",), ("Montant alloué",), "cell"),
        (("Expenditure",), ("Dépenses",), "cell"),
        (("Military and police personnel",), ("Militaires et personnel de police",), "cell"),
        (("37 339.0",), ("37 339,0",), "cell"), (("48 442.5",), ("48 442,5",), "cell"),
        (("Civilian personnel",), ("Personnel civil",), "cell"), (("68 552.0",), ("68 552,0",), "cell"),
        (("50 969.8",), ("50 969,8",), "cell"),
        (("30 September 2024 Peacekeeping Reserve Fund",),
         ("30 septembre 2024 Fonds de réserve pour le maintien de la paix",), "cell"),
        (("11.7",), ("11,7",), "cell")]


# -- the archive: stored tables, search, concordance, export ------------------------------------------


@pytest.fixture(scope="module")
def tables_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import hexaglot.archive

    root = tmp_path_factory.mktemp("cells")
    _write(root / "in", tables=True)
    with hexaglot.archive.create(root / "archive") as a:
        report = a.ingest([root / "in"], workers=1, embeddings=False)
        assert not report.errors, report.errors
    return root / "archive"


def test_the_archive_keeps_each_versions_tables(tables_archive: Path) -> None:
    conn = sqlite3.connect(tables_archive / "archive.sqlite")
    rows = conn.execute("SELECT v.lang, t.idx, t.label, t.data FROM tables t JOIN versions v ON v.id = t.version_id "
                        "ORDER BY v.lang").fetchall()
    conn.close()
    assert [(lang, idx, label) for lang, idx, label, _ in rows] == [("en", 0, "Table 1"), ("fr", 0, "Tableau 1")]
    t = Table.model_validate_json(rows[0][3])
    assert t.caption == "(Thousands of United States dollars)" and t.rows[2][0].col_span == 2


def test_cells_are_searchable_on_request_and_never_prose(tables_archive: Path) -> None:
    import hexaglot.archive

    with hexaglot.archive.open(tables_archive) as a:
        res = a.search("Reserve", lang="en")
        assert [(h.kind, h.text) for h in res.hits] == [("cell", "30 September 2024 Peacekeeping Reserve Fund")]
        assert a.search("Reserve", kind="prose").hits == []
        assert a.search("Reserve", lang="en", kind="cells").total == 1
        assert a.concordance("Reserve", src="en", tgt="fr") == []
        lines = a.concordance("Reserve", src="en", tgt="fr", kind="cells")
        assert [(x.kind, x.target) for x in lines] == [
            ("cell", "30 septembre 2024 Fonds de réserve pour le maintien de la paix")]


def test_exports_take_cells_on_request_and_never_mix_kinds(tables_archive: Path, tmp_path: Path) -> None:
    from lxml import etree

    import hexaglot.archive

    with hexaglot.archive.open(tables_archive) as a:
        n = a.export(tmp_path / "p.tmx", src="en", tgt="fr")
        assert "11.7" not in (tmp_path / "p.tmx").read_text(encoding="utf-8")
        assert a.export(tmp_path / "c.tmx", src="en", tgt="fr", units="cells") == 11
        tus = etree.parse(str(tmp_path / "c.tmx")).getroot().findall("body/tu")
        assert {tu.find("prop[@type='x-kind']").text for tu in tus} == {"cell"}
        a.export(tmp_path / "m", src="en", tgt="fr", format="moses", units="all")
        assert (tmp_path / "m.cell.fr").read_text(encoding="utf-8").splitlines()[-1] == "11,7"
        assert "11.7" not in (tmp_path / "m.prose.en").read_text(encoding="utf-8")
        assert len((tmp_path / "m.prose.en").read_text(encoding="utf-8").splitlines()) == n
        assert a.export(tmp_path / "c.jsonl", src="en", tgt="fr", format="jsonl", units="cells") == 11
        assert {json.loads(x)["kind"] for x in (tmp_path / "c.jsonl").read_text().splitlines()} == {"cell"}


def test_peacekeeping_in_the_shared_reports_finds_cells_only_on_request(
        corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    """The issue's example: "30 September 2024 Peacekeeping Reserve Fund 11.7" (a row of A/80/600)
    came back as if it were prose."""
    import shutil

    import hexaglot.archive
    from cells_bench import probes
    from hexaglot.pipeline import process

    root = tmp_path_factory.mktemp("reports")
    (root / "in").mkdir()
    rows: list[str] = []
    for name in ("A_80_590.docx", "A_80_600.docx"):
        shutil.copy(corpus / "un_reports_en" / "docx" / name, root / "in")
        rows += probes(process(root / "in" / name))
    with hexaglot.archive.create(root / "archive") as a:
        assert not a.ingest([root / "in"], workers=1, embeddings=False).errors
        res = a.search("peacekeeping", lang="en", limit=200)
        assert res.facets["kind"]["cell"] > 0
        prose = [" ".join(h.text.split()).casefold() for h in res.hits if h.kind == "prose"]
        assert prose and not [p for p in prose if any(r in p for r in rows)]
        cells = a.search("peacekeeping reserve fund", lang="en", kind="cell", limit=50)
        assert cells.hits and {h.kind for h in cells.hits} == {"cell"}
        assert any(h.symbol == "A/80/600" and "Peacekeeping Reserve Fund (11.7)" in h.text for h in cells.hits)
        assert any(h.symbol == "A/80/590" for h in a.search("peacekeeping", kind="cells", limit=50).hits)
        assert not [h for h in a.search("peacekeeping reserve fund", kind="prose", limit=50).hits
                    if "(11.7)" in h.text]


# -- an archive written before v4 -----------------------------------------------------------------------


def test_v3_archive_gains_a_tables_table_and_queues_reprocessing(tmp_path: Path) -> None:
    from hexaglot.store.db import Store

    path = tmp_path / "archive.sqlite"
    conn = sqlite_at_version(path, 3)
    conn.execute("INSERT INTO documents(id, kind, updated) VALUES ('d', 'text', 'now')")
    conn.execute("INSERT INTO versions(doc_id, lang, sha256, path, format, ingested) "
                 "VALUES ('d', 'en', 'abc', '/x/d.en.docx', 'docx', 'now')")
    conn.execute("INSERT INTO files(path, sha256, doc_id, lang, status) VALUES ('/x/d.en.docx', 'abc', 'd', 'en', "
                 "'version')")
    conn.close()
    store = Store(path)
    assert store.conn.execute("SELECT count(*) FROM tables").fetchone() == (0,)
    assert store.file_status("/x/d.en.docx") == ("", "d")
    assert store.pending_index()[1] == ["d"]
    store.close()


# -- the web pages ------------------------------------------------------------------------------------


def test_document_page_and_reader_draw_tables(tables_archive: Path) -> None:
    import re
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    from hexaglot.serve.http import Settings, create_app

    with TestClient(create_app(settings=Settings(archive=tables_archive, embeddings=False))) as c:
        page = c.get("/document", params={"symbol": "report"}).text
        assert page.count("<table>") == 1 and "<caption><span class=\"label\">Table 1</span>" in page
        assert '<th scope="col">Apportionment</th>' in page and '<td colspan="2">30 September 2024' in page
        fr = c.get("/document", params={"symbol": "report", "tables": "fr"}).text
        assert '<th scope="col">Montant alloué</th>' in fr and "Apportionment" not in fr
        reader = c.get("/read", params={"symbol": "report", "langs": "en,fr"}).text
        assert reader.count("<table>") == 2  # the English table beside the French one
        assert re.search(r'class="row tables".*Category.*Catégorie', reader, re.DOTALL)
        # the table stands where it stands in the text: after the first paragraph, before the last
        assert reader.index("fully implemented") < reader.index("<table>") < reader.index("take note")
        assert "48 442.5</div>" not in reader  # no cell drawn as a sentence row
        assert ">Table 1</div>" not in reader  # the caption is drawn with its table, not again as a row
        assert doc_caption_rows(c) >= 1  # the aligned rows still hold it, marked as a caption
        three = c.get("/read", params={"symbol": "report", "langs": "fr,en"}).text
        assert three.index("Tableau 1") < three.index("Table 1")  # the pivot first
        doc = c.get("/api/documents/report").json()
        assert doc["versions"]["en"]["tables"][0]["label"] == "Table 1"
        rows = c.get("/api/documents/report/aligned", params={"langs": "en,fr"}).json()["rows"]
        assert {"cell", "prose", "title"} <= {r["kind"] for r in rows}


def doc_caption_rows(c) -> int:  # type: ignore[no-untyped-def]
    rows = c.get("/api/documents/report/aligned", params={"langs": "en,fr"}).json()["rows"]
    return sum(r["caption"] for r in rows)


def test_show_prints_prose_rows_and_counts_the_cells_it_leaves_to_the_reader(tables_archive: Path) -> None:
    import json

    from typer.testing import CliRunner

    from hexaglot.serve.cli import app

    runner = CliRunner()
    res = runner.invoke(app, ["show", "report", "-a", str(tables_archive), "--langs", "en,fr"],
                        env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    assert "Peacekeeping Reserve Fund" not in res.stdout  # a cell, not a sentence row
    assert "aligned table cells not shown" in res.stderr
    res = runner.invoke(app, ["show", "report", "-a", str(tables_archive), "--langs", "en,fr", "--json"])
    kinds = {r["kind"] for r in json.loads(res.stdout)["rows"]}
    assert "cell" in kinds and "prose" in kinds
