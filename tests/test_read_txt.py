"""The plain-text reader (hexaglot.read.txt)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hexaglot.errors import InputError
from hexaglot.model import Document, Label
from hexaglot.read.base import read, registry
from hexaglot.read.txt import TxtReader, line_blocks, normalise_newlines, raw_text


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


def _spans_ok(doc: Document) -> None:
    text = raw_text(doc)
    for b in doc.blocks:
        assert b.span is not None
        assert text[b.span.start : b.span.end] == b.orig == b.text


def test_registered() -> None:
    assert registry()["txt"] is TxtReader
    assert set(TxtReader.suffixes) == {".txt", ".text", ""}


def test_newlines_normalised_and_blank_lines_kept(tmp_path: Path) -> None:
    p = _write(tmp_path, "a.en.txt", b"First line\r\nsecond line\r\n\r\nThird\rfourth\n")
    doc = read(p, "en")
    assert [b.text for b in doc.blocks] == ["First line", "second line", "", "Third", "fourth"]
    assert all(b.label == Label.LINE for b in doc.blocks)
    assert doc.id == "a"
    assert doc.language == "en"
    assert doc.origin.format == "txt" and doc.origin.encoding == "utf-8"
    _spans_ok(doc)


def test_form_feeds_number_pages(tmp_path: Path) -> None:
    doc = read(_write(tmp_path, "p.txt", b"page one\nmore\n\fpage two\n\f\fpage four\n"), "en")
    assert [(b.text, b.page) for b in doc.blocks] == [
        ("page one", 1), ("more", 1), ("\fpage two", 2), ("\f\fpage four", 4)]
    assert doc.origin.pages == 4
    assert read(_write(tmp_path, "q.txt", b"no pages\n"), "en").blocks[0].page is None


def test_line_blocks_without_final_newline() -> None:
    assert [b.text for b in line_blocks("a\n\nb")] == ["a", "", "b"]
    assert [b.text for b in line_blocks("a\n")] == ["a"]
    assert normalise_newlines("a\u2028b\x85c\r\nd") == "a\nb\nc\nd"


@pytest.mark.parametrize(
    ("text", "codec", "name"),
    [
        ("Доклад Генерального секретаря о положении\nв Сомали", "cp1251", "cp1251"),
        ("تقرير الأمين العام عن الحالة في الصومال", "cp1256", "cp1256"),
        ("秘书长关于索马里局势的报告", "gb18030", "gb18030"),
        ("Rapport du Secrétaire général sur la situation en Somalie", "cp1252", "cp1252"),
        ("Report of the Secretary-General on Somalia", "utf-16", "utf-16-le"),
        ("Informe del Secretario General sobre Somalia", "utf-8-sig", "utf-8-sig"),
        ("Доклад Генерального секретаря", "utf-16-be", "utf-16-be"),
    ],
)
def test_encodings(tmp_path: Path, text: str, codec: str, name: str) -> None:
    doc = read(_write(tmp_path, "doc.txt", text.encode(codec)))
    assert "\n".join(b.text for b in doc.blocks) == text
    assert doc.origin.encoding == name
    assert not doc.origin.repaired_mojibake


def test_mojibake_repaired_and_flagged(tmp_path: Path) -> None:
    doc = read(_write(tmp_path, "m.txt", "Délégation de la CÃ´te d'Ivoire\n".encode()), "fr")
    assert doc.blocks[0].text == "Délégation de la Côte d'Ivoire"
    assert doc.origin.repaired_mojibake
    assert doc.warnings


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(100), b"abc\x00def\x00\x01\x02\x03" * 50, bytes(range(1, 9)) * 100],
)
def test_binary_txt_is_one_line_input_error(tmp_path: Path, data: bytes) -> None:
    p = _write(tmp_path, "image.txt", data)
    with pytest.raises(InputError) as err:
        read(p)
    assert str(err.value) == f"{p}: binary data, not text"


def test_empty_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="empty file"):
        read(_write(tmp_path, "empty.txt", b""))
    with pytest.raises(InputError, match="empty file"):
        read(_write(tmp_path, "blank.txt", b" \n\r\n "))


def test_file_without_suffix(tmp_path: Path) -> None:
    doc = read(_write(tmp_path, "README", b"Plain text without a suffix.\n"), "en")
    assert doc.origin.format == "txt"


def test_seed_letter(corpus: Path) -> None:
    path = corpus / "seed" / "letter-2003-06-04.fr.txt"
    doc = read(path)
    data = path.read_bytes()
    assert doc.id == "letter-2003-06-04"
    assert doc.language == "fr"
    assert doc.origin.encoding == "utf-8" and not doc.origin.repaired_mojibake
    assert raw_text(doc) + "\n" == normalise_newlines(data.decode("utf-8")) or raw_text(doc) == normalise_newlines(
        data.decode("utf-8")
    )
    assert any(b.text.strip() == "" for b in doc.blocks)  # paragraph breaks survive
    assert any("(Signé) John Negroponte" in b.text for b in doc.blocks)
    _spans_ok(doc)
    assert Document.model_validate_json(doc.model_dump_json()) == doc


@pytest.mark.parametrize("lang", ["ar", "zh", "en", "fr", "ru", "es"])
def test_unpc_files(corpus: Path, lang: str) -> None:
    path = corpus / "unpc_devset_6way" / f"dev.{lang}"
    doc = read(path)
    assert doc.language == lang
    assert len(doc.blocks) == 2033
    assert [b.text for b in doc.blocks] == path.read_text(encoding="utf-8").split("\n")[:2033]
