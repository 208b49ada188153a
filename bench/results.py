"""Write one section of bench/RESULTS.md, replacing an earlier version of the same section."""

from __future__ import annotations

import datetime as dt
import platform
import re
import sys
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def write_section(title: str, body: str, command: str | None = None) -> None:
    """Replace (or append) the ``## title`` section of RESULTS.md."""
    cmd = command or "python " + " ".join(sys.argv)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    section = (f"## {title}\n\nCommand: `{cmd}`  \nMeasured {stamp} on {platform.machine()}, "
               f"Python {platform.python_version()}.\n\n{body.rstrip()}\n\n")
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n\n"
    pattern = re.compile(rf"^## {re.escape(title)}\n.*?(?=^## |\Z)", re.DOTALL | re.MULTILINE)
    text = pattern.sub(lambda _: section, text) if pattern.search(text) else text.rstrip() + "\n\n" + section
    RESULTS.write_text(text, encoding="utf-8")
