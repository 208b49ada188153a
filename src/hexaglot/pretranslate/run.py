"""Pre-translate a draft: read, clean, parse and segment it as the archive does, then find for each
segment the earlier translations of the same or a similar sentence in each target language."""

from __future__ import annotations

import sqlite3
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hexaglot.errors import InputError, check_text
from hexaglot.pretranslate.markup import Marked, place_markup
from hexaglot.pretranslate.records import Candidate, Pretranslation, SegmentMatches
from hexaglot.pretranslate.retrieve import Matcher
from hexaglot.pretranslate.score import Tokens, squash, tokens
from hexaglot.store.read import alignment_rows

if TYPE_CHECKING:
    from hexaglot.archive import Archive
    from hexaglot.wordalign.model import WordAligner

Progress = Callable[[int, int], None]  # (segments done, segments in all)
ANALYSIS_FLOOR = 50.0  # the lowest band of the analysis; candidates stop at the threshold


def draft_segments(path: str | Path | None = None, text: str | None = None, lang: str | None = None
                   ) -> tuple[str, str | None, list[str], list[str]]:
    """``(name, language, segment texts, the reader's warnings)`` of a draft file (any supported format) or of pasted text,
    through read → clean → parse → segment (:func:`hexaglot.pipeline.process_one`), its quotes,
    no-break spaces and full-width marks as written (:data:`hexaglot.pipeline.DRAFT_STEPS`)."""
    from hexaglot.pipeline import DRAFT_STEPS, process_one

    if (path is None) == (text is None):
        raise InputError("draft", "give a draft file or its text, not both or neither")
    if text is not None:
        if not text.strip():
            raise InputError("draft", "the draft is empty")
        check_text(text, "draft")
        name = "pasted-draft"
        with tempfile.TemporaryDirectory(prefix="hexaglot-draft-") as tmp:
            p = Path(tmp) / "draft.txt"
            p.write_text(text, encoding="utf-8")
            res = process_one(p, lang, segment=True, steps=DRAFT_STEPS)
            if res.error:
                raise InputError(name, _no_language(res) or _reason(res.error, str(p)))
    else:
        name = str(path)
        res = process_one(path, lang, segment=True, steps=DRAFT_STEPS)
        if res.error:
            raise InputError(name, _no_language(res) or _reason(res.error, name))
    assert res.document is not None
    segs = [s.text for s in res.sentences or [] if s.text.strip()]
    if not segs:
        raise InputError(name, "the draft has no text to pre-translate")
    # a pasted draft's warnings name the temporary file: they are the draft's
    warnings = [w.replace(str(p), name) if text is not None else w for w in res.document.warnings]
    return name, res.document.language, segs, warnings


def _no_language(res: Any) -> str | None:
    """Why a draft has no language, in words for every front end (the segmenter's own error,
    "document 'draft' has no language; pass lang=", named a Python argument): what reading it
    found ("looks like German (de), none of the six UN languages"), and to give the source language."""
    from hexaglot.pipeline import language_doubt

    doc = res.document
    if doc is None or doc.language is not None:
        return None
    seen = language_doubt(doc)
    return ("the draft's language could not be detected" + (f" (it {seen})" if seen else "")
            + ": give its source language (one of ar, zh, en, fr, ru, es)")


def _reason(error: str, path: str) -> str:
    return error[len(path) + 2:] if error.startswith(f"{path}: ") else error


def _pair_docs(c: sqlite3.Connection, src: str, tgt: str) -> tuple[int, list[str] | None]:
    """``(documents aligned in the pair, their ids or None when every source document is)``."""
    ids = list(dict.fromkeys(row.doc_id for row in alignment_rows(c, langs=(src, tgt))))
    (n_src,) = c.execute("SELECT count(DISTINCT doc_id) FROM versions WHERE lang = ?", (src,)).fetchone()
    return len(ids), (None if len(ids) >= n_src else ids)


def pretranslate(archive: Archive, draft: str | Path | None = None, *, text: str | None = None,
                 src: str | None = None, tgt: str | Sequence[str], threshold: float = 70.0,
                 candidates: int = 3, progress: Progress | None = None) -> list[Pretranslation]:
    """One :class:`Pretranslation` per target language (see :meth:`hexaglot.archive.Archive.pretranslate`)."""
    if not 0 <= threshold <= 100:
        raise InputError("threshold", f"{threshold} is not a score between 0 and 100")
    if not 1 <= candidates <= 20:
        raise InputError("candidates", f"{candidates} is not between 1 and 20")
    tgts = [t.strip() for t in ([tgt] if isinstance(tgt, str) else list(tgt)) for t in t.split(",") if t.strip()]
    if not tgts:
        raise InputError("tgt", "give at least one target language")
    if src:
        [src] = archive.check_langs(src=src)
    name, found, segs, warnings = draft_segments(draft, text, src)
    if not src:
        if not found:
            raise InputError(name, "the draft's language could not be detected: give --src")
        [src] = archive.check_langs(src=found)
    out = pretranslate_segments(archive, segs, src=src, tgt=tgts, threshold=threshold, candidates=candidates,
                                progress=progress, name=name)
    if not any(r.matched for r in out) and not any("looks" in w for w in warnings):
        warnings = [*warnings, *_other_language(segs, src)]
    for r in out:
        r.warnings = list(warnings)
    return out


def _other_language(segs: Sequence[str], src: str) -> list[str]:
    """When nothing matched: the language the draft is in, if it is clearly not ``src`` (a short draft
    is below the reader's own check, which needs a page of text)."""
    from hexaglot.read.base import LANGUAGE_NAMES
    from hexaglot.read.langid import detect_language

    text = " ".join(segs)
    found = detect_language(text) if len(text.split()) >= 8 else None
    if not found or found == src:
        return []
    return [f"nothing matched, and the text looks {LANGUAGE_NAMES.get(found, found)} ({found}), not "
            f"{LANGUAGE_NAMES.get(src, src)}: give {found} as the draft's language"]


def pretranslate_segments(archive: Archive, segs: Sequence[str], *, src: str, tgt: str | Sequence[str],
                          threshold: float = 70.0, candidates: int = 3, progress: Progress | None = None,
                          name: str = "segments") -> list[Pretranslation]:
    """:func:`pretranslate` of segments already cut (one per string), e.g. a CAT tool's own."""
    tgts = [tgt] if isinstance(tgt, str) else list(tgt)
    checked = [archive.check_langs(src=src, tgt=t)[1] for t in tgts]
    out: list[Pretranslation] = []
    toks = [tokens(s) for s in segs]
    aligners = _aligners(archive, src, checked) if any(x.markup for x in toks) else {}
    with archive.store.snapshot() as c:
        plans = []
        for t in checked:
            n, docs = _pair_docs(c, src, t)
            if n == 0:
                raise InputError("--tgt", f"the archive holds no {src}–{t} alignment (no document in both languages)")
            plans.append((t, docs))
        total = len(segs) * len(plans)
        for k, (t, docs) in enumerate(plans):
            t0 = time.perf_counter()
            matcher = Matcher(archive.index, c, src, t, docs)
            results = []
            for i, seg in enumerate(toks):
                found_c, best = matcher.candidates(seg, min(threshold, ANALYSIS_FLOOR), candidates)
                kept = [x for x in found_c if x.score >= threshold]
                if seg.markup:
                    for x in kept:
                        _carry_markup(x, seg, aligners.get(t))
                results.append(SegmentMatches(index=i, source=seg.text, words=seg.words, candidates=kept, best=best))
                if progress and (i + 1) % 50 == 0:
                    progress(k * len(segs) + i + 1, total)
            _in_context(matcher, toks, results)
            out.append(Pretranslation(draft=name, src_lang=src, tgt_lang=t, threshold=threshold, segments=results,
                                      seconds=time.perf_counter() - t0))
    if progress:
        progress(total, total)
    return out


def _aligners(archive: Archive, src: str, tgts: Sequence[str]) -> dict[str, WordAligner]:
    """Per target language the pair's word model (:meth:`~hexaglot.desk.Desk.word_aligner`: the
    trained one, else dictionaries only), read before the archive's read transaction (it opens its
    own); only for a draft with inline markup."""
    return {t: archive.word_aligner(src, t) for t in tgts}


def _carry_markup(cand: Candidate, seg: Tokens, aligner: WordAligner | None) -> None:
    """The draft segment's inline markup put into the candidate's proposal (:func:`place_markup`)."""
    placed = place_markup(Marked(seg.plain, seg.markup), cand.source, cand.target, cand.stored_target, aligner)
    cand.placed = placed.target
    cand.markup_note = placed.note
    cand.target = placed.target.marked


def _in_context(matcher: Matcher, toks: list[Tokens], results: list[SegmentMatches]) -> None:
    """Exact matches whose archived neighbours are the draft's neighbours become 101 (in context);
    at the draft's first or last segment only the side that exists is compared, and a draft of one
    segment has no context to match (its exact matches stay 100)."""
    if len(toks) < 2:
        return
    for i, r in enumerate(results):
        for cand in r.candidates:
            if cand.score < 100:
                continue
            before, _ = matcher.neighbours(cand.src_ids[0])
            _, after = matcher.neighbours(cand.src_ids[-1])
            ok_before = i == 0 or (before is not None and squash(before) == squash(toks[i - 1].plain))
            ok_after = i == len(toks) - 1 or (after is not None and squash(after) == squash(toks[i + 1].plain))
            if ok_before and ok_after:
                cand.score = 101.0
        r.candidates.sort(key=lambda x: (x.score, x.align_score, x.date or ""), reverse=True)
        if r.candidates:
            r.best = max(r.best or 0.0, r.candidates[0].score)
