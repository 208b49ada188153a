"""``hexaglot embed`` and ``hexaglot related``: sentence vectors for an archive, documents close in
meaning. Thin: :meth:`hexaglot.archive.Archive.embed` and :meth:`~hexaglot.archive.Archive.related`."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from hexaglot.serve.cli_common import (
    DEFAULT_ARCHIVE,
    JSON_OBJECT,
    ArchiveOpt,
    emit_lines,
    emit_object,
    err,
    print_table,
)

out = Console(soft_wrap=False)


def embed_cmd(
    archive: ArchiveOpt = DEFAULT_ARCHIVE,
    langs: Annotated[str | None, typer.Option("--langs", "--lang", help="Only these languages (xx,yy); default all.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help=JSON_OBJECT)] = False,
) -> None:
    """Add sentence vectors (for search by meaning and related documents) to every sentence that
    has none: an archive ingested without embeddings, line-parallel text, an older archive.
    Resumable: each document is written whole; run it again after an interruption."""
    from hexaglot.serve.cli_archive import _open, _rich_progress, _run

    a = _open(archive)
    try:
        report = _run(lambda: a.embed(langs=langs, progress=None if as_json else _rich_progress()))
    finally:
        a.close()
    if as_json:
        emit_object({"documents": report.documents, "sentences": report.sentences,
                     "seconds": round(report.seconds, 3)})
        return
    out.print(f"{report.sentences} sentence vectors added to {report.documents} documents "
              f"({report.seconds:.1f} s, {report.sentences_per_second:.0f} sentences/s)", highlight=False)


def related_cmd(
    symbol: Annotated[str, typer.Argument(help="A document symbol or id.")],
    archive: ArchiveOpt = DEFAULT_ARCHIVE,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=200, help="How many documents.")] = 10,
    min_similarity: Annotated[float | None, typer.Option(
        "--min-similarity", min=0.0, max=1.0, help="Lowest cosine listed (default 0.35; 0: the nearest, "
        "whatever they share).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines, one document per line.")] = False,
) -> None:
    """The documents closest in meaning to one document (the mean of their sentence vectors)."""
    from hexaglot.serve.cli_archive import _open, _run

    a = _open(archive)
    try:
        found = _run(lambda: a.related(symbol, limit=limit, min_similarity=min_similarity))
    finally:
        a.close()
    if as_json:
        emit_lines(found)
        return
    if not found:
        err.print(f"no other document in the archive is close in meaning to {escape(symbol)}", highlight=False)
        return
    table = Table(title=f"documents close in meaning to {symbol}", title_justify="left")
    titled = any(r.title for r in found)  # resolutions have none: no empty column
    for col in ("document", "date", "type", "score", *(["title"] if titled else [])):
        table.add_column(col, overflow="fold", no_wrap=col != "title")
    for r in found:
        table.add_row(escape(r.symbol or r.doc_id), r.date or "", r.doc_type or "", f"{r.score:.3f}",
                      *([escape(r.title or "")] if titled else []))
    print_table(out, table)


def register(app: typer.Typer) -> None:
    app.command("embed")(embed_cmd)
    app.command("related")(related_cmd)
