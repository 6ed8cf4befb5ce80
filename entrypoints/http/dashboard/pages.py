"""Rendering the dashboard: templates, the signed-in company, CSRF tokens and flash messages."""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from decimal import Decimal
from pathlib import Path
from typing import Any

from fastapi import Depends, Request
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from starlette.responses import Response

from application.dashboard_sessions import DashboardSessions
from application.errors import NotFound
from application.integration.counts import COUNT_WORDS, Count, describe_counts
from application.ledger import Ledger
from domain.company import Company
from domain.money import round_to_cents

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
# The cookie carries only a session token; the session itself lives on the server (DashboardSessions).
SESSION_TOKEN = "session_token"
SESSION_CSRF = "csrf_token"
SESSION_FLASH = "flash"


class SignInRequired(Exception):
    """Raised by `signed_in_company` when there is no session; the app redirects to the sign-in page."""


class CsrfRejected(Exception):
    """A form was posted without this session's CSRF token."""


def _when(value: dt.datetime | dt.date | None, fmt: str = "%b %d, %Y %H:%M UTC") -> str:
    if value is None:
        return "—"
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime(fmt)
    return value.strftime("%b %d, %Y")


def _money(amount: Decimal | None, currency: str | None = None) -> str:
    if amount is None:
        return "—"
    text = f"{round_to_cents(amount):,.2f}"
    return f"{text} {currency.upper()}" if currency else text


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    if seconds < 60:
        return f"{seconds:.0f}s"
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes}m {rest:02d}s"


def _label(key: str) -> str:
    """A counts key such as `invoices_written` → 'Invoices written to NetSuite' (under its number)."""
    many = COUNT_WORDS.get(key, (key, key.replace("_", " ")))[1]
    return many[:1].upper() + many[1:]


def counted_in_order(counts: dict[str, int]) -> list[tuple[int, str]]:
    """A run's non-zero counts as (number, what it counts), in the order the flows run: each says what
    it counts ('Invoices imported from NetSuite', 'Customers created from NetSuite'), never one sum."""
    order = {name.value: position for position, name in enumerate(Count)}
    keys = sorted((k for k, n in counts.items() if n), key=lambda k: order.get(k, len(order)))
    return [(counts[k], _label(k) if counts[k] != 1 else _label_one(k)) for k in keys]


def _label_one(key: str) -> str:
    one = COUNT_WORDS.get(key, (key.replace("_", " "), key))[0]
    return one[:1].upper() + one[1:]


def _moved(counts: dict[str, int]) -> str:
    """What a run moved, e.g. '3 invoices written to NetSuite · 1 customer matched by name'."""
    return " · ".join(describe_counts(counts)) or "Nothing to move"


_RUN_BADGES = {"succeeded": "badge-ok", "partial": "badge-warn", "failed": "badge-bad"}
_RUN_WORDS = {
    "succeeded": "Succeeded",
    "partial": "Finished with errors",
    "failed": "Failed",
    "queued": "Queued",
    "running": "Running",
}


_RUN_KINDS = {
    "accounting_sync": "Accounting sync",
    "invoice_import": "Invoice import",
    "customer_import": "Customer import",
    "record_retry": "Retry of one record",
}


def _run_kind(kind: Any) -> str:
    value = str(getattr(kind, "value", kind))
    return _RUN_KINDS.get(value, value.replace("_", " ").capitalize())


_TRIGGERS = {"auto": "Automatic", "manual": "Sync Now", "api": "API", "cli": "Command line"}
# What a person pressed to start a run of each kind from the dashboard.
_PRESSED = {"record_retry": "Retry", "invoice_import": "Import", "customer_import": "Import"}


def _run_trigger(run: Any) -> str:
    """What started a run: 'Automatic', 'Sync Now' (or 'Retry', 'Import' for those runs), 'API'…"""
    trigger, kind = str(run.trigger.value), str(run.kind.value)
    if trigger == "manual":
        return _PRESSED.get(kind, _TRIGGERS["manual"])
    return _TRIGGERS.get(trigger, trigger)


def _run_badge(status: Any) -> Markup:
    value = getattr(status, "value", status)
    css = _RUN_BADGES.get(value, "badge-idle")
    return Markup('<span class="badge {}">{}</span>').format(css, _RUN_WORDS.get(value, value))


def build_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
    templates.env.filters.update(
        when=_when,
        money=_money,
        duration=_duration,
        label=_label,
        moved=_moved,
        run_badge=_run_badge,
        run_kind=_run_kind,
        run_trigger=_run_trigger,
    )
    return templates


def csrf_token(request: Request) -> str:
    """This session's CSRF token, created on first use."""
    token = request.session.get(SESSION_CSRF)
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(32)
        request.session[SESSION_CSRF] = token
    return token


async def verify_csrf(request: Request) -> None:
    """Every dashboard POST carries the session's token in a hidden `csrf_token` field."""
    form = await request.form()
    sent = form.get("csrf_token")
    expected = request.session.get(SESSION_CSRF)
    if not isinstance(sent, str) or not isinstance(expected, str) or not hmac.compare_digest(sent, expected):
        raise CsrfRejected()


def flash(request: Request, message: str, level: str = "success") -> None:
    """A message shown once, on the next page rendered."""
    request.session.setdefault(SESSION_FLASH, []).append([level, message])


def ledger(request: Request) -> Ledger:
    return request.app.state.container.ledger()  # type: ignore[no-any-return]


def dashboard_sessions(request: Request) -> DashboardSessions:
    return request.app.state.container.dashboard_sessions()  # type: ignore[no-any-return]


def signed_in_company(
    request: Request,
    ledger: Ledger = Depends(ledger),
    sessions: DashboardSessions = Depends(dashboard_sessions),
) -> Company:
    token = request.session.get(SESSION_TOKEN)
    company_id = sessions.company_for(token) if isinstance(token, str) else None
    if company_id is None:  # never signed in, signed out (here or anywhere), or expired
        request.session.pop(SESSION_TOKEN, None)
        raise SignInRequired()
    try:
        return ledger.get_company(company_id)
    except NotFound:  # the company is gone: treat the session as signed out
        request.session.pop(SESSION_TOKEN, None)
        raise SignInRequired() from None


def render(
    request: Request, template: str, context: dict[str, Any] | None = None, *, status_code: int = 200
) -> Response:
    templates: Jinja2Templates = request.app.state.templates
    values = {
        "csrf_token": csrf_token(request),
        "flashes": request.session.pop(SESSION_FLASH, []),
        "nav": template.split(".")[0],
        **(context or {}),
    }
    return templates.TemplateResponse(request, template, values, status_code=status_code)


_TITLES = {400: "Bad request", 403: "Not allowed", 404: "Not found", 409: "Conflict", 422: "Not accepted"}


def error_page(request: Request, status: int, message: str) -> Response:
    return render(
        request,
        "error.html",
        {"title": _TITLES.get(status, "Something went wrong"), "message": message, "status": status},
        status_code=status,
    )
