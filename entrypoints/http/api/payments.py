"""`/payments`: record with `applied_to[]`, list, retrieve, `DELETE` = void."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request

from application.ledger import ApplicationInput, Ledger
from entrypoints.http.api import presenters
from entrypoints.http.api.deps import PageParams, company_id, ledger, page_params, page_response
from entrypoints.http.api.encoding import ApiResponse, DecimalJsonRoute
from entrypoints.http.api.errors import ApiError
from entrypoints.http.api.schemas import ApplicationIn, PaymentCreate, PaymentOut

router = APIRouter(prefix="/payments", tags=["Payments"], route_class=DecimalJsonRoute)


def _application(index: int, entry: ApplicationIn) -> ApplicationInput:
    """An applied_to entry in Invoiced's shape: type invoice (cash) or credit_note (with the credit
    note it spends)."""
    if entry.type == "credit_note" and entry.credit_note is None:
        raise ApiError(
            400,
            "An applied_to entry of type credit_note needs the credit_note it applies.",
            param=f"applied_to[{index}].credit_note",
        )
    if entry.type == "invoice" and entry.credit_note is not None:
        raise ApiError(
            400,
            "An applied_to entry that names a credit_note must have type credit_note.",
            param=f"applied_to[{index}].type",
        )
    return ApplicationInput(invoice_id=entry.invoice, amount=entry.amount, credit_note_id=entry.credit_note)


@router.post("", status_code=201, response_model=PaymentOut, summary="Record a payment")
def create_payment(
    payload: PaymentCreate, company: int = Depends(company_id), ledger: Ledger = Depends(ledger)
) -> ApiResponse:
    recorded = ledger.record_payment(
        company,
        applied_to=[_application(i, a) for i, a in enumerate(payload.applied_to)],
        amount=payload.amount,
        customer_id=payload.customer,
        currency=payload.currency,
        method=payload.method,
        reference=payload.reference,
        date=presenters.date_from(payload.date, "date"),
        notes=payload.notes,
    )
    return ApiResponse(presenters.payment(recorded), status_code=201)


@router.get("", response_model=list[PaymentOut], summary="List payments")
def list_payments(
    request: Request,
    invoice: int | None = Query(None, description="Only payments applied to this invoice."),
    paging: PageParams = Depends(page_params),
    company: int = Depends(company_id),
    ledger: Ledger = Depends(ledger),
) -> ApiResponse:
    page = ledger.list_payments(company, invoice_id=invoice, offset=paging.offset, limit=paging.per_page)
    return page_response(request, [presenters.payment(p) for p in page.items], page.total, paging)


@router.get("/{payment_id}", response_model=PaymentOut, summary="Retrieve a payment")
def retrieve_payment(
    payment_id: int, company: int = Depends(company_id), ledger: Ledger = Depends(ledger)
) -> ApiResponse:
    return ApiResponse(presenters.payment(ledger.get_payment(company, payment_id)))


@router.delete("/{payment_id}", response_model=PaymentOut, summary="Void a payment")
def void_payment(
    payment_id: int, company: int = Depends(company_id), ledger: Ledger = Depends(ledger)
) -> ApiResponse:
    return ApiResponse(presenters.payment(ledger.void_payment(company, payment_id)))
