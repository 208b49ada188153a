"""``hexaglot batch``: the pipeline as a batch job (local engine or Apache Spark)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the batch commands to ``app``."""
