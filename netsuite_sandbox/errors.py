"""NetSuite-shaped error answers (RFC 9110 problem bodies as NetSuite sends them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

ERROR_CONTENT_TYPE = "application/vnd.oracle.resource+json; type=error; charset=UTF-8"

_TYPE_URIS = {
    400: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.1",
    401: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.2",
    404: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.5",
    405: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.6",
    429: "https://www.rfc-editor.org/rfc/rfc6585.html#section-4",
    500: "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.6.1",
}
_TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    405: "Method Not Allowed",
    429: "Too Many Requests",
    500: "Internal Server Error",
}

# NetSuite prefixes business-rule messages with this sentence (every recorded USER_ERROR has it).
ACCESS_PREFIX = "Error while accessing a resource. "


@dataclass
class NetSuiteError(Exception):
    """An error NetSuite would answer with; raised anywhere, rendered by the server."""

    status: int
    code: str
    detail: str
    error_path: str | None = None
    query_param: str | None = None
    header: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.status} {self.code}: {self.detail}"

    def body(self) -> dict[str, Any]:
        detail: dict[str, Any] = {"detail": self.detail, "o:errorCode": self.code}
        if self.error_path is not None:
            detail["o:errorPath"] = self.error_path
        if self.query_param is not None:
            detail["o:errorQueryParam"] = self.query_param
        if self.header is not None:
            detail["o:errorHeader"] = self.header
        body: dict[str, Any] = {
            "type": _TYPE_URIS.get(self.status, _TYPE_URIS[400]),
            "title": _TITLES.get(self.status, "Bad Request"),
            "status": self.status,
        }
        body.update(self.extra)
        body["o:errorDetails"] = [detail]
        return body


def user_error(message: str, error_path: str | None = None) -> NetSuiteError:
    """A business-rule violation (400 USER_ERROR), worded like NetSuite's."""
    return NetSuiteError(400, "USER_ERROR", ACCESS_PREFIX + message, error_path=error_path)


def invalid_content(message: str, error_path: str | None = None) -> NetSuiteError:
    """A bad value or a bad reference in the request body (400 INVALID_CONTENT)."""
    return NetSuiteError(400, "INVALID_CONTENT", message, error_path=error_path)


def invalid_reference(field_path: str, value: object) -> NetSuiteError:
    field_name = field_path.rsplit(".", 1)[-1]
    return invalid_content(
        f"Error while accessing a resource. You have entered an Invalid Field Value {value} "
        f"for the following field: {field_name}",
        error_path=field_path,
    )


def missing_values(*labels: str) -> NetSuiteError:
    return user_error(f"Please enter value(s) for: {', '.join(labels)}.")


def not_found(detail: str = "The record instance does not exist.") -> NetSuiteError:
    # Open question 11: REST docs name NONEXISTENT_ID (not SOAP's RCRD_DSNT_EXIST); the detail
    # is the 2025 fixture's wording.
    return NetSuiteError(404, "NONEXISTENT_ID", detail)


def invalid_parameter(detail: str, query_param: str) -> NetSuiteError:
    return NetSuiteError(400, "INVALID_PARAMETER", detail, query_param=query_param)


def invalid_request(detail: str, header: str | None = None) -> NetSuiteError:
    return NetSuiteError(400, "INVALID_REQUEST", detail, header=header)


def login_failed() -> NetSuiteError:
    """The one body NetSuite sends for every token-based-auth failure."""
    return NetSuiteError(
        401,
        "INVALID_LOGIN",
        "Invalid login attempt. For more details, see the Login Audit Trail in the NetSuite UI "
        "at Setup > Users/Roles > User Management > View Login Audit Trail.",
    )


def concurrency_limit_exceeded() -> NetSuiteError:
    # Open question 4: NetSuite documents no Retry-After; the sandbox sends none either.
    # Reference §6.5: the documented 429 body has title "Bad Request" and an extra top-level
    # o:errorCode; we keep both (without the documented JSON typo).
    return NetSuiteError(
        429,
        "CONCURRENCY_LIMIT_EXCEEDED",
        "Concurrent request limit exceeded. Request blocked.",
        extra={"title": "Bad Request", "o:errorCode": "USER_ERROR"},
    )


def unexpected_error(error_id: str) -> NetSuiteError:
    return NetSuiteError(
        500,
        "UNEXPECTED_ERROR",
        f"An unexpected error occurred. Error ID: {error_id}",
    )


# ---- NetSuite's refusals of a record, worded once ------------------------------------------------
# The sandbox's records raise these, and so does the product's in-memory NetSuite fake
# (adapters/memory/gateway.py), so a rule's words are written in one place. Where NetSuite's own
# wording was recorded it is kept; the rest is the sandbox's (see README: "Who pins what").


def _amount(value: object) -> str:
    """An amount in a message, always with its cents: 100 → '100.00'."""
    return f"{Decimal(str(value)):.2f}"


def has_dependent_records() -> NetSuiteError:
    """Deleting a record that others refer to (an invoice with payments applied). NetSuite's UI words
    for it; never recorded over REST, so a guess for the REST detail."""
    return user_error("This record cannot be deleted because it has dependent records.")


def no_line_items() -> NetSuiteError:
    """Recorded (three times, with this preamble)."""
    return user_error("You must enter at least one line item for this transaction.")


def total_below_paid(total: object, paid: object) -> NetSuiteError:
    return user_error(
        f"The invoice total ({_amount(total)}) cannot be less than the amount already paid ({_amount(paid)})."
    )


def applied_to_another_customer(
    invoice_id: object, invoice_customer: object, payment_customer: object, path: str, by: str = "payment"
) -> NetSuiteError:
    """`by` is what is applied: a payment, or a credit memo (the same rule)."""
    return invalid_content(
        f"{ACCESS_PREFIX}Invoice {invoice_id} belongs to another customer ({invoice_customer}) and "
        f"cannot be applied to a {by} of customer {payment_customer}.",
        path,
    )


def applied_in_another_currency(invoice_id: object, path: str, by: str = "payment") -> NetSuiteError:
    return invalid_content(
        f"{ACCESS_PREFIX}Invoice {invoice_id} is in another currency than the {by} and cannot be "
        "applied to it.",
        path,
    )


def applied_to_closed_invoice(invoice_id: object, path: str) -> NetSuiteError:
    return invalid_content(
        f"{ACCESS_PREFIX}Invoice {invoice_id} is not open (it is paid in full or voided) and cannot be "
        "applied to.",
        path,
    )


def applied_nothing(path: str) -> NetSuiteError:
    return invalid_content(f"{ACCESS_PREFIX}The amount applied must be greater than zero.", path)


def applied_more_than_due(invoice_id: object, amount: object, remaining: object, path: str) -> NetSuiteError:
    return user_error(
        f"The amount applied to invoice {invoice_id} ({_amount(amount)}) exceeds its amount due "
        f"({_amount(remaining)}).",
        path,
    )


def applied_more_than_credit(applied: object, total: object) -> NetSuiteError:
    """A credit memo applied beyond its total (the sandbox's words)."""
    return user_error(
        f"The total amount applied ({_amount(applied)}) exceeds the amount of the credit memo "
        f"({_amount(total)}).",
        "apply",
    )


def applied_more_than_payment(applied: object, total: object) -> NetSuiteError:
    return user_error(
        f"The total amount applied ({_amount(applied)}) exceeds the payment amount ({_amount(total)}).",
        "apply",
    )
