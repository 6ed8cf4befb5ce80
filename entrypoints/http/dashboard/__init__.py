"""The server-rendered dashboard (Jinja2, no JavaScript): sign in, records, imports, integration settings."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from entrypoints.http.dashboard import record_pages, records, session, settings, sync
from entrypoints.http.dashboard.pages import (
    CsrfRejected,
    SignInRequired,
    build_templates,
    error_page,
)

# records before record_pages: /invoices/import is a page of its own, not invoice 'import'.
MODULES = (session, records, record_pages, settings, sync)


def install_dashboard(app: FastAPI, prefix: str) -> None:
    """Mount the dashboard under `prefix` with its templates and its two special answers:
    no session → the sign-in page; a form without the session's CSRF token → refused."""
    app.state.templates = build_templates()
    router = APIRouter(prefix=prefix, include_in_schema=False)

    @router.get("")
    def home() -> Response:
        return RedirectResponse(f"{prefix}/invoices", status_code=303)

    for module in MODULES:
        router.include_router(module.router)
    app.include_router(router)

    async def on_sign_in_required(request: Request, exc: Exception) -> Response:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        if request.method != "GET":
            target = prefix
        return RedirectResponse(f"{prefix}/login?next={target}", status_code=303)

    async def on_csrf_rejected(request: Request, exc: Exception) -> Response:
        return error_page(
            request,
            403,
            "The form could not be verified (it may have expired): reload the page and try again.",
        )

    app.add_exception_handler(SignInRequired, on_sign_in_required)
    app.add_exception_handler(CsrfRejected, on_csrf_rejected)


__all__ = ["install_dashboard"]
