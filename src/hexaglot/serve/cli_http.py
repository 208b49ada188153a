"""``hexaglot serve``: the HTTP API and web interface under uvicorn."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the serve command to ``app``."""
