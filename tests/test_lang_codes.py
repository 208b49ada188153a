"""Language codes are checked the same way everywhere (``Archive.check_langs``). They are
case-insensitive. An unknown or malformed code, the same language twice, or a language the archive
holds no version in is one clear error: InputError in Python, exit 2 and one line in the CLI, 400 on
the HTTP API and the web pages. The archive is the demo set (six languages, no German)."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest

from archive_helpers import demo_arch, demo_archive_dir, demo_client, run_cli  # noqa: F401 (fixtures)
from hexaglot.errors import InputError
from hexaglot.langs.codes import check_langs, language_code

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

SIX = ["ar", "en", "es", "fr", "ru", "zh"]
# (keyword arguments, what the one error line says)
BAD = [({"lang": "xx"}, "unknown language code 'xx'"),
       ({"lang": "x1"}, "'x1' is not a language code"),
       ({"lang": "english"}, "'english' is not a language code"),
       ({"lang": "de"}, "no versions in 'de' (German) in this archive, which holds ar, en, es, fr, ru, zh"),
       ({"src": "en", "tgt": "EN"}, "src and tgt: both are 'en'"),
       ({"src": "en", "tgt": "xx"}, "tgt: unknown language code 'xx'"),
       ({"langs": "fr,en,fr"}, "langs: 'fr' is given twice")]


_cli = run_cli


def _one_error_line(res, needle: str) -> None:  # type: ignore[no-untyped-def]
    assert res.exit_code == 2, res.output
    lines = res.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and needle in lines[0], res.output


# -- the library ---------------------------------------------------------------------------------

def test_language_code_is_case_insensitive_and_known() -> None:
    assert [language_code(x) for x in ("EN", " fr ", "Zh", "yue", "de")] == ["en", "fr", "zh", "yue", "de"]
    for bad in ("xx", "x1", "", "en-US", "zxx", "english"):
        with pytest.raises(InputError):
            language_code(bad)


@pytest.mark.parametrize("given,message", BAD)
def test_check_langs_errors(given: dict, message: str) -> None:
    with pytest.raises(InputError) as exc:
        check_langs(given, SIX)
    assert message in str(exc.value)


def test_archive_knows_its_languages(arch) -> None:
    assert arch.languages() == SIX
    assert arch.check_langs(src="FR", tgt="en") == ["fr", "en"] and arch.check_langs(langs="RU,ar,zh") == [
        "ru", "ar", "zh"]


def test_python_api_upper_case_codes(arch, tmp_path: Path) -> None:
    upper, lower = arch.search("rights", lang="EN", limit=100), arch.search("rights", lang="en", limit=100)
    assert upper.total == lower.total > 0 and all(h.lang == "en" for h in upper.hits)
    lines = arch.concordance("dignité", src="FR", tgt="En")
    assert lines and all(x.src_lang == "fr" and x.tgt_lang == "en" for x in lines)
    assert arch.export(tmp_path / "x.tmx", src="FR", tgt="EN") > 0
    assert 'xml:lang="fr"' in (tmp_path / "x.tmx").read_text(encoding="utf-8")
    assert set(arch.document("udhr", ["FR", "en"]).versions) == {"fr", "en"}
    assert arch.aligned("udhr", "FR", "EN")


@pytest.mark.parametrize("call", ["search", "concordance", "export", "pairs", "aligned", "document"])
@pytest.mark.parametrize("given,message", BAD[:4])
def test_python_api_bad_codes(arch, tmp_path: Path, call: str, given: dict, message: str) -> None:
    code = given["lang"]
    calls = {"search": lambda: arch.search("rights", lang=code),
             "concordance": lambda: arch.concordance("rights", src="en", tgt=code),
             "export": lambda: arch.export(tmp_path / "x.tmx", src=code, tgt="en"),
             "pairs": lambda: arch.pairs("en", code),
             "aligned": lambda: arch.aligned("udhr", "en", code),
             "document": lambda: arch.document("udhr", [code])}
    with pytest.raises(InputError) as exc:
        calls[call]()
    assert message in str(exc.value)
    assert not (tmp_path / "x.tmx").exists()


def test_python_api_same_language_twice(arch) -> None:
    for call in (lambda: arch.concordance("rights", src="en", tgt="EN"), lambda: arch.pairs("fr", "fr"),
                 lambda: arch.aligned("udhr", "en", "en"), lambda: arch.export("unused.tmx", src="ru", tgt="ru")):
        with pytest.raises(InputError, match="both are"):
            call()
    with pytest.raises(InputError, match="no en version"):
        arch.aligned("letter-2003-06-04", "fr", "en")


def test_pre_segmented_text_codes(tmp_path: Path) -> None:
    from hexaglot.ingest import from_files

    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("One.\n", encoding="utf-8")
    b.write_text("Un.\n", encoding="utf-8")
    assert set(from_files({"EN": a, "Fr": b}).texts) == {"en", "fr"}
    with pytest.raises(InputError, match="given twice"):
        from_files({"en": a, "EN": b})
    with pytest.raises(InputError, match="unknown language code 'xx'"):
        from_files({"xx": a, "en": b})


# -- the command line ------------------------------------------------------------------------------

def test_cli_upper_case_codes(archive_dir: Path, tmp_path: Path) -> None:
    a = str(archive_dir)
    upper = _cli("search", "-a", a, "rights", "--lang", "EN", "--json", "--facets")
    lower = _cli("search", "-a", a, "rights", "--lang", "en", "--json", "--facets")
    assert upper.exit_code == 0 and json.loads(upper.stdout)["total"] == json.loads(lower.stdout)["total"] > 0
    assert _cli("concordance", "-a", a, "dignité", "--src", "FR", "--tgt", "EN").exit_code == 0
    assert _cli("export", "-a", a, "--src", "FR", "--tgt", "en", str(tmp_path / "x.tmx")).exit_code == 0
    assert _cli("show", "-a", a, "udhr", "--langs", "FR,EN").exit_code == 0


@pytest.mark.parametrize("args,message", [
    (["search", "rights", "--lang", "xx"], "lang: unknown language code 'xx'"),
    (["search", "rights", "--lang", "de"], "lang: no versions in 'de'"),
    (["search", "rights", "--lang", "e1"], "lang: 'e1' is not a language code"),
    (["concordance", "rights", "--src", "en", "--tgt", "en"], "src and tgt: both are 'en'"),
    (["concordance", "rights", "--src", "EN", "--tgt", "en"], "src and tgt: both are 'en'"),
    (["concordance", "rights", "--src", "en", "--tgt", "xx"], "tgt: unknown language code 'xx'"),
    (["export", "--src", "en", "--tgt", "xx", "OUT"], "tgt: unknown language code 'xx'"),
    (["export", "--src", "en", "--tgt", "de", "OUT"], "tgt: no versions in 'de'"),
    (["show", "udhr", "--langs", "fr,xx"], "langs: unknown language code 'xx'"),
    (["show", "udhr", "--langs", "fr,fr"], "langs: 'fr' is given twice"),
])
def test_cli_bad_codes_are_one_line(archive_dir: Path, tmp_path: Path, args: list[str], message: str) -> None:
    out = tmp_path / "out.tmx"
    args = [str(out) if x == "OUT" else x for x in args]
    _one_error_line(_cli(args[0], "-a", str(archive_dir), *args[1:]), message)
    assert not out.exists()


# -- HTTP API and web pages ------------------------------------------------------------------------

def _error(r, message: str) -> None:  # type: ignore[no-untyped-def]
    assert r.status_code == 400, r.text
    body = r.json()
    assert body == {"error": {"status": 400, "message": body["error"]["message"]}}
    assert message in body["error"]["message"]


def test_http_upper_case_codes(client: TestClient) -> None:
    upper = client.get("/api/search", params={"q": "rights", "lang": "EN"}).json()
    assert upper["total"] == client.get("/api/search", params={"q": "rights", "lang": "en"}).json()["total"] > 0
    conc = client.get("/api/concordance", params={"q": "dignité", "src": "FR", "tgt": "EN"}).json()
    assert conc["src"] == "fr" and conc["tgt"] == "en" and conc["lines"]
    docs = client.get("/api/documents", params={"lang": "FR"}).json()
    assert docs["total"] == client.get("/api/documents", params={"lang": "fr"}).json()["total"] > 0
    assert client.get("/api/documents/udhr/aligned", params={"langs": "FR,EN,Ru"}).json()["langs"] == [
        "fr", "en", "ru"]
    r = client.get("/api/export", params={"src": "FR", "tgt": "EN", "format": "jsonl"})
    assert r.status_code == 200 and json.loads(r.text.splitlines()[0])["src_lang"] == "fr"


@pytest.mark.parametrize("path,params,message", [
    ("/api/search", {"q": "rights", "lang": "xx"}, "lang: unknown language code 'xx'"),
    ("/api/search", {"q": "rights", "lang": "de"}, "lang: no versions in 'de'"),
    ("/api/concordance", {"q": "rights", "src": "en", "tgt": "EN"}, "src and tgt: both are 'en'"),
    ("/api/concordance", {"q": "rights", "src": "xx", "tgt": "en"}, "src: unknown language code 'xx'"),
    ("/api/documents", {"lang": "xx"}, "lang: unknown language code 'xx'"),
    ("/api/documents", {"lang": "de"}, "lang: no versions in 'de'"),
    ("/api/documents/udhr/aligned", {"langs": "fr,xx"}, "langs: unknown language code 'xx'"),
    ("/api/documents/udhr/aligned", {"langs": "fr,FR"}, "langs: 'fr' is given twice"),
    ("/api/export", {"src": "en", "tgt": "xx"}, "tgt: unknown language code 'xx'"),
    ("/api/export", {"src": "en", "tgt": "de", "format": "moses"}, "tgt: no versions in 'de'"),
])
def test_http_bad_codes_are_400(client: TestClient, path: str, params: dict, message: str) -> None:
    _error(client.get(path, params=params), message)


@pytest.mark.parametrize("path,params,message", [
    ("/search", {"q": "rights", "lang": "xx"}, "unknown language code"),
    ("/concordance", {"q": "droits", "src": "fr", "tgt": "fr"}, "both are"),
    ("/concordance", {"q": "droits", "src": "fr", "tgt": "de"}, "no versions in"),
    ("/documents", {"lang": "xx"}, "unknown language code"),
    ("/read", {"symbol": "udhr", "langs": "fr,xx"}, "unknown language code"),
])
def test_web_bad_codes_are_400(client: TestClient, path: str, params: dict, message: str) -> None:
    import html

    r = client.get(path, params=params)
    assert r.status_code == 400 and message in html.unescape(r.text)


def test_web_upper_case_codes(client: TestClient) -> None:
    assert client.get("/search", params={"q": "rights", "lang": "EN"}).status_code == 200
    assert client.get("/documents", params={"lang": "FR"}).status_code == 200
    assert client.get("/read", params={"symbol": "udhr", "langs": "FR,EN"}).status_code == 200
