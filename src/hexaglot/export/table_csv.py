"""One parsed table (:func:`hexaglot.parse.summary.table_json`) as CSV: header rows, then body rows.

Cells sit on the table's rectangular grid; a merged cell's text is in its top-left slot and the
slots it covers are empty, so every word is written once.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any, TextIO


def write_table_csv(table: dict[str, Any], fh: TextIO) -> None:
    writer = csv.writer(fh)
    for row in (*table["header"], *table["rows"]):
        writer.writerow(row)


def csv_name(stem: str, index: int, table: dict[str, Any], count: int = 1) -> str:
    """``<file stem>.table-<n>[-<label>].csv``, safe as a file name.

    ``n`` is zero-padded to the width of ``count`` (the document's number of tables), so a folder
    listing sorts the files in document order (``table-02`` before ``table-10``).
    """
    label = re.sub(r"[^\w.-]+", "-", table.get("label") or "").strip("-")
    number = str(index + 1).zfill(len(str(max(count, 1))))
    return f"{stem}.table-{number}{'-' + label if label else ''}.csv"


def write_tables_csv(stem: str, tables: list[dict[str, Any]], folder: Path) -> list[Path]:
    """One CSV per table in ``folder`` (created if needed); the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i, t in enumerate(tables):
        path = folder / csv_name(stem, i, t, len(tables))
        with path.open("w", encoding="utf-8", newline="") as fh:
            write_table_csv(t, fh)
        out.append(path)
    return out
