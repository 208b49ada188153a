"""``hexaglot check`` and ``hexaglot backup``: archive integrity and consistent online copies."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the admin commands to ``app``."""
