"""Credit notes and discounted, taxed invoices through the use cases, on memory adapters."""

from __future__ import annotations

from decimal import Decimal

import pytest

from adapters.memory import FixedClock, InMemoryStore
from application.credit_notes import CreditNotes
from application.errors import Conflict, InvalidInput, NotFound
from application.ledger import AdjustmentInput, ApplicationInput, Ledger, LineInput
from application.ports import CreditNoteFilter
from domain.credit_note import CreditNoteStatus
from domain.money import Money


@pytest.fixture
def store() -> InMemoryStore:
    return InMemoryStore()


@pytest.fixture
def ledger(store: InMemoryStore) -> Ledger:
    return Ledger(store, FixedClock())


@pytest.fixture
def credit_notes(store: InMemoryStore) -> CreditNotes:
    return CreditNotes(store, FixedClock())


def usd(amount: str) -> Money:
    return Money.of(amount, "usd")


def setup(ledger: Ledger) -> tuple[int, int]:
    company = ledger.create_company("Acme Corp").company
    assert company.id is not None
    customer = ledger.create_customer(company.id, "Globex")
    assert customer.id is not None
    return company.id, customer.id


def test_a_discounted_taxed_invoice_partly_credited_and_partly_paid(
    ledger: Ledger, credit_notes: CreditNotes
) -> None:
    company_id, customer_id = setup(ledger)
    invoice = ledger.create_invoice(
        company_id,
        customer_id,
        [LineInput("Seats", Decimal("10"), Decimal("12.50"), taxes=(AdjustmentInput(Decimal("10.31")),))],
        discounts=[AdjustmentInput(Decimal("12.50"), "LAUNCH")],
    )
    assert invoice.id is not None and invoice.total == usd("122.81")
    note = credit_notes.create(
        company_id, customer_id, [LineInput("Two seats back", Decimal("1"), Decimal("25"))]
    )
    assert note.id is not None and note.number == "CN-00001"

    ledger.record_payment(
        company_id,
        applied_to=[
            ApplicationInput(invoice.id, Decimal("25"), credit_note_id=note.id),
            ApplicationInput(invoice.id, Decimal("50")),
        ],
        amount=Decimal("50"),
    )

    after = ledger.get_invoice(company_id, invoice.id)
    assert (after.paid, after.credited, after.balance) == (usd("50"), usd("25"), usd("47.81"))
    assert credit_notes.get(company_id, note.id).status is CreditNoteStatus.PAID


def test_voiding_the_applying_payment_gives_the_credit_back(
    ledger: Ledger, credit_notes: CreditNotes
) -> None:
    company_id, customer_id = setup(ledger)
    invoice = ledger.create_invoice(
        company_id, customer_id, [LineInput("Seats", Decimal("1"), Decimal("80"))]
    )
    note = credit_notes.create(company_id, customer_id, [LineInput("Refund", Decimal("1"), Decimal("30"))])
    assert invoice.id is not None and note.id is not None
    applying = ledger.record_payment(
        company_id, applied_to=[ApplicationInput(invoice.id, Decimal("30"), credit_note_id=note.id)]
    )
    assert applying.amount == Decimal("0") and applying.id is not None

    with pytest.raises(InvalidInput, match="credit notes applied"):
        ledger.void_invoice(company_id, invoice.id)
    ledger.void_payment(company_id, applying.id)

    assert ledger.get_invoice(company_id, invoice.id).balance == usd("80")
    assert credit_notes.get(company_id, note.id).balance == usd("30")
    assert credit_notes.void(company_id, note.id).status is CreditNoteStatus.VOIDED


def test_an_unknown_credit_note_or_one_overspent_is_refused_and_nothing_changes(
    ledger: Ledger, credit_notes: CreditNotes
) -> None:
    company_id, customer_id = setup(ledger)
    invoice = ledger.create_invoice(
        company_id, customer_id, [LineInput("Seats", Decimal("1"), Decimal("80"))]
    )
    note = credit_notes.create(company_id, customer_id, [LineInput("Refund", Decimal("1"), Decimal("30"))])
    assert invoice.id is not None and note.id is not None

    with pytest.raises(NotFound, match="No credit note with id 999"):
        ledger.record_payment(company_id, applied_to=[ApplicationInput(invoice.id, Decimal("5"), 999)])
    with pytest.raises(InvalidInput, match="more than is left of it"):
        ledger.record_payment(company_id, applied_to=[ApplicationInput(invoice.id, Decimal("31"), note.id)])

    assert ledger.get_invoice(company_id, invoice.id).balance == usd("80")
    assert credit_notes.get(company_id, note.id).balance == usd("30")


def test_credit_notes_are_numbered_listed_filtered_and_edited(
    ledger: Ledger, credit_notes: CreditNotes
) -> None:
    company_id, customer_id = setup(ledger)
    lines = [LineInput("Refund", Decimal("1"), Decimal("30"))]
    first = credit_notes.create(
        company_id, customer_id, lines, taxes=[AdjustmentInput(Decimal("2.48"), "CA")]
    )
    credit_notes.create(company_id, customer_id, lines, draft=True)
    assert first.id is not None

    with pytest.raises(Conflict, match="CN-00001 has already been taken"):
        credit_notes.create(company_id, customer_id, lines, number="CN-00001")
    edited = credit_notes.update(company_id, first.id, discounts=[AdjustmentInput(Decimal("2.48"))])

    assert edited.total == usd("30") and edited.version == 2
    assert credit_notes.list(company_id).total == 2
    assert [n.number for n in credit_notes.list(company_id, CreditNoteFilter(draft=True)).items] == [
        "CN-00002"
    ]
