"""PDF against DOCX of the same report: words kept and tables found, beside pdfplumber's table finder.

For each of the six shared ``un_reports_en`` reports (PDF and DOCX of one document):

* **F1 body+annexes+tables**: bag-of-words F1 (case-folded ``\\w+`` tokens) between the PDF and
  the DOCX, each read → clean → parse by Hexaglot; the words are those of every body-layer block
  except TABLE blocks, plus the cells of ``Document.tables`` (a reader that has no ``tables`` yet
  gives its TABLE blocks' text instead). Target >= 0.97.
* **Tables**: the DOCX structure is read straight from ``word/document.xml`` (the DOCX reader's
  tables are being built in parallel): each ``w:tbl`` with rows = rows holding text, columns = the
  most ``w:tc`` in a row; one-cell tables (boxes) and tables of contents (rows ending in a page
  number) are left out, and a table holding another table counts only as its inner table. Each
  DOCX table is matched to the PDF table sharing most of its words (Jaccard >= 0.5); a table
  *agrees* when rows and columns are equal. Target: >= 90% of the DOCX tables.
* **Table words F1**: bag-of-words F1 between all PDF table cells and all DOCX table cells.
* the same two table figures for pdfplumber's ``find_tables`` (``lines`` strategy, its default,
  and ``text``), and the seconds each extractor takes.

Run: ``PYTHONPATH=src .venv/bin/python bench/tables_pdf_bench.py [CORPUS] [--no-plumber] [--write]``
(``--write`` replaces the "PDF tables" section of ``bench/RESULTS.md``).
"""

from __future__ import annotations

import re
import sys
import time
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from hexaglot.model import Document, Label, Layer
from hexaglot.pipeline import process

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_WORD = re.compile(r"\w+")
_PAGE_NO = re.compile(r"\d{1,3}\Z")


@dataclass
class Shape:
    rows: int
    cols: int
    words: Counter[str]


def words(text: str) -> Counter[str]:
    return Counter(w.casefold() for w in _WORD.findall(text))


def f1(a: Counter[str], b: Counter[str]) -> float:
    common = sum((a & b).values())
    if not common:
        return 0.0
    p, r = common / max(sum(a.values()), 1), common / max(sum(b.values()), 1)
    return 2 * p * r / (p + r)


def doc_words(doc: Document) -> Counter[str]:
    bag: Counter[str] = Counter()
    for b in doc.blocks:
        if b.layer == Layer.BODY and (b.label != Label.TABLE or not doc.tables):
            bag += words(b.text)
    for t in doc.tables:
        bag += words(" ".join(t.cell_texts()))
    return bag


def hexaglot_shapes(doc: Document) -> list[Shape]:
    out = []
    for t in doc.tables:
        rows = [r for r in (*t.header, *t.rows) if any(c.text.strip() for c in r)]
        cols = max((sum(c.col_span for c in r) for r in rows), default=0)
        out.append(Shape(len(rows), cols, words(" ".join(t.cell_texts()))))
    return out


def _text(el: etree._Element) -> str:
    return " ".join("".join(t.text or "" for t in p.iter(W + "t")) for p in el.iter(W + "p"))


def docx_shapes(path: Path) -> list[Shape]:
    root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    out = []
    for tbl in root.iter(W + "tbl"):
        if tbl.find(f".//{W}tbl") is not None:
            continue  # a layout table around another one (the "Summary" box)
        rows = [[_text(tc) for tc in tr.findall(W + "tc")] for tr in tbl.findall(W + "tr")]
        rows = [r for r in rows if any(c.strip() for c in r)]
        width = max((len(r) for r in rows), default=0)
        full = [r for r in rows if len(r) == width]  # cell positions of the widest rows holding text
        cols = sum(1 for k in range(width) if any(r[k].strip() for r in full))
        if cols <= 1 or not rows:
            continue
        ends = [r for r in rows if _PAGE_NO.match(next(c for c in reversed(r) if c.strip()).strip())]
        if len(ends) >= 0.8 * len(rows) and len(rows) > 3:
            continue  # a table of contents
        out.append(Shape(len(rows), cols, words(" ".join(c for r in rows for c in r))))
    return out


def plumber_shapes(path: Path, strategy: str) -> list[Shape]:
    import pdfplumber

    settings = {} if strategy == "lines" else {"vertical_strategy": "text", "horizontal_strategy": "text"}
    out = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for t in page.find_tables(settings):
                rows = [[c or "" for c in r] for r in t.extract()]
                rows = [r for r in rows if any(c.strip() for c in r)]
                keep = [k for k in range(max((len(r) for r in rows), default=0))
                        if any(k < len(r) and r[k].strip() for r in rows)]
                if len(rows) < 2 or len(keep) < 2:
                    continue
                out.append(Shape(len(rows), len(keep), words(" ".join(c for r in rows for c in r))))
    return out


def agreement(pdf: list[Shape], docx: list[Shape]) -> tuple[int, int]:
    """``(matched, same shape)`` over the DOCX tables."""
    matched = same = 0
    for d in docx:
        best, score = None, 0.0
        for p in pdf:
            inter = sum((p.words & d.words).values())
            union = sum((p.words | d.words).values())
            if union and inter / union > score:
                best, score = p, inter / union
        if best is not None and score >= 0.5:
            matched += 1
            same += best.rows == d.rows and best.cols == d.cols
    return matched, same


def table_f1(pdf: list[Shape], docx: list[Shape]) -> float:
    return f1(sum((s.words for s in pdf), Counter()), sum((s.words for s in docx), Counter()))


def main(argv: list[str]) -> int:
    write = "--write" in argv
    plumber = "--no-plumber" not in argv
    args = [a for a in argv[1:] if not a.startswith("--")]
    corpus = Path(args[0]) if args else Path(__file__).resolve().parents[2] / "shared" / "corpus"
    root = corpus / "un_reports_en"
    lines: list[str] = []

    def out(line: str) -> None:
        print(line, flush=True)
        lines.append(line)

    out(f"{'document':<16} {'F1 body+tab':>11} | {'extractor':<17} {'tables':>6} {'docx':>4} {'match':>5} "
        f"{'agree':>5} {'tabF1':>6} {'secs':>6}")
    totals: dict[str, list[int]] = {}
    ok = True
    for pdf_path in sorted((root / "pdf").glob("*.pdf")):
        docx_path = root / "docx" / (pdf_path.stem + ".docx")
        t0 = time.process_time()
        pdoc = process(pdf_path, "en")
        secs = time.process_time() - t0
        ddoc = process(docx_path, "en")
        score = f1(doc_words(pdoc), doc_words(ddoc))
        ok = ok and score >= 0.97
        dshapes = docx_shapes(docx_path)
        runs: list[tuple[str, list[Shape], float]] = [("hexaglot", hexaglot_shapes(pdoc), secs)]
        if plumber:
            for strategy in ("lines", "text"):
                t0 = time.process_time()
                shapes = plumber_shapes(pdf_path, strategy)
                runs.append((f"pdfplumber {strategy}", shapes, time.process_time() - t0))
        for k, (name, shapes, sec) in enumerate(runs):
            matched, same = agreement(shapes, dshapes)
            tot = totals.setdefault(name, [0, 0, 0, 0])
            for i, v in enumerate((len(shapes), len(dshapes), matched, same)):
                tot[i] += v
            head = f"{pdf_path.stem:<16} {score:>11.3f}" if k == 0 else f"{'':<16} {'':>11}"
            out(f"{head} | {name:<17} {len(shapes):>6} {len(dshapes):>4} {matched:>5} {same:>5} "
                f"{table_f1(shapes, dshapes):>6.3f} {sec:>6.1f}")
    for name, (n, d, m, s) in totals.items():
        share = s / d if d else 0.0
        out(f"all: {name:<17} {n} tables found, {d} in the DOCX, {m} matched, {s} same rows x columns "
            f"({share:.0%})")
    hex_share = totals["hexaglot"][3] / max(totals["hexaglot"][1], 1)
    out(f"targets: F1 >= 0.97 for every report: {'MET' if ok else 'NOT MET'}; "
        f"tables agreeing >= 90%: {'MET' if hex_share >= 0.9 else 'NOT MET'} ({hex_share:.0%})")
    if write:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from results import write_section

        cmd = "PYTHONPATH=src .venv/bin/python bench/tables_pdf_bench.py --write"
        write_section("PDF tables", "```\n" + "\n".join(lines) + "\n```", cmd)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
