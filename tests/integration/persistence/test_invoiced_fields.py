"""Invoiced's fields, list filters, sort orders and deletes behave alike on memory, SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

from application.ports import (
    CustomerFilter,
    InvoiceFilter,
    PaymentFilter,
    SortOrder,
    StoredRequest,
    UnitOfWorkFactory,
)
from domain.address import Address
from domain.payment import PaymentApplication, PaymentSource
from tests.integration.persistence import builders as make
from tests.integration.persistence.builders import NOW


def _company(uow_factory: UnitOfWorkFactory) -> int:
    with uow_factory() as uow:
        company = uow.companies.add(make.company())
        uow.commit()
    assert company.id is not None
    return company.id


def test_customer_invoice_and_payment_details_round_trip(uow_factory: UnitOfWorkFactory) -> None:
    company_id = _company(uow_factory)
    customer = make.customer(
        company_id,
        address=Address(address1="1 Main St", city="Austin", state="TX", postal_code="78701", country="us"),
        phone="+1 512 555 0100",
        language="EN",
        autopay=True,
        taxable=False,
        chase=False,
        credit_limit=Decimal("5000.50"),
        tax_id="12-3456789",
        metadata={"crm_id": "A-1", "tier": 2},
    )
    with uow_factory() as uow:
        uow.customers.add(customer)
        uow.commit()
    assert customer.id is not None
    invoice = make.invoice(
        company_id,
        customer.id,
        "INV-1",
        items=[
            make.line("Hours", type="hours", catalog_item="consulting", taxable=False, metadata={"k": "v"})
        ],
        name="May retainer",
        purchase_order="PO-7",
        sent=True,
        autopay=True,
        ship_to=Address(name="Warehouse", address1="2 Dock Rd", country="GB"),
        metadata={"project": "apollo"},
    )
    with uow_factory() as uow:
        uow.invoices.add(invoice)
        uow.commit()
    assert invoice.id is not None and invoice.items[0].id is not None
    payment = make.payment(
        company_id,
        customer.id,
        applied_to=[PaymentApplication(invoice.id, Decimal("10"))],
        amount=Decimal("10"),
        source=PaymentSource.CHECK_LOCKBOX,
        metadata={"batch": "7"},
    )
    with uow_factory() as uow:
        uow.payments.add(payment)
        uow.commit()
    assert payment.id is not None

    with uow_factory() as uow:
        assert uow.customers.get(company_id, customer.id) == customer
        assert uow.invoices.get(company_id, invoice.id) == invoice
        assert uow.payments.get(company_id, payment.id) == payment
    assert customer.address.country == "US" and customer.language == "en"
    assert customer.metadata == {"crm_id": "A-1", "tier": "2"}


def test_lists_filter_by_state_metadata_and_fields_and_sort(uow_factory: UnitOfWorkFactory) -> None:
    company_id = _company(uow_factory)
    with uow_factory() as uow:
        first = uow.customers.add(make.customer(company_id, "C-1", name="Zeta", metadata={"rep": "jan"}))
        second = uow.customers.add(make.customer(company_id, "C-2", name="Alpha"))
        uow.commit()
    assert first.id is not None and second.id is not None
    with uow_factory() as uow:
        uow.invoices.add(make.invoice(company_id, first.id, "A", draft=False, metadata={"p": "x"}))
        uow.invoices.add(make.invoice(company_id, first.id, "B", draft=False, amount_paid=Decimal("300.50")))
        uow.invoices.add(make.invoice(company_id, first.id, "C", draft=False, closed=True))
        uow.invoices.add(make.invoice(company_id, second.id, "D", draft=False, voided=True))
        uow.invoices.add(make.invoice(company_id, second.id, "E", draft=True))
        uow.commit()

    def numbers(where: InvoiceFilter) -> list[str]:
        with uow_factory() as uow:
            found = [i.number for i in uow.invoices.list(company_id, where)]
            assert uow.invoices.count(company_id, where) == len(found)
            return found

    assert numbers(InvoiceFilter(paid=True)) == ["B"]
    assert numbers(InvoiceFilter(paid=False)) == ["A", "C", "D", "E"]
    assert numbers(InvoiceFilter(closed=True)) == ["B", "C", "D"]
    assert numbers(InvoiceFilter(customer_id=first.id, closed=False, draft=False)) == ["A"]
    assert numbers(InvoiceFilter(metadata=(("p", "x"),))) == ["A"]
    assert numbers(InvoiceFilter(metadata=(("p", "y"),))) == []
    assert numbers(InvoiceFilter(sort=SortOrder("number", descending=True))) == ["E", "D", "C", "B", "A"]
    assert numbers(InvoiceFilter(sort=SortOrder("id", descending=True)))[0] == "E"

    with uow_factory() as uow:
        by_name = uow.customers.list(company_id, CustomerFilter(sort=SortOrder("name")))
        assert [c.number for c in by_name] == ["C-2", "C-1"]
        assert [c.id for c in uow.customers.list(company_id, CustomerFilter(number="C-2"))] == [second.id]
        assert uow.customers.count(company_id, CustomerFilter(metadata=(("rep", "jan"),))) == 1


def test_payments_filter_by_customer_source_and_metadata(uow_factory: UnitOfWorkFactory) -> None:
    company_id = _company(uow_factory)
    with uow_factory() as uow:
        customer = uow.customers.add(make.customer(company_id, "C-1"))
        other = uow.customers.add(make.customer(company_id, "C-2"))
        uow.commit()
    assert customer.id is not None and other.id is not None
    with uow_factory() as uow:
        uow.payments.add(make.payment(company_id, customer.id, metadata={"batch": "1"}))
        uow.payments.add(make.payment(company_id, other.id, source=PaymentSource.BANK_FEED))
        uow.commit()
    with uow_factory() as uow:
        assert uow.payments.count(company_id, PaymentFilter(customer_id=other.id)) == 1
        assert uow.payments.count(company_id, PaymentFilter(source="bank_feed")) == 1
        assert len(uow.payments.list(company_id, where=PaymentFilter(metadata=(("batch", "1"),)))) == 1
        newest_first = uow.payments.list(company_id, where=PaymentFilter(sort=SortOrder("id", True)))
        assert [p.customer_id for p in newest_first] == [other.id, customer.id]


def test_a_line_sent_back_with_its_id_keeps_it_and_deletes_remove_records(
    uow_factory: UnitOfWorkFactory,
) -> None:
    company_id = _company(uow_factory)
    with uow_factory() as uow:
        customer = uow.customers.add(make.customer(company_id))
        invoice = uow.invoices.add(
            make.invoice(company_id, customer.id or 0, items=[make.line("A"), make.line("B")])
        )
        uow.commit()
    assert invoice.id is not None
    first, second = invoice.items
    with uow_factory() as uow:
        stored = uow.invoices.get(company_id, invoice.id)
        assert stored is not None
        stored.revise(
            NOW + timedelta(minutes=1), items=[replace(second, quantity=Decimal(5)), make.line("New")]
        )
        uow.invoices.update(stored)
        uow.commit()
    with uow_factory() as uow:
        again = uow.invoices.get(company_id, invoice.id)
        assert again is not None
        head = again.items[0]
        assert (head.id, head.name, head.quantity) == (second.id, "B", 5)
        assert again.items[1].id not in (None, second.id)
        uow.invoices.delete(company_id, invoice.id)
        uow.customers.delete(company_id, customer.id or 0)
        uow.commit()
    with uow_factory() as uow:
        assert uow.invoices.get(company_id, invoice.id) is None
        assert uow.customers.get(company_id, customer.id or 0) is None
    assert first.id != second.id


def test_an_idempotency_key_is_claimed_once_answered_once_and_forgotten_after_a_day(
    uow_factory: UnitOfWorkFactory,
) -> None:
    company_id = _company(uow_factory)
    request = StoredRequest(company_id=company_id, key="k-1", fingerprint="f" * 64, created_at=NOW)
    with uow_factory() as uow:
        assert uow.idempotency_keys.claim(request, expired_before=NOW - timedelta(days=1)) is None
        uow.commit()
    with uow_factory() as uow:
        again = uow.idempotency_keys.claim(request, expired_before=NOW - timedelta(days=1))
        assert again is not None and again.status is None  # claimed, not answered yet
        uow.idempotency_keys.record_answer(company_id, "k-1", 201, '{"id": 7}', "application/json")
        uow.commit()
    with uow_factory() as uow:
        answered = uow.idempotency_keys.claim(request, expired_before=NOW - timedelta(days=1))
        assert answered is not None and (answered.status, answered.body) == (201, '{"id": 7}')
        later = replace(request, created_at=NOW + timedelta(days=2))
        assert uow.idempotency_keys.claim(later, expired_before=NOW + timedelta(days=1)) is None
        uow.idempotency_keys.release(company_id, "k-1")
        uow.commit()
    with uow_factory() as uow:
        assert uow.idempotency_keys.get(company_id, "k-1") is None
