"""``hexaglot pretranslate``: a thin layer over :meth:`hexaglot.archive.Archive.pretranslate` and
:func:`hexaglot.pretranslate.output.write_outputs`. Wired in by ``register(app)``."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from hexaglot.errors import HexaglotError
from hexaglot.serve.cli_common import (
    DEFAULT_ARCHIVE,
    JSON_OBJECT,
    ArchiveOpt,
    emit_object,
    fail,
    open_archive,
)
from hexaglot.wording import counted

err = Console(stderr=True, soft_wrap=True)


def pretranslate_cmd(
    draft: Annotated[Path, typer.Argument(help="The draft: DOCX, PDF, HTML or text.", readable=False)],
    tgt: Annotated[str, typer.Option("--tgt", help="Target language(s), comma-separated: fr or fr,ru,es.")],
    out: Annotated[str, typer.Option("--out", "-o", help="The XLIFF file (.xlf or .xliff; one target, its .tmx and "
                                     ".html beside it), or a folder (out/: <draft>.<tgt>.xlf per target); the folder "
                                     "it names or goes in is made if missing (not the folders above it).")],
    src: Annotated[str | None, typer.Option("--src", help="The draft's language (detected when omitted).")] = None,
    threshold: Annotated[float, typer.Option("--threshold", min=0, max=100,
                                             help="Lowest fuzzy-match score kept as a candidate (percent).")] = 70.0,
    candidates: Annotated[int, typer.Option("--candidates", min=1, max=20, help="Candidates per segment.")] = 3,
    archive: ArchiveOpt = DEFAULT_ARCHIVE,
    as_json: Annotated[bool, typer.Option("--json", help=JSON_OBJECT + " (the analysis per target)")] = False,
) -> None:
    """Pre-translate a draft from the archive: XLIFF 1.2 with the earlier translations as candidates,
    a TMX of the matches and an HTML analysis per match band."""
    targets = [x.strip() for x in tgt.split(",") if x.strip()]
    path = _out_path(out, draft, targets)
    made = _make_folder(path, len(targets))
    try:
        _pretranslate(draft, tgt, path, src, threshold, candidates, archive, as_json)
    except BaseException:
        if made is not None:  # a refused or failed run leaves no empty folder behind
            with contextlib.suppress(OSError):
                made.rmdir()
        raise


def _out_path(out: str, draft: Path, targets: list[str]) -> Path:
    """Where ``-o`` puts one target's XLIFF, or the folder of several targets' (as typed).

    A folder (written ``out/``, an existing folder, or a name without an extension that does not
    exist) takes ``<draft>.<tgt>.xlf`` with one target as with several (``-o out/`` wrote a file
    named ``out`` and ``out.tmx`` beside it); with one target any other name must be an XLIFF file's
    (``draft.fr`` would have put its TMX in ``draft.tmx``)."""
    from hexaglot.pretranslate.output import xliff_name

    path = Path(out)
    folder = out.endswith(("/", "\\")) or path.is_dir() or (not path.suffix and not path.exists())
    if len(targets) != 1:
        return path
    if folder:
        return path / xliff_name(draft, targets[0])
    if path.suffix.lower() not in (".xlf", ".xliff"):
        raise fail(f"{out}: with one target language -o names the XLIFF file (.xlf or .xliff) or a folder "
                   f"({path.with_suffix('')}/: {xliff_name(draft, targets[0])} in it)")
    return path


def _make_folder(out: Path, targets: int) -> Path | None:
    """With one target, make the folder the XLIFF goes in (``-o out/draft.fr.xlf``) as several targets
    make their ``-o out/`` (:func:`~hexaglot.pretranslate.output.outputs`): that folder only, when the
    one above it exists (a typo does not make a tree; :func:`~hexaglot.pretranslate.output.check_out`
    then says which folder is missing). The folder made, or None."""
    folder = out.parent
    if targets != 1 or folder.exists() or not folder.parent.is_dir():
        return None
    try:
        folder.mkdir()
    except OSError as exc:
        raise fail(f"{out}: cannot make the folder {folder} ({exc.strerror})") from None
    return folder


def _pretranslate(draft: Path, tgt: str, out: Path, src: str | None, threshold: float, candidates: int,
                  archive: Path, as_json: bool) -> None:
    from hexaglot.pretranslate.output import check_out, write_outputs

    try:  # an output it cannot write is refused before the work, not after
        check_out(out, len([x for x in tgt.split(",") if x.strip()]))
    except HexaglotError as exc:
        raise fail(str(exc)) from None
    a = open_archive(archive)

    def progress(done: int, total: int) -> None:
        if total >= 200:
            err.print(f"pretranslate: {done}/{total} segments", highlight=False)

    try:
        results = a.pretranslate(draft, src=src, tgt=tgt, threshold=threshold, candidates=candidates,
                                 progress=progress)
        files = write_outputs(results, out)
    except HexaglotError as exc:
        raise fail(str(exc)) from None
    finally:
        a.close()
    for w in results[0].warnings if results else []:  # "the text looks French (fr)": before the figures
        err.print(f"[yellow]warning:[/] {escape(results[0].draft)}: {escape(w)}", highlight=False)
    summary = []
    for r in results:
        bands = r.analysis()
        summary.append({"tgt": r.tgt_lang, "segments": len(r.segments), "matched": r.matched,
                        "seconds": round(r.seconds, 2),
                        "bands": {b.band: {"segments": b.segments, "words": b.words} for b in bands}})
        if not as_json:
            err.print(f"{r.src_lang}→{r.tgt_lang}: {counted(len(r.segments), 'segment')}, {r.matched} with a "
                      f"candidate ≥ {threshold:g}% ({r.seconds:.1f} s)", highlight=False)
            err.print(f"  {'match':16s} {'segments':>8s} {'words':>8s}", highlight=False)
            for b in bands:
                err.print(f"  {b.band:16s} {b.segments:8d} {b.words:8d}", highlight=False)
    if as_json:
        emit_object({"files": [str(f) for f in files], "targets": summary})
    else:
        err.print("written: " + ", ".join(str(f) for f in files), highlight=False)


def register(app: typer.Typer) -> None:
    app.command("pretranslate")(pretranslate_cmd)
