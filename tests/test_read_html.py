"""The HTML reader (hexaglot.read.html): structure, charsets, and entity/XXE safety."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hexaglot.model import Label, Layer
from hexaglot.read.base import read, registry
from hexaglot.read.html import HtmlReader, declared_charset, html_blocks, raw_text

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Press release</title>
<style>p { color: red }</style><script>var secret = "do not read";</script></head>
<body>
<header>United Nations | Meetings Coverage</header>
<nav><a href="/">Home</a> <a href="/sc">Security Council</a></nav>
<h1>Security Council Extends Mission</h1>
<h2>Resolution 2811 (2025)</h2>
<p>The Security Council <b>today</b> decided&nbsp;to extend the mandate.<br>Second line.</p>
<div>Loose text in a div <p>a paragraph inside</p> tail of the div</div>
<ul><li>First item</li><li><p>Second item</p></li></ul>
<table><tr><th>Country</th><th>Vote</th></tr><tr><td>France</td><td>In favour<script>x()</script></td></tr></table>
<!-- a comment -->
<footer>© United Nations 2025</footer>
</body></html>"""


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


def test_registered() -> None:
    assert registry()["html"] is HtmlReader


def test_structure(tmp_path: Path) -> None:
    doc = read(_write(tmp_path, "pr.html", PAGE.encode()), "en")
    got = [(b.label, b.layer, b.text) for b in doc.blocks]
    assert got == [
        (Label.PAGE_HEADER, Layer.FURNITURE, "United Nations | Meetings Coverage"),
        (Label.OTHER, Layer.FURNITURE, "Home Security Council"),
        (Label.TITLE, Layer.BODY, "Security Council Extends Mission"),
        (Label.HEADING, Layer.BODY, "Resolution 2811 (2025)"),
        (Label.PARAGRAPH, Layer.BODY, "The Security Council today decided to extend the mandate.\nSecond line."),
        (Label.PARAGRAPH, Layer.BODY, "Loose text in a div"),
        (Label.PARAGRAPH, Layer.BODY, "a paragraph inside"),
        (Label.PARAGRAPH, Layer.BODY, "tail of the div"),
        (Label.LIST_ITEM, Layer.BODY, "First item"),
        (Label.LIST_ITEM, Layer.BODY, "Second item"),
        (Label.TABLE, Layer.BODY, "Country\tVote\nFrance\tIn favour"),
        (Label.PAGE_FOOTER, Layer.FURNITURE, "© United Nations 2025"),
    ]
    text = raw_text(doc)
    for b in doc.blocks:
        assert b.span is not None and text[b.span.start : b.span.end] == b.orig
    assert "secret" not in text and "color" not in text and "comment" not in text
    assert doc.origin.format == "html" and doc.origin.encoding == "utf-8"
    (table,) = doc.tables
    assert [[c.text for c in r] for r in table.header] == [["Country", "Vote"]]
    assert [[c.text for c in r] for r in table.rows] == [["France", "In favour"]]
    assert next(b.table for b in doc.blocks if b.label == Label.TABLE) == 0


def test_table_spans_caption_and_boxes() -> None:
    from hexaglot.read.html import html_content

    page = """<table><caption>Table 2. Votes</caption><thead><tr><th rowspan="2">Member</th>
    <th colspan="2">Vote</th></tr><tr><th>Yes</th><th>No</th></tr></thead>
    <tbody><tr><td>France</td><td>1</td><td>0</td></tr></tbody></table>
    <table><tr><td>Summary</td></tr><tr><td><p>A box of prose.</p></td></tr></table>"""
    blocks, tables = html_content(page)
    (table,) = tables
    assert table.caption == "Table 2. Votes"
    assert [(c.text, c.row_span, c.col_span) for c in table.header[0]] == [("Member", 2, 1), ("Vote", 1, 2)]
    assert [c.text for c in table.rows[0]] == ["France", "1", "0"]
    assert [(b.text, b.box) for b in blocks if b.label != Label.TABLE] == [
        ("Summary", "box"), ("A box of prose.", "box")]


def test_language_detected_from_body(tmp_path: Path) -> None:
    page = PAGE.replace("today decided", "a décidé aujourd'hui de proroger le mandat de la mission et")
    page = page.replace("Second line.", "Le Conseil de sécurité a adopté la résolution à l'unanimité.")
    doc = read(_write(tmp_path, "pr.html", page.encode()))
    assert doc.language in ("fr", "en")  # mixed page; must not crash, must be a UN language


def test_second_h1_is_a_heading() -> None:
    labels = [b.label for b in html_blocks("<h1>A</h1><h1>B</h1>")]
    assert labels == [Label.TITLE, Label.HEADING]


@pytest.mark.parametrize(
    ("meta", "codec"),
    [('<meta charset="windows-1251">', "cp1251"),
     ('<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">', "cp1256"),
     ('<meta charset="gb2312">', "gb18030"), ("", "cp1251")],
)
def test_declared_and_detected_charsets(tmp_path: Path, meta: str, codec: str) -> None:
    body = {"cp1251": "Доклад Генерального секретаря о положении в Сомали",
            "cp1256": "تقرير الأمين العام عن الحالة في الصومال",
            "gb18030": "秘书长关于索马里局势的报告"}[codec]
    page = f"<html><head>{meta}</head><body><p>{body}</p></body></html>"
    doc = read(_write(tmp_path, "p.html", page.encode(codec)))
    assert doc.blocks[0].text == body


def test_declared_charset_names() -> None:
    assert declared_charset(b'<meta charset="ISO-8859-1">') == "cp1252"
    assert declared_charset(b'<?xml version="1.0" encoding="windows-1251"?>') == "cp1251"
    assert declared_charset(b"<meta charset=GBK>") == "gb18030"
    assert declared_charset(b'<meta charset="no-such-charset">') is None
    assert declared_charset(b"<p>none</p>") is None


def test_wrong_declared_charset_falls_back_to_detection(tmp_path: Path) -> None:
    page = '<html><head><meta charset="utf-8"></head><body><p>Доклад Генерального секретаря</p></body></html>'
    doc = read(_write(tmp_path, "p.html", page.encode("cp1251")))
    assert doc.blocks[0].text == "Доклад Генерального секретаря"


def test_utf16_with_bom(tmp_path: Path) -> None:
    doc = read(_write(tmp_path, "p.htm", PAGE.encode("utf-16")), "en")
    assert doc.blocks[2].text == "Security Council Extends Mission"


def test_utf16_without_bom_despite_meta(tmp_path: Path) -> None:
    doc = read(_write(tmp_path, "p.html", PAGE.encode("utf-16-le")), "en")
    assert doc.origin.encoding == "utf-16-le"
    assert doc.blocks[2].text == "Security Council Extends Mission"


def test_mojibake_in_html(tmp_path: Path) -> None:
    page = "<html><body><p>Délégation de la CÃ´te d'Ivoire</p></body></html>"
    doc = read(_write(tmp_path, "p.html", page.encode()), "fr")
    assert doc.blocks[0].text == "Délégation de la Côte d'Ivoire"
    assert doc.origin.repaired_mojibake


def test_xxe_and_entity_expansion_are_inert(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    payload = f"""<?xml version="1.0"?>
<!DOCTYPE html [
  <!ENTITY xxe SYSTEM "file://{secret}">
  <!ENTITY remote SYSTEM "http://203.0.113.1/evil.dtd">
  <!ENTITY l0 "lol">{laughs}
]>
<html><body><p>Before &xxe; middle &remote; after &l9; end &eacute;t&eacute;</p></body></html>"""
    start = time.perf_counter()
    doc = read(_write(tmp_path, "evil.html", payload.encode()), "en")
    assert time.perf_counter() - start < 5
    text = raw_text(doc)
    assert "TOP-SECRET" not in text
    assert "lollol" not in text
    assert len(text) < 500
    assert "été" in text  # predefined HTML entities still work
    assert "ENTITY" not in text and "]>" not in text


def test_external_dtd_not_fetched(tmp_path: Path) -> None:
    page = ('<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://203.0.113.1/x.dtd">'
            "<html><body><p>Text</p></body></html>")
    start = time.perf_counter()
    doc = read(_write(tmp_path, "x.xhtml", page.encode()), "en")
    assert time.perf_counter() - start < 5
    assert [b.text for b in doc.blocks] == ["Text"]


def test_html_named_txt_is_read_as_html(tmp_path: Path) -> None:
    doc = read(_write(tmp_path, "page.txt", b"<!DOCTYPE html><html><body><p>Hello there</p></body></html>"), "en")
    assert doc.origin.format == "html"
    assert [b.text for b in doc.blocks] == ["Hello there"]


def test_garbage_html_does_not_crash(tmp_path: Path) -> None:
    doc = read(_write(tmp_path, "g.html", b"<html><body><p>unclosed <b>bold <i>it</p></div></table>x"), "en")
    assert any("unclosed" in b.text for b in doc.blocks)


@given(st.binary(max_size=300) | st.text(max_size=300).map(lambda t: f"<html><body>{t}</body></html>".encode()))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_input_gives_document_or_input_error(tmp_path: Path, data: bytes) -> None:
    from hexaglot.errors import InputError

    p = _write(tmp_path, "fuzz.html", data)
    try:
        doc = read(p, "en")
    except InputError:
        return
    assert doc.origin.format in ("html", "pdf", "docx")
