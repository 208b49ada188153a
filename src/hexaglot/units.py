"""Text-unit kinds: what a sentence is, which ones are aligned together, which ones a reader asks for.

Every stored sentence has a kind (:class:`~hexaglot.model.UnitKind`):

- ``prose``: body paragraphs, list items and signatures;
- ``title``: titles, headings and captions;
- ``footnote``: the text of footnotes (the notes layer);
- ``cell``: table cells.

Alignment pairs the *streams* of two versions separately (:data:`STREAMS`): the body (prose and
titles, in reading order, as one stream), the notes and the cells, so a footnote or a table cell
never displaces a prose bead. Search reads every kind (``--kind`` filters); the concordance and the
exports read :data:`DEFAULT_KINDS` (prose) unless asked for more with a selection such as
``"prose,footnotes"`` or ``"all"`` (:func:`parse_kinds`).

A table is never prose: each non-empty cell of a :class:`~hexaglot.model.Table` is one unit of kind
``cell`` whose ``unit`` says where it stands (:func:`cell_unit`): ``"<table>.<row>.<col>"`` (the
table's index in ``Document.tables``, the cell's row among header and body rows, its first column on
the table's grid), then ``"@<key>"`` when the table has a label (``"Table 3"`` → ``3``, ``"Annex II,
table 1"`` → ``II-1``), then ``"h"`` for a header row: ``"2.0.1@3h"``. The aligner pairs tables
by that key and by order, then rows, then cells (:mod:`hexaglot.align.tables`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from hexaglot.errors import InputError
from hexaglot.model import Block, Label, Layer, UnitKind

KINDS: tuple[str, ...] = tuple(k.value for k in UnitKind)
"""Every kind, in the order they are listed and exported: prose, title, footnote, cell."""

DEFAULT_KINDS: frozenset[str] = frozenset({UnitKind.PROSE.value})
"""What the concordance and the exports read when no selection is given."""

STREAMS: dict[str, str] = {"prose": "body", "title": "body", "footnote": "notes", "cell": "cells"}
"""Kind → the alignment stream it belongs to (kinds of one stream are aligned together)."""

_NAMES: dict[str, tuple[str, ...]] = {
    **{k: (k,) for k in KINDS},
    **{f"{k}s": (k,) for k in KINDS},
    "all": KINDS,
}

_TITLE_LABELS = frozenset({Label.TITLE, Label.HEADING, Label.CAPTION})


def kind_of(block: Block) -> UnitKind:
    """The kind of the sentences of one block."""
    if block.layer == Layer.NOTES or block.label == Label.FOOTNOTE:
        return UnitKind.FOOTNOTE
    if block.label == Label.TABLE:
        return UnitKind.CELL
    if block.label in _TITLE_LABELS:
        return UnitKind.TITLE
    return UnitKind.PROSE


def parse_kinds(spec: str | Iterable[str] | None, default: Iterable[str] = DEFAULT_KINDS, *,
                what: str = "units") -> frozenset[str]:
    """The kinds a selection names: ``"prose"``, ``"footnotes"``, ``"prose,footnotes"``, ``"all"``
    (case-insensitive, singular or plural, comma-separated or a list); ``None`` or empty gives
    ``default``. An unknown name is an :class:`~hexaglot.errors.InputError` naming ``what`` (the
    option the caller took it from: ``units`` for exports, ``kind`` for searches)."""
    if spec is None:
        return frozenset(default)
    items = spec.split(",") if isinstance(spec, str) else [x for s in spec for x in str(s).split(",")]
    out: set[str] = set()
    for raw in items:
        name = raw.strip().lower()
        if not name:
            continue
        if name not in _NAMES:
            raise InputError(what, f"unknown kind {raw.strip()!r} (one of prose, titles, footnotes, "
                                      "cells, all; comma-separated)")
        out.update(_NAMES[name])
    return frozenset(out) if out else frozenset(default)


def ordered(kinds: Iterable[str]) -> list[str]:
    """``kinds`` in the order of :data:`KINDS`."""
    chosen = set(kinds)
    return [k for k in KINDS if k in chosen]


def bead_kind(kinds: Iterable[str]) -> str:
    """The kind of a bead from the kinds of its sentences: the first of prose, title, footnote, cell
    present (a heading merged into a prose bead makes a prose bead); prose when there are none."""
    present = set(kinds)
    return next((k for k in KINDS if k in present), UnitKind.PROSE.value)


# -- where a cell stands ----------------------------------------------------------------------------

_KEY_PART = re.compile(r"\d+|(?<![^\W\d_])[IVXLC]+(?![^\W\d_])")
_UNIT = re.compile(r"^(\d+)\.(\d+)\.(\d+)(?:@([0-9IVXLC-]*))?(h?)$")


def table_key(label: str | None) -> str:
    """The language-neutral part of a table's label: its numbers (``"Tableau 3"`` → ``"3"``,
    ``"Annex II, table 1"`` → ``"II-1"``); empty for an unlabelled table."""
    return "-".join(_KEY_PART.findall(label or ""))


@dataclass(frozen=True)
class CellPlace:
    """Where a ``cell`` unit stands: its table (index in the version's tables), row, column."""

    table: int
    row: int
    col: int
    key: str = ""  # table_key of the table's label
    header: bool = False


def cell_unit(place: CellPlace) -> str:
    """The ``Sentence.unit`` of a cell (see the module docstring)."""
    key = f"@{place.key}" if place.key else ""
    return f"{place.table}.{place.row}.{place.col}{key}{'h' if place.header else ''}"


def parse_cell_unit(unit: str | None) -> CellPlace | None:
    """The place a cell's ``unit`` names; None when it names none (a cell of an older archive)."""
    m = _UNIT.match(unit or "")
    if not m:
        return None
    return CellPlace(int(m[1]), int(m[2]), int(m[3]), m[4] or "", m[5] == "h")
