"""The HTTP face of the archive: a JSON API (``/api``), its OpenAPI schema and docs, and a web
interface of server-rendered pages, all in one FastAPI app.

    from hexaglot.serve.http import create_app
    app = create_app("hexaglot-archive", token="s3cret")   # run with uvicorn

Reads are open; writes (uploads) need ``Authorization: Bearer <token>``. Every static asset ships
in this package: nothing is fetched from a CDN.
"""

from hexaglot.serve.http.app import Settings, create_app

__all__ = ["Settings", "create_app"]
