"""A small demo set of freely reusable UN text, bundled so the README's commands work anywhere.

- ``letter-2003-06-04.fr.txt``: a French UN letter (A/58 series) as extracted from its PDF.
- ``S_RES_*_EN_GOLD.txt``: Security Council resolutions (CR-UNSC, CC0 1.0).
- ``udhr.<lang>.txt``: the Universal Declaration of Human Rights in the six UN languages
  (an official UN document, freely reproducible; text from the Unicode UDHR project).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def demo_dir() -> Path:
    return Path(str(resources.files("hexaglot.demo")))


def demo_files() -> list[Path]:
    return sorted(p for p in demo_dir().iterdir() if p.suffix == ".txt")
