"""The archive commands of ``hexaglot``: ingest, search, concordance, show, refs, export, reindex.

A thin layer over :mod:`hexaglot.archive`: each command opens the archive, calls one method and
prints the records it returns (``--json`` prints them as JSON lines). Wired in by ``register(app)``.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable
from dataclasses import asdict, is_dataclass
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from hexaglot.errors import HexaglotError

out = Console(soft_wrap=False)
err = Console(stderr=True, soft_wrap=True)

ArchiveOpt = Annotated[Path, typer.Option("--archive", "-a", envvar="HEXAGLOT_ARCHIVE",
                                          help="Archive folder (created on first ingest).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="JSON lines instead of tables.")]
LangFilter = Annotated[str | None, typer.Option("--lang", help="Language of the sentences (ar, zh, en, fr, ru, es, ...).")]
Organ = Annotated[str | None, typer.Option("--organ", help="GA, SC, ECOSOC, HRC, ...")]
Session = Annotated[int | None, typer.Option("--session", help="Session number, e.g. 58.")]
Year = Annotated[int | None, typer.Option("--year", help="Year of the document.")]
DocType = Annotated[str | None, typer.Option("--type", help="Document type, e.g. letter, report, resolution.")]
Agenda = Annotated[str | None, typer.Option("--agenda", help="Agenda item, e.g. 74.")]
Country = Annotated[str | None, typer.Option("--country", help="Sender country, ISO alpha-2 (RU).")]
SymbolOpt = Annotated[str | None, typer.Option("--symbol", help="Symbol, or a glob such as 'A/58/*'.")]
Limit = Annotated[int, typer.Option("--limit", "-n", min=1, help="Number of results.")]
DEFAULT_ARCHIVE = Path(os.environ.get("HEXAGLOT_ARCHIVE", "hexaglot-archive"))


def _fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False)
    return typer.Exit(code)


def _run(fn: Callable[[], Any]) -> Any:
    try:
        return fn()
    except HexaglotError as exc:
        raise _fail(str(exc)) from None


def _json(record: Any) -> None:
    sys.stdout.write(json.dumps(asdict(record) if is_dataclass(record) else record, ensure_ascii=False) + "\n")


def _filters(organ: str | None, session: int | None, year: int | None, doc_type: str | None,
             agenda: str | None, country: str | None, symbol: str | None) -> dict[str, Any]:
    return {"organ": organ, "session": session, "year": year, "doc_type": doc_type, "agenda": agenda,
            "country": country, "symbol": symbol}


def _bold(snippet: str) -> str:
    """``<b>x</b>`` snippets → rich markup."""
    import html

    text = escape(html.unescape(snippet.replace("<b>", "\x00").replace("</b>", "\x01")))
    return text.replace("\x00", "[bold yellow]").replace("\x01", "[/]")


def _open(archive: Path, create: bool = False):  # type: ignore[no-untyped-def]
    import hexaglot.archive

    return _run(lambda: hexaglot.archive.open(archive, create=create))


def _rich_progress() -> Any:
    """A rich bar (documents, documents/s, ETA) behind the ingester's progress calls."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from hexaglot.ingest.runner import Progress as Base

    class RichProgress(Base):
        def __init__(self) -> None:
            self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                TextColumn("[cyan]{task.fields[rate]}"), TimeElapsedColumn(),
                                TextColumn("ETA"), TimeRemainingColumn(), console=err)
            self.task: Any = None

        def start(self, label: str, total: int) -> None:
            if total:
                self.bar.start()  # one live display for every phase; close() ends it
                self.task = self.bar.add_task(label, total=total, rate="")

        def advance(self, n: int = 1) -> None:
            if self.task is not None:
                self.bar.advance(self.task, n)
                speed = self.bar.tasks[-1].speed
                self.bar.update(self.task, rate=f"{speed:.1f}/s" if speed else "")

        def stop(self) -> None:
            self.task = None

        def close(self) -> None:
            self.bar.stop()

    return RichProgress()


def ingest_cmd(
    paths: Annotated[list[Path] | None, typer.Argument(help="Files or folders to ingest (recursively).")] = None,
    archive: ArchiveOpt = DEFAULT_ARCHIVE,
    pair: Annotated[list[str] | None, typer.Option("--pair", help="Pre-segmented text, one sentence a line: "
                                                   "LANG:FILE (give two or more).")] = None,
    doc_id: Annotated[str | None, typer.Option("--doc-id", help="Document id for --pair.")] = None,
    aligned: Annotated[bool, typer.Option("--aligned", help="--pair files are line-parallel already.")] = False,
    catalogue: Annotated[list[Path] | None, typer.Option("--catalogue", help="UN Digital Library MARC21 XML.")] = None,
    manifest: Annotated[Path | None, typer.Option("--manifest", help="TSV: doc_id, lang, path.")] = None,
    workers: Annotated[int | None, typer.Option("--workers", "-j", help="Processes (default: the cores).")] = None,
    embeddings: Annotated[bool, typer.Option("--embeddings/--no-embeddings", help="Sentence embeddings in alignment.")] = True,
    from_parquet: Annotated[Path | None, typer.Option("--from-parquet", help="Load the OUTPUT of `hexaglot batch` "
                                                      "(Parquet tables) instead of processing files.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Ingest documents, pre-segmented parallel text and catalogue records; incremental."""
    if pair and paths:  # `--pair de:a.txt fr:b.txt`: the values after the first come as PATHs
        extra = [p for p in paths if re.match(r"^[a-z]{2,3}:", str(p)) and not p.exists()]
        pair = [*pair, *map(str, extra)]
        paths = [p for p in paths if p not in extra]
    if not paths and not pair and not catalogue and not from_parquet:
        raise _fail("nothing to ingest: give PATHs, --pair LANG:FILE ..., --catalogue FILE or --from-parquet DIR")
    a = _open(archive, create=True)
    from hexaglot.ingest.runner import IngestReport

    report = IngestReport()
    progress = None if as_json else _rich_progress()
    if paths:
        report.add(_run(lambda: a.ingest(paths, manifest=manifest, workers=workers, embeddings=embeddings,
                                         progress=progress)))
    if pair:
        files = {}
        for item in pair:
            lang, sep, file = item.partition(":")
            if not sep or not file:
                raise _fail(f"--pair {item}: expected LANG:FILE")
            files[lang] = file
        report.add(_run(lambda: a.ingest_pairs(files, doc_id=doc_id, aligned=aligned, embeddings=embeddings,
                                               progress=progress)))
    for cat in catalogue or []:
        report.catalogue_records += _run(lambda cat=cat: a.ingest_catalogue(cat))
    if from_parquet:
        report.add(_run(lambda: a.ingest_parquet(from_parquet, progress=progress)))
    a.close()
    if progress is not None:
        progress.close()
    if as_json:
        _json(report)
    else:
        table = Table(title=f"ingest → {archive}", show_header=False, title_justify="left")
        table.add_column("", style="bold cyan")
        table.add_column("", justify="right")
        for label, value in (("files seen", report.files_seen), ("unchanged (skipped)", report.files_unchanged),
                             ("processed", report.files_processed), ("documents written", report.documents_written),
                             ("sentences written", report.sentences_written),
                             ("alignments written", report.alignments_written),
                             ("catalogue records", report.catalogue_records), ("errors", len(report.errors))):
            table.add_row(label, str(value))
        out.print(table)
    for e in report.errors:
        err.print(f"[bold red]error:[/] {escape(e)}", highlight=False)
    if report.errors:
        raise typer.Exit(2)


def search_cmd(
    query: Annotated[str, typer.Argument(help='Words, "phrases", AND/OR/NOT, -word, prefix*.')],
    archive: ArchiveOpt = DEFAULT_ARCHIVE, lang: LangFilter = None, organ: Organ = None, session: Session = None,
    year: Year = None, doc_type: DocType = None, agenda: Agenda = None, country: Country = None,
    symbol: SymbolOpt = None, limit: Limit = 20,
    documents: Annotated[bool, typer.Option("--documents", help="One result per document.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Full-text search in the six languages, with highlighted snippets and facet counts."""
    a = _open(archive)
    res = _run(lambda: a.search(query, lang=lang, limit=limit, documents=documents,
                                **_filters(organ, session, year, doc_type, agenda, country, symbol)))
    a.close()
    if as_json:
        _json(res)
        return
    table = Table(title=f"{res.total} sentences match {query!r}", title_justify="left")
    for col in ("document", "lang", "date", "snippet"):
        table.add_column(col, overflow="fold", no_wrap=col != "snippet")
    for h in res.hits:
        doc = (h.symbol or h.doc_id) + (f" ({h.matches})" if documents else "")
        table.add_row(escape(doc), h.lang, h.date or "", _bold(h.snippet))
    out.print(table)
    facets = "  ".join(f"[bold]{k}[/]: " + ", ".join(f"{escape(v)} {n}" for v, n in vals.items())
                       for k, vals in res.facets.items() if vals)
    if facets:
        out.print(facets)


def concordance_cmd(
    query: Annotated[str, typer.Argument(help="What to look up in the source language.")],
    src: Annotated[str, typer.Option("--src", help="Source language.")],
    tgt: Annotated[str, typer.Option("--tgt", help="Target language.")],
    archive: ArchiveOpt = DEFAULT_ARCHIVE, organ: Organ = None, session: Session = None, year: Year = None,
    doc_type: DocType = None, agenda: Agenda = None, country: Country = None, symbol: SymbolOpt = None,
    limit: Limit = 20,
    sort: Annotated[str, typer.Option("--sort", help="relevance, score or date.")] = "relevance",
    min_score: Annotated[float, typer.Option("--min-score", help="Lowest alignment score shown.")] = 0.0,
    as_json: JsonOpt = False,
) -> None:
    """Bilingual concordance: matching source sentences (KWIC) beside their aligned translations."""
    a = _open(archive)
    lines = _run(lambda: a.concordance(query, src=src, tgt=tgt, limit=limit, sort=sort, min_score=min_score,
                                       **_filters(organ, session, year, doc_type, agenda, country, symbol)))
    a.close()
    if as_json:
        for line in lines:
            _json(line)
        return
    out.print(f"[bold]{escape(query)}[/] {src}→{tgt}: {len(lines)} lines")
    width = 50
    for x in lines:
        left = x.left[-width:].rjust(width)
        out.print(f"{escape(left)}[bold yellow]{escape(x.match)}[/]{escape(x.right[:width])}", highlight=False)
        out.print(f"    [green]{escape(x.target)}[/]  [dim]{x.score:.2f} {escape(x.symbol or x.doc_id)} "
                  f"{x.date or ''}[/]", highlight=False)


def show_cmd(
    symbol: Annotated[str, typer.Argument(help="Document symbol or id.")],
    archive: ArchiveOpt = DEFAULT_ARCHIVE,
    langs: Annotated[str | None, typer.Option("--langs", help="Two languages side by side, e.g. fr,en.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """A document's metadata and its aligned versions side by side."""
    a = _open(archive)
    doc = _run(lambda: a.document(symbol))
    chosen = langs.split(",") if langs else sorted(doc.versions, key=lambda x: (x != "en", x))[:2]
    pairs = _run(lambda: a.aligned(symbol, chosen[0], chosen[1])) if len(chosen) >= 2 else []
    a.close()
    if as_json:
        _json({"document": asdict(doc), "pairs": [asdict(p) for p in pairs]})
        return
    out.print(f"[bold]{escape(doc.symbol or doc.id)}[/] {escape(doc.title or '')}  {doc.date or ''}  "
              f"languages: {', '.join(doc.versions) or 'none (catalogue only)'}")
    if len(chosen) >= 2 and pairs:
        table = Table(show_lines=True)
        table.add_column(chosen[0], overflow="fold", ratio=1)
        table.add_column(chosen[1], overflow="fold", ratio=1)
        table.add_column("score", justify="right")
        for p in pairs:
            table.add_row(escape(p.src), escape(p.tgt), f"{p.score:.2f}")
        out.print(table)
    elif chosen and chosen[0] in doc.versions:
        for s in doc.versions[chosen[0]].sentences:
            out.print(escape(s))


def refs_cmd(
    symbol: Annotated[str, typer.Argument(help="Document symbol or id.")],
    archive: ArchiveOpt = DEFAULT_ARCHIVE, as_json: JsonOpt = False,
) -> None:
    """What a document cites and what cites it."""
    a = _open(archive)
    r = _run(lambda: a.refs(symbol))
    a.close()
    if as_json:
        _json(r)
        return
    table = Table(title=f"references of {symbol}", title_justify="left")
    table.add_column("direction")
    table.add_column("document")
    table.add_column("kind")
    for target, kind in r.cites:
        table.add_row("cites", escape(target), kind)
    for source, kind in r.cited_by:
        table.add_row("cited by", escape(source), kind)
    out.print(table)


def export_cmd(
    out_path: Annotated[Path, typer.Argument(metavar="OUT", help="Output file (a folder for xml; a prefix for moses).")],
    src: Annotated[str, typer.Option("--src", help="Source language.")],
    tgt: Annotated[str, typer.Option("--tgt", help="Target language.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="tmx, moses, jsonl or xml.")] = "tmx",
    archive: ArchiveOpt = DEFAULT_ARCHIVE, organ: Organ = None, session: Session = None, year: Year = None,
    doc_type: DocType = None, agenda: Agenda = None, country: Country = None, symbol: SymbolOpt = None,
    min_score: Annotated[float, typer.Option("--min-score", help="Lowest alignment score exported.")] = 0.0,
    region_tags: Annotated[bool, typer.Option("--region-tags", help="TMX: locale tags (fr-FR, en-GB, zh-CN, "
                                              "...) instead of language codes, for CAT tools.")] = False,
    locale: Annotated[str | None, typer.Option("--locale", metavar="LANG=TAG,...",
                                               help="TMX: the tag of each language, e.g. fr=fr-CA,en=en-US "
                                                    "(others: code, or region tag with --region-tags).")] = None,
) -> None:
    """Export aligned pairs for CAT tools and MT toolkits (streaming)."""
    a = _open(archive)
    n = _run(lambda: a.export(out_path, src=src, tgt=tgt, format=fmt, min_score=min_score, locales=locale,
                              region_tags=region_tags,
                              **_filters(organ, session, year, doc_type, agenda, country, symbol)))
    a.close()
    err.print(f"{n} pairs {src}→{tgt} written to {out_path} ({fmt})")


def reindex_cmd(archive: ArchiveOpt = DEFAULT_ARCHIVE) -> None:
    """Rebuild the search index from the database."""
    a = _open(archive)
    n = _run(a.reindex)
    a.close()
    err.print(f"{n} sentences indexed")


def register(app: typer.Typer) -> None:
    """Add the archive commands to the ``hexaglot`` app."""
    app.command("ingest")(ingest_cmd)
    app.command("search")(search_cmd)
    app.command("concordance")(concordance_cmd)
    app.command("show")(show_cmd)
    app.command("refs")(refs_cmd)
    app.command("export")(export_cmd)
    app.command("reindex")(reindex_cmd)
