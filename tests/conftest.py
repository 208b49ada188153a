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


# -- the suite never writes into the checkout ---------------------------------------------------------
# Tests write to tmp_path. The tracked files' modification times are taken when the session starts
# and compared when it ends (in the xdist controller, after every worker); a tracked file written by
# a test fails the run and is named. The folder named by HEXAGLOT_SCREENSHOTS (scripts/screenshots
# refreshing docs/screenshots/ on purpose) is exempt.

_TRACKED = pytest.StashKey[dict[str, int] | None]()


def _tracked_mtimes() -> dict[str, int] | None:
    import subprocess

    try:
        out = subprocess.run(["git", "-C", str(REPO), "ls-files", "-z"], capture_output=True, check=True,
                             timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None  # not a git checkout: nothing to compare with
    mtimes = {}
    for name in out.decode("utf-8", "surrogateescape").split("\0"):
        if name and (REPO / name).is_file():
            mtimes[name] = (REPO / name).stat().st_mtime_ns
    return mtimes


def written_tracked_files(before: dict[str, int], after: dict[str, int]) -> list[str]:
    """Tracked files whose modification time changed, or that disappeared, between two snapshots."""
    exempt = os.environ.get("HEXAGLOT_SCREENSHOTS")
    skip = Path(exempt).resolve() if exempt else None
    return sorted(name for name, t in before.items() if after.get(name) != t
                  and not (skip and skip in (REPO / name).resolve().parents))


def pytest_sessionstart(session: pytest.Session) -> None:
    if not hasattr(session.config, "workerinput"):
        session.config.stash[_TRACKED] = _tracked_mtimes()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    before = session.config.stash.get(_TRACKED, None)
    if before is None or hasattr(session.config, "workerinput"):
        return
    written = written_tracked_files(before, _tracked_mtimes() or {})
    if written:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(f"the tests wrote {len(written)} tracked file(s) in the checkout "
                                f"(tests must write under tmp_path): {', '.join(written[:10])}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED

