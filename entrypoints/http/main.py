"""The HTTP app: the Invoiced-style API, the dashboard and their static files, built per container.

Nothing is created at import time: `create_app(container)` builds an app, and uvicorn builds one from the
environment with `uvicorn --factory entrypoints.http.main:create_app_from_env`.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import structlog
from fastapi import FastAPI
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from adapters.security.secret_box import load_or_create_key
from entrypoints.container import build_container, prepare_database
from entrypoints.http.api import router as api_router
from entrypoints.http.api.deps import RateLimiter
from entrypoints.http.api.errors import install_error_handlers
from entrypoints.http.api.invoiced_requests import InvoicedRequestsMiddleware
from entrypoints.http.api.openapi_extras import describe_invoiced_conventions
from entrypoints.http.api_docs import install_api_docs
from entrypoints.http.dashboard import install_dashboard
from entrypoints.http.dashboard.pages import error_page
from entrypoints.http.logging_middleware import RequestLoggingMiddleware
from entrypoints.http.security_headers import SecurityHeadersMiddleware
from entrypoints.logging_setup import configure_logging
from entrypoints.settings import Settings

STATIC_DIR = Path(__file__).parent / "static"
DASHBOARD_PREFIX = "/dashboard"

DESCRIPTION = """\
The Invoiced-side ledger (customers, invoices, payments) and its NetSuite accounting sync, following
Invoiced's API conventions: HTTP Basic with the API key as the user name and a blank password (or a
Bearer token); integer ids; unix-second timestamps; lower-case currency codes; amounts as decimal JSON
numbers in major units (parsed exactly, never through floating point); `page`/`per_page` (at most 100)
with `Link` and `X-Total-Count` headers; lists take `filter[field]=value`, `metadata[key]=value`,
`sort=field ASC|DESC` and `expand=customer`; bodies may be JSON or form-encoded; a POST with an
`Idempotency-Key` is done once, the same key within 24 hours answering the first answer; errors as
`{type, message, param}`: 400 the request cannot be done (a malformed or out-of-range parameter, a broken
business rule, a number already taken; `param` names the field), 401 authentication, 404 not found
(including another company's ids), 429 rate limited, 502/503 NetSuite unreadable or unreachable.
Invoiced's own client libraries work against it unchanged.
"""


def session_secret(settings: Settings) -> str:
    """The dashboard cookie's signing key, derived from SECRET_KEY (or the data directory's key file)
    so the encryption key itself never signs cookies."""
    if settings.secret_key is not None:
        root = settings.secret_key.get_secret_value().split(",")[0].strip().encode()
    else:
        root = load_or_create_key(settings.data_dir)
    return hmac.new(root, b"invoiced-netsuite dashboard session", hashlib.sha256).hexdigest()


def create_app(
    container: Any, *, rate_limiter: RateLimiter | None = None, owns_container: bool = False
) -> FastAPI:
    """An app serving the API at / and the dashboard under /dashboard, using `container`'s providers.
    With `owns_container`, the container's resources (database pool, broker) close when the app stops."""
    settings: Settings = container.settings()

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            if owns_container:
                container.shutdown_resources()

    app = FastAPI(
        title="invoiced-netsuite",
        version="0.1.0",
        description=DESCRIPTION,
        docs_url=None,  # served by install_api_docs, from this service's own files
        openapi_url="/openapi.json",
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.container = container
    app.state.rate_limiter = rate_limiter or RateLimiter()
    app.add_middleware(
        SessionMiddleware,
        secret_key=session_secret(settings),
        session_cookie="invoiced_netsuite_session",
        same_site="lax",
        https_only=settings.public_url.startswith("https://"),
        max_age=12 * 60 * 60,
    )
    app.add_middleware(InvoicedRequestsMiddleware, excluded_prefix=DASHBOARD_PREFIX)
    app.add_middleware(RequestLoggingMiddleware)
    app.add_middleware(SecurityHeadersMiddleware)  # outermost: error answers carry the headers too
    install_error_handlers(app, html_prefix=DASHBOARD_PREFIX, html_error=error_page)
    app.include_router(api_router)
    install_api_docs(app)
    describe_invoiced_conventions(app)
    install_dashboard(app, DASHBOARD_PREFIX)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse(DASHBOARD_PREFIX, status_code=303)

    @app.get("/health", tags=["Service"], summary="Liveness: the process answers")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    return app


def create_app_from_env() -> FastAPI:
    """uvicorn's factory (`uvicorn --factory entrypoints.http.main:create_app_from_env`): settings from
    the environment, logging configured, the embedded SQLite default upgraded (PostgreSQL is upgraded
    by the operator with `invoiced-netsuite db upgrade`), and a container the app closes on shutdown.
    Background jobs go to the broker (Redis with REDIS_URL) for separate `dramatiq` workers."""
    settings = Settings()
    configure_logging(settings)
    if settings.redis_url is None:
        structlog.get_logger(__name__).warning(
            "no_background_workers",
            detail="REDIS_URL is not set: Sync Now, imports and retries will be queued where no worker "
            "can take them. Set REDIS_URL and run `dramatiq` workers, or use `invoiced-netsuite serve`.",
        )
    prepare_database(settings)
    return create_app(build_container(settings), owns_container=True)
