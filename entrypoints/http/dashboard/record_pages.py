"""Each invoice's, customer's and payment's own page: its fields, its NetSuite record (internal id and a
link into NetSuite's UI), when it was last synced and by which run, and its sync error with Retry and
Ignore. A payment's page can void it, after a confirmation that says what voiding does."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from application.errors import ApplicationError
from application.integration import RecordSyncDetails, SyncHistory
from application.ledger import Ledger
from application.ports import InvoiceFilter
from domain.company import Company
from domain.policies.netsuite_ui import netsuite_ui_url
from domain.records import RecordKind
from entrypoints.http.api.deps import sync_history
from entrypoints.http.dashboard.pages import flash, ledger, render, signed_in_company, verify_csrf
from entrypoints.http.dashboard.sync import retry_pending

router = APIRouter()


def _netsuite(
    request: Request, history: SyncHistory, company: Company, kind: RecordKind, local_id: int
) -> dict[str, Any]:
    assert company.id is not None
    details: RecordSyncDetails = history.record_details(company.id, kind, local_id)
    status = details.status
    link = (
        netsuite_ui_url(details.account_id, kind, status.netsuite_id)
        if details.account_id and status.netsuite_id and not status.removed_from_netsuite
        else None
    )
    return {
        "company": company,
        "netsuite": details,
        "sync": status,
        "netsuite_url": link,
        "sync_errors": [details.error] if details.error is not None else [],
        "empty_errors": "",
        "refresh_seconds": 3 if retry_pending(request, history, company.id) else None,
    }


@router.get("/invoices/{invoice_id}")
def invoice_page(
    request: Request,
    invoice_id: int,
    company: Company = Depends(signed_in_company),
    ledger: Ledger = Depends(ledger),
    history: SyncHistory = Depends(sync_history),
) -> Response:
    assert company.id is not None
    invoice = ledger.get_invoice(company.id, invoice_id)
    customer = ledger.get_customer(company.id, invoice.customer_id)
    payments = ledger.list_payments(company.id, invoice_id=invoice_id).items
    return render(
        request,
        "invoice.html",
        {
            **_netsuite(request, history, company, RecordKind.INVOICE, invoice_id),
            "invoice": invoice,
            "customer": customer,
            "payments": payments,
            "today": request.app.state.container.clock().today(),
        },
    )


@router.get("/customers/{customer_id}")
def customer_page(
    request: Request,
    customer_id: int,
    company: Company = Depends(signed_in_company),
    ledger: Ledger = Depends(ledger),
    history: SyncHistory = Depends(sync_history),
) -> Response:
    assert company.id is not None
    customer = ledger.get_customer(company.id, customer_id)
    invoices = ledger.list_invoices(company.id, InvoiceFilter(customer_id=customer_id), limit=100)
    return render(
        request,
        "customer.html",
        {
            **_netsuite(request, history, company, RecordKind.CUSTOMER, customer_id),
            "customer": customer,
            "invoices": invoices.items,
            "invoice_total": invoices.total,
            "today": request.app.state.container.clock().today(),
        },
    )


def _payment_context(
    request: Request, payment_id: int, company: Company, ledger: Ledger, history: SyncHistory
) -> dict[str, Any]:
    assert company.id is not None
    payment = ledger.get_payment(company.id, payment_id)
    invoices = {
        i.id: i
        for i in ledger.list_invoices(company.id, InvoiceFilter(customer_id=payment.customer_id)).items
    }
    return {
        **_netsuite(request, history, company, RecordKind.PAYMENT, payment_id),
        "payment": payment,
        "customer": ledger.get_customer(company.id, payment.customer_id),
        "invoices": invoices,
    }


@router.get("/payments/{payment_id}")
def payment_page(
    request: Request,
    payment_id: int,
    company: Company = Depends(signed_in_company),
    ledger: Ledger = Depends(ledger),
    history: SyncHistory = Depends(sync_history),
) -> Response:
    return render(request, "payment.html", _payment_context(request, payment_id, company, ledger, history))


@router.get("/payments/{payment_id}/void")
def confirm_void_payment(
    request: Request,
    payment_id: int,
    company: Company = Depends(signed_in_company),
    ledger: Ledger = Depends(ledger),
    history: SyncHistory = Depends(sync_history),
) -> Response:
    context = _payment_context(request, payment_id, company, ledger, history)
    return render(request, "payment_void.html", context)


@router.post("/payments/{payment_id}/void", dependencies=[Depends(verify_csrf)])
def void_payment(
    request: Request,
    payment_id: int,
    company: Company = Depends(signed_in_company),
    ledger: Ledger = Depends(ledger),
) -> Response:
    assert company.id is not None
    try:
        payment = ledger.void_payment(company.id, payment_id)
    except ApplicationError as refused:
        flash(request, str(refused), "error")
    else:
        flash(
            request,
            f"Voided {payment.label}: its amounts are back on the invoices it paid. If it was in NetSuite, "
            "the next sync removes it there.",
        )
    return RedirectResponse(f"/dashboard/payments/{payment_id}", status_code=303)
