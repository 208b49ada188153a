"""``hexaglot tables``: the tables of documents, printed, as JSON lines, or one CSV file per table."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from hexaglot.serve.cli_common import OcrOpt, fail, print_table

out = Console(soft_wrap=False)
err = Console(stderr=True, soft_wrap=True)


def _title(t: dict[str, Any], i: int) -> str:
    head = " ".join(x for x in (t.get("label"), t.get("caption")) if x)
    where = f"annex {t['annex']}, " if t.get("annex") else ""
    pages = f"pages {', '.join(map(str, t['pages']))}" if t.get("pages") else ""
    return f"table {i + 1}" + (f": {head}" if head else "") + (f" ({where}{pages})".replace(", )", ")")
                                                              if where or pages else "")


def _print(path: str, tables: list[dict[str, Any]], plain: bool) -> None:
    for i, t in enumerate(tables):
        rows = [*t["header"], *t["rows"]]
        if plain:
            sys.stdout.write(f"# {path} {_title(t, i)}\n")
            sys.stdout.write("".join("\t".join(c.replace("\n", " ") for c in r) + "\n" for r in rows))
            sys.stdout.write("".join(f"  {n}\n" for n in t["notes"]) + "\n")
            continue
        width = max((len(r) for r in rows), default=0)
        table = Table(title=escape(f"{Path(path).name} — {_title(t, i)}"), title_justify="left",
                      show_header=bool(t["header"]), caption=escape(" ".join(t["notes"])) or None,
                      caption_justify="left")
        for k in range(width):
            table.add_column(escape(" / ".join(r[k] for r in t["header"] if k < len(r) and r[k])))
        for r in t["rows"]:
            table.add_row(*(escape(c) for c in r))
        print_table(out, table)


def tables_cmd(
    files: Annotated[list[Path], typer.Argument(help="Files to read (pdf, docx, html, txt).", readable=False)],
    csv_dir: Annotated[Path | None, typer.Option("--csv", help="Write one CSV file per table into this folder.")]
    = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines: one object per table, one per line.")] = False,
    lang: Annotated[str | None, typer.Option("--lang", "--langs", help="Language code; detected when omitted.")] = None,
    ocr: OcrOpt = "auto",
) -> None:
    """Print the tables of documents (a table on a terminal, tab-separated when piped), or write CSV."""
    from hexaglot.export.table_csv import write_tables_csv
    from hexaglot.parse.summary import tables_of
    from hexaglot.pipeline import process_many

    if csv_dir is not None and ((csv_dir.exists() and not csv_dir.is_dir()) or not csv_dir.parent.is_dir()):
        # the folder is made, not the folders above it: a typo would make a tree of them
        raise fail(f"--csv {csv_dir}: " + ("not a folder" if csv_dir.exists() else f"no such folder: {csv_dir.parent}"))
    failed = 0
    for res in process_many(files, lang, ocr=ocr):
        if res.document is None:
            failed += 1
            err.print(f"[bold red]error:[/] {escape(res.error or res.path)}", highlight=False)
            continue
        found = tables_of(res.document)
        if not found:  # said on stderr: stdout stays the tables (or JSON lines) alone
            err.print(f"{escape(res.path)}: no tables", highlight=False)
        elif csv_dir is not None:
            for p in write_tables_csv(Path(res.path).stem, found, csv_dir):
                err.print(escape(str(p)), highlight=False)
        elif as_json:
            for i, t in enumerate(found):
                sys.stdout.write(json.dumps({"file": res.path, "index": i, **t}, ensure_ascii=False) + "\n")
        else:
            _print(res.path, found, plain=not out.is_terminal)
    if failed:
        raise typer.Exit(2)


def register(app: typer.Typer) -> None:
    """Add ``tables`` to ``app``."""
    app.command("tables")(tables_cmd)
