"""Settings › Company and Settings › Integrations: NetSuite's Connect form, its settings form, Disconnect."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from adapters.security.certificates import certificate_expiry, create_certificate
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
from application.ports import SecretBox
from domain.company import Company
from domain.integration import AuthMethod
from domain.netsuite import NetSuiteItem
from entrypoints.http.api.deps import connections, secret_box, sync_history
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


PENDING_CERTIFICATE = "netsuite_pending_certificate"
METHODS = {"oauth2": AuthMethod.OAUTH2, "tba": AuthMethod.TBA}


def _pending_certificate(request: Request) -> dict[str, str] | None:
    """The certificate made here for this company and not yet used to connect: its PEM text, its expiry
    and its private key sealed with SECRET_KEY (only sealed text is ever in the session cookie)."""
    pending = request.session.get(PENDING_CERTIFICATE)
    return (
        pending
        if isinstance(pending, dict) and {"certificate", "sealed_key", "expires_on"} <= set(pending)
        else None
    )


def _method_of(method: str | None, modifying: ConnectionView | None) -> AuthMethod:
    """The method the form shows: the one asked for, else the connection's, else OAuth 2.0 (NetSuite takes
    no new token-based-auth integrations from 2027.1)."""
    if method in METHODS:
        return METHODS[method]
    return modifying.auth.method if modifying is not None else AuthMethod.OAUTH2


def _connect_page(
    request: Request,
    company: Company,
    *,
    method: AuthMethod,
    modifying: ConnectionView | None = None,
    shown: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    error: str | None = None,
    error_detail: str | None = None,
    status_code: int = 200,
) -> Response:
    """The Connect form for one login method, or (`modifying`) the form that changes a connection's
    credentials, which shows the saved account ID and REST domain. Only the non-secret fields are ever
    filled back in."""
    values = {
        "account_id": "",
        "consumer_key": "",
        "token_id": "",
        "client_id": "",
        "certificate_id": "",
        "base_url": _default_base_url(request),
    }
    if modifying is not None:
        values |= {"account_id": modifying.account_id, "base_url": modifying.base_url or ""}
        if modifying.auth.method is AuthMethod.OAUTH2 and method is AuthMethod.OAUTH2:
            values |= {
                "client_id": modifying.auth.client_id or "",
                "certificate_id": modifying.auth.certificate_id or "",
            }
    values |= {name: value for name, value in (shown or {}).items() if name in values}
    return render(
        request,
        "netsuite_connect.html",
        {
            "company": company,
            "settings_nav": "integrations",
            "modifying": modifying,
            "method": method.value,
            "same_method": modifying is not None and modifying.auth.method is method,
            "pending": _pending_certificate(request),
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
    method: str | None = None,
    company: Company = Depends(signed_in_company),
    connections: NetSuiteConnections = Depends(connections),
) -> Response:
    modifying = _connection(connections, company)
    return _connect_page(request, company, method=_method_of(method, modifying), modifying=modifying)


@router.post("/settings/integrations/netsuite/certificate", dependencies=CSRF)
def create_certificate_here(
    request: Request,
    secrets: SecretBox = Depends(secret_box),
    company: Company = Depends(signed_in_company),
) -> Response:
    """Make a key pair on the server: the private key stays sealed, the certificate is offered for
    download to be mapped in NetSuite."""
    pair = create_certificate("ec")
    request.session[PENDING_CERTIFICATE] = {
        "certificate": pair.certificate_pem,
        "sealed_key": secrets.seal(pair.private_key_pem),
        "expires_on": pair.expires_on.isoformat(),
        "company": str(company.id),
    }
    flash(
        request,
        f"Created a certificate (EC P-256, ES256) valid until {pair.expires_on}. Download it, map it in "
        "NetSuite, then enter the certificate ID NetSuite shows. Its private key stays here, encrypted.",
    )
    return RedirectResponse(
        "/dashboard/settings/integrations/netsuite/connect?method=oauth2", status_code=303
    )


@router.get("/settings/integrations/netsuite/certificate.pem")
def download_certificate(request: Request, company: Company = Depends(signed_in_company)) -> Response:
    pending = _pending_certificate(request)
    if pending is None or pending.get("company") != str(company.id):
        return RedirectResponse(
            "/dashboard/settings/integrations/netsuite/connect?method=oauth2", status_code=303
        )
    return Response(
        pending["certificate"],
        media_type="application/x-pem-file",
        headers={"Content-Disposition": 'attachment; filename="netsuite-certificate.pem"'},
    )


@router.post("/settings/integrations/netsuite/connect", dependencies=CSRF)
def connect(
    request: Request,
    auth: str = Form("tba"),
    account_id: str = Form(""),
    consumer_key: str = Form(""),
    consumer_secret: str = Form(""),
    token_id: str = Form(""),
    token_secret: str = Form(""),
    client_id: str = Form(""),
    certificate_id: str = Form(""),
    private_key: str = Form(""),
    certificate: str = Form(""),
    base_url: str = Form(""),
    company: Company = Depends(signed_in_company),
    connections: NetSuiteConnections = Depends(connections),
    secrets: SecretBox = Depends(secret_box),
) -> Response:
    assert company.id is not None
    method = METHODS.get(auth, AuthMethod.TBA)
    modifying = _connection(connections, company)
    shown = {
        "account_id": account_id,
        "consumer_key": consumer_key,
        "token_id": token_id,
        "client_id": client_id,
        "certificate_id": certificate_id,
        "base_url": base_url,
    }

    def again(**problem: Any) -> Response:
        return _connect_page(
            request, company, method=method, modifying=modifying, shown=shown, status_code=422, **problem
        )

    same_method = modifying is not None and modifying.auth.method is method
    pending = _pending_certificate(request)
    if pending is not None and pending.get("company") != str(company.id):
        pending = None
    if method is AuthMethod.OAUTH2:
        if not private_key.strip() and pending is not None:
            private_key, certificate = secrets.unseal(pending["sealed_key"]), pending["certificate"]
        given = {"account_id": account_id, "client_id": client_id, "certificate_id": certificate_id}
        needed = dict(given, private_key=private_key)
        missing = {name: "Required." for name, value in needed.items() if not value.strip()}
        if missing and not same_method:
            return again(
                errors=missing,
                error="Fill in the account ID, the client ID and the certificate ID, and paste the private "
                "key or let us create a certificate.",
            )
        try:
            expires_on = certificate_expiry(certificate, private_key or None) if certificate.strip() else None
        except InvalidInput as wrong:
            return again(errors={wrong.param or "certificate": str(wrong)})
        attempt = ConnectRequest(
            company_id=company.id,
            base_url=base_url or None,
            auth=AuthMethod.OAUTH2,
            private_key=private_key,
            certificate_expires_on=expires_on,
            **given,
        )
    else:
        tba = {
            "account_id": account_id,
            "consumer_key": consumer_key,
            "consumer_secret": consumer_secret,
            "token_id": token_id,
            "token_secret": token_secret,
        }
        missing = {name: "Required." for name, value in tba.items() if not value.strip()}
        if missing and not same_method:
            return again(
                errors=missing, error="Fill in every field: all five come from your NetSuite account."
            )
        attempt = ConnectRequest(company_id=company.id, base_url=base_url or None, **tba)
    try:
        view = (connections.modify_credentials if modifying else connections.connect)(attempt)
    except NetSuiteError as failed:
        return again(error=str(failed), error_detail=failed.detail)
    except ApplicationError as error:
        errors, general = _problem(error)
        return again(errors=errors, error=general)
    if method is AuthMethod.OAUTH2:
        request.session.pop(PENDING_CERTIFICATE, None)
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
        "write_credit_notes": s.write_credit_notes,
        "fallback_item_id": s.fallback_item_id or "",
        "discount_item_id": s.discount_item_id or "",
        "tax_item_id": s.tax_item_id or "",
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
    write_credit_notes: bool = Form(False),
    fallback_item_id: str = Form(""),
    discount_item_id: str = Form(""),
    tax_item_id: str = Form(""),
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
        "write_credit_notes": write_credit_notes,
        "fallback_item_id": fallback_item_id,
        "discount_item_id": discount_item_id,
        "tax_item_id": tax_item_id,
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
        write_credit_notes=write_credit_notes,
        fallback_item_id=fallback_item_id,
        discount_item_id=discount_item_id,
        tax_item_id=tax_item_id,
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


@router.get("/settings/integrations/netsuite/disconnect")
def confirm_disconnect(
    request: Request,
    company: Company = Depends(signed_in_company),
    connections: NetSuiteConnections = Depends(connections),
    history: SyncHistory = Depends(sync_history),
) -> Response:
    """Disconnecting asks first, and says what goes (the credentials) and what stays (links, history)."""
    connection = _connection(connections, company)
    if connection is None:
        return RedirectResponse("/dashboard/settings/integrations", status_code=303)
    assert company.id is not None
    return render(
        request,
        "netsuite_disconnect.html",
        {
            "company": company,
            "settings_nav": "integrations",
            "connection": connection,
            "links": history.linked_count(company.id),
        },
    )


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
