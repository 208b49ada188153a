"""How messages to people word a count (every layer's reports, the CLI, the web)."""

from __future__ import annotations


def counted(n: int, noun: str) -> str:
    """``1 paragraph``, ``2 paragraphs``: a count with its noun (regular plurals only)."""
    return f"{n} {noun}{'' if n == 1 else 's'}"
