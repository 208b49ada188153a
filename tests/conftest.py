"""Shared fixtures. Real files are read from ../shared/corpus (never copied into the repo).

Tests that need the corpus skip with a clear reason when it is absent (a user's clone);
CI always has it beside the checkout.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("HEXAGLOT_CORPUS", REPO.parent / "shared" / "corpus"))


@pytest.fixture(scope="session")
def corpus() -> Path:
    """Path of ../shared/corpus; skips the test when it is not there."""
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS} (set HEXAGLOT_CORPUS); CI always has it")
    return CORPUS
