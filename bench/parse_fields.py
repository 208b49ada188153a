"""Field accuracy of the parse stage on the shared corpus, and end-to-end parse speed.

    python bench/parse_fields.py [--corpus ../shared/corpus] [--no-write]

Prints, per set, how many documents get each field right, then pages/s of read → clean → parse
on one core (PDF and DOCX), and writes the tables to bench/RESULTS.md ("## Parse").
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hexaglot.langs import table
from hexaglot.model import Label, Layer
from hexaglot.parse import summary
from hexaglot.parse.symbols import normalize_symbol
from hexaglot.pipeline import process
from results import write_section


def seed(corpus: Path) -> list[str]:
    got = summary(process(corpus / "seed/letter-2003-06-04.fr.txt"))
    gold = json.loads((corpus / "seed/letter-2003-06-04.fr.gold.json").read_text(encoding="utf-8"))
    rows = []
    for k, v in gold.items():
        if k.startswith("_") or k in ("body", "annexes", "date_source"):
            continue
        rows.append(f"| seed | {k} | {'ok' if got.get(k) == v else 'WRONG: ' + json.dumps(got.get(k), ensure_ascii=False)} |")
    rows.append(f"| seed | body paragraphs | {sum(lab in ('paragraph', 'list_item') for lab in got['body_labels'])} (gold {gold['body']['paragraphs']}) |")
    for a, g in zip(got["annexes"], gold["annexes"], strict=False):
        ok = a["title"] == g["title"] and len(a["paragraphs"]) == g["paragraphs"]
        rows.append(f"| seed | annex {a['label']} title + {len(a['paragraphs'])} paragraphs | {'ok' if ok else 'WRONG'} |")
    return rows


def reports(corpus: Path) -> tuple[list[str], dict[str, float]]:
    with open(corpus / "un_reports_en/documents.tsv", encoding="utf-8") as fh:
        rows_tsv = list(csv.DictReader(fh, delimiter="\t"))
    cites: dict[str, set[str]] = {}
    for name in ("mandate_citations_main_reports.csv", "mandate_citations_acabq_addenda.csv"):
        with open(corpus / "un_reports_en" / name, encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                doc = r["File"].removesuffix(".json").replace("_ADD.", "_Add.")
                cites.setdefault(doc, set()).add(normalize_symbol(r["Full Document Symbol"]) or "")
    fields = ["symbol", "date", "job_number", "session", "agenda", "title", "citations"]
    score = {f"{fmt}:{f}": 0 for fmt in ("pdf", "docx") for f in fields}
    pages = {"pdf": 0, "docx": 0}
    secs = {"pdf": 0.0, "docx": 0.0}
    cpu = {"pdf": 0.0, "docx": 0.0}
    lines = []
    for row in rows_tsv:
        for fmt in ("pdf", "docx"):
            path = corpus / "un_reports_en" / fmt / f"{row['doc_id']}.{fmt}"
            t0, c0 = time.perf_counter(), time.process_time()
            doc = process(path)
            secs[fmt] += time.perf_counter() - t0
            cpu[fmt] += time.process_time() - c0
            pages[fmt] += int(row["pages"])
            md = doc.metadata
            want_item = int(row["agenda_item"]) if row["agenda_item"].isdigit() else row["agenda_item"]
            norm = lambda s: re.sub(r"\s+", " ", (s or "").replace("–", "-")).strip().lower()  # noqa: E731
            checks = {
                "symbol": [s.value for s in md.symbols][:1] == [row["symbol"]],
                "date": md.date == dt.datetime.strptime(row["distribution_date"], "%d %B %Y").date().isoformat(),
                "job_number": md.job_number == row["job_number"],
                "session": md.session == 80,
                "agenda": md.agenda_items == [want_item],
                "title": norm(md.title) == norm(row["title_from_json"]),
                "citations": cites.get(row["doc_id"], set()) <= set(md.references),
            }
            for f, ok in checks.items():
                score[f"{fmt}:{f}"] += ok
                if not ok:
                    lines.append(f"- {row['doc_id']}.{fmt} {f}: got {getattr(md, f, None) if f not in ('symbol', 'agenda', 'citations') else (md.symbols if f == 'symbol' else md.agenda_items if f == 'agenda' else sorted(cites.get(row['doc_id'], set()) - set(md.references)))}")
    n = len(rows_tsv)
    table = ["| field | PDF | DOCX |", "|---|---|---|"]
    table += [f"| {f} | {score['pdf:' + f]}/{n} | {score['docx:' + f]}/{n} |" for f in fields]
    speed = {fmt: (pages[fmt] / secs[fmt], pages[fmt] / cpu[fmt]) for fmt in pages}
    return table + (["", *lines] if lines else []), speed


def resolutions(corpus: Path) -> list[str]:
    files = sorted((corpus / "unsc_resolutions_en/texts").glob("*.txt"))
    ok = {"symbol": 0, "date": 0, "meeting": 0}
    words = set(table("en", "segment").get("preamble_words", []))
    preamble_headings = number_lines = notes = 0
    for f in files:
        doc = process(f)
        md = doc.metadata
        for b in doc.blocks:
            if b.layer != Layer.BODY or b.label not in (Label.HEADING, Label.TITLE):
                continue
            preamble_headings += b.text.lstrip("\"“").split(maxsplit=1)[0] in words
            number_lines += bool(re.match(r"(?:RESOLUTION|Resolution) \d+ \(\d{4}\)|\d+ \(\d{4}\)\. Resolution of", b.text))
        notes += len(doc.footnotes)
        num, year = re.match(r"S_RES_(\d+)_(\d{4})", f.name).groups()
        ok["symbol"] += [s.value for s in md.symbols] == [f"S/RES/{int(num)} ({year})"] and md.sources.get("symbols") != "filename"
        ok["date"] += bool(md.date and md.date.startswith(year))
        ok["meeting"] += md.meeting is not None
    n = len(files)
    return [f"| resolutions | {k} (from the text, not the file name) | {v}/{n} = {v / n:.1%} |" for k, v in ok.items()] + [
        f"| resolutions | preambular paragraphs labelled heading or title (opening with a preamble word) | {preamble_headings} |",
        f"| resolutions | number lines kept as headings (\"Resolution 450 (1979)\") | {number_lines} |",
        f"| resolutions | footnotes in the notes layer | {notes} |",
    ]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "corpus")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    rows = ["| set | field | result |", "|---|---|---|", *seed(args.corpus), *resolutions(args.corpus)]
    rep, speed = reports(args.corpus)
    body = "\n".join(rows) + "\n\nUN reports (documents.tsv and the citation CSVs):\n\n" + "\n".join(rep)
    load = os.getloadavg()[0]
    body += "\n\nSpeed of read → clean → parse, one process (pages/s, wall clock and CPU time; load average " \
        f"{load:.1f} on {os.cpu_count()} cores): " + ", ".join(
        f"{fmt.upper()} {w:.1f} wall / {c:.1f} CPU" for fmt, (w, c) in speed.items())
    print(body)
    if not args.no_write:
        write_section("Parse", body)


if __name__ == "__main__":
    main()
