"""Files and folders that cannot be read: one error each, naming it, and the rest is read.

An unreadable file named on the command line was a boxed usage error that stopped the whole command;
found in a folder, it stopped the ingest with nothing stored; an unreadable sub-folder was left out
without a word. The tests run the CLI in a process without the rights that let root read anything.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ENGLISH = "The General Assembly met in New York to consider the report of the Secretary-General on the item.\n"
_AS_ROOT = os.geteuid() == 0
_DROP = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--inh-caps=-dac_override,-dac_read_search"]

pytestmark = pytest.mark.skipif(_AS_ROOT and not shutil.which("setpriv"),
                                reason="as root, a file's mode stops no reading without setpriv (util-linux)")


def _cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "hexaglot.serve.cli", *map(str, args)]
    return subprocess.run((_DROP if _AS_ROOT else []) + cmd, capture_output=True, text=True, timeout=300,
                          check=False)


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "mixed"
    (d / "locked").mkdir(parents=True)
    (d / "good.en.txt").write_text(ENGLISH, encoding="utf-8")
    (d / "locked" / "other.en.txt").write_text(ENGLISH.replace("report", "letter"), encoding="utf-8")
    (d / "noperm.en.txt").write_text(ENGLISH.replace("New York", "Geneva"), encoding="utf-8")
    (d / "noperm.en.txt").chmod(0)
    (d / "locked").chmod(0)
    yield d
    (d / "locked").chmod(0o755)


def test_ingest_of_a_folder_reads_what_it_can_and_names_the_rest(folder: Path, tmp_path: Path) -> None:
    arch = tmp_path / "arch"
    r = _cli("ingest", "-a", arch, folder)
    assert r.returncode == 2, r.stderr  # errors: exit code 2, after the rest is stored
    assert "Traceback" not in r.stderr
    assert "noperm.en.txt: cannot read (permission denied)" in r.stderr
    assert "locked: cannot read the folder (permission denied); its files are not ingested" in r.stderr
    docs = _cli("documents", "-a", arch, "--json")
    assert docs.returncode == 0 and '"good"' in docs.stdout and "noperm" not in docs.stdout


@pytest.mark.parametrize("command", ["parse", "tables"])
def test_an_unreadable_file_named_is_one_error_and_the_others_are_read(folder: Path, command: str) -> None:
    r = _cli(command, folder / "good.en.txt", folder / "noperm.en.txt")
    assert "Invalid value" not in r.stderr and "Traceback" not in r.stderr
    assert [x for x in r.stderr.splitlines() if x.startswith("error: ") and "noperm.en.txt" in x
            and "permission denied" in x], r.stderr
    assert ("no tables" in r.stderr) if command == "tables" else ("1 paragraph" in r.stdout)  # the readable file


@pytest.mark.parametrize("command", ["segment", "pretranslate"])
def test_an_unreadable_file_is_a_one_line_error(folder: Path, tmp_path: Path, command: str) -> None:
    extra = []
    if command == "pretranslate":
        assert _cli("ingest", "-a", tmp_path / "arch", folder / "good.en.txt").returncode == 0
        extra = ["--src", "en", "--tgt", "fr", "-a", tmp_path / "arch", "-o", tmp_path / "out.xlf"]
    r = _cli(command, folder / "noperm.en.txt", *extra)
    assert r.returncode != 0 and "Invalid value" not in r.stderr and "Traceback" not in r.stderr
    assert "noperm.en.txt" in r.stderr and "permission denied" in r.stderr.lower(), r.stderr
