"""The ``hexaglot`` command: a thin layer over the library.

Every command calls the Python API; library errors become one line on stderr and an exit code
(0 success, 2 bad input or bad usage). No traceback reaches the user.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal

import typer
from rich.console import Console
from rich.table import Table

from hexaglot import __version__
from hexaglot.errors import ConfigError, HexaglotError
from hexaglot.serve.cli_common import Group, OcrOpt, emit_lines, print_table, style_commands
from hexaglot.wording import counted

app = typer.Typer(
    name="hexaglot",
    help="Raw UN documents in, a structured six-language, sentence-aligned archive out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    cls=Group,
)
out = Console(soft_wrap=False)
err = Console(stderr=True, soft_wrap=True)

LangOpt = Annotated[str | None, typer.Option("--lang", "--langs", help="Language code (ar, zh, en, fr, ru, es); detected when omitted.")]


def _fail(message: str) -> None:
    err.print(f"[bold red]error:[/] {message}", markup=True, highlight=False)


def _warn(path: str, message: str) -> None:
    err.print(f"[bold yellow]warning:[/] {path}: {message}", markup=True, highlight=False)


def _check_lang(lang: str | None, option: str = "--lang") -> str | None:
    if lang is None:
        return None
    from hexaglot.langs import check_lang

    try:
        return check_lang(lang)
    except ConfigError:
        from hexaglot.langs.codes import language_name

        name = language_name(lang.strip().lower())
        known = f" ({name})" if name != lang.strip().lower() else ""
        _fail(f"{option}: {lang!r}{known} is none of the six UN languages: give one of ar, zh, en, fr, ru, es")
        raise typer.Exit(2) from None


def _paragraphs(labels: list[str]) -> int:
    return sum(lab in ("paragraph", "list_item") for lab in labels)


def _print_summary(s: dict) -> None:
    table = Table(title=s["file"], show_header=False, title_justify="left", expand=False)
    table.add_column("field", style="bold cyan", no_wrap=True)
    table.add_column("value", overflow="fold")
    for key in ("language", "format", "symbols", "date", "doc_type", "title", "organs", "session", "meeting",
                "agenda_items", "agenda_list", "job_number", "distribution", "original_language",
                "sender_countries", "sponsors", "addressee", "references"):
        value = s.get(key)
        if value in (None, [], ""):
            continue
        table.add_row(key, ", ".join(map(str, value)) if isinstance(value, list) else str(value))
    for sig in s["signatories"]:
        table.add_row("signatory", ", ".join(str(v) for v in sig.values() if v))
    for fn in s["footnotes"]:
        table.add_row("footnote", f"{fn['mark']} {fn['text']}")
    table.add_row("body", counted(_paragraphs(s['body_labels']), "paragraph"))
    for a in s["annexes"]:
        table.add_row(f"annex {a['label']}", f"{a['title'] or ''} ({counted(_paragraphs(a['labels']), 'paragraph')})")
    if s["tables"]:
        table.add_row("tables", f"{len(s['tables'])} (hexaglot tables FILE shows them)")
    if s.get("text_quality") is not None:
        ocr = next((w for w in s.get("warnings", []) if w.startswith("OCR applied to page(s)")), None)
        state = f"  ({ocr})" if ocr else "  (needs OCR)" if s.get("needs_ocr") else ""
        table.add_row("text quality", f"{s['text_quality']:.2f}{state}")
    print_table(out, table)


class _OcrProgress:
    """A rich progress bar for OCR'd pages, shown only when a file needs OCR."""

    def __enter__(self) -> Callable[[str, int, int], None]:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.bar = Progress(TextColumn("OCR {task.description}"), BarColumn(), MofNCompleteColumn(),
                            TimeRemainingColumn(), console=err, transient=True)
        self.tasks: dict[str, Any] = {}

        def update(path: str, done: int, total: int) -> None:
            if not self.tasks:
                self.bar.start()
            if path not in self.tasks:
                self.tasks[path] = self.bar.add_task(Path(path).name, total=total)
            self.bar.update(self.tasks[path], completed=done, total=total)

        return update

    def __exit__(self, *exc: object) -> None:
        if self.tasks:  # started only when a file needed OCR
            self.bar.stop()


@app.command("parse")
def parse_cmd(
    files: Annotated[list[Path], typer.Argument(help="Files to parse (txt, pdf, docx, html).", readable=False)],
    lang: LangOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines: one object per file, one per line.")] = False,
    ocr: OcrOpt = "auto",
) -> None:
    """Read, clean and parse UN documents; print their structure and metadata."""
    from hexaglot.parse import summary
    from hexaglot.pipeline import process_many

    code = _check_lang(lang)
    failed = 0
    with _OcrProgress() as progress:
        results = list(process_many(files, code, ocr=ocr, progress=progress))
    for res in results:
        if not res.ok:
            failed += 1
            _fail(res.error or f"{res.path}: failed")
            continue
        assert res.document is not None
        for w in res.document.warnings:
            _warn(res.path, w)
        s = summary(res.document)
        if as_json:
            emit_lines([s])
        else:
            _print_summary(s)
    if failed:
        raise typer.Exit(2)


@app.command("demo")
def demo_cmd(
    archive: Annotated[Path, typer.Option("--archive", help="Where to build the demo archive.")] = Path(
        "hexaglot-archive"),
    corpus: Annotated[Path | None, typer.Option("--corpus", help="Corpus folder (default ../shared/corpus; "
                                                 "the bundled sample when absent).")] = None,
    embeddings: Annotated[bool, typer.Option("--embeddings/--no-embeddings",
                                             help="Sentence embeddings in alignment.")] = True,
    serve: Annotated[bool, typer.Option("--serve/--no-serve", help="Then serve the archive over HTTP.")] = True,
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port of the web server.")] = 8000,
) -> None:
    """The main job: parse the bundled demo documents, build the demo archive, search it, serve it."""
    from hexaglot.archive import build_demo
    from hexaglot.demo import demo_files
    from hexaglot.parse import summary
    from hexaglot.pipeline import process_many
    from hexaglot.serve.cli_archive import _rich_progress, concordance_cmd, search_cmd

    files = demo_files()
    out.print(f"[bold]Hexaglot {__version__}[/] — 1. parsing the {len(files)} bundled demo documents")
    for res in process_many(files):
        if res.document is None:
            _fail(res.error or res.path)
            continue
        s = summary(res.document)
        fields = [s["language"], s["doc_type"], ", ".join(s["symbols"]), s["date"],
                  f"session {s['session']}" if s["session"] else "",
                  "agenda " + ", ".join(map(str, s["agenda_items"])) if s["agenda_items"] else "",
                  counted(_paragraphs(s['body_labels']) + sum(_paragraphs(a['labels']) for a in s['annexes']),
                          "paragraph")]
        out.print(f"  [cyan]{Path(s['file']).name}[/]  " + " · ".join(f for f in fields if f),
                  soft_wrap=True, highlight=False)
    out.print(f"[bold]2. building the demo archive[/] in {archive} (incremental: a second run does no work)")
    progress = _rich_progress()
    try:
        built = build_demo(archive, corpus, embeddings=embeddings, progress=progress)
    finally:
        if progress is not None:
            progress.close()
    st = built.stats()
    vectors = f"; {counted(st.get('vectors', 0), 'sentence vector')} for search by meaning" if st.get("vectors") else ""
    out.print(f"  {counted(st['documents'], 'document')}, {counted(st['versions'], 'language version')}, "
              f"{counted(st['sentences'], 'sentence')}, {counted(st['beads'], 'aligned pair')} (beads), "
              f"{counted(st['refs'], 'reference')}{vectors}", highlight=False)
    built.close()
    out.print("[bold]3. search[/]  hexaglot search \"dignité\" --lang fr --limit 3")
    search_cmd("dignité", archive=archive, lang="fr", limit=3)
    out.print("[bold]4. concordance[/]  hexaglot concordance \"dignité\" --src fr --tgt en --limit 3")
    concordance_cmd("dignité", src="fr", tgt="en", archive=archive, limit=3)
    if serve:
        from hexaglot.serve.cli_http import serve as serve_http

        out.print(f"[bold]5. web interface and HTTP API[/]  hexaglot serve --archive {archive}")
        serve_http(archive, port=port, embeddings=embeddings)


def _sentences_of(path: Path, lang: str | None, presegmented: bool,
                  kinds: frozenset[str] | None = None, ocr: str = "auto") -> tuple[list[str], str]:
    """Sentences of a file: its lines when pre-segmented, else read → clean → parse → segment (the
    sentences of ``kinds`` only, when given)."""
    from hexaglot.errors import InputError

    if presegmented:
        from hexaglot.read.encoding import decode

        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(str(path), f"cannot be read ({exc.strerror or exc})") from None
        text, _, _ = decode(data, path)
        lines = text.splitlines()
        if lang is None:
            from hexaglot.read.langid import detect_language

            lang = detect_language("\n".join(lines[:50]))
        if lang is None:
            raise InputError(str(path), "cannot tell the language; give it with --src-lang/--tgt-lang")
        return lines, lang
    from hexaglot.pipeline import process, require_language
    from hexaglot.segment import segment_document

    doc = process(path, lang, ocr=ocr)
    require_language(doc)
    found = segment_document(doc, notes=kinds is not None and "footnote" in kinds)
    sentences = [s.text for s in found if kinds is None or s.kind.value in kinds]
    for w in doc.warnings:
        _warn(str(path), w)
    return sentences, doc.language or "en"


@app.command("segment")
def segment_cmd(
    file: Annotated[Path, typer.Argument(help="A file of any supported format.", readable=False)],
    lang: LangOpt = None,
    kind: Annotated[str | None, typer.Option("--kind", "--units", help="Kinds of text: prose, titles, footnotes, cells or "
                                             "all, comma-separated (default: prose, titles and cells in the "
                                             "body's order; footnotes come after).")] = None,
    ocr: OcrOpt = "auto",
) -> None:
    """Print the sentences of a document, one per line."""
    from hexaglot.units import parse_kinds

    code = _check_lang(lang)
    try:
        kinds = parse_kinds(kind, default=("prose", "title", "cell"), what="--kind")
    except HexaglotError as exc:
        _fail(str(exc))
        raise typer.Exit(2) from None
    sentences, _ = _sentences_of(file, code, presegmented=False, kinds=kinds, ocr=ocr)
    for s in sentences:
        sys.stdout.write(s.replace("\n", " ") + "\n")


@app.command("align")
def align_cmd(
    src: Annotated[Path, typer.Argument(help="Source-language file.", readable=False)],
    tgt: Annotated[Path, typer.Argument(help="Target-language file.", readable=False)],
    src_lang: Annotated[str | None, typer.Option("--src-lang", "--src", help="Source language code.")] = None,
    tgt_lang: Annotated[str | None, typer.Option("--tgt-lang", "--tgt", help="Target language code.")] = None,
    presegmented: Annotated[bool, typer.Option("--presegmented", help="Each input line is one sentence.")] = False,
    fmt: Annotated[Literal["ladder", "tsv", "json"], typer.Option(
        "--format", help="ladder: \\[i,j]:\\[k]; tsv: source, target, score; json: JSON lines, one bead a line.")
                   ] = "ladder",
    embeddings: Annotated[bool, typer.Option("--embeddings/--no-embeddings", help="Sentence embeddings in "
                                             "alignment; without: length, anchors and lexicon only.")] = True,
    ocr: OcrOpt = "auto",
) -> None:
    """Align two language versions of one document into beads with confidence scores."""
    from hexaglot.align import align

    s_sents, s_lang = _sentences_of(src, _check_lang(src_lang, "--src"), presegmented, ocr=ocr)
    t_sents, t_lang = _sentences_of(tgt, _check_lang(tgt_lang, "--tgt"), presegmented, ocr=ocr)
    import warnings

    from hexaglot.align import AlignWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", AlignWarning)
        beads = align(s_sents, t_sents, s_lang, t_lang, embeddings=embeddings)
    for w in caught:
        if issubclass(w.category, AlignWarning):
            err.print(f"[bold yellow]warning:[/] {src} and {tgt}: {w.message}", markup=True, highlight=False)
        else:
            warnings.showwarning(w.message, w.category, w.filename, w.lineno)
    for b in beads:
        if fmt == "ladder":
            sys.stdout.write(f"[{','.join(map(str, b.src))}]:[{','.join(map(str, b.tgt))}]\n")
        elif fmt == "tsv":
            s = " ".join(s_sents[i] for i in b.src).replace("\t", " ")
            t = " ".join(t_sents[i] for i in b.tgt).replace("\t", " ")
            sys.stdout.write(f"{s}\t{t}\t{b.score:.4f}\n")
        else:
            obj = {"src": b.src, "tgt": b.tgt, "score": round(b.score, 4),
                   "src_text": " ".join(s_sents[i] for i in b.src),
                   "tgt_text": " ".join(t_sents[i] for i in b.tgt)}
            emit_lines([obj])


@app.command("align-many")
def align_many_cmd(
    files: Annotated[list[Path], typer.Argument(help="Two to six language versions of one document.", readable=False)],
    langs: Annotated[str | None, typer.Option("--langs", "--lang", help="The files' languages in order, e.g. en,fr,zh "
                                              "(detected when omitted).")] = None,
    presegmented: Annotated[bool, typer.Option("--presegmented", help="Each input line is one sentence.")] = False,
    embeddings: Annotated[bool, typer.Option("--embeddings/--no-embeddings", help="Sentence embeddings in "
                                             "alignment; without: length, anchors and lexicon only.")] = True,
    ocr: OcrOpt = "auto",
) -> None:
    """Align up to six language versions into clusters consistent across all pairs (JSON lines,
    one cluster per line)."""
    from hexaglot.align import align_many

    if not 2 <= len(files) <= 6:
        _fail("align-many needs two to six files")
        raise typer.Exit(2)
    codes: list[str | None] = [None] * len(files)
    if langs:
        given = [x.strip() for x in langs.split(",") if x.strip()]
        if len(given) != len(files):
            _fail(f"--langs {langs}: {len(given)} language(s) for {len(files)} files; give one per file")
            raise typer.Exit(2)
        codes = [_check_lang(x, "--langs") for x in given]
    versions: dict[str, list[str]] = {}
    for f, code in zip(files, codes, strict=True):
        sents, lang = _sentences_of(f, code, presegmented, ocr=ocr)
        if lang in versions:
            _fail(f"{f}: a second {lang} version; give one file per language (or --langs)")
            raise typer.Exit(2)
        versions[lang] = sents
    clusters = align_many(versions, embeddings=embeddings)
    emit_lines({"members": c.members, "score": round(c.score, 4),
                "texts": {lang: " ".join(versions[lang][i] for i in idx) for lang, idx in c.members.items()}}
               for c in clusters)


@app.command("version", hidden=True)
def version_cmd() -> None:
    """Print the version (also: hexaglot --version)."""
    sys.stdout.write(__version__ + "\n")


def _show_version(value: bool) -> None:
    if value:
        sys.stdout.write(f"hexaglot {__version__}\n")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool | None, typer.Option("--version", callback=_show_version, is_eager=True,
                                                 help="Print the version and exit.")] = None,
) -> None:
    """Raw UN documents in, a structured six-language, sentence-aligned archive out."""


def _register_archive_commands() -> None:
    from hexaglot.serve import (
        cli_admin,
        cli_archive,
        cli_batch,
        cli_browse,
        cli_http,
        cli_lexicon,
        cli_pretranslate,
        cli_semantic,
        cli_tables,
        cli_terms,
        cli_wordalign,
    )

    for module in (cli_archive, cli_browse, cli_batch, cli_admin, cli_http, cli_tables, cli_lexicon, cli_semantic,
                   cli_terms, cli_wordalign, cli_pretranslate):
        module.register(app)
    style_commands(app)


_register_archive_commands()


def main() -> None:
    import os

    # The aligner's many small matrix products run far faster on one BLAS thread per process.
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    try:
        app()
    except HexaglotError as exc:
        _fail(str(exc))
        sys.exit(2)
    except OSError as exc:  # a file the command was given cannot be written or read: say which, and why
        _fail(f"{exc.filename or ''}: {exc.strerror or exc}" if exc.filename else str(exc))
        sys.exit(2)
    except KeyboardInterrupt:
        _fail("interrupted")
        sys.exit(130)
    except Exception as exc:  # the last line of defence: a bug still gets one line, not a traceback
        _fail(f"internal error ({type(exc).__name__}: {exc}); please report it with the command you ran")
        sys.exit(1)


if __name__ == "__main__":
    main()
