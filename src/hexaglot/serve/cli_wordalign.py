"""``hexaglot wordalign``: train the word models the concordance marks renderings with, and list them.

A thin layer over :meth:`hexaglot.archive.Archive.train_word_aligner` and :meth:`~hexaglot.archive.
Archive.word_models`. Wired in by ``register(app)``.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from hexaglot.serve.cli_archive import _fail, _open, _run
from hexaglot.serve.cli_common import DEFAULT_ARCHIVE, ArchiveOpt, Group, emit_object, style_commands

err = Console(stderr=True, soft_wrap=True)
app = typer.Typer(help="Word alignment inside aligned pairs: train the models that mark, in the concordance, "
                       "the target words rendering the query.", no_args_is_help=True, cls=Group)


def _pairs(pair: str | None, langs: list[str]) -> list[tuple[str, str]]:
    if pair:
        parts = pair.split("-")
        if len(parts) != 2 or not all(parts):
            raise _fail(f"--pair {pair!r}: expected two language codes such as en-fr")
        return [(parts[0], parts[1])]
    return [(a, b) for i, a in enumerate(langs) for b in langs[i + 1:]]


@app.command("train")
def train_cmd(
    archive: ArchiveOpt = DEFAULT_ARCHIVE,
    pair: Annotated[str | None, typer.Option("--pair", help="Language pair, e.g. en-fr (default: every pair "
                                             "of the archive's languages).")] = None,
    min_score: Annotated[float | None, typer.Option("--min-score", help="Lowest alignment score of a training "
                                                    "pair (default: the 'low' threshold, 0.5).")] = None,
    max_pairs: Annotated[int | None, typer.Option("--max-pairs", min=1, help="Train on at most this many "
                                                  "pairs.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON: the models trained.")] = False,
) -> None:
    """Train the word aligner on the archive's confident pairs and keep it in the archive."""
    a = _open(archive)
    try:
        pairs = _pairs(pair, a.languages())
        done = []
        for src, tgt in pairs:
            info = _run(lambda s=src, t=tgt: a.train_word_aligner(s, t, min_score=min_score, max_pairs=max_pairs,
                                                                  progress=lambda m: err.print(escape(m))))
            done.append(info)
            err.print(f"{info.src_lang}-{info.tgt_lang}: {info.sentences} pairs, {info.seconds:.1f} s, "
                      f"model {info.bytes / 1e6:.2f} MB, trained by {info.trainer}", highlight=False)
    finally:
        a.close()
    if as_json:
        emit_object({"models": [vars(x) for x in done]})


@app.command("list")
def list_cmd(archive: ArchiveOpt = DEFAULT_ARCHIVE) -> None:
    """The word models the archive holds."""
    a = _open(archive)
    infos = _run(a.word_models)
    a.close()
    if not infos:
        err.print("no word model: the concordance marks renderings from the dictionaries and what its lines "
                  "agree on (hexaglot wordalign train)")
    for x in infos:
        print(f"{x.src_lang}-{x.tgt_lang}\t{x.sentences} pairs\t{x.bytes / 1e6:.2f} MB\ttrained {x.trained}\t"
              f"by {x.trainer}")


def register(root: typer.Typer) -> None:
    style_commands(app)  # its subcommands' help as every other command's (no <bool> beside a flag)
    root.add_typer(app, name="wordalign")
