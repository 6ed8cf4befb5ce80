"""Credit notes, discounts, taxes and credit applications round-trip alike on every backend."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from application.errors import Conflict
from application.ports import CreditNoteFilter, UnitOfWorkFactory
from domain.adjustments import Discount, Tax
from domain.credit_note import CreditNote
from domain.integration import IntegrationSettings
from domain.payment import PaymentApplication
from tests.integration.persistence import builders as make
from tests.integration.persistence.builders import NOW


def _credit_note(
    company_id: int, customer_id: int, number: str = "CN-0001", **overrides: object
) -> CreditNote:
    fields: dict[str, object] = {
        "company_id": company_id,
        "customer_id": customer_id,
        "number": number,
        "currency": "usd",
        "date": date(2024, 5, 2),
        "items": [
            make.line(
                "Returned seats",
                "3",
                "19.99",
                netsuite_item_id="202",
                discounts=(Discount(Decimal("1.97"), coupon="LOYAL"),),
                taxes=(Tax(Decimal("4.50"), tax_rate="CA 8.25%"),),
            )
        ],
        "discounts": [Discount(Decimal("5.00"))],
        "taxes": [Tax(Decimal("0.01"))],
        "created_at": NOW,
        "updated_at": NOW,
        "notes": "Seats returned in May",
    }
    fields.update(overrides)
    return CreditNote(**fields)  # type: ignore[arg-type]


def _setup(uow_factory: UnitOfWorkFactory) -> tuple[int, int]:
    with uow_factory() as uow:
        company = uow.companies.add(make.company())
        assert company.id is not None
        customer = uow.customers.add(make.customer(company.id))
        assert customer.id is not None
        uow.commit()
    return company.id, customer.id


def test_a_credit_note_round_trips_with_its_lines_discounts_and_taxes(uow_factory: UnitOfWorkFactory) -> None:
    company_id, customer_id = _setup(uow_factory)
    with uow_factory() as uow:
        stored = uow.credit_notes.add(_credit_note(company_id, customer_id))
        uow.commit()
    assert stored.id is not None

    with uow_factory() as uow:
        loaded = uow.credit_notes.get(company_id, stored.id)

    assert loaded == stored
    assert loaded is not None and str(loaded.total) == "57.51 USD"
    assert loaded.items[0].discounts[0].coupon == "LOYAL"


def test_credit_note_numbers_are_unique_per_company_and_listed_by_filter(
    uow_factory: UnitOfWorkFactory,
) -> None:
    company_id, customer_id = _setup(uow_factory)
    with uow_factory() as uow:
        uow.credit_notes.add(_credit_note(company_id, customer_id))
        uow.credit_notes.add(_credit_note(company_id, customer_id, "CN-0002", voided=True))
        uow.commit()

    with uow_factory() as uow, pytest.raises(Conflict, match="CN-0001 has already been taken"):
        uow.credit_notes.add(_credit_note(company_id, customer_id))
    with uow_factory() as uow:
        assert [n.number for n in uow.credit_notes.list(company_id, CreditNoteFilter(voided=False))] == [
            "CN-0001"
        ]
        assert uow.credit_notes.count(company_id) == 2
        assert uow.credit_notes.by_number(company_id, "CN-0002") is not None
        assert uow.credit_notes.list(company_id + 1000) == []


def test_invoice_discounts_taxes_and_credits_and_credit_applications_round_trip(
    uow_factory: UnitOfWorkFactory,
) -> None:
    company_id, customer_id = _setup(uow_factory)
    with uow_factory() as uow:
        note = uow.credit_notes.add(_credit_note(company_id, customer_id))
        invoice = uow.invoices.add(
            make.invoice(
                company_id,
                customer_id,
                items=[make.line(taxes=(Tax(Decimal("24.79")),))],
                discounts=[Discount(Decimal("30.05"), coupon="SPRING")],
                amount_credited=Decimal("12.34"),
            )
        )
        assert note.id is not None and invoice.id is not None
        applying = uow.payments.add(
            make.payment(
                company_id,
                customer_id,
                amount=Decimal("0"),
                applied_to=[PaymentApplication(invoice.id, Decimal("12.34"), credit_note_id=note.id)],
            )
        )
        uow.payments.add(make.payment(company_id, customer_id, {invoice.id: "5"}))
        uow.commit()

    with uow_factory() as uow:
        loaded = uow.invoices.get(company_id, invoice.id)
        assert loaded is not None
        assert (str(loaded.total), str(loaded.balance)) == ("295.24 USD", "282.90 USD")
        assert loaded.discounts == [Discount(Decimal("30.05"), coupon="SPRING")]
        assert uow.payments.applying_credit_notes(company_id, [note.id]) == [applying]
        assert uow.payments.applying_credit_notes(company_id, [note.id + 999]) == []


def test_the_credit_note_settings_are_kept(uow_factory: UnitOfWorkFactory) -> None:
    company_id, _ = _setup(uow_factory)
    settings = IntegrationSettings(write_credit_notes=False, discount_item_id="203", tax_item_id="204")
    with uow_factory() as uow:
        uow.connections.save(replace(make.connection(company_id), settings=settings))
        uow.commit()

    with uow_factory() as uow:
        connection = uow.connections.get(company_id)

    assert connection is not None and connection.settings == settings
