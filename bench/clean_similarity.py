"""PDF vs DOCX after cleaning: how close is the body text of the same UN report in both formats?

For each document of ``un_reports_en`` (PDF + DOCX of the same report), read both, clean both,
take the body layer only (whitespace-normalised: every run of whitespace, no-break spaces
included, becomes one space) and print the character-level similarity
(``rapidfuzz.fuzz.ratio`` / 100 when installed, else ``difflib.SequenceMatcher.ratio``; both are
2·matches / total length), plus the running headers, page numbers and job numbers left in the PDF
body. Tables: both readers keep table text in the body layer as TABLE blocks (DOCX: one per table
row; PDF: one per printed row in which the reader found cells, other table lines reflowed), so both
sides carry the same table text and the comparison is fair. The DOCX cover block sits in the first-page header (furniture); the PDF cover lines are
demoted to furniture as well.

Run: ``.venv/bin/python bench/clean_similarity.py [CORPUS] [--write]`` (exit 1 when a target is
missed; ``--write`` replaces the "Cleaning: PDF vs DOCX" section of ``bench/RESULTS.md``).
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

from hexaglot.clean import clean
from hexaglot.model import Document, Layer, Origin
from hexaglot.read.docx import DocxReader
from hexaglot.read.pdf import PdfReader

TARGET = 0.98
_WS = re.compile(r"\s+")
SHORT = 30  # a printed line this short holding a page or job number is furniture, not prose
LEFTOVER = {
    "running header (symbol line)": re.compile(r"A/\d+/\S+"),
    "page number": re.compile(r"(?<![\d/])\d{1,3}\s*/\s*\d{1,3}(?![\d/])"),
    "job number": re.compile(r"\b\d{2}-\d{5}\b"),
    "barcode": re.compile(r"\*\d{7}\*"),
}


def read_doc(path: Path) -> Document:
    data = path.read_bytes()
    fmt = path.suffix.lstrip(".").lower()
    origin = Origin(path=str(path), sha256=hashlib.sha256(data).hexdigest(), format=fmt, size=len(data))
    reader = PdfReader() if fmt == "pdf" else DocxReader()
    doc = reader.read(path, data, origin)
    doc.language = "en"
    return doc


def body(doc: Document) -> str:
    return _WS.sub(" ", " ".join(b.text for b in doc.blocks if b.layer == Layer.BODY)).strip()


def similarity(a: str, b: str) -> tuple[float, str]:
    try:
        from rapidfuzz import fuzz
    except ImportError:
        import difflib

        return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio(), "difflib"
    return fuzz.ratio(a, b) / 100.0, "rapidfuzz"


def leftovers(doc: Document) -> dict[str, int]:
    """Printed lines of the body that are a symbol header, or short lines holding a page number,
    job number or barcode and no other words ("(Resolution 76/274)" or a job number cited in a
    sentence are not counted)."""
    counts = dict.fromkeys(LEFTOVER, 0)
    for b in doc.blocks:
        if b.layer != Layer.BODY:
            continue
        for line in (s.strip() for s in b.orig.splitlines()):
            for name, pat in LEFTOVER.items():
                if name.startswith("running") and pat.fullmatch(line):
                    counts[name] += 1
                elif not name.startswith("running") and len(line) < SHORT and pat.search(line):
                    rest = line
                    for other in LEFTOVER.values():
                        rest = other.sub("", rest)
                    counts[name] += not re.search(r"[^\W\d_]{2,}", rest)
    return counts


def main(argv: list[str]) -> int:
    lines: list[str] = []

    def out(line: str) -> None:
        print(line, flush=True)
        lines.append(line)

    write = "--write" in argv
    argv = [a for a in argv if a != "--write"]
    corpus = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "corpus"
    root = corpus / "un_reports_en"
    out("Tables: kept in the body layer for both formats as TABLE blocks (DOCX: one per row; PDF: one per")
    out("printed row with cells). Cover block, headers/footers: furniture in both. Footnotes: notes in both.")
    out(f"{'document':<18} {'pdf chars':>9} {'docx chars':>10} {'similarity':>10}  left in PDF body")
    ok = True
    method = ""
    for pdf in sorted((root / "pdf").glob("*.pdf")):
        docx = root / "docx" / (pdf.stem + ".docx")
        if not docx.exists():
            continue
        p, d = clean(read_doc(pdf)), clean(read_doc(docx))
        a, b = body(p), body(d)
        score, method = similarity(a, b)
        left = leftovers(p)
        n_left = sum(left.values())
        ok = ok and score >= TARGET and n_left == 0
        detail = ", ".join(f"{k}: {v}" for k, v in left.items() if v) or "none"
        out(f"{pdf.stem:<18} {len(a):>9} {len(b):>10} {score:>10.4f}  {detail}")
    out(
        f"similarity method: {method}; target >= {TARGET} for every document and nothing left: "
        f"{'MET' if ok else 'NOT MET'}"
    )
    if write:
        from results import write_section

        cmd = ".venv/bin/python bench/clean_similarity.py --write"
        write_section("Cleaning: PDF vs DOCX", "```\n" + "\n".join(lines) + "\n```", cmd)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
