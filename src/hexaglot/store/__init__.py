"""store: the archive's system of record (SQLite in WAL mode), schema and migrations.

    from hexaglot.store import Store
    store = Store("hexaglot-archive/archive.sqlite")
    store.write_document(document_data)        # one transaction per document
"""

from hexaglot.store.db import Store
from hexaglot.store.read import Filters
from hexaglot.store.records import (
    AlignmentData,
    BeadData,
    BlockData,
    ConcordanceLine,
    DocumentData,
    DocumentView,
    Facets,
    Hit,
    Pair,
    Refs,
    SearchResult,
    SentenceData,
    VersionData,
)
from hexaglot.store.schema import SCHEMA_VERSION

__all__ = [
    "SCHEMA_VERSION",
    "AlignmentData",
    "BeadData",
    "BlockData",
    "ConcordanceLine",
    "DocumentData",
    "DocumentView",
    "Facets",
    "Filters",
    "Hit",
    "Pair",
    "Refs",
    "SearchResult",
    "SentenceData",
    "Store",
    "VersionData",
]
