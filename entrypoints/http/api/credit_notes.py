"""`/credit_notes`: create, list with filters, retrieve, update, void. A credit note is applied to
invoices with a payment's `applied_to` entry of type credit_note (POST /payments)."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Request

from application.credit_notes import CreditNotes
from application.ports import CreditNoteFilter
from domain.credit_note import CreditNote, CreditNoteStatus
from domain.money import round_to_cents
from domain.records import Origin
from entrypoints.http.api import presenters
from entrypoints.http.api.credit_note_schemas import CreditNoteCreate, CreditNoteOut, CreditNoteUpdate
from entrypoints.http.api.deps import PageParams, company_id, credit_notes, page_params, page_response
from entrypoints.http.api.encoding import ApiResponse, DecimalJsonRoute
from entrypoints.http.api.invoices import discounts_in, lines_in, taxes_in
from entrypoints.http.api.schemas import MAX_ID, LineItemOut, PathId

router = APIRouter(prefix="/credit_notes", tags=["Credit notes"], route_class=DecimalJsonRoute)


def present(note: CreditNote) -> dict[str, Any]:
    assert note.id is not None
    return presenters.body(
        CreditNoteOut(
            id=note.id,
            customer=note.customer_id,
            number=note.number,
            currency=note.currency,
            date=presenters.timestamp(note.date) or 0,
            status=note.status.value,
            draft=note.draft,
            closed=note.closed,
            paid=note.status is CreditNoteStatus.PAID,
            voided=note.voided,
            items=[
                LineItemOut(
                    name=line.name,
                    description=line.description,
                    quantity=line.quantity,
                    unit_cost=line.unit_cost,
                    amount=round_to_cents(line.amount),
                    discounts=presenters.discounts(line.discounts),
                    taxes=presenters.taxes(line.taxes),
                )
                for line in note.items
            ],
            discounts=presenters.discounts(note.discounts),
            taxes=presenters.taxes(note.taxes),
            subtotal=round_to_cents(note.subtotal.amount),
            total=round_to_cents(note.total.amount),
            amount_applied=round_to_cents(note.amount_applied),
            balance=round_to_cents(note.balance.amount),
            notes=note.notes,
            metadata=dict(note.metadata),
            origin=note.origin.value,
            created_at=presenters.timestamp(note.created_at) or 0,
            updated_at=presenters.timestamp(note.updated_at) or 0,
        )
    )


@router.post("", status_code=201, response_model=CreditNoteOut, summary="Create a credit note")
def create_credit_note(
    payload: CreditNoteCreate,
    company: int = Depends(company_id),
    notes: CreditNotes = Depends(credit_notes),
) -> ApiResponse:
    created = notes.create(
        company,
        payload.customer,
        lines_in(payload.items),
        number=payload.number,
        currency=payload.currency,
        date=presenters.date_from(payload.date, "date"),
        draft=payload.draft,
        notes=payload.notes,
        metadata=payload.metadata,
        discounts=discounts_in(payload.discounts),
        taxes=taxes_in(payload.taxes),
    )
    return ApiResponse(present(created), status_code=201)


@router.get("", response_model=list[CreditNoteOut], summary="List credit notes")
def list_credit_notes(
    request: Request,
    customer: int | None = Query(None, ge=1, le=MAX_ID, description="Only this customer's credit notes."),
    number: str | None = Query(None),
    draft: bool | None = Query(None),
    voided: bool | None = Query(None),
    origin: Literal["invoiced", "netsuite"] | None = Query(None, description="Where it was created."),
    updated_after: int | None = Query(None, description="unix seconds"),
    paging: PageParams = Depends(page_params),
    company: int = Depends(company_id),
    notes: CreditNotes = Depends(credit_notes),
) -> ApiResponse:
    where = CreditNoteFilter(
        customer_id=customer,
        number=number,
        draft=draft,
        voided=voided,
        origin=Origin(origin) if origin else None,
        updated_after=presenters.datetime_from(updated_after, "updated_after"),
    )
    page = notes.list(company, where, offset=paging.offset, limit=paging.per_page)
    return page_response(request, [present(n) for n in page.items], page.total, paging)


@router.get("/{credit_note_id}", response_model=CreditNoteOut, summary="Retrieve a credit note")
def retrieve_credit_note(
    credit_note_id: PathId, company: int = Depends(company_id), notes: CreditNotes = Depends(credit_notes)
) -> ApiResponse:
    return ApiResponse(present(notes.get(company, credit_note_id)))


@router.patch("/{credit_note_id}", response_model=CreditNoteOut, summary="Update a credit note")
def update_credit_note(
    credit_note_id: PathId,
    payload: CreditNoteUpdate,
    company: int = Depends(company_id),
    notes: CreditNotes = Depends(credit_notes),
) -> ApiResponse:
    updated = notes.update(
        company,
        credit_note_id,
        items=lines_in(payload.items) if payload.items is not None else None,
        discounts=discounts_in(payload.discounts) if payload.discounts is not None else None,
        taxes=taxes_in(payload.taxes) if payload.taxes is not None else None,
        date=presenters.date_from(payload.date, "date"),
        customer_id=payload.customer,
        number=payload.number,
        draft=payload.draft,
        closed=payload.closed,
        notes=payload.notes,
        metadata=payload.metadata,
    )
    return ApiResponse(present(updated))


@router.post("/{credit_note_id}/void", response_model=CreditNoteOut, summary="Void a credit note")
def void_credit_note(
    credit_note_id: PathId, company: int = Depends(company_id), notes: CreditNotes = Depends(credit_notes)
) -> ApiResponse:
    return ApiResponse(present(notes.void(company, credit_note_id)))
