"""`/payments`: record with `applied_to[]`, list (filters, metadata, sort, expand), retrieve, update
what describes it, `DELETE` = void."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Path, Query, Request

from application.ledger import ApplicationInput, Ledger
from application.ports import PAYMENT_SORT_FIELDS, PaymentFilter
from domain.payment import Payment
from entrypoints.http.api import presenters
from entrypoints.http.api.deps import PageParams, company_id, ledger, page_params, page_response
from entrypoints.http.api.encoding import ApiResponse, DecimalJsonRoute
from entrypoints.http.api.errors import ApiError
from entrypoints.http.api.listing import (
    expand_query,
    expands_customer,
    metadata_filter,
    refuse_unknown_filters,
    sort_order,
    sort_query,
)
from entrypoints.http.api.schemas import MAX_ID, ApplicationIn, PaymentCreate, PaymentOut, PaymentUpdate

router = APIRouter(prefix="/payments", tags=["Payments"], route_class=DecimalJsonRoute)

PaymentId = Path(ge=1, le=MAX_ID, description="The payment's id.")
FILTERS = ("customer", "method", "source", "currency", "voided")


def _present(ledger: Ledger, payment: Payment, expand: bool = False) -> dict[str, Any]:
    customer = ledger.get_customer(payment.company_id, payment.customer_id) if expand else None
    return presenters.payment(payment, customer)


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
        source=payload.source,
        metadata=payload.metadata,
    )
    return ApiResponse(presenters.payment(recorded), status_code=201)


@router.get("", response_model=list[PaymentOut], summary="List payments")
def list_payments(
    request: Request,
    customer: int | None = Query(None, alias="filter[customer]", ge=1, le=MAX_ID),
    method: str | None = Query(None, alias="filter[method]"),
    source: str | None = Query(None, alias="filter[source]"),
    currency: str | None = Query(None, alias="filter[currency]"),
    voided: bool | None = Query(None, alias="filter[voided]"),
    invoice: int | None = Query(None, ge=1, le=MAX_ID, description="Only payments applied to this invoice."),
    updated_after: int | None = Query(None, description="unix seconds"),
    start_date: int | None = Query(None, description="Payments dated on or after (unix seconds)."),
    end_date: int | None = Query(None, description="Payments dated on or before (unix seconds)."),
    sort: str | None = sort_query(PAYMENT_SORT_FIELDS),
    expand: str | None = expand_query(),
    paging: PageParams = Depends(page_params),
    company: int = Depends(company_id),
    ledger: Ledger = Depends(ledger),
) -> ApiResponse:
    refuse_unknown_filters(request, FILTERS)
    where = PaymentFilter(
        customer_id=customer,
        invoice_id=invoice,
        method=method,
        source=source,
        currency=currency.lower() if currency else None,
        voided=voided,
        updated_after=presenters.datetime_from(updated_after, "updated_after"),
        date_from=presenters.date_from(start_date, "start_date"),
        date_to=presenters.date_from(end_date, "end_date"),
        metadata=metadata_filter(request),
        sort=sort_order(sort, PAYMENT_SORT_FIELDS),
    )
    wants_customer = expands_customer(expand)
    page = ledger.list_payments(company, where, offset=paging.offset, limit=paging.per_page)
    customers = (
        {c.id: c for c in ledger.customers_by_ids(company, {p.customer_id for p in page.items})}
        if wants_customer
        else {}
    )
    items = [presenters.payment(p, customers.get(p.customer_id)) for p in page.items]
    return page_response(request, items, page.total, paging)


@router.get("/{payment_id}", response_model=PaymentOut, summary="Retrieve a payment")
def retrieve_payment(
    payment_id: int = PaymentId,
    expand: str | None = expand_query(),
    company: int = Depends(company_id),
    ledger: Ledger = Depends(ledger),
) -> ApiResponse:
    return ApiResponse(_present(ledger, ledger.get_payment(company, payment_id), expands_customer(expand)))


@router.patch(
    "/{payment_id}",
    response_model=PaymentOut,
    summary="Update a payment",
    description="Changes its method, reference, notes or metadata (null clears reference, notes and "
    "metadata). To change the amount or what it pays, void it (DELETE) and record it again.",
)
def update_payment(
    payload: PaymentUpdate,
    payment_id: int = PaymentId,
    company: int = Depends(company_id),
    ledger: Ledger = Depends(ledger),
) -> ApiResponse:
    given = payload.model_dump(exclude_unset=True)
    updated = ledger.amend_payment(
        company,
        payment_id,
        method=payload.method,
        reference=payload.reference,
        notes=payload.notes,
        metadata=payload.metadata,
        clear=[name for name, value in given.items() if value is None],
    )
    return ApiResponse(presenters.payment(updated))


@router.delete("/{payment_id}", response_model=PaymentOut, summary="Void a payment")
def void_payment(
    payment_id: int = PaymentId, company: int = Depends(company_id), ledger: Ledger = Depends(ledger)
) -> ApiResponse:
    return ApiResponse(presenters.payment(ledger.void_payment(company, payment_id)))
