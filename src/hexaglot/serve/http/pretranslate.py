"""Pre-translation over HTTP: ``POST /api/pretranslate`` (JSON, or the XLIFF, TMX or HTML report of one
target) and the web page ``/pretranslate`` (upload or paste a draft; the analysis, the segments beside
their candidates, the XLIFF to download). Both need the server's token, as uploads do: a draft costs
CPU time. A thin layer over :meth:`hexaglot.archive.Archive.pretranslate`."""

from __future__ import annotations

import base64
import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import UploadFile

from hexaglot.errors import HexaglotError, InputError
from hexaglot.serve.http.api import FastJSON, archive, read_form, require_form_token, require_token

router = APIRouter()
NO_DRAFT = "give the draft: a file in field 'file' or its text in field 'text'"
NO_TARGET = "give the target language(s) in field 'tgt' (fr, or fr,ru)"
FORMATS = {"json": "application/json", "xliff": "application/xliff+xml", "tmx": "application/x-tmx+xml",
           "html": "text/html; charset=utf-8"}


async def _draft(request: Request) -> dict[str, Any]:
    """The form: ``file`` (a draft) or ``text``, ``src``, ``tgt``, ``threshold``, ``candidates``, ``format``."""
    from hexaglot.limits import safe_upload_name

    form = await read_form(request, max_files=1, what="bad request")
    up = form.get("file")
    text = form.get("text")
    got: dict[str, Any] = {"name": None, "data": None, "text": None}
    if isinstance(up, UploadFile) and up.filename and isinstance(text, str) and text.strip():
        raise HTTPException(400, "give a draft file or its text, not both")  # the text was left unread
    if isinstance(up, UploadFile) and up.filename:
        try:
            got["name"] = safe_upload_name(up.filename)
        except InputError as exc:
            raise HTTPException(400, str(exc)) from None
        got["data"] = await up.read()
    elif isinstance(text, str) and text.strip():
        got["text"] = text
    else:
        raise HTTPException(400, NO_DRAFT)
    for key, default in (("src", ""), ("tgt", ""), ("format", "json"), ("token", "")):
        value = form.get(key, default)
        got[key] = value.strip() if isinstance(value, str) else default
    for key, default, kind in (("threshold", 70.0, float), ("candidates", 3, int)):
        value = form.get(key)
        try:
            got[key] = kind(value) if isinstance(value, str) and value.strip() else default
        except ValueError:
            raise HTTPException(400, f"{key}: {value!r} is not a number") from None
    if not got["tgt"]:
        raise HTTPException(400, NO_TARGET)
    return got


def _run(request: Request, d: dict[str, Any]) -> list[Any]:
    """Pre-translate in this (pool) thread with this thread's archive; a file goes to a temporary folder."""
    a = archive(request)
    kw = {"src": d["src"] or None, "tgt": d["tgt"], "threshold": d["threshold"], "candidates": d["candidates"]}
    if d["text"] is not None:
        return a.pretranslate(text=d["text"], **kw)  # type: ignore[no-any-return]
    with tempfile.TemporaryDirectory(prefix="hexaglot-draft-") as tmp:
        path = Path(tmp) / d["name"]
        path.write_bytes(d["data"])
        try:
            results = a.pretranslate(path, **kw)
        except InputError as exc:  # the draft's name, never the server's temporary folder
            if exc.path != str(path) and str(path) not in exc.reason:
                raise  # about another field (tgt: unknown language code 'xx')
            raise InputError(d["name"], exc.reason.replace(str(path), d["name"])) from None
    for r in results:
        r.draft = d["name"]
    return results  # type: ignore[no-any-return]


# the form :func:`_draft` reads, declared for the OpenAPI schema (/docs can then send a draft)
_DRAFT_SCHEMA = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["tgt"],
    "properties": {
        "file": {"type": "string", "format": "binary", "description": "The draft (DOCX, PDF, HTML or text)."},
        "text": {"type": "string", "description": "Or the draft's text."},
        "tgt": {"type": "string", "description": "Target language(s): fr, or fr,ru."},
        "src": {"type": "string", "description": "Source language (detected when absent)."},
        "threshold": {"type": "number", "default": 70, "description": "Lowest fuzzy match (%)."},
        "candidates": {"type": "integer", "default": 3, "description": "Candidates per segment."},
        "format": {"type": "string", "enum": list(FORMATS), "default": "json",
                   "description": "json, or for one target xliff, tmx or html."}}}}}}}


@router.post("/api/pretranslate", response_model=None, tags=["api"], dependencies=[Depends(require_token)],
             summary="Pre-translate a draft from the archive (needs the token)", openapi_extra=_DRAFT_SCHEMA)
async def pretranslate_api(request: Request) -> Response:
    """multipart/form-data: ``file`` or ``text``, ``tgt`` (fr or fr,ru), ``src`` (detected when absent),
    ``threshold`` (70), ``candidates`` (3), ``format``: json (default), or for one target xliff, tmx
    or html."""
    from hexaglot.pretranslate.output import write_tmx, xliff_bytes
    from hexaglot.pretranslate.records import to_dict
    from hexaglot.pretranslate.report import report_html

    d = await _draft(request)
    fmt = d["format"]
    if fmt not in FORMATS:
        raise HTTPException(400, f"format {fmt!r}: one of {', '.join(FORMATS)}")
    results = await run_in_threadpool(_run, request, d)
    if fmt == "json":
        return FastJSON({"targets": [to_dict(r) for r in results]})
    if len(results) != 1:
        raise HTTPException(400, f"format {fmt} is for one target language; json gives several")
    [r] = results
    if fmt == "xliff":
        return Response(xliff_bytes(r), media_type=FORMATS[fmt])
    if fmt == "html":
        return Response(report_html(r), media_type=FORMATS[fmt])
    with tempfile.TemporaryDirectory(prefix="hexaglot-tmx-") as tmp:
        out = Path(tmp) / "matches.tmx"
        await run_in_threadpool(write_tmx, r, out)
        return Response(out.read_bytes(), media_type=FORMATS[fmt])


# the API's messages name its fields; the form's name what the page shows
_FORM_WORDS = {NO_DRAFT: "Choose a draft file or paste its text.",
               NO_TARGET: "Give the language(s) to translate into: fr, or fr,ru."}


@router.get("/pretranslate", response_class=HTMLResponse, include_in_schema=False)
def pretranslate_page(request: Request) -> Response:
    from hexaglot.serve.http.web import render

    return render(request, "pretranslate.html", {"form": {}, "results": []})


@router.post("/pretranslate", response_class=HTMLResponse, include_in_schema=False)
async def pretranslate_form(request: Request) -> Response:
    """The web form: the token is a form field (the page has no script), checked like the API's."""
    from hexaglot.pretranslate.output import xliff_bytes
    from hexaglot.pretranslate.report import analysis_table, chart_svg, diff_html
    from hexaglot.serve.http.web import render

    try:  # a mistake comes back on the form, with what was typed, in the form's words
        d = await _draft(request)
        require_form_token(request, d["token"])
        results = await run_in_threadpool(_run, request, d)
    except (HTTPException, HexaglotError) as exc:
        typed = await request.form()
        form = {k: v for k in ("src", "tgt", "threshold", "candidates", "text")
                if isinstance(v := typed.get(k), str) and v.strip()}
        message = _FORM_WORDS.get(str(exc.detail), str(exc.detail)) if isinstance(exc, HTTPException) else str(exc)
        return render(request, "pretranslate.html", {"form": form, "results": [], "error": message},
                      status=exc.status_code if isinstance(exc, HTTPException) else 400)
    views = []
    for r in results:
        bands = r.analysis()
        stem = Path(r.draft).stem.split(".")[0] or "draft"
        views.append({"r": r, "table": analysis_table(bands), "chart": chart_svg(bands),
                      "xliff_name": f"{stem}.{r.tgt_lang}.xlf",
                      "xliff_href": "data:application/xliff+xml;base64," + base64.b64encode(xliff_bytes(r)).decode()})
    return render(request, "pretranslate.html", {"form": {k: d[k] for k in ("src", "tgt", "threshold", "candidates")},
                                                 "results": views, "diff_html": diff_html})
