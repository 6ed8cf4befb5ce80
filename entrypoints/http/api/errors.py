"""Errors in Invoiced's shape, `{type, message, param}`, and the statuses the use cases' errors map to."""

from __future__ import annotations

from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from application.errors import (
    ApplicationError,
    Conflict,
    InvalidInput,
    NetSuiteAuthError,
    NetSuiteBadResponse,
    NetSuiteRejected,
    NetSuiteUnavailable,
    NotConnected,
    NotFound,
)
from domain.errors import DomainError
from entrypoints.http.api.encoding import ApiResponse

log = structlog.get_logger(__name__)

INVALID_REQUEST = "invalid_request"
API_ERROR = "api"


class ApiError(Exception):
    """An error the API answers with directly (bad authentication, rate limit, malformed parameter)."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        param: str | None = None,
        type: str = INVALID_REQUEST,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.param = param
        self.type = type
        self.headers = headers or {}


def error_body(message: str, *, param: str | None = None, type: str = INVALID_REQUEST) -> dict[str, Any]:
    return {"type": type, "message": message, "param": param}


def error_response(
    status: int,
    message: str,
    *,
    param: str | None = None,
    type: str = INVALID_REQUEST,
    headers: dict[str, str] | None = None,
) -> Response:
    return ApiResponse(error_body(message, param=param, type=type), status_code=status, headers=headers)


def status_for(error: ApplicationError | DomainError) -> int:
    """The HTTP status of a use case's error on the dashboard's pages."""
    if isinstance(error, NotFound):
        return 404
    if isinstance(error, Conflict | NotConnected):
        return 409
    if isinstance(error, NetSuiteUnavailable):
        return 503
    if isinstance(error, NetSuiteBadResponse):
        return 502
    if isinstance(error, InvalidInput) and error.param:
        return 400  # one named parameter is missing or malformed
    # InvalidInput, a broken business rule, credentials NetSuite refused, a record NetSuite refused.
    return 422


def api_status_for(error: ApplicationError | DomainError) -> int:
    """The HTTP status of a use case's error in the API, as Invoiced answers: 404 for what does not
    exist, 5xx when NetSuite is unreachable or unreadable, and 400 for every request that cannot be
    done (a broken rule, a number already taken, no connection), which clients raise as an invalid
    request rather than retry as a server error."""
    if isinstance(error, NotFound):
        return 404
    if isinstance(error, NetSuiteUnavailable):
        return 503
    if isinstance(error, NetSuiteBadResponse):
        return 502
    return 400


def _param(error: ApplicationError | DomainError) -> str | None:
    if isinstance(error, InvalidInput | Conflict | DomainError):
        return error.param
    if isinstance(error, NetSuiteAuthError):
        return "credentials"
    return None


def _location(loc: tuple[Any, ...]) -> str | None:
    """('body', 'items', 0, 'unit_cost') → 'items[0].unit_cost'."""
    parts = [p for p in loc if p not in ("body", "query", "path", "header")]
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or None


def _validation_message(error: dict[str, Any], param: str | None) -> str:
    kind = error.get("type", "")
    if kind == "json_invalid":
        detail = (error.get("ctx") or {}).get("error", "")
        return f"The request body is not valid JSON ({detail}): send a JSON object."
    if kind == "missing":
        return f"Missing required parameter: {param}."
    if kind == "extra_forbidden":
        return f"Received unknown parameter: {param}."
    if kind in ("model_attributes_type", "dict_type") and param is None:
        return "The request body must be a JSON object with Content-Type: application/json."
    message = str(error.get("msg", "Invalid value")).rstrip(".")
    return f"Invalid {param}: {message}." if param else f"{message}."


def install_error_handlers(app: FastAPI, *, html_prefix: str, html_error: Any) -> None:
    """Map every error to `{type, message, param}`; pages under `html_prefix` get `html_error` instead."""

    def wants_html(request: Request) -> bool:
        return request.url.path.startswith(html_prefix)

    async def on_api_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return error_response(exc.status, exc.message, param=exc.param, type=exc.type, headers=exc.headers)

    async def on_application_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApplicationError | DomainError)
        if wants_html(request):
            return html_error(request, status_for(exc), str(exc))
        status = api_status_for(exc)
        kind = API_ERROR if status >= 500 else INVALID_REQUEST
        if isinstance(exc, NetSuiteRejected) and exc.code:
            return error_response(status, f"{exc} (NetSuite code {exc.code})", type=kind)
        return error_response(status, str(exc), param=_param(exc), type=kind)

    async def on_validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        first = dict(exc.errors()[0]) if exc.errors() else {}
        param = _location(tuple(first.get("loc", ())))
        if first.get("type") == "json_invalid":
            param = None
        if wants_html(request):
            return html_error(request, 400, _validation_message(first, param))
        return error_response(400, _validation_message(first, param), param=param)

    async def on_http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        if wants_html(request):
            return html_error(request, exc.status_code, str(exc.detail))
        message = {404: "No such endpoint.", 405: "This endpoint does not accept that method."}.get(
            exc.status_code, str(exc.detail)
        )
        return error_response(exc.status_code, message, headers=dict(exc.headers or {}))

    async def on_unexpected(request: Request, exc: Exception) -> Response:
        log.exception("request failed")
        message = "Something went wrong on our side; the error has been logged. Please try again."
        if wants_html(request):
            return html_error(request, 500, message)
        return error_response(500, message, type=API_ERROR)

    app.add_exception_handler(ApiError, on_api_error)
    app.add_exception_handler(ApplicationError, on_application_error)
    app.add_exception_handler(DomainError, on_application_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(Exception, on_unexpected)
