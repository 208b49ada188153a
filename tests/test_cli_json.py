"""Every ``--json`` output is machine-clean with stdout a pipe and long content (no wrapping, no
colour, no markup), and has the shape its help declares: JSON lines for a list, one object for one
thing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main

import hexaglot
from hexaglot.serve.cli import app

WORDS = ("la reconnaissance de la dignité inhérente à tous les membres de la famille humaine et de leurs droits "
         "égaux et inaliénables constitue le fondement de la liberté de la justice et de la paix dans le monde")
WORDS_EN = ("recognition of the inherent dignity and of the equal and inalienable rights of all members of the "
            "human family is the foundation of freedom justice and peace in the world")


# embed: its JSON is a short summary of counts whatever the archive holds; terms: every bead here holds every
# candidate, so no equivalent passes the association filter and the list is empty (tests/test_terms.py checks
# its lines on a real bitext)
SHORT = {"embed", "terms"}


def _hexaglot(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "FORCE_COLOR")}
    env["TERM"] = "xterm-256color"  # a colour terminal type: only the pipe must keep the output plain
    src = str(Path(hexaglot.__file__).resolve().parents[1])  # this checkout's code, whatever the cwd
    env["PYTHONPATH"] = os.pathsep.join([src, *filter(None, [os.environ.get("PYTHONPATH")])])
    return subprocess.run([sys.executable, "-m", "hexaglot.serve.cli", *args], cwd=cwd, env=env, text=True,
                          capture_output=True, timeout=600, check=False)


def _json_commands() -> dict[str, str]:
    """command → "lines" or "object", as its ``--json`` help says."""
    group = typer.main.get_command(app)
    shapes = {}
    for name, cmd in group.commands.items():  # type: ignore[attr-defined]
        for p in cmd.params:
            if "--json" in getattr(p, "opts", []):
                text = (p.help or "").lower()
                assert ("json lines" in text) != ("one json object" in text), f"{name} --json: say which shape"
                shapes[name] = "lines" if "json lines" in text else "object"
    return shapes


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("json")
    # Long sentences (far past 80 columns), one a line, with a long document id.
    (d / "long.fr.txt").write_text("\n".join(f"{i}. {WORDS} {WORDS}." for i in range(30)) + "\n", encoding="utf-8")
    (d / "long.en.txt").write_text("\n".join(f"{i}. {WORDS_EN} {WORDS_EN}." for i in range(30)) + "\n",
                                   encoding="utf-8")
    for x in ("fr", "en"):  # a second document, for related documents
        lines = (d / f"long.{x}.txt").read_text(encoding="utf-8").splitlines()
        (d / f"long2.{x}.txt").write_text("\n".join(reversed(lines[:20])) + "\n", encoding="utf-8")
    cell = " ".join(WORDS.split()[:12])
    rows = "".join(f"<tr><td>{i}</td><td>{cell}</td><td>{cell}</td></tr>" for i in range(3))
    (d / "table.html").write_text(f"<html><body><p>{WORDS}.</p><table><thead><tr><th>N</th><th>A</th><th>B</th>"
                                  f"</tr></thead>{rows}</table></body></html>", encoding="utf-8")
    return d


def _cases(work: Path) -> dict[str, list[list[str]]]:
    a = ["-a", str(work / "arc")]
    doc = "a-rather-long-document-identifier-" + "x" * 60
    return {
        "ingest": [["ingest", *a, "--no-embeddings", "--json", "--doc-id", doc,
                    "--pair", f"fr:{work / 'long.fr.txt'}", f"en:{work / 'long.en.txt'}"],
                   ["ingest", *a, "--no-embeddings", "--json", "--doc-id", doc + "-2",
                    "--pair", f"fr:{work / 'long2.fr.txt'}", f"en:{work / 'long2.en.txt'}"]],
        "lexicon": [["lexicon", *a, "--json"]],
        "realign": [["realign", *a, "--json"]],
        "embed": [["embed", *a, "--json"]],  # before related (the cases run in name order)
        "related": [["related", *a, doc, "--json"]],
        "terms": [["terms", *a, "--src", "fr", "--tgt", "en", "--min-freq", "1", "--json"]],
        "term": [["term", *a, "dignité inhérente", "--src", "fr", "--tgt", "en", "--json"]],
        "pretranslate": [["pretranslate", *a, str(work / "long.fr.txt"), "--src", "fr", "--tgt", "en",
                          "-o", str(work / "draft.en.xlf"), "--json"]],
        "parse": [["parse", "--json", str(work / "long.fr.txt"), str(work / "long.en.txt")]],
        "search": [["search", *a, "dignité", "--json"], ["search", *a, "dignité", "--json", "--facets", "--documents"]],
        "concordance": [["concordance", *a, "dignité", "--src", "fr", "--tgt", "en", "--json"]],
        "show": [["show", *a, doc, "--langs", "fr,en", "--json"]],
        "refs": [["refs", *a, doc, "--json"]],
        "documents": [["documents", *a, "--json"], ["documents", *a, "--json", "--facets"]],
        "stats": [["stats", *a, "--json"]],
        "check": [["check", *a, "--json"]],
        "tables": [["tables", str(work / "table.html"), "--json"]],
        "batch": [["batch", str(work / "long.fr.txt"), str(work / "out"), "-j", "1", "--no-embeddings", "--json"]],
    }


def test_every_json_output_is_clean_through_a_pipe(work: Path) -> None:
    shapes = _json_commands()
    cases = _cases(work)
    assert set(shapes) == set(cases), "a command with --json has no case here"
    for name in ["ingest", *sorted(set(cases) - {"ingest"})]:
        for args in cases[name]:
            proc = _hexaglot(*args, cwd=work)
            assert proc.returncode == 0, (args, proc.stderr)
            assert "\x1b[" not in proc.stdout, f"{args}: colour codes in JSON"
            lines = proc.stdout.splitlines()
            objs = [json.loads(line) for line in lines]  # each line is JSON on its own: nothing wrapped
            assert all(isinstance(o, dict) for o in objs), args
            shape = "object" if "--facets" in args else shapes[name]
            if shape == "object":
                assert len(objs) == 1, f"{args}: one object expected, got {len(objs)} lines"
            if name not in SHORT:
                assert any(len(line) > 80 for line in lines), f"{args}: the case should have long lines"


def test_list_outputs_without_json_flag_are_json_lines(work: Path) -> None:
    demo = Path(__file__).resolve().parents[1] / "src" / "hexaglot" / "demo"
    proc = _hexaglot("align", str(work / "long.fr.txt"), str(work / "long.en.txt"), "--presegmented",
                     "--no-embeddings", "--format", "json", cwd=work)
    assert proc.returncode == 0 and all(isinstance(json.loads(x), dict) for x in proc.stdout.splitlines())
    proc = _hexaglot("align-many", str(demo / "udhr.en.txt"), str(demo / "udhr.fr.txt"), "--presegmented",
                     "--no-embeddings", "--langs", "en,fr", cwd=work)
    assert proc.returncode == 0, proc.stderr
    clusters = [json.loads(x) for x in proc.stdout.splitlines()]
    assert len(clusters) > 50 and set(clusters[0]["members"]) == {"en", "fr"}
