"""Steps apart from executors: the list of stages a file goes through, and a result per file.

Each step is a plain function ``Document -> Document``; the CLI, the archive and the batch
executors all run :data:`STEPS` through :func:`process`, so the logic is written once.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from hexaglot.errors import HexaglotError, InputError
from hexaglot.model import Document

Step = Callable[[Document], Document]


def _clean(doc: Document) -> Document:
    from hexaglot.clean import clean

    return clean(doc)


def _parse(doc: Document) -> Document:
    from hexaglot.parse import parse

    return parse(doc)


STEPS: list[tuple[str, Step]] = [("clean", _clean), ("parse", _parse)]


@dataclass
class Result:
    """What happened to one input: a document, or the reason there is none."""

    path: str
    document: Document | None = None
    error: str | None = None
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
                progress: Callable[[int, int], None] | None = None) -> Result:
    """Like :func:`process` but never raises: the error becomes ``Result.error``.

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
            for name, step in STEPS:
                check_budget()
                t0 = time.perf_counter()
                doc = step(doc)
                res.seconds[name] = time.perf_counter() - t0
            check_budget()
        res.document = doc
    except InputError as exc:
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
    return res


def process_many(paths: Iterable[str | Path], lang: str | None = None, *, ocr: str = "auto",
                 progress: Callable[[str, int, int], None] | None = None) -> Iterator[Result]:
    """One :class:`Result` per path; ``progress(path, done, total)`` reports OCR'd pages."""
    for p in paths:
        page_progress = (lambda d, t, p=p: progress(str(p), d, t)) if progress else None
        yield process_one(p, lang, ocr=ocr, progress=page_progress)
