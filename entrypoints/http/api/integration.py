"""The NetSuite integration: connect (credentials tried first), settings, disconnect, Sync Now, Recent
Syncs, a run's details, the Sync Errors list with retry and ignore, and the drift report with repair."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from adapters.security.certificates import certificate_expiry
from application.errors import NotConnected
from application.integration import (
    UNSET,
    AccountingSync,
    ConnectRequest,
    NetSuiteConnections,
    SettingsChange,
    SyncErrors,
    SyncHistory,
)
from application.integration.drift import DriftReports
from application.integration.drift_repairs import DriftRepairs
from domain.integration import AuthMethod
from domain.sync import SyncErrorStatus, SyncKind, SyncTrigger
from entrypoints.http.api import presenters
from entrypoints.http.api.deps import (
    PageParams,
    accounting_sync,
    company_id,
    connections,
    drift_repairs,
    drift_reports,
    page_params,
    page_response,
    sync_errors,
    sync_history,
)
from entrypoints.http.api.encoding import ApiResponse, DecimalJsonRoute
from entrypoints.http.api.errors import ApiError
from entrypoints.http.api.schemas import (
    DriftRepairOut,
    DriftReportOut,
    IntegrationOut,
    IntegrationSettingsBody,
    NetSuiteConnect,
    PathId,
    SyncErrorOut,
    SyncHistoryOut,
    SyncRunDetailsOut,
    SyncRunOut,
)

router = APIRouter(tags=["NetSuite integration"], route_class=DecimalJsonRoute)
MAX_RECENT = 100


def settings_change(body: IntegrationSettingsBody) -> SettingsChange:
    """A partial update: fields left out stay as they are; null clears the clearable ones."""
    given = body.model_fields_set

    def clearable(name: str) -> Any:
        return getattr(body, name) if name in given else UNSET

    return SettingsChange(
        auto_sync=body.auto_sync,
        interval_minutes=body.interval_minutes,
        start_date=presenters.date_from(body.start_date, "start_date") if "start_date" in given else UNSET,
        read_invoices=body.read_invoices,
        read_payments=body.read_payments,
        write_invoices=body.write_invoices,
        write_payments=body.write_payments,
        write_credit_notes=body.write_credit_notes,
        fallback_item_id=clearable("fallback_item_id"),
        discount_item_id=clearable("discount_item_id"),
        tax_item_id=clearable("tax_item_id"),
        deposit_account_id=clearable("deposit_account_id"),
        subsidiary_id=clearable("subsidiary_id"),
        concurrency_limit=body.concurrency_limit,
        external_id_prefix=body.external_id_prefix,
    )


def connect_request(company: int, payload: NetSuiteConnect) -> ConnectRequest:
    """The use case's request from either shape: `auth` with its method, or the four TBA fields."""
    auth = payload.auth
    if auth is not None and auth.method == "oauth2":
        expires_on = None
        if auth.certificate:
            expires_on = certificate_expiry(auth.certificate, auth.private_key or None)
        return ConnectRequest(
            company_id=company,
            account_id=payload.account_id,
            base_url=payload.base_url,
            auth=AuthMethod.OAUTH2,
            client_id=auth.client_id or "",
            certificate_id=auth.certificate_id or "",
            private_key=auth.private_key or "",
            certificate_expires_on=expires_on,
        )
    source: Any = auth if auth is not None else payload
    return ConnectRequest(
        company_id=company,
        account_id=payload.account_id,
        consumer_key=source.consumer_key or "",
        consumer_secret=source.consumer_secret or "",
        token_id=source.token_id or "",
        token_secret=source.token_secret or "",
        base_url=payload.base_url,
    )


def _not_connected(error: NotConnected) -> ApiError:
    return ApiError(404, f"{error} Connect it with POST /integrations/netsuite.")


@router.post(
    "/integrations/netsuite",
    status_code=201,
    response_model=IntegrationOut,
    summary="Connect NetSuite",
    description="Log in with OAuth 2.0 client credentials (`auth`: method `oauth2`, `client_id`, "
    "`certificate_id`, the certificate's `private_key` as PEM text, optionally the `certificate`) or with "
    "token-based auth (method `tba`, or the four TBA fields at the top level). The credentials are tried "
    "against NetSuite first; nothing is saved when NetSuite refuses them (400, `param` credentials, with "
    "what to check). Connecting again replaces the credentials (TBA to OAuth 2.0 too) and keeps the "
    "settings, links and history. The private key is sealed and never returned.",
)
def connect(
    payload: NetSuiteConnect,
    company: int = Depends(company_id),
    connections: NetSuiteConnections = Depends(connections),
) -> ApiResponse:
    view = connections.connect(connect_request(company, payload))
    if payload.settings is not None:
        view = connections.configure(company, settings_change(payload.settings))
    return ApiResponse(presenters.integration(view), status_code=201)


@router.get(
    "/integrations/netsuite", response_model=IntegrationOut, summary="The connection and its settings"
)
def retrieve_integration(
    company: int = Depends(company_id), connections: NetSuiteConnections = Depends(connections)
) -> ApiResponse:
    try:
        return ApiResponse(presenters.integration(connections.connection(company)))
    except NotConnected as error:
        raise _not_connected(error) from None


@router.patch("/integrations/netsuite", response_model=IntegrationOut, summary="Change the settings")
def configure(
    payload: IntegrationSettingsBody,
    company: int = Depends(company_id),
    connections: NetSuiteConnections = Depends(connections),
) -> ApiResponse:
    try:
        return ApiResponse(presenters.integration(connections.configure(company, settings_change(payload))))
    except NotConnected as error:
        raise _not_connected(error) from None


@router.delete("/integrations/netsuite", status_code=204, summary="Disconnect NetSuite")
def disconnect(
    company: int = Depends(company_id), connections: NetSuiteConnections = Depends(connections)
) -> Response:
    try:
        connections.disconnect(company)
    except NotConnected as error:
        raise _not_connected(error) from None
    return Response(status_code=204)


@router.post(
    "/integrations/netsuite/syncs",
    status_code=202,
    response_model=SyncRunOut,
    summary="Sync Now",
    description="Queues an accounting sync; while one is queued or running, answers with that one.",
)
def sync_now(
    company: int = Depends(company_id), sync: AccountingSync = Depends(accounting_sync)
) -> ApiResponse:
    return ApiResponse(presenters.sync_run(sync.request_sync(company, SyncTrigger.API)), status_code=202)


@router.get("/integrations/netsuite/syncs", response_model=SyncHistoryOut, summary="Recent Syncs")
def recent_syncs(
    limit: int = Query(20, ge=1, le=MAX_RECENT, description="How many runs, newest first."),
    company: int = Depends(company_id),
    history: SyncHistory = Depends(sync_history),
) -> ApiResponse:
    recent = history.recent_runs(company, kind=SyncKind.ACCOUNTING_SYNC, limit=limit)
    return ApiResponse(
        {
            "object": "list",
            "data": [presenters.sync_run(run) for run in recent.runs],
            "next_scheduled_sync": presenters.timestamp(recent.next_sync_at) if recent.auto_sync else None,
        }
    )


@router.get(
    "/integrations/netsuite/syncs/{sync_id}", response_model=SyncRunDetailsOut, summary="A sync's details"
)
def sync_details(
    sync_id: PathId, company: int = Depends(company_id), history: SyncHistory = Depends(sync_history)
) -> ApiResponse:
    details = history.run_details(company, sync_id)
    if details.run.kind.is_import:
        raise ApiError(404, f"Sync run {sync_id} is an import: see GET /imports/{sync_id}.")
    return ApiResponse(presenters.run_details(details))


@router.get("/sync_errors", response_model=list[SyncErrorOut], summary="Sync Errors")
def list_sync_errors(
    request: Request,
    status: SyncErrorStatus | None = Query(
        SyncErrorStatus.OPEN, description="open (default), ignored or resolved."
    ),
    paging: PageParams = Depends(page_params),
    company: int = Depends(company_id),
    errors: SyncErrors = Depends(sync_errors),
) -> ApiResponse:
    found = errors.list(company, status=status, limit=None)
    page = found[paging.offset : paging.offset + paging.per_page]
    return page_response(request, [presenters.sync_error(e) for e in page], len(found), paging)


@router.post(
    "/sync_errors/{error_id}/retry",
    status_code=202,
    response_model=SyncErrorOut,
    summary="Retry a sync error",
    description="Reopens the error and queues a retry of its record; it resolves when the record syncs.",
)
def retry_sync_error(
    error_id: PathId, company: int = Depends(company_id), errors: SyncErrors = Depends(sync_errors)
) -> ApiResponse:
    return ApiResponse(presenters.sync_error(errors.request_retry(company, error_id)), status_code=202)


@router.post(
    "/sync_errors/{error_id}/ignore",
    response_model=SyncErrorOut,
    summary="Ignore a sync error",
    description="Future syncs skip the record until the error is retried.",
)
def ignore_sync_error(
    error_id: PathId, company: int = Depends(company_id), errors: SyncErrors = Depends(sync_errors)
) -> ApiResponse:
    return ApiResponse(presenters.sync_error(errors.ignore(company, error_id)))


@router.get(
    "/integrations/netsuite/drift",
    response_model=DriftReportOut,
    summary="Drift report",
    description="Do Invoiced and NetSuite agree? Every linked invoice's total and balance and every linked "
    "payment's amount and applications, compared with NetSuite's (read in SuiteQL pages); the totals per "
    "currency on both sides first, then each difference with its likely cause and what to do.",
)
def drift_report(
    company: int = Depends(company_id), reports: DriftReports = Depends(drift_reports)
) -> ApiResponse:
    return ApiResponse(presenters.body(presenters.drift_report(reports.report(company))))


@router.post(
    "/integrations/netsuite/drift/repairs",
    response_model=DriftRepairOut,
    summary="Repair drift",
    description="Settles the differences whose cause is clear with one accounting sync run (in Recent "
    "Syncs like any other), then reports again. 409 while another sync of the company is running.",
)
def repair_drift(
    company: int = Depends(company_id), repairs: DriftRepairs = Depends(drift_repairs)
) -> ApiResponse:
    return ApiResponse(presenters.drift_repair(repairs.repair(company, SyncTrigger.API)))
