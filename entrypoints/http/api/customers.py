"""`/customers`: create, list, retrieve, update."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from application.ledger import Ledger
from entrypoints.http.api import presenters
from entrypoints.http.api.deps import PageParams, company_id, ledger, page_params, page_response
from entrypoints.http.api.encoding import ApiResponse, DecimalJsonRoute
from entrypoints.http.api.schemas import CustomerCreate, CustomerOut, CustomerUpdate

router = APIRouter(prefix="/customers", tags=["Customers"], route_class=DecimalJsonRoute)


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
    )
    return ApiResponse(presenters.customer(created), status_code=201)


@router.get("", response_model=list[CustomerOut], summary="List customers")
def list_customers(
    request: Request,
    paging: PageParams = Depends(page_params),
    company: int = Depends(company_id),
    ledger: Ledger = Depends(ledger),
) -> ApiResponse:
    page = ledger.list_customers(company, offset=paging.offset, limit=paging.per_page)
    return page_response(request, [presenters.customer(c) for c in page.items], page.total, paging)


@router.get("/{customer_id}", response_model=CustomerOut, summary="Retrieve a customer")
def retrieve_customer(
    customer_id: int, company: int = Depends(company_id), ledger: Ledger = Depends(ledger)
) -> ApiResponse:
    return ApiResponse(presenters.customer(ledger.get_customer(company, customer_id)))


@router.patch("/{customer_id}", response_model=CustomerOut, summary="Update a customer")
def update_customer(
    customer_id: int,
    payload: CustomerUpdate,
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
    )
    return ApiResponse(presenters.customer(updated))
