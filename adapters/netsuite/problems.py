"""NetSuite's error answers turned into the application's errors, keeping NetSuite's words and code."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from adapters.netsuite.jsonio import decode_json
from application.errors import NetSuiteAuthError, NetSuiteBadResponse, NetSuiteError, NetSuiteRejected
from domain.netsuite import NetSuiteProblem

# Every business-rule message starts with this sentence; it says nothing to a finance user.
BOILERPLATE_PREFIX = "Error while accessing a resource. "
EXCERPT_LENGTH = 200


@dataclass(frozen=True, slots=True)
class ErrorDetail:
    """What an RFC 7807-style NetSuite error body says: the message, its code and the field."""

    message: str
    code: str | None = None
    path: str | None = None


def excerpt(text: str | bytes, length: int = EXCERPT_LENGTH) -> str:
    """The first characters of an answer, on one line, for an error message."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    flat = " ".join(text.split())
    if not flat:
        return "(an empty body)"
    return repr(flat[:length] + ("…" if len(flat) > length else ""))


def clean_detail(detail: str) -> str:
    detail = detail.strip()
    if detail.startswith(BOILERPLATE_PREFIX):
        detail = detail[len(BOILERPLATE_PREFIX) :].strip()
    return detail


def read_error_body(text: str) -> ErrorDetail | None:
    """The error detail of a NetSuite error body, or None when the body is not one."""
    try:
        body = decode_json(text)
    except ValueError:
        return None
    if not isinstance(body, dict):
        return None
    details = body.get("o:errorDetails")
    if not isinstance(details, list) or not details:
        title = body.get("title")
        if isinstance(title, str) and title.strip():
            return ErrorDetail(title.strip(), _text(body.get("o:errorCode")))
        return None
    messages: list[str] = []
    code: str | None = None
    path: str | None = None
    for item in details:
        if not isinstance(item, dict):
            continue
        message = item.get("detail")
        if isinstance(message, str) and message.strip() and clean_detail(message) not in messages:
            messages.append(clean_detail(message))
        code = code or _text(item.get("o:errorCode"))
        path = path or _text(item.get("o:errorPath"))
    if not messages and code is None:
        return None
    top_code = _text(body.get("o:errorCode"))
    return ErrorDetail("; ".join(messages) or (code or ""), code or top_code, path)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def error_for_refusal(status: int, text: str, what: str) -> NetSuiteError:
    """The exception for a final (non-retryable) 4xx answer to `what` (e.g. 'PUT /record/v1/…')."""
    if status == 401:
        return NetSuiteAuthError()
    detail = read_error_body(text)
    if detail is None:
        return NetSuiteBadResponse(
            f"NetSuite answered {what} with HTTP {status} and a body that is not a NetSuite error: "
            f"{excerpt(text)}."
        )
    return NetSuiteRejected(detail.message, code=detail.code, path=detail.path, status=status)


def unknown_currency(code: str) -> NetSuiteProblem:
    """The problem of a record in a currency the account does not have; found before anything is sent."""
    return NetSuiteProblem(
        f"NetSuite has no currency {code.strip().upper()}: add it under Lists > Accounting > Currencies "
        "in NetSuite, then retry this record.",
        path="currency",
    )


def without_preamble(problem: NetSuiteProblem) -> NetSuiteProblem:
    """NetSuite's refusal as the gateway reports it: its words without the boilerplate preamble."""
    return NetSuiteProblem(clean_detail(problem.message), problem.code, problem.path)
