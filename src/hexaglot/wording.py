"""How messages to people word a count (every layer's reports, the CLI, the web)."""

from __future__ import annotations

from collections.abc import Sequence


def counted(n: int, noun: str) -> str:
    """``1 paragraph``, ``2 paragraphs``: a count with its noun (regular plurals only)."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def first_of(items: Sequence[str], sep: str = ", ", limit: int = 5) -> str:
    """``a, b, c`` or, past ``limit`` items, the first ``limit`` and ``and 3 more``."""
    more = f" and {len(items) - limit} more" if len(items) > limit else ""
    return sep.join(items[:limit]) + more


def type_name(doc_type: str | None) -> str:
    """A document type as people read and type it: ``draft_resolution`` is "draft resolution" (the
    filters take either spelling)."""
    return (doc_type or "").replace("_", " ")
