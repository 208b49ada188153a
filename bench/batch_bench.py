"""Batch throughput: the local engine, Spark local[1] and Spark local[2] on the same input.

    .venv/bin/python bench/batch_bench.py [--corpus ../shared/corpus] [--resolutions 60] [--embeddings]

Reports documents/s and sentences/s of the work (Spark start-up reported apart) and the speed-up
from local[1] to local[2] (target ≥ 1.7× on two free cores). Writes its section of RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hexaglot.batch import Options, run_batch
from hexaglot.batch.spark import session
from results import write_section


def inputs(corpus: Path, resolutions: int, pdf: bool = False) -> list[Path]:
    texts = sorted((corpus / "unsc_resolutions_en" / "texts").glob("*.txt"))[:resolutions]
    udhr = sorted((corpus / "un_parallel_docs" / "udhr" / "text").glob("udhr.*.txt"))
    reports = sorted((corpus / "un_reports_en" / "docx").glob("*.docx"))
    if pdf:
        reports += sorted((corpus / "un_reports_en" / "pdf").glob("*.pdf"))
    return [corpus / "seed" / "letter-2003-06-04.fr.txt", *texts, *udhr, *reports]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", default=os.environ.get("HEXAGLOT_CORPUS", "../shared/corpus"))
    ap.add_argument("--resolutions", type=int, default=226)
    ap.add_argument("--embeddings", action="store_true")
    ap.add_argument("--pdf", action=argparse.BooleanOptionalAction, default=True,
                    help="also the reports as PDF (each a second version of its DOCX)")
    ap.add_argument("--partitions", type=int, default=8, help="Spark partitions")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    files = inputs(Path(args.corpus), args.resolutions, args.pdf)
    listing = Path(tempfile.mkdtemp()) / "inputs.list"
    listing.write_text("".join(f"{p.resolve()}\n" for p in files), encoding="utf-8")
    load = os.getloadavg()[0]
    rows = []
    runs: list[tuple[str, str, dict]] = [("local engine (1 process)", "local", {"workers": 1}),
                                         ("local engine (2 processes)", "local", {"workers": 2}),
                                         ("Spark local[1]", "spark", {"master": "local[1]", "partitions": args.partitions}),
                                         ("Spark local[2]", "spark", {"master": "local[2]", "partitions": args.partitions})]
    rates: dict[str, float] = {}
    for label, engine, kw in runs:
        out = listing.parent / label.replace(" ", "_").replace("[", "").replace("]", "")
        shutil.rmtree(out, ignore_errors=True)
        spark = None
        startup = 0.0
        if engine == "spark":
            spark, startup = session(kw["master"], kw["partitions"])
        rep = run_batch([f"@{listing}"], out, engine=engine, options=Options(embeddings=args.embeddings, **kw),
                        spark=spark)
        if spark is not None:
            spark.stop()
        work = rep.work_seconds
        rates[label] = rep.documents / work
        rows.append(f"| {label} | {rep.documents} | {rep.counts['sentences']} | {startup:.1f} | {work:.1f} | "
                    f"{rep.documents / work:.2f} | {rep.counts['sentences'] / work:.0f} |")
        print(rows[-1], flush=True)
    speedup = rates["Spark local[2]"] / rates["Spark local[1]"]
    body = "\n".join([
        f"Input: {len(files)} files (seed letter, {args.resolutions} SC resolutions, UDHR ×6, 6 report DOCX"
        f"{' and their PDFs' if args.pdf else ''}), {args.partitions} Spark partitions, "
        f"embeddings {'on' if args.embeddings else 'off'}; load average before the run {load:.1f} on "
        f"{os.cpu_count()} cores.",
        "",
        "| engine | documents | sentences | start-up s | work s | documents/s | sentences/s |",
        "|---|---:|---:|---:|---:|---:|---:|",
        *rows,
        "",
        f"Speed-up Spark local[1] → local[2]: **{speedup:.2f}×** (target ≥ 1.7×). Work seconds exclude the "
        "Spark session start-up (shown apart) but include Spark's per-job overhead (planning, shuffles, "
        "Parquet commit of each wave), which dominates on inputs this small.",
    ])
    print(body)
    if not args.no_write:
        write_section("Batch engines (local, Spark local[1], local[2])", body,
                      command=".venv/bin/python bench/batch_bench.py " + " ".join(sys.argv[1:]))


if __name__ == "__main__":
    main()
