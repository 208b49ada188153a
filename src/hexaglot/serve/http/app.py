"""The FastAPI application: settings, the per-thread archive, security headers and error handling."""

from __future__ import annotations

import json
import logging
import re
import secrets
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from hexaglot import __version__
from hexaglot.errors import ArchiveError, ConfigError, HexaglotError, InputError, NotFoundError

log = logging.getLogger("hexaglot.http")
HERE = Path(__file__).parent

#: Content-Security-Policy of every response: scripts and styles only from this server, no inline
#: script, no framing, no plugins.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


@dataclass
class Settings:
    """What the server serves and how it guards writes."""

    archive: Path = Path("hexaglot-archive")
    token: str = ""  # empty: one is generated at start (see :func:`create_app`)
    embeddings: bool = True  # sentence embeddings when aligning uploaded documents
    max_query_chars: int = 500
    max_page_size: int = 100
    max_upload_bytes: int = 0  # 0: hexaglot.limits.MAX_UPLOAD_BYTES
    max_upload_files: int = 0  # 0: hexaglot.limits.MAX_UPLOAD_FILES
    token_generated: bool = field(default=False, init=False)

    def __post_init__(self) -> None:
        from hexaglot import limits

        self.archive = Path(self.archive)
        if not self.token:
            self.token = secrets.token_urlsafe(24)
            self.token_generated = True
        self.max_upload_bytes = self.max_upload_bytes or limits.MAX_UPLOAD_BYTES
        self.max_upload_files = self.max_upload_files or limits.MAX_UPLOAD_FILES


class Archives:
    """One open :class:`~hexaglot.archive.Archive` per server thread (an archive is not shared)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._all: list[Any] = []
        self._lock = threading.Lock()

    def get(self) -> Any:
        archive = getattr(self._local, "archive", None)
        if archive is None:
            from hexaglot.archive import Archive

            archive = Archive(self.path, create=False)
            self._local.archive = archive
            with self._lock:
                self._all.append(archive)
        return archive

    def close(self) -> None:
        with self._lock:
            for archive in self._all:
                try:
                    archive.close()
                except Exception:  # closing at shutdown: nothing left to protect
                    log.debug("closing an archive failed", exc_info=True)
            self._all.clear()


def create_app(archive: str | Path | None = None, *, token: str | None = None,
               settings: Settings | None = None) -> FastAPI:
    """The app serving ``archive`` (created empty when missing, so uploads can fill it)."""
    from hexaglot.archive import Archive
    from hexaglot.serve.http import api, web
    from hexaglot.serve.http.jobs import Jobs

    if settings is None:
        settings = Settings(archive=Path(archive or "hexaglot-archive"), token=token or "")
    Archive(settings.archive, create=True).close()  # fail now, with a clear error, if unusable

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        app.state.jobs.close()
        app.state.archives.close()

    app = FastAPI(title="Hexaglot", version=__version__, docs_url=None, redoc_url=None, lifespan=lifespan,
                  description="Search, concordance, documents, aligned pairs and exports of a Hexaglot "
                              "archive of UN documents. Reads are open; uploads need a bearer token.")
    app.state.settings = settings
    app.state.archives = Archives(settings.archive)
    app.state.jobs = Jobs(settings)

    app.add_middleware(SecurityHeaders)
    _error_handlers(app)
    # multipart overhead on top of the files themselves
    app.add_middleware(BodyLimit, limit=settings.max_upload_bytes + 64 * 1024)
    from hexaglot.serve.http.middleware import AccessLog, HeadAsGet

    app.add_middleware(HeadAsGet)  # HEAD wherever GET is
    app.add_middleware(AccessLog)  # outermost: logs HEAD as HEAD; silent unless hexaglot.access is at INFO
    from swagger_ui_bundle import swagger_ui_path

    app.mount("/static/swagger", StaticFiles(directory=str(swagger_ui_path)), name="swagger")
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(api.router)
    app.include_router(web.router)
    from hexaglot.serve.http import pretranslate  # issue 16: POST /api/pretranslate and the web page

    app.include_router(pretranslate.router)
    from hexaglot.serve.http import openapi

    openapi.install(app)  # errors documented as they are sent: 400 and {"error": ...}, not 422
    return app


# -- errors ----------------------------------------------------------------------------------------


def error_status(exc: HexaglotError) -> int:
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, InputError | ConfigError):
        return 400
    if isinstance(exc, ArchiveError):
        return 503
    return 500


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def error_response(request: Request, status: int, message: str) -> Response:
    if wants_json(request):
        return JSONResponse({"error": {"status": status, "message": message}}, status_code=status)
    from hexaglot.serve.http.web import render

    return render(request, "error.html", {"status": status, "message": message}, status=status)


def _error_handlers(app: FastAPI) -> None:
    @app.exception_handler(HexaglotError)
    async def hexaglot_error(request: Request, exc: HexaglotError) -> Response:
        return error_response(request, error_status(exc), str(exc))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        parts = []
        for e in exc.errors():
            where = ".".join(str(x) for x in e.get("loc", ()) if x not in ("query", "body", "path"))
            msg = _plain_message(e)
            parts.append(f"{where}: {msg}" if where else msg)
        return error_response(request, 400, "bad request: " + "; ".join(parts))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        response = error_response(request, exc.status_code, str(exc.detail))
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        return response

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> Response:
        log.error("internal error on %s", request.url.path, exc_info=exc)
        return error_response(request, 500, "internal error; the server log has the details")


_CHOICES = re.compile(r"\^\(([\w|-]+)\)\$")


def _plain_message(error: dict[str, Any]) -> str:
    """A validation error as a person reads it: a choice of words names its words ("one of words,
    meaning, both"), not the pattern that checks them."""
    ctx = error.get("ctx") or {}
    if error.get("type") == "string_pattern_mismatch" and (m := _CHOICES.fullmatch(str(ctx.get("pattern", "")))):
        got = error.get("input")
        return f"{got!r} is not one of " + ", ".join(m.group(1).split("|"))
    if error.get("type") == "string_too_long" and "max_length" in ctx:
        return f"longer than {ctx['max_length']:,} characters"
    return str(error.get("msg", "invalid"))


class SecurityHeaders:
    """ASGI middleware adding :data:`SECURITY_HEADERS` (and ``no-store`` under /api) to every
    response that does not set them itself (a plain ASGI layer: no per-request task overhead)."""

    _HEADERS: ClassVar[list[tuple[bytes, bytes]]] = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        api = scope["path"].startswith("/api/")

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in self._HEADERS if k not in present]
                if api and b"cache-control" not in present:
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimit:
    """ASGI middleware: a request body over ``limit`` bytes is refused with 413 before it is parsed
    (by its Content-Length, or while it streams in when the length is not declared)."""

    def __init__(self, app: Any, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await self._refuse(scope, send)
            return
        seen = 0

        async def counted() -> Any:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise TooLarge
            return message

        try:
            await self.app(scope, counted, send)
        except TooLarge:
            await self._refuse(scope, send)

    async def _refuse(self, scope: Any, send: Any) -> None:
        body = json.dumps({"error": {"status": 413, "message": f"request body larger than {self.limit} bytes"}})
        headers = [(b"content-type", b"application/json"), (b"connection", b"close"),
                   *((k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items())]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body.encode()})


class TooLarge(Exception):
    """Raised inside ``receive`` when a body outgrows the limit; :class:`BodyLimit` answers 413."""


def app_from_env() -> FastAPI:
    """The app for ``uvicorn --factory`` with several worker processes: settings come from
    ``HEXAGLOT_ARCHIVE``, ``HEXAGLOT_TOKEN``, ``HEXAGLOT_EMBEDDINGS`` and ``HEXAGLOT_ACCESS_LOG`` (set by
    ``hexaglot serve``)."""
    import os

    from hexaglot.serve.http.middleware import enable_access_log

    enable_access_log(os.environ.get("HEXAGLOT_ACCESS_LOG", "1") == "1")
    token = os.environ.get("HEXAGLOT_TOKEN", "")
    if not token:
        raise ConfigError("HEXAGLOT_TOKEN must be set when the server runs several worker processes")
    return create_app(settings=Settings(archive=Path(os.environ.get("HEXAGLOT_ARCHIVE", "hexaglot-archive")),
                                        token=token, embeddings=os.environ.get("HEXAGLOT_EMBEDDINGS", "1") == "1"))
