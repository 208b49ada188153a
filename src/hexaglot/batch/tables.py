"""The five Parquet tables of a batch run: schemas, sort keys, rows from records, reading back.

One schema (pyarrow) serves both engines: the local engine writes it with pyarrow, the Spark engine
converts it with :func:`spark_schema`. Rows are plain tuples in schema order, built by
:func:`document_rows` and :func:`error_row` only, so both engines write exactly the same values.

Layout of OUTPUT::

    documents/   one row per file of a document (status "version", or "duplicate")
    sentences/   one row per sentence of a version
    alignments/  pair=en-fr/…  one row per bead (with its alignment's notes: the aligner's warnings, JSON)
    references/  one row per symbol a version cites
    errors/      one row per file (or document) that failed, with its stage and reason
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa

from hexaglot.store.records import DocumentData, SentenceData

_STR = pa.string()
_INT = pa.int64()
_BLOCK = pa.struct([("text", _STR), ("label", _STR), ("layer", _STR), ("orig", _STR)])

SCHEMAS: dict[str, pa.Schema] = {
    "documents": pa.schema([
        ("doc_id", _STR), ("lang", _STR), ("status", _STR), ("kind", _STR), ("symbol", _STR),
        ("symbols", pa.list_(_STR)), ("title", _STR), ("date", _STR), ("session", _INT),
        ("doc_type", _STR), ("organs", pa.list_(_STR)), ("agenda", pa.list_(_STR)),
        ("countries", pa.list_(_STR)), ("path", _STR), ("sha256", _STR), ("format", _STR),
        ("n_sentences", _INT), ("metadata", _STR), ("blocks", pa.list_(_BLOCK)), ("tables", _STR),
    ]),
    "sentences": pa.schema([
        ("doc_id", _STR), ("lang", _STR), ("idx", _INT), ("block", _INT), ("start", _INT), ("end", _INT),
        ("text", _STR), ("kind", _STR), ("unit", _STR),
    ]),
    "alignments": pa.schema([
        ("doc_id", _STR), ("src", _STR), ("tgt", _STR), ("method", _STR), ("bead", _INT),
        ("src_idx", pa.list_(_INT)), ("tgt_idx", pa.list_(_INT)), ("score", pa.float64()),
        ("notes", _STR),  # the alignment's AlignmentData.notes as JSON, on each of its beads' rows
        ("pair", _STR),
    ]),
    "references": pa.schema([
        ("doc_id", _STR), ("lang", _STR), ("target", _STR), ("kind", _STR), ("context", _STR),
    ]),
    "errors": pa.schema([("path", _STR), ("stage", _STR), ("reason", _STR), ("sha256", _STR)]),
}
TABLES = tuple(SCHEMAS)
PARTITIONS: dict[str, list[str]] = {"alignments": ["pair"]}
SORT_KEYS: dict[str, tuple[str, ...]] = {
    "documents": ("doc_id", "status", "lang", "path"),
    "sentences": ("doc_id", "lang", "idx"),
    "alignments": ("doc_id", "src", "tgt", "bead"),
    "references": ("doc_id", "lang", "target", "kind"),
    "errors": ("path", "stage", "reason"),
}

Row = tuple[Any, ...]


def _sentence_with(sentences: Sequence[SentenceData], target: str) -> str | None:
    """The first sentence that names ``target`` (the reference's context), if one does literally."""
    return next((s.text for s in sentences if target in s.text), None)


def document_rows(d: DocumentData, duplicates: Sequence[tuple[str, str, str, str]] = ()
                  ) -> Iterator[tuple[str, Row]]:
    """``(table, row)`` for every row one document contributes; ``duplicates`` are
    ``(lang, path, sha256, format)`` of files that lost to a better format of the same language."""
    f = d.facets
    facets = (d.kind, f.symbol)
    tail = (f.title, f.date, f.session, f.doc_type, list(f.organs), [str(a) for a in f.agenda],
            list(f.countries))
    for v in d.versions:
        symbols = [s["value"] for s in v.metadata.get("symbols", []) if isinstance(s, dict) and "value" in s]
        yield "documents", (d.id, v.lang, "version", *facets, symbols, *tail, v.path, v.sha256, v.format,
                            len(v.sentences), json.dumps(v.metadata, ensure_ascii=False, sort_keys=True),
                            [(b.text, b.label, b.layer, b.orig) for b in v.blocks],
                            json.dumps(v.tables, ensure_ascii=False))
        for i, s in enumerate(v.sentences):
            yield "sentences", (d.id, v.lang, i, s.block, s.start, s.end, s.text, s.kind, s.unit)
    for lang, path, sha, fmt in duplicates:
        yield "documents", (d.id, lang, "duplicate", *facets, [], *tail, path, sha, fmt, 0, None, [], None)
    for a in d.alignments:
        pair = f"{a.src_lang}-{a.tgt_lang}"
        notes = json.dumps(a.notes, ensure_ascii=False)
        for k, b in enumerate(a.beads):
            yield "alignments", (d.id, a.src_lang, a.tgt_lang, a.method, k, list(b.src), list(b.tgt),
                                 float(b.score), notes, pair)
    by_lang = {v.lang: v for v in d.versions}
    for lang, target, kind in _refs_by_lang(d):
        context = _sentence_with(by_lang[lang].sentences, target) if lang in by_lang else None
        yield "references", (d.id, lang, target, kind, context)


def _refs_by_lang(d: DocumentData) -> list[tuple[str, str, str]]:
    out: set[tuple[str, str, str]] = set()
    for v in d.versions:
        for target in v.metadata.get("references", []):
            if target != d.id:
                out.add((v.lang, str(target), "cites"))
    return sorted(out)


def error_row(path: str, stage: str, reason: str, sha256: str | None = None) -> tuple[str, Row]:
    return "errors", (path, stage, reason, sha256)


def to_arrow(table: str, rows: Sequence[Row]) -> pa.Table:
    schema = SCHEMAS[table]
    cols = list(zip(*rows, strict=True)) if rows else [[] for _ in schema]
    return pa.Table.from_arrays([pa.array(list(c), type=f.type) for c, f in zip(cols, schema, strict=True)],
                                schema=schema)


def sort_rows(table: str, rows: list[Row]) -> list[Row]:
    names = SCHEMAS[table].names
    keys = [names.index(k) for k in SORT_KEYS[table]]
    return sorted(rows, key=lambda r: tuple("" if r[i] is None else r[i] for i in keys))


def write_arrow(table: str, rows: list[Row], folder: str | Path, name: str = "part-00000") -> int:
    """Write ``rows`` (sorted by the table's keys) under ``folder`` (hive partitions); returns rows."""
    import pyarrow.parquet as pq

    folder = Path(folder)
    parts = PARTITIONS.get(table, [])
    data = sort_rows(table, rows)
    if not parts:
        folder.mkdir(parents=True, exist_ok=True)
        pq.write_table(to_arrow(table, data), folder / f"{name}.parquet")
        return len(data)
    col = SCHEMAS[table].names.index(parts[0])
    for value in sorted({r[col] for r in data}):
        sub = folder / f"{parts[0]}={value}"
        sub.mkdir(parents=True, exist_ok=True)
        t = to_arrow(table, [r for r in data if r[col] == value]).drop_columns(parts)
        pq.write_table(t, sub / f"{name}.parquet")
    return len(data)


def read_table(output: str | Path, table: str) -> list[dict[str, Any]]:
    """Every row of one table of a batch OUTPUT as dicts, in sort-key order (engine-independent)."""
    import pyarrow.dataset as ds

    folder = Path(output) / table
    if not folder.is_dir():
        return []
    parts = PARTITIONS.get(table, [])
    schema = SCHEMAS[table]
    data_schema = pa.schema([f for f in schema if f.name not in parts])
    partitioning = ds.partitioning(pa.schema([schema.field(p) for p in parts]), flavor="hive") if parts else None
    dataset = ds.dataset(str(folder), format="parquet", partitioning=partitioning,
                         schema=pa.unify_schemas([data_schema, *([pa.schema([schema.field(p) for p in parts])]
                                                                 if parts else [])]),
                         exclude_invalid_files=True, ignore_prefixes=["_", "."])
    rows = dataset.to_table().select(schema.names).to_pylist()
    keys = SORT_KEYS[table]
    return sorted(rows, key=lambda r: tuple("" if r[k] is None else r[k] for k in keys))


def spark_schema(table: str) -> Any:
    """The table's schema as a Spark ``StructType`` (imported lazily: pyspark is optional)."""
    from pyspark.sql import types as T

    def conv(t: pa.DataType) -> Any:
        if pa.types.is_string(t):
            return T.StringType()
        if pa.types.is_int64(t):
            return T.LongType()
        if pa.types.is_float64(t):
            return T.DoubleType()
        if pa.types.is_list(t):
            return T.ArrayType(conv(t.value_type), True)
        if pa.types.is_struct(t):
            return T.StructType([T.StructField(f.name, conv(f.type), True) for f in t])
        raise TypeError(f"no Spark type for {t}")

    return T.StructType([T.StructField(f.name, conv(f.type), True) for f in SCHEMAS[table]])
