"""What every ``hexaglot`` command shares: machine-clean JSON output, opening an archive for
reading, the archive option, and the help style (no ``<bool>`` beside a flag).

The JSON rule, for every command that has ``--json``: a command whose result is a list prints
JSON lines (one object per line); a command whose result is one thing prints one object on one
line. JSON goes straight to stdout, never through rich: no wrapping, no colour, no markup,
whatever the terminal or pipe.
"""

from __future__ import annotations

import inspect
import json
import os
import sys
from collections.abc import Iterable
from dataclasses import asdict, is_dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperCommand, TyperGroup

from hexaglot.errors import HexaglotError, NoArchiveError

err = Console(stderr=True, soft_wrap=True)

DEFAULT_ARCHIVE = Path(os.environ.get("HEXAGLOT_ARCHIVE", "hexaglot-archive"))
OcrOpt = Annotated[Literal["auto", "always", "never"], typer.Option(
    "--ocr", help="Which pages of a PDF to OCR; auto: those without a usable text layer.")]
ArchiveOpt = Annotated[Path, typer.Option("--archive", "-a", envvar="HEXAGLOT_ARCHIVE",
                                          help="Archive folder (one made by `hexaglot ingest`).")]
JSON_LINES = "JSON lines (one object per line) instead of a table."
JSON_OBJECT = "One JSON object instead of text."


def jsonable(record: Any) -> Any:
    """A record (dataclass, pydantic model, dict) as plain JSON values."""
    if is_dataclass(record) and not isinstance(record, type):
        return asdict(record)
    if hasattr(record, "model_dump"):
        return record.model_dump(mode="json")
    return record


def _dumps(record: Any) -> str:
    return json.dumps(jsonable(record), ensure_ascii=False, default=str)


def emit_object(record: Any) -> None:
    """One thing: one JSON object on one line."""
    sys.stdout.write(_dumps(record) + "\n")


def emit_lines(records: Iterable[Any]) -> None:
    """A list: JSON lines, one object per line."""
    for record in records:
        sys.stdout.write(_dumps(record) + "\n")


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print one error line; return the exit to raise."""
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False)
    return typer.Exit(code)


def open_archive(path: Path) -> Any:
    """The archive at ``path`` for a command that reads it: one clear line when there is none."""
    import hexaglot.archive

    try:
        return hexaglot.archive.open(path)
    except NoArchiveError:
        raise fail(f"no archive at {path}: run hexaglot ingest first (or give --archive)") from None
    except HexaglotError as exc:
        raise fail(str(exc)) from None


class _FlagsWithoutType:
    """Help without a ``<bool>`` type beside a flag (``--json``, ``--help``): a flag takes no value."""

    def get_params(self, ctx: Any) -> list[Any]:
        params = super().get_params(ctx)  # type: ignore[misc]
        for p in params:
            if getattr(p, "is_flag", False) and p.metavar is None:
                p.metavar = ""
        return params


class Command(_FlagsWithoutType, TyperCommand):
    pass


class Group(_FlagsWithoutType, TyperGroup):
    pass


def unwrapped(doc: str) -> str:
    """A docstring's paragraphs each on one line (rich keeps the source's line breaks, so the
    command list broke "alignments per / language pair" mid-sentence); a paragraph of list items
    or indented lines keeps its breaks."""
    out = []
    for para in doc.strip().split("\n\n"):
        lines = para.split("\n")
        listed = any(ln[:1] in (" ", "-", "*", "•") for ln in lines[1:])
        out.append(para if listed else " ".join(ln.strip() for ln in lines))
    return "\n\n".join(out)


def style_commands(app: typer.Typer) -> None:
    """Give every command registered on ``app`` the help style of :class:`Command`, and its
    docstring's paragraphs unwrapped (:func:`unwrapped`)."""
    for info in app.registered_commands:
        if info.cls in (None, TyperCommand):
            info.cls = Command
        if info.help is None and info.callback is not None and info.callback.__doc__:
            info.help = unwrapped(inspect.cleandoc(info.callback.__doc__))


def print_table(console: Console, table: Any) -> None:
    """``table`` with its title on a line of its own, never wrapped at the table's width (rich wrapped
    "human rights (en→fr): 6 aligned sentences" after "aligned" when the columns were narrow)."""
    title, table.title = table.title, None
    if title:
        console.print(title, style="table.title", soft_wrap=True, highlight=False)
    console.print(table)
