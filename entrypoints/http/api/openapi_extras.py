"""What the OpenAPI document says beyond the routes' own signatures: the Idempotency-Key header every
POST honours, form-encoded bodies beside JSON, and `metadata[key]=value` list filters (all handled
before a request reaches its route, in invoiced_requests and listing)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

FORM = "application/x-www-form-urlencoded"
LISTS_WITH_METADATA = ("/customers", "/invoices", "/payments", "/credit_notes")

IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": 255},
    "description": "Retrying with the same key within 24 hours answers the first answer again (with "
    "`Idempotent-Replayed: true`) instead of doing the work twice; the same key with a different "
    "request is a 400 naming Idempotency-Key.",
}
METADATA_FILTER = {
    "name": "metadata",
    "in": "query",
    "required": False,
    "style": "deepObject",
    "explode": True,
    "schema": {"type": "object", "additionalProperties": {"type": "string"}},
    "description": "`metadata[key]=value`: only records whose metadata has that value (records without "
    "the key are left out).",
}


def _extend(document: dict[str, Any]) -> dict[str, Any]:
    for path, operations in document.get("paths", {}).items():
        for method, operation in operations.items():
            parameters = operation.setdefault("parameters", [])
            if method == "post":
                parameters.append(dict(IDEMPOTENCY_KEY))
            if method == "get" and path in LISTS_WITH_METADATA:
                parameters.append(dict(METADATA_FILTER))
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" in content and FORM not in content:
                content[FORM] = dict(content["application/json"])
    return document


def describe_invoiced_conventions(app: FastAPI) -> None:
    """Make `app.openapi()` include the conventions above (computed once, like FastAPI's own)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = _extend(
                get_openapi(
                    title=app.title,
                    version=app.version,
                    description=app.description,
                    routes=app.routes,
                    tags=app.openapi_tags,
                    servers=app.servers,
                )
            )
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
