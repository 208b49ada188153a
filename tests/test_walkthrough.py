"""The README's commands, as typed, from a fresh clone: ``scripts/walkthrough`` clones this
repository into a temporary folder, stands in the bundled demo files for ../shared/corpus, and runs
``hexaglot demo`` then every command of the "Use" section and the Python snippet. CI also runs the
script on the real corpus after the suite (``.ci/run``)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow  # about 3 min; .ci/run runs the script itself on the real corpus
@pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(), reason="needs git and a checkout")
def test_readme_commands_run_from_a_fresh_clone(tmp_path: Path) -> None:
    venv = Path(sys.executable).parent.parent  # the virtualenv running the tests
    env = {k: v for k, v in os.environ.items() if not k.startswith("HEXAGLOT_")}
    proc = subprocess.run(["bash", str(ROOT / "scripts" / "walkthrough"), "--corpus", "none", "--quick",
                           "--venv", str(venv), "--tmp", str(tmp_path / "walk")],
                          capture_output=True, text=True, timeout=1800, env=env, check=False)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert " 0 failed," in proc.stdout and "RUN    hexaglot stats" in proc.stdout
    assert not (tmp_path / "walk").exists()  # removed, and no server left behind (the script stops it)
