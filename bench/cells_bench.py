"""Table cells as units: prose sentences before and after, and no cell text inside a prose sentence.

    python bench/cells_bench.py [--corpus ../shared/corpus] [--before FILE] [--dump FILE] [--no-write]

For each shared UN report (DOCX and PDF) it segments the document as the ingester does and counts
the body's sentences by kind (prose, title, cell), and the *leaks*: prose sentences that hold a
whole table row (its non-empty cells, two or more, ≥ 3 words in all, in order; :func:`leaks`).
``--dump FILE`` writes the counts and the prose sentences as JSON; run it with an older tree on
``PYTHONPATH`` (which has no kinds: a sentence is a title when its block is a title, heading or
caption, and prose otherwise, table rows included, as search and the exports saw them) and pass the
file to ``--before`` to print both side by side, the older prose checked against today's tables.
Writes "## Segmentation: table cells" to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hexaglot.pipeline import process
from hexaglot.segment import segment_document
from results import write_section

REPORTS = "un_reports_en"
NOTE = """"Before": the same files with the tree before tables were read (7f8754e; `git archive 7f8754e src |
tar -x -C /tmp/before && PYTHONPATH=/tmp/before/src python bench/cells_bench.py --no-write --dump
/tmp/cells-before.json`), where each table row
was one sentence, counted as prose because search, the concordance and the exports treated it as
prose. "After": each table cell is its own `cell` unit. Prose holding a table row, before: the
older prose sentences checked against today's table rows. Each of those sentences was a table row
that the concordance would have shown as prose. The PDF rows show 0 before because the PDF tables
(rows found by column gaps) do not yet give the cells the PDF's prose held. PDF tables are another
branch's work, and whatever records it builds are segmented the same way. The DOCX prose grows
again by the boxes' prose (the Summary box), which the older reader skipped."""
ROW_WORDS = 3


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def probes(doc: object) -> list[str]:
    """Texts that must never stand inside a prose sentence: each table row of two or more non-empty
    cells and ≥ ``ROW_WORDS`` words, its cells joined by a space. (One cell alone is no proof: prose
    quotes a post title or a budget line a table also holds.)"""
    out: set[str] = set()
    for t in getattr(doc, "tables", []):
        for row in (*t.header, *t.rows):
            cells = [_norm(c.text) for c in row if c.text.strip()]
            text = " ".join(cells)
            if len(cells) >= 2 and len(text.split()) >= ROW_WORDS:
                out.add(text)
    return sorted(out)


def leaks(doc: object, prose: list[str]) -> list[tuple[str, str]]:
    """``(probe, sentence)`` for each prose sentence holding a table row (:func:`probes`)."""
    texts = [_norm(s) for s in prose]
    return [(p, s) for p in probes(doc) for s in texts if p in s]


def counts(path: Path, before: list[str] | None = None) -> dict[str, object]:
    """Sentences by kind, tables, leaks; with ``before`` (the prose of an older tree), its leaks too."""
    doc = process(path)
    try:
        sents = segment_document(doc, notes=True)
    except TypeError:  # an older tree: body sentences only, no kinds
        sents = segment_document(doc)
    kinds: dict[str, object] = {"prose": 0, "title": 0, "cell": 0, "footnote": 0}
    prose: list[str] = []
    for s in sents:
        kind = str(getattr(s, "kind", "") or "")
        if not kind:
            label = str(doc.blocks[s.block].label) if s.block is not None else "paragraph"
            kind = "title" if label in ("title", "heading", "caption") else "prose"
        kinds[kind] = int(kinds.get(kind, 0)) + 1  # type: ignore[call-overload]
        if kind == "prose":
            prose.append(s.text)
    kinds["tables"] = len(getattr(doc, "tables", []))
    kinds["leaks"] = len(leaks(doc, prose))
    kinds["leaks_before"] = len(leaks(doc, before)) if before is not None else ""
    kinds["prose_texts"] = prose
    return kinds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=Path(os.environ.get("HEXAGLOT_CORPUS", "../shared/corpus")))
    ap.add_argument("--before", type=Path, help="counts of an older tree (--dump output)")
    ap.add_argument("--dump", type=Path, help="write the counts as JSON")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    before = json.loads(args.before.read_text()) if args.before else {}
    got: dict[str, dict[str, object]] = {}
    lines = ["| report | prose before | prose after | titles | cells | tables | prose holding a table row: "
             "before | after |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for fmt in ("docx", "pdf"):
        for path in sorted((args.corpus / REPORTS / fmt).glob(f"*.{fmt}")):
            name = f"{path.stem}.{fmt}"
            b = before.get(name, {})
            c = got[name] = counts(path, b.get("prose_texts"))
            lines.append(f"| {name} | {b.get('prose', '')} | {c['prose']} | {c['title']} | {c['cell']} | "
                         f"{c['tables']} | {c['leaks_before']} | {c['leaks']} |")
            print(lines[-1], flush=True)
    if args.dump:
        args.dump.write_text(json.dumps(got, indent=1))
    if not args.no_write:
        write_section("Segmentation: table cells", "\n".join(lines) + "\n\n" + NOTE,
                      "python bench/cells_bench.py --before /tmp/cells-before.json")


if __name__ == "__main__":
    main()
