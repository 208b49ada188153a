"""Terminology commands of ``hexaglot``: ``terms`` (the term list of a language pair, as TBX-Basic
or CSV) and ``term`` (how one term has been rendered, by year).

Thin: each calls one :class:`~hexaglot.archive.Archive` method (``terms``, ``term``), the same the
HTTP API and the web "Terms" page use.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from hexaglot.errors import HexaglotError
from hexaglot.serve.cli_archive import Organ
from hexaglot.serve.cli_common import (
    DEFAULT_ARCHIVE,
    JSON_LINES,
    JSON_OBJECT,
    ArchiveOpt,
    emit_lines,
    emit_object,
    fail,
    open_archive,
    print_table,
)

out = Console(soft_wrap=False)

Src = Annotated[str, typer.Option("--src", help="Source language (the language of the terms).")]
Tgt = Annotated[str, typer.Option("--tgt", help="Target language (the language of the equivalents).")]
YearFrom = Annotated[int | None, typer.Option("--from", help="Only documents of this year or later.")]
YearTo = Annotated[int | None, typer.Option("--to", help="Only documents of this year or earlier.")]
OneYear = Annotated[int | None, typer.Option("--year", help="Only documents of this year (as search's --year).")]
MinScore = Annotated[float, typer.Option("--min-score", min=0.0, max=1.0,
                                         help="Only aligned beads with at least this score (confident ones).")]
WordLinks = Annotated[bool, typer.Option("--word-links/--no-word-links",
                                         help="Let the pair's word aligner (its trained model, hexaglot wordalign "
                                         "train, else its dictionaries) add its links to the association.")]


def _years(year: int | None, year_from: int | None, year_to: int | None) -> tuple[int | None, int | None]:
    """--year Y is --from Y --to Y; with either of them it is refused (which would win?)."""
    if year is None:
        return year_from, year_to
    if year_from is not None or year_to is not None:
        raise fail("give --year, or --from/--to, not both")
    return year, year


def _call(archive: Path, fn: Any) -> Any:
    a = open_archive(archive)
    try:
        return fn(a)
    except HexaglotError as exc:
        raise fail(str(exc)) from None
    finally:
        a.close()


def terms_cmd(
    src: Src,
    tgt: Tgt,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the list to FILE: .tbx "
                                                "(TBX-Basic, ISO 30042) or .csv; without it, a table.")] = None,
    organ: Organ = None,
    year_from: YearFrom = None,
    year_to: YearTo = None,
    year: OneYear = None,
    min_freq: Annotated[int, typer.Option("--min-freq", min=1, help="Terms seen in at least N aligned beads.")] = 3,
    limit: Annotated[int | None, typer.Option("--limit", "-n", min=1, help="At most N terms.")] = None,
    min_score: MinScore = 0.5,
    word_links: WordLinks = True,
    json: Annotated[bool, typer.Option("--json", help=JSON_LINES)] = False,
    archive: ArchiveOpt = DEFAULT_ARCHIVE,
) -> None:
    """The bilingual term list of a language pair: terms (multi-word units first) with frequency,
    documents, first and last year, variants and their equivalents ranked by association."""
    fmt = None
    if output is not None:
        fmt = output.suffix.lower().lstrip(".")
        if fmt not in ("tbx", "csv"):
            raise fail(f"{output}: give a file name ending in .tbx or .csv")
        from hexaglot.export.base import check_folder

        try:  # before the work, not after it
            check_folder(output, output.parent)
        except HexaglotError as exc:
            raise fail(str(exc)) from None
    year_from, year_to = _years(year, year_from, year_to)
    entries = _call(archive, lambda a: a.terms(src=src, tgt=tgt, organ=organ, year_from=year_from, year_to=year_to,
                                              min_freq=min_freq, limit=limit, min_score=min_score,
                                              word_links=word_links))
    if output is not None:
        from hexaglot.terms import write_csv, write_tbx

        try:
            n = write_tbx(entries, output, src, tgt) if fmt == "tbx" else write_csv(entries, output)
        except OSError as exc:
            raise fail(f"{output}: cannot write ({exc.strerror or exc})") from None
        typer.echo(f"{n} terms written to {output}", err=True)
        return
    if json:
        emit_lines(entries)
        return
    table = Table(title=f"{len(entries)} terms {src}→{tgt}", title_justify="left")
    # each equivalent with the score that orders them (Dice with the word links' evidence; a longer
    # equivalent that holds a shorter one comes first on a near tie: "droits de l'homme" before "homme")
    for col in ("term", "freq", "docs", "years", "equivalents (score)"):
        table.add_column(col, overflow="fold")
    for e in entries:
        years = f"{e.first_year}–{e.last_year}" if e.first_year else ""
        table.add_row(escape(e.term), str(e.frequency), str(e.documents), years,
                      escape("; ".join(f"{q.term} ({q.score:.2f})" for q in e.equivalents)))
    print_table(out, table)


def term_cmd(
    query: Annotated[str, typer.Argument(help="The term, in the source language.")],
    src: Src,
    tgt: Tgt,
    organ: Organ = None,
    year_from: YearFrom = None,
    year_to: YearTo = None,
    year: OneYear = None,
    min_score: MinScore = 0.5,
    word_links: WordLinks = True,
    json: Annotated[bool, typer.Option("--json", help=JSON_OBJECT)] = False,
    archive: ArchiveOpt = DEFAULT_ARCHIVE,
) -> None:
    """How a term has been rendered: every rendering with its count per year, the ranked
    equivalents and example lines."""
    year_from, year_to = _years(year, year_from, year_to)
    res = _call(archive, lambda a: a.term(query, src=src, tgt=tgt, organ=organ, year_from=year_from,
                                          year_to=year_to, min_score=min_score, word_links=word_links))
    if json:
        emit_object(res)
        return
    if not res.occurrences:
        out.print(f"{escape(query)}: not found in the {src} side of the aligned {src}-{tgt} sentences", highlight=False)
        return
    years: list[int | None] = [*res.years, *([None] if res.undated else [])]
    table = Table(title=f"{escape(query)} ({src}→{tgt}): {res.occurrences} aligned sentences", title_justify="left")
    table.add_column("rendering", overflow="fold")
    for y in years:
        table.add_column(str(y) if y is not None else "no date", justify="right")
    table.add_column("total", justify="right")
    for r in res.renderings:
        table.add_row(escape(r.term), *(str(r.by_year.get(y, "") if y is not None else r.undated or "") for y in years),
                      str(r.total))
    print_table(out, table)
    for ex in res.examples:
        out.print(f"[dim]{escape(ex.symbol or ex.doc_id)}[/]  {escape(ex.src)}\n    → {escape(ex.tgt)}", highlight=False)


def register(app: typer.Typer) -> None:
    """Add the terminology commands to ``app``."""
    app.command("terms")(terms_cmd)
    app.command("term")(term_cmd)
