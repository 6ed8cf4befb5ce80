"""`/invoices`: create with `items[]`, list with filters, retrieve, update (`draft: false` issues), void."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Request

from application.ledger import AdjustmentInput, Ledger, LineInput
from application.ports import InvoiceFilter
from domain.records import Origin
from entrypoints.http.api import presenters
from entrypoints.http.api.deps import PageParams, company_id, container, ledger, page_params, page_response
from entrypoints.http.api.encoding import ApiResponse, DecimalJsonRoute
from entrypoints.http.api.schemas import (
    DiscountIn,
    InvoiceCreate,
    InvoiceOut,
    InvoiceUpdate,
    LineItemIn,
    TaxIn,
)

router = APIRouter(prefix="/invoices", tags=["Invoices"], route_class=DecimalJsonRoute)


def lines_in(items: list[LineItemIn]) -> list[LineInput]:
    return [
        LineInput(
            name=i.name,
            quantity=i.quantity,
            unit_cost=i.unit_cost,
            description=i.description,
            discounts=tuple(discounts_in(i.discounts)),
            taxes=tuple(taxes_in(i.taxes)),
        )
        for i in items
    ]


def discounts_in(given: list[DiscountIn]) -> list[AdjustmentInput]:
    return [AdjustmentInput(d.amount, d.coupon) for d in given]


def taxes_in(given: list[TaxIn]) -> list[AdjustmentInput]:
    return [AdjustmentInput(t.amount, t.tax_rate) for t in given]


def _present(request: Request, invoice: Any) -> dict[str, Any]:
    return presenters.invoice(invoice, container(request).clock().today())


@router.post("", status_code=201, response_model=InvoiceOut, summary="Create an invoice")
def create_invoice(
    request: Request,
    payload: InvoiceCreate,
    company: int = Depends(company_id),
    ledger: Ledger = Depends(ledger),
) -> ApiResponse:
    created = ledger.create_invoice(
        company,
        payload.customer,
        lines_in(payload.items),
        number=payload.number,
        currency=payload.currency,
        date=presenters.date_from(payload.date, "date"),
        due_date=presenters.date_from(payload.due_date, "due_date"),
        draft=payload.draft,
        payment_terms=payload.payment_terms,
        notes=payload.notes,
        discounts=discounts_in(payload.discounts),
        taxes=taxes_in(payload.taxes),
    )
    return ApiResponse(_present(request, created), status_code=201)


@router.get("", response_model=list[InvoiceOut], summary="List invoices")
def list_invoices(
    request: Request,
    customer: int | None = Query(None, description="Only this customer's invoices."),
    draft: bool | None = Query(None),
    voided: bool | None = Query(None),
    origin: Literal["invoiced", "netsuite"] | None = Query(
        None, description="Where the invoice was created."
    ),
    updated_after: int | None = Query(None, description="unix seconds"),
    paging: PageParams = Depends(page_params),
    company: int = Depends(company_id),
    ledger: Ledger = Depends(ledger),
) -> ApiResponse:
    where = InvoiceFilter(
        customer_id=customer,
        draft=draft,
        voided=voided,
        origin=Origin(origin) if origin else None,
        updated_after=presenters.datetime_from(updated_after, "updated_after"),
    )
    page = ledger.list_invoices(company, where, offset=paging.offset, limit=paging.per_page)
    return page_response(request, [_present(request, i) for i in page.items], page.total, paging)


@router.get("/{invoice_id}", response_model=InvoiceOut, summary="Retrieve an invoice")
def retrieve_invoice(
    request: Request, invoice_id: int, company: int = Depends(company_id), ledger: Ledger = Depends(ledger)
) -> ApiResponse:
    return ApiResponse(_present(request, ledger.get_invoice(company, invoice_id)))


@router.patch("/{invoice_id}", response_model=InvoiceOut, summary="Update an invoice")
def update_invoice(
    request: Request,
    invoice_id: int,
    payload: InvoiceUpdate,
    company: int = Depends(company_id),
    ledger: Ledger = Depends(ledger),
) -> ApiResponse:
    updated = ledger.update_invoice(
        company,
        invoice_id,
        items=lines_in(payload.items) if payload.items is not None else None,
        date=presenters.date_from(payload.date, "date"),
        due_date=presenters.date_from(payload.due_date, "due_date"),
        customer_id=payload.customer,
        number=payload.number,
        draft=payload.draft,
        payment_terms=payload.payment_terms,
        notes=payload.notes,
        discounts=discounts_in(payload.discounts) if payload.discounts is not None else None,
        taxes=taxes_in(payload.taxes) if payload.taxes is not None else None,
    )
    return ApiResponse(_present(request, updated))


@router.post("/{invoice_id}/void", response_model=InvoiceOut, summary="Void an invoice")
def void_invoice(
    request: Request, invoice_id: int, company: int = Depends(company_id), ledger: Ledger = Depends(ledger)
) -> ApiResponse:
    return ApiResponse(_present(request, ledger.void_invoice(company, invoice_id)))
