"""Browsing commands of ``hexaglot``: ``show`` (a document, up to three versions side by side),
``documents`` (list and filter, with facet counts) and ``stats`` (what the archive holds).

Thin: each calls one :class:`~hexaglot.archive.Archive` method (``aligned_rows``, ``documents``,
``statistics``), the same functions the HTTP API and the web reader use.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.cells import cell_len
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from hexaglot.errors import HexaglotError
from hexaglot.langs.codes import check_langs
from hexaglot.serve.cli_archive import (
    Agenda,
    Country,
    DocType,
    Organ,
    Session,
    SymbolOpt,
    Year,
    _filters,
    print_facets,
)
from hexaglot.serve.cli_common import (
    DEFAULT_ARCHIVE,
    JSON_OBJECT,
    ArchiveOpt,
    emit_lines,
    emit_object,
    fail,
    open_archive,
    print_table,
)
from hexaglot.serve.kwic import take_left
from hexaglot.wording import counted, type_name

out = Console(soft_wrap=False)
err = Console(stderr=True, soft_wrap=True)


def _run(a: Any, fn: Any) -> Any:
    try:
        return fn()
    except HexaglotError as exc:
        raise fail(str(exc)) from None
    finally:
        a.close()


def _choose(langs: str | None, have: list[str]) -> tuple[list[str], list[str]]:
    """``(shown, missing)``: the languages asked for that the document has, and those it lacks;
    without ``--langs``, two of its versions (English first)."""
    if langs:
        asked = list(dict.fromkeys(x.strip().lower() for x in langs.split(",") if x.strip()))
        if not 1 <= len(asked) <= 3:
            raise fail(f"--langs {langs}: give one to three languages, e.g. fr,en,ru")
        return [x for x in asked if x in have], [x for x in asked if x not in have]
    return sorted(have, key=lambda x: (x != "en", x))[:2], []


def catalogue_lines(record: dict[str, Any]) -> list[tuple[str, str]]:
    """What a catalogue record adds to a document, as (name, value) lines for the terminal: the
    catalogue's type and body, sponsors, subjects, agenda, related documents and the files of each
    language version."""
    lines: list[tuple[str, str]] = []
    for key, name in (("doc_type", "catalogue type"), ("body", "body")):
        if record.get(key):
            lines.append((name, str(record[key])))
    for key, name in (("sponsors", "sponsors"), ("subjects", "subjects")):
        if record.get(key):
            lines.append((name, "; ".join(map(str, record[key]))))
    for item in record.get("agenda") or []:
        lines.append(("agenda", " ".join(str(item[k]) for k in "abc" if item.get(k))))
    for kind, target in record.get("related") or []:
        lines.append((f"related ({kind})", str(target)))
    for label, f in (record.get("files") or {}).items():
        lines.append((f"file {label}", str(f.get("url", "")) if isinstance(f, dict) else str(f)))
    return lines


def show_cmd(
    symbol: Annotated[str, typer.Argument(help="Document symbol or id.")],
    archive: ArchiveOpt = DEFAULT_ARCHIVE,
    langs: Annotated[str | None, typer.Option("--langs", "--lang", help="One to three languages side by side, the first "
                                              "the pivot, e.g. fr,en,ru (default: an aligned pair).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help=JSON_OBJECT)] = False,
) -> None:
    """A document's metadata and up to three of its versions side by side, aligned."""
    a = open_archive(archive)

    def read() -> tuple[Any, list[str], list[str], list[Any], list[str]]:
        doc = a.document(symbol)
        if langs:  # a malformed, unknown or repeated code is one clear error; one the document lacks, a note
            check_langs({"langs": langs}, [x.strip().lower() for x in langs.split(",")])
        shown, missing = _choose(langs, list(doc.versions))
        rows = a.aligned_rows(doc.id, shown)[1] if len(shown) >= 2 else []
        return doc, shown, missing, rows, a.alignment_notes(doc.id, shown)

    doc, shown, missing, rows, notes = _run(a, read)
    have = ", ".join(doc.versions) or "none (catalogue only)"
    if missing:
        err.print(f"[yellow]note:[/] {escape(doc.symbol or doc.id)} has no {', '.join(missing)} version "
                  f"(versions: {escape(have)})", highlight=False)
    if as_json:
        emit_object({"id": doc.id, "symbol": doc.symbol, "title": doc.title, "date": doc.date,
                     "kind": doc.kind, "organs": doc.organs, "session": doc.session, "doc_type": doc.doc_type,
                     "versions": sorted(doc.versions), "langs": shown, "missing": missing, "notes": notes,
                     "rows": [{"k": r.k, "score": r.score, "kind": r.kind, "cells": [vars(c) for c in r.cells]}
                              for r in rows],
                     "sentences": doc.versions[shown[0]].sentences if len(shown) == 1 else None,
                     "catalogue": doc.catalogue})
    else:
        out.print(f"[bold]{escape(doc.symbol or doc.id)}[/] {escape(doc.title or '')}  {doc.date or ''}  "
                  f"versions: {escape(have)}", highlight=False)
        if doc.catalogue:
            for name, value in catalogue_lines(doc.catalogue):
                out.print(f"  [dim]{name}:[/] {escape(value)}", highlight=False)
        for n in notes:  # the aligner's doubts, stored with the alignment (as the ingest said them)
            err.print(f"[yellow]warning:[/] {escape(n)}", highlight=False)
        text_rows = [r for r in rows if r.kind != "cell"]  # table cells are drawn by the web reader
        if text_rows:
            table = Table(show_lines=True)
            for lang in shown:
                table.add_column(lang, overflow="fold", ratio=1)
            table.add_column("score", justify="right")
            for r in text_rows:
                table.add_row(*(escape(c.text) for c in r.cells), f"{r.score:.2f}")
            print_table(out, table)
        if len(text_rows) < len(rows):
            err.print(f"[dim]{len(rows) - len(text_rows)} aligned table cells not shown: the web reader "
                      f"draws the tables side by side; --json lists them (kind \"cell\")[/]", highlight=False)
        elif len(shown) == 1:
            for s in doc.versions[shown[0]].sentences:
                out.print(escape(s), highlight=False)
    if not shown and doc.versions:
        raise typer.Exit(2)


DOCUMENTS_LIMIT = 50  # documents listed a page by default


def documents_cmd(
    archive: ArchiveOpt = DEFAULT_ARCHIVE,
    lang: Annotated[str | None, typer.Option("--lang", "--langs", help="Only documents with a version in this language.")
                    ] = None,
    organ: Organ = None, session: Session = None, year: Year = None, doc_type: DocType = None,
    agenda: Agenda = None, country: Country = None, symbol: SymbolOpt = None,
    title: Annotated[str | None, typer.Option("--title", help="Words the title holds, each of them (case and accents "
                                              "aside): finds catalogue records, which have no text to search.")
                     ] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=10_000, help="Documents listed.")
                     ] = DOCUMENTS_LIMIT,
    page: Annotated[int, typer.Option("--page", min=1, help="Page of --limit documents.")] = 1,
    facets_only: Annotated[bool, typer.Option("--facets", help="Only the count and the facet counts (with "
                                              "--json: one object).")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines, one document per line (with --facets: "
                                          "one object).")] = False,
) -> None:
    """List the documents of the archive, newest first, filtered like search, with facet counts."""
    a = open_archive(archive)
    listing = _run(a, lambda: a.documents(lang=lang, page=page, size=limit, title=title,
                                          **_filters(organ, session, year, doc_type, agenda, country, symbol)))
    if as_json:
        if facets_only:
            emit_object({"total": listing.total, "facets": listing.facets})
        else:
            emit_lines(listing.items)
        return
    out.print(counted(listing.total, "document") + ("" if facets_only else _page_note(listing.total, page, limit,
                                                                                     len(listing.items))),
              highlight=False)
    if not facets_only and listing.items:
        table = Table(show_edge=False)
        # the title under the symbol, wrapped at words: it stays readable in 80 columns
        # the column as wide as the longest symbol (up to 40), so a symbol is never cut; a title
        # shortened to two lines of that column (show prints it whole)
        widest = min(40, max(len(d.symbol or d.id) for d in listing.items))
        table.add_column("document", overflow="fold", min_width=max(20, widest), ratio=1)
        for col in ("date", "type", "organs", "langs"):  # six languages: two lines of three
            table.add_column(col, overflow="fold", no_wrap=col in ("date", "type"),
                             max_width=8 if col == "langs" else None)
        column = _title_column(out.width, listing.items, widest)
        for d in listing.items:
            title = two_lines(d.title, column) if d.title else ""  # cut at a word, "…"
            name = f"[bold]{escape(d.symbol or d.id)}[/bold]" + (f"\n{escape(title)}" if title else "")
            table.add_row(name, d.date or "", escape(type_name(d.doc_type)), ", ".join(d.organs), " ".join(d.langs))
        print_table(out, table)
    print_facets(listing.facets)


def _title_column(width: int, items: list[Any], widest: int) -> int:
    """Cells of the document column in the documents table: what the other columns leave."""
    others = (10 + max(4, *(len(type_name(d.doc_type)) for d in items))  # date; type (or its header)
              + max(6, *(len(", ".join(d.organs)) for d in items))  # organs
              + max(5, min(8, max(len(" ".join(d.langs)) for d in items))))  # langs
    return max(widest, 20, width - others - 5 * 2 - 4)  # a cell's padding each side, the rules between


def two_lines(text: str, column: int) -> str:
    """The start of ``text`` that wraps at words into at most two lines of ``column`` cells, "…"
    where it is cut (as wide as the table wraps it, so a title never takes a third line)."""
    words = text.split()
    first: list[str] = []
    used = 0
    for k, word in enumerate(words):
        need = cell_len(word) + (1 if first else 0)
        if first and used + need > column:
            return " ".join(first) + " " + take_left(" ".join(words[k:]), column)
        first.append(word)
        used += need
    return " ".join(first)


def _page_note(total: int, page: int, limit: int, shown: int) -> str:
    """`` (showing 51–62)``, `` (showing 1–50; next: --page 2)``, or, past the last page, why
    nothing is listed."""
    pages = -(-total // limit)
    size = "" if limit == DOCUMENTS_LIMIT else f" --limit {limit}"
    if not shown:
        return f" (page {page} is past the last page, {pages})" if total else ""
    first = (page - 1) * limit
    more = f"; next: --page {page + 1}{size}" if page < pages else ""
    return f" (showing {first + 1}–{first + shown}{more})"


def stats_cmd(
    archive: ArchiveOpt = DEFAULT_ARCHIVE,
    as_json: Annotated[bool, typer.Option("--json", help=JSON_OBJECT)] = False,
) -> None:
    """What the archive holds: documents, versions and sentences per language, alignments per
    language pair, references, catalogue records and the state of the search index."""
    a = open_archive(archive)
    st = _run(a, a.statistics)
    if as_json:
        emit_object(st)
        return
    table = Table(title=f"{archive}", show_header=False, title_justify="left")
    table.add_column("", style="bold cyan")
    table.add_column("", justify="right")
    table.add_column("")
    kinds = ", ".join(f"{n} {k}" for k, n in st.kinds.items())
    table.add_row("documents", str(st.documents), kinds)
    for lang, n in st.versions.items():
        table.add_row(f"versions {lang}", str(n), f"{st.sentences.get(lang, 0)} sentences")
    table.add_row("sentences", str(sum(st.sentences.values())), "")
    for pair, n in st.alignments.items():
        table.add_row(f"aligned {pair}", str(n["documents"]), f"{n['beads']} beads")
    table.add_row("references", str(st.references), "")
    table.add_row("catalogue records", str(st.catalogue_records), "")
    pending = st.index.get("pending_documents", 0)
    table.add_row("search index", str(st.index.get("entries", 0)),
                  "entries" + (f"; {pending} document(s) waiting: run hexaglot check --repair" if pending else
                               "; up to date"))
    have, lack = st.vectors.get("with", 0), st.vectors.get("without", 0)
    table.add_row("meaning search", str(have), "sentences with a vector" + (
        f"; {lack} without: run hexaglot embed" if lack else ""))
    print_table(out, table)


def register(app: typer.Typer) -> None:
    """Add the browsing commands to ``app``."""
    app.command("show")(show_cmd)
    app.command("documents")(documents_cmd)
    app.command("stats")(stats_cmd)
