"""Credit notes on the Invoiced side: issue, edit, void, list. Applying one is a payment's
`applied_to` entry of type credit_note (Ledger.record_payment); voiding that payment gives it back."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from application.errors import Conflict, NotFound
from application.ledger import (
    DEFAULT_CURRENCY,
    AdjustmentInput,
    LineInput,
    Page,
    discounts_from,
    guard,
    line_from,
    taxes_from,
)
from application.ports import Clock, CreditNoteFilter, UnitOfWork, UnitOfWorkFactory
from domain.credit_note import CreditNote
from domain.metadata import clean_metadata
from domain.records import Origin

NUMBER_PREFIX = "CN"


class CreditNotes:
    """Use cases of credit notes. Every call runs in its own unit of work, scoped to one company."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def create(
        self,
        company_id: int,
        customer_id: int,
        items: Sequence[LineInput],
        *,
        number: str | None = None,
        currency: str | None = None,
        date: date | None = None,
        draft: bool = False,
        notes: str | None = None,
        discounts: Sequence[AdjustmentInput] = (),
        taxes: Sequence[AdjustmentInput] = (),
        metadata: Mapping[str, object] | None = None,
    ) -> CreditNote:
        with self._uow() as uow:
            customer = uow.customers.get(company_id, customer_id)
            if customer is None:
                raise NotFound(f"No customer with id {customer_id} in this company.")
            now = self._clock.now()
            note = guard(
                lambda: CreditNote(
                    company_id=company_id,
                    customer_id=customer_id,
                    number=number or _next_number(uow, company_id),
                    currency=currency or customer.currency or DEFAULT_CURRENCY,
                    date=date or self._clock.today(),
                    items=[line_from(item) for item in items],
                    discounts=discounts_from(discounts),
                    taxes=taxes_from(taxes),
                    draft=draft,
                    notes=notes,
                    origin=Origin.INVOICED,
                    created_at=now,
                    updated_at=now,
                    metadata=clean_metadata(metadata),
                ),
                param="items",
            )
            if uow.credit_notes.by_number(company_id, note.number) is not None:
                raise Conflict(
                    f"The credit note number {note.number} has already been taken.", param="number"
                )
            uow.credit_notes.add(note)
            uow.commit()
            return note

    def update(
        self,
        company_id: int,
        credit_note_id: int,
        *,
        items: Sequence[LineInput] | None = None,
        discounts: Sequence[AdjustmentInput] | None = None,
        taxes: Sequence[AdjustmentInput] | None = None,
        date: date | None = None,
        customer_id: int | None = None,
        number: str | None = None,
        draft: bool | None = None,
        closed: bool | None = None,
        notes: str | None = None,
        metadata: Mapping[str, object] | None = None,
    ) -> CreditNote:
        with self._uow() as uow:
            note = _credit_note(uow, company_id, credit_note_id)
            if customer_id is not None and uow.customers.get(company_id, customer_id) is None:
                raise NotFound(f"No customer with id {customer_id} in this company.")
            if (
                number is not None
                and number != note.number
                and uow.credit_notes.by_number(company_id, number)
            ):
                raise Conflict(f"The credit note number {number} has already been taken.", param="number")
            guard(
                lambda: note.revise(
                    self._clock.now(),
                    items=[line_from(i) for i in items] if items is not None else None,
                    discounts=discounts_from(discounts) if discounts is not None else None,
                    taxes=taxes_from(taxes) if taxes is not None else None,
                    date=date,
                    customer_id=customer_id,
                    number=number,
                    draft=draft,
                    closed=closed,
                    notes=notes,
                    metadata=metadata,
                )
            )
            uow.credit_notes.update(note)
            uow.commit()
            return note

    def void(self, company_id: int, credit_note_id: int) -> CreditNote:
        with self._uow() as uow:
            note = _credit_note(uow, company_id, credit_note_id)
            guard(lambda: note.void(self._clock.now()))
            uow.credit_notes.update(note)
            uow.commit()
            return note

    def get(self, company_id: int, credit_note_id: int) -> CreditNote:
        with self._uow() as uow:
            return _credit_note(uow, company_id, credit_note_id)

    def list(
        self,
        company_id: int,
        where: CreditNoteFilter | None = None,
        *,
        offset: int = 0,
        limit: int | None = None,
    ) -> Page[CreditNote]:
        with self._uow() as uow:
            if uow.companies.get(company_id) is None:
                raise NotFound(f"No company with id {company_id}: run `company list` to see the ids.")
            return Page(
                uow.credit_notes.list(company_id, where, offset=offset, limit=limit),
                uow.credit_notes.count(company_id, where),
            )


def _credit_note(uow: UnitOfWork, company_id: int, credit_note_id: int) -> CreditNote:
    note = uow.credit_notes.get(company_id, credit_note_id)
    if note is None:
        raise NotFound(f"No credit note with id {credit_note_id} in this company.")
    return note


def _next_number(uow: UnitOfWork, company_id: int) -> str:
    """The next free number like CN-00001."""
    candidate = uow.credit_notes.count(company_id) + 1
    while uow.credit_notes.by_number(company_id, f"{NUMBER_PREFIX}-{candidate:05d}") is not None:
        candidate += 1
    return f"{NUMBER_PREFIX}-{candidate:05d}"
