"""`/customers`: create, list (filters, metadata, sort), retrieve, update, delete, balance."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from application.ledger import Ledger
from application.ports import CUSTOMER_SORT_FIELDS, CustomerFilter
from entrypoints.http.api import presenters
from entrypoints.http.api.deps import PageParams, company_id, ledger, page_params, page_response
from entrypoints.http.api.encoding import ApiResponse, DecimalJsonRoute
from entrypoints.http.api.listing import metadata_filter, refuse_unknown_filters, sort_order, sort_query
from entrypoints.http.api.schemas import (
    MAX_ID,
    CustomerBalanceOut,
    CustomerCreate,
    CustomerDetails,
    CustomerOut,
    CustomerUpdate,
)

router = APIRouter(prefix="/customers", tags=["Customers"], route_class=DecimalJsonRoute)

CustomerId = Path(ge=1, le=MAX_ID, description="The customer's id.")
FILTERS = ("number", "name", "email", "type", "currency")


def details(payload: CustomerCreate | CustomerUpdate) -> dict[str, Any]:
    """The Invoiced customer fields the request set (an explicit null clears one)."""
    given = payload.model_dump(include=set(CustomerDetails.model_fields), exclude_unset=True)
    return given


@router.post("", status_code=201, response_model=CustomerOut, summary="Create a customer")
def create_customer(
    payload: CustomerCreate, company: int = Depends(company_id), ledger: Ledger = Depends(ledger)
) -> ApiResponse:
    created = ledger.create_customer(
        company,
        payload.name,
        number=payload.number,
        email=payload.email,
        type=payload.type,
        currency=payload.currency,
        payment_terms=payload.payment_terms,
        details=details(payload),
    )
    return ApiResponse(presenters.customer(created), status_code=201)


@router.get(
    "",
    response_model=list[CustomerOut],
    summary="List customers",
    description="`filter[field]=value` matches exactly (number, name, email, type, currency); "
    "`metadata[key]=value` matches a metadata value exactly (customers without the key are left out).",
)
def list_customers(
    request: Request,
    number: str | None = Query(None, alias="filter[number]", description="The account number."),
    name: str | None = Query(None, alias="filter[name]"),
    email: str | None = Query(None, alias="filter[email]"),
    type: str | None = Query(None, alias="filter[type]", description="company or person"),
    currency: str | None = Query(None, alias="filter[currency]"),
    updated_after: int | None = Query(None, description="unix seconds"),
    sort: str | None = sort_query(CUSTOMER_SORT_FIELDS),
    paging: PageParams = Depends(page_params),
    company: int = Depends(company_id),
    ledger: Ledger = Depends(ledger),
) -> ApiResponse:
    refuse_unknown_filters(request, FILTERS)
    where = CustomerFilter(
        number=number,
        name=name,
        email=email,
        type=type,
        currency=currency.lower() if currency else None,
        metadata=metadata_filter(request),
        updated_after=presenters.datetime_from(updated_after, "updated_after"),
        sort=sort_order(sort, CUSTOMER_SORT_FIELDS),
    )
    page = ledger.list_customers(company, where, offset=paging.offset, limit=paging.per_page)
    return page_response(request, [presenters.customer(c) for c in page.items], page.total, paging)


@router.get("/{customer_id}", response_model=CustomerOut, summary="Retrieve a customer")
def retrieve_customer(
    customer_id: int = CustomerId, company: int = Depends(company_id), ledger: Ledger = Depends(ledger)
) -> ApiResponse:
    return ApiResponse(presenters.customer(ledger.get_customer(company, customer_id)))


@router.patch("/{customer_id}", response_model=CustomerOut, summary="Update a customer")
def update_customer(
    payload: CustomerUpdate,
    customer_id: int = CustomerId,
    company: int = Depends(company_id),
    ledger: Ledger = Depends(ledger),
) -> ApiResponse:
    updated = ledger.update_customer(
        company,
        customer_id,
        name=payload.name,
        email=payload.email,
        currency=payload.currency,
        payment_terms=payload.payment_terms,
        type=payload.type,
        details=details(payload),
    )
    return ApiResponse(presenters.customer(updated))


@router.delete(
    "/{customer_id}",
    status_code=204,
    summary="Delete a customer",
    description="Only a customer without invoices or payments, and not linked to NetSuite, can be deleted "
    "(400 otherwise).",
)
def delete_customer(
    customer_id: int = CustomerId, company: int = Depends(company_id), ledger: Ledger = Depends(ledger)
) -> Response:
    ledger.delete_customer(company, customer_id)
    return Response(status_code=204)


@router.get("/{customer_id}/balance", response_model=CustomerBalanceOut, summary="A customer's balance")
def customer_balance(
    customer_id: int = CustomerId,
    currency: str | None = Query(None, description="Defaults to the customer's currency."),
    company: int = Depends(company_id),
    ledger: Ledger = Depends(ledger),
) -> ApiResponse:
    return ApiResponse(presenters.customer_balance(ledger.customer_balance(company, customer_id, currency)))
