"""`/invoices`: create with `items[]`, list (filters, metadata, sort, expand), retrieve, update (`draft:
false` issues, `closed` closes), void, pay, delete."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from application.ledger import AdjustmentInput, Ledger, LineInput
from application.ports import INVOICE_SORT_FIELDS, InvoiceFilter
from domain.address import Address
from domain.invoice import Invoice
from domain.records import Origin
from entrypoints.http.api import presenters
from entrypoints.http.api.deps import PageParams, company_id, container, ledger, page_params, page_response
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
from entrypoints.http.api.schemas import (
    MAX_ID,
    DiscountIn,
    InvoiceCreate,
    InvoiceDetails,
    InvoiceOut,
    InvoiceUpdate,
    LineItemIn,
    TaxIn,
)

router = APIRouter(prefix="/invoices", tags=["Invoices"], route_class=DecimalJsonRoute)

InvoiceId = Path(ge=1, le=MAX_ID, description="The invoice's id.")
FILTERS = ("customer", "paid", "closed", "draft", "voided", "sent", "number", "currency", "origin")


def lines_in(items: list[LineItemIn]) -> list[LineInput]:
    return [
        LineInput(
            name=i.name,
            quantity=i.quantity,
            unit_cost=i.unit_cost,
            description=i.description or "",
            id=i.id,
            type=i.type,
            catalog_item=i.catalog_item,
            discountable=i.discountable,
            taxable=i.taxable,
            metadata=i.metadata,
            discounts=tuple(discounts_in(i.discounts)),
            taxes=tuple(taxes_in(i.taxes)),
        )
        for i in items
    ]


def discounts_in(given: list[DiscountIn]) -> list[AdjustmentInput]:
    return [AdjustmentInput(d.amount, d.coupon) for d in given]


def taxes_in(given: list[TaxIn]) -> list[AdjustmentInput]:
    return [AdjustmentInput(t.amount, t.tax_rate) for t in given]


def details(payload: InvoiceCreate | InvoiceUpdate) -> dict[str, Any]:
    """The Invoiced invoice fields the request set, in the ledger's terms."""
    given = payload.model_dump(include=set(InvoiceDetails.model_fields), exclude_unset=True)
    if given.pop("attachments", None):
        raise ApiError(
            400,
            "This ledger keeps no files, so attachments cannot be added; leave attachments out.",
            param="attachments",
        )
    given.pop("calculate_taxes", None)  # accepted: no tax rates are kept, so there is nothing to calculate
    if "ship_to" in given:
        given["ship_to"] = Address(**given["ship_to"]) if given["ship_to"] else None
    return given


def _present(request: Request, invoice: Invoice, expand: bool = False) -> dict[str, Any]:
    customer = ledger(request).get_customer(invoice.company_id, invoice.customer_id) if expand else None
    return presenters.invoice(invoice, container(request).clock().today(), customer)


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
        details=details(payload),
    )
    return ApiResponse(_present(request, created), status_code=201)


@router.get(
    "",
    response_model=list[InvoiceOut],
    summary="List invoices",
    description="`filter[field]=value` matches exactly; booleans are 1/0 or true/false. The outstanding "
    "invoices of a customer: `filter[customer]=7&filter[draft]=0&filter[closed]=0`. `metadata[key]=value` "
    "matches metadata exactly (invoices without the key are left out).",
)
def list_invoices(
    request: Request,
    filter_customer: int | None = Query(None, alias="filter[customer]", ge=1, le=MAX_ID),
    paid: bool | None = Query(None, alias="filter[paid]"),
    closed: bool | None = Query(None, alias="filter[closed]", description="Closed by hand, paid, or voided."),
    filter_draft: bool | None = Query(None, alias="filter[draft]"),
    filter_voided: bool | None = Query(None, alias="filter[voided]"),
    sent: bool | None = Query(None, alias="filter[sent]"),
    number: str | None = Query(None, alias="filter[number]"),
    currency: str | None = Query(None, alias="filter[currency]"),
    filter_origin: Literal["invoiced", "netsuite"] | None = Query(None, alias="filter[origin]"),
    customer: int | None = Query(None, ge=1, le=MAX_ID, description="Same as filter[customer]."),
    draft: bool | None = Query(None, description="Same as filter[draft]."),
    voided: bool | None = Query(None, description="Same as filter[voided]."),
    origin: Literal["invoiced", "netsuite"] | None = Query(
        None, description="Where the invoice was created."
    ),
    updated_after: int | None = Query(None, description="unix seconds"),
    start_date: int | None = Query(None, description="Invoices dated on or after (unix seconds)."),
    end_date: int | None = Query(None, description="Invoices dated on or before (unix seconds)."),
    sort: str | None = sort_query(INVOICE_SORT_FIELDS),
    expand: str | None = expand_query(),
    paging: PageParams = Depends(page_params),
    company: int = Depends(company_id),
    ledger: Ledger = Depends(ledger),
) -> ApiResponse:
    refuse_unknown_filters(request, FILTERS)
    where_origin = filter_origin or origin
    where = InvoiceFilter(
        customer_id=filter_customer or customer,
        draft=filter_draft if filter_draft is not None else draft,
        voided=filter_voided if filter_voided is not None else voided,
        origin=Origin(where_origin) if where_origin else None,
        number=number,
        paid=paid,
        closed=closed,
        sent=sent,
        currency=currency.lower() if currency else None,
        updated_after=presenters.datetime_from(updated_after, "updated_after"),
        date_from=presenters.date_from(start_date, "start_date"),
        date_to=presenters.date_from(end_date, "end_date"),
        metadata=metadata_filter(request),
        sort=sort_order(sort, INVOICE_SORT_FIELDS),
    )
    wants_customer = expands_customer(expand)
    page = ledger.list_invoices(company, where, offset=paging.offset, limit=paging.per_page)
    customers = (
        {c.id: c for c in ledger.customers_by_ids(company, {i.customer_id for i in page.items})}
        if wants_customer
        else {}
    )
    today = container(request).clock().today()
    items = [presenters.invoice(i, today, customers.get(i.customer_id)) for i in page.items]
    return page_response(request, items, page.total, paging)


@router.get("/{invoice_id}", response_model=InvoiceOut, summary="Retrieve an invoice")
def retrieve_invoice(
    request: Request,
    invoice_id: int = InvoiceId,
    expand: str | None = expand_query(),
    company: int = Depends(company_id),
    ledger: Ledger = Depends(ledger),
) -> ApiResponse:
    return ApiResponse(_present(request, ledger.get_invoice(company, invoice_id), expands_customer(expand)))


@router.patch(
    "/{invoice_id}",
    response_model=InvoiceOut,
    summary="Update an invoice",
    description="`items` replaces the lines: send back the lines you retrieved (their `id` keeps them) "
    "with your changes, and new lines without an id.",
)
def update_invoice(
    request: Request,
    payload: InvoiceUpdate,
    invoice_id: int = InvoiceId,
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
        details=details(payload),
    )
    return ApiResponse(_present(request, updated))


@router.delete(
    "/{invoice_id}",
    response_model=InvoiceOut,
    status_code=200,
    summary="Delete a draft (an issued invoice is voided)",
    description="A draft is deleted (204). An issued invoice is voided instead (200 with the voided "
    "invoice), as it may already be in NetSuite and in the customer's hands; one with payments applied "
    "cannot be voided until they are (400).",
    responses={204: {"description": "The draft was deleted."}},
)
def delete_invoice(
    request: Request,
    invoice_id: int = InvoiceId,
    company: int = Depends(company_id),
    ledger: Ledger = Depends(ledger),
) -> Response:
    removed = ledger.delete_invoice(company, invoice_id)
    if removed.deleted:
        return Response(status_code=204)
    return ApiResponse(_present(request, removed.invoice))


@router.post("/{invoice_id}/void", response_model=InvoiceOut, summary="Void an invoice")
def void_invoice(
    request: Request,
    invoice_id: int = InvoiceId,
    company: int = Depends(company_id),
    ledger: Ledger = Depends(ledger),
) -> ApiResponse:
    return ApiResponse(_present(request, ledger.void_invoice(company, invoice_id)))


@router.post(
    "/{invoice_id}/pay",
    response_model=InvoiceOut,
    summary="Pay an invoice's balance",
    description="Records a payment of the whole balance (method `other`), as when the customer's payment "
    "is collected, and answers the paid invoice. This ledger charges no cards or bank accounts.",
)
def pay_invoice(
    request: Request,
    invoice_id: int = InvoiceId,
    company: int = Depends(company_id),
    ledger: Ledger = Depends(ledger),
) -> ApiResponse:
    return ApiResponse(_present(request, ledger.pay_invoice(company, invoice_id)))


@router.get(
    "/{invoice_id}/pdf",
    summary="An invoice's PDF (not produced)",
    description="Always 404: this ledger produces no PDFs; `pdf_url` is null on every invoice.",
    responses={404: {"description": "PDFs are not produced."}},
)
def invoice_pdf(
    invoice_id: int = InvoiceId, company: int = Depends(company_id), ledger: Ledger = Depends(ledger)
) -> Response:
    invoice = ledger.get_invoice(company, invoice_id)
    raise ApiError(
        404,
        f"{invoice.label} has no PDF: this ledger produces no PDFs (pdf_url is null). Render one from the "
        "invoice's JSON, or from NetSuite once it has synced.",
    )
