"""The web interface: server-rendered pages over the same calls as the API, plus a little vanilla
JavaScript (``static/app.js``) for the reader's highlighting and the upload progress."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from hexaglot import __version__, limits
from hexaglot.errors import InputError, NotFoundError
from hexaglot.model import LANGS, lang_order
from hexaglot.parse.countries import country_name
from hexaglot.serve.http.api import (
    archive,
    query_limit,
    read_form,
    require_form_token,
    settings,
    submit_upload,
)
from hexaglot.wording import counted, type_name

router = APIRouter(include_in_schema=False)
HERE = Path(__file__).parent
LANG_NAMES = {"ar": "العربية", "zh": "中文", "en": "English", "fr": "Français", "ru": "Русский", "es": "Español"}
RTL = {"ar"}
FACET_LABELS = {"organ": "Organ", "type": "Type", "lang": "Language", "country": "Country", "session": "Session",
                "year": "Year", "kind": "Kind of text"}

_env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]),
                   trim_blocks=True, lstrip_blocks=True)


def _highlight(snippet: str) -> Markup:
    """A ``<b>…</b>`` snippet as safe HTML with ``<mark>``: everything else is escaped again."""
    text = html.unescape(snippet.replace("<b>", "\x00").replace("</b>", "\x01"))
    return Markup(html.escape(text).replace("\x00", "<mark>").replace("\x01", "</mark>"))


def _dir(lang: str | None) -> str:
    return "rtl" if lang in RTL else "ltr"


def _doc_url(symbol_or_id: str) -> str:
    return "/document?" + urlencode({"symbol": symbol_or_id})


def _bead_context(line: Any) -> tuple[str, str]:
    """The source sentences of a concordance line's bead before and after the matched one.

    The target cell shows the whole target bead; the source cell shows the whole source bead
    around the KWIC sentence, so a 2:1 or 1:2 bead reads as the same unit on both sides."""
    sentence = line.left + line.match + line.right
    at = line.source.find(sentence) if sentence and len(line.src_ids) > 1 else -1
    if at < 0:
        return "", ""
    return line.source[:at], line.source[at + len(sentence):]


def _target_marked(line: Any) -> Markup:
    """The target text with the words aligned to the match in ``<mark>`` (hexaglot.wordalign)."""
    out: list[Markup] = []
    pos = 0
    for start, end in line.tgt_marks:
        out += [escape(line.target[pos:start]), Markup('<mark class="render">'), escape(line.target[start:end]),
                Markup("</mark>")]
        pos = end
    out.append(escape(line.target[pos:]))
    return Markup("").join(out)


_RESOLUTION = re.compile(r"[AS]/RES/(\d+(?:/\d+)?(?: [A-Z])?)(?: \((\d{4})\))?\Z")
#: a corrigendum, addendum or revision of a document: "A/58/50/Rev.1/Corr.1"
_PART = re.compile(r"(.+)/((?:Corr|Add|Rev)\.\d+)\Z")


def _mentions(symbol: str) -> str:
    """The search for the documents that mention ``symbol``: as written, or as texts cite a
    resolution ("resolution 226 (1966)", "resolution 70/1", "resolution 78/250 B") or a corrigendum
    with the document it corrects ("A/58/50/Rev.1 et Corr.1"), so the link finds what the page cites."""
    m = _RESOLUTION.match(symbol)
    if m:
        short = f"{m.group(1)} ({m.group(2)})" if m.group(2) else m.group(1)
        return f'"{symbol}" OR "{short}"'
    part = _PART.match(symbol)
    if part:
        return f'"{symbol}" OR ("{part.group(1)}" AND "{part.group(2)}")'
    return f'"{symbol}"'


def _reason(exc: InputError) -> str:
    """An input error as a page shows it: its reason ("unknown kind 'foo' ..."), with the symbol
    for one that names no document ("A/99/1: no such document in the archive", as the API says)."""
    return str(exc) if isinstance(exc, NotFoundError) else exc.reason


def _unquoted(q: str) -> str:
    """A query shown inside quotation marks: its own outer straight quotes dropped (“"human rights"”)."""
    q = q.strip()
    return q[1:-1] if len(q) > 1 and q[0] == q[-1] == '"' and '"' not in q[1:-1] else q


_env.filters.update(unquoted=_unquoted, highlight=_highlight, dir=_dir, doc_url=_doc_url, bead_context=_bead_context,
                    target_marked=_target_marked, mentions=_mentions, counted=counted, type_name=type_name,
                    country_name=country_name)
_env.globals.update(LANGS=LANGS, LANG_NAMES=LANG_NAMES, version=__version__, LOW_SCORE=limits.LOW_SCORE)


def render(request: Request, name: str, ctx: dict[str, Any], status: int = 200) -> HTMLResponse:
    page = _env.get_template(name).render(request=request, path=request.url.path, **ctx)
    return HTMLResponse(page, status_code=status)


def _url(request: Request, **changes: str | None) -> str:
    """This page's URL with query parameters set (or, given ``None``, removed)."""
    params = dict(request.query_params)
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return str(request.url.path) + "?" + urlencode(params)


def _paging(request: Request, page: int, size: int, found: int, more: bool
            ) -> tuple[dict[str, str | None], int | None]:
    """The previous and next links of a page of ``size`` results, ``found`` of them known (from the
    first up to this page's end, or more), and the last page when this one is past it (an old link,
    a hand-typed page): its "previous" link then leads back to that last page, not to page - 1."""
    last = max(1, -(-found // size))
    past_end = last if found and page > last else None
    return ({"prev": _url(request, page=str(min(page - 1, last))) if page > 1 else None,
             "next": _url(request, page=str(page + 1)) if more else None}, past_end)


def _facet_links(request: Request, facets: dict[str, dict[str, int]]) -> list[dict[str, Any]]:
    """Facet values as links that add (or, when chosen, remove) the filter of the same name."""
    out = []
    for name, counts in facets.items():
        if name not in FACET_LABELS or not counts:
            continue
        items = []
        for value, count in counts.items():
            chosen = request.query_params.get(name) == value
            label = LANG_NAMES.get(value, value) if name == "lang" else value
            items.append({"label": label, "count": count, "chosen": chosen,
                          "url": _url(request, page=None, **{name: None if chosen else value})})
        out.append({"name": FACET_LABELS[name], "items": items})
    return out


Q = Annotated[str, Query(max_length=limits.MAX_MEANING_QUERY_CHARS)]  # words queries: the server's max_query_chars
Text = Annotated[str, Query(max_length=120)]


def web_filters(organ: Text = "", session: Text = "", year: Text = "", doc_type: Annotated[str, Query(
        alias="type", max_length=40)] = "", agenda: Text = "", country: Text = "", symbol: Text = "") -> dict[str, Any]:
    """The API's filters from a form: empty fields are no filter; numbers must be numbers."""
    def number(name: str, value: str) -> int | None:
        if not value.strip():
            return None
        if not value.strip().isdigit():
            raise InputError(name, f"{value!r} is not a number")
        return int(value)

    return {"organ": organ.strip() or None, "session": number("session", session), "year": number("year", year),
            "doc_type": doc_type.strip() or None, "agenda": agenda.strip() or None,
            "country": country.strip() or None, "symbol": symbol.strip() or None}


@router.get("/", response_class=HTMLResponse)
def home(request: Request, arch: Annotated[Any, Depends(archive)]) -> Response:
    from hexaglot.store.browse import list_documents
    from hexaglot.store.read import Filters

    with arch.store.snapshot() as c:
        recent = list_documents(c, Filters(), None, 1, 8)
    return render(request, "search.html", {"q": "", "lang": "", "mode": "words", "result": None, "stats": arch.stats(),
                                           "recent": recent, "facets": [], "error": None})


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, arch: Annotated[Any, Depends(archive)],
                f: Annotated[dict[str, Any], Depends(web_filters)], q: Q = "", lang: str = "",
                page: Annotated[int, Query(ge=1, le=1000)] = 1,
                mode: Annotated[str, Query(max_length=20)] = "words", kind: Text = "") -> Response:
    if not q.strip():
        return RedirectResponse("/", status_code=303)
    size = 20
    error = None
    result = None
    if mode not in ("words", "meaning", "both"):
        error, mode = f"search mode {mode!r}: choose words, meaning or both", "words"
    elif len(q) > (limit := query_limit(request, mode)):  # by meaning, Q's max_length is the limit already
        error = (f"the query is longer than {limit:,} characters; a search by meaning takes up to "
                 f"{limits.MAX_MEANING_QUERY_CHARS:,} (a sentence or a paragraph)")
    else:
        try:
            result = arch.search(q, lang=lang or None, limit=page * size, mode=mode, kind=kind.strip() or None, **f)
        except InputError as exc:
            error = _reason(exc)
    # the filters removed every hit: the count without them (SearchResult.unfiltered), with its link
    unfiltered = ((result.unfiltered, "/search?" + urlencode({"q": q, "lang": lang, "mode": mode}))
                  if result is not None and result.unfiltered else None)
    hits = result.hits[(page - 1) * size:] if result else []
    both = [(k, v) for k, v in request.query_params.multi_items() if k not in ("mode", "page")]
    pages, past_end = _paging(request, page, size, len(result.hits) if result else 0,
                              bool(result and result.total > page * size))
    return render(request, "search.html", {
        "q": q, "lang": lang, "mode": mode, "result": result, "hits": hits, "error": error, "filters": f,
        "unfiltered": unfiltered, "past_end": past_end,
        "both_url": "/search?" + urlencode([*both, ("mode", "both")]),
        "facets": _facet_links(request, result.facets) if result else [],
        "pages": pages},
        status=400 if error else 200)


@router.get("/concordance", response_class=HTMLResponse)
def concordance_page(request: Request, arch: Annotated[Any, Depends(archive)],
                     f: Annotated[dict[str, Any], Depends(web_filters)], q: Q = "", src: str = "fr", tgt: str = "",
                     min_score: Annotated[float, Query(ge=0, le=1)] = 0.0,
                     sort: Annotated[str, Query(pattern="^(relevance|score|date)$")] = "relevance",
                     page: Annotated[int, Query(ge=1, le=200)] = 1) -> Response:
    size = 25
    lines: list[Any] = []
    error = None
    why = ""  # why no line was found
    found: list[Any] = []
    tgt = tgt or ("fr" if src == "en" else "en")  # not given: English, or French beside English
    if len(q) > (limit := query_limit(request, None)):
        error = f"the query is longer than {limit:,} characters"
    elif q.strip():
        try:
            found = arch.concordance(q, src=src, tgt=tgt, limit=page * size + 1, sort=sort, min_score=min_score,
                                     marks=False, **f)
            lines = found[(page - 1) * size:page * size]
            arch.mark_concordance(lines)  # this page's marks only
            why = "" if found else arch.concordance_empty(q, src=src, tgt=tgt, min_score=min_score, **f)
        except InputError as exc:
            error = _reason(exc)
    export = {"q": q, "src": src, "tgt": tgt, "format": "tmx", "min_score": min_score,
              **{("type" if k == "doc_type" else k): v for k, v in f.items() if v is not None}}
    more = len(found) > page * size
    pages, past_end = _paging(request, page, size, len(found), more)
    return render(request, "concordance.html", {
        "q": q, "src": src, "tgt": tgt, "lines": lines, "error": error, "filters": f, "min_score": min_score,
        "sort": sort, "why": why, "export_url": "/api/export?" + urlencode(export), "pages": pages,
        "first": (page - 1) * size + 1, "more": more, "past_end": past_end}, status=400 if error else 200)


@router.get("/documents", response_class=HTMLResponse)
def documents_page(request: Request, arch: Annotated[Any, Depends(archive)],
                   f: Annotated[dict[str, Any], Depends(web_filters)], lang: str = "",
                   page: Annotated[int, Query(ge=1, le=10_000)] = 1,
                   title: Annotated[str, Query(max_length=200)] = "") -> Response:
    size = 25
    listing = arch.documents(lang=lang or None, page=page, size=size, title=title.strip() or None, **f)
    pages, past_end = _paging(request, page, size, listing.total, listing.total > page * size)
    return render(request, "documents.html", {
        "listing": listing, "facets": _facet_links(request, listing.facets), "lang": lang, "title": title,
        "filters": f, "pages": pages, "past_end": past_end})


@router.get("/document", response_class=HTMLResponse)
def document_page(request: Request, arch: Annotated[Any, Depends(archive)],
                  symbol: Annotated[str, Query(max_length=200)],
                  tables: Annotated[str, Query(max_length=3, description="Language of the tables shown")] = ""
                  ) -> Response:
    from hexaglot.ingest.catalogue import language_files, record_symbols
    from hexaglot.serve.http.queries import document_detail

    with arch.store.snapshot() as c:
        d = document_detail(c, symbol)
    with_tables = [lang for lang in ("en", "fr", "es", "ru", "ar", "zh", *d.versions)
                   if lang in d.versions and d.versions[lang].tables]
    shown = tables if tables in with_tables else (with_tables[0] if with_tables else None)
    has_text = any(v.sentences for v in d.versions.values())
    try:
        related = arch.related(d.id, limit=8)
    except InputError:
        related = None  # no vectors: the page says how to add them (a document with text only)
    # a catalogue record's files: those of the languages the archive holds no text of
    files = [f for f in language_files(d.catalogue or {}) if f.lang not in d.versions]
    return render(request, "document.html", {"d": d, "table_langs": list(dict.fromkeys(with_tables)),
                                             "table_lang": shown, "related": related, "has_text": has_text,
                                             "files": files,
                                             "symbols": d.symbols or record_symbols(d.catalogue or {})})


def _rank(lang: str) -> tuple[int, int, str]:
    """A language's place in a pair read side by side: English first, then the six in the UN's order,
    then any other by its code."""
    return (lang != "en", *lang_order(lang))


def reading_pairs(pairs: list[str]) -> list[tuple[str, str]]:
    """The stored pairs as the reader shows them, each the same way round whatever order it was
    aligned in (``zh-en`` → English, Chinese, as ``en-es``), English's pairs first."""
    out = {tuple(sorted(p.split("-", 1), key=_rank)) for p in pairs if "-" in p}
    return sorted(out, key=lambda ab: (_rank(ab[0]), _rank(ab[1])))  # type: ignore[arg-type]


_env.globals["reading_pairs"] = reading_pairs


def _default_pair(pairs: list[str]) -> str:
    """The pair a reader opens with: English and French when aligned, else English and another, else
    the first pair stored ("" when none)."""
    shown = reading_pairs(pairs)
    return ",".join(("en", "fr") if ("en", "fr") in shown else shown[0]) if shown else ""


@router.get("/read", response_class=HTMLResponse)
def reader_page(request: Request, arch: Annotated[Any, Depends(archive)],
                symbol: Annotated[str, Query(max_length=200)], langs: str = "") -> Response:
    from hexaglot.serve.http.queries import document_detail
    from hexaglot.store.browse import aligned_rows, aligned_tables, alignment_notes

    with arch.store.snapshot() as c:
        d = document_detail(c, symbol)
        if not langs:  # a document in one language is read alone
            langs = _default_pair(d.pairs) or ",".join(sorted(d.versions)[:1])
        if not langs:
            raise InputError(symbol, "has no language version to read")
        codes = arch.check_langs(langs=langs)
        if not 1 <= len(codes) <= 3:
            raise InputError("langs", f"{langs!r} is not one to three languages such as fr,en")
        _, rows = aligned_rows(c, d.id, codes)
        groups = aligned_tables(c, d.id, codes, rows)
        notes = alignment_notes(c, d.id, codes)
    before: dict[int | None, list[Any]] = {}
    for g in groups:
        before.setdefault(g.at, []).append(g)
    return render(request, "reader.html", {"d": d, "langs": codes, "rows": [r for r in rows if r.kind != "cell" and not (r.caption and groups)],
                                           "tables_before": before, "notes": notes})


@router.get("/upload", response_class=HTMLResponse)
def upload_page(request: Request, job: Annotated[str, Query(max_length=64)] = "") -> Response:
    """The upload form; ``?job=ID``: that job's progress as well, the page reloading itself while the
    job runs (the form's answer without a script; with one, the page polls the API instead)."""
    found = request.app.state.jobs.get(job) if job else None
    if job and found is None:
        return _upload_form(request, f"No upload job {job[:40]!r}: it may be older than the server.", 404)
    return _upload_form(request, job=found.to_dict() if found else None)


@router.post("/upload", response_class=HTMLResponse)
async def upload_form(request: Request) -> Response:
    """The form sent without a script: the token is a field of it (the pre-translation form's way),
    the files are checked as the API's are, and the answer is a redirect to the job's page."""
    try:
        form = await read_form(request, max_files=settings(request).max_upload_files, what="bad upload")
        require_form_token(request, form.get("token"))
        job = await submit_upload(request, form)
    except HTTPException as exc:
        detail = str(exc.detail)
        return _upload_form(request, "Choose one or more files." if detail.startswith("no file in the upload")
                            else detail, exc.status_code)
    return RedirectResponse(f"/upload?job={job.id}", status_code=303)


def _upload_form(request: Request, error: str | None = None, status: int = 200,
                 job: dict[str, Any] | None = None) -> Response:
    s = settings(request)
    return render(request, "upload.html", {"max_files": s.max_upload_files, "max_mb": s.max_upload_bytes // 2**20,
                                           "error": error, "job": job}, status=status)


@router.get("/favicon.ico")
def favicon() -> Response:
    from fastapi.responses import FileResponse

    return FileResponse(HERE / "static" / "favicon.svg", media_type="image/svg+xml")


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> Response:
    from hexaglot.serve.http.app import CSP

    page = render(request, "docs.html", {})
    # Swagger UI sets style attributes; scripts stay 'self' only.
    page.headers["Content-Security-Policy"] = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
    return page


def _year(name: str, value: str) -> int | None:
    if not value.strip():
        return None
    if not value.strip().isdigit():
        raise InputError(name, f"{value!r} is not a year")
    return int(value)


@router.get("/terms", response_class=HTMLResponse)
def terms_page(request: Request, arch: Annotated[Any, Depends(archive)], q: Annotated[str, Query(max_length=200)] = "",
               src: Annotated[str, Query(max_length=12)] = "en", tgt: Annotated[str, Query(max_length=12)] = "fr",
               organ: Text = "", year_from: Annotated[str, Query(alias="from", max_length=4)] = "",
               year_to: Annotated[str, Query(alias="to", max_length=4)] = "") -> Response:
    """Term look-up: every rendering of a term by year, its equivalents and example lines."""
    res = None
    error = None
    if q.strip():
        try:
            years = [_year(name, y) for name, y in (("from", year_from), ("to", year_to))]
            res = arch.term(q, src=src, tgt=tgt, organ=organ.strip() or None, year_from=years[0], year_to=years[1])
        except InputError as exc:
            error = str(exc)
    export = {"src": src, "tgt": tgt, **({"organ": organ} if organ.strip() else {})}
    from hexaglot.langs.wordforms import term_lang

    return render(request, "terms.html", {
        "example": term_lang(src if src in LANGS else "en").example or "peacekeeping operations",
        "q": q, "src": src, "tgt": tgt, "organ": organ, "year_from": year_from, "year_to": year_to, "res": res,
        "error": error, "tbx_url": "/api/terms?" + urlencode({**export, "format": "tbx"}),
        "csv_url": "/api/terms?" + urlencode({**export, "format": "csv"})}, status=400 if error else 200)
