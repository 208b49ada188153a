"""Steps apart from executors: the stages a file goes through, a result per file, and the
alignment of one document's versions.

    read → STEPS (clean → parse) → segment          per file:      process_one(..., segment=True)
    align_document(texts, changed)                   per document:  every pair of versions

Each of :data:`STEPS` is a plain function ``Document -> Document``; segmentation ends the list
and gives the sentences. The CLI (``parse``, ``segment``), ``hexaglot ingest`` (``ingest/``) and the
batch engines (``batch/``, local pool and Spark) all run these functions, so the logic is written
once and the executors only schedule it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from hexaglot.errors import HexaglotError, InputError
from hexaglot.model import Alignment, Bead, Document, Sentence, lang_order

Step = Callable[[Document], Document]
STAGES = ("read", "clean", "parse", "segment")  # the per-file stages, in order (``Result.stage``)


def _clean(doc: Document) -> Document:
    from hexaglot.clean import clean

    return clean(doc)


def _parse(doc: Document) -> Document:
    from hexaglot.parse import parse

    return parse(doc)


def _clean_as_typed(doc: Document) -> Document:
    from hexaglot.clean import clean

    return clean(doc, typography=False)


STEPS: list[tuple[str, Step]] = [("clean", _clean), ("parse", _parse)]
#: the steps of a draft to pre-translate: the same, but its quotes, no-break spaces and full-width
#: marks stay as written (its segments go back to the translator's tool as its own text)
DRAFT_STEPS: list[tuple[str, Step]] = [("clean", _clean_as_typed), ("parse", _parse)]


def segment(doc: Document) -> list[Sentence]:
    """The last per-file stage: the sentences of the document's body, then of its footnotes (kind
    ``footnote``, ids after the body's), with the default segmenter."""
    from hexaglot.segment import segment_document

    require_language(doc)
    return segment_document(doc, notes=True)


def require_language(doc: Document) -> None:
    """An :class:`InputError` naming the file when the document has no language to split it by (a text
    in none of the six languages, or too short to tell), with what reading it found."""
    if doc.language:
        return
    seen = language_doubt(doc)
    raise InputError(doc.origin.path, "its language is not known" + (f" (it {seen})" if seen else "")
                     + ": give it (a name such as x.fr.txt, a manifest line, or --lang)")


def language_doubt(doc: Document) -> str | None:
    """What reading found instead of a language ("looks like German, none of the six UN languages",
    "does not look like text (...)"), from the reader's warnings; ``None`` when it said nothing."""
    return next((w.split(";")[0] for w in doc.warnings if "none of the six" in w or "does not look like" in w), None)


@dataclass
class Result:
    """What happened to one input: a document, or the reason there is none."""

    path: str
    document: Document | None = None
    sentences: list[Sentence] | None = None  # with ``segment=True``
    error: str | None = None
    stage: str = ""  # the stage that failed (one of :data:`STAGES`)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.document is not None


def process(path: str | Path, lang: str | None = None, *, ocr: str = "auto") -> Document:
    """read → clean → parse one file, under the per-document time budget
    (:data:`hexaglot.limits.DOC_TIME_BUDGET_S`). Raises :class:`InputError` for bad input."""
    from hexaglot.limits import check_budget, time_budget
    from hexaglot.read import read

    with time_budget(str(path)):
        doc = read(path, lang, ocr=ocr)
        for _, step in STEPS:
            check_budget()
            doc = step(doc)
    return doc


def process_one(path: str | Path, lang: str | None = None, *, ocr: str = "auto",
                progress: Callable[[int, int], None] | None = None, segment: bool = False,
                steps: Sequence[tuple[str, Step]] | None = None) -> Result:
    """Like :func:`process` but never raises: the error becomes ``Result.error`` (and the stage
    that failed ``Result.stage``). ``segment=True`` runs the whole per-file list, read → clean →
    parse → segment, as ingest and batch do, and fills ``Result.sentences``. ``steps``: the
    stages after read (None: :data:`STEPS`, read when called; :data:`DRAFT_STEPS` for a draft to
    pre-translate).

    The work runs under the per-document time budget; over budget, out of memory, or input that
    makes a stage fail becomes a one-line error naming the file."""
    from hexaglot.limits import check_budget, time_budget
    from hexaglot.read import read

    res = Result(path=str(path))
    try:
        with time_budget(str(path)):
            t0 = time.perf_counter()
            doc = read(path, lang, ocr=ocr, progress=progress)
            res.seconds["read"] = time.perf_counter() - t0
            for name, step in STEPS if steps is None else steps:
                check_budget()
                t0 = time.perf_counter()
                doc = step(doc)
                res.seconds[name] = time.perf_counter() - t0
            check_budget()
        res.document = doc
    except InputError as exc:
        res.stage = _failed_stage(res)
        res.error = str(exc)
    except HexaglotError as exc:
        res.error = f"{path}: {exc}"
    except MemoryError:
        res.error = f"{path}: ran out of memory (over the memory budget); the file was skipped"
    except RecursionError:
        res.error = f"{path}: structure nested too deeply to process; the file was skipped"
    except (ValueError, KeyError, IndexError, TypeError, AttributeError, OSError,
            UnicodeError) as exc:  # a bug or an input we did not foresee: report, go on
        res.error = f"{path}: could not be processed ({type(exc).__name__}: {exc})"
    if res.error:
        res.stage = res.stage or _failed_stage(res)
        return res
    if segment and res.document is not None:
        _segment_into(res)
    return res


def _failed_stage(res: Result) -> str:
    return next((s for s in STAGES[:3] if s not in res.seconds), "parse")


def _segment_into(res: Result) -> None:
    """The segment stage of :func:`process_one` (outside the read → parse budget, as before)."""
    assert res.document is not None
    t0 = time.perf_counter()
    try:
        res.sentences = segment(res.document)
    except InputError as exc:  # no language to split it by
        res.error, res.stage = str(exc), "segment"
        return  # the document stays: what reading it found is said with the error
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        res.error = f"{res.path}: sentence splitting failed ({type(exc).__name__}: {exc})"
        res.stage = "segment"
        res.document = None
        return
    res.seconds["segment"] = time.perf_counter() - t0


def process_many(paths: Iterable[str | Path], lang: str | None = None, *, ocr: str = "auto",
                 progress: Callable[[str, int, int], None] | None = None) -> Iterator[Result]:
    """One :class:`Result` per path; ``progress(path, done, total)`` reports OCR'd pages."""
    for p in paths:
        page_progress = (lambda d, t, p=p: progress(str(p), d, t)) if progress else None
        yield process_one(p, lang, ocr=ocr, progress=page_progress)


# -- per document: align the versions -------------------------------------------------------------


def _order(langs: Iterable[str]) -> list[str]:
    return sorted(langs, key=lang_order)


def align_document(texts: Mapping[str, Sequence[object]], changed: Sequence[str], *, embeddings: bool,
                   aligned: bool = False) -> list[Alignment]:
    """The alignments of every pair of a document's versions that involves a changed one.

    ``texts`` maps a language to its sentences: plain strings (body prose) or records with ``text``,
    ``kind`` and ``unit`` (:class:`~hexaglot.model.Sentence`, ``SentenceData``). Each stream (the
    body, the footnotes, the cells: :mod:`hexaglot.align.streams`) is aligned apart, so a footnote
    never displaces a prose bead. ``aligned=True`` trusts the input to be line-parallel (sentence
    i ↔ sentence i, score 1.0, stream by stream), as the UN Parallel Corpus test sets are. The body
    of two versions is aligned with :func:`hexaglot.align.align`, of more with
    :func:`hexaglot.align.multiway.pair_beads` from each version's alignment to the pivot (a pair
    with the pivot keeps its own beads; two others are joined through it); footnotes and cells are
    aligned pair by pair.
    """
    from hexaglot.align.streams import BODY, align_streams, split_streams, text_of

    langs = _order([x for x in texts if texts[x]])
    pairs = [(a, b) for a, b in combinations(langs, 2) if a in changed or b in changed]
    if not pairs:
        return []
    if aligned:
        return [Alignment(src_lang=a, tgt_lang=b, method="parallel-lines",
                          beads=align_streams(texts[a], texts[b], None, parallel=True)) for a, b in pairs]
    from hexaglot.align import align, default_aligner
    from hexaglot.align.calibrate import MARK
    from hexaglot.align.multiway import align_to_pivot, pair_beads

    method = ("embeddings" if embeddings else "length+lexicon") + MARK  # MARK: the scores are calibrated

    def pair_aligner(a: str, b: str) -> Callable[[Sequence[str], Sequence[str]], list[Bead]]:
        # the pair named in the warnings: an ingest reports them per document (ingest.runner.align_within_budget)
        return lambda s, t: align(list(s), list(t), a, b, embeddings=embeddings, prefix=f"{a}-{b}: ")

    def unit_aligner(a: str, b: str) -> Callable[[Sequence[str], Sequence[str]], list[Bead]]:
        # footnotes and cells: the aligner without align()'s whole-text warnings (a few notes made
        # of symbols share most of their words in any two languages)
        return lambda s, t: default_aligner().align(list(s), list(t), a, b, embeddings=embeddings)

    if len(langs) == 2:
        a, b = langs
        return [Alignment(src_lang=a, tgt_lang=b, method=method,
                          beads=_floats(align_streams(texts[a], texts[b], pair_aligner(a, b),
                                                      unit_aligner=unit_aligner(a, b))))]
    body = {x: [text_of(texts[x][i]) for i in split_streams(texts[x])[BODY]] for x in langs}
    present = {x: body[x] for x in langs if body[x]}
    pivot, to_pivot = (align_to_pivot(present, embeddings=embeddings, aligner=default_aligner())
                       if len(present) > 1 else (None, {}))
    out = []
    for a, b in pairs:
        if pivot is not None and a in present and b in present:
            body_beads = pair_beads(pivot, len(present[pivot]), to_pivot, a, b)
        else:  # a version without body text: each sentence of the other stands alone
            body_beads = ([Bead(src=[i], tgt=[], score=1.0) for i in range(len(body[a]))]
                          + [Bead(src=[], tgt=[j], score=1.0) for j in range(len(body[b]))])
        beads = align_streams(texts[a], texts[b], pair_aligner(a, b), body=body_beads,
                              unit_aligner=unit_aligner(a, b))
        out.append(Alignment(src_lang=a, tgt_lang=b, beads=_floats(beads), method=f"multiway/{method}"))
    return out


def _floats(beads: Sequence[Bead]) -> list[Bead]:
    return [Bead(src=list(x.src), tgt=list(x.tgt), score=float(x.score)) for x in beads]

