"""The repository contract: the memory, SQLite and PostgreSQL backends of the UnitOfWork port behave alike."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import text

from adapters.persistence import SqlUnitOfWorkFactory
from application.errors import Conflict, NotFound
from application.ports import CustomerFilter, InvoiceFilter, UnitOfWorkFactory, Unsynced
from domain.company import DashboardSession
from domain.customer import CustomerType
from domain.integration import IntegrationSettings
from domain.payment import PaymentApplication, PaymentMethod
from domain.pending import PendingWrite
from domain.records import Origin, RecordKind
from domain.sync import SyncErrorStatus, SyncKind, SyncStatus
from tests.integration.persistence import builders as make
from tests.integration.persistence.builders import NOW


def _company(uow_factory: UnitOfWorkFactory, name: str = "Acme Corp") -> int:
    with uow_factory() as uow:
        company = uow.companies.add(make.company(name))
        uow.commit()
    assert company.id is not None
    return company.id


def _customer(uow_factory: UnitOfWorkFactory, company_id: int, number: str = "CUST-0001") -> int:
    with uow_factory() as uow:
        customer = uow.customers.add(make.customer(company_id, number))
        uow.commit()
    assert customer.id is not None
    return customer.id


def _invoice(
    uow_factory: UnitOfWorkFactory, company_id: int, customer_id: int, number: str, **fields: object
) -> int:
    with uow_factory() as uow:
        invoice = uow.invoices.add(make.invoice(company_id, customer_id, number, **fields))
        uow.commit()
    assert invoice.id is not None
    return invoice.id


@pytest.fixture
def two_companies(uow_factory: UnitOfWorkFactory) -> tuple[int, int]:
    return _company(uow_factory, "Acme Corp"), _company(uow_factory, "Globex")


# --- the unit of work -------------------------------------------------------------------------


def test_nothing_is_kept_without_commit(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        company = uow.companies.add(make.company())
        assert company.id is not None
    with uow_factory() as uow:
        assert uow.companies.get(company.id) is None
        assert uow.companies.list() == []


def test_an_error_inside_the_block_throws_the_changes_away(uow_factory: UnitOfWorkFactory) -> None:
    with pytest.raises(RuntimeError), uow_factory() as uow:
        uow.companies.add(make.company())
        raise RuntimeError("boom")
    with uow_factory() as uow:
        assert uow.companies.list() == []


def test_rollback_discards_what_came_after_the_last_commit(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        uow.companies.add(make.company("Kept"))
        uow.commit()
        uow.companies.add(make.company("Dropped"))
        uow.rollback()
        uow.companies.add(make.company("Also kept"))
        uow.commit()
    with uow_factory() as uow:
        assert [c.name for c in uow.companies.list()] == ["Kept", "Also kept"]


def test_a_change_is_kept_only_through_update(uow_factory: UnitOfWorkFactory) -> None:
    company_id = _company(uow_factory)
    customer_id = _customer(uow_factory, company_id)
    with uow_factory() as uow:
        customer = uow.customers.get(company_id, customer_id)
        assert customer is not None
        customer.change(NOW, name="Renamed without update")
        uow.commit()
    with uow_factory() as uow:
        stored = uow.customers.get(company_id, customer_id)
        assert stored is not None and stored.name == "Customer CUST-0001"


# --- companies and API keys -------------------------------------------------------------------


def test_companies_are_added_read_listed_and_updated(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        acme = uow.companies.add(make.company("Acme Corp"))
        globex = uow.companies.add(make.company("Globex", email=None))
        uow.commit()
    assert acme.id is not None and globex.id is not None and acme.id != globex.id
    with uow_factory() as uow:
        assert uow.companies.get(acme.id) == acme
        assert [c.name for c in uow.companies.list()] == ["Acme Corp", "Globex"]
        acme.email = "finance@acme.test"
        uow.companies.update(acme)
        uow.commit()
    with uow_factory() as uow:
        stored = uow.companies.get(acme.id)
        assert stored is not None and stored.email == "finance@acme.test"
        assert uow.companies.get(acme.id + globex.id + 1000) is None


def test_an_api_key_finds_its_company_unless_revoked(uow_factory: UnitOfWorkFactory) -> None:
    acme, globex = _company(uow_factory, "Acme"), _company(uow_factory, "Globex")
    with uow_factory() as uow:
        key = uow.companies.add_api_key(make.api_key(acme, "hash-acme"))
        uow.companies.add_api_key(make.api_key(globex, "hash-globex-old", revoked=True))
        uow.commit()
    assert key.id is not None
    with uow_factory() as uow:
        found = uow.companies.company_for_key_hash("hash-acme")
        assert found is not None and found.id == acme
        assert uow.companies.company_for_key_hash("hash-globex-old") is None
        assert uow.companies.company_for_key_hash("nope") is None


def test_an_api_key_hash_is_unique(uow_factory: UnitOfWorkFactory) -> None:
    acme, globex = _company(uow_factory, "Acme"), _company(uow_factory, "Globex")
    with uow_factory() as uow:
        uow.companies.add_api_key(make.api_key(acme, "same-hash"))
        uow.commit()
    with uow_factory() as uow, pytest.raises(Conflict, match="already registered"):
        uow.companies.add_api_key(make.api_key(globex, "same-hash"))


# --- customers --------------------------------------------------------------------------------


def test_a_customer_round_trips_every_field(uow_factory: UnitOfWorkFactory) -> None:
    company_id = _company(uow_factory)
    original = make.customer(
        company_id,
        "C-42",
        type=CustomerType.PERSON,
        currency="EUR",
        payment_terms="NET 30",
        origin=Origin.NETSUITE,
        version=3,
        updated_at=NOW + timedelta(days=1),
    )
    with uow_factory() as uow:
        added = uow.customers.add(original)
        uow.commit()
    assert added is original and added.id is not None
    with uow_factory() as uow:
        assert uow.customers.get(company_id, added.id) == original
        assert uow.customers.by_number(company_id, "C-42") == original


def test_customers_are_listed_counted_and_paged_by_id(uow_factory: UnitOfWorkFactory) -> None:
    company_id = _company(uow_factory)
    ids = [_customer(uow_factory, company_id, f"C-{n}") for n in range(5)]
    with uow_factory() as uow:
        assert [c.id for c in uow.customers.list(company_id)] == ids
        assert [c.id for c in uow.customers.list(company_id, offset=1, limit=2)] == ids[1:3]
        assert [c.id for c in uow.customers.list(company_id, offset=4)] == ids[4:]
        assert uow.customers.count(company_id) == 5
        assert [c.id for c in uow.customers.by_ids(company_id, [ids[3], ids[0], 99999])] == [ids[0], ids[3]]
        assert uow.customers.by_ids(company_id, []) == []


def test_a_customer_update_is_kept(uow_factory: UnitOfWorkFactory) -> None:
    company_id = _company(uow_factory)
    customer_id = _customer(uow_factory, company_id)
    with uow_factory() as uow:
        customer = uow.customers.get(company_id, customer_id)
        assert customer is not None
        customer.change(NOW + timedelta(hours=1), name="Acme Renamed", email="new@acme.test")
        uow.customers.update(customer)
        uow.commit()
    with uow_factory() as uow:
        stored = uow.customers.get(company_id, customer_id)
        assert stored is not None
        assert (stored.name, stored.email, stored.version) == ("Acme Renamed", "new@acme.test", 2)
        assert stored.updated_at == NOW + timedelta(hours=1)


def test_a_customer_number_is_unique_within_a_company_only(
    uow_factory: UnitOfWorkFactory, two_companies: tuple[int, int]
) -> None:
    acme, globex = two_companies
    _customer(uow_factory, acme, "C-1")
    _customer(uow_factory, globex, "C-1")
    with (
        uow_factory() as uow,
        pytest.raises(Conflict, match=r"^The customer number C-1 has already been taken\.$"),
    ):
        uow.customers.add(make.customer(acme, "C-1"))
    other = _customer(uow_factory, acme, "C-2")
    with uow_factory() as uow:
        customer = uow.customers.get(acme, other)
        assert customer is not None
        customer.number = "C-1"
        with pytest.raises(Conflict, match="C-1 has already been taken"):
            uow.customers.update(customer)


def test_customers_of_another_company_are_invisible(
    uow_factory: UnitOfWorkFactory, two_companies: tuple[int, int]
) -> None:
    acme, globex = two_companies
    customer_id = _customer(uow_factory, acme, "C-1")
    with uow_factory() as uow:
        assert uow.customers.get(globex, customer_id) is None
        assert uow.customers.by_number(globex, "C-1") is None
        assert uow.customers.by_ids(globex, [customer_id]) == []
        assert uow.customers.list(globex) == []
        assert uow.customers.count(globex) == 0
        stolen = uow.customers.get(acme, customer_id)
        assert stolen is not None
        stolen.company_id = globex
        with pytest.raises(NotFound):
            uow.customers.update(stolen)


# --- invoices ---------------------------------------------------------------------------------


def test_an_invoice_round_trips_with_its_lines_exactly(uow_factory: UnitOfWorkFactory) -> None:
    company_id = _company(uow_factory)
    customer_id = _customer(uow_factory, company_id)
    original = make.invoice(
        company_id,
        customer_id,
        "INV-0001",
        items=[
            make.line("Consulting", "1.5", "1200.1234", description="May", netsuite_item_id="42"),
            make.line("Discount", "1", "-100.5"),
            make.line("Widgets", "1000", "0.0001"),
        ],
        amount_paid=Decimal("10.01"),
        payment_terms="NET 30",
        notes="Thanks",
        origin=Origin.NETSUITE,
        version=4,
        draft=False,
    )
    with uow_factory() as uow:
        uow.invoices.add(original)
        uow.commit()
    assert original.id is not None
    with uow_factory() as uow:
        stored = uow.invoices.get(company_id, original.id)
    assert stored == original
    assert stored is not None and stored.total.amount == Decimal("1699.79")  # lines rounded to cents
    assert [item.unit_cost for item in stored.items] == [
        Decimal("1200.1234"),
        Decimal("-100.5"),
        Decimal("0.0001"),
    ]


def test_times_come_back_as_the_same_instant_in_utc(uow_factory: UnitOfWorkFactory) -> None:
    company_id = _company(uow_factory)
    customer_id = _customer(uow_factory, company_id)
    paris = timezone(timedelta(hours=2))
    local = datetime(2024, 7, 1, 9, 30, 0, 654321, tzinfo=paris)
    invoice_id = _invoice(uow_factory, company_id, customer_id, "INV-1", created_at=local, updated_at=local)
    with uow_factory() as uow:
        stored = uow.invoices.get(company_id, invoice_id)
    assert stored is not None
    assert stored.created_at == local
    assert stored.date == date(2024, 5, 1) and stored.due_date == date(2024, 5, 31)


def test_sql_times_come_back_in_utc(sql_uow_factory: UnitOfWorkFactory) -> None:
    company_id = _company(sql_uow_factory)
    customer_id = _customer(sql_uow_factory, company_id)
    local = datetime(2024, 7, 1, 9, 30, 0, 654321, tzinfo=timezone(timedelta(hours=2)))
    invoice_id = _invoice(
        sql_uow_factory, company_id, customer_id, "INV-1", created_at=local, updated_at=local
    )
    with sql_uow_factory() as uow:
        stored = uow.invoices.get(company_id, invoice_id)
    assert stored is not None
    assert stored.created_at.tzinfo is UTC
    assert (stored.created_at.hour, stored.created_at.microsecond) == (7, 654321)


def test_an_invoice_update_replaces_its_lines(uow_factory: UnitOfWorkFactory) -> None:
    company_id = _company(uow_factory)
    customer_id = _customer(uow_factory, company_id)
    invoice_id = _invoice(
        uow_factory, company_id, customer_id, "INV-1", items=[make.line("A"), make.line("B"), make.line("C")]
    )
    with uow_factory() as uow:
        invoice = uow.invoices.get(company_id, invoice_id)
        assert invoice is not None
        invoice.revise(NOW + timedelta(minutes=5), items=[make.line("Only", "3", "9.99")], notes="revised")
        uow.invoices.update(invoice)
        uow.commit()
    with uow_factory() as uow:
        stored = uow.invoices.get(company_id, invoice_id)
        assert stored is not None
        assert [(i.name, i.quantity, i.unit_cost) for i in stored.items] == [("Only", 3, Decimal("9.99"))]
        assert (stored.version, stored.notes) == (2, "revised")
        stored.revise(NOW + timedelta(minutes=6), items=[make.line("X"), make.line("Y")])
        uow.invoices.update(stored)
        uow.commit()
    with uow_factory() as uow:
        again = uow.invoices.get(company_id, invoice_id)
        assert again is not None and [i.name for i in again.items] == ["X", "Y"]


def test_an_invoice_number_is_unique_within_a_company(
    uow_factory: UnitOfWorkFactory, two_companies: tuple[int, int]
) -> None:
    acme, globex = two_companies
    acme_customer, globex_customer = _customer(uow_factory, acme), _customer(uow_factory, globex)
    _invoice(uow_factory, acme, acme_customer, "INV-0001")
    _invoice(uow_factory, globex, globex_customer, "INV-0001")
    with uow_factory() as uow:
        with pytest.raises(Conflict, match=r"^The invoice number INV-0001 has already been taken\.$"):
            uow.invoices.add(make.invoice(acme, acme_customer, "INV-0001"))
        # The unit of work stays usable after a conflict: the rest of it still commits.
        uow.invoices.add(make.invoice(acme, acme_customer, "INV-0002"))
        uow.commit()
    with uow_factory() as uow:
        assert [i.number for i in uow.invoices.list(acme)] == ["INV-0001", "INV-0002"]
        second = uow.invoices.by_number(acme, "INV-0002")
        assert second is not None
        second.number = "INV-0001"
        with pytest.raises(Conflict, match="INV-0001 has already been taken"):
            uow.invoices.update(second)


def test_invoices_are_found_by_numbers_and_ids_and_filtered(uow_factory: UnitOfWorkFactory) -> None:
    company_id = _company(uow_factory)
    alice, bob = _customer(uow_factory, company_id, "ALICE"), _customer(uow_factory, company_id, "BOB")
    later = NOW + timedelta(days=2)
    a1 = _invoice(uow_factory, company_id, alice, "A-1")
    a2 = _invoice(uow_factory, company_id, alice, "A-2", draft=True, updated_at=later)
    b1 = _invoice(uow_factory, company_id, bob, "B-1", origin=Origin.NETSUITE, voided=True, updated_at=later)
    with uow_factory() as uow:
        invoices = uow.invoices
        assert invoices.by_number(company_id, "A-2") is not None
        assert invoices.by_number(company_id, "nope") is None
        assert [i.id for i in invoices.by_numbers(company_id, ["B-1", "A-1", "zz"])] == [a1, b1]
        assert [i.id for i in invoices.by_ids(company_id, {b1, a2})] == [a2, b1]
        assert invoices.by_numbers(company_id, []) == []

        def ids(where: InvoiceFilter) -> list[int | None]:
            return [i.id for i in invoices.list(company_id, where)]

        assert ids(InvoiceFilter(customer_id=alice)) == [a1, a2]
        assert ids(InvoiceFilter(origin=Origin.NETSUITE)) == [b1]
        assert ids(InvoiceFilter(origin=Origin.INVOICED, draft=False)) == [a1]
        assert ids(InvoiceFilter(voided=False)) == [a1, a2]
        assert ids(InvoiceFilter(number="B-1")) == [b1]
        assert ids(InvoiceFilter(updated_after=NOW)) == [a2, b1]
        assert ids(InvoiceFilter(updated_after=later)) == []
        assert [i.id for i in invoices.list(company_id, offset=1, limit=1)] == [a2]
        assert invoices.count(company_id) == 3
        assert invoices.count(company_id, InvoiceFilter(customer_id=bob)) == 1


def test_invoices_of_another_company_are_invisible(
    uow_factory: UnitOfWorkFactory, two_companies: tuple[int, int]
) -> None:
    acme, globex = two_companies
    invoice_id = _invoice(uow_factory, acme, _customer(uow_factory, acme), "INV-1")
    with uow_factory() as uow:
        assert uow.invoices.get(globex, invoice_id) is None
        assert uow.invoices.by_number(globex, "INV-1") is None
        assert uow.invoices.by_numbers(globex, ["INV-1"]) == []
        assert uow.invoices.by_ids(globex, [invoice_id]) == []
        assert uow.invoices.list(globex) == []
        assert uow.invoices.count(globex) == 0
        stolen = uow.invoices.get(acme, invoice_id)
        assert stolen is not None
        stolen.company_id = globex
        with pytest.raises(NotFound):
            uow.invoices.update(stolen)


# --- payments ---------------------------------------------------------------------------------


def test_a_payment_round_trips_with_its_applications(uow_factory: UnitOfWorkFactory) -> None:
    company_id = _company(uow_factory)
    customer_id = _customer(uow_factory, company_id)
    first = _invoice(uow_factory, company_id, customer_id, "INV-1")
    second = _invoice(uow_factory, company_id, customer_id, "INV-2")
    original = make.payment(
        company_id,
        customer_id,
        {second: "40.1234", first: "59.8766"},
        amount=Decimal("120.5"),
        method=PaymentMethod.CHECK,
        reference="CHK-881",
        notes="Thanks",
        origin=Origin.NETSUITE,
    )
    with uow_factory() as uow:
        uow.payments.add(original)
        uow.commit()
    assert original.id is not None
    with uow_factory() as uow:
        stored = uow.payments.get(company_id, original.id)
    assert stored == original
    assert stored is not None and stored.invoice_ids == [second, first]
    assert stored.unapplied.amount == Decimal("20.5")


def test_a_payment_update_replaces_its_applications(uow_factory: UnitOfWorkFactory) -> None:
    company_id = _company(uow_factory)
    customer_id = _customer(uow_factory, company_id)
    first = _invoice(uow_factory, company_id, customer_id, "INV-1")
    second = _invoice(uow_factory, company_id, customer_id, "INV-2")
    with uow_factory() as uow:
        payment = uow.payments.add(make.payment(company_id, customer_id, {first: "10", second: "20"}))
        uow.commit()
    assert payment.id is not None
    with uow_factory() as uow:
        stored = uow.payments.get(company_id, payment.id)
        assert stored is not None
        stored.applied_to = [PaymentApplication(second, Decimal("75"))]
        stored.voided = True
        uow.payments.update(stored)
        uow.commit()
    with uow_factory() as uow:
        again = uow.payments.get(company_id, payment.id)
        assert again is not None
        assert again.applied_to == [PaymentApplication(second, Decimal("75"))] and again.voided


def test_payments_are_listed_by_origin_invoice_and_state(
    uow_factory: UnitOfWorkFactory, two_companies: tuple[int, int]
) -> None:
    acme, globex = two_companies
    customer_id = _customer(uow_factory, acme)
    first = _invoice(uow_factory, acme, customer_id, "INV-1")
    second = _invoice(uow_factory, acme, customer_id, "INV-2")
    with uow_factory() as uow:
        p1 = uow.payments.add(make.payment(acme, customer_id, {first: "10"})).id
        p2 = uow.payments.add(
            make.payment(acme, customer_id, {first: "5", second: "5"}, origin=Origin.NETSUITE)
        ).id
        p3 = uow.payments.add(make.payment(acme, customer_id, {}, voided=True)).id
        uow.commit()
    with uow_factory() as uow:
        payments = uow.payments
        assert [p.id for p in payments.list(acme)] == [p1, p2, p3]
        assert [p.id for p in payments.list(acme, origin=Origin.INVOICED)] == [p1, p3]
        assert [p.id for p in payments.list(acme, invoice_id=first)] == [p1, p2]
        assert [p.id for p in payments.list(acme, invoice_id=second)] == [p2]
        assert [p.id for p in payments.list(acme, voided=False)] == [p1, p2]
        assert [p.id for p in payments.list(acme, offset=1, limit=1)] == [p2]
        assert [p.id for p in payments.by_ids(acme, [p3, p1])] == [p1, p3]
        assert payments.count(acme) == 3
        assert payments.list(globex) == [] and payments.count(globex) == 0
        assert p1 is not None and payments.get(globex, p1) is None
        assert payments.by_ids(globex, [p1]) == []


# --- links ------------------------------------------------------------------------------------


def test_links_are_found_by_local_and_netsuite_ids(
    uow_factory: UnitOfWorkFactory, two_companies: tuple[int, int]
) -> None:
    acme, globex = two_companies
    with uow_factory() as uow:
        invoice_link = uow.links.save(make.link(acme, 11, "9001"))
        other = uow.links.save(make.link(acme, 12, "9002"))
        customer_link = uow.links.save(make.link(acme, 11, "501", kind=RecordKind.CUSTOMER))
        uow.commit()
    assert invoice_link.id is not None and customer_link.id is not None
    with uow_factory() as uow:
        links = uow.links
        assert links.get(acme, RecordKind.INVOICE, 11) == invoice_link
        assert links.get(acme, RecordKind.CUSTOMER, 11) == customer_link
        assert links.get(acme, RecordKind.PAYMENT, 11) is None
        assert links.by_netsuite_id(acme, RecordKind.INVOICE, "9002") == other
        assert links.by_netsuite_id(acme, RecordKind.CUSTOMER, "9002") is None
        assert links.by_local_ids(acme, RecordKind.INVOICE, [11, 12, 13]) == {11: invoice_link, 12: other}
        assert links.by_netsuite_ids(acme, RecordKind.INVOICE, ["9001", "x"]) == {"9001": invoice_link}
        assert links.by_local_ids(acme, RecordKind.INVOICE, []) == {}
        assert links.list(acme, RecordKind.INVOICE) == [invoice_link, other]
        assert links.get(globex, RecordKind.INVOICE, 11) is None
        assert links.by_netsuite_id(globex, RecordKind.INVOICE, "9001") is None
        assert links.by_local_ids(globex, RecordKind.INVOICE, [11]) == {}
        assert links.by_netsuite_ids(globex, RecordKind.INVOICE, ["9001"]) == {}
        assert links.list(globex, RecordKind.INVOICE) == []
        assert (links.count(acme), links.count(globex)) == (3, 0)


def test_the_store_picks_the_records_new_or_behind_their_link(uow_factory: UnitOfWorkFactory) -> None:
    """A sync's selection is decided against the links, of the record's own kind and company."""
    company_id = _company(uow_factory)
    customer_id = _customer(uow_factory, company_id)
    new = _invoice(uow_factory, company_id, customer_id, "INV-1")
    synced = _invoice(uow_factory, company_id, customer_id, "INV-2")
    edited = _invoice(uow_factory, company_id, customer_id, "INV-3", version=3)
    early = _invoice(uow_factory, company_id, customer_id, "INV-4", date=date(2024, 1, 1))
    with uow_factory() as uow:
        for local_id in (synced, edited):
            uow.links.save(make.link(company_id, local_id, f"90{local_id}"))
        uow.links.save(make.link(company_id, new, "501", kind=RecordKind.CUSTOMER))  # another kind
        uow.commit()
    with uow_factory() as uow:

        def ids(wanted: Unsynced, **where: Any) -> list[int | None]:
            return [i.id for i in uow.invoices.list(company_id, InvoiceFilter(unsynced=wanted, **where))]

        assert ids(Unsynced.NEW_OR_CHANGED) == [new, edited, early]
        assert ids(Unsynced.NEW_OR_CHANGED, date_from=date(2024, 5, 1)) == [new, edited]
        assert ids(Unsynced.CHANGED) == [edited]
        assert [c.id for c in uow.customers.list(company_id, CustomerFilter(unsynced=Unsynced.CHANGED))] == []


def test_saving_a_link_again_records_the_synced_version(uow_factory: UnitOfWorkFactory) -> None:
    company_id = _company(uow_factory)
    with uow_factory() as uow:
        link = uow.links.save(make.link(company_id, 11, "9001"))
        uow.commit()
    link_id = link.id
    with uow_factory() as uow:
        stored = uow.links.get(company_id, RecordKind.INVOICE, 11)
        assert stored is not None
        stored.mark_synced(5, NOW + timedelta(hours=1), netsuite_id="9009")
        assert uow.links.save(stored).id == link_id
        uow.commit()
    with uow_factory() as uow:
        again = uow.links.get(company_id, RecordKind.INVOICE, 11)
        assert again is not None
        assert (again.id, again.synced_version, again.netsuite_id) == (link_id, 5, "9009")
        assert again.last_synced_at == NOW + timedelta(hours=1) and again.first_synced_at == NOW
        assert uow.links.by_netsuite_id(company_id, RecordKind.INVOICE, "9001") is None


def test_a_record_links_to_one_netsuite_twin_and_back(
    uow_factory: UnitOfWorkFactory, two_companies: tuple[int, int]
) -> None:
    acme, globex = two_companies
    with uow_factory() as uow:
        uow.links.save(make.link(acme, 11, "9001"))
        uow.links.save(make.link(globex, 11, "9001"))  # another company may use the same ids
        uow.commit()
    with uow_factory() as uow:
        with pytest.raises(Conflict, match="already linked"):
            uow.links.save(make.link(acme, 11, "9555"))
        with pytest.raises(Conflict, match="already linked"):
            uow.links.save(make.link(acme, 12, "9001"))
        uow.links.save(make.link(acme, 11, "9001", kind=RecordKind.CUSTOMER))
        uow.commit()
    with uow_factory() as uow:
        assert len(uow.links.list(acme, RecordKind.INVOICE)) == 1
        assert len(uow.links.list(acme, RecordKind.CUSTOMER)) == 1


# --- sync runs and errors ---------------------------------------------------------------------


def test_a_sync_run_is_recorded_and_updated(uow_factory: UnitOfWorkFactory) -> None:
    company_id = _company(uow_factory)
    with uow_factory() as uow:
        run = uow.sync_runs.add(make.sync_run(company_id))
        uow.commit()
    assert run.id is not None
    with uow_factory() as uow:
        stored = uow.sync_runs.get(company_id, run.id)
        assert stored == run
        assert stored is not None
        stored.start(NOW + timedelta(seconds=1))
        stored.count("invoices_written", 3)
        stored.count("payments_read")
        stored.record_error()
        stored.watermark = NOW + timedelta(seconds=2)
        stored.finish(NOW + timedelta(seconds=30))
        uow.sync_runs.update(stored)
        uow.commit()
    with uow_factory() as uow:
        again = uow.sync_runs.get(company_id, run.id)
        assert again == stored
        assert again is not None
        assert again.counts == {"invoices_written": 3, "payments_read": 1}
        assert again.status is SyncStatus.PARTIAL and again.duration_seconds == 29


def test_the_active_run_is_the_queued_or_running_one_of_its_kind(
    uow_factory: UnitOfWorkFactory, two_companies: tuple[int, int]
) -> None:
    acme, globex = two_companies
    with uow_factory() as uow:
        done = uow.sync_runs.add(make.sync_run(acme, status=SyncStatus.SUCCEEDED))
        running = uow.sync_runs.add(make.sync_run(acme, status=SyncStatus.RUNNING))
        uow.sync_runs.add(make.sync_run(acme, SyncKind.CUSTOMER_IMPORT, status=SyncStatus.FAILED))
        uow.commit()
    with uow_factory() as uow:
        assert uow.sync_runs.active(acme, SyncKind.ACCOUNTING_SYNC) == running
        assert uow.sync_runs.active(acme, SyncKind.CUSTOMER_IMPORT) is None
        assert uow.sync_runs.active(globex, SyncKind.ACCOUNTING_SYNC) is None
        assert done.id is not None and uow.sync_runs.get(globex, done.id) is None


def test_recent_runs_come_newest_first(
    uow_factory: UnitOfWorkFactory, two_companies: tuple[int, int]
) -> None:
    acme, globex = two_companies
    with uow_factory() as uow:
        ids = [
            uow.sync_runs.add(make.sync_run(acme, kind, status=status)).id
            for kind, status in (
                (SyncKind.ACCOUNTING_SYNC, SyncStatus.SUCCEEDED),
                (SyncKind.INVOICE_IMPORT, SyncStatus.QUEUED),
                (SyncKind.ACCOUNTING_SYNC, SyncStatus.QUEUED),
            )
        ]
        uow.sync_runs.add(make.sync_run(globex))
        uow.commit()
    with uow_factory() as uow:
        assert [r.id for r in uow.sync_runs.recent(acme)] == ids[::-1]
        assert [r.id for r in uow.sync_runs.recent(acme, kind=SyncKind.ACCOUNTING_SYNC)] == [ids[2], ids[0]]
        assert [r.id for r in uow.sync_runs.recent(acme, limit=1)] == [ids[2]]


def test_sync_errors_are_recorded_listed_and_found_by_record(
    uow_factory: UnitOfWorkFactory, two_companies: tuple[int, int]
) -> None:
    acme, globex = two_companies
    with uow_factory() as uow:
        run = uow.sync_runs.add(make.sync_run(acme))
        uow.commit()
    assert run.id is not None
    with uow_factory() as uow:
        first = uow.sync_errors.add(make.sync_error(acme, run.id, "7"))
        other = uow.sync_errors.add(make.sync_error(acme, None, "8", status=SyncErrorStatus.IGNORED))
        newer = uow.sync_errors.add(make.sync_error(acme, run.id, "7", message="Again"))
        uow.commit()
    assert first.id is not None
    with uow_factory() as uow:
        errors = uow.sync_errors
        assert errors.get(acme, first.id) == first
        assert errors.for_record(acme, RecordKind.INVOICE, "7") == newer
        assert errors.for_record(acme, RecordKind.CUSTOMER, "7") is None
        assert [e.id for e in errors.list(acme)] == [newer.id, other.id, first.id]
        assert [e.id for e in errors.list(acme, status=SyncErrorStatus.OPEN)] == [newer.id, first.id]
        assert [e.id for e in errors.list(acme, run_id=run.id, offset=1, limit=5)] == [first.id]
        assert errors.get(globex, first.id) is None
        assert errors.for_record(globex, RecordKind.INVOICE, "7") is None
        assert errors.list(globex) == []


def test_a_sync_error_update_is_kept(uow_factory: UnitOfWorkFactory) -> None:
    company_id = _company(uow_factory)
    with uow_factory() as uow:
        error = uow.sync_errors.add(make.sync_error(company_id, None))
        uow.commit()
    assert error.id is not None
    with uow_factory() as uow:
        stored = uow.sync_errors.get(company_id, error.id)
        assert stored is not None
        stored.recur(None, NOW + timedelta(hours=1), "Still wrong", "netsuite_rejected", None, None)
        stored.resolve(NOW + timedelta(hours=2))
        uow.sync_errors.update(stored)
        uow.commit()
    with uow_factory() as uow:
        again = uow.sync_errors.get(company_id, error.id)
        assert again == stored
        assert again is not None and again.occurrences == 2 and again.status is SyncErrorStatus.RESOLVED


# --- NetSuite connections ---------------------------------------------------------------------


def test_a_connection_round_trips_with_its_settings(
    uow_factory: UnitOfWorkFactory, two_companies: tuple[int, int]
) -> None:
    acme, globex = two_companies
    original = make.connection(
        acme,
        next_sync_in=timedelta(minutes=60),
        interval_minutes=15,
        start_date=date(2024, 1, 1),
        read_payments=False,
        fallback_item_id="77",
        deposit_account_id="12",
        subsidiary_id="1",
        concurrency_limit=10,
        external_id_prefix="acme",
    )
    original.base_url = "http://127.0.0.1:9999"
    original.watermark = NOW - timedelta(hours=1)
    with uow_factory() as uow:
        saved = uow.connections.save(original)
        uow.commit()
    assert saved.id is not None
    with uow_factory() as uow:
        stored = uow.connections.get(acme)
        assert stored == original
        assert stored is not None and stored.sealed_credentials == "sealed:abc"
        assert uow.connections.get(globex) is None


def test_saving_a_connection_again_replaces_it_and_delete_removes_it(uow_factory: UnitOfWorkFactory) -> None:
    company_id = _company(uow_factory)
    with uow_factory() as uow:
        first = uow.connections.save(make.connection(company_id))
        uow.commit()
    with uow_factory() as uow:
        replacement = make.connection(company_id, auto_sync=False)
        replacement.sealed_credentials = "sealed:new"
        assert uow.connections.save(replacement).id == first.id
        uow.commit()
    with uow_factory() as uow:
        stored = uow.connections.get(company_id)
        assert stored is not None
        assert (stored.id, stored.sealed_credentials, stored.settings.auto_sync) == (
            first.id,
            "sealed:new",
            False,
        )
        uow.connections.delete(company_id)
        uow.connections.delete(company_id)  # deleting what is not there is fine
        uow.commit()
    with uow_factory() as uow:
        assert uow.connections.get(company_id) is None


def test_claim_due_takes_due_auto_syncs_once_and_moves_them_on(uow_factory: UnitOfWorkFactory) -> None:
    companies = [_company(uow_factory, f"Company {n}") for n in range(5)]
    with uow_factory() as uow:
        uow.connections.save(make.connection(companies[0], next_sync_in=-timedelta(minutes=5)))
        uow.connections.save(make.connection(companies[1], next_sync_in=timedelta(0), interval_minutes=30))
        uow.connections.save(make.connection(companies[2], next_sync_in=timedelta(minutes=1)))
        uow.connections.save(
            make.connection(companies[3], next_sync_in=-timedelta(minutes=5), auto_sync=False)
        )
        uow.connections.save(make.connection(companies[4]))  # never scheduled
        uow.commit()
    with uow_factory() as uow:
        claimed = uow.connections.claim_due(NOW)
        uow.commit()
    assert sorted(c.company_id for c in claimed) == companies[:2]
    assert {c.company_id: c.next_sync_at for c in claimed} == {
        companies[0]: NOW + timedelta(minutes=60),
        companies[1]: NOW + timedelta(minutes=30),
    }
    with uow_factory() as uow:
        assert uow.connections.claim_due(NOW) == []
        stored = uow.connections.get(companies[1])
        assert stored is not None and stored.next_sync_at == NOW + timedelta(minutes=30)
        assert [c.company_id for c in uow.connections.claim_due(NOW + timedelta(minutes=1))] == [companies[2]]


def test_a_claim_that_is_not_committed_is_released(uow_factory: UnitOfWorkFactory) -> None:
    company_id = _company(uow_factory)
    with uow_factory() as uow:
        uow.connections.save(make.connection(company_id, next_sync_in=-timedelta(minutes=1)))
        uow.commit()
    with uow_factory() as uow:
        assert len(uow.connections.claim_due(NOW)) == 1
    with uow_factory() as uow:
        assert [c.company_id for c in uow.connections.claim_due(NOW)] == [company_id]


def test_claim_due_takes_at_most_the_limit_oldest_first(uow_factory: UnitOfWorkFactory) -> None:
    companies = [_company(uow_factory, f"Company {n}") for n in range(4)]
    with uow_factory() as uow:
        for minutes, company_id in zip([4, 1, 3, 2], companies, strict=True):
            uow.connections.save(make.connection(company_id, next_sync_in=-timedelta(minutes=minutes)))
        uow.commit()
    with uow_factory() as uow:
        first = [c.company_id for c in uow.connections.claim_due(NOW, limit=2)]
        uow.commit()
    assert first == [companies[0], companies[2]]


# --- SQL only: concurrency across sessions -----------------------------------------------------


def test_concurrent_claimers_take_each_due_connection_exactly_once(
    sql_uow_factory: UnitOfWorkFactory,
) -> None:
    companies = [_company(sql_uow_factory, f"Company {n}") for n in range(12)]
    with sql_uow_factory() as uow:
        for company_id in companies:
            uow.connections.save(make.connection(company_id, next_sync_in=-timedelta(minutes=1)))
        uow.commit()
    claims: list[list[int]] = [[], []]
    failures: list[BaseException] = []
    start = threading.Barrier(2)

    def scheduler(index: int) -> None:
        try:
            start.wait(timeout=10)
            while True:
                with sql_uow_factory() as uow:
                    taken = uow.connections.claim_due(NOW, limit=2)
                    uow.commit()
                if not taken:
                    return
                claims[index].extend(c.company_id for c in taken)
        except BaseException as error:  # surfaced by the assertion below
            failures.append(error)

    threads = [threading.Thread(target=scheduler, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    assert sorted(claims[0] + claims[1]) == companies


@pytest.mark.postgres
@pytest.mark.integration
def test_a_claim_in_progress_is_skipped_by_another_scheduler(
    postgres_uow_factory: SqlUnitOfWorkFactory,
) -> None:
    companies = [_company(postgres_uow_factory, f"Company {n}") for n in range(3)]
    with postgres_uow_factory() as uow:
        for minutes, company_id in zip([3, 2, 1], companies, strict=True):
            uow.connections.save(make.connection(company_id, next_sync_in=-timedelta(minutes=minutes)))
        uow.commit()
    with postgres_uow_factory() as first:
        held = [c.company_id for c in first.connections.claim_due(NOW, limit=2)]
        with postgres_uow_factory() as second:
            # Waiting on the held rows instead of skipping them would hang this thread: fail fast instead.
            second.session.execute(text("SET LOCAL lock_timeout = '5s'"))
            skipped_to = [c.company_id for c in second.connections.claim_due(NOW)]
            second.commit()
        first.commit()
    assert held == companies[:2]
    assert skipped_to == [companies[2]]


def test_settings_survive_validation_on_the_way_back(uow_factory: UnitOfWorkFactory) -> None:
    company_id = _company(uow_factory)
    settings = replace(IntegrationSettings(), interval_minutes=1440, concurrency_limit=50)
    with uow_factory() as uow:
        connection = make.connection(company_id)
        connection.settings = settings
        uow.connections.save(connection)
        uow.commit()
    with uow_factory() as uow:
        stored = uow.connections.get(company_id)
        assert stored is not None and stored.settings == settings


def test_a_company_remembers_the_netsuite_account_its_links_point_into(
    uow_factory: UnitOfWorkFactory,
) -> None:
    company_id = _company(uow_factory)
    with uow_factory() as uow:
        company = uow.companies.get(company_id)
        assert company is not None and company.netsuite_account_id is None
        company.netsuite_account_id = "1234567_SB1"
        uow.companies.update(company)
        uow.commit()
    with uow_factory() as uow:
        stored = uow.companies.get(company_id)
        assert stored is not None and stored.netsuite_account_id == "1234567_SB1"


# --- writes in doubt --------------------------------------------------------------------------


def test_pending_writes_are_noted_once_listed_per_kind_and_removed(
    uow_factory: UnitOfWorkFactory, two_companies: tuple[int, int]
) -> None:
    acme, globex = two_companies
    with uow_factory() as uow:
        uow.pending_writes.add([PendingWrite(acme, RecordKind.INVOICE, i, NOW) for i in (3, 1, 2)])
        uow.pending_writes.add([PendingWrite(acme, RecordKind.PAYMENT, 1, NOW)])
        uow.pending_writes.add([PendingWrite(globex, RecordKind.INVOICE, 1, NOW)])
        uow.commit()
    with uow_factory() as uow:  # noting one again keeps the first note
        uow.pending_writes.add([PendingWrite(acme, RecordKind.INVOICE, 1, NOW + timedelta(hours=1))])
        uow.pending_writes.remove(acme, RecordKind.INVOICE, [2, 99])
        uow.commit()
    with uow_factory() as uow:
        invoices = uow.pending_writes.list(acme, RecordKind.INVOICE)
        assert [(p.local_id, p.sent_at) for p in invoices] == [(1, NOW), (3, NOW)]
        assert [p.local_id for p in uow.pending_writes.list(acme, RecordKind.PAYMENT)] == [1]
        assert [p.company_id for p in uow.pending_writes.list(globex, RecordKind.INVOICE)] == [globex]


# --- dashboard sessions -------------------------------------------------------------------------


def test_dashboard_sessions_are_found_by_their_hash_removed_and_swept_when_expired(
    uow_factory: UnitOfWorkFactory, two_companies: tuple[int, int]
) -> None:
    acme, globex = two_companies
    with uow_factory() as uow:
        uow.dashboard_sessions.add(DashboardSession("a" * 64, acme, NOW, NOW + timedelta(hours=12)))
        uow.dashboard_sessions.add(DashboardSession("b" * 64, globex, NOW, NOW + timedelta(hours=1)))
        uow.dashboard_sessions.add(DashboardSession("c" * 64, acme, NOW, NOW + timedelta(hours=2)))
        uow.commit()
    with uow_factory() as uow:
        uow.dashboard_sessions.remove("c" * 64)
        swept = uow.dashboard_sessions.remove_expired(NOW + timedelta(hours=1))
        uow.commit()
    with uow_factory() as uow:
        found = uow.dashboard_sessions.get("a" * 64)
        assert found == DashboardSession("a" * 64, acme, NOW, NOW + timedelta(hours=12))
        assert uow.dashboard_sessions.get("b" * 64) is None and uow.dashboard_sessions.get("c" * 64) is None
    assert swept == 1
