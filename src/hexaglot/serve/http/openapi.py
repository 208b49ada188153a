"""The OpenAPI schema as the API answers: every error is ``{"error": {"status", "message"}}``
(:func:`hexaglot.serve.http.app.error_response`), a bad parameter is a 400, not FastAPI's 422
with its validation-error list, and the writes say what a missing or wrong token gets."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

ERROR_SCHEMA: dict[str, Any] = {
    "title": "Error",
    "type": "object",
    "required": ["error"],
    "properties": {"error": {
        "type": "object",
        "required": ["status", "message"],
        "properties": {
            "status": {"type": "integer", "description": "The HTTP status, again."},
            "message": {"type": "string", "description": "What was wrong, in one line."},
        },
    }},
    "example": {"error": {"status": 400, "message": "bad request: src: Field required"}},
}

_WHY = {
    "400": "A parameter is missing or invalid (the message names it)",
    "401": "No bearer token: this request writes to the archive",
    "403": "Wrong token",
    "404": "No such document or job (the path or the symbol filter names none)",
    "413": "The request body is too large",
    "503": "The archive is busy or cannot be read",
}


def _error(status: str) -> dict[str, Any]:
    return {"description": _WHY[status],
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def error_responses(spec: dict[str, Any]) -> dict[str, Any]:
    """``spec`` with FastAPI's 422 replaced by the errors each operation can answer, and the
    validation-error schemas gone when nothing refers to them any more."""
    for path, item in spec.get("paths", {}).items():
        for op in item.values():
            if not isinstance(op, dict) or "responses" not in op:
                continue
            responses = op["responses"]
            responses.pop("422", None)
            codes = ["400", "503"]
            named = {p.get("name") for p in op.get("parameters", []) if isinstance(p, dict)}
            if "{" in path or ("symbol" in named and not path.endswith("/documents")):
                codes.append("404")
            if op.get("security"):
                codes += ["401", "403"]
            if "requestBody" in op:  # the body limit applies to every request that sends one
                codes.append("413")
            for code in sorted(codes):
                responses.setdefault(code, _error(code))
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = ERROR_SCHEMA
    text = str(spec["paths"])
    for name in ("HTTPValidationError", "ValidationError"):
        if f"/{name}'" not in text:
            schemas.pop(name, None)
    return spec


def install(app: FastAPI) -> None:
    """Serve :func:`error_responses` of FastAPI's schema (built once, on first request)."""
    generated = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = error_responses(generated())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
