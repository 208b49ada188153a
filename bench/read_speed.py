"""Throughput of read + clean on one core, in pages per second, for the PDF and DOCX readers.

Reads every ``un_reports_en`` PDF and DOCX (the DOCX page count comes from ``documents.tsv``,
column ``pages``), runs :func:`hexaglot.clean.clean` on it, and reports pages/s per format. The
process is pinned to one CPU where the OS allows it; imports and a warm-up pass are excluded;
the best of ``--repeat`` passes is kept. The target is judged on CPU time (``time.process_time``),
which a busy shared machine does not distort; wall-clock throughput is printed beside it.

Run: ``.venv/bin/python bench/read_speed.py [CORPUS] [--repeat=N] [--write]`` (exit 1 under the
target; ``--write`` replaces the "Read speed" section of ``bench/RESULTS.md``).
"""

from __future__ import annotations

import csv
import hashlib
import os
import sys
import time
from pathlib import Path

from hexaglot.clean import clean
from hexaglot.model import Origin
from hexaglot.read.docx import DocxReader
from hexaglot.read.pdf import PdfReader

TARGET = 50.0


def _one(path: Path) -> int:
    data = path.read_bytes()
    fmt = path.suffix.lstrip(".").lower()
    origin = Origin(path=str(path), sha256=hashlib.sha256(data).hexdigest(), format=fmt, size=len(data))
    reader = PdfReader() if fmt == "pdf" else DocxReader()
    doc = reader.read(path, data, origin)
    doc.language = "en"
    return len(clean(doc).blocks)


def measure(paths: list[Path], pages: int, repeat: int) -> tuple[float, float]:
    """``(pages per CPU second, pages per wall-clock second)``, best pass of each."""
    cpu = wall = float("inf")
    for _ in range(repeat):
        c0, w0 = time.process_time(), time.perf_counter()
        for p in paths:
            _one(p)
        cpu, wall = min(cpu, time.process_time() - c0), min(wall, time.perf_counter() - w0)
    return pages / cpu, pages / wall


def main(argv: list[str]) -> int:
    lines: list[str] = []

    def out(line: str) -> None:
        print(line, flush=True)
        lines.append(line)

    write = "--write" in argv
    argv = [a for a in argv if a != "--write"]
    repeat = 3
    args = [a for a in argv[1:] if not a.startswith("--repeat")]
    for a in argv[1:]:
        if a.startswith("--repeat="):
            repeat = int(a.split("=", 1)[1])
    corpus = Path(args[0]) if args else Path(__file__).resolve().parents[2] / "shared" / "corpus"
    root = corpus / "un_reports_en"
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    with (root / "documents.tsv").open(encoding="utf-8") as fh:
        page_count = {row["doc_id"]: int(row["pages"]) for row in csv.DictReader(fh, delimiter="\t")}
    pdfs = sorted((root / "pdf").glob("*.pdf"))
    docxs = sorted((root / "docx").glob("*.docx"))
    for p in pdfs[:1] + docxs[:1]:
        _one(p)  # warm-up: imports, language tables
    import pypdfium2 as pdfium

    pdf_pages = 0
    for p in pdfs:
        doc = pdfium.PdfDocument(p)
        pdf_pages += len(doc)
        doc.close()
    docx_pages = sum(page_count.get(p.stem, 0) for p in docxs)
    ok = True
    out(f"one core, best of {repeat} passes, read + clean")
    for name, paths, pages in (("pdf", pdfs, pdf_pages), ("docx", docxs, docx_pages)):
        rate, wall = measure(paths, pages, repeat)
        ok = ok and rate >= TARGET
        out(
            f"{name:<5} {len(paths)} files {pages:>4} pages  {rate:7.1f} pages/s CPU  ({wall:.1f} pages/s wall)"
        )
    out(f"target >= {TARGET:.0f} pages per CPU second: {'MET' if ok else 'NOT MET'}")
    if write:
        from results import write_section

        cmd = ".venv/bin/python bench/read_speed.py --write"
        write_section("Read speed", "```\n" + "\n".join(lines) + "\n```", cmd)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
