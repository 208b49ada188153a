"""Ctrl-C during ``hexaglot ingest``: stops within seconds, says how to resume, restores the
terminal, prints no traceback, and leaves an archive that passes ``check`` and that a re-run completes.

Ctrl-C in a terminal sends SIGINT to the whole foreground process group (the command and its
workers): the test starts the command in its own group and signals the group, as a terminal does.
"""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

CLI = "from hexaglot.serve.cli import main; main()"


def _sources(corpus: Path) -> list[str]:
    texts = sorted((corpus / "unsc_resolutions_en" / "texts").glob("*.txt"))[:80]
    if len(texts) < 20:
        pytest.skip("corpus folder unsc_resolutions_en/texts is needed")
    return [str(corpus / "un_parallel_docs" / "udhr"), *map(str, texts)]


def _cmd(archive: Path, *args: str) -> list[str]:
    return [sys.executable, "-c", CLI, *args, "--archive", str(archive)]


def _env() -> dict[str, str]:
    # the time budget is not under test: a loaded machine must not turn a slow first file into an error
    return {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "COLUMNS": "100",
            "HEXAGLOT_DOC_TIME_BUDGET_S": "300"}


def _wait_for_work(p: subprocess.Popen[bytes], archive: Path, timeout: float = 120) -> None:
    t0, opened = time.monotonic(), None
    while True:
        assert p.poll() is None, "the ingest ended before it could be interrupted"
        assert time.monotonic() - t0 < timeout, "the ingest did not start in time"
        if opened is None and (archive / "archive.sqlite").exists():
            opened = time.monotonic()
        if opened is not None and time.monotonic() - opened > 3.0:
            return
        time.sleep(0.1)


def _interrupt(p: subprocess.Popen[bytes]) -> float:
    """SIGINT to the process group; the seconds until the command has ended."""
    t0 = time.monotonic()
    os.killpg(p.pid, signal.SIGINT)
    try:
        p.wait(timeout=20)
    finally:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGKILL)
    return time.monotonic() - t0


def _check_and_resume(archive: Path, sources: list[str]) -> None:
    check = subprocess.run(_cmd(archive, "check"), capture_output=True, text=True, env=_env(), timeout=300)
    assert check.returncode == 0, check.stdout + check.stderr
    again = subprocess.run(_cmd(archive, "ingest", "--no-embeddings", "-j", "2", *sources), capture_output=True,
                           text=True, env=_env(), timeout=600)
    assert again.returncode == 0, again.stderr[-2000:]
    assert "Traceback" not in again.stderr


def test_ctrl_c_stops_at_once_says_how_to_resume_and_the_rerun_completes(corpus: Path, tmp_path: Path) -> None:
    sources, archive = _sources(corpus), tmp_path / "arc"
    p = subprocess.Popen(_cmd(archive, "ingest", "--no-embeddings", "-j", "2", *sources), stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, env=_env(), start_new_session=True)
    _wait_for_work(p, archive)
    seconds = _interrupt(p)
    out, err = (x.decode() for x in p.communicate())
    assert seconds < 3.0, (seconds, err[-2000:])
    assert p.returncode == 130, err[-2000:]
    assert "interrupted: re-run the same command to resume" in err
    assert "Traceback" not in err + out and "KeyboardInterrupt" not in err
    _check_and_resume(archive, sources)


def test_ctrl_c_in_a_terminal_stops_the_progress_bar_and_shows_the_cursor(corpus: Path, tmp_path: Path) -> None:
    sources, archive = _sources(corpus), tmp_path / "arc"
    leader, follower = pty.openpty()
    p = subprocess.Popen(_cmd(archive, "ingest", "--no-embeddings", "-j", "2", *sources), stdout=follower,
                         stderr=follower, env={**_env(), "TERM": "xterm"}, start_new_session=True)
    os.close(follower)
    chunks: list[bytes] = []

    def drain(wait: float) -> None:
        end = time.monotonic() + wait
        while time.monotonic() < end:
            ready, _, _ = select.select([leader], [], [], 0.05)
            if ready:
                try:
                    data = os.read(leader, 65536)
                except OSError:  # the command ended and closed the terminal
                    return
                if not data:
                    return
                chunks.append(data)

    t0, opened = time.monotonic(), None
    while time.monotonic() - t0 < 120 and p.poll() is None:
        drain(0.1)
        if opened is None and (archive / "archive.sqlite").exists():
            opened = time.monotonic()
        if opened is not None and time.monotonic() - opened > 3.0:
            break
    assert p.poll() is None, b"".join(chunks).decode(errors="replace")[-2000:]
    seconds = _interrupt(p)
    drain(1.0)
    os.close(leader)
    text = b"".join(chunks).decode(errors="replace")
    assert seconds < 3.0, seconds
    assert p.returncode == 130, text[-2000:]
    assert "\x1b[?25l" in text  # the progress bar hid the cursor ...
    tail = text[text.rindex("\x1b[?25l"):]
    assert "\x1b[?25h" in tail  # ... and it is shown again
    assert "interrupted: re-run the same command to resume" in tail
    assert "Traceback" not in text
    _check_and_resume(archive, sources)
