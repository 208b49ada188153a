"""Why an export wrote no pair: what :func:`why_empty` says after ``hexaglot export`` (as the
concordance's :func:`hexaglot.search.concordance.why_none` says why it found no line).

The causes are tried from the widest: no document has both languages (aligned), the document
filters match no document or none with both languages, then the kinds asked for (prose by
default), then ``--min-score``. Each check reads at most one pair, and runs only after an export
that wrote none.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable
from typing import TYPE_CHECKING

from hexaglot.units import KINDS, ordered, parse_kinds
from hexaglot.wording import counted

if TYPE_CHECKING:
    from hexaglot.archive import Archive


def filter_flags(filters: dict[str, object]) -> str:
    """The command-line options of ``filters``, as given: ``--organ SC --year 2003`` (``doc_type`` is
    ``--type``)."""
    return " ".join(f"--{'type' if k == 'doc_type' else k} {shlex.quote(str(v))}" for k, v in filters.items()
                    if v is not None)


def why_empty(archive: Archive, src: str, tgt: str, *, min_score: float = 0.0,
              units: str | Iterable[str] | None = None, **filters: object) -> str:
    """One sentence: why :meth:`Archive.export` with these arguments wrote no pair ("none of the 3
    documents matching --organ SC has both en and ar versions aligned (3 have en, none has ar)")."""
    given = {k: v for k, v in filters.items() if v is not None}
    kinds = parse_kinds(units)
    every = frozenset(KINDS)

    def some(kinds: frozenset[str], score: float, flt: dict[str, object]) -> bool:
        pairs = archive.pairs(src, tgt, min_score=score, units=kinds, **flt)
        try:
            return next(pairs, None) is not None
        finally:
            close = getattr(pairs, "close", None)
            if close is not None:
                close()

    def having(lang: str | None, flt: dict[str, object]) -> int:
        return int(archive.documents(lang=lang, size=1, **flt).total)

    def versions(flt: dict[str, object]) -> str:
        counts = [(lang, having(lang, flt)) for lang in (src, tgt)]
        return ", ".join(f"{n} {'has' if n == 1 else 'have'} {lang}" if n else f"none has {lang}"
                         for lang, n in counts)

    if not some(every, 0.0, given):
        if not given:
            return (f"no document of the archive has both {src} and {tgt} versions aligned (of its "
                    f"{counted(having(None, {}), 'document')}, {versions({})})")
        flags = filter_flags(given)
        matching = having(None, given)
        if not matching:
            return f"no document matches {flags}"
        elsewhere = f"; there are {src}-{tgt} pairs without {flags}" if some(every, 0.0, {}) else ""
        if matching == 1:
            has = [lang for lang in (src, tgt) if having(lang, given)]
            what = (f"it has {has[0]}, not {({src, tgt} - set(has)).pop()}" if len(has) == 1 else
                    f"it has neither {src} nor {tgt}" if not has else "it has both, but no aligned pair")
            return f"the document matching {flags} has no {src}-{tgt} pair ({what}{elsewhere})"
        return (f"none of the {matching} documents matching {flags} has both {src} and {tgt} versions aligned "
                f"({versions(given)}{elsewhere})")
    scope = f" with {filter_flags(given)}" if given else ""
    names = ", ".join(ordered(kinds))
    of_kinds = some(kinds, 0.0, given)
    scored = min_score <= 0 or some(every, min_score, given)
    if not of_kinds and not scored:
        return (f"no {src}-{tgt} pair{scope} is of the kinds exported ({names}; --units all exports every kind), "
                f"and none scores --min-score {min_score:g} or more")
    if not of_kinds:
        return f"no {src}-{tgt} pair{scope} is of the kinds exported ({names}); other kinds have some (--units all)"
    if not scored:
        return f"no {src}-{tgt} pair{scope} scores --min-score {min_score:g} or more"
    return f"no {src}-{tgt} pair{scope} of the kinds exported ({names}) scores --min-score {min_score:g} or more"
