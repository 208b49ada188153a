"""Hostile files are refused with a clear per-file error, or made inert: XXE and billion laughs
(DOCX, HTML, TMX), zip bombs, PDFs with cyclic page trees or too many pages, oversized files,
unsafe upload names, and work over its time or memory budget. Every file is built in tmp_path."""

from __future__ import annotations

import io
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from hexaglot import limits
from hexaglot.errors import HexaglotError, InputError
from hexaglot.pipeline import process_one
from hexaglot.read import read

SECRET = "TOP-SECRET-7f3a9"
LAUGHS = ('<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
          + "]>")


def _docx(tmp_path: Path, name: str, document_xml: str | None = None, extra: dict[str, bytes] | None = None) -> Path:
    import docx

    d = docx.Document()
    d.add_paragraph("The Security Council decides to remain seized of the matter.")
    buf = io.BytesIO()
    d.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml" and document_xml is not None:
                data = document_xml.encode("utf-8")
            z.writestr(info.filename, data)
        for k, v in (extra or {}).items():
            z.writestr(k, v)
    path = tmp_path / name
    path.write_bytes(out.getvalue())
    return path


def _document_xml(doctype: str, text: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' + doctype
            + '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            + f"<w:body><w:p><w:r><w:t>Paragraph {text} end.</w:t></w:r></w:p></w:body></w:document>")


def _text_or_error(path: Path) -> str:
    """The document's text, or the error line (either is acceptable; a leak is not)."""
    res = process_one(path, "en", ocr="never")
    if res.document is None:
        assert res.error and str(path) in res.error
        return res.error
    return "\n".join(b.orig + "\n" + b.text for b in res.document.blocks)


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    p = tmp_path / "secret.txt"
    p.write_text(SECRET, encoding="utf-8")
    return p


# -- XML external entities and entity expansion ----------------------------------------------------


def test_docx_xxe_never_reads_the_file(tmp_path: Path, secret_file: Path) -> None:
    xml = _document_xml(f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{secret_file}">]>', "&xxe;")
    out = _text_or_error(_docx(tmp_path, "xxe.docx", xml))
    assert SECRET not in out


def test_docx_xxe_in_footnotes_part_never_reads_the_file(tmp_path: Path, secret_file: Path) -> None:
    notes = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file://' + str(secret_file) + '">]>'
             '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
             '<w:footnote w:id="1"><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:footnote></w:footnotes>')
    out = _text_or_error(_docx(tmp_path, "xxe-notes.docx", extra={"word/footnotes.xml": notes.encode()}))
    assert SECRET not in out


def test_docx_billion_laughs_is_inert_and_fast(tmp_path: Path) -> None:
    path = _docx(tmp_path, "laughs.docx", _document_xml(LAUGHS.replace("lolz", "w:document"), "&lol9;"))
    t0 = time.perf_counter()
    out = _text_or_error(path)
    assert time.perf_counter() - t0 < 5
    assert "lollollollol" not in out


def test_html_xxe_and_billion_laughs(tmp_path: Path, secret_file: Path) -> None:
    xxe = tmp_path / "xxe.html"
    xxe.write_text(f'<!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret_file}">]>'
                   "<html><body><p>Before &xxe; after, a sentence of text.</p></body></html>", encoding="utf-8")
    assert SECRET not in _text_or_error(xxe)
    laughs = tmp_path / "laughs.html"
    laughs.write_text(LAUGHS.replace("lolz", "html") + "<html><body><p>Text &lol9; here.</p></body></html>",
                      encoding="utf-8")
    t0 = time.perf_counter()
    assert "lollollollol" not in _text_or_error(laughs)
    assert time.perf_counter() - t0 < 5


def test_xhtml_with_xml_declaration_and_external_dtd_is_not_fetched(tmp_path: Path, secret_file: Path) -> None:
    p = tmp_path / "page.xhtml"
    p.write_text('<?xml version="1.0"?><!DOCTYPE html SYSTEM "file://' + str(secret_file) + '">'
                 "<html><body><p>A paragraph of text.</p></body></html>", encoding="utf-8")
    assert SECRET not in _text_or_error(p)


def test_tmx_we_write_parses_back_with_defusedxml_and_hostile_tmx_is_refused(tmp_path: Path) -> None:
    """Hexaglot only writes TMX (export/tmx.py; no reader exists). Our output round-trips through
    defusedxml, and the same parser refuses a TMX carrying entity declarations."""
    import defusedxml.ElementTree as DET
    from defusedxml import DTDForbidden, EntitiesForbidden

    import hexaglot.archive
    from hexaglot.ingest.parallel import ParallelDoc, _sha

    texts = {"fr": ["Le comité se réunit <bientôt> & vite."], "en": ["The committee meets <soon> & fast."]}
    with hexaglot.archive.create(tmp_path / "arc") as a:
        a.ingest_parallel([ParallelDoc(doc_id="d", texts=texts, paths={"fr": "m:fr", "en": "m:en"},
                                       shas={k: _sha(v) for k, v in texts.items()}, aligned=True)],
                          embeddings=False)
        out = tmp_path / "out.tmx"
        assert a.export(out, src="fr", tgt="en", format="tmx") == 1
    root = DET.parse(str(out), forbid_dtd=False).getroot()
    segs = [s.text for s in root.iter("seg")]
    assert segs == [texts["fr"][0], texts["en"][0]]
    hostile = tmp_path / "hostile.tmx"
    hostile.write_text('<?xml version="1.0"?>' + LAUGHS.replace("lolz", "tmx")
                       + '<tmx version="1.4"><body><tu><tuv xml:lang="en"><seg>&lol9;</seg></tuv></tu></body></tmx>')
    with pytest.raises((EntitiesForbidden, DTDForbidden)):
        DET.parse(str(hostile))


# -- zip bombs -----------------------------------------------------------------------------------------


def test_docx_zip_bomb_by_ratio_is_refused(tmp_path: Path) -> None:
    path = _docx(tmp_path, "bomb.docx", extra={"word/media/zeros.bin": b"\0" * (50 * 1024 * 1024)})
    assert path.stat().st_size < 1024 * 1024  # a small file that would expand to 50 MB
    with pytest.raises(InputError, match=r"bomb\.docx: refused: .*zeros\.bin.*zip bomb"):
        read(path, "en")


def test_docx_over_total_uncompressed_size_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_DOCX_UNCOMPRESSED_BYTES", 20_000)
    path = _docx(tmp_path, "big.docx", extra={"word/media/x.bin": bytes(range(256)) * 200})
    with pytest.raises(InputError, match="uncompressed"):
        read(path, "en")


def test_docx_with_too_many_members_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_DOCX_MEMBERS", 30)
    path = _docx(tmp_path, "many.docx", extra={f"word/media/{i}.bin": b"x" for i in range(40)})
    with pytest.raises(InputError, match="ZIP members"):
        read(path, "en")


# -- PDFs ----------------------------------------------------------------------------------------------


def _pdf_with_pages(path: Path, n: int) -> Path:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    for _ in range(n):
        pdf.new_page(612, 792)
    pdf.save(str(path))
    pdf.close()
    return path


def test_pdf_over_the_page_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_PDF_PAGES", 3)
    path = _pdf_with_pages(tmp_path / "long.pdf", 5)
    with pytest.raises(InputError, match=r"long\.pdf: PDF has 5 pages \(the limit is 3\)"):
        read(path, "en", ocr="never")


def _raw_pdf(objects: list[str]) -> bytes:
    out = b"%PDF-1.4\n"
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def test_pdf_with_a_cyclic_page_tree_is_refused_or_read_quickly(tmp_path: Path) -> None:
    path = tmp_path / "cycle.pdf"
    path.write_bytes(_raw_pdf(["<< /Type /Catalog /Pages 2 0 R >>",
                               "<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",  # 2 is its own kid
                               "<< /Type /Pages /Kids [2 0 R] /Count 1 /Parent 2 0 R >>"]))
    t0 = time.perf_counter()
    res = process_one(path, "en", ocr="never")
    assert time.perf_counter() - t0 < 10
    assert res.error is not None and "cycle.pdf" in res.error


def test_pdf_claiming_a_huge_page_count_is_handled(tmp_path: Path) -> None:
    path = tmp_path / "claims.pdf"
    path.write_bytes(_raw_pdf(["<< /Type /Catalog /Pages 2 0 R >>",
                               "<< /Type /Pages /Kids [3 0 R] /Count 100000000 >>",
                               "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"]))
    t0 = time.perf_counter()
    res = process_one(path, "en", ocr="never")
    assert time.perf_counter() - t0 < 10
    assert res.error is None or "claims.pdf" in res.error


# -- sizes and budgets ---------------------------------------------------------------------------------


def test_oversized_file_is_refused_before_it_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 1000)
    p = tmp_path / "big.txt"
    p.write_text("word " * 1000)
    with pytest.raises(InputError, match=r"big\.txt: file too large \(5000 bytes; the limit is 1000\)"):
        read(p, "en")


def test_special_files_are_refused(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="not a regular file"):
        read(fifo, "en")


def test_work_over_the_time_budget_is_a_clear_per_file_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import hexaglot.pipeline as pipeline

    def stuck(doc):  # type: ignore[no-untyped-def]
        while True:
            time.sleep(0.01)

    monkeypatch.setattr(limits, "DOC_TIME_BUDGET_S", 0.5)
    monkeypatch.setattr(pipeline, "STEPS", [("clean", stuck)])
    p = tmp_path / "slow.txt"
    p.write_text("The Council met. It decided.")
    t0 = time.perf_counter()
    res = pipeline.process_one(p, "en")
    assert time.perf_counter() - t0 < 3
    assert res.error == f"{p}: took over 0.5 s (time budget); the file was skipped"


def test_time_budget_in_a_thread_is_cooperative(monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    errors: list[BaseException] = []

    def work() -> None:
        try:
            with limits.time_budget("t.txt", 0.2):
                for _ in range(500):
                    time.sleep(0.01)
                    limits.check_budget()
        except InputError as exc:
            errors.append(exc)

    t = threading.Thread(target=work)
    t.start()
    t.join(10)
    assert len(errors) == 1 and "took over 0.2 s" in str(errors[0])


def test_ingest_worker_memory_budget(tmp_path: Path) -> None:
    """In a worker process (RLIMIT_AS set by limits.init_worker) a file whose processing needs
    more memory than the budget becomes that file's error; the worker goes on."""
    script = """
import os, sys
os.environ["HEXAGLOT_WORKER_MEMORY_BYTES"] = str(1200 * 1024 * 1024)
from hexaglot import limits
limits.init_worker()
import hexaglot.pipeline as pipeline
def hog(doc):
    blob = bytearray(2 * 1024 * 1024 * 1024)
    return doc
pipeline.STEPS = [("clean", hog)]
from hexaglot.ingest.runner import prepare_within_budget
res = prepare_within_budget(sys.argv[1], "0" * 64, "en", "g")
print(res.error)
"""
    p = tmp_path / "doc.txt"
    p.write_text("The Council met. It decided.")
    out = subprocess.run([sys.executable, "-c", script, str(p)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert f"{p}: ran out of memory" in out.stdout


# -- upload names (used by the HTTP server) ------------------------------------------------------------


@pytest.mark.parametrize("name", ["../etc/passwd", "..", ".", "/etc/passwd", "a/b.txt", "a\\b.txt", "C:evil.txt",
                                  "x\x00.txt", "bad\nname.txt", "", "   ", "nul.txt", "a" * 300 + ".txt",
                                  "..\\..\\win.ini", "ok..txt"])
def test_unsafe_upload_names_are_refused(name: str) -> None:
    with pytest.raises(InputError, match="upload name"):
        limits.safe_upload_name(name)


@pytest.mark.parametrize("name", ["A_58_50.fr.pdf", "résolution 1483.docx", "联合国.txt", "report (1).html"])
def test_safe_upload_names_are_kept(name: str) -> None:
    assert limits.safe_upload_name(name) == name


def test_limits_come_from_the_environment() -> None:
    script = "from hexaglot import limits; print(limits.MAX_UPLOAD_BYTES, limits.MAX_UPLOAD_FILES, limits.MAX_PDF_PAGES)"
    env = {"HEXAGLOT_MAX_UPLOAD_BYTES": "1234", "HEXAGLOT_MAX_UPLOAD_FILES": "3", "HEXAGLOT_MAX_PDF_PAGES": "9",
           "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60)
    assert out.stdout.split() == ["1234", "3", "9"], out.stderr
    bad = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                         env={**env, "HEXAGLOT_MAX_PDF_PAGES": "lots"})
    assert bad.returncode != 0 and "HEXAGLOT_MAX_PDF_PAGES" in bad.stderr


def test_hostile_files_in_an_ingest_are_reported_and_nothing_is_lost(tmp_path: Path, secret_file: Path) -> None:
    """A folder of hostile files next to a good one: the good one is ingested, each bad one is one
    error line naming it, and the archive (with what it held before) passes its check."""
    import hexaglot.archive

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.en.txt").write_text("The Security Council met today. It adopted a resolution.")
    _docx(folder, "bomb.docx", extra={"word/media/zeros.bin": b"\0" * (20 * 1024 * 1024)})
    _pdf_with_pages(folder / "empty.pdf", 1)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\n" + b"\x00garbage" * 100)
    before = tmp_path / "before.en.txt"
    before.write_text("The General Assembly adopted the agenda. The meeting rose at noon.")
    with hexaglot.archive.create(tmp_path / "arc") as a:
        a.ingest([before], embeddings=False, workers=1)
        report = a.ingest([folder], embeddings=False, workers=1)
        assert report.documents_written >= 1
        assert any("bomb.docx" in e and "zip bomb" in e for e in report.errors), report.errors
        assert any("broken.pdf" in e for e in report.errors), report.errors
        assert all(e.count("\n") == 0 for e in report.errors)
        assert a.search("Assembly", lang="en").total == 1 and a.search("Security", lang="en").total == 1
        assert a.check().clean
    leaked = [p for p in tmp_path.rglob("*") if p.is_file() and SECRET in p.read_bytes().decode("latin-1")]
    assert leaked == [secret_file]


def test_every_limit_error_is_a_hexaglot_error() -> None:
    assert issubclass(InputError, HexaglotError)
    assert not issubclass(limits.BudgetExceeded, Exception)  # never swallowed by `except Exception`
