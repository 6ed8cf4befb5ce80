"""Settings › Accounting Sync: NetSuite's status, Sync Now, the next scheduled sync, Recent Syncs with
each run's details, and Sync Errors with Retry and Ignore."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from application.errors import ApplicationError, NotConnected
from application.integration import AccountingSync, NetSuiteConnections, SyncErrors, SyncHistory
from domain.company import Company
from domain.sync import SyncKind, SyncTrigger
from entrypoints.http.api.deps import accounting_sync, connections, sync_errors, sync_history
from entrypoints.http.dashboard.pages import flash, render, signed_in_company, verify_csrf

router = APIRouter()
CSRF = [Depends(verify_csrf)]
SYNC_PAGE = "/dashboard/settings/accounting_sync"


def _back(target: str) -> str:
    """Where a button's form returns to: a page of the dashboard (never elsewhere)."""
    return target if target.startswith("/dashboard/") else SYNC_PAGE


@router.get("/settings/accounting_sync")
def accounting_sync_page(
    request: Request,
    company: Company = Depends(signed_in_company),
    connections: NetSuiteConnections = Depends(connections),
    history: SyncHistory = Depends(sync_history),
    errors: SyncErrors = Depends(sync_errors),
) -> Response:
    assert company.id is not None
    try:
        connection = connections.connection(company.id)
    except NotConnected:
        connection = None
    recent = history.recent_runs(company.id, kind=SyncKind.ACCOUNTING_SYNC, limit=20)
    running = next((run for run in recent.runs if not run.status.finished), None)
    last_finished = next((run for run in recent.runs if run.status.finished), None)
    return render(
        request,
        "accounting_sync.html",
        {
            "company": company,
            "settings_nav": "accounting_sync",
            "connection": connection,
            "recent": recent,
            "running": running,
            "last_finished": last_finished,
            "sync_errors": errors.list(company.id, limit=100),
            # While a sync runs the page refreshes itself, so its result shows up without a click.
            "refresh_seconds": 3 if running is not None else None,
        },
    )


@router.post("/settings/accounting_sync/sync_now", dependencies=CSRF)
def sync_now(
    request: Request,
    company: Company = Depends(signed_in_company),
    sync: AccountingSync = Depends(accounting_sync),
) -> Response:
    assert company.id is not None
    try:
        run = sync.request_sync(company.id, SyncTrigger.MANUAL)
        flash(request, f"Sync #{run.id} started. This page refreshes until it finishes.", "info")
    except ApplicationError as error:
        flash(request, str(error), "error")
    return RedirectResponse(SYNC_PAGE, status_code=303)


@router.get("/syncs/{run_id}")
def run_details(
    request: Request,
    run_id: int,
    company: Company = Depends(signed_in_company),
    history: SyncHistory = Depends(sync_history),
) -> Response:
    assert company.id is not None
    details = history.run_details(company.id, run_id)
    if details.run.kind.is_import:
        return RedirectResponse(f"/dashboard/imports/{run_id}", status_code=303)
    return render(
        request,
        "sync_run.html",
        {
            "company": company,
            "settings_nav": "accounting_sync",
            "run": details.run,
            "errors": details.errors,
            "refresh_seconds": None if details.run.status.finished else 3,
        },
    )


@router.post("/sync_errors/{error_id}/retry", dependencies=CSRF)
def retry_error(
    request: Request,
    error_id: int,
    back: str = Form(SYNC_PAGE),
    company: Company = Depends(signed_in_company),
    errors: SyncErrors = Depends(sync_errors),
) -> Response:
    assert company.id is not None
    error = errors.request_retry(company.id, error_id)
    flash(request, f"Retrying {error.record_label}. It disappears from Sync Errors once it syncs.", "info")
    return RedirectResponse(_back(back), status_code=303)


@router.post("/sync_errors/{error_id}/ignore", dependencies=CSRF)
def ignore_error(
    request: Request,
    error_id: int,
    back: str = Form(SYNC_PAGE),
    company: Company = Depends(signed_in_company),
    errors: SyncErrors = Depends(sync_errors),
) -> Response:
    assert company.id is not None
    error = errors.ignore(company.id, error_id)
    flash(request, f"Ignored {error.record_label}: future syncs skip it until you retry it.")
    return RedirectResponse(_back(back), status_code=303)
