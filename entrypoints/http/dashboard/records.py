"""Invoices and Customers: the lists with each record's NetSuite status, and Import → NetSuite → Start
→ a pending page (refreshing itself) → the result with counts."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from application.credit_notes import CreditNotes
from application.errors import ApplicationError, NotConnected
from application.integration import NetSuiteConnections, NetSuiteImports, SyncHistory
from application.ledger import Ledger
from domain.company import Company
from domain.records import RecordKind
from domain.sync import SyncTrigger
from entrypoints.http.api.deps import connections, imports, sync_history
from entrypoints.http.api.imports import start_import
from entrypoints.http.api.presenters import IMPORT_TYPES
from entrypoints.http.dashboard.pages import (
    counted_in_order,
    flash,
    ledger,
    render,
    signed_in_company,
    verify_csrf,
)

router = APIRouter()
PER_PAGE = 50
RecordType = Literal["invoice", "customer"]
PLURAL = {"invoice": "invoices", "customer": "customers"}


def _while_running(history: SyncHistory, company_id: int) -> dict[str, object]:
    """A list whose NetSuite column a running sync or import is changing refreshes itself, and says so."""
    running = next(
        (run for run in history.recent_runs(company_id, limit=5).runs if not run.status.finished), None
    )
    return {"running": running, "refresh_seconds": 5 if running is not None else None}


def _pages(total: int, page: int) -> dict[str, int | None]:
    last = max(1, -(-total // PER_PAGE))
    return {
        "page": page,
        "last_page": last,
        "previous_page": page - 1 if page > 1 else None,
        "next_page": page + 1 if page < last else None,
        "total": total,
    }


@router.get("/invoices")
def invoices(
    request: Request,
    page: int = Query(1, ge=1),
    company: Company = Depends(signed_in_company),
    ledger: Ledger = Depends(ledger),
    history: SyncHistory = Depends(sync_history),
) -> Response:
    assert company.id is not None
    found = ledger.list_invoices(company.id, offset=(page - 1) * PER_PAGE, limit=PER_PAGE)
    customers = ledger.customers_by_ids(company.id, {i.customer_id for i in found.items})
    names = {c.id: c.name for c in customers}
    ids = [i.id for i in found.items if i.id is not None]
    return render(
        request,
        "invoices.html",
        {
            "company": company,
            "invoices": found.items,
            "customer_names": names,
            "statuses": history.record_statuses(company.id, RecordKind.INVOICE, ids),
            "today": request.app.state.container.clock().today(),
            **_while_running(history, company.id),
            **_pages(found.total, page),
        },
    )


@router.get("/credit-notes")
def credit_notes(
    request: Request,
    page: int = Query(1, ge=1),
    company: Company = Depends(signed_in_company),
    ledger: Ledger = Depends(ledger),
    history: SyncHistory = Depends(sync_history),
) -> Response:
    """Credit notes with what is applied of each and what is left, and their NetSuite status."""
    assert company.id is not None
    notes: CreditNotes = request.app.state.container.credit_notes()
    found = notes.list(company.id, offset=(page - 1) * PER_PAGE, limit=PER_PAGE)
    customers = ledger.customers_by_ids(company.id, {n.customer_id for n in found.items})
    ids = [n.id for n in found.items if n.id is not None]
    return render(
        request,
        "credit_notes.html",
        {
            "company": company,
            "credit_notes": found.items,
            "customer_names": {c.id: c.name for c in customers},
            "statuses": history.record_statuses(company.id, RecordKind.CREDIT_NOTE, ids),
            **_pages(found.total, page),
        },
    )


@router.get("/customers")
def customers(
    request: Request,
    page: int = Query(1, ge=1),
    company: Company = Depends(signed_in_company),
    ledger: Ledger = Depends(ledger),
    history: SyncHistory = Depends(sync_history),
) -> Response:
    assert company.id is not None
    found = ledger.list_customers(company.id, offset=(page - 1) * PER_PAGE, limit=PER_PAGE)
    ids = [c.id for c in found.items if c.id is not None]
    return render(
        request,
        "customers.html",
        {
            "company": company,
            "customers": found.items,
            "statuses": history.record_statuses(company.id, RecordKind.CUSTOMER, ids),
            **_while_running(history, company.id),
            **_pages(found.total, page),
        },
    )


def _import_start(
    request: Request, record_type: RecordType, company: Company, connections: NetSuiteConnections
) -> Response:
    assert company.id is not None
    try:
        connection = connections.connection(company.id)
    except NotConnected:
        connection = None
    return render(
        request,
        "import_start.html",
        {
            "company": company,
            "record_type": record_type,
            "plural": PLURAL[record_type],
            "connection": connection,
        },
    )


@router.get("/invoices/import")
def import_invoices(
    request: Request,
    company: Company = Depends(signed_in_company),
    connections: NetSuiteConnections = Depends(connections),
) -> Response:
    return _import_start(request, "invoice", company, connections)


@router.get("/customers/import")
def import_customers(
    request: Request,
    company: Company = Depends(signed_in_company),
    connections: NetSuiteConnections = Depends(connections),
) -> Response:
    return _import_start(request, "customer", company, connections)


@router.post("/imports", dependencies=[Depends(verify_csrf)])
def start(
    request: Request,
    type: RecordType = Form(...),
    company: Company = Depends(signed_in_company),
    importer: NetSuiteImports = Depends(imports),
) -> Response:
    assert company.id is not None
    try:
        run, started = start_import(importer, company.id, type, SyncTrigger.MANUAL)
    except ApplicationError as error:
        flash(request, str(error), "error")
        return RedirectResponse(f"/dashboard/{PLURAL[type]}/import", status_code=303)
    if not started:
        flash(request, f"An import of {PLURAL[type]} is already running: here is its progress.", "info")
    return RedirectResponse(f"/dashboard/imports/{run.id}", status_code=303)


@router.get("/imports/{run_id}")
def import_status(
    request: Request,
    run_id: int,
    company: Company = Depends(signed_in_company),
    history: SyncHistory = Depends(sync_history),
) -> Response:
    assert company.id is not None
    details = history.run_details(company.id, run_id)
    run = details.run
    if run.kind not in IMPORT_TYPES:
        return RedirectResponse(f"/dashboard/syncs/{run_id}", status_code=303)
    record_type = IMPORT_TYPES[run.kind]
    return render(
        request,
        "import_status.html",
        {
            "company": company,
            "run": run,
            "errors": details.errors,
            "record_type": record_type,
            "plural": PLURAL[record_type],
            "counted": counted_in_order(run.counts),
            "failed": max(run.error_count, len(details.errors)),
            # Pending: the page refreshes itself (a meta refresh, no JavaScript) until the import is done.
            "refresh_seconds": None if run.status.finished else 2,
        },
    )
