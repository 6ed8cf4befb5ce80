"""What every API route needs: the container's use cases, the authenticated company, paging."""

from __future__ import annotations

import base64
import binascii
import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import Any

import structlog
from fastapi import Depends, Query, Request, Security
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import URL

from application.credit_notes import CreditNotes
from application.integration import (
    AccountingSync,
    NetSuiteConnections,
    NetSuiteImports,
    SyncErrors,
    SyncHistory,
)
from application.integration.drift import DriftReports
from application.integration.drift_repairs import DriftRepairs
from application.ledger import Ledger
from application.ports import SecretBox
from domain.company import Company
from entrypoints.http.api.encoding import ApiResponse
from entrypoints.http.api.errors import ApiError
from entrypoints.http.api.security import api_key_basic, api_key_bearer
from entrypoints.http.sign_ins import count_failed_sign_in, sign_in_wait, too_many_failures_message

MAX_PER_PAGE = 100
MAX_PAGE = 2**31 - 1  # beyond it the offset no longer fits the database's integers: a 400 naming it


def container(request: Request) -> Any:
    """The composition root this app was created with."""
    return request.app.state.container


# The container's use-case providers, by the names the composition root gives them.


def ledger(request: Request) -> Ledger:
    return container(request).ledger()  # type: ignore[no-any-return]


def credit_notes(request: Request) -> CreditNotes:
    return container(request).credit_notes()  # type: ignore[no-any-return]


def connections(request: Request) -> NetSuiteConnections:
    return container(request).netsuite_connections()  # type: ignore[no-any-return]


def secret_box(request: Request) -> SecretBox:
    return container(request).secret_box()  # type: ignore[no-any-return]


def accounting_sync(request: Request) -> AccountingSync:
    return container(request).accounting_sync()  # type: ignore[no-any-return]


def imports(request: Request) -> NetSuiteImports:
    return container(request).netsuite_imports()  # type: ignore[no-any-return]


def sync_errors(request: Request) -> SyncErrors:
    return container(request).sync_errors()  # type: ignore[no-any-return]


def drift_reports(request: Request) -> DriftReports:
    return container(request).drift_reports()  # type: ignore[no-any-return]


def drift_repairs(request: Request) -> DriftRepairs:
    return container(request).drift_repairs()  # type: ignore[no-any-return]


def sync_history(request: Request) -> SyncHistory:
    return container(request).sync_history()  # type: ignore[no-any-return]


def api_key_from(authorization: str | None) -> str | None:
    """The API key from `Basic base64(key:)` (Invoiced's way) or `Bearer key`; None when absent."""
    if not authorization:
        return None
    scheme, _, credentials = authorization.partition(" ")
    credentials = credentials.strip()
    if scheme.lower() == "bearer":
        return credentials or None
    if scheme.lower() == "basic":
        try:
            decoded = base64.b64decode(credentials, validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return None
        return decoded.partition(":")[0] or None
    return None


class RateLimiter:
    """At most `limit` requests per company in any `window_seconds`; per process, which is enough to keep
    one client from starving the others."""

    def __init__(self, limit: int = 1200, window_seconds: float = 60.0) -> None:
        self.limit = limit
        self.window_seconds = window_seconds
        self._hits: dict[int, deque[float]] = {}
        self._lock = threading.Lock()

    def retry_after(self, company_id: int) -> int | None:
        """Count a request; the seconds to wait when it is over the limit, else None."""
        now = time.monotonic()
        with self._lock:
            hits = self._hits.setdefault(company_id, deque())
            while hits and hits[0] <= now - self.window_seconds:
                hits.popleft()
            if len(hits) >= self.limit:
                return max(1, int(hits[0] + self.window_seconds - now) + 1)
            hits.append(now)
            return None


_CHALLENGE = {"WWW-Authenticate": 'Basic realm="invoiced-netsuite"'}


async def current_company(
    request: Request,
    _basic: None = Security(api_key_basic),
    _bearer: None = Security(api_key_bearer),
) -> Company:
    """The company whose API key signed the request; 401 without a valid key, 429 over the rate limit
    or after too many wrong keys from this client or for this key prefix."""
    api_key = api_key_from(request.headers.get("authorization"))
    if api_key is None:
        raise ApiError(
            401,
            "Authentication required: send your API key as the HTTP Basic user name with a blank "
            "password (or as a Bearer token).",
            headers=_CHALLENGE,
        )
    wait = await sign_in_wait(request, api_key)
    if wait is not None:
        raise ApiError(429, too_many_failures_message(wait), headers={"Retry-After": str(wait)})
    company = await run_in_threadpool(ledger(request).authenticate, api_key)
    if company is None or company.id is None:
        await count_failed_sign_in(request, api_key)
        raise ApiError(
            401,
            "The API key is not valid: it may be mistyped or revoked. Check the key you were given "
            "when the company was created, or ask an administrator for a new one.",
            headers=_CHALLENGE,
        )
    limiter: RateLimiter = request.app.state.rate_limiter
    wait = limiter.retry_after(company.id)
    if wait is not None:
        raise ApiError(
            429,
            f"Too many requests: at most {limiter.limit} per {int(limiter.window_seconds)} seconds. "
            f"Retry after {wait} seconds.",
            headers={"Retry-After": str(wait)},
        )
    structlog.contextvars.bind_contextvars(company_id=company.id)
    return company


async def company_id(company: Company = Depends(current_company)) -> int:
    assert company.id is not None
    return company.id


@dataclass(frozen=True, slots=True)
class PageParams:
    page: int
    per_page: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


def page_params(
    page: int = Query(1, ge=1, le=MAX_PAGE, description="Page number, starting at 1."),
    per_page: int = Query(
        MAX_PER_PAGE,
        ge=1,
        le=MAX_PAGE,
        description=f"Records per page; at most {MAX_PER_PAGE} (larger values are capped).",
    ),
) -> PageParams:
    return PageParams(page=page, per_page=min(per_page, MAX_PER_PAGE))


def page_response(request: Request, items: list[Any], total: int, params: PageParams) -> ApiResponse:
    """A list page with Invoiced's paging headers: `X-Total-Count`, and `Link` to the other pages."""
    last = max(1, -(-total // params.per_page))
    url = URL(str(request.url))

    def link(page: int, rel: str) -> str:
        return f'<{url.include_query_params(page=page, per_page=params.per_page)}>; rel="{rel}"'

    links = [link(params.page, "self"), link(1, "first")]
    if params.page > 1:
        links.append(link(min(params.page - 1, last), "previous"))
    if params.page < last:
        links.append(link(params.page + 1, "next"))
    links.append(link(last, "last"))
    return ApiResponse(items, headers={"X-Total-Count": str(total), "Link": ", ".join(links)})
