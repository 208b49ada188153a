"""``hexaglot lexicon`` and ``hexaglot realign``: the archive-wide translation table and re-alignment with it."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from hexaglot.errors import HexaglotError
from hexaglot.serve.cli_common import DEFAULT_ARCHIVE, JSON_OBJECT, ArchiveOpt, emit_object, open_archive

err = Console(stderr=True, soft_wrap=True)
PairOpt = Annotated[str | None, typer.Option("--pair", metavar="xx-yy", help="One language pair (either order).")]


def _fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False)
    return typer.Exit(code)


def lexicon_cmd(
    archive: ArchiveOpt = DEFAULT_ARCHIVE,
    pair: PairOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help=JSON_OBJECT)] = False,
) -> None:
    """Learn the archive-wide translation table from the confident beads of every document (updates
    what was learnt before: only newer alignments are counted)."""
    a = open_archive(archive)
    try:
        report = a.learn_lexicon([pair] if pair else None)
    except HexaglotError as exc:
        raise _fail(str(exc)) from None
    finally:
        a.close()
    if as_json:
        emit_object(report)
    else:
        err.print(escape(report.message()), highlight=False)


def realign_cmd(
    archive: ArchiveOpt = DEFAULT_ARCHIVE,
    pair: PairOpt = None,
    doc: Annotated[str | None, typer.Option("--doc", metavar="SYMBOL", help="One document (symbol or id).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help=JSON_OBJECT)] = False,
) -> None:
    """Re-align the stored documents with the archive's lexicon (learnt first for pairs without one).
    Sentences stay; each document's beads are replaced in one transaction. Ctrl-C stops after a
    whole document: re-run the same command to resume."""
    from hexaglot.serve.cli_archive import _rich_progress

    a = open_archive(archive)
    progress = None if as_json else _rich_progress()
    try:
        report = a.realign(pair=pair, doc=doc, progress=progress)
    except HexaglotError as exc:
        raise _fail(str(exc)) from None
    except KeyboardInterrupt:
        err.print("interrupted: the documents done are re-aligned; re-run the same command to resume",
                  highlight=False)
        raise typer.Exit(130) from None
    finally:
        if progress is not None:
            progress.close()
        a.close()
    if as_json:
        emit_object(report)
    else:
        err.print(escape(report.message()), highlight=False)
    for w in report.warnings:
        err.print(f"[yellow]warning:[/] {escape(w)}", highlight=False)
    for e in report.errors:
        err.print(f"[bold red]error:[/] {escape(e)}", highlight=False)


def register(app: typer.Typer) -> None:
    """Add the lexicon commands to ``app``."""
    app.command("lexicon")(lexicon_cmd)
    app.command("realign")(realign_cmd)


