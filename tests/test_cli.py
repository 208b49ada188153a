"""The CLI: summaries, JSON lines, exit codes, one clear line per bad file, no traceback."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hexaglot.serve.cli import app

runner = CliRunner()


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "hexaglot.serve.cli", *args], capture_output=True, text=True,
                          timeout=300, check=False)


def test_every_command_has_help() -> None:
    """sqlite-utils style: every command has help, every option a help line, and the README shows
    every (visible) command in use."""
    import typer.main

    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    commands = [c.name for c in app.registered_commands if not c.hidden]
    assert {"parse", "demo", "documents", "stats"} <= set(commands)
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    group = typer.main.get_command(app)
    for name in commands:
        sub = runner.invoke(app, [name, "--help"])
        assert sub.exit_code == 0, name
        assert len(sub.output.strip()) > 20
        assert "<bool>" not in sub.output, f"{name}: a flag shown with a <bool> type"
        assert f"hexaglot {name}" in readme, f"`hexaglot {name}` is not documented in the README"
    for info in app.registered_groups:  # wordalign's help showed "--help <bool>", as did train's and list's
        sub_group = group.commands[info.name]  # type: ignore[attr-defined]
        for words in ([info.name], *([info.name, c] for c in sub_group.commands)):
            sub = runner.invoke(app, [*words, "--help"])
            assert sub.exit_code == 0 and "<bool>" not in sub.output, f"{' '.join(words)}: a flag shown with <bool>"
        cmd = group.commands[name]  # type: ignore[attr-defined]
        assert cmd.help, f"{name} has no help"
        for param in cmd.params:
            assert getattr(param, "help", None) or param.param_type_name == "argument", \
                f"{name} {param.name}: no help"


def test_option_spellings_the_readme_promises_work_in_every_command() -> None:
    """README: "--lang and --langs are one option (either spelling), --kind and --units too"; parse,
    segment and tables took no --langs, concordance, search and segment no --units."""
    import typer.main

    group = typer.main.get_command(app)
    broken = []
    for name, cmd in group.commands.items():  # type: ignore[attr-defined]
        subs = [cmd] if not hasattr(cmd, "commands") else list(cmd.commands.values())
        for c in subs:
            for param in c.params:
                spellings = set(getattr(param, "opts", []))
                for one, other in (("--lang", "--langs"), ("--kind", "--units")):
                    if (one in spellings) != (other in spellings):
                        broken.append(f"{name} {c.name}: {sorted(spellings)}")
    assert not broken, broken


def test_read_only_commands_do_not_promise_to_create_the_archive() -> None:
    for name in ("search", "concordance", "show", "refs", "export", "reindex", "documents", "stats", "check"):
        out = runner.invoke(app, [name, "--help"], env={"COLUMNS": "200"}).output
        assert "--archive" in out and "created on first ingest" not in out, name
    assert "created on first ingest" in runner.invoke(app, ["ingest", "--help"], env={"COLUMNS": "200"}).output


def test_version() -> None:
    from hexaglot import __version__

    res = runner.invoke(app, ["--version"])
    assert res.exit_code == 0 and res.output.strip() == f"hexaglot {__version__}"


def test_demo_parses_builds_the_archive_and_searches(tmp_path: Path) -> None:
    archive = tmp_path / "arch"
    args = ["demo", "--archive", str(archive), "--corpus", str(tmp_path / "no-corpus-here"), "--no-embeddings",
            "--no-serve"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "letter-2003-06-04.fr.txt" in out and "agenda 74, 83" in out  # the parse summaries
    assert "S/RES/241 (1967)" in out
    assert (archive / "hexaglot.sqlite").exists() or any(archive.iterdir())
    assert "dignité" in out.lower() and "dignity" in out.lower()  # search and fr→en concordance
    # what the archive holds, in words (it was a Python dict: {'documents': 5, ...})
    assert re.search(r"5 documents, 10 language versions, \d+ sentences, \d+ aligned pairs", " ".join(out.split()))
    assert "{'documents'" not in out
    again = runner.invoke(app, args)  # incremental: the second run finds nothing new
    assert again.exit_code == 0, again.output


def test_demo_then_serves_the_archive(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The README's main command ends by serving the demo archive and printing its URL."""
    import uvicorn

    seen: dict = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **k: seen.update(k, app=app))
    args = ["demo", "--archive", str(tmp_path / "arch"), "--corpus", str(tmp_path / "none"), "--no-embeddings",
            "--port", "8123"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert seen["host"] == "127.0.0.1" and seen["port"] == 8123
    assert "http://127.0.0.1:8123/" in result.output


def test_parse_json_one_object_per_line(tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    a.write_text("This is a single sentence that is not a UN document at all.\n", encoding="utf-8")
    b = tmp_path / "b.txt"
    b.write_text("Il était une fois, dans un pays lointain, un roi qui avait trois filles. "
                 "La plus jeune était aussi la plus belle.\n", encoding="utf-8")
    result = runner.invoke(app, ["parse", "--json", str(a), str(b)])
    assert result.exit_code == 0, result.output
    objs = [json.loads(line) for line in result.output.splitlines()]
    assert [o["language"] for o in objs] == ["en", "fr"]
    for o in objs:
        assert o["body"] and o["symbols"] == [] and o["date"] is None and o["doc_type"] is None


BAD_INPUTS = {
    "empty.txt": b"",
    "blank.txt": b"   \n\n  ",
    "binary.txt": bytes(range(256)) * 20,
    "corrupt.pdf": b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\nthis is not a pdf\n",
    "fake.pdf": b"just text pretending to be a pdf",
    "corrupt.docx": b"PK\x03\x04" + b"\x00" * 200,
    "legacy.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
    "picture.png": b"\x89PNG\r\n\x1a\n" + b"\x00\x01\x02" * 300,
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_is_one_clear_line(tmp_path: Path, name: str) -> None:
    bad = tmp_path / name
    bad.write_bytes(BAD_INPUTS[name])
    good = tmp_path / "good.txt"
    good.write_text("The Security Council, recalling its earlier resolutions, decides to remain seized.\n",
                    encoding="utf-8")
    proc = _run("parse", "--json", str(bad), str(good))
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    err_lines = [x for x in proc.stderr.splitlines() if x.strip()]
    assert len(err_lines) == 1, proc.stderr
    assert name in err_lines[0]
    # the good file after it is still processed
    assert json.loads(proc.stdout.splitlines()[-1])["file"].endswith("good.txt")


def test_missing_file_and_directory(tmp_path: Path) -> None:
    proc = _run("parse", str(tmp_path / "nope.pdf"), str(tmp_path))
    assert proc.returncode == 2
    assert "no such file" in proc.stderr and "directory" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_encrypted_pdf(tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt("secret")
    path = tmp_path / "locked.pdf"
    with open(path, "wb") as fh:
        writer.write(fh)
    proc = _run("parse", str(path))
    assert proc.returncode == 2
    assert "locked.pdf" in proc.stderr and "Traceback" not in proc.stderr
    assert "encrypt" in proc.stderr.lower() or "password" in proc.stderr.lower()


def test_unknown_language_is_refused() -> None:
    result = runner.invoke(app, ["parse", "--lang", "xx", "whatever.txt"])
    assert result.exit_code == 2
    # the option named, and German called German (it said "unknown language 'de'", naming no option)
    result = runner.invoke(app, ["parse", "--lang", "de", "whatever.txt"])
    said = " ".join(result.output.split())
    assert result.exit_code == 2 and "--lang: 'de' (German) is none of the six UN languages" in said, said


def _demo(name: str) -> str:
    from hexaglot.demo import demo_dir

    return str(demo_dir() / name)


def test_segment_prints_one_sentence_per_line() -> None:
    result = runner.invoke(app, ["segment", _demo("letter-2003-06-04.fr.txt")])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any(line.startswith("Le Traité entre en vigueur immédiatement.") for line in lines)


@pytest.mark.parametrize("fmt", ["ladder", "tsv", "json"])
def test_align_presegmented_formats(fmt: str) -> None:
    result = runner.invoke(app, ["align", _demo("udhr.en.txt"), _demo("udhr.es.txt"), "--presegmented",
                                 "--no-embeddings", "--format", fmt])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    if fmt == "ladder":
        assert lines[0] == "[0]:[0]" and all(x.startswith("[") for x in lines)
    elif fmt == "tsv":
        assert all(len(x.split("\t")) == 3 for x in lines)
    else:
        first = json.loads(lines[0])
        assert first["src"] == [0] and first["tgt"] == [0] and 0 <= first["score"] <= 1


def test_align_takes_src_and_tgt_as_every_command_does() -> None:
    """`align a b --src en` was "No such option: --src" (concordance, export, terms and pretranslate
    take --src/--tgt); and its help lost the ladder's "[i,j]:[k]" to the markup."""
    result = runner.invoke(app, ["align", _demo("udhr.en.txt"), _demo("udhr.es.txt"), "--presegmented",
                                 "--no-embeddings", "--src", "en", "--tgt", "es"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "[0]:[0]"
    help_text = " ".join(runner.invoke(app, ["align", "--help"], terminal_width=200).output.split())
    assert "ladder: [i,j]:[k];" in help_text


def test_align_many_gives_json_clusters() -> None:
    proc = _run("align-many", _demo("udhr.en.txt"), _demo("udhr.fr.txt"), _demo("udhr.zh.txt"), "--presegmented")
    assert proc.returncode == 0, proc.stderr
    clusters = [json.loads(line) for line in proc.stdout.splitlines()]  # JSON lines: one cluster a line
    assert len(clusters) > 50
    assert set(clusters[0]["members"]) == {"en", "fr", "zh"}
    assert "Traceback" not in proc.stderr


def test_command_help_paragraphs_are_unwrapped() -> None:
    """rich kept the docstring's line breaks: the command list read "alignments per" / "language pair"."""
    from hexaglot.serve.cli import app
    from hexaglot.serve.cli_common import unwrapped

    stats = next(i for i in app.registered_commands if i.name == "stats")
    assert stats.help is not None and "\n" not in stats.help and "alignments per language pair" in stats.help
    assert unwrapped("One\ntwo.\n\nItems:\n- a\n- b") == "One two.\n\nItems:\n- a\n- b"


@pytest.mark.parametrize("command", [["segment"], ["tables"], ["align", "--presegmented"], ["align-many"]])
def test_every_command_that_reads_a_file_takes_ocr(command: list[str], tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """``--ocr`` was parse's alone: a scan could not be segmented, aligned or its tables read with OCR forced."""
    import hexaglot.read
    from hexaglot.serve.cli import app

    seen: list[str] = []  # the OCR mode each read is given

    original = hexaglot.read.read

    def spy(path: object, lang: object = None, *, ocr: str = "auto", **kw: object) -> object:
        seen.append(ocr)
        return original(path, lang, ocr=ocr, **kw)

    monkeypatch.setattr(hexaglot.read, "read", spy)
    a, b = tmp_path / "a.en.txt", tmp_path / "b.fr.txt"
    a.write_text("The Council met. It adopted the report.\n", encoding="utf-8")
    b.write_text("Le Conseil s'est réuni. Il a adopté le rapport.\n", encoding="utf-8")
    files = [str(a)] if command[0] in ("segment", "tables") else [str(a), str(b)]
    extra = ["--no-embeddings"] if command[0].startswith("align") else []
    res = CliRunner().invoke(app, [*command, *extra, "--ocr", "never", *files])
    assert res.exit_code == 0, res.output + res.stderr
    if command != ["align", "--presegmented"]:  # pre-segmented lines are read as text, no reader
        assert seen and set(seen) == {"never"}
    assert CliRunner().invoke(app, [command[0], "--ocr", "sometimes", *files]).exit_code == 2


def test_tables_csv_makes_its_folder_but_no_folders_above_it(tmp_path: Path) -> None:
    """`tables X --csv /nonexistent/x` made /nonexistent and x; export and terms refuse a missing folder,
    and pretranslate makes the one its output goes in, never those above it."""
    from hexaglot.demo import demo_dir

    doc = str(demo_dir() / "letter-2003-06-04.fr.txt")
    res = runner.invoke(app, ["tables", doc, "--csv", str(tmp_path / "typo" / "x")])
    assert res.exit_code == 2 and "no such folder" in res.output and not (tmp_path / "typo").exists()
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert "not a folder" in runner.invoke(app, ["tables", doc, "--csv", str(tmp_path / "file")]).output
    assert runner.invoke(app, ["tables", doc, "--csv", str(tmp_path / "new")]).exit_code == 0


def test_python_m_hexaglot_is_the_command() -> None:
    """`python -m hexaglot` said "No module named hexaglot.__main__"."""
    r = subprocess.run([sys.executable, "-m", "hexaglot", "--version"], capture_output=True, text=True, check=False)
    assert r.returncode == 0 and r.stdout.startswith("hexaglot "), r.stderr
