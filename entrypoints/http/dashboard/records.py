"""Invoices and Customers: the lists, each record's NetSuite status, and their Import buttons."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from application.ledger import Ledger
from domain.company import Company
from entrypoints.http.dashboard.pages import ledger, render, signed_in_company

router = APIRouter()
PER_PAGE = 50


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
) -> Response:
    assert company.id is not None
    found = ledger.list_invoices(company.id, offset=(page - 1) * PER_PAGE, limit=PER_PAGE)
    customers = {c.id: c for c in ledger.list_customers(company.id).items}
    today = request.app.state.container.clock().today()
    return render(
        request,
        "invoices.html",
        {
            "company": company,
            "invoices": found.items,
            "customers": customers,
            "today": today,
            **_pages(found.total, page),
        },
    )


@router.get("/customers")
def customers(
    request: Request,
    page: int = Query(1, ge=1),
    company: Company = Depends(signed_in_company),
    ledger: Ledger = Depends(ledger),
) -> Response:
    assert company.id is not None
    found = ledger.list_customers(company.id, offset=(page - 1) * PER_PAGE, limit=PER_PAGE)
    return render(
        request,
        "customers.html",
        {"company": company, "customers": found.items, **_pages(found.total, page)},
    )
