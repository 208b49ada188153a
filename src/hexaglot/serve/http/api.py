"""The JSON API under ``/api``: search, concordance, documents, aligned pairs, export and uploads.

Every endpoint is a thin call into :mod:`hexaglot.archive` (or the read queries beside it); the
filters are those of the CLI. Errors are ``{"error": {"status", "message"}}`` with the right status.
"""

from __future__ import annotations

import json
import secrets
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, JSONResponse, Response, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.background import BackgroundTask

from hexaglot import limits
from hexaglot.errors import InputError
from hexaglot.serve.http.app import Settings, TooLarge

router = APIRouter(prefix="/api", tags=["api"])

Lang = Annotated[str | None, Query(description="Language of the sentences: ar, zh, en, fr, ru, es (any case).",
                                   max_length=12)]
Organ = Annotated[str | None, Query(description="GA, SC, ECOSOC, HRC, ...", max_length=40)]
Session = Annotated[int | None, Query(ge=1, le=999, description="Session number, e.g. 58.")]
Year = Annotated[int | None, Query(ge=1900, le=2200, description="Year of the document.")]
DocType = Annotated[str | None, Query(alias="type", max_length=40, description="letter, report, resolution, ...")]
Agenda = Annotated[str | None, Query(max_length=40, description="Agenda item, e.g. 74.")]
Country = Annotated[str | None, Query(max_length=3, description="Sender country, ISO alpha-2 (RU).")]
Symbol = Annotated[str | None, Query(max_length=120, description="Symbol, or a glob such as A/58/*.")]
Page = Annotated[int, Query(ge=1, le=10_000, description="Page number, from 1.")]
Size = Annotated[int, Query(ge=1, le=100, description="Results per page (at most 100).")]
MinScore = Annotated[float, Query(ge=0.0, le=1.0, description=(
    "Lowest alignment score kept (the probability that the pair is exactly right)."))]
Kind = Annotated[str | None, Query(max_length=60, description="Kinds of text: prose, titles, footnotes, cells "
                                   "or all, comma-separated (search: every kind by default; concordance: prose).")]
Units = Annotated[str | None, Query(max_length=60, description="Kinds of text exported: prose (default), titles, "
                                    "footnotes, cells or all, comma-separated.")]


class FastJSON(JSONResponse):
    """JSON without FastAPI's per-field encoding pass: the records are plain dicts of JSON types."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


router.default_response_class = FastJSON


def settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


def archive(request: Request) -> Any:
    """This thread's archive (called inside the endpoint, so in the thread that uses it)."""
    return request.app.state.archives.get()


MAX_DEPTH = 1000  # results reachable by paging (page × size); deeper pages are refused


def _depth(page: int, size: int) -> int:
    if page * size > MAX_DEPTH:
        raise HTTPException(400, f"page {page} of size {size} is beyond the first {MAX_DEPTH} results: "
                                 "narrow the query or add filters")
    return page * size


async def filters(organ: Organ = None, session: Session = None, year: Year = None, doc_type: DocType = None,
            agenda: Agenda = None, country: Country = None, symbol: Symbol = None) -> dict[str, Any]:
    return {"organ": organ, "session": session, "year": year, "doc_type": doc_type, "agenda": agenda,
            "country": country, "symbol": symbol}


def query_limit(request: Request, mode: str | None) -> int:
    """The most characters a query of ``mode`` may have: the server's ``max_query_chars``; by meaning
    alone, a sentence or a paragraph (:data:`limits.MAX_MEANING_QUERY_CHARS`). "both" also runs the
    words search, whose cost the server's limit bounds."""
    limit = settings(request).max_query_chars
    return max(limit, limits.MAX_MEANING_QUERY_CHARS) if mode == "meaning" else limit


async def query_text(request: Request, q: Annotated[str, Query(description="Query: words, \"phrases\", AND/OR/NOT, prefix*.")]
               ) -> str:
    if not q.strip():
        raise HTTPException(400, "the query is empty")
    mode = request.query_params.get("mode")
    if len(q) > (limit := query_limit(request, mode)):
        raise HTTPException(400, f"the query is longer than {limit:,} characters"
                            + ("" if mode == "meaning" else
                               f" (a meaning query, mode=meaning, may have {limits.MAX_MEANING_QUERY_CHARS:,})"))
    return q


# declared for the OpenAPI schema (/docs gets its Authorize button); the check below stays ours
_BEARER = HTTPBearer(auto_error=False, scheme_name="token",
                     description="The server's write token: printed when it starts, or HEXAGLOT_TOKEN.")


async def require_token(request: Request,
                        _declared: Annotated[HTTPAuthorizationCredentials | None, Depends(_BEARER)] = None) -> None:
    """Writes need ``Authorization: Bearer <token>``: 401 without one, 403 with a wrong one."""
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise HTTPException(401, "this request writes to the archive: send Authorization: Bearer <token>",
                            headers={"WWW-Authenticate": "Bearer"})
    if not _token_is(request, given):
        raise HTTPException(403, "wrong token")


def require_form_token(request: Request, given: object) -> None:
    """A web form's token field (the pages that write have no script to send the header): a 403 that
    says where to find it when it is wrong or missing."""
    if not isinstance(given, str) or not _token_is(request, given):
        raise HTTPException(403, "The token is wrong or missing: it is printed when the server starts.")


def _token_is(request: Request, given: str) -> bool:
    return secrets.compare_digest(given.strip().encode(), settings(request).token.encode())


# -- search ----------------------------------------------------------------------------------------


# Search and concordance run on the event loop itself: a query costs a millisecond or two (paging is
# capped at MAX_DEPTH results), and handing it to the thread pool made the GIL the bottleneck —
# under 20 concurrent clients the concordance's p95 was 352 ms in threads, 56 ms on the loop
# (bench/http_load.py). The heavier endpoints below stay in the thread pool.
# A meaning or both search runs the sentence encoder (milliseconds of CPU): in the thread pool.
@router.get("/search", response_model=None, summary="Search by words, by meaning or both, with facets")
async def search(q: Annotated[str, Depends(query_text)], request: Request,
           f: Annotated[dict[str, Any], Depends(filters)], lang: Lang = None, page: Page = 1, size: Size = 20,
           documents: Annotated[bool, Query(description="One result per document.")] = False,
           kind: Kind = None,
           mode: Annotated[str, Query(pattern="^(words|meaning|both)$", description=(
               "words (full text), meaning (sentence vectors, across languages) or both (fused)."))] = "words",
           beside: Annotated[str, Query(max_length=12, description=(
               "meaning/both: the language of the aligned sentence given with each hit."))] = "en",
           min_similarity: Annotated[float | None, Query(ge=0.0, le=1.0, description=(
               "meaning: the lowest cosine a hit needs (default 0.40 for a few words, 0.50 for a sentence)."))
           ] = None) -> Response:
    def run() -> Any:
        return archive(request).search(q, lang=lang, limit=_depth(page, size), documents=documents, kind=kind,
                                       mode=mode, beside=beside, min_similarity=min_similarity, **f)

    res = run() if mode == "words" else await run_in_threadpool(run)
    d = res.to_dict()
    d["hits"] = d["hits"][(page - 1) * size:]
    d.update(page=page, size=size)
    return FastJSON(d)


@router.get("/concordance", response_model=None, summary="Bilingual concordance (KWIC) with aligned translations")
async def concordance(q: Annotated[str, Depends(query_text)], request: Request,
                f: Annotated[dict[str, Any], Depends(filters)],
                src: Annotated[str, Query(description="Source language (required: the query's language).")],
                tgt: Annotated[str, Query(description="Target language (required).")],
                sort: Annotated[str, Query(pattern="^(relevance|score|date)$")] = "relevance",
                min_score: MinScore = 0.0, page: Page = 1, size: Size = 20, kind: Kind = None) -> Response:
    arch = archive(request)
    src, tgt = arch.check_langs(src=src, tgt=tgt)
    found = arch.concordance(q, src=src, tgt=tgt, limit=_depth(page, size) + 1, sort=sort, min_score=min_score,
                             kind=kind, marks=False, **f)
    lines = found[(page - 1) * size:page * size]
    arch.mark_concordance(lines)  # tgt_marks: the target words aligned to the match, this page only
    return FastJSON({"query": q, "src": src, "tgt": tgt, "page": page, "size": size,
                     "more": len(found) > page * size, "lines": [line.to_dict() for line in lines]})


# -- documents -------------------------------------------------------------------------------------


@router.get("/documents", response_model=None, summary="Documents, filtered, with facet counts")
def documents(request: Request, f: Annotated[dict[str, Any], Depends(filters)],
              lang: Lang = None, page: Page = 1, size: Size = 20,
              title: Annotated[str | None, Query(max_length=200, description="Words the title holds, each of them "
                                                 "(case and accents aside): finds catalogue records too")] = None
              ) -> Response:
    return FastJSON(archive(request).documents(lang=lang, page=page, size=size, title=title, **f).to_dict())


@router.get("/documents/{symbol:path}/aligned", response_model=None, summary="Aligned sentence pairs of one document")
def aligned(symbol: str, request: Request,
            langs: Annotated[str, Query(description="Two or three languages, the first the pivot: fr,en.",
                                        max_length=40)] = "en,fr") -> Response:
    arch = archive(request)
    from hexaglot.store.browse import aligned_rows, alignment_notes

    codes = arch.check_langs(langs=langs)
    if not 2 <= len(codes) <= 3:
        raise HTTPException(400, f"langs: {langs!r} is not two or three languages such as fr,en")
    with arch.store.snapshot() as c:
        doc_id, rows = aligned_rows(c, symbol, codes)
        notes = alignment_notes(c, doc_id, codes)
    return FastJSON({"doc_id": doc_id, "langs": codes, "notes": notes,
                     "rows": [{"k": r.k, "score": r.score, "kind": r.kind, "caption": r.caption, "cells": [vars(cell) for cell in r.cells]}
                              for r in rows]})


@router.get("/documents/{symbol:path}/related", response_model=None, summary="Documents closest in meaning")
def related(symbol: str, request: Request,
            limit: Annotated[int, Query(ge=1, le=100, description="How many documents.")] = 10,
            min_similarity: Annotated[float | None, Query(ge=0, le=1, description="Lowest cosine listed (default "
                                                          "0.35; 0: the nearest, whatever they share).")] = None
            ) -> Response:
    found = archive(request).related(symbol, limit=limit, min_similarity=min_similarity)
    return FastJSON({"symbol": symbol, "related": [r.to_dict() for r in found]})


@router.get("/documents/{symbol:path}", response_model=None, summary="One document: metadata, versions, annexes, references")
def document(symbol: str, request: Request) -> Response:
    arch = archive(request)
    from hexaglot.serve.http.queries import document_detail

    with arch.store.snapshot() as c:
        return FastJSON(document_detail(c, symbol).to_dict())


# -- export ----------------------------------------------------------------------------------------

_MEDIA = {"tmx": "application/x-tmx+xml", "xliff": "application/x-xliff+xml", "jsonl": "application/x-ndjson",
          "moses": "application/zip", "xml": "application/zip"}
_SUFFIX = {"xliff": "xlf"}  # the file name's extension, where it is not the format's name


@router.get("/export", response_model=None,
            summary="Aligned pairs as TMX, XLIFF, JSONL (streamed) or Moses/XML (zip)")
def export(request: Request, f: Annotated[dict[str, Any], Depends(filters)],
           src: Annotated[str, Query(description="Source language (required).")],
           tgt: Annotated[str, Query(description="Target language (required).")],
           format: Annotated[str, Query(pattern="^(tmx|xliff|jsonl|moses|xml)$")] = "tmx",
           min_score: MinScore = 0.0,
           q: Annotated[str | None, Query(max_length=500, description="Only the pairs whose source matches "
                                          "this query (as the concordance shows them, at most 5,000).")] = None,
           region_tags: Annotated[bool, Query(description="TMX and XLIFF: locale tags (fr-FR, en-GB, ...) "
                                              "instead of language codes.")] = False,
           locale: Annotated[str | None, Query(max_length=200, description="TMX and XLIFF: the tag of each language, "
                                               "e.g. fr=fr-CA,en=en-US.")] = None,
           units: Units = None) -> Any:
    arch = archive(request)
    from hexaglot.export import get_exporter
    from hexaglot.units import ordered, parse_kinds

    src, tgt = arch.check_langs(src=src, tgt=tgt)
    arch.check_filters(f)  # unknown or bad filters, a symbol of no document: fail here, before the response starts
    kinds = ordered(parse_kinds(units))
    exporter = get_exporter(format, locales=locale, region_tags=region_tags)  # bad options: 400 here
    exporter.kinds = tuple(kinds)
    name = f"hexaglot-{src}-{tgt}"
    if q is not None and q.strip():
        lines = arch.concordance(q, src=src, tgt=tgt, limit=5000, sort="relevance", min_score=min_score,
                                 kind=kinds, marks=False, **f)
        pairs: Any = [_pair(line) for line in lines]
    else:
        pairs = None
    if hasattr(exporter, "stream"):
        body = exporter.stream(iter(pairs), src, tgt) if pairs is not None else _stream(
            arch.path, exporter, src, tgt, min_score, {**f, "units": kinds})
        return StreamingResponse(body,
                                 media_type=_MEDIA[format],
                                 headers={"Content-Disposition":
                                          f'attachment; filename="{name}.{_SUFFIX.get(format, format)}"'})
    tmp = Path(tempfile.mkdtemp(prefix="hexaglot-export-"))
    try:
        out = tmp / name
        if pairs is not None:
            n = exporter.write(iter(pairs), out, src, tgt)
        else:
            n = arch.export(out, src=src, tgt=tgt, format=format, min_score=min_score, units=kinds, **f)
        zpath = tmp / f"{name}.zip"
        with zipfile.ZipFile(zpath, "w", zipfile.ZIP_DEFLATED) as z:
            for p in sorted(tmp.rglob("*")):
                if p.is_file() and p != zpath:
                    z.write(p, p.relative_to(tmp))
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return FileResponse(zpath, media_type="application/zip", filename=f"{name}-{format}.zip",
                        headers={"X-Hexaglot-Pairs": str(n)},
                        background=BackgroundTask(shutil.rmtree, tmp, ignore_errors=True))


def _pair(line: Any) -> Any:
    from hexaglot.store.records import Pair

    return Pair(doc_id=line.doc_id, symbol=line.symbol, date=line.date, src_lang=line.src_lang,
                tgt_lang=line.tgt_lang, src=line.source, tgt=line.target, score=line.score,
                src_ids=line.src_ids, tgt_ids=line.tgt_ids, kind=line.kind)


def _stream(path: Path, exporter: Any, src: str, tgt: str, min_score: float, f: dict[str, Any]) -> Iterator[bytes]:
    """Streams from its own archive handle: the generator runs in other threads than the request."""
    from hexaglot.archive import Archive

    with Archive(path, create=False) as a:
        yield from exporter.stream(a.pairs(src, tgt, min_score=min_score, **f), src, tgt)


# -- uploads ---------------------------------------------------------------------------------------


_UPLOAD_SCHEMA = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["files"],
    "properties": {"files": {"type": "array", "items": {"type": "string", "format": "binary"},
                             "description": "Documents to ingest (PDF, DOCX, HTML, text)."}}}}}}}


async def read_form(request: Request, *, max_files: int, what: str) -> Any:
    """The multipart form of ``request``: too many files is a 413 that says the limit, a malformed body a
    400 prefixed with ``what`` (Starlette's own error, whose text began "400: ", is not shown as it is)."""
    from starlette.exceptions import HTTPException as StarletteHTTPException

    try:
        return await request.form(max_files=max_files, max_fields=10)
    except (HTTPException, TooLarge):
        raise
    except StarletteHTTPException as exc:
        detail = str(exc.detail)
        if detail.startswith("Too many files"):
            raise HTTPException(413, f"too many files in one request: at most {max_files}") from None
        raise HTTPException(400, f"{what}: {detail}") from None
    except Exception as exc:  # a malformed body
        raise HTTPException(400, f"{what}: {exc}") from None


@router.post("/documents", status_code=202, summary="Upload files to ingest (needs the token)",
             dependencies=[Depends(require_token)], openapi_extra=_UPLOAD_SCHEMA)
async def upload(request: Request) -> dict[str, Any]:
    """The token is checked before the body is read; the body size is capped by :class:`BodyLimit`."""
    form = await read_form(request, max_files=settings(request).max_upload_files, what="bad upload")
    job = await submit_upload(request, form)
    return {"job": job.id, "status": job.status, "files": job.files, "url": f"/api/jobs/{job.id}"}


async def submit_upload(request: Request, form: Any) -> Any:
    """The ingest job of the files in field ``files`` of an upload's form (the API's and the web
    page's): a name that is no file name, a name sent twice, too many bytes or nothing to read is an
    :class:`HTTPException` that says so, and no job."""
    from starlette.datastructures import UploadFile

    from hexaglot.limits import safe_upload_name

    s = settings(request)
    files = [v for v in form.getlist("files") if isinstance(v, UploadFile) and v.filename]
    if not files:
        raise HTTPException(400, "no file in the upload (send multipart/form-data with field 'files')")
    saved: list[tuple[str, bytes]] = []
    seen: set[str] = set()
    total = 0
    for up in files:
        try:
            name = safe_upload_name(up.filename or "")
        except InputError as exc:
            raise HTTPException(400, str(exc)) from None
        if name in seen:
            raise HTTPException(400, f"{name}: sent twice in one upload")
        seen.add(name)
        data = await up.read(s.max_upload_bytes + 1)
        total += len(data)
        if total > s.max_upload_bytes:
            raise HTTPException(413, f"upload larger than {s.max_upload_bytes} bytes")
        saved.append((name, data))  # an empty file is that file's error in the job, as a binary one is
    if not any(data for _, data in saved):  # nothing at all to read: no job for it
        raise HTTPException(400, f"{saved[0][0]}: empty file" if len(saved) == 1 else
                            f"every file is empty: {', '.join(name for name, _ in saved)}")
    return await run_in_threadpool(request.app.state.jobs.submit, saved)


@router.get("/jobs/{job_id}", response_model=None, summary="Progress of an upload job")
def job(job_id: str, request: Request) -> Response:
    found = request.app.state.jobs.get(job_id)
    if found is None:
        raise HTTPException(404, f"no job {job_id[:40]!r}")
    return FastJSON(found.to_dict())


@router.get("/stats", response_model=None, summary="Counts of documents, versions, sentences and alignments")
def stats(request: Request) -> Response:
    arch = archive(request)
    return FastJSON(arch.stats())


# -- terminology (hexaglot.terms) ------------------------------------------------------------------
YearFrom = Annotated[int | None, Query(alias="from", ge=1, le=9999, description="Documents of this year or later.")]
YearTo = Annotated[int | None, Query(alias="to", ge=1, le=9999, description="Documents of this year or earlier.")]
TermScore = Annotated[float, Query(ge=0.0, le=1.0, description="Only aligned beads with at least this score.")]
WordLinks = Annotated[bool, Query(description="The pair's word aligner adds its links to the association.")]


@router.get("/terms", response_model=None, summary="Bilingual term list of a language pair (JSON, TBX-Basic or CSV)")
def terms(request: Request, src: Annotated[str, Query(max_length=12)], tgt: Annotated[str, Query(max_length=12)],
          organ: Organ = None, year_from: YearFrom = None, year_to: YearTo = None,
          min_freq: Annotated[int, Query(ge=1, le=10_000, description="Terms in at least N beads.")] = 3,
          limit: Annotated[int, Query(ge=1, le=5000, description="At most N terms.")] = 200,
          min_score: TermScore = 0.5, word_links: WordLinks = True,
          format: Annotated[str, Query(pattern="^(json|tbx|csv)$")] = "json") -> Response:
    import io

    from hexaglot.terms import write_csv
    from hexaglot.terms.tbx import tbx_tree

    arch = archive(request)
    entries = arch.terms(src=src, tgt=tgt, organ=organ, year_from=year_from, year_to=year_to, min_freq=min_freq,
                         limit=limit, min_score=min_score, word_links=word_links)
    name = f"terms-{src}-{tgt}".lower()
    if format == "tbx":
        from lxml import etree

        body = etree.tostring(tbx_tree(entries, src.lower(), tgt.lower()), xml_declaration=True, encoding="UTF-8",
                              pretty_print=True)
        return Response(body, media_type="application/x-tbx+xml",
                        headers={"Content-Disposition": f'attachment; filename="{name}.tbx"'})
    if format == "csv":
        buf = io.StringIO()
        write_csv(entries, buf)
        return Response(buf.getvalue(), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
    return FastJSON({"src": src.lower(), "tgt": tgt.lower(), "terms": [e.to_dict() for e in entries]})


@router.get("/term", response_model=None, summary="How one term has been rendered, with counts per year")
def term(request: Request, q: Annotated[str, Query(max_length=200, description="The term, in the source language.")],
         src: Annotated[str, Query(max_length=12)], tgt: Annotated[str, Query(max_length=12)],
         organ: Organ = None, year_from: YearFrom = None, year_to: YearTo = None,
         min_score: TermScore = 0.5, word_links: WordLinks = True) -> Response:
    res = archive(request).term(q, src=src, tgt=tgt, organ=organ, year_from=year_from, year_to=year_to,
                                min_score=min_score, word_links=word_links)
    return FastJSON(res.to_dict())
