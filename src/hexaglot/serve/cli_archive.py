"""The archive commands of ``hexaglot``: ingest, search, concordance, refs, export, reindex.

A thin layer over :mod:`hexaglot.archive`: each command opens the archive, calls one method and
prints the records it returns (``--json``: see :mod:`hexaglot.serve.cli_common`). Wired in by ``register(app)``.
"""

from __future__ import annotations

import re
import shlex
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from hexaglot.errors import HexaglotError
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
from hexaglot.serve.kwic import print_concordance
from hexaglot.wording import counted, type_name

out = Console(soft_wrap=False)
err = Console(stderr=True, soft_wrap=True)

IngestArchiveOpt = Annotated[Path, typer.Option("--archive", "-a", envvar="HEXAGLOT_ARCHIVE",
                                                help="Archive folder (created on first ingest).")]
JsonLines = Annotated[bool, typer.Option("--json", help=JSON_LINES)]
JsonObject = Annotated[bool, typer.Option("--json", help=JSON_OBJECT)]
LangFilter = Annotated[str | None, typer.Option("--lang", "--langs", help="Language of the sentences (ar, zh, en, fr, ru, es, ...).")]
Organ = Annotated[str | None, typer.Option("--organ", help="GA, SC, ECOSOC, HRC, ...")]
Session = Annotated[int | None, typer.Option("--session", help="Session number, e.g. 58.")]
Year = Annotated[int | None, typer.Option("--year", help="Year of the document.")]
DocType = Annotated[str | None, typer.Option("--type", help="Document type, e.g. letter, report, resolution.")]
Agenda = Annotated[str | None, typer.Option("--agenda", help="Agenda item, e.g. 74.")]
Country = Annotated[str | None, typer.Option("--country", help="Sender country, ISO alpha-2 (RU).")]
SymbolOpt = Annotated[str | None, typer.Option(
    "--symbol", help="A document (its symbol or id, as `documents` lists it), or a glob such as 'A/58/*'.")]
Limit = Annotated[int, typer.Option("--limit", "-n", min=1, help="Number of results.")]
KIND_NAMES = "prose, titles, footnotes, cells or all, comma-separated"


def _fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False)
    return typer.Exit(code)


def _run(fn: Callable[[], Any]) -> Any:
    try:
        return fn()
    except HexaglotError as exc:
        raise _fail(str(exc)) from None


def _json(record: Any) -> None:
    emit_object(record)


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

    if not create:
        return open_archive(archive)
    return _run(lambda: hexaglot.archive.open(archive, create=True))


def _rich_progress() -> Any:
    """A rich bar (documents, documents/s, ETA) behind the ingester's progress calls; None when
    stderr is no terminal (a log gets the command's summary, not the bars' last frames)."""
    if not err.is_terminal:
        return None
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
    paths: Annotated[list[Path] | None, typer.Argument(help="Files or folders to ingest (recursively).", readable=False)] = None,
    archive: IngestArchiveOpt = DEFAULT_ARCHIVE,
    pair: Annotated[list[str] | None, typer.Option("--pair", help="Pre-segmented text, one sentence a line: "
                                                   "LANG:FILE (give two or more).")] = None,
    doc_id: Annotated[str | None, typer.Option("--doc-id", help="Document id for --pair.")] = None,
    aligned: Annotated[bool, typer.Option("--aligned", help="--pair files are line-parallel already: line i pairs "
                                                  "with line i (as many lines each; a line blank in some files only is refused).")] = False,
    catalogue: Annotated[list[Path] | None, typer.Option("--catalogue", help="UN Digital Library MARC21 XML.")] = None,
    manifest: Annotated[Path | None, typer.Option("--manifest", help="TSV: doc_id, lang, path a line (paths "
                                                  "relative to it, under the PATHs); groups files into documents "
                                                  "for any layout. Without PATHs, its own folder is ingested.")
                        ] = None,
    exclude: Annotated[list[str] | None, typer.Option("--exclude", metavar="GLOB", help="Leave out files whose "
                                                      "path below the folder, name or folder matches GLOB "
                                                      "(repeatable).")] = None,
    workers: Annotated[int | None, typer.Option("--workers", "-j", help="Processes (default: the cores).")] = None,
    embeddings: Annotated[bool, typer.Option("--embeddings/--no-embeddings", help="Sentence embeddings in alignment.")] = True,
    from_parquet: Annotated[Path | None, typer.Option("--from-parquet", help="Load the OUTPUT of `hexaglot batch` "
                                                      "(Parquet tables) instead of processing files.")] = None,
    as_json: JsonObject = False,
) -> None:
    """Ingest documents, pre-segmented parallel text and catalogue records; incremental.

    Files of one folder named x.fr.pdf, x.en.pdf make one document, and so do files that give the
    same UN symbol; --manifest groups any other layout. LICENSE*, README* and PROVENANCE* files
    found in a folder are skipped. Ctrl-C stops at once: re-run the same command to resume."""
    if pair and paths:  # `--pair de:a.txt fr:b.txt`: the values after the first come as PATHs
        extra = [p for p in paths if re.match(r"^[a-zA-Z]{2,3}:", str(p)) and not p.exists()]
        pair = [*pair, *map(str, extra)]
        paths = [p for p in paths if p not in extra]
    if manifest and not paths:  # the manifest's own folder, as `ingest FOLDER --manifest FOLDER/m.tsv` reads it
        paths = [_manifest_root(manifest)]
        err.print(f"note: no PATHs given: ingesting the manifest's folder, {escape(str(paths[0]))}",
                  highlight=False)
    if not paths and not pair and not catalogue and not from_parquet:
        raise _fail("nothing to ingest: give PATHs, --pair LANG:FILE ..., --catalogue FILE or --from-parquet DIR "
                    "(--manifest FILE ingests its own folder, or the PATHs given)")
    for given in [*(paths or []), *(catalogue or []), *([manifest] if manifest else [])]:
        if not given.exists():  # before an archive is made for nothing
            raise _fail(f"{given}: no such file or folder")
    if catalogue:  # a --catalogue without MARC21 records (a TMX, a TBX) is refused before anything is made
        from hexaglot.ingest.catalogue import check_marc

        for cat in catalogue:
            _run(lambda cat=cat: check_marc(cat))
    if manifest and paths:  # a bad manifest line too
        from hexaglot.ingest import plan

        _run(lambda: plan(paths, manifest, exclude or []))
    a = _open(archive, create=True)
    progress = None if as_json else _rich_progress()
    try:
        report = _ingest_all(a, paths, pair, doc_id, aligned, catalogue, manifest, exclude or [], workers,
                             embeddings, from_parquet, progress)
    except KeyboardInterrupt:
        if progress is not None:
            progress.close()  # the live display ends and the cursor comes back
        a.close()
        err.print("interrupted: re-run the same command to resume", highlight=False)
        raise typer.Exit(130) from None
    except BaseException:
        if progress is not None:
            progress.close()
        raise
    a.close()
    if progress is not None:
        progress.close()
    _print_ingest(report, archive, as_json)
    for e in report.errors:
        err.print(f"[bold red]error:[/] {escape(e)}", highlight=False)
    for c in report.conflicts:  # an error as a failed file is: exit 2, named, nothing silently dropped
        err.print(f"[bold red]error:[/] {escape(c)}", highlight=False)
    if report.errors or report.conflicts:
        raise typer.Exit(2)
    if paths and not report.files_seen and not report.documents_written and not report.catalogue_records:
        from hexaglot.read.base import readable_names

        n = report.files_skipped
        skipped = f" ({counted(n, 'file')} skipped: not documents)" if n else ""
        raise _fail(f"no document found in {', '.join(map(str, paths))}{skipped}: Hexaglot reads the files "
                    f"named {readable_names()}")


def _manifest_root(manifest: Path) -> Path:
    """The folder ``ingest --manifest FILE`` reads without PATHs: the manifest's own, whose files must
    all be under it (README: a manifest's paths are relative to it and under the PATHs); one outside
    is an error that says to give the PATHs."""
    from hexaglot.ingest.walk import read_manifest

    if not manifest.is_file():
        raise _fail(f"{manifest}: no such file" if not manifest.exists() else
                    f"{manifest}: is a folder, not a manifest")
    root = manifest.parent
    top = root.resolve()
    listed = _run(lambda: read_manifest(manifest))  # a bad line: its error, before anything is made
    outside = [f for f in listed if top not in Path(f).parents]
    if outside:
        example = " ".join(shlex.quote(str(x)) for x in (Path(outside[0]).parent, root))
        raise _fail(f"{manifest} names {outside[0]}, outside its own folder {top}: give the folders that hold its "
                    f"files, e.g. hexaglot ingest {example} --manifest {shlex.quote(str(manifest))}")
    return root


def _ingest_all(a: Any, paths: list[Path] | None, pair: list[str] | None, doc_id: str | None, aligned: bool,
                catalogue: list[Path] | None, manifest: Path | None, exclude: list[str], workers: int | None,
                embeddings: bool, from_parquet: Path | None, progress: Any) -> Any:
    from hexaglot.ingest.runner import IngestReport

    report = IngestReport()
    if paths:
        report.add(_run(lambda: a.ingest(paths, manifest=manifest, workers=workers, embeddings=embeddings,
                                         progress=progress, exclude=exclude)))
    if pair:
        files = {}
        for item in pair:
            lang, sep, file = item.partition(":")
            if not sep or not file:
                raise _fail(f"--pair {item}: expected LANG:FILE")
            if lang.strip().lower() in files:
                raise _fail(f"--pair {item}: the {lang} file is given twice ({files[lang.strip().lower()]} and {file})")
            files[lang.strip().lower()] = file
        report.add(_run(lambda: a.ingest_pairs(files, doc_id=doc_id, aligned=aligned, embeddings=embeddings,
                                               progress=progress)))
    for cat in catalogue or []:
        report.catalogue_records += _run(lambda cat=cat: a.ingest_catalogue(cat))
    if from_parquet:
        report.add(_run(lambda: a.ingest_parquet(from_parquet, progress=progress)))
    return report


def _print_ingest(report: Any, archive: Path, as_json: bool) -> None:
    """The summary: one JSON object, or a table that counts every file once."""
    if as_json:
        _json(report)
        return
    table = Table(title=f"ingest → {archive}", show_header=False, title_justify="left")
    table.add_column("", style="bold cyan")
    table.add_column("", justify="right")
    for label, value in (("files seen", report.files_seen), ("  new or changed", report.files_new),
                         ("  unchanged (skipped)", report.files_unchanged),
                         ("  duplicates (another copy)", report.files_duplicate),
                         ("  conflicts (not stored)", report.files_conflict), ("  failed", report.files_failed),
                         ("skipped (not a document)", report.files_skipped),
                         ("documents written", report.documents_written),
                         ("sentences written", report.sentences_written),
                         ("alignments written", report.alignments_written),
                         ("catalogue records", report.catalogue_records), ("errors", len(report.errors))):
        table.add_row(label, str(value))
    print_table(out, table)
    for d in report.duplicates:
        err.print(f"[dim]duplicate:[/] {escape(d)}", highlight=False)
    for w in report.warnings:
        err.print(f"[yellow]warning:[/] {escape(w)}", highlight=False)


def search_cmd(
    query: Annotated[str, typer.Argument(help='Words, "phrases", AND/OR/NOT, -word, prefix*.')],
    archive: ArchiveOpt = DEFAULT_ARCHIVE,
    lang: Annotated[str | None, typer.Option("--lang", "--langs", help="Languages of the hits: xx or xx,yy (the query's "
                                             "own language is detected).")] = None,
    mode: Annotated[str, typer.Option("--mode", help="words (full text), meaning (sentence vectors, across "
                                      "languages) or both (the two rankings fused).")] = "words",
    beside: Annotated[str, typer.Option("--beside", help="meaning/both: the language of the aligned sentence "
                                        "shown beside each hit.")] = "en",
    min_similarity: Annotated[float | None, typer.Option(
        "--min-similarity", min=0.0, max=1.0, help="meaning/both: the lowest cosine a hit needs (default 0.40 for "
        "a few words, 0.50 for a sentence; 0 lists the nearest whatever they share).")] = None,
    organ: Organ = None, session: Session = None,
    year: Year = None, doc_type: DocType = None, agenda: Agenda = None, country: Country = None,
    symbol: SymbolOpt = None, limit: Limit = 20,
    documents: Annotated[bool, typer.Option("--documents", help="One result per document.")] = False,
    kind: Annotated[str | None, typer.Option("--kind", "--units", help=f"Kinds of text: {KIND_NAMES} (default: all).")] = None,
    facets_only: Annotated[bool, typer.Option("--facets", help="Only the number of matches and the facet "
                                              "counts (with --json: one object).")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines, one hit per line (with --facets: one "
                                          "object).")] = False,
) -> None:
    """Search the six languages by words, by meaning or both, with snippets and facet counts."""
    a = _open(archive)
    filters = _filters(organ, session, year, doc_type, agenda, country, symbol)
    res = _run(lambda: a.search(query, lang=lang, limit=limit, documents=documents, kind=kind, mode=mode,
                                beside=beside, min_similarity=min_similarity, **filters))
    a.close()
    if as_json:
        if facets_only:
            emit_object({"query": res.query, "total": res.total, "facets": res.facets})
        else:
            emit_lines(res.hits)
        return
    if facets_only:
        out.print(f"{counted(res.total, 'sentence')} {_match(res.total)} {escape(repr(query))}", highlight=False)
        print_facets(res.facets)
        return
    if res.document:
        err.print(f"no sentence holds {query!r}, but it names a document of the archive: "
                  f"hexaglot show {shlex.quote(res.document)}", highlight=False)
        return
    if res.unfiltered:  # no empty table: the filters removed every hit
        flags = " ".join(f"--{'type' if k == 'doc_type' else k} {v}" for k, v in filters.items() if v is not None)
        out.print(f"no sentence matches {query!r} with {flags}; {counted(res.unfiltered, 'sentence')} "
                  f"{_match(res.unfiltered)} without these filters", highlight=False)
        return
    if res.cited_by:
        err.print(f"no sentence holds {query!r}, but {counted(len(res.cited_by), 'document')} of the archive "
                  f"{'cites' if len(res.cited_by) == 1 else 'cite'} it: {', '.join(res.cited_by[:5])}"
                  f"{' …' if len(res.cited_by) > 5 else ''} (hexaglot refs {shlex.quote(query)})", highlight=False)
        return
    if res.hint:
        err.print(f"note: {res.hint} (--mode words or --mode both)", highlight=False)
    if res.unembedded:
        err.print(f"note: {res.unembedded} sentences have no vector yet, so the meaning search cannot reach them: "
                  "run hexaglot embed", highlight=False)
    if not res.hits and res.floor is not None:
        words = res.mode == "both"
        out.print(f"{'no sentence holds these words, and ' if words else ''}nothing in the archive is close in "
                  f"meaning to {escape(repr(query))} (no sentence reaches similarity {res.floor:.2f}); try other "
                  f"words{'' if words else ', or --mode words'}", highlight=False)
        return
    shown = (f"; {counted(len(res.hits), 'document')} shown" if documents and res.hits else
             f"; the first {len(res.hits)} shown" if 0 < len(res.hits) < res.total else "")
    title = f"{counted(res.total, 'sentence')} {_match(res.total)} {query!r}{shown}"
    if not res.hits:  # the count alone: no empty table frame under it
        out.print(escape(title), highlight=False)
        print_facets(res.facets)
        return
    table = Table(title=escape(title), title_justify="left")  # a query such as '[dignity]' is no markup
    for col in ("document", "lang", "date", "kind", "snippet"):
        table.add_column(col, overflow="fold", no_wrap=col != "snippet")
    for h in res.hits:
        doc = (h.symbol or h.doc_id) + (f" ({h.matches})" if documents else "")
        snippet = _bold(h.snippet) + (f"\n[dim]{h.aligned_lang}: {escape(h.aligned)}[/]" if h.aligned else "")
        table.add_row(escape(doc), h.lang, h.date or "", h.kind, snippet)
    print_table(out, table)
    print_facets(res.facets)


def print_facets(facets: dict[str, dict[str, int]]) -> None:
    """The facet counts on one line; a type as it is typed ("draft resolution", not its code)."""
    def shown(name: str, value: str) -> str:
        return type_name(value) if name == "type" else value

    line = "  ".join(f"[bold]{k}[/]: " + ", ".join(f"{escape(shown(k, v))} {n}" for v, n in vals.items())
                     for k, vals in facets.items() if vals)
    if line:
        out.print(line, highlight=False)


def concordance_cmd(
    query: Annotated[str, typer.Argument(help="What to look up in the source language.")],
    src: Annotated[str, typer.Option("--src", help="Source language.")],
    tgt: Annotated[str, typer.Option("--tgt", help="Target language.")],
    archive: ArchiveOpt = DEFAULT_ARCHIVE, organ: Organ = None, session: Session = None, year: Year = None,
    doc_type: DocType = None, agenda: Agenda = None, country: Country = None, symbol: SymbolOpt = None,
    limit: Limit = 20,
    sort: Annotated[Literal["relevance", "score", "date"], typer.Option("--sort", help="Order of the lines.")
                    ] = "relevance",
    min_score: Annotated[float, typer.Option(
        "--min-score", help="Lowest alignment score shown (the probability that the pair is exactly right).")] = 0.0,
    kind: Annotated[str | None, typer.Option("--kind", "--units", help=f"Kinds of text: {KIND_NAMES} (default: prose).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines, one concordance line per line.")] = False,
) -> None:
    """Bilingual concordance: matching source sentences (KWIC) beside their aligned translations."""
    a = _open(archive)
    filters = _filters(organ, session, year, doc_type, agenda, country, symbol)
    # one line more than asked: whether more match than are shown
    lines = _run(lambda: a.concordance(query, src=src, tgt=tgt, limit=limit + 1, sort=sort, min_score=min_score,
                                       kind=kind, **filters))
    why = "" if lines or as_json else _run(lambda: a.concordance_empty(query, src=src, tgt=tgt, min_score=min_score,
                                                                       kind=kind, **filters))
    a.close()
    more, lines = len(lines) > limit, lines[:limit]
    if as_json:
        emit_lines(lines)
        return
    print_concordance(out, query, src, tgt, lines, more=more, why=why)




def _match(n: int) -> str:
    return "matches" if n == 1 else "match"


def refs_cmd(
    symbol: Annotated[str, typer.Argument(help="Document symbol or id.")],
    archive: ArchiveOpt = DEFAULT_ARCHIVE, as_json: JsonObject = False,
) -> None:
    """What a document cites and what cites it."""
    a = _open(archive)
    r = _run(lambda: a.refs(symbol))
    a.close()
    if not r.doc_id and not r.cited_by:
        raise fail(f"{symbol}: no such document in the archive, and no stored document cites it")
    if as_json:
        _json(r)
        return
    if not r.cites and not r.cited_by:
        out.print(f"{escape(symbol)} cites no document, and no stored document cites it", highlight=False)
        return
    table = Table(title=f"references of {symbol}", title_justify="left")
    table.add_column("direction")
    table.add_column("document")
    table.add_column("in the archive")
    kinds = {k for _, k in (*r.cites, *r.cited_by)} != {"cites"}  # a catalogue's relations: say which
    if kinds:
        table.add_column("relation")
    for direction, rows in (("cites", r.cites), ("cited by", r.cited_by)):
        for doc, kind in rows:
            title = r.titles.get(doc)
            held = "no" if title is None else (escape(title) if title else "yes")
            table.add_row(direction, escape(doc), held, *([kind] if kinds else []))
    print_table(out, table)


def export_cmd(
    out_path: Annotated[Path | None, typer.Argument(
        metavar="OUT", help="Output file, whose extension chooses the format unless -f does (.tmx, .jsonl or "
        ".json, .xlf or .xliff; another or none: tmx); a prefix for moses (OUT.<src>, OUT.<tgt>); a folder for xml "
        "(OUT/<lang>/<doc>.xml, OUT/links/...); - for standard output with tmx, jsonl and xliff. Or give it with "
        "-o, as terms and pretranslate do.")] = None,
    src: Annotated[str, typer.Option("--src", help="Source language.")] = ...,
    tgt: Annotated[str, typer.Option("--tgt", help="Target language.")] = ...,
    fmt: Annotated[Literal["tmx", "jsonl", "xliff", "moses", "xml"] | None, typer.Option(
        "--format", "-f", help="Output format (default: OUT's extension, else tmx): tmx (TMX 1.4b), jsonl, xliff "
        "(XLIFF 1.2, one <file> per document), moses (two plain-text files, OUT.<src> and OUT.<tgt>) or xml "
        "(a FOLDER in the UN Parallel Corpus layout: OUT/<lang>/<doc>.xml and OUT/links/<src>-<tgt>/<doc>.lnk). "
        "A format that OUT's extension contradicts is refused.")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="The output (instead of OUT).")] = None,
    archive: ArchiveOpt = DEFAULT_ARCHIVE, organ: Organ = None, session: Session = None, year: Year = None,
    doc_type: DocType = None, agenda: Agenda = None, country: Country = None, symbol: SymbolOpt = None,
    min_score: Annotated[float, typer.Option(
        "--min-score", help="Lowest alignment score exported (the probability that the pair is exactly right).")
    ] = 0.0,
    units: Annotated[str | None, typer.Option("--units", "--kind", help=f"Kinds of text: {KIND_NAMES} (default: prose). "
                                              "Moses writes one file pair per kind when given several "
                                              "(none for a kind without units).")] = None,
    region_tags: Annotated[bool, typer.Option("--region-tags", help="TMX and XLIFF: locale tags (fr-FR, en-GB, "
                                              "zh-CN, ...) instead of language codes, for CAT tools.")] = False,
    locale: Annotated[str | None, typer.Option("--locale", metavar="LANG=TAG,...",
                                               help="TMX and XLIFF: the tag of each language, e.g. "
                                                    "fr=fr-CA,en=en-US (others: code, or region tag with "
                                                    "--region-tags).")] = None,
    clean: Annotated[bool, typer.Option("--clean", help="Drop units that help no translator (contents lines, "
                                        "numbers only, untranslated, implausible lengths, duplicates) and strip "
                                        "paragraph numbers; prints what was dropped and why.")] = False,
) -> None:
    """Export aligned pairs for CAT tools and MT toolkits (streaming): TMX, XLIFF, JSONL, Moses or XML.

    The format follows OUT's extension (out.tmx, out.jsonl, out.xlf) unless -f names one; without
    either it is TMX. An export that matches no pair still writes its (empty) file, and says why on
    stderr."""
    from hexaglot.export.base import choose_format, format_of_name
    from hexaglot.export.clean import CleanReport

    if out_path is None and output is None:
        raise _fail("no output given: export ... OUT, or export ... -o OUT (- for standard output)")
    if out_path is not None and output is not None:
        raise _fail("give the output once: export ... OUT, or export ... -o OUT")
    out_path = out_path or output
    assert out_path is not None
    to_stdout = str(out_path) == "-"
    chosen: str = _run(lambda: choose_format(out_path, fmt))
    if to_stdout and chosen in ("moses", "xml"):
        raise _fail(f"{chosen} writes several files: give a {'file prefix' if chosen == 'moses' else 'folder'}, "
                    "not -")
    filters = _filters(organ, session, year, doc_type, agenda, country, symbol)
    a = _open(archive)
    report = CleanReport()
    written: dict[str, int] = {}  # Moses: lines per kind
    try:
        with tempfile.TemporaryDirectory(prefix="hexaglot-export-") as tmp:
            target = Path(tmp) / f"pairs.{chosen}" if to_stdout else out_path
            n = _run(lambda: a.export(target, src=src, tgt=tgt, format=chosen, min_score=min_score, units=units,
                                      locales=locale, region_tags=region_tags, clean=clean, clean_report=report,
                                      kinds_written=written, **filters))
            if to_stdout:  # "-": the file is written whole (TMX needs its footer), then copied to stdout
                with target.open("rb") as fh:
                    shutil.copyfileobj(fh, sys.stdout.buffer)
                sys.stdout.buffer.flush()
        why = "" if n else _why_no_pairs(a, src, tgt, min_score, units, filters, report if clean else None)
    finally:
        a.close()
    if clean:
        for line in report.lines():
            err.print(line, highlight=False)
    where = "standard output" if to_stdout else str(out_path)
    how = chosen if fmt or format_of_name(out_path) or to_stdout else f"{chosen}, the default"
    note, stale = _moses_kinds_note(out_path, src, tgt, written) if not to_stdout else ("", [])
    err.print(f"{counted(n, 'pair')} {src}→{tgt} written to {where} ({how}{note})", highlight=False)
    for warning in ([why] if why else []) + stale:
        err.print(f"[yellow]warning:[/] {escape(warning)}", highlight=False)


def _why_no_pairs(a: Any, src: str, tgt: str, min_score: float, units: str | None, filters: dict[str, Any],
                  report: Any) -> str:
    """Why an export wrote nothing (:func:`hexaglot.export.empty.why_empty`); ``--clean`` first, when
    it dropped every unit."""
    from hexaglot.export.empty import why_empty

    if report is not None and not report.kept and report.dropped:
        return f"--clean dropped all {counted(sum(report.dropped.values()), 'unit')} (the reasons are above)"
    try:
        return str(why_empty(a, src, tgt, min_score=min_score, units=units, **filters))
    except HexaglotError:  # the export itself has checked everything; no reason is no reason to fail
        return "no pair matches"


def _moses_kinds_note(out: Path, src: str, tgt: str, written: dict[str, int]) -> tuple[str, list[str]]:
    """``; no footnote units: no out.footnote.* files``: the kinds a Moses export of several kinds
    wrote no file pair for (``written``: its lines per kind), and a warning for each file of such a
    kind left by an earlier export."""
    from hexaglot.export.moses import moses_paths

    empty = [kind for kind, n in written.items() if not n] if len(written) > 1 else []
    if not empty:
        return "", []
    stale = [f"{f} is from an earlier export (no {kind} units this time): left as it was"
             for kind in empty for f in moses_paths(out, src, tgt, kind) if f.exists()]
    names = [f"{out.name}.{kind}.*" for kind in empty]
    return f"; no {' or '.join(empty)} units: no {', '.join(names)} files", stale


def reindex_cmd(archive: ArchiveOpt = DEFAULT_ARCHIVE) -> None:
    """Rebuild the search index from the database (and make old raw bead scores calibrated probabilities)."""
    a = _open(archive)
    rep = _run(a.recalibrate)
    n = _run(a.reindex)
    a.close()
    err.print(rep.message(), highlight=False)
    err.print(f"{n} sentences indexed")


def register(app: typer.Typer) -> None:
    """Add the archive commands to the ``hexaglot`` app."""
    app.command("ingest")(ingest_cmd)
    app.command("search")(search_cmd)
    app.command("concordance")(concordance_cmd)
    app.command("refs")(refs_cmd)
    app.command("export")(export_cmd)
    app.command("reindex")(reindex_cmd)
