"""Tables and word coverage on the shared UN reports.

    python bench/tables_bench.py [--corpus ../shared/corpus] [--no-write]

DOCX section (:func:`docx_section`): per report, the share of the word tokens of
``word/document.xml`` (case-folded ``\\w+`` bag, :mod:`hexaglot.parse.coverage`) that ``parse --json``
holds in all five places (body, annexes, tables, footnotes, furniture) and in body + annexes + tables
alone, the parsed tokens the reference does not account for, and the number of tables and boxes.
Writes "## Tables: DOCX coverage" to bench/RESULTS.md. A PDF section can be added beside it as
another ``*_section`` function called from :func:`main`.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hexaglot.parse import summary
from hexaglot.parse.coverage import CONTENT, coverage, docx_reference, summary_text
from hexaglot.pipeline import process
from results import write_section

REPORTS = "un_reports_en/docx"
FLOOR_ALL, FLOOR_CONTENT = 0.99, 0.90


def docx_section(corpus: Path) -> tuple[str, bool]:
    """The DOCX coverage table (markdown) and whether every report meets both floors."""
    lines = ["| report | words (document.xml) | all five places | body+annexes+tables | excess of body+annexes+"
             "tables | tables | boxes | parse s |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
    ok = True
    for path in sorted((corpus / REPORTS).glob("*.docx")):
        ref = docx_reference(path.read_bytes())
        t0 = time.perf_counter()
        s = summary(process(path))
        seconds = time.perf_counter() - t0
        every, content = coverage(ref, summary_text(s)), coverage(ref, summary_text(s, CONTENT))
        ok = ok and every.recall >= FLOOR_ALL and content.recall >= FLOOR_CONTENT
        boxes = len({b["label"] for b in s["boxes"]})
        lines.append(f"| {path.stem} | {every.reference} | {every.recall:.2%} | {content.recall:.2%} | "
                     f"{content.excess_rate:.2%} | {len(s['tables'])} | {boxes} | {seconds:.2f} |")
        print(lines[-1], flush=True)
    return "\n".join(lines), ok


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=Path(os.environ.get("HEXAGLOT_CORPUS", "../shared/corpus")))
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    table, ok = docx_section(args.corpus)
    body = (f"{table}\n\nFloors: all five places ≥ {FLOOR_ALL:.0%}, body + annexes + tables ≥ "
            f"{FLOOR_CONTENT:.0%} — {'met by every report' if ok else 'MISSED'}. Before this change (main at "
            "75782ba, `body` + `annexes` + `footnotes`, no tables or furniture in the JSON) the same measure "
            "gave 47.4%, 50.3%, 53.3%, 85.2%, 83.2% and 61.5% for the six reports in this order. Excess: parsed "
            "tokens of body + annexes + tables that document.xml does not account for (a word read twice would "
            "show here). The missing words are note marks glued to a word in document.xml ('positionsa', "
            "'26a', 'm3'), which the reader keeps apart as marks.")
    if not args.no_write:
        write_section("Tables: DOCX coverage", body, "python bench/tables_bench.py")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
