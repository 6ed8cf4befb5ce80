"""Settings › Accounting Sync: NetSuite's status, Sync Now, the next scheduled sync, Recent Syncs with
each run's details, and Sync Errors with Retry and Ignore."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse
from starlette.datastructures import URL
from starlette.responses import Response

from application.errors import ApplicationError, NotConnected
from application.integration import AccountingSync, NetSuiteConnections, SyncErrors, SyncHistory
from domain.company import Company
from domain.sync import SyncErrorStatus, SyncKind, SyncRun, SyncStatus, SyncTrigger
from entrypoints.http.api.deps import accounting_sync, connections, sync_errors, sync_history
from entrypoints.http.dashboard.pages import flash, render, signed_in_company, verify_csrf

router = APIRouter()
CSRF = [Depends(verify_csrf)]
SYNC_PAGE = "/dashboard/settings/accounting_sync"


ErrorFilter = Literal["open", "ignored", "resolved"]


def all_clear(counts: dict[SyncErrorStatus, int], last_sync: SyncRun | None) -> bool:
    """Whether a screen may say every record that should be in NetSuite got there: the last sync
    succeeded and no error is open or ignored (an ignored record is still missing from NetSuite)."""
    return (
        last_sync is not None
        and last_sync.status is SyncStatus.SUCCEEDED
        and counts[SyncErrorStatus.OPEN] == 0
        and counts[SyncErrorStatus.IGNORED] == 0
    )


def _empty_errors(shown: ErrorFilter, counts: dict[SyncErrorStatus, int], last_sync: SyncRun | None) -> str:
    """What the Sync Errors list says when the chosen filter has nothing in it."""
    if shown == "ignored":
        return "No ignored sync errors."
    if shown == "resolved":
        return "No resolved sync errors yet."
    ignored = counts[SyncErrorStatus.IGNORED]
    if ignored:
        records, them = ("record is", "it") if ignored == 1 else ("records are", "them")
        return (
            f"No open sync errors. {ignored} ignored {records} still not in NetSuite: every sync skips "
            f"{them} until you retry or un-ignore {them} (see Ignored)."
        )
    if last_sync is None:
        return "No sync errors yet: nothing has been synced."
    if all_clear(counts, last_sync):
        return "No sync errors. Every record that should be in NetSuite got there by the last sync."
    return "No open sync errors."


def _empty_run_errors(run: SyncRun) -> str:
    """What a run's own Sync Errors list says when it has none."""
    if run.status is SyncStatus.FAILED:
        return (
            "This run stopped before it reached any record, so no record has an error of its own: "
            "the reason is above."
        )
    if run.status is SyncStatus.PARTIAL:
        return (
            "The records this run could not sync were tried again by a later run: their errors are "
            "listed under Settings › Accounting Sync › Sync Errors."
        )
    if not run.status.finished:
        return "No sync errors so far."
    return "This run left no sync errors."


def _back(target: str, **query: str) -> str:
    """Where a button's form returns to: a page of the dashboard (never elsewhere), with `query` added."""
    url = URL(target if target.startswith("/dashboard/") else SYNC_PAGE)
    return str(url.include_query_params(**query)) if query else str(url)


RETRY_WAIT = dt.timedelta(seconds=60)


def retry_pending(request: Request, history: SyncHistory, company_id: int) -> bool:
    """Whether the page should refresh itself to show a retry's outcome: a Retry was pressed (the page
    carries `retried_at`) less than a minute ago and no retry run has finished since."""
    raw = request.query_params.get("retried_at")
    try:
        since = dt.datetime.fromtimestamp(float(raw or ""), dt.UTC)
    except ValueError:
        return False
    now: dt.datetime = request.app.state.container.clock().now()
    if now - since > RETRY_WAIT:
        return False
    retries = history.recent_runs(company_id, kind=SyncKind.RECORD_RETRY, limit=5).runs
    return not any(run.finished_at is not None and run.finished_at >= since for run in retries)


@router.get("/settings/accounting_sync")
def accounting_sync_page(
    request: Request,
    company: Company = Depends(signed_in_company),
    connections: NetSuiteConnections = Depends(connections),
    history: SyncHistory = Depends(sync_history),
    errors: SyncErrors = Depends(sync_errors),
    shown: ErrorFilter = Query("open", alias="errors"),
) -> Response:
    assert company.id is not None
    try:
        connection = connections.connection(company.id)
    except NotConnected:
        connection = None
    # Every kind of run (syncs, imports, retries), each labelled with its kind.
    recent = history.recent_runs(company.id, limit=20)
    running = next((run for run in recent.runs if not run.status.finished), None)
    sync_running = any(
        run.kind is SyncKind.ACCOUNTING_SYNC and not run.status.finished for run in recent.runs
    )
    health = history.connection_health(company.id)
    last_finished = health.last_sync
    counts = errors.counts(company.id)
    return render(
        request,
        "accounting_sync.html",
        {
            "company": company,
            "settings_nav": "accounting_sync",
            "connection": connection,
            "recent": recent,
            "running": running,
            "sync_running": sync_running,
            "last_finished": last_finished,
            "health": health,
            "sync_errors": errors.list(company.id, status=SyncErrorStatus(shown), limit=100),
            "error_counts": {status.value: n for status, n in counts.items()},
            "errors_shown": shown,
            "empty_errors": _empty_errors(shown, counts, last_finished),
            "certificate_warning": connection.certificate_warning(dt.datetime.now(dt.UTC).date())
            if connection
            else None,
            # While a sync (or an import, or a retry) runs the page refreshes itself, so its result shows
            # up without a click.
            "refresh_seconds": 3
            if running is not None or retry_pending(request, history, company.id)
            else None,
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
            "empty_errors": _empty_run_errors(details.run),
            "refresh_seconds": (
                3 if not details.run.status.finished or retry_pending(request, history, company.id) else None
            ),
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
    pressed_at: dt.datetime = request.app.state.container.clock().now()
    error = errors.request_retry(company.id, error_id)
    flash(request, f"Retrying {error.record_label}. It disappears from Sync Errors once it syncs.", "info")
    # The page it returns to refreshes itself until the retry has run, to show how it went.
    return RedirectResponse(_back(back, retried_at=f"{pressed_at.timestamp():.3f}"), status_code=303)


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
    flash(
        request,
        f"Ignored {error.record_label}: it is not in NetSuite, and future syncs skip it until you retry "
        "or un-ignore it (Sync Errors › Ignored).",
    )
    return RedirectResponse(_back(back), status_code=303)


@router.post("/sync_errors/{error_id}/unignore", dependencies=CSRF)
def unignore_error(
    request: Request,
    error_id: int,
    back: str = Form(SYNC_PAGE),
    company: Company = Depends(signed_in_company),
    errors: SyncErrors = Depends(sync_errors),
) -> Response:
    assert company.id is not None
    error = errors.unignore(company.id, error_id)
    flash(request, f"{error.record_label} is an open sync error again: the next sync tries it.")
    return RedirectResponse(_back(back), status_code=303)
