"""Two plain ASGI layers around the app: an access log, and HEAD answered wherever GET is.

:class:`AccessLog` writes one line per request to the ``hexaglot.access`` logger once the response
has been sent: client, method, path with its query, status, bytes and milliseconds::

    127.0.0.1 "GET /api/search?q=dignit%C3%A9&lang=fr" 200 5321 B 4.2 ms

:class:`HeadAsGet` runs a ``HEAD`` request as the ``GET`` of the same URL and sends its status and
headers (Content-Length included) without the body, so every page and API route that answers GET
answers HEAD too, and the OpenAPI schema stays one operation per route.
"""

from __future__ import annotations

import logging
import sys
import time
from typing import Any

access_log = logging.getLogger("hexaglot.access")


def enable_access_log(on: bool = True) -> None:
    """Send ``hexaglot.access`` lines to stderr (the handler is added once), or silence them."""
    if not on:
        access_log.setLevel(logging.WARNING)
        return
    if not any(getattr(h, "_hexaglot_access", False) for h in access_log.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%Y-%m-%d %H:%M:%S"))
        handler._hexaglot_access = True  # type: ignore[attr-defined]
        access_log.addHandler(handler)
    access_log.setLevel(logging.INFO)
    access_log.propagate = False


class AccessLog:
    """ASGI middleware: one ``hexaglot.access`` INFO line per HTTP request, written when its
    response is complete (a streamed export is timed to its last byte). An exception that escapes
    the app is logged as status 500."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not access_log.isEnabledFor(logging.INFO):
            await self.app(scope, receive, send)
            return
        t0 = time.perf_counter()
        status, size = 500, 0

        async def counting(message: Any) -> None:
            nonlocal status, size
            if message["type"] == "http.response.start":
                status = int(message["status"])
            elif message["type"] == "http.response.body":
                size += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, counting)
        finally:
            client = scope.get("client") or ("-", 0)
            query = scope.get("query_string", b"").decode("latin-1")
            target = scope.get("raw_path", b"").decode("latin-1") or scope["path"]
            if query:
                target += "?" + query
            access_log.info('%s "%s %s" %d %d B %.1f ms', client[0], scope["method"], target, status, size,
                            (time.perf_counter() - t0) * 1000)


class HeadAsGet:
    """ASGI middleware: ``HEAD`` runs as ``GET`` and the body is dropped (the headers are kept)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return
        finished = False

        async def headers_only(message: Any) -> None:
            nonlocal finished
            if message["type"] == "http.response.start":
                await send(message)
            elif message["type"] == "http.response.body" and not finished and not message.get("more_body"):
                finished = True
                await send({"type": "http.response.body", "body": b"", "more_body": False})
            # other body chunks are dropped

        await self.app({**scope, "method": "GET"}, receive, headers_only)
