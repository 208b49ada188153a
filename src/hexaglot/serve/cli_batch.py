"""``hexaglot batch``: the pipeline as a batch job (local engine or Apache Spark)."""

from __future__ import annotations

from typing import Annotated, Literal

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from hexaglot.errors import HexaglotError
from hexaglot.serve.cli_common import emit_object, print_table

out = Console(soft_wrap=False)
err = Console(stderr=True, soft_wrap=True)


def batch_cmd(
    inputs: Annotated[list[str], typer.Argument(
        help="INPUT: a folder, a glob ('corpus/**/*.pdf') or @LIST (one path or URI a line); on Spark any "
             "Hadoop URI (hdfs://, s3a://, ...).", show_default=False)],
    output: Annotated[str, typer.Argument(help="OUTPUT folder (or URI on Spark) of Parquet tables.")],
    engine: Annotated[Literal["local", "spark"], typer.Option("--engine", help="local: a process pool; "
                                                              "spark: Apache Spark.")] = "local",
    master: Annotated[str, typer.Option("--master", help="Spark master URL.")] = "local[2]",
    langs: Annotated[str | None, typer.Option("--langs", "--lang", help="Only these languages, e.g. en,fr,zh.")] = None,
    workers: Annotated[int | None, typer.Option("--workers", "-j", help="Local engine: processes (default: the cores).")] = None,
    partitions: Annotated[int, typer.Option("--partitions", min=1, help="Spark: partitions of files and shuffles.")] = 4,
    wave: Annotated[int, typer.Option("--wave", min=1, help="Documents per committed wave (unit of resumption).")] = 500,
    embeddings: Annotated[bool, typer.Option("--embeddings/--no-embeddings", help="Sentence embeddings in alignment.")] = True,
    as_json: Annotated[bool, typer.Option("--json", help="The report as one JSON object.")] = False,
) -> None:
    """Process many files into Parquet tables (documents, sentences, alignments, references, errors).

    A bad file is one row of the errors table, never a failed job (the job runs to the end, then exits 2
    when the errors table has rows, as ingest does); re-running skips the documents OUTPUT already holds. Load the result with `hexaglot ingest --from-parquet OUTPUT`.
    """
    from hexaglot.batch import Options, read_table, run_batch
    from hexaglot.langs import check_lang

    try:
        lang_list = tuple(check_lang(x.strip()) for x in langs.split(",") if x.strip()) if langs else None
        opts = Options(embeddings=embeddings, langs=lang_list or None, wave_docs=wave, workers=workers,
                       master=master, partitions=partitions)
        report = run_batch(inputs, output, engine=engine, options=opts)
    except HexaglotError as exc:
        err.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False)
        raise typer.Exit(2) from None
    if as_json:
        emit_object(report)
    else:
        table = Table(title=f"batch ({engine}) → {output}", show_header=False, title_justify="left")
        table.add_column("", style="bold cyan")
        table.add_column("", justify="right")
        rows = [("files found", report.files_found), ("skipped (already in OUTPUT)", report.files_skipped),
                ("documents", report.documents), *((f"{t} rows", n) for t, n in report.counts.items()),
                ("seconds", f"{report.seconds:.1f}"), ("of which start-up", f"{report.startup_seconds:.1f}")]
        for label, value in rows:
            table.add_row(label, str(value))
        print_table(out, table)
    if report.counts.get("errors"):  # the job ran to the end; the exit code says files failed, as ingest's does
        if "://" not in output:
            rows = read_table(output, "errors")
            for e in rows[:20]:
                err.print(f"[bold red]error:[/] {escape(e['reason'])}", highlight=False)
            if len(rows) > 20:
                err.print(f"... and {len(rows) - 20} more in the errors table of {output}", highlight=False)
        raise typer.Exit(2)


def register(app: typer.Typer) -> None:
    """Add the batch commands to ``app``."""
    app.command("batch")(batch_cmd)
