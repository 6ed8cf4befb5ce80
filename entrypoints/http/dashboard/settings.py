"""Settings › Company and Settings › Integrations: NetSuite's Connect form, its settings form, Disconnect."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from application.errors import (
    ApplicationError,
    InvalidInput,
    NetSuiteError,
    NotConnected,
)
from application.integration import (
    ConnectionView,
    ConnectRequest,
    NetSuiteConnections,
    SettingsChange,
    SyncHistory,
)
from application.ledger import Ledger
from domain.company import Company
from domain.netsuite import NetSuiteItem
from entrypoints.http.api.deps import connections, sync_history
from entrypoints.http.dashboard.pages import flash, ledger, render, signed_in_company, verify_csrf

router = APIRouter()
CSRF = [Depends(verify_csrf)]
CONNECT_FIELDS = ("account_id", "consumer_key", "consumer_secret", "token_id", "token_secret")


def _connection(connections: NetSuiteConnections, company: Company) -> ConnectionView | None:
    assert company.id is not None
    try:
        return connections.connection(company.id)
    except NotConnected:
        return None


def _problem(error: ApplicationError) -> tuple[dict[str, str], str | None]:
    """A use case's refusal as (errors by field, error for the whole form)."""
    if isinstance(error, InvalidInput) and error.param:
        return {error.param: str(error)}, None
    return {}, str(error)


@router.get("/settings")
def settings_home() -> Response:
    return RedirectResponse("/dashboard/settings/integrations", status_code=303)


# -- Company -----------------------------------------------------------------------------------------


@router.get("/settings/company")
def company_settings(request: Request, company: Company = Depends(signed_in_company)) -> Response:
    return render(
        request, "company_settings.html", {"company": company, "settings_nav": "company", "errors": {}}
    )


@router.post("/settings/company", dependencies=CSRF)
def save_company_settings(
    request: Request,
    name: str = Form(""),
    email: str = Form(""),
    company: Company = Depends(signed_in_company),
    ledger: Ledger = Depends(ledger),
) -> Response:
    assert company.id is not None
    try:
        ledger.update_company(company.id, name=name, email=email)
    except ApplicationError as error:
        errors, general = _problem(error)
        form = {"name": name, "email": email}
        return render(
            request,
            "company_settings.html",
            {"company": company, "settings_nav": "company", "errors": errors, "error": general, "form": form},
            status_code=422,
        )
    flash(request, "Company settings saved.")
    return RedirectResponse("/dashboard/settings/company", status_code=303)


# -- Integrations ------------------------------------------------------------------------------------


@router.get("/settings/integrations")
def integrations(
    request: Request,
    company: Company = Depends(signed_in_company),
    connections: NetSuiteConnections = Depends(connections),
    history: SyncHistory = Depends(sync_history),
) -> Response:
    assert company.id is not None
    return render(
        request,
        "integrations.html",
        {
            "company": company,
            "settings_nav": "integrations",
            "connection": _connection(connections, company),
            "health": history.connection_health(company.id),
        },
    )


def _connect_page(
    request: Request,
    company: Company,
    *,
    modifying: ConnectionView | None = None,
    shown: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    error: str | None = None,
    error_detail: str | None = None,
    status_code: int = 200,
) -> Response:
    """The Connect form, or (`modifying`) the form that changes a connection's credentials, which shows
    the saved account ID and REST domain. Only the non-secret fields are ever filled back in."""
    values = {"account_id": "", "consumer_key": "", "token_id": "", "base_url": _default_base_url(request)}
    if modifying is not None:
        values |= {"account_id": modifying.account_id, "base_url": modifying.base_url or ""}
    values |= {name: value for name, value in (shown or {}).items() if name in values}
    return render(
        request,
        "netsuite_connect.html",
        {
            "company": company,
            "settings_nav": "integrations",
            "modifying": modifying,
            "values": values,
            "errors": errors or {},
            "error": error,
            "error_detail": error_detail,
        },
        status_code=status_code,
    )


@router.get("/settings/integrations/netsuite/connect")
def connect_form(
    request: Request,
    company: Company = Depends(signed_in_company),
    connections: NetSuiteConnections = Depends(connections),
) -> Response:
    return _connect_page(request, company, modifying=_connection(connections, company))


@router.post("/settings/integrations/netsuite/connect", dependencies=CSRF)
def connect(
    request: Request,
    account_id: str = Form(""),
    consumer_key: str = Form(""),
    consumer_secret: str = Form(""),
    token_id: str = Form(""),
    token_secret: str = Form(""),
    base_url: str = Form(""),
    company: Company = Depends(signed_in_company),
    connections: NetSuiteConnections = Depends(connections),
) -> Response:
    assert company.id is not None
    given = {
        "account_id": account_id,
        "consumer_key": consumer_key,
        "consumer_secret": consumer_secret,
        "token_id": token_id,
        "token_secret": token_secret,
    }
    modifying = _connection(connections, company)
    shown = {
        "account_id": account_id,
        "consumer_key": consumer_key,
        "token_id": token_id,
        "base_url": base_url,
    }

    def again(**problem: Any) -> Response:
        return _connect_page(request, company, modifying=modifying, shown=shown, status_code=422, **problem)

    missing = {name: "Required." for name, value in given.items() if not value.strip()}
    if missing and modifying is None:
        return again(errors=missing, error="Fill in every field: all five come from your NetSuite account.")
    attempt = ConnectRequest(company_id=company.id, base_url=base_url or None, **given)
    try:
        view = (connections.modify_credentials if modifying else connections.connect)(attempt)
    except NetSuiteError as failed:
        return again(error=str(failed), error_detail=failed.detail)
    except ApplicationError as error:
        errors, general = _problem(error)
        return again(errors=errors, error=general)
    if modifying is None:
        flash(
            request,
            f"Connected to NetSuite account {view.account_id}. Review the sync settings below, and choose "
            "the fallback item for invoice lines that have no NetSuite item.",
        )
    else:
        flash(
            request, f"NetSuite accepted the new credentials for account {view.account_id}; they are saved."
        )
    target = "/dashboard/settings/integrations/netsuite"
    return RedirectResponse(target + ("?items=1" if modifying is None else ""), status_code=303)


def _default_base_url(request: Request) -> str:
    """The REST domain the Connect form suggests: empty (NetSuite's own domain for the account), or the
    in-process sandbox's when `serve --demo` runs one (`app.state.suggested_netsuite_base_url`)."""
    return getattr(request.app.state, "suggested_netsuite_base_url", None) or ""


def _settings_page(
    request: Request,
    company: Company,
    connection: ConnectionView,
    *,
    form: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    error: str | None = None,
    status_code: int = 200,
    items: list[NetSuiteItem] | None = None,
    items_problem: str | None = None,
) -> Response:
    s = connection.settings
    values = form or {
        "auto_sync": s.auto_sync,
        "interval_minutes": str(s.interval_minutes),
        "start_date": s.start_date.isoformat() if s.start_date else "",
        "read_invoices": s.read_invoices,
        "read_payments": s.read_payments,
        "write_invoices": s.write_invoices,
        "write_payments": s.write_payments,
        "fallback_item_id": s.fallback_item_id or "",
        "deposit_account_id": s.deposit_account_id or "",
        "subsidiary_id": s.subsidiary_id or "",
        "concurrency_limit": str(s.concurrency_limit),
    }
    return render(
        request,
        "netsuite_settings.html",
        {
            "company": company,
            "settings_nav": "integrations",
            "connection": connection,
            "items": items,
            "items_problem": items_problem,
            "form": values,
            "errors": errors or {},
            "error": error,
        },
        status_code=status_code,
    )


@router.get("/settings/integrations/netsuite")
def netsuite_settings(
    request: Request,
    company: Company = Depends(signed_in_company),
    connections: NetSuiteConnections = Depends(connections),
) -> Response:
    connection = _connection(connections, company)
    if connection is None:
        return RedirectResponse("/dashboard/settings/integrations/netsuite/connect", status_code=303)
    items, problem = None, None
    if request.query_params.get("items"):  # read on request (and right after connecting): one query
        assert company.id is not None
        try:
            items = connections.items(company.id)
        except NetSuiteError as failed:
            problem = f"NetSuite's items could not be read: {failed}"
    return _settings_page(request, company, connection, items=items, items_problem=problem)


def _whole_number(value: str, name: str, errors: dict[str, str]) -> int | None:
    try:
        return int(value.strip())
    except ValueError:
        errors[name] = f"Enter a whole number, not {value!r}."
        return None


def _day(value: str, errors: dict[str, str]) -> dt.date | None:
    if not value.strip():
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        errors["start_date"] = f"Enter a date like 2026-01-31, not {value!r}."
        return None


@router.post("/settings/integrations/netsuite", dependencies=CSRF)
def save_netsuite_settings(
    request: Request,
    auto_sync: bool = Form(False),
    interval_minutes: str = Form(""),
    start_date: str = Form(""),
    read_invoices: bool = Form(False),
    read_payments: bool = Form(False),
    write_invoices: bool = Form(False),
    write_payments: bool = Form(False),
    fallback_item_id: str = Form(""),
    deposit_account_id: str = Form(""),
    subsidiary_id: str = Form(""),
    concurrency_limit: str = Form(""),
    company: Company = Depends(signed_in_company),
    connections: NetSuiteConnections = Depends(connections),
) -> Response:
    assert company.id is not None
    connection = _connection(connections, company)
    if connection is None:
        return RedirectResponse("/dashboard/settings/integrations/netsuite/connect", status_code=303)
    form = {
        "auto_sync": auto_sync,
        "interval_minutes": interval_minutes,
        "start_date": start_date,
        "read_invoices": read_invoices,
        "read_payments": read_payments,
        "write_invoices": write_invoices,
        "write_payments": write_payments,
        "fallback_item_id": fallback_item_id,
        "deposit_account_id": deposit_account_id,
        "subsidiary_id": subsidiary_id,
        "concurrency_limit": concurrency_limit,
    }
    errors: dict[str, str] = {}
    interval = _whole_number(interval_minutes, "interval_minutes", errors)
    limit = _whole_number(concurrency_limit, "concurrency_limit", errors)
    day = _day(start_date, errors)
    if errors:
        return _settings_page(request, company, connection, form=form, errors=errors, status_code=422)
    change = SettingsChange(
        auto_sync=auto_sync,
        interval_minutes=interval,
        start_date=day,
        read_invoices=read_invoices,
        read_payments=read_payments,
        write_invoices=write_invoices,
        write_payments=write_payments,
        fallback_item_id=fallback_item_id,
        deposit_account_id=deposit_account_id,
        subsidiary_id=subsidiary_id,
        concurrency_limit=limit,
    )
    try:
        connections.configure(company.id, change)
    except ApplicationError as error:
        errors, general = _problem(error)
        return _settings_page(
            request, company, connection, form=form, errors=errors, error=general, status_code=422
        )
    flash(request, "NetSuite settings saved.")
    return RedirectResponse("/dashboard/settings/integrations/netsuite", status_code=303)


@router.post("/settings/integrations/netsuite/disconnect", dependencies=CSRF)
def disconnect(
    request: Request,
    company: Company = Depends(signed_in_company),
    connections: NetSuiteConnections = Depends(connections),
) -> Response:
    assert company.id is not None
    try:
        connections.disconnect(company.id)
        flash(
            request,
            "NetSuite is disconnected. Its credentials were deleted; your records and their links stay.",
        )
    except NotConnected:
        flash(request, "NetSuite was not connected.", "info")
    return RedirectResponse("/dashboard/settings/integrations", status_code=303)
