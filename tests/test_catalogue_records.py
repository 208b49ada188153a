"""UN Digital Library catalogue records: the document type each is given, and the document page
and listing that show them (a record has metadata and links to its language files, but no text)."""

from __future__ import annotations

import re
import warnings
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

import hexaglot.archive
from hexaglot.ingest.catalogue import catalogue_type, classify, language_files, parse_marc

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

ARABIC, CHINESE = "العربية", "中文"


def _field(tag: str, *subs: tuple[str, str], ind1: str = " ") -> str:
    inner = "".join(f'<subfield code="{code}">{text}</subfield>' for code, text in subs)
    return f'<datafield tag="{tag}" ind1="{ind1}" ind2=" ">{inner}</datafield>'


def _record(recid: str, symbol: str, title: tuple[str, str], *fields: str) -> str:
    return (f'<record><controlfield tag="001">{recid}</controlfield>{_field("191", ("a", symbol))}'
            f'{_field("245", ("a", title[0]), ("b", title[1]))}{_field("269", ("a", "2023-11-01"))}'
            f'{_field("981", ("a", "General Assembly"))}{"".join(fields)}</record>')


def _files(name: str) -> list[str]:
    return [_field("856", ("u", f"https://digitallibrary.un.org/record/1/files/{name}-{code}.pdf"), ("y", label),
                   ("s", "180044")) for code, label in (("AR", ARABIC), ("ZH", CHINESE), ("EN", "English"))]


DOCS = _field("989", ("a", "Documents and Publications"))
DRAFTS = _field("989", ("a", "Documents and Publications"), ("b", "Draft Resolutions and Decisions"))
REPORTS = _field("989", ("a", "Documents and Publications"), ("b", "Reports"), ("c", "Annual and Sessional Reports"))
#: records shaped as the Library's (session_78_committee_3_drafts.xml): a draft filed under both
#: "Reports" and "Draft Resolutions and Decisions", a statement and a note of no resource type, ...
MARC = ('<?xml version="1.0" encoding="UTF-8"?>\n<collection xmlns="http://www.loc.gov/MARC21/slim">'
        + _record("1", "A/C.3/78/L.64", ("Report of the Human Rights Council :", "draft resolution /"),
                  REPORTS, DRAFTS, _field("991", ("a", "A/78/251"), ("b", "66")),
                  _field("993", ("a", "A/RES/78/186"), ind1="1"), *_files("A_C.3_78_L.64"),
                  _field("856", ("u", "javascript:alert(1)"), ("y", "Español"), ("s", "12")))
        + _record("2", "A/C.3/78/L.70", ("Situation of human rights in the Syrian Arab Republic : programme budget "
                                         "implications of draft resolution A/C.3/78/L.43 :", "statement /"), DOCS)
        + _record("3", "A/C.3/78/L.1", ("Organization of the work of the 3rd Committee :",
                                        "General Assembly, 78th session : note /"), DOCS)
        + _record("4", "A/C.3/78/L.99", ("Strengthening of the coordination of assistance", ""))
        + _record("5", "A/C.3/78/L.98", ("Revitalization of the work of the Committee :", "draft decision /"), DRAFTS)
        + _record("6", "A/C.3/78/L.97", ("Programme of work :", "note by the Secretariat transmitting the report "
                                         "of the Bureau"))
        + "</collection>\n")


@pytest.fixture(scope="module")
def marc(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("marc") / "records.xml"
    path.write_text(MARC, encoding="utf-8")
    return path


# -- the document type -----------------------------------------------------------------------------

def test_the_type_comes_from_the_records_type_fields_then_its_titles_ending(marc: Path) -> None:
    """`show A/C.3/78/L.64` said "report" (its title begins "Report of the Human Rights Council") though
    its type field says draft resolution and its title ends so; the programme budget statements were
    typed draft_resolution (their title's first draft resolution); the note had no type."""
    types = {r.symbol: catalogue_type(r) for r in parse_marc(marc)}
    assert types == {"A/C.3/78/L.64": "draft_resolution", "A/C.3/78/L.70": "statement", "A/C.3/78/L.1": "note",
                     "A/C.3/78/L.99": "draft_resolution", "A/C.3/78/L.98": "draft_decision",
                     "A/C.3/78/L.97": "note"}


def test_each_type_says_the_step_that_gave_it(marc: Path) -> None:
    steps = {r.symbol: classify(r)[1] for r in parse_marc(marc)}
    assert steps == {"A/C.3/78/L.64": "type field", "A/C.3/78/L.70": "title ending", "A/C.3/78/L.1": "title ending",
                     "A/C.3/78/L.99": "symbol", "A/C.3/78/L.98": "type field", "A/C.3/78/L.97": "title ending"}


def test_every_type_field_and_symbol_of_a_record_is_kept(marc: Path) -> None:
    """The reader kept the last 989 field only ("Draft Resolutions and Decisions": the "Reports" one
    was lost) and the first 191."""
    two = MARC.replace('<subfield code="a">A/C.3/78/L.64</subfield></datafield>',
                       '<subfield code="a">A/C.3/78/L.64</subfield></datafield>'
                       + _field("191", ("a", "A/HRC/53/L.1")), 1)
    path = marc.with_name("two.xml")
    path.write_text(two, encoding="utf-8")
    r = parse_marc(path)[0]
    assert r.symbol == "A/C.3/78/L.64" and r.symbols == ["A/C.3/78/L.64", "A/HRC/53/L.1"]
    assert r.types == [["Documents and Publications", "Reports", "Annual and Sessional Reports"],
                       ["Documents and Publications", "Draft Resolutions and Decisions"]]
    assert r.doc_type == ("Documents and Publications / Reports / Annual and Sessional Reports; "
                          "Documents and Publications / Draft Resolutions and Decisions")


def test_the_shared_catalogue_types_and_the_type_filter(corpus: Path, tmp_path: Path) -> None:
    """`documents --type "draft resolution"` listed three programme budget statements and missed
    A/C.3/78/L.64; A/C.3/78/L.1 had no type."""
    path = corpus / "undl_marc" / "session_78_committee_3_drafts.odd_records.xml"
    types = {r.symbol: catalogue_type(r) for r in parse_marc(path)}
    assert Counter(types.values()) == {"draft_resolution": 43, "statement": 3, "note": 1}
    assert types["A/C.3/78/L.64"] == "draft_resolution" and types["A/C.3/78/L.1"] == "note"
    assert {s for s, t in types.items() if t == "statement"} == {"A/C.3/78/L.70", "A/C.3/78/L.71", "A/C.3/78/L.73"}
    with hexaglot.archive.create(tmp_path / "arc") as a:
        a.ingest_catalogue(path)
        drafts = {d.symbol for d in a.documents(doc_type="draft resolution", size=100).items}
        assert "A/C.3/78/L.64" in drafts and "A/C.3/78/L.70" not in drafts and len(drafts) == 43
        assert a.document("A/C.3/78/L.64").doc_type == "draft_resolution"


def test_a_records_language_files_in_the_un_order_and_only_web_addresses(marc: Path) -> None:
    from dataclasses import asdict

    files = language_files(asdict(parse_marc(marc)[0]))
    assert [(f.lang, f.label) for f in files] == [("ar", ARABIC), ("zh", CHINESE), ("en", "English"), ("es", "Español")]
    assert files[2].url == "https://digitallibrary.un.org/record/1/files/A_C.3_78_L.64-EN.pdf" and files[2].size == 180044
    assert files[3].url is None  # a javascript: address is never a link


# -- the web pages ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory, marc: Path) -> Iterator[TestClient]:
    from hexaglot.demo import demo_files
    from hexaglot.serve.http import Settings, create_app

    path = tmp_path_factory.mktemp("web") / "archive"
    with hexaglot.archive.create(path) as a:
        report = a.ingest(demo_files(), embeddings=False, workers=1)
        assert not report.errors, report.errors
        a.ingest_catalogue(marc)
    with TestClient(create_app(settings=Settings(archive=path, token="t", embeddings=False))) as c:
        yield c


def _visible(page: str) -> str:
    """A page's text and attributes other than its links' addresses (filter values sit in those)."""
    return re.sub(r'href="[^"]*"', "", page)


def test_a_records_page_lists_its_language_files(client: TestClient) -> None:
    """The "Language versions" heading had nothing under it though the record lists its files."""
    page = client.get("/document", params={"symbol": "A/C.3/78/L.64"}).text
    assert "<h2>Language versions</h2>" in page
    assert '<a href="https://digitallibrary.un.org/record/1/files/A_C.3_78_L.64-EN.pdf"' in page
    assert f'dir="rtl">{ARABIC}</bdi>' in page and "176 KB" in page
    assert "javascript:" not in page and "Español</bdi> · listed in the catalogue record" in page
    # a record without files: no empty heading
    assert "Language versions" not in client.get("/document", params={"symbol": "A/C.3/78/L.1"}).text


def test_a_record_without_text_is_not_told_to_run_embed(client: TestClient) -> None:
    page = client.get("/document", params={"symbol": "A/C.3/78/L.64"}).text
    assert "hexaglot embed" not in page and "Related in meaning" not in page
    text = client.get("/document", params={"symbol": "letter-2003-06-04"}).text
    assert "run <code>hexaglot embed</code>" in text  # a document with text still is


def test_a_records_page_names_its_symbols_type_and_relations_apart(client: TestClient) -> None:
    """No Symbols row; the type as the code draft_resolution; "A/78/251 not in the archive agenda"."""
    page = client.get("/document", params={"symbol": "A/C.3/78/L.64"}).text
    assert "<dt>Symbols</dt><dd>A/C.3/78/L.64</dd>" in page
    assert "<dt>Type</dt><dd>draft resolution</dd>" in page and "draft_resolution" not in _visible(page)
    assert '<span class="tag">agenda</span> <a href="/search?q=%22A/78/251%22"' in page
    assert '<span class="tag">resolution</span> <a href="/search?q=' in page
    assert 'not in the archive</span> <span class="kind">' not in page


def test_the_documents_page_names_types_and_countries(client: TestClient) -> None:
    page = client.get("/documents").text
    assert '<span class="tag">draft resolution</span>' in page and ">draft resolution</a>" in page
    assert "draft_resolution" not in _visible(page)
    assert "type=draft_resolution" in page  # the filter links keep the stored value
    assert ">Russian Federation</a>" in page and ">United States of America</a>" in page
    chosen = client.get("/documents", params={"type": "draft resolution"}).text
    assert "A/C.3/78/L.64" in chosen and "A/C.3/78/L.70" not in chosen


def test_a_letters_page_names_its_countries(client: TestClient) -> None:
    page = client.get("/document", params={"symbol": "letter-2003-06-04"}).text
    assert "<dt>Sender</dt><dd>United States of America, Russian Federation</dd>" in page
    assert "Sergey Lavrov, Représentant permanent (Russian Federation)" in page


def test_the_type_and_country_filters() -> None:
    import hexaglot.serve.http.web as web

    tpl = web._env.from_string("{{ t|type_name }}|{{ c|country_name }}")
    assert tpl.render(t="draft_resolution", c="RU") == "draft resolution|Russian Federation"
    assert tpl.render(t="report", c="FR") == "report|France"
    assert tpl.render(t=None, c="ZZ") == "|ZZ"  # an unknown code stays as it is
