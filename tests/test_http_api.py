"""The HTTP API through FastAPI's TestClient: every endpoint, its errors, the token rule, the limits
and the security headers. The archive is built once from the demo set bundled in the package."""

from __future__ import annotations

import html
import json
import re
import time
import warnings
import zipfile
from io import BytesIO
from pathlib import Path

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from hexaglot.serve.http import Settings, create_app

TOKEN = "test-token-3f9a"


@pytest.fixture(scope="module")
def archive_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import hexaglot.archive
    from hexaglot.demo import demo_files

    path = tmp_path_factory.mktemp("http") / "archive"
    with hexaglot.archive.create(path) as a:
        report = a.ingest(demo_files(), embeddings=False, workers=1)
        assert not report.errors, report.errors
    return path


@pytest.fixture(scope="module")
def client(archive_dir: Path) -> TestClient:
    settings = Settings(archive=archive_dir, token=TOKEN, embeddings=False, max_upload_bytes=200_000,
                        max_upload_files=3)
    with TestClient(create_app(settings=settings), raise_server_exceptions=False) as c:
        yield c


AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _error(r) -> str:  # type: ignore[no-untyped-def]
    body = r.json()
    assert set(body) == {"error"} and body["error"]["status"] == r.status_code
    assert "Traceback" not in body["error"]["message"]
    return body["error"]["message"]


# -- search ----------------------------------------------------------------------------------------

def test_search_returns_highlighted_hits_and_facets(client: TestClient) -> None:
    r = client.get("/api/search", params={"q": "dignité", "lang": "fr"})
    assert r.status_code == 200
    body = r.json()
    assert body["total"] >= 3 and body["hits"]
    assert all(h["lang"] == "fr" and "<b>" in h["snippet"] for h in body["hits"])
    assert body["facets"]["lang"] == {"fr": body["total"]}


def test_search_pages_do_not_overlap(client: TestClient) -> None:
    first = client.get("/api/search", params={"q": "rights", "lang": "en", "size": 2, "page": 1}).json()
    second = client.get("/api/search", params={"q": "rights", "lang": "en", "size": 2, "page": 2}).json()
    ids1, ids2 = {h["sentence_id"] for h in first["hits"]}, {h["sentence_id"] for h in second["hits"]}
    assert len(ids1) == len(ids2) == 2 and not ids1 & ids2
    assert first["total"] == second["total"] > 4


def test_search_filters_like_the_cli(client: TestClient, archive_dir: Path) -> None:
    import hexaglot.archive

    r = client.get("/api/search", params={"q": "Council", "organ": "SC", "type": "resolution", "size": 50})
    hits = r.json()["hits"]
    assert hits and all((h["symbol"] or "").startswith("S/RES/") for h in hits)
    with hexaglot.archive.open(archive_dir, create=False) as a:
        direct = a.search("Council", organ="SC", doc_type="resolution", limit=50)
    assert [h["sentence_id"] for h in hits] == [h.sentence_id for h in direct.hits]


@pytest.mark.parametrize("q", ["AND", "rights OR", "NOT", "-rights", "(a AND)"])
def test_malformed_query_is_400_never_500(client: TestClient, q: str) -> None:
    r = client.get("/api/search", params={"q": q})
    assert r.status_code == 400, r.text
    _error(r)


@pytest.mark.parametrize("params", [{"q": ""}, {"q": "x" * 501}, {"q": "a", "page": 0}, {"q": "a", "size": 1000},
                                    {"q": "a", "lang": "klingon"}, {"q": "a", "session": "fifty"}, {}])
def test_bad_parameters_are_400(client: TestClient, params: dict) -> None:
    r = client.get("/api/search", params=params)
    assert r.status_code == 400
    assert _error(r)


# -- concordance -----------------------------------------------------------------------------------

def test_concordance_gives_kwic_and_aligned_target(client: TestClient) -> None:
    r = client.get("/api/concordance", params={"q": "dignité", "src": "fr", "tgt": "en"})
    lines = r.json()["lines"]
    assert r.status_code == 200 and lines
    for line in lines:
        assert line["match"].lower().startswith("dignit") and line["target"]
        assert 0.0 <= line["score"] <= 1.0
    assert any("dignity" in line["target"] for line in lines)


def test_concordance_min_score_filter(client: TestClient) -> None:
    lines = client.get("/api/concordance", params={"q": "droits", "src": "fr", "tgt": "ru",
                                                   "min_score": 0.4, "size": 50}).json()["lines"]
    assert all(line["score"] >= 0.4 for line in lines)


@pytest.mark.parametrize("params", [{"q": "a", "src": "fr", "tgt": "fr"}, {"q": "a", "src": "x1", "tgt": "en"},
                                    {"q": "a", "src": "fr", "tgt": "en", "sort": "random"},
                                    {"q": "a", "src": "fr", "tgt": "en", "min_score": 2},
                                    {"q": "a", "tgt": "en"}, {"q": "a", "src": "fr"}])
def test_concordance_errors(client: TestClient, params: dict) -> None:
    r = client.get("/api/concordance", params=params)
    assert r.status_code == 400
    _error(r)


# -- documents -------------------------------------------------------------------------------------

def test_document_list_is_faceted_and_filtered(client: TestClient) -> None:
    body = client.get("/api/documents").json()
    assert body["total"] == 5 and body["facets"]["lang"]["fr"] == 2
    sc = client.get("/api/documents", params={"organ": "SC"}).json()
    assert sc["total"] == 4 and all("SC" in d["organs"] for d in sc["items"])
    res = client.get("/api/documents", params={"symbol": "S/RES/*", "year": 1993}).json()
    assert [d["symbol"] for d in res["items"]] == ["S/RES/881 (1993)"]
    six = client.get("/api/documents", params={"lang": "zh"}).json()
    assert [d["id"] for d in six["items"]] == ["udhr"]


def test_document_record_has_metadata_annexes_footnotes_refs(client: TestClient) -> None:
    d = client.get("/api/documents/letter-2003-06-04").json()
    assert d["date"] == "2003-06-04" and d["session"] == 58 and set(d["organs"]) == {"GA", "SC"}
    assert d["agenda"] == ["74", "83"]
    assert {s["name"] for s in d["signatories"]} == {"John Negroponte", "Sergey Lavrov"}
    # each annex by its number and title, not by a heading that only says whose letter it annexes
    assert [a[:30] for a in d["versions"]["fr"]["annexes"]] == ["Annexe I: Déclaration commune ",
                                                                "Annexe II: Déclaration commune"]
    assert d["versions"]["fr"]["footnotes"]
    # the footnote keeps its own mark: the page showed the letter's "*" note as "1." (a numbered list)
    assert d["versions"]["fr"]["footnote_marks"] == ["*"]
    page = client.get("/document", params={"symbol": "letter-2003-06-04"}).text
    assert '<span class="mark">*</span> A/58/50/Rev.1' in page and '<ol class="footnotes">' not in page
    assert {c["symbol"] for c in d["cites"]} >= {"A/58/50/Rev.1"}
    # a reference the archive lacks says so; the relation is named only when it is not "cites"
    assert 'A/58/50/Rev.1</a> <span class="kind">not in the archive</span>' in page
    assert '<span class="kind">cites</span>' not in page
    # the file's name, never the server's folders
    assert d["versions"]["fr"]["file"] == "letter-2003-06-04.fr.txt" and "/" not in json.dumps(d["versions"]["fr"]["file"])


def test_document_by_symbol_with_slashes(client: TestClient) -> None:
    d = client.get("/api/documents/S/RES/881 (1993)").json()
    assert d["symbol"] == "S/RES/881 (1993)" and d["date"] == "1993-11-04"
    assert "S/RES/876 (1993)" in {c["symbol"] for c in d["cites"]}


def test_unknown_document_is_404(client: TestClient) -> None:
    for url in ("/api/documents/A/99/999", "/api/documents/A/99/999/aligned?langs=en,fr"):
        r = client.get(url)
        assert r.status_code == 404
        assert "no such document" in _error(r)


def test_aligned_pairs_cover_both_versions(client: TestClient, archive_dir: Path) -> None:
    import hexaglot.archive

    body = client.get("/api/documents/udhr/aligned", params={"langs": "en,fr"}).json()
    rows = body["rows"]
    with hexaglot.archive.open(archive_dir, create=False) as a:
        view = a.document("udhr", ["en", "fr"])
    en_ids = [i for r in rows for i in r["cells"][0]["ids"]]
    fr_ids = [i for r in rows for i in r["cells"][1]["ids"]]
    assert len(en_ids) == len(set(en_ids)) and len(fr_ids) == len(set(fr_ids))
    assert len(set(en_ids)) <= len(view.versions["en"].sentences)
    assert rows[0]["cells"][0]["text"].startswith("Universal Declaration")


def test_aligned_three_languages(client: TestClient) -> None:
    rows = client.get("/api/documents/udhr/aligned", params={"langs": "en,fr,ar"}).json()["rows"]
    assert all(len(r["cells"]) == 3 for r in rows)
    assert sum(bool(r["cells"][2]["text"]) for r in rows) > len(rows) * 0.8


@pytest.mark.parametrize("langs,status", [("en,en", 400), ("en", 400), ("en,fr,ru,es", 400), ("en,x-y", 400)])
def test_aligned_bad_langs(client: TestClient, langs: str, status: int) -> None:
    r = client.get("/api/documents/udhr/aligned", params={"langs": langs})
    assert r.status_code == status
    _error(r)


def test_a_language_the_archive_lacks_is_a_clear_400(client: TestClient) -> None:
    """An archive may hold other languages (Text+Berg German); one it holds no version in is said so."""
    r = client.get("/api/search", params={"q": "Rechte", "lang": "de"})
    assert r.status_code == 400 and "no versions in 'de' (German)" in _error(r)


def test_aligned_missing_version_is_a_clear_400(client: TestClient) -> None:
    r = client.get("/api/documents/letter-2003-06-04/aligned", params={"langs": "fr,en"})
    assert r.status_code == 400 and "no en version" in _error(r)


# -- export ----------------------------------------------------------------------------------------

def test_export_tmx_streams_a_valid_tmx(client: TestClient) -> None:
    from lxml import etree

    r = client.get("/api/export", params={"src": "fr", "tgt": "en", "format": "tmx"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/x-tmx+xml")
    assert "attachment" in r.headers["content-disposition"]
    root = etree.fromstring(r.content, etree.XMLParser(resolve_entities=False, no_network=True))
    tus = root.findall(".//tu")
    assert len(tus) > 50 and root.find("header").get("srclang") == "fr"


def test_export_tmx_with_locale_tags(client: TestClient) -> None:
    from lxml import etree

    r = client.get("/api/export", params={"src": "fr", "tgt": "en", "region_tags": "true", "locale": "en=en-US"})
    assert r.status_code == 200
    root = etree.fromstring(r.content, etree.XMLParser(resolve_entities=False, no_network=True))
    assert root.find("header").get("srclang") == "fr-FR"
    tuvs = root.find(".//tu").findall("tuv")
    assert [t.get("{http://www.w3.org/XML/1998/namespace}lang") for t in tuvs] == ["fr-FR", "en-US"]
    assert all(p.get("type").startswith("x-") for p in root.iter("prop"))
    r = client.get("/api/export", params={"src": "fr", "tgt": "en", "locale": "en=en_US!"})
    assert r.status_code == 400 and "not a language tag" in _error(r)
    r = client.get("/api/export", params={"src": "fr", "tgt": "en", "format": "moses", "region_tags": "true"})
    assert r.status_code == 400 and "takes no option" in _error(r)


def test_export_jsonl_matches_the_python_api(client: TestClient, archive_dir: Path) -> None:
    import hexaglot.archive

    r = client.get("/api/export", params={"src": "en", "tgt": "ru", "format": "jsonl", "min_score": 0.3})
    rows = [json.loads(line) for line in r.text.splitlines()]
    with hexaglot.archive.open(archive_dir, create=False) as a:
        direct = list(a.pairs("en", "ru", min_score=0.3))
    assert [(x["src"], x["tgt"]) for x in rows] == [(p.src, p.tgt) for p in direct]


def test_export_moses_and_xml_are_zips(client: TestClient) -> None:
    for fmt, member in (("moses", "hexaglot-es-fr.es"), ("xml", "hexaglot-es-fr/links/es-fr/udhr.lnk")):
        r = client.get("/api/export", params={"src": "es", "tgt": "fr", "format": fmt})
        assert r.status_code == 200 and r.headers["content-type"] == "application/zip"
        names = zipfile.ZipFile(BytesIO(r.content)).namelist()
        assert member in names, names


def test_export_of_concordance_lines(client: TestClient) -> None:
    conc = client.get("/api/concordance", params={"q": "dignité", "src": "fr", "tgt": "en"}).json()["lines"]
    r = client.get("/api/export", params={"q": "dignité", "src": "fr", "tgt": "en", "format": "jsonl"})
    rows = [json.loads(line) for line in r.text.splitlines()]
    assert [x["tgt"] for x in rows] == [line["target"] for line in conc]


def test_export_by_a_document_as_it_is_listed(client: TestClient, archive_dir: Path) -> None:
    """The symbol filter finds a document as the listing names it ("udhr": an id, no symbol) and
    says so, before the stream starts, when it names none (it answered 200 and an empty TMX)."""
    import hexaglot.archive

    r = client.get("/api/export", params={"src": "en", "tgt": "fr", "format": "jsonl", "symbol": "udhr"})
    rows = [json.loads(line) for line in r.text.splitlines()]
    with hexaglot.archive.open(archive_dir, create=False) as a:
        assert len(rows) == len(list(a.pairs("en", "fr", doc_ids=["udhr"]))) > 50
    r = client.get("/api/export", params={"src": "en", "tgt": "fr", "symbol": "A/99/999"})
    assert r.status_code == 404 and "A/99/999" in _error(r)
    r = client.get("/api/export", params={"src": "en", "tgt": "fr", "format": "jsonl", "symbol": "A/99/*"})
    assert r.status_code == 200 and r.text == ""  # a pattern may match nothing
    assert client.get("/api/documents", params={"symbol": "A/99/999"}).json()["total"] == 0  # a listing: empty
    assert client.get("/api/search", params={"q": "dignité", "symbol": "udhr"}).json()["total"] >= 3


@pytest.mark.parametrize("params", [{"format": "docx"}, {"src": "fr", "tgt": "fr"}, {"min_score": -1}])
def test_export_errors(client: TestClient, params: dict) -> None:
    r = client.get("/api/export", params=params)
    assert r.status_code == 400
    _error(r)


# -- writing: token, upload, job -------------------------------------------------------------------

SAMPLE = ("Lettre datée du 2 mars 2004, adressée au Secrétaire général par le Représentant permanent "
          "de la France auprès de l'Organisation des Nations Unies\n\n"
          "J'ai l'honneur de me référer à la résolution 81 (1950) du Conseil de sécurité, S/RES/81 (1950), "
          "et de vous faire part de ce qui suit. La coopération régionale est essentielle.\n\n"
          "Je vous serais reconnaissant de bien vouloir faire distribuer le texte de la présente lettre.\n")


def test_upload_needs_a_token(client: TestClient) -> None:
    files = {"files": ("x.txt", b"text")}
    r = client.post("/api/documents", files=files)
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    _error(r)
    for header in ("Bearer wrong", "Bearer " + TOKEN[:-1], "Basic " + TOKEN, TOKEN):
        r = client.post("/api/documents", files=files, headers={"Authorization": header})
        assert r.status_code in (401, 403), header
        _error(r)


def _finished(client: TestClient, url: str, polls: int) -> dict:
    """The job's state once done or failed (polled every 0.1 s, at most ``polls`` times)."""
    for _ in range(polls):
        job = client.get(url).json()
        if job["status"] in ("done", "failed"):
            break
        time.sleep(0.1)
    return job


def test_upload_ingests_and_the_document_appears(client: TestClient) -> None:
    r = client.post("/api/documents", headers=AUTH,
                    files=[("files", ("lettre-2004-03-02.fr.txt", SAMPLE.encode("utf-8")))])
    assert r.status_code == 202, r.text
    url = r.json()["url"]
    job = _finished(client, url, 300)
    assert job["status"] == "done", job
    assert job["documents"] and job["progress"] == 1.0
    # a finished job shows its last phase with work in it, counted to the end ("0 of 0 parallel
    # documents" contradicted the 1 file read)
    assert job["phase"] == "files" and job["done"] == job["total"] == 1, job
    doc = client.get(f"/api/documents/{job['documents'][0]}").json()
    assert doc["date"] == "2004-03-02" and "fr" in doc["versions"]
    cited = client.get("/api/documents/S/RES/81 (1950)").json()["cited_by"]
    assert job["documents"][0] in {c["doc_id"] for c in cited}
    hits = client.get("/api/search", params={"q": '"coopération régionale"'}).json()["hits"]
    assert job["documents"][0] in {h["doc_id"] for h in hits}
    # Another server process on the same archive answers for the job too (its state is on disk).
    other = create_app(settings=Settings(archive=client.app.state.settings.archive, token=TOKEN))
    with TestClient(other) as c2:
        again = c2.get(url).json()
    assert again["status"] == "done" and again["documents"] == job["documents"]


def test_the_upload_page_works_without_a_script(client: TestClient) -> None:
    """The form posted to /api/documents, which wants the token in a header only a script can set:
    without JavaScript every upload was refused with a JSON 401. The form now posts to /upload with
    the token as a field, and its answer is the job's page, which reloads itself until the job ends."""
    page = client.get("/upload").text
    assert 'action="/upload"' in page and 'name="token"' in page
    files = [("files", ("lettre-2004-05-06.fr.txt", SAMPLE.replace("2 mars 2004", "6 mai 2004").encode("utf-8")))]
    wrong = client.post("/upload", data={"token": "wrong"}, files=files)
    assert wrong.status_code == 403 and "The token is wrong or missing" in wrong.text and "<form" in wrong.text
    none = client.post("/upload", data={"token": TOKEN}, files=[("files", ("", b""))])
    assert none.status_code == 400 and "Choose one or more files." in none.text
    r = client.post("/upload", data={"token": TOKEN}, files=files, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/upload?job=")
    job_id = r.headers["location"].split("=", 1)[1]
    job = _finished(client, f"/api/jobs/{job_id}", 300)
    assert job["status"] == "done", job
    done = client.get(r.headers["location"]).text
    assert "Done: 1 document(s) in the archive." in done and 'http-equiv="refresh"' not in done
    assert f'href="/document?symbol={job["documents"][0]}' in done.replace("%20", " ")
    missing = client.get("/upload", params={"job": "0123456789abcdef"})
    assert missing.status_code == 404 and "No upload job" in missing.text


def test_upload_job_reports_the_aligners_doubts(client: TestClient) -> None:
    """Two files of one document that are not translations of each other: both are stored, and
    the job names the document and the pair in its warnings, as `hexaglot ingest` does."""
    demo = Path(__file__).resolve().parents[1] / "src" / "hexaglot" / "demo"
    # a resolution's lines without its symbol (it would join the stored S/RES/241 (1967)), and the
    # UDHR's with one line more (a file of known content is skipped)
    en = "".join(x for x in (demo / "S_RES_0241_1967_EN_GOLD.txt").read_text(encoding="utf-8").splitlines(True)
                 if not re.search(r"S/RES|Resolution 241", x)).encode()
    fr = (demo / "udhr.fr.txt").read_bytes() + "\nFait à Paris le 10 décembre 1948.\n".encode()
    r = client.post("/api/documents", headers=AUTH,
                    files=[("files", ("melange.en.txt", en)), ("files", ("melange.fr.txt", fr))])
    assert r.status_code == 202, r.text
    url = r.json()["url"]
    job = _finished(client, url, 300)
    assert job["status"] == "done" and job["documents"] and not job["errors"], str(job)
    said = [w for w in job["warnings"] if "do not look like translations" in w]
    assert job["documents"] == ["melange"]
    assert len(said) == 1 and said[0].startswith("document melange: en-fr: "), job["warnings"]
    assert "/uploads/" not in said[0]
    # kept with the alignment: the reader and the API say it again later
    notes = client.get("/api/documents/melange/aligned", params={"langs": "fr,en"}).json()["notes"]
    assert notes == [said[0].removeprefix("document melange: ")], notes
    page = client.get("/read", params={"symbol": "melange", "langs": "en,fr"}).text
    assert 'id="align-notes"' in page and "do not look like translations" in page
    assert 'id="align-notes"' not in client.get("/read", params={"symbol": "udhr", "langs": "en,fr"}).text


def test_upload_of_a_bad_file_reports_it(client: TestClient) -> None:
    r = client.post("/api/documents", headers=AUTH, files=[("files", ("broken.pdf", b"%PDF-1.4 garbage"))])
    assert r.status_code == 202
    url = r.json()["url"]
    job = _finished(client, url, 100)
    assert job["status"] == "failed" and job["errors"] and "broken.pdf" in job["errors"][0]
    assert "/uploads/" not in job["errors"][0]


def test_an_empty_file_is_that_files_error_and_the_job_counts_every_file(client: TestClient, corpus: Path) -> None:
    """A review found one empty file refusing the whole upload (400), and a job of 3 files saying
    "total": 2 (the TMX, refused before any reading, was not counted)."""
    good = (corpus / "unsc_resolutions_en" / "texts" / "S_RES_0005_1946_EN_GOLD.txt").read_bytes()
    tmx = b'<?xml version="1.0"?>\n<tmx version="1.4"><header/><body/></tmx>\n'
    r = client.post("/api/documents", headers=AUTH, files=[("files", ("S_RES_0005_1946_EN_GOLD.txt", good)),
                                                           ("files", ("out.tmx", tmx)),
                                                           ("files", ("empty.txt", b""))])
    assert r.status_code == 202, r.text
    job = _finished(client, r.json()["url"], 300)
    assert job["status"] == "done" and job["documents"] == ["S/RES/5 (1946)"], job
    assert len(job["errors"]) == 2, job["errors"]
    assert any(e.startswith("empty.txt: ") for e in job["errors"]) and any(e.startswith("out.tmx: ") for e in job["errors"])
    assert job["total"] == job["done"] == 3 and job["progress"] == 1.0, job
    # and a job of bad files only counts them all too
    r = client.post("/api/documents", headers=AUTH, files=[("files", ("again.tmx", tmx)),
                                                           ("files", ("void.txt", b""))])
    assert r.status_code == 202, r.text
    job = _finished(client, r.json()["url"], 300)
    assert job["status"] == "failed" and len(job["errors"]) == 2 and job["total"] == job["done"] == 2, job
    # nothing at all to read is still refused at once
    r = client.post("/api/documents", headers=AUTH, files=[("files", ("a.txt", b"")), ("files", ("b.txt", b""))])
    assert r.status_code == 400 and _error(r) == "every file is empty: a.txt, b.txt"


@pytest.mark.parametrize("name", ["../evil.txt", "/etc/passwd", "a/b.txt", "..", "..\\..\\x.txt", "~/.bashrc/.."])
def test_upload_refuses_unsafe_names(client: TestClient, archive_dir: Path, name: str) -> None:
    r = client.post("/api/documents", headers=AUTH, files=[("files", (name, b"hello"))])
    assert r.status_code == 400, (name, r.text)
    _error(r)
    assert not (archive_dir.parent / "evil.txt").exists()


@pytest.mark.parametrize("raw_name", [b"ctl\x01name.txt", b"../../escape.txt", b"tab\tname.txt"])
def test_upload_refuses_raw_hostile_names(client: TestClient, raw_name: bytes) -> None:
    """Names sent as raw bytes (an HTTP client library would percent-escape them)."""
    body = (b"--XyZ\r\nContent-Disposition: form-data; name=\"files\"; filename=\"" + raw_name + b"\"\r\n"
            b"Content-Type: text/plain\r\n\r\nhello\r\n--XyZ--\r\n")
    r = client.post("/api/documents", content=body,
                    headers={**AUTH, "Content-Type": "multipart/form-data; boundary=XyZ"})
    assert r.status_code == 400, r.text
    _error(r)


def test_upload_limits(client: TestClient) -> None:
    big = client.post("/api/documents", headers=AUTH, files=[("files", ("big.txt", b"a" * 300_000))])
    assert big.status_code == 413
    _error(big)
    many = client.post("/api/documents", headers=AUTH,
                       files=[("files", (f"f{i}.txt", b"x")) for i in range(4)])
    assert many.status_code == 413  # was a 400 "bad upload: 400: Too many files. ..."
    assert _error(many).startswith("too many files in one request: at most ")
    none = client.post("/api/documents", headers=AUTH, data={"other": "1"})
    assert none.status_code == 400
    empty = client.post("/api/documents", headers=AUTH, files=[("files", ("e.txt", b""))])
    assert empty.status_code == 400


def test_unknown_job_is_404(client: TestClient) -> None:
    r = client.get("/api/jobs/0000000000000000")
    assert r.status_code == 404
    _error(r)


# -- the rest --------------------------------------------------------------------------------------

def test_openapi_schema_lists_every_endpoint(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = set(spec["paths"])
    assert {"/api/search", "/api/concordance", "/api/documents", "/api/documents/{symbol}",
            "/api/documents/{symbol}/aligned", "/api/export", "/api/jobs/{job_id}"} <= paths
    assert "multipart/form-data" in spec["paths"]["/api/documents"]["post"]["requestBody"]["content"]
    # the writes declare the token, so /docs can send it (an Authorize button)
    assert spec["components"]["securitySchemes"]["token"] == {
        "type": "http", "scheme": "bearer",
        "description": "The server's write token: printed when it starts, or HEXAGLOT_TOKEN."}
    for path in ("/api/documents", "/api/pretranslate"):
        assert spec["paths"][path]["post"]["security"] == [{"token": []}], path
    assert "security" not in spec["paths"]["/api/search"]["get"]


def test_openapi_documents_the_errors_as_sent(client: TestClient) -> None:
    """A bad parameter is a 400 with {"error": {status, message}}: the schema says so, not 422."""
    spec = client.get("/openapi.json").json()
    text = json.dumps(spec)
    assert '"422"' not in text and "HTTPValidationError" not in text
    err = spec["components"]["schemas"]["Error"]
    assert err["properties"]["error"]["required"] == ["status", "message"]
    search = spec["paths"]["/api/search"]["get"]["responses"]
    assert search["400"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
    assert "404" not in spec["paths"]["/api/stats"]["get"]["responses"]
    assert "404" in search  # its symbol filter may name no document
    assert "404" not in spec["paths"]["/api/documents"]["get"]["responses"]  # a listing is empty instead
    assert "404" in spec["paths"]["/api/documents/{symbol}"]["get"]["responses"]
    upload = spec["paths"]["/api/documents"]["post"]["responses"]
    assert {"400", "401", "403", "413"} <= set(upload)
    pre = spec["paths"]["/api/pretranslate"]["post"]
    assert "413" in pre["responses"]  # every body has the limit
    assert {"file", "text", "tgt", "format"} <= set(pre["requestBody"]["content"]["multipart/form-data"]["schema"][
        "properties"])  # declared, so /docs can send a draft
    # and the answer matches the schema
    body = client.get("/api/concordance", params={"q": "rights"}).json()
    assert set(body) == {"error"} and set(body["error"]) == {"status", "message"}
    assert body["error"]["status"] == 400


def test_docs_page_uses_vendored_assets(client: TestClient) -> None:
    page = client.get("/docs").text
    assert "/static/swagger/swagger-ui-bundle.js" in page and "cdn" not in page.lower()
    assert "<script>" not in page  # no inline script
    assert client.get("/static/swagger/swagger-ui-bundle.js").status_code == 200
    assert '<a href="/"' in page and '<a href="/openapi.json"' in page  # the way back to the site


def test_security_headers_on_every_response(client: TestClient) -> None:
    for url in ("/", "/api/search?q=rights", "/api/documents/nope", "/static/app.js"):
        h = client.get(url).headers
        assert "script-src 'self'" in h["content-security-policy"]
        assert "unsafe-inline" not in h["content-security-policy"].split("script-src")[1].split(";")[0]
        assert h["x-content-type-options"] == "nosniff" and h["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in h["content-security-policy"]


def test_unknown_path_is_a_json_404_under_api(client: TestClient) -> None:
    r = client.get("/api/nothing-here")
    assert r.status_code == 404
    _error(r)


def test_a_bug_is_a_500_without_a_traceback(archive_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from hexaglot.archive import Archive

    def boom(*a, **k):  # type: ignore[no-untyped-def]
        raise RuntimeError("secret internal detail /home/x")

    monkeypatch.setattr(Archive, "search", boom)
    with TestClient(create_app(settings=Settings(archive=archive_dir, token=TOKEN)),
                    raise_server_exceptions=False) as c:
        r = c.get("/api/search", params={"q": "rights"})
        assert r.status_code == 500
        assert "secret" not in r.text and "Traceback" not in r.text
        page = c.get("/search", params={"q": "rights"})
        assert page.status_code == 500 and "secret" not in page.text


def test_generated_token_when_none_is_given(archive_dir: Path) -> None:
    s = Settings(archive=archive_dir)
    assert s.token_generated and len(s.token) >= 24
    assert Settings(archive=archive_dir).token != s.token


def test_server_binds_to_loopback_unless_told(monkeypatch: pytest.MonkeyPatch, archive_dir: Path) -> None:
    import uvicorn
    from typer.testing import CliRunner

    from hexaglot.serve.cli import app

    seen: dict[str, object] = {}
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: seen.update(k))
    result = CliRunner().invoke(app, ["serve", "--archive", str(archive_dir)], env={"HEXAGLOT_TOKEN": "t"})
    assert result.exit_code == 0, result.output
    assert seen["host"] == "127.0.0.1" and seen["server_header"] is False
    CliRunner().invoke(app, ["serve", "--archive", str(archive_dir), "--host", "0.0.0.0"], env={"HEXAGLOT_TOKEN": "t"})
    assert seen["host"] == "0.0.0.0"


def test_port_in_use_is_one_clear_line(archive_dir: Path) -> None:
    import socket
    import subprocess
    import sys

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = subprocess.run([sys.executable, "-m", "hexaglot.serve.cli", "serve", "--archive", str(archive_dir),
                               "--port", str(port)], capture_output=True, text=True, timeout=60,
                              env={**__import__("os").environ, "HEXAGLOT_TOKEN": "t"})
    assert proc.returncode == 2
    assert f"127.0.0.1:{port}" in proc.stderr and "--port" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_head_answers_wherever_get_does(client: TestClient) -> None:
    for url in ("/", "/search?q=rights", "/concordance", "/documents", "/document?symbol=udhr",
                "/read?symbol=udhr&langs=en,fr", "/upload", "/docs", "/openapi.json", "/api/stats",
                "/api/search?q=rights", "/api/documents", "/api/documents/udhr",
                "/api/concordance?q=rights&src=en&tgt=fr", "/static/app.js"):
        get, head = client.get(url), client.head(url)
        assert get.status_code == 200, url
        assert head.status_code == 200, (url, head.status_code)
        assert head.content == b"", url
        assert head.headers["content-type"] == get.headers["content-type"], url
        assert head.headers["x-frame-options"] == "DENY", url
    assert client.head("/api/documents/A/99/999").status_code == 404
    assert client.head("/api/jobs/nope").status_code == 404
    assert "head" not in client.get("/openapi.json").json()["paths"]["/api/search"]  # one operation per route


def test_access_log_has_method_path_status_and_time(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    import re

    with caplog.at_level("INFO", logger="hexaglot.access"):
        client.get("/api/search", params={"q": "rights"})
        client.head("/")
        client.get("/api/documents/A/99/999")
    lines = [r.getMessage() for r in caplog.records if r.name == "hexaglot.access"]
    assert len(lines) == 3, lines
    assert re.fullmatch(r'\S+ "GET /api/search\?q=rights" 200 \d+ B \d+\.\d ms', lines[0]), lines[0]
    assert re.fullmatch(r'\S+ "HEAD /" 200 0 B \d+\.\d ms', lines[1]), lines[1]
    assert '"GET /api/documents/A/99/999" 404' in lines[2]


def test_serve_logs_access_by_default_and_not_with_no_access_log(monkeypatch: pytest.MonkeyPatch,
                                                                  archive_dir: Path) -> None:
    import logging

    import uvicorn
    from typer.testing import CliRunner

    from hexaglot.serve.cli import app

    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: None)
    access = logging.getLogger("hexaglot.access")
    monkeypatch.setattr(access, "level", access.level)
    monkeypatch.setattr(access, "handlers", list(access.handlers))
    monkeypatch.setattr(access, "propagate", access.propagate)
    result = CliRunner().invoke(app, ["serve", "--archive", str(archive_dir)], env={"HEXAGLOT_TOKEN": "t"})
    assert result.exit_code == 0, result.output
    assert access.isEnabledFor(logging.INFO) and access.handlers
    result = CliRunner().invoke(app, ["serve", "--archive", str(archive_dir), "--no-access-log"],
                                env={"HEXAGLOT_TOKEN": "t"})
    assert result.exit_code == 0, result.output
    assert not access.isEnabledFor(logging.INFO)


# -- pages -----------------------------------------------------------------------------------------

def test_concordance_shows_the_whole_source_bead(client: TestClient) -> None:
    """fr 'Tous les êtres humains naissent …' is two sentences aligned with one es sentence: the
    source cell shows both, as the target cell shows the whole target bead."""
    import re

    page = client.get("/concordance", params={"q": "dignité", "src": "fr", "tgt": "es"}).text
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", page, re.S)
    row = next(r for r in rows if "Tous les êtres humains naissent" in r)
    src_cell = re.search(r'<td class="src"[^>]*>(.*?)</td>', row, re.S).group(1)
    assert "<mark>dignité</mark>" in src_cell
    assert "Ils sont doués de raison" in src_cell and 'class="bead-ctx"' in src_cell
    assert '<span class="bead"' in row and ">2:1<" in row


def test_document_page_hides_an_empty_metadata_box_and_isolates_rtl_names(client: TestClient) -> None:
    page = client.get("/document", params={"symbol": "udhr"}).text
    assert 'class="meta-grid"' not in page  # UDHR's text names no symbol, date or organ
    assert "No symbol, date, organ or signatory was found" in page
    assert '<bdi lang="ar" dir="rtl">العربية</bdi> · ' in page
    assert '<bdi lang="zh" dir="ltr">中文</bdi>' in page
    letter = client.get("/document", params={"symbol": "letter-2003-06-04"}).text
    assert 'class="meta-grid"' in letter and "Sergey Lavrov" in letter


def test_chinese_is_set_in_song_or_hei_faces_never_kai() -> None:
    import re

    from hexaglot.serve.http.app import HERE

    css = (HERE / "static" / "app.css").read_text(encoding="utf-8")
    stack = re.search(r":lang\(zh\)\s*\{\s*font-family:([^;]+);", css).group(1)
    assert "kai" not in stack.lower()
    assert re.match(r'\s*"(Noto Sans CJK SC|Noto Serif CJK SC|Source Han Sans SC|Source Han Serif SC)"', stack)
    # Han outside a lang="zh" element (the query typed in the search box, "7 sentences match “人权”", the
    # facet 中文) was set in the Kai face fontconfig picks for the root stack's bare sans-serif
    root = re.search(r":root\s*\{[^}]*?font-family:([^;]+);", css).group(1)
    faces = [f.strip().strip('"') for f in root.split(",")]
    assert faces[-1] == "sans-serif" and "Noto Sans CJK SC" in faces and "kai" not in root.lower()


def test_upload_of_a_stored_file_names_the_document_it_is(client: TestClient) -> None:
    demo = Path(__file__).resolve().parents[1] / "src" / "hexaglot" / "demo"
    body = (demo / "letter-2003-06-04.fr.txt").read_bytes()
    r = client.post("/api/documents", headers=AUTH, files=[("files", ("ma-lettre.fr.txt", body)),
                                                          ("files", (".note.fr.txt", SAMPLE.encode("utf-8")))])
    assert r.status_code == 202, r.text
    job = _finished(client, r.json()["url"], 300)
    assert job["status"] == "done" and not job["errors"], job
    assert "letter-2003-06-04" in job["documents"] and len(job["documents"]) == 2, job
    said = [w for w in job["warnings"] if w.startswith("ma-lettre.fr.txt: ")]
    assert len(said) == 1 and "stored already as the fr version of letter-2003-06-04" in said[0], job["warnings"]
    # the same bytes again, uploaded by a later job: the file named, never the server's upload folder
    r = client.post("/api/documents", headers=AUTH, files=[("files", ("copie.fr.txt", SAMPLE.encode("utf-8")))])
    job = _finished(client, r.json()["url"], 300)
    [said] = [w for w in job["warnings"] if w.startswith("copie.fr.txt: ")]
    twin = said.split("the same bytes as ", 1)[1].split(",")[0]  # the file stored first, uploaded by a job
    assert twin.endswith(".fr.txt") and "/" not in twin and "uploads" not in said, said
    # a stored file sent again under its own name said "twice.fr.txt: the same bytes as twice.fr.txt"
    body = (SAMPLE + "\n\nLe Conseil a décidé de rester saisi de la question du test.\n").encode("utf-8")
    for _ in range(2):
        r = client.post("/api/documents", headers=AUTH, files=[("files", ("twice.fr.txt", body))])
        job = _finished(client, r.json()["url"], 300)
    [said] = [w for w in job["warnings"] if w.startswith("twice.fr.txt: ")]
    assert said.startswith("twice.fr.txt: the same bytes, stored already as ") and said.count("twice.fr.txt") == 1, said


def test_the_reader_opens_on_english_and_french(client: TestClient) -> None:
    from hexaglot.serve.http.web import _default_pair

    assert _default_pair(["ar-zh", "ar-en", "en-fr", "fr-es"]) == "en,fr"
    assert _default_pair(["ar-zh", "ar-en"]) == "en,ar" and _default_pair(["de-fr"]) == "fr,de"
    assert _default_pair([]) == "" and _default_pair(["zh-ar"]) == "ar,zh"
    page = client.get("/read", params={"symbol": "udhr"})
    assert page.status_code == 200 and 'lang="en"' in page.text and 'lang="fr"' in page.text
    assert '<p class="doc-title">Universal Declaration of Human Rights</p>' in page.text  # no symbol: the title says


def test_the_pair_buttons_are_each_the_same_way_round(client: TestClient) -> None:
    """The document page offered "zh-en" beside "en-es": English on the right in one pair and on the
    left in the next, as each pair happened to be aligned."""
    from hexaglot.serve.http.web import reading_pairs

    assert reading_pairs(["ar-zh", "zh-en", "en-es", "fr-en", "ru-fr", "es-ru", "de-fr"]) == [
        ("en", "zh"), ("en", "fr"), ("en", "es"), ("ar", "zh"), ("fr", "ru"), ("fr", "de"), ("ru", "es")]
    assert reading_pairs(["en-fr", "fr-en"]) == [("en", "fr")] and reading_pairs([]) == []
    page = client.get("/document", params={"symbol": "udhr"}).text
    buttons = re.findall(r'langs=([a-z]{2}),([a-z]{2})">\1-\2</a>', page)
    assert len(buttons) == 15 and buttons[:5] == [("en", x) for x in ("ar", "zh", "fr", "ru", "es")], buttons
    assert all(a == "en" for a, b in buttons if "en" in (a, b)), buttons


def test_a_document_in_one_language_is_read_alone(client: TestClient) -> None:
    """The reader answered 400 "no aligned language versions" for every document in one language
    (the resolutions, an uploaded report): their text could not be read on the web at all."""
    page = client.get("/read", params={"symbol": "S/RES/81 (1950)"})
    assert page.status_code == 200 and "cols-1" in page.text and "low-mark" not in page.text
    rows = re.findall(r'<div class="cell sent"[^>]*lang="en"[^>]*>([^<]+)</div>', page.text)
    assert len(rows) > 3 and any("The Security Council," in r for r in rows)
    one = client.get("/read", params={"symbol": "udhr", "langs": "zh"})
    assert one.status_code == 200 and 'lang="zh"' in one.text and 'lang="en"' not in one.text.split("cols-1")[1]
    doc = client.get("/document", params={"symbol": "S/RES/81 (1950)"}).text
    assert "read the text" in doc and "/read?symbol=S/RES/81%20%281950%29&amp;langs=en" in doc


def test_a_cited_document_not_in_the_archive_links_to_the_texts_that_mention_it(client: TestClient) -> None:
    """The link searched '"S/RES/226 (1966)"', which no sentence holds: the resolution's text says
    "resolutions 226 (1966)". It now searches both forms, and finds the citing sentence."""
    from hexaglot.serve.http.web import _mentions

    assert _mentions("S/RES/226 (1966)") == '"S/RES/226 (1966)" OR "226 (1966)"'
    assert _mentions("A/RES/70/1") == '"A/RES/70/1" OR "70/1"' and _mentions("A/58/50") == '"A/58/50"'
    # "resolution 78/250 B"; "A/58/50/Rev.1 et Corr.1" (the letter's footnote): each link found nothing
    assert _mentions("A/RES/78/250 B") == '"A/RES/78/250 B" OR "78/250 B"'
    assert _mentions("A/58/50/Rev.1/Corr.1") == '"A/58/50/Rev.1/Corr.1" OR ("A/58/50/Rev.1" AND "Corr.1")'
    letter = client.get("/document", params={"symbol": "letter-2003-06-04"}).text
    link = re.search(r'href="(/search\?q=[^"]*Corr\.1[^"]*)"', letter)
    assert link is not None
    found = client.get(html.unescape(link.group(1))).text
    assert "1 sentence matches" in found and "letter-2003-06-04" in found
    page = client.get("/document", params={"symbol": "S/RES/241 (1967)"}).text
    link = re.search(r'href="(/search\?q=[^"]*226[^"]*)"', page)
    assert link is not None
    found = client.get(html.unescape(link.group(1))).text
    assert "0 sentences match" not in found and "226 (1966)" in found


def test_query_limits_follow_the_mode_and_messages_name_the_choices(client: TestClient) -> None:
    """A 636-character meaning query was refused at 500 (the docs allow 2,000), the web page lost it
    behind "String should have at most 500 characters", and a wrong mode was answered with its regex."""
    long = "human rights and the dignity of all peoples " * 15
    assert 500 < len(long) < 2000
    meaning = client.get("/api/search", params={"q": long, "mode": "meaning"})  # this archive has no vectors
    assert meaning.status_code == 200 or "longer than" not in meaning.json()["error"]["message"], meaning.text
    assert "longer than 2,000" in client.get("/api/search", params={"q": long * 4, "mode": "meaning"}).text
    both = client.get("/api/search", params={"q": long, "mode": "both"})  # its words half is a full-text search
    assert both.status_code == 400 and "longer than 500" in both.text
    assert "longer than 500" in client.get("/search", params={"q": long, "mode": "both"}).text
    words = client.get("/api/search", params={"q": long})
    assert words.status_code == 400 and "mode=meaning" in words.json()["error"]["message"]
    bad = client.get("/api/search", params={"q": "rights", "mode": "xyz"})
    assert bad.status_code == 400 and "'xyz' is not one of words, meaning, both" in bad.json()["error"]["message"]
    assert "pattern" not in bad.text
    page = client.get("/search", params={"q": long})
    assert page.status_code == 400 and "a search by meaning takes up to 2,000" in page.text
    assert 'value="human rights and the dignity' in page.text  # the query stays in the box
    page = client.get("/search", params={"q": "rights", "mode": "xyz"})
    assert page.status_code == 400 and "choose words, meaning or both" in page.text


def test_the_concordance_page_without_a_target_picks_another_language(client: TestClient) -> None:
    page = client.get("/concordance", params={"q": "rights", "src": "en"})
    assert page.status_code == 200 and "both are" not in page.text


def test_the_documents_page_past_the_last_one_says_so(client: TestClient) -> None:
    """Page 999 said "5 documents" beside "No document matches these filters." with a link to page 998."""
    page = client.get("/documents", params={"page": 999}).text
    assert "past the last one (1)" in page and "No document matches" not in page
    assert "page=998" not in page and "page=1" in page


def test_a_quoted_query_is_not_quoted_twice_in_the_heading(client: TestClient) -> None:
    page = client.get("/search", params={"q": '"human rights"'}).text
    assert "match <q>human rights</q>" in page and "<q>&#34;human" not in page and '<q>"human' not in page


@pytest.mark.parametrize(("annex", "name"), [
    ({"label": "I", "heading": "Annexe I à la lettre datée du 4 juin 2003", "title": "Déclaration commune"},
     "Annexe I: Déclaration commune"),
    ({"label": "", "heading": "Annex", "title": "Organization chart"}, "Annex: Organization chart"),
    ({"label": "II", "heading": "Annex II", "title": None}, "Annex II"),
])
def test_an_annex_is_named_by_its_number_and_title(annex: dict, name: str) -> None:
    from hexaglot.serve.http.queries import annex_name

    assert annex_name(annex) == name


def test_an_archive_built_before_names_an_annex_by_its_heading_and_the_title_under_it(corpus: Path,
                                                                                      tmp_path: Path) -> None:
    """A/80/596's annex: "Annex" over "Organization chart". The page said "Annex" alone."""
    import sqlite3

    import hexaglot.archive
    from hexaglot.serve.http.queries import document_detail

    with hexaglot.archive.open(tmp_path / "arc", create=True) as a:
        a.ingest([corpus / "un_reports_en" / "docx" / "A_80_596.docx"], workers=1, embeddings=False)
    c = sqlite3.connect(tmp_path / "arc" / "archive.sqlite")
    assert document_detail(c, "A/80/596").versions["en"].annexes == ["Annex: Organization chart"]
    c.execute("UPDATE versions SET metadata = json_remove(metadata, '$.annexes')")  # as an older ingest stored it
    assert document_detail(c, "A/80/596").versions["en"].annexes == ["Annex: Organization chart"]
    c.close()


def test_an_upload_replaces_the_version_it_names(client: TestClient) -> None:
    """A corrected upload of a stored version replaces it, with a warning: a folder ingest calls the same
    file a conflict (the user may have two files for one version by mistake), but an upload is sent on
    purpose, and a web user cannot rename or remove a stored file."""
    first = "Nations Unies\nS/RES/9 (1946)\n\nRésolution 9 (1946)\n\nLe Conseil de sécurité décide d'agir vite.\n"
    r = client.post("/api/documents", headers=AUTH, files=[("files", ("res9.fr.txt", first.encode("utf-8")))])
    assert _finished(client, r.json()["url"], 300)["status"] == "done"
    corrected = first.replace("agir vite", "attendre le rapport")
    r = client.post("/api/documents", headers=AUTH, files=[("files", ("res9-corr.fr.txt", corrected.encode("utf-8")))])
    job = _finished(client, r.json()["url"], 300)
    assert job["status"] == "done" and not job["errors"], job
    assert any("res9-corr.fr.txt: replaces the fr version of S/RES/9 (1946)" in w for w in job["warnings"]), job
    def found(q: str) -> set[str]:
        return {h["doc_id"] for h in client.get("/api/search", params={"q": q, "lang": "fr"}).json()["hits"]}

    assert "S/RES/9 (1946)" in found('"attendre le rapport"') and "S/RES/9 (1946)" not in found('"agir vite"')


def test_the_document_page_finds_a_cited_document_as_the_cli_refs_does(archive_dir: Path, tmp_path: Path) -> None:
    """A citation names a resolution without its year ("S/RES/241"). `hexaglot refs` found the stored
    "S/RES/241 (1967)" (store.read.resolve); the document page looked the target up by exact id or
    symbol only, and called it "not in the archive". Neither listed the citing document under the
    resolution's "cited by"."""
    import shutil
    import sqlite3

    from hexaglot.serve.http.queries import document_detail
    from hexaglot.store.read import refs

    copy = tmp_path / "arc"
    shutil.copytree(archive_dir, copy)
    c = sqlite3.connect(copy / "archive.sqlite")
    c.execute("INSERT INTO refs (src_doc, target, kind) VALUES ('S/RES/881 (1993)', 'S/RES/241', 'cites')")
    cli = refs(c, "S/RES/881 (1993)")
    assert cli.found["S/RES/241"] == "S/RES/241 (1967)"
    page = {r.symbol: r for r in document_detail(c, "S/RES/881 (1993)").cites}
    assert page["S/RES/241"].doc_id == "S/RES/241 (1967)" and page["S/RES/849 (1993)"].doc_id is None
    assert ("S/RES/881 (1993)", "cites") in refs(c, "S/RES/241 (1967)").cited_by
    cited_by = document_detail(c, "S/RES/241 (1967)").cited_by
    assert [(r.symbol, r.doc_id) for r in cited_by] == [("S/RES/881 (1993)", "S/RES/881 (1993)")]
    c.close()


def test_concordance_pages_are_full_when_most_matches_have_no_target_version(client: TestClient) -> None:
    """"the" en→fr: most English matches are in the resolutions, which have no French version. The
    concordance read 5 source hits per line asked and dropped those, so `size=5` gave 2 lines and
    pages 2-4 none, though the UDHR has dozens of aligned lines."""
    every = client.get("/api/concordance", params={"q": "the", "src": "en", "tgt": "fr", "size": 100}).json()
    assert len(every["lines"]) > 20 and every["more"] is False
    seen: list[tuple[int, ...]] = []
    page = 1
    while True:
        body = client.get("/api/concordance", params={"q": "the", "src": "en", "tgt": "fr", "size": 5,
                                                      "page": page}).json()
        seen += [tuple(line["src_ids"]) for line in body["lines"]]
        if not body["more"]:
            break
        assert len(body["lines"]) == 5, (page, len(body["lines"]))
        page += 1
    assert seen == [tuple(line["src_ids"]) for line in every["lines"]]
    web = client.get("/concordance", params={"q": "the", "src": "en", "tgt": "fr"}).text
    assert "Lines 1–25" in web and 'rel="next"' in web
    n = len(every["lines"])
    end = -(-n // 25)
    last = client.get("/concordance", params={"q": "the", "src": "en", "tgt": "fr", "page": end}).text
    assert f"Lines {25 * (end - 1) + 1}–{n}" in last and 'rel="prev"' in last and 'rel="next"' not in last
    past = client.get("/concordance", params={"q": "the", "src": "en", "tgt": "fr", "page": end + 5}).text
    assert f"This page is past the last one ({end})" in past and f"page={end}" in past


def test_a_page_past_the_end_of_nothing_links_to_page_one(client: TestClient) -> None:
    """One rule for the three listings: page 3 of a search or a listing that matches nothing linked
    to page 2, as empty (search); its previous link is page 1, and no "past the last" message."""
    for path, params in (("/search", {"q": "zzyzxqv"}), ("/documents", {"organ": "ECOSOC", "year": 1901})):
        page = client.get(path, params={**params, "page": 3}).text
        assert "page=1" in page and "page=2" not in page and "past the last" not in page, path


def test_a_search_page_past_the_last_says_so_and_links_back_to_the_last(client: TestClient) -> None:
    """/search?page=7 said "112 sentences match" over "Nothing found. Try fewer words", and its only
    link went to page 6, as empty."""
    total = client.get("/api/search", params={"q": "rights", "size": 1}).json()["total"]
    last = -(-total // 20)
    page = client.get("/search", params={"q": "rights", "page": last + 3}).text
    assert f"This page is past the last one ({last})" in page and "Nothing found" not in page
    assert f"page={last}" in page and f"page={last + 2}" not in page


def test_the_document_pages_json_link_is_a_valid_url_that_answers(client: TestClient) -> None:
    """The link held a raw space: href="/api/documents/S/RES/881 (1993)"."""
    page = client.get("/document", params={"symbol": "S/RES/881 (1993)"}).text
    href = re.search(r'<a href="(/api/documents/[^"]+)">This record as JSON', page)
    assert href is not None and " " not in href.group(1)
    r = client.get(html.unescape(href.group(1)))
    assert r.status_code == 200 and r.json()["id"] == "S/RES/881 (1993)"


def test_a_right_to_left_term_keeps_its_quotation_marks_outside_it(client: TestClient) -> None:
    """<q dir="rtl"> drew the heading's quotation marks mirrored around an Arabic term: ”حقوق الإنسان“."""
    page = client.get("/terms", params={"q": "حقوق الإنسان", "src": "ar", "tgt": "en"}).text
    assert '“<bdi lang="ar" dir="rtl">حقوق الإنسان</bdi>”' in page and '<q lang="ar"' not in page


def test_the_web_search_filters_by_kind_and_names_a_symbol_it_cannot_find(client: TestClient) -> None:
    """/search?kind=foo was answered 200 with every kind (the page took no kind; the API answers 400),
    the page had no kind facet, and an unknown symbol said "no such document in the archive" without
    the symbol."""
    bad = client.get("/search", params={"q": "dignité", "kind": "foo"})
    assert bad.status_code == 400 and "unknown kind &#39;foo&#39;" in bad.text
    page = client.get("/search", params={"q": "Council"}).text
    assert "Kind of text" in page and "kind=prose" in page
    titles = client.get("/api/search", params={"q": "Council", "kind": "titles"}).json()["total"]
    assert f"{titles} sentences match" in client.get("/search", params={"q": "Council", "kind": "titles"}).text
    unknown = client.get("/search", params={"q": "dignité", "symbol": "A/99/1"})
    assert unknown.status_code == 400 and "A/99/1: no such document in the archive" in unknown.text


def test_the_web_search_says_each_hits_kind_keeps_several_languages_and_filters_by_agenda(client: TestClient) -> None:
    """A new user found the search page without the hit's kind (the CLI shows it: a table cell read as a
    sentence), the language menu saying "all languages" for ?lang=ar,ru,zh (which the search obeyed), and
    no Agenda field among the filters although `--agenda` works on the command line."""
    titles = client.get("/search", params={"q": "Article", "kind": "titles"}).text
    assert '<span class="tag kind">title</span>' in titles
    prose = client.get("/search", params={"q": "dignité", "kind": "prose"}).text
    assert 'class="tag kind"' not in prose  # prose, the usual case, goes unsaid
    several = client.get("/search", params={"q": "dignité", "lang": "fr,en"}).text
    assert '<option value="fr,en" selected>' in several and '<option value="" selected' not in several
    assert 'name="agenda"' in client.get("/search", params={"q": "Council", "agenda": "71"}).text


def test_documents_are_found_by_the_words_of_their_title(client: TestClient, archive_dir: Path) -> None:
    """A catalogue record has a title and no text: neither the search nor the documents list could find
    one by the words of its title. Every word must be in the title, case and accents aside."""
    import hexaglot.archive

    with hexaglot.archive.open(archive_dir) as a:
        titles = [r.title or "" for r in a.documents(size=100).items]
        want = [t for t in titles if "human" in t.lower() and "rights" in t.lower()]
        assert want, titles
        found = a.documents(title="RIGHTS human", size=100)
        assert sorted(r.title for r in found.items) == sorted(want)
        assert a.documents(title="human zzyzx").total == 0
    api = client.get("/api/documents", params={"title": "Human Rights"}).json()
    assert api["total"] == len(want)
    page = client.get("/documents", params={"title": "zzyzx"}).text
    assert 'name="title"' in page and "No document's title holds every one of these words" in page


def test_export_xliff_streams_a_valid_xliff(client: TestClient) -> None:
    """The CLI exports XLIFF; the API refused format=xliff (a 422 on its pattern)."""
    from lxml import etree

    from hexaglot.export.xliff import xliff_errors

    r = client.get("/api/export", params={"src": "fr", "tgt": "en", "format": "xliff", "region_tags": "true"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/x-xliff+xml")
    assert 'filename="hexaglot-fr-en.xlf"' in r.headers["content-disposition"]
    root = etree.fromstring(r.content, etree.XMLParser(resolve_entities=False, no_network=True))
    assert len(root.findall(".//{*}trans-unit")) > 50 and root.find("{*}file").get("source-language") == "fr-FR"
    assert xliff_errors(r.content) == []
