"""``hexaglot check`` and ``hexaglot backup``: archive integrity and consistent online copies."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from hexaglot.errors import HexaglotError
from hexaglot.serve.cli_common import DEFAULT_ARCHIVE, JSON_OBJECT, ArchiveOpt, open_archive

out = Console(soft_wrap=False)
err = Console(stderr=True, soft_wrap=True)


# the check's counts in words (the keys stay as they are in --json)
CHECK_COUNTS = {"index_pending": "documents waiting for the search index",
                "index_sentences": "sentences in the search index", "vectors": "sentence vectors",
                "vector_index": "in the vector index"}


def _fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False)
    return typer.Exit(code)


def _open(archive: Path) -> Any:
    return open_archive(archive)


def check_cmd(
    archive: ArchiveOpt = DEFAULT_ARCHIVE,
    repair: Annotated[bool, typer.Option("--repair", help="Re-index the documents whose search index "
                                         "entries differ from the database.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help=JSON_OBJECT)] = False,
) -> None:
    """Check the archive: SQLite integrity, no half-present document, every alignment points at
    existing sentences, the search index matches the database. Exit 0 when sound, 1 when not."""
    from hexaglot.store.check import to_json

    a = _open(archive)
    try:
        report = a.check(repair=repair)
    except HexaglotError as exc:
        raise _fail(str(exc)) from None
    finally:
        a.close()
    if as_json:
        sys.stdout.write(to_json(report) + "\n")  # never through rich: a pipe gets one clean line
    else:
        counts = ", ".join(f"{v} {CHECK_COUNTS.get(k, k)}" for k, v in report.counts.items())
        for issue in report.issues:
            style = "bold red" if issue.severity == "error" else "yellow"
            err.print(f"[{style}]{issue.severity}:[/] {escape(issue.message)}", highlight=False)
        if report.repaired:
            out.print(f"repaired the index of {len(report.repaired)} document(s)", highlight=False)
        verdict = "ok" if report.clean else ("ok (see notes above)" if report.ok else "FAILED")
        out.print(f"{archive}: {verdict} — {counts} ({report.seconds:.2f} s)", highlight=False)
    if not report.ok:
        raise typer.Exit(1)


def backup_cmd(
    dest: Annotated[Path, typer.Argument(help="New folder for the copy (must not exist, or be empty).")],
    archive: ArchiveOpt = DEFAULT_ARCHIVE,
) -> None:
    """A consistent online copy of the archive: SQLite online backup, index rebuilt in the copy,
    the copy checked. Safe while searches and an ingest run."""
    a = _open(archive)
    try:
        report = a.backup(dest)
    except HexaglotError as exc:
        raise _fail(str(exc)) from None
    finally:
        a.close()
    counts = ", ".join(f"{v} {CHECK_COUNTS.get(k, k)}" for k, v in report.counts.items())
    out.print(f"backup of {archive} written to {dest}: {counts}", highlight=False)


def register(app: typer.Typer) -> None:
    """Add the admin commands to ``app``."""
    app.command("check")(check_cmd)
    app.command("backup")(backup_cmd)
